//! k-scaling of the equilibrium solver and of the box check at large k (issue 12, docs/THEORY.md
//! §10): for k = 8, 64, 256, 1,024 on the shipped real PrefLib profiles,
//!
//! - `large_k_solve/<profile>/k=K`: `solve` (including its own box test: exact for k ≤ 32, ball
//!   arithmetic above);
//! - `large_k_check/<profile>/k=K`: the independent checker on a certificate holding that
//!   equilibrium claim (`ualign::verify::verify_str`).
//!
//! Few samples on purpose (the machine is shared): `cargo bench --bench large_k`.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use ualign::certificate::{Certificate, certify::equilibrium_claim};
use ualign::equilibrium::{SolveOptions, solve};
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
        let inst = Instance::from_path(&dir.join(file)).expect("profile loads");
        let mut certs = Vec::new();
        let mut g = group(c, format!("large_k_solve/{file}"));
        for k in KS {
            let r = solve(&inst, k, &SolveOptions::default()).expect("valid k");
            let cert = Certificate::new(&inst, vec![equilibrium_claim(&inst, &r)]);
            certs.push((k, serde_json::to_string(&cert).expect("serialises")));
            g.bench_with_input(BenchmarkId::new("k", k), &k, |b, &k| {
                b.iter(|| black_box(solve(&inst, k, &SolveOptions::default())))
            });
        }
        g.finish();
        let mut g = group(c, format!("large_k_check/{file}"));
        for (k, text) in &certs {
            ualign::verify::verify_str(text).expect("the certificate verifies");
            g.bench_with_input(BenchmarkId::new("k", k), text, |b, t| {
                b.iter(|| black_box(ualign::verify::verify_str(t)))
            });
        }
        g.finish();
    }
}

criterion_group!(benches, large_k);
criterion_main!(benches);
