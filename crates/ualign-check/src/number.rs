//! The checker's own exact numbers: rationals of the rust-num library (`num-rational` over
//! `num-bigint`, a different big-integer library from the solver's dashu, so that a bug in one
//! cannot hide in both), parsed from strings and printed as `p/q`.
//!
//! Everything here is exact; [`approx`] prints a decimal approximation for people, computed
//! with integers (never through `f64`). Errors are plain strings, made `Malformed` by callers.

use num_bigint::{BigInt, BigUint};
use num_integer::Integer;
use num_rational::BigRational;

use crate::limits::MAX_NUMBER_CHARS;

/// The exact rational type of the checker, always in lowest terms.
pub type Q = BigRational;

/// The integer n as a rational.
pub fn int(n: usize) -> Q {
    Q::from_integer(BigInt::from(n))
}

/// 0.
pub fn zero() -> Q {
    int(0)
}

/// 1.
pub fn one() -> Q {
    int(1)
}

/// A natural number without leading zeros: `0`, or a non-zero digit followed by digits.
fn natural(s: &str, whole: &str) -> Result<BigInt, String> {
    let ok = match s.as_bytes() {
        [b'0'] => true,
        [b'1'..=b'9', rest @ ..] => rest.iter().all(u8::is_ascii_digit),
        _ => false,
    };
    let value: BigUint =
        if ok { s.parse().ok() } else { None }.ok_or_else(|| not_rational(whole))?;
    Ok(BigInt::from(value))
}

fn not_rational(s: &str) -> String {
    format!(
        "`{s}` is not an exact rational (expected \"p/q\", \"p\" or a finite decimal like \"0.125\")"
    )
}

/// Parses a number in the one grammar of ualign (README, "Number grammar"):
///
/// ```text
/// number  = ["-"] natural ["/" positive] | ["-"] natural "." digit {digit}
/// natural = "0" | nonzero {digit}        positive = nonzero {digit}
/// ```
///
/// Nothing is trimmed; no `+`, no leading zeros unless the number is 0, no `-0`, no exponents,
/// `inf` or `nan`, no zero denominator, and at most [`MAX_NUMBER_CHARS`] characters (checked
/// before any arithmetic). `"6/16"` is read as 3/8.
pub fn parse_q(s: &str) -> Result<Q, String> {
    if s.is_empty() {
        return Err("empty number".into());
    }
    if s.len() > MAX_NUMBER_CHARS {
        return Err(format!(
            "number has {} characters, more than the limit of {MAX_NUMBER_CHARS}",
            s.len()
        ));
    }
    let (negative, body) = s.strip_prefix('-').map_or((false, s), |b| (true, b));
    let x = if let Some((p, q)) = body.split_once('/') {
        if q == "0" {
            return Err(format!("`{s}` has a zero denominator"));
        }
        Q::new(natural(p, s)?, natural(q, s)?)
    } else if let Some((whole, frac)) = body.split_once('.') {
        if frac.is_empty() || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return Err(not_rational(s));
        }
        let scale = BigInt::from(10u8).pow(frac.len() as u32);
        let frac: BigUint = frac.parse().map_err(|_| not_rational(s))?;
        Q::new(natural(whole, s)? * &scale + BigInt::from(frac), scale)
    } else {
        Q::from_integer(natural(body, s)?)
    };
    if negative && x == zero() {
        return Err(not_rational(s));
    }
    Ok(if negative { -x } else { x })
}

/// `"p/q"` in lowest terms, or `"p"` for an integer.
pub fn fmt_q(x: &Q) -> String {
    if x.is_integer() {
        x.numer().to_string()
    } else {
        format!("{}/{}", x.numer(), x.denom())
    }
}

/// Decimal digits of |n| (0 has one digit).
pub fn digits(n: &BigInt) -> usize {
    n.magnitude().to_string().len()
}

/// `d.dddddde±N`, x to 7 significant digits, truncated toward zero (exact integer arithmetic,
/// so any magnitude prints, including ones outside the range of `f64`).
pub fn approx(x: &Q) -> String {
    if x.numer() == &BigInt::from(0u8) {
        return "0".into();
    }
    let sign = if x.numer() < &BigInt::from(0u8) {
        "-"
    } else {
        ""
    };
    let (n, d) = (x.numer().magnitude(), x.denom().magnitude());
    // n/d lies in [10^(e−1), 10^(e+1)) with e = digits(n) − digits(d).
    let e = n.to_string().len() as i64 - d.to_string().len() as i64;
    let ten = BigUint::from(10u8);
    let scaled = |shift: i64| -> BigUint {
        // ⌊n · 10^shift / d⌋
        if shift >= 0 {
            n * ten.pow(shift as u32) / d
        } else {
            n / (d * ten.pow((-shift) as u32))
        }
    };
    let mut exp = e;
    let mut s = scaled(6 - exp).to_string();
    if s.len() < 7 {
        exp -= 1;
        s = scaled(6 - exp).to_string();
    }
    format!("{sign}{}.{}e{exp}", &s[..1], &s[1..7.min(s.len())])
}

/// A rational for messages, exact (`p/q`); human output shortens long ones ([`shorten`]).
pub fn show(x: &Q) -> String {
    fmt_q(x)
}

/// Text for people: every number in `text` longer than 30 characters (`p`, `-p` or `p/q`)
/// becomes `≈ d.dddddde±N, P/Q digits`, so no line carries thousands of digits. Machine output
/// (`--json`) keeps the exact text.
pub fn shorten(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(|c: char| c.is_ascii_digit()) {
        let (before, from) = rest.split_at(start);
        let mut end = from
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(from.len());
        if from[end..].starts_with('/') && from[end + 1..].starts_with(|c: char| c.is_ascii_digit())
        {
            end += 1 + from[end + 1..]
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(from.len() - end - 1);
        }
        let negative = before.ends_with('-');
        let token = &from[..end];
        match parse_q(token) {
            Ok(x) if token.len() > 30 => {
                let x = if negative { -x } else { x };
                out.push_str(&before[..before.len() - usize::from(negative)]);
                out.push_str(&format!(
                    "≈ {}, {}/{} digits",
                    approx(&x),
                    digits(x.numer()),
                    digits(x.denom())
                ));
            }
            _ => {
                out.push_str(before);
                out.push_str(token);
            }
        }
        rest = &from[end..];
    }
    out.push_str(rest);
    out
}

/// Least common multiple of two positive integers. The gcd runs on (a mod b, b), both at most
/// the size of b: num-bigint's gcd (Stein's binary algorithm) costs about the product of its
/// operands' lengths, so this keeps a long running lcm from making every step expensive.
pub fn lcm(a: &BigInt, b: &BigInt) -> BigInt {
    if a.magnitude() % b.magnitude() == num_bigint::BigUint::from(0u8) {
        return a.clone();
    }
    let g = (a % b).gcd(b);
    a * (b / g)
}

/// Integers over a common denominator: x_i = `nums[i]` / den exactly.
#[derive(Debug, Clone)]
pub struct CommonDen {
    /// The least common denominator.
    pub den: BigInt,
    /// The numerators over `den`.
    pub nums: Vec<BigInt>,
}

impl CommonDen {
    /// Puts `xs` over their least common denominator.
    pub fn new(xs: &[Q]) -> Self {
        let den = xs.iter().fold(BigInt::from(1u8), |a, x| lcm(&a, x.denom()));
        let nums = xs.iter().map(|x| x.numer() * (&den / x.denom())).collect();
        CommonDen { den, nums }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_exactly() {
        assert!(parse_q("6/-4").is_err());
        assert_eq!(fmt_q(&parse_q("-6/4").unwrap()), "-3/2");
        assert_eq!(fmt_q(&parse_q("0.125").unwrap()), "1/8");
        assert_eq!(fmt_q(&parse_q("-0.5").unwrap()), "-1/2");
        assert_eq!(fmt_q(&parse_q("10.50").unwrap()), "21/2");
        assert_eq!(fmt_q(&parse_q("0").unwrap()), "0");
        assert_eq!(fmt_q(&parse_q("0/7").unwrap()), "0");
        assert_eq!(fmt_q(&parse_q("0.000").unwrap()), "0");
        // The strict grammar: no spaces, `+`, leading zeros, `-0`, bare `.5` or `5.`.
        for bad in [
            "", "1e3", "inf", "1/0", "1_0", "0x1", "1.", "1 /2", "--1", "1.-5", " 1", "1 ",
            "\u{a0}1", "+7", "-.5", ".5", "01", "002/003", "3/05", "00.5", "-0", "-0/3", "-0.0",
            "1/2/3", "1.5/2", "1/2.5", "٣",
        ] {
            assert!(parse_q(bad).is_err(), "{bad}");
        }
        assert!(parse_q(&"9".repeat(MAX_NUMBER_CHARS + 1)).is_err());
    }

    #[test]
    fn approximations_are_truncated_to_seven_digits() {
        assert_eq!(approx(&parse_q("1/3").unwrap()), "3.333333e-1");
        assert_eq!(approx(&parse_q("-2/3").unwrap()), "-6.666666e-1");
        assert_eq!(approx(&parse_q("1000").unwrap()), "1.000000e3");
        assert_eq!(approx(&parse_q("999/1000").unwrap()), "9.990000e-1");
        let tiny = Q::new(BigInt::from(5u8), BigInt::from(10u8).pow(400));
        assert_eq!(approx(&tiny), "5.000000e-400");
        let long = format!("R = 1/{} and -{}0 ≤ 3/4", "7".repeat(50), "1".repeat(40));
        assert_eq!(
            shorten(&long),
            "R = ≈ 1.285714e-50, 1/50 digits and ≈ -1.111111e40, 41/1 digits ≤ 3/4"
        );
    }
}
