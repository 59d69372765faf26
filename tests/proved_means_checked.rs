//! Proved means checked (docs/THEORY.md §8): `certificate::confirm` passes a result the checker
//! accepts through unchanged, and downgrades one it refuses to an honest `epsilon` result (exact
//! ε of the same policy, R_k = k/(k+1) − ε, the checker's reason in `method`). The commands that
//! print equilibria (`equilibrium`, `barrier`, `curve`, `sweep`, `certify`) all go through it.

mod common;

use std::process::Command;

use ualign::certificate::confirm::{DOWNGRADED, confirm, solve_confirmed, was_downgraded};
use ualign::equilibrium::{EquilibriumStatus, SolveOptions, solve};
use ualign::game::deviation_payoffs;
use ualign::instance::Instance;
use ualign::number::{Q, q};

fn barrier() -> Instance {
    Instance::from_path(std::path::Path::new("instances/barrier-eps-1-10.json")).unwrap()
}

fn exact_eps(inst: &Instance, pi: &[Q], k: usize) -> Q {
    deviation_payoffs(inst, pi, k).into_iter().max().unwrap() - q(1, k as u64 + 1)
}

#[test]
fn accepted_results_pass_unchanged() {
    let inst = barrier();
    let target = SolveOptions::default().epsilon_target;
    for (k, status) in [
        (1, EquilibriumStatus::Exact),
        (2, EquilibriumStatus::Exact),
        (3, EquilibriumStatus::CertifiedBox),
        (4, EquilibriumStatus::CertifiedBox),
    ] {
        let r = solve(&inst, k, &SolveOptions::default()).unwrap();
        assert_eq!(r.status, status, "k = {k}");
        assert_eq!(confirm(&inst, r.clone(), &target), r, "k = {k}");
        assert_eq!(
            solve_confirmed(&inst, k, &SolveOptions::default()).unwrap(),
            r
        );
    }
}

#[test]
fn a_refused_box_is_downgraded_to_epsilon() {
    let inst = barrier();
    let target = SolveOptions::default().epsilon_target;
    let r = solve(&inst, 3, &SolveOptions::default()).unwrap();
    assert_eq!(r.status, EquilibriumStatus::CertifiedBox);
    // The box moved off the root by three widths: the checker's Krawczyk test fails.
    let mut bad = r.clone();
    let bx = bad.bx.as_mut().unwrap();
    let shift = (&bx.hi[0] - &bx.lo[0]) * q(3, 1);
    for (y, s) in [(0, shift.clone()), (1, -shift)] {
        bx.lo[y] = &bx.lo[y] + &s;
        bx.hi[y] = &bx.hi[y] + &s;
    }
    bad.policy = bx.centre();
    bad.exploitability = exact_eps(&inst, &bad.policy, 3);
    assert!(common::checker_verdict(&inst, &bad).is_err());
    let out = confirm(&inst, bad.clone(), &target);
    assert_eq!(out.status, EquilibriumStatus::Epsilon);
    assert!(was_downgraded(&out));
    assert!(out.method.contains(DOWNGRADED) && out.method.contains("certified-box"));
    assert_eq!(out.bx, None);
    assert_eq!(out.policy, bad.policy);
    let eps = exact_eps(&inst, &out.policy, 3);
    assert!(eps > Q::ZERO);
    assert_eq!(out.exploitability, eps);
    assert_eq!(out.robust_win_rate, q(3, 4) - &eps);
    assert_eq!(out.target_met, eps <= target);
    // What is printed after the downgrade is itself accepted by the checker (an ε claim).
    common::checker_verdict(&inst, &out).unwrap();
}

#[test]
fn a_refused_exact_claim_is_downgraded_to_epsilon() {
    let inst = barrier();
    let target = SolveOptions::default().epsilon_target;
    let mut bad = solve(&inst, 2, &SolveOptions::default()).unwrap();
    assert_eq!(bad.status, EquilibriumStatus::Exact);
    // δ_a is not an equilibrium at k = 2 (b earns more than 1/3 against it).
    bad.policy = vec![Q::ONE, Q::ZERO];
    bad.support = vec![0];
    let out = confirm(&inst, bad, &target);
    assert_eq!(out.status, EquilibriumStatus::Epsilon);
    assert!(was_downgraded(&out));
    let eps = exact_eps(&inst, &[Q::ONE, Q::ZERO], 2);
    assert!(eps > Q::ZERO);
    assert_eq!(out.exploitability, eps);
    assert_eq!(out.robust_win_rate, q(2, 3) - &eps);
    assert!(!out.target_met);
}

#[test]
fn epsilon_results_are_left_alone() {
    let inst = barrier();
    let mut r = solve(&inst, 2, &SolveOptions::default()).unwrap();
    r.status = EquilibriumStatus::Epsilon;
    let target = SolveOptions::default().epsilon_target;
    assert_eq!(confirm(&inst, r.clone(), &target), r);
    assert!(!was_downgraded(&r));
}

#[test]
fn printed_proofs_are_checker_confirmed() {
    // Every exact or boxed equilibrium the CLI prints on random instances is accepted by the
    // checker when rebuilt from the printed JSON's solver result.
    let mut rng = common::rng(4242);
    let dir = std::env::temp_dir().join(format!("ualign-proved-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut proved = 0;
    for case in 0..12 {
        let inst = common::random_instance(&mut rng, 3 + case % 4, 4);
        let file = dir.join(format!("i{case}.json"));
        std::fs::write(&file, inst.canonical_json()).unwrap();
        for k in 2..=3 {
            let out = Command::new(env!("CARGO_BIN_EXE_ualign"))
                .args([
                    "equilibrium",
                    file.to_str().unwrap(),
                    "--k",
                    &k.to_string(),
                    "--json",
                ])
                .output()
                .unwrap();
            assert!(out.status.success());
            let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            let status = v["status"].as_str().unwrap();
            let r = solve_confirmed(&inst, k, &SolveOptions::default()).unwrap();
            assert_eq!(status, r.status.name());
            if status != "epsilon" {
                proved += 1;
                common::checker_verdict(&inst, &r).unwrap();
            }
        }
    }
    assert!(proved >= 20, "{proved}");
}

#[test]
fn ball_boxes_are_confirmed_not_downgraded() {
    // Boxes proved in ball arithmetic (k > 32) are read by the checker, so confirm keeps them.
    let inst = barrier();
    for k in [64, 1024] {
        let r = solve_confirmed(&inst, k, &SolveOptions::default()).unwrap();
        assert_eq!(
            r.status,
            EquilibriumStatus::CertifiedBox,
            "k = {k}: {}",
            r.method
        );
        assert!(r.bx.as_ref().unwrap().ball_precision.is_some(), "k = {k}");
        assert_eq!(r.robust_win_rate, q(k as i64, k as u64 + 1));
        assert!(!r.method.contains(DOWNGRADED), "{}", r.method);
    }
    let path = std::path::Path::new("instances/preflib/00032-00000004.toi");
    let real = Instance::from_path(path).unwrap();
    let r = solve_confirmed(&real, 256, &SolveOptions::default()).unwrap();
    assert_eq!(r.status, EquilibriumStatus::CertifiedBox, "{}", r.method);
    assert_eq!(r.robust_win_rate, q(256, 257));
}
