//! ualign: exact, certified solutions of small test-time-scaling alignment instances.
//!
//! The modules mirror `THEORY.md`: [`number`] (exact rationals), [`instance`] (section 1),
//! [`game`] (sections 2 to 4), [`nlhf`] (section 5), [`lp`] and [`koutput`] (section 6),
//! [`equilibrium`] (sections 4 and 7), [`certificate`] and [`verify`] (section 8),
//! [`families`] (generators), [`report`] (output) and [`cli`] (the `ualign` command).

pub mod cli;
pub mod equilibrium;
pub mod game;
pub mod instance;
pub mod number;
pub mod report;
