//! The alignment game in the form the equilibrium code works with: user types with identical
//! weak orders merged (weights added, an exact operation), tiers renumbered densely, integer
//! weights `c_u` with `ω_u = c_u / C`, and optionally *clones* collapsed (responses that every user
//! puts in the same tier: they have identical deviation payoffs, and only their total mass
//! matters).
//!
//! Three evaluators of the same closed form `U_k(y, π) = 1/(k+1) Σ_u ω_u G_k(A_u(y), L_u(y))`
//! with `G_k(a, l) = Σ_{j=0..k} a^j l^(k−j)`:
//! - `f64` payoffs and Jacobians (float guidance only);
//! - fixed-point big integers (high-precision refinement, rounding is harmless there because every
//!   claim is re-checked exactly afterwards);
//! - exact integers (used by the certificate check, see `certify.rs`).

use std::collections::HashMap;

use crate::instance::Instance;
use crate::number::{IBig, to_f64};

/// An instance reduced for equilibrium computations.
#[derive(Debug, Clone)]
pub struct EqGame {
    /// Number of responses (of this game; after collapsing clones, of the representatives).
    pub m: usize,
    /// `ranks[u][y]`: dense tier index of `y` for merged user type `u` (0 = best).
    pub ranks: Vec<Vec<u32>>,
    /// Number of tiers of user type `u` (max rank + 1).
    pub tiers: Vec<usize>,
    /// Integer weights `c_u > 0` with `ω_u = c_u / ctot`.
    pub c: Vec<IBig>,
    /// `C = Σ_u c_u`.
    pub ctot: IBig,
    /// `ω_u` as `f64` (guidance only).
    pub w: Vec<f64>,
}

fn dense(ranks: &[u32]) -> Vec<u32> {
    let mut vals: Vec<u32> = ranks.to_vec();
    vals.sort_unstable();
    vals.dedup();
    ranks
        .iter()
        .map(|r| vals.binary_search(r).expect("present") as u32)
        .collect()
}

impl EqGame {
    /// The instance with identical user orders merged (exact: weights add).
    pub fn from_instance(inst: &Instance) -> Self {
        let (weights, _) = inst.integer_weights();
        let cols: Vec<usize> = (0..inst.m()).collect();
        Self::build(inst.rank_table(), weights, &cols)
    }

    /// Restricts to the response columns `cols` (in that order) and merges equal orders.
    fn build(rank_table: &[Vec<u32>], weights: &[IBig], cols: &[usize]) -> Self {
        let mut index: HashMap<Vec<u32>, usize> = HashMap::new();
        let mut ranks: Vec<Vec<u32>> = Vec::new();
        let mut c: Vec<IBig> = Vec::new();
        for (row, w) in rank_table.iter().zip(weights) {
            let restricted: Vec<u32> = cols.iter().map(|&y| row[y]).collect();
            let d = dense(&restricted);
            match index.get(&d) {
                Some(&i) => c[i] += w,
                None => {
                    index.insert(d.clone(), ranks.len());
                    ranks.push(d);
                    c.push(w.clone());
                }
            }
        }
        let ctot: IBig = c.iter().sum();
        let tiers = ranks
            .iter()
            .map(|r| r.iter().copied().max().unwrap_or(0) as usize + 1)
            .collect();
        let ctot_q = crate::number::Q::from(ctot.clone());
        let w = c
            .iter()
            .map(|ci| to_f64(&(crate::number::Q::from(ci.clone()) / &ctot_q)))
            .collect();
        EqGame {
            m: cols.len(),
            ranks,
            tiers,
            c,
            ctot,
            w,
        }
    }

    /// Collapses clones: returns the game on one representative per clone class (the first
    /// index of each class) and the representatives' indices in `self`.
    pub fn collapse_clones(&self) -> (EqGame, Vec<usize>) {
        let reps = clone_representatives(&self.ranks, self.m);
        (self.restrict(&reps), reps)
    }

    /// The game on the responses `cols` of `self` only (in that order), equal restricted orders
    /// merged. Its payoffs at a policy supported on `cols` equal those of `self` (the masses
    /// `A_u`, `L_u` of the closed form only involve responses with positive probability).
    pub fn restrict(&self, cols: &[usize]) -> EqGame {
        Self::build(&self.ranks, &self.c, cols)
    }

    /// `U_k(y, π)` for every y, in `f64`.
    pub fn payoffs_f64(&self, pi: &[f64], k: usize) -> Vec<f64> {
        let mut out = vec![0.0; self.m];
        let mut suffix = Vec::new();
        let mut per_tier = Vec::new();
        for (u, ranks) in self.ranks.iter().enumerate() {
            crate::game::payoff::suffix_masses_f64(ranks, self.tiers[u], pi, &mut suffix);
            per_tier.clear();
            per_tier.extend((0..self.tiers[u]).map(|t| g_f64(suffix[t], suffix[t + 1], k)));
            for (y, &r) in ranks.iter().enumerate() {
                out[y] += self.w[u] * per_tier[r as usize];
            }
        }
        let s = 1.0 / (k as f64 + 1.0);
        out.iter_mut().for_each(|x| *x *= s);
        out
    }

    /// `U_k(y, π)` for every y and the Jacobian `H[i][j] = ∂U_k(set[i], π)/∂π(set[j])` for the
    /// responses in `set`, in `f64`.
    pub fn jacobian_f64(&self, pi: &[f64], k: usize, set: &[usize]) -> (Vec<f64>, Vec<Vec<f64>>) {
        let d = set.len();
        let mut out = vec![0.0; self.m];
        let mut h = vec![vec![0.0; d]; d];
        let mut suffix = Vec::new();
        let mut vals: Vec<(f64, f64, f64)> = Vec::new();
        for (u, ranks) in self.ranks.iter().enumerate() {
            crate::game::payoff::suffix_masses_f64(ranks, self.tiers[u], pi, &mut suffix);
            vals.clear();
            vals.extend((0..self.tiers[u]).map(|t| g3_f64(suffix[t], suffix[t + 1], k)));
            let w = self.w[u];
            for (y, &r) in ranks.iter().enumerate() {
                out[y] += w * vals[r as usize].0;
            }
            for (i, &y) in set.iter().enumerate() {
                let ty = ranks[y];
                let (_, ga, gl) = vals[ty as usize];
                let row = &mut h[i];
                for (j, &z) in set.iter().enumerate() {
                    let tz = ranks[z];
                    if tz > ty {
                        row[j] += w * (ga + gl);
                    } else if tz == ty {
                        row[j] += w * ga;
                    }
                }
            }
        }
        let s = 1.0 / (k as f64 + 1.0);
        out.iter_mut().for_each(|x| *x *= s);
        h.iter_mut()
            .for_each(|row| row.iter_mut().for_each(|x| *x *= s));
        (out, h)
    }

    /// Fixed-point evaluation: `Σ_u c_u G_k(A_u(y), L_u(y))` scaled by `2^bits` for every `y` in
    /// `set`, where `pi[y]` holds `π(y)·2^bits` (truncated arithmetic; guidance only).
    pub fn weighted_g_fixed(&self, pi: &[IBig], k: usize, bits: usize, set: &[usize]) -> Vec<IBig> {
        let mut out = vec![IBig::ZERO; set.len()];
        let one = IBig::ONE << bits;
        for (u, ranks) in self.ranks.iter().enumerate() {
            let tiers = self.tiers[u];
            let mut suffix = Vec::new();
            crate::game::payoff::suffix_masses(ranks, pi, &mut suffix);
            let mut per_tier: Vec<Option<IBig>> = vec![None; tiers];
            for (i, &y) in set.iter().enumerate() {
                let t = ranks[y] as usize;
                if per_tier[t].is_none() {
                    let (a, l) = (&suffix[t], &suffix[t + 1]);
                    let mut acc = one.clone();
                    let mut lp = one.clone();
                    for _ in 0..k {
                        lp = (&lp * l) >> bits;
                        acc = ((&acc * a) >> bits) + &lp;
                    }
                    per_tier[t] = Some(acc * &self.c[u]);
                }
                out[i] += per_tier[t].as_ref().expect("set above");
            }
        }
        out
    }
}

/// The first index of each class of identical columns of `ranks` (responses that every user
/// puts in the same tier), in increasing order.
pub fn clone_representatives(ranks: &[Vec<u32>], m: usize) -> Vec<usize> {
    let mut seen: HashMap<Vec<u32>, usize> = HashMap::new();
    let mut reps = Vec::new();
    for y in 0..m {
        let col: Vec<u32> = ranks.iter().map(|r| r[y]).collect();
        if seen.insert(col, y).is_none() {
            reps.push(y);
        }
    }
    reps
}

pub(crate) use crate::game::payoff::g_f64;

/// `(G, ∂G/∂a, ∂G/∂l)` at `(a, l)`.
pub fn g3_f64(a: f64, l: f64, k: usize) -> (f64, f64, f64) {
    // G_j = Σ_{i=0..j} a^i l^(j−i) satisfies G_j = a·G_{j−1} + l^j, and
    // ∂G_j/∂a = G_{j−1} + a·∂G_{j−1}/∂a, ∂G_j/∂l = a·∂G_{j−1}/∂l + j·l^(j−1).
    let (mut g, mut ga, mut gl) = (1.0, 0.0, 0.0);
    let mut lp_prev = 1.0; // l^(j−1)
    for j in 1..=k {
        let lp = lp_prev * l;
        let ng = a * g + lp;
        let nga = g + a * ga;
        let ngl = a * gl + j as f64 * lp_prev;
        g = ng;
        ga = nga;
        gl = ngl;
        lp_prev = lp;
    }
    (g, ga, gl)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn g3_matches_finite_differences() {
        for k in 1..7 {
            for (a, l) in [(0.7, 0.2), (0.5, 0.5), (0.9, 0.0), (0.3, 0.1)] {
                let (g, ga, gl) = g3_f64(a, l, k);
                assert!((g - g_f64(a, l, k)).abs() < 1e-12);
                let h = 1e-6;
                let nga = (g_f64(a + h, l, k) - g_f64(a - h, l, k)) / (2.0 * h);
                let ngl = (g_f64(a, l + h, k) - g_f64(a, l - h, k)) / (2.0 * h);
                assert!((ga - nga).abs() < 1e-6, "k={k} ga {ga} vs {nga}");
                assert!((gl - ngl).abs() < 1e-6, "k={k} gl {gl} vs {ngl}");
            }
        }
    }
}
