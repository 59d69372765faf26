//! Maximal lotteries of the real profiles, the optimal k-output LP (exact column generation) and
//! its growth in m and k, against the float-only solve of the full LP.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use ualign::instance::Instance;
use ualign::koutput::{full_problem, optimal_koutput};
use ualign::nlhf::maximal_lottery;

fn bench(c: &mut Criterion) {
    for f in [
        "00009-00000001.soc",
        "00012-00000001.soc",
        "00024-00000001.soc",
        "00028-00000001.soi",
        "00032-00000004.toi",
    ] {
        let inst = Instance::from_path(Path::new("instances/preflib").join(f)).unwrap();
        c.bench_function(&format!("maximal lottery + uniqueness {f}"), |b| {
            b.iter(|| maximal_lottery(black_box(&inst)).unwrap())
        });
    }
    let agh = Instance::from_path(Path::new("instances/preflib/00009-00000001.soc")).unwrap();
    c.bench_function("v*_4 exact, 9 responses (00009), 495 columns", |b| {
        b.iter(|| optimal_koutput(black_box(&agh), 4).unwrap())
    });
    let p = full_problem(&agh, 4).unwrap();
    c.bench_function("v*_4 float only (full LP), 9 responses (00009)", |b| {
        b.iter(|| ualign::lp::solve_float_only(black_box(&p)))
    });
    for (m, k) in [
        (6usize, 2usize),
        (6, 4),
        (6, 6),
        (9, 2),
        (9, 4),
        (9, 6),
        (12, 2),
        (12, 4),
        (12, 6),
    ] {
        let inst =
            ualign::families::random(&ualign::families::RandomModel::ImpartialSample, m, 60, 3)
                .unwrap();
        c.bench_function(&format!("v*_k exact growth m={m} k={k}"), |b| {
            b.iter(|| optimal_koutput(black_box(&inst), k).unwrap())
        });
        let p = full_problem(&inst, k).unwrap();
        c.bench_function(&format!("v*_k float-only full LP m={m} k={k}"), |b| {
            b.iter(|| ualign::lp::solve_float_only(black_box(&p)))
        });
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10).measurement_time(std::time::Duration::from_secs(2)).warm_up_time(std::time::Duration::from_millis(300));
    targets = bench
}
criterion_main!(benches);
