//! Lists sweep instances whose equilibrium ends as an ε-only result (for solver work).
//!
//! Usage: `find_unproved [COUNT=1000] [SEED=1] [FAMILY=ties] [MAX_M=5] [MAX_K=4] [touching [FROM=0]]`
//! (instances `FROM..COUNT` of the sweep family, k in `1..=MAX_K`; FROM splits a run over processes). With `touching`, the pairs proved
//! by a touching or segment box (docs/THEORY.md §10.3, §10.4) or at 8 or 16 times the default
//! precision are listed too, one line each, after the checker's confirmation (`sweep` confirms
//! every proof; here only these, which the earlier steps did not produce: the checker costs
//! about 30 times the solver on small instances).
use ualign::certificate::confirm::confirm;
use ualign::equilibrium::{DEFAULT_PRECISION, EquilibriumStatus, SolveOptions, solve};
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
    let from = arg(7, 0);
    let deep = [8, 16].map(|f| format!("({} bits)", f * DEFAULT_PRECISION));
    let opts = SolveOptions::default();
    for i in from..count {
        let inst = sweep_instance(family, seed, i, max_m);
        for k in 1..=max_k {
            let mut r = solve(&inst, k, &opts).unwrap();
            let new_kind = r.bx.as_ref().is_some_and(|b| {
                b.touching.is_some()
                    || b.segment.is_some()
                    || deep.iter().any(|d| r.method.contains(d))
            });
            if touching && new_kind {
                r = confirm(&inst, r, &opts.epsilon_target);
                println!("instance {i} k {k}: {:?} ({})", r.status, r.method);
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
