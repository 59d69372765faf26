//! `ualign report CERT.json [--format md|tex] [-o FILE]`: what a certificate proves, for people.

use std::path::PathBuf;

use clap::Args;

use super::common::{CliError, CliResult, format_name, refuse_clobber, write_output};
use crate::io::input::display_name;
use crate::report::{ReportFormat, report};
use crate::verify::{VerifyError, read_file};

/// Restate what a certificate proves, for people (checks it first; refuses a false one).
///
/// Checks the certificate with the independent checker (as `ualign verify` does) and, if every
/// claim holds, prints a readable statement of what it proves: the instance (responses, user
/// types, SHA-256), NLHF's maximal lottery, a table per k of NLHF's R_k, the equilibrium and its
/// robust win rate k/(k+1), the best k-output value v*_k, the ℓ-output rivals and the ½
/// barrier, each value naming the claim (#i) it comes from, then the commands that re-derive it.
/// Numbers longer than 30 characters are shown as ≈ value with digit counts. Family
/// certificates (`ualign tightness -o`) are reported too. Exit 1 if a claim fails, 2 if the file
/// is malformed; nothing is written then.
///
/// --format md (default) prints Markdown; --format tex a LaTeX fragment (tabular tables, no
/// preamble) that a paper's appendix can \input.
#[derive(Args, Debug)]
pub struct ReportArgs {
    /// The certificate (a `ualign certify` or `ualign tightness -o` file).
    pub file: PathBuf,
    /// Write the report to FILE (`-` for standard output, the default).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(args: &ReportArgs) -> CliResult {
    if let Some(out) = &args.output {
        refuse_clobber(&[out], &[&args.file])?;
    }
    let file = display_name(&args.file);
    let format = match format_name() {
        None | Some("md") => ReportFormat::Markdown,
        Some("tex") => ReportFormat::Tex,
        Some(other) => {
            return Err(CliError::Input(format!(
                "report: --format {other} is an instance format; a report is md or tex"
            )));
        }
    };
    let text = read_file(&args.file)
        .and_then(|text| report(&file, &text, format))
        .map_err(|e| {
            let line = crate::verify::error_line(&file, &e);
            match e {
                VerifyError::Malformed(_) => CliError::Input(line),
                VerifyError::ClaimFailed { .. } => CliError::Failed(format!(
                    "{line}\n{file}: refused to report on a certificate that does not verify"
                )),
            }
        })?;
    match &args.output {
        Some(path) => write_output(path, &text),
        None => {
            print!("{text}");
            Ok(())
        }
    }
}
