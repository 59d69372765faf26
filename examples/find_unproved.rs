//! Lists sweep instances whose equilibrium ends as an ε-only result (for solver work), after the
//! checker's confirmation, as `sweep` counts them (a proof the checker refuses is unproved).
//!
//! Usage: `find_unproved [COUNT=1000] [SEED=1] [FAMILY=ties] [MAX_M=5] [MAX_K=4] [touching]`
//! (instances `0..COUNT` of the sweep family, k in `1..=MAX_K`). With `touching`, the pairs proved
//! by a touching box (docs/THEORY.md §10.3) are listed too, one line each.
use ualign::certificate::confirm::solve_confirmed;
use ualign::equilibrium::{EquilibriumStatus, SolveOptions};
use ualign::sweep::{SweepFamily, sweep_instance};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let count: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(1000);
    let seed: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1);
    let family = args
        .get(3)
        .and_then(|s| SweepFamily::parse(s))
        .unwrap_or(SweepFamily::Ties);
    let arg = |i: usize, default: usize| -> usize {
        args.get(i).and_then(|s| s.parse().ok()).unwrap_or(default)
    };
    let (max_m, max_k) = (arg(4, 5), arg(5, 4));
    let touching = args.get(6).is_some_and(|a| a == "touching");
    for i in 0..count {
        let inst = sweep_instance(family, seed, i, max_m);
        for k in 1..=max_k {
            let r = solve_confirmed(&inst, k, &SolveOptions::default()).unwrap();
            if touching && r.bx.as_ref().is_some_and(|b| b.touching.is_some()) {
                println!("instance {i} k {k}: touching box ({})", r.method);
            }
            if r.status == EquilibriumStatus::Epsilon {
                println!(
                    "instance {i} k {k}: eps ≈ {:e} ({})",
                    ualign::number::to_f64(&r.exploitability),
                    r.method
                );
                print!("{}", ualign::instance::json::to_string_pretty(&inst));
            }
        }
    }
}
