//! Self-play learning dynamics (docs/THEORY.md §7), in `f64`.
//!
//! Every seat of the (k+1)-player game plays the same policy π_t; the learner observes the reward
//! vector `r_t(y) = U_k(y, π_t)` and updates in entropic (multiplicative-weights) form, on
//! log-weights θ with `π = softmax(θ)`:
//!
//! - `hedge`: play π_t = softmax(θ_t), then θ_{t+1} = θ_t + η·r_t;
//! - `optimistic-hedge`: play π_t = softmax(θ_t), then θ_{t+1} = θ_t + η·(2·r_t − r_{t−1})
//!   (with r_0 := r_1, so the first step is a Hedge step);
//! - `extragradient` (entropic mirror-prox): from the base point θ_t, the leading point
//!   π_t = softmax(θ_t + η·U_k(·, softmax θ_t)) is *played*, and θ_{t+1} = θ_t + η·r_t with
//!   r_t = U_k(·, π_t) (two payoff evaluations per round).
//!
//! Everything here is a float estimate (labelled so by the CLI). Because π_t's own reward is
//! exactly 1/(k+1) (exchangeability), the history mixture ρ_T (draw t uniformly from 1..T, then k
//! samples from π_t) has `R_k(ρ_T) = 1 − max_y (1/T) Σ_t U_k(y, π_t) ≥ k/(k+1) − Regret_T/T`,
//! where `Regret_T = max_y Σ_t r_t(y) − Σ_t ⟨π_t, r_t⟩` (the two sides agree up to rounding). For
//! Hedge with rewards in [0, 1] the a-priori bound `Regret_T ≤ ln(m)/η + η·T/8` also holds.
//! The final iterate is converted to an exact rational ([`exact_final`]) and its exploitability
//! computed exactly.

use std::sync::atomic::{AtomicBool, Ordering};

use crate::game::{FloatGame, product_report};
use crate::instance::Instance;
use crate::number::Q;

/// Largest number of rounds accepted by [`self_play`] (interruptible long before that).
pub const MAX_ITERS: u64 = 100_000_000;

/// Largest step size accepted (rewards lie in [0, 1]; larger steps only overflow).
pub const MAX_ETA: f64 = 1e6;

/// The learning rule every seat runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Algo {
    /// Multiplicative weights: θ += η·r_t.
    Hedge,
    /// Optimistic multiplicative weights: θ += η·(2·r_t − r_{t−1}).
    OptimisticHedge,
    /// Entropic extragradient (mirror-prox): play the leading point.
    Extragradient,
}

impl Algo {
    /// The name on the command line and in JSON: `hedge`, `optimistic-hedge`, `extragradient`.
    pub fn name(self) -> &'static str {
        match self {
            Algo::Hedge => "hedge",
            Algo::OptimisticHedge => "optimistic-hedge",
            Algo::Extragradient => "extragradient",
        }
    }
}

/// Options of a self-play run.
#[derive(Debug, Clone)]
pub struct SelfPlayOptions {
    /// The no-regret update every seat runs (docs/THEORY.md §7).
    pub algo: Algo,
    /// Step size η > 0.
    pub eta: f64,
    /// Number of rounds T (1..=MAX_ITERS).
    pub iters: u64,
    /// Record a [`LogPoint`] every this many rounds (and at the first and last round).
    pub log_every: u64,
}

/// Validates k, η, T and the log interval before any work.
/// Largest number of logged values (rows × (m + 3)) a run may keep in memory (~400 MB).
pub const MAX_LOG_VALUES: u64 = 50_000_000;

/// [`validate`] plus the memory check that needs m: the log keeps one row of m + 3 values every
/// `log_every` rounds.
pub fn validate_for(m: usize, k: usize, opts: &SelfPlayOptions) -> Result<(), String> {
    validate(k, opts)?;
    let rows = opts.iters / opts.log_every.max(1) + 2;
    let values = rows.saturating_mul(m as u64 + 3);
    if values > MAX_LOG_VALUES {
        return Err(format!(
            "logging every {} rounds for {} rounds keeps {values} values in memory, above the \
             limit of {MAX_LOG_VALUES}; raise --log-every",
            opts.log_every, opts.iters
        ));
    }
    crate::io::memory::check("the self-play log", values.saturating_mul(8))
        .map_err(|e| e.to_string())?;
    Ok(())
}

/// Checks 1 ≤ k ≤ the supported maximum, 0 < η ≤ [`MAX_ETA`], 1 ≤ T ≤ [`MAX_ITERS`] and a
/// log interval ≥ 1; the message names the first value out of range.
pub fn validate(k: usize, opts: &SelfPlayOptions) -> Result<(), String> {
    super::check_k(k)?;
    if !opts.eta.is_finite() || opts.eta <= 0.0 {
        return Err(format!(
            "eta must be a positive finite number, got {}",
            opts.eta
        ));
    }
    if opts.eta > MAX_ETA {
        return Err(format!(
            "eta = {} is above the supported maximum {MAX_ETA}",
            opts.eta
        ));
    }
    if opts.iters == 0 || opts.iters > MAX_ITERS {
        return Err(format!(
            "iters must be between 1 and {MAX_ITERS}, got {}",
            opts.iters
        ));
    }
    if opts.log_every == 0 {
        return Err("log-every must be at least 1".into());
    }
    Ok(())
}

/// One recorded round (float estimates).
#[derive(Debug, Clone)]
pub struct LogPoint {
    /// Round number, 1-based.
    pub t: u64,
    /// ε(π_t) = max_y U_k(y, π_t) − 1/(k+1).
    pub exploitability: f64,
    /// The played policy π_t.
    pub policy: Vec<f64>,
}

/// The outcome of a self-play run; every number is an `f64` estimate.
#[derive(Debug, Clone)]
pub struct SelfPlayRun {
    /// The number of outputs k (k + 1 seats play).
    pub k: usize,
    /// The update rule.
    pub algo: Algo,
    /// The step size η.
    pub eta: f64,
    /// The rounds T asked for.
    pub iters_requested: u64,
    /// Rounds actually played (fewer when interrupted).
    pub iters_done: u64,
    /// True when Ctrl-C stopped the run early (the result covers the rounds played).
    pub interrupted: bool,
    /// The recorded rounds, every `log_every` rounds plus the first and the last.
    pub log: Vec<LogPoint>,
    /// The last played policy π_T.
    pub final_policy: Vec<f64>,
    /// ε(π_T).
    pub final_exploitability: f64,
    /// The round with the smallest ε(π_t) and that value.
    pub best_round: u64,
    /// min_t ε(π_t), at `best_round`.
    pub best_exploitability: f64,
    /// Regret_T = max_y Σ_t r_t(y) − Σ_t ⟨π_t, r_t⟩.
    pub regret: f64,
    /// (1/T) Σ_t U_k(y, π_t): the history mixture's expected opponent share against each y.
    pub mixture_opponent_share: Vec<f64>,
    /// R_k(ρ_T) = 1 − max_y of the above.
    pub mixture_robust_win_rate: f64,
    /// k/(k+1) − Regret_T/T: the no-regret guarantee for ρ_T.
    pub regret_guarantee: f64,
    /// Hedge only: the a-priori bound ln(m)/η + η·T/8 on Regret_T.
    pub hedge_regret_bound: Option<f64>,
}

/// The multiplicative-weights learner on log-weights.
#[derive(Debug, Clone)]
pub struct Learner {
    algo: Algo,
    eta: f64,
    theta: Vec<f64>,
    prev: Option<Vec<f64>>,
}

/// softmax(θ), stable.
pub fn softmax(theta: &[f64]) -> Vec<f64> {
    let max = theta.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
    let mut p: Vec<f64> = theta.iter().map(|t| (t - max).exp()).collect();
    let s: f64 = p.iter().sum();
    p.iter_mut().for_each(|x| *x /= s);
    p
}

impl Learner {
    /// Starts at `start` (a distribution with positive entries), or uniform.
    pub fn new(algo: Algo, eta: f64, m: usize, start: Option<&[f64]>) -> Self {
        let theta = match start {
            Some(p) => p.iter().map(|x| x.max(1e-300).ln()).collect(),
            None => vec![0.0; m],
        };
        Learner {
            algo,
            eta,
            theta,
            prev: None,
        }
    }

    /// The learner's current base policy.
    pub fn policy(&self) -> Vec<f64> {
        softmax(&self.theta)
    }

    /// Plays one round with the reward oracle `f(π) = (U_k(y, π))_y`; returns the played policy
    /// and its reward vector.
    pub fn step(&mut self, f: &mut impl FnMut(&[f64]) -> Vec<f64>) -> (Vec<f64>, Vec<f64>) {
        let eta = self.eta;
        let (played, r) = match self.algo {
            Algo::Hedge => {
                let p = softmax(&self.theta);
                let r = f(&p);
                for (t, x) in self.theta.iter_mut().zip(&r) {
                    *t += eta * x;
                }
                (p, r)
            }
            Algo::OptimisticHedge => {
                let p = softmax(&self.theta);
                let r = f(&p);
                let prev = self.prev.take().unwrap_or_else(|| r.clone());
                for ((t, x), y) in self.theta.iter_mut().zip(&r).zip(&prev) {
                    *t += eta * (2.0 * x - y);
                }
                self.prev = Some(r.clone());
                (p, r)
            }
            Algo::Extragradient => {
                let base = softmax(&self.theta);
                let r0 = f(&base);
                let lead: Vec<f64> = self
                    .theta
                    .iter()
                    .zip(&r0)
                    .map(|(t, x)| t + eta * x)
                    .collect();
                let p = softmax(&lead);
                let r = f(&p);
                for (t, x) in self.theta.iter_mut().zip(&r) {
                    *t += eta * x;
                }
                (p, r)
            }
        };
        // Keep log-weights bounded.
        let max = self.theta.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
        self.theta.iter_mut().for_each(|t| *t -= max);
        (played, r)
    }
}

/// Runs self-play on `inst`. `stop` (e.g. set by Ctrl-C) ends the run early, keeping everything
/// computed so far; `progress(t, ε_t)` is called every round (cheap callers only).
pub fn self_play(
    inst: &Instance,
    k: usize,
    opts: &SelfPlayOptions,
    stop: Option<&AtomicBool>,
    progress: &mut dyn FnMut(u64, f64),
) -> Result<SelfPlayRun, String> {
    validate_for(inst.m(), k, opts)?;
    let game = FloatGame::new(inst);
    let m = inst.m();
    let target = 1.0 / (k as f64 + 1.0);
    let mut learner = Learner::new(opts.algo, opts.eta, m, None);
    let mut oracle = |p: &[f64]| game.payoffs(p, k);
    let mut cum = vec![0.0f64; m];
    let mut cum_played = 0.0f64;
    let mut log = Vec::new();
    let mut last = (learner.policy(), f64::NAN);
    let mut best = (0u64, f64::INFINITY);
    let mut done = 0u64;
    let mut interrupted = false;
    for t in 1..=opts.iters {
        if stop.is_some_and(|s| s.load(Ordering::Relaxed)) {
            interrupted = true;
            break;
        }
        let (p, r) = learner.step(&mut oracle);
        let eps = r.iter().cloned().fold(f64::NEG_INFINITY, f64::max) - target;
        for (c, x) in cum.iter_mut().zip(&r) {
            *c += x;
        }
        cum_played += p.iter().zip(&r).map(|(a, b)| a * b).sum::<f64>();
        if eps < best.1 {
            best = (t, eps);
        }
        if t == 1 || t.is_multiple_of(opts.log_every) || t == opts.iters {
            log.push(LogPoint {
                t,
                exploitability: eps,
                policy: p.clone(),
            });
        }
        last = (p, eps);
        done = t;
        progress(t, eps);
    }
    if done > 0 && log.last().is_none_or(|l| l.t != done) {
        log.push(LogPoint {
            t: done,
            exploitability: last.1,
            policy: last.0.clone(),
        });
    }
    let tt = done.max(1) as f64;
    let max_cum = cum.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
    let regret = if done > 0 { max_cum - cum_played } else { 0.0 };
    let share: Vec<f64> = cum.iter().map(|c| c / tt).collect();
    let kf = k as f64;
    Ok(SelfPlayRun {
        k,
        algo: opts.algo,
        eta: opts.eta,
        iters_requested: opts.iters,
        iters_done: done,
        interrupted,
        log,
        final_policy: last.0,
        final_exploitability: last.1,
        best_round: best.0,
        best_exploitability: best.1,
        regret,
        mixture_robust_win_rate: 1.0 - share.iter().cloned().fold(f64::NEG_INFINITY, f64::max),
        mixture_opponent_share: share,
        regret_guarantee: kf / (kf + 1.0) - regret / tt,
        hedge_regret_bound: (opts.algo == Algo::Hedge)
            .then(|| (m as f64).ln() / opts.eta + opts.eta * done as f64 / 8.0),
    })
}

/// An `f64` policy made exact: every entry converted to its exact dyadic value, then divided by
/// their exact sum; its exact exploitability and robust win rate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExactPolicy {
    /// The exact distribution π (entries ≥ 0, Σ = 1).
    pub policy: Vec<Q>,
    /// ε(π) = max_y U_k(y, π) − 1/(k+1), exactly.
    pub exploitability: Q,
    /// R_k(π^{⊗k}) = k/(k+1) − ε(π), exactly.
    pub robust_win_rate: Q,
}

/// Converts an `f64` distribution exactly (negative or non-finite entries become 0; an all-zero
/// vector becomes uniform), renormalises exactly and evaluates it exactly.
pub fn exact_final(inst: &Instance, k: usize, pi: &[f64]) -> ExactPolicy {
    let p = crate::number::distribution_from_f64(pi);
    let r = product_report(inst, &p, k);
    ExactPolicy {
        policy: p,
        exploitability: r.exploitability,
        robust_win_rate: r.robust_win_rate,
    }
}
