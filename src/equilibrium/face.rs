//! The *face exemption* of an off-support response in a box certificate (docs/THEORY.md §10.2).
//!
//! On the face of the simplex spanned by a support S, `U_k(y, π) = Σ_γ Pr_π(γ) · W(y, γ)`, the
//! sum over the multisets γ of k draws from S of their probability `k!/γ! · π^γ` (non-negative
//! on the face) times y's expected share against γ:
//!
//! `W(y, γ) = Σ_u ω_u · [no draw of γ is above y's tier for u] / (1 + draws of γ in y's tier)`.
//!
//! Since `Σ_γ Pr_π(γ) = 1` on the face, `U_k(y, π) − 1/(k+1) = Σ_γ Pr_π(γ)·b(γ)` with
//! `b(γ) = W(y, γ) − 1/(k+1)`, and likewise with `a(γ)` for a support response s. If some real λ
//! has `b(γ) ≤ λ·a(γ)` for every γ, then at the exact equilibrium π* inside a certified box
//! (where `U_k(s, π*) = 1/(k+1)`, so `Σ Pr·a = 0`) `U_k(y, π*) − 1/(k+1) ≤ λ·0 = 0`: y needs no
//! enclosure. λ = 1 says `U_k(y, ·) ≤ U_k(s, ·)` on the face, λ = 0 says `U_k(y, ·) ≤ 1/(k+1)`
//! there. This proves the degenerate equilibria where y earns exactly 1/(k+1) at π* (for example
//! when `U_k(y, ·) − U_k(s, ·)` vanishes identically on the face), which no enclosure over a box
//! can separate. Clones and weakly dominated responses are special cases (λ = 1). The feasible λ
//! form an interval, computed exactly in one pass over the multisets. The same pass decides
//! whether `b = Σ_s λ_s·a_s` exactly for some real λ_s (all s ∈ S at once; the system is
//! consistent): then `U_k(y, π*) − 1/(k+1) = Σ_s λ_s·0 = 0`.
//!
//! Everything is exact (integers: shares scaled by `C · lcm(1..=k+1)`). The test enumerates the
//! C(k+|S|−1, k) multisets, once per user type of the game restricted to S ∪ {y}; above
//! [`FACE_MAX_WORK`] (multisets × user types) it gives up and the response is not exempt.

use crate::number::{IBig, Q, lcm_range};

use super::game::EqGame;

/// Largest number of (multiset, user type) pairs the face test examines; the two checkers use
/// the same limit, so a box the solver certifies this way is accepted by both.
pub const FACE_MAX_WORK: u128 = 1_000_000;

/// Why an off-support response is exempt, with `a_s(γ) = W(s, γ) − 1/(k+1)` and
/// `b(γ) = W(y, γ) − 1/(k+1)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FaceBound {
    /// `b(γ) ≤ λ·a_s(γ)` for every multiset γ, s = `response` (λ of any sign:
    /// `U_k(s, π*) − 1/(k+1) = 0` exactly).
    Line {
        /// The support response s compared with.
        response: usize,
        /// The multiplier λ.
        lambda: Q,
    },
    /// `b(γ) = Σ_s λ_s·a_s(γ)` for every γ and some real λ_s (the linear system in λ is
    /// consistent): y's payoff is an affine combination of the support payoffs on the face.
    Combination,
}

/// Incremental row echelon form of the system `Σ_s λ_s·a_s(γ) = b(γ)` (rows `[a…, b]`);
/// `consistent` turns false once a row reduces to `[0…, b ≠ 0]`.
struct Span {
    rows: Vec<(usize, Vec<Q>)>,
    consistent: bool,
}

impl Span {
    fn add(&mut self, mut row: Vec<Q>) {
        for (p, v) in &self.rows {
            if row[*p] != Q::ZERO {
                let f = row[*p].clone();
                row.iter_mut().zip(v).for_each(|(x, y)| *x -= &f * y);
            }
        }
        let n = row.len() - 1;
        match (0..n).find(|&i| row[i] != Q::ZERO) {
            Some(p) => {
                let f = row[p].clone();
                row.iter_mut().for_each(|x| *x /= &f);
                self.rows.push((p, row));
            }
            None => self.consistent &= row[n] == Q::ZERO,
        }
    }
}

/// The set of λ with `b ≤ λ·a` for every pair seen so far: `[lo, hi]` (`None`: unbounded).
#[derive(Debug, Clone)]
struct Feasible {
    lo: Option<Q>,
    hi: Option<Q>,
    empty: bool,
}

impl Feasible {
    fn add(&mut self, a: &IBig, b: &IBig) {
        let zero = IBig::ZERO;
        if *a == zero {
            self.empty |= *b > zero;
            return;
        }
        let q = Q::from(b.clone()) / Q::from(a.clone());
        if *a > zero {
            self.lo = Some(self.lo.take().map_or(q.clone(), |l| l.max(q)));
        } else {
            self.hi = Some(self.hi.take().map_or(q.clone(), |h| h.min(q)));
        }
        if let (Some(l), Some(h)) = (&self.lo, &self.hi) {
            self.empty |= l > h;
        }
    }

    /// A member of the set, preferring 1, then 0 (the plain comparisons), else an end point.
    fn pick(&self) -> Option<Q> {
        if self.empty {
            return None;
        }
        let inside = |x: &Q| {
            self.lo.as_ref().is_none_or(|l| l <= x) && self.hi.as_ref().is_none_or(|h| x <= h)
        };
        [Q::ONE, Q::ZERO]
            .into_iter()
            .find(|x| inside(x))
            .or_else(|| self.lo.clone())
            .or_else(|| self.hi.clone())
    }
}

/// Integer shares `c_u · lcm(1..=k+1) / (n + 1)` for n = 0..=k, one row per user type.
struct Shares {
    table: Vec<Vec<IBig>>,
    scale: IBig,
}

impl Shares {
    fn new(g: &EqGame, k: usize) -> Self {
        let scale = IBig::from(lcm_range(k + 1));
        let table =
            g.c.iter()
                .map(|c| {
                    let cl = c * &scale;
                    (0..=k).map(|n| &cl / IBig::from(n + 1)).collect()
                })
                .collect();
        Shares { table, scale }
    }

    /// `C · lcm · W(z, γ)` for every column z of `g`, where `counts[i]` is the number of draws of
    /// column i in γ (columns past `counts.len()` are never drawn).
    fn against(&self, g: &EqGame, counts: &[usize]) -> Vec<IBig> {
        let mut w = vec![IBig::ZERO; g.m];
        for (u, ranks) in g.ranks.iter().enumerate() {
            // The best tier holding a draw, and how many draws it holds.
            let (mut top, mut n) = (u32::MAX, 0usize);
            for (i, &c) in counts.iter().enumerate() {
                if c > 0 {
                    if ranks[i] < top {
                        (top, n) = (ranks[i], c);
                    } else if ranks[i] == top {
                        n += c;
                    }
                }
            }
            for (z, wz) in w.iter_mut().enumerate() {
                if ranks[z] < top {
                    *wz += &self.table[u][0];
                } else if ranks[z] == top {
                    *wz += &self.table[u][n];
                }
            }
        }
        w
    }
}

/// y's expected share `W(y, γ)` against the multiset `gamma` (response indices of `g`) for the
/// presentation (y, γ), exactly; `Σ_γ Pr_π(γ) · W(y, γ) = U_k(y, π)` with k = |γ|.
pub fn share_against(g: &EqGame, y: usize, gamma: &[usize]) -> Q {
    let sh = Shares::new(g, gamma.len());
    let mut counts = vec![0usize; g.m];
    for &z in gamma {
        counts[z] += 1;
    }
    let w = sh.against(g, &counts);
    Q::from(w[y].clone()) / Q::from(&g.ctot * &sh.scale)
}

/// The next weak composition of `counts` (same sum), or `false` after the last one. Starting
/// from `(k, 0, …, 0)` this visits every multiset of size k exactly once.
fn next_composition(counts: &mut [usize]) -> bool {
    let r = counts.len();
    if r < 2 {
        return false;
    }
    let last = std::mem::take(&mut counts[r - 1]);
    match (0..r - 1).rev().find(|&i| counts[i] > 0) {
        Some(i) => {
            counts[i] -= 1;
            counts[i + 1] = last + 1;
            true
        }
        None => false,
    }
}

/// Decides the face exemption of the off-support response `y` for a box with support `support`
/// (indices of `game`, the unreduced game of the instance): `Some(Line)` names a support response
/// s and a multiplier λ with `W(y, γ) − 1/(k+1) ≤ λ·(W(s, γ) − 1/(k+1))` for every multiset γ
/// (the first s that has one), `Some(Combination)` says that `W(y, ·) − 1/(k+1)` is a linear
/// combination of the `W(s, ·) − 1/(k+1)`, `None` if neither holds or the test is above
/// [`FACE_MAX_WORK`].
pub fn face_exempt(game: &EqGame, support: &[usize], y: usize, k: usize) -> Option<FaceBound> {
    let r = support.len();
    if r == 0 || k == 0 {
        return None;
    }
    let mut cols = support.to_vec();
    cols.push(y);
    let g = game.restrict(&cols);
    let work = crate::game::multiset::multiset_count(r, k)?.checked_mul(g.ranks.len() as u128)?;
    if work > FACE_MAX_WORK {
        return None;
    }
    let sh = Shares::new(&g, k);
    let third = &g.ctot * &sh.scale / IBig::from(k + 1);
    let mut sets = vec![
        Feasible {
            lo: None,
            hi: None,
            empty: false,
        };
        r
    ];
    let mut span = Span {
        rows: Vec::new(),
        consistent: true,
    };
    let mut counts = vec![0usize; r];
    counts[0] = k;
    loop {
        let w = sh.against(&g, &counts);
        let b = &w[r] - &third;
        for (set, ws) in sets.iter_mut().zip(&w) {
            if !set.empty {
                set.add(&(ws - &third), &b);
            }
        }
        if span.consistent {
            span.add(w.iter().map(|x| Q::from(x - &third)).collect());
        }
        if sets.iter().all(|f| f.empty) && !span.consistent {
            return None;
        }
        if !next_composition(&mut counts) {
            break;
        }
    }
    let line = sets.iter().zip(support).find_map(|(f, &s)| {
        f.pick().map(|lambda| FaceBound::Line {
            response: s,
            lambda,
        })
    });
    line.or(span.consistent.then_some(FaceBound::Combination))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compositions_enumerate_every_multiset_once() {
        for (r, k) in [(1usize, 3usize), (2, 2), (3, 4), (4, 3)] {
            let mut c = vec![0; r];
            c[0] = k;
            let mut seen = vec![c.clone()];
            while next_composition(&mut c) {
                assert_eq!(c.iter().sum::<usize>(), k);
                seen.push(c.clone());
            }
            let n = seen.len();
            seen.sort();
            seen.dedup();
            assert_eq!(seen.len(), n);
            assert_eq!(
                n as u128,
                crate::game::multiset::multiset_count(r, k).unwrap()
            );
        }
    }
}
