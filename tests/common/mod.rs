//! Shared helpers for integration tests: a seeded random-instance generator (with ties and
//! unranked responses), brute-force oracles, a watchdog, and [`cli`] for running the binary.
#![allow(dead_code)]

pub mod cli;

use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use ualign::instance::Instance;
use ualign::number::{IBig, Q, UBig};

/// A random instance: m responses, n user types with weights p/q, each listing a random subset
/// of responses in random tiers (see `families::random_weak_orders`).
pub fn random_instance(rng: &mut ChaCha8Rng, m: usize, n: usize) -> Instance {
    ualign::families::random_weak_orders(rng, m, n).expect("test sizes are in range")
}

/// A random instance with names r0..r(m−1): n user types, each listing a random prefix (1..=m
/// responses) of a random order, consecutive responses tied with probability 0.3, weight p/q
/// with p < 20, q < 6 (the generator of `equilibrium_solve` and `equilibrium_dynamics`).
pub fn random_tiered_instance(rng: &mut ChaCha8Rng, m: usize, n: usize) -> Instance {
    use rand::seq::SliceRandom;
    let names = (0..m).map(|i| format!("r{i}")).collect();
    let users = (0..n)
        .map(|_| {
            let mut perm: Vec<usize> = (0..m).collect();
            perm.shuffle(rng);
            // Some responses unranked (implicit bottom tier), some tiers with ties.
            let listed = rng.random_range(1..=m);
            let mut tiers: Vec<Vec<usize>> = Vec::new();
            for &y in &perm[..listed] {
                match tiers.last_mut() {
                    Some(t) if rng.random_bool(0.3) => t.push(y),
                    _ => tiers.push(vec![y]),
                }
            }
            ualign::instance::UserType {
                weight: ualign::number::q(rng.random_range(1..20), rng.random_range(1..6)),
                tiers,
            }
        })
        .collect();
    Instance::new(names, users).unwrap()
}

/// A random distribution over m responses with small denominators; some entries may be 0.
pub fn random_policy(rng: &mut ChaCha8Rng, m: usize) -> Vec<Q> {
    random_policy_with(rng, m, 0.2, 12)
}

/// A random distribution over m responses: each entry 0 with probability `zero_share`, else a
/// weight in 1..`max`, normalised (redrawn if all are 0).
pub fn random_policy_with(rng: &mut ChaCha8Rng, m: usize, zero_share: f64, max: u32) -> Vec<Q> {
    loop {
        let raw: Vec<u32> = (0..m)
            .map(|_| {
                if rng.random_bool(zero_share) {
                    0
                } else {
                    rng.random_range(1..max)
                }
            })
            .collect();
        let total: u32 = raw.iter().sum();
        if total > 0 {
            return raw
                .iter()
                .map(|&x| Q::from_parts(IBig::from(x), UBig::from(total)))
                .collect();
        }
    }
}

/// U_k(y, π) for every y by definition (docs/THEORY.md §4): Σ over k-multisets S of Pr[S] · share of
/// the first position in the presentation (y, S). Multisets of probability 0 are skipped.
pub fn brute_force_u(inst: &Instance, pi: &[Q], k: usize) -> Vec<Q> {
    use ualign::game::{multinomial_probability, multisets, shares};
    let support: Vec<usize> = (0..inst.m()).filter(|&y| pi[y] != Q::ZERO).collect();
    let mut totals = vec![Q::ZERO; inst.m()];
    // Multisets over the support only (the others have probability 0), mapped back to indices.
    for s in multisets(support.len(), k) {
        let s: Vec<usize> = s.iter().map(|&i| support[i]).collect();
        let p = multinomial_probability(pi, &s);
        for (y, total) in totals.iter_mut().enumerate() {
            let mut presentation = vec![y];
            presentation.extend(&s);
            *total += &p * &shares(inst, &presentation)[0];
        }
    }
    totals
}

/// The checker's verdict on the certificate claim for one equilibrium result (what `certify`
/// writes for it: exact, certified box or ε), through a certificate text and the checker crate.
pub fn checker_verdict(
    inst: &Instance,
    res: &ualign::equilibrium::EquilibriumResult,
) -> Result<(), String> {
    ualign::certificate::confirm::checker_verdict(inst, res)
}

pub fn rng(seed: u64) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(seed)
}

/// Runs `f` on its own thread and panics if it has not returned within `secs` seconds (a
/// watchdog for tests that could loop, e.g. a cycling simplex, so that even a plain `cargo test`
/// without nextest's time limit fails quickly). A panic inside `f` is passed on unchanged. The
/// stuck thread is left behind; it dies with the test process.
pub fn within<T: Send + 'static>(
    secs: u64,
    what: &str,
    f: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    let handle = std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    match rx.recv_timeout(std::time::Duration::from_secs(secs)) {
        Ok(v) => v,
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => match handle.join() {
            Err(panic) => std::panic::resume_unwind(panic),
            Ok(()) => unreachable!("the thread sends before it returns"),
        },
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
            panic!("{what}: no answer within {secs} s (a loop that does not terminate?)")
        }
    }
}
