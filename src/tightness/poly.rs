//! Polynomials in one variable N with exact rational coefficients (ascending powers), and the
//! sign test used to prove a statement for every N ≥ N0 (docs/THEORY.md §9).

use crate::number::{IBig, Q, UBig};
use dashu_int::ops::UnsignedAbs;

/// c_0 + c_1·N + … + c_d·N^d, with no trailing zero coefficients.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Poly(Vec<Q>);

impl Poly {
    /// The polynomial with these coefficients (ascending powers); trailing zeros are dropped.
    pub fn new(mut coeffs: Vec<Q>) -> Poly {
        while coeffs.last().is_some_and(|c| *c == Q::ZERO) {
            coeffs.pop();
        }
        Poly(coeffs)
    }

    /// The coefficients, ascending; empty for the zero polynomial.
    pub fn coeffs(&self) -> &[Q] {
        &self.0
    }

    /// p(x), exactly (Horner).
    pub fn eval(&self, x: &Q) -> Q {
        self.0.iter().rev().fold(Q::ZERO, |acc, c| acc * x + c)
    }

    /// p − q.
    pub fn sub(&self, other: &Poly) -> Poly {
        let n = self.0.len().max(other.0.len());
        let get = |v: &Vec<Q>, i: usize| v.get(i).cloned().unwrap_or(Q::ZERO);
        Poly::new((0..n).map(|i| get(&self.0, i) - get(&other.0, i)).collect())
    }

    /// p · q.
    pub fn mul(&self, other: &Poly) -> Poly {
        if self.0.is_empty() || other.0.is_empty() {
            return Poly(Vec::new());
        }
        let mut out = vec![Q::ZERO; self.0.len() + other.0.len() - 1];
        for (i, a) in self.0.iter().enumerate() {
            for (j, b) in other.0.iter().enumerate() {
                out[i + j] += a * b;
            }
        }
        Poly::new(out)
    }

    /// The Taylor shift p(a + t), as a polynomial in t (synthetic division, O(d²)).
    pub fn shift(&self, a: &Q) -> Poly {
        let mut c = self.0.clone();
        let d = c.len();
        for i in 0..d {
            for j in (i..d.saturating_sub(1)).rev() {
                let add = &c[j + 1] * a;
                c[j] += add;
            }
        }
        Poly::new(c)
    }

    /// Descartes' rule after the shift N = n0 + t: when every coefficient of p(n0 + t) is ≥ 0,
    /// p(N) ≥ 0 for every real N ≥ n0 (a sum of non-negative terms). A sufficient condition.
    pub fn nonnegative_from(&self, n0: u64) -> bool {
        self.shift(&Q::from(n0)).0.iter().all(|c| *c >= Q::ZERO)
    }

    /// The same polynomial scaled to coprime integer coefficients with the sign kept
    /// (multiplied by the lcm of the denominators, divided by the gcd of the numerators).
    pub fn integer_coefficients(&self) -> Vec<IBig> {
        let mut l = UBig::ONE;
        for c in &self.0 {
            l = crate::number::lcm(&l, c.denominator());
        }
        let ints: Vec<IBig> = self
            .0
            .iter()
            .map(|c| c.numerator() * IBig::from(&l / c.denominator()))
            .collect();
        let mut g = UBig::ZERO;
        for x in ints.iter().filter(|x| **x != IBig::ZERO) {
            g = if g == UBig::ZERO {
                x.unsigned_abs()
            } else {
                crate::number::gcd(&g, &x.unsigned_abs())
            };
        }
        if g == UBig::ZERO || g == UBig::ONE {
            return ints;
        }
        let g = IBig::from(g);
        ints.into_iter().map(|x| x / &g).collect()
    }
}
