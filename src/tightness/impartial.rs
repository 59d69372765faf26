//! Impartial culture on N responses: orbits are multiplicity patterns (docs/THEORY.md §9).
//!
//! A multiset S with d distinct responses of multiplicities c_1..c_d, against one opponent
//! response y' and a uniformly random strict order:
//! - y' outside S wins the user iff it is the best of the d + 1 distinct responses: share 1/(d+1);
//! - y' equal to the i-th distinct response wins 1/(c_i + 1) of the user iff that response is the
//!   best of the d: share 1/(d·(c_i + 1)).
//!
//! Against the uniform opponent the opponent's share is
//! g(S) = (N − d)/(N·(d+1)) + (1/(N·d))·Σ_i 1/(c_i + 1), and W(S) = 1 − g(S).

use super::{Family, FamilyValue, Orbit, frac, partitions};
use crate::number::Q;

/// The opponent's expected share g = α + β/N of a pattern against the uniform opponent, as the
/// pair (α, β): α = 1/(d+1), β = Σ_i 1/(d(c_i+1)) − d/(d+1).
pub fn pattern_share_coefficients(pattern: &[usize]) -> (Q, Q) {
    let d = pattern.len() as u64;
    let alpha = frac(1, d + 1);
    let mut beta = -frac(d, d + 1);
    for &c in pattern {
        beta += frac(1, d * (c as u64 + 1));
    }
    (alpha, beta)
}

/// W(S) = 1 − g(S): the win rate of a multiset with multiplicity pattern `pattern` against the
/// uniform opponent on impartial culture with `n` responses (requires pattern.len() ≤ n).
pub fn impartial_pattern_win_rate(pattern: &[usize], n: u64) -> Q {
    let (alpha, beta) = pattern_share_coefficients(pattern);
    Q::ONE - alpha - beta / Q::from(n)
}

/// v*_k on impartial culture with `n` responses: the best pattern (ties: the first in
/// reverse-lexicographic order of partitions, i.e. the one with fewest distinct responses).
pub(crate) fn solve_impartial(n: u64, k: usize) -> FamilyValue {
    let pats = partitions(k, usize::try_from(n).unwrap_or(usize::MAX));
    let mut best: Option<(Q, &Vec<usize>)> = None;
    for p in &pats {
        let w = impartial_pattern_win_rate(p, n);
        if best.as_ref().is_none_or(|(b, _)| w > *b) {
            best = Some((w, p));
        }
    }
    // k ≥ 1 and n ≥ 1, so the pattern [k] is always there.
    let (value, pattern) =
        best.expect("solve checked k >= 1 and n >= 1, so the pattern [k] is there");
    FamilyValue {
        family: Family::Impartial,
        n,
        k,
        value,
        orbit: Orbit {
            multiplicities: pattern.clone(),
            gaps: Vec::new(),
            representative: representative(pattern),
        },
        patterns: pats.len(),
    }
}

/// y1 repeated c_1 times, y2 repeated c_2 times, …
fn representative(pattern: &[usize]) -> Vec<u64> {
    pattern
        .iter()
        .enumerate()
        .flat_map(|(i, &c)| std::iter::repeat_n(i as u64, c))
        .collect()
}
