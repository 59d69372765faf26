//! Calibration of the cost model (`src/cost.rs`): end-to-end checking time of synthetic
//! certificates of each costly shape, next to their modelled cost. Results and the command are
//! in `benches/README.md`.

#[path = "../tests/common/synth.rs"]
mod synth;

use criterion::{Criterion, criterion_group, criterion_main};

fn cases() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let two = synth::instance(2, 2, 1);
    for d in [200, 1000, 2000] {
        let pi = synth::policy(2, d, 7);
        out.push((
            format!("equilibrium k=64 m=2 n=2 {d} digits"),
            synth::certificate(&two, vec![synth::equilibrium(64, &pi)]),
        ));
    }
    let many = synth::instance(10, 300, 3);
    let pi = synth::policy(10, 50, 5);
    out.push((
        "equilibrium k=16 m=10 n=300 50 digits".into(),
        synth::certificate(&many, vec![synth::equilibrium(16, &pi)]),
    ));
    let inst = synth::instance(6, 100, 4);
    let pi = synth::policy(6, 20, 6);
    out.push((
        "robust k=8 l=3 m=6 n=100 20 digits".into(),
        synth::certificate(&inst, vec![synth::robust_product(&inst, 8, 3, &pi)]),
    ));
    let inst = synth::instance(8, 200, 5);
    out.push((
        "koutput k=5 m=8 n=200 (792 multisets)".into(),
        synth::certificate(&inst, vec![synth::koutput_bracket(8, 5)]),
    ));
    let apa = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../proofs/preflib-00028-00000001.cert.json"
    ))
    .unwrap();
    out.push(("proofs/preflib-00028 (25 claims, boxes to k=6)".into(), apa));
    out
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("check");
    g.sample_size(10);
    for (name, text) in cases() {
        let (inst, claims) = ualign_check::claim_costs(&text).unwrap();
        let modelled = inst + claims.iter().sum::<u128>();
        eprintln!("{name}: modelled {}", ualign_check::cost::seconds(modelled));
        g.bench_function(&name, |b| {
            b.iter(|| ualign_check::verify_str(&text).unwrap())
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
