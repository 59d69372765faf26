//! ualign: exact, certified solutions of small test-time-scaling alignment instances.
//!
//! The modules mirror `docs/THEORY.md`: [`number`] (exact rationals), [`instance`] (§1),
//! [`game`] (§2–§4), [`nlhf`] (§5), [`lp`] and [`koutput`] (§6),
//! [`equilibrium`] (§4 and §7), [`certificate`] and [`verify`] (§8),
//! [`families`] (generators), [`report`] (output) and [`cli`] (the `ualign` command).

#![allow(clippy::needless_range_loop)] // index loops mirror the formulas (Σ_y over responses)

pub mod api;
pub mod certificate;
#[cfg(feature = "cli")]
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
pub mod tightness;
/// The independent certificate checker: the crate `ualign-check`, re-exported (`ualign verify`
/// and `certify` call it; it shares no code with the solver modules).
pub use ualign_check as verify;
