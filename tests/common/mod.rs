//! Shared random-instance generator for integration tests (seeded, with ties and unranked responses).
#![allow(dead_code)]

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use ualign::instance::{Instance, UserType};
use ualign::number::{IBig, Q, UBig};

/// A random instance: m responses, n user types with weights p/q (1 ≤ p ≤ 9, 1 ≤ q ≤ 4), each
/// listing a random subset of responses in random tiers (ties and unranked responses occur).
pub fn random_instance(rng: &mut ChaCha8Rng, m: usize, n: usize) -> Instance {
    let responses = (0..m).map(|i| format!("r{i}")).collect();
    let users = (0..n)
        .map(|_| {
            let mut order: Vec<usize> = (0..m).collect();
            for i in (1..m).rev() {
                let j = rng.gen_range(0..=i);
                order.swap(i, j);
            }
            let listed = rng.gen_range(0..=m);
            let mut tiers: Vec<Vec<usize>> = Vec::new();
            for &y in &order[..listed] {
                if tiers.is_empty() || rng.gen_bool(0.6) {
                    tiers.push(vec![y]);
                } else {
                    tiers.last_mut().unwrap().push(y);
                }
            }
            let w = Q::from_parts(
                IBig::from(rng.gen_range(1..10u32)),
                UBig::from(rng.gen_range(1..5u32)),
            );
            UserType { weight: w, tiers }
        })
        .collect();
    Instance::new(responses, users).unwrap()
}

/// A random distribution over m responses with small denominators; some entries may be 0.
pub fn random_policy(rng: &mut ChaCha8Rng, m: usize) -> Vec<Q> {
    loop {
        let raw: Vec<u32> = (0..m)
            .map(|_| {
                if rng.gen_bool(0.2) {
                    0
                } else {
                    rng.gen_range(1..12)
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

pub fn rng(seed: u64) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(seed)
}
