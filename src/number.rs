//! Exact numbers: the crate's one rational type, parsing from strings, printing as `p/q`,
//! and integer vectors over a common denominator.
//!
//! Every probability, weight, payoff and LP value in ualign is a [`Q`] (dashu's `RBig`,
//! always in lowest terms). Numbers are read from strings only (`"3/8"`, `"-2"`, `"0.125"`),
//! in one strict grammar ([`parse_q`]), never through `f64`; the README explains why dashu was chosen over num-rational.

use std::cmp::Ordering;

pub use dashu_int::{IBig, UBig};
pub use dashu_ratio::RBig;

/// The exact rational type used everywhere.
///
/// ```
/// use ualign::{Q, number::{fmt_q, parse_q, q}};
/// let x: Q = parse_q("0.125")?;
/// assert_eq!(x, q(1, 8));
/// assert_eq!(parse_q("6/16")?, q(3, 8)); // always in lowest terms
/// assert_eq!(fmt_q(&(q(1, 3) + q(1, 6))), "1/2");
/// assert!(parse_q("1e-3").is_err()); // never read through a float
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub type Q = RBig;

/// Longest number string accepted (characters), the checker's limit: a 10^6-digit numerator is
/// rejected before any big-integer work starts.
pub use ualign_check::limits::MAX_NUMBER_CHARS;

/// Why a string is not an exact rational.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NumberError {
    /// The string is empty (or only whitespace).
    #[error("empty number")]
    Empty,
    #[error(
        "`{0}` is not an exact rational (expected \"p/q\", \"p\" or a finite decimal like \"0.125\")"
    )]
    /// Not of the form `p/q`, `p` or a finite decimal (the string, as given).
    Malformed(String),
    #[error("`{0}` has a zero denominator")]
    /// `p/0` (the string, as given).
    ZeroDenominator(String),
    #[error("number has {0} characters, more than the limit of {MAX_NUMBER_CHARS}")]
    /// More than [`MAX_NUMBER_CHARS`] characters (the length).
    TooLong(usize),
}

/// `0` or a non-zero digit followed by digits: a natural number without leading zeros.
fn is_natural(s: &str) -> bool {
    match s.as_bytes() {
        [b'0'] => true,
        [b'1'..=b'9', rest @ ..] => rest.iter().all(u8::is_ascii_digit),
        _ => false,
    }
}

fn natural(s: &str, whole: &str) -> Result<IBig, NumberError> {
    if !is_natural(s) {
        return Err(NumberError::Malformed(whole.to_string()));
    }
    s.parse::<IBig>()
        .map_err(|_| NumberError::Malformed(whole.to_string()))
}

/// Parses a natural number written as `0` or digits without a leading zero (PrefLib counts),
/// with the same length limit as [`parse_q`].
pub fn parse_natural(s: &str) -> Result<IBig, NumberError> {
    if s.is_empty() {
        return Err(NumberError::Empty);
    }
    if s.len() > MAX_NUMBER_CHARS {
        return Err(NumberError::TooLong(s.len()));
    }
    natural(s, s)
}

/// Parses an exact rational written in the one number grammar of ualign (README, "Numbers"):
///
/// ```text
/// number   = ["-"] natural ["/" positive] | ["-"] natural "." digit {digit}
/// natural  = "0" | nonzero {digit}        positive = nonzero {digit}
/// ```
///
/// No spaces or other characters anywhere (no trimming), no `+`, no leading zeros unless the
/// number is 0, no exponents, `inf` or `nan`; a minus sign on a zero value (`-0`) is refused;
/// at most [`MAX_NUMBER_CHARS`] characters. `"6/16"` is accepted and reduced to `3/8`.
pub fn parse_q(s: &str) -> Result<Q, NumberError> {
    if s.is_empty() {
        return Err(NumberError::Empty);
    }
    if s.len() > MAX_NUMBER_CHARS {
        return Err(NumberError::TooLong(s.len()));
    }
    let (negative, body) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let value = if let Some((p, q)) = body.split_once('/') {
        let num = natural(p, s)?;
        if q == "0" {
            return Err(NumberError::ZeroDenominator(s.to_string()));
        }
        if q.starts_with('0') {
            return Err(NumberError::Malformed(s.to_string()));
        }
        let den =
            UBig::try_from(natural(q, s)?).map_err(|_| NumberError::Malformed(s.to_string()))?;
        Q::from_parts(num, den)
    } else if let Some((int, frac)) = body.split_once('.') {
        if frac.is_empty() || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return Err(NumberError::Malformed(s.to_string()));
        }
        let scale = UBig::from(10u8).pow(frac.len());
        let frac_num = frac
            .parse::<IBig>()
            .map_err(|_| NumberError::Malformed(s.to_string()))?;
        let mag = natural(int, s)? * IBig::from(scale.clone()) + frac_num;
        Q::from_parts(mag, scale)
    } else {
        Q::from(natural(body, s)?)
    };
    if negative && value == Q::ZERO {
        return Err(NumberError::Malformed(s.to_string()));
    }
    Ok(if negative { -value } else { value })
}

/// Prints `p/q` in lowest terms, or `p` when the denominator is 1.
pub fn fmt_q(x: &Q) -> String {
    if x.denominator() == &UBig::ONE {
        x.numerator().to_string()
    } else {
        format!("{}/{}", x.numerator(), x.denominator())
    }
}

/// Longest exact number printed in full for people; longer ones are shown by their decimal
/// value and digit counts (the exact text stays in `--json` and CSV outputs).
pub const MAX_HUMAN_DIGITS: usize = 30;

/// `p/q (≈ 0.123457)`: the exact value followed by a decimal for humans. A value whose exact
/// text is longer than [`MAX_HUMAN_DIGITS`] characters is printed as `≈ 0.600000 (exact: 489/489
/// digits)` instead, so no human table carries hundreds of digits.
pub fn fmt_q_approx(x: &Q) -> String {
    let s = fmt_q(x);
    let f = to_f64(x);
    if s.len() > MAX_HUMAN_DIGITS {
        let value = if f != 0.0 && f.abs() < 1e-4 {
            format!("{f:.6e}")
        } else {
            format!("{f:.6}")
        };
        let digits = |n: String| n.trim_start_matches('-').len();
        format!(
            "≈ {value} (exact: {}/{} digits)",
            digits(x.numerator().to_string()),
            digits(x.denominator().to_string())
        )
    } else if x.denominator() == &UBig::ONE {
        s
    } else {
        format!("{s} (≈ {f:.6})")
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
    /// The integer numerators, one per entry.
    pub nums: Vec<IBig>,
    /// The shared denominator, the lcm of the entries' denominators (1 for an empty vector).
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
        assert_eq!(parse_q("0.125").unwrap(), q(1, 8));
        assert_eq!(parse_q("-1.5").unwrap(), q(-3, 2));
        assert_eq!(parse_q("-0.25").unwrap(), q(-1, 4));
        assert_eq!(parse_q("0.000").unwrap(), qi(0));
        assert_eq!(parse_q("0/7").unwrap(), qi(0));
        assert_eq!(parse_q("10.50").unwrap(), q(21, 2));
    }

    #[test]
    fn rejects_non_rationals() {
        for bad in [
            "",
            "1e3",
            "inf",
            "nan",
            "1/",
            "/2",
            "1/-2",
            "1.",
            "0x10",
            "1 /2",
            "--1",
            "1/2/3",
            "1.2.3",
            "+7",
            " 1/3",
            "1/3 ",
            "\u{a0}2/3\u{a0}",
            "\u{feff}1",
            "002/003",
            "2/03",
            "00",
            "01",
            "-0",
            "-0/3",
            "-0.0",
            ".5",
            "-.5",
            "1/+2",
            "1/2.5",
            "1.-5",
            "٣",
            "1_000",
        ] {
            assert!(parse_q(bad).is_err(), "{bad:?} accepted");
        }
        assert_eq!(
            parse_q("1/0"),
            Err(NumberError::ZeroDenominator("1/0".into()))
        );
        assert_eq!(
            parse_q("3/0"),
            Err(NumberError::ZeroDenominator("3/0".into()))
        );
        let huge = "9".repeat(MAX_NUMBER_CHARS + 1);
        assert!(matches!(parse_q(&huge), Err(NumberError::TooLong(_))));
        assert!(matches!(parse_natural(&huge), Err(NumberError::TooLong(_))));
        assert_eq!(parse_natural("120").unwrap(), IBig::from(120u8));
        for bad in ["", "+1", "012", "-1", "1 ", "1.0"] {
            assert!(parse_natural(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn prints_lowest_terms() {
        assert_eq!(fmt_q(&q(6, 16)), "3/8");
        assert_eq!(fmt_q(&q(-4, 2)), "-2");
        assert_eq!(fmt_q(&qi(0)), "0");
        assert_eq!(fmt_q_approx(&q(1, 3)), "1/3 (≈ 0.333333)");
        let long = Q::from_parts(
            IBig::from(10u8).pow(40) + IBig::ONE,
            UBig::from(10u8).pow(41),
        );
        assert_eq!(fmt_q_approx(&long), "≈ 0.100000 (exact: 41/42 digits)");
        let tiny = Q::from_parts(IBig::from(3u8), UBig::from(10u8).pow(60));
        assert_eq!(fmt_q_approx(&tiny), "≈ 3.000000e-60 (exact: 1/61 digits)");
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
