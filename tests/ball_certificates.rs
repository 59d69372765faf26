//! Certificates with ball-arithmetic boxes (docs/THEORY.md §10.1, proofs/README.md): the barrier
//! B(1/10) at k = 1,024 and a real profile at k = 256 are accepted by both checkers (the Rust
//! crate and plain Python), and tampered boxes (shifted, too wide, radius understated, precision
//! out of range) are refused by both with the same verdict.

#[path = "../crates/ualign-check/tests/common/python.rs"]
mod python_checker;

use std::path::Path;

use serde_json::{Value, json};
use ualign::certificate::{Certificate, certify::equilibrium_claim};
use ualign::equilibrium::{EquilibriumStatus, SolveOptions, solve};
use ualign::instance::Instance;
use ualign::number::{IBig, Q, UBig, fmt_q, parse_q};
use ualign::verify::verify_str;

fn load(name: &str) -> Instance {
    Instance::from_path(Path::new(env!("CARGO_MANIFEST_DIR")).join(name).as_path()).unwrap()
}

/// A certificate holding one equilibrium claim, as JSON.
fn equilibrium_certificate(file: &str, k: usize) -> Value {
    let inst = load(file);
    let r = solve(&inst, k, &SolveOptions::default()).unwrap();
    assert_eq!(r.status, EquilibriumStatus::CertifiedBox, "{file} k={k}");
    let cert = Certificate::new(&inst, vec![equilibrium_claim(&inst, &r)]);
    serde_json::from_str(&cert.to_json_string()).unwrap()
}

/// Verdict of the Rust checker (0 holds, 1 a claim fails, 2 malformed), after checking that the
/// Python checker gives the same one.
fn both(v: &Value, what: &str) -> i32 {
    let text = serde_json::to_string(v).unwrap();
    let rust = verify_str(&text);
    python_checker::assert_agrees_with(&text, &rust, what);
    match rust {
        Ok(_) => 0,
        Err(e) => e.exit_code(),
    }
}

fn q(s: &Value) -> Q {
    parse_q(s.as_str().unwrap()).unwrap()
}

fn pow2(e: usize) -> Q {
    Q::from_parts(IBig::ONE, UBig::ONE << e)
}

/// Replaces the free coordinate's interval by [lo, hi] (the basis gets 1 − that), moves the
/// policy and the centre to the middle and allows ε = 1/2, so that only the box test decides.
fn with_box(v: &Value, lo: Q, hi: Q) -> Value {
    let mut v = v.clone();
    let c = &mut v["claims"][0];
    let names: Vec<String> = c["box"]["support"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap().to_string())
        .collect();
    let mid = (&lo + &hi) / Q::from(2u8);
    c["box"]["lo"] = json!([fmt_q(&lo), fmt_q(&(Q::ONE - &hi))]);
    c["box"]["hi"] = json!([fmt_q(&hi), fmt_q(&(Q::ONE - &lo))]);
    c["box"]["center"] = json!([fmt_q(&mid)]);
    c["policy"][&names[0]] = json!(fmt_q(&mid));
    c["policy"][&names[1]] = json!(fmt_q(&(Q::ONE - &mid)));
    c["exploitability"] = json!("1/2");
    v
}

#[test]
fn barrier_at_k_1024_is_accepted_by_both_checkers_and_tampering_is_refused() {
    let v = equilibrium_certificate("instances/barrier-eps-1-10.json", 1024);
    let bx = &v["claims"][0]["box"];
    assert!(bx["ball_precision"].as_u64().is_some(), "{bx}");
    assert_eq!(both(&v, "barrier k=1024"), 0);
    let (lo, hi) = (q(&bx["lo"][0]), q(&bx["hi"][0]));
    let mid = (&lo + &hi) / Q::from(2u8);
    // The untampered box with a looser ε still holds.
    assert_eq!(both(&with_box(&v, lo.clone(), hi.clone()), "same box"), 0);
    // Shifted by 2^-100: the zero is no longer inside, the Krawczyk inclusion fails.
    let shifted = with_box(&v, &lo + pow2(100), &hi + pow2(100));
    assert_eq!(both(&shifted, "shifted"), 1);
    // Radius understated: 2^-300 around the centre, which is only about 2^-190 accurate.
    let narrow = with_box(&v, &mid - pow2(300), &mid + pow2(300));
    assert_eq!(both(&narrow, "narrow"), 1);
    // Far too wide: [1/4, 3/4].
    let wide = with_box(&v, Q::ONE / Q::from(4u8), Q::from(3u8) / Q::from(4u8));
    assert_eq!(both(&wide, "wide"), 1);
    // Precision outside 32..=8192 is malformed; a lower but valid precision fails the test.
    let mut low = v.clone();
    low["claims"][0]["box"]["ball_precision"] = json!(16);
    assert_eq!(both(&low, "precision 16"), 2);
    low["claims"][0]["box"]["ball_precision"] = json!(40);
    assert_eq!(both(&low, "precision 40"), 1);
}

#[test]
fn real_profile_at_k_256_is_accepted_by_both_checkers() {
    // 00032 has an off-support response weakly dominated by a support response: exempt in ball
    // boxes (its payoff gap is far below the box width at k = 256).
    let v = equilibrium_certificate("instances/preflib/00032-00000004.toi", 256);
    assert_eq!(both(&v, "00032 k=256"), 0);
    // Raising the claimed policy's ε bound below the certified one is refused.
    let mut tight = v.clone();
    tight["claims"][0]["exploitability"] = json!("0");
    assert_eq!(both(&tight, "ε = 0"), 1);
}
