//! CI re-verifies every committed certificate in proofs/ and checks that regenerating it gives
//! identical bytes; every instance file has a certificate.

mod common;
use common::cli::{run_ok, ualign, ualign_cmd, ualign_ok};

#[test]
fn committed_proofs_are_reproducible_and_verify() {
    let stdout = ualign_ok(["proofs", "--check"]);
    assert!(stdout.lines().count() >= 15, "{stdout}");
}

#[test]
fn every_instance_has_a_certificate() {
    let manifest = std::fs::read_to_string("proofs/manifest.json").unwrap();
    for dir in ["instances", "instances/families", "instances/preflib"] {
        for e in std::fs::read_dir(dir).unwrap() {
            let path = e.unwrap().path();
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            if ["json", "soc", "soi", "toc", "toi"].contains(&ext) {
                let p = path.to_str().unwrap();
                assert!(
                    manifest.contains(&format!("\"{p}\"")),
                    "{p} has no certificate in proofs/manifest.json"
                );
            }
        }
    }
}

#[test]
fn verify_cli_accepts_all_committed_certificates() {
    let files: Vec<String> = std::fs::read_dir("proofs")
        .unwrap()
        .map(|e| e.unwrap().path().to_str().unwrap().to_string())
        .filter(|p| p.ends_with(".cert.json"))
        .collect();
    assert!(files.len() >= 15);
    run_ok(ualign_cmd().arg("verify").args(&files));
}

#[test]
fn verify_json_reports_each_file() {
    let good = "proofs/barrier-eps-1-10.cert.json";
    let text = std::fs::read_to_string(good).unwrap();
    let dir = std::env::temp_dir().join(format!("ualign-vjson-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("tampered.cert.json");
    // The k = 2 exact equilibrium π(a) = 4/5 becomes 3/5: the policy no longer sums to 1.
    let tampered = text.replacen("\"4/5\"", "\"3/5\"", 1);
    assert_ne!(tampered, text);
    std::fs::write(&bad, tampered).unwrap();
    let out = ualign(["verify", "--json", good, bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["files"][0]["status"], "ok");
    assert!(v["files"][0]["claims"].as_array().unwrap().len() >= 20);
    assert_eq!(v["files"][1]["status"], "failed");
    assert_eq!(v["files"][1]["ok"], false);
    assert_eq!(v["files"][1]["claims"][0]["kind"], "equilibrium");
    assert_eq!(v["files"][1]["claims"][0]["ok"], false);
    assert_eq!(v["ok"], false);
    assert_eq!(v["command"], "verify");
}
