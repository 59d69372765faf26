//! Symmetric equilibria of the (k+1)-player alignment game, with the strongest honest status:
//! the orchestration of the pipeline below and the final exact verification of every claim.
//! The steps live in their own files: `types.rs` (public types), `search.rs` (float search),
//! `linear.rs` (k = 1), `refine.rs` (high-precision refinement), `reconstruct.rs` (rational
//! reconstruction), `boxes.rs` (box building), `certify.rs` and `exactbox.rs` (the Krawczyk
//! test), `touching.rs` (touching boxes), `segment.rs` (segment boxes), `precise.rs`
//! (high-precision support search).
//!
//! Pipeline (every claim at the end is re-derived exactly from the instance):
//!
//! 1. Clones (responses every user puts in the same tier) are collapsed; they share deviation
//!    payoffs, so mass can sit on one representative. Identical user orders are merged.
//! 2. Pure equilibria: δ_a is one iff `ω(b ≻ a) + ω(b ~ a)/(k+1) ≤ 1/(k+1)` for all `b ≠ a`
//!    (docs/THEORY.md §4), checked in integers.
//! 3. Float guidance (`f64`, never trusted): entropic extragradient self-play in doubling stages
//!    (step size from the spread of the Jacobian of U_k at the uniform policy); from its best
//!    iterate, from the running average, and from a semismooth Newton solution of the
//!    Fischer–Burmeister complementarity system, an active-set Newton search on the support
//!    system `F_s(π) = U_k(s, π) − U_k(b, π) = 0` (`s ∈ S∖{b}`, `π(b) = 1 − Σ`, zero off `S`):
//!    clearly negative coordinates leave `S`, clearly profitable off-support responses enter it,
//!    singular systems backtrack (bounded depth-first search over supports).
//! 4. k = 1: the support system is linear and is solved exactly over the rationals.
//! 5. High precision: a chord iteration `x ← x − C·F(x)` with the `f64` inverse Jacobian `C` on
//!    big fixed-point numbers refines the zero to `precision` bits.
//! 6. `Exact`: the simplest rationals within 2^-(precision/2) of the refined point, verified
//!    exactly (`max_y U_k(y, π) ≤ 1/(k+1)` by [`crate::game::product_report`]).
//! 7. `CertifiedBox`: a box of radius 2^-(precision−4) (then −16, −40) around the refined point
//!    passes the exact Krawczyk test of [`check_box`]: an exact equilibrium lies in the box and
//!    R_k = k/(k+1) is proved. For a degenerate equilibrium (one off-support response earns
//!    1/(k+1) and no face test exempts it), and only in steps 11–12: the touching box of
//!    `touching.rs` (docs/THEORY.md §10.3), exact boxes only (k ≤ 32); if that fails, the
//!    segment box of `segment.rs` (§10.4: all support coordinates but two rational).
//! 8. If 5–7 fail, the support search is redone in high precision (`precise.rs`: Newton with a
//!    fixed-point Jacobian and its fixed-point inverse as preconditioner, support decisions at
//!    2^-(precision/2), then at 2^-(precision−32)); this catches payoff differences below `f64`
//!    resolution (large k, or near-degenerate equilibria with a support mass μ ≈ 10^-5 where an
//!    off-support payoff exceeds 1/(k+1) by only about μ^k).
//! 9. `Epsilon`: otherwise the best rational π found, with its exact ε and whether the target
//!    (default 10^-30) was met.
//! 10. An `Epsilon` result is retried at twice, then four times the precision (a near-degenerate
//!     equilibrium, where an off-support payoff is within the enclosure error of the box of
//!     1/(k+1), needs a smaller box); the best result is returned.
//! 11. Then, at the given precision and at twice it, with touching boxes allowed (step 7).
//! 12. Then at 8 and 16 times the precision, plain boxes first, touching boxes after: equilibria
//!     whose support masses form a chain of very different orders (10^-5, 10^-35, 10^-245, …;
//!     docs/THEORY.md §10.3, "Chains of tiny masses").
//!
//! Cost: every step is polynomial in m, n and k (payoffs O(n·m·k), Jacobians O(n·m² + n·m·k),
//! dense linear algebra O(m³)); nothing enumerates multisets.

use crate::game::product_report;
use crate::instance::Instance;
use crate::number::{IBig, Q, UBig, fmt_q, q};

use super::boxes::{make_box, precond_rational};
use super::certify::check_box;
use super::columns::{COLUMNS_FROM_M, solve_by_columns};
use super::game::EqGame;
use super::linear::solve_linear_k1;
use super::precise::{HpPoint, hp_active_set};
use super::reconstruct::reconstruct;
use super::refine::refine;
use super::search::{Candidate, float_search};
pub use super::types::{
    DEFAULT_PRECISION, EqError, EquilibriumResult, EquilibriumStatus, MAX_PRECISION, MIN_PRECISION,
    SolveOptions, validate,
};

/// The retries of steps 10–12 after a first `Epsilon`: (precision factor, touching boxes allowed).
const LADDER: [(usize, bool); 8] = [
    (2, false),
    (4, false),
    (1, true),
    (2, true),
    (8, false),
    (8, true),
    (16, false),
    (16, true),
];

/// Finds a symmetric equilibrium of the (k+1)-player game; see the module documentation.
/// Re-exported as `ualign::solve_equilibrium`.
///
/// On the Condorcet cycle the uniform policy is an exact equilibrium for every k, so its
/// product reaches R_k = k/(k+1) (docs/THEORY.md §4):
///
/// ```
/// use ualign::{EquilibriumStatus, SolveOptions, number::q};
/// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/instances");
/// let cycle = ualign::Instance::from_path(format!("{dir}/condorcet-cycle-3.json"))?;
/// for k in 1..=3u64 {
///     let eq = ualign::solve_equilibrium(&cycle, k as usize, &SolveOptions::default())?;
///     assert_eq!(eq.status, EquilibriumStatus::Exact);
///     assert_eq!(eq.policy, [q(1, 3), q(1, 3), q(1, 3)]);
///     assert_eq!(eq.exploitability, q(0, 1));
///     assert_eq!(eq.robust_win_rate, q(k as i64, k + 1));
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn solve(inst: &Instance, k: usize, opts: &SolveOptions) -> Result<EquilibriumResult, EqError> {
    validate(k, opts)?;
    let (g, reps) = EqGame::from_instance(inst).collapse_clones();
    if g.m > COLUMNS_FROM_M {
        return Ok(solve_by_columns(inst, &g, &reps, k, opts));
    }
    let mut best = solve_direct(inst, &g, &reps, k, opts, None, false);
    // Step 10: a near-degenerate equilibrium (an off-support payoff within the box's enclosure
    // error of 1/(k+1)) may need a smaller box: retry at twice, then four times the precision.
    // Step 11: a degenerate one (an off-support payoff exactly 1/(k+1)) needs a touching box:
    // tried at the precision given, then twice it. Step 12: chains of tiny masses need 8 or 16
    // times the precision.
    for (factor, touching) in LADDER {
        let precision = opts.precision * factor;
        if best.status != EquilibriumStatus::Epsilon {
            break;
        }
        if precision > MAX_PRECISION {
            continue;
        }
        let wider = SolveOptions {
            precision,
            ..opts.clone()
        };
        let r = solve_direct(inst, &g, &reps, k, &wider, None, touching);
        if r.status != EquilibriumStatus::Epsilon || r.exploitability < best.exploitability {
            best = r;
        }
    }
    Ok(best)
}

/// Steps 2–9 of the module documentation on all responses of `g` (the clone-collapsed game of
/// `inst`, `reps` its representatives in `inst`). `searched`: the result of [`float_search`] on
/// `g` if the caller already has it. `touching`: whether to try touching boxes (docs/THEORY.md
/// §10.3) when the plain box test fails.
pub(super) fn solve_direct(
    inst: &Instance,
    g: &EqGame,
    reps: &[usize],
    k: usize,
    opts: &SolveOptions,
    searched: Option<(Option<Candidate>, Vec<f64>)>,
    touching: bool,
) -> EquilibriumResult {
    let m_orig = inst.m();
    let lift = |pi_red: &[Q]| -> Vec<Q> {
        let mut pi = vec![Q::ZERO; m_orig];
        for (i, &r) in reps.iter().enumerate() {
            pi[r] = pi_red[i].clone();
        }
        pi
    };

    // Pure equilibria.
    if let Some(a) = pure_equilibrium(g, k) {
        let mut pi = vec![Q::ZERO; g.m];
        pi[a] = Q::ONE;
        if let Some(r) = exact_result(inst, k, lift(&pi), "pure equilibrium test") {
            return r;
        }
    }

    // k = 1: the symmetric equilibria are exactly the maximal lotteries (docs/THEORY.md §4),
    // which the exact LP engine always finds; the result is still verified exactly here.
    if k == 1
        && let Ok(ml) = crate::nlhf::maximal_lottery(inst)
        && let Some(r) = exact_result(inst, k, ml.p, "maximal lottery by exact LP (k = 1)")
    {
        return r;
    }

    let (cand, warm) = searched.unwrap_or_else(|| float_search(g, k, opts.warm_rounds));
    let mut fallbacks: Vec<(Vec<Q>, String)> = Vec::new();

    if let Some(c) = cand {
        // k = 1: the support system is linear; solve it exactly.
        if k == 1
            && let Some(pi) = solve_linear_k1(g, &c)
            && let Some(r) = exact_result(
                inst,
                k,
                lift(&pi),
                "exact linear solve on the support (k = 1)",
            )
        {
            return r;
        }
        let p = opts.precision;
        if c.support.len() == 1 {
            let mut pi = vec![Q::ZERO; g.m];
            pi[c.basis] = Q::ONE;
            fallbacks.push((lift(&pi), "float search (pure)".into()));
        } else if let Some(x) = refine(g, k, &c, p) {
            let hp = HpPoint {
                support: c.support.clone(),
                basis: c.basis,
                x,
                precond: precond_rational(&c.cinv),
            };
            match certify_point(
                inst,
                k,
                g,
                reps,
                &hp,
                opts,
                "high-precision Newton",
                touching,
            ) {
                Ok(r) => return r,
                Err(pi) => fallbacks.extend(pi.map(|pi| {
                    (
                        pi,
                        format!("high-precision Newton ({p} bits), not certified"),
                    )
                })),
            }
        }
        // The float search may have been fooled by payoff differences below f64 resolution:
        // redo the support search in high precision, deciding supports at 2^-(p/2), then (for
        // near-degenerate equilibria: an off-support payoff above 1/(k+1) by about μ^k for a
        // tiny support mass μ) at 2^-(p−32).
        for decide in [p / 2, p - 32] {
            let Some(hp) = hp_active_set(g, k, &c.support, &c.pi, p, decide) else {
                continue;
            };
            match certify_point(
                inst,
                k,
                g,
                reps,
                &hp,
                opts,
                "high-precision active set and Newton",
                touching,
            ) {
                Ok(r) => return r,
                Err(pi) => fallbacks.extend(pi.map(|pi| {
                    (
                        pi,
                        format!("high-precision active set ({p} bits), not certified"),
                    )
                })),
            }
        }
        fallbacks.push((lift(&f64_to_q(&c.pi)), "float Newton".into()));
    }
    fallbacks.push((
        lift(&f64_to_q(&warm)),
        "float self-play (extragradient)".into(),
    ));

    // Epsilon: the best exact ε among the fallbacks.
    let mut best: Option<EquilibriumResult> = None;
    for (pi, how) in fallbacks {
        let rep = product_report(inst, &pi, k);
        if rep.exploitability == Q::ZERO {
            return exact_from(k, pi, how);
        }
        if best
            .as_ref()
            .is_none_or(|b| rep.exploitability < b.exploitability)
        {
            let support = support_of(&pi);
            best = Some(EquilibriumResult {
                k,
                status: EquilibriumStatus::Epsilon,
                policy: pi,
                support,
                target_met: rep.exploitability <= opts.epsilon_target,
                exploitability: rep.exploitability,
                robust_win_rate: rep.robust_win_rate,
                bx: None,
                method: how,
            });
        }
    }
    best.expect("at least one fallback")
}

pub(super) fn support_of(pi: &[Q]) -> Vec<usize> {
    (0..pi.len()).filter(|&y| pi[y] > Q::ZERO).collect()
}

fn exact_from(k: usize, pi: Vec<Q>, how: String) -> EquilibriumResult {
    EquilibriumResult {
        k,
        status: EquilibriumStatus::Exact,
        support: support_of(&pi),
        policy: pi,
        exploitability: Q::ZERO,
        robust_win_rate: q(k as i64, k as u64 + 1),
        bx: None,
        target_met: true,
        method: how,
    }
}

/// `Some` iff `pi` is a distribution with exact ε = 0 on the original instance.
pub(super) fn exact_result(
    inst: &Instance,
    k: usize,
    pi: Vec<Q>,
    how: &str,
) -> Option<EquilibriumResult> {
    if pi.iter().any(|x| *x < Q::ZERO) || crate::number::sum_q(&pi) != Q::ONE {
        return None;
    }
    let rep = product_report(inst, &pi, k);
    (rep.exploitability == Q::ZERO).then(|| exact_from(k, pi, how.to_string()))
}

fn f64_to_q(pi: &[f64]) -> Vec<Q> {
    crate::number::distribution_from_f64(pi)
}

/// The first response `a` whose pure policy δ_a is an equilibrium:
/// `(k+1)·c(b ≻ a) + c(b ~ a) ≤ C` for every `b ≠ a` (integer weights).
fn pure_equilibrium(g: &EqGame, k: usize) -> Option<usize> {
    let kk = IBig::from(k + 1);
    let kf = (k + 1) as f64;
    'a: for a in 0..g.m {
        // Float screen first (cheap), exact confirmation after.
        for b in 0..g.m {
            if b == a {
                continue;
            }
            let mut s = 0.0;
            for (u, r) in g.ranks.iter().enumerate() {
                if r[b] < r[a] {
                    s += kf * g.w[u];
                } else if r[b] == r[a] {
                    s += g.w[u];
                }
            }
            if s > 1.0 + 1e-9 {
                continue 'a;
            }
        }
        for b in 0..g.m {
            if b == a {
                continue;
            }
            let mut s = IBig::ZERO;
            for (u, r) in g.ranks.iter().enumerate() {
                if r[b] < r[a] {
                    s += &kk * &g.c[u];
                } else if r[b] == r[a] {
                    s += &g.c[u];
                }
            }
            if s > g.ctot {
                continue 'a;
            }
        }
        return Some(a);
    }
    None
}

/// From a refined point: `Exact` by rational reconstruction, else `CertifiedBox` by the
/// Krawczyk test; on failure the refined point as a rational distribution (if it is one).
#[allow(clippy::too_many_arguments)]
fn certify_point(
    inst: &Instance,
    k: usize,
    g: &EqGame,
    reps: &[usize],
    hp: &HpPoint,
    opts: &SolveOptions,
    how: &str,
    touching: bool,
) -> Result<EquilibriumResult, Option<Vec<Q>>> {
    let p = opts.precision;
    let m_orig = inst.m();
    let free = hp.free();
    let lift = |pi_red: &[Q]| -> Vec<Q> {
        let mut pi = vec![Q::ZERO; m_orig];
        for (i, &r) in reps.iter().enumerate() {
            pi[r] = pi_red[i].clone();
        }
        pi
    };
    if opts.try_exact
        && let Some(pi) = reconstruct(&hp.x, &free, hp.basis, g.m, p)
        && let Some(r) = exact_result(
            inst,
            k,
            lift(&pi),
            &format!("{how} ({p} bits) and rational reconstruction"),
        )
    {
        return Ok(r);
    }
    for shrink in [4usize, 16, 40] {
        if shrink >= p / 2 {
            continue;
        }
        let e = p - shrink; // radius 2^-e
        let bx = make_box(
            &hp.x,
            &free,
            hp.basis,
            &hp.support,
            reps,
            m_orig,
            p,
            e,
            &hp.precond,
        );
        let bx = super::certify::EqBox {
            ball_precision: (k > super::EXACT_BOX_MAX_K)
                .then(|| super::ballbox::ball_precision_for(p, k)),
            ..bx
        };
        let ok = check_box(inst, k, &bx);
        if ok.is_ok() {
            let centre = bx.centre();
            let support = support_of(&centre);
            // Ball boxes (large k): a certified upper bound of the centre's ε, not its exact value.
            let (exploitability, test) = match bx.ball_precision {
                Some(bp) => (
                    super::ballbox::exploitability_upper(inst, k, &centre, bp),
                    format!("Krawczyk test in ball arithmetic ({bp}-bit midpoints)"),
                ),
                None => (
                    product_report(inst, &centre, k).exploitability,
                    "exact Krawczyk test".to_string(),
                ),
            };
            return Ok(EquilibriumResult {
                k,
                status: EquilibriumStatus::CertifiedBox,
                policy: centre,
                support,
                exploitability,
                robust_win_rate: q(k as i64, k as u64 + 1),
                bx: Some(bx),
                target_met: true,
                method: format!("{how} ({p} bits) and {test}, box radius 2^-{e}"),
            });
        }
    }
    // A degenerate equilibrium: the touching box (one off-support payoff exactly 1/(k+1),
    // docs/THEORY.md §10.3), else the segment box (several, on a rational segment, §10.4).
    let degenerate = || -> Result<(super::certify::EqBox, String), String> {
        if !touching || k > super::EXACT_BOX_MAX_K {
            return Err("not tried".into());
        }
        super::touching::touching_box(inst, k, g, reps, hp, p)
            .map(|bx| {
                let t_hi = bx.touching.as_ref().map(|t| fmt_q(&bx.hi[t.response]));
                let test = format!(
                    "exact touching test (off-support mass in [0, {}])",
                    t_hi.unwrap_or_default()
                );
                (bx, test)
            })
            .or_else(|_| {
                let bx = super::segment::segment_box(inst, k, reps, hp, p)?;
                let deg = bx.segment.as_ref().map_or(0, |s| s.divisor.len() - 1);
                Ok((
                    bx,
                    format!("exact segment test (a root of a degree-{deg} divisor)"),
                ))
            })
    };
    if let Ok((bx, test)) = degenerate() {
        let centre = bx.centre();
        return Ok(EquilibriumResult {
            k,
            status: EquilibriumStatus::CertifiedBox,
            support: support_of(&centre),
            exploitability: product_report(inst, &centre, k).exploitability,
            policy: centre,
            robust_win_rate: q(k as i64, k as u64 + 1),
            target_met: true,
            method: format!("{how} ({p} bits) and {test}"),
            bx: Some(bx),
        });
    }
    let mut pi = vec![Q::ZERO; g.m];
    let mut total = Q::ZERO;
    for (i, &s) in free.iter().enumerate() {
        let v = Q::from_parts(hp.x[i].clone(), UBig::ONE << p);
        total += &v;
        pi[s] = v;
    }
    pi[hp.basis] = Q::ONE - total;
    Err(pi.iter().all(|v| *v >= Q::ZERO).then(|| lift(&pi)))
}
