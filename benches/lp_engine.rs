//! Exact LP engine: a dense 10-row game LP over 495 columns (rational data, denominators up to
//! 1000) and a 20x20 skew-symmetric feasibility LP, under each engine setting, against the
//! plain f64 simplex; plus the widest target (13 rows, 12,378 columns).
//! Run: `cargo bench --bench lp_engine`. Results: `benches/README_lp.md`.

#![allow(clippy::needless_range_loop)] // matrix code reads better with indices

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use ualign::lp::{self, Options, Problem, Relation, Sense};
use ualign::number::{Q, q, qi};

/// `max v s.t. Σ_j x_j A[i][j] >= v (9 rows), Σ x = 1, x >= 0`, `v = v⁺ − v⁻`, with
/// `A[i][j] = ±a/b`, `a, b <= den`. 10 rows, `cols + 2` columns.
pub fn dense_game(seed: u64, rows: usize, cols: usize, den: u64) -> Problem {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut obj = vec![Q::ZERO; cols];
    obj.extend([qi(1), qi(-1)]);
    let mut p = Problem::new(Sense::Max, obj);
    for _ in 0..rows - 1 {
        let mut row: Vec<Q> = (0..cols)
            .map(|_| {
                q(
                    rng.random_range(-(den as i64)..=den as i64),
                    rng.random_range(1..=den),
                )
            })
            .collect();
        row.extend([qi(-1), qi(1)]);
        p.push(row, Relation::Ge, qi(0));
    }
    let mut row = vec![qi(1); cols];
    row.extend([qi(0), qi(0)]);
    p.push(row, Relation::Eq, qi(1));
    p
}

/// Find `p >= 0, Σ p = 1, pᵀM >= 0` for a random skew-symmetric `M` with entries in -5..=5.
pub fn skew_feasibility(seed: u64, k: usize) -> Problem {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut m = vec![vec![0i64; k]; k];
    for i in 0..k {
        for j in i + 1..k {
            let v = rng.random_range(-5..=5);
            m[i][j] = v;
            m[j][i] = -v;
        }
    }
    let mut p = Problem::new(Sense::Max, vec![Q::ZERO; k]);
    for j in 0..k {
        p.push((0..k).map(|i| qi(m[i][j])).collect(), Relation::Ge, qi(0));
    }
    p.push(vec![qi(1); k], Relation::Eq, qi(1));
    p
}

pub fn settings() -> Vec<(&'static str, Options)> {
    vec![
        ("exact+guide", Options::default()),
        (
            "exact, float pricing only",
            Options {
                float_guide: false,
                ..Options::default()
            },
        ),
        (
            "exact, no floats",
            Options {
                float_guide: false,
                float_pricing: false,
                ..Options::default()
            },
        ),
    ]
}

pub fn bench(c: &mut Criterion) {
    let problems = [
        ("dense 10x497 den<=1000", dense_game(1, 10, 495, 1000)),
        ("skew 21x20 feasibility", skew_feasibility(2, 20)),
    ];
    let mut g = c.benchmark_group("lp");
    g.sample_size(10).measurement_time(Duration::from_secs(4));
    for (name, p) in &problems {
        for (s, o) in settings() {
            g.bench_function(format!("{name} / {s}"), |b| {
                b.iter(|| lp::solve_with(black_box(p), &o).unwrap())
            });
        }
        g.bench_function(format!("{name} / float only"), |b| {
            b.iter(|| lp::solve_float_only(black_box(p)))
        });
        let out = lp::solve(p).unwrap();
        g.bench_function(format!("{name} / check only"), |b| {
            b.iter(|| lp::check(black_box(p), &out).unwrap())
        });
    }
    // The widest target: all 6-multisets of 12 responses (12,376 columns), 13 rows.
    let wide = dense_game(3, 13, 12376, 1000);
    g.bench_function("dense 13x12378 den<=1000 / exact+guide", |b| {
        b.iter(|| lp::solve(black_box(&wide)).unwrap())
    });
    g.bench_function("dense 13x12378 den<=1000 / float only", |b| {
        b.iter(|| lp::solve_float_only(black_box(&wide)))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
