//! The sweep's two-pass solve (`ualign::sweep::sweep_equilibrium`): a first solve at 64 bits,
//! then the default 192-bit ladder where that ends unproved. Every (instance, k) pair that ever
//! ended unproved in a 100,000-instance sweep (the cases of `tests/touching_boxes.rs`) must
//! still end `exact` or `certified-box`, and for the deepest chain of tiny masses the first pass
//! alone must fail, so that the fallback is what proves it.

use ualign::certificate::confirm::solve_confirmed;
use ualign::equilibrium::{EquilibriumStatus, SolveOptions};
use ualign::sweep::{SWEEP_FIRST_PRECISION, SweepFamily, sweep_equilibrium, sweep_instance};

/// (family, seed, index, k), max m 8: the touching, chain, plain-box and segment cases.
const HARD: [(SweepFamily, u64, usize, usize); 12] = [
    (SweepFamily::Ties, 1, 25148, 3),
    (SweepFamily::IcSample, 5, 4301, 2),
    (SweepFamily::IcSample, 1, 5000, 3),
    (SweepFamily::IcSample, 1, 57588, 2),
    (SweepFamily::IcSample, 1, 59386, 3),
    (SweepFamily::Mallows, 1, 38617, 3),
    (SweepFamily::Mallows, 1, 35760, 3),
    (SweepFamily::SinglePeaked, 1, 38490, 7),
    (SweepFamily::SinglePeaked, 1, 53954, 7),
    (SweepFamily::SinglePeaked, 1, 80294, 6),
    (SweepFamily::SinglePeaked, 1, 9763, 5),
    (SweepFamily::IcSample, 1, 64108, 3),
];

#[test]
fn every_case_that_was_ever_unproved_ends_proved_in_the_two_pass_solve() {
    for (family, seed, i, k) in HARD {
        let inst = sweep_instance(family, seed, i, 8);
        let eq = sweep_equilibrium(&inst, k).expect("solves");
        assert_ne!(
            eq.status,
            EquilibriumStatus::Epsilon,
            "{family:?} seed {seed} #{i} k {k}: {}",
            eq.method
        );
    }
}

#[test]
fn the_first_pass_alone_leaves_the_deepest_chain_unproved() {
    let inst = sweep_instance(SweepFamily::SinglePeaked, 1, 9763, 8);
    let first = SolveOptions {
        precision: SWEEP_FIRST_PRECISION,
        ..SolveOptions::default()
    };
    let eq = solve_confirmed(&inst, 5, &first).expect("solves");
    assert_eq!(eq.status, EquilibriumStatus::Epsilon, "{}", eq.method);
}
