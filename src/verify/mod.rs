//! The independent certificate checker (docs/THEORY.md §8).
//!
//! It re-reads the embedded instance with its own reader, recomputes the SHA-256 of the
//! canonical form, and re-derives every claim with exact arithmetic using its own evaluator
//! ([`profile`]): it only evaluates, compares and checks the multipliers a certificate supplies,
//! it never optimises. It uses nothing from the solver modules (`game`, `lp`, `nlhf`,
//! `koutput`, `equilibrium`); its trusted base is listed in `proofs/README.md`.
//!
//! Errors: [`VerifyError::Malformed`] (exit 2) for anything that is not a well-formed
//! certificate of this version — syntax, schema, duplicate keys, unknown names, numbers outside
//! their domain (probabilities outside [0, 1], negative multipliers), hash mismatch, limits;
//! [`VerifyError::ClaimFailed`] (exit 1) when a relation between well-formed numbers does not
//! hold (a sum that is not 1, an inequality, an equality between claimed and derived values).

mod claims;
pub mod krawczyk;
pub mod profile;

use std::io::Read;
use std::path::Path;

use serde::Deserialize;

use crate::certificate::{Certificate, FORMAT, VERSION};
use crate::number::{MAX_NUMBER_CHARS, Q, fmt_q, parse_q};
use profile::Profile;

/// Largest certificate file accepted (bytes).
pub const MAX_FILE_BYTES: u64 = 16 << 20;
/// Largest (user types) × (responses) of the embedded instance.
pub const MAX_PROFILE_ENTRIES: usize = 10_000_000;
/// Largest k (and ℓ) accepted.
pub const MAX_K: usize = 64;
/// Largest number of multisets a claim may make the checker enumerate, C(m+k−1, k).
pub const MAX_MULTISETS: u128 = 200_000;
/// Largest estimated cost of checking one claim, in microseconds of a deliberately pessimistic
/// model: (user-term evaluations) × (1 + d^1.6 / 600), where d is the estimated digit count of
/// the intermediate numbers (the factor fits dashu's measured cost of a rational multiply-add,
/// 4 µs at 100 digits, 70 µs at 1,000, 2.7 ms at 10,000, 33 ms at 50,000, within 2×, and every
/// number is taken at its largest size). So no accepted claim runs longer than about 100 s, and
/// real running times are 5 to 50 times below the estimate.
pub const MAX_COST: u128 = 1_000_000_000;
/// Largest bit length of the least common denominator of one claim's numbers, and of the
/// instance's weights (checked incrementally, before any arithmetic on them).
pub const MAX_LCM_BITS: u64 = 200_000;

/// Why a certificate is rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VerifyError {
    /// Not a well-formed certificate (exit code 2).
    Malformed(String),
    /// Claim number `claim` (0-based) of kind `kind` does not hold (exit code 1); `message`
    /// names the first failing inequality with both sides.
    ClaimFailed {
        claim: usize,
        kind: String,
        message: String,
    },
}

impl VerifyError {
    /// 2 for malformed input, 1 for a failed claim.
    pub fn exit_code(&self) -> i32 {
        match self {
            VerifyError::Malformed(_) => 2,
            VerifyError::ClaimFailed { .. } => 1,
        }
    }
}

impl std::fmt::Display for VerifyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            VerifyError::Malformed(m) => write!(f, "malformed certificate: {m}"),
            VerifyError::ClaimFailed {
                claim,
                kind,
                message,
            } => write!(f, "claim {claim} ({kind}) FAILED: {message}"),
        }
    }
}

impl std::error::Error for VerifyError {}

/// A verified claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimReport {
    pub index: usize,
    pub kind: &'static str,
    /// The k of the claim (the largest listed k for a barrier).
    pub k: Option<usize>,
    /// What was established, in words.
    pub detail: String,
}

/// Every claim of a certificate holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifySummary {
    pub instance_sha256: String,
    pub responses: Vec<String>,
    pub claims: Vec<ClaimReport>,
}

/// Internal failure before the claim index is attached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fail {
    Malformed(String),
    Claim(String),
}

#[derive(Deserialize)]
struct Header {
    format: String,
    version: u64,
}

/// Checks a certificate given as text.
pub fn verify_str(text: &str) -> Result<VerifySummary, VerifyError> {
    let mal = VerifyError::Malformed;
    let (cert, prof, hash) = read_certificate(text)?;
    let mut reports = Vec::new();
    for (i, claim) in cert.claims.iter().enumerate() {
        let kind = claim.kind();
        match claims::check(&prof, &cert.claims[..i], claim) {
            Ok((k, detail)) => reports.push(ClaimReport {
                index: i,
                kind,
                k,
                detail,
            }),
            Err(Fail::Malformed(m)) => return Err(mal(format!("claims[{i}] ({kind}): {m}"))),
            Err(Fail::Claim(message)) => {
                return Err(VerifyError::ClaimFailed {
                    claim: i,
                    kind: kind.to_string(),
                    message,
                });
            }
        }
    }
    Ok(VerifySummary {
        instance_sha256: hash,
        responses: prof.names.clone(),
        claims: reports,
    })
}

/// The claims whose estimated checking cost is above [`MAX_COST`] (index and message), found
/// without evaluating any claim: each claim is read up to its budget check only. `certify`
/// uses this to leave out claims this checker would refuse.
pub fn claims_over_budget(text: &str) -> Result<Vec<(usize, String)>, VerifyError> {
    let (cert, prof, _) = read_certificate(text)?;
    let mut over = Vec::new();
    for (i, claim) in cert.claims.iter().enumerate() {
        if let Err(Fail::Malformed(m)) = claims::check_budget_only(&prof, &cert.claims[..i], claim)
            && m.contains("would cost")
        {
            over.push((i, m));
        }
    }
    Ok(over)
}

/// Parses a certificate, its header and embedded instance, and checks the instance hash.
fn read_certificate(text: &str) -> Result<(Certificate, Profile, String), VerifyError> {
    let mal = VerifyError::Malformed;
    if text.len() as u64 > MAX_FILE_BYTES {
        return Err(mal(format!(
            "{} bytes, more than the limit of {MAX_FILE_BYTES}",
            text.len()
        )));
    }
    let head: Header = serde_json::from_str(text).map_err(|e| mal(format!("invalid JSON: {e}")))?;
    if head.format != FORMAT {
        return Err(mal(format!(
            "format `{}`, expected `{FORMAT}`",
            head.format
        )));
    }
    if head.version != VERSION {
        return Err(mal(format!(
            "unsupported version {} (this checker reads version {VERSION})",
            head.version
        )));
    }
    let cert: Certificate =
        serde_json::from_str(text).map_err(|e| mal(format!("invalid certificate: {e}")))?;
    let prof = Profile::from_doc(&cert.instance).map_err(|f| match f {
        Fail::Malformed(m) | Fail::Claim(m) => mal(m),
    })?;
    let hash = prof.sha256();
    if cert.instance_sha256 != hash {
        return Err(mal(format!(
            "instance_sha256 is `{}` but the embedded instance's canonical form hashes to `{hash}`",
            cert.instance_sha256
        )));
    }
    if cert.claims.is_empty() {
        return Err(mal("the certificate makes no claims".into()));
    }
    Ok((cert, prof, hash))
}

/// Reads (at most [`MAX_FILE_BYTES`]) and checks a certificate file.
pub fn verify_file(path: &Path) -> Result<VerifySummary, VerifyError> {
    let mal = |e: String| VerifyError::Malformed(format!("{}: {e}", path.display()));
    let file = std::fs::File::open(path).map_err(|e| mal(format!("cannot open: {e}")))?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| mal(format!("cannot read: {e}")))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(mal(format!(
            "larger than the limit of {MAX_FILE_BYTES} bytes"
        )));
    }
    let text = String::from_utf8(bytes).map_err(|_| mal("not UTF-8 text".into()))?;
    verify_str(&text)
}

/// Tracks the least common denominator and the largest numerator of a set of numbers, to
/// bound the size of everything computed from them.
#[derive(Debug, Clone)]
pub(crate) struct SizeBound {
    lcm: crate::number::UBig,
    max_num_bits: u64,
}

impl SizeBound {
    pub fn new() -> Self {
        SizeBound {
            lcm: crate::number::UBig::ONE,
            max_num_bits: 0,
        }
    }

    pub fn add(&mut self, x: &Q, what: &str) -> Result<(), Fail> {
        use dashu_int::ops::{BitTest, UnsignedAbs};
        self.lcm = crate::number::lcm(&self.lcm, x.denominator());
        let num_bits = x.numerator().clone().unsigned_abs().bit_len() as u64;
        self.max_num_bits = self.max_num_bits.max(num_bits);
        if self.lcm.bit_len() as u64 > MAX_LCM_BITS {
            return Err(Fail::Malformed(format!(
                "{what}: the common denominator of the numbers exceeds {MAX_LCM_BITS} bits"
            )));
        }
        Ok(())
    }

    /// Decimal digits of a number with this denominator and numerator bound (approximately).
    pub fn digits(&self) -> u128 {
        use dashu_int::ops::BitTest;
        let bits = (self.lcm.bit_len() as u64).max(self.max_num_bits) as u128;
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
        if x < Q::ZERO {
            return Err(Fail::Malformed(format!(
                "{what} = {} is negative",
                fmt_q(&x)
            )));
        }
        Ok(x)
    }

    /// A probability in [0, 1].
    pub fn prob(&mut self, s: &str, what: &str) -> Result<Q, Fail> {
        let x = self.nonneg(s, what)?;
        if x > Q::ONE {
            return Err(Fail::Malformed(format!("{what} = {} exceeds 1", fmt_q(&x))));
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
        map: &crate::certificate::NameMap,
        what: &str,
        f: fn(&mut Self, &str, &str) -> Result<Q, Fail>,
    ) -> Result<Vec<Q>, Fail> {
        let mut v = vec![Q::ZERO; self.prof.m()];
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
        let d = degree as u128 * self.size.digits() + 2 * self.prof.weight_digits + 8;
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

/// A rational for messages: exact `p/q`, followed by a decimal when it is long.
pub(crate) fn show(x: &Q) -> String {
    let s = fmt_q(x);
    if s.len() <= 40 {
        s
    } else {
        format!("{s} (≈ {:.6e})", crate::number::to_f64(x))
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
