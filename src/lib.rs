//! ualign: exact, certified solutions of small test-time-scaling alignment instances.
//!
//! The modules mirror `docs/THEORY.md`: [`number`] (exact rationals), [`instance`] (§1),
//! [`game`] (§2–§4), [`nlhf`] (§5), [`lp`] and [`koutput`] (§6),
//! [`equilibrium`] (§4 and §7), [`certificate`] and [`verify`] (§8),
//! [`families`] (generators), [`report`] (output), [`api`] (one function per command, with
//! results that carry response names: the `--json` objects and the Python dicts) and `cli` (the
//! `ualign` command, only with the default feature `cli`; library users can set
//! `default-features = false` and compile no clap, indicatif, ctrlc or libc).
//!
//! The names a user starts from are re-exported here. On the barrier instance B(1/10), where a
//! beats b for weight 3/5: NLHF plays a and its robust win rate is stuck at 1/2 + 1/10 = 3/5 for
//! every k ≥ 2, the symmetric equilibrium at k = 2 is (4/5, 1/5) with R_2 = 2/3, and the best
//! 2-output policy reaches v*_2 = 7/10:
//!
//! ```
//! use ualign::{Q, SolveOptions, maximal_lottery, optimal_koutput, product_report,
//!              solve_equilibrium, EquilibriumStatus};
//! let inst = ualign::instance::json::parse(r#"{"responses": ["a", "b"], "users": [
//!     {"weight": "3/5", "ranking": ["a", "b"]}, {"weight": "2/5", "ranking": ["b", "a"]}]}"#)?;
//! let q = |s: &str| -> Q { ualign::number::parse_q(s).unwrap() };
//!
//! let ml = maximal_lottery(&inst)?;                        // NLHF (§5)
//! assert_eq!(ml.p, [q("1"), q("0")]);
//! assert_eq!(product_report(&inst, &ml.p, 2).robust_win_rate, q("3/5"));
//!
//! let eq = solve_equilibrium(&inst, 2, &SolveOptions::default())?;   // §4, §7
//! assert_eq!(eq.status, EquilibriumStatus::Exact);
//! assert_eq!(eq.status.to_string(), "exact");
//! assert_eq!(eq.policy, [q("4/5"), q("1/5")]);
//!
//! assert_eq!(optimal_koutput(&inst, 2)?.value, q("7/10"));  // §6
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The same results with response names, as the command line's `--json` prints them:
//!
//! ```
//! use ualign::api::{self, Source};
//! let inst = ualign::instance::json::parse(r#"{"responses": ["a", "b"], "users": [
//!     {"weight": "3/5", "ranking": ["a", "b"]}, {"weight": "2/5", "ranking": ["b", "a"]}]}"#)?;
//! let eq = api::equilibrium(&Source::memory(&inst), 2, 192)?;
//! assert_eq!(eq.to_json()["policy"], serde_json::json!({"a": "4/5", "b": "1/5"}));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![warn(missing_docs)]
#![allow(clippy::needless_range_loop)] // index loops mirror the formulas (Σ_y over responses)

pub mod api;
pub mod ball;
pub mod certificate;
#[cfg(feature = "cli")]
pub mod cli;
pub mod equilibrium;
pub mod families;
pub mod game;
pub mod instance;
pub mod io;
pub mod koutput;
pub mod lp;
pub mod nlhf;
pub mod number;
pub mod policy;
pub mod report;
pub mod rlhf;
pub mod scaling;
pub mod sweep;
pub mod sweep_summary;
pub mod tightness;
pub use api::{ApiError, Out, Source};
pub use certificate::certify::{CertifyOptions, certify};
pub use equilibrium::{
    EquilibriumResult, EquilibriumStatus, SolveOptions, solve as solve_equilibrium,
};
pub use game::{Mixture, MixtureError, ProductReport, product_report};
pub use instance::{Instance, InstanceError};
pub use koutput::{KOutputResult, optimal_koutput};
pub use nlhf::{MaximalLottery, maximal_lottery};
pub use number::Q;
pub use policy::Policy;
/// The independent certificate checker: the crate `ualign-check`, re-exported (`ualign verify`
/// and `certify` call it; it shares no code with the solver modules).
///
/// ```
/// let cert = concat!(env!("CARGO_MANIFEST_DIR"), "/proofs/condorcet-cycle-3.cert.json");
/// let summary = ualign::verify_file(cert)?;
/// assert_eq!(summary.claims[0].kind, "maximal_lottery");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub use ualign_check as verify;
/// Why a certificate is refused: `Malformed` (exit code 2) or `ClaimFailed` (exit code 1, with
/// the first failing claim).
///
/// ```
/// use ualign::VerifyError;
/// let err = ualign::verify_file("no-such-certificate.json").unwrap_err();
/// assert!(matches!(err, VerifyError::Malformed(_)));
/// assert_eq!(err.exit_code(), 2);
/// ```
pub use verify::VerifyError;
/// What a verified certificate holds: its instance hash and one report per claim.
///
/// ```
/// let cycle = ualign::Instance::from_path(concat!(
///     env!("CARGO_MANIFEST_DIR"),
///     "/instances/condorcet-cycle-3.json"
/// ))?;
/// let cert = ualign::certify(&cycle, &ualign::CertifyOptions::default())?.certificate;
/// let summary: ualign::VerifySummary = ualign::verify::verify_str(&cert.to_json_string())?;
/// assert_eq!(summary.instance_sha256, cycle.sha256());
/// assert!(summary.claims.iter().any(|c| c.kind == "equilibrium" && c.k == Some(6)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub use verify::VerifySummary;
/// Reads and checks one certificate file (at most the checker's file limit).
///
/// ```
/// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/proofs");
/// let summary = ualign::verify_file(format!("{dir}/barrier-eps-1-10.cert.json"))?;
/// let barrier = summary.claims.iter().find(|c| c.kind == "barrier").expect("a barrier claim");
/// assert!(barrier.detail.contains("≤ ½ + 1/10"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub use verify::verify_file;
