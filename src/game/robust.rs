//! Robust win rates (docs/THEORY.md §3, §4 and §6): product policies π^{⊗k} and explicit
//! k-output mixtures, against single responses and against ℓ-multisets.

use crate::instance::Instance;
use crate::number::{CommonDen, IBig, Q, UBig, q, qi};

use super::multiset::{binomial, multisets};
use super::payoff::deviation_payoffs;
use super::shares;

/// An explicit k-output policy: probabilities on k-multisets (sorted index lists).
///
/// The optimal 2-output policy of the Condorcet cycle shows two distinct responses, each pair
/// with probability 1/3; its robust win rate is v*_2 = 13/18, above the product ceiling 2/3
/// (docs/THEORY.md §3, §6):
///
/// ```
/// use ualign::{Mixture, number::q};
/// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/instances");
/// let cycle = ualign::Instance::from_path(format!("{dir}/condorcet-cycle-3.json"))?;
/// let third = q(1, 3);
/// let pairs = [vec![0, 1], vec![2, 0], vec![1, 2]]; // {a, b}, {c, a}, {b, c}
/// let mut mix = Mixture { k: 2, entries: pairs.map(|s| (s, third.clone())).to_vec() };
/// mix.validate(&cycle)?; // k entries each, probabilities sum to 1; sorts {c, a} to [0, 2]
/// assert_eq!(mix.entries[1].0, [0, 2]);
/// let r = ualign::game::mixture_robust(&cycle, &mix, 1);
/// assert_eq!(r.robust_win_rate, q(13, 18));
/// assert_eq!(r.product_ceiling, q(2, 3)); // k/(k+ℓ): what no product policy exceeds
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mixture {
    /// The number of outputs k ≥ 1: every multiset has k entries.
    pub k: usize,
    /// (S, ρ(S)): a k-multiset of response indices and its probability; Σ ρ(S) = 1.
    pub entries: Vec<(Vec<usize>, Q)>,
}

/// Why a [`Mixture`] is not a k-output policy (multisets are numbered from 1 in messages).
///
/// ```
/// use ualign::{Mixture, MixtureError, number::q};
/// let inst = ualign::instance::json::parse(r#"{"responses": ["a", "b"],
///     "users": [{"weight": "1", "ranking": ["a", "b"]}]}"#)?;
/// let mut mix = Mixture { k: 2, entries: vec![(vec![0, 1], q(1, 2)), (vec![1, 1], q(1, 3))] };
/// let err = mix.validate(&inst).unwrap_err();
/// assert_eq!(err, MixtureError::SumNotOne("5/6".into()));
/// assert_eq!(err.to_string(), "mixture probabilities sum to 5/6, expected exactly 1");
/// let mut short = Mixture { k: 2, entries: vec![(vec![0], q(1, 1))] };
/// assert_eq!(short.validate(&inst), Err(MixtureError::WrongSize { index: 1, len: 1, k: 2 }));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MixtureError {
    /// k = 0.
    #[error("k must be at least 1")]
    ZeroK,
    /// No multiset at all.
    #[error("mixture has no multisets")]
    Empty,
    /// Multiset `index` (1-based) has `len` ≠ k responses.
    #[error("multiset {index} has {len} responses, expected k = {k}")]
    WrongSize {
        /// The multiset's 1-based position.
        index: usize,
        /// Its number of responses.
        len: usize,
        /// The policy's k.
        k: usize,
    },
    /// Multiset `index` (1-based) uses a response index ≥ m.
    #[error("multiset {index} uses unknown response index {response}")]
    UnknownResponse {
        /// The multiset's 1-based position.
        index: usize,
        /// The out-of-range response index.
        response: usize,
    },
    /// Multiset `index` (1-based) has a probability below 0.
    #[error("multiset {0} has a negative probability")]
    Negative(usize),
    /// Σ_S ρ(S) ≠ 1 (the sum, printed `p/q`).
    #[error("mixture probabilities sum to {0}, expected exactly 1")]
    SumNotOne(String),
}

impl Mixture {
    /// Checks: k ≥ 1, every multiset has k valid indices, probabilities ≥ 0 summing to 1.
    /// Multisets are sorted in place so that equal multisets compare equal.
    pub fn validate(&mut self, inst: &Instance) -> Result<(), MixtureError> {
        if self.k == 0 {
            return Err(MixtureError::ZeroK);
        }
        if self.entries.is_empty() {
            return Err(MixtureError::Empty);
        }
        for (i, (s, p)) in self.entries.iter_mut().enumerate() {
            if s.len() != self.k {
                return Err(MixtureError::WrongSize {
                    index: i + 1,
                    len: s.len(),
                    k: self.k,
                });
            }
            if let Some(&y) = s.iter().find(|&&y| y >= inst.m()) {
                return Err(MixtureError::UnknownResponse {
                    index: i + 1,
                    response: y,
                });
            }
            if *p < Q::ZERO {
                return Err(MixtureError::Negative(i + 1));
            }
            s.sort_unstable();
        }
        let total = crate::number::sum_q(self.entries.iter().map(|(_, p)| p));
        if total != Q::ONE {
            return Err(MixtureError::SumNotOne(crate::number::fmt_q(&total)));
        }
        Ok(())
    }
}

/// Everything about a product policy π^{⊗k} against single responses.
///
/// The identity R_k(π^{⊗k}) = k/(k+1) − ε(π) (docs/THEORY.md §4), on B(1/10) with the uniform
/// policy at k = 2:
///
/// ```
/// use ualign::number::q;
/// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/instances");
/// let inst = ualign::Instance::from_path(format!("{dir}/barrier-eps-1-10.json"))?;
/// let r = ualign::product_report(&inst, &[q(1, 2), q(1, 2)], 2);
/// assert_eq!(r.payoffs, [q(23, 60), q(17, 60)]); // U_2(a, π), U_2(b, π)
/// assert_eq!(q(1, 2) * &r.payoffs[0] + q(1, 2) * &r.payoffs[1], q(1, 3)); // Σ_y π(y)U_k(y, π)
/// assert_eq!(r.worst_opponent, 0);
/// assert_eq!(r.exploitability, q(1, 20)); // 23/60 − 1/3
/// assert_eq!(r.robust_win_rate, q(2, 3) - &r.exploitability); // 37/60
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductReport {
    /// The number of samples k ≥ 1.
    pub k: usize,
    /// U_k(y, π) for every y.
    pub payoffs: Vec<Q>,
    /// R_k(π^{⊗k}) = 1 − max_y U_k(y, π).
    pub robust_win_rate: Q,
    /// ε(π) = max_y U_k(y, π) − 1/(k+1) (≥ 0 for distributions).
    pub exploitability: Q,
    /// The first y attaining max_y U_k(y, π).
    pub worst_opponent: usize,
}

/// U_k for all y, R_k(π^{⊗k}), ε(π) and the worst single-response opponent (§4).
///
/// NLHF's barrier on B(1/10) (docs/THEORY.md §5): δ_a sampled k times stays at 1/2 + 1/10 for
/// every k ≥ 2, the rival answering b; the equilibrium (4/5, 1/5) of k = 2 reaches 2/3.
///
/// ```
/// use ualign::number::q;
/// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/instances");
/// let inst = ualign::Instance::from_path(format!("{dir}/barrier-eps-1-10.json"))?;
/// let delta_a = [q(1, 1), q(0, 1)];
/// assert_eq!(ualign::product_report(&inst, &delta_a, 1).robust_win_rate, q(1, 2));
/// for k in 2..=6 {
///     let r = ualign::product_report(&inst, &delta_a, k);
///     assert_eq!((r.robust_win_rate, r.worst_opponent), (q(3, 5), 1));
/// }
/// let r = ualign::product_report(&inst, &[q(4, 5), q(1, 5)], 2);
/// assert_eq!((r.robust_win_rate, r.exploitability), (q(2, 3), q(0, 1)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn product_report(inst: &Instance, pi: &[Q], k: usize) -> ProductReport {
    let payoffs = deviation_payoffs(inst, pi, k);
    let (worst, max) = crate::number::argmax_q(&payoffs)
        .expect("deviation_payoffs has one entry per response and an Instance has m >= 1");
    let max = max.clone();
    ProductReport {
        k,
        robust_win_rate: qi(1) - &max,
        exploitability: max - q(1, k as u64 + 1),
        worst_opponent: worst,
        payoffs,
    }
}

/// Robust win rate against ℓ-multiset opponents and where it lies between the union-bound line
/// (k+1−ℓ)/(k+1) and the product-policy ceiling k/(k+ℓ) (§6).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RobustReport {
    /// The number of outputs k ≥ 1 of the policy ρ.
    pub k: usize,
    /// The number of outputs ℓ ≥ 1 of the opponent.
    pub ell: usize,
    /// R_{k,ℓ} = min over ℓ-multisets O of WR_{k,ℓ}(ρ, O).
    pub robust_win_rate: Q,
    /// The first ℓ-multiset (lexicographic) attaining the minimum.
    pub worst_opponent: Vec<usize>,
    /// max(0, (k+1−ℓ)/(k+1)): the union-bound guarantee at an equilibrium.
    pub union_bound: Q,
    /// k/(k+ℓ): the ceiling for product policies.
    pub product_ceiling: Q,
}

/// ((k+1−ℓ)/(k+1) clamped at 0, k/(k+ℓ)).
fn reference_lines(k: usize, ell: usize) -> (Q, Q) {
    let union = (Q::from(IBig::from(k as i64 + 1 - ell as i64)) / qi(k as i64 + 1)).max(Q::ZERO);
    (union, q(k as i64, (k + ell) as u64))
}

/// E_{S∼π^{⊗k}}[total share of the opponent's positions O] (exact polynomial in π).
///
/// For user u let t* be the best tier among O, c the number of O's positions in it, p the π-mass of
/// tier t* and r the mass strictly below. Then O's share for u is
/// `Σ_{j=0..k} C(k,j) p^j r^(k−j) · c/(c+j)`. An empty opponent (ℓ = 0) shows nothing and has
/// share 0.
pub fn product_opponent_share(inst: &Instance, pi: &[Q], k: usize, opponent: &[usize]) -> Q {
    if opponent.is_empty() {
        return Q::ZERO;
    }
    let pd = CommonDen::new(pi);
    let (weights, total) = inst.integer_weights();
    let ell = opponent.len();
    let lcm = IBig::from(crate::number::lcm_range(ell + k));
    let binoms: Vec<IBig> = (0..=k).map(|j| binomial(k, j)).collect();
    let mut sum = IBig::ZERO;
    for (u, w) in weights.iter().enumerate() {
        let ranks = &inst.rank_table()[u];
        let best = opponent
            .iter()
            .map(|&o| ranks[o])
            .min()
            .expect("opponent checked non-empty above");
        let c = opponent.iter().filter(|&&o| ranks[o] == best).count() as u64;
        let mut p = IBig::ZERO;
        let mut r = IBig::ZERO;
        for (y, &ry) in ranks.iter().enumerate() {
            if ry == best {
                p += &pd.nums[y];
            } else if ry > best {
                r += &pd.nums[y];
            }
        }
        let mut inner = IBig::ZERO;
        for (j, b) in binoms.iter().enumerate() {
            let factor = IBig::from(c) * (&lcm / IBig::from(c + j as u64));
            inner += b * p.pow(j) * r.pow(k - j) * factor;
        }
        sum += inner * w;
    }
    let den = total * lcm * IBig::from(pd.den.pow(k));
    Q::from_parts(
        sum,
        UBig::try_from(den).expect("total weight (an Instance invariant), lcm and π's den are > 0"),
    )
}

/// R_{k,ℓ}(π^{⊗k}) = 1 − max over ℓ-multisets O of the opponent's expected share.
pub fn product_robust_ell(inst: &Instance, pi: &[Q], k: usize, ell: usize) -> RobustReport {
    worst_over_opponents(inst.m(), k, ell, |o| {
        qi(1) - product_opponent_share(inst, pi, k, o)
    })
}

/// WR_{k,ℓ}(ρ, O) = 1 − Σ_S x_S · (sum of O's shares in the presentation S ++ O), by definition.
pub fn mixture_win_rate(inst: &Instance, mix: &Mixture, opponent: &[usize]) -> Q {
    let mut opp = Q::ZERO;
    for (s, p) in &mix.entries {
        if *p == Q::ZERO {
            continue;
        }
        let mut presentation = s.clone();
        presentation.extend_from_slice(opponent);
        let sh = shares(inst, &presentation);
        let o_share = crate::number::sum_q(&sh[s.len()..]);
        opp += o_share * p;
    }
    qi(1) - opp
}

/// R_{k,ℓ}(ρ) of an explicit mixture: the minimum over all ℓ-multisets.
pub fn mixture_robust(inst: &Instance, mix: &Mixture, ell: usize) -> RobustReport {
    worst_over_opponents(inst.m(), mix.k, ell, |o| mixture_win_rate(inst, mix, o))
}

fn worst_over_opponents(
    m: usize,
    k: usize,
    ell: usize,
    mut win_rate: impl FnMut(&[usize]) -> Q,
) -> RobustReport {
    let mut best: Option<(Q, Vec<usize>)> = None;
    for o in multisets(m, ell) {
        let wr = win_rate(&o);
        if best.as_ref().is_none_or(|(b, _)| wr < *b) {
            best = Some((wr, o));
        }
    }
    let (rate, worst) =
        best.expect("m >= 1 (an Instance invariant): at least one ℓ-multiset, even for ℓ = 0");
    let (union_bound, product_ceiling) = reference_lines(k, ell);
    RobustReport {
        k,
        ell,
        robust_win_rate: rate,
        worst_opponent: worst,
        union_bound,
        product_ceiling,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::game::multiset::multinomial_probability;

    fn barrier() -> Instance {
        crate::instance::json::parse(
            r#"{"responses":["a","b"],"users":[
            {"weight":"3/5","ranking":[["a"],["b"]]},{"weight":"2/5","ranking":[["b"],["a"]]}]}"#,
        )
        .unwrap()
    }

    #[test]
    fn barrier_delta_a() {
        let inst = barrier();
        let pi = [qi(1), qi(0)];
        assert_eq!(product_report(&inst, &pi, 1).robust_win_rate, q(1, 2));
        for k in 2..=6 {
            let r = product_report(&inst, &pi, k);
            assert_eq!(r.robust_win_rate, q(3, 5), "k = {k}");
            assert_eq!(r.worst_opponent, 1);
        }
    }

    #[test]
    fn product_ell_matches_mixture_of_product() {
        let inst = barrier();
        let pi = [q(4, 5), q(1, 5)];
        for k in 1..=3 {
            let mix = Mixture {
                k,
                entries: multisets(2, k)
                    .map(|s| {
                        let p = multinomial_probability(&pi, &s);
                        (s, p)
                    })
                    .collect(),
            };
            for ell in 1..=3 {
                let a = product_robust_ell(&inst, &pi, k, ell);
                let b = mixture_robust(&inst, &mix, ell);
                assert_eq!(a.robust_win_rate, b.robust_win_rate, "k={k} ell={ell}");
            }
        }
    }

    #[test]
    fn an_empty_opponent_has_share_zero() {
        let inst = barrier();
        let pi = [q(4, 5), q(1, 5)];
        assert_eq!(product_opponent_share(&inst, &pi, 2, &[]), Q::ZERO);
        let r = product_robust_ell(&inst, &pi, 2, 0);
        assert_eq!((r.robust_win_rate, r.worst_opponent), (qi(1), vec![]));
        assert_eq!((r.union_bound, r.product_ceiling), (qi(1), qi(1)));
        // ℓ = 1 is unchanged: the k = 2 equilibrium of B(1/10) reaches 2/3.
        assert_eq!(
            product_robust_ell(&inst, &pi, 2, 1).robust_win_rate,
            q(2, 3)
        );
    }
}
