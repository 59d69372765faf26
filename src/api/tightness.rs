//! `tightness`: v*_k of a symmetric family for one N, or as a function of N (docs/THEORY.md §9).
//!
//! One k gives one object (envelope with `k`); several k give the envelope, `family` and `rows`,
//! one object per k (as `curve` does). Response names are `y1`..`yN`, as `generate impartial` and
//! `generate cycle` write them.

use super::{ApiError, Out, envelope};
use crate::tightness::{self, Family, FamilyValue, MAX_FAMILY_K, SymbolicValue, TightnessError};

/// Response name of a 0-based index in a family member (`y1`, `y2`, …).
pub fn family_response_name(i: u64) -> String {
    format!("y{}", i + 1)
}

fn input(e: TightnessError) -> ApiError {
    ApiError::Input(e.to_string())
}

fn check_family_ks(ks: &[usize]) -> Result<(), ApiError> {
    if ks.is_empty() {
        return Err(ApiError::Input("the list of k values is empty".into()));
    }
    match ks.iter().find(|&&k| k == 0 || k > MAX_FAMILY_K) {
        Some(&k) => Err(input(TightnessError::BadK(k))),
        None => Ok(()),
    }
}

/// The per-k fields of a fixed-N result.
fn value_fields(o: Out, r: &FamilyValue) -> Out {
    let rep: Vec<Out> = r
        .orbit
        .representative
        .iter()
        .map(|&i| Out::Str(family_response_name(i)))
        .collect();
    let ints = |v: &[u64]| Out::List(v.iter().map(|&x| Out::Int(x)).collect());
    let mult: Vec<u64> = r.orbit.multiplicities.iter().map(|&c| c as u64).collect();
    o.with("family", r.family.name())
        .with("n", r.n)
        .with("value", &r.value)
        .with("ceiling", tightness::ceiling(r.k))
        .with("excess", r.excess())
        .with(
            "orbit",
            Out::map()
                .with("multiplicities", ints(&mult))
                .with("gaps", ints(&r.orbit.gaps))
                .with("representative", Out::List(rep)),
        )
        .with("opponent", "uniform")
        .with("patterns", r.patterns)
}

/// The per-k fields of a symbolic result: `value: {numerator, denominator}` with exact integer
/// coefficients in ascending powers of N.
fn symbolic_fields(o: Out, s: &SymbolicValue) -> Out {
    let coeffs = |v: &[crate::number::IBig]| {
        Out::List(
            v.iter()
                .map(|c| Out::Q(crate::number::Q::from(c.clone())))
                .collect(),
        )
    };
    let small: Vec<Out> = s
        .small_n
        .iter()
        .map(|r| {
            let mult: Vec<Out> = r
                .orbit
                .multiplicities
                .iter()
                .map(|&c| Out::Int(c as u64))
                .collect();
            Out::map()
                .with("n", r.n)
                .with("value", &r.value)
                .with("multiplicities", Out::List(mult))
        })
        .collect();
    let pattern: Vec<Out> = s.pattern.iter().map(|&c| Out::Int(c as u64)).collect();
    o.with("family", "impartial")
        .with("valid_for_n_at_least", s.valid_for_n_at_least)
        .with(
            "value",
            Out::map()
                .with("numerator", coeffs(&s.numerator))
                .with("denominator", coeffs(&s.denominator)),
        )
        .with("limit", &s.limit)
        .with("ceiling", tightness::ceiling(s.k))
        .with("pattern", Out::List(pattern))
        .with("small_n", Out::List(small))
}

fn one_or_rows(family: Family, rows: Vec<(usize, Out)>) -> Out {
    if let [(k, Out::Map(fields))] = rows.as_slice() {
        let mut o = envelope("tightness", None, Some(*k));
        for (key, v) in fields {
            o.push(key, v.clone());
        }
        return o;
    }
    let list: Vec<Out> = rows
        .into_iter()
        .map(|(k, fields)| {
            let mut o = Out::map().with("k", k);
            if let Out::Map(fs) = fields {
                for (key, v) in fs {
                    o.push(&key, v);
                }
            }
            o
        })
        .collect();
    envelope("tightness", None, None)
        .with("family", family.name())
        .with("rows", Out::List(list))
}

/// v*_k of `family` with `n` responses for each k of `ks` (1 ≤ k ≤ 16, 1 ≤ N ≤ 10^6).
pub fn tightness_values(family: Family, n: u64, ks: &[usize]) -> Result<Out, ApiError> {
    check_family_ks(ks)?;
    let rs: Vec<FamilyValue> = ks
        .iter()
        .map(|&k| tightness::solve(family, n, k))
        .collect::<Result<_, _>>()
        .map_err(input)?;
    Ok(one_or_rows(
        family,
        rs.iter()
            .map(|r| (r.k, value_fields(Out::map(), r)))
            .collect(),
    ))
}

/// v*_k(N) of impartial culture as a rational function of N, for each k of `ks`.
pub fn tightness_symbolic(ks: &[usize]) -> Result<Out, ApiError> {
    check_family_ks(ks)?;
    let rs: Vec<SymbolicValue> = ks
        .iter()
        .map(|&k| tightness::symbolic_impartial(k))
        .collect::<Result<_, _>>()
        .map_err(input)?;
    Ok(one_or_rows(
        Family::Impartial,
        rs.iter()
            .map(|s| (s.k, symbolic_fields(Out::map(), s)))
            .collect(),
    ))
}
