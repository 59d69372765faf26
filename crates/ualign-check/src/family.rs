//! Family certificates (docs/THEORY.md §9): v*_k of impartial culture or of the Condorcet cycle
//! on N responses, for one N (`family_value`) or for every N ≥ N0 (`family_symbolic`), with no
//! user types. Both families have a symmetry group that moves every response to every other, so
//! the uniform rival is an optimal dual and v*_k is the best orbit's win rate against it, which has
//! a closed form in N (§9.2, §9.3). The checker evaluates those closed forms itself, enumerates
//! the partitions of k (at most 231 for k ≤ 16), and tests polynomial signs on [N0, ∞) by
//! Descartes' rule after the shift N = N0 + t (§9.4). Everything is exact.

use serde::{Deserialize, Serialize};

use crate::number::{Q, int, one, parse_q, show, zero};
use crate::{ClaimReport, Fail, VerifyError, VerifySummary};

/// The `format` of a family certificate.
pub const FAMILY_FORMAT: &str = "ualign-family-certificate";
/// Largest k of a family claim (231 partitions at 16).
pub const MAX_FAMILY_K: u64 = 16;
/// Largest N of a family claim, and largest N0.
pub const MAX_FAMILY_N: u64 = 1_000_000;
/// Most polynomial coefficients in a symbolic claim.
pub const MAX_COEFFS: usize = 8;

/// A family certificate: claims about every member (or every member from N0 on) of a family.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FamilyCertificate {
    /// Always [`FAMILY_FORMAT`].
    pub format: String,
    /// Always 1.
    pub version: u64,
    /// The producing tool (informational).
    pub tool: String,
    /// `impartial` or `cycle`.
    pub family: String,
    /// The claims, checked in order.
    pub claims: Vec<FamilyClaim>,
}

/// A claim about a whole family (JSON field `kind`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum FamilyClaim {
    /// v*_k at one N, with an optimal orbit (multiplicities, and gaps for the cycle).
    FamilyValue {
        /// Number of responses N.
        n: u64,
        /// Number of outputs k.
        k: u64,
        /// v*_k, exact.
        value: String,
        /// Multiplicities of the orbit's distinct responses.
        multiplicities: Vec<u64>,
        /// Cycle only: outside responses before each block; empty for impartial culture.
        gaps: Vec<u64>,
    },
    /// v*_k(N) = numerator(N)/denominator(N) for every N ≥ N0 (impartial culture).
    FamilySymbolic {
        /// Number of outputs k.
        k: u64,
        /// N0.
        valid_for_n_at_least: u64,
        /// Coefficients, ascending powers of N.
        numerator: Vec<String>,
        /// Coefficients, ascending powers of N.
        denominator: Vec<String>,
        /// lim v*_k(N) as N → ∞.
        limit: String,
        /// The optimal multiplicity pattern for N ≥ N0, non-increasing.
        pattern: Vec<u64>,
    },
}

fn bad<T>(m: impl Into<String>) -> Result<T, Fail> {
    Err(Fail::Malformed(m.into()))
}

fn fail<T>(m: impl Into<String>) -> Result<T, Fail> {
    Err(Fail::Claim(m.into()))
}

fn frac(p: u64, q: u64) -> Q {
    int(p as usize) / int(q as usize)
}

/// The partitions of k into at most `parts` parts, non-increasing.
fn partitions(k: u64, parts: u64) -> Vec<Vec<u64>> {
    fn go(rest: u64, largest: u64, parts: u64, cur: &mut Vec<u64>, out: &mut Vec<Vec<u64>>) {
        if rest == 0 {
            out.push(cur.clone());
            return;
        }
        for c in (1..=largest.min(rest)).rev() {
            if parts > 0 {
                cur.push(c);
                go(rest - c, c, parts - 1, cur, out);
                cur.pop();
            }
        }
    }
    let mut out = Vec::new();
    go(k, k, parts, &mut Vec::new(), &mut out);
    out
}

/// Impartial culture: the rival's share against the uniform rival is α + β/N (§9.2).
fn ic_share(pattern: &[u64]) -> (Q, Q) {
    let d = pattern.len() as u64;
    let beta = pattern
        .iter()
        .fold(-frac(d, d + 1), |acc, &c| acc + frac(1, d * (c + 1)));
    (frac(1, d + 1), beta)
}

/// The cycle: W of the multiset with blocks (gap before, multiplicity) (§9.3).
fn cycle_win(blocks: &[(u64, u64)]) -> Q {
    let n: u64 = blocks.iter().map(|(g, _)| g + 1).sum();
    let total = blocks.iter().fold(zero(), |acc, &(g, c)| {
        acc + frac(g * (g + 1), 2) + frac(g + 1, c + 1)
    });
    one() - total / (int(n as usize) * int(n as usize))
}

/// W of the best orbit with these (non-increasing) multiplicities on N responses.
fn best_win(family: &str, pattern: &[u64], n: u64) -> Q {
    if family == "impartial" {
        let (a, b) = ic_share(pattern);
        return one() - a - b / int(n as usize);
    }
    let d = pattern.len() as u64;
    let (q, r) = ((n - d) / d, (n - d) % d);
    let blocks: Vec<(u64, u64)> = pattern
        .iter()
        .enumerate()
        .map(|(i, &c)| (q + u64::from((i as u64) < r), c))
        .collect();
    cycle_win(&blocks)
}

fn num(s: &str, what: &str) -> Result<Q, Fail> {
    parse_q(s).map_err(|e| Fail::Malformed(format!("{what}: {e}")))
}

fn check_pattern(m: &[u64], k: u64) -> Result<(), Fail> {
    if m.is_empty() || m.contains(&0) || m.iter().sum::<u64>() != k {
        return bad(format!(
            "multiplicities {m:?} are not a partition of k = {k}"
        ));
    }
    Ok(())
}

fn value_claim(
    family: &str,
    n: u64,
    k: u64,
    v: &str,
    m: &[u64],
    gaps: &[u64],
) -> Result<String, Fail> {
    if !(1..=MAX_FAMILY_K).contains(&k) || !(1..=MAX_FAMILY_N).contains(&n) {
        return bad(format!(
            "k = {k}, n = {n} outside 1..={MAX_FAMILY_K}, 1..={MAX_FAMILY_N}"
        ));
    }
    let value = num(v, "value")?;
    check_pattern(m, k)?;
    let gaps_ok = if family == "impartial" {
        gaps.is_empty()
    } else {
        gaps.len() == m.len() && gaps.iter().map(|g| g + 1).sum::<u64>() == n
    };
    if m.len() as u64 > n || !gaps_ok {
        return bad(format!(
            "the orbit (multiplicities {m:?}, gaps {gaps:?}) is not one of N = {n}"
        ));
    }
    let w = if family == "impartial" {
        let mut sorted = m.to_vec();
        sorted.sort_unstable_by(|a, b| b.cmp(a));
        best_win(family, &sorted, n)
    } else {
        let blocks: Vec<(u64, u64)> = gaps.iter().copied().zip(m.iter().copied()).collect();
        cycle_win(&blocks)
    };
    if w != value {
        return fail(format!(
            "W(orbit) against the uniform rival = {} ≠ claimed {}",
            show(&w),
            show(&value)
        ));
    }
    for lam in partitions(k, n.min(k)) {
        let w = best_win(family, &lam, n);
        if w > value {
            return fail(format!(
                "W({lam:?}) ≤ v*_k fails: {} > {}",
                show(&w),
                show(&value)
            ));
        }
    }
    Ok(format!(
        "v*_{k} = {} on N = {n} (primal orbit and uniform dual)",
        show(&value)
    ))
}

fn poly_mul(p: &[Q], q: &[Q]) -> Vec<Q> {
    let mut out = vec![zero(); (p.len() + q.len()).saturating_sub(1)];
    for (i, a) in p.iter().enumerate() {
        for (j, b) in q.iter().enumerate() {
            out[i + j] = &out[i + j] + a * b;
        }
    }
    while out.last().is_some_and(|c| *c == zero()) {
        out.pop();
    }
    out
}

/// The coefficients of p(a + t) in t (synthetic division).
fn poly_shift(p: &[Q], a: &Q) -> Vec<Q> {
    let mut c = p.to_vec();
    for i in 0..c.len() {
        for j in (i..c.len().saturating_sub(1)).rev() {
            c[j] = &c[j] + &c[j + 1] * a;
        }
    }
    c
}

fn symbolic_claim(
    family: &str,
    k: u64,
    n0: u64,
    numer: &[String],
    denom: &[String],
    limit: &str,
    star: &[u64],
) -> Result<String, Fail> {
    if family != "impartial"
        || !(1..=MAX_FAMILY_K).contains(&k)
        || !(1..=MAX_FAMILY_N).contains(&n0)
    {
        return bad(format!(
            "family_symbolic needs the impartial family, k ≤ {MAX_FAMILY_K}, 1 ≤ N0 ≤ {MAX_FAMILY_N}"
        ));
    }
    check_pattern(star, k)?;
    if denom.is_empty()
        || denom.len() > MAX_COEFFS
        || numer.len() > MAX_COEFFS
        || star.windows(2).any(|w| w[0] < w[1])
    {
        return bad("1 to 8 coefficients each, and a non-increasing pattern, are expected");
    }
    let p: Vec<Q> = numer
        .iter()
        .map(|s| num(s, "numerator"))
        .collect::<Result<_, _>>()?;
    let d: Vec<Q> = denom
        .iter()
        .map(|s| num(s, "denominator"))
        .collect::<Result<_, _>>()?;
    let lim = num(limit, "limit")?;
    if star.len() as u64 > n0 {
        return fail(format!(
            "the pattern {star:?} needs {} responses > N0 = {n0}",
            star.len()
        ));
    }
    let (a, b) = ic_share(star);
    if poly_mul(&p, &[zero(), one()]) != poly_mul(&d, &[-b.clone(), one() - &a]) {
        return fail(format!(
            "numerator/denominator ≠ (1 − {}) − ({})/N, the value of the pattern {star:?}",
            show(&a),
            show(&b)
        ));
    }
    let x0 = int(n0 as usize);
    let ds = poly_shift(&d, &x0);
    if ds.iter().any(|c| *c < zero()) || ds[0] <= zero() {
        return fail(format!(
            "the denominator is not positive for every N ≥ {n0}"
        ));
    }
    for lam in partitions(k, k) {
        if lam == star {
            continue;
        }
        let (al, bl) = ic_share(&lam);
        let sh = poly_shift(&[bl - &b, al - &a], &x0);
        if sh.iter().any(|c| *c < zero()) {
            let cs: Vec<String> = sh.iter().map(show).collect();
            return fail(format!(
                "pattern {lam:?} beats {star:?} for some N ≥ {n0}: N·(g_λ − g*) at N = {n0} + t \
                 has coefficients {cs:?}"
            ));
        }
    }
    if one() - &a != lim {
        return fail(format!(
            "lim v*_k(N) = {} ≠ claimed {}",
            show(&(one() - a)),
            show(&lim)
        ));
    }
    Ok(format!(
        "v*_{k}(N) = numerator/denominator for every N ≥ {n0}"
    ))
}

/// Checks a family certificate given as text, calling `on_claim` after each verified claim.
pub fn verify_family_str(
    text: &str,
    on_claim: &mut dyn FnMut(&ClaimReport),
) -> Result<VerifySummary, VerifyError> {
    let cert: FamilyCertificate = serde_json::from_str(text)
        .map_err(|e| VerifyError::Malformed(format!("invalid family certificate: {e}")))?;
    crate::objects_only(text, &cert)
        .map_err(|e| VerifyError::Malformed(format!("invalid family certificate: {e}")))?;
    if cert.format != FAMILY_FORMAT || cert.version != 1 {
        return Err(VerifyError::Malformed(format!(
            "format `{}` version {}, expected `{FAMILY_FORMAT}` version 1",
            cert.format, cert.version
        )));
    }
    if cert.family != "impartial" && cert.family != "cycle" {
        return Err(VerifyError::Malformed(format!(
            "unknown family `{}` (expected `impartial` or `cycle`)",
            cert.family
        )));
    }
    if cert.claims.is_empty() {
        return Err(VerifyError::Malformed(
            "the certificate makes no claims".into(),
        ));
    }
    crate::refuse_duplicates(&cert.claims, |c| match c {
        FamilyClaim::FamilyValue { .. } => "family_value",
        FamilyClaim::FamilySymbolic { .. } => "family_symbolic",
    })?;
    let mut reports = Vec::new();
    for (i, c) in cert.claims.iter().enumerate() {
        let (kind, k, r) = match c {
            FamilyClaim::FamilyValue {
                n,
                k,
                value,
                multiplicities,
                gaps,
            } => (
                "family_value",
                *k,
                value_claim(&cert.family, *n, *k, value, multiplicities, gaps),
            ),
            FamilyClaim::FamilySymbolic {
                k,
                valid_for_n_at_least,
                numerator,
                denominator,
                limit,
                pattern,
            } => (
                "family_symbolic",
                *k,
                symbolic_claim(
                    &cert.family,
                    *k,
                    *valid_for_n_at_least,
                    numerator,
                    denominator,
                    limit,
                    pattern,
                ),
            ),
        };
        match r {
            Ok(detail) => {
                let report = ClaimReport {
                    index: i,
                    kind,
                    k: Some(k as usize),
                    detail,
                };
                on_claim(&report);
                reports.push(report);
            }
            Err(e) => return Err(crate::at_claim(i, kind, e)),
        }
    }
    Ok(VerifySummary {
        instance_sha256: format!("family:{}", cert.family),
        responses: Vec::new(),
        claims: reports,
    })
}

/// Whether `text` announces itself as a family certificate (its top-level `format`); anything
/// else goes to the instance-certificate reader, whose errors then apply.
pub fn is_family_certificate(text: &str) -> bool {
    #[derive(Deserialize)]
    struct Head {
        format: Option<String>,
    }
    serde_json::from_str::<Head>(text).is_ok_and(|h| h.format.as_deref() == Some(FAMILY_FORMAT))
}
