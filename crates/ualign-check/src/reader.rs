//! Reading one claim's numbers and names: domain checks (probabilities in [0, 1], multipliers
//! ≥ 0, known names, multisets of the stated size), the size of the numbers read so far (for
//! the cost model), and the multiset enumeration shared by the claim kinds. Every error here is
//! `Malformed` (exit 2).

use std::cell::Cell;

use num_bigint::BigInt;

use crate::Fail;
use crate::cost;
use crate::limits::{MAX_K, MAX_LCM_BITS, MAX_MULTISETS};
use crate::number::{Q, lcm, one, parse_q, show, zero};
use crate::profile::Profile;

/// Tracks the least common denominator and the largest numerator of a set of numbers, to
/// bound the size of everything computed from them.
#[derive(Debug, Clone)]
pub struct SizeBound {
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

    /// The size of a vector of numbers (e.g. a policy) for the cost model.
    pub fn of(xs: &[Q]) -> u128 {
        let mut s = SizeBound::new();
        for x in xs {
            s.lcm = lcm(&s.lcm, x.denom());
            s.max_num_bits = s.max_num_bits.max(x.numer().bits());
        }
        s.bits()
    }

    /// The bit length of the common denominator of the numbers added so far.
    pub fn lcm_bits(&self) -> u64 {
        self.lcm.bits()
    }

    /// The larger of the bit lengths of the common denominator and of the largest numerator.
    pub fn bits(&self) -> u128 {
        u128::from(self.lcm.bits().max(self.max_num_bits))
    }
}

/// Reads the numbers and names of one claim, tracking their size and the cost of reading them.
pub(crate) struct Reader<'a> {
    pub prof: &'a Profile,
    size: SizeBound,
    /// Cost of this claim's numbers read so far ([`cost::parse`]).
    parsed: u128,
    /// In the pricing pass, the cost of the file so far and the budget: reading stops as soon
    /// as the budget is exceeded, and [`Reader::price`] stops with [`Fail::Priced`].
    pub meter: Option<(&'a Cell<u128>, u128)>,
}

impl<'a> Reader<'a> {
    pub fn new(prof: &'a Profile, meter: Option<(&'a Cell<u128>, u128)>) -> Self {
        Reader {
            prof,
            size: SizeBound::new(),
            parsed: 0,
            meter,
        }
    }

    /// m, n (user types), b (bits of this claim's numbers so far) and w (bits of the weights),
    /// the sizes of the cost model.
    pub fn sizes(&self) -> (u128, u128, u128, u128) {
        let p = self.prof;
        (
            p.m() as u128,
            p.omega.len() as u128,
            self.size.bits(),
            p.weight_bits,
        )
    }

    /// Called once all numbers are read, with the modelled cost of the evaluation: the pricing
    /// pass stops here with the claim's total cost.
    pub fn price(&self, evaluation: u128) -> Result<(), Fail> {
        if self.meter.is_some() {
            return Err(Fail::Priced(self.parsed.saturating_add(evaluation)));
        }
        Ok(())
    }

    /// Any rational.
    pub fn num(&mut self, s: &str, what: &str) -> Result<Q, Fail> {
        // Parsing checks the length first ([`MAX_NUMBER_CHARS`]), so reading is bounded.
        let x = parse_q(s).map_err(|e| Fail::Malformed(format!("{what}: {e}")))?;
        let c = cost::parse(s.len() as u128);
        self.parsed = self.parsed.saturating_add(c);
        if let Some((used, max)) = self.meter {
            used.set(used.get().saturating_add(c));
            if used.get() > max {
                return Err(Fail::Malformed(format!(
                    "{what}: reading the file's numbers up to here costs {}, over the budget of {}",
                    cost::seconds(used.get()),
                    cost::seconds(max)
                )));
            }
        }
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
