//! Output: exact values for humans and simple aligned tables (JSON results are built in
//! [`crate::api`]; files are written by [`crate::io::output`]).
//! Nothing here computes a result.

pub mod proof;
pub mod proof_family;
pub mod proof_render;
pub mod svg;

pub use proof::report;
pub use proof_render::ReportFormat;

use crate::number::{Q, fmt_q_approx};

/// `{a, a, b}` for humans.
pub fn multiset_label(names: &[String], s: &[usize]) -> String {
    let s: Vec<&str> = s.iter().map(|&y| names[y].as_str()).collect();
    format!("{{{}}}", s.join(", "))
}

/// Renders rows as a left-aligned text table with a header row.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let cols = header.len();
    let mut width: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate().take(cols) {
            width[i] = width[i].max(c.chars().count());
        }
    }
    let line = |cells: Vec<&str>| -> String {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            s.push_str(c);
            if i + 1 < cells.len() {
                let pad = width[i] - c.chars().count() + 2;
                s.push_str(&" ".repeat(pad));
            }
        }
        s.trim_end().to_string() + "\n"
    };
    let mut out = line(header.to_vec());
    out.push_str(&line(
        width
            .iter()
            .map(|w| "-".repeat(*w))
            .collect::<Vec<_>>()
            .iter()
            .map(String::as_str)
            .collect(),
    ));
    for r in rows {
        out.push_str(&line(r.iter().map(String::as_str).collect()));
    }
    out
}

/// `c0 + c1·N + c2·N^2` from ascending coefficients, zero terms left out (`0` when all are).
pub fn polynomial_in_n<T: std::fmt::Display>(coefficients: &[T]) -> String {
    let terms: Vec<String> = coefficients
        .iter()
        .map(T::to_string)
        .enumerate()
        .filter(|(_, c)| c != "0")
        .map(|(i, c)| match i {
            0 => c,
            1 => format!("{c}·N"),
            _ => format!("{c}·N^{i}"),
        })
        .collect();
    if terms.is_empty() {
        "0".into()
    } else {
        terms.join(" + ").replace("+ -", "− ")
    }
}

/// Exact value plus decimal, for human tables.
pub fn human(x: &Q) -> String {
    fmt_q_approx(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_aligns() {
        let t = table(&["k", "value"], &[vec!["1".into(), "1/2".into()]]);
        assert_eq!(t, "k  value\n-  -----\n1  1/2\n");
    }
}
