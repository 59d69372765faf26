//! Last-iterate behaviour of the self-play dynamics (not a timing benchmark): prints the markdown
//! table recorded in benches/README_equilibrium.md.
//!
//! Run: `cargo bench --bench equilibrium_dynamics`. Every run starts from the same non-uniform
//! policy (π_0(y_i) ∝ i + 1) so that games whose uniform policy is already an equilibrium still
//! move. ε values are `f64` estimates of the played policy's exploitability.

use std::path::Path;

use rand::rngs::ChaCha8Rng;
use rand::{SeedableRng, seq::SliceRandom};
use ualign::equilibrium::dynamics::{Algo, Learner};
use ualign::equilibrium::{SolveOptions, solve};
use ualign::game::FloatGame;
use ualign::instance::{Instance, UserType};
use ualign::number::qi;

fn random_instance(m: usize, n: usize, seed: u64) -> Instance {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let names = (0..m).map(|i| format!("r{i}")).collect();
    let users = (0..n)
        .map(|_| {
            let mut perm: Vec<usize> = (0..m).collect();
            perm.shuffle(&mut rng);
            UserType {
                weight: qi(1),
                tiers: perm.into_iter().map(|y| vec![y]).collect(),
            }
        })
        .collect();
    Instance::new(names, users).expect("valid")
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` passes nothing: run quickly then.
    let full = std::env::args().any(|a| a == "--bench");
    let iters: usize = if full { 20_000 } else { 200 };
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("instances");
    let load = |p: &str| Instance::from_path(dir.join(p)).expect("loads");
    // The first seed whose k = 1 equilibrium (maximal lottery) is mixed, so that k = 1 is a
    // genuinely cyclic game.
    let seed = (1..200u64)
        .find(|&s| {
            let inst = random_instance(8, 9, s);
            let r = solve(&inst, 1, &SolveOptions::default()).expect("valid");
            r.support.len() >= 3
        })
        .expect("some seed has a mixed maximal lottery");
    let rnd = format!("random IC m=8 n=9 (seed {seed})");
    let cases: Vec<(String, Instance, usize)> = vec![
        ("barrier-eps-1-10".into(), load("barrier-eps-1-10.json"), 3),
        (
            "condorcet-cycle-3".into(),
            load("condorcet-cycle-3.json"),
            1,
        ),
        (
            "condorcet-cycle-3".into(),
            load("condorcet-cycle-3.json"),
            3,
        ),
        (
            "ties-and-unranked".into(),
            load("ties-and-unranked.json"),
            3,
        ),
        (rnd.clone(), random_instance(8, 9, seed), 1),
        (rnd.clone(), random_instance(8, 9, seed), 2),
        (rnd.clone(), random_instance(8, 9, seed), 4),
        (
            "preflib 00024".into(),
            load("preflib/00024-00000001.soc"),
            4,
        ),
        (
            "preflib 00012".into(),
            load("preflib/00012-00000001.soc"),
            5,
        ),
        (
            "preflib 00032".into(),
            load("preflib/00032-00000004.toi"),
            8,
        ),
    ];
    println!("T = {iters} rounds, start π_0(y_i) ∝ i + 1");
    println!();
    println!("| instance | k | algorithm | η | ε(π_T/2) | ε(π_T) | Regret_T/T | last iterate |");
    println!("|---|---|---|---|---|---|---|---|");
    for (name, inst, k) in &cases {
        let game = FloatGame::new(inst);
        let m = inst.m();
        let total = (m * (m + 1) / 2) as f64;
        let start: Vec<f64> = (0..m).map(|i| (i + 1) as f64 / total).collect();
        let target = 1.0 / (*k as f64 + 1.0);
        for algo in [Algo::Hedge, Algo::OptimisticHedge, Algo::Extragradient] {
            for eta in [0.5, 5.0] {
                let mut learner = Learner::new(algo, eta, m, Some(&start));
                let mut oracle = |p: &[f64]| game.payoffs(p, *k);
                let mut cum = vec![0.0; m];
                let mut cum_played = 0.0;
                let mut half = f64::NAN;
                let mut last = f64::NAN;
                for t in 1..=iters {
                    let (p, r) = learner.step(&mut oracle);
                    let eps = r.iter().cloned().fold(f64::NEG_INFINITY, f64::max) - target;
                    for (c, x) in cum.iter_mut().zip(&r) {
                        *c += x;
                    }
                    cum_played += p.iter().zip(&r).map(|(a, b)| a * b).sum::<f64>();
                    if t == iters / 2 {
                        half = eps;
                    }
                    last = eps;
                }
                let regret = cum.iter().cloned().fold(f64::NEG_INFINITY, f64::max) - cum_played;
                let verdict = if last < 1e-9 {
                    "converges"
                } else if last < 0.5 * half {
                    "converging slowly"
                } else {
                    "does not converge"
                };
                println!(
                    "| {name} | {k} | {} | {eta} | {half:.1e} | {last:.1e} | {:.1e} | {verdict} |",
                    algo.name(),
                    regret / iters as f64
                );
            }
        }
    }
}
