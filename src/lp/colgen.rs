//! Column generation on top of the exact engine: the rows are fixed, columns are added by a
//! pricing oracle until it finds none that improves. Each round restarts the exact engine from
//! the previous round's final basis (which stays primal feasible when a column is added).

use super::standard::{ColKind, StdForm};
use super::{LpError, LpOutcome, Options, Problem, Relation, Sense, SolveStats, check, simplex};
use crate::number::{CommonDen, Q};

/// What the pricing oracle is asked for.
#[derive(Debug, Clone, Copy)]
pub enum PricingRequest<'a> {
    /// The restricted problem is optimal with dual `y` (the sign convention of the module
    /// docs). Return a column with `cost − yᵀcoeffs > 0` (Max) or `< 0` (Min), if one exists.
    Dual(&'a [Q]),
    /// The restricted problem is infeasible with Farkas vector `y`. Return a column with
    /// `yᵀcoeffs < 0`, if one exists (otherwise the full problem is infeasible too).
    Farkas(&'a [Q]),
}

/// A column: its coefficients in the fixed rows and its objective coefficient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// Its coefficient in each fixed row.
    pub coeffs: Vec<Q>,
    /// Its objective coefficient.
    pub cost: Q,
}

/// The final restricted problem (initial columns, then generated ones, in order), its checked
/// outcome, and the number of oracle calls.
#[derive(Debug, Clone)]
pub struct ColGenResult {
    /// The restricted problem with every column generated.
    pub problem: Problem,
    /// Its outcome, exactly checked; when optimal, no column of the full problem improves.
    pub outcome: LpOutcome,
    /// The number of pricing-oracle calls.
    pub rounds: usize,
}

fn build(sense: Sense, rows: &[(Relation, Q)], cols: &[Column]) -> Problem {
    let mut p = Problem::new(sense, cols.iter().map(|c| c.cost.clone()).collect());
    for (i, (rel, rhs)) in rows.iter().enumerate() {
        p.push(
            cols.iter().map(|c| c.coeffs[i].clone()).collect(),
            *rel,
            rhs.clone(),
        );
    }
    p
}

fn dot(y: &[Q], a: &[Q]) -> Q {
    let cd = CommonDen::new(y);
    let mut acc = Q::ZERO;
    for (n, ai) in cd.nums.iter().zip(a) {
        if *n != crate::number::IBig::ZERO && *ai != Q::ZERO {
            acc += ai * Q::from(n.clone());
        }
    }
    acc / Q::from(crate::number::IBig::from(cd.den))
}

/// Solves `sense costᵀx s.t. Σ_j coeffs_j x_j (rel_i) rhs_i, x >= 0` over the columns
/// `initial` plus the ones `price` generates. Stops when `price` returns `None` (the outcome
/// is then exact for the full column set, provided the oracle is exact), when the restricted
/// problem is unbounded (so is the full one), or with an error after `max_rounds` oracle calls
/// or if the oracle returns a column of the wrong length or one that does not improve.
pub fn solve_column_generation(
    sense: Sense,
    rows: &[(Relation, Q)],
    initial: Vec<Column>,
    mut price: impl FnMut(PricingRequest<'_>) -> Option<Column>,
    max_rounds: usize,
) -> Result<ColGenResult, LpError> {
    let m = rows.len();
    let mut cols = initial;
    if let Some((j, c)) = cols.iter().enumerate().find(|(_, c)| c.coeffs.len() != m) {
        return Err(LpError::DimensionMismatch {
            row: j,
            expected: m,
            got: c.coeffs.len(),
        });
    }
    let mut warm: Option<Vec<ColKind>> = None;
    let mut rounds = 0;
    loop {
        let p = build(sense, rows, &cols);
        let sf = StdForm::new(&p);
        let guess: Option<Vec<usize>> = warm.as_ref().and_then(|kinds| {
            kinds
                .iter()
                .map(|k| sf.kind.iter().position(|x| x == k))
                .collect()
        });
        let mut stats = SolveStats::default();
        let opts = Options::default();
        let guess = guess.or_else(|| super::float::guide(&sf, &mut stats));
        let (raw, basis) = simplex::run(&sf, guess.as_deref(), &opts, &mut stats);
        warm = Some(basis.iter().map(|&j| sf.kind[j]).collect());
        let out = sf.to_outcome(&p, raw);
        check(&p, &out).map_err(LpError::Unverified)?;
        let new = match &out {
            LpOutcome::Unbounded { .. } => None,
            LpOutcome::Optimal { y, .. } => {
                if rounds == max_rounds {
                    return Err(LpError::Pricing(format!(
                        "no convergence after {max_rounds} rounds"
                    )));
                }
                rounds += 1;
                price(PricingRequest::Dual(y)).map(|c| {
                    let ok = c.coeffs.len() == m && {
                        let rc = &c.cost - dot(y, &c.coeffs);
                        match sense {
                            Sense::Max => rc > Q::ZERO,
                            Sense::Min => rc < Q::ZERO,
                        }
                    };
                    (c, ok)
                })
            }
            LpOutcome::Infeasible { farkas } => {
                if rounds == max_rounds {
                    return Err(LpError::Pricing(format!(
                        "no convergence after {max_rounds} rounds"
                    )));
                }
                rounds += 1;
                price(PricingRequest::Farkas(farkas)).map(|c| {
                    let ok = c.coeffs.len() == m && dot(farkas, &c.coeffs) < Q::ZERO;
                    (c, ok)
                })
            }
        };
        match new {
            None => {
                return Ok(ColGenResult {
                    problem: p,
                    outcome: out,
                    rounds,
                });
            }
            Some((_, false)) => {
                return Err(LpError::Pricing(
                    "the oracle returned a column that does not improve (or has the wrong length)"
                        .into(),
                ));
            }
            Some((c, true)) => {
                // Slack/artificial kinds keep their meaning; structural indices stay valid
                // because new columns are appended.
                cols.push(c);
            }
        }
    }
}
