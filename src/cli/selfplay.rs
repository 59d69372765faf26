//! `ualign selfplay FILE --k K --algo ALGO [--eta E] [--iters T] [--log-every N]
//! [--trace OUT.csv] [--json]`: self-play learning dynamics in the (k+1)-player game.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::common::{CliError, CliResult, check_k, load_instance, print_out};
use crate::api::{self, Source};
use crate::equilibrium::dynamics::{
    Algo, SelfPlayOptions, SelfPlayRun, exact_final, self_play, validate, validate_for,
};
use crate::number::fmt_q;
use crate::report::{self, human};

/// Self-play learning dynamics (Hedge, optimistic Hedge, extragradient) and their guarantees.
///
/// Run self-play: every seat of the (k+1)-player game plays the same policy π_t, observes the
/// rewards r_t(y) = U_k(y, π_t) and updates by the chosen multiplicative-weights rule:
/// `hedge` (θ += η·r_t), `optimistic-hedge` (θ += η·(2·r_t − r_{t−1})) or `extragradient`
/// (entropic mirror-prox; the leading point is played).
///
/// Reports ε(π_t) along the way (float estimates), the last iterate made exact (its entries turned
/// into exact dyadic rationals and renormalised exactly) with its EXACT exploitability, and the
/// no-regret guarantee of the history mixture ρ_T (draw t uniformly, then k samples from π_t):
/// R_k(ρ_T) ≥ k/(k+1) − Regret_T/T, with Regret_T a float estimate. Ctrl-C stops early and still
/// reports and writes what was computed.
#[derive(Args, Debug)]
pub struct SelfPlayArgs {
    /// Instance file: PrefLib (.soc, .soi, .toc, .toi) or ualign JSON (.json).
    pub file: PathBuf,
    /// Number of responses the model shows (1 ≤ k ≤ 64).
    #[arg(long)]
    pub k: usize,
    /// Learning rule.
    #[arg(long, value_enum)]
    pub algo: Algo,
    /// Step size η (positive, finite, at most 10^6).
    #[arg(long, default_value_t = 1.0, allow_negative_numbers = true)]
    pub eta: f64,
    /// Number of rounds T (1 to 10^8).
    #[arg(long, default_value_t = 10_000)]
    pub iters: u64,
    /// Log ε(π_t) every N rounds (default: T/20, at least 1).
    #[arg(long)]
    pub log_every: Option<u64>,
    /// Write the logged rounds as CSV: t,exploitability,robust_win_rate,<one column per response>.
    #[arg(long)]
    pub trace: Option<PathBuf>,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The trace CSV of the logged rounds (float estimates).
pub fn trace_csv(names: &[String], run: &SelfPlayRun) -> String {
    let kf = run.k as f64;
    let mut out = String::from("t,exploitability,robust_win_rate");
    for n in names {
        out.push(',');
        out.push_str(&csv_field(n));
    }
    out.push('\n');
    for p in &run.log {
        let _ = write!(
            out,
            "{},{},{}",
            p.t,
            p.exploitability,
            kf / (kf + 1.0) - p.exploitability
        );
        for x in &p.policy {
            let _ = write!(out, ",{x}");
        }
        out.push('\n');
    }
    out
}

pub fn run(args: &SelfPlayArgs) -> CliResult {
    let k = check_k(args.k)?;
    let log_every = args.log_every.unwrap_or((args.iters / 20).max(1));
    let opts = SelfPlayOptions {
        algo: args.algo,
        eta: args.eta,
        iters: args.iters,
        log_every,
    };
    validate(k, &opts).map_err(CliError::Input)?;
    if let Some(t) = &args.trace {
        super::common::refuse_clobber(&[t], &[&args.file])?;
    }
    let inst = load_instance(&args.file)?;
    validate_for(inst.m(), k, &opts).map_err(CliError::Input)?;
    let names = inst.responses().to_vec();

    super::signals::graceful(true);
    let pb = ProgressBar::with_draw_target(Some(args.iters), ProgressDrawTarget::stderr());
    pb.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} rounds ({eta} left) {msg}")
            .expect("a constant template using only known keys"),
    );
    if args.iters < 100_000 {
        pb.set_draw_target(ProgressDrawTarget::hidden());
    }
    if !args.json {
        println!(
            "instance {} ({} responses, {} user types), k = {k}, {} with η = {}, T = {}",
            args.file.display(),
            inst.m(),
            inst.n(),
            args.algo.name(),
            args.eta,
            args.iters
        );
        println!("ε(π_t) of the played policy (float estimates):");
    }
    let quiet = args.json;
    // Print at most ~20 rows on the terminal; the trace file keeps every logged row.
    let print_every = log_every.max(args.iters / 20).max(1);
    let mut progress = |t: u64, eps: f64| {
        if t.is_multiple_of(1024) {
            pb.set_position(t);
            pb.set_message(format!("ε ≈ {eps:.3e}"));
        }
        if !quiet && (t == 1 || t.is_multiple_of(print_every) || t == args.iters) {
            pb.suspend(|| println!("  t = {t:>10}  ε ≈ {eps:.6e}"));
        }
    };
    let run = self_play(
        &inst,
        k,
        &opts,
        Some(&super::signals::INTERRUPTED),
        &mut progress,
    )
    .map_err(CliError::Input)?;
    pb.finish_and_clear();

    if let Some(path) = &args.trace {
        super::common::write_output(path, &trace_csv(&names, &run))?;
    }
    let exact = exact_final(&inst, k, &run.final_policy);
    let target = crate::number::q(k as i64, k as u64 + 1);

    if args.json {
        print_out(&api::selfplay_out(&Source::file(&inst, &args.file), &run));
        return Ok(());
    }

    println!();
    if run.interrupted {
        println!(
            "interrupted after {} of {} rounds; results below cover the rounds played",
            run.iters_done, run.iters_requested
        );
    }
    println!(
        "best round t = {} with ε ≈ {:.6e} (float estimate)",
        run.best_round, run.best_exploitability
    );
    println!();
    println!("final iterate π_T (made exact: f64 entries as dyadic rationals, renormalised):");
    let rows: Vec<Vec<String>> = names
        .iter()
        .zip(&run.final_policy)
        .map(|(n, x)| vec![n.clone(), format!("{x:.12}")])
        .collect();
    print!(
        "{}",
        report::table(&["response y", "π_T(y) (float)"], &rows)
    );
    println!(
        "exact exploitability ε(π_T) = {} (≈ {:.6e})",
        short(&exact.exploitability),
        crate::number::to_f64(&exact.exploitability)
    );
    println!(
        "exact robust win rate R_k(π_T^⊗k) = {} (≈ {:.12}); ceiling k/(k+1) = {}",
        short(&exact.robust_win_rate),
        crate::number::to_f64(&exact.robust_win_rate),
        human(&target)
    );
    println!();
    println!("history mixture ρ_T (draw t uniformly from 1..T, then k samples from π_t), floats:");
    println!("  Regret_T                   ≈ {:.6e}", run.regret);
    println!(
        "  guarantee k/(k+1) − Regret_T/T ≈ {:.12}",
        run.regret_guarantee
    );
    println!(
        "  R_k(ρ_T) = 1 − max_y avg_t U_k(y, π_t) ≈ {:.12}",
        run.mixture_robust_win_rate
    );
    if let Some(b) = run.hedge_regret_bound {
        println!("  Hedge bound ln(m)/η + η·T/8 ≈ {b:.6e} (Regret_T ≤ this)");
    }
    if let Some(path) = &args.trace {
        println!();
        println!(
            "trace written to {} ({} rows)",
            path.display(),
            run.log.len()
        );
    }
    if run.interrupted {
        // Interrupted runs still succeed: everything above is what was computed.
        eprintln!("note: stopped by Ctrl-C");
    }
    Ok(())
}

/// Exact value if short, else a note that the exact value is in `--json`.
fn short(x: &crate::number::Q) -> String {
    let s = fmt_q(x);
    if s.len() <= 40 {
        s
    } else {
        format!(
            "{} digits over {} digits (exact in --json)",
            x.numerator().to_string().len(),
            x.denominator().to_string().len()
        )
    }
}
