//! `ualign robust FILE --k K (--policy-file P | --mixture-file X) [--opponents L]`.

use std::path::{Path, PathBuf};

use clap::Args;
use serde_json::{Value, json};

use super::common::{CliError, CliResult, check_k, load_instance, load_policy, print_json};
use crate::game::multiset::multiset_count;
use crate::game::{Mixture, mixture_robust, product_robust_ell};
use crate::instance::Instance;
use crate::number::{fmt_q, parse_q};
use crate::report::{human, multiset_label, multiset_names};

/// Largest number of opponent ℓ-multisets enumerated.
pub const MAX_OPPONENTS: u128 = 1_000_000;

/// Exact worst-case opponent (single responses or ℓ-multisets) of a product or mixture policy.
///
/// Exact worst-case opponent of a k-output policy: R_{k,ℓ} = min over ℓ-multisets O of
/// WR_{k,ℓ}(ρ, O), for a product policy π^{⊗k} (--policy-file) or an explicit mixture of
/// k-multisets (--mixture-file), and where it lies relative to the union bound (k+1−ℓ)/(k+1)
/// (guaranteed at an equilibrium) and the product ceiling k/(k+ℓ).
#[derive(Args, Debug)]
#[command(group(clap::ArgGroup::new("policy").required(true).args(["policy_file", "mixture_file"])))]
pub struct RobustArgs {
    /// Instance file: PrefLib (.soc, .soi, .toc, .toi) or ualign JSON (.json).
    pub file: PathBuf,
    /// Number of responses the policy shows (k ≥ 1).
    #[arg(long)]
    pub k: usize,
    /// Product policy: JSON object response name -> probability string.
    #[arg(long)]
    pub policy_file: Option<PathBuf>,
    /// Explicit k-output policy: JSON {"policy": [{"responses": [names], "probability": "p/q"}]}
    /// (the output of `ualign optimal --json` works as is).
    #[arg(long)]
    pub mixture_file: Option<PathBuf>,
    /// Number ℓ of responses the opponent shows.
    #[arg(long, default_value_t = 1)]
    pub opponents: usize,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

/// Reads an explicit mixture of k-multisets against an instance.
pub fn load_mixture(path: &Path, inst: &Instance, k: usize) -> Result<Mixture, CliError> {
    let name = path.display().to_string();
    let err = |m: String| CliError::Input(format!("{name}: {m}"));
    let text = std::fs::read_to_string(path).map_err(|e| err(format!("cannot read: {e}")))?;
    let v: Value = serde_json::from_str(&text).map_err(|e| err(format!("invalid JSON: {e}")))?;
    let list = v
        .get("policy")
        .or_else(|| v.get("mixture"))
        .and_then(Value::as_array)
        .ok_or_else(|| err("expected an object with a \"policy\" array".into()))?;
    let mut entries = Vec::new();
    for (i, e) in list.iter().enumerate() {
        let resp = e
            .get("responses")
            .and_then(Value::as_array)
            .ok_or_else(|| err(format!("policy[{i}]: missing \"responses\" array")))?;
        let mut s = Vec::new();
        for r in resp {
            let n = r
                .as_str()
                .ok_or_else(|| err(format!("policy[{i}]: response names are strings")))?;
            s.push(
                inst.index_of(n)
                    .ok_or_else(|| err(format!("policy[{i}]: unknown response `{n}`")))?,
            );
        }
        let p = e
            .get("probability")
            .and_then(Value::as_str)
            .ok_or_else(|| {
                err(format!(
                    "policy[{i}]: \"probability\" must be a string like \"1/2\""
                ))
            })?;
        let p = parse_q(p).map_err(|e| err(format!("policy[{i}].probability: {e}")))?;
        entries.push((s, p));
    }
    let mut mix = Mixture { k, entries };
    mix.validate(inst).map_err(err)?;
    Ok(mix)
}

pub fn run(args: &RobustArgs) -> CliResult {
    let k = check_k(args.k)?;
    let ell = args.opponents;
    let inst = load_instance(&args.file)?;
    if ell == 0 {
        return Err(CliError::Input("--opponents must be at least 1".into()));
    }
    let count = multiset_count(inst.m(), ell).unwrap_or(u128::MAX);
    if count > MAX_OPPONENTS {
        return Err(CliError::Input(format!(
            "{count} opponent multisets for ℓ = {ell}: above the limit of {MAX_OPPONENTS}"
        )));
    }
    let (report, kind) = match (&args.policy_file, &args.mixture_file) {
        (Some(p), _) => {
            let pi = load_policy(p, &inst)?;
            (product_robust_ell(&inst, &pi, k, ell), "product")
        }
        (None, Some(x)) => {
            let mix = load_mixture(x, &inst, k)?;
            (mixture_robust(&inst, &mix, ell), "mixture")
        }
        (None, None) => unreachable!("clap requires one policy argument"),
    };
    let names = inst.responses();
    let r = &report;
    let position = if r.robust_win_rate < r.union_bound {
        "below the union bound (the policy is not an equilibrium product)"
    } else if kind == "product" && r.robust_win_rate <= r.product_ceiling {
        "between the union bound and the product ceiling"
    } else {
        "above the union bound"
    };
    if args.json {
        print_json(&json!({
            "k": k,
            "opponents": ell,
            "policy_kind": kind,
            "robust_win_rate": fmt_q(&r.robust_win_rate),
            "worst_opponent": multiset_names(names, &r.worst_opponent),
            "union_bound": fmt_q(&r.union_bound),
            "product_ceiling": fmt_q(&r.product_ceiling),
        }));
        return Ok(());
    }
    println!("{kind} policy, k = {k}, opponent shows ℓ = {ell} response(s)");
    println!("R_(k,ℓ)          = {}", human(&r.robust_win_rate));
    println!(
        "worst opponent   = {}",
        multiset_label(names, &r.worst_opponent)
    );
    println!(
        "(k+1−ℓ)/(k+1)    = {}  (union bound at an equilibrium)",
        human(&r.union_bound)
    );
    println!(
        "k/(k+ℓ)          = {}  (ceiling for product policies)",
        human(&r.product_ceiling)
    );
    println!("position: {position}");
    Ok(())
}
