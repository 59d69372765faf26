//! The checker's own instance reader, canonical form and hash, and evaluator (P(y ≻ z), shares,
//! win rates, U_k), written directly from docs/THEORY.md §1–§4. Exact throughout; the
//! solver's independent implementation is cross-tested against this one (`tests/` at the root).
//! Errors: `Malformed` for an invalid instance document.

use std::collections::{BTreeMap, HashMap, HashSet};

use sha2::{Digest, Sha256};

use crate::Fail;
use crate::cost;
use crate::format::{INSTANCE_FORMAT as FORMAT, InstanceDoc, TierDoc, UserDoc};
use crate::limits::{
    MAX_PROFILE_ENTRIES, MAX_RESPONSES, MAX_USER_TYPES, MAX_WEIGHT_DENOMINATOR_BITS,
};
use num_bigint::BigInt;

use std::cmp::Ordering;

use crate::number::{CommonDen, Q, approx, fmt_q, int, lcm, one, parse_q, show, zero};
use crate::reader::SizeBound;

/// A validated preference profile: `rank[u][y]` = tier of y for user u (0 best; unlisted
/// responses share the bottom tier `tiers.len()`), ω_u normalised weights.
#[derive(Debug, Clone)]
pub struct Profile {
    /// The response names y_1..y_m, in document order (index = response).
    pub names: Vec<String>,
    /// ω_u, the weights normalised to Σ_u ω_u = 1 (docs/THEORY.md §1).
    pub omega: Vec<Q>,
    /// ω_u = `weights.nums[u] / weights.den`, integers (weights.den = Σ nums).
    pub weights: CommonDen,
    /// `rank[u][y]`: the tier of response y for user u, 0 best.
    pub rank: Vec<Vec<usize>>,
    /// Bit size of the weights for the cost model: the larger of the bit lengths of their
    /// common denominator and of their largest numerator, plus the bit length of the number of
    /// user types (`cost::weight_bits`).
    pub weight_bits: u128,
    /// Modelled cost of reading the instance's weights.
    pub read_cost: u128,
    /// Canonical users: (sorted tiers of indices, summed weight).
    canonical: BTreeMap<Vec<Vec<usize>>, Q>,
}

impl Profile {
    /// Reads and validates an instance document (the rules of instance files, section 1).
    /// Reading the weights is charged ([`cost::parse`]) and refused once over `max_cost`.
    pub fn from_doc(doc: &InstanceDoc, max_cost: u128) -> Result<Profile, Fail> {
        let bad = |s: String| Err(Fail::Malformed(format!("instance: {s}")));
        if let Some(f) = &doc.format
            && f != FORMAT
        {
            return bad(format!("format `{f}`, expected `{FORMAT}`"));
        }
        let m = doc.responses.len();
        if m == 0 {
            return bad("zero responses".into());
        }
        if m > MAX_RESPONSES {
            return bad(format!("{m} responses exceed the limit of {MAX_RESPONSES}"));
        }
        let mut index = HashMap::new();
        for (i, n) in doc.responses.iter().enumerate() {
            if n.trim().is_empty() || index.insert(n.as_str(), i).is_some() {
                return bad(format!("response name `{n}` is empty or repeated"));
            }
        }
        if doc.users.is_empty() {
            return bad("no user types".into());
        }
        if doc.users.len() > MAX_USER_TYPES {
            let n = doc.users.len();
            return bad(format!(
                "{n} user types exceed the limit of {MAX_USER_TYPES}"
            ));
        }
        if doc.users.len().saturating_mul(m) > MAX_PROFILE_ENTRIES {
            return bad(format!(
                "{} user types × {m} responses exceed the limit of {} rank entries",
                doc.users.len(),
                MAX_PROFILE_ENTRIES
            ));
        }
        let mut canonical: BTreeMap<Vec<Vec<usize>>, Q> = BTreeMap::new();
        let mut size = SizeBound::new();
        let mut weights = Vec::new();
        let mut rank = Vec::new();
        let mut read_cost: u128 = 0;
        for (u, user) in doc.users.iter().enumerate() {
            let w = parse_q(&user.weight)
                .map_err(|e| Fail::Malformed(format!("instance: users[{u}].weight: {e}")))?;
            read_cost = read_cost.saturating_add(cost::parse(user.weight.len() as u128));
            if read_cost > max_cost {
                return bad(format!(
                    "users[{u}].weight: reading the weights costs {}, over the budget of {}",
                    cost::seconds(read_cost),
                    cost::seconds(max_cost)
                ));
            }
            if w <= zero() {
                return bad(format!("users[{u}].weight is not positive"));
            }
            size.add(&w, "instance weights")?;
            if size.lcm_bits() > MAX_WEIGHT_DENOMINATOR_BITS {
                return bad(format!(
                    "the weights' common denominator exceeds {MAX_WEIGHT_DENOMINATOR_BITS} bits"
                ));
            }
            let mut r = vec![user.ranking.len(); m];
            let mut tiers = Vec::new();
            let mut seen = HashSet::new();
            for (t, tier) in user.ranking.iter().enumerate() {
                let names: Vec<&String> = match tier {
                    TierDoc::One(n) => vec![n],
                    TierDoc::Many(ns) => ns.iter().collect(),
                };
                if names.is_empty() {
                    return bad(format!("users[{u}] has an empty tier"));
                }
                let mut idx = Vec::new();
                for n in names {
                    let Some(&y) = index.get(n.as_str()) else {
                        return bad(format!("users[{u}]: unknown response `{n}`"));
                    };
                    if !seen.insert(y) {
                        return bad(format!("users[{u}] lists `{n}` twice"));
                    }
                    r[y] = t;
                    idx.push(y);
                }
                idx.sort_unstable();
                tiers.push(idx);
            }
            // A last tier holding every remaining response is the implicit bottom tier.
            if seen.len() == m && !tiers.is_empty() {
                tiers.pop();
            }
            *canonical.entry(tiers).or_insert(zero()) += &w;
            weights.push(w);
            rank.push(r);
        }
        let mut common = CommonDen::new(&weights);
        common.den = common.nums.iter().sum();
        let omega = common
            .nums
            .iter()
            .map(|w| Q::new(w.clone(), common.den.clone()))
            .collect();
        Ok(Profile {
            names: doc.responses.clone(),
            omega,
            weights: common,
            rank,
            read_cost,
            weight_bits: size.bits() + u128::from(usize::BITS - doc.users.len().leading_zeros()),
            canonical,
        })
    }

    /// The number of responses m = |Y|.
    pub fn m(&self) -> usize {
        self.names.len()
    }

    /// Compact JSON of the canonical form, byte for byte `Instance::canonical_json()`:
    /// responses in given order, tiers sorted, a last tier listing all remaining responses
    /// dropped, identical orders merged (weights added), users sorted by their tiers.
    pub fn canonical_json(&self) -> String {
        let doc = InstanceDoc {
            format: Some(FORMAT.to_string()),
            description: None,
            responses: self.names.clone(),
            users: self
                .canonical
                .iter()
                .map(|(tiers, w)| UserDoc {
                    name: None,
                    weight: fmt_q(w),
                    ranking: tiers
                        .iter()
                        .map(|t| TierDoc::Many(t.iter().map(|&y| self.names[y].clone()).collect()))
                        .collect(),
                })
                .collect(),
        };
        serde_json::to_string(&doc).unwrap_or_default()
    }

    /// Lower-case hex SHA-256 of [`Profile::canonical_json`].
    pub fn sha256(&self) -> String {
        let digest = Sha256::digest(self.canonical_json().as_bytes());
        digest.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// P(y ≻ z) = ω(u ranks y strictly above z) + ½·ω(u puts y and z in one tier), summed on
    /// integers and reduced once.
    pub fn pref(&self, y: usize, z: usize) -> Q {
        let mut twice = BigInt::from(0u8);
        for (w, r) in self.weights.nums.iter().zip(&self.rank) {
            if r[y] < r[z] {
                twice += w * 2u8;
            } else if r[y] == r[z] {
                twice += w;
            }
        }
        Q::new(twice, &self.weights.den * 2u8)
    }

    /// Shares of the positions of a presentation, by the definition of section 2: each user
    /// splits its weight equally among the positions in the best tier present.
    pub fn shares(&self, positions: &[usize]) -> Vec<Q> {
        let mut s = vec![zero(); positions.len()];
        for (w, r) in self.omega.iter().zip(&self.rank) {
            let Some(best) = positions.iter().map(|&y| r[y]).min() else {
                return s;
            };
            let ties = positions.iter().filter(|&&y| r[y] == best).count();
            let part = w / int(ties);
            for (i, &y) in positions.iter().enumerate() {
                if r[y] == best {
                    s[i] += &part;
                }
            }
        }
        s
    }

    /// WR_{k,ℓ}(S, O) = 1 − (sum of O's shares when O's positions stand beside S's).
    pub fn win_rate(&self, s: &[usize], o: &[usize]) -> Q {
        let mut pres = s.to_vec();
        pres.extend_from_slice(o);
        let sh = self.shares(&pres);
        sh[s.len()..].iter().fold(one(), |a, x| a - x)
    }

    /// E_{S∼π^{⊗k}}[sum of O's shares in the presentation S ++ O]. For user u let t* be O's
    /// best tier and c the number of O's positions in it; O scores only if no sample lands
    /// above t*, and if j of the k samples land in t* it gets c/(c+j). With p the π-mass of t*
    /// and r the mass strictly below: Σ_j C(k,j) p^j r^(k−j) c/(c+j).
    ///
    /// On integers, never reduced: with π = a/D and ω_u = W_u/W, p = A/D, r = B/D and
    /// Λ = lcm(1..=k+ℓ), the share is Σ_u W_u Σ_j C(k,j)·c·(Λ/(c+j))·A^j B^(k−j) / (W·D^k·Λ)
    /// (Horner in A; cost `cost::user_eval` per user).
    pub fn share_frac(&self, pi: &Dist, k: usize, o: &[usize]) -> Frac {
        let lam = (1..=k + o.len()).fold(BigInt::from(1u8), |a, x| lcm(&a, &BigInt::from(x)));
        // coefs[c] = [C(k,j)·c·Λ/(c+j)], built when first needed.
        let mut coefs: Vec<Vec<BigInt>> = vec![Vec::new(); o.len() + 1];
        let mut total = BigInt::from(0u8);
        for (w, r) in self.weights.nums.iter().zip(&self.rank) {
            let Some(best) = o.iter().map(|&y| r[y]).min() else {
                break;
            };
            let c = o.iter().filter(|&&y| r[y] == best).count();
            if coefs[c].is_empty() {
                let mut binom = BigInt::from(1u8);
                for j in 0..=k {
                    coefs[c].push(&binom * c * (&lam / (c + j)));
                    binom = binom * (k - j) / (j + 1);
                }
            }
            let (mut a, mut b) = (BigInt::from(0u8), BigInt::from(0u8));
            for (&ry, x) in r.iter().zip(&pi.nums) {
                if ry == best {
                    a += x;
                } else if ry > best {
                    b += x;
                }
            }
            // Σ_j coef_j A^j B^(k−j) by Horner in A over the powers of B.
            let mut bpow = Vec::with_capacity(k + 1);
            bpow.push(BigInt::from(1u8));
            for j in 0..k {
                let next = &bpow[j] * &b;
                bpow.push(next);
            }
            let mut h = coefs[c][k].clone();
            for j in (0..k).rev() {
                h = h * &a + &coefs[c][j] * &bpow[k - j];
            }
            total += w * h;
        }
        let den = &self.weights.den * pi.den.pow(k as u32) * lam;
        Frac { num: total, den }
    }

    /// [`Profile::share_frac`] as a reduced rational.
    pub fn product_opponent_share(&self, pi: &[Q], k: usize, o: &[usize]) -> Q {
        self.share_frac(&Dist::new(pi), k, o).to_q()
    }

    /// U_k(y, π): the expected share of a lone deviator y against π^{⊗k} (docs/THEORY.md §4).
    pub fn deviation_payoff(&self, pi: &[Q], k: usize, y: usize) -> Q {
        self.product_opponent_share(pi, k, &[y])
    }
}

/// A distribution over a common denominator: π(y) = `nums[y] / den`.
pub type Dist = CommonDen;

/// An exact fraction num/den with den > 0, deliberately not reduced: long evaluations compare
/// by cross-multiplication and never pay for a gcd (num-bigint's is quadratic).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frac {
    /// Numerator.
    pub num: BigInt,
    /// Positive denominator.
    pub den: BigInt,
}

impl Frac {
    /// Compares with a rational: num·q.den vs q.num·den.
    pub fn cmp_q(&self, q: &Q) -> Ordering {
        (&self.num * q.denom()).cmp(&(q.numer() * &self.den))
    }

    /// Compares with another fraction.
    pub fn cmp_frac(&self, o: &Frac) -> Ordering {
        (&self.num * &o.den).cmp(&(&o.num * &self.den))
    }

    /// A rational as a fraction.
    pub fn from_q(q: &Q) -> Frac {
        Frac {
            num: q.numer().clone(),
            den: q.denom().clone(),
        }
    }

    /// 1 − self.
    pub fn one_minus(&self) -> Frac {
        Frac {
            num: &self.den - &self.num,
            den: self.den.clone(),
        }
    }

    /// self − q.
    pub fn minus_q(&self, q: &Q) -> Frac {
        Frac {
            num: &self.num * q.denom() - q.numer() * &self.den,
            den: &self.den * q.denom(),
        }
    }

    /// The reduced rational (one gcd).
    pub fn to_q(&self) -> Q {
        Q::new(self.num.clone(), self.den.clone())
    }

    /// For messages: exact when short enough to reduce cheaply, else `≈ d.dddddde±N`.
    pub fn show(&self) -> String {
        if self.den.bits() <= 4096 {
            show(&self.to_q())
        } else {
            format!(
                "≈ {}",
                approx(&Q::new_raw(self.num.clone(), self.den.clone()))
            )
        }
    }
}

/// (π-mass of tier t, π-mass strictly below t) for one user's ranks.
pub fn tier_masses(rank: &[usize], t: usize, pi: &[Q]) -> (Q, Q) {
    let (mut p, mut low) = (zero(), zero());
    for (&ry, x) in rank.iter().zip(pi) {
        if ry == t {
            p += x;
        } else if ry > t {
            low += x;
        }
    }
    (p, low)
}

/// [h, ∂h/∂p, ∂h/∂r] of h(p, r) = Σ_{j=0..k} C(k,j) p^j r^(k−j) c/(c+j) (c ≥ 1; the
/// derivatives only when `derivs`, else 0). All three are polynomials with non-negative
/// coefficients, hence non-decreasing in p, r ≥ 0.
///
/// Computed on integers: with p = a/d, r = b/d and L = lcm(c, …, c+k), h = H/(d^k L) where
/// H = Σ_j C(k,j)·c·(L/(c+j))·a^j b^(k−j), so the only reductions (gcds) are the final three.
pub fn tier_poly(p: &Q, r: &Q, k: usize, c: usize, derivs: bool) -> [Q; 3] {
    if c == 0 {
        return [zero(), zero(), zero()];
    }
    let d = lcm(p.denom(), r.denom());
    let a = powers(&(p.numer() * (&d / p.denom())), k);
    let b = powers(&(r.numer() * (&d / r.denom())), k);
    let l = (c..=c + k).fold(BigInt::from(1u8), |acc, x| lcm(&acc, &BigInt::from(x)));
    let zero_i = || BigInt::from(0u8);
    let (mut h, mut hp, mut hr) = (zero_i(), zero_i(), zero_i());
    let mut binom = BigInt::from(1u8);
    for j in 0..=k {
        let coef = &binom * c * (&l / (c + j));
        h += &coef * &a[j] * &b[k - j];
        if derivs && j >= 1 {
            hp += &coef * j * &a[j - 1] * &b[k - j];
        }
        if derivs && j < k {
            hr += &coef * (k - j) * &a[j] * &b[k - j - 1];
        }
        binom = binom * (k - j) / (j + 1);
    }
    let dk1 = d.pow(k.saturating_sub(1) as u32) * &l;
    let dk = &dk1 * if k >= 1 { d } else { BigInt::from(1u8) };
    [Q::new(h, dk), Q::new(hp, dk1.clone()), Q::new(hr, dk1)]
}

/// [1, x, x², …, x^k].
fn powers(x: &BigInt, k: usize) -> Vec<BigInt> {
    let mut v = Vec::with_capacity(k + 1);
    let mut acc = BigInt::from(1u8);
    for _ in 0..=k {
        v.push(acc.clone());
        acc *= x;
    }
    v
}
