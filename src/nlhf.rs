//! NLHF and maximal lotteries (docs/THEORY.md §5), solved with the exact LP engine.
//!
//! p ∈ Δ(Y) is a maximal lottery iff Σ_y p(y)·M(y, y') ≥ 0 for every y'. Uniqueness is decided
//! exactly by 2m LPs (min and max of each p(y) over that polytope); their duals are the evidence:
//!
//! - lower bound: λ ≥ 0 (one per column y') and free t with (Mλ)(z) + t ≤ [z = y] for all z give
//!   p'(y) ≥ Σ_{y'} λ_{y'}·(p'ᵀM)(y') + t ≥ t for every maximal lottery p';
//! - upper bound: λ ≤ 0 and t with (Mλ)(z) + t ≥ [z = y] for all z give p'(y) ≤ t.
//!
//! When every lower bound equals every upper bound, the maximal lottery is unique.

use crate::game::{condorcet_winner, margin_matrix, smith_set};
use crate::instance::Instance;
use crate::lp::{self, LpError, LpOutcome, Problem, Relation, Sense};
use crate::number::{Q, qi};

/// Dual evidence bounding p'(y) over all maximal lotteries p': `bound` = t, `lambda` = λ.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoundEvidence {
    /// The LP dual λ, one multiplier per column y' of M (signs as in the module docs).
    pub lambda: Vec<Q>,
    /// The bound t: min (lower) or max (upper) of p'(y) over all maximal lotteries p'.
    pub bound: Q,
    /// A maximal lottery attaining the bound (the LP's optimal primal).
    pub witness: Vec<Q>,
}

/// Exact lower and upper bounds of p'(y) over the maximal-lottery polytope, with evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoordinateRange {
    /// min p'(y) over the maximal lotteries p', with its dual proof.
    pub lower: BoundEvidence,
    /// max p'(y) over the maximal lotteries p', with its dual proof.
    pub upper: BoundEvidence,
}

impl MaximalLottery {
    /// A maximal lottery different from `p`, when there is one (a witness of non-uniqueness).
    pub fn alternative(&self) -> Option<&[Q]> {
        self.ranges
            .iter()
            .flat_map(|r| [&r.lower.witness, &r.upper.witness])
            .find(|w| **w != self.p)
            .map(Vec::as_slice)
    }
}

/// A maximal lottery with the exact answer to "is it unique?".
///
/// On B(1/10), a beats b for weight 3/5, so a is the Condorcet winner and δ_a the only maximal
/// lottery (docs/THEORY.md §5): both coordinate ranges are single points.
///
/// ```
/// use ualign::number::q;
/// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/instances");
/// let inst = ualign::Instance::from_path(format!("{dir}/barrier-eps-1-10.json"))?;
/// let ml = ualign::maximal_lottery(&inst)?;
/// assert_eq!(ml.p, [q(1, 1), q(0, 1)]);
/// assert_eq!(ml.condorcet_winner, Some(0));
/// assert_eq!(ml.smith_set, [0]);
/// assert!(ml.unique && ml.alternative().is_none());
/// assert_eq!((&ml.ranges[1].lower.bound, &ml.ranges[1].upper.bound), (&q(0, 1), &q(0, 1)));
/// assert_eq!(ml.margins[0][1], q(1, 10)); // M(a, b) = P(a ≻ b) − 1/2
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MaximalLottery {
    /// A maximal lottery (a vertex of the polytope found by the exact LP).
    pub p: Vec<Q>,
    /// True iff the polytope is the single point `p`.
    pub unique: bool,
    /// For every response, the min and max of p'(y) over all maximal lotteries.
    pub ranges: Vec<CoordinateRange>,
    /// The margin matrix M(y, y') = P(y ≻ y') − ½.
    pub margins: Vec<Vec<Q>>,
    /// The response w with P(w ≻ y) > ½ for every y ≠ w, if any; then p = δ_w
    /// (docs/THEORY.md §5).
    pub condorcet_winner: Option<usize>,
    /// The Smith set (sorted indices), which contains the support of every maximal lottery.
    pub smith_set: Vec<usize>,
}

/// Errors of the NLHF computations (only an engine failure, which would be a bug).
#[derive(Debug, thiserror::Error)]
pub enum NlhfError {
    /// The exact LP engine failed (its answer did not pass its own exact check).
    #[error("exact LP engine failed: {0}")]
    Lp(#[from] LpError),
    /// The LP was infeasible or unbounded, which a skew-symmetric M rules out.
    #[error("the maximal-lottery LP was not optimal (impossible for a valid margin matrix)")]
    NotOptimal,
}

/// The polytope {p ≥ 0, Σp = 1, pᵀM ≥ 0} with objective `c`.
fn polytope_lp(margins: &[Vec<Q>], sense: Sense, c: Vec<Q>) -> Problem {
    let m = margins.len();
    let mut p = Problem::new(sense, c);
    for col in 0..m {
        let coeffs = (0..m).map(|row| margins[row][col].clone()).collect();
        p.push(coeffs, Relation::Ge, Q::ZERO);
    }
    p.push(vec![qi(1); m], Relation::Eq, qi(1));
    p
}

fn optimal(p: &Problem) -> Result<(Vec<Q>, Vec<Q>, Q), NlhfError> {
    match lp::solve(p)? {
        LpOutcome::Optimal { x, y, value } => Ok((x, y, value)),
        _ => Err(NlhfError::NotOptimal),
    }
}

/// Bounds of p'(y) over the polytope: the LP's dual (rows y' then the Σ = 1 row) is exactly
/// (λ, t) of the module docs.
fn coordinate_bound(
    margins: &[Vec<Q>],
    y: usize,
    sense: Sense,
) -> Result<BoundEvidence, NlhfError> {
    let m = margins.len();
    let mut c = vec![Q::ZERO; m];
    c[y] = qi(1);
    let (witness, dual, value) = optimal(&polytope_lp(margins, sense, c))?;
    let bound = dual[m].clone();
    debug_assert_eq!(bound, value);
    Ok(BoundEvidence {
        lambda: dual[..m].to_vec(),
        bound,
        witness,
    })
}

/// A maximal lottery of the instance, whether it is unique (decided exactly), the Condorcet
/// winner and the Smith set.
///
/// NLHF on the Condorcet cycle: no Condorcet winner, the Smith set is everything, and the
/// unique maximal lottery is uniform. Sampled k times it reaches k/(k+1) here, because on this
/// symmetric instance the uniform lottery is also the equilibrium of every k (docs/THEORY.md §4).
///
/// ```
/// use ualign::number::q;
/// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/instances");
/// let cycle = ualign::Instance::from_path(format!("{dir}/condorcet-cycle-3.json"))?;
/// let ml = ualign::maximal_lottery(&cycle)?;
/// assert_eq!(ml.p, [q(1, 3), q(1, 3), q(1, 3)]);
/// assert!(ml.unique);
/// assert_eq!(ml.condorcet_winner, None);
/// assert_eq!(ml.smith_set, [0, 1, 2]);
/// for k in 1..=4u64 {
///     let r = ualign::product_report(&cycle, &ml.p, k as usize);
///     assert_eq!(r.robust_win_rate, q(k as i64, k + 1));
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn maximal_lottery(inst: &Instance) -> Result<MaximalLottery, NlhfError> {
    let margins = margin_matrix(inst);
    let m = inst.m();
    let winner = condorcet_winner(&margins);
    let smith = smith_set(&margins);
    // Feasibility LP; the objective "maximise mass on the Smith set" is constant (= 1) on the
    // polytope but gives the engine a well-defined optimum to certify.
    let c: Vec<Q> = (0..m)
        .map(|y| if smith.contains(&y) { qi(1) } else { Q::ZERO })
        .collect();
    let (p, _, _) = optimal(&polytope_lp(&margins, Sense::Max, c))?;
    let mut ranges = Vec::with_capacity(m);
    let mut unique = true;
    for y in 0..m {
        let lower = coordinate_bound(&margins, y, Sense::Min)?;
        let upper = coordinate_bound(&margins, y, Sense::Max)?;
        if lower.bound != upper.bound {
            unique = false;
        }
        ranges.push(CoordinateRange { lower, upper });
    }
    Ok(MaximalLottery {
        p,
        unique,
        ranges,
        margins,
        condorcet_winner: winner,
        smith_set: smith,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::number::q;

    fn parse(s: &str) -> Instance {
        crate::instance::json::parse(s).unwrap()
    }

    #[test]
    fn cycle_gives_uniform_unique() {
        let inst = parse(
            r#"{"responses":["a","b","c"],"users":[
            {"weight":"1","ranking":["a","b","c"]},{"weight":"1","ranking":["b","c","a"]},
            {"weight":"1","ranking":["c","a","b"]}]}"#,
        );
        let ml = maximal_lottery(&inst).unwrap();
        assert_eq!(ml.p, vec![q(1, 3), q(1, 3), q(1, 3)]);
        assert!(ml.unique);
    }

    #[test]
    fn condorcet_winner_gets_everything() {
        let inst = parse(
            r#"{"responses":["a","b"],"users":[
            {"weight":"3/5","ranking":["a","b"]},{"weight":"2/5","ranking":["b","a"]}]}"#,
        );
        let ml = maximal_lottery(&inst).unwrap();
        assert_eq!(ml.p, vec![qi(1), qi(0)]);
        assert_eq!(ml.condorcet_winner, Some(0));
        assert!(ml.unique);
    }

    #[test]
    fn even_tie_is_not_unique() {
        // Two voters with opposite orders: every lottery is maximal.
        let inst = parse(
            r#"{"responses":["a","b"],"users":[
            {"weight":"1","ranking":["a","b"]},{"weight":"1","ranking":["b","a"]}]}"#,
        );
        let ml = maximal_lottery(&inst).unwrap();
        assert!(!ml.unique);
        assert_eq!(ml.ranges[0].lower.bound, qi(0));
        assert_eq!(ml.ranges[0].upper.bound, qi(1));
    }
}
