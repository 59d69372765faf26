//! CI re-verifies every committed certificate in proofs/ and checks that regenerating it gives
//! identical bytes; every instance file has a certificate.

use std::process::Command;

#[test]
fn committed_proofs_are_reproducible_and_verify() {
    let out = Command::new(env!("CARGO_BIN_EXE_ualign"))
        .args(["proofs", "--check"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
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
    let out = Command::new(env!("CARGO_BIN_EXE_ualign"))
        .arg("verify")
        .args(&files)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}
