//! Instance generators: the theorem families of docs/THEORY.md (barrier, impartial culture, cycles)
//! and seeded random profiles (impartial-culture sample, Mallows, Plackett-Luce, single-peaked).
//!
//! Random families draw orders with a seeded ChaCha generator (randomness is not an exactness
//! concern: the instance produced is exact and fully written out); identical orders are merged
//! and their counts become integer weights, as in PrefLib.

use std::collections::BTreeMap;

use itertools::Itertools;
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};

use crate::instance::{Instance, InstanceError, UserType};
use crate::number::{IBig, Q, q, qi, to_f64};

/// Largest N for `impartial` (N! user types).
pub const MAX_IMPARTIAL_N: usize = 7;
/// Largest number of responses or sampled voters for random families.
pub const MAX_RANDOM_RESPONSES: usize = crate::instance::MAX_RESPONSES;
/// Largest number of sampled voters for random families (before identical orders merge).
pub const MAX_RANDOM_TYPES: usize = 1_000_000;

fn names(prefix: &str, n: usize) -> Vec<String> {
    (0..n).map(|i| format!("{prefix}{}", i + 1)).collect()
}

fn strict(order: &[usize]) -> Vec<Vec<usize>> {
    order.iter().map(|&y| vec![y]).collect()
}

/// The barrier family B(ε) (docs/THEORY.md §5). With `others = 1`: responses {a, b}, a ≻ b for
/// weight ½ + ε, b ≻ a for ½ − ε. With `others = N ≥ 2`: responses a, b1..bN; for each cyclic
/// rotation r of (b1..bN) one user type ranks a first then the rotation (weight (½ + ε)/N) and one
/// ranks the rotation then a (weight (½ − ε)/N). So a beats every b_i with P(a ≻ b_i) = ½ + ε
/// (a margin of 2ε) and is the Condorcet winner. Requires 0 < ε < ½.
pub fn barrier(eps: &Q, others: usize) -> Result<Instance, InstanceError> {
    if *eps <= Q::ZERO || *eps >= q(1, 2) {
        return Err(InstanceError::new("barrier needs 0 < eps < 1/2"));
    }
    if others == 0 || others > MAX_RANDOM_RESPONSES {
        return Err(InstanceError::new(format!(
            "barrier needs 1 <= others <= {MAX_RANDOM_RESPONSES}"
        )));
    }
    let half = q(1, 2);
    if others == 1 {
        return Instance::new(
            vec!["a".into(), "b".into()],
            vec![
                UserType {
                    weight: &half + eps,
                    tiers: strict(&[0, 1]),
                },
                UserType {
                    weight: &half - eps,
                    tiers: strict(&[1, 0]),
                },
            ],
        );
    }
    let mut responses = vec!["a".to_string()];
    responses.extend(names("b", others));
    let n = qi(others as i64);
    let mut users = Vec::new();
    for r in 0..others {
        let rot: Vec<usize> = (0..others).map(|i| 1 + (i + r) % others).collect();
        let mut first = vec![0];
        first.extend(&rot);
        users.push(UserType {
            weight: (&half + eps) / &n,
            tiers: strict(&first),
        });
        let mut last = rot.clone();
        last.push(0);
        users.push(UserType {
            weight: (&half - eps) / &n,
            tiers: strict(&last),
        });
    }
    Instance::new(responses, users)
}

/// Impartial culture on N responses: every strict order, weight 1 each (N! user types).
pub fn impartial(n: usize) -> Result<Instance, InstanceError> {
    if n == 0 || n > MAX_IMPARTIAL_N {
        return Err(InstanceError::new(format!(
            "impartial needs 1 <= n <= {MAX_IMPARTIAL_N}"
        )));
    }
    let users = (0..n)
        .permutations(n)
        .map(|p| UserType {
            weight: qi(1),
            tiers: strict(&p),
        })
        .collect();
    Instance::new(names("y", n), users)
}

/// The N cyclic shifts of the order y1 ≻ y2 ≻ … ≻ yN, weight 1 each (a Condorcet cycle).
pub fn cycle(n: usize) -> Result<Instance, InstanceError> {
    if n == 0 || n > MAX_RANDOM_RESPONSES {
        return Err(InstanceError::new(format!(
            "cycle needs 1 <= n <= {MAX_RANDOM_RESPONSES}"
        )));
    }
    let users = (0..n)
        .map(|s| {
            let order: Vec<usize> = (0..n).map(|i| (i + s) % n).collect();
            UserType {
                weight: qi(1),
                tiers: strict(&order),
            }
        })
        .collect();
    Instance::new(names("y", n), users)
}

/// A seeded random model of strict orders.
#[derive(Debug, Clone)]
pub enum RandomModel {
    /// Uniform random orders.
    ImpartialSample,
    /// Mallows with reference order y1 ≻ … ≻ ym and dispersion φ ∈ (0, 1] (repeated insertion).
    Mallows {
        /// φ: the probability of an order falls by a factor φ per swap away from y1 ≻ … ≻ ym.
        phi: Q,
    },
    /// Plackett-Luce with seeded utilities u_i ∈ [1, 10).
    PlackettLuce,
    /// Single-peaked on the axis y1 … ym (peak uniform, then left/right with probability ½).
    SinglePeaked,
}

/// Checks 1 ≤ `responses` ≤ [`MAX_RANDOM_RESPONSES`] and 1 ≤ `types` ≤ [`MAX_RANDOM_TYPES`].
fn check_sizes(responses: usize, types: usize) -> Result<(), InstanceError> {
    if responses == 0 || responses > MAX_RANDOM_RESPONSES {
        return Err(InstanceError::new(format!(
            "--responses must be in 1..={MAX_RANDOM_RESPONSES}"
        )));
    }
    if types == 0 || types > MAX_RANDOM_TYPES {
        return Err(InstanceError::new(format!(
            "--types must be in 1..={MAX_RANDOM_TYPES}"
        )));
    }
    Ok(())
}

/// Samples `types` voters over `responses` responses from `model` with `seed`; identical orders
/// are merged, their counts become integer weights.
pub fn random(
    model: &RandomModel,
    responses: usize,
    types: usize,
    seed: u64,
) -> Result<Instance, InstanceError> {
    random_top(model, responses, types, responses, seed)
}

/// Like [`random`], but each voter ranks only the first `top` responses of its sampled order
/// (a strict top-`top` list; the other responses are unranked, tied at the bottom), as in surveys
/// that ask for a top-10. `top = responses` gives full strict orders (the same instance as
/// [`random`]).
pub fn random_top(
    model: &RandomModel,
    responses: usize,
    types: usize,
    top: usize,
    seed: u64,
) -> Result<Instance, InstanceError> {
    check_sizes(responses, types)?;
    if top == 0 || top > responses {
        return Err(InstanceError::new(format!(
            "--top must be in 1..={responses} (the number of responses)"
        )));
    }
    if let RandomModel::Mallows { phi } = model
        && (*phi <= Q::ZERO || *phi > qi(1))
    {
        return Err(InstanceError::new(
            "Mallows dispersion must satisfy 0 < phi <= 1",
        ));
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let utilities: Vec<f64> = (0..responses)
        .map(|_| rng.random_range(1.0..10.0))
        .collect();
    let mut counts: BTreeMap<Vec<usize>, u64> = BTreeMap::new();
    for _ in 0..types {
        let mut order = match model {
            RandomModel::ImpartialSample => {
                let mut o: Vec<usize> = (0..responses).collect();
                for i in (1..responses).rev() {
                    o.swap(i, rng.random_range(0..=i));
                }
                o
            }
            RandomModel::Mallows { phi } => mallows(&mut rng, responses, to_f64(phi)),
            RandomModel::PlackettLuce => plackett_luce(&mut rng, &utilities, top),
            RandomModel::SinglePeaked => single_peaked(&mut rng, responses),
        };
        order.truncate(top);
        *counts.entry(order).or_insert(0) += 1;
    }
    let users = counts
        .into_iter()
        .map(|(order, c)| UserType {
            weight: Q::from(IBig::from(c)),
            tiers: strict(&order),
        })
        .collect();
    Instance::new(names("y", responses), users)
}

/// A random profile of weak orders: n user types, each listing a random subset of the m responses
/// in random tiers (ties and unranked responses occur), with weights p/q (1 ≤ p ≤ 9, 1 ≤ q ≤ 4).
/// Used by sweeps (`ties` family) and tests. Errors unless 1 ≤ m ≤ [`MAX_RANDOM_RESPONSES`] and
/// 1 ≤ n ≤ [`MAX_RANDOM_TYPES`] (checked before anything is drawn).
pub fn random_weak_orders(
    rng: &mut ChaCha8Rng,
    m: usize,
    n: usize,
) -> Result<Instance, InstanceError> {
    check_sizes(m, n)?;
    let users = (0..n)
        .map(|_| {
            let mut order: Vec<usize> = (0..m).collect();
            for j in (1..m).rev() {
                order.swap(j, rng.random_range(0..=j));
            }
            let listed = rng.random_range(0..=m);
            let mut tiers: Vec<Vec<usize>> = Vec::new();
            for &y in &order[..listed] {
                match tiers.last_mut() {
                    Some(last) if !rng.random_bool(0.6) => last.push(y),
                    _ => tiers.push(vec![y]),
                }
            }
            let weight = Q::from_parts(
                IBig::from(rng.random_range(1..10u32)),
                crate::number::UBig::from(rng.random_range(1..5u32)),
            );
            UserType { weight, tiers }
        })
        .collect();
    Instance::new(names("y", m), users)
}

fn mallows(rng: &mut ChaCha8Rng, m: usize, phi: f64) -> Vec<usize> {
    let mut order: Vec<usize> = Vec::with_capacity(m);
    for i in 0..m {
        // Insert item i at position j (0..=i) with probability ∝ φ^(i − j).
        let weights: Vec<f64> = (0..=i).map(|j| phi.powi((i - j) as i32)).collect();
        let j = pick(rng, &weights);
        order.insert(j, i);
    }
    order
}

/// The first `top` picks of a Plackett-Luce draw (the rest of the order is never needed).
fn plackett_luce(rng: &mut ChaCha8Rng, utilities: &[f64], top: usize) -> Vec<usize> {
    let mut left: Vec<usize> = (0..utilities.len()).collect();
    let mut order = Vec::with_capacity(top);
    while !left.is_empty() && order.len() < top {
        let w: Vec<f64> = left.iter().map(|&y| utilities[y]).collect();
        order.push(left.remove(pick(rng, &w)));
    }
    order
}

fn single_peaked(rng: &mut ChaCha8Rng, m: usize) -> Vec<usize> {
    let peak = rng.random_range(0..m);
    let (mut lo, mut hi) = (peak, peak);
    let mut order = vec![peak];
    while order.len() < m {
        let go_left = if lo == 0 {
            false
        } else if hi == m - 1 {
            true
        } else {
            rng.random_bool(0.5)
        };
        if go_left {
            lo -= 1;
            order.push(lo);
        } else {
            hi += 1;
            order.push(hi);
        }
    }
    order
}

fn pick(rng: &mut ChaCha8Rng, weights: &[f64]) -> usize {
    let total: f64 = weights.iter().sum();
    let mut x = rng.random_range(0.0..total);
    for (i, w) in weights.iter().enumerate() {
        if x < *w {
            return i;
        }
        x -= w;
    }
    weights.len() - 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::game::{condorcet_winner, margin_matrix, pref};

    #[test]
    fn barrier_margins() {
        for others in [1usize, 3] {
            let inst = barrier(&q(1, 10), others).unwrap();
            let mm = margin_matrix(&inst);
            assert_eq!(condorcet_winner(&mm), Some(0));
            for b in 1..=others {
                assert_eq!(pref(&inst, 0, b), q(3, 5));
            }
        }
        assert!(barrier(&q(1, 2), 1).is_err());
        assert!(barrier(&qi(0), 1).is_err());
    }

    #[test]
    fn impartial_and_cycle_shapes() {
        let ic = impartial(4).unwrap();
        assert_eq!(ic.n(), 24);
        assert_eq!(pref(&ic, 0, 3), q(1, 2));
        let c = cycle(5).unwrap();
        assert_eq!(c.n(), 5);
        assert_eq!(condorcet_winner(&margin_matrix(&c)), None);
    }

    #[test]
    fn random_models_are_seeded_and_sized() {
        for model in [
            RandomModel::ImpartialSample,
            RandomModel::Mallows { phi: q(1, 2) },
            RandomModel::PlackettLuce,
            RandomModel::SinglePeaked,
        ] {
            let a = random(&model, 5, 40, 9).unwrap();
            let b = random(&model, 5, 40, 9).unwrap();
            assert_eq!(a, b);
            assert_eq!(a.total_weight(), &qi(40));
        }
        // Mallows with φ → tiny is concentrated on the reference order.
        let m = random(&RandomModel::Mallows { phi: q(1, 1000) }, 4, 50, 1).unwrap();
        assert!(m.users().iter().any(|u| u.weight >= qi(45)));
    }

    #[test]
    fn random_weak_orders_refuses_sizes_out_of_range() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        for (m, n) in [
            (0, 3),
            (MAX_RANDOM_RESPONSES + 1, 3),
            (3, 0),
            (3, MAX_RANDOM_TYPES + 1),
        ] {
            let err = random_weak_orders(&mut rng, m, n).unwrap_err();
            assert!(err.message.contains("must be in 1..="), "{m} {n}: {err}");
        }
        let inst = random_weak_orders(&mut rng, 3, 4).unwrap();
        assert_eq!((inst.m(), inst.users().len()), (3, 4));
    }
}
