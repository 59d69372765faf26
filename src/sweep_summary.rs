//! Sweep summaries as data: the one JSON object `sweep --json` prints, and the merge of the
//! summaries of a sweep split into shards (`sweep-merge`), for sweeps run on a cluster.
//!
//! A shard `I/N` of a sweep over `count` instances holds exactly the indices `i < count` with
//! `i mod N = I`. [`merge`] accepts a set of shard summaries only if they describe the same sweep
//! (family, seed, count, k range, sizes, options), hold every shard `0..N` exactly once, and each
//! holds as many instances as its shard must; then the merged counts are the sums and the
//! violations the union in index order, exactly what the unsharded sweep prints. All counts are
//! integers; nothing here is estimated.

use serde::{Deserialize, Serialize};

/// The `format` tag of a summary.
pub const SUMMARY_FORMAT: &str = "ualign-sweep-summary/1";

/// One violated statement, as written in a summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ViolationRecord {
    /// Instance index in the sweep.
    pub index: usize,
    /// The statement that failed.
    pub statement: String,
    /// The k it failed at.
    pub k: usize,
    /// The exact values that contradict it.
    pub detail: String,
    /// The instance file written for it (relative to where the sweep ran), if any.
    pub file: Option<String>,
}

/// The summary of one sweep or one shard of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SweepRecord {
    /// The envelope of every `--json` object: `"sweep"`.
    pub command: String,
    /// The version of ualign that ran the sweep (shards must agree).
    pub ualign_version: String,
    /// Always null for a sweep (no input file).
    pub instance: Option<String>,
    /// Always null for a sweep.
    pub instance_sha256: Option<String>,
    /// Always [`SUMMARY_FORMAT`].
    pub format: String,
    /// The family name, as `--family` takes it.
    pub family: String,
    /// The seed of the sweep (shards must agree).
    pub seed: u64,
    /// Instances of the whole sweep (indices `0..count`).
    pub count: usize,
    /// This shard `shard/shards` (`0/1` for a whole sweep).
    pub shard: usize,
    /// The number of shards.
    pub shards: usize,
    /// The values of k checked.
    pub k: Vec<usize>,
    /// Responses per instance were drawn from 2..=max_m.
    pub max_m: usize,
    /// ℓ of the checked R_{k,ℓ} bound.
    pub opponents: usize,
    /// Whether the deliberately false statement was checked too.
    pub plant_false: bool,
    /// Instances checked (in this shard).
    pub instances: usize,
    /// Exact checks run.
    pub checks: usize,
    /// Equilibria by status: `exact`, `certified-box`, `epsilon` (unproved).
    pub exact_equilibria: usize,
    /// Equilibria proved by a box (`certified-box`).
    pub boxed_equilibria: usize,
    /// Equilibria found only as ε-equilibria (`epsilon`).
    pub unproved_equilibria: usize,
    /// Violations in index order.
    pub violations: Vec<ViolationRecord>,
    /// The instance files written (one per violation, in the same order).
    pub written: Vec<String>,
}

impl SweepRecord {
    /// Reads a summary from JSON text; `name` (a file name) prefixes the error.
    pub fn from_json(name: &str, text: &str) -> Result<SweepRecord, String> {
        let r: SweepRecord = serde_json::from_str(text).map_err(|e| {
            format!(
                "{name}: line {}: not a sweep summary ({SUMMARY_FORMAT}): {e}",
                e.line()
            )
        })?;
        if r.format != SUMMARY_FORMAT || r.command != "sweep" {
            return Err(format!(
                "{name}: format `{}`, expected `{SUMMARY_FORMAT}`",
                r.format
            ));
        }
        Ok(r)
    }

    /// The summary as a JSON value (the object `sweep --json` prints).
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self)
            .expect("derived Serialize of numbers, strings and lists with string keys cannot fail")
    }
}

/// Instances in shard `shard` of `shards` of a sweep over `count` instances.
pub fn shard_size(count: usize, shard: usize, shards: usize) -> usize {
    if shard >= count {
        0
    } else {
        (count - shard).div_ceil(shards)
    }
}

/// Merges the summaries of all shards of one sweep (see the module documentation). `parts` pairs
/// each summary with the name of its file, for messages.
pub fn merge(parts: &[(String, SweepRecord)]) -> Result<SweepRecord, String> {
    let (first_name, first) = parts.first().ok_or("no summaries to merge")?;
    let n = first.shards;
    let mut holder: Vec<Option<&str>> = vec![None; n];
    for (name, r) in parts {
        let same = |what: &str, a: String, b: String| -> Result<(), String> {
            if a == b {
                Ok(())
            } else {
                Err(format!(
                    "{name}: {what} {a} differs from {first_name} ({what} {b}): \
                     not shards of one sweep"
                ))
            }
        };
        same(
            "ualign version",
            r.ualign_version.clone(),
            first.ualign_version.clone(),
        )?;
        same("family", r.family.clone(), first.family.clone())?;
        same("seed", r.seed.to_string(), first.seed.to_string())?;
        same("count", r.count.to_string(), first.count.to_string())?;
        same("shard count", r.shards.to_string(), n.to_string())?;
        same("k", format!("{:?}", r.k), format!("{:?}", first.k))?;
        same("max_m", r.max_m.to_string(), first.max_m.to_string())?;
        same(
            "opponents",
            r.opponents.to_string(),
            first.opponents.to_string(),
        )?;
        same(
            "plant_false",
            r.plant_false.to_string(),
            first.plant_false.to_string(),
        )?;
        if r.shard >= n {
            return Err(format!("{name}: shard {}/{n} is out of range", r.shard));
        }
        if let Some(other) = holder[r.shard] {
            return Err(format!(
                "{name}: shard {}/{n} is also in {other} (overlapping shards)",
                r.shard
            ));
        }
        holder[r.shard] = Some(name);
        let want = shard_size(r.count, r.shard, n);
        if r.instances != want {
            return Err(format!(
                "{name}: shard {}/{n} of {} instances must hold {want}, it says {}",
                r.shard, r.count, r.instances
            ));
        }
        let statuses = r.exact_equilibria + r.boxed_equilibria + r.unproved_equilibria;
        if statuses > r.instances * r.k.len() {
            return Err(format!(
                "{name}: {statuses} equilibria for {} instances and {} values of k",
                r.instances,
                r.k.len()
            ));
        }
        if let Some(v) = r.violations.iter().find(|v| v.index % n != r.shard) {
            return Err(format!(
                "{name}: violation at instance {} does not belong to shard {}/{n}",
                v.index, r.shard
            ));
        }
    }
    if let Some(missing) = holder.iter().position(|h| h.is_none()) {
        return Err(format!(
            "shard {missing}/{n} is missing ({} of {n} summaries given)",
            parts.len()
        ));
    }
    let mut merged = SweepRecord {
        shard: 0,
        shards: 1,
        instances: 0,
        checks: 0,
        exact_equilibria: 0,
        boxed_equilibria: 0,
        unproved_equilibria: 0,
        violations: Vec::new(),
        written: Vec::new(),
        ..first.clone()
    };
    for (_, r) in parts {
        merged.instances += r.instances;
        merged.checks += r.checks;
        merged.exact_equilibria += r.exact_equilibria;
        merged.boxed_equilibria += r.boxed_equilibria;
        merged.unproved_equilibria += r.unproved_equilibria;
        merged.violations.extend(r.violations.iter().cloned());
    }
    // Each index lives in one shard, so a stable sort by index restores the unsharded order.
    merged.violations.sort_by_key(|v| v.index);
    merged.written = merged
        .violations
        .iter()
        .filter_map(|v| v.file.clone())
        .collect();
    Ok(merged)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(shard: usize, shards: usize, count: usize) -> SweepRecord {
        let instances = shard_size(count, shard, shards);
        SweepRecord {
            command: "sweep".into(),
            ualign_version: "0.1.0".into(),
            instance: None,
            instance_sha256: None,
            format: SUMMARY_FORMAT.into(),
            family: "ties".into(),
            seed: 1,
            count,
            shard,
            shards,
            k: vec![1, 2],
            max_m: 5,
            opponents: 2,
            plant_false: false,
            instances,
            checks: 3 * instances,
            exact_equilibria: 2 * instances,
            boxed_equilibria: 0,
            unproved_equilibria: 0,
            violations: Vec::new(),
            written: Vec::new(),
        }
    }

    #[test]
    fn shard_sizes_partition() {
        for count in [0usize, 1, 7, 10, 101] {
            for shards in 1..6 {
                let total: usize = (0..shards).map(|s| shard_size(count, s, shards)).sum();
                assert_eq!(total, count);
                for s in 0..shards {
                    let direct = (0..count).filter(|i| i % shards == s).count();
                    assert_eq!(shard_size(count, s, shards), direct);
                }
            }
        }
    }

    #[test]
    fn merge_sums_and_refuses_bad_sets() {
        let parts: Vec<(String, SweepRecord)> = (0..3)
            .map(|s| (format!("s{s}.json"), part(s, 3, 10)))
            .collect();
        let m = merge(&parts).unwrap();
        assert_eq!((m.instances, m.checks, m.shard, m.shards), (10, 30, 0, 1));
        assert_eq!(m, part(0, 1, 10));
        // Missing.
        let e = merge(&parts[..2]).unwrap_err();
        assert!(e.contains("shard 2/3 is missing"), "{e}");
        // Overlapping.
        let mut dup = parts.clone();
        dup[2] = ("t.json".into(), part(1, 3, 10));
        let e = merge(&dup).unwrap_err();
        assert!(e.contains("also in s1.json"), "{e}");
        // Inconsistent.
        let mut bad = parts.clone();
        bad[1].1.seed = 2;
        let e = merge(&bad).unwrap_err();
        assert!(e.starts_with("s1.json: seed 2 differs"), "{e}");
        let mut bad = parts.clone();
        bad[1].1.instances += 1;
        assert!(merge(&bad).unwrap_err().contains("must hold 3"));
        assert!(merge(&[]).is_err());
    }
}
