//! `ualign sweep --family F --count N --seed S [--shard I/N] [--k 1..K]`: theorem checks at scale.

use std::path::PathBuf;

use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};

use super::common::{CliError, CliResult, parse_k_range, print_json};
use crate::certificate::certify::{CertifyOptions, certify};
use crate::sweep::{MAX_SWEEP_RESPONSES, SweepFamily, SweepOptions, sweep};
use crate::sweep_summary::{SUMMARY_FORMAT, SweepRecord, ViolationRecord};

/// Largest instance count of one sweep.
pub const MAX_COUNT: usize = 10_000_000;

/// Check the theorem statements on many generated instances (parallel, shardable).
///
/// Check the theorem statements on many generated instances, in parallel: the equilibrium
/// reaches k/(k+1) (proved exactly or by a certified box that the checker confirms; solved at
/// 64 bits first and, where that is unproved, again at the default 192 bits with its retries;
/// ε-results are counted as unproved, not as counterexamples), NLHF sampled k times never falls below 1/2, v*_k ≥ k/(k+1), and the
/// union bound R_{k,ℓ} ≥ (k+1−ℓ)/(k+1) − ℓ·ε for ℓ-output opponents. Every violation is written
/// out as an instance plus a certificate. Exit code 1 if any statement is violated.
#[derive(Args, Debug)]
pub struct SweepArgs {
    /// Instance family: ic-sample, mallows, plackett-luce, single-peaked, ties (weak orders with
    /// ties and unranked responses).
    #[arg(long, default_value = "ties")]
    pub family: String,
    /// Number of instances (indices 0..count).
    #[arg(long, default_value_t = 100)]
    pub count: usize,
    /// Seed: instance i depends only on (seed, i), so shards agree.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Run only indices i with i mod N = I (I in 0..N), e.g. 0/4 on the first of four machines.
    #[arg(long, default_value = "0/1")]
    pub shard: String,
    /// k or a range of k.
    #[arg(long, default_value = "1..4")]
    pub k: String,
    /// ℓ for the union-bound check (1..=3).
    #[arg(long, default_value_t = 2)]
    pub opponents: usize,
    /// Responses per instance are drawn from 2..=MAX_M.
    #[arg(long, default_value_t = 5)]
    pub max_m: usize,
    /// Directory for violations (instance + certificate per violation).
    #[arg(long, default_value = "sweep-violations")]
    pub out: PathBuf,
    /// Self-test: also check the false statement "NLHF sampled k times reaches k/(k+1)", to see
    /// that violations are caught and written.
    #[arg(long)]
    pub plant_false: bool,
    /// Print one JSON summary object (format ualign-sweep-summary/1: the sweep's parameters and
    /// shard, counts by status, violations with their files); `sweep-merge` combines the
    /// summaries of all shards into the one of the whole sweep.
    #[arg(long)]
    pub json: bool,
}

fn parse_shard(s: &str) -> Result<(usize, usize), CliError> {
    let bad = || CliError::Input(format!("--shard `{s}`: expected I/N with 0 <= I < N"));
    let (i, n) = s.split_once('/').ok_or_else(bad)?;
    let (i, n): (usize, usize) = (
        i.trim().parse().map_err(|_| bad())?,
        n.trim().parse().map_err(|_| bad())?,
    );
    if n == 0 || i >= n {
        return Err(bad());
    }
    Ok((i, n))
}

pub fn run(args: &SweepArgs) -> CliResult {
    let family = SweepFamily::parse(&args.family).ok_or_else(|| {
        CliError::Input(format!(
            "unknown family `{}` (ic-sample, mallows, plackett-luce, single-peaked, ties)",
            args.family
        ))
    })?;
    let ks = parse_k_range(&args.k)?;
    if !(2..=MAX_SWEEP_RESPONSES).contains(&args.max_m) {
        return Err(CliError::Input(format!(
            "--max-m must be in 2..={}",
            MAX_SWEEP_RESPONSES
        )));
    }
    if args.count == 0 || args.count > MAX_COUNT {
        return Err(CliError::Input(format!(
            "--count must be in 1..={MAX_COUNT}"
        )));
    }
    if !(1..=3).contains(&args.opponents) {
        return Err(CliError::Input("--opponents must be in 1..=3".into()));
    }
    let (shard, shards) = parse_shard(&args.shard)?;
    let opts = SweepOptions {
        family,
        count: args.count,
        seed: args.seed,
        shard,
        shards,
        ks: ks.clone(),
        ell: args.opponents,
        max_m: args.max_m,
        plant_false: args.plant_false,
    };
    let total = (0..args.count).filter(|i| i % shards == shard).count() as u64;
    let bar = ProgressBar::new(total);
    bar.set_style(
        ProgressStyle::with_template(
            "{bar:40} {pos}/{len} instances, {elapsed} elapsed, eta {eta}",
        )
        .expect("a constant template using only known keys"),
    );
    let summary = sweep(&opts, &|| bar.inc(1));
    bar.finish_and_clear();
    let mut written = Vec::new();
    let mut files = Vec::new();
    if !summary.violations.is_empty() {
        std::fs::create_dir_all(&args.out)
            .map_err(|e| CliError::Input(format!("{}: {e}", args.out.display())))?;
        for v in &summary.violations {
            let stem = format!("violation-{}-{}-k{}", v.index, v.statement, v.k);
            let inst_path = args.out.join(format!("{stem}.instance.json"));
            let cert_path = args.out.join(format!("{stem}.cert.json"));
            let text = crate::instance::json::to_string_pretty(&v.instance);
            super::common::write_output(&inst_path, &text)?;
            let cert = certify(
                &v.instance,
                &CertifyOptions {
                    ks: vec![v.k],
                    ..CertifyOptions::default()
                },
            )
            .map_err(|e| CliError::Failed(e.to_string()))?;
            super::common::write_output(&cert_path, &cert.certificate.to_json_string())?;
            written.push(inst_path.display().to_string());
            files.push(Some(inst_path.display().to_string()));
        }
    }
    if args.json {
        let violations = summary
            .violations
            .iter()
            .zip(files.into_iter().chain(std::iter::repeat(None)))
            .map(|(v, file)| ViolationRecord {
                index: v.index,
                statement: v.statement.to_string(),
                k: v.k,
                detail: v.detail.clone(),
                file,
            })
            .collect();
        let record = SweepRecord {
            command: "sweep".to_string(),
            ualign_version: env!("CARGO_PKG_VERSION").to_string(),
            instance: None,
            instance_sha256: None,
            format: SUMMARY_FORMAT.to_string(),
            family: args.family.clone(),
            seed: args.seed,
            count: args.count,
            shard,
            shards,
            k: ks.clone(),
            max_m: args.max_m,
            opponents: args.opponents,
            plant_false: args.plant_false,
            instances: summary.instances,
            checks: summary.checks,
            exact_equilibria: summary.exact_equilibria,
            boxed_equilibria: summary.boxed_equilibria,
            unproved_equilibria: summary.unproved_equilibria,
            violations,
            written,
        };
        print_json(&record.to_json());
    } else {
        println!(
            "sweep {} seed {} shard {shard}/{shards}: {} instances, {} exact checks, k in {:?}",
            args.family, args.seed, summary.instances, summary.checks, ks
        );
        println!(
            "equilibria: {} exact, {} certified boxes, {} unproved (ε only)",
            summary.exact_equilibria, summary.boxed_equilibria, summary.unproved_equilibria
        );
        if summary.violations.is_empty() {
            println!("violations: none");
        } else {
            println!(
                "violations: {} (written to {})",
                summary.violations.len(),
                args.out.display()
            );
            for v in summary.violations.iter().take(20) {
                println!(
                    "  instance {} k = {}: {}: {}",
                    v.index, v.k, v.statement, v.detail
                );
            }
        }
    }
    if summary.violations.is_empty() {
        Ok(())
    } else {
        Err(CliError::Failed(format!(
            "{} statement violation(s) found",
            summary.violations.len()
        )))
    }
}
