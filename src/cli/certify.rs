//! `ualign certify FILE --k 1..K -o OUT.json`: compute and write a certificate.

use std::path::PathBuf;

use clap::Args;

use super::common::{CliResult, load_instance, parse_k_range, print_out};
use crate::api::{self, Out, Source};

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
    /// Output certificate file (`-` for standard output).
    #[arg(short, long)]
    pub output: PathBuf,
    /// Skip the k-output LP above this many columns (k-multisets).
    #[arg(long, default_value_t = 20_000)]
    pub max_columns: u128,
    /// Opponent size ℓ for the ℓ-multiset robust win-rate claims (0 = none).
    #[arg(long, default_value_t = 2)]
    pub opponents: usize,
    /// Print one JSON object (the claims written, notes) instead of the summary on stderr.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: &CertifyArgs) -> CliResult {
    let ks = parse_k_range(&args.k)?;
    super::common::refuse_clobber(&[&args.output], &[&args.file])?;
    let inst = load_instance(&args.file)?;
    let src = Source::file(&inst, &args.file);
    let o = api::certify(&src, &ks, &args.output, args.opponents, args.max_columns)?;
    if args.json {
        print_out(&o);
        return Ok(());
    }
    let count = |key: &str| match o.get(key) {
        Some(Out::List(xs)) => xs.len(),
        _ => 0,
    };
    eprintln!(
        "wrote {} ({} claims)",
        args.output.display(),
        count("claims")
    );
    if let Some(Out::List(notes)) = o.get("notes") {
        for n in notes {
            if let Out::Str(n) = n {
                eprintln!("note: {n}");
            }
        }
    }
    Ok(())
}
