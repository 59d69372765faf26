//! Certificates with boxes proved in ball arithmetic (docs/THEORY.md §10.1, proofs/README.md):
//! the barrier certificate of B(1/10) at k = 1,024 and a real profile at k = 256 are accepted by
//! both checkers (the Rust crate and plain Python); tampered boxes (shifted, radius shrunk,
//! non-dyadic bound, precision too small, a wrong off-support claim) are refused by both, with
//! the same verdict and the reason named.

#[path = "../crates/ualign-check/tests/common/python.rs"]
mod python_checker;

use std::path::Path;

use serde_json::{Value, json};
use ualign::certificate::certify::{certify_barrier, equilibrium_claim};
use ualign::certificate::{Certificate, CertificateBuild};
use ualign::equilibrium::{EquilibriumStatus, SolveOptions, solve};
use ualign::instance::Instance;
use ualign::number::{IBig, Q, UBig, fmt_q, parse_q, q};
use ualign::verify::verify_str;

fn load(name: &str) -> Instance {
    Instance::from_path(Path::new(env!("CARGO_MANIFEST_DIR")).join(name).as_path()).unwrap()
}

/// A certificate holding one equilibrium claim (a ball box), as JSON.
fn equilibrium_certificate(file: &str, k: usize) -> Value {
    let inst = load(file);
    let r = solve(&inst, k, &SolveOptions::default()).unwrap();
    assert_eq!(r.status, EquilibriumStatus::CertifiedBox, "{file} k={k}");
    let cert = Certificate::new(&inst, vec![equilibrium_claim(&inst, &r)]);
    let v: Value = serde_json::from_str(&cert.to_json_string()).unwrap();
    assert!(
        v["claims"][0]["box"]["ball_precision"].is_u64(),
        "{file} k={k}"
    );
    v
}

/// The Rust checker's exit code (0 holds, 1 a claim fails, 2 malformed) and message, after
/// checking that the Python checker gives the same verdict.
fn both(v: &Value, what: &str) -> (i32, String) {
    let text = serde_json::to_string(v).unwrap();
    let rust = verify_str(&text);
    python_checker::assert_agrees_with(&text, &rust, what);
    match rust {
        Ok(_) => (0, String::new()),
        Err(e) => (e.exit_code(), e.to_string()),
    }
}

fn num(s: &Value) -> Q {
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
    let names: Vec<String> = (c["box"]["support"].as_array().unwrap().iter())
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
fn barrier_certificate_at_k_1024_reaches_1024_over_1025_and_both_checkers_accept_it() {
    let inst = load("instances/barrier-eps-1-10.json");
    let out = certify_barrier(&inst, &q(1, 10), &[1024]).unwrap();
    assert!(out.notes.is_empty(), "{:?}", out.notes);
    assert_eq!(out.equilibria[0].robust_win_rate, q(1024, 1025));
    assert_eq!(out.nlhf, vec![q(3, 5)]);
    let v: Value = serde_json::from_str(&out.certificate.to_json_string()).unwrap();
    let kinds: Vec<&str> = (v["claims"].as_array().unwrap().iter())
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "maximal_lottery",
            "nlhf_robust_win_rate",
            "equilibrium",
            "barrier"
        ]
    );
    let eq = &v["claims"][2];
    assert_eq!(
        (eq["k"].as_u64(), eq["status"].as_str()),
        (Some(1024), Some("certified-box"))
    );
    assert!(eq["box"]["ball_precision"].as_u64().unwrap() >= 200, "{eq}");
    assert_eq!(both(&v, "barrier k=1024"), (0, String::new()));
}

#[test]
fn tampered_ball_boxes_are_refused_by_both_checkers() {
    let v = equilibrium_certificate("instances/barrier-eps-1-10.json", 1024);
    let bx = &v["claims"][0]["box"];
    let (lo, hi) = (num(&bx["lo"][0]), num(&bx["hi"][0]));
    let mid = (&lo + &hi) / Q::from(2u8);
    let refused = |t: &Value, what: &str, code: i32, reason: &str| {
        let (c, msg) = both(t, what);
        assert_eq!(c, code, "{what}: {msg}");
        assert!(msg.contains(reason), "{what}: {msg}");
    };
    // The untampered box with a looser ε still holds.
    assert_eq!(both(&with_box(&v, lo.clone(), hi.clone()), "same box").0, 0);
    // Centre shifted by 2^-100 (box with it): the zero is no longer inside.
    let shifted = with_box(&v, &lo + pow2(100), &hi + pow2(100));
    refused(&shifted, "shifted", 1, "Krawczyk");
    // Radius shrunk to 2^-300 around the same centre (only about 2^-190 accurate).
    let narrow = with_box(&v, &mid - pow2(300), &mid + pow2(300));
    refused(&narrow, "narrow", 1, "Krawczyk");
    // A bound that is not dyadic cannot be a ball box.
    let odd = with_box(&v, &lo - q(1, 3) * pow2(200), hi.clone());
    refused(&odd, "non-dyadic", 2, "dyadic");
    // Precision outside 32..=8192 is malformed; a valid but too small one fails the test.
    let mut low = with_box(&v, lo.clone(), hi.clone());
    low["claims"][0]["box"]["ball_precision"] = json!(16);
    refused(&low, "precision 16", 2, "ball_precision");
    low["claims"][0]["box"]["ball_precision"] = json!(40);
    refused(&low, "precision 40", 1, "Krawczyk");
    // The claimed ε of the policy below its certified upper bound is refused.
    let mut tight = v.clone();
    tight["claims"][0]["exploitability"] = json!("0");
    refused(&tight, "ε = 0", 1, "1/(k+1) + ε");
    // A wrong off-support claim: support {a} alone (π = δ_a), where b earns 2/5 > 1/1025.
    let mut point = v.clone();
    let c = &mut point["claims"][0];
    c["policy"] = json!({"a": "1", "b": "0"});
    c["exploitability"] = json!("1/2");
    c["box"] = json!({"support": ["a"], "lo": ["1"], "hi": ["1"], "center": [],
        "preconditioner": [], "ball_precision": 256});
    refused(&point, "support {a}", 1, "off-support U_k(b, π)");
}

#[test]
fn real_profile_at_k_256_is_accepted_by_both_checkers() {
    // 00032 has an off-support response weakly dominated by a support response: exempt in
    // ball boxes (its payoff gap is far below the box width at k = 256).
    let v = equilibrium_certificate("instances/preflib/00032-00000004.toi", 256);
    assert_eq!(both(&v, "00032 k=256"), (0, String::new()));
}
