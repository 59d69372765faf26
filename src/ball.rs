//! Mid-radius ball arithmetic over dyadic numbers with outward rounding (docs/THEORY.md §10.1).
//!
//! A [`Ball`] `[m·2^e ± r]` encloses a real number: the midpoint is a dyadic `m·2^e` whose
//! mantissa `m` (a big integer) keeps at most `prec` bits, and the radius `r` is a [`Mag`], a
//! small unsigned float `μ·2^ε` with a mantissa below 2^32 that is only ever rounded *up*.
//! Every operation computes the exact midpoint of the result, rounds it to `prec` bits (towards
//! −∞, an error below one unit in the last place) and adds that error and the propagated input
//! radii to the radius, rounded up. So if the inputs enclose x and y, the result encloses x ∘ y:
//!
//! - `[a ± r] + [b ± s] ∋ x + y` with radius `r + s + (rounding error)`;
//! - `[a ± r]·[b ± s] ∋ x·y` with radius `|a|·s + |b|·r + r·s + (rounding error)`, because
//!   `|xy − ab| = |a(y−b) + b(x−a) + (x−a)(y−b)|`.
//!
//! This is the approach of Arb (F. Johansson, "Arb: efficient arbitrary-precision midpoint-radius
//! interval arithmetic", IEEE Trans. Computers 2017). Nothing here is exact in the sense of the
//! rest of the crate; what is guaranteed is the enclosure. Decisions taken from balls are only
//! ever "the whole ball is below a bound", which is then a proof.

use crate::number::{IBig, Q, UBig};
use dashu_int::ops::{BitTest, PowerOfTwo, UnsignedAbs};

/// Bits of a radius mantissa.
const MAG_BITS: u32 = 32;

/// An upper bound `μ·2^ε ≥ 0` (μ < 2^32); every operation rounds up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mag {
    man: u64,
    exp: i64,
}

fn bits_u128(v: u128) -> u32 {
    128 - v.leading_zeros()
}

impl Mag {
    /// Zero.
    pub const ZERO: Mag = Mag { man: 0, exp: 0 };

    /// `2^e` exactly.
    pub fn pow2(e: i64) -> Mag {
        Mag { man: 1, exp: e }
    }

    /// The smallest `μ·2^ε ≥ v·2^e` with μ < 2^32.
    fn norm(v: u128, e: i64) -> Mag {
        if v == 0 {
            return Mag::ZERO;
        }
        let b = bits_u128(v);
        if b <= MAG_BITS {
            return Mag {
                man: v as u64,
                exp: e,
            };
        }
        let s = b - MAG_BITS;
        let mut man = (v >> s) as u64;
        if v & ((1u128 << s) - 1) != 0 {
            man += 1;
        }
        Mag::norm(man as u128, e + s as i64) // at most one more step (man = 2^32)
    }

    /// An upper bound of `|x|·2^e`.
    pub fn of_int(x: &IBig, e: i64) -> Mag {
        let b = x.bit_len();
        if b <= 100 {
            let v = u128::try_from(x.unsigned_abs()).unwrap_or(u128::MAX);
            return Mag::norm(v, e);
        }
        let s = b - 64;
        let top = u128::try_from(x.unsigned_abs() >> s).unwrap_or(u128::MAX);
        Mag::norm(top + 1, e + s as i64)
    }

    /// Whether the bound is exactly 0 (a zero mantissa).
    pub fn is_zero(&self) -> bool {
        self.man == 0
    }

    /// Upper bound of the sum.
    pub fn plus(self, o: Mag) -> Mag {
        if self.is_zero() {
            return o;
        }
        if o.is_zero() {
            return self;
        }
        let (a, b) = if self.exp >= o.exp {
            (self, o)
        } else {
            (o, self)
        };
        let d = a.exp - b.exp;
        if d >= 64 {
            // b < 2^(b.exp + 32) ≤ 2^(a.exp − 32): one unit of a covers it.
            return Mag::norm(a.man as u128 + 1, a.exp);
        }
        Mag::norm(((a.man as u128) << d) + b.man as u128, b.exp)
    }

    /// Upper bound of the product.
    pub fn times(self, o: Mag) -> Mag {
        if self.is_zero() || o.is_zero() {
            return Mag::ZERO;
        }
        Mag::norm(self.man as u128 * o.man as u128, self.exp + o.exp)
    }

    /// The exact value as `(n, e)` with value `n·2^e`.
    pub fn dyadic(&self) -> (IBig, i64) {
        (IBig::from(self.man), self.exp)
    }
}

/// Exact comparison of dyadics `a·2^ea < b·2^eb`.
pub fn dyadic_lt(a: &IBig, ea: i64, b: &IBig, eb: i64) -> bool {
    let e = ea.min(eb);
    let (x, y) = (a << (ea - e) as usize, b << (eb - e) as usize);
    x < y
}

/// A ball `[mid ± rad]` with `mid = man·2^exp`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ball {
    man: IBig,
    exp: i64,
    rad: Mag,
}

impl Ball {
    /// The exact number 0.
    pub fn zero() -> Ball {
        Ball {
            man: IBig::ZERO,
            exp: 0,
            rad: Mag::ZERO,
        }
    }

    /// The exact dyadic `n·2^e`.
    pub fn dyadic(n: IBig, e: i64) -> Ball {
        Ball {
            man: n,
            exp: e,
            rad: Mag::ZERO,
        }
    }

    /// The exact integer `n`.
    pub fn int(n: IBig) -> Ball {
        Ball::dyadic(n, 0)
    }

    /// `[n·2^e ± r]`.
    pub fn with_rad(n: IBig, e: i64, r: Mag) -> Ball {
        Ball {
            man: n,
            exp: e,
            rad: r,
        }
    }

    /// A ball around the rational `x` with a midpoint of `prec` bits (exact when `x` is dyadic
    /// and short enough).
    pub fn rational(x: &Q, prec: u32) -> Ball {
        let den = x.denominator();
        if den.is_power_of_two() {
            let e = -(den.bit_len() as i64 - 1);
            return Ball::dyadic(x.numerator().clone(), e).round(prec);
        }
        // mid = floor(x·2^s) with s so that the mantissa has about prec bits; error < 2^-s.
        let nb = x.numerator().bit_len() as i64;
        let db = den.bit_len() as i64;
        let s = prec as i64 + 2 - (nb - db);
        let scaled = if s >= 0 {
            x.numerator() << s as usize
        } else {
            x.numerator() >> (-s) as usize
        };
        let q = floor_div(&scaled, den);
        // When s < 0 the shift itself truncated: x·2^s ∈ [scaled/den, (scaled+1)/den), so the
        // floor error stays below 2 units; use 2^(1−s) to be safe.
        Ball::with_rad(q, -s, Mag::pow2(1 - s)).round(prec)
    }

    /// Rounds the midpoint to `prec` bits (towards −∞) and adds the error to the radius.
    pub fn round(self, prec: u32) -> Ball {
        let b = self.man.bit_len();
        if b <= prec as usize {
            return self;
        }
        let s = b - prec as usize;
        Ball {
            man: self.man >> s, // floor: error in [0, 2^s)
            exp: self.exp + s as i64,
            rad: self.rad.plus(Mag::pow2(self.exp + s as i64)),
        }
    }

    /// Exponent of the top bit of |mid| (`None` for a zero midpoint).
    fn top(&self) -> Option<i64> {
        let b = self.man.bit_len();
        (b > 0).then(|| self.exp + b as i64)
    }

    /// Upper bound of |mid|.
    pub fn mid_mag(&self) -> Mag {
        Mag::of_int(&self.man, self.exp)
    }

    /// Upper bound of every |x| in the ball.
    pub fn mag(&self) -> Mag {
        self.mid_mag().plus(self.rad)
    }

    /// The radius.
    pub fn rad(&self) -> Mag {
        self.rad
    }

    /// Sum.
    pub fn add(&self, o: &Ball, prec: u32) -> Ball {
        let (ta, tb) = (self.top(), o.top());
        let far = |big: i64, small: Option<i64>| small.is_none_or(|t| t < big - prec as i64 - 4);
        match (ta, tb) {
            (None, _) => {
                return Ball {
                    rad: o.rad.plus(self.rad),
                    ..o.clone()
                }
                .round(prec);
            }
            (_, None) => {
                return Ball {
                    rad: self.rad.plus(o.rad),
                    ..self.clone()
                }
                .round(prec);
            }
            (Some(a), _) if far(a, tb) => {
                return Ball {
                    rad: self.rad.plus(o.mag()),
                    ..self.clone()
                }
                .round(prec);
            }
            (_, Some(b)) if far(b, ta) => {
                return Ball {
                    rad: o.rad.plus(self.mag()),
                    ..o.clone()
                }
                .round(prec);
            }
            _ => {}
        }
        let e = self.exp.min(o.exp);
        let man = (&self.man << (self.exp - e) as usize) + (&o.man << (o.exp - e) as usize);
        Ball {
            man,
            exp: e,
            rad: self.rad.plus(o.rad),
        }
        .round(prec)
    }

    /// Negation (exact).
    pub fn neg(&self) -> Ball {
        Ball {
            man: -self.man.clone(),
            exp: self.exp,
            rad: self.rad,
        }
    }

    /// Difference.
    pub fn sub(&self, o: &Ball, prec: u32) -> Ball {
        self.add(&o.neg(), prec)
    }

    /// Product.
    pub fn mul(&self, o: &Ball, prec: u32) -> Ball {
        let rad = self
            .mid_mag()
            .times(o.rad)
            .plus(o.mid_mag().times(self.rad))
            .plus(self.rad.times(o.rad));
        Ball {
            man: &self.man * &o.man,
            exp: self.exp + o.exp,
            rad,
        }
        .round(prec)
    }

    /// Product with an exact integer.
    pub fn mul_int(&self, c: &IBig, prec: u32) -> Ball {
        Ball {
            man: &self.man * c,
            exp: self.exp,
            rad: self.rad.times(Mag::of_int(c, 0)),
        }
        .round(prec)
    }

    /// The exact upper end `mid + rad` as `(n, e)` (value `n·2^e`).
    pub fn upper(&self) -> (IBig, i64) {
        let (r, er) = self.rad.dyadic();
        let e = self.exp.min(er);
        (
            (&self.man << (self.exp - e) as usize) + (r << (er - e) as usize),
            e,
        )
    }

    /// The exact lower end `mid − rad` as `(n, e)`.
    pub fn lower(&self) -> (IBig, i64) {
        let (n, e) = self.neg().upper();
        (-n, e)
    }

    /// The midpoint as `f64` (display only).
    pub fn mid_f64(&self) -> f64 {
        let q = dyadic_q(&self.man, self.exp);
        crate::number::to_f64(&q)
    }
}

/// `n·2^e` as a rational.
pub fn dyadic_q(n: &IBig, e: i64) -> Q {
    if e >= 0 {
        Q::from(n << e as usize)
    } else {
        Q::from_parts(n.clone(), UBig::ONE << (-e) as usize)
    }
}

/// Whether every point of `b` is ≤ the rational `x` (exact comparison of the upper end).
pub fn upper_le(b: &Ball, x: &Q) -> bool {
    let (n, e) = b.upper();
    dyadic_q(&n, e) <= *x
}

fn floor_div(a: &IBig, d: &UBig) -> IBig {
    let d = IBig::from(d.clone());
    let q = a / &d;
    if a < &IBig::ZERO && &q * &d != *a {
        q - IBig::ONE
    } else {
        q
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::number::parse_q;

    fn contains(b: &Ball, x: &Q) -> bool {
        let (l, el) = b.lower();
        let (u, eu) = b.upper();
        dyadic_q(&l, el) <= *x && *x <= dyadic_q(&u, eu)
    }

    #[test]
    fn enclosures_hold_for_products_and_sums() {
        let xs = ["1/3", "-7/10", "355/113", "1/1048576", "123456789/1000"];
        for p in [8u32, 24, 53, 120] {
            for a in xs {
                for b in xs {
                    let (qa, qb) = (parse_q(a).unwrap(), parse_q(b).unwrap());
                    let (ba, bb) = (Ball::rational(&qa, p), Ball::rational(&qb, p));
                    assert!(contains(&ba, &qa), "{a} at {p}");
                    assert!(contains(&ba.mul(&bb, p), &(&qa * &qb)), "{a}·{b} at {p}");
                    assert!(contains(&ba.add(&bb, p), &(&qa + &qb)), "{a}+{b} at {p}");
                    assert!(contains(&ba.sub(&bb, p), &(&qa - &qb)), "{a}−{b} at {p}");
                }
            }
        }
    }

    #[test]
    fn powers_stay_enclosed_and_tight() {
        // (1/3)^1024 at 80 bits: enclosed, relative radius tiny.
        let x = parse_q("1/3").unwrap();
        let mut b = Ball::int(IBig::ONE);
        let bx = Ball::rational(&x, 80);
        for _ in 0..1024 {
            b = b.mul(&bx, 80);
        }
        let exact = Q::from_parts(IBig::ONE, UBig::from(3u8).pow(1024));
        assert!(contains(&b, &exact));
        let rel =
            crate::number::to_f64(&(dyadic_q(&b.rad().dyadic().0, b.rad().dyadic().1) / &exact));
        assert!(rel < 1e-18, "relative radius {rel}");
    }

    #[test]
    fn far_apart_sums_keep_the_small_term_in_the_radius() {
        let big = Ball::dyadic(IBig::ONE, 0);
        let tiny = Ball::dyadic(IBig::from(3), -500);
        let s = big.add(&tiny, 32);
        assert!(contains(&s, &(Q::ONE + dyadic_q(&IBig::from(3), -500))));
        assert!(upper_le(&s, &(Q::ONE + dyadic_q(&IBig::ONE, -400))));
    }

    #[test]
    fn mag_rounds_up() {
        let m = Mag::norm((1u128 << 40) + 1, 0);
        let (n, e) = m.dyadic();
        assert!(dyadic_q(&n, e) >= Q::from((1u64 << 40) + 1));
        let s = Mag::pow2(0).plus(Mag::pow2(-200));
        let (n, e) = s.dyadic();
        assert!(dyadic_q(&n, e) > Q::ONE);
    }
}
