//! `ualign certify FILE --k 1..K -o OUT.json`: compute and write a certificate.

use std::path::PathBuf;

use clap::Args;

use super::common::{CliError, CliResult, load_instance, parse_k_range};
use crate::certificate::certify::{CertifyOptions, certify};

/// Compute and write a certificate of everything ualign can prove about an instance.
///
/// Compute everything ualign can prove about an instance (maximal lottery and its uniqueness,
/// NLHF's R_k, symmetric equilibria, optimal k-output values, ℓ-opponent win rates, the 1/2
/// barrier) and write one certificate file (atomically). `ualign verify` re-derives every claim
/// without solving. The same input always gives byte-identical output.
#[derive(Args, Debug)]
pub struct CertifyArgs {
    /// Instance file: PrefLib (.soc, .soi, .toc, .toi) or ualign JSON (.json).
    pub file: PathBuf,
    /// k or a range of k, e.g. 3 or 1..6.
    #[arg(long, default_value = "1..6")]
    pub k: String,
    /// Output certificate file.
    #[arg(short, long)]
    pub output: PathBuf,
    /// Skip the k-output LP above this many columns (k-multisets).
    #[arg(long, default_value_t = 20_000)]
    pub max_columns: u128,
    /// Opponent size ℓ for the ℓ-multiset robust win-rate claims (0 = none).
    #[arg(long, default_value_t = 2)]
    pub opponents: usize,
}

pub fn run(args: &CertifyArgs) -> CliResult {
    let ks = parse_k_range(&args.k)?;
    let inst = load_instance(&args.file)?;
    let opts = CertifyOptions {
        ks,
        koutput_max_columns: args.max_columns,
        ell: (args.opponents >= 1).then_some(args.opponents),
    };
    let out = certify(&inst, &opts).map_err(|e| CliError::Failed(e.to_string()))?;
    let text = out.certificate.to_json_string();
    crate::report::write_atomic(&args.output, text.as_bytes())
        .map_err(|e| CliError::Input(format!("{}: cannot write: {e}", args.output.display())))?;
    eprintln!(
        "wrote {} ({} claims)",
        args.output.display(),
        out.certificate.claims.len()
    );
    for n in &out.notes {
        eprintln!("note: {n}");
    }
    Ok(())
}
