//! Degenerate equilibria (docs/THEORY.md §10.2): the face test of an off-support response, the
//! sweep instances that `examples/find_unproved` listed before it (now `exact` or
//! `certified-box`, and accepted by both checkers), and a false exemption rejected by both.

#[path = "../crates/ualign-check/tests/common/python.rs"]
mod python_checker;

use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use serde_json::Value;
use ualign::certificate::certify::{CertifyOptions, certify};
use ualign::equilibrium::face::{FaceBound, face_exempt, share_against};
use ualign::equilibrium::game::EqGame;
use ualign::equilibrium::{EquilibriumStatus, SolveOptions, solve};
use ualign::game::{deviation_payoffs, multinomial_probability, multisets};
use ualign::number::{Q, q};
use ualign::sweep::{SweepFamily, sweep_instance};

/// (family, seed, index, max m, k): every (instance, k) pair that `find_unproved` reported as
/// ε-only before the face test and the near-degenerate retries (degenerate: an off-support
/// response earns exactly 1/(k+1); near-degenerate: a support mass of about 10^-5 makes the
/// off-support margin about 10^-35; PL #7739 and SP #2347 need 768 bits; ties seed 1 #4739 needs
/// the combination test).
const ONCE_UNPROVED: [(SweepFamily, u64, usize, usize, usize); 15] = [
    (SweepFamily::Ties, 7, 2529, 5, 4),
    (SweepFamily::Ties, 7, 3865, 5, 3),
    (SweepFamily::Ties, 7, 5398, 5, 4),
    (SweepFamily::Ties, 3, 5545, 8, 8),
    (SweepFamily::IcSample, 5, 8383, 8, 2),
    (SweepFamily::Mallows, 1, 424, 8, 7),
    (SweepFamily::Mallows, 1, 497, 8, 4),
    (SweepFamily::SinglePeaked, 1, 422, 8, 7),
    (SweepFamily::SinglePeaked, 1, 432, 8, 4),
    (SweepFamily::SinglePeaked, 1, 1318, 8, 7),
    (SweepFamily::PlackettLuce, 5, 9233, 8, 2),
    (SweepFamily::PlackettLuce, 5, 7739, 8, 7),
    (SweepFamily::SinglePeaked, 5, 2347, 8, 6),
    (SweepFamily::Ties, 1, 4739, 8, 3),
    (SweepFamily::Ties, 1, 4739, 8, 8),
];

/// `U_k(y, π) = Σ_γ Pr_π(γ)·W(y, γ)` over the k-multisets γ of the support, for every response
/// y (on and off the support), at random rational points of random faces: the expansion the face
/// test rests on, against the closed form of `game::deviation_payoffs`.
#[test]
fn multiset_expansion_equals_the_closed_form_payoffs() {
    let mut rng = ChaCha8Rng::seed_from_u64(12);
    let mut checked = 0;
    for i in 0..40 {
        let inst = sweep_instance(SweepFamily::Ties, 99, i, 5);
        let m = inst.m();
        let g = EqGame::from_instance(&inst);
        let support: Vec<usize> = (0..m).filter(|_| rng.random_bool(0.7)).collect();
        if support.is_empty() {
            continue;
        }
        let raw: Vec<u64> = support.iter().map(|_| rng.random_range(1..=9)).collect();
        let total: u64 = raw.iter().sum();
        let mut pi = vec![Q::ZERO; m];
        for (&s, &r) in support.iter().zip(&raw) {
            pi[s] = q(r as i64, total);
        }
        let k = rng.random_range(1..=5usize);
        let direct = deviation_payoffs(&inst, &pi, k);
        let small: Vec<Q> = support.iter().map(|&s| pi[s].clone()).collect();
        for (y, want) in direct.iter().enumerate() {
            let mut sum = Q::ZERO;
            for gamma in multisets(support.len(), k) {
                let draws: Vec<usize> = gamma.iter().map(|&j| support[j]).collect();
                sum += multinomial_probability(&small, &gamma) * share_against(&g, y, &draws);
            }
            assert_eq!(&sum, want, "instance {i}, y {y}, k {k}");
            checked += 1;
        }
    }
    assert!(checked > 100);
}

#[test]
fn face_test_on_hand_made_instances() {
    // Two users: a ≻ b ≻ c and c ≻ a ≻ b (weights 1, 1). Support {a, b}.
    let inst = ualign::instance::json::parse(
        r#"{"responses": ["a", "b", "c"], "users": [
            {"weight": "1", "ranking": [["a"], ["b"], ["c"]]},
            {"weight": "1", "ranking": [["c"], ["a"], ["b"]]}]}"#,
    )
    .unwrap();
    let g = EqGame::from_instance(&inst);
    // Support {a, b}, y = c, k = 2: W(c, γ) = 1/2 for every γ (the second user puts c above
    // every draw), so b(γ) = 1/2 − 1/3 = 1/6 > 0 everywhere, while W(a, {a, a}) = 1/3 and
    // W(b, {b, b}) = 1/3 give a(γ) = 0 there: no λ works for either comparison.
    assert_eq!(face_exempt(&g, &[0, 1], 2, 2), None);
    // Support {a}, y = b, k = 3: both users rank a above b, W(b, {a, a, a}) = 0 ≤ 1/4 and
    // W(a, {a, a, a}) = 1/4, so a(γ) = 0 and b(γ) = −1/4: every λ works, 1 is reported.
    assert_eq!(
        face_exempt(&g, &[0], 1, 3),
        Some(FaceBound::Line {
            response: 0,
            lambda: Q::ONE
        })
    );
}

#[test]
fn once_unproved_sweep_cases_are_proved_and_both_checkers_accept_them() {
    for (family, seed, i, max_m, k) in ONCE_UNPROVED {
        let inst = sweep_instance(family, seed, i, max_m);
        let r = solve(&inst, k, &SolveOptions::default()).unwrap();
        assert!(
            matches!(
                r.status,
                EquilibriumStatus::Exact | EquilibriumStatus::CertifiedBox
            ),
            "{family:?} seed {seed} #{i} k {k}: {:?} ({})",
            r.status,
            r.method
        );
        let out = certify(
            &inst,
            &CertifyOptions {
                ks: vec![k],
                ..CertifyOptions::default()
            },
        )
        .unwrap();
        let text = out.certificate.to_json_string();
        let rust = ualign::verify::verify_str(&text);
        assert!(rust.is_ok(), "{family:?} #{i}: {rust:?}");
        python_checker::assert_agrees_with(&text, &rust, &format!("{family:?} #{i}"));
    }
}

/// The box of ties seed 7 #2529 at k = 4 needs the face test: its off-support response y1 earns
/// exactly 1/5 at the equilibrium. A user of weight 10^-90 who ranks y1 alone on top (with the
/// claimed ε raised to 10^-50, so that the policy check still passes) breaks the exemption, and
/// both checkers reject the claim at the off-support test; the same user ranking y2 on top (a
/// response whose enclosure holds) changes nothing.
#[test]
fn a_false_face_exemption_is_rejected_by_both_checkers() {
    let inst = sweep_instance(SweepFamily::Ties, 7, 2529, 5);
    let out = certify(
        &inst,
        &CertifyOptions {
            ks: vec![4],
            ..CertifyOptions::default()
        },
    )
    .unwrap();
    let cert: Value = serde_json::from_str(&out.certificate.to_json_string()).unwrap();
    let tampered = |favourite: &str| -> String {
        let mut c = cert.clone();
        let eq: Vec<Value> = c["claims"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|x| x["kind"] == "equilibrium")
            .cloned()
            .collect();
        assert_eq!(eq[0]["status"], "certified-box");
        c["claims"] = Value::Array(eq);
        c["claims"][0]["exploitability"] = Value::from(format!("1/1{}", "0".repeat(50)));
        c["instance"]["users"].as_array_mut().unwrap().push(
            serde_json::json!({"weight": format!("1/1{}", "0".repeat(90)),
                                     "ranking": [[favourite]]}),
        );
        let doc = serde_json::to_string(&c["instance"]).unwrap();
        c["instance_sha256"] = Value::from(ualign::instance::json::parse(&doc).unwrap().sha256());
        serde_json::to_string(&c).unwrap()
    };
    let bad = tampered("y1");
    let rust = ualign::verify::verify_str(&bad);
    match &rust {
        Err(ualign::verify::VerifyError::ClaimFailed {
            claim: 0, message, ..
        }) => {
            assert!(message.contains("off-support U_k(y1"), "{message}")
        }
        other => panic!("expected the off-support test to fail: {other:?}"),
    }
    python_checker::assert_agrees_with(&bad, &rust, "false face exemption");
    let fine = tampered("y2");
    let rust = ualign::verify::verify_str(&fine);
    assert!(rust.is_ok(), "{rust:?}");
    python_checker::assert_agrees_with(&fine, &rust, "harmless extra user");
}

/// Ties seed 3 #5545 at k = 8: the off-support y3 is neither dominated by a support response
/// (λ = 1) nor below 1/(k+1) on the face (λ = 0); the mixture λ = 4/5 works (a float LP over
/// affine multipliers of all support responses, run by hand, also finds 4/5 with y1 alone).
#[test]
fn a_degenerate_case_needs_a_multiplier_strictly_between_0_and_1() {
    let inst = sweep_instance(SweepFamily::Ties, 3, 5545, 8);
    let r = solve(&inst, 8, &SolveOptions::default()).unwrap();
    assert_eq!(r.status, EquilibriumStatus::CertifiedBox);
    assert_eq!(r.support, vec![0, 1]);
    let g = EqGame::from_instance(&inst);
    // `face_exempt` reports λ = 1 or λ = 0 whenever they work, so 4/5 means neither does.
    let bound = face_exempt(&g, &r.support, 2, 8).expect("exempt");
    assert_eq!(
        bound,
        FaceBound::Line {
            response: 0,
            lambda: q(4, 5)
        }
    );
}

/// Ties seed 1 #4739 (k = 3..8): on the face of the support {y2, y3}, W(y1, ·) − 1/(k+1) equals
/// (1/7)(W(y2, ·) − 1/(k+1)) + (6/7)(W(y3, ·) − 1/(k+1)) for every multiset (checked by hand at
/// k = 3), but is bounded by no single support response's line: only the combination test
/// exempts y1.
#[test]
fn a_degenerate_case_needs_a_combination_of_support_payoffs() {
    let inst = sweep_instance(SweepFamily::Ties, 1, 4739, 8);
    let g = EqGame::from_instance(&inst);
    for k in 3..=8 {
        let r = solve(&inst, k, &SolveOptions::default()).unwrap();
        assert_eq!(r.status, EquilibriumStatus::CertifiedBox, "k {k}");
        assert_eq!(r.support, vec![1, 2]);
        assert_eq!(
            face_exempt(&g, &r.support, 0, k),
            Some(FaceBound::Combination)
        );
    }
}
