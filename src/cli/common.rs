//! Shared argument handling: loading instances and policies (through [`crate::io::input`]),
//! writing outputs (through [`crate::io::output`]), the global options, k ranges, JSON output.

use std::path::Path;
use std::sync::OnceLock;

use clap::Args;

use serde_json::Value;

use crate::api::{ApiError, Out};
use crate::instance::{Format, Instance, MAX_FILE_BYTES};
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

impl From<crate::io::input::InputError> for CliError {
    fn from(e: crate::io::input::InputError) -> Self {
        CliError::Input(e.to_string())
    }
}

impl From<crate::io::output::OutputError> for CliError {
    fn from(e: crate::io::output::OutputError) -> Self {
        CliError::Input(e.to_string())
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

/// Options accepted by every subcommand.
#[derive(Args, Debug, Clone, Default)]
pub struct GlobalArgs {
    /// Format of the instance file: json, soc, soi, toc or toi. Needed when the instance is
    /// read from standard input (`-`); otherwise the extension decides. For `report`: md
    /// (default) or tex.
    #[arg(long, global = true, value_parser = ["json", "soc", "soi", "toc", "toi", "md", "tex"])]
    pub format: Option<String>,
    /// Memory budget: a command whose main tables are estimated above it is refused before
    /// allocating them (e.g. 4G, 512M, or bytes; default 4G).
    #[arg(long, global = true, value_parser = crate::io::memory::parse_size)]
    pub max_memory: Option<u64>,
}

static FORMAT: OnceLock<Option<Format>> = OnceLock::new();
static FORMAT_NAME: OnceLock<Option<String>> = OnceLock::new();

/// Applies the global options (once per process; the first call wins).
pub fn apply_global(g: &GlobalArgs) {
    let _ = FORMAT.set(g.format.as_deref().and_then(Format::from_name));
    let _ = FORMAT_NAME.set(g.format.clone());
    if let Some(b) = g.max_memory {
        crate::io::memory::set_budget(b);
    }
}

/// Reads an instance file (PrefLib or JSON, or standard input for `-` with `--format`),
/// mapping errors to exit code 2.
pub fn load_instance(path: &Path) -> Result<Instance, CliError> {
    if let Some(f @ ("md" | "tex")) = format_name() {
        return Err(CliError::Input(format!(
            "--format {f} is an output format of `ualign report`; instances are json, soc, soi, \
             toc or toi"
        )));
    }
    let format = FORMAT.get().copied().flatten();
    Ok(Instance::from_path_as(path, format)?)
}

/// The `--format` value as given (None when absent).
pub fn format_name() -> Option<&'static str> {
    FORMAT_NAME.get().and_then(|f| f.as_deref())
}

/// Refuses, before any work, outputs that are the same file as an input or as each other.
pub fn refuse_clobber(outputs: &[&Path], inputs: &[&Path]) -> CliResult {
    crate::io::output::refuse_duplicates(outputs)?;
    for o in outputs {
        crate::io::output::refuse_inputs(o, inputs)?;
    }
    Ok(())
}

/// Writes one output through the output layer (`-` is standard output).
pub fn write_output(path: &Path, text: &str) -> CliResult {
    Ok(crate::io::output::write_output(path, text.as_bytes())?)
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
    let name = crate::io::input::display_name(path);
    let text = crate::io::input::read_text(path, MAX_FILE_BYTES)?;
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
        serde_json::to_string_pretty(v)
            .expect("a serde_json::Value always serialises (its keys are strings)")
    );
}

/// Prints a result tree of [`crate::api`] as JSON on stdout.
pub fn print_out(o: &Out) {
    println!("{}", o.to_json_string());
}
