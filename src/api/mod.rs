//! The one result schema shared by the `ualign` command line (`--json`) and the Python package.
//!
//! Each command has one function here that validates its arguments, runs the library and builds
//! the result as an [`Out`] tree ([`commands`]); the command line prints [`Out::to_json`], the
//! Python bindings turn the same tree into a dict. Every object starts with the envelope
//! `command`, `ualign_version`, `instance` (path or null), `instance_sha256` and, for commands
//! about one k, `k` ([`envelope`]). The same quantity has the same key and shape everywhere
//! (`docs/json-schema.md` lists them): a single-output policy is an object name → p/q, a
//! k-output policy a list of `{responses, probability}`, `ceiling` is k/(k+1) and
//! `product_ceiling_l` is k/(k+ℓ). Exact values are [`Q`]; float estimates have keys ending in
//! `_f64`. Argument checks and their messages live here too, so both front ends say the same.

pub mod commands;
pub mod out;
pub mod tightness;

use std::path::Path;

pub use commands::*;
pub use out::{Out, named, names_of};

use crate::game::Mixture;
use crate::instance::{Instance, InstanceError};
use crate::number::{Q, parse_q};

/// Largest k accepted by commands that evaluate U_k (numbers grow like D^k).
pub const MAX_K: usize = crate::equilibrium::MAX_K;

/// Largest number of opponent ℓ-multisets enumerated by [`robust`].
pub const MAX_OPPONENTS: u128 = 1_000_000;

/// Why a command did not produce a result.
///
/// ```
/// use ualign::{ApiError, Source, api};
/// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/instances");
/// let cycle = ualign::Instance::from_path(format!("{dir}/condorcet-cycle-3.json"))?;
/// let err = api::equilibrium(&Source::memory(&cycle), 0, 192).unwrap_err();
/// assert!(matches!(err, ApiError::Input(_)));
/// assert_eq!(err.exit_code(), 2); // what `ualign equilibrium --k 0` exits with
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// Bad input (file, argument, format); the command line exits with code 2.
    #[error("{0}")]
    Input(String),
    /// A claim or check that does not hold, or an engine failure; exit code 1.
    #[error("{0}")]
    Failed(String),
}

impl ApiError {
    /// The command line's exit code: 2 for bad input, 1 for a failure.
    pub fn exit_code(&self) -> i32 {
        match self {
            ApiError::Input(_) => 2,
            ApiError::Failed(_) => 1,
        }
    }
}

impl From<crate::io::memory::MemoryError> for ApiError {
    fn from(e: crate::io::memory::MemoryError) -> Self {
        ApiError::Input(e.to_string())
    }
}

impl From<crate::io::input::InputError> for ApiError {
    fn from(e: crate::io::input::InputError) -> Self {
        ApiError::Input(e.to_string())
    }
}

impl From<InstanceError> for ApiError {
    fn from(e: InstanceError) -> Self {
        ApiError::Input(e.to_string())
    }
}

/// An instance together with where it came from (for the envelope).
///
/// ```
/// use ualign::{Source, api};
/// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/instances/condorcet-cycle-3.json");
/// let cycle = ualign::Instance::from_path(path)?;
/// let from_file = api::optimal(&Source::file(&cycle, path), 2)?.to_json();
/// assert_eq!(from_file["instance"], path);
/// assert_eq!(from_file["value"], "13/18"); // v*_2
/// let in_memory = api::optimal(&Source::memory(&cycle), 2)?.to_json();
/// assert!(in_memory["instance"].is_null());
/// assert_eq!(in_memory["instance_sha256"], from_file["instance_sha256"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    /// The instance.
    pub inst: &'a Instance,
    /// The file it was read from, or `None` (built in memory).
    pub path: Option<&'a Path>,
}

impl<'a> Source<'a> {
    /// An instance read from `path`.
    pub fn file<P: AsRef<Path> + ?Sized>(inst: &'a Instance, path: &'a P) -> Self {
        Source {
            inst,
            path: Some(path.as_ref()),
        }
    }

    /// An instance built in memory (`instance` is null in the envelope).
    pub fn memory(inst: &'a Instance) -> Self {
        Source { inst, path: None }
    }
}

/// The envelope every result starts with: `command`, `ualign_version`, `instance` (path or
/// null), `instance_sha256` (null when there is no single instance), then `k` if given.
pub fn envelope(command: &str, src: Option<&Source>, k: Option<usize>) -> Out {
    let mut o = Out::map()
        .with("command", command)
        .with("ualign_version", env!("CARGO_PKG_VERSION"))
        .with(
            "instance",
            src.and_then(|s| s.path).map(|p| p.display().to_string()),
        )
        .with("instance_sha256", src.map(|s| s.inst.sha256()));
    if let Some(k) = k {
        o.push("k", k);
    }
    o
}

/// Checks 1 ≤ k ≤ [`MAX_K`].
pub fn check_k(k: usize) -> Result<usize, ApiError> {
    crate::equilibrium::check_k(k).map_err(ApiError::Input)
}

/// Checks a non-empty list of k values, each with [`check_k`].
pub fn check_ks(ks: &[usize]) -> Result<(), ApiError> {
    if ks.is_empty() {
        return Err(ApiError::Input("the list of k values is empty".into()));
    }
    ks.iter().try_for_each(|&k| check_k(k).map(|_| ()))
}

/// The memory guard of the solvers: refuses, before allocating, an instance whose
/// maximal-lottery tables or whose k-output LPs (for each k in `ks`, at most `max_columns`
/// columns; 0 for none) are estimated above the budget ([`crate::io::memory`]).
pub fn memory_guard(inst: &Instance, ks: &[usize], max_columns: u128) -> Result<(), ApiError> {
    crate::io::memory::check_maximal_lottery(inst.m())?;
    if max_columns > 0 {
        for &k in ks {
            crate::io::memory::check_koutput(inst.m(), k, max_columns)?;
        }
    }
    Ok(())
}

/// Checks 1 ≤ ℓ ≤ MAX_K: the opponent size has the checker's cap, so that every ℓ-claim that
/// can be certified is one `verify` accepts.
pub fn check_ell(ell: usize) -> Result<usize, ApiError> {
    if ell == 0 {
        return Err(ApiError::Input("--opponents must be at least 1".into()));
    }
    if ell > ualign_check::limits::MAX_K {
        return Err(ApiError::Input(format!(
            "--opponents {ell} is above the supported maximum {} (the checker's cap on ℓ)",
            ualign_check::limits::MAX_K
        )));
    }
    Ok(ell)
}

/// Parses a list of k values, each checked by [`check_k`]: `K`, `A..B` (inclusive), `A..B:log`
/// (A, the powers of two strictly between, and B: 1..1024:log is 1, 2, 4, …, 1024), or a
/// comma-separated list of these (`1,2,4,8..10`). The result is sorted without repeats.
pub fn parse_k_range(s: &str) -> Result<Vec<usize>, ApiError> {
    let mut ks = Vec::new();
    for part in s.split(',') {
        ks.extend(parse_k_part(part.trim(), s)?);
    }
    ks.sort_unstable();
    ks.dedup();
    Ok(ks)
}

fn parse_k_part(p: &str, whole: &str) -> Result<Vec<usize>, ApiError> {
    let bad = || {
        ApiError::Input(format!(
            "`{whole}` is not a k, a range like 1..6 or 1..1024:log, or a comma-separated list"
        ))
    };
    let (range, log) = match p.strip_suffix(":log") {
        Some(r) => (r, true),
        None => (p, false),
    };
    let (a, b) = match range.split_once("..") {
        Some((a, b)) => (a.trim(), b.trim_start_matches('=').trim()),
        None if !log => (range.trim(), range.trim()),
        None => return Err(bad()),
    };
    let a: usize = a.parse().map_err(|_| bad())?;
    let b: usize = b.parse().map_err(|_| bad())?;
    if a > b {
        return Err(ApiError::Input(format!(
            "`{p}` is an empty range (start above end)"
        )));
    }
    check_k(a)?;
    check_k(b)?;
    if !log {
        return Ok((a..=b).collect());
    }
    let mut ks = vec![a];
    ks.extend(
        (0..usize::BITS)
            .map(|e| 1usize << e)
            .filter(|&x| x > a && x < b),
    );
    ks.push(b);
    Ok(ks)
}

/// A product policy from (response name, exact value as text) pairs. Missing responses get
/// probability 0. Repeated or unknown names, malformed or negative values and sums other than
/// 1 are errors; `line_of` may prefix a message with the location of a key.
pub fn policy_from_pairs(
    pairs: &[(String, String)],
    inst: &Instance,
    line_of: &dyn Fn(&str) -> String,
) -> Result<Vec<Q>, String> {
    let mut pi = vec![Q::ZERO; inst.m()];
    let mut seen = vec![false; inst.m()];
    for (k, v) in pairs {
        let y = inst
            .index_of(k)
            .ok_or_else(|| format!("{}unknown response `{k}`", line_of(k)))?;
        if std::mem::replace(&mut seen[y], true) {
            return Err(format!("{}response `{k}` given twice", line_of(k)));
        }
        pi[y] = parse_q(v).map_err(|e| format!("{}probability of `{k}`: {e}", line_of(k)))?;
    }
    crate::game::validate_distribution(inst, &pi)?;
    Ok(pi)
}

/// Parses a policy object `{"a": "1/2", "b": "1/2"}` against an instance (see
/// [`policy_from_pairs`]); errors start with `line N: ` when the offending key is found.
pub fn policy_from_json(text: &str, inst: &Instance) -> Result<Vec<Q>, String> {
    let map: crate::certificate::NameMap = serde_json::from_str(text).map_err(|e| {
        format!("expected a JSON object mapping response names to probabilities like \"1/2\": {e}")
    })?;
    // The line of a key, for error messages (the first `"key"` followed by `:`).
    let line_of = |key: &str| -> String {
        let quoted = serde_json::to_string(key).unwrap_or_default();
        text.match_indices(&quoted)
            .find(|(i, _)| text[i + quoted.len()..].trim_start().starts_with(':'))
            .map(|(i, _)| format!("line {}: ", text[..i].matches('\n').count() + 1))
            .unwrap_or_default()
    };
    let pairs: Vec<(String, String)> = map.0.into_iter().collect();
    policy_from_pairs(&pairs, inst, &line_of)
}

/// Reads an explicit mixture of k-multisets from `{"policy": [{"responses": [names],
/// "probability": "p/q"}]}` (also under `"mixture"`; the output of `optimal` works as is).
pub fn mixture_from_json(
    v: &serde_json::Value,
    inst: &Instance,
    k: usize,
) -> Result<Mixture, String> {
    use serde_json::Value;
    let list = v
        .get("policy")
        .or_else(|| v.get("mixture"))
        .and_then(Value::as_array)
        .ok_or("expected an object with a \"policy\" array")?;
    let mut entries = Vec::new();
    for (i, e) in list.iter().enumerate() {
        let resp = e
            .get("responses")
            .and_then(Value::as_array)
            .ok_or_else(|| format!("policy[{i}]: missing \"responses\" array"))?;
        let mut s = Vec::new();
        for r in resp {
            let n = r
                .as_str()
                .ok_or_else(|| format!("policy[{i}]: response names are strings"))?;
            s.push(
                inst.index_of(n)
                    .ok_or_else(|| format!("policy[{i}]: unknown response `{n}`"))?,
            );
        }
        let p = e
            .get("probability")
            .and_then(Value::as_str)
            .ok_or_else(|| format!("policy[{i}]: \"probability\" must be a string like \"1/2\""))?;
        let p = parse_q(p).map_err(|e| format!("policy[{i}].probability: {e}"))?;
        entries.push((s, p));
    }
    let mut mix = Mixture { k, entries };
    mix.validate(inst).map_err(|e| e.to_string())?;
    Ok(mix)
}

#[cfg(test)]
mod k_list_tests {
    use super::parse_k_range;

    #[test]
    fn k_lists_ranges_and_log_ranges() {
        assert_eq!(parse_k_range("3").unwrap(), vec![3]);
        assert_eq!(parse_k_range("1..4").unwrap(), vec![1, 2, 3, 4]);
        assert_eq!(
            parse_k_range("1..1024:log").unwrap(),
            vec![1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024]
        );
        assert_eq!(parse_k_range("3..20:log").unwrap(), vec![3, 4, 8, 16, 20]);
        assert_eq!(parse_k_range("8, 1..3,2").unwrap(), vec![1, 2, 3, 8]);
        for bad in ["", "0", "1..1025", "5..2", "1,x", "7:log", "1..2:lin"] {
            assert!(parse_k_range(bad).is_err(), "{bad}");
        }
    }
}
