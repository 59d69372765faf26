//! Large profiles: the equilibrium search by column generation over responses (docs/THEORY.md §4
//! and §10).
//!
//! With hundreds of responses an equilibrium usually puts mass on a few of them. Working on all m
//! coordinates costs O(n·m²) per Jacobian and O(m²) memory per dense matrix; instead:
//!
//! 1. screen: the responses with the highest float payoff `U_k(y, uniform)` form the active set A;
//! 2. solve the game restricted to A in floats ([`float_search`] on the restricted game: when π is
//!    zero off A the payoffs of the restricted game equal those of the full one);
//! 3. price out: the float payoffs `U_k(y, π)` of *all* responses at that point (O(n·m + n·k) per
//!    evaluation); responses off A that beat 1/(k+1) enter A (the strongest first), and 2–3 repeat;
//! 4. when nothing enters, the whole exact pipeline ([`solve_direct`]) runs on the restricted
//!    *instance* (responses A, equal restricted orders merged, exact weights), and its claim is
//!    lifted to the full instance (zeros off A) and re-proved there from scratch: an exact policy by
//!    exact payoffs of all m responses, a box by [`check_box`] on the full instance (whose
//!    off-support test covers every response outside A). If that fails, the responses whose float
//!    payoff reaches 1/(k+1) at the lifted point enter A and the loop goes on.
//!
//! Nothing here is trusted: only the final full-instance checks decide the status. Memory is
//! O(n·m) for the rank tables plus O(|A|²) for the dense matrices of the restricted solves.

use std::collections::BTreeMap;

use crate::game::product_report;
use crate::instance::{Instance, UserType};
use crate::number::{Q, to_f64};

use super::certify::{EqBox, check_box};
use super::game::EqGame;
use super::search::{Candidate, float_search};
use super::solve::{exact_result, solve_direct, support_of};
use super::types::{EquilibriumResult, EquilibriumStatus, SolveOptions};

/// Games with more responses than this (after collapsing clones) are solved by column
/// generation; smaller ones directly on all coordinates.
pub(super) const COLUMNS_FROM_M: usize = 24;
/// Size of the first active set.
const FIRST_ACTIVE: usize = 12;
/// Rounds of pricing before giving up (an ε-result is returned then).
const MAX_ROUNDS: usize = 40;
/// Largest active set (its dense linear algebra is O(|A|³)).
const MAX_ACTIVE: usize = 400;

/// Solves a game with many responses by column generation; see the module documentation.
/// `g` is the clone-collapsed game of `inst` and `reps` its representatives in `inst`.
pub(super) fn solve_by_columns(
    inst: &Instance,
    g: &EqGame,
    reps: &[usize],
    k: usize,
    opts: &SolveOptions,
) -> EquilibriumResult {
    let target = 1.0 / (k as f64 + 1.0);
    let uniform = vec![1.0 / g.m as f64; g.m];
    let mut active = entrants(
        &g.payoffs_f64(&uniform, k),
        &[],
        f64::NEG_INFINITY,
        FIRST_ACTIVE,
    );
    active.sort_unstable();
    let mut best: Option<EquilibriumResult> = None;
    for round in 1..=MAX_ROUNDS {
        let searched = float_search(&g.restrict(&active), k, opts.warm_rounds);
        let local = searched.0.as_ref().map_or(&searched.1, |c| &c.pi);
        let point = spread_to(local, &active, g.m);
        let u = g.payoffs_f64(&point, k);
        // A float zero is accurate to ~1e-12; a self-play point only to its own exploitability.
        let inner = active.iter().map(|&y| u[y]).fold(target, f64::max) - target;
        let slack = if searched.0.is_some() {
            1e-9
        } else {
            inner + 1e-9
        };
        let limit = 4.max(active.len() / 2);
        let mut entering = entrants(&u, &active, target + slack, limit);
        if entering.is_empty() {
            let cols: Vec<usize> = active.iter().map(|&a| reps[a]).collect();
            let how = format!(
                "column generation ({round} rounds, {} of {} responses active)",
                active.len(),
                inst.m()
            );
            match lift_and_check(inst, k, &cols, opts, &how, searched) {
                Ok(r) => return r,
                Err(r) => {
                    let at: Vec<f64> = reps.iter().map(|&y| to_f64(&r.policy[y])).collect();
                    entering = entrants(&g.payoffs_f64(&at, k), &active, target - 1e-12, limit);
                    if best
                        .as_ref()
                        .is_none_or(|b| r.exploitability < b.exploitability)
                    {
                        best = Some(*r);
                    }
                }
            }
            if entering.is_empty() {
                break;
            }
        }
        active.extend(entering);
        active.sort_unstable();
        if active.len() > MAX_ACTIVE {
            break;
        }
    }
    best.unwrap_or_else(|| {
        let pi = crate::number::distribution_from_f64(&spread_to(&uniform, reps, inst.m()));
        epsilon_result(inst, k, pi, opts, "column generation gave up".into())
    })
}

/// Up to `limit` responses off `active` with `u[y] > threshold`, highest payoff first.
fn entrants(u: &[f64], active: &[usize], threshold: f64, limit: usize) -> Vec<usize> {
    let mut ys: Vec<usize> = (0..u.len())
        .filter(|y| active.binary_search(y).is_err() && u[*y] > threshold)
        .collect();
    ys.sort_by(|&a, &b| u[b].total_cmp(&u[a]).then(a.cmp(&b)));
    ys.truncate(limit);
    ys
}

/// A vector over `cols` placed into a zero vector of length `m`.
fn spread_to<T: Clone + Default>(x: &[T], cols: &[usize], m: usize) -> Vec<T> {
    let mut out = vec![T::default(); m];
    for (v, &c) in x.iter().zip(cols) {
        out[c] = v.clone();
    }
    out
}

/// The instance on the responses `cols` (increasing indices of `inst`) only: every order
/// restricted to them, identical restricted orders merged (weights added, exactly).
pub(crate) fn restrict_instance(inst: &Instance, cols: &[usize]) -> Instance {
    let mut pos = vec![usize::MAX; inst.m()];
    for (i, &c) in cols.iter().enumerate() {
        pos[c] = i;
    }
    let mut merged: BTreeMap<Vec<Vec<usize>>, Q> = BTreeMap::new();
    for user in inst.users() {
        let tiers: Vec<Vec<usize>> = user
            .tiers
            .iter()
            .map(|t| {
                let mut r: Vec<usize> = t
                    .iter()
                    .map(|&y| pos[y])
                    .filter(|&i| i != usize::MAX)
                    .collect();
                r.sort_unstable();
                r
            })
            .filter(|t| !t.is_empty())
            .collect();
        *merged.entry(tiers).or_insert(Q::ZERO) += &user.weight;
    }
    let names = cols.iter().map(|&c| inst.responses()[c].clone()).collect();
    let users = merged
        .into_iter()
        .map(|(tiers, weight)| UserType { weight, tiers })
        .collect();
    Instance::new(names, users).expect("a restriction of a valid instance is valid")
}

/// Runs the exact pipeline on the instance restricted to `cols` and re-proves its claim on the
/// full instance. `Err` carries the lifted policy as an ε-result (its exact ε on `inst`).
fn lift_and_check(
    inst: &Instance,
    k: usize,
    cols: &[usize],
    opts: &SolveOptions,
    how: &str,
    searched: (Option<Candidate>, Vec<f64>),
) -> Result<EquilibriumResult, Box<EquilibriumResult>> {
    let sub = restrict_instance(inst, cols);
    // No two responses of `cols` are clones, so the restricted game has the same columns as the
    // one searched (the float search result carries over).
    let (sg, sreps) = EqGame::from_instance(&sub).collapse_clones();
    debug_assert_eq!(sg.m, cols.len());
    let r = solve_direct(&sub, &sg, &sreps, k, opts, Some(searched), true);
    let m = inst.m();
    let policy = spread_to(&r.policy, cols, m);
    let method = format!("{how}: {}", r.method);
    match (&r.status, &r.bx) {
        (EquilibriumStatus::Exact, _) => {
            if let Some(ok) = exact_result(inst, k, policy.clone(), &method) {
                return Ok(ok);
            }
        }
        (EquilibriumStatus::CertifiedBox, Some(b)) => {
            let bx = EqBox {
                lo: spread_to(&b.lo, cols, m),
                hi: spread_to(&b.hi, cols, m),
                support: b.support.iter().map(|&s| cols[s]).collect(),
                basis: cols[b.basis],
                precond: b.precond.clone(),
                ball_precision: b.ball_precision,
                touching: b.touching.as_ref().map(|t| super::certify::Touching {
                    response: cols[t.response],
                    end_lo: spread_to(&t.end_lo, cols, m),
                    end_hi: spread_to(&t.end_hi, cols, m),
                }),
                // A segment's polynomials are per response: not lifted (the check then fails).
                segment: None,
            };
            if check_box(inst, k, &bx).is_ok() {
                let rep = product_report(inst, &policy, k);
                return Ok(EquilibriumResult {
                    k,
                    status: EquilibriumStatus::CertifiedBox,
                    support: support_of(&policy),
                    policy,
                    exploitability: rep.exploitability,
                    robust_win_rate: crate::number::q(k as i64, k as u64 + 1),
                    bx: Some(bx),
                    target_met: true,
                    method,
                });
            }
        }
        _ => {}
    }
    let e = epsilon_result(inst, k, policy, opts, method);
    if e.status == EquilibriumStatus::Exact {
        Ok(e)
    } else {
        Err(Box::new(e))
    }
}

/// `pi` as an ε-result of the full instance (exact ε), or `Exact` if its ε is 0.
fn epsilon_result(
    inst: &Instance,
    k: usize,
    pi: Vec<Q>,
    opts: &SolveOptions,
    method: String,
) -> EquilibriumResult {
    let rep = product_report(inst, &pi, k);
    let status = if rep.exploitability == Q::ZERO {
        EquilibriumStatus::Exact
    } else {
        EquilibriumStatus::Epsilon
    };
    EquilibriumResult {
        k,
        status,
        support: support_of(&pi),
        policy: pi,
        target_met: rep.exploitability <= opts.epsilon_target,
        exploitability: rep.exploitability,
        robust_win_rate: rep.robust_win_rate,
        bx: None,
        method,
    }
}
