//! Fuzz-style property tests: the readers and the checker never panic on arbitrary input, and
//! answer with an error whenever an independent oracle says the input is garbage: text that is
//! not JSON at all, a PrefLib body line with a letter in it, a number outside the strict grammar
//! `["-"] natural ["/" positive]` or `["-"] natural "." digits` (README, "Numbers"). Whatever they
//! accept is consistent with the input (the number's value, the PrefLib header counts, the JSON
//! instance's round trip).

use proptest::prelude::*;
use ualign::number::{IBig, Q, UBig};

/// The number grammar of `parse_q`, written independently: the value, or `None` for garbage.
/// No white space, no `+`, no leading zeros but `0` itself, no `-0` (any zero value with a sign).
fn number_oracle(s: &str) -> Option<Q> {
    let digits = |x: &str| !x.is_empty() && x.bytes().all(|b| b.is_ascii_digit());
    let natural = |x: &str| digits(x) && (x == "0" || !x.starts_with('0'));
    let (neg, body) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let value = if let Some((p, q)) = body.split_once('/') {
        if !natural(p) || !natural(q) || q == "0" {
            return None;
        }
        Q::from_parts(p.parse::<IBig>().ok()?, q.parse::<UBig>().ok()?)
    } else if let Some((int, frac)) = body.split_once('.') {
        if !natural(int) || !digits(frac) {
            return None;
        }
        let mag: IBig = format!("{int}{frac}").parse().ok()?;
        Q::from_parts(mag, UBig::from(10u8).pow(frac.len()))
    } else if natural(body) {
        Q::from(body.parse::<IBig>().ok()?)
    } else {
        return None;
    };
    match (neg, value == Q::ZERO) {
        (true, true) => None,
        (true, false) => Some(-value),
        (false, _) => Some(value),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn preflib_reader_never_panics(body in "[0-9:,{} \n#A-Z]{0,200}") {
        let text = format!("# NUMBER ALTERNATIVES: 3\n# NUMBER VOTERS: 2\n# NUMBER UNIQUE ORDERS: 1\n{body}");
        let got = ualign::instance::preflib::parse(&text, Some("toi"));
        // A body line (not a `#` line) with a letter in it is never a valid order.
        let lettered = body
            .lines()
            .map(str::trim)
            .any(|l| !l.starts_with('#') && l.bytes().any(|b| b.is_ascii_uppercase()));
        if lettered {
            prop_assert!(got.is_err(), "accepted a body line with a letter: {body:?}");
        }
        if let Ok(inst) = got {
            prop_assert_eq!(inst.m(), 3);
            prop_assert_eq!(inst.total_weight(), &Q::from(2u8));
        }
    }

    #[test]
    fn json_reader_never_panics(text in "[\\[\\]{}\",:0-9a-z/ .-]{0,200}") {
        let got = ualign::instance::json::parse(&text);
        if serde_json::from_str::<serde_json::Value>(&text).is_err() {
            prop_assert!(got.is_err(), "accepted text that is not JSON: {text:?}");
        }
        if let Ok(inst) = got {
            let again = ualign::instance::json::parse(&inst.canonical_json()).unwrap();
            prop_assert_eq!(again.sha256(), inst.sha256());
        }
    }

    #[test]
    fn number_parser_never_panics(s in "[-+0-9./eE ]{0,40}") {
        let got = ualign::number::parse_q(&s);
        prop_assert_eq!(got.ok(), number_oracle(&s), "{:?}", s);
    }

    #[test]
    fn checker_never_panics_on_mutated_certificates(pos in 0usize..4000, byte in any::<u8>()) {
        let mut bytes = std::fs::read("proofs/condorcet-cycle-3.cert.json").unwrap();
        let i = pos % bytes.len();
        bytes[i] = byte;
        if let Ok(text) = String::from_utf8(bytes) {
            let got = ualign::verify::verify_str(&text);
            if serde_json::from_str::<serde_json::Value>(&text).is_err() {
                prop_assert!(got.is_err(), "accepted a certificate that is not JSON");
            }
        }
    }
}

#[test]
fn number_oracle_agrees_on_hand_picked_cases() {
    // Anchors for the oracle itself, so that the property above compares two sound grammars.
    for (s, ok) in [
        ("3/4", true),
        ("-3/4", true),
        ("6/16", true),
        ("3/-4", false),
        ("3/0", false),
        ("03/4", false),
        ("0.25", true),
        ("-0.5", true),
        ("-.5", false),
        ("5.", false),
        ("1e3", false),
        ("1.5/2", false),
        ("7", true),
        (" 7 ", false),
        ("+7", false),
        ("-0", false),
        ("-0.0", false),
        ("0", true),
        ("", false),
        ("-", false),
    ] {
        assert_eq!(number_oracle(s).is_some(), ok, "{s:?}");
        assert_eq!(ualign::number::parse_q(s).is_ok(), ok, "{s:?}");
    }
    assert_eq!(
        number_oracle("-0.5"),
        Some(Q::from_parts(IBig::from(-1), UBig::from(2u8)))
    );
    assert_eq!(
        number_oracle("6/16"),
        Some(Q::from_parts(IBig::from(3), UBig::from(8u8)))
    );
}

#[test]
fn garbage_is_rejected() {
    assert!(ualign::instance::json::parse("").is_err());
    assert!(ualign::instance::preflib::parse("", None).is_err());
    assert!(ualign::verify::verify_str("").is_err());
    assert!(ualign::verify::verify_str("{}").is_err());
}
