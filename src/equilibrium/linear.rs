//! k = 1: the support system `U_1(s, π) = U_1(b, π)` is linear in π (docs/THEORY.md §4) and is
//! solved exactly over the rationals; the caller verifies the result exactly.

use crate::number::{IBig, Q};

use super::game::EqGame;
use super::linalg::solve_exact;
use super::search::Candidate;

/// k = 1: solve `U_1(s, π) = U_1(b, π)` for `s ∈ S∖{b}`, `Σ_S π = 1` exactly.
pub(super) fn solve_linear_k1(g: &EqGame, c: &Candidate) -> Option<Vec<Q>> {
    let s = &c.support;
    let d = s.len();
    // M[y][z] = Σ_u c_u ([t_z ≥ t_y] + [t_z > t_y]) restricted to the support.
    let mut mm = vec![vec![IBig::ZERO; d]; d];
    for (u, r) in g.ranks.iter().enumerate() {
        for (i, &y) in s.iter().enumerate() {
            for (j, &z) in s.iter().enumerate() {
                if r[z] > r[y] {
                    mm[i][j] += &g.c[u] * IBig::from(2u8);
                } else if r[z] == r[y] {
                    mm[i][j] += &g.c[u];
                }
            }
        }
    }
    let bi = s.iter().position(|&y| y == c.basis)?;
    let mut a: Vec<Vec<Q>> = Vec::with_capacity(d);
    let mut rhs: Vec<Q> = Vec::with_capacity(d);
    for i in (0..d).filter(|&i| i != bi) {
        a.push((0..d).map(|j| Q::from(&mm[i][j] - &mm[bi][j])).collect());
        rhs.push(Q::ZERO);
    }
    a.push(vec![Q::ONE; d]);
    rhs.push(Q::ONE);
    let x = solve_exact(&a, &rhs)?;
    let mut pi = vec![Q::ZERO; g.m];
    for (i, &y) in s.iter().enumerate() {
        pi[y] = x[i].clone();
    }
    Some(pi)
}
