//! Exact linear programming with certificates.
//!
//! [`solve`] takes a [`Problem`] (dense rational data, all variables `x >= 0`) and returns an
//! [`LpOutcome`] that carries its own evidence: an optimal primal/dual pair, a Farkas vector, or a
//! feasible point plus an improving ray. Every outcome is re-checked by [`check`], an independent
//! exact checker, before it is returned; an answer that fails the check is never returned (the
//! caller gets [`LpError::Unverified`] instead, which would be a bug).
//!
//! ```
//! use ualign::lp::{self, LpOutcome, Problem, Relation, Sense};
//! use ualign::number::{q, qi};
//!
//! // max 3x + 5y  s.t.  x <= 4,  2y <= 12,  3x + 2y <= 18,  x, y >= 0
//! let mut p = Problem::new(Sense::Max, vec![qi(3), qi(5)]);
//! p.push(vec![qi(1), qi(0)], Relation::Le, qi(4));
//! p.push(vec![qi(0), qi(2)], Relation::Le, qi(12));
//! p.push(vec![qi(3), qi(2)], Relation::Le, qi(18));
//! let out = lp::solve(&p).unwrap();
//! assert_eq!(
//!     out,
//!     LpOutcome::Optimal { x: vec![qi(2), qi(6)], y: vec![qi(0), q(3, 2), qi(1)], value: qi(36) }
//! );
//! assert!(lp::check(&p, &out).is_ok());
//! ```
//!
//! # Sign conventions
//!
//! For `Max cᵀx s.t. A x (rel) b, x >= 0` the dual is `Min bᵀy s.t. Aᵀy >= c` with
//! `y_i >= 0` for `Le` rows, `y_i <= 0` for `Ge` rows and `y_i` free for `Eq` rows.
//!
//! For `Min cᵀx s.t. A x (rel) b, x >= 0` the dual is `Max bᵀy s.t. Aᵀy <= c` with
//! `y_i <= 0` for `Le` rows, `y_i >= 0` for `Ge` rows and `y_i` free for `Eq` rows.
//!
//! In both senses `y_i` is the shadow price `∂ value / ∂ b_i`, and at an optimum
//! `cᵀx = bᵀy = value`.
//!
//! A Farkas vector (infeasibility, independent of the sense) has the sign pattern of a `Max`
//! dual (`y_i >= 0` on `Le` rows, `y_i <= 0` on `Ge` rows, free on `Eq` rows) and satisfies
//! `yᵀA >= 0` componentwise and `yᵀb < 0`. (Any feasible `x >= 0` would give
//! `0 <= yᵀA x <= yᵀb < 0`.)
//!
//! An unbounded outcome gives a feasible `x` and a ray `r >= 0` with `(A r)_i <= 0` on `Le`
//! rows, `>= 0` on `Ge` rows, `= 0` on `Eq` rows, and `cᵀr > 0` for `Max` (`< 0` for `Min`).
//!
//! # Algorithm
//!
//! A revised primal simplex over the integers (see [`simplex`](self) internals): every column is
//! scaled to integers by its own common denominator, and the engine keeps `R = D·B⁻¹` with
//! `D = ±det B` (the adjugate, integer), updated per pivot by the integer-preserving
//! (Edmonds/Bareiss) rule whose single division is exact. Pricing is guided by `f64` reduced
//! costs computed from the exact duals and confirmed exactly; optimality is always certified by
//! an exact scan. Before that, an `f64` tableau simplex guesses a starting basis (the "float
//! guide"); the exact engine accepts it only if it is exactly nonsingular and primal feasible.
//! Two phases with artificial variables handle `Eq`/`Ge` rows and negative right-hand sides;
//! Dantzig's rule switches to a lexicographic ratio test (or, optionally, Bland's rule) after a
//! run of degenerate pivots.

mod arith;
mod colgen;
mod float;
mod simplex;
mod standard;
mod verify;

pub use colgen::{ColGenResult, Column, PricingRequest, solve_column_generation};
pub use verify::check;

use crate::number::Q;

/// Optimization direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sense {
    /// Maximise the objective.
    Max,
    /// Minimise the objective.
    Min,
}

/// Relation of a constraint row: `aᵀx <= b`, `aᵀx = b` or `aᵀx >= b`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Relation {
    /// `aᵀx <= b`.
    Le,
    /// `aᵀx = b`.
    Eq,
    /// `aᵀx >= b`.
    Ge,
}

/// One dense constraint row `coeffs · x (rel) rhs`; `coeffs.len()` must equal the number of
/// variables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Constraint {
    /// The row a, one coefficient per variable.
    pub coeffs: Vec<Q>,
    /// How aᵀx compares with b.
    pub rel: Relation,
    /// The right-hand side b.
    pub rhs: Q,
}

impl Constraint {
    /// The row `coeffs · x (rel) rhs`.
    pub fn new(coeffs: Vec<Q>, rel: Relation, rhs: Q) -> Self {
        Constraint { coeffs, rel, rhs }
    }
}

/// `sense objectiveᵀx s.t. constraints, x >= 0`. The number of variables is
/// `objective.len()`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Maximise or minimise.
    pub sense: Sense,
    /// The objective c, one coefficient per variable.
    pub objective: Vec<Q>,
    /// The rows A x (rel) b.
    pub constraints: Vec<Constraint>,
}

impl Problem {
    /// A problem without constraints yet.
    pub fn new(sense: Sense, objective: Vec<Q>) -> Self {
        Problem {
            sense,
            objective,
            constraints: Vec::new(),
        }
    }

    /// Appends the row `coeffs · x (rel) rhs`.
    pub fn push(&mut self, coeffs: Vec<Q>, rel: Relation, rhs: Q) -> &mut Self {
        self.constraints.push(Constraint::new(coeffs, rel, rhs));
        self
    }

    /// Number of variables.
    pub fn num_vars(&self) -> usize {
        self.objective.len()
    }

    /// Number of constraint rows.
    pub fn num_rows(&self) -> usize {
        self.constraints.len()
    }

    /// Checks that every row has one coefficient per variable.
    pub fn validate(&self) -> Result<(), LpError> {
        let n = self.num_vars();
        for (row, c) in self.constraints.iter().enumerate() {
            if c.coeffs.len() != n {
                return Err(LpError::DimensionMismatch {
                    row,
                    expected: n,
                    got: c.coeffs.len(),
                });
            }
        }
        Ok(())
    }
}

/// The result of [`solve`], with its evidence (see the module docs for sign conventions).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LpOutcome {
    /// `x` optimal, `y` an optimal dual (one entry per constraint), `value = cᵀx = bᵀy`.
    Optimal {
        /// An optimal point x ≥ 0.
        x: Vec<Q>,
        /// An optimal dual y, one entry per constraint (signs: module docs).
        y: Vec<Q>,
        /// The optimal value cᵀx = bᵀy.
        value: Q,
    },
    /// No feasible `x`; `farkas` (one entry per constraint) proves it.
    Infeasible {
        /// y with yᵀA ≥ 0 and yᵀb < 0 (signs: module docs).
        farkas: Vec<Q>,
    },
    /// `x` is feasible and `x + t·ray` stays feasible and improves without bound as `t → ∞`.
    Unbounded {
        /// A feasible point.
        x: Vec<Q>,
        /// An improving direction r ≥ 0 that keeps every row satisfied.
        ray: Vec<Q>,
    },
}

impl LpOutcome {
    /// The optimal value, if optimal.
    pub fn value(&self) -> Option<&Q> {
        match self {
            LpOutcome::Optimal { value, .. } => Some(value),
            _ => None,
        }
    }

    /// The optimal point, if optimal.
    pub fn primal(&self) -> Option<&[Q]> {
        match self {
            LpOutcome::Optimal { x, .. } => Some(x),
            _ => None,
        }
    }

    /// The optimal dual, if optimal.
    pub fn dual(&self) -> Option<&[Q]> {
        match self {
            LpOutcome::Optimal { y, .. } => Some(y),
            _ => None,
        }
    }
}

/// Why [`solve`] gave no outcome.
#[derive(thiserror::Error, Debug, Clone, PartialEq, Eq)]
pub enum LpError {
    /// A row's length differs from the number of variables.
    #[error("constraint {row} has {got} coefficients but the objective has {expected} variables")]
    DimensionMismatch {
        /// The index of the row.
        row: usize,
        /// The number of variables, `objective.len()`.
        expected: usize,
        /// The row's number of coefficients.
        got: usize,
    },
    /// The exact check rejected the solver's own answer. This is a bug; no answer is returned.
    #[error("internal error: the LP answer failed its exact check: {0}")]
    Unverified(String),
    /// Column generation: the pricing oracle returned a column that does not improve.
    #[error("column generation: {0}")]
    Pricing(String),
}

/// Engine switches, for benchmarks and tests. The defaults are the fastest measured setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Run an `f64` tableau simplex first and start the exact engine from its final basis.
    pub float_guide: bool,
    /// Choose entering columns by `f64` reduced costs (confirmed exactly) instead of exact
    /// reduced costs of every column.
    pub float_pricing: bool,
    /// Rule used after a run of degenerate pivots.
    pub anti_cycling: AntiCycling,
    /// Length of that run. Before it, Dantzig's rule with ties in the ratio test going to the
    /// smallest column index. Measured on degenerate skew-symmetric LPs: 10 beats 0, 5, 20, 40.
    pub anti_cycling_after: usize,
    /// Run [`check`] on the answer before returning it. Turning this off is for benchmarks
    /// only; the default is on.
    pub verify: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            float_guide: true,
            float_pricing: true,
            anti_cycling: AntiCycling::Lexicographic,
            anti_cycling_after: 10,
            verify: true,
        }
    }
}

/// How the exact engine avoids cycling once a run of degenerate pivots starts (both rules
/// guarantee termination; before the run, Dantzig's rule is used).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AntiCycling {
    /// Keep Dantzig pricing; break ratio-test ties lexicographically on `B⁻¹B₀` (equivalent to
    /// perturbing `b` by `B₀(ε, ε², …)`). Default: far fewer pivots than Bland on degenerate
    /// skew-symmetric LPs.
    Lexicographic,
    /// Bland's rule: smallest improving column, smallest leaving column index.
    Bland,
}

/// Counters of one solve, for benchmarks and tests.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SolveStats {
    /// Pivots of the float guide.
    pub float_pivots: usize,
    /// Whether the float guide's basis was accepted by the exact engine.
    pub guide_accepted: bool,
    /// Exact pivots (including degenerate ones and artificial drive-outs).
    pub exact_pivots: usize,
    /// Exact pivots that did not move the point.
    pub degenerate_pivots: usize,
    /// Full exact pricing scans (at least one per phase, to certify optimality).
    pub full_scans: usize,
    /// Pricing rounds done under Bland's rule.
    pub bland_pivots: usize,
}

/// Solves `p` exactly and returns a checked outcome.
pub fn solve(p: &Problem) -> Result<LpOutcome, LpError> {
    solve_with(p, &Options::default()).map(|(o, _)| o)
}

/// [`solve`] with explicit engine options; also returns counters.
pub fn solve_with(p: &Problem, opts: &Options) -> Result<(LpOutcome, SolveStats), LpError> {
    p.validate()?;
    let sf = standard::StdForm::new(p);
    let mut stats = SolveStats::default();
    let guess = if opts.float_guide {
        float::guide(&sf, &mut stats)
    } else {
        None
    };
    let (out, _) = simplex::run(&sf, guess.as_deref(), opts, &mut stats);
    let out = sf.to_outcome(p, out);
    if opts.verify || cfg!(debug_assertions) {
        check(p, &out).map_err(LpError::Unverified)?;
    }
    Ok((out, stats))
}

/// Solves `p` with `f64` arithmetic only (the float guide run to the end, then the candidate
/// basis's values read off in floats). No exactness, no certificate: for benchmarks comparing
/// the exact engine with a plain float simplex. Returns the objective value, or `None` if the
/// float simplex reports infeasible/unbounded or fails.
pub fn solve_float_only(p: &Problem) -> Option<f64> {
    p.validate().ok()?;
    let sf = standard::StdForm::new_float(p);
    float::solve_value(&sf)
}
