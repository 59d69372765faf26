//! Running the built `ualign` binary from integration tests: one place for the command, the exit
//! code and the checks every CLI test makes (exit 0 with stderr shown on failure, UTF-8 stdout,
//! JSON stdout).

use std::ffi::OsStr;
use std::process::{Command, Output};

/// A command for the built binary, run from the package root (where `instances/` is).
pub fn ualign_cmd() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ualign"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

/// Runs `cmd` to the end and returns its output, whatever the exit code.
pub fn run(cmd: &mut Command) -> Output {
    cmd.output()
        .unwrap_or_else(|e| panic!("{cmd:?} did not start: {e}"))
}

/// Runs `cmd`: (exit code, or −1 when ended by a signal; stdout; stderr), both read lossily.
pub fn run_code(cmd: &mut Command) -> (i32, String, String) {
    let out = run(cmd);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Runs `cmd`, asserts exit 0 (the message shows the command, its stdout and its stderr) and
/// returns stdout, which must be UTF-8.
pub fn run_ok(cmd: &mut Command) -> String {
    let out = run(cmd);
    assert!(
        out.status.success(),
        "{cmd:?}: {}\n{}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("stdout is UTF-8")
}

/// `ualign ARGS`: the whole output, whatever the exit code.
pub fn ualign<I: IntoIterator<Item = S>, S: AsRef<OsStr>>(args: I) -> Output {
    run(ualign_cmd().args(args))
}

/// `ualign ARGS`: (exit code, stdout, stderr), see [`run_code`].
pub fn ualign_code<I: IntoIterator<Item = S>, S: AsRef<OsStr>>(args: I) -> (i32, String, String) {
    run_code(ualign_cmd().args(args))
}

/// `ualign ARGS`, which must exit 0: its stdout.
pub fn ualign_ok<I: IntoIterator<Item = S>, S: AsRef<OsStr>>(args: I) -> String {
    run_ok(ualign_cmd().args(args))
}

/// `ualign ARGS`, which must exit 0 and print one JSON value: that value.
pub fn ualign_json<I: IntoIterator<Item = S>, S: AsRef<OsStr>>(args: I) -> serde_json::Value {
    let text = ualign_ok(args);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {text}"))
}
