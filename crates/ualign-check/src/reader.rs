//! Reading one claim's numbers and names: domain checks (probabilities in [0, 1], multipliers
//! ≥ 0, known names, multisets of the stated size), the size of the numbers read so far (for
//! the cost model), and the multiset enumeration shared by the claim kinds. Every error here is
//! `Malformed` (exit 2).

use num_bigint::BigInt;

use crate::Fail;
use crate::limits::{MAX_COST, MAX_K, MAX_LCM_BITS, MAX_MULTISETS, MAX_NUMBER_CHARS};
use crate::number::{Q, lcm, one, parse_q, show, zero};
use crate::profile::Profile;

/// Tracks the least common denominator and the largest numerator of a set of numbers, to
/// bound the size of everything computed from them.
#[derive(Debug, Clone)]
pub(crate) struct SizeBound {
    lcm: BigInt,
    max_num_bits: u64,
}

impl SizeBound {
    pub fn new() -> Self {
        SizeBound {
            lcm: BigInt::from(1u8),
            max_num_bits: 0,
        }
    }

    pub fn add(&mut self, x: &Q, what: &str) -> Result<(), Fail> {
        self.lcm = lcm(&self.lcm, x.denom());
        let num_bits = x.numer().bits();
        self.max_num_bits = self.max_num_bits.max(num_bits);
        if self.lcm.bits() > MAX_LCM_BITS {
            return Err(Fail::Malformed(format!(
                "{what}: the common denominator of the numbers exceeds {MAX_LCM_BITS} bits"
            )));
        }
        Ok(())
    }

    /// Decimal digits of a number with this denominator and numerator bound (approximately).
    pub fn digits(&self) -> u128 {
        let bits = self.lcm.bits().max(self.max_num_bits) as u128;
        (bits * 3).div_ceil(10) + 1
    }
}

/// Reads the numbers and names of one claim, tracking their size for the cost budget.
pub(crate) struct Reader<'a> {
    pub prof: &'a Profile,
    size: SizeBound,
    /// Stop right after the budget check (see [`claims_over_budget`]).
    pub budget_only: bool,
}

/// The message with which a budget-only read stops once the claim is found affordable.
pub(crate) const WITHIN_BUDGET: &str = "within budget (budget-only read)";

impl<'a> Reader<'a> {
    pub fn new(prof: &'a Profile) -> Self {
        Reader {
            prof,
            size: SizeBound::new(),
            budget_only: false,
        }
    }

    /// Any rational.
    pub fn num(&mut self, s: &str, what: &str) -> Result<Q, Fail> {
        if s.len() > MAX_NUMBER_CHARS {
            return Err(Fail::Malformed(format!(
                "{what}: number has {} characters, more than the limit of {MAX_NUMBER_CHARS}",
                s.len()
            )));
        }
        let x = parse_q(s).map_err(|e| Fail::Malformed(format!("{what}: {e}")))?;
        self.size.add(&x, what)?;
        Ok(x)
    }

    /// A rational ≥ 0.
    pub fn nonneg(&mut self, s: &str, what: &str) -> Result<Q, Fail> {
        let x = self.num(s, what)?;
        if x < zero() {
            return Err(Fail::Malformed(format!(
                "{what} = {} is negative",
                show(&x)
            )));
        }
        Ok(x)
    }

    /// A probability in [0, 1].
    pub fn prob(&mut self, s: &str, what: &str) -> Result<Q, Fail> {
        let x = self.nonneg(s, what)?;
        if x > one() {
            return Err(Fail::Malformed(format!("{what} = {} exceeds 1", show(&x))));
        }
        Ok(x)
    }

    /// 1 ≤ k ≤ MAX_K.
    pub fn k(&self, k: u64, what: &str) -> Result<usize, Fail> {
        if k == 0 || k > MAX_K as u64 {
            return Err(Fail::Malformed(format!(
                "{what} = {k} is outside 1..={MAX_K}"
            )));
        }
        Ok(k as usize)
    }

    /// Index of a response name.
    pub fn response(&self, name: &str, what: &str) -> Result<usize, Fail> {
        self.prof
            .names
            .iter()
            .position(|n| n == name)
            .ok_or_else(|| Fail::Malformed(format!("{what}: unknown response `{name}`")))
    }

    /// A name map as a vector indexed by response (missing names are 0); each entry is read
    /// by `f` (e.g. [`Reader::prob`]).
    pub fn vector(
        &mut self,
        map: &crate::format::NameMap,
        what: &str,
        f: fn(&mut Self, &str, &str) -> Result<Q, Fail>,
    ) -> Result<Vec<Q>, Fail> {
        let mut v = vec![zero(); self.prof.m()];
        for (name, s) in &map.0 {
            let y = self.response(name, what)?;
            v[y] = f(self, s, &format!("{what}({name})"))?;
        }
        Ok(v)
    }

    /// A multiset of exactly `len` names, as sorted indices.
    pub fn multiset(&self, names: &[String], len: usize, what: &str) -> Result<Vec<usize>, Fail> {
        if names.len() != len {
            return Err(Fail::Malformed(format!(
                "{what} has {} responses, expected {len}",
                names.len()
            )));
        }
        let mut s = names
            .iter()
            .map(|n| self.response(n, what))
            .collect::<Result<Vec<_>, _>>()?;
        s.sort_unstable();
        Ok(s)
    }

    /// Rejects claims whose estimated cost exceeds [`MAX_COST`]: `work` user-term evaluations
    /// on numbers of about `degree` × (claim number size) + 2 × (weight size) digits (`degree`
    /// is k where policies are raised to the k-th power, 1 where they enter linearly).
    pub fn budget(&self, degree: usize, work: u128) -> Result<(), Fail> {
        self.budget_digits(degree as u128 * self.size.digits(), work)
    }

    /// [`Reader::budget`] for boxes checked in outward-rounded arithmetic: `work` operations on
    /// numbers of about `bits` bits (not growing with k) beside the claim's own numbers.
    pub fn budget_ball(&self, bits: u64, work: u128) -> Result<(), Fail> {
        self.budget_digits((bits as u128 * 3).div_ceil(10) + self.size.digits(), work)
    }

    fn budget_digits(&self, digits: u128, work: u128) -> Result<(), Fail> {
        let d = digits + 2 * self.prof.weight_digits + 8;
        // Estimates only (f64 is fine here): d^1.6 / 600 µs per operation.
        let per_op = 1.0 + (d as f64).powf(1.6) / 600.0;
        let cost = (work as f64 * per_op).min(1e30) as u128;
        if cost > MAX_COST {
            return Err(Fail::Malformed(format!(
                "checking this claim would cost about {cost} units (work {work} on numbers of \
                 about {d} digits), more than the limit of {MAX_COST}"
            )));
        }
        if self.budget_only {
            return Err(Fail::Claim(WITHIN_BUDGET.into()));
        }
        Ok(())
    }
}

/// C(m+k−1, k), the number of k-multisets of m responses, if at most [`MAX_MULTISETS`].
pub(crate) fn multiset_count(m: usize, k: usize) -> Result<u128, Fail> {
    let mut c: u128 = 1;
    for i in 0..k as u128 {
        c = c * (m as u128 + i) / (i + 1);
        if c > MAX_MULTISETS {
            return Err(Fail::Malformed(format!(
                "C({}, {k}) multisets of size {k} exceed the limit of {MAX_MULTISETS}",
                m + k - 1
            )));
        }
    }
    Ok(c)
}

/// Advances a sorted multiset over 0..m to the next one in lexicographic order.
pub(crate) fn next_multiset(s: &mut [usize], m: usize) -> bool {
    let Some(i) = s.iter().rposition(|&y| y + 1 < m) else {
        return false;
    };
    let v = s[i] + 1;
    for x in &mut s[i..] {
        *x = v;
    }
    true
}
