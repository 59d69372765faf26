//! `ualign demo`: a short story on an instance embedded in the binary (no files, no network).

use clap::Args;

use super::common::CliResult;
use crate::game::{condorcet_winner, margin_matrix, product_report};
use crate::instance::{Instance, json};
use crate::number::{Q, q, qi};
use crate::report::{self, human};

/// The barrier instance B(1/10), embedded: a ≻ b for weight 3/5, b ≻ a for 2/5.
pub const BARRIER_JSON: &str = include_str!("../../instances/barrier-eps-1-10.json");

/// Run the built-in walkthrough: the 1/2 barrier of NLHF and what test-time scaling recovers.
#[derive(Args, Debug)]
pub struct DemoArgs {}

/// The embedded barrier instance.
pub fn barrier_instance() -> Instance {
    json::parse(BARRIER_JSON).expect("embedded instance is valid")
}

pub fn run(_args: &DemoArgs) -> CliResult {
    let inst = barrier_instance();
    let names = inst.responses();
    println!("ualign demo: the 1/2 barrier B(1/10), exact arithmetic throughout\n");
    println!("Two responses a and b. 3/5 of users rank a first, 2/5 rank b first.");
    let margins = margin_matrix(&inst);
    if let Some(w) = condorcet_winner(&margins) {
        println!(
            "a beats b pairwise (margin {}), so {} is the Condorcet winner and NLHF's maximal",
            crate::number::fmt_q(&margins[0][1]),
            names[w]
        );
        println!(
            "lottery puts all its mass on it: sampling k times shows k copies of {}.\n",
            names[w]
        );
    }
    let delta_a = vec![qi(1), qi(0)];
    let mut rows = Vec::new();
    for k in 1..=5usize {
        let nlhf = product_report(&inst, &delta_a, k);
        let target = q(k as i64, k as u64 + 1);
        rows.push(vec![
            k.to_string(),
            human(&nlhf.robust_win_rate),
            human(&target),
        ]);
    }
    print!(
        "{}",
        report::table(&["k", "R_k of NLHF sampled k times", "k/(k+1)"], &rows)
    );
    println!();
    println!("The robust win rate of NLHF stays at 1/2 + 1/10 however many responses it shows.");
    let pi: Vec<Q> = vec![q(4, 5), q(1, 5)];
    let eq = product_report(&inst, &pi, 2);
    println!(
        "For k = 2 the alignment game has the symmetric equilibrium π = (a: 4/5, b: 1/5):\n\
         U_2(a, π) = {}, U_2(b, π) = {}, so R_2(π^⊗2) = {} = 2/3 exactly, beyond NLHF's 3/5.",
        crate::number::fmt_q(&eq.payoffs[0]),
        crate::number::fmt_q(&eq.payoffs[1]),
        crate::number::fmt_q(&eq.robust_win_rate),
    );
    Ok(())
}
