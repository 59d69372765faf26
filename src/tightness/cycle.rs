//! The Condorcet cycle on N responses: the N rotations of y1 ≻ … ≻ yN (docs/THEORY.md §9).
//!
//! Let S have d distinct responses; going around the circle, block p is the distinct response
//! p with multiplicity c_p, preceded by g_p responses outside S (Σ_p (g_p + 1) = N). User r
//! (order starting at y_r) has as best element of S the first one at or after r; an opponent
//! y' ∉ S wins that user iff it lies between r and that element. Summing the opponent's share
//! over all N users and all N opponents,
//!
//! Σ_{r, y'} share = Σ_p [ g_p(g_p + 1)/2 + (g_p + 1)/(c_p + 1) ],
//!
//! and W(S) against the uniform opponent is 1 − that sum / N². The sum does not depend on the
//! order of the blocks; for fixed multiplicities it is minimised by a convex allocation of the
//! N − d outside responses: the marginal cost of the (g+1)-th outside response before block p is
//! (g + 1) + 1/(c_p + 1), and 1/(c_p + 1) < 1, so every block gets ⌊(N−d)/d⌋ and the remainder
//! goes to the blocks with the largest c_p.

use super::{Family, FamilyValue, Orbit, frac, partitions};
use crate::number::Q;

/// W(S) for the multiset given by blocks (gap before it, multiplicity) on the N-cycle, where
/// N = Σ (gap + 1).
pub fn cycle_orbit_win_rate(blocks: &[(u64, usize)]) -> Q {
    let n: u64 = blocks.iter().map(|(g, _)| g + 1).sum();
    let mut total = Q::ZERO;
    for &(g, c) in blocks {
        // g(g+1)/2 is an integer; u128 keeps it exact for g < 2^63.
        let tri = u128::from(g) * (u128::from(g) + 1) / 2;
        total += Q::from(tri) + frac(g + 1, c as u64 + 1);
    }
    Q::ONE - total / Q::from(u128::from(n) * u128::from(n))
}

/// The optimal gaps for `pattern` (non-increasing multiplicities) on the N-cycle.
fn optimal_gaps(pattern: &[usize], n: u64) -> Vec<u64> {
    let d = pattern.len() as u64;
    let outside = n - d;
    let (q, r) = (outside / d, outside % d);
    // `pattern` is non-increasing: the first r blocks have the largest multiplicities.
    (0..d).map(|p| q + u64::from(p < r)).collect()
}

/// Sorted response indices of the multiset with these blocks, the first block's gap placed
/// before y1 (so block p sits at Σ_{q ≤ p} (g_q + 1) − 1).
fn representative(pattern: &[usize], gaps: &[u64]) -> Vec<u64> {
    let mut pos = 0u64;
    let mut out = Vec::new();
    for (&c, &g) in pattern.iter().zip(gaps) {
        pos += g;
        out.extend(std::iter::repeat_n(pos, c));
        pos += 1;
    }
    out
}

/// v*_k on the N-cycle: the best orbit over all multiplicity patterns with d ≤ N blocks.
pub(crate) fn solve_cycle(n: u64, k: usize) -> FamilyValue {
    let pats = partitions(k, usize::try_from(n).unwrap_or(usize::MAX));
    let mut best: Option<(Q, Vec<usize>, Vec<u64>)> = None;
    for p in &pats {
        let gaps = optimal_gaps(p, n);
        let blocks: Vec<(u64, usize)> = gaps.iter().copied().zip(p.iter().copied()).collect();
        let w = cycle_orbit_win_rate(&blocks);
        if best.as_ref().is_none_or(|(b, _, _)| w > *b) {
            best = Some((w, p.clone(), gaps));
        }
    }
    let (value, pattern, gaps) =
        best.expect("solve checked k >= 1 and n >= 1, so the pattern [k] is there");
    FamilyValue {
        family: Family::Cycle,
        n,
        k,
        value,
        orbit: Orbit {
            representative: representative(&pattern, &gaps),
            multiplicities: pattern,
            gaps,
        },
        patterns: pats.len(),
    }
}
