//! `ualign info FILE`: the instance at a glance.

use std::path::PathBuf;

use clap::Args;

use super::common::{CliResult, load_instance, print_out};
use crate::api::commands::MATRIX_PRINT_LIMIT;
use crate::api::{self, Out, Source};
use crate::number::fmt_q;
use crate::report;

/// Responses, user types, exact margin matrix, Condorcet winner, Smith set.
///
/// Show responses, user types, total weight, the exact margin matrix
/// M(y, y') = P(y ≻ y') − 1/2 (up to 30 responses unless --matrix is given), the Condorcet
/// winner (if any) and the Smith set.
#[derive(Args, Debug)]
pub struct InfoArgs {
    /// Instance file: PrefLib (.soc, .soi, .toc, .toi) or ualign JSON (.json); `-` for
    /// standard input (with --format).
    pub file: PathBuf,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
    /// Print the margin matrix whatever the number of responses (by default only up to 30).
    #[arg(long)]
    pub matrix: bool,
}

pub fn run(args: &InfoArgs) -> CliResult {
    let inst = load_instance(&args.file)?;
    let o = api::info(&Source::file(&inst, &args.file), args.matrix)?;
    if args.json {
        print_out(&o);
        return Ok(());
    }
    let names = inst.responses();
    println!("instance    {}", args.file.display());
    println!("sha256      {}", inst.sha256());
    if inst.m() <= MATRIX_PRINT_LIMIT {
        println!("responses   {} ({})", inst.m(), names.join(", "));
    } else {
        let first: Vec<&str> = names.iter().take(10).map(String::as_str).collect();
        println!("responses   {} ({}, …)", inst.m(), first.join(", "));
    }
    println!("user types  {}", inst.n());
    println!("total weight {}", fmt_q(inst.total_weight()));
    println!();
    match o.get("margin_matrix") {
        Some(Out::List(rows)) => print_matrix(names, rows),
        _ => println!(
            "margin matrix: {} responses, not printed (more than {MATRIX_PRINT_LIMIT}; use --matrix)",
            inst.m()
        ),
    }
    println!();
    match o.get("condorcet_winner") {
        Some(Out::Str(y)) => {
            println!("Condorcet winner: {y} (beats every other response pairwise)")
        }
        _ => println!("Condorcet winner: none"),
    }
    let smith: Vec<&str> = match o.get("smith_set") {
        Some(Out::List(ys)) => ys
            .iter()
            .filter_map(|y| {
                if let Out::Str(s) = y {
                    Some(s.as_str())
                } else {
                    None
                }
            })
            .collect(),
        _ => Vec::new(),
    };
    println!("Smith set: {{{}}}", smith.join(", "));
    Ok(())
}

fn print_matrix(names: &[String], rows: &[Out]) {
    println!("margin matrix M(row, column) = P(row ≻ column) − 1/2:");
    let mut header: Vec<&str> = vec![""];
    header.extend(names.iter().map(String::as_str));
    let rows: Vec<Vec<String>> = rows
        .iter()
        .zip(names)
        .map(|(r, name)| {
            let mut row = vec![name.clone()];
            if let Out::List(xs) = r {
                row.extend(xs.iter().map(|x| x.as_q().map(fmt_q).unwrap_or_default()));
            }
            row
        })
        .collect();
    print!("{}", report::table(&header, &rows));
}
