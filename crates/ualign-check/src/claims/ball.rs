//! Enclosures of the tier polynomial for boxes with `ball_precision` (docs/THEORY.md §10.1):
//! directed-rounding fixed point, cost linear in k (the checker's own code, none of the solver's).
//!
//! With a = p + r (mass at or below y's tier), l = r (below it): `profile::tier_poly(p, r, k, 1)`
//! = [G, G_a, G_a + G_l]/(k+1), G(a, l) = Σ_{j=0..k} a^j l^(k−j), by G_j = a·G_{j−1} + l^j,
//! G_a,j = G_{j−1} + a·G_a,j−1, G_l,j = a·G_l,j−1 + j·l^(j−1): sums of products of non-negative
//! numbers, so on integers scaled by 2^f, rounding every input and product down (up) gives a lower
//! (upper) bound. f = precision + 2·bits(k+1) + 8: the ≤ (k+1)² units lost stay below 2^-precision.

use std::cell::RefCell;
use std::collections::HashMap;

use num_bigint::BigInt;
use num_integer::Integer;

use crate::number::{Q, zero};
use crate::profile::{Profile, tier_masses, tier_poly};

type Key = ([[BigInt; 2]; 2], bool);

/// Lower or upper bounds of `tier_poly(p, r, k, 1)` at exact masses: the exact values, or for
/// ball boxes the fixed-point bounds (cached per point).
pub struct Enclose {
    k: usize,
    frac: Option<usize>,
    /// Keyed by the reduced numerators and denominators (hashing a `Ratio` expands it into a
    /// continued fraction, which costs more than the evaluation at small k).
    cache: RefCell<HashMap<Key, [Q; 3]>>,
}

impl Enclose {
    pub fn new(k: usize, ball_precision: Option<u64>) -> Enclose {
        let bits = (usize::BITS - (k + 1).leading_zeros()) as usize;
        Enclose {
            k,
            frac: ball_precision.map(|p| p as usize + 2 * bits + 8),
            cache: RefCell::new(HashMap::new()),
        }
    }

    pub fn is_ball(&self) -> bool {
        self.frac.is_some()
    }

    /// Bounds below (`up` false) or above of [h, ∂h/∂p, ∂h/∂r] (derivatives only when `derivs`
    /// in exact mode; always in fixed point, where they cost little).
    pub fn at(&self, p: &Q, r: &Q, up: bool, derivs: bool) -> [Q; 3] {
        let Some(f) = self.frac else {
            return tier_poly(p, r, self.k, 1, derivs);
        };
        let key = ([p, r].map(|x| [x.numer().clone(), x.denom().clone()]), up);
        if let Some(v) = self.cache.borrow().get(&key) {
            return v.clone();
        }
        let den = BigInt::from(self.k + 1) << f;
        let v = g3(&(p + r), r, self.k, f, up).map(|g| Q::new(g, den.clone()));
        self.cache.borrow_mut().insert(key, v.clone());
        v
    }

    /// Enclosures [lo, hi] of U_k(y, π) for the responses `ys`.
    pub fn payoffs(&self, prof: &Profile, pi: &[Q], ys: &[usize]) -> Vec<(Q, Q)> {
        ys.iter()
            .map(|&y| {
                let (mut lo, mut hi) = (zero(), zero());
                for (w, rank) in prof.omega.iter().zip(&prof.rank) {
                    let (p, low) = tier_masses(rank, rank[y], pi);
                    lo += w * &self.at(&p, &low, false, false)[0];
                    hi += w * &self.at(&p, &low, true, false)[0];
                }
                (lo, hi)
            })
            .collect()
    }
}

/// x·2^f rounded down or up (x ≥ 0).
fn fix(x: &Q, f: usize, up: bool) -> BigInt {
    let (q, rem) = (x.numer() << f).div_rem(x.denom());
    q + u8::from(up && rem != BigInt::from(0u8))
}

/// x·y/2^f rounded down or up (x, y ≥ 0).
fn mul(x: &BigInt, y: &BigInt, f: usize, up: bool) -> BigInt {
    let z = x * y;
    let low = up && z.trailing_zeros().is_some_and(|t| t < f as u64);
    (z >> f) + u8::from(low)
}

/// 2^f·[G, G_a, G_a + G_l] at (a, l), every step rounded down or up.
fn g3(a: &Q, l: &Q, k: usize, f: usize, up: bool) -> [BigInt; 3] {
    let (a, l) = (fix(a, f, up), fix(l, f, up));
    let mut g = BigInt::from(1u8) << f;
    let mut lp = g.clone();
    let (mut ga, mut gl) = (BigInt::from(0u8), BigInt::from(0u8));
    for j in 1..=k {
        gl = mul(&a, &gl, f, up) + &lp * j;
        ga = &g + mul(&a, &ga, f, up);
        lp = mul(&lp, &l, f, up);
        g = mul(&a, &g, f, up) + &lp;
    }
    [g, ga.clone(), ga + gl]
}

/// Whether x = n/2^e.
pub fn is_dyadic(x: &Q) -> bool {
    let d = x.denom();
    d.trailing_zeros().is_some_and(|t| d.bits() == t + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::number::int;

    #[test]
    fn bounds_enclose_the_exact_tier_polynomial_tightly() {
        let q = |n: usize, d: usize| int(n) / int(d);
        for k in [1usize, 2, 5, 17, 64, 300] {
            let enc = Enclose::new(k, Some(64));
            for (p, r) in [(q(1, 3), q(1, 2)), (q(0, 1), q(3, 7)), (q(5, 8), q(0, 1))] {
                let exact = tier_poly(&p, &r, k, 1, true);
                let (lo, hi) = (enc.at(&p, &r, false, true), enc.at(&p, &r, true, true));
                for i in 0..3 {
                    assert!(lo[i] <= exact[i] && exact[i] <= hi[i], "k={k} i={i}");
                    assert!(&hi[i] - &lo[i] < q(1, 1 << 60), "k={k} i={i}");
                }
            }
        }
        assert!(is_dyadic(&q(3, 1024)) && is_dyadic(&q(5, 1)) && !is_dyadic(&q(1, 6)));
    }
}
