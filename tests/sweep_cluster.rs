//! Sweeps on a cluster (issue 12, part 4): the local form of examples/cluster (4 shards with
//! `xargs -P`, then `sweep-merge`) gives exactly the summary of the unsharded sweep, violations
//! and their files included; `sweep-merge` refuses missing, overlapping and inconsistent shards.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

mod common;
use common::cli::{run, ualign_cmd};

const SWEEP: [&str; 10] = [
    "--family", "ties", "--count", "120", "--seed", "9", "--k", "1..3", "--max-m", "4",
];

fn scratch(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("ualign-cluster-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Runs examples/cluster/local.sh with 4 shards; returns (exit code, merged summary).
fn local_form(out: &Path, extra: &[&str]) -> (i32, Value) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/cluster/local.sh");
    let o = Command::new("bash")
        .arg(script)
        .arg("4")
        .arg(out)
        .args(SWEEP)
        .args(extra)
        .env("UALIGN", env!("CARGO_BIN_EXE_ualign"))
        .output()
        .unwrap();
    let text = String::from_utf8(o.stdout).unwrap();
    let v: Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{e}: {text} {}", String::from_utf8_lossy(&o.stderr)));
    (o.status.code().unwrap(), v)
}

fn unsharded(out: &Path, extra: &[&str]) -> (i32, Value) {
    let o = run(ualign_cmd()
        .args(["sweep", "--json", "--out"])
        .arg(out.join("violations"))
        .args(SWEEP)
        .args(extra));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    (o.status.code().unwrap(), v)
}

#[test]
fn four_shards_merge_to_the_unsharded_summary() {
    let d = scratch("clean");
    let (code, merged) = local_form(&d, &[]);
    assert_eq!(code, 0);
    let (code1, whole) = unsharded(&d, &[]);
    assert_eq!(code1, 0);
    assert_eq!(merged, whole);
    assert_eq!(whole["format"], "ualign-sweep-summary/1");
    assert_eq!(whole["instances"], 120);
    assert_eq!(
        (whole["shard"].clone(), whole["shards"].clone()),
        (0.into(), 1.into())
    );
    let statuses: u64 = [
        "exact_equilibria",
        "boxed_equilibria",
        "unproved_equilibria",
    ]
    .iter()
    .map(|key| whole[key].as_u64().unwrap())
    .sum();
    assert_eq!(statuses, 360);
    // Each shard summary holds its own quarter.
    for i in 0..4 {
        let text = std::fs::read_to_string(d.join(format!("shard-{i}.json"))).unwrap();
        let s: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            (s["shard"].as_u64(), s["shards"].as_u64()),
            (Some(i), Some(4))
        );
        assert_eq!(s["instances"], 30);
    }
    std::fs::remove_dir_all(&d).unwrap();
}

#[test]
fn merged_violations_and_files_equal_the_unsharded_ones() {
    let d = scratch("planted");
    let (code, merged) = local_form(&d, &["--plant-false"]);
    assert_eq!(code, 1, "violations give exit code 1");
    let (code1, whole) = unsharded(&d, &["--plant-false"]);
    assert_eq!(code1, 1);
    assert_eq!(merged, whole);
    let v = whole["violations"].as_array().unwrap();
    assert!(v.len() > 20, "{} violations", v.len());
    let indices: Vec<u64> = v.iter().map(|x| x["index"].as_u64().unwrap()).collect();
    assert!(indices.windows(2).all(|w| w[0] <= w[1]));
    for x in v {
        let file = x["file"].as_str().unwrap();
        assert!(Path::new(file).is_file(), "{file}");
    }
    assert_eq!(whole["written"].as_array().unwrap().len(), v.len());

    // Refusals (exit 2, one line naming the problem).
    let shard = |i: usize| d.join(format!("shard-{i}.json"));
    let refuse = |files: &[PathBuf], needle: &str| {
        let o = run(ualign_cmd().arg("sweep-merge").args(files));
        assert_eq!(o.status.code(), Some(2));
        let err = String::from_utf8(o.stderr).unwrap();
        assert!(err.contains(needle), "{err}");
        assert_eq!(err.lines().count(), 1, "{err}");
    };
    refuse(&[shard(0), shard(1), shard(3)], "shard 2/4 is missing");
    refuse(
        &[shard(0), shard(1), shard(2), shard(3), shard(1)],
        "overlapping",
    );
    // A shard of another sweep (other seed).
    let other = d.join("other.json");
    let o = run(ualign_cmd()
        .args(["sweep", "--json", "--shard", "3/4", "--out"])
        .arg(d.join("other-violations"))
        .args(SWEEP.map(|a| if a == "9" { "10" } else { a })));
    std::fs::write(&other, o.stdout).unwrap();
    refuse(
        &[shard(0), shard(1), shard(2), other.clone()],
        "seed 10 differs",
    );
    // Not a summary.
    let junk = d.join("junk.json");
    std::fs::write(&junk, "{\"format\": \"something-else\"}").unwrap();
    refuse(&[junk], "junk.json");
    std::fs::remove_dir_all(&d).unwrap();
}
