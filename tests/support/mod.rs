//! Running the `ualign` binary as a child with a time limit and a memory limit, and collecting
//! its output and its peak memory.
//!
//! Memory is bounded and measured two ways: the child runs under `RLIMIT_DATA` (so a run that
//! tried to allocate more fails instead of growing), and its `VmHWM` is sampled from
//! `/proc/PID/status` every few milliseconds while it runs. (`ru_maxrss` from `wait4` cannot be
//! used: on Linux it includes the peak of the forking test process.)
#![allow(dead_code)]

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What a child run produced.
#[derive(Debug)]
pub struct Outcome {
    /// Exit code; -1 when killed by a signal.
    pub code: i32,
    /// The signal that ended the child, if any.
    pub signal: Option<i32>,
    pub stdout: Vec<u8>,
    pub stderr: String,
    /// Largest `VmHWM` (peak resident memory, KiB) sampled while the child ran.
    pub max_rss_kib: i64,
    pub elapsed: Duration,
}

impl Outcome {
    pub fn stdout_text(&self) -> String {
        String::from_utf8_lossy(&self.stdout).to_string()
    }
}

/// A fresh empty directory for one test.
pub fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ualign-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// What the child reads on standard input.
pub enum Feed {
    Bytes(Vec<u8>),
    /// `count` copies of one byte, written in blocks (the test process stays small).
    Repeat(u8, usize),
}

/// The data limit (`RLIMIT_DATA`) every child runs under, in MiB.
pub const DATA_LIMIT_MIB: u64 = 1024;

/// Runs `ualign ARGS` with `stdin` (or an empty stdin), killing it after `limit`.
pub fn run_with(args: &[&str], stdin: Option<Vec<u8>>, limit: Duration) -> Outcome {
    run_fed(args, stdin.map(Feed::Bytes), limit)
}

/// Runs `ualign ARGS` fed by `feed`, under `RLIMIT_DATA` = [`DATA_LIMIT_MIB`], killing it
/// after `limit`.
#[allow(clippy::zombie_processes)] // reaped by `wait_with_limit` (waitpid), not by `Child::wait`
pub fn run_fed(args: &[&str], feed: Option<Feed>, limit: Duration) -> Outcome {
    use std::os::unix::process::CommandExt;
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ualign"));
    cmd.args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // SAFETY: setrlimit is async-signal-safe and touches no memory of the parent.
    unsafe {
        cmd.pre_exec(|| {
            let lim = libc::rlimit {
                rlim_cur: DATA_LIMIT_MIB << 20,
                rlim_max: DATA_LIMIT_MIB << 20,
            };
            if libc::setrlimit(libc::RLIMIT_DATA, &lim) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let mut child = cmd.spawn().unwrap();
    let start = Instant::now();
    let mut input = child.stdin.take().unwrap();
    let feeder = std::thread::spawn(move || match feed {
        Some(Feed::Bytes(bytes)) => {
            let _ = input.write_all(&bytes);
        }
        Some(Feed::Repeat(b, count)) => {
            let block = vec![b; 1 << 16];
            let mut left = count;
            while left > 0 {
                let n = left.min(block.len());
                if input.write_all(&block[..n]).is_err() {
                    break;
                }
                left -= n;
            }
        }
        None => {}
    });
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out_t = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = out.read_to_end(&mut v);
        v
    });
    let err_t = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = err.read_to_end(&mut v);
        v
    });
    let (status, peak) = wait_with_limit(child.id() as i32, limit);
    let _ = feeder.join();
    let stdout = out_t.join().unwrap();
    let stderr = String::from_utf8_lossy(&err_t.join().unwrap()).to_string();
    let (code, signal) = decode(status);
    Outcome {
        code,
        signal,
        stdout,
        stderr,
        max_rss_kib: peak,
        elapsed: start.elapsed(),
    }
}

/// Runs `ualign ARGS` with an empty stdin and a 30 s limit.
pub fn run(args: &[&str]) -> Outcome {
    run_with(args, None, Duration::from_secs(30))
}

/// `VmHWM` of a running process in KiB (0 once it has exited).
fn vm_hwm(pid: i32) -> i64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// Reaps child `pid`, sampling its peak memory, sending SIGKILL once `limit` has passed.
/// Returns its wait status and the largest `VmHWM` seen (KiB).
pub fn wait_with_limit(pid: i32, limit: Duration) -> (i32, i64) {
    let start = Instant::now();
    let mut killed = false;
    let mut peak = 0;
    loop {
        peak = peak.max(vm_hwm(pid));
        let mut status = 0;
        // SAFETY: pid is our own unreaped child; the pointer is valid for the call.
        let r = unsafe { libc::waitpid(pid, &mut status, libc::WNOHANG) };
        if r == pid {
            return (status, peak);
        }
        assert!(r == 0, "wait4 failed");
        if !killed && start.elapsed() > limit {
            // SAFETY: the child has not been reaped, so the pid still names it.
            unsafe { libc::kill(pid, libc::SIGKILL) };
            killed = true;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

fn decode(status: i32) -> (i32, Option<i32>) {
    if libc::WIFEXITED(status) {
        (libc::WEXITSTATUS(status), None)
    } else if libc::WIFSIGNALED(status) {
        (-1, Some(libc::WTERMSIG(status)))
    } else {
        (-1, None)
    }
}

/// Asserts the run failed cleanly on bad input: exit 2, one stderr line containing every
/// needle, no panic, within `secs` seconds and `mib` MiB of peak memory.
pub fn assert_refused(o: &Outcome, needles: &[&str], secs: u64, mib: i64) {
    assert_eq!(o.code, 2, "expected exit 2, got {o:?}");
    assert!(!o.stderr.contains("panicked"), "{}", o.stderr);
    assert_eq!(o.stderr.trim().lines().count(), 1, "one line: {}", o.stderr);
    for n in needles {
        assert!(o.stderr.contains(n), "stderr {:?} lacks {n:?}", o.stderr);
    }
    assert_bounded(o, secs, mib);
}

/// Asserts the run took at most `secs` seconds, was not killed (e.g. by an allocation failing
/// under the data limit) and peaked at most at `mib` MiB.
pub fn assert_bounded(o: &Outcome, secs: u64, mib: i64) {
    assert_eq!(o.signal, None, "killed: {}", o.stderr);
    assert!(
        o.elapsed < Duration::from_secs(secs),
        "took {:?}: {}",
        o.elapsed,
        o.stderr
    );
    assert!(
        o.max_rss_kib < mib * 1024,
        "peak memory {} KiB above {mib} MiB",
        o.max_rss_kib
    );
}

/// Creates a FIFO at `path` (mode 0600).
pub fn mkfifo(path: &Path) {
    let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: c is a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0, "mkfifo");
}

/// A valid two-response JSON instance.
pub const GOOD: &str = r#"{"responses":["a","b"],"users":[{"weight":"3/5","ranking":[["a"],["b"]]},{"weight":"2/5","ranking":[["b"],["a"]]}]}"#;

/// Writes `contents` to `dir/name` and returns the path as a string.
pub fn file(dir: &Path, name: &str, contents: impl AsRef<[u8]>) -> String {
    let p = dir.join(name);
    std::fs::write(&p, contents).unwrap();
    p.to_str().unwrap().to_string()
}
