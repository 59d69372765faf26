//! `ualign robust FILE --k K (--policy-file P | --mixture-file X) [--opponents L]`.

use std::path::{Path, PathBuf};

use clap::Args;
use serde_json::Value;

use super::common::{CliError, CliResult, check_k, load_instance, load_policy, print_out};
use crate::api::{self, RobustPolicy, Source};
use crate::game::Mixture;
use crate::instance::Instance;
use crate::report::{human, multiset_label};

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
    let name = crate::io::input::display_name(path);
    let err = |m: String| CliError::Input(format!("{name}: {m}"));
    let text = crate::io::input::read_text(path, crate::instance::MAX_FILE_BYTES)?;
    let v: Value = serde_json::from_str(&text).map_err(|e| err(format!("invalid JSON: {e}")))?;
    api::mixture_from_json(&v, inst, k).map_err(err)
}

pub fn run(args: &RobustArgs) -> CliResult {
    let k = check_k(args.k)?;
    let ell = args.opponents;
    let inst = load_instance(&args.file)?;
    let policy = match (&args.policy_file, &args.mixture_file) {
        (Some(p), _) => RobustPolicy::Product(load_policy(p, &inst)?),
        (None, Some(x)) => RobustPolicy::Mixture(load_mixture(x, &inst, k)?),
        (None, None) => unreachable!("clap requires one policy argument"),
    };
    let src = Source::file(&inst, &args.file);
    let r = api::robust_report(&inst, k, &policy, ell)?;
    if args.json {
        print_out(&api::robust_out(&src, &r, &policy));
        return Ok(());
    }
    let names = inst.responses();
    let kind = api::policy_kind(&policy);
    let position = match api::robust_position(&r, &policy) {
        "below_union_bound" => "below the union bound (the policy is not an equilibrium product)",
        "between_union_bound_and_product_ceiling" => {
            "between the union bound and the product ceiling"
        }
        _ => "above the union bound",
    };
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
