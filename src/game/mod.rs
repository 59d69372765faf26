//! The (k+1)-player alignment game (docs/THEORY.md §2–§4), evaluated exactly.
//!
//! - [`shares`]: the share of every position of a presentation, by direct definition (§2);
//! - [`pref`] and [`margin_matrix`]: NLHF's preference P(y ≻ y') and margins (§3 and §5);
//! - [`payoff`]: the closed form of U_k(y, π) in integer arithmetic, and an `f64` twin;
//! - [`robust`]: robust win rates of product policies and explicit k-output mixtures against
//!   single responses and ℓ-multisets, worst opponents and exploitability.

pub mod multiset;
pub mod payoff;
pub mod robust;

pub use multiset::{multinomial_probability, multisets};
pub use payoff::{FloatGame, deviation_payoffs};
pub use robust::{
    Mixture, MixtureError, ProductReport, RobustReport, mixture_robust, mixture_win_rate,
    product_report, product_robust_ell,
};

use std::cmp::Ordering;

use crate::instance::Instance;
use crate::number::{IBig, Q, UBig};

/// Shares of the positions of a presentation (a list of response indices; repeats allowed).
///
/// User u looks at the best tier present and picks uniformly one of the positions whose response
/// lies in that tier; `share[i] = Σ_u ω_u · [rank_u(pos_i) = best_u] / #{j : rank_u(pos_j) = best_u}`.
/// The shares sum to 1. Computed over one common denominator `lcm(1..=len) · Σ c_u`.
pub fn shares(inst: &Instance, positions: &[usize]) -> Vec<Q> {
    let len = positions.len();
    if len == 0 {
        return Vec::new();
    }
    let (weights, total) = inst.integer_weights();
    let l = crate::number::lcm_range(len);
    let mut nums = vec![IBig::ZERO; len];
    for (u, w) in weights.iter().enumerate() {
        let ranks: Vec<u32> = positions.iter().map(|&y| inst.rank(u, y)).collect();
        let best = *ranks.iter().min().expect("len == 0 returned above");
        let count = ranks.iter().filter(|&&r| r == best).count();
        let part = w * IBig::from(&l / UBig::from(count));
        for (i, &r) in ranks.iter().enumerate() {
            if r == best {
                nums[i] += &part;
            }
        }
    }
    let den = UBig::try_from(total * IBig::from(l))
        .expect("total weight > 0 (an Instance invariant) and lcm > 0");
    nums.into_iter()
        .map(|n| Q::from_parts(n, den.clone()))
        .collect()
}

/// P(y ≻ y') = ω(users ranking y strictly above y') + ½·ω(users with y, y' in one tier).
/// In particular P(y ≻ y) = ½ and P(y ≻ y') + P(y' ≻ y) = 1.
pub fn pref(inst: &Instance, y: usize, y2: usize) -> Q {
    let (weights, total) = inst.integer_weights();
    pref_with(inst, weights, total, y, y2)
}

fn pref_with(inst: &Instance, weights: &[IBig], total: &IBig, y: usize, y2: usize) -> Q {
    let mut twice = IBig::ZERO;
    for (u, w) in weights.iter().enumerate() {
        let (a, b) = (inst.rank(u, y), inst.rank(u, y2));
        if a < b {
            twice += w * IBig::from(2u8);
        } else if a == b {
            twice += w;
        }
    }
    let den =
        UBig::try_from(total * IBig::from(2u8)).expect("total weight > 0 is an Instance invariant");
    Q::from_parts(twice, den)
}

/// The preference matrix `P[y][y'] = P(y ≻ y')`.
pub fn pref_matrix(inst: &Instance) -> Vec<Vec<Q>> {
    let (weights, total) = inst.integer_weights();
    (0..inst.m())
        .map(|y| {
            (0..inst.m())
                .map(|y2| pref_with(inst, weights, total, y, y2))
                .collect()
        })
        .collect()
}

/// Margin matrix `M(y, y') = P(y ≻ y') − ½` (skew-symmetric).
pub fn margin_matrix(inst: &Instance) -> Vec<Vec<Q>> {
    let half = crate::number::q(1, 2);
    pref_matrix(inst)
        .into_iter()
        .map(|row| row.into_iter().map(|p| p - &half).collect())
        .collect()
}

/// The sign of every margin, `signs[y][y'] = sign M(y, y')`, without building the rationals:
/// `M(y, y') > 0` iff `Σ_u c_u · sign(rank_u(y') − rank_u(y)) > 0` for the integer weights
/// `c_u`. One byte per pair (16 MiB at 4,096 responses), where the margin matrix holds m²
/// rationals; used by [`condorcet_winner`], [`smith_set`] and `ualign info`.
pub fn margin_signs(inst: &Instance) -> Vec<Vec<Ordering>> {
    let m = inst.m();
    let (weights, _) = inst.integer_weights();
    let ranks = inst.rank_table();
    let mut signs = vec![vec![Ordering::Equal; m]; m];
    for y in 0..m {
        for y2 in y + 1..m {
            let mut diff = IBig::ZERO;
            for (w, r) in weights.iter().zip(ranks) {
                match r[y].cmp(&r[y2]) {
                    Ordering::Less => diff += w,
                    Ordering::Greater => diff -= w,
                    Ordering::Equal => {}
                }
            }
            let s = diff.cmp(&IBig::ZERO);
            signs[y][y2] = s;
            signs[y2][y] = s.reverse();
        }
    }
    signs
}

/// The signs of a margin matrix (for callers that already hold it).
pub fn signs_of(margins: &[Vec<Q>]) -> Vec<Vec<Ordering>> {
    margins
        .iter()
        .map(|row| row.iter().map(|x| x.cmp(&Q::ZERO)).collect())
        .collect()
}

/// The Condorcet winner: the response y with P(y ≻ y') > ½ for every y' ≠ y, if any.
pub fn condorcet_winner(margins: &[Vec<Q>]) -> Option<usize> {
    condorcet_winner_of_signs(&signs_of(margins))
}

/// [`condorcet_winner`] from the margin signs.
pub fn condorcet_winner_of_signs(signs: &[Vec<Ordering>]) -> Option<usize> {
    let m = signs.len();
    (0..m).find(|&y| (0..m).all(|z| z == y || signs[y][z] == Ordering::Greater))
}

/// The Smith set: the smallest non-empty set of responses each of which beats every response
/// outside it (M > 0). y is in the Smith set iff y reaches every response through a chain of
/// M ≥ 0 steps (docs/THEORY.md §5).
pub fn smith_set(margins: &[Vec<Q>]) -> Vec<usize> {
    smith_set_of_signs(&signs_of(margins))
}

/// [`smith_set`] from the margin signs, in O(m²): the "beats or ties" relation is complete, so
/// a Smith member beats every outsider strictly and a response with the most weak wins is a
/// member; the Smith set is then everything that reaches that response by weak wins.
pub fn smith_set_of_signs(signs: &[Vec<Ordering>]) -> Vec<usize> {
    let m = signs.len();
    let weak = |a: usize, b: usize| a == b || signs[a][b] != Ordering::Less;
    let Some(top) = (0..m).max_by_key(|&a| (0..m).filter(|&b| weak(a, b)).count()) else {
        return Vec::new();
    };
    let mut member = vec![false; m];
    member[top] = true;
    let mut stack = vec![top];
    while let Some(b) = stack.pop() {
        for a in 0..m {
            if !member[a] && weak(a, b) {
                member[a] = true;
                stack.push(a);
            }
        }
    }
    (0..m).filter(|&a| member[a]).collect()
}

/// A product policy or distribution over responses, validated: one entry per response,
/// all entries ≥ 0, sum exactly 1.
pub fn validate_distribution(inst: &Instance, pi: &[Q]) -> Result<(), String> {
    if pi.len() != inst.m() {
        return Err(format!(
            "policy has {} entries but the instance has {} responses",
            pi.len(),
            inst.m()
        ));
    }
    if let Some(y) = pi.iter().position(|p| p < &Q::ZERO) {
        return Err(format!(
            "policy gives response `{}` the negative probability {}",
            inst.responses()[y],
            crate::number::fmt_q(&pi[y])
        ));
    }
    let total = crate::number::sum_q(pi);
    if total != Q::ONE {
        return Err(format!(
            "policy probabilities sum to {}, expected exactly 1",
            crate::number::fmt_q(&total)
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::instance::{Instance, UserType};
    use crate::number::{q, qi};

    fn cycle() -> Instance {
        let tiers = |a: usize, b: usize, c: usize| vec![vec![a], vec![b], vec![c]];
        Instance::new(
            vec!["a".into(), "b".into(), "c".into()],
            vec![
                UserType {
                    weight: qi(1),
                    tiers: tiers(0, 1, 2),
                },
                UserType {
                    weight: qi(1),
                    tiers: tiers(1, 2, 0),
                },
                UserType {
                    weight: qi(1),
                    tiers: tiers(2, 0, 1),
                },
            ],
        )
        .unwrap()
    }

    #[test]
    fn shares_split_copies_and_sum_to_one() {
        let inst = cycle();
        let s = shares(&inst, &[0, 0, 1]);
        // user 1 (a>b>c): a,a win, 1/2 each; user 2 (b>c>a): b; user 3 (c>a>b): a,a.
        assert_eq!(s, vec![q(1, 3), q(1, 3), q(1, 3)]);
        assert_eq!(crate::number::sum_q(&s), qi(1));
    }

    #[test]
    fn pref_and_margins_of_cycle() {
        let inst = cycle();
        assert_eq!(pref(&inst, 0, 1), q(2, 3));
        assert_eq!(pref(&inst, 1, 1), q(1, 2));
        let mm = margin_matrix(&inst);
        assert_eq!(mm[0][1], q(1, 6));
        assert_eq!(mm[1][0], q(-1, 6));
        assert_eq!(condorcet_winner(&mm), None);
        assert_eq!(smith_set(&mm), vec![0, 1, 2]);
    }

    #[test]
    fn condorcet_winner_and_smith_set() {
        let inst = Instance::new(
            vec!["a".into(), "b".into(), "c".into()],
            vec![
                UserType {
                    weight: qi(2),
                    tiers: vec![vec![0], vec![1], vec![2]],
                },
                UserType {
                    weight: qi(1),
                    tiers: vec![vec![2], vec![1], vec![0]],
                },
            ],
        )
        .unwrap();
        let mm = margin_matrix(&inst);
        assert_eq!(condorcet_winner(&mm), Some(0));
        assert_eq!(smith_set(&mm), vec![0]);
    }

    #[test]
    fn distribution_validation() {
        let inst = cycle();
        assert!(validate_distribution(&inst, &[q(1, 3), q(1, 3), q(1, 3)]).is_ok());
        assert!(validate_distribution(&inst, &[q(1, 2), q(1, 2)]).is_err());
        assert!(validate_distribution(&inst, &[q(1, 2), q(1, 2), q(1, 2)]).is_err());
        assert!(validate_distribution(&inst, &[q(3, 2), q(-1, 2), qi(0)]).is_err());
    }

    /// The Smith set by its definition (Floyd–Warshall closure of the weak-win relation) on
    /// random instances, against the O(m²) search; the signs from the integer weights against
    /// the signs of the exact margin matrix.
    #[test]
    fn smith_set_and_signs_match_brute_force() {
        use rand::SeedableRng;
        let mut rng = rand::rngs::ChaCha8Rng::seed_from_u64(14);
        for case in 0..300 {
            let m = 1 + case % 9;
            let inst = crate::families::random_weak_orders(&mut rng, m, 1 + case % 5).unwrap();
            let margins = margin_matrix(&inst);
            let signs = margin_signs(&inst);
            assert_eq!(signs, signs_of(&margins));
            let mut reach: Vec<Vec<bool>> = (0..m)
                .map(|a| (0..m).map(|b| a == b || margins[a][b] >= Q::ZERO).collect())
                .collect();
            for k in 0..m {
                for a in 0..m {
                    for b in 0..m {
                        if reach[a][k] && reach[k][b] {
                            reach[a][b] = true;
                        }
                    }
                }
            }
            let brute: Vec<usize> = (0..m).filter(|&a| (0..m).all(|b| reach[a][b])).collect();
            assert_eq!(smith_set_of_signs(&signs), brute, "case {case}");
        }
    }
}
