//! Oracles for every evaluation path of U_k (docs/THEORY.md §4):
//!
//! - the per-user path (used above 16 responses) against brute-force enumeration over all
//!   k-multisets, m = 17..20 and k ≤ 3, with zero-mass tiers (tied or not), ties and unranked
//!   responses, and against the grouped path (m ≤ 16) on the restriction of the instance to the
//!   responses with positive mass plus the one evaluated (responses of mass 0 do not change any
//!   tier mass, so removing them leaves U_k of the others unchanged);
//! - the `f64` payoffs (`FloatGame::payoffs`, `EqGame::payoffs_f64`, `EqGame::jacobian_f64`)
//!   against the exact ones within a stated tolerance.

#![allow(clippy::needless_range_loop)] // per-response indices read better here

mod common;

use common::{brute_force_u, random_instance, rng};
use rand::RngExt;
use rand::rngs::ChaCha8Rng;
use ualign::equilibrium::game::EqGame;
use ualign::game::{FloatGame, deviation_payoffs};
use ualign::instance::{Instance, UserType};
use ualign::number::{IBig, Q, UBig, q, sum_q, to_f64};

/// A distribution over m responses in which about half of the entries are 0 (so that whole
/// tiers, tied or not, carry no mass), the others small positive integers over their sum.
fn sparse_policy(rng: &mut ChaCha8Rng, m: usize, zero_share: f64) -> Vec<Q> {
    common::random_policy_with(rng, m, zero_share, 9)
}

/// Counts (user, response) pairs by the branch of the per-user evaluation they reach:
/// `[zero-mass tier with mass below it, tied tier with mass, unranked response]`.
fn branch_counts(inst: &Instance, pi: &[Q]) -> [usize; 3] {
    let mut c = [0usize; 3];
    for u in 0..inst.n() {
        let ranks = &inst.rank_table()[u];
        let bottom = ranks.iter().copied().max().unwrap_or(0);
        let listed: usize = inst.users()[u].tiers.iter().map(Vec::len).sum();
        for &r in ranks {
            let tier_mass = sum_q((0..inst.m()).filter(|&z| ranks[z] == r).map(|z| &pi[z]));
            let below = sum_q((0..inst.m()).filter(|&z| ranks[z] > r).map(|z| &pi[z]));
            let tied = ranks.iter().filter(|&&t| t == r).count() > 1;
            if tier_mass == Q::ZERO && below > Q::ZERO {
                c[0] += 1;
            }
            if tied && tier_mass > Q::ZERO {
                c[1] += 1;
            }
            if listed < inst.m() && r == bottom {
                c[2] += 1;
            }
        }
    }
    c
}

#[test]
fn per_user_path_equals_brute_force_for_m_17_to_20() {
    let mut r = rng(17);
    let mut seen = [0usize; 3];
    for m in 17..=20 {
        for _ in 0..2 {
            let n = r.random_range(3..=6);
            let inst = random_instance(&mut r, m, n);
            // At most 7 responses with mass keep the enumeration small (C(9, 3) multisets).
            let pi = loop {
                let pi = sparse_policy(&mut r, m, 0.7);
                if pi.iter().filter(|p| **p > Q::ZERO).count() <= 7 {
                    break pi;
                }
            };
            let c = branch_counts(&inst, &pi);
            (0..3).for_each(|i| seen[i] += c[i]);
            for k in 1..=3 {
                assert_eq!(
                    deviation_payoffs(&inst, &pi, k),
                    brute_force_u(&inst, &pi, k),
                    "m = {m}, k = {k}"
                );
            }
        }
    }
    // The cases this oracle is for did occur.
    assert!(seen[0] >= 20, "zero-mass tiers above a mass: {}", seen[0]);
    assert!(seen[1] >= 20, "tied tiers with mass: {}", seen[1]);
    assert!(seen[2] >= 20, "unranked responses: {}", seen[2]);
}

/// The instance restricted to the responses `keep` (in that order): tiers keep their order,
/// emptied tiers disappear, weights are unchanged.
fn restrict(inst: &Instance, keep: &[usize]) -> Instance {
    let new_index = |y: usize| keep.iter().position(|&z| z == y);
    let users = inst
        .users()
        .iter()
        .map(|u| UserType {
            weight: u.weight.clone(),
            tiers: u
                .tiers
                .iter()
                .map(|t| t.iter().filter_map(|&y| new_index(y)).collect::<Vec<_>>())
                .filter(|t| !t.is_empty())
                .collect(),
        })
        .collect();
    let names = keep.iter().map(|&y| inst.responses()[y].clone()).collect();
    Instance::new(names, users).unwrap()
}

#[test]
fn per_user_path_equals_grouped_path_on_the_restricted_instance() {
    let mut r = rng(1717);
    let mut zero_mass_checked = 0;
    for case in 0..24 {
        let m = 17 + case % 8;
        let n = r.random_range(2..=12);
        let inst = random_instance(&mut r, m, n);
        let pi = loop {
            let pi = sparse_policy(&mut r, m, 0.5);
            if pi.iter().filter(|p| **p > Q::ZERO).count() <= 15 {
                break pi;
            }
        };
        let support: Vec<usize> = (0..m).filter(|&y| pi[y] > Q::ZERO).collect();
        for k in [1, 2, 3, 5, 8] {
            let full = deviation_payoffs(&inst, &pi, k);
            for y in 0..m {
                // support ∪ {y}, at most 16 responses: the grouped path.
                let mut keep = support.clone();
                if !keep.contains(&y) {
                    keep.push(y);
                    keep.sort_unstable();
                    zero_mass_checked += 1;
                }
                let sub = restrict(&inst, &keep);
                let sub_pi: Vec<Q> = keep.iter().map(|&z| pi[z].clone()).collect();
                let pos = keep.iter().position(|&z| z == y).unwrap();
                assert_eq!(
                    deviation_payoffs(&sub, &sub_pi, k)[pos],
                    full[y],
                    "case {case}, m = {m}, k = {k}, y = {y}"
                );
            }
        }
    }
    assert!(zero_mass_checked >= 200, "{zero_mass_checked}");
}

/// Largest absolute difference allowed between an `f64` payoff and the exact one. Every value
/// is a sum of at most n · (k+1) non-negative terms below 1 (relative rounding error about
/// (n + k + 2) · 2^-53 each); 1e-12 leaves a wide margin for the n ≤ 30, k ≤ 12 used here.
const F64_TOL: f64 = 1e-12;

#[test]
fn f64_payoffs_match_exact_ones() {
    let mut r = rng(64);
    for case in 0..40 {
        let m = r.random_range(1..=20);
        let n = r.random_range(1..=30);
        let inst = random_instance(&mut r, m, n);
        let pi = sparse_policy(&mut r, m, 0.3);
        let pf: Vec<f64> = pi.iter().map(to_f64).collect();
        let fg = FloatGame::new(&inst);
        assert_eq!(fg.m(), m);
        let eg = EqGame::from_instance(&inst);
        for k in [1, 2, 3, 4, 7, 12] {
            let exact: Vec<f64> = deviation_payoffs(&inst, &pi, k)
                .iter()
                .map(to_f64)
                .collect();
            let a = fg.payoffs(&pf, k);
            let b = eg.payoffs_f64(&pf, k);
            let all: Vec<usize> = (0..m).collect();
            let (c, _) = eg.jacobian_f64(&pf, k, &all);
            for y in 0..m {
                for (name, v) in [("FloatGame", a[y]), ("EqGame", b[y]), ("jacobian", c[y])] {
                    assert!(
                        (v - exact[y]).abs() <= F64_TOL,
                        "{name}: case {case}, k = {k}, y = {y}: {v} vs {}",
                        exact[y]
                    );
                }
            }
            let eps = fg.exploitability(&pf, k);
            let exact_eps = exact.iter().cloned().fold(f64::MIN, f64::max) - 1.0 / (k as f64 + 1.0);
            assert!((eps - exact_eps).abs() <= F64_TOL);
        }
    }
}

#[test]
fn f64_jacobian_matches_exact_difference_quotients() {
    // ∂U_k(y, π)/∂π(z), compared with the exact central difference (U(π + h e_z) − U(π − h e_z))
    // / 2h at h = 2^-40 (U_k is a polynomial: the closed form is valid off the simplex too, and
    // the difference quotient is within O(h²) of the derivative).
    let mut r = rng(65);
    let h = Q::from_parts(IBig::ONE, UBig::ONE << 40);
    let two_h = &h * q(2, 1);
    for case in 0..12 {
        let m = r.random_range(2..=8);
        let n = r.random_range(1..=10);
        let inst = random_instance(&mut r, m, n);
        // Strictly positive entries, so that π ± h e_z stays non-negative.
        let pi = loop {
            let pi = sparse_policy(&mut r, m, 0.0);
            if pi.iter().all(|p| *p > Q::ZERO) {
                break pi;
            }
        };
        let pf: Vec<f64> = pi.iter().map(to_f64).collect();
        let eg = EqGame::from_instance(&inst);
        let set: Vec<usize> = (0..m).collect();
        for k in [1, 2, 4, 6] {
            let (_, jac) = eg.jacobian_f64(&pf, k, &set);
            for z in 0..m {
                let mut plus = pi.clone();
                plus[z] += &h;
                let mut minus = pi.clone();
                minus[z] -= &h;
                let up = deviation_payoffs(&inst, &plus, k);
                let down = deviation_payoffs(&inst, &minus, k);
                for y in 0..m {
                    let d = to_f64(&((&up[y] - &down[y]) / &two_h));
                    assert!(
                        (jac[y][z] - d).abs() <= 1e-9,
                        "case {case}, k = {k}: ∂U({y})/∂π({z}) = {} vs {d}",
                        jac[y][z]
                    );
                }
            }
        }
    }
}
