//! The independent certificate checker (THEORY.md section 8).
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
/// Largest k (and ℓ) accepted.
pub const MAX_K: usize = 64;
/// Largest number of multisets a claim may make the checker enumerate, C(m+k−1, k).
pub const MAX_MULTISETS: u128 = 200_000;
/// Largest estimated work of one claim, in user-term evaluations (≈ rational operations).
pub const MAX_WORK: u128 = 200_000_000;
/// Largest k × (longest number string of a claim): bounds the size of the powers computed.
pub const MAX_DEGREE_CHARS: usize = 400_000;

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

/// Reads the numbers and names of one claim, tracking the longest number for the size budget.
pub(crate) struct Reader<'a> {
    pub prof: &'a Profile,
    max_chars: usize,
}

impl<'a> Reader<'a> {
    pub fn new(prof: &'a Profile) -> Self {
        Reader { prof, max_chars: 0 }
    }

    /// Any rational.
    pub fn num(&mut self, s: &str, what: &str) -> Result<Q, Fail> {
        if s.len() > MAX_NUMBER_CHARS {
            return Err(Fail::Malformed(format!(
                "{what}: number has {} characters, more than the limit of {MAX_NUMBER_CHARS}",
                s.len()
            )));
        }
        self.max_chars = self.max_chars.max(s.len());
        parse_q(s).map_err(|e| Fail::Malformed(format!("{what}: {e}")))
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

    /// Rejects claims whose evaluation would exceed the work or number-size budgets.
    pub fn budget(&self, k: usize, work: u128) -> Result<(), Fail> {
        if work > MAX_WORK {
            return Err(Fail::Malformed(format!(
                "checking this claim needs about {work} operations, more than the limit of {MAX_WORK}"
            )));
        }
        if self.max_chars.saturating_mul(k) > MAX_DEGREE_CHARS {
            return Err(Fail::Malformed(format!(
                "k = {k} times the longest number ({} characters) exceeds the limit of {MAX_DEGREE_CHARS}",
                self.max_chars
            )));
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
