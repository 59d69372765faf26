//! ualign: exact, certified solutions of small test-time-scaling alignment instances.
//!
//! The modules mirror `THEORY.md`: [`number`] (exact rationals), [`instance`] (section 1),
//! [`game`] (sections 2 to 4), [`nlhf`] (section 5), [`lp`] and [`koutput`] (section 6),
//! [`equilibrium`] (sections 4 and 7), [`certificate`] and [`verify`] (section 8),
//! [`families`] (generators), [`report`] (output) and [`cli`] (the `ualign` command).

#![allow(clippy::needless_range_loop)] // index loops mirror the formulas (Σ_y over responses)

pub mod certificate;
pub mod cli;
pub mod equilibrium;
pub mod families;
pub mod game;
pub mod instance;
pub mod koutput;
pub mod lp;
pub mod nlhf;
pub mod number;
pub mod report;
pub mod rlhf;
pub mod scaling;
pub mod sweep;
pub mod verify;
