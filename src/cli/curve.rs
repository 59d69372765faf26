//! `ualign curve FILE --k 1..K [--svg OUT.svg] [--csv OUT.csv]`: the test-time scaling table.

use std::path::PathBuf;

use clap::Args;

use super::common::{CliError, CliResult, load_instance, parse_k_range, print_out};
use crate::api::{self, Source};
use crate::number::{fmt_q, to_f64};
use crate::report::{self, human};
use crate::scaling::scaling_curve;

/// The test-time scaling table per k (NLHF, equilibrium, optimal, RLHF), with CSV and SVG.
///
/// The test-time scaling table: for each k, the exact robust win rate R_k of NLHF sampled k times,
/// of the equilibrium product policy (k/(k+1) minus its certified ε; marked exact, boxed or ε),
/// the optimal k-output value v*_k, the union-bound line (k+1−ℓ)/(k+1), and as a float baseline
/// the RLHF policy (argmax of a Bradley-Terry reward fitted to the pairwise preferences).
#[derive(Args, Debug)]
pub struct CurveArgs {
    /// Instance file: PrefLib (.soc, .soi, .toc, .toi) or ualign JSON (.json).
    pub file: PathBuf,
    /// Range of k, e.g. 1..8.
    #[arg(long, default_value = "1..6")]
    pub k: String,
    /// ℓ of the union-bound line (k+1−ℓ)/(k+1).
    #[arg(long, default_value_t = 2)]
    pub opponents: usize,
    /// Skip the k-output LP above this many columns (k-multisets).
    #[arg(long, default_value_t = 20_000)]
    pub max_columns: u128,
    /// Write an SVG plot here (atomically; `-` for standard output).
    #[arg(long)]
    pub svg: Option<PathBuf>,
    /// Write the table as CSV here (atomically; `-` for standard output).
    #[arg(long)]
    pub csv: Option<PathBuf>,
    /// Print one JSON object instead of the text table.
    #[arg(long)]
    pub json: bool,
}

/// The human table of a scaling curve (exact values with decimals; RLHF as a float).
pub fn curve_table(curve: &crate::scaling::Curve) -> String {
    let rows: Vec<Vec<String>> = curve
        .rows
        .iter()
        .map(|r| {
            vec![
                r.k.to_string(),
                human(&r.nlhf),
                format!(
                    "{} [{}]",
                    human(&r.equilibrium),
                    r.equilibrium_status.name()
                ),
                r.optimal
                    .as_ref()
                    .map(human)
                    .unwrap_or_else(|| "(skipped)".into()),
                fmt_q(&r.union_bound),
                format!("{:.6}", to_f64(&r.rlhf)),
            ]
        })
        .collect();
    report::table(
        &[
            "k",
            "NLHF",
            "equilibrium",
            "optimal v*_k",
            "(k+1−ℓ)/(k+1)",
            "RLHF (float)",
        ],
        &rows,
    )
}

pub fn run(args: &CurveArgs) -> CliResult {
    let ks = parse_k_range(&args.k)?;
    crate::api::check_ell(args.opponents)?;
    let outputs: Vec<&std::path::Path> = args
        .csv
        .iter()
        .chain(&args.svg)
        .map(|p| p.as_path())
        .collect();
    super::common::refuse_clobber(&outputs, &[&args.file])?;
    let inst = load_instance(&args.file)?;
    crate::api::memory_guard(&inst, &ks, args.max_columns)?;
    let curve = scaling_curve(&inst, &ks, args.opponents, args.max_columns)
        .map_err(|e| CliError::Failed(e.to_string()))?;
    if let Some(p) = &args.csv {
        super::common::write_output(p, &curve.to_csv())?;
    }
    if let Some(p) = &args.svg {
        // A short title: the file name, not the whole path.
        let name = args.file.file_name().unwrap_or(args.file.as_os_str());
        let title = format!("Test-time scaling: {}", name.to_string_lossy());
        super::common::write_output(p, &curve.to_svg(&title))?;
    }
    if args.json {
        print_out(&api::curve_out(&Source::file(&inst, &args.file), &curve));
        return Ok(());
    }
    let names = inst.responses();
    println!(
        "RLHF baseline plays `{}` (Bradley-Terry argmax, a float fit); union line for ℓ = {}",
        names[curve.rlhf_choice], curve.ell
    );
    print!("{}", curve_table(&curve));
    Ok(())
}
