//! docs/THEORY.md §2–§4: closed form against brute force, exchangeability, shares, margins.
#![allow(clippy::needless_range_loop)]

mod common;

use common::{brute_force_u, random_instance, random_policy, rng};
use proptest::prelude::*;
use ualign::game::{deviation_payoffs, margin_matrix, pref, product_report, shares};
use ualign::number::{Q, q, qi, sum_q};

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn closed_form_equals_brute_force(seed in any::<u64>(), m in 1usize..5, n in 1usize..5, k in 1usize..5) {
        let mut r = rng(seed);
        let inst = random_instance(&mut r, m, n);
        let pi = random_policy(&mut r, m);
        prop_assert_eq!(deviation_payoffs(&inst, &pi, k), brute_force_u(&inst, &pi, k));
    }

    #[test]
    fn exchangeability_identity(seed in any::<u64>(), m in 1usize..7, n in 1usize..7, k in 1usize..13) {
        let mut r = rng(seed);
        let inst = random_instance(&mut r, m, n);
        let pi = random_policy(&mut r, m);
        let u = deviation_payoffs(&inst, &pi, k);
        let total = sum_q(&pi.iter().zip(&u).map(|(p, x)| p * x).collect::<Vec<_>>());
        prop_assert_eq!(total, q(1, k as u64 + 1));
        // R_k = k/(k+1) − ε exactly.
        let rep = product_report(&inst, &pi, k);
        prop_assert_eq!(rep.robust_win_rate, q(k as i64, k as u64 + 1) - rep.exploitability.clone());
        prop_assert!(rep.exploitability >= Q::ZERO);
    }

    #[test]
    fn shares_sum_to_one(seed in any::<u64>(), m in 1usize..6, n in 1usize..6, len in 1usize..7) {
        let mut r = rng(seed);
        let inst = random_instance(&mut r, m, n);
        let positions: Vec<usize> = (0..len).map(|i| (seed as usize / (i + 1)) % m).collect();
        let s = shares(&inst, &positions);
        prop_assert_eq!(sum_q(&s), qi(1));
        prop_assert!(s.iter().all(|x| *x >= Q::ZERO));
    }

    #[test]
    fn preferences_and_margins(seed in any::<u64>(), m in 1usize..6, n in 1usize..6) {
        let mut r = rng(seed);
        let inst = random_instance(&mut r, m, n);
        let mm = margin_matrix(&inst);
        for y in 0..m {
            prop_assert_eq!(pref(&inst, y, y), q(1, 2));
            for z in 0..m {
                prop_assert_eq!(&mm[y][z], &(-mm[z][y].clone()));
                // k = 1: U_1(y, δ_z) = share of y against z = 1 − P(z ≻ y) = P(y ≻ z).
                let mut delta = vec![Q::ZERO; m];
                delta[z] = qi(1);
                prop_assert_eq!(&deviation_payoffs(&inst, &delta, 1)[y], &pref(&inst, y, z));
            }
        }
    }
}

#[test]
fn barrier_b_one_tenth() {
    let inst = ualign::instance::Instance::from_path(std::path::Path::new(
        "instances/barrier-eps-1-10.json",
    ))
    .unwrap();
    let delta_a = [qi(1), qi(0)];
    assert_eq!(product_report(&inst, &delta_a, 1).robust_win_rate, q(1, 2));
    for k in 2..=6 {
        assert_eq!(
            product_report(&inst, &delta_a, k).robust_win_rate,
            q(3, 5),
            "k = {k}"
        );
    }
    // The rational k = 2 equilibrium of docs/THEORY.md: π(a) = 4/5.
    let eq = product_report(&inst, &[q(4, 5), q(1, 5)], 2);
    assert_eq!(eq.exploitability, Q::ZERO);
    assert_eq!(eq.robust_win_rate, q(2, 3));
}

#[test]
fn condorcet_cycle_uniform_is_equilibrium_for_every_k() {
    let inst = ualign::instance::Instance::from_path(std::path::Path::new(
        "instances/condorcet-cycle-3.json",
    ))
    .unwrap();
    let uniform = [q(1, 3), q(1, 3), q(1, 3)];
    for k in 1..=10 {
        let r = product_report(&inst, &uniform, k);
        assert_eq!(r.exploitability, Q::ZERO, "k = {k}");
        assert_eq!(r.robust_win_rate, q(k as i64, k as u64 + 1));
    }
}
