//! `certify`: run the solvers on an instance and fill a certificate with every claim they can
//! support. No claim is written unless its evidence came out of an exact computation; the
//! checker in [`crate::verify`] re-derives each one independently.

use super::build::UniquenessDuals;
use super::{Certificate, Claim, EndBox, SegmentData, TouchingData};
use super::{CertificateBuild, ClaimBuild};
use crate::equilibrium::{EquilibriumResult, EquilibriumStatus, SolveOptions};
use crate::game::multiset::multiset_count;
use crate::game::{product_report, product_robust_ell};
use crate::instance::Instance;
use crate::koutput::optimal_koutput;
use crate::nlhf::{MaximalLottery, maximal_lottery};
use crate::number::{Q, fmt_q, q};

/// What to certify.
///
/// ```
/// let opts = ualign::CertifyOptions { ks: vec![2, 3], ell: None, ..Default::default() };
/// assert_eq!(ualign::CertifyOptions::default().ks, [1, 2, 3, 4, 5, 6]);
/// # let _ = opts;
/// ```
#[derive(Debug, Clone)]
pub struct CertifyOptions {
    /// The k values (each ≥ 1).
    pub ks: Vec<usize>,
    /// Skip the k-output LP when it has more columns than this.
    pub koutput_max_columns: u128,
    /// Also certify R_{k,ℓ} of the equilibrium product against ℓ-multisets for this ℓ (≥ 2).
    pub ell: Option<usize>,
}

impl Default for CertifyOptions {
    fn default() -> Self {
        CertifyOptions {
            ks: (1..=6).collect(),
            koutput_max_columns: 20_000,
            ell: Some(2),
        }
    }
}

/// The certificate and human notes on what was skipped and why.
#[derive(Debug, Clone)]
pub struct CertifyOutcome {
    /// The certificate; claims the checker would refuse for their cost are left out (noted).
    pub certificate: Certificate,
    /// One line per claim left out (e.g. a k-output LP over the column limit) and why.
    pub notes: Vec<String>,
}

/// Why no certificate was produced.
#[derive(Debug, thiserror::Error)]
pub enum CertifyError {
    /// The maximal-lottery LPs failed (an engine bug).
    #[error("maximal lottery: {0}")]
    Nlhf(#[from] crate::nlhf::NlhfError),
    /// The k-output LP failed or is over its limit.
    #[error("k-output LP: {0}")]
    KOutput(#[from] crate::koutput::KOutputError),
    /// The equilibrium solver refused its input (k or an option out of range).
    #[error("equilibrium: {0}")]
    Equilibrium(String),
    /// The certificate would be refused by the checker as malformed (over one of its limits:
    /// file bytes, rank entries, denominators), so it is not written.
    #[error("the certificate would be refused by the checker: {0}")]
    CheckerLimit(String),
}

fn maximal_lottery_claim(inst: &Instance, ml: &MaximalLottery) -> Claim {
    if ml.unique {
        let duals: Vec<UniquenessDuals> = ml
            .ranges
            .iter()
            .map(|r| UniquenessDuals {
                lower: r.lower.lambda.clone(),
                upper: r.upper.lambda.iter().map(|l| -l.clone()).collect(),
            })
            .collect();
        Claim::maximal_lottery_unique(inst, &ml.p, &duals)
    } else {
        let alt = ml.alternative().expect(
            "unique is false only if a range has lower != upper, so a witness differs from p",
        );
        Claim::maximal_lottery_non_unique(inst, &ml.p, alt)
    }
}

/// Computes everything it can for `inst` and the requested k values, in a fixed order:
/// maximal lottery; per k the NLHF robust win rate; per k the equilibrium; per k the optimal
/// k-output value (when small enough); per k ≥ 2 the ℓ-opponent robust win rate of the
/// equilibrium product; finally a barrier claim when the maximal lottery is a unique point mass.
///
/// The independent checker ([`crate::verify`]) accepts the result, and rejects it once a
/// number is changed (docs/THEORY.md §8):
///
/// ```
/// use ualign::{CertifyOptions, verify};
/// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/instances");
/// let inst = ualign::Instance::from_path(format!("{dir}/barrier-eps-1-10.json"))?;
/// let opts = CertifyOptions { ks: vec![1, 2], ell: None, ..Default::default() };
/// let out = ualign::certify(&inst, &opts)?;
/// let kinds: Vec<&str> = out.certificate.claims.iter().map(|c| c.kind()).collect();
/// assert_eq!(kinds, ["maximal_lottery", "nlhf_robust_win_rate", "nlhf_robust_win_rate",
///                    "equilibrium", "equilibrium", "koutput_value", "koutput_value", "barrier"]);
/// let text = out.certificate.to_json_string();
/// assert_eq!(verify::verify_str(&text)?.claims.len(), 8);
/// let forged = text.replacen(r#""value": "7/10""#, r#""value": "3/4""#, 1);
/// assert!(matches!(verify::verify_str(&forged), Err(verify::VerifyError::ClaimFailed { .. })));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn certify(inst: &Instance, opts: &CertifyOptions) -> Result<CertifyOutcome, CertifyError> {
    check_profile_size(inst)?;
    let mut claims = Vec::new();
    let mut notes = Vec::new();
    let ml = maximal_lottery(inst)?;
    claims.push(maximal_lottery_claim(inst, &ml));
    let barrier_bounds = nlhf_claims(inst, &ml, &opts.ks, &mut claims);
    let equilibria = equilibrium_claims(inst, &opts.ks, &mut claims, &mut notes)?;
    for &k in opts
        .ks
        .iter()
        .filter(|&&k| k <= ualign_check::limits::MAX_K)
    {
        let count = multiset_count(inst.m(), k).unwrap_or(u128::MAX);
        if count > opts.koutput_max_columns {
            notes.push(format!(
                "k = {k}: k-output LP skipped ({count} columns > {})",
                opts.koutput_max_columns
            ));
            continue;
        }
        let r = optimal_koutput(inst, k)?;
        claims.push(Claim::koutput_value(
            inst,
            k,
            &r.value,
            &r.policy,
            &r.opponent,
        ));
    }
    if let Some(ell) = opts.ell {
        for eq in &equilibria {
            let (k, pi) = (eq.k, &eq.policy);
            if !(2..=ualign_check::limits::MAX_K).contains(&k) {
                continue;
            }
            if eq.bx.as_ref().is_some_and(|b| b.ball_precision.is_some()) {
                // A ball box's centre has entries of about 200 bits: its exact R_k,ℓ needs
                // numbers of about 200·k bits, beyond what the checker's cost limit accepts.
                notes.push(format!(
                    "k = {k}: ℓ = {ell} opponent claim left out (exact R_k,ℓ of a ball-box centre)"
                ));
                continue;
            }
            let count = multiset_count(inst.m(), ell).unwrap_or(u128::MAX);
            if count > 5_000 {
                notes.push(format!(
                    "k = {k}: ℓ = {ell} opponent claim skipped ({count} opponent multisets > 5000)"
                ));
                continue;
            }
            let r = product_robust_ell(inst, pi, k, ell);
            claims.push(Claim::robust_product(
                inst,
                k,
                ell,
                pi,
                &r.robust_win_rate,
                &r.worst_opponent,
            ));
        }
    }
    let point_mass = ml.p.iter().filter(|x| **x != Q::ZERO).count() == 1;
    let barrier_bounds = within_checker_k(&barrier_bounds);
    if ml.unique && point_mass && !barrier_bounds.is_empty() {
        let half = q(1, 2);
        let eps = barrier_bounds
            .iter()
            .map(|(_, _, w)| w - &half)
            .max()
            .expect("barrier_bounds checked non-empty above");
        claims.push(Claim::barrier(inst, &eps, 0, &barrier_bounds));
    }
    Ok(CertifyOutcome {
        certificate: affordable_certificate(inst, claims, &mut notes)?,
        notes,
    })
}

/// Refuses, before any work, an instance whose embedded copy the checker would refuse for its
/// size (user types × responses above [`crate::verify::limits::MAX_PROFILE_ENTRIES`]).
fn check_profile_size(inst: &Instance) -> Result<(), CertifyError> {
    let entries = inst.n().saturating_mul(inst.m());
    if entries > crate::verify::limits::MAX_PROFILE_ENTRIES {
        return Err(CertifyError::CheckerLimit(format!(
            "{} user types × {} responses exceed its limit of {} rank entries",
            inst.n(),
            inst.m(),
            crate::verify::limits::MAX_PROFILE_ENTRIES
        )));
    }
    Ok(())
}

/// The certificate of `claims`, leaving out (with a note) every claim that would take the file
/// over the checker's default cost budget (priced by the checker's own cost model,
/// [`crate::verify::claim_costs`], against [`crate::verify::limits::DEFAULT_MAX_COST`]; claims
/// are kept in order while they fit), so that everything `certify` writes is accepted by
/// `verify`. A barrier claim goes with the maximal-lottery claim it cites.
/// A certificate the checker would refuse as a whole (over its file-size, rank-entry or
/// denominator limits) is an error: `certify` writes nothing rather than a file `verify` refuses.
fn affordable_certificate(
    inst: &Instance,
    claims: Vec<Claim>,
    notes: &mut Vec<String>,
) -> Result<Certificate, CertifyError> {
    let cert = Certificate::new(inst, claims);
    let (mut total, costs) = crate::verify::claim_costs(&cert.to_json_string())
        .map_err(|e| CertifyError::CheckerLimit(e.to_string()))?;
    let mut dropped = Vec::new();
    for (i, c) in costs.into_iter().enumerate() {
        if total.saturating_add(c) > crate::verify::limits::DEFAULT_MAX_COST {
            dropped.push(i);
        } else {
            total += c;
        }
    }
    if dropped.is_empty() {
        return Ok(cert);
    }
    let lost_ml = dropped.contains(&0);
    let mut kept = Vec::new();
    for (i, c) in cert.claims.into_iter().enumerate() {
        let barrier = matches!(c, Claim::Barrier(_));
        if dropped.contains(&i) || (lost_ml && barrier) {
            let k = claim_k(&c).map(|k| format!(" k = {k}")).unwrap_or_default();
            notes.push(format!(
                "{} claim{k} left out: it would take the certificate over the checker's cost budget",
                c.kind()
            ));
        } else {
            kept.push(c);
        }
    }
    Ok(Certificate::new(inst, kept))
}

fn claim_k(c: &Claim) -> Option<u64> {
    match c {
        Claim::NlhfRobustWinRate(c) => Some(c.k),
        Claim::Equilibrium(c) => Some(c.k),
        Claim::KoutputValue(c) => Some(c.k),
        Claim::RobustWinRate(c) => Some(c.k),
        _ => None,
    }
}

/// The certificate claim for one equilibrium result.
pub fn equilibrium_claim(inst: &Instance, r: &EquilibriumResult) -> Claim {
    match (&r.status, &r.bx) {
        (EquilibriumStatus::Exact, _) => Claim::equilibrium_exact(inst, r.k, &r.policy),
        (EquilibriumStatus::CertifiedBox, Some(bx)) => {
            // Support with the eliminated (basis) response last, as the schema expects.
            let mut support = bx.free();
            support.push(bx.basis);
            let lo: Vec<Q> = support.iter().map(|&y| bx.lo[y].clone()).collect();
            let hi: Vec<Q> = support.iter().map(|&y| bx.hi[y].clone()).collect();
            let centre = bx.centre();
            let center: Vec<Q> = bx.free().iter().map(|&y| centre[y].clone()).collect();
            let mut claim = Claim::equilibrium_box(
                inst,
                r.k,
                &r.policy,
                &r.exploitability,
                &support,
                &lo,
                &hi,
                &center,
                &bx.precond,
            );
            if let Claim::Equilibrium(c) = &mut claim
                && let Some(b) = &mut c.box_data
            {
                b.ball_precision = bx.ball_precision.map(u64::from);
                b.segment = bx.segment.as_ref().map(|s| {
                    let pick = |v: &[Q]| support.iter().map(|&y| fmt_q(&v[y])).collect();
                    let list = |p: &[Q]| p.iter().map(fmt_q).collect::<Vec<_>>();
                    Box::new(SegmentData {
                        from: pick(&s.from),
                        to: pick(&s.to),
                        divisor: list(&s.divisor),
                        quotients: s.quotients.iter().map(|p| list(p)).collect(),
                        remainders: s.remainders.iter().map(|p| list(p)).collect(),
                    })
                });
                b.touching = bx.touching.as_ref().map(|t| {
                    let two = Q::from(2u8);
                    let pick = |v: &[Q]| -> Vec<String> {
                        support.iter().map(|&y| fmt_q(&v[y])).collect()
                    };
                    let mid = (bx.free().iter())
                        .map(|&y| fmt_q(&((&t.end_lo[y] + &t.end_hi[y]) / &two)))
                        .collect();
                    TouchingData {
                        response: inst.responses()[t.response].clone(),
                        t_hi: fmt_q(&bx.hi[t.response]),
                        end_box: EndBox {
                            lo: pick(&t.end_lo),
                            hi: pick(&t.end_hi),
                            center: mid,
                        },
                    }
                });
            }
            claim
        }
        _ => Claim::equilibrium_epsilon(inst, r.k, &r.policy, &r.exploitability),
    }
}

/// What [`certify_barrier`] produces.
#[derive(Debug, Clone)]
pub struct BarrierCertificate {
    /// The certificate: the unique maximal lottery, its R_k, the barrier bounds, the equilibria.
    pub certificate: Certificate,
    /// The equilibrium result per k.
    pub equilibria: Vec<EquilibriumResult>,
    /// NLHF's R_k per k.
    pub nlhf: Vec<Q>,
    /// Claims left out and why.
    pub notes: Vec<String>,
}

/// The barrier certificate (docs/THEORY.md §5): the unique maximal lottery, NLHF's robust win
/// rate for each k, the equilibrium for each k, and the barrier claim R_k(p^{⊗k}) ≤ ½ + eps.
pub fn certify_barrier(
    inst: &Instance,
    eps: &Q,
    ks: &[usize],
) -> Result<BarrierCertificate, CertifyError> {
    check_profile_size(inst)?;
    let ml = maximal_lottery(inst)?;
    let mut claims = vec![maximal_lottery_claim(inst, &ml)];
    let bounds = nlhf_claims(inst, &ml, ks, &mut claims);
    let nlhf = bounds.iter().map(|(_, _, w)| w.clone()).collect();
    let mut notes = Vec::new();
    let eqs = equilibrium_claims(inst, ks, &mut claims, &mut notes)?;
    let checkable = within_checker_k(&bounds);
    if ml.unique && !checkable.is_empty() {
        claims.push(Claim::barrier(inst, eps, 0, &checkable));
    }
    let cert = affordable_certificate(inst, claims, &mut notes)?;
    Ok(BarrierCertificate {
        certificate: cert,
        equilibria: eqs,
        nlhf,
        notes,
    })
}

/// The barrier bounds whose k the checker accepts (k ≤ `ualign_check::limits::MAX_K`).
fn within_checker_k(bounds: &[(usize, usize, Q)]) -> Vec<(usize, usize, Q)> {
    bounds
        .iter()
        .filter(|b| b.0 <= ualign_check::limits::MAX_K)
        .cloned()
        .collect()
}

/// NLHF's robust win rate claim per k ≤ `ualign_check::limits::MAX_K` for the maximal lottery; returns
/// (k, worst opponent, R_k) for every k.
fn nlhf_claims(
    inst: &Instance,
    ml: &MaximalLottery,
    ks: &[usize],
    claims: &mut Vec<Claim>,
) -> Vec<(usize, usize, Q)> {
    ks.iter()
        .map(|&k| {
            let r = product_report(inst, &ml.p, k);
            if k > ualign_check::limits::MAX_K {
                // Above the checker's k limit: computed for the caller, not claimed.
                return (k, r.worst_opponent, r.robust_win_rate);
            }
            claims.push(Claim::nlhf_robust_win_rate(
                inst,
                &ml.p,
                k,
                &r.robust_win_rate,
                r.worst_opponent,
            ));
            (k, r.worst_opponent, r.robust_win_rate)
        })
        .collect()
}

/// Solves the equilibrium for each k and adds its claim; notes ε-only results.
fn equilibrium_claims(
    inst: &Instance,
    ks: &[usize],
    claims: &mut Vec<Claim>,
    notes: &mut Vec<String>,
) -> Result<Vec<EquilibriumResult>, CertifyError> {
    let mut out = Vec::new();
    for &k in ks {
        let r = super::confirm::solve_confirmed(inst, k, &SolveOptions::default())
            .map_err(|e| CertifyError::Equilibrium(e.to_string()))?;
        if super::confirm::was_downgraded(&r) {
            notes.push(format!("k = {k}: {}", r.method));
        } else if r.status == EquilibriumStatus::Epsilon && !r.target_met {
            notes.push(format!(
                "k = {k}: no exact or boxed equilibrium found; certified ε = {} only",
                crate::number::fmt_q_approx(&r.exploitability)
            ));
        }
        if k > ualign_check::limits::MAX_K {
            notes.push(format!(
                "k = {k}: equilibrium claim left out (above the checker's k limit {})",
                ualign_check::limits::MAX_K
            ));
        } else {
            claims.push(equilibrium_claim(inst, &r));
        }
        out.push(r);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::number::parse_q;

    /// Claims that would take the certificate over the checker's default cost budget are left
    /// out in order, with a note, and what is kept is within the budget, so `verify` accepts it.
    #[test]
    fn claims_over_the_cost_budget_are_left_out() {
        let inst = crate::instance::json::parse(
            r#"{"responses": ["a", "b"], "users": [{"weight": "3", "ranking": ["a", "b"]},
               {"weight": "2", "ranking": ["b", "a"]}]}"#,
        )
        .unwrap();
        // π = (x, 1 − x) with a 6,000-digit denominator: a k = 64 ε-equilibrium claim (true for
        // ε = 1) costs about a fifth of the default budget.
        let den = format!("1{}1", "0".repeat(5_999));
        let x = parse_q(&format!("{}/{den}", "3".repeat(5_999))).unwrap();
        let pi = [x.clone(), Q::ONE - x];
        let claims: Vec<Claim> = (1..=8)
            .map(|e| Claim::equilibrium_epsilon(&inst, 64, &pi, &q(e, 1)))
            .collect();
        let mut notes = Vec::new();
        let cert = affordable_certificate(&inst, claims, &mut notes).unwrap();
        let kept = cert.claims.len();
        assert!((1..8).contains(&kept), "{kept} kept");
        assert_eq!(notes.len(), 8 - kept, "{notes:?}");
        assert!(notes.iter().all(|n| n.contains("cost budget")), "{notes:?}");
        let text = cert.to_json_string();
        let (inst_cost, costs) = crate::verify::claim_costs(&text).unwrap();
        let total = inst_cost + costs.iter().sum::<u128>();
        assert!(total <= crate::verify::limits::DEFAULT_MAX_COST, "{total}");
        // One more claim would not have fitted.
        assert!(
            total + costs[0] > crate::verify::limits::DEFAULT_MAX_COST,
            "{total}"
        );
        assert!(crate::verify::verify_str(&text).is_ok());
    }
}
