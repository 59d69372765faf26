//! Proved means checked (docs/THEORY.md §8): before an equilibrium is reported as `exact` or
//! `certified-box`, the claim that `certify` would write for it is run through the checker
//! ([`crate::verify`], which shares no code with the solver). The solver's own box test
//! ([`crate::equilibrium::check_box`]) is only a filter; this is the proof.
//!
//! If the checker refuses the claim (it fails, or its estimated cost is above the checker's
//! limit), the result is downgraded to what still holds: an `epsilon` result for the same
//! rational policy, with its exact ε, and `method` says why. Only the one claim is checked (a
//! certificate holding the canonical instance and that claim), never a whole certificate file.

use super::certify::equilibrium_claim;
use super::{Certificate, CertificateBuild};
use crate::equilibrium::{EqError, EquilibriumResult, EquilibriumStatus, SolveOptions, solve};
use crate::game::deviation_payoffs;
use crate::instance::Instance;
use crate::number::{Q, q};

/// The checker's verdict on the certificate claim for `r` (exact, box or ε), with the checker's
/// message on refusal.
pub fn checker_verdict(inst: &Instance, r: &EquilibriumResult) -> Result<(), String> {
    let cert = Certificate::new(inst, vec![equilibrium_claim(inst, r)]);
    crate::verify::verify_str(&cert.to_json_string())
        .map(|_| ())
        .map_err(|e| match e {
            crate::verify::VerifyError::ClaimFailed { message, .. } => message,
            crate::verify::VerifyError::Malformed(m) => m,
        })
}

/// The phrase [`confirm`] puts in `method` when it downgrades a result.
pub const DOWNGRADED: &str = "downgraded to epsilon: the checker refused";

/// Whether [`confirm`] downgraded `r` (its `method` carries the checker's reason).
pub fn was_downgraded(r: &EquilibriumResult) -> bool {
    r.status == EquilibriumStatus::Epsilon && r.method.contains(DOWNGRADED)
}

/// `r` itself if it is an `epsilon` result or the checker accepts its claim; otherwise the
/// honest downgrade: `epsilon` with the exact ε of `r.policy` (recomputed), R_k = k/(k+1) − ε,
/// no box, `target_met` against `epsilon_target`, and the checker's reason in `method`.
pub fn confirm(inst: &Instance, r: EquilibriumResult, epsilon_target: &Q) -> EquilibriumResult {
    if r.status == EquilibriumStatus::Epsilon {
        return r;
    }
    let Err(reason) = checker_verdict(inst, &r) else {
        return r;
    };
    let k = r.k;
    let best = deviation_payoffs(inst, &r.policy, k)
        .into_iter()
        .max()
        .unwrap_or(Q::ZERO);
    let eps = (best - q(1, k as u64 + 1)).max(Q::ZERO);
    EquilibriumResult {
        status: EquilibriumStatus::Epsilon,
        robust_win_rate: q(k as i64, k as u64 + 1) - &eps,
        target_met: eps <= *epsilon_target,
        exploitability: eps,
        bx: None,
        method: format!(
            "{}; {DOWNGRADED} the {} claim ({reason})",
            r.method,
            r.status.name()
        ),
        ..r
    }
}

/// [`solve()`], then [`confirm`]: what every command that prints an equilibrium as proved calls.
pub fn solve_confirmed(
    inst: &Instance,
    k: usize,
    opts: &SolveOptions,
) -> Result<EquilibriumResult, EqError> {
    let r = solve(inst, k, opts)?;
    Ok(confirm(inst, r, &opts.epsilon_target))
}
