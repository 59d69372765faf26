//! docs/THEORY.md is the reference the code and documents cite: every section number cited in
//! README.md, proofs/README.md and the Rust sources exists there as a heading, its headings are
//! numbered 1, 2, … without gaps, and every citation names the file with its docs/ folder.

use std::fs;
use std::path::{Path, PathBuf};

const SECTION: char = '\u{a7}';

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every `.rs` file under `dir`, recursively (skipping `target`).
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n != "target") {
                rust_files(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The files whose section citations must resolve.
fn citing_files() -> Vec<PathBuf> {
    let r = root();
    let mut files = vec![r.join("README.md"), r.join("proofs/README.md")];
    for dir in ["src", "tests", "examples", "benches", "crates"] {
        rust_files(&r.join(dir), &mut files);
    }
    files
}

/// The numbers n of every "§n" in `text`.
fn cited_numbers(text: &str) -> Vec<u32> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(SECTION) {
        rest = &rest[i + SECTION.len_utf8()..];
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        if let Ok(n) = digits.parse() {
            out.push(n);
        }
    }
    out
}

/// The numbers of the `## §n. Title` headings of docs/THEORY.md, in order.
fn theory_headings() -> Vec<u32> {
    let text = fs::read_to_string(root().join("docs/THEORY.md")).expect("docs/THEORY.md exists");
    text.lines()
        .filter_map(|l| l.strip_prefix("## "))
        .flat_map(cited_numbers)
        .collect()
}

#[test]
fn theory_headings_are_numbered_one_to_ten() {
    assert_eq!(theory_headings(), (1..=10).collect::<Vec<u32>>());
}

#[test]
fn every_cited_section_exists_in_theory() {
    let headings = theory_headings();
    let mut cited = 0;
    for file in citing_files() {
        let text = fs::read_to_string(&file).unwrap();
        for (line_no, line) in text.lines().enumerate() {
            for n in cited_numbers(line) {
                cited += 1;
                assert!(
                    headings.contains(&n),
                    "{}:{}: cites section {n}, which docs/THEORY.md does not have",
                    file.display(),
                    line_no + 1
                );
            }
        }
    }
    // The README, proofs/README.md and the module docs cite well over 40 sections today.
    assert!(
        cited >= 40,
        "only {cited} citations found: the scan is broken"
    );
}

#[test]
fn no_citation_of_a_theory_file_outside_docs() {
    let bare = concat!("THEORY", ".md");
    for file in citing_files() {
        let text = fs::read_to_string(&file).unwrap();
        for (line_no, line) in text.lines().enumerate() {
            for (i, _) in line.match_indices(bare) {
                assert!(
                    line[..i].ends_with("docs/"),
                    "{}:{}: cites {bare} without the docs/ folder",
                    file.display(),
                    line_no + 1
                );
            }
        }
    }
}
