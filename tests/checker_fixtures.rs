//! The checker crate's test fixtures (`crates/ualign-check/tests/fixtures/*.cert.json`) are
//! exactly what the solver-side builders write for the hand-built certificates of
//! `verify_fixtures.rs`, so the checker's tests run without the solver on reproducible files.
//! Regenerate with `UALIGN_BLESS=1 cargo test --release --test checker_fixtures`.
//!
//! Two fixtures are the solver's own output, not hand-built: `barrier-k1024-ball`, the ball box
//! (docs/THEORY.md §10.1) of B(1/10) at k = 1,024, and `segment-box`, the segment box (§10.4)
//! of ic-sample seed 1 #64108 at k = 3: the checker crate's only certificates of those kinds
//! (its tests tamper with them: `crates/ualign-check/tests/ball_boxes.rs`, `segment_boxes.rs`).

#[path = "verify_fixtures.rs"]
mod fixtures;

use fixtures::*;
use ualign::certificate::certify::equilibrium_claim;
use ualign::certificate::{Certificate, CertificateBuild};
use ualign::equilibrium::{EquilibriumStatus, SolveOptions, solve};
use ualign::instance::Instance;
use ualign::sweep::{SweepFamily, sweep_instance};

/// A certificate holding the solver's certified box for `inst` at `k`, alone.
fn box_certificate(inst: &Instance, k: usize) -> Certificate {
    let r = solve(inst, k, &SolveOptions::default()).unwrap();
    assert_eq!(r.status, EquilibriumStatus::CertifiedBox);
    Certificate::new(inst, vec![equilibrium_claim(inst, &r)])
}

#[test]
fn checker_fixtures_are_the_builders_output() {
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/crates/ualign-check/tests/fixtures"
    );
    for (name, cert) in [
        ("barrier", barrier_certificate()),
        ("cycle", cycle_certificate()),
        ("barrier-k3-box", barrier_k3_certificate()),
        ("weighted-cycle-box", weighted_cycle_certificate()),
        ("barrier-k1024-ball", box_certificate(&barrier(), 1024)),
        (
            "segment-box",
            box_certificate(&sweep_instance(SweepFamily::IcSample, 1, 64108, 8), 3),
        ),
    ] {
        let path = format!("{dir}/{name}.cert.json");
        let text = cert.to_json_string();
        if std::env::var_os("UALIGN_BLESS").is_some() {
            std::fs::write(&path, &text).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == text,
            "{path} differs from the builder's output; regenerate with UALIGN_BLESS=1"
        );
        assert!(ualign::verify::verify_str(&text).is_ok());
    }
}
