//! `ualign equilibrium FILE --k K [--precision BITS] [--json]`: a symmetric equilibrium of the
//! (k+1)-player alignment game with the strongest honest status.

use std::path::PathBuf;

use clap::Args;

use super::common::{CliError, CliResult, check_k, load_instance, print_out};
use crate::api::{self, Source};
use crate::certificate::confirm::solve_confirmed;
use crate::equilibrium::{DEFAULT_PRECISION, EquilibriumStatus, SolveOptions};
use crate::number::{Q, fmt_q, to_f64};
use crate::report::{self, human};

/// Symmetric equilibrium of the (k+1)-player game: exact, certified box, or best ε.
///
/// Find a symmetric equilibrium π of the (k+1)-player game, so that sampling k responses from π
/// reaches the best robust win rate of product policies, R_k = k/(k+1).
///
/// The status says how strong the result is:
/// `exact` — π is rational and max_y U_k(y, π) ≤ 1/(k+1) was verified exactly;
/// `certified-box` — an exact (typically irrational) equilibrium lies in the printed box, proved
/// by an interval Krawczyk test in exact rational arithmetic, or for k > 32 in outward-rounded
/// ball arithmetic (R_k = k/(k+1) is proved; π is the box centre, whose own tiny exploitability
/// is printed too: exactly, or for ball boxes as a certified upper bound);
/// `epsilon` — no proof: π is the best rational policy found and ε(π) its exact exploitability.
#[derive(Args, Debug)]
pub struct EquilibriumArgs {
    /// Instance file: PrefLib (.soc, .soi, .toc, .toi) or ualign JSON (.json).
    pub file: PathBuf,
    /// Number of responses the model shows (1 ≤ k ≤ 64).
    #[arg(long)]
    pub k: usize,
    /// Working precision in bits of the high-precision refinement (64 to 4096). The certified
    /// box has width about 2^-(BITS−5).
    #[arg(long, default_value_t = DEFAULT_PRECISION)]
    pub precision: usize,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

/// Instances with more responses print only the support rows.
const LIST_ALL_UP_TO: usize = 24;

pub fn run(args: &EquilibriumArgs) -> CliResult {
    let k = check_k(args.k)?;
    api::check_precision(args.precision)?;
    let inst = load_instance(&args.file)?;
    let opts = SolveOptions {
        precision: args.precision,
        ..SolveOptions::default()
    };
    let r = solve_confirmed(&inst, k, &opts).map_err(|e| CliError::Input(e.to_string()))?;
    let names = inst.responses();
    if args.json {
        print_out(&api::equilibrium_out(
            &Source::file(&inst, &args.file),
            &r,
            &opts,
        ));
        return Ok(());
    }

    println!(
        "instance {} ({} responses, {} user types), k = {k}",
        args.file.display(),
        inst.m(),
        inst.n()
    );
    println!("status: {} ({})", r.status.name(), r.method);
    println!();
    // With many responses only the support is listed (every other π(y) is exactly 0).
    let listed: Vec<usize> = if inst.m() > LIST_ALL_UP_TO {
        r.support.clone()
    } else {
        (0..inst.m()).collect()
    };
    let rows: Vec<Vec<String>> = listed
        .iter()
        .map(|&y| {
            let mut row = vec![names[y].clone(), policy_cell(&r.policy[y], r.status)];
            if let Some(bx) = &r.bx {
                row.push(format!(
                    "[{:.12}, {:.12}]",
                    to_f64(&bx.lo[y]),
                    to_f64(&bx.hi[y])
                ));
            }
            row
        })
        .collect();
    let header: Vec<&str> = if r.bx.is_some() {
        vec![
            "response y",
            "π(y) (box centre)",
            "certified box (decimal view)",
        ]
    } else {
        vec!["response y", "π(y)"]
    };
    print!("{}", report::table(&header, &rows));
    if listed.len() < inst.m() {
        println!(
            "({} other responses: π(y) = 0, box [0, 0])",
            inst.m() - listed.len()
        );
    }
    println!();
    match r.status {
        EquilibriumStatus::Exact => {
            println!("π is an exact symmetric equilibrium: ε(π) = 0");
            println!("robust win rate R_k(π^⊗k) = {}", human(&r.robust_win_rate));
        }
        EquilibriumStatus::CertifiedBox => {
            let bx =
                r.bx.as_ref()
                    .expect("status certified-box always carries its box");
            println!(
                "proved: an exact symmetric equilibrium π* lies in the box (max width {:.3e}),",
                to_f64(&bx.max_width())
            );
            match bx.ball_precision {
                None => {
                    println!(
                        "so R_k(π*^⊗k) = {} exactly (Krawczyk test in exact rational arithmetic)",
                        fmt_q(&r.robust_win_rate)
                    );
                    println!(
                        "the box centre itself has ε = {:.3e} (exact value with --json)",
                        to_f64(&r.exploitability)
                    );
                }
                Some(p) => {
                    println!(
                        "so R_k(π*^⊗k) = {} exactly (Krawczyk test in outward-rounded ball \
                         arithmetic, {p}-bit midpoints)",
                        fmt_q(&r.robust_win_rate)
                    );
                    println!(
                        "the box centre itself has ε ≤ {:.3e} (a certified upper bound, exact with \
                         --json)",
                        to_f64(&r.exploitability)
                    );
                }
            }
        }
        EquilibriumStatus::Epsilon => {
            println!("no equilibrium was proved; best policy found:");
            // At large k the exact values have thousands of digits: decimals, exact in --json.
            let show = |x: &Q| {
                if fmt_q(x).len() <= 80 {
                    human(x)
                } else {
                    format!("≈ {:.6e} (exact value with --json)", to_f64(x))
                }
            };
            println!("exploitability ε(π) = {}", show(&r.exploitability));
            println!("robust win rate R_k(π^⊗k) = {}", show(&r.robust_win_rate));
            if r.target_met {
                println!("the target ε ≤ {:.0e} is met", to_f64(&opts.epsilon_target));
            } else {
                println!(
                    "warning: the target ε ≤ {:.0e} was NOT met",
                    to_f64(&opts.epsilon_target)
                );
            }
        }
    }
    Ok(())
}

/// Short rationals exactly, long ones as decimals (the exact value is in `--json`).
fn policy_cell(x: &Q, status: EquilibriumStatus) -> String {
    let s = fmt_q(x);
    if s.len() <= 24 || status == EquilibriumStatus::Exact && s.len() <= 60 {
        human(x)
    } else {
        format!("≈ {:.15}", to_f64(x))
    }
}
