//! Exact numbers: the crate's one rational type, parsing from strings, printing as `p/q`,
//! and integer vectors over a common denominator.
//!
//! Every probability, weight, payoff and LP value in ualign is a [`Q`] (dashu's `RBig`,
//! always in lowest terms). Numbers are read from strings only (`"3/8"`, `"-2"`, `"0.125"`),
//! never through `f64`; the README explains why dashu was chosen over num-rational.

use std::cmp::Ordering;

pub use dashu_int::{IBig, UBig};
pub use dashu_ratio::RBig;

/// The exact rational type used everywhere.
pub type Q = RBig;

/// Longest number string accepted (characters), the checker's limit: a 10^6-digit numerator is
/// rejected before any big-integer work starts.
pub use ualign_check::limits::MAX_NUMBER_CHARS;

/// Why a string is not an exact rational.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NumberError {
    #[error("empty number")]
    Empty,
    #[error(
        "`{0}` is not an exact rational (expected \"p/q\", \"p\" or a finite decimal like \"0.125\")"
    )]
    Malformed(String),
    #[error("`{0}` has a zero denominator")]
    ZeroDenominator(String),
    #[error("number has {0} characters, more than the limit of {MAX_NUMBER_CHARS}")]
    TooLong(usize),
}

fn parse_integer(s: &str, whole: &str) -> Result<IBig, NumberError> {
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    if body.is_empty() || !body.bytes().all(|b| b.is_ascii_digit()) {
        return Err(NumberError::Malformed(whole.to_string()));
    }
    s.strip_prefix('+')
        .unwrap_or(s)
        .parse::<IBig>()
        .map_err(|_| NumberError::Malformed(whole.to_string()))
}

/// Parses `"p/q"`, `"p"` or a finite decimal `"d.ddd"` (optional sign) into an exact rational.
/// Exponents, `inf`, `nan`, spaces inside the number and floats written any other way are rejected.
pub fn parse_q(s: &str) -> Result<Q, NumberError> {
    let t = s.trim();
    if t.is_empty() {
        return Err(NumberError::Empty);
    }
    if t.len() > MAX_NUMBER_CHARS {
        return Err(NumberError::TooLong(t.len()));
    }
    if let Some((p, q)) = t.split_once('/') {
        let num = parse_integer(p, t)?;
        if q.starts_with(['-', '+']) {
            return Err(NumberError::Malformed(t.to_string()));
        }
        let den = parse_integer(q, t)?;
        if den == IBig::ZERO {
            return Err(NumberError::ZeroDenominator(t.to_string()));
        }
        let den = UBig::try_from(den).map_err(|_| NumberError::Malformed(t.to_string()))?;
        return Ok(Q::from_parts(num, den));
    }
    if let Some((int, frac)) = t.split_once('.') {
        if frac.is_empty() || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return Err(NumberError::Malformed(t.to_string()));
        }
        let negative = int.starts_with('-');
        let int_part = if matches!(int, "" | "-" | "+") {
            IBig::ZERO
        } else {
            parse_integer(int, t)?
        };
        let scale = UBig::from(10u8).pow(frac.len());
        let frac_num: IBig = frac
            .parse::<IBig>()
            .map_err(|_| NumberError::Malformed(t.to_string()))?;
        let mag = int_part.clone().unsigned_abs_ibig() * IBig::from(scale.clone()) + frac_num;
        let num = if negative { -mag } else { mag };
        return Ok(Q::from_parts(num, scale));
    }
    Ok(Q::from(parse_integer(t, t)?))
}

trait AbsIBig {
    fn unsigned_abs_ibig(self) -> IBig;
}
impl AbsIBig for IBig {
    fn unsigned_abs_ibig(self) -> IBig {
        if self < IBig::ZERO { -self } else { self }
    }
}

/// Prints `p/q` in lowest terms, or `p` when the denominator is 1.
pub fn fmt_q(x: &Q) -> String {
    if x.denominator() == &UBig::ONE {
        x.numerator().to_string()
    } else {
        format!("{}/{}", x.numerator(), x.denominator())
    }
}

/// `p/q (≈ 0.123457)`: the exact value followed by a decimal for humans.
pub fn fmt_q_approx(x: &Q) -> String {
    let s = fmt_q(x);
    if x.denominator() == &UBig::ONE {
        s
    } else {
        format!("{s} (≈ {:.6})", to_f64(x))
    }
}

/// Nearest `f64` (for display, plots and float guidance only).
pub fn to_f64(x: &Q) -> f64 {
    x.to_f64().value()
}

/// The exact rational value of a finite `f64` (a dyadic rational). Used only to turn a float
/// guess into an exact candidate that is then checked exactly.
pub fn from_f64_exact(f: f64) -> Option<Q> {
    Q::try_from(f).ok()
}

/// An `f64` distribution made exact: each entry's exact dyadic value (negative or non-finite
/// entries become 0), renormalised exactly to sum 1; an all-zero vector becomes uniform.
/// Used to turn a float iterate into an exact candidate that is then evaluated exactly.
pub fn distribution_from_f64(pi: &[f64]) -> Vec<Q> {
    let mut p: Vec<Q> = pi
        .iter()
        .map(|&x| {
            if x.is_finite() && x > 0.0 {
                from_f64_exact(x).unwrap_or(Q::ZERO)
            } else {
                Q::ZERO
            }
        })
        .collect();
    let total = sum_q(&p);
    if total == Q::ZERO {
        return vec![q(1, pi.len().max(1) as u64); pi.len()];
    }
    p.iter_mut().for_each(|x| *x = &*x / &total);
    p
}

/// `n/d` as an exact rational (panics if `d == 0`; for constants in code and tests).
pub fn q(n: i64, d: u64) -> Q {
    assert!(d != 0, "zero denominator");
    Q::from_parts(IBig::from(n), UBig::from(d))
}

/// Integer `n` as a rational.
pub fn qi(n: i64) -> Q {
    Q::from(IBig::from(n))
}

/// Greatest common divisor of two naturals.
pub fn gcd(a: &UBig, b: &UBig) -> UBig {
    use dashu_int::ops::Gcd;
    a.gcd(b)
}

/// Least common multiple of two positive naturals.
pub fn lcm(a: &UBig, b: &UBig) -> UBig {
    if a == &UBig::ONE {
        return b.clone();
    }
    if b == &UBig::ONE || a == b {
        return a.clone();
    }
    let g = gcd(a, b);
    a / g * b
}

/// lcm(1, 2, …, n) as a big integer (1 for n = 0). Exceeds 64 bits from n = 47 on.
pub fn lcm_range(n: usize) -> UBig {
    (1..=n).fold(UBig::ONE, |acc, b| lcm(&acc, &UBig::from(b)))
}

/// A vector of rationals written as integers over one shared positive denominator:
/// `value[i] = nums[i] / den`. Sums and dot products then need no gcd per term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommonDen {
    pub nums: Vec<IBig>,
    pub den: UBig,
}

impl CommonDen {
    /// Writes `xs` over the least common denominator of its entries.
    pub fn new(xs: &[Q]) -> Self {
        let den = xs
            .iter()
            .fold(UBig::ONE, |acc, x| lcm(&acc, x.denominator()));
        let nums = xs
            .iter()
            .map(|x| x.numerator() * IBig::from(&den / x.denominator()))
            .collect();
        CommonDen { nums, den }
    }

    /// Entry `i` as a rational in lowest terms.
    pub fn get(&self, i: usize) -> Q {
        Q::from_parts(self.nums[i].clone(), self.den.clone())
    }
}

/// Sum of rationals over their common denominator (one reduction at the end).
pub fn sum_q<'a>(xs: impl IntoIterator<Item = &'a Q>) -> Q {
    let v: Vec<Q> = xs.into_iter().cloned().collect();
    let c = CommonDen::new(&v);
    let total: IBig = c.nums.iter().sum();
    Q::from_parts(total, c.den)
}

/// Maximum of a non-empty slice with the first index attaining it.
pub fn argmax_q(xs: &[Q]) -> Option<(usize, &Q)> {
    let mut best: Option<(usize, &Q)> = None;
    for (i, x) in xs.iter().enumerate() {
        match best {
            None => best = Some((i, x)),
            Some((_, b)) if x.cmp(b) == Ordering::Greater => best = Some((i, x)),
            _ => {}
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_fractions_integers_decimals() {
        assert_eq!(parse_q("3/8").unwrap(), q(3, 8));
        assert_eq!(parse_q("6/16").unwrap(), q(3, 8));
        assert_eq!(parse_q("-2").unwrap(), qi(-2));
        assert_eq!(parse_q("+7").unwrap(), qi(7));
        assert_eq!(parse_q("0.125").unwrap(), q(1, 8));
        assert_eq!(parse_q("-1.5").unwrap(), q(-3, 2));
        assert_eq!(parse_q(".5").unwrap(), q(1, 2));
        assert_eq!(parse_q("-0.25").unwrap(), q(-1, 4));
        assert_eq!(parse_q(" 1/3 ").unwrap(), q(1, 3));
    }

    #[test]
    fn rejects_non_rationals() {
        for bad in [
            "", "1e3", "inf", "nan", "1/", "/2", "1/-2", "1.", "0x10", "1 /2", "--1", "1/2/3",
            "1.2.3",
        ] {
            assert!(parse_q(bad).is_err(), "{bad:?} accepted");
        }
        assert_eq!(
            parse_q("1/0"),
            Err(NumberError::ZeroDenominator("1/0".into()))
        );
        let huge = "9".repeat(MAX_NUMBER_CHARS + 1);
        assert!(matches!(parse_q(&huge), Err(NumberError::TooLong(_))));
    }

    #[test]
    fn prints_lowest_terms() {
        assert_eq!(fmt_q(&q(6, 16)), "3/8");
        assert_eq!(fmt_q(&q(-4, 2)), "-2");
        assert_eq!(fmt_q(&qi(0)), "0");
        assert_eq!(fmt_q_approx(&q(1, 3)), "1/3 (≈ 0.333333)");
    }

    #[test]
    fn common_denominator_roundtrip() {
        let xs = vec![q(1, 2), q(1, 3), q(-5, 6), qi(2)];
        let c = CommonDen::new(&xs);
        assert_eq!(c.den, UBig::from(6u8));
        for (i, x) in xs.iter().enumerate() {
            assert_eq!(&c.get(i), x);
        }
        assert_eq!(sum_q(&xs), qi(2));
    }

    #[test]
    fn lcm_range_is_exact_beyond_u64() {
        assert_eq!(lcm_range(0), UBig::ONE);
        assert_eq!(lcm_range(10), UBig::from(2520u32));
        // lcm(1..=47) = 2^5·3^3·5^2·7^2·11·13·17·19·23·29·31·37·41·43·47 > 2^64.
        let l = lcm_range(47);
        assert!(l > UBig::from(u64::MAX));
        for i in 1..=47u32 {
            assert_eq!(&l % UBig::from(i), UBig::ZERO);
        }
    }

    #[test]
    fn float_to_exact_is_dyadic() {
        assert_eq!(from_f64_exact(0.375).unwrap(), q(3, 8));
        assert!(from_f64_exact(f64::NAN).is_none());
    }
}
