//! Krawczyk boxes with two or more free coordinates (docs/THEORY.md §7, §10), judged twice: by
//! the solver's own test (`equilibrium::check_box`, a filter) and by the checker (the box claim
//! written into a certificate and verified). Both must accept the good boxes and reject the bad
//! ones:
//!
//! - good: the solver's box; the same centre with unequal radii (r, 2r, 4r, …); a box of width
//!   2^-40 around the same centre (still contracting);
//! - bad: shifted off the root by 3 radii; a flat box (one coordinate as thin as the solver's,
//!   the others 2^-40 wide: K(X) leaves the thin side, which only the cross terms
//!   Σ_j |I − C·J(X)|_ij · rad_j reveal); wrong preconditioners (zero, doubled, negated, rows
//!   swapped).

mod common;

use rand::RngExt;
use ualign::equilibrium::{
    EqBox, EquilibriumResult, EquilibriumStatus, SolveOptions, check_box, solve,
};
use ualign::game::deviation_payoffs;
use ualign::instance::Instance;
use ualign::number::{IBig, Q, UBig, q};

/// Solver boxes with at least two free coordinates, from seeded random instances.
fn multi_coordinate_boxes(count: usize) -> Vec<(Instance, EquilibriumResult)> {
    let mut r = common::rng(99);
    let mut out = Vec::new();
    let mut tried = 0;
    while out.len() < count {
        tried += 1;
        assert!(tried < 400, "too few multi-coordinate boxes: {}", out.len());
        let m = r.random_range(3..=7);
        let n = r.random_range(3..=8);
        let inst = common::random_instance(&mut r, m, n);
        let k = r.random_range(2..=4);
        let res = solve(&inst, k, &SolveOptions::default()).unwrap();
        if res.status == EquilibriumStatus::CertifiedBox
            && res.bx.as_ref().unwrap().free().len() >= 2
        {
            out.push((inst, res));
        }
    }
    out
}

fn two_pow(e: i32) -> Q {
    if e >= 0 {
        Q::from_parts(IBig::ONE << e as usize, UBig::ONE)
    } else {
        Q::from_parts(IBig::ONE, UBig::ONE << (-e) as usize)
    }
}

/// The box around `centre` (full coordinates) with radius `rad[i]` on the i-th free coordinate;
/// the basis gets exactly the range of `1 − Σ free`.
fn with_radii(bx: &EqBox, centre: &[Q], rad: &[Q]) -> EqBox {
    let mut b = bx.clone();
    let (mut sum_lo, mut sum_hi) = (Q::ZERO, Q::ZERO);
    for (s, r) in bx.free().into_iter().zip(rad) {
        b.lo[s] = &centre[s] - r;
        b.hi[s] = &centre[s] + r;
        sum_lo += &b.lo[s];
        sum_hi += &b.hi[s];
    }
    b.lo[b.basis] = Q::ONE - sum_hi;
    b.hi[b.basis] = Q::ONE - sum_lo;
    b
}

/// The checker's verdict on the box claim for `bx` (its centre as the claimed point, with that
/// point's exact ε), through a certificate, as `certify` would write it.
fn checker(inst: &Instance, res: &EquilibriumResult, bx: &EqBox) -> Result<(), String> {
    let centre = bx.centre();
    let u = deviation_payoffs(inst, &centre, res.k);
    let eps = u.into_iter().max().unwrap() - q(1, res.k as u64 + 1);
    let claimed = EquilibriumResult {
        policy: centre.clone(),
        support: (0..centre.len()).filter(|&y| centre[y] > Q::ZERO).collect(),
        exploitability: eps.max(Q::ZERO),
        bx: Some(bx.clone()),
        ..res.clone()
    };
    common::checker_verdict(inst, &claimed)
}

/// Both judges accept (`good`) or both reject.
fn judge(inst: &Instance, res: &EquilibriumResult, bx: &EqBox, good: bool, what: &str) {
    let solver = check_box(inst, res.k, bx);
    let checked = checker(inst, res, bx);
    assert_eq!(
        solver.is_ok(),
        good,
        "solver's check_box on {what}: {solver:?}"
    );
    assert_eq!(checked.is_ok(), good, "checker on {what}: {checked:?}");
}

#[test]
fn good_boxes_pass_and_bad_boxes_fail_both_tests() {
    for (case, (inst, res)) in multi_coordinate_boxes(6).iter().enumerate() {
        let bx = res.bx.as_ref().unwrap();
        let free = bx.free();
        let d = free.len();
        let centre = bx.centre();
        let r = (&bx.hi[free[0]] - &bx.lo[free[0]]) / q(2, 1);
        let what = |s: &str| format!("case {case} (k = {}, {d} free): {s}", res.k);

        judge(inst, res, bx, true, &what("the solver's box"));
        let unequal: Vec<Q> = (0..d).map(|i| &r * two_pow(i as i32)).collect();
        judge(
            inst,
            res,
            &with_radii(bx, &centre, &unequal),
            true,
            &what("radii r, 2r, 4r, …"),
        );
        let wide = vec![two_pow(-40); d];
        judge(
            inst,
            res,
            &with_radii(bx, &centre, &wide),
            true,
            &what("radii 2^-40"),
        );

        // Shifted off the root along each free coordinate (the basis compensates).
        for (i, &s) in free.iter().enumerate() {
            let mut moved = centre.clone();
            moved[s] += &r * q(3, 1);
            moved[bx.basis] -= &r * q(3, 1);
            let b = with_radii(bx, &moved, &vec![r.clone(); d]);
            judge(
                inst,
                res,
                &b,
                false,
                &what(&format!("shifted along free coordinate {i}")),
            );
        }
        // Flat: thin on coordinate i, 2^-40 on the others.
        for i in 0..d {
            let mut rad = vec![two_pow(-40); d];
            rad[i] = r.clone();
            let b = with_radii(bx, &centre, &rad);
            judge(
                inst,
                res,
                &b,
                false,
                &what(&format!("flat, thin on coordinate {i}")),
            );
        }
        // Wrong preconditioners.
        let scaled = |f: Q| -> Vec<Vec<Q>> {
            bx.precond
                .iter()
                .map(|row| row.iter().map(|c| c * &f).collect())
                .collect()
        };
        let mut swapped = bx.precond.clone();
        swapped.swap(0, 1);
        for (name, c) in [
            ("zero preconditioner", vec![vec![Q::ZERO; d]; d]),
            ("doubled preconditioner", scaled(q(2, 1))),
            ("negated preconditioner", scaled(q(-1, 1))),
            ("preconditioner rows swapped", swapped),
        ] {
            let mut b = bx.clone();
            b.precond = c;
            judge(inst, res, &b, false, &what(name));
        }
    }
}
