//! Certificates built by the solver-side builders are accepted by the checker: a k-output value
//! against brute force, a non-unique maximal lottery, a box that misses the root; the builder is
//! deterministic; `ualign verify` prints one line per claim and exits 0. (The checker's own
//! tests on these certificates are in `crates/ualign-check/tests/`.)

#[path = "verify_fixtures.rs"]
mod fixtures;

mod common;

use common::cli::{run_ok, ualign_cmd};
use fixtures::*;
use ualign::certificate::{Certificate, CertificateBuild, Claim, ClaimBuild};
use ualign::game::{Mixture, mixture_robust, multisets};
use ualign::number::{Q, q, qi};
use ualign::verify::{VerifyError, verify_str};

fn ok(c: &Certificate) -> ualign::verify::VerifySummary {
    match verify_str(&c.to_json_string()) {
        Ok(s) => s,
        Err(e) => panic!("rejected: {e}\n{}", c.to_json_string()),
    }
}

#[test]
fn box_around_a_point_that_is_not_the_root_is_rejected() {
    // A box of half-width 10^-35 centred 10^-27 away from the root does not contain it.
    let inst = barrier();
    let Claim::Equilibrium(mut c) = barrier_k3_box(&(qi(1) / ten_pow(26))) else {
        unreachable!()
    };
    let b = c.box_data.as_mut().unwrap();
    let shift = qi(1) / ten_pow(27);
    let xa = ualign::number::parse_q(&b.center[0]).unwrap() + &shift;
    let xb = qi(1) - &xa;
    let h = qi(1) / ten_pow(35);
    let f = ualign::number::fmt_q;
    b.center = vec![f(&xa)];
    b.lo = vec![f(&(&xa - &h)), f(&(&xb - &h))];
    b.hi = vec![f(&(&xa + &h)), f(&(&xb + &h))];
    c.policy = ualign::certificate::build::name_map(&inst, &[xa, xb]);
    c.exploitability = "1/100".into();
    let cert = Certificate::new(&inst, vec![Claim::Equilibrium(c)]);
    match verify_str(&cert.to_json_string()) {
        Err(VerifyError::ClaimFailed {
            claim: 0, message, ..
        }) => {
            assert!(message.contains("Krawczyk"), "{message}")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn koutput_value_matches_brute_force() {
    // v*_2 of the barrier instance: WR(x, y') is linear in x, so with 3 multisets the LP optimum
    // is at a vertex of the simplex or on an edge; {a, b} alone gets min(7/10, 4/5) = 7/10 and
    // dominates {a, a} (2/3, 3/5) in both columns; the dual δ_a caps every multiset at 7/10.
    let inst = barrier();
    let mut best = Q::ZERO;
    // Brute force over a grid of mixtures (denominator 20) with the solver-side evaluator.
    for i in 0..=20i64 {
        for j in 0..=(20 - i) {
            let x = [q(i, 20), q(j, 20), q(20 - i - j, 20)];
            let mut mix = Mixture {
                k: 2,
                entries: multisets(2, 2).zip(x).collect(),
            };
            mix.entries.retain(|e| e.1 != Q::ZERO);
            mix.validate(&inst).unwrap();
            let r = mixture_robust(&inst, &mix, 1).robust_win_rate;
            if r > best {
                best = r;
            }
        }
    }
    assert_eq!(best, q(7, 10));
    let cert = Certificate::new(
        &inst,
        vec![Claim::koutput_bracket(
            &inst,
            2,
            &q(2, 3),
            &q(3, 4),
            &[(vec![0, 0], q(1, 2)), (vec![0, 1], q(1, 2))],
            &[q(9, 10), q(1, 10)],
        )],
    );
    ok(&cert);
}

#[test]
fn non_unique_maximal_lottery() {
    // Two responses tied for everyone: every distribution is a maximal lottery.
    let inst = ualign::instance::json::parse(
        r#"{"responses":["x","y"],"users":[{"weight":"1","ranking":[["x","y"]]}]}"#,
    )
    .unwrap();
    let cert = Certificate::new(
        &inst,
        vec![Claim::maximal_lottery_non_unique(
            &inst,
            &[q(1, 2), q(1, 2)],
            &[qi(1), qi(0)],
        )],
    );
    ok(&cert);
}

#[test]
fn builder_is_deterministic_and_roundtrips() {
    let a = barrier_certificate().to_json_string();
    let b = barrier_certificate().to_json_string();
    assert_eq!(a, b);
    assert!(a.ends_with("}\n"));
    let back: Certificate = serde_json::from_str(&a).unwrap();
    assert_eq!(back.to_json_string(), a);
    let first_keys: Vec<&str> = [
        "\"format\"",
        "\"version\"",
        "\"tool\"",
        "\"instance\"",
        "\"instance_sha256\"",
        "\"claims\"",
    ]
    .into_iter()
    .collect();
    let pos: Vec<usize> = first_keys.iter().map(|k| a.find(k).unwrap()).collect();
    assert!(pos.windows(2).all(|w| w[0] < w[1]), "{pos:?}");
    assert!(a.contains("\"kind\": \"maximal_lottery\""));
}

#[test]
fn cli_exit_zero_with_one_line_per_claim() {
    let dir = std::env::temp_dir().join(format!("ualign-verify-ok-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p1 = dir.join("barrier.json");
    let p2 = dir.join("cycle.json");
    std::fs::write(&p1, barrier_certificate().to_json_string()).unwrap();
    std::fs::write(&p2, cycle_certificate().to_json_string()).unwrap();
    let stdout = run_ok(ualign_cmd().arg("verify").arg(&p1).arg(&p2));
    let ok_lines = stdout.lines().filter(|l| l.contains(": OK")).count();
    assert_eq!(ok_lines, 12 + 7, "{stdout}");
    assert!(
        stdout.contains("claim 5 nlhf_robust_win_rate k=5: OK"),
        "{stdout}"
    );
    std::fs::remove_dir_all(&dir).ok();
}
