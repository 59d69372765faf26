//! The trusted base stays small and self-contained: the crate's own source lines (src/, tests
//! excluded) stay under the bound stated in its README and in proofs/README.md, and its normal
//! dependencies are exactly the listed ones (no `ualign`, no proc-macro but serde_derive).

/// The bound stated in README.md and proofs/README.md ("Trusted base"), for the checker of
/// instance certificates (everything but `family.rs`).
const MAX_OWN_LINES: usize = 3_360;
/// The bound for `family.rs`, the check of family certificates (docs/THEORY.md §9), which a
/// reviewer of instance certificates does not need to read.
const MAX_FAMILY_LINES: usize = 420;

/// The normal dependencies of the checker, in Cargo.toml order.
const DEPENDENCIES: [&str; 6] = [
    "num-bigint",
    "num-integer",
    "num-rational",
    "serde",
    "serde_json",
    "sha2",
];

fn rust_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// Lines of a source file up to its `#[cfg(test)]` module (unit tests are not trusted code).
fn own_lines(text: &str) -> usize {
    text.lines()
        .take_while(|l| !l.starts_with("#[cfg(test)]"))
        .count()
}

#[test]
fn own_lines_stay_under_the_stated_bound() {
    let mut files = Vec::new();
    rust_files(
        std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src")),
        &mut files,
    );
    let family = |p: &std::path::PathBuf| p.file_name().is_some_and(|n| n == "family.rs");
    let count = |want_family: bool| -> usize {
        files
            .iter()
            .filter(|p| family(p) == want_family)
            .map(|p| own_lines(&std::fs::read_to_string(p).unwrap()))
            .sum()
    };
    let total = count(false);
    let family_lines = count(true);
    assert!(
        family_lines <= MAX_FAMILY_LINES,
        "family.rs has {family_lines} lines, more than the stated bound {MAX_FAMILY_LINES}"
    );
    assert!(files.len() >= 10, "{files:?}");
    assert!(
        total <= MAX_OWN_LINES,
        "the checker has {total} own lines, more than the stated bound {MAX_OWN_LINES}"
    );
}

#[test]
fn normal_dependencies_are_the_listed_ones() {
    let manifest =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml")).unwrap();
    let section = manifest
        .split("\n[dependencies]\n")
        .nth(1)
        .and_then(|s| s.split("\n[").next())
        .unwrap_or_default();
    let deps: Vec<&str> = section
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split([' ', '=']).next())
        .collect();
    assert_eq!(deps, DEPENDENCIES);
    assert!(
        !manifest.contains("ualign ="),
        "the checker must not depend on ualign"
    );
}
