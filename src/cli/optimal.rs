//! `ualign optimal FILE --k K`: the best k-output policy (any distribution over k-multisets).

use std::path::PathBuf;

use clap::Args;

use super::common::{CliError, CliResult, check_k, load_instance, print_out};
use crate::api::{self, Source};
use crate::koutput::{KOutputError, optimal_koutput};
use crate::number::q;
use crate::report::{self, human, multiset_label};

/// The optimal k-output policy v*_k by exact LP, with its dual worst-case opponent.
///
/// Solve the k-output LP exactly: v*_k = max over distributions x on k-multisets of
/// min_{y'} WR_{k,1}(x, y'), an optimal policy, and the dual worst-case opponent σ ∈ Δ(Y) whose
/// best response is worth exactly v*_k (so no k-output policy does better). v*_k ≥ k/(k+1).
#[derive(Args, Debug)]
pub struct OptimalArgs {
    /// Instance file: PrefLib (.soc, .soi, .toc, .toi) or ualign JSON (.json).
    pub file: PathBuf,
    /// Number of responses shown (k ≥ 1).
    #[arg(long)]
    pub k: usize,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: &OptimalArgs) -> CliResult {
    let k = check_k(args.k)?;
    let inst = load_instance(&args.file)?;
    if args.json {
        print_out(&api::optimal(&Source::file(&inst, &args.file), k)?);
        return Ok(());
    }
    crate::io::memory::check_koutput(inst.m(), k, crate::koutput::MAX_COLUMNS)
        .map_err(|e| CliError::Input(e.to_string()))?;
    let r = optimal_koutput(&inst, k).map_err(|e| match e {
        KOutputError::TooLarge(_) | KOutputError::ZeroK => CliError::Input(e.to_string()),
        _ => CliError::Failed(e.to_string()),
    })?;
    let names = inst.responses();
    let ceiling = q(k as i64, k as u64 + 1);
    println!(
        "optimal {k}-output policy over {} multisets ({} column-generation rounds)",
        r.columns, r.rounds
    );
    println!("v*_{k} = {}", human(&r.value));
    let cmp = if r.value > ceiling {
        "above"
    } else {
        "equal to"
    };
    println!(
        "k/(k+1) = {} (v*_k is {cmp} the product-policy ceiling)\n",
        human(&ceiling)
    );
    let rows: Vec<Vec<String>> = r
        .policy
        .iter()
        .map(|(s, p)| vec![multiset_label(names, s), human(p)])
        .collect();
    print!(
        "{}",
        report::table(&["multiset shown", "probability"], &rows)
    );
    println!("\ndual worst-case opponent σ (no k-output policy wins more than v*_k against it):");
    let rows: Vec<Vec<String>> = (0..inst.m())
        .filter(|&y| r.opponent[y] != crate::number::Q::ZERO)
        .map(|y| vec![names[y].clone(), human(&r.opponent[y])])
        .collect();
    print!("{}", report::table(&["response", "σ(y)"], &rows));
    Ok(())
}
