//! Certificates with boxes proved in ball arithmetic (docs/THEORY.md §10.1, proofs/README.md):
//! the barrier certificate of B(1/10) at k = 1,024 and a real profile at k = 256 are accepted by
//! both checkers (the Rust crate and plain Python). Tampered boxes are the checker crate's test
//! (`crates/ualign-check/tests/ball_boxes.rs`).

#[path = "../crates/ualign-check/tests/common/python.rs"]
mod python_checker;

use std::path::Path;

use serde_json::Value;
use ualign::certificate::certify::{certify_barrier, equilibrium_claim};
use ualign::certificate::{Certificate, CertificateBuild};
use ualign::equilibrium::{EquilibriumStatus, SolveOptions, solve};
use ualign::instance::Instance;
use ualign::number::q;
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

// The tampered boxes (shifted, radius shrunk, non-dyadic bound, precision too small, a wrong
// off-support claim) are refused by both checkers in the checker crate's own test,
// `crates/ualign-check/tests/ball_boxes.rs`, on the committed copy of this k = 1,024 box
// (`tests/checker_fixtures.rs` keeps it equal to the solver's output).

#[test]
fn real_profile_at_k_256_is_accepted_by_both_checkers() {
    // 00032 has an off-support response weakly dominated by a support response: exempt in
    // ball boxes (its payoff gap is far below the box width at k = 256).
    let v = equilibrium_certificate("instances/preflib/00032-00000004.toi", 256);
    assert_eq!(both(&v, "00032 k=256"), (0, String::new()));
}
