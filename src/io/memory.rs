//! The memory guard: before a large allocation a command estimates its bytes and calls
//! [`check`], which refuses when the estimate exceeds the budget (4 GiB by default, changed by
//! the CLI's `--max-memory`). Estimates are deliberately generous upper bounds of the main
//! tables (entries × bytes per entry), not measurements.

use std::sync::atomic::{AtomicU64, Ordering};

/// The default budget: 4 GiB, a sixth of the 24 GiB machine the project is tested on.
pub const DEFAULT_BUDGET: u64 = 4 << 30;

/// Bytes assumed per exact rational held in a table: two small big integers, the vector slot
/// and the printed form (`info --matrix` on 4,096 responses peaks at about 110 bytes per
/// entry, measured with `/usr/bin/time`); larger numbers are bounded by the length limits.
pub const BYTES_PER_RATIONAL: u64 = 128;

static BUDGET: AtomicU64 = AtomicU64::new(DEFAULT_BUDGET);

/// The current budget in bytes.
pub fn budget() -> u64 {
    BUDGET.load(Ordering::Relaxed)
}

/// Sets the budget in bytes (the CLI's `--max-memory`).
pub fn set_budget(bytes: u64) {
    BUDGET.store(bytes, Ordering::Relaxed);
}

/// An estimate above the budget.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{what} would need about {} of memory, above the budget of {} (raise it with --max-memory)",
    human_bytes(*.estimate),
    human_bytes(*.budget)
)]
pub struct MemoryError {
    /// What would need the memory (e.g. "the k-output LP").
    pub what: String,
    /// The estimated need in bytes.
    pub estimate: u64,
    /// The budget in bytes.
    pub budget: u64,
}

/// Refuses `what` when `estimate` bytes exceed the budget.
pub fn check(what: &str, estimate: u64) -> Result<(), MemoryError> {
    let budget = budget();
    if estimate > budget {
        return Err(MemoryError {
            what: what.to_string(),
            estimate,
            budget,
        });
    }
    Ok(())
}

/// `entries × bytes`, saturating (an overflow is simply "too much").
pub fn table_bytes(entries: u128, bytes_per_entry: u64) -> u64 {
    u64::try_from(entries.saturating_mul(bytes_per_entry as u128)).unwrap_or(u64::MAX)
}

/// The maximal-lottery LP of an m-response instance: the preference and margin matrices and a
/// tableau of about the same size, 3·m² rationals.
pub fn check_maximal_lottery(m: usize) -> Result<(), MemoryError> {
    let m = m as u128;
    check(
        "the margin matrix and the maximal-lottery LP",
        table_bytes(3 * m * m, BYTES_PER_RATIONAL),
    )
}

/// The k-output LP: one column per k-multiset (at most `max_columns`, above which the LP is
/// skipped or refused anyway), m + 1 rows of rationals per column.
pub fn check_koutput(m: usize, k: usize, max_columns: u128) -> Result<(), MemoryError> {
    let columns = crate::game::multiset::multiset_count(m, k)
        .unwrap_or(u128::MAX)
        .min(max_columns);
    check(
        &format!("the k-output LP for k = {k} ({columns} columns)"),
        table_bytes(columns.saturating_mul(m as u128 + 1), BYTES_PER_RATIONAL),
    )
}

/// Parses a size: plain bytes, or an integer followed by K, M, G or T (powers of 1024; a
/// trailing `B` or `iB` is allowed), e.g. `4G`, `512MiB`, `100k`.
pub fn parse_size(s: &str) -> Result<u64, String> {
    let bad = || format!("`{s}` is not a size like 4G, 512M or 1000000");
    let t = s.trim().to_ascii_uppercase();
    let t = t
        .strip_suffix("IB")
        .or_else(|| t.strip_suffix('B'))
        .unwrap_or(&t);
    let (digits, shift) = match t.chars().last() {
        Some('K') => (&t[..t.len() - 1], 10),
        Some('M') => (&t[..t.len() - 1], 20),
        Some('G') => (&t[..t.len() - 1], 30),
        Some('T') => (&t[..t.len() - 1], 40),
        _ => (t, 0),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let n: u64 = digits.parse().map_err(|_| bad())?;
    n.checked_mul(1 << shift)
        .filter(|&b| b > 0)
        .ok_or_else(|| format!("`{s}`: size out of range (1 byte to 16 EiB)"))
}

/// `1.5 GiB`, `12.0 MiB`, `900 bytes`.
pub fn human_bytes(b: u64) -> String {
    const UNITS: [(&str, u64); 4] = [
        ("TiB", 1 << 40),
        ("GiB", 1 << 30),
        ("MiB", 1 << 20),
        ("KiB", 1 << 10),
    ];
    for (name, size) in UNITS {
        if b >= size {
            return format!("{:.1} {name}", b as f64 / size as f64);
        }
    }
    format!("{b} bytes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_and_print() {
        assert_eq!(parse_size("4G"), Ok(4 << 30));
        assert_eq!(parse_size("512M"), Ok(512 << 20));
        assert_eq!(parse_size("512MiB"), Ok(512 << 20));
        assert!(parse_size("4X").is_err());
        assert_eq!(parse_size("100k"), Ok(102_400));
        assert_eq!(parse_size("123"), Ok(123));
        assert!(parse_size("0").is_err());
        assert!(parse_size("1.5G").is_err());
        assert!(parse_size("99999999999T").is_err());
        assert_eq!(human_bytes(3 << 29), "1.5 GiB");
        assert_eq!(human_bytes(900), "900 bytes");
    }

    #[test]
    fn check_refuses_above_the_budget_with_the_estimate() {
        assert!(check("x", DEFAULT_BUDGET).is_ok());
        let e = check("the margin matrix", DEFAULT_BUDGET + 1).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("the margin matrix would need about 4.0 GiB")
        );
        assert_eq!(table_bytes(u128::MAX, 2), u64::MAX);
    }
}
