//! Large profiles (issue 12, part 2): the survey-like family (each voter ranks the top 10 of 100
//! responses, 5,000 voters, Plackett-Luce or Mallows) and 1,000-response random instances end
//! `exact` or `certified-box`, and every claim is re-checked here from scratch: an exact policy by
//! its exact exploitability, a box by the independent Krawczyk check on the full instance.

use ualign::equilibrium::{EquilibriumResult, EquilibriumStatus, SolveOptions, check_box, solve};
use ualign::families::{RandomModel, random, random_top};
use ualign::game::deviation_payoffs;
use ualign::instance::Instance;
use ualign::number::{Q, q};

/// Asserts the result is proved, and re-proves it independently of the solver's own checks.
fn assert_proved(inst: &Instance, k: usize, r: &EquilibriumResult) {
    let total = r.policy.iter().fold(Q::ZERO, |a, b| a + b);
    assert_eq!(total, Q::ONE, "policy sums to 1");
    assert!(r.policy.iter().all(|p| *p >= Q::ZERO));
    match r.status {
        EquilibriumStatus::Exact => {
            let u = deviation_payoffs(inst, &r.policy, k);
            assert!(u.into_iter().all(|x| x <= q(1, k as u64 + 1)), "ε > 0");
        }
        EquilibriumStatus::CertifiedBox => {
            let bx = r.bx.as_ref().expect("a box");
            check_box(inst, k, bx).expect("the box re-checks on the full instance");
            // The support is small: the point of the column generation.
            assert!(bx.support.len() < inst.m() / 2, "support {:?}", bx.support);
        }
        EquilibriumStatus::Epsilon => panic!("k = {k}: unproved ({})", r.method),
    }
    assert_eq!(r.k, k);
}

/// The survey-like family: top-10 lists over 100 responses from 5,000 Plackett-Luce voters.
fn survey(model: &RandomModel, seed: u64) -> Instance {
    random_top(model, 100, 5000, 10, seed).unwrap()
}

#[test]
fn survey_family_has_top_ten_lists() {
    let inst = survey(&RandomModel::PlackettLuce, 1);
    assert_eq!(inst.m(), 100);
    assert!(inst.users().iter().all(|u| u.tiers.len() == 10));
    assert!(
        inst.users()
            .iter()
            .all(|u| u.tiers.iter().all(|t| t.len() == 1))
    );
    assert_eq!(inst.total_weight(), &Q::from(5000u32));
    // Seeded, and `top = m` gives the full-order instance of `random`.
    assert_eq!(inst, survey(&RandomModel::PlackettLuce, 1));
    assert_ne!(inst, survey(&RandomModel::PlackettLuce, 2));
    let full = random_top(&RandomModel::PlackettLuce, 7, 50, 7, 4).unwrap();
    assert_eq!(full, random(&RandomModel::PlackettLuce, 7, 50, 4).unwrap());
    assert!(random_top(&RandomModel::PlackettLuce, 7, 50, 8, 4).is_err());
    assert!(random_top(&RandomModel::PlackettLuce, 7, 50, 0, 4).is_err());
}

#[test]
fn survey_plackett_luce_k2_proved() {
    let inst = survey(&RandomModel::PlackettLuce, 1);
    let r = solve(&inst, 2, &SolveOptions::default()).unwrap();
    assert_proved(&inst, 2, &r);
}

#[test]
fn survey_plackett_luce_k8_proved() {
    let inst = survey(&RandomModel::PlackettLuce, 1);
    let r = solve(&inst, 8, &SolveOptions::default()).unwrap();
    assert_proved(&inst, 8, &r);
}

#[test]
fn survey_mallows_k2_proved() {
    let inst = survey(&RandomModel::Mallows { phi: q(9, 10) }, 1);
    let r = solve(&inst, 2, &SolveOptions::default()).unwrap();
    assert_proved(&inst, 2, &r);
}

#[test]
fn thousand_responses_random_orders_proved() {
    let inst = random(&RandomModel::ImpartialSample, 1000, 3, 1).unwrap();
    for k in [2, 8] {
        let r = solve(&inst, k, &SolveOptions::default()).unwrap();
        assert_proved(&inst, k, &r);
    }
}

#[test]
fn thousand_responses_ten_thousand_top_ten_voters_proved() {
    let inst = random_top(&RandomModel::PlackettLuce, 1000, 10_000, 10, 3).unwrap();
    assert_eq!(inst.m(), 1000);
    assert!(inst.n() > 9000);
    let r = solve(&inst, 2, &SolveOptions::default()).unwrap();
    assert_proved(&inst, 2, &r);
}
