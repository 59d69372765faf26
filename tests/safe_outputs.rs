//! Outputs never destroy anything (issue 14): `-` is stdout, links and devices are written
//! through, an output that is an input is refused before any work, and an interrupted run
//! leaves no temporary file behind.

mod common;
mod support;

use std::io::Read;
use std::os::unix::fs::{FileTypeExt, symlink};
use std::time::Duration;

use common::cli::ualign_cmd;
use support::{GOOD, assert_refused, file, mkfifo, run, scratch};

fn is_link(p: &std::path::Path) -> bool {
    std::fs::symlink_metadata(p)
        .unwrap()
        .file_type()
        .is_symlink()
}

fn leftovers(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.contains(".tmp") || n.starts_with('.'))
        .collect()
}

#[test]
fn an_output_that_is_an_input_is_refused_and_the_input_kept() {
    let dir = scratch("same");
    let inst = file(&dir, "in.json", GOOD);
    let before = std::fs::read(&inst).unwrap();
    let link = dir.join("alias.json");
    symlink(&inst, &link).unwrap();
    let alias = link.to_str().unwrap();
    let cases: Vec<Vec<&str>> = vec![
        vec!["certify", &inst, "--k", "1..2", "-o", &inst],
        vec!["certify", &inst, "--k", "1..2", "-o", alias],
        vec!["curve", &inst, "--k", "1..2", "--csv", &inst],
        vec!["curve", &inst, "--k", "1..2", "--svg", alias],
        vec![
            "selfplay", &inst, "--k", "1", "--algo", "hedge", "--iters", "10", "--trace", &inst,
        ],
    ];
    for args in cases {
        let o = run(&args);
        assert_refused(&o, &["in.json"], 20, 500);
        assert!(o.stderr.contains("input"), "{}", o.stderr);
        assert_eq!(std::fs::read(&inst).unwrap(), before, "{args:?}");
        assert!(is_link(&link));
    }
    // The same file reached through `..` is the same file.
    let sub = dir.join("sub");
    std::fs::create_dir(&sub).unwrap();
    let roundabout = sub.join("../in.json");
    let o = run(&[
        "certify",
        &inst,
        "--k",
        "1",
        "-o",
        roundabout.to_str().unwrap(),
    ]);
    assert_refused(&o, &["input"], 20, 500);
    assert_eq!(std::fs::read(&inst).unwrap(), before);
    assert!(leftovers(&dir).is_empty(), "{:?}", leftovers(&dir));
}

#[test]
fn overwriting_an_output_that_is_not_an_input_is_allowed() {
    let dir = scratch("overwrite");
    let inst = file(&dir, "in.json", GOOD);
    let out = file(&dir, "out.csv", "old");
    let o = run(&["curve", &inst, "--k", "1..2", "--csv", &out]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(std::fs::read_to_string(&out).unwrap().starts_with("k,"));
    assert!(leftovers(&dir).is_empty(), "{:?}", leftovers(&dir));
}

#[test]
fn dash_writes_to_standard_output() {
    let dir = scratch("dash");
    let inst = file(&dir, "in.json", GOOD);
    let o = run(&["certify", &inst, "--k", "1..2", "-o", "-"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let text = o.stdout_text();
    assert!(text.contains("\"instance_sha256\""), "{text}");
    assert!(!dir.join("-").exists());
    let o = run(&["curve", &inst, "--k", "1..2", "--csv", "-"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stdout_text().contains("k,"), "{}", o.stdout_text());
    assert!(!dir.join("-").exists());
}

#[test]
fn a_symlinked_output_keeps_its_link() {
    let dir = scratch("link");
    let inst = file(&dir, "in.json", GOOD);
    let target = file(&dir, "real.json", "previous");
    let link = dir.join("link.json");
    symlink("real.json", &link).unwrap();
    let o = run(&[
        "certify",
        &inst,
        "--k",
        "1..2",
        "-o",
        link.to_str().unwrap(),
    ]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(is_link(&link));
    let written = std::fs::read_to_string(&target).unwrap();
    assert!(written.contains("\"claims\""));
    // A dangling link gets its target created.
    let dangling = dir.join("dangling.csv");
    symlink("made.csv", &dangling).unwrap();
    let o = run(&[
        "curve",
        &inst,
        "--k",
        "1",
        "--csv",
        dangling.to_str().unwrap(),
    ]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(is_link(&dangling));
    assert!(
        std::fs::read_to_string(dir.join("made.csv"))
            .unwrap()
            .starts_with("k,")
    );
    assert!(leftovers(&dir).is_empty(), "{:?}", leftovers(&dir));
    let o = run(&["verify", link.to_str().unwrap()]);
    assert_eq!(o.code, 0, "{}", o.stderr);
}

#[test]
fn a_fifo_output_is_written_through() {
    let dir = scratch("fifo-out");
    let inst = file(&dir, "in.json", GOOD);
    let fifo = dir.join("out.csv");
    mkfifo(&fifo);
    let f = fifo.clone();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        std::fs::File::open(&f)
            .unwrap()
            .read_to_string(&mut s)
            .unwrap();
        s
    });
    let o = run(&[
        "curve",
        &inst,
        "--k",
        "1..2",
        "--csv",
        fifo.to_str().unwrap(),
    ]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let got = reader.join().unwrap();
    assert!(got.starts_with("k,"), "{got}");
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo()
    );
    let o = run(&["curve", &inst, "--k", "1", "--csv", "/dev/null"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(
        std::fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );
}

#[test]
#[allow(clippy::zombie_processes)] // reaped by `wait_with_limit` (waitpid)
fn sigterm_during_certify_leaves_no_temp_file() {
    let dir = scratch("sigterm");
    // 12 responses, k up to 12, ℓ = 3: about 40 s of work, interrupted early.
    let p = dir.join("in.json");
    let o = run(&[
        "generate",
        "-o",
        p.to_str().unwrap(),
        "ic-sample",
        "--responses",
        "12",
        "--types",
        "200",
    ]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let out = file(&dir, "out.json", "previous");
    for delay in [300u64, 1500] {
        let child = ualign_cmd()
            .args([
                "certify",
                p.to_str().unwrap(),
                "--k",
                "1..12",
                "--max-columns",
                "200000",
            ])
            .args(["--opponents", "3", "-o", &out])
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        let pid = child.id() as i32;
        // SAFETY: the child has not been reaped, so the pid still names it.
        unsafe { libc::kill(pid, libc::SIGTERM) };
        let (status, _) = support::wait_with_limit(pid, Duration::from_secs(20));
        assert!(libc::WIFEXITED(status), "status {status}");
        assert_eq!(libc::WEXITSTATUS(status), 130, "interrupted by the handler");
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "previous");
        assert!(leftovers(&dir).is_empty(), "{:?}", leftovers(&dir));
    }
}

#[test]
fn writing_into_a_missing_directory_or_a_directory_fails_cleanly() {
    let dir = scratch("baddir");
    let inst = file(&dir, "in.json", GOOD);
    let missing = dir.join("nope/out.json");
    let o = run(&[
        "certify",
        &inst,
        "--k",
        "1",
        "-o",
        missing.to_str().unwrap(),
    ]);
    assert_refused(&o, &["nope/out.json"], 20, 500);
    let o = run(&["certify", &inst, "--k", "1", "-o", dir.to_str().unwrap()]);
    assert_refused(&o, &["directory"], 20, 500);
}
