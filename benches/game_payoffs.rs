//! U_k(y, π) for all y: exact (integer closed form) against the same computation in f64.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use ualign::game::{FloatGame, deviation_payoffs};
use ualign::instance::{Instance, UserType};
use ualign::number::{IBig, Q, UBig, to_f64};

/// A policy with 30-bit dyadic probabilities (like a float iterate turned exact).
fn dyadic_policy(rng: &mut ChaCha8Rng, m: usize) -> Vec<Q> {
    let raw: Vec<u64> = (0..m).map(|_| rng.random_range(1..1000u64)).collect();
    let total: u64 = raw.iter().sum();
    let den = 1u64 << 30;
    let mut nums: Vec<u64> = raw.iter().map(|&x| x * den / total).collect();
    let s: u64 = nums.iter().sum();
    nums[0] += den - s;
    nums.iter()
        .map(|&x| Q::from_parts(IBig::from(x), UBig::from(den)))
        .collect()
}

fn random_instance(rng: &mut ChaCha8Rng, m: usize, n: usize) -> Instance {
    let users = (0..n)
        .map(|_| {
            let mut order: Vec<usize> = (0..m).collect();
            for i in (1..m).rev() {
                order.swap(i, rng.random_range(0..=i));
            }
            let listed = rng.random_range(1..=m);
            UserType {
                weight: Q::from(IBig::from(rng.random_range(1..100u32))),
                tiers: order[..listed].iter().map(|&y| vec![y]).collect(),
            }
        })
        .collect();
    Instance::new((0..m).map(|i| format!("r{i}")).collect(), users).unwrap()
}

fn bench(c: &mut Criterion) {
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let apa = Instance::from_path(Path::new("instances/preflib/00028-00000001.soi")).unwrap();
    let pi = dyadic_policy(&mut rng, apa.m());
    let pf: Vec<f64> = pi.iter().map(to_f64).collect();
    let fg = FloatGame::new(&apa);
    for k in [2usize, 8, 32] {
        c.bench_function(&format!("apa1998 U_k exact k={k}"), |b| {
            b.iter(|| deviation_payoffs(black_box(&apa), black_box(&pi), k))
        });
        c.bench_function(&format!("apa1998 U_k f64 k={k}"), |b| {
            b.iter(|| fg.payoffs(black_box(&pf), k))
        });
    }
    let big = random_instance(&mut rng, 30, 1000);
    let fg = FloatGame::new(&big);
    let uniform: Vec<Q> = (0..30)
        .map(|_| Q::from_parts(IBig::ONE, UBig::from(30u8)))
        .collect();
    for (label, pi) in [
        ("dyadic-30bit", dyadic_policy(&mut rng, 30)),
        ("uniform", uniform),
    ] {
        let pf: Vec<f64> = pi.iter().map(to_f64).collect();
        c.bench_function(&format!("random m=30 n=1000 {label} U_k exact k=8"), |b| {
            b.iter(|| deviation_payoffs(black_box(&big), black_box(&pi), 8))
        });
        c.bench_function(&format!("random m=30 n=1000 {label} U_k f64 k=8"), |b| {
            b.iter(|| fg.payoffs(black_box(&pf), 8))
        });
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(2)).warm_up_time(std::time::Duration::from_millis(500));
    targets = bench
}
criterion_main!(benches);
