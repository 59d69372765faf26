//! m-scaling and n-scaling of the independent checker (issue 12): the time `ualign_check`
//! (the checker crate, the code `ualign verify` and `ualign-check` run) takes to re-derive every
//! claim of the certificate `certify` writes at k = 2 (maximal lottery, NLHF's R_2, the
//! equilibrium box or exact point, v*_2 with its dual, R_{2,2}).
//!
//! - `check_m/m_n50`: 50 sampled impartial-culture voters over m = 4, 8, 16, 32 responses;
//! - `check_n/n_m8`: n = 100, 1,000, 10,000 sampled voters over 8 responses (identical orders
//!   merged: 100, 993 and 8,863 user types with seed 1).
//!
//! The certificates are built once, outside the measurement. `cargo bench --bench checker_scaling`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use ualign::certificate::certify::{CertifyOptions, certify};
use ualign::families::{RandomModel, random};

fn certificate(m: usize, n: usize) -> String {
    let inst = random(&RandomModel::ImpartialSample, m, n, 1).expect("valid sizes");
    let opts = CertifyOptions {
        ks: vec![2],
        ..CertifyOptions::default()
    };
    let text = certify(&inst, &opts)
        .expect("certify succeeds")
        .certificate
        .to_json_string();
    ualign_check::verify_str(&text).expect("the checker accepts it");
    text
}

fn group<'a>(
    c: &'a mut Criterion,
    name: &str,
) -> criterion::BenchmarkGroup<'a, criterion::measurement::WallTime> {
    let mut g = c.benchmark_group(name);
    g.sample_size(10)
        .warm_up_time(Duration::from_millis(100))
        .measurement_time(Duration::from_millis(1000));
    g
}

fn checker_scaling(c: &mut Criterion) {
    let mut g = group(c, "check_m");
    for m in [4usize, 8, 16, 32] {
        let text = certificate(m, 50);
        g.bench_with_input(BenchmarkId::new("m_n50", m), &text, |b, t| {
            b.iter(|| black_box(ualign_check::verify_str(t).expect("accepted")))
        });
    }
    g.finish();
    let mut g = group(c, "check_n");
    for n in [100usize, 1000, 10_000] {
        let text = certificate(8, n);
        g.bench_with_input(BenchmarkId::new("n_m8", n), &text, |b, t| {
            b.iter(|| black_box(ualign_check::verify_str(t).expect("accepted")))
        });
    }
    g.finish();
}

criterion_group!(benches, checker_scaling);
criterion_main!(benches);
