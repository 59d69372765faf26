//! `ualign eval FILE --k K --policy-file POLICY.json`: a product policy in the (k+1)-player game.

use std::path::PathBuf;

use clap::Args;

use super::common::{CliResult, check_k, load_instance, load_policy, print_out};
use crate::api::{self, Source};
use crate::game::product_report;
use crate::report::{self, human};

/// Evaluate a product policy π^{⊗k}: U_k(y, π) for all y, R_k, ε(π), worst opponent.
///
/// Evaluate the product policy π^{⊗k} (sample k responses i.i.d. from π) exactly: the deviation
/// payoff U_k(y, π) of every response y, the robust win rate R_k(π^{⊗k}) = 1 − max_y U_k(y, π),
/// the exploitability ε(π) = max_y U_k(y, π) − 1/(k+1), and the worst single-response opponent.
/// π is an equilibrium exactly when ε(π) = 0, i.e. R_k = k/(k+1).
#[derive(Args, Debug)]
pub struct EvalArgs {
    /// Instance file: PrefLib (.soc, .soi, .toc, .toi) or ualign JSON (.json).
    pub file: PathBuf,
    /// Number of responses the model shows (k ≥ 1).
    #[arg(long)]
    pub k: usize,
    /// JSON object mapping response names to probabilities as strings, e.g. {"a": "4/5", "b": "1/5"}.
    /// Responses left out get probability 0; the probabilities must sum to exactly 1.
    #[arg(long)]
    pub policy_file: PathBuf,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: &EvalArgs) -> CliResult {
    let k = check_k(args.k)?;
    let inst = load_instance(&args.file)?;
    let pi = load_policy(&args.policy_file, &inst)?;
    let r = product_report(&inst, &pi, k);
    let names = inst.responses();
    if args.json {
        print_out(&api::eval(&Source::file(&inst, &args.file), k, &pi)?);
        return Ok(());
    }
    println!(
        "instance {} ({} responses, {} user types), k = {k}",
        args.file.display(),
        inst.m(),
        inst.n()
    );
    let rows: Vec<Vec<String>> = (0..inst.m())
        .map(|y| vec![names[y].clone(), human(&pi[y]), human(&r.payoffs[y])])
        .collect();
    print!(
        "{}",
        report::table(&["response y", "π(y)", "U_k(y, π)"], &rows)
    );
    println!();
    println!("robust win rate R_k(π^⊗k) = {}", human(&r.robust_win_rate));
    println!("exploitability  ε(π)      = {}", human(&r.exploitability));
    println!("worst opponent            = {}", names[r.worst_opponent]);
    if r.exploitability == crate::number::Q::ZERO {
        println!(
            "π is a symmetric equilibrium: R_k reaches k/(k+1) = {k}/{} exactly",
            k + 1
        );
    }
    Ok(())
}
