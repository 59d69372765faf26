//! `ualign-check CERT.json...`: checks ualign certificates, printing one line per claim as soon
//! as it is verified. Exit 0 when every claim of every file holds, 1 when a claim fails, 2 when
//! a file is malformed or the arguments are wrong (2 wins over 1).

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use ualign_check::{claim_line, error_line, read_file, summary_line, verify_str_streaming};

const USAGE: &str = "usage: ualign-check [--quiet] [--max-cost SECONDS] CERT.json...

Checks ualign certificates with exact arithmetic: re-reads the embedded instance, recomputes its
SHA-256 and re-derives every claim. Prints one line per claim as soon as it is checked.

  -q, --quiet     print only failures and one summary line per file
  --max-cost S    budget of modelled checking cost per file, in seconds (default 60; the model
                  is pessimistic: a file within 60 s of modelled cost checks in about 10 s)
  -h, --help      print this help
  -V, --version   print the version

Exit status: 0 every claim of every file holds, 1 a claim fails, 2 a file is malformed or the
arguments are wrong.";

/// Prints a line; a closed stdout (`| head`) is not an error of the check.
fn say(line: &str) {
    let _ = writeln!(std::io::stdout().lock(), "{line}");
}

fn main() -> ExitCode {
    let mut files = Vec::new();
    let mut quiet = false;
    let mut options_done = false;
    let mut max_cost = ualign_check::limits::DEFAULT_MAX_COST;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            _ if options_done => files.push(arg),
            "--" => options_done = true,
            "-h" | "--help" => {
                say(USAGE);
                return ExitCode::SUCCESS;
            }
            "-V" | "--version" => {
                say(&format!("ualign-check {}", env!("CARGO_PKG_VERSION")));
                return ExitCode::SUCCESS;
            }
            "-q" | "--quiet" => quiet = true,
            "--max-cost" => match args.next().and_then(|s| s.parse::<u64>().ok()) {
                Some(seconds) => max_cost = u128::from(seconds) * 1_000_000_000,
                None => {
                    eprintln!("ualign-check: --max-cost needs a whole number of seconds");
                    return ExitCode::from(2);
                }
            },
            s if s.starts_with('-') && s.len() > 1 => {
                eprintln!("ualign-check: unknown option `{s}`\n\n{USAGE}");
                return ExitCode::from(2);
            }
            _ => files.push(arg),
        }
    }
    if files.is_empty() {
        eprintln!("ualign-check: no certificate given\n\n{USAGE}");
        return ExitCode::from(2);
    }
    let mut code = 0u8;
    for file in &files {
        let result = read_file(Path::new(file)).and_then(|text| {
            verify_str_streaming(&text, max_cost, &mut |c| {
                if !quiet {
                    say(&claim_line(file, c));
                }
            })
        });
        match result {
            Ok(summary) => say(&summary_line(file, &summary)),
            Err(e) => {
                say(&error_line(file, &e));
                code = code.max(e.exit_code() as u8);
            }
        }
    }
    ExitCode::from(code)
}
