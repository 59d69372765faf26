//! The checker crate's own test of a box proved in ball arithmetic (docs/THEORY.md §10.1):
//! the fixture `barrier-k1024-ball` (the solver's box for B(1/10) at k = 1,024, see
//! `tests/checker_fixtures.rs` at the top level) is accepted by both checkers, and each
//! tampering is refused by both with the reason named. The solver's copy of these tests
//! (`tests/ball_certificates.rs`) needs the solver; these run on the checker alone, and pin
//! the payoff enclosures of `claims/ball.rs` (the tier masses of `profile.rs`), which the
//! checker's other fixtures, all exact, never reach (cargo-mutants, `tests/MUTANTS.md`).

mod common;

use common::{check_text, fixture_value, num};
use num_bigint::BigInt;
use serde_json::{Value, json};
use ualign_check::VerifyError;
use ualign_check::number::{Q, fmt_q};

/// Exit code and message (empty when accepted) of both checkers, which must agree.
fn both(v: &Value, what: &str) -> (i32, String) {
    match check_text(&v.to_string(), what) {
        (0, Ok(_)) => (0, String::new()),
        (code, Err(VerifyError::ClaimFailed { message, .. })) => (code, message),
        (code, Err(e)) => (code, format!("{e:?}")),
        other => panic!("{what}: {other:?}"),
    }
}

/// The fixture with the box (and the policy, at its centre) moved by `s` along b's coordinate.
fn shifted(s: &Q) -> Value {
    let mut v = fixture_value("barrier-k1024-ball");
    let c = &mut v["claims"][0];
    let add = |x: &Value, d: &Q| json!(fmt_q(&(num(x) + d)));
    let minus = -s.clone();
    for key in ["lo", "hi"] {
        let (b, a) = (c["box"][key][0].clone(), c["box"][key][1].clone());
        c["box"][key] = json!([add(&b, s), add(&a, &minus)]);
    }
    c["box"]["center"][0] = add(&c["box"]["center"][0].clone(), s);
    c["policy"]["b"] = add(&c["policy"]["b"].clone(), s);
    c["policy"]["a"] = add(&c["policy"]["a"].clone(), &minus);
    c["exploitability"] = json!("1/2");
    v
}

fn pow2(e: usize) -> Q {
    Q::new(BigInt::from(1u8), BigInt::from(1u8) << e)
}

#[test]
fn the_ball_box_at_k_1024_is_accepted() {
    let v = fixture_value("barrier-k1024-ball");
    assert_eq!(v["claims"][0]["k"], json!(1024));
    assert!(v["claims"][0]["box"]["ball_precision"].as_u64().unwrap() >= 200);
    assert_eq!(both(&v, "fixture"), (0, String::new()));
    // the same box with a looser ε still holds
    assert_eq!(
        both(&shifted(&Q::from(BigInt::from(0u8))), "looser ε"),
        (0, String::new())
    );
}

#[test]
fn tampered_ball_boxes_are_refused() {
    let refused = |v: &Value, what: &str, code: i32, reason: &str| {
        let (c, msg) = both(v, what);
        assert_eq!(c, code, "{what}: {msg}");
        assert!(msg.contains(reason), "{what}: {msg}");
    };
    // ε below the enclosure of max_y U_k(y, π) − 1/(k+1)
    let mut tight = fixture_value("barrier-k1024-ball");
    tight["claims"][0]["exploitability"] = json!("0");
    refused(&tight, "ε = 0", 1, "1/(k+1) + ε");
    // the box moved off the root by 2^-100, far more than its width
    refused(&shifted(&pow2(100)), "shifted", 1, "Krawczyk");
    // the radius shrunk to 2^-300 around the same centre (the box is only about 2^-190 exact)
    let mut narrow = shifted(&Q::from(BigInt::from(0u8)));
    let c = &mut narrow["claims"][0]["box"];
    let mid = num(&c["center"][0]);
    c["lo"] = json!([
        fmt_q(&(&mid - pow2(300))),
        fmt_q(&(Q::from(BigInt::from(1u8)) - &mid - pow2(300)))
    ]);
    c["hi"] = json!([
        fmt_q(&(&mid + pow2(300))),
        fmt_q(&(Q::from(BigInt::from(1u8)) - &mid + pow2(300)))
    ]);
    refused(&narrow, "narrow", 1, "Krawczyk");
    // a bound that is not dyadic cannot be a ball bound
    let mut odd = shifted(&Q::from(BigInt::from(0u8)));
    let lo = num(&odd["claims"][0]["box"]["lo"][0]);
    odd["claims"][0]["box"]["lo"][0] = json!(fmt_q(&(lo - pow2(200) / Q::from(BigInt::from(3u8)))));
    refused(&odd, "non-dyadic", 2, "dyadic");
    // a precision outside 32..=8192 is malformed; 40 bits is valid but too coarse to show the
    // contraction
    let mut low = shifted(&Q::from(BigInt::from(0u8)));
    low["claims"][0]["box"]["ball_precision"] = json!(16);
    refused(&low, "precision 16", 2, "ball_precision");
    low["claims"][0]["box"]["ball_precision"] = json!(40);
    refused(&low, "precision 40", 1, "Krawczyk");
    // π = δ_a with support {a}: b earns 2/5 > 1/1025 against it
    let mut point = fixture_value("barrier-k1024-ball");
    let c = &mut point["claims"][0];
    c["policy"] = json!({"a": "1", "b": "0"});
    c["exploitability"] = json!("1/2");
    c["box"] = json!({"support": ["a"], "lo": ["1"], "hi": ["1"], "center": [],
        "preconditioner": [], "ball_precision": 256});
    refused(&point, "support {a}", 1, "off-support U_k(b, π)");
}
