//! Symmetric equilibria of the (k+1)-player alignment game, with the strongest honest status.
//!
//! Pipeline (every claim at the end is re-derived exactly from the instance):
//!
//! 1. Clones (responses every user puts in the same tier) are collapsed; they share deviation
//!    payoffs, so mass can sit on one representative. Identical user orders are merged.
//! 2. Pure equilibria: δ_a is one iff `ω(b ≻ a) + ω(b ~ a)/(k+1) ≤ 1/(k+1)` for all `b ≠ a`
//!    (THEORY.md section 4), checked in integers.
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
//!    R_k = k/(k+1) is proved.
//! 8. If 5–7 fail, the support search is redone in high precision (`precise.rs`: Newton with a
//!    fixed-point Jacobian and its fixed-point inverse as preconditioner, support decisions at
//!    2^-(precision/2)); this catches payoff differences below `f64` resolution (large k).
//! 9. `Epsilon`: otherwise the best rational π found, with its exact ε and whether the target
//!    (default 10^-30) was met.
//!
//! Cost: every step is polynomial in m, n and k (payoffs O(n·m·k), Jacobians O(n·m² + n·m·k),
//! dense linear algebra O(m³)); nothing enumerates multisets.

use crate::game::product_report;
use crate::instance::Instance;
use crate::number::{IBig, Q, UBig, from_f64_exact, q};
use dashu_int::ops::{Abs, BitTest};

use super::certify::{EqBox, check_box};
use super::dynamics::{Algo, Learner};
use super::game::EqGame;
use super::linalg::{Lu, solve_exact};
use super::precise::{HpPoint, hp_active_set};

/// Smallest accepted working precision (bits).
pub const MIN_PRECISION: usize = 64;
/// Largest accepted working precision (bits).
pub const MAX_PRECISION: usize = 4096;
/// Default working precision (bits): boxes of width about 2^-185 ≈ 1e-56.
pub const DEFAULT_PRECISION: usize = 192;

/// Why `solve` refused to start.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EqError {
    #[error("{0}")]
    InvalidK(String),
    #[error("precision must be between {MIN_PRECISION} and {MAX_PRECISION} bits, got {0}")]
    InvalidPrecision(usize),
    #[error("{0}")]
    InvalidOption(String),
}

/// How strong the result is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EquilibriumStatus {
    /// `policy` is an exact rational equilibrium (ε = 0, verified exactly).
    Exact,
    /// An exact (typically irrational) equilibrium lies in `bx`, proved by the Krawczyk test;
    /// `policy` is the box centre.
    CertifiedBox,
    /// No proof of an equilibrium: `policy` is the best rational π found, `exploitability` its
    /// exact ε.
    Epsilon,
}

impl EquilibriumStatus {
    pub fn name(self) -> &'static str {
        match self {
            EquilibriumStatus::Exact => "exact",
            EquilibriumStatus::CertifiedBox => "certified-box",
            EquilibriumStatus::Epsilon => "epsilon",
        }
    }
}

/// Options of [`solve`].
#[derive(Debug, Clone)]
pub struct SolveOptions {
    /// Working precision in bits of the high-precision refinement (MIN..=MAX_PRECISION).
    pub precision: usize,
    /// `Epsilon` results report whether `ε ≤ epsilon_target` (default 1e-30).
    pub epsilon_target: Q,
    /// Rounds of float self-play used for the warm start (default 4000).
    pub warm_rounds: usize,
    /// Try rational reconstruction before the box (default true).
    pub try_exact: bool,
}

impl Default for SolveOptions {
    fn default() -> Self {
        SolveOptions {
            precision: DEFAULT_PRECISION,
            epsilon_target: Q::from_parts(IBig::ONE, UBig::from(10u8).pow(30)),
            warm_rounds: 4000,
            try_exact: true,
        }
    }
}

/// A symmetric equilibrium (or the best approximation found), with its status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EquilibriumResult {
    pub k: usize,
    pub status: EquilibriumStatus,
    /// A rational distribution over the responses.
    pub policy: Vec<Q>,
    /// Responses with positive probability in `policy`.
    pub support: Vec<usize>,
    /// Exact ε(policy) = max_y U_k(y, policy) − 1/(k+1) (0 for `Exact`).
    pub exploitability: Q,
    /// `Exact`/`Epsilon`: exact R_k(policy^{⊗k}) = k/(k+1) − ε. `CertifiedBox`: k/(k+1), the
    /// value at the certified equilibrium inside the box.
    pub robust_win_rate: Q,
    /// The certificate, for `CertifiedBox`.
    pub bx: Option<EqBox>,
    /// For `Epsilon`: whether `exploitability ≤ epsilon_target`.
    pub target_met: bool,
    /// How the result was obtained (for humans).
    pub method: String,
}

/// Checks 1 ≤ k ≤ [`super::MAX_K`] and the precision range.
pub fn validate(k: usize, opts: &SolveOptions) -> Result<(), EqError> {
    super::check_k(k).map_err(EqError::InvalidK)?;
    if !(MIN_PRECISION..=MAX_PRECISION).contains(&opts.precision) {
        return Err(EqError::InvalidPrecision(opts.precision));
    }
    if opts.epsilon_target < Q::ZERO {
        return Err(EqError::InvalidOption(
            "epsilon target must be non-negative".into(),
        ));
    }
    if opts.warm_rounds > 10_000_000 {
        return Err(EqError::InvalidOption("warm_rounds above 10^7".into()));
    }
    Ok(())
}

/// A support and an `f64` zero of its system, with the inverse Jacobian there.
#[derive(Debug, Clone)]
struct Candidate {
    /// Support (indices of the collapsed game), increasing.
    support: Vec<usize>,
    basis: usize,
    /// The float zero (full vector of the collapsed game).
    pi: Vec<f64>,
    /// Inverse Jacobian of `F_s = U(s) − U(b)` w.r.t. the free coordinates.
    cinv: Vec<Vec<f64>>,
}

/// Finds a symmetric equilibrium of the (k+1)-player game; see the module documentation.
pub fn solve(inst: &Instance, k: usize, opts: &SolveOptions) -> Result<EquilibriumResult, EqError> {
    validate(k, opts)?;
    let full = EqGame::from_instance(inst);
    let (g, reps) = full.collapse_clones();
    let m_orig = inst.m();
    let lift = |pi_red: &[Q]| -> Vec<Q> {
        let mut pi = vec![Q::ZERO; m_orig];
        for (i, &r) in reps.iter().enumerate() {
            pi[r] = pi_red[i].clone();
        }
        pi
    };

    // Pure equilibria.
    if let Some(a) = pure_equilibrium(&g, k) {
        let mut pi = vec![Q::ZERO; g.m];
        pi[a] = Q::ONE;
        if let Some(r) = exact_result(inst, k, lift(&pi), "pure equilibrium test") {
            return Ok(r);
        }
    }

    // k = 1: the symmetric equilibria are exactly the maximal lotteries (THEORY.md section 4),
    // which the exact LP engine always finds; the result is still verified exactly here.
    if k == 1
        && let Ok(ml) = crate::nlhf::maximal_lottery(inst)
        && let Some(r) = exact_result(inst, k, ml.p, "maximal lottery by exact LP (k = 1)")
    {
        return Ok(r);
    }

    let (cand, warm) = float_search(&g, k, opts.warm_rounds);
    let mut fallbacks: Vec<(Vec<Q>, String)> = Vec::new();

    if let Some(c) = cand {
        // k = 1: the support system is linear; solve it exactly.
        if k == 1
            && let Some(pi) = solve_linear_k1(&g, &c)
            && let Some(r) = exact_result(
                inst,
                k,
                lift(&pi),
                "exact linear solve on the support (k = 1)",
            )
        {
            return Ok(r);
        }
        let p = opts.precision;
        if c.support.len() == 1 {
            let mut pi = vec![Q::ZERO; g.m];
            pi[c.basis] = Q::ONE;
            fallbacks.push((lift(&pi), "float search (pure)".into()));
        } else if let Some(x) = refine(&g, k, &c, p) {
            let hp = HpPoint {
                support: c.support.clone(),
                basis: c.basis,
                x,
                precond: precond_rational(&c.cinv),
            };
            match certify_point(inst, k, &g, &reps, &hp, opts, "high-precision Newton") {
                Ok(r) => return Ok(r),
                Err(pi) => fallbacks.extend(pi.map(|pi| {
                    (
                        pi,
                        format!("high-precision Newton ({p} bits), not certified"),
                    )
                })),
            }
        }
        // The float search may have been fooled by payoff differences below f64 resolution:
        // redo the support search in high precision.
        if let Some(hp) = hp_active_set(&g, k, &c.support, &c.pi, p) {
            match certify_point(
                inst,
                k,
                &g,
                &reps,
                &hp,
                opts,
                "high-precision active set and Newton",
            ) {
                Ok(r) => return Ok(r),
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
            return Ok(exact_from(k, pi, how));
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
    Ok(best.expect("at least one fallback"))
}

fn support_of(pi: &[Q]) -> Vec<usize> {
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
fn exact_result(inst: &Instance, k: usize, pi: Vec<Q>, how: &str) -> Option<EquilibriumResult> {
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

/// A cap on the number of `f64` Jacobian evaluations of the float search (about 4·10^8
/// elementary operations in total, at least 200 and at most 20 000 evaluations), so that a
/// search that wanders stays cheap; when it runs out the solver falls back honestly.
struct Budget(std::cell::Cell<usize>);

impl Budget {
    fn for_game(g: &EqGame) -> Self {
        let cost = (g.ranks.len() * g.m * g.m).max(1);
        Budget(std::cell::Cell::new(
            (400_000_000 / cost).clamp(200, 20_000),
        ))
    }
    /// Runs `f` with at most a quarter of what is left (so that one wandering attempt cannot
    /// starve the later ones), then charges what it used.
    fn share<T>(&self, f: impl FnOnce(&Budget) -> T) -> T {
        let left = self.0.get();
        let part = Budget(std::cell::Cell::new((left / 4).max(left.min(50))));
        let given = part.0.get();
        let out = f(&part);
        self.0.set(left - (given - part.0.get()));
        out
    }

    /// Spends one evaluation; false when none is left.
    fn spend(&self) -> bool {
        let left = self.0.get();
        if left == 0 {
            return false;
        }
        self.0.set(left - 1);
        true
    }
}

/// `F` and its Jacobian on the free coordinates at π (float), for support `s` and basis `b`.
fn system_f64(
    g: &EqGame,
    k: usize,
    pi: &[f64],
    support: &[usize],
    basis: usize,
) -> (Vec<f64>, Vec<f64>, Vec<Vec<f64>>) {
    let (u, h) = g.jacobian_f64(pi, k, support);
    let bi = support
        .iter()
        .position(|&s| s == basis)
        .expect("basis in support");
    let fidx: Vec<usize> = (0..support.len()).filter(|&i| i != bi).collect();
    let f: Vec<f64> = fidx.iter().map(|&i| u[support[i]] - u[basis]).collect();
    let j: Vec<Vec<f64>> = fidx
        .iter()
        .map(|&i| {
            fidx.iter()
                .map(|&l| h[i][l] - h[i][bi] - h[bi][l] + h[bi][bi])
                .collect()
        })
        .collect();
    (u, f, j)
}

fn max_abs(v: &[f64]) -> f64 {
    v.iter().fold(0.0f64, |a, x| a.max(x.abs()))
}

/// Newton's method in `f64` on the support system from `start`; returns the zero (full vector)
/// and the inverse Jacobian there. The iterate may leave the simplex (negative coordinates).
fn newton_f64(
    g: &EqGame,
    k: usize,
    support: &[usize],
    start: &[f64],
    budget: &Budget,
) -> Option<(Vec<f64>, usize, Vec<Vec<f64>>)> {
    let basis = *support
        .iter()
        .max_by(|&&a, &&b| start[a].total_cmp(&start[b]))
        .expect("non-empty support");
    let mut pi = vec![0.0; g.m];
    let total: f64 = support.iter().map(|&s| start[s].max(0.0)).sum();
    for &s in support {
        pi[s] = if total > 0.0 {
            start[s].max(0.0) / total
        } else {
            1.0 / support.len() as f64
        };
    }
    if support.len() == 1 {
        return Some((pi, basis, Vec::new()));
    }
    let free: Vec<usize> = support.iter().copied().filter(|&s| s != basis).collect();
    let set_basis = |pi: &mut Vec<f64>| {
        let s: f64 = free.iter().map(|&f| pi[f]).sum();
        pi[basis] = 1.0 - s;
    };
    set_basis(&mut pi);
    if !budget.spend() {
        return None;
    }
    let (_, mut f, mut j) = system_f64(g, k, &pi, support, basis);
    let mut nf = max_abs(&f);
    for _ in 0..80 {
        let lu = Lu::new(&j)?;
        if nf < 1e-15 {
            return Some((pi, basis, lu.inverse()));
        }
        let delta = lu.solve(&f);
        let mut step = 1.0;
        let mut accepted = false;
        for _ in 0..30 {
            let mut trial = pi.clone();
            for (i, &s) in free.iter().enumerate() {
                trial[s] -= step * delta[i];
            }
            set_basis(&mut trial);
            if !budget.spend() {
                return None;
            }
            let (_, tf, tj) = system_f64(g, k, &trial, support, basis);
            let tn = max_abs(&tf);
            if tn.is_finite() && (tn < nf * (1.0 - 1e-4 * step) || tn < 1e-15) {
                pi = trial;
                f = tf;
                j = tj;
                nf = tn;
                accepted = true;
                break;
            }
            step *= 0.5;
        }
        if !accepted {
            // No more progress: accept if tiny.
            if nf < 1e-12 {
                return Some((pi, basis, lu.inverse()));
            }
            return None;
        }
    }
    if nf < 1e-12 {
        let lu = Lu::new(&j)?;
        return Some((pi, basis, lu.inverse()));
    }
    None
}

/// How a float zero of a support system fares as an equilibrium.
enum Verdict {
    /// A support coordinate is clearly negative: drop it.
    Negative(usize),
    /// An off-support response clearly beats 1/(k+1): add it.
    Violated(usize),
    /// An equilibrium up to float tolerance; lists support coordinates that are (nearly) zero.
    Valid(Vec<usize>),
}

const FLOAT_TOL: f64 = 1e-11;

fn verdict(g: &EqGame, k: usize, pi: &[f64], support: &[usize]) -> Verdict {
    let target = 1.0 / (k as f64 + 1.0);
    let &yneg = support
        .iter()
        .min_by(|a, b| pi[**a].total_cmp(&pi[**b]))
        .expect("non-empty");
    if pi[yneg] < -FLOAT_TOL {
        return Verdict::Negative(yneg);
    }
    let u = g.payoffs_f64(pi, k);
    let viol = (0..g.m)
        .filter(|y| !support.contains(y))
        .max_by(|&a, &b| u[a].total_cmp(&u[b]));
    if let Some(y) = viol
        && u[y] - target > FLOAT_TOL
    {
        return Verdict::Violated(y);
    }
    Verdict::Valid(
        support
            .iter()
            .copied()
            .filter(|&y| pi[y] < FLOAT_TOL)
            .collect(),
    )
}

/// The most profitable off-support response at `pi`, if it beats 1/(k+1).
fn best_entrant(g: &EqGame, k: usize, pi: &[f64], support: &[usize]) -> Option<usize> {
    let target = 1.0 / (k as f64 + 1.0);
    let u = g.payoffs_f64(pi, k);
    (0..g.m)
        .filter(|y| !support.contains(y))
        .max_by(|&a, &b| u[a].total_cmp(&u[b]))
        .filter(|&y| u[y] > target)
}

/// Active-set search for the support starting from the float policy `pi0`: Newton on the
/// current support; clearly negative coordinates leave, clearly profitable off-support responses
/// enter; a singular or non-convergent system first tries to grow, then to shrink.
fn active_set(g: &EqGame, k: usize, pi0: &[f64], budget: &Budget) -> Option<Candidate> {
    let pmax = pi0.iter().cloned().fold(0.0, f64::max);
    let support0: Vec<usize> = (0..g.m).filter(|&y| pi0[y] >= 1e-3 * pmax).collect();
    let clip = |pi: &[f64]| -> Vec<f64> { pi.iter().map(|x| x.max(0.0)).collect() };
    let mut visited = std::collections::HashSet::new();
    // Depth-first search over supports, backtracking when a system is singular.
    let mut stack: Vec<(Vec<usize>, Vec<f64>)> = vec![(support0, pi0.to_vec())];
    let mut supports_left = 4 * g.m + 20;
    while let Some((mut support, start)) = stack.pop() {
        support.sort_unstable();
        if support.is_empty() || !visited.insert(support.clone()) {
            continue;
        }
        if supports_left == 0 {
            return None;
        }
        supports_left -= 1;
        match newton_f64(g, k, &support, &start, budget) {
            None => {
                // Removals (smallest mass tried first), then growth (tried first of all).
                let mut order = support.clone();
                order.sort_by(|a, b| start[*b].total_cmp(&start[*a]));
                for y in order {
                    let smaller: Vec<usize> = support.iter().copied().filter(|&s| s != y).collect();
                    stack.push((smaller, start.clone()));
                }
                if let Some(y) = best_entrant(g, k, &start, &support) {
                    let mut grown = support.clone();
                    grown.push(y);
                    let mut st = start.clone();
                    st[y] = st[y].max(1e-3);
                    stack.push((grown, st));
                }
            }
            Some((pi, basis, cinv)) => match verdict(g, k, &pi, &support) {
                Verdict::Negative(y) => {
                    let smaller: Vec<usize> = support.iter().copied().filter(|&s| s != y).collect();
                    stack.push((smaller, clip(&pi)));
                }
                Verdict::Violated(y) => {
                    let mut grown = support.clone();
                    grown.push(y);
                    let mut st = clip(&pi);
                    st[y] = 1e-3;
                    stack.push((grown, st));
                }
                Verdict::Valid(zeros) => {
                    let cand = Candidate {
                        support: support.clone(),
                        basis,
                        pi: pi.clone(),
                        cinv,
                    };
                    if zeros.is_empty() || zeros.len() >= support.len() {
                        return Some(cand);
                    }
                    // Degenerate: prefer the smaller support if it is valid too.
                    let smaller: Vec<usize> = support
                        .iter()
                        .copied()
                        .filter(|y| !zeros.contains(y))
                        .collect();
                    if let Some((p2, b2, c2)) = newton_f64(g, k, &smaller, &clip(&pi), budget)
                        && let Verdict::Valid(z2) = verdict(g, k, &p2, &smaller)
                        && z2.is_empty()
                    {
                        return Some(Candidate {
                            support: smaller,
                            basis: b2,
                            pi: p2,
                            cinv: c2,
                        });
                    }
                    return Some(cand);
                }
            },
        }
    }
    None
}

/// Semismooth Newton method (Fischer–Burmeister reformulation, Armijo line search on
/// `½‖Φ‖²`) for the complementarity form of the equilibrium conditions in `f64`:
/// `π(y) ≥ 0`, `v − U_k(y, π) ≥ 0`, `π(y)·(v − U_k(y, π)) = 0` for every y, and `Σ π = 1`.
/// Returns π when `‖Φ‖∞ < 1e-13`.
fn fb_newton(g: &EqGame, k: usize, start: &[f64], budget: &Budget) -> Option<Vec<f64>> {
    let m = g.m;
    let all: Vec<usize> = (0..m).collect();
    let phi = |a: f64, b: f64| a + b - (a * a + b * b).sqrt();
    let eval = |x: &[f64]| -> (Vec<f64>, Vec<Vec<f64>>) {
        budget.spend();
        let (pi, v) = (&x[..m], x[m]);
        let (u, h) = g.jacobian_f64(pi, k, &all);
        let mut f = vec![0.0; m + 1];
        let mut j = vec![vec![0.0; m + 1]; m + 1];
        for y in 0..m {
            let (a, b) = (pi[y], v - u[y]);
            f[y] = phi(a, b);
            let r = (a * a + b * b).sqrt();
            let (da, db) = if r > 1e-300 {
                (1.0 - a / r, 1.0 - b / r)
            } else {
                (
                    1.0 - std::f64::consts::FRAC_1_SQRT_2,
                    1.0 - std::f64::consts::FRAC_1_SQRT_2,
                )
            };
            for z in 0..m {
                j[y][z] = -db * h[y][z];
            }
            j[y][y] += da;
            j[y][m] = db;
        }
        f[m] = pi.iter().sum::<f64>() - 1.0;
        j[m][..m].iter_mut().for_each(|x| *x = 1.0);
        (f, j)
    };
    let merit = |f: &[f64]| 0.5 * f.iter().map(|x| x * x).sum::<f64>();
    let mut x: Vec<f64> = start.to_vec();
    let u0 = g.payoffs_f64(start, k);
    x.push(u0.iter().cloned().fold(f64::NEG_INFINITY, f64::max));
    let (mut f, mut j) = eval(&x);
    let mut psi = merit(&f);
    for _ in 0..300 {
        if budget.0.get() == 0 {
            return None;
        }
        if max_abs(&f) < 1e-13 {
            return Some(x[..m].to_vec());
        }
        let grad: Vec<f64> = (0..=m)
            .map(|c| (0..=m).map(|r| j[r][c] * f[r]).sum())
            .collect();
        let mut dir: Option<Vec<f64>> = Lu::new(&j).map(|lu| {
            let d = lu.solve(&f);
            d.into_iter().map(|v| -v).collect()
        });
        if let Some(d) = &dir {
            let slope: f64 = d.iter().zip(&grad).map(|(a, b)| a * b).sum();
            let nd: f64 = d.iter().map(|v| v * v).sum::<f64>().sqrt();
            if slope >= -1e-10 * nd * nd.max(1e-300) || !slope.is_finite() {
                dir = None;
            }
        }
        let d = dir.unwrap_or_else(|| grad.iter().map(|v| -v).collect());
        let slope: f64 = d.iter().zip(&grad).map(|(a, b)| a * b).sum();
        let mut t = 1.0;
        let mut moved = false;
        for _ in 0..40 {
            let trial: Vec<f64> = x.iter().zip(&d).map(|(a, b)| a + t * b).collect();
            let (tf, tj) = eval(&trial);
            let tp = merit(&tf);
            if tp.is_finite() && tp <= psi + 1e-4 * t * slope {
                x = trial;
                f = tf;
                j = tj;
                psi = tp;
                moved = true;
                break;
            }
            t *= 0.5;
        }
        if !moved {
            return None;
        }
    }
    None
}

/// Float warm start and active-set Newton. Entropic extragradient self-play runs in doubling
/// stages; after each stage the active set is tried from the best iterate and from the running
/// average of the played iterates (when they improved), then from the solution of a semismooth
/// Newton method started at the best iterate. Returns the candidate (if any) and the best float
/// policy seen.
fn float_search(g: &EqGame, k: usize, rounds: usize) -> (Option<Candidate>, Vec<f64>) {
    let target = 1.0 / (k as f64 + 1.0);
    let eps_of = |p: &[f64]| {
        g.payoffs_f64(p, k)
            .into_iter()
            .fold(f64::NEG_INFINITY, f64::max)
            - target
    };
    let budget = Budget::for_game(g);
    let eta = step_size(g, k);
    let mut learner = Learner::new(Algo::Extragradient, eta, g.m, None);
    let mut oracle = |p: &[f64]| g.payoffs_f64(p, k);
    let uniform = vec![1.0 / g.m as f64; g.m];
    let mut best = (eps_of(&uniform), uniform);
    let mut sum = vec![0.0; g.m];
    let mut count = 0usize;
    let mut done = 0usize;
    let mut stage = 50usize;
    let mut tried_best = f64::INFINITY;
    let mut tried_avg = f64::INFINITY;
    let mut tried_fb = f64::INFINITY;
    loop {
        let end = (done + stage).min(rounds.max(1));
        while done < end {
            let (p, r) = learner.step(&mut oracle);
            let eps = r.iter().cloned().fold(f64::NEG_INFINITY, f64::max) - target;
            for (s, x) in sum.iter_mut().zip(&p) {
                *s += x;
            }
            count += 1;
            if eps < best.0 {
                best = (eps, p);
            }
            done += 1;
        }
        let avg: Vec<f64> = sum.iter().map(|s| s / count as f64).collect();
        let avg_eps = eps_of(&avg);
        if best.0 < tried_best * 0.5 {
            tried_best = best.0;
            if let Some(c) = budget.share(|b| active_set(g, k, &best.1, b)) {
                return (Some(c), best.1);
            }
        }
        if avg_eps < tried_avg * 0.5 {
            tried_avg = avg_eps;
            if let Some(c) = budget.share(|b| active_set(g, k, &avg, b)) {
                return (Some(c), best.1);
            }
        }
        if done >= 200 && best.0 < tried_fb * 0.5 {
            tried_fb = best.0;
            let fb = budget.share(|b| fb_newton(g, k, &best.1, b));
            if let Some(p) = fb
                && let Some(c) = budget.share(|b| active_set(g, k, &p, b))
            {
                return (Some(c), best.1);
            }
        }
        if done >= rounds || budget.0.get() == 0 {
            return (None, best.1);
        }
        stage *= 2;
    }
}

/// A step size for entropic extragradient: the inverse of the (ℓ1 → ℓ∞, modulo constants)
/// spread of the Jacobian of U_k at the uniform policy, clamped to [0.05, 1e4].
fn step_size(g: &EqGame, k: usize) -> f64 {
    let all: Vec<usize> = (0..g.m).collect();
    let uni = vec![1.0 / g.m as f64; g.m];
    let (_, h) = g.jacobian_f64(&uni, k, &all);
    let mut l = 0.0f64;
    for z in 0..g.m {
        let (lo, hi) = h
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), row| {
                (a.min(row[z]), b.max(row[z]))
            });
        l = l.max((hi - lo) / 2.0);
    }
    if l > 0.0 {
        (1.0 / l).clamp(0.05, 1e4)
    } else {
        1.0
    }
}

/// k = 1: solve `U_1(s, π) = U_1(b, π)` for `s ∈ S∖{b}`, `Σ_S π = 1` exactly.
fn solve_linear_k1(g: &EqGame, c: &Candidate) -> Option<Vec<Q>> {
    let s = &c.support;
    let d = s.len();
    // M[y][z] = Σ_u c_u ([t_z ≥ t_y] + [t_z > t_y]) restricted to the support.
    let mut mm = vec![vec![IBig::ZERO; d]; d];
    for (u, r) in g.ranks.iter().enumerate() {
        for (i, &y) in s.iter().enumerate() {
            for (j, &z) in s.iter().enumerate() {
                if r[z] > r[y] {
                    mm[i][j] += &g.c[u] * IBig::from(2u8);
                } else if r[z] == r[y] {
                    mm[i][j] += &g.c[u];
                }
            }
        }
    }
    let bi = s.iter().position(|&y| y == c.basis)?;
    let mut a: Vec<Vec<Q>> = Vec::with_capacity(d);
    let mut rhs: Vec<Q> = Vec::with_capacity(d);
    for i in (0..d).filter(|&i| i != bi) {
        a.push((0..d).map(|j| Q::from(&mm[i][j] - &mm[bi][j])).collect());
        rhs.push(Q::ZERO);
    }
    a.push(vec![Q::ONE; d]);
    rhs.push(Q::ONE);
    let x = solve_exact(&a, &rhs)?;
    let mut pi = vec![Q::ZERO; g.m];
    for (i, &y) in s.iter().enumerate() {
        pi[y] = x[i].clone();
    }
    Some(pi)
}

/// The `f64` inverse Jacobian as exact dyadic rationals (64 significant bits of the largest
/// entry).
fn precond_rational(cinv: &[Vec<f64>]) -> Vec<Vec<Q>> {
    let max = cinv.iter().flatten().fold(0.0f64, |a, x| a.max(x.abs()));
    let e = if max > 0.0 && max.is_finite() {
        max.log2().ceil() as i32
    } else {
        0
    };
    let s = 62 - e; // entries scaled by 2^s fit in i64
    cinv.iter()
        .map(|row| {
            row.iter()
                .map(|&x| {
                    let v = (x * 2f64.powi(s)).round();
                    let n = if v.is_finite() { v as i64 } else { 0 };
                    if s >= 0 {
                        Q::from_parts(IBig::from(n), UBig::ONE << s as usize)
                    } else {
                        Q::from(IBig::from(n) << (-s) as usize)
                    }
                })
                .collect()
        })
        .collect()
}

/// From a refined point: `Exact` by rational reconstruction, else `CertifiedBox` by the
/// Krawczyk test; on failure the refined point as a rational distribution (if it is one).
fn certify_point(
    inst: &Instance,
    k: usize,
    g: &EqGame,
    reps: &[usize],
    hp: &HpPoint,
    opts: &SolveOptions,
    how: &str,
) -> Result<EquilibriumResult, Option<Vec<Q>>> {
    let p = opts.precision;
    let m_orig = inst.m();
    let free: Vec<usize> = hp
        .support
        .iter()
        .copied()
        .filter(|&s| s != hp.basis)
        .collect();
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
        let ok = check_box(inst, k, &bx);
        if ok.is_ok() {
            let centre = bx.centre();
            let rep = product_report(inst, &centre, k);
            let support = support_of(&centre);
            return Ok(EquilibriumResult {
                k,
                status: EquilibriumStatus::CertifiedBox,
                policy: centre,
                support,
                exploitability: rep.exploitability,
                robust_win_rate: q(k as i64, k as u64 + 1),
                bx: Some(bx),
                target_met: true,
                method: format!("{how} ({p} bits) and exact Krawczyk test, box radius 2^-{e}"),
            });
        }
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

/// Chord iteration `x ← x − C·F(x)` in fixed point (`precision + 32` bits, `C` the float inverse
/// Jacobian). Returns the free coordinates rounded to `precision` bits (integers over
/// `2^precision`), or `None` if the iteration does not converge.
fn refine(g: &EqGame, k: usize, c: &Candidate, precision: usize) -> Option<Vec<IBig>> {
    let w = precision + 32;
    let free: Vec<usize> = c
        .support
        .iter()
        .copied()
        .filter(|&s| s != c.basis)
        .collect();
    let d = free.len();
    let one = IBig::ONE << w;
    let to_fixed = |x: f64| -> IBig {
        let q = from_f64_exact(x).unwrap_or(Q::ZERO) * Q::from(one.clone());
        q.round()
    };
    let mut x: Vec<IBig> = free.iter().map(|&s| to_fixed(c.pi[s])).collect();
    // Preconditioner as integers over 2^cs.
    let cq = precond_rational(&c.cinv);
    let flat: Vec<Q> = cq.iter().flatten().cloned().collect();
    let cd = crate::number::CommonDen::new(&flat);
    let cs = cd.den.bit_len() - 1; // den is a power of two
    let cn: Vec<&[IBig]> = cd.nums.chunks(d.max(1)).collect();
    let scale = IBig::from(k + 1) * &g.ctot;
    let mut prev = None::<IBig>;
    let mut support_set = c.support.clone();
    support_set.sort_unstable();
    let bpos = support_set.iter().position(|&s| s == c.basis)?;
    let fpos: Vec<usize> = free
        .iter()
        .map(|&s| {
            support_set
                .iter()
                .position(|&t| t == s)
                .expect("in support")
        })
        .collect();
    let tiny = IBig::ONE << 16usize; // 2^-(w−16) = 2^-(precision+16)
    for _ in 0..200 {
        let mut pi = vec![IBig::ZERO; g.m];
        let mut sum = IBig::ZERO;
        for (i, &s) in free.iter().enumerate() {
            pi[s] = x[i].clone();
            sum += &x[i];
        }
        pi[c.basis] = &one - &sum;
        let sg = g.weighted_g_fixed(&pi, k, w, &support_set);
        let f: Vec<IBig> = fpos
            .iter()
            .map(|&i| (&sg[i] - &sg[bpos]) / &scale)
            .collect();
        let mut nrm = IBig::ZERO;
        for i in 0..d {
            let delta: IBig = (0..d).map(|j| &cn[i][j] * &f[j]).sum::<IBig>() >> cs;
            let a = delta.clone().abs();
            if a > nrm {
                nrm = a;
            }
            x[i] -= delta;
        }
        if nrm <= tiny {
            return Some(x.into_iter().map(|v| round_shift(v, 32)).collect());
        }
        if let Some(p) = &prev
            && nrm > (p >> 1usize)
            && nrm > tiny
        {
            // Not contracting: stop (the f64 preconditioner is too poor here).
            return None;
        }
        prev = Some(nrm);
    }
    None
}

fn round_shift(v: IBig, s: usize) -> IBig {
    (v + (IBig::ONE << (s - 1))) >> s
}

/// The simplest rationals within 2^-(precision/2) of the refined coordinates; `None` when they
/// need more than precision/4 bits (then the zero is most likely irrational).
fn reconstruct(
    x: &[IBig],
    free: &[usize],
    basis: usize,
    m: usize,
    precision: usize,
) -> Option<Vec<Q>> {
    let den = UBig::ONE << precision;
    let tol = Q::from_parts(IBig::ONE, UBig::ONE << (precision / 2));
    let mut pi = vec![Q::ZERO; m];
    let mut total = Q::ZERO;
    for (i, &s) in free.iter().enumerate() {
        let v = Q::from_parts(x[i].clone(), den.clone());
        let r = Q::simplest_in(&v - &tol, &v + &tol);
        if r.denominator().bit_len() > precision / 4 {
            return None;
        }
        total += &r;
        pi[s] = r;
    }
    pi[basis] = Q::ONE - total;
    Some(pi)
}

/// The box `x̃ ± 2^-e` (free coordinates) in the original instance's coordinates.
#[allow(clippy::too_many_arguments)]
fn make_box(
    x: &[IBig],
    free: &[usize],
    basis: usize,
    support: &[usize],
    reps: &[usize],
    m: usize,
    precision: usize,
    e: usize,
    precond: &[Vec<Q>],
) -> EqBox {
    let den = UBig::ONE << precision;
    let r = Q::from_parts(IBig::ONE, UBig::ONE << e);
    let mut lo = vec![Q::ZERO; m];
    let mut hi = vec![Q::ZERO; m];
    let mut sum_lo = Q::ZERO;
    let mut sum_hi = Q::ZERO;
    for (i, &s) in free.iter().enumerate() {
        let v = Q::from_parts(x[i].clone(), den.clone());
        let l = &v - &r;
        let h = &v + &r;
        sum_lo += &l;
        sum_hi += &h;
        lo[reps[s]] = l;
        hi[reps[s]] = h;
    }
    lo[reps[basis]] = Q::ONE - sum_hi;
    hi[reps[basis]] = Q::ONE - sum_lo;
    EqBox {
        lo,
        hi,
        support: support.iter().map(|&s| reps[s]).collect(),
        basis: reps[basis],
        precond: precond.to_vec(),
    }
}
