//! `ualign nlhf FILE [--k 1..K]`: maximal lotteries and NLHF's robust win rate when sampled k times.

use std::path::PathBuf;

use clap::Args;

use super::common::{CliError, CliResult, load_instance, parse_k_range, print_out};
use crate::api::{self, Source};
use crate::game::product_report;
use crate::nlhf::maximal_lottery;
use crate::number::fmt_q;
use crate::report::{self, human};

/// Maximal lottery (exact), uniqueness, and NLHF's R_k when sampled k times.
///
/// NLHF: an exact maximal lottery p (Σ_y p(y)·M(y, y') ≥ 0 for all y'), whether it is unique
/// (decided exactly by 2m LPs), the Condorcet winner and Smith set, and for each k the exact robust
/// win rate R_k(p^{⊗k}) of sampling it k times, with the worst opponent.
#[derive(Args, Debug)]
pub struct NlhfArgs {
    /// Instance file: PrefLib (.soc, .soi, .toc, .toi) or ualign JSON (.json).
    pub file: PathBuf,
    /// k or a range of k, e.g. 3 or 1..6.
    #[arg(long, default_value = "1..6")]
    pub k: String,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: &NlhfArgs) -> CliResult {
    let ks = parse_k_range(&args.k)?;
    let inst = load_instance(&args.file)?;
    if args.json {
        print_out(&api::nlhf(&Source::file(&inst, &args.file), &ks)?);
        return Ok(());
    }
    crate::api::memory_guard(&inst, &ks, 0)?;
    let ml = maximal_lottery(&inst).map_err(|e| CliError::Failed(e.to_string()))?;
    let names = inst.responses();
    let reports: Vec<_> = ks
        .iter()
        .map(|&k| product_report(&inst, &ml.p, k))
        .collect();
    println!("maximal lottery p (exact):");
    let rows: Vec<Vec<String>> = (0..inst.m())
        .filter(|&y| ml.p[y] != crate::number::Q::ZERO || !ml.unique)
        .map(|y| {
            let r = &ml.ranges[y];
            vec![
                names[y].clone(),
                human(&ml.p[y]),
                format!("[{}, {}]", fmt_q(&r.lower.bound), fmt_q(&r.upper.bound)),
            ]
        })
        .collect();
    print!(
        "{}",
        report::table(
            &["response", "p(y)", "range over all maximal lotteries"],
            &rows
        )
    );
    println!("{}", uniqueness_line(names, &ml.p, ml.unique));
    match ml.condorcet_winner {
        Some(y) => println!("Condorcet winner: {}", names[y]),
        None => println!("Condorcet winner: none"),
    }
    let smith: Vec<&str> = ml.smith_set.iter().map(|&y| names[y].as_str()).collect();
    println!("Smith set: {{{}}}\n", smith.join(", "));
    println!("NLHF sampled k times (k i.i.d. draws from p):");
    let rows: Vec<Vec<String>> = reports
        .iter()
        .map(|r| {
            vec![
                r.k.to_string(),
                human(&r.robust_win_rate),
                names[r.worst_opponent].clone(),
                format!("{}/{}", r.k, r.k + 1),
            ]
        })
        .collect();
    print!(
        "{}",
        report::table(&["k", "R_k(p^⊗k)", "worst opponent", "k/(k+1)"], &rows)
    );
    Ok(())
}

/// The line that states whether p is the only maximal lottery, and what its support is.
fn uniqueness_line(names: &[String], p: &[crate::number::Q], unique: bool) -> String {
    if !unique {
        return "unique: NO, the maximal lotteries form a polytope; p is one vertex of it".into();
    }
    let support: Vec<&str> = names
        .iter()
        .zip(p)
        .filter(|(_, v)| **v > crate::number::Q::ZERO)
        .map(|(n, _)| n.as_str())
        .collect();
    if support.len() == names.len() {
        "unique: yes (p is the only maximal lottery; its support is every response)".into()
    } else {
        format!(
            "unique: yes (p is the only maximal lottery; its support is {{{}}}, every other \
             response has probability 0)",
            support.join(", ")
        )
    }
}
