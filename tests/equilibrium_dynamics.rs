//! Self-play dynamics: the history mixture's no-regret guarantee (checked with exact arithmetic
//! on the played policies), Hedge's a-priori regret bound, exact final iterates, interruption and
//! input validation.

mod common;

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use ualign::equilibrium::dynamics::{
    Algo, MAX_ITERS, SelfPlayOptions, exact_final, self_play, validate,
};
use ualign::game::{deviation_payoffs, product_report};
use ualign::instance::Instance;
use ualign::number::{Q, from_f64_exact, q, to_f64};

fn load(name: &str) -> Instance {
    Instance::from_path(Path::new(env!("CARGO_MANIFEST_DIR")).join(name).as_path()).unwrap()
}

fn random_instance(rng: &mut ChaCha8Rng) -> Instance {
    let m = rng.random_range(2..=5);
    let n = rng.random_range(1..=6);
    common::random_tiered_instance(rng, m, n)
}

/// Exact rational version of a float distribution (dyadic entries, exact renormalisation).
fn exact(pi: &[f64]) -> Vec<Q> {
    let p: Vec<Q> = pi.iter().map(|&x| from_f64_exact(x).unwrap()).collect();
    let total = p.iter().fold(Q::ZERO, |a, b| a + b);
    p.into_iter().map(|x| x / &total).collect()
}

#[test]
fn hedge_history_mixture_meets_its_regret_guarantee() {
    let mut rng = ChaCha8Rng::seed_from_u64(42);
    for _ in 0..8 {
        let inst = random_instance(&mut rng);
        let k = rng.random_range(1..=4);
        let iters = 150;
        let opts = SelfPlayOptions {
            algo: Algo::Hedge,
            eta: 0.5,
            iters,
            log_every: 1,
        };
        let run = self_play(&inst, k, &opts, None, &mut |_, _| {}).unwrap();
        assert_eq!(run.iters_done, iters);
        assert_eq!(run.log.len() as u64, iters);
        // R_k of the history mixture, exactly: 1 − max_y (1/T) Σ_t U_k(y, π_t) over the played
        // policies (made exact).
        let mut sum = vec![Q::ZERO; inst.m()];
        for p in &run.log {
            for (s, u) in sum
                .iter_mut()
                .zip(deviation_payoffs(&inst, &exact(&p.policy), k))
            {
                *s += u;
            }
        }
        let max = sum.into_iter().max().unwrap() / Q::from(iters);
        let r_mix = to_f64(&(Q::ONE - max));
        let kf = k as f64;
        let guarantee = kf / (kf + 1.0) - run.regret / iters as f64;
        assert!(
            r_mix >= guarantee - 1e-9,
            "R_k(ρ_T) = {r_mix} below the guarantee {guarantee}"
        );
        assert!((r_mix - run.mixture_robust_win_rate).abs() < 1e-9);
        assert!((guarantee - run.regret_guarantee).abs() < 1e-12);
        // Hedge's a-priori bound on the realised regret.
        let bound = run.hedge_regret_bound.unwrap();
        assert!(
            run.regret <= bound + 1e-9,
            "regret {} > bound {bound}",
            run.regret
        );
        // The product of the last iterate can never beat the ceiling k/(k+1).
        let fin = exact_final(&inst, k, &run.final_policy);
        assert!(fin.robust_win_rate <= q(k as i64, k as u64 + 1));
    }
}

#[test]
fn exact_final_iterate_is_evaluated_exactly() {
    let inst = load("instances/barrier-eps-1-10.json");
    let opts = SelfPlayOptions {
        algo: Algo::Extragradient,
        eta: 1.0,
        iters: 300,
        log_every: 100,
    };
    let run = self_play(&inst, 3, &opts, None, &mut |_, _| {}).unwrap();
    assert!(run.final_exploitability < 1e-9);
    let fin = exact_final(&inst, 3, &run.final_policy);
    let total = fin.policy.iter().fold(Q::ZERO, |a, b| a + b);
    assert_eq!(total, Q::ONE);
    let rep = product_report(&inst, &fin.policy, 3);
    assert_eq!(rep.exploitability, fin.exploitability);
    assert_eq!(fin.robust_win_rate, q(3, 4) - &fin.exploitability);
    assert!(to_f64(&fin.exploitability) < 1e-9);
    // Logged at t = 1, 100, 200, 300.
    let ts: Vec<u64> = run.log.iter().map(|p| p.t).collect();
    assert_eq!(ts, vec![1, 100, 200, 300]);
}

#[test]
fn all_algorithms_run_and_report() {
    let inst = load("instances/condorcet-cycle-3.json");
    for algo in [Algo::Hedge, Algo::OptimisticHedge, Algo::Extragradient] {
        let opts = SelfPlayOptions {
            algo,
            eta: 0.3,
            iters: 200,
            log_every: 50,
        };
        let run = self_play(&inst, 2, &opts, None, &mut |_, _| {}).unwrap();
        assert_eq!(run.iters_done, 200);
        assert!(!run.interrupted);
        assert!(run.final_policy.iter().all(|p| *p >= 0.0));
        assert!((run.final_policy.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        assert_eq!(run.hedge_regret_bound.is_some(), algo == Algo::Hedge);
    }
}

#[test]
fn interruption_keeps_what_was_computed() {
    let inst = load("instances/condorcet-cycle-3.json");
    let stop = AtomicBool::new(false);
    let opts = SelfPlayOptions {
        algo: Algo::OptimisticHedge,
        eta: 0.5,
        iters: MAX_ITERS,
        log_every: 1000,
    };
    let run = self_play(&inst, 2, &opts, Some(&stop), &mut |t, _| {
        if t == 37 {
            stop.store(true, Ordering::SeqCst);
        }
    })
    .unwrap();
    assert!(run.interrupted);
    assert_eq!(run.iters_done, 37);
    assert_eq!(run.log.last().unwrap().t, 37);
    assert!(run.regret.is_finite());
}

#[test]
fn bad_input_is_rejected_before_work() {
    let inst = load("instances/barrier-eps-1-10.json");
    let ok = SelfPlayOptions {
        algo: Algo::Hedge,
        eta: 1.0,
        iters: 10,
        log_every: 1,
    };
    assert!(validate(2, &ok).is_ok());
    let bad = |f: &dyn Fn(&mut SelfPlayOptions)| {
        let mut o = ok.clone();
        f(&mut o);
        o
    };
    for o in [
        bad(&|o| o.eta = 0.0),
        bad(&|o| o.eta = -1.0),
        bad(&|o| o.eta = f64::NAN),
        bad(&|o| o.eta = f64::INFINITY),
        bad(&|o| o.eta = 1e300),
        bad(&|o| o.iters = 0),
        bad(&|o| o.iters = MAX_ITERS + 1),
        bad(&|o| o.iters = u64::MAX),
        bad(&|o| o.log_every = 0),
    ] {
        assert!(self_play(&inst, 2, &o, None, &mut |_, _| panic!("work started")).is_err());
    }
    assert!(self_play(&inst, 0, &ok, None, &mut |_, _| panic!("work started")).is_err());
    assert!(self_play(&inst, 1025, &ok, None, &mut |_, _| panic!("work started")).is_err());
}
