//! Family certificates (docs/THEORY.md §9, format in `proofs/README.md`): the solver fills the
//! checker's format types ([`ualign_check::family`]) and checks the result with the checker
//! before anyone writes it.

use ualign_check::family::{FAMILY_FORMAT, FamilyCertificate, FamilyClaim};

use super::{Family, FamilyValue, SymbolicValue};
use crate::number::fmt_q;

fn value_claim(r: &FamilyValue) -> FamilyClaim {
    FamilyClaim::FamilyValue {
        n: r.n,
        k: r.k as u64,
        value: fmt_q(&r.value),
        multiplicities: r.orbit.multiplicities.iter().map(|&c| c as u64).collect(),
        gaps: r.orbit.gaps.clone(),
    }
}

fn symbolic_claim(s: &SymbolicValue) -> FamilyClaim {
    FamilyClaim::FamilySymbolic {
        k: s.k as u64,
        valid_for_n_at_least: s.valid_for_n_at_least,
        numerator: s.numerator.iter().map(|c| c.to_string()).collect(),
        denominator: s.denominator.iter().map(|c| c.to_string()).collect(),
        limit: fmt_q(&s.limit),
        pattern: s.pattern.iter().map(|&c| c as u64).collect(),
    }
}

fn certificate(family: Family, claims: Vec<FamilyClaim>) -> FamilyCertificate {
    FamilyCertificate {
        format: FAMILY_FORMAT.to_string(),
        version: 1,
        tool: format!("ualign {}", env!("CARGO_PKG_VERSION")),
        family: family.name().to_string(),
        claims,
    }
}

/// A certificate of v*_k at fixed N, one `family_value` claim per result.
pub fn value_certificate(family: Family, rs: &[FamilyValue]) -> FamilyCertificate {
    certificate(family, rs.iter().map(value_claim).collect())
}

/// A certificate of symbolic values: for each k, `family_value` claims for N < N0, then the
/// `family_symbolic` claim.
pub fn symbolic_certificate(ss: &[SymbolicValue]) -> FamilyCertificate {
    let mut claims = Vec::new();
    for s in ss {
        claims.extend(s.small_n.iter().map(value_claim));
        claims.push(symbolic_claim(s));
    }
    certificate(Family::Impartial, claims)
}

/// The certificate as pretty JSON (with a final newline), after the checker has accepted it:
/// `Err` carries the checker's message (a solver bug; nothing must be written then).
pub fn checked_json(cert: &FamilyCertificate) -> Result<String, String> {
    let mut text = serde_json::to_string_pretty(cert).map_err(|e| e.to_string())?;
    text.push('\n');
    ualign_check::verify_str(&text).map_err(|e| e.to_string())?;
    Ok(text)
}
