//! Shared argument handling: loading instances and policies, k ranges, JSON output.

use std::path::Path;

use serde_json::Value;

use crate::api::{ApiError, Out};
use crate::instance::Instance;
use crate::number::Q;

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

impl From<ApiError> for CliError {
    fn from(e: ApiError) -> Self {
        match e {
            ApiError::Input(m) => CliError::Input(m),
            ApiError::Failed(m) => CliError::Failed(m),
        }
    }
}

pub use crate::api::policy_from_json;

/// Reads an instance file (PrefLib or JSON), mapping errors to exit code 2.
pub fn load_instance(path: &Path) -> Result<Instance, CliError> {
    Ok(Instance::from_path(path)?)
}

/// Checks 1 ≤ k ≤ MAX_K.
pub fn check_k(k: usize) -> Result<usize, CliError> {
    Ok(crate::api::check_k(k)?)
}

/// Parses a list of k values, each checked by [`check_k`]: `K`, `A..B` (inclusive), `A..B:log`
/// (A, the powers of two strictly between, and B: 1..1024:log is 1, 2, 4, …, 1024), or a
/// comma-separated list of these (`1,2,4,8..10`). The result is sorted without repeats.
pub fn parse_k_range(s: &str) -> Result<Vec<usize>, CliError> {
    Ok(crate::api::parse_k_range(s)?)
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

/// Prints one JSON value on stdout (pretty, deterministic key order).
pub fn print_json(v: &Value) {
    println!(
        "{}",
        serde_json::to_string_pretty(v).expect("JSON value serialises")
    );
}

/// Prints a result tree of [`crate::api`] as JSON on stdout.
pub fn print_out(o: &Out) {
    println!("{}", o.to_json_string());
}
