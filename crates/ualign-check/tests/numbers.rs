//! The checker's numbers (`src/number.rs`): the grammar's edges, the decimal approximations and
//! the shortening of long numbers in messages, and the least common denominators the face test
//! and the evaluator compute with (cargo-mutants run of 2026-11-30, see `tests/MUTANTS.md`).

use num_bigint::BigInt;
use ualign_check::limits::MAX_NUMBER_CHARS;
use ualign_check::number::{CommonDen, Q, approx, fmt_q, lcm, parse_q, shorten};

fn q(s: &str) -> Q {
    parse_q(s).unwrap()
}

fn big(s: &str) -> BigInt {
    s.parse().unwrap()
}

#[test]
fn a_number_of_exactly_the_character_limit_is_read() {
    let nines = "9".repeat(MAX_NUMBER_CHARS);
    let x = parse_q(&nines).unwrap();
    assert_eq!(
        x + Q::from_integer(1.into()),
        Q::from_integer(BigInt::from(10u8).pow(MAX_NUMBER_CHARS as u32))
    );
    let over = format!("{nines}9");
    assert_eq!(
        parse_q(&over).unwrap_err(),
        format!("number has 20001 characters, more than the limit of {MAX_NUMBER_CHARS}")
    );
}

#[test]
fn decimals_with_separators_or_signs_in_the_fraction_are_refused() {
    // num-bigint's own parser skips `_` and takes a leading `+`; the grammar allows neither.
    for bad in ["1.5_0", "0._1", "1.+5", "2.5+", "1.", "1.x"] {
        assert_eq!(
            parse_q(bad).unwrap_err(),
            format!(
                "`{bad}` is not an exact rational (expected \"p/q\", \"p\" or a finite decimal \
                 like \"0.125\")"
            ),
            "{bad}"
        );
    }
    assert_eq!(parse_q("3/0").unwrap_err(), "`3/0` has a zero denominator");
    assert_eq!(parse_q("").unwrap_err(), "empty number");
    assert_eq!(fmt_q(&q("1.05")), "21/20");
    assert_eq!(fmt_q(&q("-100.001")), "-100001/1000");
    assert_eq!(fmt_q(&q("0.50")), "1/2");
}

#[test]
fn approximations_truncate_to_seven_significant_digits() {
    let ten = |e: u32| BigInt::from(10u8).pow(e);
    let cases = [
        (q("9"), "9.000000e0"),
        (q("10/3"), "3.333333e0"),
        (q("1/3"), "3.333333e-1"),
        (q("99/10"), "9.900000e0"),
        (q("1/10"), "1.000000e-1"),
        (q("-7/8"), "-8.750000e-1"),
        (q("123456789"), "1.234567e8"),
        (q("999999999/1000"), "9.999999e5"),
        // Large numbers (the shift below zero), over a denominator other than 1.
        (Q::new(ten(40), 3.into()), "3.333333e39"),
        (Q::new(ten(40) * 2 + 1, 7.into()), "2.857142e39"),
        (Q::new(-ten(50), 9.into()), "-1.111111e49"),
        (Q::new(1.into(), ten(30) * 3), "3.333333e-31"),
    ];
    for (x, want) in cases {
        assert_eq!(approx(&x), want, "{}", fmt_q(&x));
    }
}

#[test]
fn only_numbers_longer_than_thirty_characters_are_shortened() {
    let d30 = "1".repeat(30);
    let d31 = "1".repeat(31);
    assert_eq!(shorten(&format!("x = {d30}")), format!("x = {d30}"));
    assert_eq!(
        shorten(&format!("x = {d31}")),
        "x = ≈ 1.111111e30, 31/1 digits"
    );
    // A fraction at the very end of the text, and one whose numerator alone is short.
    assert_eq!(
        shorten(&format!("1/{}", "3".repeat(40))),
        "≈ 3.000000e-40, 1/40 digits"
    );
    // A long number followed by a space and digits: two numbers, not one.
    assert_eq!(
        shorten(&format!("{d31} 5 and -{d31}/2")),
        "≈ 1.111111e30, 31/1 digits 5 and ≈ -5.555555e29, 31/1 digits"
    );
    // Digits next to multi-byte characters; a slash not followed by digits.
    assert_eq!(
        shorten("5≤6 and 7/ and π(a) = 1/2"),
        "5≤6 and 7/ and π(a) = 1/2"
    );
    assert_eq!(
        shorten(&format!("{d31}≤{d31}/")),
        "≈ 1.111111e30, 31/1 digits≤≈ 1.111111e30, 31/1 digits/"
    );
}

#[test]
fn least_common_denominators_are_exact() {
    for (a, b, l) in [
        ("4", "6", "12"),
        ("6", "3", "6"),
        ("3", "6", "6"),
        ("2", "3", "6"),
        ("7", "7", "7"),
        ("1", "9", "9"),
        ("12", "18", "36"),
        (
            "340282366920938463463374607431768211456",
            "6",
            "1020847100762815390390123822295304634368",
        ),
    ] {
        assert_eq!(lcm(&big(a), &big(b)), big(l), "lcm({a}, {b})");
    }
    let c = CommonDen::new(&[q("1/4"), q("-5/6"), q("2"), q("0")]);
    assert_eq!(c.den, big("12"));
    assert_eq!(c.nums, [big("3"), big("-10"), big("24"), big("0")]);
}
