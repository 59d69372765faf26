//! Symmetric equilibria: exact values on hand-made instances, soundness on random instances,
//! independent re-checks of box certificates, and input validation.

mod common;

use std::path::Path;

use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use ualign::equilibrium::{
    EqBox, EqError, EquilibriumStatus, MAX_K, SolveOptions, check_box, solve,
};
use ualign::game::deviation_payoffs;
use ualign::instance::Instance;
use ualign::number::{Q, q, qi};

fn load(name: &str) -> Instance {
    Instance::from_path(Path::new(env!("CARGO_MANIFEST_DIR")).join(name).as_path()).unwrap()
}

/// ε(π) from scratch: max_y U_k(y, π) − 1/(k+1), with π validated as a distribution.
fn exploitability(inst: &Instance, pi: &[Q], k: usize) -> Q {
    assert!(pi.iter().all(|p| *p >= Q::ZERO), "negative probability");
    let total: Q = pi.iter().fold(Q::ZERO, |a, b| a + b);
    assert_eq!(total, Q::ONE, "policy does not sum to 1");
    let u = deviation_payoffs(inst, pi, k);
    u.into_iter().max().unwrap() - q(1, k as u64 + 1)
}

fn ten_to_minus_20() -> Q {
    ualign::number::parse_q("1/100000000000000000000").unwrap()
}

fn opts() -> SolveOptions {
    SolveOptions::default()
}

#[test]
fn barrier_k1_is_delta_a() {
    let inst = load("instances/barrier-eps-1-10.json");
    let r = solve(&inst, 1, &opts()).unwrap();
    assert_eq!(r.status, EquilibriumStatus::Exact);
    assert_eq!(r.policy, vec![qi(1), qi(0)]);
    assert_eq!(r.support, vec![0]);
    assert_eq!(r.exploitability, Q::ZERO);
    assert_eq!(r.robust_win_rate, q(1, 2));
    assert_eq!(exploitability(&inst, &r.policy, 1), Q::ZERO);
}

#[test]
fn barrier_k2_is_four_fifths() {
    let inst = load("instances/barrier-eps-1-10.json");
    let r = solve(&inst, 2, &opts()).unwrap();
    assert_eq!(r.status, EquilibriumStatus::Exact);
    assert_eq!(r.policy, vec![q(4, 5), q(1, 5)]);
    assert_eq!(r.robust_win_rate, q(2, 3));
    assert_eq!(exploitability(&inst, &r.policy, 2), Q::ZERO);
}

#[test]
fn barrier_k3_box_contains_the_irrational_root() {
    let inst = load("instances/barrier-eps-1-10.json");
    let r = solve(&inst, 3, &opts()).unwrap();
    assert_eq!(r.status, EquilibriumStatus::CertifiedBox);
    assert_eq!(r.robust_win_rate, q(3, 4));
    assert_eq!(r.support, vec![0, 1]);
    let bx = r.bx.as_ref().unwrap();
    check_box(&inst, 3, bx).unwrap();
    common::checker_verdict(&inst, &r).unwrap();
    // π(b) is the root of f(x) = x² + 9x − 3 in (0, 1); f is increasing there.
    let f = |x: &Q| x * x + qi(9) * x - qi(3);
    assert!(f(&bx.lo[1]) < Q::ZERO, "lower end above the root");
    assert!(f(&bx.hi[1]) > Q::ZERO, "upper end below the root");
    // π(a) = 1 − π(b): its box must contain 1 − root, i.e. f(1 − lo_a) > 0 > f(1 − hi_a).
    assert!(f(&(qi(1) - &bx.lo[0])) > Q::ZERO);
    assert!(f(&(qi(1) - &bx.hi[0])) < Q::ZERO);
    assert!(bx.max_width() < ten_to_minus_20(), "box wider than 1e-20");
    // The centre is a distribution whose exact ε is the reported one.
    assert_eq!(exploitability(&inst, &r.policy, 3), r.exploitability);
    assert!(r.exploitability > Q::ZERO);
}

#[test]
fn condorcet_cycle_uniform_for_k_1_to_6() {
    let inst = load("instances/condorcet-cycle-3.json");
    for k in 1..=6 {
        let r = solve(&inst, k, &opts()).unwrap();
        assert_eq!(r.status, EquilibriumStatus::Exact, "k = {k}");
        assert_eq!(r.policy, vec![q(1, 3); 3], "k = {k}");
        assert_eq!(r.robust_win_rate, q(k as i64, k as u64 + 1));
        assert_eq!(exploitability(&inst, &r.policy, k), Q::ZERO);
    }
}

#[test]
fn ties_and_unranked_instance() {
    let inst = load("instances/ties-and-unranked.json");
    for k in 1..=5 {
        let r = solve(&inst, k, &opts()).unwrap();
        assert_ne!(r.status, EquilibriumStatus::Epsilon, "k = {k}");
        assert!(exploitability(&inst, &r.policy, k) <= r.exploitability);
        if let Some(bx) = &r.bx {
            check_box(&inst, k, bx).unwrap();
        }
        common::checker_verdict(&inst, &r).unwrap();
    }
}

fn random_instance(rng: &mut ChaCha8Rng) -> Instance {
    let m = rng.random_range(1..=6);
    let n = rng.random_range(1..=8);
    common::random_tiered_instance(rng, m, n)
}

#[test]
fn random_instances_are_sound() {
    let mut rng = ChaCha8Rng::seed_from_u64(20260101);
    let mut counts = std::collections::BTreeMap::new();
    for _ in 0..300 {
        let inst = random_instance(&mut rng);
        let k = rng.random_range(1..=5);
        let r = solve(&inst, k, &opts()).unwrap();
        assert_eq!(r.k, k);
        // The reported exploitability is never below the true one (recomputed from scratch).
        let eps = exploitability(&inst, &r.policy, k);
        assert!(eps <= r.exploitability, "reported ε below the true ε");
        let support: Vec<usize> = (0..inst.m()).filter(|&y| r.policy[y] > Q::ZERO).collect();
        assert_eq!(support, r.support);
        match r.status {
            EquilibriumStatus::Exact => {
                assert_eq!(eps, Q::ZERO);
                assert_eq!(r.robust_win_rate, q(k as i64, k as u64 + 1));
            }
            EquilibriumStatus::CertifiedBox => {
                let bx = r.bx.as_ref().unwrap();
                assert!(bx.max_width() < ten_to_minus_20());
                check_box(&inst, k, bx).unwrap();
                assert_eq!(r.robust_win_rate, q(k as i64, k as u64 + 1));
                assert_eq!(bx.centre(), r.policy);
            }
            EquilibriumStatus::Epsilon => {
                assert_eq!(
                    r.robust_win_rate,
                    q(k as i64, k as u64 + 1) - &r.exploitability
                );
            }
        }
        // The checker (not the solver's own box test) confirms the claim `certify` would write.
        common::checker_verdict(&inst, &r)
            .unwrap_or_else(|e| panic!("checker refuses a {} result: {e}", r.status.name()));
        *counts.entry(r.status.name()).or_insert(0usize) += 1;
    }
    println!("status distribution over 300 random instances: {counts:?}");
    // Both proved outcomes occur (measured with this seed: 201 exact, 99 boxes, 0 ε).
    assert!(
        counts.get("exact").copied().unwrap_or(0) >= 100,
        "{counts:?}"
    );
    assert!(
        counts.get("certified-box").copied().unwrap_or(0) >= 50,
        "{counts:?}"
    );
}

/// The certified box of B(1/10) at k = 3, for tampering.
fn barrier_box() -> (Instance, EqBox) {
    let inst = load("instances/barrier-eps-1-10.json");
    let r = solve(&inst, 3, &opts()).unwrap();
    (inst, r.bx.unwrap())
}

#[test]
fn check_box_rejects_tampered_certificates() {
    let (inst, bx) = barrier_box();
    check_box(&inst, 3, &bx).unwrap();
    // Shifted away from the root.
    let mut b = bx.clone();
    let shift = q(1, 1000);
    for y in 0..2 {
        let s = if y == 0 { &shift } else { &-shift.clone() };
        b.lo[y] = &b.lo[y] + s;
        b.hi[y] = &b.hi[y] + s;
    }
    assert!(check_box(&inst, 3, &b).is_err());
    // A useless preconditioner.
    let mut b = bx.clone();
    b.precond = vec![vec![Q::ZERO]];
    assert!(check_box(&inst, 3, &b).is_err());
    // A wrong k.
    assert!(check_box(&inst, 2, &bx).is_err());
    // Basis bounds that do not contain 1 − Σ others.
    let mut b = bx.clone();
    b.hi[b.basis] = b.lo[b.basis].clone();
    assert!(check_box(&inst, 3, &b).is_err());
    // A degenerate or empty box.
    let mut b = bx.clone();
    let f = b.free()[0];
    b.hi[f] = b.lo[f].clone();
    assert!(check_box(&inst, 3, &b).is_err());
    // Malformed shapes.
    let mut b = bx.clone();
    b.lo.pop();
    assert!(check_box(&inst, 3, &b).is_err());
    let mut b = bx;
    b.support = vec![1];
    assert!(check_box(&inst, 3, &b).is_err());
}

#[test]
fn box_json_round_trip() {
    let (inst, bx) = barrier_box();
    let v = bx.to_json(inst.responses());
    let back = EqBox::from_json(&v, inst.responses()).unwrap();
    assert_eq!(back, bx);
    let mut bad = v.clone();
    bad["basis"] = serde_json::json!("nope");
    assert!(EqBox::from_json(&bad, inst.responses()).is_err());
    let mut bad = v;
    bad["box"]["a"] = serde_json::json!(["0.5", 0.6]);
    assert!(EqBox::from_json(&bad, inst.responses()).is_err());
}

#[test]
fn check_box_needs_off_support_inequalities() {
    // Support {a, b} of the cycle plus c: putting c off the support fails (U(c) > 1/(k+1)).
    let inst = load("instances/condorcet-cycle-3.json");
    let bx = EqBox {
        lo: vec![q(49, 100), q(49, 100), Q::ZERO],
        hi: vec![q(51, 100), q(51, 100), Q::ZERO],
        support: vec![0, 1],
        basis: 0,
        precond: vec![vec![qi(1)]],
        ball_precision: None,
        touching: None,
        segment: None,
    };
    let err = check_box(&inst, 2, &bx).unwrap_err();
    assert!(!err.is_empty());
}

#[test]
fn bad_input_is_rejected_before_work() {
    let inst = load("instances/barrier-eps-1-10.json");
    assert!(matches!(
        solve(&inst, 0, &opts()),
        Err(EqError::InvalidK(_))
    ));
    assert!(matches!(
        solve(&inst, MAX_K + 1, &opts()),
        Err(EqError::InvalidK(_))
    ));
    for p in [0, 10, 63, 4097, 1 << 30] {
        let o = SolveOptions {
            precision: p,
            ..opts()
        };
        assert!(
            matches!(solve(&inst, 2, &o), Err(EqError::InvalidPrecision(_))),
            "precision {p}"
        );
    }
    let o = SolveOptions {
        epsilon_target: q(-1, 2),
        ..opts()
    };
    assert!(solve(&inst, 2, &o).is_err());
}

#[test]
fn lower_precision_still_certifies() {
    let inst = load("instances/barrier-eps-1-10.json");
    let o = SolveOptions {
        precision: 96,
        ..opts()
    };
    let r = solve(&inst, 3, &o).unwrap();
    assert_eq!(r.status, EquilibriumStatus::CertifiedBox);
    check_box(&inst, 3, r.bx.as_ref().unwrap()).unwrap();
}

#[test]
fn clones_share_mass_on_one_representative() {
    // b and c are clones (every user puts them in one tier); the cycle-like structure survives.
    let inst = ualign::instance::json::parse(
        r#"{"responses":["a","b","c","d"],"users":[
        {"weight":"1","ranking":[["a"],["b","c"],["d"]]},
        {"weight":"1","ranking":[["b","c"],["d"],["a"]]},
        {"weight":"1","ranking":[["d"],["a"],["b","c"]]}]}"#,
    )
    .unwrap();
    for k in 1..=4 {
        let r = solve(&inst, k, &opts()).unwrap();
        assert_eq!(r.status, EquilibriumStatus::Exact, "k = {k}");
        assert_eq!(exploitability(&inst, &r.policy, k), Q::ZERO);
        assert_eq!(r.policy[2], Q::ZERO);
    }
}
