//! Hand-made `certified-box` equilibrium claims for the mutation suites (`krawczyk_mutants.rs`,
//! `equilibrium_mutants.rs`): a claim from a centre and radii, and the verdict of both checkers.
//! Included with `#[path]` next to `mod common` and `mod synth` (`common/synth.rs`).
#![allow(dead_code)]

use crate::common::check_text;
use crate::synth;
use serde_json::{Value, json};
use ualign_check::VerifyError;
use ualign_check::number::{Q, fmt_q, parse_q};

/// A rational from its text (`p/q` or a decimal).
pub fn q(s: &str) -> Q {
    parse_q(s).unwrap()
}

/// One `certified-box` equilibrium claim at `k` with policy = the box centre (the eliminated
/// coordinate, last in `support`, is 1 − Σ centre) and every other response of `names` at 0.
/// The box gives each free coordinate i the range centre_i ± rad_i and the eliminated one
/// exactly [1 − Σ hi, 1 − Σ lo].
pub fn box_claim(
    names: &[&str],
    k: usize,
    support: &[&str],
    center: &[Q],
    rad: &[Q],
    pre: &[[&str; 2]],
    eps: &str,
) -> Value {
    let d = support.len() - 1;
    let mut lo: Vec<Q> = (0..d).map(|i| &center[i] - &rad[i]).collect();
    let mut hi: Vec<Q> = (0..d).map(|i| &center[i] + &rad[i]).collect();
    let one = q("1");
    let (sum_lo, sum_hi) = (lo.iter().sum::<Q>(), hi.iter().sum::<Q>());
    lo.push(&one - sum_hi);
    hi.push(&one - sum_lo);
    let last = &one - center.iter().sum::<Q>();
    let mut policy = serde_json::Map::new();
    for n in names {
        let x = match support.iter().position(|s| s == n) {
            Some(i) if i < d => center[i].clone(),
            Some(_) => last.clone(),
            None => q("0"),
        };
        policy.insert(n.to_string(), json!(fmt_q(&x)));
    }
    let texts = |v: &[Q]| v.iter().map(fmt_q).collect::<Vec<_>>();
    json!({"kind": "equilibrium", "k": k, "status": "certified-box", "policy": policy,
        "exploitability": eps, "box": {"support": support, "lo": texts(&lo), "hi": texts(&hi),
        "center": texts(center), "preconditioner": pre}})
}

/// Checks a one-claim certificate with both checkers: `Ok(detail)` if accepted, `Err(message)`
/// if claim 0 fails (panics on any other outcome).
pub fn verdict_of(instance: &Value, claim: Value, what: &str) -> Result<String, String> {
    match check_text(&synth::certificate(instance, vec![claim]), what) {
        (0, Ok(s)) => Ok(s.claims[0].detail.clone()),
        (
            1,
            Err(VerifyError::ClaimFailed {
                claim: 0, message, ..
            }),
        ) => Err(message),
        other => panic!("`{what}`: wanted acceptance or claim 0 failing, got {other:?}"),
    }
}

/// The weighted Condorcet cycle a ≻ b ≻ c (weights 3, 2, 3) with a fourth response y, and its
/// k = 1 equilibrium π* = (1/4, 1/4, 1/2) on {a, b, c} with U_1(y, π*) = 7/16 (no face exemption
/// for y). The payoffs are linear at k = 1, so the Jacobian is exact and the exact inverse
/// preconditioner [[0, −2], [2, 0]] makes K(X) = {x̃} for any box around π*.
pub fn cycle_with_y() -> Value {
    json!({"format": "ualign-instance/1", "responses": ["a", "b", "c", "y"], "users": [
        {"weight": "3", "ranking": [["a"], ["b"], ["c"], ["y"]]},
        {"weight": "2", "ranking": [["y"], ["b"], ["c"], ["a"]]},
        {"weight": "3", "ranking": [["c"], ["y"], ["a"], ["b"]]}]})
}

/// The box of radius `r` around π* of [`cycle_with_y`] (support a, b, c; c eliminated).
pub fn cycle_box(r: Q) -> Value {
    let center = [q("1/4"), q("1/4")];
    let pre = [["0", "-2"], ["2", "0"]];
    box_claim(
        &["a", "b", "c", "y"],
        1,
        &["a", "b", "c"],
        &center,
        &[r.clone(), r],
        &pre,
        "0",
    )
}
