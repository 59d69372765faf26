//! Solve + certify benchmarks for the equilibrium solver (see benches/README_equilibrium.md).
//!
//! - `preflib/<profile>/k=K`: `solve` (which already runs the exact Krawczyk test when it returns
//!   a box) plus an independent `check_box` re-run, for the five real PrefLib profiles and
//!   k = 1..10;
//! - `random_30x500/k=8`: impartial-culture strict orders, 30 responses, 500 user types;
//! - `growth_m`, `growth_n`, `growth_k`: the same generator, one parameter varied;
//! - `large_m`, `large_n`: hundreds of responses, thousands of voters (column generation).
//!
//! Quick mode for CI-like runs: `UALIGN_BENCH_QUICK=1` shortens the measurement.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use rand::rngs::ChaCha8Rng;
use rand::{SeedableRng, seq::SliceRandom};
use ualign::equilibrium::{SolveOptions, check_box, solve};
use ualign::instance::{Instance, UserType};
use ualign::number::qi;

const PROFILES: [&str; 5] = [
    "00024-00000001.soc",
    "00028-00000001.soi",
    "00009-00000001.soc",
    "00012-00000001.soc",
    "00032-00000004.toi",
];

fn solve_and_certify(inst: &Instance, k: usize) {
    let r = solve(inst, k, &SolveOptions::default()).expect("valid input");
    if let Some(bx) = &r.bx {
        check_box(inst, k, bx).expect("certificate re-checks");
    }
    black_box(r);
}

/// Impartial culture: n user types with uniformly random strict orders, weight 1 each.
pub fn random_instance(m: usize, n: usize, seed: u64) -> Instance {
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
    Instance::new(names, users).expect("valid instance")
}

fn configure<'a>(
    c: &'a mut Criterion,
    name: &str,
) -> criterion::BenchmarkGroup<'a, criterion::measurement::WallTime> {
    let quick = std::env::var("UALIGN_BENCH_QUICK").is_ok();
    let mut g = c.benchmark_group(name);
    g.sample_size(10)
        .warm_up_time(Duration::from_millis(if quick { 100 } else { 500 }))
        .measurement_time(Duration::from_millis(if quick { 300 } else { 2000 }));
    g
}

fn preflib(c: &mut Criterion) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("instances/preflib");
    for file in PROFILES {
        let inst = Instance::from_path(dir.join(file)).expect("profile loads");
        let mut g = configure(c, &format!("preflib/{file}"));
        for k in 1..=10usize {
            g.bench_with_input(BenchmarkId::new("k", k), &k, |b, &k| {
                b.iter(|| solve_and_certify(&inst, k))
            });
        }
        g.finish();
    }
}

fn random_large(c: &mut Criterion) {
    let inst = random_instance(30, 500, 1);
    let mut g = configure(c, "random_30x500");
    g.bench_with_input(BenchmarkId::new("k", 8), &8usize, |b, &k| {
        b.iter(|| solve_and_certify(&inst, k))
    });
    g.finish();
}

fn growth(c: &mut Criterion) {
    let mut g = configure(c, "growth_m");
    for m in [5usize, 10, 15, 20, 30] {
        let inst = random_instance(m, 200, 2);
        g.bench_with_input(BenchmarkId::new("m_n200_k4", m), &m, |b, _| {
            b.iter(|| solve_and_certify(&inst, 4))
        });
    }
    g.finish();
    let mut g = configure(c, "growth_n");
    for n in [50usize, 100, 200, 500, 1000] {
        let inst = random_instance(10, n, 3);
        g.bench_with_input(BenchmarkId::new("n_m10_k4", n), &n, |b, _| {
            b.iter(|| solve_and_certify(&inst, 4))
        });
    }
    g.finish();
    let mut g = configure(c, "growth_k");
    let inst = random_instance(10, 200, 4);
    for k in [1usize, 2, 4, 8, 16, 32] {
        g.bench_with_input(BenchmarkId::new("k_m10_n200", k), &k, |b, &k| {
            b.iter(|| solve_and_certify(&inst, k))
        });
    }
    g.finish();
}

/// Large profiles (column generation): `large_m` — 3 random strict orders over m = 100..1,000
/// responses, k = 2; `large_n` — the survey-like family (top-10 lists over 100 responses,
/// Plackett-Luce) with n = 500..5,000 voters, k = 2.
fn large(c: &mut Criterion) {
    use ualign::families::{RandomModel, random, random_top};
    let mut g = configure(c, "large_m");
    for m in [100usize, 250, 500, 1000] {
        let inst = random(&RandomModel::ImpartialSample, m, 3, 1).expect("valid sizes");
        g.bench_with_input(BenchmarkId::new("m_n3_k2", m), &m, |b, _| {
            b.iter(|| solve_and_certify(&inst, 2))
        });
    }
    g.finish();
    let mut g = configure(c, "large_n");
    for n in [500usize, 1000, 2000, 5000] {
        let inst = random_top(&RandomModel::PlackettLuce, 100, n, 10, 1).expect("valid sizes");
        g.bench_with_input(BenchmarkId::new("n_m100_top10_k2", n), &n, |b, _| {
            b.iter(|| solve_and_certify(&inst, 2))
        });
    }
    g.finish();
}

criterion_group!(benches, preflib, random_large, growth, large);
criterion_main!(benches);
