//! The plain-Python checker agrees with the Rust checker on every committed proof: both accept
//! each file (`python3 -I python/ualign_check.py` exits 0), compute the same instance hash, and
//! verify the same claims in the same order (index, kind, k). The mutation and hostile suites
//! compare the two checkers on every tampered or broken certificate text they build.

#[path = "../crates/ualign-check/tests/common/python.rs"]
mod python_checker;

use serde_json::Value;
use ualign::verify::verify_file;

#[test]
fn python_checker_verifies_every_committed_proof_like_the_rust_checker() {
    let mut files: Vec<String> = std::fs::read_dir("proofs")
        .unwrap()
        .map(|e| e.unwrap().path().to_str().unwrap().to_string())
        .filter(|p| p.ends_with(".cert.json"))
        .collect();
    files.sort();
    assert!(files.len() >= 15);
    let mut args = vec!["--json".to_string()];
    args.extend(files.iter().cloned());
    // The Python checker runs while the Rust one checks the same files.
    let python = std::thread::spawn(move || {
        python_checker::run(&args.iter().map(String::as_str).collect::<Vec<_>>())
    });
    let rust: Vec<_> = files
        .iter()
        .map(|f| verify_file(std::path::Path::new(f)).unwrap())
        .collect();
    let out = python.join().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_str(&stdout).unwrap();
    let records = v["files"].as_array().unwrap();
    assert_eq!(records.len(), files.len());
    let mut claims = 0;
    for ((file, py), rust) in files.iter().zip(records).zip(rust) {
        assert_eq!(py["file"], file.as_str());
        assert_eq!(py["status"], "ok", "{file}: {py}");
        assert_eq!(
            py["instance_sha256"],
            rust.instance_sha256.as_str(),
            "{file}"
        );
        let py_claims = py["claims"].as_array().unwrap();
        assert_eq!(py_claims.len(), rust.claims.len(), "{file}");
        for (p, r) in py_claims.iter().zip(&rust.claims) {
            assert_eq!(p["index"], r.index, "{file}");
            assert_eq!(p["kind"], r.kind, "{file} claim {}", r.index);
            assert_eq!(
                p["k"].as_u64(),
                r.k.map(|k| k as u64),
                "{file} claim {}",
                r.index
            );
        }
        claims += rust.claims.len();
    }
    assert!(claims >= 15 * 24, "{claims} claims");
}

#[test]
fn python_checker_names_the_failing_claim_and_exits_like_the_rust_checker() {
    let good = "proofs/barrier-eps-1-10.cert.json";
    let text = std::fs::read_to_string(good).unwrap();
    // The k = 2 exact equilibrium π(a) = 4/5 becomes 3/5: claim 8 no longer sums to 1.
    let fails = text.replacen("\"4/5\"", "\"3/5\"", 1);
    let broken = text.replacen("\"version\": 1", "\"version\": 2", 1);
    assert!(fails != text && broken != text);
    let dir = std::env::temp_dir().join(format!("ualign-pycheck-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (f, b) = (dir.join("fails.json"), dir.join("broken.json"));
    std::fs::write(&f, &fails).unwrap();
    std::fs::write(&b, &broken).unwrap();
    let (code, out) = python_checker::run_files(&[f.as_path()]);
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("fails.json: claim 8 (equilibrium) FAILED: Σ policy = 4/5 ≠ claimed 1"),
        "{out}"
    );
    // Every claim before the failing one is printed as verified.
    assert!(
        out.contains("fails.json: claim 7 equilibrium k=1: OK"),
        "{out}"
    );
    let (code, out) =
        python_checker::run_files(&[f.as_path(), b.as_path(), std::path::Path::new(good)]);
    assert_eq!(code, Some(2), "{out}");
    assert!(
        out.contains("broken.json: malformed: unsupported version 2"),
        "{out}"
    );
    assert!(
        out.contains("barrier-eps-1-10.cert.json: all 25 claims hold"),
        "{out}"
    );
    std::fs::remove_dir_all(&dir).ok();
}
