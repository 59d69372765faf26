//! The optimal k-output policy and its dual opponent (docs/THEORY.md §6).
//!
//! Primal: maximise v s.t. Σ_S x_S·WR_{k,1}(S, y') ≥ v for every y', Σ_S x_S = 1, x ≥ 0, over all
//! k-multisets S (C(m+k−1, k) columns). Dual: an opponent mix σ ∈ Δ(Y) with
//! max_S WR_{k,1}(S, σ) = v*_k. Solved by exact column generation: the restricted LP is solved
//! exactly, and every multiset is priced exactly against its dual, so the final σ certifies v*_k
//! over all columns.

use crate::game::multiset::{multiset_count, multisets};
use crate::instance::Instance;
use crate::lp::{self, Column, LpError, LpOutcome, PricingRequest, Relation, Sense};
use crate::number::{CommonDen, IBig, Q, UBig, qi};

/// Largest number of k-multisets (LP columns) accepted.
pub const MAX_COLUMNS: u128 = 200_000;

/// v*_k with an optimal k-output policy and the dual worst-case opponent.
///
/// The primal policy and the dual opponent prove v*_k from both sides (docs/THEORY.md §6): on
/// B(1/10) at k = 3 the best policy shows {a, a, b} and reaches 4/5 > 3/4 = k/(k+1).
///
/// ```
/// use ualign::number::q;
/// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/instances");
/// let inst = ualign::Instance::from_path(format!("{dir}/barrier-eps-1-10.json"))?;
/// let r = ualign::optimal_koutput(&inst, 3)?;
/// assert_eq!(r.value, q(4, 5));
/// assert_eq!(r.policy, [(vec![0, 0, 1], q(1, 1))]);
/// assert_eq!(r.columns, 4); // C(m+k−1, k) = C(4, 3)
/// assert_eq!(ualign::number::sum_q(&r.opponent), q(1, 1)); // σ ∈ Δ(Y)
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KOutputResult {
    /// The number of outputs k ≥ 1.
    pub k: usize,
    /// v*_k, the best robust win rate of any k-output policy.
    pub value: Q,
    /// An optimal policy: multisets (sorted indices) with positive probability.
    pub policy: Vec<(Vec<usize>, Q)>,
    /// The dual opponent σ ∈ Δ(Y): no k-output policy beats max_S WR_{k,1}(S, σ) = v*_k.
    pub opponent: Vec<Q>,
    /// Number of k-multisets C(m+k−1, k).
    pub columns: usize,
    /// Column-generation rounds used.
    pub rounds: usize,
}

/// Why v*_k could not be computed.
#[derive(Debug, thiserror::Error)]
pub enum KOutputError {
    /// k = 0: a policy must show at least one response.
    #[error("k must be at least 1")]
    ZeroK,
    /// C(m+k−1, k), the number of k-multisets, is above [`MAX_COLUMNS`].
    #[error("the LP would have {0} columns (k-multisets), above the limit of {MAX_COLUMNS}")]
    TooLarge(u128),
    /// The exact LP engine failed (its answer did not pass its own exact check).
    #[error("exact LP engine failed: {0}")]
    Lp(#[from] LpError),
    /// The LP was infeasible or unbounded, which cannot happen (x = any δ_S is feasible, v ≤ 1).
    #[error("the k-output LP was not optimal (impossible: it is feasible and bounded)")]
    NotOptimal,
}

/// Win rates WR_{k,1}(S, y') of every multiset S against every single response y', as integers
/// over the common denominator `den = C·lcm(1..=k+1)` (C = Σ integer weights):
///
/// `WR(S, y') = 1 − Σ_u ω_u·[min_{s∈S} rank_u(s) ≥ rank_u(y')] / (1 + #{s ∈ S : rank_u(s) = rank_u(y')})`.
#[derive(Debug, Clone)]
pub struct WinRateTable {
    /// Every k-multiset S of the m responses (sorted indices), in lexicographic order.
    pub multisets: Vec<Vec<usize>>,
    /// `nums[s][y']`: numerator of WR(S_s, y').
    pub nums: Vec<Vec<IBig>>,
    /// The common denominator C·lcm(1..=k+1).
    pub den: IBig,
}

/// Checks k ≥ 1 and C(m+k−1, k) ≤ [`MAX_COLUMNS`] (the table and the LP have one row or
/// column per k-multiset).
fn check_size(m: usize, k: usize) -> Result<(), KOutputError> {
    if k == 0 {
        return Err(KOutputError::ZeroK);
    }
    let count = multiset_count(m, k).unwrap_or(u128::MAX);
    if count > MAX_COLUMNS {
        return Err(KOutputError::TooLarge(count));
    }
    Ok(())
}

impl WinRateTable {
    /// The table of `inst` for k outputs: C(m+k−1, k) rows of m exact win rates. Errors for
    /// k = 0 and above [`MAX_COLUMNS`] multisets.
    pub fn new(inst: &Instance, k: usize) -> Result<Self, KOutputError> {
        check_size(inst.m(), k)?;
        let (weights, total) = inst.integer_weights();
        let lcm = IBig::from(crate::number::lcm_range(k + 1));
        let den = total * &lcm;
        let m = inst.m();
        let sets: Vec<Vec<usize>> = multisets(m, k).collect();
        let parts: Vec<IBig> = (1..=k + 1).map(|c| &lcm / IBig::from(c)).collect();
        let nums =
            sets.iter()
                .map(|s| {
                    let mut row = vec![den.clone(); m];
                    for (u, w) in weights.iter().enumerate() {
                        let ranks = &inst.rank_table()[u];
                        let best =
                            s.iter().map(|&x| ranks[x]).min().expect(
                                "check_size ensured k >= 1, so every multiset has an element",
                            );
                        for (y, cell) in row.iter_mut().enumerate() {
                            let r = ranks[y];
                            if best >= r {
                                let ties = s.iter().filter(|&&x| ranks[x] == r).count();
                                *cell -= w * &parts[ties];
                            }
                        }
                    }
                    row
                })
                .collect();
        Ok(WinRateTable {
            multisets: sets,
            nums,
            den,
        })
    }

    /// WR(S_s, y') as a rational.
    pub fn get(&self, s: usize, y: usize) -> Q {
        Q::from_parts(
            self.nums[s][y].clone(),
            UBig::try_from(self.den.clone())
                .expect("den = (total weight > 0, an Instance invariant) · lcm(1..=k+1) > 0"),
        )
    }
}

/// The full k-output LP with every multiset as a column (columns: v, then the multisets in
/// lexicographic order; rows: one per y', then Σ x = 1). Column generation solves the same LP;
/// this form serves benchmarks (float-only baseline) and cross-checks. Errors as
/// [`WinRateTable::new`].
pub fn full_problem(inst: &Instance, k: usize) -> Result<lp::Problem, KOutputError> {
    let table = WinRateTable::new(inst, k)?;
    let m = inst.m();
    let s = table.multisets.len();
    let mut objective = vec![Q::ZERO; s + 1];
    objective[0] = qi(1);
    let mut p = lp::Problem::new(Sense::Max, objective);
    for y in 0..m {
        let mut row = vec![qi(-1)];
        row.extend((0..s).map(|j| table.get(j, y)));
        p.push(row, Relation::Ge, Q::ZERO);
    }
    let mut row = vec![Q::ZERO];
    row.extend((0..s).map(|_| qi(1)));
    p.push(row, Relation::Eq, qi(1));
    Ok(p)
}

/// Solves the k-output LP exactly by column generation (see the module docs).
///
/// v*_k ≥ k/(k+1) always (the equilibrium product is feasible, docs/THEORY.md §6):
///
/// ```
/// use ualign::number::q;
/// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/instances");
/// let cycle = ualign::Instance::from_path(format!("{dir}/condorcet-cycle-3.json"))?;
/// assert_eq!(ualign::optimal_koutput(&cycle, 1)?.value, q(1, 2));
/// assert_eq!(ualign::optimal_koutput(&cycle, 2)?.value, q(13, 18));
/// let inst = ualign::Instance::from_path(format!("{dir}/barrier-eps-1-10.json"))?;
/// assert_eq!(ualign::optimal_koutput(&inst, 2)?.value, q(7, 10));
/// assert!(ualign::optimal_koutput(&inst, 0).is_err()); // k ≥ 1
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn optimal_koutput(inst: &Instance, k: usize) -> Result<KOutputResult, KOutputError> {
    let table = WinRateTable::new(inst, k)?;
    let m = inst.m();
    let column_of = |s: usize| {
        let mut coeffs: Vec<Q> = (0..m).map(|y| table.get(s, y)).collect();
        coeffs.push(qi(1));
        Column {
            coeffs,
            cost: Q::ZERO,
        }
    };
    // Rows: for each y', Σ_S x_S WR(S, y') − v ≥ 0; then Σ_S x_S = 1.
    let mut rows: Vec<(Relation, Q)> = vec![(Relation::Ge, Q::ZERO); m];
    rows.push((Relation::Eq, qi(1)));
    let mut v_coeffs = vec![qi(-1); m];
    v_coeffs.push(Q::ZERO);
    let mut initial = vec![Column {
        coeffs: v_coeffs,
        cost: qi(1),
    }];
    // Start from the multisets "k copies of y" (one per response). `in_lp[j]` is the multiset
    // behind restricted column j + 1 (column 0 is v), in the order columns are added.
    let mut in_lp: Vec<usize> = (0..m)
        .map(|y| {
            table
                .multisets
                .iter()
                .position(|s| s.iter().all(|&x| x == y))
                .expect("every k-multiset is listed, among them k copies of y")
        })
        .collect();
    initial.extend(in_lp.iter().map(|&s| column_of(s)));
    let price = |req: PricingRequest<'_>| -> Option<Column> {
        let PricingRequest::Dual(y) = req else {
            return None;
        };
        // σ = −y[..m] ≥ 0, t = y[m]. Column S improves iff Σ_y' σ(y') WR(S, y') > t.
        let sigma: Vec<Q> = y[..m].iter().map(|v| -v.clone()).collect();
        let cd = CommonDen::new(&sigma);
        // Σ s_y' w_{S,y'} / (σden·den) > t  ⟺  Σ s_y' w_{S,y'} > t·σden·den.
        let scale = Q::from(IBig::from(cd.den.clone()) * &table.den);
        let threshold = &y[m] * scale;
        let mut best: Option<(IBig, usize)> = None;
        for (s, row) in table.nums.iter().enumerate() {
            let dot: IBig = row.iter().zip(&cd.nums).map(|(w, sv)| w * sv).sum();
            if Q::from(dot.clone()) > threshold && best.as_ref().is_none_or(|(b, _)| dot > *b) {
                best = Some((dot, s));
            }
        }
        let (_, s) = best?;
        in_lp.push(s);
        Some(column_of(s))
    };
    let result = lp::solve_column_generation(Sense::Max, &rows, initial, price, 100_000)?;
    let LpOutcome::Optimal { x, y, value } = result.outcome else {
        return Err(KOutputError::NotOptimal);
    };
    let mut policy: Vec<(Vec<usize>, Q)> = Vec::new();
    for (j, xj) in x.iter().enumerate().skip(1) {
        if *xj > Q::ZERO {
            let s = table.multisets[in_lp[j - 1]].clone();
            match policy.iter_mut().find(|(set, _)| *set == s) {
                Some((_, p)) => *p += xj,
                None => policy.push((s, xj.clone())),
            }
        }
    }
    policy.sort();
    let opponent: Vec<Q> = y[..m].iter().map(|v| -v.clone()).collect();
    Ok(KOutputResult {
        k,
        value,
        policy,
        opponent,
        columns: table.multisets.len(),
        rounds: result.rounds,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::number::q;

    #[test]
    fn barrier_k1_and_k2() {
        let inst = crate::instance::json::parse(
            r#"{"responses":["a","b"],"users":[
            {"weight":"3/5","ranking":["a","b"]},{"weight":"2/5","ranking":["b","a"]}]}"#,
        )
        .unwrap();
        let r1 = optimal_koutput(&inst, 1).unwrap();
        assert_eq!(r1.value, q(1, 2));
        // k = 2: showing {a, b} always wins against a single response... except ties: the
        // opponent copying a or b splits that user's vote: WR({a,b}, a) = 1 − (3/5)/2 = 7/10.
        let r2 = optimal_koutput(&inst, 2).unwrap();
        assert!(r2.value >= q(2, 3));
        assert_eq!(crate::number::sum_q(&r2.opponent), qi(1));
        let table = WinRateTable::new(&inst, 2).unwrap();
        // Dual certificate: no multiset beats v against σ.
        for s in 0..table.multisets.len() {
            let val = table.get(s, 0) * &r2.opponent[0] + table.get(s, 1) * &r2.opponent[1];
            assert!(val <= r2.value);
        }
    }

    #[test]
    fn table_and_full_problem_refuse_k_zero_and_oversized_k() {
        let inst = crate::families::cycle(3).unwrap();
        assert!(matches!(
            WinRateTable::new(&inst, 0),
            Err(KOutputError::ZeroK)
        ));
        assert!(matches!(full_problem(&inst, 0), Err(KOutputError::ZeroK)));
        // C(3 + 1000 − 1, 1000) = 501,501 multisets > MAX_COLUMNS.
        assert!(matches!(
            WinRateTable::new(&inst, 1000),
            Err(KOutputError::TooLarge(501_501))
        ));
        assert_eq!(WinRateTable::new(&inst, 1).unwrap().multisets.len(), 3);
    }
}
