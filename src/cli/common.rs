//! Shared argument handling: loading instances and policies, k ranges, JSON output.

use std::path::Path;

use serde_json::Value;

use crate::instance::Instance;
use crate::number::{Q, parse_q};

/// A CLI failure with its exit code: 2 for bad input, 1 for a claim that does not hold.
#[derive(Debug)]
pub enum CliError {
    /// Bad input (file, argument, format): exit code 2.
    Input(String),
    /// A claim or check that does not hold: exit code 1.
    Failed(String),
}

impl CliError {
    pub fn code(&self) -> i32 {
        match self {
            CliError::Input(_) => 2,
            CliError::Failed(_) => 1,
        }
    }
    pub fn message(&self) -> &str {
        match self {
            CliError::Input(m) | CliError::Failed(m) => m,
        }
    }
}

impl From<crate::instance::InstanceError> for CliError {
    fn from(e: crate::instance::InstanceError) -> Self {
        CliError::Input(e.to_string())
    }
}

pub type CliResult = Result<(), CliError>;

/// Largest k accepted by commands that evaluate U_k (numbers grow like D^k).
pub const MAX_K: usize = 64;

/// Reads an instance file (PrefLib or JSON), mapping errors to exit code 2.
pub fn load_instance(path: &Path) -> Result<Instance, CliError> {
    Ok(Instance::from_path(path)?)
}

/// Checks 1 ≤ k ≤ MAX_K.
pub fn check_k(k: usize) -> Result<usize, CliError> {
    if k == 0 {
        return Err(CliError::Input(
            "k must be at least 1 (k = 0 outputs nothing)".into(),
        ));
    }
    if k > MAX_K {
        return Err(CliError::Input(format!(
            "k = {k} is above the supported maximum {MAX_K}"
        )));
    }
    Ok(k)
}

/// Parses `K` or `A..B` (inclusive) into a list of k values, each checked by [`check_k`].
pub fn parse_k_range(s: &str) -> Result<Vec<usize>, CliError> {
    let bad = || CliError::Input(format!("`{s}` is not a k or a range like 1..6"));
    let (a, b) = match s.split_once("..") {
        Some((a, b)) => (a.trim(), b.trim_start_matches('=').trim()),
        None => (s.trim(), s.trim()),
    };
    let a: usize = a.parse().map_err(|_| bad())?;
    let b: usize = b.parse().map_err(|_| bad())?;
    if a > b {
        return Err(CliError::Input(format!(
            "`{s}` is an empty range (start above end)"
        )));
    }
    check_k(a)?;
    check_k(b)?;
    Ok((a..=b).collect())
}

/// Reads a product policy: a JSON object mapping response names to rational strings.
/// Missing responses get probability 0. Unknown names, non-string values, negative entries and
/// sums other than 1 are errors.
pub fn load_policy(path: &Path, inst: &Instance) -> Result<Vec<Q>, CliError> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|e| CliError::Input(format!("{name}: cannot read: {e}")))?;
    policy_from_json(&text, inst).map_err(|e| {
        // "line N: msg" becomes "file:N: msg", like instance errors.
        let located = e.strip_prefix("line ").and_then(|rest| {
            let (n, msg) = rest.split_once(": ")?;
            n.parse::<usize>()
                .ok()
                .map(|n| format!("{name}:{n}: {msg}"))
        });
        CliError::Input(located.unwrap_or_else(|| format!("{name}: {e}")))
    })
}

/// Parses a policy object `{"a": "1/2", "b": "1/2"}` against an instance. Repeated keys,
/// non-string values, unknown names, negative entries and sums other than 1 are errors.
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
    let mut pi = vec![Q::ZERO; inst.m()];
    for (k, v) in &map.0 {
        let y = inst
            .index_of(k)
            .ok_or_else(|| format!("{}unknown response `{k}`", line_of(k)))?;
        pi[y] = parse_q(v).map_err(|e| format!("{}probability of `{k}`: {e}", line_of(k)))?;
    }
    crate::game::validate_distribution(inst, &pi)?;
    Ok(pi)
}

/// Prints one JSON value on stdout (pretty, deterministic key order).
pub fn print_json(v: &Value) {
    println!(
        "{}",
        serde_json::to_string_pretty(v).expect("JSON value serialises")
    );
}
