//! `ualign report`: a checked certificate restated for people (Markdown and LaTeX), refused when
//! the certificate does not verify; `proofs/REPORT.md` is what `ualign proofs` generates.

use std::path::Path;
use std::process::Output;

mod common;
use common::cli::ualign;

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

const BARRIER: &str = "proofs/barrier-eps-1-10.cert.json";

#[test]
fn markdown_report_states_the_hash_and_the_exact_claims() {
    let out = ualign(["report", BARRIER]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let md = stdout(&out);
    assert!(md.starts_with("# Proof report: proofs/barrier-eps-1-10.cert.json\n"));
    assert!(md.contains("1117dcb4d89a56caf1cec9720cacf341e085b5067bfb57f3e707533be7e7649b"));
    assert!(md.contains("A ualign certificate with 25 claims."));
    // B(1/10) (docs/THEORY.md §5): NLHF stays at 3/5 from k = 2 on, the equilibrium is exact at
    // k = 2 (4/5, 1/5) and certified by a box at k = 3, v*_k from the LP.
    assert!(
        md.contains("| 2 | 3/5 ≈ 0.6000 (#2) | b | exact (#8) | = 2/3 | 7/10 ≈ 0.7000 (#14) |")
    );
    assert!(md.contains("| 3 | 3/5 ≈ 0.6000 (#3) | b | box, support 2, width "));
    assert!(md.contains("| = 3/4 | 4/5 ≈ 0.8000 (#15) |"));
    assert!(md.contains("| 6 | 3/5 ≈ 0.6000 (#6) | b | box, support 2,"));
    assert!(md.contains("83/95 ≈ 0.8737 (#18)"));
    assert!(md.contains("k = 2 (#8, exact): π = (a: 4/5 ≈ 0.8000, b: 1/5 ≈ 0.2000)"));
    assert!(md.contains(
        "| 2 | 2 | equilibrium of #8, sampled k times | 32/75 ≈ 0.4267 (#19) | {a, b} |"
    ));
    assert!(md.contains("## The ½ barrier (#24)"));
    assert!(md.contains("ε = 1/10 ≈ 0.1000"));
    assert!(md.contains("`ualign verify proofs/barrier-eps-1-10.cert.json`"));
    // Long numbers are shortened, never printed in full.
    assert!(md.contains("digits"));
    assert!(
        md.lines()
            .all(|l| !l.split(|c: char| !c.is_ascii_digit()).any(|d| d.len() > 30))
    );
}

#[test]
fn tex_report_is_a_fragment_with_escaped_text() {
    let out = ualign([
        "report",
        "proofs/condorcet-cycle-3.cert.json",
        "--format",
        "tex",
    ]);
    assert!(out.status.success());
    let tex = stdout(&out);
    assert!(tex.contains("\\begin{tabular}{rlllll}"));
    assert!(tex.contains(
        "  2 & 2/3 $\\approx$ 0.6667 (\\#2) & a & exact (\\#8) & = 2/3 & 13/18 $\\approx$ 0.7222 (\\#14) \\\\"
    ));
    assert!(tex.contains("\\paragraph{NLHF's maximal lottery (\\#0)}"));
    assert!(!tex.contains("\\documentclass"));
    // Every `_`, `#`, `%`, `&` outside a command is escaped; no raw Unicode math symbol is left.
    for line in tex.lines().filter(|l| !l.starts_with('%')) {
        for (i, c) in line.char_indices() {
            if "_#%".contains(c) {
                assert_eq!(&line[i - 1..i], "\\", "{line}");
            }
        }
        assert!(!line.contains(['≈', 'ε', 'π', '⊗', '≤', '½']), "{line}");
    }
}

#[test]
fn ball_boxes_at_large_k_are_reported_with_their_precision() {
    let dir = tempfile::tempdir().unwrap();
    let cert = dir.path().join("b40.json");
    let out = ualign([
        "barrier",
        "--eps",
        "1/10",
        "--k",
        "40",
        "-o",
        cert.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let md = stdout(&ualign(["report", cert.to_str().unwrap()]));
    // k = 40 > 32: the equilibrium box is proved in ball arithmetic; R_40 = 40/41 exactly.
    let row = md
        .lines()
        .find(|l| l.starts_with("| 40 | 3/5 ≈ 0.6000 (#"))
        .unwrap();
    assert!(
        row.contains("-bit ball arithmetic, support 2, width"),
        "{row}"
    );
    assert!(row.contains("| = 40/41 |"), "{row}");
}

#[test]
fn family_certificates_are_reported() {
    let out = ualign(["report", "proofs/family-impartial-symbolic.cert.json"]);
    assert!(out.status.success());
    let md = stdout(&out);
    // v*_2(N) = (1 + 4N)/(6N) for N ≥ 2 (docs/THEORY.md §9.2): 2/3 + 1/(6N).
    assert!(md.contains("| 2 | N ≥ 2 | (1 + 4·N) / (6·N) (#"), "{md}");
    assert!(md.contains("| 2 | 4 | 5/6 ≈ 0.8333 (#7) | multiplicities [2, 2] |"));
}

#[test]
fn a_false_certificate_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(BARRIER).unwrap();
    let forged = text.replacen("\"value\": \"7/10\"", "\"value\": \"3/4\"", 1);
    assert_ne!(forged, text);
    let cert = dir.path().join("forged.json");
    std::fs::write(&cert, forged).unwrap();
    let md = dir.path().join("report.md");
    let out = ualign(["report", cert.to_str().unwrap(), "-o", md.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("claim 14 (koutput_value) FAILED"), "{err}");
    assert!(err.contains("refused to report"), "{err}");
    assert!(!md.exists());
    // Malformed: exit 2.
    std::fs::write(&cert, "{\"format\": \"ualign-certificate\"").unwrap();
    let out = ualign(["report", cert.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).is_empty());
}

#[test]
fn output_file_and_input_protection() {
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("r.md");
    let out = ualign(["report", BARRIER, "-o", md.to_str().unwrap()]);
    assert!(out.status.success());
    assert_eq!(
        std::fs::read_to_string(&md).unwrap(),
        stdout(&ualign(["report", BARRIER]))
    );
    let cert = dir.path().join("c.json");
    std::fs::copy(BARRIER, &cert).unwrap();
    let out = ualign([
        "report",
        cert.to_str().unwrap(),
        "-o",
        cert.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        std::fs::read(&cert).unwrap(),
        std::fs::read(BARRIER).unwrap()
    );
    // Instance formats are not report formats, and report formats are not instance formats.
    assert_eq!(
        ualign(["report", BARRIER, "--format", "soc"]).status.code(),
        Some(2)
    );
    let out = ualign(["info", "instances/condorcet-cycle-3.json", "--format", "md"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn proofs_report_lists_every_committed_certificate() {
    let report = std::fs::read_to_string("proofs/REPORT.md").unwrap();
    let manifest = std::fs::read_to_string("proofs/manifest.json").unwrap();
    let outputs: Vec<&str> = manifest
        .lines()
        .filter_map(|l| l.trim().strip_prefix("\"output\": \""))
        .map(|l| l.trim_end_matches([',', '"']))
        .collect();
    assert_eq!(outputs.len(), 18);
    for o in outputs {
        assert!(Path::new(o).exists());
        assert!(report.contains(&format!("## Proof report: {o}\n")), "{o}");
    }
}
