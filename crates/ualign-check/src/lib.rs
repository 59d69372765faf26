//! `ualign-check`: the standalone checker of ualign certificates (docs/THEORY.md §8).
//!
//! It reads a certificate ([`mod@format`]), re-reads the embedded instance with its own reader,
//! recomputes the SHA-256 of the canonical form, and re-derives every claim with exact rational
//! arithmetic of its own ([`number`], rust-num) and its own evaluator ([`profile`]): it only
//! evaluates, compares and checks the multipliers a certificate supplies, it never optimises.
//! It depends on no part of the solver crate `ualign`; the solver depends on it for the format.
//!
//! Errors: [`VerifyError::Malformed`] (exit 2) for anything that is not a well-formed
//! certificate of this version — syntax, schema, duplicate keys, unknown names, numbers outside
//! their domain (probabilities outside [0, 1], negative multipliers), hash mismatch, a limit of
//! [`limits`]; [`VerifyError::ClaimFailed`] (exit 1) when a relation between well-formed numbers
//! does not hold (a sum that is not 1, an inequality, an equality between claimed and derived
//! values).
//!
//! ```
//! let text = std::fs::read_to_string("../../proofs/condorcet-cycle-3.cert.json").unwrap();
//! let summary = ualign_check::verify_str(&text).unwrap();
//! assert_eq!(summary.claims[0].kind, "maximal_lottery");
//! ```

#![warn(missing_docs)]

mod claims;
pub mod cost;
pub mod family;
pub mod format;
pub mod limits;
pub mod number;
pub mod profile;
mod reader;

use std::fmt;
use std::io::Read;
use std::path::Path;

use format::{Certificate, FORMAT, InstanceDoc, VERSION};
use limits::MAX_FILE_BYTES;
use profile::Profile;

/// Why a certificate is rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VerifyError {
    /// Not a well-formed certificate (exit code 2).
    Malformed(String),
    /// Claim number `claim` (0-based) of kind `kind` does not hold (exit code 1); `message`
    /// names the first failing inequality with both sides.
    ClaimFailed {
        /// Index of the claim in the certificate.
        claim: usize,
        /// Its `kind`.
        kind: String,
        /// The failing relation, both sides shown.
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

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
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
    /// Index of the claim in the certificate.
    pub index: usize,
    /// Its `kind`.
    pub kind: &'static str,
    /// The k of the claim (the largest listed k for a barrier).
    pub k: Option<usize>,
    /// What was established, in words (long numbers shortened by [`number::show`]).
    pub detail: String,
}

/// Every claim of a certificate holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifySummary {
    /// The SHA-256 of the embedded instance's canonical form (equal to the stated one).
    pub instance_sha256: String,
    /// The response names of the instance.
    pub responses: Vec<String>,
    /// One report per claim, in order.
    pub claims: Vec<ClaimReport>,
}

/// A failure inside the checker before the claim index is attached: `Malformed` (exit 2) or
/// `Claim` (a relation that does not hold, exit 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fail {
    /// The input is not well formed.
    Malformed(String),
    /// A relation between well-formed numbers does not hold.
    Claim(String),
    /// Internal to the pricing pass: the claim was read and costs this much ([`cost`]).
    Priced(u128),
}

/// Checks a certificate given as text, with the default cost budget.
pub fn verify_str(text: &str) -> Result<VerifySummary, VerifyError> {
    verify_str_streaming(text, limits::DEFAULT_MAX_COST, &mut |_| {})
}

/// Checks a certificate given as text with a cost budget (`max_cost`, in the units of
/// [`cost`]), calling `on_claim` as soon as each claim is verified (so a long check shows
/// progress). Every claim is first read and priced; a file whose claims together cost more than
/// `max_cost` is refused (`Malformed`, naming the claim that goes over) before any evaluation.
/// Stops at the first claim that fails.
pub fn verify_str_streaming(
    text: &str,
    max_cost: u128,
    on_claim: &mut dyn FnMut(&ClaimReport),
) -> Result<VerifySummary, VerifyError> {
    if family::is_family_certificate(text) {
        return family::verify_family_str(text, on_claim);
    }
    let (cert, prof, hash) = read_certificate(text, max_cost)?;
    price_claims(&cert, &prof, max_cost)?;
    let mut reports = Vec::new();
    for (i, claim) in cert.claims.iter().enumerate() {
        let kind = claim.kind();
        match claims::check(&prof, &cert.claims[..i], claim) {
            Ok((k, detail)) => {
                let report = ClaimReport {
                    index: i,
                    kind,
                    k,
                    detail,
                };
                on_claim(&report);
                reports.push(report);
            }
            Err(e) => return Err(at_claim(i, kind, e)),
        }
    }
    Ok(VerifySummary {
        instance_sha256: hash,
        responses: prof.names.clone(),
        claims: reports,
    })
}

/// Attaches the claim index and kind to a failure.
pub(crate) fn at_claim(i: usize, kind: &str, e: Fail) -> VerifyError {
    match e {
        Fail::Claim(message) => VerifyError::ClaimFailed {
            claim: i,
            kind: kind.to_string(),
            message,
        },
        Fail::Malformed(m) => VerifyError::Malformed(format!("claims[{i}] ({kind}): {m}")),
        Fail::Priced(_) => VerifyError::Malformed(format!("claims[{i}] ({kind}): not checked")),
    }
}

/// The modelled cost of each claim ([`cost`]), read without evaluating; refuses the file as
/// soon as the running total (instance included) exceeds `max_cost`, naming the claim.
fn price_claims(
    cert: &Certificate,
    prof: &Profile,
    max_cost: u128,
) -> Result<Vec<u128>, VerifyError> {
    let used = std::cell::Cell::new(prof.read_cost);
    let mut out = Vec::with_capacity(cert.claims.len());
    for (i, claim) in cert.claims.iter().enumerate() {
        let before = used.get();
        let c = claims::price(prof, &cert.claims[..i], claim, &used, max_cost)
            .map_err(|e| at_claim(i, claim.kind(), e))?;
        // `used` has this claim's reading cost; add its evaluation.
        used.set(before.saturating_add(c));
        if used.get() > max_cost {
            return Err(VerifyError::Malformed(format!(
                "claims[{i}] ({}): modelled cost {} brings the file to {}, over the budget of {} \
                 (raise it with --max-cost SECONDS)",
                claim.kind(),
                cost::seconds(c),
                cost::seconds(used.get()),
                cost::seconds(max_cost)
            )));
        }
        out.push(c);
    }
    Ok(out)
}

/// The modelled cost of reading the instance and of each claim of a certificate, in the units
/// of [`cost`], found without evaluating any claim (no budget applies). `certify` uses it to keep what it writes within
/// [`limits::DEFAULT_MAX_COST`].
pub fn claim_costs(text: &str) -> Result<(u128, Vec<u128>), VerifyError> {
    let (cert, prof, _) = read_certificate(text, u128::MAX)?;
    Ok((prof.read_cost, price_claims(&cert, &prof, u128::MAX)?))
}

/// The lower-case hex SHA-256 of an instance document's canonical form (what a certificate's
/// `instance_sha256` must be), or why the document is not a valid instance.
pub fn instance_sha256(doc: &InstanceDoc) -> Result<String, VerifyError> {
    let prof = Profile::from_doc(doc, u128::MAX).map_err(|f| match f {
        Fail::Malformed(m) | Fail::Claim(m) => VerifyError::Malformed(m),
        Fail::Priced(_) => VerifyError::Malformed("instance: not read".into()),
    })?;
    Ok(prof.sha256())
}

/// Parses a certificate, its header and embedded instance, and checks the instance hash.
fn read_certificate(
    text: &str,
    max_cost: u128,
) -> Result<(Certificate, Profile, String), VerifyError> {
    #[derive(serde::Deserialize)]
    struct Header {
        format: String,
        version: u64,
    }
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
    objects_only(text, &cert).map_err(|e| mal(format!("invalid certificate: {e}")))?;
    let prof = Profile::from_doc(&cert.instance, max_cost).map_err(|f| match f {
        Fail::Malformed(m) | Fail::Claim(m) => mal(m),
        Fail::Priced(_) => mal("instance: not read".into()),
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
    refuse_duplicates(&cert.claims, |c| c.kind())?;
    Ok((cert, prof, hash))
}

/// Refuses a JSON array where the format has an object. serde's derived structs also accept
/// their fields as an array in declaration order; the format (and the Python checker) allows
/// only objects, so the input is walked beside the re-serialised parse and any array standing
/// where the parse produced an object is an error, named by its path.
pub(crate) fn objects_only<T: serde::Serialize>(text: &str, parsed: &T) -> Result<(), String> {
    use serde_json::Value;
    fn walk(input: &Value, shape: &Value, at: &str) -> Result<(), String> {
        match (input, shape) {
            (Value::Array(_), Value::Object(_)) => {
                Err(format!("{at}: expected an object, found an array"))
            }
            (Value::Object(x), Value::Object(y)) => {
                x.iter().try_for_each(|(key, v)| match y.get(key) {
                    Some(w) => walk(v, w, &format!("{at}.{key}")),
                    None => Ok(()),
                })
            }
            (Value::Array(x), Value::Array(y)) => (x.iter().zip(y).enumerate())
                .try_for_each(|(i, (v, w))| walk(v, w, &format!("{at}[{i}]"))),
            _ => Ok(()),
        }
    }
    let input: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let shape = serde_json::to_value(parsed).map_err(|e| e.to_string())?;
    walk(&input, &shape, "certificate")
}

/// Refuses a certificate with two equal claims (equal after parsing: same fields, names maps
/// compared as maps), naming both indices: a file of copies would otherwise multiply the work.
pub(crate) fn refuse_duplicates<T: serde::Serialize>(
    claims: &[T],
    kind: impl Fn(&T) -> &str,
) -> Result<(), VerifyError> {
    let mut seen = std::collections::HashMap::new();
    for (i, claim) in claims.iter().enumerate() {
        // `Value` objects keep their keys sorted, so the key does not depend on their order.
        let key = serde_json::to_value(claim).map_or_else(|_| i.to_string(), |v| v.to_string());
        if let Some(j) = seen.insert(key, i) {
            return Err(VerifyError::Malformed(format!(
                "claims[{i}] ({}) repeats claims[{j}] (duplicate claims are refused)",
                kind(claim)
            )));
        }
    }
    Ok(())
}

/// Reads a certificate file as UTF-8 text, at most [`MAX_FILE_BYTES`] bytes (bounded reader).
pub fn read_file(path: impl AsRef<Path>) -> Result<String, VerifyError> {
    let path = path.as_ref();
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
    // A byte-order mark at the start of the file is dropped, as the solver does for instances.
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    })
}

/// Reads (at most [`MAX_FILE_BYTES`]) and checks a certificate file.
pub fn verify_file(path: impl AsRef<Path>) -> Result<VerifySummary, VerifyError> {
    verify_str(&read_file(path)?)
}

/// The output line of a verified claim: `FILE: claim I KIND k=K: OK (DETAIL)`, numbers over
/// 30 characters shortened ([`number::shorten`]).
pub fn claim_line(file: &str, c: &ClaimReport) -> String {
    let k = c.k.map(|k| format!(" k={k}")).unwrap_or_default();
    let line = format!("{file}: claim {} {}{k}: OK ({})", c.index, c.kind, c.detail);
    number::shorten(&line)
}

/// The closing line of a certificate whose claims all hold.
pub fn summary_line(file: &str, s: &VerifySummary) -> String {
    let about = match s.instance_sha256.strip_prefix("family:") {
        Some(f) => format!("family {f}"),
        None => format!("instance {}", s.instance_sha256),
    };
    format!("{file}: all {} claims hold ({about})", s.claims.len())
}

/// The output line of a rejected certificate: `FILE: malformed: …` or
/// `FILE: claim I (KIND) FAILED: …`, numbers over 30 characters shortened.
pub fn error_line(file: &str, e: &VerifyError) -> String {
    number::shorten(&match e {
        VerifyError::Malformed(m) => {
            let m = m.strip_prefix(&format!("{file}: ")).unwrap_or(m);
            format!("{file}: malformed: {m}")
        }
        VerifyError::ClaimFailed { .. } => format!("{file}: {e}"),
    })
}
