//! k-scaling of the equilibrium solver and of the box check at large k (issue 12, docs/THEORY.md
//! §10): for k = 8, 64, 256, 1,024 on the shipped real PrefLib profiles,
//!
//! - `large_k_solve/<profile>/k=K`: `solve` (including its own box test: exact for k ≤ 32, ball
//!   arithmetic above);
//! - `large_k_check/<profile>/k=K`: the solver-side re-check of the box (`check_box`: exact for
//!   k ≤ 32, ball arithmetic above).
//!
//! Few samples on purpose (the machine is shared): `cargo bench --bench large_k`.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use ualign::equilibrium::{SolveOptions, check_box, solve};
use ualign::instance::Instance;

const PROFILES: [&str; 4] = [
    "00024-00000001.soc",
    "00028-00000001.soi",
    "00012-00000001.soc",
    "00032-00000004.toi",
];
const KS: [usize; 4] = [8, 64, 256, 1024];

fn group<'a>(
    c: &'a mut Criterion,
    name: String,
) -> criterion::BenchmarkGroup<'a, criterion::measurement::WallTime> {
    let mut g = c.benchmark_group(name);
    g.sample_size(10)
        .warm_up_time(Duration::from_millis(1))
        .measurement_time(Duration::from_millis(500));
    g
}

fn large_k(c: &mut Criterion) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("instances/preflib");
    for file in PROFILES {
        let inst = Instance::from_path(dir.join(file)).expect("profile loads");
        let mut boxes = Vec::new();
        let mut g = group(c, format!("large_k_solve/{file}"));
        for k in KS {
            let r = solve(&inst, k, &SolveOptions::default()).expect("valid k");
            boxes.extend(r.bx.map(|b| (k, b)));
            g.bench_with_input(BenchmarkId::new("k", k), &k, |b, &k| {
                b.iter(|| black_box(solve(&inst, k, &SolveOptions::default())))
            });
        }
        g.finish();
        let mut g = group(c, format!("large_k_check/{file}"));
        for (k, bx) in &boxes {
            check_box(&inst, *k, bx).expect("the box re-checks");
            g.bench_with_input(BenchmarkId::new("k", k), bx, |b, bx| {
                b.iter(|| black_box(check_box(&inst, *k, bx)))
            });
        }
        g.finish();
    }
}

criterion_group!(benches, large_k);
criterion_main!(benches);
