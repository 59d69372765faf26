//! The plain-Python checker (`python/ualign_check.py`) as a second opinion in the Rust test
//! suites (the checker crate's `tests/common/mod.rs: check_text`, and the root's
//! `tests/verify_python.rs`, which includes this file with `#[path]`). One `python3 -I python/ualign_check.py --batch` process per
//! test process is fed certificate texts over a pipe; its verdict on each must equal the Rust
//! checker's: the same exit code (0 holds, 1 a claim fails, 2 malformed) and, for a failed
//! claim, the same claim index. Without python3 these tests fail with a message saying so.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Command, Output, Stdio};
use std::sync::{Mutex, OnceLock};

use serde_json::{Value, json};
use ualign_check::{VerifyError, VerifySummary};

/// The script, found from the repository root (this file is compiled by the root package and
/// by `crates/ualign-check`).
pub fn script() -> String {
    let here = env!("CARGO_MANIFEST_DIR");
    let root = format!("{here}/python/ualign_check.py");
    if Path::new(&root).exists() {
        root
    } else {
        format!("{here}/../../python/ualign_check.py")
    }
}

fn python_missing(e: std::io::Error) -> ! {
    panic!(
        "cannot run `python3` ({e}): the agreement tests between the Rust and the Python \
         certificate checkers need python3 (3.9 or later) on PATH"
    )
}

/// Runs `python3 -I python/ualign_check.py ARGS...` to completion.
pub fn run(args: &[&str]) -> Output {
    Command::new("python3")
        .arg("-I")
        .arg(script())
        .args(args)
        .output()
        .unwrap_or_else(|e| python_missing(e))
}

/// Runs the Python checker's command line on files; returns (exit code, stdout).
pub fn run_files(files: &[&Path]) -> (Option<i32>, String) {
    let args: Vec<&str> = files.iter().map(|f| f.to_str().unwrap()).collect();
    let out = run(&args);
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

struct Batch {
    _child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

static BATCH: OnceLock<Mutex<Batch>> = OnceLock::new();

fn start() -> Batch {
    let mut child = Command::new("python3")
        .arg("-I")
        .arg(script())
        .arg("--batch")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| python_missing(e));
    let stdin = child.stdin.take().expect("piped stdin");
    let stdout = BufReader::new(child.stdout.take().expect("piped stdout"));
    Batch {
        _child: child,
        stdin,
        stdout,
    }
}

/// The Python checker's verdict on a certificate text: (exit code, failing claim, message).
pub fn verdict(text: &[u8]) -> (i32, Option<usize>, String) {
    let batch = BATCH.get_or_init(|| Mutex::new(start()));
    let mut b = batch.lock().unwrap_or_else(|e| e.into_inner());
    let b = &mut *b;
    let sent = writeln!(b.stdin, "{}", text.len())
        .and_then(|_| b.stdin.write_all(text))
        .and_then(|_| b.stdin.flush());
    let mut line = String::new();
    let got = sent.and_then(|_| b.stdout.read_line(&mut line));
    if got.is_err() || line.is_empty() {
        panic!("the Python checker stopped answering ({got:?}); see its stderr above");
    }
    let mut parts = line.trim_end_matches('\n').splitn(3, '\t');
    let code = parts
        .next()
        .and_then(|c| c.parse().ok())
        .expect("exit code");
    let claim = parts.next().and_then(|c| c.parse().ok());
    (code, claim, parts.next().unwrap_or("").to_string())
}

/// Asserts that the Python checker agrees with the Rust checker on `text`: the same exit code
/// and, for exit code 1, the same failing claim index.
pub fn assert_agrees(text: &str, rust_code: i32, rust_claim: Option<usize>, what: &str) {
    let (code, claim, message) = verdict(text.as_bytes());
    assert_eq!(
        (code, if code == 1 { claim } else { None }),
        (rust_code, if rust_code == 1 { rust_claim } else { None }),
        "`{what}`: the Python checker disagrees with the Rust checker (Python says: {message})"
    );
}

/// [`assert_agrees`] with the Rust checker's result.
pub fn assert_agrees_with(text: &str, rust: &Result<VerifySummary, VerifyError>, what: &str) {
    let (code, claim) = match rust {
        Ok(_) => (0, None),
        Err(VerifyError::ClaimFailed { claim, .. }) => (1, Some(*claim)),
        Err(e) => (e.exit_code(), None),
    };
    assert_agrees(text, code, claim, what);
}

/// Runs the Python checker's `check_text(text, max_cost=budget)` on every job in one process;
/// returns (exit code, error) per job. One process for many texts: no round trip per text.
pub fn check_texts_with_budgets(jobs: &[(String, u128)]) -> Vec<(i64, String)> {
    const DRIVER: &str = "
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location('ualign_check', sys.argv[1])
m = importlib.util.module_from_spec(spec)
spec.loader.exec_module(m)
out = []
for text, budget in json.load(sys.stdin):
    r = m.check_text(text, max_cost=int(budget))
    out.append([r.exit_code, r.error or ''])
print(json.dumps(out))
";
    let input: Vec<Value> = jobs
        .iter()
        .map(|(t, b)| json!([t, b.to_string()]))
        .collect();
    let mut child = Command::new("python3")
        .args(["-I", "-c", DRIVER, &script()])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 (3.9 or later) on PATH");
    let mut stdin = child.stdin.take().unwrap();
    stdin
        .write_all(Value::Array(input).to_string().as_bytes())
        .unwrap();
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{out:?}");
    serde_json::from_slice(&out.stdout).unwrap()
}
