//! Small exact-arithmetic helpers shared by the standard form and the checker: lcm against a
//! machine-word denominator without a big gcd, and unreduced fractions compared by
//! cross-multiplication (no gcd at all).

use std::cmp::Ordering;

use crate::number::{IBig, Q, UBig, lcm};

/// Binary (Stein) gcd; `gcd(a, 0) = a`.
fn gcd_u64(mut a: u64, mut b: u64) -> u64 {
    if a == 0 || b == 0 {
        return a | b;
    }
    let shift = (a | b).trailing_zeros();
    a >>= a.trailing_zeros();
    loop {
        b >>= b.trailing_zeros();
        if a > b {
            std::mem::swap(&mut a, &mut b);
        }
        b -= a;
        if b == 0 {
            return a << shift;
        }
    }
}

/// The factor `f` with `lcm(l, q) = l·f`; when `q` fits in a word, the gcd is taken of
/// `l mod q` and `q` in machine arithmetic.
pub(crate) fn lcm_factor(l: &UBig, q: &UBig) -> UBig {
    if *q == UBig::ONE || q == l {
        return UBig::ONE;
    }
    match u64::try_from(q) {
        Ok(qs) => {
            let r: u64 = l % qs;
            UBig::from(qs / gcd_u64(qs, r))
        }
        Err(_) => lcm(l, q) / l,
    }
}

/// `lcm(l, q)` (see [`lcm_factor`]).
pub(crate) fn lcm_small(l: &UBig, q: &UBig) -> UBig {
    let f = lcm_factor(l, q);
    if f == UBig::ONE { l.clone() } else { l * f }
}

/// `xs` over a common denominator (an lcm computed with [`lcm_small`]).
pub(crate) fn common_den<'a>(xs: impl Iterator<Item = &'a Q> + Clone) -> (Vec<IBig>, UBig) {
    let den = xs
        .clone()
        .fold(UBig::ONE, |acc, x| lcm_small(&acc, x.denominator()));
    let nums = xs
        .map(|x| {
            if x.denominator() == &den {
                x.numerator().clone()
            } else {
                x.numerator() * IBig::from(&den / x.denominator())
            }
        })
        .collect();
    (nums, den)
}

/// A nearby `f64` (within a few ulps; for guidance only).
pub(crate) fn approx_q(x: &Q) -> f64 {
    if let (Ok(n), Ok(d)) = (i64::try_from(x.numerator()), u64::try_from(x.denominator())) {
        n as f64 / d as f64
    } else {
        x.to_f64_fast()
    }
}

/// An unreduced fraction `num / den`, `den > 0`.
#[derive(Debug, Clone)]
pub(crate) struct Frac {
    pub num: IBig,
    pub den: UBig,
}

impl Frac {
    pub fn cmp_q(&self, r: &Q) -> Ordering {
        (&self.num * IBig::from(r.denominator().clone()))
            .cmp(&(r.numerator() * IBig::from(self.den.clone())))
    }

    pub fn sign(&self) -> Ordering {
        self.num.cmp(&IBig::ZERO)
    }

    pub fn to_q(&self) -> Q {
        Q::from_parts(self.num.clone(), self.den.clone())
    }
}

/// `Σ a_k n_k / den` exactly (unreduced), skipping zero terms.
pub(crate) fn dot_over<'a>(pairs: impl Iterator<Item = (&'a Q, &'a IBig)>, den: &UBig) -> Frac {
    let mut num = IBig::ZERO;
    let mut l = UBig::ONE;
    for (a, n) in pairs {
        if *n == IBig::ZERO || *a == Q::ZERO {
            continue;
        }
        let qd = a.denominator();
        if qd == &l {
            num += a.numerator() * n;
        } else {
            let f = lcm_factor(&l, qd);
            if f != UBig::ONE {
                num *= IBig::from(f.clone());
                l *= f;
            }
            num += a.numerator() * n * IBig::from(&l / qd);
        }
    }
    Frac { num, den: l * den }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::number::{q, qi};

    #[test]
    fn binary_gcd() {
        for a in 0..60u64 {
            for b in 0..60u64 {
                let mut x = (a, b);
                while x.1 != 0 {
                    x = (x.1, x.0 % x.1);
                }
                assert_eq!(gcd_u64(a, b), x.0, "gcd({a}, {b})");
            }
        }
        assert_eq!(gcd_u64(1 << 40, 3 << 38), 1 << 38);
    }

    #[test]
    fn lcm_and_dot() {
        let l = UBig::from(12u8);
        assert_eq!(lcm_small(&l, &UBig::from(8u8)), UBig::from(24u8));
        assert_eq!(lcm_factor(&l, &UBig::from(10u8)), UBig::from(5u8));
        let big = UBig::from(10u8).pow(30);
        assert_eq!(lcm_small(&l, &big), big.clone() * UBig::from(3u8));
        assert_eq!(lcm_small(&l, &UBig::from(6u8)), l);
        let xs = [q(1, 6), q(-3, 4), qi(2)];
        let (nums, den) = common_den(xs.iter());
        assert_eq!(den, UBig::from(12u8));
        assert_eq!(nums, vec![IBig::from(2), IBig::from(-9), IBig::from(24)]);
        let a = [q(1, 2), q(1, 3), q(5, 7)];
        let n = [IBig::from(3), IBig::from(0), IBig::from(-7)];
        let f = dot_over(a.iter().zip(&n), &UBig::from(5u8));
        assert_eq!(f.to_q(), q(3 - 10, 2 * 5));
        assert_eq!(f.cmp_q(&q(-7, 10)), Ordering::Equal);
        assert_eq!(f.sign(), Ordering::Less);
    }
}
