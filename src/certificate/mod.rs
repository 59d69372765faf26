//! Certificates on the solver side (docs/THEORY.md §8): the builders in [`build`] turn solver
//! results into claims, [`certify`] runs the solvers and writes a certificate that the checker
//! accepts. The format itself (the serde types below) is defined once, by the checker crate
//! `ualign-check` (`ualign_check::format`), and re-exported here; the checker is
//! [`crate::verify`] (= `ualign_check`).

pub mod build;
pub mod certify;
pub mod confirm;

pub use build::{CertificateBuild, ClaimBuild};
pub use ualign_check::format::{
    BarrierBound, BarrierClaim, BoxData, Certificate, Claim, DualBound, EndBox, EquilibriumClaim,
    EquilibriumStatus, FORMAT, KOutputValueClaim, MaximalLotteryClaim, MultisetMass, NameMap,
    NlhfRobustWinRateClaim, PolicySpec, RobustWinRateClaim, SegmentData, TouchingData,
    UniquenessEvidence, VERSION,
};
