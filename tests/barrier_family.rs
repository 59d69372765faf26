//! docs/THEORY.md §5: the 1/2 barrier B(ε) — NLHF sampled k times stays at 1/2 + ε while the
//! equilibrium reaches k/(k+1) — for several ε, with certificates the checker accepts.

use ualign::certificate::certify::certify_barrier;
use ualign::equilibrium::EquilibriumStatus;
use ualign::families::barrier;
use ualign::number::{Q, q};

mod common;
use common::cli::{ualign_code, ualign_json};

#[test]
fn nlhf_is_stuck_and_equilibrium_reaches_the_ceiling() {
    for (eps, others) in [
        (q(1, 10), 1),
        (q(1, 20), 1),
        (q(1, 7), 1),
        (q(1, 100), 1),
        (q(1, 10), 3),
    ] {
        let inst = barrier(&eps, others).unwrap();
        let ks: Vec<usize> = (1..=8).collect();
        let out = certify_barrier(&inst, &eps, &ks).unwrap();
        let (cert, eqs, nlhf) = (out.certificate, out.equilibria, out.nlhf);
        assert_eq!(nlhf[0], q(1, 2));
        for k in 2..=8usize {
            assert_eq!(nlhf[k - 1], q(1, 2) + &eps, "eps {eps}, k {k}: NLHF");
        }
        for e in &eqs {
            assert_ne!(e.status, EquilibriumStatus::Epsilon, "eps {eps}, k {}", e.k);
            assert_eq!(e.robust_win_rate, q(e.k as i64, e.k as u64 + 1));
            if e.status == EquilibriumStatus::Exact {
                assert_eq!(e.exploitability, Q::ZERO);
            }
        }
        let text = cert.to_json_string();
        let summary = ualign::verify::verify_str(&text);
        assert!(summary.is_ok(), "eps {eps}: {:?}", summary.err());
    }
}

#[test]
fn barrier_json_rows() {
    let v = ualign_json(["barrier", "--eps", "1/10", "--k", "1..4", "--json"]);
    let rows = v["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[2]["k"], 3);
    assert_eq!(rows[2]["nlhf_robust_win_rate"], "3/5");
    assert_eq!(rows[2]["equilibrium_robust_win_rate"], "3/4");
    assert_eq!(rows[1]["equilibrium_status"], "exact");
}

#[test]
fn eps_outside_the_barrier_range_is_refused() {
    for eps in ["1/6", "1/4", "0", "-1/10"] {
        let (code, _, err) = ualign_code(["barrier", &format!("--eps={eps}"), "--k", "1..3"]);
        assert_eq!(code, 2, "eps {eps}");
        assert!(err.contains("0 < eps < 1/6"));
    }
}

#[test]
fn large_k_certificates_carry_every_equilibrium_and_verify() {
    let inst = barrier(&q(1, 10), 1).unwrap();
    let ks: Vec<usize> = (46..=50).collect();
    let out = certify_barrier(&inst, &q(1, 10), &ks).unwrap();
    assert!(out.notes.is_empty(), "{:?}", out.notes);
    let text = out.certificate.to_json_string();
    assert_eq!(text.matches("\"ball_precision\"").count(), 5);
    assert!(
        ualign::verify::verify_str(&text).is_ok(),
        "{:?}",
        ualign::verify::verify_str(&text).err()
    );
}
