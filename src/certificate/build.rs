//! Builders: turn solver results (index-based vectors of exact rationals) into certificate
//! claims and a certificate document. No mathematics is done here: what a builder receives is
//! written out as given, and [`crate::verify`] decides whether it holds.
//!
//! Vectors indexed by response have one entry per response of the instance (`inst.m()`); maps
//! are written in the instance's response order, zeros included. Multisets are index lists.

use super::{
    BarrierBound, BarrierClaim, BoxData, Certificate, Claim, DualBound, EquilibriumClaim,
    EquilibriumStatus, FORMAT, KOutputValueClaim, MaximalLotteryClaim, MultisetMass, NameMap,
    NlhfRobustWinRateClaim, PolicySpec, RobustWinRateClaim, UniquenessEvidence, VERSION,
};
use crate::instance::{Instance, json};
use crate::number::{Q, fmt_q};

/// Building a [`Certificate`] from a solver [`Instance`] (a trait because the type is the
/// checker's; bring it into scope to call `Certificate::new`).
pub trait CertificateBuild {
    /// A certificate about `inst` (embedded in canonical form, with its SHA-256).
    fn new(inst: &Instance, claims: Vec<Claim>) -> Self;
}

impl CertificateBuild for Certificate {
    fn new(inst: &Instance, claims: Vec<Claim>) -> Self {
        Certificate {
            format: FORMAT.to_string(),
            version: VERSION,
            tool: format!("ualign {}", env!("CARGO_PKG_VERSION")),
            instance: json::to_document(&inst.canonical()),
            instance_sha256: inst.sha256(),
            claims,
        }
    }
}

/// `{name: "p/q"}` for a vector indexed by response.
pub fn name_map(inst: &Instance, values: &[Q]) -> NameMap {
    NameMap(
        inst.responses()
            .iter()
            .zip(values)
            .map(|(n, v)| (n.clone(), fmt_q(v)))
            .collect(),
    )
}

fn names(inst: &Instance, idx: &[usize]) -> Vec<String> {
    idx.iter().map(|&y| inst.responses()[y].clone()).collect()
}

fn masses(inst: &Instance, entries: &[(Vec<usize>, Q)]) -> Vec<MultisetMass> {
    entries
        .iter()
        .map(|(s, p)| MultisetMass {
            responses: names(inst, s),
            probability: fmt_q(p),
        })
        .collect()
}

fn strings(xs: &[Q]) -> Vec<String> {
    xs.iter().map(fmt_q).collect()
}

/// Dual multipliers proving min p'(y) = max p'(y) = p(y) over the maximal lotteries p'
/// (see `proofs/README.md`): `lower` = λ with (Mλ)(z) + p(y) ≤ [z = y] for all z, `upper` = μ
/// with (Mμ)(z) + [z = y] ≤ p(y) for all z, both ≥ 0 and indexed by response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UniquenessDuals {
    /// λ ≥ 0 (one entry per response) with (Mλ)(z) + p(y) ≤ [z = y] for all z.
    pub lower: Vec<Q>,
    /// μ ≥ 0 (one entry per response) with (Mμ)(z) + [z = y] ≤ p(y) for all z.
    pub upper: Vec<Q>,
}

/// Constructors of each [`Claim`] kind from solver results (a trait because the type is the
/// checker's; bring it into scope to call `Claim::maximal_lottery_unique` etc.).
pub trait ClaimBuild {
    /// `p` is the unique maximal lottery; `duals[y]` bounds p'(y) from both sides.
    fn maximal_lottery_unique(inst: &Instance, p: &[Q], duals: &[UniquenessDuals]) -> Claim {
        let uniqueness = duals
            .iter()
            .enumerate()
            .map(|(y, d)| UniquenessEvidence {
                response: inst.responses()[y].clone(),
                lower: DualBound {
                    bound: fmt_q(&p[y]),
                    lambda: name_map(inst, &d.lower),
                },
                upper: DualBound {
                    bound: fmt_q(&p[y]),
                    lambda: name_map(inst, &d.upper),
                },
            })
            .collect();
        Claim::MaximalLottery(MaximalLotteryClaim {
            p: name_map(inst, p),
            unique: true,
            uniqueness: Some(uniqueness),
            alternative: None,
        })
    }

    /// `p` is a maximal lottery and `alternative` is another one (so it is not unique).
    fn maximal_lottery_non_unique(inst: &Instance, p: &[Q], alternative: &[Q]) -> Claim {
        Claim::MaximalLottery(MaximalLotteryClaim {
            p: name_map(inst, p),
            unique: false,
            uniqueness: None,
            alternative: Some(name_map(inst, alternative)),
        })
    }

    /// R_k(p^{⊗k}) = value for the maximal lottery p, attained at response `worst`.
    fn nlhf_robust_win_rate(inst: &Instance, p: &[Q], k: usize, value: &Q, worst: usize) -> Claim {
        Claim::NlhfRobustWinRate(NlhfRobustWinRateClaim {
            policy: name_map(inst, p),
            k: k as u64,
            value: fmt_q(value),
            worst_opponent: inst.responses()[worst].clone(),
        })
    }

    /// `pi` is an exact symmetric equilibrium of the (k+1)-player game.
    fn equilibrium_exact(inst: &Instance, k: usize, pi: &[Q]) -> Claim {
        Claim::Equilibrium(EquilibriumClaim {
            k: k as u64,
            status: EquilibriumStatus::Exact,
            policy: name_map(inst, pi),
            exploitability: "0".into(),
            box_data: None,
        })
    }

    /// `pi` is an ε-equilibrium: U_k(y, pi) ≤ 1/(k+1) + eps for every y.
    fn equilibrium_epsilon(inst: &Instance, k: usize, pi: &[Q], eps: &Q) -> Claim {
        Claim::Equilibrium(EquilibriumClaim {
            k: k as u64,
            status: EquilibriumStatus::Epsilon,
            policy: name_map(inst, pi),
            exploitability: fmt_q(eps),
            box_data: None,
        })
    }

    /// An exact equilibrium lies in the box; `pi` is a rational point of the box with
    /// ε(pi) ≤ eps. `support` lists response indices (last one eliminated); `lo`, `hi` have
    /// one entry per support element, `center` and the rows of `preconditioner` r − 1.
    #[allow(clippy::too_many_arguments)]
    fn equilibrium_box(
        inst: &Instance,
        k: usize,
        pi: &[Q],
        eps: &Q,
        support: &[usize],
        lo: &[Q],
        hi: &[Q],
        center: &[Q],
        preconditioner: &[Vec<Q>],
    ) -> Claim {
        Claim::Equilibrium(EquilibriumClaim {
            k: k as u64,
            status: EquilibriumStatus::CertifiedBox,
            policy: name_map(inst, pi),
            exploitability: fmt_q(eps),
            box_data: Some(BoxData {
                support: names(inst, support),
                lo: strings(lo),
                hi: strings(hi),
                center: strings(center),
                preconditioner: preconditioner.iter().map(|r| strings(r)).collect(),
                ball_precision: None,
                touching: None,
                segment: None,
            }),
        })
    }

    /// v*_k = value: primal x (k-multisets with probabilities) and dual σ (indexed by response).
    fn koutput_value(
        inst: &Instance,
        k: usize,
        value: &Q,
        primal: &[(Vec<usize>, Q)],
        dual: &[Q],
    ) -> Claim {
        Claim::KoutputValue(KOutputValueClaim {
            k: k as u64,
            value: Some(fmt_q(value)),
            bracket: None,
            primal: masses(inst, primal),
            dual: name_map(inst, dual),
        })
    }

    /// lower ≤ v*_k ≤ upper, with the same primal and dual evidence as [`Claim::koutput_value`].
    fn koutput_bracket(
        inst: &Instance,
        k: usize,
        lower: &Q,
        upper: &Q,
        primal: &[(Vec<usize>, Q)],
        dual: &[Q],
    ) -> Claim {
        Claim::KoutputValue(KOutputValueClaim {
            k: k as u64,
            value: None,
            bracket: Some([fmt_q(lower), fmt_q(upper)]),
            primal: masses(inst, primal),
            dual: name_map(inst, dual),
        })
    }

    /// R_{k,ℓ}(pi^{⊗k}) = value, attained at the ℓ-multiset `worst`.
    fn robust_product(
        inst: &Instance,
        k: usize,
        ell: usize,
        pi: &[Q],
        value: &Q,
        worst: &[usize],
    ) -> Claim {
        Claim::RobustWinRate(RobustWinRateClaim {
            k: k as u64,
            ell: ell as u64,
            policy: PolicySpec::Product(name_map(inst, pi)),
            value: fmt_q(value),
            worst_opponent: names(inst, worst),
        })
    }

    /// R_{k,ℓ}(ρ) = value for the explicit mixture ρ of k-multisets, attained at `worst`.
    fn robust_mixture(
        inst: &Instance,
        k: usize,
        ell: usize,
        entries: &[(Vec<usize>, Q)],
        value: &Q,
        worst: &[usize],
    ) -> Claim {
        Claim::RobustWinRate(RobustWinRateClaim {
            k: k as u64,
            ell: ell as u64,
            policy: PolicySpec::Mixture(masses(inst, entries)),
            value: fmt_q(value),
            worst_opponent: names(inst, worst),
        })
    }

    /// The barrier: the unique maximal lottery of claim number `ml_claim` has, for each
    /// `(k, opponent, win_rate)`, WR_{k,1}(p^{⊗k}, opponent) = win_rate ≤ ½ + eps.
    fn barrier(inst: &Instance, eps: &Q, ml_claim: usize, bounds: &[(usize, usize, Q)]) -> Claim {
        Claim::Barrier(BarrierClaim {
            eps: fmt_q(eps),
            maximal_lottery_claim: ml_claim as u64,
            bounds: bounds
                .iter()
                .map(|(k, o, w)| BarrierBound {
                    k: *k as u64,
                    opponent: inst.responses()[*o].clone(),
                    win_rate: fmt_q(w),
                })
                .collect(),
        })
    }
}

impl ClaimBuild for Claim {}
