//! Valid certificates are accepted with the right reports: the hand-built fixtures (docs/THEORY.md
//! values), the examples in `proofs/README.md`, every committed proof (whose human output has no
//! line over 300 characters); the binary prints one line per claim and exits 0.

mod common;

use common::{check_text, fixture};
use ualign_check::VerifySummary;

fn ok(name: &str) -> VerifySummary {
    match check_text(&fixture(name), name) {
        (0, Ok(s)) => s,
        (code, got) => panic!("{name}: exit {code}, {got:?}"),
    }
}

#[test]
fn barrier_certificate_holds() {
    let s = ok("barrier");
    assert_eq!(
        s.instance_sha256,
        "1117dcb4d89a56caf1cec9720cacf341e085b5067bfb57f3e707533be7e7649b"
    );
    let kinds: Vec<&str> = s.claims.iter().map(|c| c.kind).collect();
    assert_eq!(kinds[0], "maximal_lottery");
    assert_eq!(*kinds.last().unwrap(), "barrier");
    assert_eq!(s.claims.len(), 12);
    assert_eq!(s.claims[1].k, Some(1));
    assert_eq!(s.claims[1].detail, "R_1(p^⊗1) = 1/2");
    assert_eq!(s.claims[6].k, Some(6));
    assert_eq!(s.claims[6].detail, "R_6(p^⊗6) = 3/5");
}

#[test]
fn cycle_certificate_holds() {
    let s = ok("cycle");
    assert_eq!(s.claims.len(), 7);
    let ks: Vec<Option<usize>> = s.claims[2..6].iter().map(|c| c.k).collect();
    assert_eq!(ks, vec![Some(1), Some(2), Some(3), Some(4)]);
}

#[test]
fn irrational_equilibria_in_certified_boxes() {
    for name in ["barrier-k3-box", "weighted-cycle-box"] {
        let s = ok(name);
        assert!(s.claims[0].detail.contains("Krawczyk"), "{name}: {s:?}");
    }
}

#[test]
fn readme_examples_verify() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../proofs/README.md");
    let readme = std::fs::read_to_string(path).unwrap();
    let blocks: Vec<&str> = readme
        .split("```json\n")
        .skip(1)
        .map(|b| b.split("\n```").next().unwrap())
        .collect();
    assert_eq!(blocks.len(), 2);
    for b in blocks {
        let (code, got) = check_text(b, "proofs/README.md example");
        assert_eq!(code, 0, "README example rejected: {got:?}");
    }
}

#[test]
fn committed_proofs_verify() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../proofs");
    let mut n = 0;
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.to_string_lossy().ends_with(".cert.json") {
            // The Python checker's agreement on these files is the root's tests/verify_python.rs.
            let got = ualign_check::verify_str(&std::fs::read_to_string(&p).unwrap());
            let Ok(summary) = got else {
                panic!("{p:?}: {got:?}")
            };
            // Human output: no line longer than 300 characters (long numbers are shortened).
            let file = p.to_string_lossy();
            let mut lines: Vec<String> = summary
                .claims
                .iter()
                .map(|c| ualign_check::claim_line(&file, c))
                .collect();
            lines.push(ualign_check::summary_line(&file, &summary));
            for line in lines {
                let n = line.chars().count();
                assert!(n <= 300, "{n} characters: {line}");
            }
            n += 1;
        }
    }
    assert!(n >= 15, "{n} proofs");
}

#[test]
fn binary_prints_one_line_per_claim_and_exits_zero() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ualign-check"))
        .arg(format!("{dir}/barrier.cert.json"))
        .arg(format!("{dir}/cycle.cert.json"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    let ok_lines = stdout.lines().filter(|l| l.contains(": OK")).count();
    assert_eq!(ok_lines, 12 + 7, "{stdout}");
    assert!(
        stdout
            .contains("barrier.cert.json: claim 5 nlhf_robust_win_rate k=5: OK (R_5(p^⊗5) = 3/5)"),
        "{stdout}"
    );
    assert!(stdout.contains("barrier.cert.json: all 12 claims hold (instance 1117dcb4"));
    for (args, code) in [(vec!["--help"], 0), (vec![], 2), (vec!["--frobnicate"], 2)] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_ualign-check"))
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(code), "{args:?}");
    }
}

/// The command line's options, each by what it changes: `--version`; `--quiet` (no claim
/// lines); `--max-cost` in whole seconds (0 refuses the barrier fixture, 1 s of modelled cost
/// is enough for it, a non-number is refused); `--` (what follows is a file even if it starts
/// with `-`); an unknown option is named, and `-` alone is a file name, not an option.
#[test]
fn binary_options_do_what_the_usage_says() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    let cert = format!("{dir}/barrier.cert.json");
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_ualign-check"))
            .args(args)
            .output()
            .unwrap();
        (
            out.status.code().unwrap(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, out, _) = run(&["--version"]);
    assert_eq!(
        (code, out.trim()),
        (0, concat!("ualign-check ", env!("CARGO_PKG_VERSION")))
    );
    let (code, out, _) = run(&["-q", &cert]);
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.contains("all 12 claims hold"), "{out}");
    let (code, out, _) = run(&["--quiet", "--max-cost", "0", &cert]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("over the budget"), "{out}");
    let (code, out, _) = run(&["--quiet", "--max-cost", "1", &cert]);
    assert_eq!(code, 0, "{out}");
    let (code, _, err) = run(&["--max-cost", "1.5", &cert]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--max-cost needs a whole number of seconds"),
        "{err}"
    );
    for args in [vec!["--", "-q"], vec!["-"]] {
        let (code, out, err) = run(&args);
        assert_eq!(code, 2, "{args:?}");
        assert!(out.contains("cannot open"), "{args:?}: {out}{err}");
        assert!(!err.contains("unknown option"), "{args:?}: {err}");
    }
    let (code, _, err) = run(&["--frobnicate", &cert]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown option `--frobnicate`"), "{err}");
}

/// `Certificate::to_json_string` is the canonical text: every committed fixture (written by the
/// solver through this same type) reads and prints back byte for byte.
#[test]
fn certificates_print_back_to_their_committed_text() {
    for name in [
        "barrier",
        "cycle",
        "barrier-k3-box",
        "weighted-cycle-box",
        "barrier-k1024-ball",
    ] {
        let text = common::fixture(name);
        let cert: ualign_check::format::Certificate = serde_json::from_str(&text).unwrap();
        assert_eq!(cert.to_json_string(), text, "{name}");
    }
}
