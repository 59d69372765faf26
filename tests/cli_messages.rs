//! What the text commands say about themselves: `nlhf`'s uniqueness line names the support (a
//! unique maximal lottery may be mixed), and `demo` writes into a fresh temporary folder that it
//! removes unless `--keep`.

use std::path::{Path, PathBuf};

mod common;
use common::cli::{run_ok, ualign_cmd, ualign_ok};

/// `ualign ARGS` with `TMPDIR` set to `tmpdir`; must exit 0: its stdout.
fn ualign_in(tmpdir: &Path, args: &[&str]) -> String {
    run_ok(ualign_cmd().args(args).env("TMPDIR", tmpdir))
}

fn unique_line(file: &str) -> String {
    let out = ualign_ok(["nlhf", file, "--k", "1"]);
    out.lines()
        .find(|l| l.starts_with("unique:"))
        .unwrap()
        .to_string()
}

#[test]
fn nlhf_uniqueness_line_states_the_support() {
    // The Condorcet cycle: the unique maximal lottery is uniform, so no response has probability 0.
    assert_eq!(
        unique_line("instances/condorcet-cycle-3.json"),
        "unique: yes (p is the only maximal lottery; its support is every response)"
    );
    // A Condorcet winner: the unique maximal lottery is the point mass.
    assert_eq!(
        unique_line("instances/barrier-eps-1-10.json"),
        "unique: yes (p is the only maximal lottery; its support is {a}, every other response \
         has probability 0)"
    );
}

/// The folder named in the demo's "verified" lines.
fn demo_folder(out: &str) -> PathBuf {
    let line = out
        .lines()
        .find(|l| l.contains("barrier.cert.json — verified"))
        .expect("demo names its certificate");
    let path = PathBuf::from(line.trim().split(' ').next().unwrap());
    path.parent().unwrap().to_path_buf()
}

#[test]
fn demo_uses_a_fresh_temporary_folder_and_removes_it() {
    let base = std::env::temp_dir().join(format!("ualign-demo-test-{}", std::process::id()));
    std::fs::create_dir_all(&base).unwrap();
    let first = ualign_in(&base, &["demo", "--max-k", "2"]);
    let second = ualign_in(&base, &["demo", "--max-k", "2"]);
    let (d1, d2) = (demo_folder(&first), demo_folder(&second));
    assert_ne!(d1, d2, "each run gets its own folder");
    for d in [&d1, &d2] {
        assert!(d.starts_with(&base), "{} is not under TMPDIR", d.display());
        assert!(!d.exists(), "{} was not removed", d.display());
    }
    assert_eq!(std::fs::read_dir(&base).unwrap().count(), 0);

    let kept = ualign_in(&base, &["demo", "--max-k", "2", "--keep"]);
    let d = demo_folder(&kept);
    assert!(kept.contains(&format!("The certificates stay in {}.", d.display())));
    for cert in ["barrier.cert.json", "apa1998.cert.json"] {
        let p = d.join(cert);
        let v = ualign_ok(["verify", p.to_str().unwrap()]);
        assert!(v.contains("claims hold"), "{v}");
    }
    std::fs::remove_dir_all(&base).unwrap();
}
