//! `ualign verify CERT.json...`: check certificates with the independent checker.

use std::path::PathBuf;

use clap::Args;

use super::common::{CliError, CliResult};
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
}

pub fn run(args: &VerifyArgs) -> CliResult {
    let mut failed: Vec<String> = Vec::new();
    let mut malformed = false;
    for path in &args.files {
        let file = path.display();
        match verify_file(path) {
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
    match (failed.is_empty(), malformed) {
        (true, _) => Ok(()),
        (false, true) => Err(CliError::Input(failed.join("\n"))),
        (false, false) => Err(CliError::Failed(failed.join("\n"))),
    }
}
