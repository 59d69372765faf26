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

/// One family-certificate entry (docs/THEORY.md §9): `n` for fixed N, or `symbolic`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FamilyEntry {
    pub family: String,
    pub k: String,
    #[serde(default)]
    pub n: Option<u64>,
    #[serde(default)]
    pub symbolic: bool,
    pub output: PathBuf,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    certificates: Vec<ProofEntry>,
    #[serde(default)]
    families: Vec<FamilyEntry>,
}

/// Reads the manifest.
pub fn read_manifest(path: &Path) -> Result<Vec<ProofEntry>, CliError> {
    Ok(read_full_manifest(path)?.certificates)
}

fn read_full_manifest(path: &Path) -> Result<Manifest, CliError> {
    let text = crate::io::input::read_text(path, crate::instance::MAX_FILE_BYTES)?;
    serde_json::from_str(&text).map_err(|e| CliError::Input(format!("{}: {e}", path.display())))
}

/// The family certificate text for one manifest entry (deterministic bytes, checked).
pub fn family_certificate_text(entry: &FamilyEntry) -> Result<String, CliError> {
    use crate::tightness::{self, Family, certificate};
    let bad = |m: String| CliError::Input(format!("manifest family entry: {m}"));
    let family = Family::parse(&entry.family).ok_or_else(|| bad(entry.family.clone()))?;
    let ks = parse_k_range(&entry.k)?;
    let cert = if entry.symbolic {
        let ss = ks
            .iter()
            .map(|&k| tightness::symbolic_impartial(k))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| bad(e.to_string()))?;
        certificate::symbolic_certificate(&ss)
    } else {
        let n = entry
            .n
            .ok_or_else(|| bad("`n` or `symbolic` is required".into()))?;
        let rs = ks
            .iter()
            .map(|&k| tightness::solve(family, n, k))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| bad(e.to_string()))?;
        certificate::value_certificate(family, &rs)
    };
    certificate::checked_json(&cert).map_err(CliError::Failed)
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
    let manifest = read_full_manifest(&args.manifest)?;
    if !args.check {
        let outputs: Vec<&Path> = manifest
            .certificates
            .iter()
            .map(|e| e.output.as_path())
            .chain(manifest.families.iter().map(|f| f.output.as_path()))
            .collect();
        let mut inputs: Vec<&Path> = manifest
            .certificates
            .iter()
            .map(|e| e.instance.as_path())
            .collect();
        inputs.push(&args.manifest);
        super::common::refuse_clobber(&outputs, &inputs)?;
    }
    let mut jobs: Vec<(PathBuf, String)> = Vec::new();
    for e in &manifest.certificates {
        jobs.push((e.output.clone(), certificate_text(e)?));
    }
    for f in &manifest.families {
        jobs.push((f.output.clone(), family_certificate_text(f)?));
    }
    let mut failures = Vec::new();
    for (output, text) in &jobs {
        if args.check {
            let committed = std::fs::read_to_string(output).unwrap_or_default();
            if committed != *text {
                failures.push(format!(
                    "{}: differs from a fresh `certify` run",
                    output.display()
                ));
                continue;
            }
            match crate::verify::verify_file(output) {
                Ok(_) => println!("{}: identical and verified", output.display()),
                Err(err) => failures.push(format!("{}: {err}", output.display())),
            }
        } else {
            super::common::write_output(output, text)?;
            println!("wrote {}", output.display());
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(CliError::Failed(failures.join("\n")))
    }
}
