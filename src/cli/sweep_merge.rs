//! `ualign sweep-merge SUMMARY.json…`: combine the `sweep --json` summaries of all shards of one
//! sweep into the summary of the whole sweep (see [`crate::sweep_summary`]).

use std::path::PathBuf;

use clap::Args;

use super::common::{CliError, CliResult, print_json};
use crate::sweep_summary::{SweepRecord, merge};

/// Largest summary file read (bytes).
const MAX_SUMMARY_BYTES: u64 = 64 << 20;

/// Merge the JSON summaries of the shards of one sweep (exit 1 if it found violations).
///
/// Merge the `sweep --json` summaries of all shards I/N of one sweep (same family, seed, count,
/// k range and options) into the summary of the whole sweep, printed as one JSON object: counts are
/// summed, violations listed in index order. Overlapping, missing or inconsistent shards are
/// refused with exit code 2. Exit code 1 if the merged sweep has violations.
#[derive(Args, Debug)]
pub struct SweepMergeArgs {
    /// Summary files written by `ualign sweep --json --shard I/N` (one per shard, any order).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
}

fn read(path: &std::path::Path) -> Result<(String, SweepRecord), CliError> {
    let name = path.display().to_string();
    // Bounded whatever the file type (a FIFO or device reports size 0).
    let text = crate::io::input::read_text(path, MAX_SUMMARY_BYTES)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let r = SweepRecord::from_json(&name, text).map_err(CliError::Input)?;
    Ok((name, r))
}

pub fn run(args: &SweepMergeArgs) -> CliResult {
    let parts = args
        .files
        .iter()
        .map(|p| read(p))
        .collect::<Result<Vec<_>, _>>()?;
    let merged = merge(&parts).map_err(CliError::Input)?;
    print_json(&merged.to_json());
    if merged.violations.is_empty() {
        Ok(())
    } else {
        Err(CliError::Failed(format!(
            "{} statement violation(s) found",
            merged.violations.len()
        )))
    }
}
