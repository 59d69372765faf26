//! `ualign barrier --eps E --k 1..K [--others N] [-o CERT.json]`: the 1/2 barrier of NLHF, proved.

use std::path::PathBuf;

use clap::Args;

use super::common::{CliError, CliResult, parse_k_range, print_out};
use crate::api;
use crate::certificate::certify::certify_barrier;
use crate::families;
use crate::number::{Q, fmt_q, parse_q, q};
use crate::report::{self, human};

/// The 1/2 barrier: NLHF stuck at 1/2 + eps while the equilibrium reaches k/(k+1), proved.
///
/// Build the barrier instance B(eps) (a ≻ b for weight 1/2 + eps, b ≻ a for 1/2 − eps; with
/// --others N, a Condorcet winner beating each of N rivals by a margin of 2·eps) and prove that
/// NLHF's maximal lottery sampled k times stays at 1/2 + eps for every k in range while the
/// symmetric equilibrium of the alignment game reaches k/(k+1). Optionally writes a certificate.
#[derive(Args, Debug)]
pub struct BarrierArgs {
    /// eps as an exact rational, 0 < eps < 1/6 (e.g. 1/10).
    #[arg(long)]
    pub eps: String,
    /// k or a range of k, e.g. 1..6.
    #[arg(long, default_value = "1..6")]
    pub k: String,
    /// Number of responses the Condorcet winner must beat.
    #[arg(long, default_value_t = 1)]
    pub others: usize,
    /// Write the certificate here (atomically); `ualign verify` checks it.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: &BarrierArgs) -> CliResult {
    let eps = parse_q(&args.eps).map_err(|e| CliError::Input(format!("--eps: {e}")))?;
    if eps <= Q::ZERO || eps >= q(1, 6) {
        return Err(CliError::Input(format!(
            "--eps {}: the barrier needs 0 < eps < 1/6 (docs/THEORY.md §5); from 1/6 on, copying \
             a already caps NLHF at k/(k+1) for k = 2 and δ_a can itself be an equilibrium",
            fmt_q(&eps)
        )));
    }
    let ks = parse_k_range(&args.k)?;
    let inst = families::barrier(&eps, args.others)?;
    let out = certify_barrier(&inst, &eps, &ks).map_err(|e| CliError::Failed(e.to_string()))?;
    for n in &out.notes {
        eprintln!("note: {n}");
    }
    if let Some(path) = &args.output {
        let cert = &out.certificate;
        super::common::write_output(path, &cert.to_json_string())?;
        eprintln!("wrote {} ({} claims)", path.display(), cert.claims.len());
    }
    let (eqs, nlhf) = (&out.equilibria, &out.nlhf);
    let half_plus = q(1, 2) + &eps;
    if args.json {
        print_out(&api::barrier_out(
            &inst,
            &eps,
            &ks,
            &out,
            args.output.as_deref(),
        ));
        return Ok(());
    }
    println!(
        "barrier instance B({}) with {} responses: a beats every rival with probability {}",
        fmt_q(&eps),
        inst.m(),
        fmt_q(&half_plus)
    );
    println!(
        "NLHF's maximal lottery is δ_a; for k ≥ 2 the equilibrium of the (k+1)-player game is not.\n"
    );
    let rows: Vec<Vec<String>> = ks
        .iter()
        .zip(eqs)
        .zip(nlhf)
        .map(|((k, e), n)| {
            vec![
                k.to_string(),
                human(n),
                human(&api::barrier_equilibrium_rate(e)),
                e.status.name().to_string(),
            ]
        })
        .collect();
    print!(
        "{}",
        report::table(
            &[
                "k",
                "NLHF sampled k times",
                "equilibrium (certified)",
                "status"
            ],
            &rows
        )
    );
    Ok(())
}
