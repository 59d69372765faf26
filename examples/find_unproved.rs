//! Lists sweep instances whose equilibrium ends as an ε-only result (for solver work).
use ualign::equilibrium::{EquilibriumStatus, SolveOptions, solve};
use ualign::sweep::{SweepFamily, sweep_instance};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let count: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(1000);
    let seed: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1);
    let family = args
        .get(3)
        .and_then(|s| SweepFamily::parse(s))
        .unwrap_or(SweepFamily::Ties);
    for i in 0..count {
        let inst = sweep_instance(family, seed, i, 5);
        for k in 1..=4 {
            let r = solve(&inst, k, &SolveOptions::default()).unwrap();
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
