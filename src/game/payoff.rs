//! Deviation payoffs U_k(y, π) by the closed form of docs/THEORY.md §4.
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

/// Per-user tier masses and their suffix sums: `out[t]` = mass of tiers t.. (at or below t), for
/// t = 0..=T with T = max rank + 1 (`out[T]` = 0). Shared with the equilibrium solver.
pub(crate) fn suffix_masses(ranks: &[u32], a: &[IBig], out: &mut Vec<IBig>) {
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

/// Largest m for which [`deviation_payoffs`] groups (user, response) terms by their pair of
/// "at or below" / "strictly below" response sets (bit masks).
const GROUPED_MAX_M: usize = 16;

/// U_k(y, π) for every response y, exactly (docs/THEORY.md §4, closed form).
///
/// `pi` must have one entry per response; it need not be validated here (the formula is a
/// polynomial), but callers pass distributions. Panics if `k == 0`.
pub fn deviation_payoffs(inst: &Instance, pi: &[Q], k: usize) -> Vec<Q> {
    assert!(k >= 1, "k must be at least 1");
    assert_eq!(pi.len(), inst.m(), "policy length");
    let pd = CommonDen::new(pi);
    let (_, total) = inst.integer_weights();
    let sums = if inst.m() <= GROUPED_MAX_M {
        grouped_sums(inst, &pd.nums, k)
    } else {
        per_user_sums(inst, &pd.nums, k)
    };
    let den = total * IBig::from(k + 1) * IBig::from(pd.den.pow(k));
    let den = UBig::try_from(den)
        .expect("total weight (an Instance invariant), k + 1 and π's common den are > 0");
    sums.into_iter()
        .map(|s| Q::from_parts(s, den.clone()))
        .collect()
}

/// `S_y = Σ_u c_u · G(α_u(y), λ_u(y))`, user by user (any m).
fn per_user_sums(inst: &Instance, a: &[IBig], k: usize) -> Vec<IBig> {
    let m = inst.m();
    let (weights, _) = inst.integer_weights();
    let mut sums = vec![IBig::ZERO; m];
    // For a tier holding one response y with a_y > 0, G = (s_t^(k+1) − s_{t+1}^(k+1)) / a_y: the
    // division by a_y is the same for every user, so the numerators are summed first and divided
    // once per response at the end (each term is divisible by a_y, hence so is the sum).
    let mut numer = vec![IBig::ZERO; m];
    let mut suffix = Vec::new();
    let (mut count, mut first) = (Vec::new(), Vec::new());
    for (u, w) in weights.iter().enumerate() {
        let ranks = &inst.rank_table()[u];
        suffix_masses(ranks, a, &mut suffix);
        let tiers = suffix.len() - 1;
        count.clear();
        count.resize(tiers, 0usize);
        first.clear();
        first.resize(tiers, usize::MAX);
        for (y, &r) in ranks.iter().enumerate() {
            count[r as usize] += 1;
            first[r as usize] = first[r as usize].min(y);
        }
        let mut upper = pow_fast(&suffix[0], k + 1);
        let mut shared: Vec<Option<IBig>> = vec![None; tiers];
        for t in 0..tiers {
            let lower = if suffix[t + 1] == IBig::ZERO {
                IBig::ZERO
            } else {
                pow_fast(&suffix[t + 1], k + 1)
            };
            if count[t] == 1 && a[first[t]] != IBig::ZERO {
                numer[first[t]] += w * (&upper - &lower);
            } else if count[t] > 0 {
                let g = if suffix[t] == suffix[t + 1] {
                    pow_fast(&suffix[t], k) * IBig::from(k + 1)
                } else {
                    (&upper - &lower) / (&suffix[t] - &suffix[t + 1])
                };
                shared[t] = Some(g * w);
            }
            upper = lower;
        }
        for (y, &r) in ranks.iter().enumerate() {
            if let Some(g) = &shared[r as usize] {
                sums[y] += g;
            }
        }
    }
    for y in 0..m {
        if numer[y] != IBig::ZERO {
            sums[y] += &numer[y] / &a[y];
        }
    }
    sums
}

/// `base^e` for a non-negative base, with the first factors in `u128` while they fit (no
/// allocation), then one big-integer power of that block.
fn pow_fast(base: &IBig, e: usize) -> IBig {
    let Ok(b) = u64::try_from(base) else {
        return base.pow(e);
    };
    let b = u128::from(b);
    if b <= 1 {
        return if b == 0 && e > 0 {
            IBig::ZERO
        } else {
            IBig::ONE
        };
    }
    // The largest i ≤ e with b^i < 2^128.
    let (mut block, mut i) = (1u128, 0usize);
    while i < e {
        match block.checked_mul(b) {
            Some(v) => {
                block = v;
                i += 1;
            }
            None => break,
        }
    }
    if i == e {
        return IBig::from(block);
    }
    let rest = b.pow((e % i) as u32);
    IBig::from(block).pow(e / i) * IBig::from(rest)
}

/// The same sums for m ≤ 16, grouped: α_u(y) and λ_u(y) are the masses of two response sets
/// (at or below y's tier, strictly below it). Users' weights are first added per (y, set pair);
/// then G is computed once per distinct pair. With few responses there are few distinct pairs
/// (at most 3^m), so the big-integer work no longer grows with the number of users.
fn grouped_sums(inst: &Instance, a: &[IBig], k: usize) -> Vec<IBig> {
    let m = inst.m();
    let (weights, _) = inst.integer_weights();
    let mut index: HashMap<u32, usize> = HashMap::new();
    let mut pairs: Vec<(u16, u16)> = Vec::new();
    // agg[p][y]: total weight of users for whom response y has set pair p.
    let mut agg: Vec<Vec<IBig>> = Vec::new();
    let mut tier_mask: Vec<u16> = Vec::new();
    for (u, w) in weights.iter().enumerate() {
        let ranks = &inst.rank_table()[u];
        let tiers = ranks.iter().copied().max().unwrap_or(0) as usize + 1;
        tier_mask.clear();
        tier_mask.resize(tiers + 1, 0);
        for (y, &r) in ranks.iter().enumerate() {
            tier_mask[r as usize] |= 1 << y;
        }
        for t in (0..tiers).rev() {
            let below = tier_mask[t + 1];
            tier_mask[t] |= below;
        }
        for (y, &r) in ranks.iter().enumerate() {
            let (at_or_below, below) = (tier_mask[r as usize], tier_mask[r as usize + 1]);
            let key = (u32::from(at_or_below) << 16) | u32::from(below);
            let p = *index.entry(key).or_insert_with(|| {
                pairs.push((at_or_below, below));
                agg.push(vec![IBig::ZERO; m]);
                pairs.len() - 1
            });
            agg[p][y] += w;
        }
    }
    let mass = |mask: u16| -> IBig {
        (0..m)
            .filter(|&y| mask & (1 << y) != 0)
            .map(|y| &a[y])
            .sum()
    };
    let mut powers: HashMap<u16, IBig> = HashMap::new();
    let mut power = |mask: u16, value: &IBig| -> IBig {
        powers
            .entry(mask)
            .or_insert_with(|| pow_fast(value, k + 1))
            .clone()
    };
    let mut sums = vec![IBig::ZERO; m];
    for (p, &(hi_mask, lo_mask)) in pairs.iter().enumerate() {
        let (alpha, lambda) = (mass(hi_mask), mass(lo_mask));
        let g = if alpha == lambda {
            pow_fast(&alpha, k) * IBig::from(k + 1)
        } else {
            (power(hi_mask, &alpha) - power(lo_mask, &lambda)) / (&alpha - &lambda)
        };
        for (y, w) in agg[p].iter().enumerate() {
            if *w != IBig::ZERO {
                sums[y] += w * &g;
            }
        }
    }
    sums
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
    /// The `f64` copy of `inst`: ω_u rounded to the nearest `f64`, the rank table as is.
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

    /// The number of responses m.
    pub fn m(&self) -> usize {
        self.m
    }

    /// U_k(y, π) for every y in `f64` (same closed form, direct sum of the k+1 terms).
    pub fn payoffs(&self, pi: &[f64], k: usize) -> Vec<f64> {
        let mut out = vec![0.0; self.m];
        let mut mass = Vec::new();
        for (u, ranks) in self.ranks.iter().enumerate() {
            let tiers = ranks.iter().copied().max().unwrap_or(0) as usize + 1;
            suffix_masses_f64(ranks, tiers, pi, &mut mass);
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

/// `f64` suffix masses: `out[t]` = π-mass of tiers t.. for t = 0..=tiers (`out[tiers]` = 0).
pub(crate) fn suffix_masses_f64(ranks: &[u32], tiers: usize, pi: &[f64], out: &mut Vec<f64>) {
    out.clear();
    out.resize(tiers + 1, 0.0);
    for (y, &r) in ranks.iter().enumerate() {
        out[r as usize] += pi[y];
    }
    for t in (0..tiers).rev() {
        out[t] += out[t + 1];
    }
}

/// `Σ_{j=0..k} a^j l^(k−j)` in `f64` by Horner's rule in `a` (all terms non-negative: stable).
pub(crate) fn g_f64(a: f64, l: f64, k: usize) -> f64 {
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
    fn grouped_and_per_user_sums_agree() {
        use crate::families::{RandomModel, random};
        for (seed, m) in [(1u64, 3usize), (2, 5), (3, 8), (4, 12), (5, 16)] {
            let inst = random(&RandomModel::ImpartialSample, m, 40, seed).unwrap();
            let pi: Vec<Q> = (0..m)
                .map(|i| q(i as i64 + 1, (m * (m + 1) / 2) as u64))
                .collect();
            let pd = CommonDen::new(&pi);
            for k in [1usize, 2, 5] {
                assert_eq!(
                    grouped_sums(&inst, &pd.nums, k),
                    per_user_sums(&inst, &pd.nums, k)
                );
            }
        }
        // Ties and unranked responses too.
        let inst = crate::instance::json::parse(
            r#"{"responses":["a","b","c","d"],"users":[
            {"weight":"2","ranking":[["a","c"],["b"]]},{"weight":"1/3","ranking":["d"]},
            {"weight":"1","ranking":[]}]}"#,
        )
        .unwrap();
        let pd = CommonDen::new(&[q(1, 2), q(1, 4), q(0, 1), q(1, 4)]);
        for k in 1..5 {
            assert_eq!(
                grouped_sums(&inst, &pd.nums, k),
                per_user_sums(&inst, &pd.nums, k)
            );
        }
    }

    #[test]
    fn pow_fast_matches_pow() {
        for base in [0u64, 1, 2, 3, 1 << 30, (1 << 30) + 7, u64::MAX] {
            for e in 0..20 {
                assert_eq!(
                    pow_fast(&IBig::from(base), e),
                    IBig::from(base).pow(e),
                    "{base}^{e}"
                );
            }
        }
        let big = IBig::from(u64::MAX) * IBig::from(3u8);
        assert_eq!(pow_fast(&big, 5), big.pow(5));
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
