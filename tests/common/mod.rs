//! Shared random-instance generator for integration tests (seeded, with ties and unranked responses).
#![allow(dead_code)]

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use ualign::instance::Instance;
use ualign::number::{IBig, Q, UBig};

/// A random instance: m responses, n user types with weights p/q, each listing a random subset
/// of responses in random tiers (see `families::random_weak_orders`).
pub fn random_instance(rng: &mut ChaCha8Rng, m: usize, n: usize) -> Instance {
    ualign::families::random_weak_orders(rng, m, n)
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
