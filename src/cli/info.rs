//! `ualign info FILE`: the instance at a glance.

use std::path::PathBuf;

use clap::Args;

use super::common::{CliResult, load_instance, print_out};
use crate::api::{self, Source};
use crate::game::{condorcet_winner, margin_matrix, smith_set};
use crate::number::fmt_q;
use crate::report;

/// Responses, user types, exact margin matrix, Condorcet winner, Smith set.
///
/// Show responses, user types, total weight, the exact margin matrix
/// M(y, y') = P(y ≻ y') − 1/2, the Condorcet winner (if any) and the Smith set.
#[derive(Args, Debug)]
pub struct InfoArgs {
    /// Instance file: PrefLib (.soc, .soi, .toc, .toi) or ualign JSON (.json).
    pub file: PathBuf,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: &InfoArgs) -> CliResult {
    let inst = load_instance(&args.file)?;
    let names = inst.responses();
    let margins = margin_matrix(&inst);
    let winner = condorcet_winner(&margins);
    let smith: Vec<String> = smith_set(&margins)
        .iter()
        .map(|&y| names[y].clone())
        .collect();
    if args.json {
        print_out(&api::info(&Source::file(&inst, &args.file)));
        return Ok(());
    }
    println!("instance    {}", args.file.display());
    println!("sha256      {}", inst.sha256());
    println!("responses   {} ({})", inst.m(), names.join(", "));
    println!("user types  {}", inst.n());
    println!("total weight {}", fmt_q(inst.total_weight()));
    println!();
    println!("margin matrix M(row, column) = P(row ≻ column) − 1/2:");
    let mut header: Vec<&str> = vec![""];
    header.extend(names.iter().map(String::as_str));
    let rows: Vec<Vec<String>> = margins
        .iter()
        .enumerate()
        .map(|(y, r)| {
            let mut row = vec![names[y].clone()];
            row.extend(r.iter().map(fmt_q));
            row
        })
        .collect();
    print!("{}", report::table(&header, &rows));
    println!();
    match winner {
        Some(y) => println!(
            "Condorcet winner: {} (beats every other response pairwise)",
            names[y]
        ),
        None => println!("Condorcet winner: none"),
    }
    println!("Smith set: {{{}}}", smith.join(", "));
    Ok(())
}
