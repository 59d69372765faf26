//! Sweeps over a few hundred small random instances find no violation of the theorem statements;
//! a planted false statement is caught, and its violations are written out with certificates.

mod common;
use common::cli::ualign;
use ualign::sweep::{MAX_SWEEP_RESPONSES, SweepFamily, SweepOptions, sweep, sweep_instance};

fn opts(family: SweepFamily, plant_false: bool) -> SweepOptions {
    SweepOptions {
        family,
        count: 150,
        seed: 42,
        shard: 0,
        shards: 1,
        ks: vec![1, 2, 3, 4],
        ell: 2,
        max_m: 5,
        plant_false,
    }
}

#[test]
fn theorem_statements_hold_on_random_instances() {
    for family in [
        SweepFamily::Ties,
        SweepFamily::IcSample,
        SweepFamily::Mallows,
        SweepFamily::SinglePeaked,
    ] {
        let s = sweep(&opts(family, false), &|| {});
        assert_eq!(s.instances, 150);
        assert!(
            s.violations.is_empty(),
            "{family:?}: {:?}",
            s.violations.first().map(|v| &v.detail)
        );
        assert_eq!(
            s.exact_equilibria + s.boxed_equilibria + s.unproved_equilibria,
            600
        );
        // Record rather than assert how often the solver needs the ε fallback.
        eprintln!(
            "{family:?}: {} exact, {} boxed, {} unproved",
            s.exact_equilibria, s.boxed_equilibria, s.unproved_equilibria
        );
    }
}

#[test]
fn shards_partition_the_sweep() {
    let whole = sweep(&opts(SweepFamily::Ties, false), &|| {});
    let mut parts = 0;
    let mut checks = 0;
    for shard in 0..3 {
        let s = sweep(
            &SweepOptions {
                shard,
                shards: 3,
                ..opts(SweepFamily::Ties, false)
            },
            &|| {},
        );
        parts += s.instances;
        checks += s.checks;
    }
    assert_eq!(parts, whole.instances);
    assert_eq!(checks, whole.checks);
}

#[test]
fn planted_false_statement_is_caught_and_written() {
    let s = sweep(&opts(SweepFamily::Ties, true), &|| {});
    assert!(s.violations.iter().all(|v| v.statement == "planted-false"));
    assert!(
        s.violations.len() > 50,
        "only {} violations",
        s.violations.len()
    );
    let dir = std::env::temp_dir().join(format!("ualign-sweep-{}", std::process::id()));
    let out = ualign([
        "sweep",
        "--count",
        "20",
        "--plant-false",
        "--out",
        dir.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let written = v["written"].as_array().unwrap();
    assert!(!written.is_empty());
    let first = written[0].as_str().unwrap();
    let inst = ualign::instance::Instance::from_path(std::path::Path::new(first)).unwrap();
    assert!(inst.m() >= 2);
    let cert = first.replace(".instance.json", ".cert.json");
    assert!(ualign::verify::verify_file(std::path::Path::new(&cert)).is_ok());
}

/// `max_m` above the sweep's limit is clamped to it (no panic in the generators): the instances
/// are those of `max_m = MAX_SWEEP_RESPONSES`.
#[test]
fn sweep_instances_clamp_an_oversized_max_m() {
    for family in [
        SweepFamily::Ties,
        SweepFamily::IcSample,
        SweepFamily::Mallows,
        SweepFamily::PlackettLuce,
        SweepFamily::SinglePeaked,
    ] {
        for i in 0..20 {
            let big = sweep_instance(family, 7, i, usize::MAX);
            assert!((2..=MAX_SWEEP_RESPONSES).contains(&big.m()));
            assert_eq!(big, sweep_instance(family, 7, i, MAX_SWEEP_RESPONSES));
        }
    }
}
