//! The library's documentation keeps its examples: every item re-exported at the crate root
//! (`pub use` in src/lib.rs) has a code example in its doc comment (run by `cargo test --doc`,
//! part of `scripts/test-all`), and every Rust example in the README's "Rust library" section is,
//! line for line, one of those doc-tests (hidden `# ` lines aside), so the README cannot drift
//! from code that runs.

use std::fs;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn sources() -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let text = fs::read_to_string(&p).unwrap();
            (p, text)
        })
        .collect()
}

/// The names `pub use a::b::{C, d as e, F};` re-exports, as they are defined (`d`, not `e`),
/// with the line index of the `pub use` statement and the module path (`a/b`).
fn root_reexports(lib: &str) -> Vec<(String, usize, String)> {
    let lines: Vec<&str> = lib.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].starts_with("pub use ") {
            let start = i;
            let mut stmt = lines[i].to_string();
            while !stmt.trim_end().ends_with(';') {
                i += 1;
                stmt.push(' ');
                stmt.push_str(lines[i]);
            }
            let body = stmt
                .trim_start_matches("pub use ")
                .trim_end()
                .trim_end_matches(';');
            let (module, list) = match (body.find('{'), body.rfind('}')) {
                (Some(a), Some(b)) => (&body[..a], body[a + 1..b].to_string()),
                _ => {
                    let cut = body.rfind("::").map_or(0, |i| i + 2);
                    (&body[..cut], body[cut..].to_string())
                }
            };
            let module = module.trim_end_matches("::").replace("::", "/");
            for item in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                let original = item.split(" as ").next().unwrap().trim();
                out.push((original.to_string(), start, module.clone()));
            }
        }
        i += 1;
    }
    out
}

/// The doc comment (`///` lines) right above line `at`, skipping attribute lines.
fn doc_above(lines: &[&str], at: usize) -> String {
    let mut doc = Vec::new();
    let mut i = at;
    while i > 0 {
        i -= 1;
        let l = lines[i].trim_start();
        if let Some(d) = l.strip_prefix("///") {
            doc.push(d);
        } else if !l.starts_with("#[") {
            break;
        }
    }
    doc.reverse();
    doc.join("\n")
}

/// The doc comment of the definition of `name` (struct, enum, fn or type alias) in module
/// `module` (`src/module.rs` or any file under `src/module/`).
fn definition_doc(files: &[(PathBuf, String)], module: &str, name: &str) -> Option<String> {
    let src = root().join("src");
    let in_module = |p: &Path| {
        let rel = p.strip_prefix(&src).unwrap().with_extension("");
        let rel = rel.to_string_lossy();
        !module.is_empty() && (rel == module || rel.starts_with(&format!("{module}/")))
    };
    for (_, text) in files.iter().filter(|(p, _)| in_module(p)) {
        let lines: Vec<&str> = text.lines().collect();
        for (i, l) in lines.iter().enumerate() {
            let Some(rest) = ["pub struct ", "pub enum ", "pub fn ", "pub type "]
                .iter()
                .find_map(|kw| l.strip_prefix(kw))
            else {
                continue;
            };
            let ident: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if ident == name {
                return Some(doc_above(&lines, i));
            }
        }
    }
    None
}

#[test]
fn every_root_reexport_has_a_doc_example() {
    let files = sources();
    let lib = fs::read_to_string(root().join("src/lib.rs")).unwrap();
    let lib_lines: Vec<&str> = lib.lines().collect();
    let names = root_reexports(&lib);
    assert!(names.len() >= 20, "{names:?}");
    let mut missing = Vec::new();
    for (name, at, module) in &names {
        // Items of other crates (the checker) are documented on their `pub use` line.
        let doc =
            definition_doc(&files, module, name).unwrap_or_else(|| doc_above(&lib_lines, *at));
        if !doc.contains("```") {
            missing.push(name.clone());
        }
    }
    assert!(
        missing.is_empty(),
        "root re-exports without a doc example: {missing:?}"
    );
}

/// The code blocks of doc comments (`///` or `//!`), without hidden `# ` lines.
fn doc_tests(text: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<Vec<String>> = None;
    for l in text.lines() {
        let t = l.trim_start();
        let Some(d) = t.strip_prefix("///").or_else(|| t.strip_prefix("//!")) else {
            continue;
        };
        let d = d.strip_prefix(' ').unwrap_or(d);
        if d.starts_with("```") {
            match current.take() {
                Some(b) => blocks.push(b.join("\n")),
                None => current = Some(Vec::new()),
            }
        } else if let Some(b) = current.as_mut()
            && !(d.starts_with("# ") || d == "#")
        {
            b.push(d.to_string());
        }
    }
    blocks
}

#[test]
fn readme_library_examples_are_doc_tests() {
    let readme = fs::read_to_string(root().join("README.md")).unwrap();
    let section = readme
        .split("\n## Rust library\n")
        .nth(1)
        .expect("README has a Rust library section")
        .split("\n## ")
        .next()
        .unwrap();
    let examples: Vec<String> = section
        .split("```rust\n")
        .skip(1)
        .map(|b| b.split("\n```").next().unwrap().to_string())
        .collect();
    assert!(
        !examples.is_empty(),
        "no Rust example in the library section"
    );
    let tests: Vec<String> = sources().iter().flat_map(|(_, t)| doc_tests(t)).collect();
    for ex in &examples {
        assert!(
            tests.iter().any(|t| t.trim_end() == ex.trim_end()),
            "README example is not a doc-test of src/:\n{ex}"
        );
    }
}
