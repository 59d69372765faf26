//! Family certificates (docs/THEORY.md §9): the committed fixtures verify, and single changes
//! are rejected with the right exit code (1: a claim that does not hold; 2: malformed). Every
//! text goes through `check_text`, so the plain-Python checker must agree on each.

mod common;

use common::{check_text, fixture_value};
use serde_json::{Value, json};

fn code(v: &Value, what: &str) -> (i32, Option<usize>) {
    let text = serde_json::to_string_pretty(v).unwrap();
    let (code, got) = check_text(&text, what);
    let claim = match got {
        Err(ualign_check::VerifyError::ClaimFailed { claim, .. }) => Some(claim),
        _ => None,
    };
    (code, claim)
}

fn mutated(name: &str, f: impl FnOnce(&mut Value)) -> Value {
    let mut v = fixture_value(name);
    f(&mut v);
    v
}

#[test]
fn committed_family_certificates_verify() {
    let v = fixture_value("family-impartial");
    assert_eq!(code(&v, "impartial"), (0, None));
    let text = serde_json::to_string(&v).unwrap();
    let s = ualign_check::verify_str(&text).unwrap();
    assert_eq!(s.claims.len(), 10);
    assert_eq!(s.claims[9].kind, "family_symbolic");
    assert_eq!(code(&fixture_value("family-cycle"), "cycle"), (0, None));
}

#[test]
fn false_claims_fail_with_their_index() {
    let cases: Vec<(&str, Value, usize)> = vec![
        // v*_3(N) = (1 + 3N)/(4N): change one coefficient
        (
            "coefficient",
            mutated("family-impartial", |v| {
                v["claims"][5]["numerator"][1] = json!("4")
            }),
            5,
        ),
        // N0 below the number of distinct responses of the pattern
        (
            "N0 too small",
            mutated("family-impartial", |v| {
                v["claims"][5]["valid_for_n_at_least"] = json!(2)
            }),
            5,
        ),
        // the pattern [2, 1] with its own formula: [1, 1, 1] beats it for large N
        (
            "wrong pattern",
            mutated("family-impartial", |v| {
                let c = &mut v["claims"][5];
                c["pattern"] = json!([2, 1]);
                // α = 1/3, β = 1/6 + 1/4 − 2/3 = −1/4: v(N) = 2/3 + 1/(4N) = (3 + 8N)/(12N)
                c["numerator"] = json!(["3", "8"]);
                c["denominator"] = json!(["0", "12"]);
                // the pattern's own limit, so that only the comparison of patterns refuses it
                c["limit"] = json!("2/3");
            }),
            5,
        ),
        (
            "limit",
            mutated("family-impartial", |v| {
                v["claims"][5]["limit"] = json!("4/5")
            }),
            5,
        ),
        // a fixed-N value that is off by a little
        (
            "value",
            mutated("family-impartial", |v| {
                v["claims"][4]["value"] = json!("19/25")
            }),
            4,
        ),
        // a non-optimal orbit with its true win rate, W([3]) = 1 − 1/2 + (1/4)/2 = 5/8 at N = 2:
        // only the dual check (the partitions of k, [2, 1] gives 19/24) refuses it
        (
            "non-optimal orbit",
            mutated("family-impartial", |v| {
                let c = &mut v["claims"][4];
                c["multiplicities"] = json!([3]);
                c["value"] = json!("5/8");
            }),
            4,
        ),
        // the same on the cycle: [3] after 6 others, W = 1 − (21 + 7/4)/49 = 15/28 < 81/98
        (
            "cycle non-optimal orbit",
            mutated("family-cycle", |v| {
                let c = &mut v["claims"][2];
                c["multiplicities"] = json!([3]);
                c["gaps"] = json!([6]);
                c["value"] = json!("15/28");
            }),
            2,
        ),
        // an orbit of the best pattern with uneven gaps, W = 8/9 at N = 12, k = 5, below v* =
        // 43/48 (gaps 2, 2, 1, 1, 1) but above every pattern's value when a pattern with d
        // distinct responses is given gaps of ⌊N/d⌋/d instead of ⌊(N − d)/d⌋ (87/98)
        (
            "cycle orbit with uneven gaps",
            mutated("family-cycle", |v| {
                v["claims"][3] = json!({"kind": "family_value", "n": 12, "k": 5, "value": "8/9",
                    "multiplicities": [1, 1, 1, 1, 1], "gaps": [0, 1, 2, 2, 2]});
            }),
            3,
        ),
        // v*_3(N) = (3N + 1)/(4N) written as (3N + 1)(N − 3)/(4N(N − 3)): the identity holds,
        // but the denominator vanishes at N0 = 3 (shifted: [0, 12, 4])
        (
            "denominator zero at N0",
            mutated("family-impartial", |v| {
                let c = &mut v["claims"][5];
                c["numerator"] = json!(["-3", "-8", "3"]);
                c["denominator"] = json!(["0", "-12", "4"]);
            }),
            5,
        ),
        // the cycle: a value claimed for a worse placement of the same pattern
        (
            "cycle value",
            mutated("family-cycle", |v| v["claims"][1]["value"] = json!("3/4")),
            1,
        ),
        (
            "cycle gaps",
            mutated("family-cycle", |v| v["claims"][1]["gaps"] = json!([5, 0])),
            1,
        ),
    ];
    for (what, v, claim) in cases {
        assert_eq!(code(&v, what), (1, Some(claim)), "{what}");
    }
}

#[test]
fn malformed_family_certificates_exit_2() {
    let cases: Vec<(&str, Value)> = vec![
        (
            "unknown field",
            mutated("family-cycle", |v| v["claims"][0]["extra"] = json!(1)),
        ),
        (
            "bad number",
            mutated("family-cycle", |v| v["claims"][0]["value"] = json!("1/0")),
        ),
        (
            "json number",
            mutated("family-cycle", |v| v["claims"][0]["value"] = json!(0.5)),
        ),
        (
            "k too large",
            mutated("family-cycle", |v| v["claims"][0]["k"] = json!(17)),
        ),
        (
            "not a partition",
            mutated("family-cycle", |v| {
                v["claims"][2]["multiplicities"] = json!([1, 1])
            }),
        ),
        // gaps and N agree, so only the partition test refuses these (a mutant skipping it
        // read them as orbits and failed the value, exit 1: tests/MUTANTS.md)
        (
            "multiplicities summing to more than k",
            mutated("family-cycle", |v| {
                v["claims"][2]["multiplicities"] = json!([1, 1, 2])
            }),
        ),
        (
            "a zero multiplicity in a partition of k",
            mutated("family-cycle", |v| {
                v["claims"][3]["multiplicities"] = json!([1, 1, 2, 0])
            }),
        ),
        (
            "gaps not summing to N",
            mutated("family-cycle", |v| v["claims"][1]["gaps"] = json!([3, 3])),
        ),
        (
            "symbolic cycle",
            mutated("family-cycle", |v| {
                v["claims"][0] = json!({"kind": "family_symbolic", "k": 1, "valid_for_n_at_least": 1,
                "numerator": ["1"], "denominator": ["2"], "limit": "1/2", "pattern": [1]});
            }),
        ),
        (
            "unknown family",
            mutated("family-cycle", |v| v["family"] = json!("square")),
        ),
        (
            "version",
            mutated("family-cycle", |v| v["version"] = json!(2)),
        ),
        (
            "no claims",
            mutated("family-cycle", |v| v["claims"] = json!([])),
        ),
        (
            "N0 = 0",
            mutated("family-impartial", |v| {
                v["claims"][0]["valid_for_n_at_least"] = json!(0)
            }),
        ),
        (
            "N0 over the limit",
            mutated("family-impartial", |v| {
                v["claims"][0]["valid_for_n_at_least"] = json!(1_000_001)
            }),
        ),
        (
            "symbolic k over the limit",
            mutated("family-impartial", |v| {
                v["claims"][0]["k"] = json!(17);
                v["claims"][0]["pattern"] = json!([17]);
            }),
        ),
        (
            "N over the limit, with the right value",
            mutated("family-cycle", |v| {
                v["claims"][0]["n"] = json!(1_000_001);
                v["claims"][0]["gaps"] = json!([1_000_000]);
            }),
        ),
        (
            "impartial N over the limit, with the right value",
            mutated("family-impartial", |v| {
                v["claims"][1] = json!({"kind": "family_value", "n": 1_000_001, "k": 1,
                    "value": "1/2", "multiplicities": [1], "gaps": []});
            }),
        ),
        (
            "empty denominator",
            mutated("family-impartial", |v| {
                v["claims"][5]["denominator"] = json!([])
            }),
        ),
        // nine coefficients (trailing zeros keep the identity true), in either polynomial
        (
            "nine denominator coefficients",
            mutated("family-impartial", |v| {
                v["claims"][5]["denominator"] = json!(["0", "4", "0", "0", "0", "0", "0", "0", "0"])
            }),
        ),
        (
            "nine numerator coefficients",
            mutated("family-impartial", |v| {
                v["claims"][5]["numerator"] = json!(["1", "3", "0", "0", "0", "0", "0", "0", "0"])
            }),
        ),
        (
            "increasing pattern",
            mutated("family-impartial", |v| {
                v["claims"][5]["pattern"] = json!([1, 2])
            }),
        ),
    ];
    for (what, v) in cases {
        assert_eq!(code(&v, what).0, 2, "{what}");
    }
}

/// Other true ways to write a symbolic claim verify: they pin the limits and the sign tests.
#[test]
fn true_rewritings_of_a_symbolic_claim_verify() {
    let cases: Vec<(&str, Value)> = vec![
        // eight coefficients each, the most allowed (the shifted denominator has zeros on top)
        (
            "eight coefficients",
            mutated("family-impartial", |v| {
                let c = &mut v["claims"][5];
                c["numerator"] = json!(["1", "3", "0", "0", "0", "0", "0", "0"]);
                c["denominator"] = json!(["0", "4", "0", "0", "0", "0", "0", "0"]);
            }),
        ),
        // (3N + 1)/(4N) = (3N + 1)(3N² − 6N − 6)/(4N(3N² − 6N − 6)): the denominator
        // 3N³ − 6N² − 6N has shifted coefficients [9, 39, 21, 3] at N0 = 3 (Descartes: no root
        // in [3, ∞)), and the numerator is (9N³ − 15N² − 24N − 6)/4
        (
            "a cubic denominator",
            mutated("family-impartial", |v| {
                let c = &mut v["claims"][5];
                c["numerator"] = json!(["-3/2", "-6", "-15/4", "9/4"]);
                c["denominator"] = json!(["0", "-6", "-6", "3"]);
            }),
        ),
    ];
    for (what, v) in cases {
        assert_eq!(code(&v, what), (0, None), "{what}");
    }
}
