//! The public types of the equilibrium solver: options, status, result, errors and the accepted
//! ranges of k and of the working precision (docs/THEORY.md §4 and §7). Every number in a
//! result is an exact rational; the statuses say what was proved.

use crate::number::{IBig, Q, UBig};

use super::certify::EqBox;

/// Smallest accepted working precision (bits).
pub const MIN_PRECISION: usize = 64;
/// Largest accepted working precision (bits).
pub const MAX_PRECISION: usize = 4096;
/// Default working precision (bits): boxes of width about 2^-185 ≈ 1e-56.
pub const DEFAULT_PRECISION: usize = 192;

/// Why `solve` refused to start.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EqError {
    /// k is 0 or above the supported maximum (the message says which).
    #[error("{0}")]
    InvalidK(String),
    /// The working precision is outside [`MIN_PRECISION`]..=[`MAX_PRECISION`] bits.
    #[error("precision must be between {MIN_PRECISION} and {MAX_PRECISION} bits, got {0}")]
    InvalidPrecision(usize),
    /// Another option is out of range (the message names it).
    #[error("{0}")]
    InvalidOption(String),
}

/// How strong the result is.
///
/// ```
/// use ualign::EquilibriumStatus;
/// assert_eq!(EquilibriumStatus::Exact.to_string(), "exact");
/// assert_eq!(EquilibriumStatus::CertifiedBox.to_string(), "certified-box");
/// assert_eq!(format!("{}", EquilibriumStatus::Epsilon), "epsilon");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EquilibriumStatus {
    /// `policy` is an exact rational equilibrium (ε = 0, verified exactly).
    Exact,
    /// An exact (typically irrational) equilibrium lies in `bx`, proved by the Krawczyk test;
    /// `policy` is the box centre.
    CertifiedBox,
    /// No proof of an equilibrium: `policy` is the best rational π found, `exploitability` its
    /// exact ε.
    Epsilon,
}

impl std::fmt::Display for EquilibriumStatus {
    /// `exact`, `certified-box` or `epsilon`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl EquilibriumStatus {
    /// The status as printed and written to JSON: `exact`, `certified-box` or `epsilon`.
    pub fn name(self) -> &'static str {
        match self {
            EquilibriumStatus::Exact => "exact",
            EquilibriumStatus::CertifiedBox => "certified-box",
            EquilibriumStatus::Epsilon => "epsilon",
        }
    }
}

/// Options of [`solve`](super::solve()).
///
/// ```
/// use ualign::{SolveOptions, number::q};
/// let opts = SolveOptions { precision: 64, ..SolveOptions::default() };
/// assert_eq!(SolveOptions::default().precision, 192);
/// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/instances");
/// let inst = ualign::Instance::from_path(format!("{dir}/barrier-eps-1-10.json"))?;
/// let eq = ualign::solve_equilibrium(&inst, 2, &opts)?;
/// assert_eq!(eq.policy, [q(4, 5), q(1, 5)]); // found exactly at 64 bits too
/// let too_coarse = SolveOptions { precision: 8, ..SolveOptions::default() };
/// assert!(ualign::solve_equilibrium(&inst, 2, &too_coarse).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct SolveOptions {
    /// Working precision in bits of the high-precision refinement (MIN..=MAX_PRECISION).
    pub precision: usize,
    /// `Epsilon` results report whether `ε ≤ epsilon_target` (default 1e-30).
    pub epsilon_target: Q,
    /// Rounds of float self-play used for the warm start (default 4000).
    pub warm_rounds: usize,
    /// Try rational reconstruction before the box (default true).
    pub try_exact: bool,
}

impl Default for SolveOptions {
    fn default() -> Self {
        SolveOptions {
            precision: DEFAULT_PRECISION,
            epsilon_target: Q::from_parts(IBig::ONE, UBig::from(10u8).pow(30)),
            warm_rounds: 4000,
            try_exact: true,
        }
    }
}

/// A symmetric equilibrium (or the best approximation found), with its status.
///
/// On B(1/10) at k = 3 the equilibrium is irrational, q = π(b) = (√93 − 9)/2, the positive root
/// of q² + 9q − 3 (docs/THEORY.md §4): the result is a box proved to contain it, and the
/// equilibrium's R_3 = 3/4.
///
/// ```
/// use ualign::{EquilibriumStatus, SolveOptions, number::q};
/// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/instances");
/// let inst = ualign::Instance::from_path(format!("{dir}/barrier-eps-1-10.json"))?;
/// let eq = ualign::solve_equilibrium(&inst, 3, &SolveOptions::default())?;
/// assert_eq!(eq.status, EquilibriumStatus::CertifiedBox);
/// assert_eq!(eq.robust_win_rate, q(3, 4));
/// assert_eq!(eq.support, [0, 1]);
/// let bx = eq.bx.expect("a certified box");
/// let f = |x: &ualign::Q| x * x + q(9, 1) * x - q(3, 1); // increasing for x > 0
/// assert!(f(&bx.lo[1]) <= q(0, 1) && f(&bx.hi[1]) >= q(0, 1)); // lo ≤ (√93 − 9)/2 ≤ hi
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EquilibriumResult {
    /// The number of outputs k (the game has k + 1 players).
    pub k: usize,
    /// What is proved about `policy` (exact, an exact equilibrium in a box, or only ε).
    pub status: EquilibriumStatus,
    /// A rational distribution over the responses.
    pub policy: Vec<Q>,
    /// Responses with positive probability in `policy`.
    pub support: Vec<usize>,
    /// Exact ε(policy) = max_y U_k(y, policy) − 1/(k+1) (0 for `Exact`).
    pub exploitability: Q,
    /// `Exact`/`Epsilon`: exact R_k(policy^{⊗k}) = k/(k+1) − ε. `CertifiedBox`: k/(k+1), the
    /// value at the certified equilibrium inside the box.
    pub robust_win_rate: Q,
    /// The certificate, for `CertifiedBox`.
    pub bx: Option<EqBox>,
    /// For `Epsilon`: whether `exploitability ≤ epsilon_target`.
    pub target_met: bool,
    /// How the result was obtained (for humans).
    pub method: String,
}

/// Checks 1 ≤ k ≤ [`super::MAX_K`] and the precision range.
pub fn validate(k: usize, opts: &SolveOptions) -> Result<(), EqError> {
    super::check_k(k).map_err(EqError::InvalidK)?;
    if !(MIN_PRECISION..=MAX_PRECISION).contains(&opts.precision) {
        return Err(EqError::InvalidPrecision(opts.precision));
    }
    if opts.epsilon_target < Q::ZERO {
        return Err(EqError::InvalidOption(
            "epsilon target must be non-negative".into(),
        ));
    }
    if opts.warm_rounds > 10_000_000 {
        return Err(EqError::InvalidOption("warm_rounds above 10^7".into()));
    }
    Ok(())
}
