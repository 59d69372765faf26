//! Hand-built certificates with docs/THEORY.md values are accepted; the builder is deterministic;
//! the CLI prints one line per claim and exits 0.

#[path = "verify_fixtures.rs"]
mod fixtures;

use fixtures::*;
use ualign::certificate::{Certificate, Claim};
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
fn barrier_certificate_holds() {
    let s = ok(&barrier_certificate());
    assert_eq!(s.instance_sha256, barrier().sha256());
    let kinds: Vec<&str> = s.claims.iter().map(|c| c.kind).collect();
    assert_eq!(kinds[0], "maximal_lottery");
    assert_eq!(*kinds.last().unwrap(), "barrier");
    assert_eq!(s.claims.len(), 12);
    assert_eq!(s.claims[1].k, Some(1));
    assert_eq!(s.claims[6].k, Some(6));
}

#[test]
fn cycle_certificate_holds() {
    let s = ok(&cycle_certificate());
    assert_eq!(s.claims.len(), 7);
    let ks: Vec<Option<usize>> = s.claims[2..6].iter().map(|c| c.k).collect();
    assert_eq!(ks, vec![Some(1), Some(2), Some(3), Some(4)]);
}

#[test]
fn irrational_equilibria_in_certified_boxes() {
    let s = ok(&barrier_k3_certificate());
    assert!(
        s.claims[0].detail.contains("Krawczyk"),
        "{}",
        s.claims[0].detail
    );
    let s = ok(&weighted_cycle_certificate());
    assert!(s.claims[0].detail.contains("Krawczyk"));
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
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ualign"))
        .arg("verify")
        .arg(&p1)
        .arg(&p2)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    let ok_lines = stdout.lines().filter(|l| l.contains(": OK")).count();
    assert_eq!(ok_lines, 12 + 7, "{stdout}");
    assert!(
        stdout.contains("claim 5 nlhf_robust_win_rate k=5: OK"),
        "{stdout}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn readme_examples_verify() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/proofs/README.md")).unwrap();
    let blocks: Vec<&str> = readme
        .split("```json\n")
        .skip(1)
        .map(|b| b.split("\n```").next().unwrap())
        .collect();
    assert_eq!(blocks.len(), 2);
    for b in blocks {
        let s = verify_str(b).unwrap_or_else(|e| panic!("README example rejected: {e}"));
        assert!(!s.claims.is_empty());
    }
}

/// The checker must not depend on the solvers: its sources name no solver module.
#[test]
fn checker_imports_no_solver_module() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/verify");
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        let text = std::fs::read_to_string(&p).unwrap();
        for m in [
            "game",
            "lp",
            "nlhf",
            "koutput",
            "equilibrium",
            "instance::Instance",
            "instance::{",
        ] {
            assert!(
                !text.contains(&format!("crate::{m}")),
                "{p:?} uses crate::{m}"
            );
        }
    }
}
