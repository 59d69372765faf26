//! The certificate format (docs/THEORY.md §8): plain serde types, no mathematics. The format
//! is defined here, once; the solver (`ualign`) builds certificates from these types.
//!
//! A certificate embeds the instance document (the schema of instance files, [`InstanceDoc`]),
//! the SHA-256 of its canonical JSON, and a list of typed claims (serde tag `kind`). Every
//! rational is a string `"p/q"`, `"p"` or a finite decimal; counts (`k`, `ell`, claim references)
//! are JSON integers. The meaning of every field is in `proofs/README.md`.
//!
//! Deserialisation is strict: unknown fields, duplicate fields and duplicate keys in name maps
//! are rejected (serde_json silently keeps the last of duplicate map keys, so [`NameMap`] has its
//! own visitor). Errors are serde_json's, turned into `Malformed` by the caller.

use std::fmt;

use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The `format` tag of instance documents.
pub const INSTANCE_FORMAT: &str = "ualign-instance/1";

/// A tier of a ranking: one name or a list of names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum TierDoc {
    /// A tier with a single response.
    One(String),
    /// A tier of responses the user ranks equal.
    Many(Vec<String>),
}

/// One user type as written in JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserDoc {
    /// Informational.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A positive rational string (weights are normalised).
    pub weight: String,
    /// Tiers, best first; unlisted responses share an implicit bottom tier.
    pub ranking: Vec<TierDoc>,
}

/// An instance as written in JSON (instance files and the `instance` field of certificates).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstanceDoc {
    /// [`INSTANCE_FORMAT`] when present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// Free text, not hashed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Distinct non-empty response names, in order.
    pub responses: Vec<String>,
    /// The user types.
    pub users: Vec<UserDoc>,
}

/// The `format` tag of every certificate.
pub const FORMAT: &str = "ualign-certificate";
/// The schema version this crate writes and checks.
pub const VERSION: u64 = 1;

/// A certificate: the instance it speaks about and the claims made about it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Certificate {
    /// Always [`FORMAT`].
    pub format: String,
    /// Always [`VERSION`].
    pub version: u64,
    /// The producing tool, e.g. `"ualign 0.1.0"` (informational, not checked).
    pub tool: String,
    /// The instance, as its canonical JSON document (`Instance::canonical()`).
    pub instance: InstanceDoc,
    /// Lower-case hex SHA-256 of the canonical compact JSON of `instance`.
    pub instance_sha256: String,
    /// The claims, checked in order; a claim may refer to an earlier one by index.
    #[serde(deserialize_with = "claims_with_index")]
    pub claims: Vec<Claim>,
}

impl Certificate {
    /// Deterministic text: pretty JSON, fields in schema order, maps in the order given,
    /// trailing newline.
    pub fn to_json_string(&self) -> String {
        // Serialising these types cannot fail: every map key is a string.
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }
}

/// One claim about the instance (JSON field `kind` selects the variant).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Claim {
    /// `maximal_lottery`: p is a maximal lottery, pᵀM ≥ 0 (docs/THEORY.md §5).
    MaximalLottery(MaximalLotteryClaim),
    /// `nlhf_robust_win_rate`: R_k(p^{⊗k}) of a maximal lottery p (docs/THEORY.md §5).
    NlhfRobustWinRate(NlhfRobustWinRateClaim),
    /// `equilibrium`: a symmetric (ε-)equilibrium of the (k+1)-player game (docs/THEORY.md §4).
    Equilibrium(EquilibriumClaim),
    /// `koutput_value`: v*_k, the value of the best k-output policy (docs/THEORY.md §6).
    KoutputValue(KOutputValueClaim),
    /// `robust_win_rate`: R_{k,ℓ} of a product or mixture policy (docs/THEORY.md §3).
    RobustWinRate(RobustWinRateClaim),
    /// `barrier`: R_k of the unique maximal lottery stays ≤ ½ + eps (docs/THEORY.md §5).
    Barrier(BarrierClaim),
}

impl Claim {
    /// The `kind` string of this claim.
    pub fn kind(&self) -> &'static str {
        match self {
            Claim::MaximalLottery(_) => "maximal_lottery",
            Claim::NlhfRobustWinRate(_) => "nlhf_robust_win_rate",
            Claim::Equilibrium(_) => "equilibrium",
            Claim::KoutputValue(_) => "koutput_value",
            Claim::RobustWinRate(_) => "robust_win_rate",
            Claim::Barrier(_) => "barrier",
        }
    }
}

/// `p` is a maximal lottery (pᵀM ≥ 0); if `unique`, the polytope of maximal lotteries is {p}.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MaximalLotteryClaim {
    /// The lottery p ∈ Δ(Y), one probability per response name.
    pub p: NameMap,
    /// Whether p is claimed to be the only maximal lottery.
    pub unique: bool,
    /// Required when `unique`: one entry per response proving min p'(y) = max p'(y) = p(y).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uniqueness: Option<Vec<UniquenessEvidence>>,
    /// Required when not `unique`: a second maximal lottery different from `p`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alternative: Option<NameMap>,
}

/// LP duals bounding p'(response) over all maximal lotteries p'.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UniquenessEvidence {
    /// The response y whose probability p'(y) the two bounds pin to p(y).
    pub response: String,
    /// `bound` = t, `lambda` = λ ≥ 0 with (Mλ)(z) + t ≤ [z = response] for all z: p'(y) ≥ t.
    pub lower: DualBound,
    /// `bound` = u, `lambda` = μ ≥ 0 with (Mμ)(z) + [z = response] ≤ u for all z: p'(y) ≤ u.
    pub upper: DualBound,
}

/// A bound and its dual multipliers (one per column y' of M).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DualBound {
    /// The bound t (lower) or u (upper) on p'(y) over all maximal lotteries p'.
    pub bound: String,
    /// The multipliers λ(y') ≥ 0, one per response y' (column of M).
    pub lambda: NameMap,
}

/// R_k(policy^{⊗k}) = value, attained at `worst_opponent`; `policy` is a maximal lottery.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NlhfRobustWinRateClaim {
    /// The maximal lottery p, sampled k times independently.
    pub policy: NameMap,
    /// The number of outputs k ≥ 1.
    pub k: u64,
    /// R_k(p^{⊗k}) = 1 − max_y U_k(y, p), exactly.
    pub value: String,
    /// A single response y attaining the maximum: 1 − U_k(y, p) = `value`.
    pub worst_opponent: String,
}

/// How an equilibrium claim is established.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EquilibriumStatus {
    /// `policy` is an exact symmetric equilibrium (`exploitability` is `"0"`).
    Exact,
    /// An exact equilibrium lies in `box`; `policy` is a rational point of the box.
    CertifiedBox,
    /// `policy` is an ε-equilibrium with ε = `exploitability`.
    Epsilon,
}

/// A symmetric equilibrium claim of the (k+1)-player game.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EquilibriumClaim {
    /// The number of outputs k ≥ 1 (the game has k + 1 players).
    pub k: u64,
    /// What the claim establishes: exact, an ε-equilibrium, or an exact one in a box.
    pub status: EquilibriumStatus,
    /// The rational policy π ∈ Δ(Y).
    pub policy: NameMap,
    /// Upper bound on ε(policy) = max_y U_k(y, policy) − 1/(k+1) (exactly 0 for `exact`).
    pub exploitability: String,
    /// Required for `certified-box`, absent otherwise.
    #[serde(rename = "box", default, skip_serializing_if = "Option::is_none")]
    pub box_data: Option<BoxData>,
}

/// A box around an exact equilibrium, checked by a Krawczyk interval-Newton test.
///
/// With `support` = s_1..s_r, the unknowns are x_i = π(s_i) for i < r, π(s_r) = 1 − Σ x_i,
/// π = 0 off the support, and F_i(x) = U_k(s_i, π) − U_k(s_r, π) for i < r.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BoxData {
    /// The support, r ≥ 1 distinct names; the last is eliminated.
    pub support: Vec<String>,
    /// Lower bounds of π*(s_i), i = 1..r (the last one bounds 1 − Σ x_i).
    pub lo: Vec<String>,
    /// Upper bounds of π*(s_i), i = 1..r.
    pub hi: Vec<String>,
    /// x̃ ∈ X, r − 1 entries.
    pub center: Vec<String>,
    /// C, an (r − 1) × (r − 1) rational matrix (rows), ideally ≈ J(x̃)⁻¹.
    pub preconditioner: Vec<Vec<String>>,
    /// When present, the enclosures are computed with this many bits in outward-rounded
    /// arithmetic and the bounds must be dyadic (docs/THEORY.md §10.1); absent: exact rationals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ball_precision: Option<u64>,
    /// A touching box (docs/THEORY.md §10.3): the off-support response `response` has mass
    /// π(y) ∈ [0, t_hi] in the box (`lo[r]`/`hi[r]` then bound 1 − Σ x_i − π(y)); exact only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub touching: Option<TouchingData>,
    /// A segment box (docs/THEORY.md §10.4): the equilibrium is proved on a rational segment
    /// inside the box by exact polynomial identities instead of the Krawczyk test (`center` and
    /// `preconditioner` are then not used); exact only, without `touching`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment: Option<Box<SegmentData>>,
}

/// The segment π(s) = (1 − s)·from + s·to, s ∈ [0, 1], and the decompositions
/// f_z = q_z·g + r_z of f_z(s) = U_k(z, π(s)) − 1/(k+1) (polynomials: coefficients from the
/// constant term up).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SegmentData {
    /// π(s_i) at s = 0, i = 1..r (support order; zero off the support).
    pub from: Vec<String>,
    /// π(s_i) at s = 1, i = 1..r.
    pub to: Vec<String>,
    /// The divisor g, of degree ≥ 1, with g(0)·g(1) < 0.
    pub divisor: Vec<String>,
    /// q_z for every response z, in the order of the instance's `responses`.
    pub quotients: Vec<Vec<String>>,
    /// r_z for every response z, in the order of the instance's `responses` (zero on the support).
    pub remainders: Vec<Vec<String>>,
}

/// The parameter response of a touching box and the end box at π(y) = t_hi.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TouchingData {
    /// The off-support response y whose mass is the parameter.
    pub response: String,
    /// t_hi > 0: π(y) ranges over [0, t_hi] in the box.
    pub t_hi: String,
    /// A box inside `box` for π(y) = t_hi (same support order and preconditioner), in which
    /// U_k(y, ·) < U_k(s_r, ·).
    pub end_box: EndBox,
}

/// Bounds and centre of the end box of a touching box (as in [`BoxData`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EndBox {
    /// Lower bounds of π(s_i), i = 1..r (the last one bounds 1 − Σ x_i − t_hi).
    pub lo: Vec<String>,
    /// Upper bounds of π(s_i), i = 1..r.
    pub hi: Vec<String>,
    /// x̃ ∈ the end box, r − 1 entries.
    pub center: Vec<String>,
}

/// A k-multiset of responses with its probability.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MultisetMass {
    /// The multiset S, as names (repetitions allowed, any order).
    pub responses: Vec<String>,
    /// x(S), the probability the policy answers with S.
    pub probability: String,
}

/// The value v*_k of the best k-output policy (LP of docs/THEORY.md §6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KOutputValueClaim {
    /// The number of outputs k ≥ 1.
    pub k: u64,
    /// v*_k exactly (exclusive with `bracket`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// lower ≤ v*_k ≤ upper (exclusive with `value`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bracket: Option<[String; 2]>,
    /// x: a distribution over k-multisets with min_{y'} WR_{k,1}(x, y') ≥ lower.
    pub primal: Vec<MultisetMass>,
    /// σ ∈ Δ(Y) with WR_{k,1}(S, σ) ≤ upper for every k-multiset S.
    pub dual: NameMap,
}

/// A k-output policy: a product π^{⊗k} or an explicit mixture of k-multisets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PolicySpec {
    /// π^{⊗k}: k independent samples from π ∈ Δ(Y).
    Product(NameMap),
    /// An explicit distribution over k-multisets.
    Mixture(Vec<MultisetMass>),
}

/// R_{k,ℓ}(policy) = value (minimum over all ℓ-multisets), attained at `worst_opponent`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RobustWinRateClaim {
    /// The number of outputs k ≥ 1 of the policy.
    pub k: u64,
    /// The number of outputs ℓ ≥ 1 of the opponent.
    pub ell: u64,
    /// The k-output policy.
    pub policy: PolicySpec,
    /// R_{k,ℓ}(policy) = min over ℓ-multisets O of WR_{k,ℓ}(policy, O), exactly.
    pub value: String,
    /// An ℓ-multiset O attaining the minimum.
    pub worst_opponent: Vec<String>,
}

/// The NLHF barrier: the unique maximal lottery of claim `maximal_lottery_claim`, sampled k
/// times, has R_k ≤ ½ + eps for every listed k, witnessed by a single-response opponent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BarrierClaim {
    /// The margin eps > 0 of the barrier: each bound is ≤ ½ + eps.
    pub eps: String,
    /// Index of an earlier `maximal_lottery` claim with `unique: true`.
    pub maximal_lottery_claim: u64,
    /// One witnessed bound per k.
    pub bounds: Vec<BarrierBound>,
}

/// WR_{k,1}(p^{⊗k}, opponent) = win_rate ≤ ½ + eps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BarrierBound {
    /// The number of outputs k ≥ 1.
    pub k: u64,
    /// The single-response opponent y.
    pub opponent: String,
    /// WR_{k,1}(p^{⊗k}, y) = 1 − U_k(y, p), exactly.
    pub win_rate: String,
}

/// A JSON object mapping response names to rational strings, kept in document order.
/// Deserialisation rejects duplicate keys and non-string values.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NameMap(pub Vec<(String, String)>);

impl Serialize for NameMap {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for NameMap {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = NameMap;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object mapping response names to rational strings like \"1/3\"")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<NameMap, A::Error> {
                let mut out: Vec<(String, String)> = Vec::new();
                let mut seen = std::collections::HashSet::new();
                while let Some((k, v)) = a.next_entry::<String, String>()? {
                    if !seen.insert(k.clone()) {
                        return Err(de::Error::custom(format!("duplicate key `{k}`")));
                    }
                    out.push((k, v));
                }
                Ok(NameMap(out))
            }
        }
        d.deserialize_map(V)
    }
}

/// Deserialises the claim list, naming the index of a claim that does not parse.
fn claims_with_index<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Claim>, D::Error> {
    struct V;
    impl<'de> Visitor<'de> for V {
        type Value = Vec<Claim>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a list of claims")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Vec<Claim>, A::Error> {
            let mut out = Vec::new();
            loop {
                let i = out.len();
                match a.next_element::<Claim>() {
                    Ok(Some(c)) => out.push(c),
                    Ok(None) => return Ok(out),
                    Err(e) => return Err(de::Error::custom(format!("claims[{i}]: {e}"))),
                }
            }
        }
    }
    d.deserialize_seq(V)
}
