//! Sweeps: check the theorem statements of docs/THEORY.md on many generated instances.
//!
//! Statements checked for every instance and every k (all exactly):
//! - `equilibrium`: a symmetric equilibrium reaching k/(k+1) is found and proved (exact or
//!   certified box). An ε-result is not a counterexample (the theorem guarantees existence); it is
//!   counted as *unproved*.
//! - `nlhf-half`: R_k(p^{⊗k}) ≥ 1/2 for the maximal lottery p.
//! - `optimal-ceiling`: v*_k ≥ k/(k+1).
//! - `union-bound`: R_{k,ℓ}(π^{⊗k}) ≥ (k+1−ℓ)/(k+1) − ℓ·ε(π) for the solver's policy π
//!   (ε = 0 for exact equilibria), since Σ_{o∈O} U_k(o, π) ≤ ℓ·(1/(k+1) + ε).
//! - `planted-false` (only with `plant_false`): "NLHF sampled k times reaches k/(k+1)", false in
//!   general; it shows that a violation is caught and written out.

use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use rayon::prelude::*;

use crate::certificate::confirm::solve_confirmed;
use crate::equilibrium::{
    EqError, EquilibriumResult, EquilibriumStatus, MIN_PRECISION, SolveOptions,
};
use crate::families::{self, RandomModel};
use crate::game::{product_report, product_robust_ell};
use crate::instance::Instance;
use crate::koutput::optimal_koutput;
use crate::nlhf::maximal_lottery;
use crate::number::{q, qi};

/// Where sweep instances come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SweepFamily {
    /// Uniformly random strict orders (sampled impartial culture).
    IcSample,
    /// Mallows orders around y1 ≻ … ≻ ym with a random dispersion φ.
    Mallows,
    /// Plackett-Luce orders with random utilities.
    PlackettLuce,
    /// Orders single-peaked on the axis y1 … ym.
    SinglePeaked,
    /// Random weak orders with ties and unranked responses, random rational weights.
    Ties,
}

impl SweepFamily {
    /// The family named `ic-sample`, `mallows`, `plackett-luce`, `single-peaked` or `ties`.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "ic-sample" => Some(Self::IcSample),
            "mallows" => Some(Self::Mallows),
            "plackett-luce" => Some(Self::PlackettLuce),
            "single-peaked" => Some(Self::SinglePeaked),
            "ties" => Some(Self::Ties),
            _ => None,
        }
    }
}

/// Sweep settings.
#[derive(Debug, Clone)]
pub struct SweepOptions {
    /// Where the instances come from.
    pub family: SweepFamily,
    /// The number of instances of the whole sweep (indices `0..count`).
    pub count: usize,
    /// The seed: instance i depends only on (family, seed, i).
    pub seed: u64,
    /// Process only indices i with i % shards == shard.
    pub shard: usize,
    /// The number of shards (1 for a whole sweep).
    pub shards: usize,
    /// The values of k checked on every instance.
    pub ks: Vec<usize>,
    /// ℓ of the checked bound R_{k,ℓ}(π^{⊗k}) ≥ (k+1−ℓ)/(k+1) (docs/THEORY.md §6).
    pub ell: usize,
    /// Responses per instance are drawn from 2..=max_m (max_m is clamped to
    /// 2..=[`MAX_SWEEP_RESPONSES`]).
    pub max_m: usize,
    /// Also check the false statement `planted-false` ("NLHF sampled k times reaches k/(k+1)"),
    /// to show that a violation is caught and written out.
    pub plant_false: bool,
}

/// Above this many k-multisets the sweep skips the v*_k ≥ k/(k+1) check (the exact LP).
pub const SWEEP_MAX_COLUMNS: u128 = 20_000;

/// A statement that failed on one instance.
#[derive(Debug, Clone)]
pub struct Violation {
    /// The instance's index in the sweep.
    pub index: usize,
    /// The name of the statement that failed (module docs), e.g. `optimal-ceiling`.
    pub statement: &'static str,
    /// The k it failed at.
    pub k: usize,
    /// The exact values that contradict it.
    pub detail: String,
    /// The instance, to be written to a file and re-checked.
    pub instance: Instance,
}

/// Totals of a sweep.
#[derive(Debug, Clone, Default)]
pub struct SweepSummary {
    /// Instances checked.
    pub instances: usize,
    /// Exact checks run.
    pub checks: usize,
    /// Equilibria found only as ε-equilibria (status `epsilon`).
    pub unproved_equilibria: usize,
    /// Equilibria proved by a Krawczyk box (status `certified-box`).
    pub boxed_equilibria: usize,
    /// Exact rational equilibria (status `exact`).
    pub exact_equilibria: usize,
    /// Every failed statement, in index order.
    pub violations: Vec<Violation>,
}

/// Largest number of responses of a sweep instance (`max_m` above it is clamped to it).
pub const MAX_SWEEP_RESPONSES: usize = 8;

/// The instance with index `i` of a sweep (deterministic in `seed` and `i`), with 2..=max_m
/// responses (`max_m` clamped to 2..=[`MAX_SWEEP_RESPONSES`]) and 1..=8 sampled user types.
pub fn sweep_instance(family: SweepFamily, seed: u64, i: usize, max_m: usize) -> Instance {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let m = rng.random_range(2..=max_m.clamp(2, MAX_SWEEP_RESPONSES));
    let types = rng.random_range(1..=8usize);
    let s = rng.random::<u64>();
    const SIZES: &str = "2 <= m <= MAX_SWEEP_RESPONSES and 1 <= types <= 8 are within the \
                         generators' limits";
    let sampled = |model: RandomModel| families::random(&model, m, types, s).expect(SIZES);
    match family {
        SweepFamily::IcSample => sampled(RandomModel::ImpartialSample),
        SweepFamily::Mallows => sampled(RandomModel::Mallows {
            phi: q(rng.random_range(1..=4), 4),
        }),
        SweepFamily::PlackettLuce => sampled(RandomModel::PlackettLuce),
        SweepFamily::SinglePeaked => sampled(RandomModel::SinglePeaked),
        SweepFamily::Ties => families::random_weak_orders(&mut rng, m, types).expect(SIZES),
    }
}

/// Working precision (bits) of a sweep's first solve: [`MIN_PRECISION`]. Boxes of 64-bit
/// numbers cost the checker about a third of the default 192-bit ones (measured on
/// 200 `ic-sample` instances, k = 1..8: 2.9 s against 7.8 s of wall time, same counts).
pub const SWEEP_FIRST_PRECISION: usize = MIN_PRECISION;

/// The equilibrium of a sweep instance, confirmed by the checker: solved at
/// [`SWEEP_FIRST_PRECISION`] bits first, and where that ends unproved (or in an error), solved
/// again with the default options and their whole retry ladder (192 bits, then 2, 4, 8 and 16
/// times that, touching boxes included). Either way what is counted as proved is what the
/// checker accepted.
pub fn sweep_equilibrium(inst: &Instance, k: usize) -> Result<EquilibriumResult, EqError> {
    let first = SolveOptions {
        precision: SWEEP_FIRST_PRECISION,
        ..SolveOptions::default()
    };
    match solve_confirmed(inst, k, &first) {
        Ok(eq) if eq.status != EquilibriumStatus::Epsilon => Ok(eq),
        _ => solve_confirmed(inst, k, &SolveOptions::default()),
    }
}

struct InstanceReport {
    checks: usize,
    exact: usize,
    boxed: usize,
    unproved: usize,
    violations: Vec<Violation>,
}

fn check_instance(opts: &SweepOptions, i: usize) -> InstanceReport {
    let inst = sweep_instance(opts.family, opts.seed, i, opts.max_m);
    let mut rep = InstanceReport {
        checks: 0,
        exact: 0,
        boxed: 0,
        unproved: 0,
        violations: Vec::new(),
    };
    let mut fail = |statement: &'static str, k: usize, detail: String| {
        rep.violations.push(Violation {
            index: i,
            statement,
            k,
            detail,
            instance: inst.clone(),
        });
    };
    let ml = match maximal_lottery(&inst) {
        Ok(ml) => ml,
        Err(e) => {
            fail("maximal-lottery", 0, e.to_string());
            return rep;
        }
    };
    let mut checks = 0;
    let (mut exact, mut boxed, mut unproved) = (0, 0, 0);
    for &k in &opts.ks {
        let ceiling = q(k as i64, k as u64 + 1);
        let nlhf = product_report(&inst, &ml.p, k).robust_win_rate;
        checks += 1;
        if nlhf < q(1, 2) {
            fail(
                "nlhf-half",
                k,
                format!("R_k(p^⊗k) = {} < 1/2", crate::number::fmt_q(&nlhf)),
            );
        }
        if opts.plant_false {
            checks += 1;
            if nlhf < ceiling {
                fail(
                    "planted-false",
                    k,
                    format!("R_k(p^⊗k) = {} < k/(k+1)", crate::number::fmt_q(&nlhf)),
                );
            }
        }
        // v*_k by the exact LP only while its columns stay few (k-multisets of m responses).
        let columns = crate::game::multiset::multiset_count(inst.m(), k).unwrap_or(u128::MAX);
        if columns <= SWEEP_MAX_COLUMNS {
            checks += 1;
            match optimal_koutput(&inst, k) {
                Ok(r) if r.value >= ceiling => {}
                Ok(r) => fail(
                    "optimal-ceiling",
                    k,
                    format!("v*_k = {} < k/(k+1)", crate::number::fmt_q(&r.value)),
                ),
                Err(e) => fail("optimal-ceiling", k, e.to_string()),
            }
        }
        checks += 1;
        match sweep_equilibrium(&inst, k) {
            Ok(eq) => {
                match eq.status {
                    EquilibriumStatus::Exact => exact += 1,
                    EquilibriumStatus::CertifiedBox => boxed += 1,
                    EquilibriumStatus::Epsilon => unproved += 1,
                }
                // The exact R_k,ℓ of a box centre (64- to 3,072-bit entries) costs k² big-number work:
                // checked where the solver itself still works exactly.
                if opts.ell >= 1 && opts.ell <= 3 && k <= crate::equilibrium::EXACT_BOX_MAX_K {
                    checks += 1;
                    let r = product_robust_ell(&inst, &eq.policy, k, opts.ell);
                    let bound = r.union_bound.clone() - qi(opts.ell as i64) * &eq.exploitability;
                    if r.robust_win_rate < bound {
                        fail(
                            "union-bound",
                            k,
                            format!(
                                "R_k,ℓ = {} < (k+1−ℓ)/(k+1) − ℓε = {}",
                                crate::number::fmt_q(&r.robust_win_rate),
                                crate::number::fmt_q(&bound)
                            ),
                        );
                    }
                }
            }
            Err(e) => fail("equilibrium", k, e.to_string()),
        }
    }
    rep.checks = checks;
    rep.exact = exact;
    rep.boxed = boxed;
    rep.unproved = unproved;
    rep
}

/// Runs the sweep in parallel (rayon); `tick` is called once per finished instance.
pub fn sweep(opts: &SweepOptions, tick: &(dyn Fn() + Sync)) -> SweepSummary {
    let indices: Vec<usize> = (0..opts.count)
        .filter(|i| i % opts.shards == opts.shard)
        .collect();
    let reports: Vec<InstanceReport> = indices
        .par_iter()
        .map(|&i| {
            let r = check_instance(opts, i);
            tick();
            r
        })
        .collect();
    let mut s = SweepSummary {
        instances: indices.len(),
        ..Default::default()
    };
    for r in reports {
        s.checks += r.checks;
        s.exact_equilibria += r.exact;
        s.boxed_equilibria += r.boxed;
        s.unproved_equilibria += r.unproved;
        s.violations.extend(r.violations);
    }
    s
}
