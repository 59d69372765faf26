//! CPU time of the calling thread, for tests that bound the checker's work.

/// CPU seconds (user + system) of the calling thread, from /proc (Linux; wall time elsewhere),
/// so that a loaded machine does not fail the bound.
pub fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit(')')
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect();
    match (
        fields.get(11).and_then(|s| s.parse::<f64>().ok()),
        fields.get(12).and_then(|s| s.parse::<f64>().ok()),
    ) {
        (Some(u), Some(s)) => (u + s) / 100.0,
        _ => std::time::UNIX_EPOCH
            .elapsed()
            .map_or(0.0, |d| d.as_secs_f64()),
    }
}
