//! `ualign verify CERT.json...`: check certificates with the independent checker.

use std::path::PathBuf;

use clap::Args;

use super::common::{CliError, CliResult};
use crate::api;

use crate::verify::{
    VerifyError, claim_line, error_line, read_file, summary_line, verify_str_streaming,
};

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
    /// Budget of modelled checking cost per file, in seconds (the model is pessimistic: a file
    /// within the default 60 s of modelled cost checks in about 10 s or less).
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    pub max_cost: u64,
}

pub fn run(args: &VerifyArgs) -> CliResult {
    let mut failed: Vec<String> = Vec::new();
    let mut malformed = false;
    let mut records = Vec::new();
    for path in &args.files {
        let file = path.display().to_string();
        // Human output streams: one line per claim as soon as it is checked.
        let result = read_file(path).and_then(|text| {
            verify_str_streaming(&text, u128::from(args.max_cost) * 1_000_000_000, &mut |c| {
                if !args.json {
                    println!("{}", claim_line(&file, c));
                }
            })
        });
        records.push(api::verify_record(&file, &result));
        match result {
            Ok(summary) if !args.json => println!("{}", summary_line(&file, &summary)),
            Ok(_) => {}
            Err(e) => {
                malformed |= matches!(e, VerifyError::Malformed(_));
                let line = error_line(&file, &e);
                if !args.json {
                    println!("{line}");
                }
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
