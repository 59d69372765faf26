//! The report of a family certificate (docs/THEORY.md §9): v*_k of impartial culture or of the
//! Condorcet cycle on N responses, at one N or for every N ≥ N0. Layout only; the certificate has
//! been checked by [`super::proof::report_blocks`] before this runs.

use super::polynomial_in_n as polynomial;
use super::proof::{Block, closing, num};
use crate::verify::family::{FamilyCertificate, FamilyClaim};

/// Report blocks of a (checked) family certificate.
pub fn family_blocks(name: &str, cert: &FamilyCertificate) -> Vec<Block> {
    let what = match cert.family.as_str() {
        "cycle" => "the Condorcet cycle on N responses (N user types, each a rotation)",
        _ => "impartial culture on N responses (every strict order, equal weights)",
    };
    let mut out = vec![
        Block::Heading(1, format!("Proof report: {name}")),
        Block::Text(format!(
            "A ualign family certificate with {} claims about {what}. Every claim was \
             re-derived by the independent checker (ualign-check {}) before this report was \
             written; v*_k is the best k-output policy's robust win rate (docs/THEORY.md §9).",
            cert.claims.len(),
            env!("CARGO_PKG_VERSION")
        )),
    ];
    let mut values = Vec::new();
    let mut symbolic = Vec::new();
    for (i, c) in cert.claims.iter().enumerate() {
        match c {
            FamilyClaim::FamilyValue {
                n,
                k,
                value,
                multiplicities,
                gaps,
            } => {
                let orbit = if gaps.is_empty() {
                    format!("multiplicities {multiplicities:?}")
                } else {
                    format!("multiplicities {multiplicities:?}, gaps {gaps:?}")
                };
                values.push(vec![
                    n.to_string(),
                    k.to_string(),
                    format!("{} (#{i})", num(value)),
                    orbit,
                ]);
            }
            FamilyClaim::FamilySymbolic {
                k,
                valid_for_n_at_least,
                numerator,
                denominator,
                limit,
                pattern,
            } => symbolic.push(vec![
                k.to_string(),
                format!("N ≥ {valid_for_n_at_least}"),
                format!(
                    "({}) / ({}) (#{i})",
                    polynomial(numerator),
                    polynomial(denominator)
                ),
                num(limit),
                format!("{pattern:?}"),
            ]),
        }
    }
    if !values.is_empty() {
        out.push(Block::Heading(2, "v*_k at fixed N".into()));
        out.push(Block::Table {
            header: ["N", "k", "v*_k", "an optimal orbit"]
                .map(String::from)
                .to_vec(),
            rows: values,
        });
    }
    if !symbolic.is_empty() {
        out.push(Block::Heading(2, "v*_k for every N from N0 on".into()));
        out.push(Block::Table {
            header: [
                "k",
                "valid for",
                "v*_k(N)",
                "limit N → ∞",
                "optimal pattern",
            ]
            .map(String::from)
            .to_vec(),
            rows: symbolic,
        });
    }
    out.push(closing(name));
    out
}

#[cfg(test)]
mod tests {
    use super::polynomial;

    #[test]
    fn polynomials_read_naturally() {
        let p = |cs: &[&str]| polynomial(&cs.iter().map(|c| c.to_string()).collect::<Vec<_>>());
        assert_eq!(p(&["1", "4"]), "1 + 4·N");
        assert_eq!(p(&["0", "6"]), "6·N");
        assert_eq!(p(&["-1", "0", "3"]), "-1 + 3·N^2");
        assert_eq!(p(&["2", "-5"]), "2 − 5·N");
        assert_eq!(p(&["0"]), "0");
    }
}
