//! `ualign verify CERT.json...`: check certificates with the independent checker.

use std::path::PathBuf;

use clap::Args;

use super::common::{CliError, CliResult};
use crate::api;

use crate::verify::{VerifyError, verify_file};

/// Check certificates (exit 0 all hold, 1 a claim fails, 2 malformed).
///
/// Check certificates independently of the solvers: re-read the embedded instance, recompute its
/// SHA-256, and re-derive every claim with exact arithmetic. Prints one line per verified claim.
/// Exit code 0 when every claim of every file holds, 1 when a claim fails (the first failing
/// inequality is printed with both sides), 2 when a file is malformed (2 wins over 1).
#[derive(Args, Debug)]
pub struct VerifyArgs {
    /// Certificate files (JSON, format "ualign-certificate", version 1).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Print one JSON object: {command, ualign_version, instance, instance_sha256, ok, files:
    /// [{file, ok, status: "ok"|"failed"|"malformed", instance_sha256, claims: [{index, kind, k,
    /// ok, message}], error}]} (same exit codes).
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: &VerifyArgs) -> CliResult {
    let mut failed: Vec<String> = Vec::new();
    let mut malformed = false;
    let mut records = Vec::new();
    for path in &args.files {
        let file = path.display();
        let result = verify_file(path);
        records.push(api::verify_record(&file.to_string(), &result));
        if args.json {
            if let Err(e) = &result {
                malformed |= matches!(e, VerifyError::Malformed(_));
                failed.push(format!("{file}: {e}"));
            }
            continue;
        }
        match result {
            Ok(summary) => {
                for c in &summary.claims {
                    let k = c.k.map(|k| format!(" k={k}")).unwrap_or_default();
                    println!("{file}: claim {} {}{k}: OK ({})", c.index, c.kind, c.detail);
                }
                println!(
                    "{file}: all {} claims hold (instance {})",
                    summary.claims.len(),
                    summary.instance_sha256
                );
            }
            Err(e) => {
                malformed |= matches!(e, VerifyError::Malformed(_));
                let line = match &e {
                    VerifyError::Malformed(m) => {
                        let m = m.strip_prefix(&format!("{file}: ")).unwrap_or(m);
                        format!("{file}: malformed: {m}")
                    }
                    VerifyError::ClaimFailed {
                        claim,
                        kind,
                        message,
                    } => format!("{file}: claim {claim} ({kind}) FAILED: {message}"),
                };
                println!("{line}");
                failed.push(line);
            }
        }
    }
    if args.json {
        super::common::print_out(&api::verify_out(records));
    }
    match (failed.is_empty(), malformed) {
        (true, _) => Ok(()),
        (false, true) => Err(CliError::Input(failed.join("\n"))),
        (false, false) => Err(CliError::Failed(failed.join("\n"))),
    }
}
