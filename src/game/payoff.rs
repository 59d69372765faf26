//! Deviation payoffs U_k(y, π) by the closed form of THEORY.md section 4.
//!
//! For user u let A_u(y) be the π-mass of the responses u ranks at or below y's tier and L_u(y)
//! the mass strictly below it. Then
//!
//! ```text
//! U_k(y, π) = 1/(k+1) · Σ_u ω_u · Σ_{j=0..k} A_u(y)^j · L_u(y)^(k−j).
//! ```
//!
//! The exact version writes π = a/D and ω_u = c_u/C over common denominators and sums integers
//! `G(α, λ) = Σ_j α^j λ^(k−j) = (α^(k+1) − λ^(k+1)) / (α − λ)` (one exact division, no gcd per
//! term); the only reduction is the final fraction `S_y / ((k+1)·C·D^k)`.

use std::collections::HashMap;

use crate::instance::Instance;
use crate::number::{CommonDen, IBig, Q, UBig};

/// Per-user tier masses and their suffix sums: `suffix[t]` = mass of tiers t.. (at or below t).
fn suffix_masses(ranks: &[u32], a: &[IBig], out: &mut Vec<IBig>) {
    let tiers = ranks.iter().copied().max().unwrap_or(0) as usize + 1;
    out.clear();
    out.resize(tiers + 1, IBig::ZERO);
    for (y, &r) in ranks.iter().enumerate() {
        if a[y] != IBig::ZERO {
            out[r as usize] += &a[y];
        }
    }
    for t in (0..tiers).rev() {
        let below = out[t + 1].clone();
        out[t] += below;
    }
}

/// `G_t = Σ_{j=0..k} s_t^j s_{t+1}^(k−j)` for every tier t of one user, from the suffix masses
/// `s`: `(s_t^(k+1) − s_{t+1}^(k+1)) / (s_t − s_{t+1})` (exact division), or `(k+1)·s_t^k` when
/// the tier has no mass. Each power is computed once and shared by the two neighbouring tiers.
fn tier_sums(s: &[IBig], k: usize, out: &mut Vec<IBig>) {
    out.clear();
    let tiers = s.len() - 1;
    let mut upper = s[0].pow(k + 1);
    for t in 0..tiers {
        let lower = if s[t + 1] == IBig::ZERO {
            IBig::ZERO
        } else {
            s[t + 1].pow(k + 1)
        };
        let g = if s[t] == s[t + 1] {
            s[t].pow(k) * IBig::from(k + 1)
        } else {
            (&upper - &lower) / (&s[t] - &s[t + 1])
        };
        out.push(g);
        upper = lower;
    }
}

/// Largest m for which [`deviation_payoffs`] caches tier sums across users.
const CACHE_MAX_M: usize = 16;

/// The tier structure of one user as bit masks (tier t → set of responses in it); two users
/// with equal keys have equal suffix masses for every π.
fn tier_chain_key(ranks: &[u32]) -> Vec<u16> {
    let tiers = ranks.iter().copied().max().unwrap_or(0) as usize + 1;
    let mut key = vec![0u16; tiers];
    for (y, &r) in ranks.iter().enumerate() {
        key[r as usize] |= 1 << y;
    }
    key
}

/// U_k(y, π) for every response y, exactly (THEORY.md section 4, closed form).
///
/// `pi` must have one entry per response; it need not be validated here (the formula is a
/// polynomial), but callers pass distributions. Panics if `k == 0`.
pub fn deviation_payoffs(inst: &Instance, pi: &[Q], k: usize) -> Vec<Q> {
    assert!(k >= 1, "k must be at least 1");
    assert_eq!(pi.len(), inst.m(), "policy length");
    let pd = CommonDen::new(pi);
    let (weights, total) = inst.integer_weights();
    let mut sums = vec![IBig::ZERO; inst.m()];
    let (mut suffix, mut g) = (Vec::new(), Vec::new());
    // With few responses many users share the same chain of "at or below" sets: cache the tier
    // sums by that chain (bit masks). Measured: 3x on APA 1998 (m = 5), a loss for m = 30.
    let use_cache = inst.m() <= CACHE_MAX_M;
    let mut cache: HashMap<Vec<u16>, Vec<IBig>> = HashMap::new();
    for (u, w) in weights.iter().enumerate() {
        let ranks = &inst.rank_table()[u];
        let key = if use_cache {
            tier_chain_key(ranks)
        } else {
            Vec::new()
        };
        match cache.get(&key).filter(|_| use_cache) {
            Some(cached) => g.clone_from(cached),
            None => {
                suffix_masses(ranks, &pd.nums, &mut suffix);
                tier_sums(&suffix, k, &mut g);
                if use_cache {
                    cache.insert(key, g.clone());
                }
            }
        }
        for x in g.iter_mut() {
            *x *= w;
        }
        for (y, &r) in ranks.iter().enumerate() {
            sums[y] += &g[r as usize];
        }
    }
    let den = total * IBig::from(k + 1) * IBig::from(pd.den.pow(k));
    let den = UBig::try_from(den).expect("positive denominator");
    sums.into_iter()
        .map(|s| Q::from_parts(s, den.clone()))
        .collect()
}

/// The same game in `f64`, precomputed for fast repeated evaluation (self-play dynamics and
/// float guidance). Results are float estimates, never reported as exact.
#[derive(Debug, Clone)]
pub struct FloatGame {
    omega: Vec<f64>,
    ranks: Vec<Vec<u32>>,
    m: usize,
}

impl FloatGame {
    pub fn new(inst: &Instance) -> Self {
        let omega = (0..inst.n())
            .map(|u| crate::number::to_f64(&inst.omega(u)))
            .collect();
        FloatGame {
            omega,
            ranks: inst.rank_table().to_vec(),
            m: inst.m(),
        }
    }

    pub fn m(&self) -> usize {
        self.m
    }

    /// U_k(y, π) for every y in `f64` (same closed form, direct sum of the k+1 terms).
    pub fn payoffs(&self, pi: &[f64], k: usize) -> Vec<f64> {
        let mut out = vec![0.0; self.m];
        let mut mass = Vec::new();
        for (u, ranks) in self.ranks.iter().enumerate() {
            let tiers = ranks.iter().copied().max().unwrap_or(0) as usize + 1;
            mass.clear();
            mass.resize(tiers + 1, 0.0);
            for (y, &r) in ranks.iter().enumerate() {
                mass[r as usize] += pi[y];
            }
            for t in (0..tiers).rev() {
                mass[t] += mass[t + 1];
            }
            let mut per_tier = vec![f64::NAN; tiers];
            for (y, &r) in ranks.iter().enumerate() {
                let r = r as usize;
                if per_tier[r].is_nan() {
                    per_tier[r] = g_f64(mass[r], mass[r + 1], k);
                }
                out[y] += self.omega[u] * per_tier[r];
            }
        }
        let scale = 1.0 / (k as f64 + 1.0);
        out.iter_mut().for_each(|x| *x *= scale);
        out
    }

    /// ε(π) = max_y U_k(y, π) − 1/(k+1) in `f64`.
    pub fn exploitability(&self, pi: &[f64], k: usize) -> f64 {
        let u = self.payoffs(pi, k);
        u.iter().cloned().fold(f64::MIN, f64::max) - 1.0 / (k as f64 + 1.0)
    }
}

/// `Σ_{j=0..k} a^j l^(k−j)` in `f64` by Horner's rule in `a` (all terms non-negative: stable).
fn g_f64(a: f64, l: f64, k: usize) -> f64 {
    let mut acc = 1.0;
    let mut lp = 1.0;
    for _ in 0..k {
        lp *= l;
        acc = acc * a + lp;
    }
    acc
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::number::{q, to_f64};

    #[test]
    fn tier_sums_match_direct_sum() {
        for k in 1..6 {
            let s: Vec<IBig> = [9, 5, 5, 2, 0].iter().map(|&x| IBig::from(x)).collect();
            let mut g = Vec::new();
            tier_sums(&s, k, &mut g);
            for t in 0..4 {
                let (a, l) = ([9i64, 5, 5, 2, 0][t], [9i64, 5, 5, 2, 0][t + 1]);
                let direct: i64 = (0..=k)
                    .map(|j| a.pow(j as u32) * l.pow((k - j) as u32))
                    .sum();
                assert_eq!(g[t], IBig::from(direct), "k={k} t={t}");
            }
        }
    }

    #[test]
    fn g_f64_matches_sum() {
        for k in 1..8 {
            for (a, l) in [(0.5, 0.25), (0.3, 0.3), (0.9, 0.0), (0.0, 0.0), (1.0, 0.5)] {
                let direct: f64 = (0..=k)
                    .map(|j| f64::powi(a, j as i32) * f64::powi(l, (k - j) as i32))
                    .sum();
                assert!((g_f64(a, l, k) - direct).abs() < 1e-12);
            }
        }
    }

    #[test]
    fn float_twin_agrees_with_exact() {
        let inst = crate::instance::json::parse(
            r#"{"responses":["a","b","c"],"users":[
            {"weight":"2","ranking":[["a"],["b","c"]]},{"weight":"1","ranking":["c"]}]}"#,
        )
        .unwrap();
        let pi = [q(1, 2), q(1, 4), q(1, 4)];
        let pf: Vec<f64> = pi.iter().map(to_f64).collect();
        for k in 1..6 {
            let ex = deviation_payoffs(&inst, &pi, k);
            let fl = FloatGame::new(&inst).payoffs(&pf, k);
            for (e, f) in ex.iter().zip(&fl) {
                assert!((to_f64(e) - f).abs() < 1e-12);
            }
        }
    }
}
