//! `ualign proofs [--check]`: regenerate (or check) every certificate listed in
//! `proofs/manifest.json`.

use std::path::{Path, PathBuf};

use clap::Args;
use serde::Deserialize;

use super::common::{CliError, CliResult, load_instance, parse_k_range};
use crate::certificate::certify::{CertifyOptions, certify};

/// Regenerate (or --check) every certificate listed in proofs/manifest.json.
///
/// Regenerate every certificate listed in the manifest (run from the repository root), or with
/// --check verify that each committed file is byte-identical to a fresh run and that
/// `ualign verify` accepts it.
#[derive(Args, Debug)]
pub struct ProofsArgs {
    /// The manifest: {"certificates": [{"instance": PATH, "k": "1..6", "output": PATH}]}.
    #[arg(long, default_value = "proofs/manifest.json")]
    pub manifest: PathBuf,
    /// Do not write: fail (exit 1) if a committed certificate differs from a fresh run or does
    /// not verify.
    #[arg(long)]
    pub check: bool,
}

/// One manifest entry.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProofEntry {
    pub instance: PathBuf,
    pub k: String,
    pub output: PathBuf,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    certificates: Vec<ProofEntry>,
}

/// Reads the manifest.
pub fn read_manifest(path: &Path) -> Result<Vec<ProofEntry>, CliError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| CliError::Input(format!("{}: cannot read: {e}", path.display())))?;
    let m: Manifest = serde_json::from_str(&text)
        .map_err(|e| CliError::Input(format!("{}: {e}", path.display())))?;
    Ok(m.certificates)
}

/// The certificate text for one manifest entry (deterministic bytes).
pub fn certificate_text(entry: &ProofEntry) -> Result<String, CliError> {
    let inst = load_instance(&entry.instance)?;
    let opts = CertifyOptions {
        ks: parse_k_range(&entry.k)?,
        ..CertifyOptions::default()
    };
    let out = certify(&inst, &opts).map_err(|e| CliError::Failed(e.to_string()))?;
    Ok(out.certificate.to_json_string())
}

pub fn run(args: &ProofsArgs) -> CliResult {
    let entries = read_manifest(&args.manifest)?;
    let mut failures = Vec::new();
    for e in &entries {
        let text = certificate_text(e)?;
        if args.check {
            let committed = std::fs::read_to_string(&e.output).unwrap_or_default();
            if committed != text {
                failures.push(format!(
                    "{}: differs from a fresh `certify` run",
                    e.output.display()
                ));
                continue;
            }
            match crate::verify::verify_file(&e.output) {
                Ok(_) => println!("{}: identical and verified", e.output.display()),
                Err(err) => failures.push(format!("{}: {err}", e.output.display())),
            }
        } else {
            crate::report::write_atomic(&e.output, text.as_bytes()).map_err(|err| {
                CliError::Input(format!("{}: cannot write: {err}", e.output.display()))
            })?;
            println!("wrote {}", e.output.display());
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(CliError::Failed(failures.join("\n")))
    }
}
