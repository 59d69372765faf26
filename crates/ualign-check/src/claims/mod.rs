//! Re-derivation of each claim kind, one file per kind (docs/THEORY.md §8; the format of each
//! kind is in [`crate::format`] and `proofs/README.md`). Every check reads all of a claim's
//! numbers first (domain errors are `Malformed`), checks the cost budget, then evaluates and
//! compares (a relation that does not hold is `Claim`, exit 1). To add a kind: a variant in
//! `format::Claim`, a file here with `pub fn check(rd, claim) -> Checked`, one arm in [`run`].

#![allow(clippy::needless_range_loop)] // matrix code reads best with indices

mod ball;
mod barrier;
mod equilibrium;
mod face;
mod koutput;
mod krawczyk;
mod maximal_lottery;
mod nlhf;
mod robust;
mod segment;

use crate::Fail;
use crate::format::{Claim, MultisetMass};
use crate::number::{Q, int, one, show, zero};
use std::cmp::Ordering;

use crate::profile::{Dist, Frac, Profile};
use crate::reader::Reader;

/// What a claim check returns: the claim's k (if any) and what was established, in words.
pub(crate) type Checked = Result<(Option<usize>, String), Fail>;

pub(crate) fn bad<T>(msg: impl Into<String>) -> Result<T, Fail> {
    Err(Fail::Malformed(msg.into()))
}

pub(crate) fn fail<T>(msg: impl Into<String>) -> Result<T, Fail> {
    Err(Fail::Claim(msg.into()))
}

/// `lhs ≤ rhs`, else a failure naming the inequality (`what` names both sides) and both values.
pub(crate) fn le(lhs: &Q, rhs: &Q, what: impl FnOnce() -> (String, String)) -> Result<(), Fail> {
    if lhs <= rhs {
        return Ok(());
    }
    let (l, r) = what();
    fail(format!("{l} ≤ {r} fails: {} > {}", show(lhs), show(rhs)))
}

/// `derived = claimed`, else a failure showing both.
pub(crate) fn eq(derived: &Q, claimed: &Q, what: impl FnOnce() -> String) -> Result<(), Fail> {
    if derived == claimed {
        return Ok(());
    }
    fail(format!(
        "{} = {} ≠ claimed {}",
        what(),
        show(derived),
        show(claimed)
    ))
}

pub(crate) fn sum_is_one(v: &[Q], what: &str) -> Result<(), Fail> {
    let s = v.iter().fold(zero(), |a, x| a + x);
    eq(&s, &one(), || format!("Σ {what}"))
}

pub(crate) fn names(prof: &Profile, s: &[usize]) -> String {
    let v: Vec<&str> = s.iter().map(|&y| prof.names[y].as_str()).collect();
    format!("{{{}}}", v.join(", "))
}

/// Checks one claim; `earlier` are the claims before it (already verified).
pub fn check(prof: &Profile, earlier: &[Claim], claim: &Claim) -> Checked {
    run(Reader::new(prof, None), earlier, claim)
}

/// The modelled cost of checking a claim ([`crate::cost`]), found by reading it (all its
/// numbers and names, with their domain checks) without evaluating anything. Reading adds to
/// `used` and stops once it exceeds `max`.
pub fn price(
    prof: &Profile,
    earlier: &[Claim],
    claim: &Claim,
    used: &std::cell::Cell<u128>,
    max: u128,
) -> Result<u128, Fail> {
    match run(Reader::new(prof, Some((used, max))), earlier, claim) {
        Err(Fail::Priced(cost)) => Ok(cost),
        Err(e) => Err(e),
        Ok(_) => Ok(0),
    }
}

pub(crate) fn run(mut rd: Reader<'_>, earlier: &[Claim], claim: &Claim) -> Checked {
    match claim {
        Claim::MaximalLottery(c) => maximal_lottery::check(&mut rd, c),
        Claim::NlhfRobustWinRate(c) => nlhf::check(&mut rd, c),
        Claim::Equilibrium(c) => equilibrium::check(&mut rd, c),
        Claim::KoutputValue(c) => koutput::check(&mut rd, c),
        Claim::RobustWinRate(c) => robust::check(&mut rd, c),
        Claim::Barrier(c) => barrier::check(&mut rd, earlier, c),
    }
}

/// M(y, z) = P(y ≻ z) − ½.
pub(crate) fn margins(prof: &Profile) -> Vec<Vec<Q>> {
    let half = one() / int(2);
    (0..prof.m())
        .map(|y| (0..prof.m()).map(|z| prof.pref(y, z) - &half).collect())
        .collect()
}

/// pᵀM ≥ 0 componentwise.
pub(crate) fn is_maximal_lottery(
    prof: &Profile,
    mm: &[Vec<Q>],
    p: &[Q],
    what: &str,
) -> Result<(), Fail> {
    for z in 0..prof.m() {
        let col = (0..prof.m()).fold(zero(), |a, y| a + &p[y] * &mm[y][z]);
        if col < zero() {
            return fail(format!(
                "({what}ᵀM)({}) ≥ 0 fails: {} < 0",
                prof.names[z],
                show(&col)
            ));
        }
    }
    Ok(())
}

/// U_k(y, π) for all y as unreduced fractions, with the index of the first maximum.
pub(crate) fn payoffs(prof: &Profile, pi: &[Q], k: usize) -> (Vec<Frac>, usize) {
    let dist = Dist::new(pi);
    let u: Vec<Frac> = (0..prof.m())
        .map(|y| prof.share_frac(&dist, k, &[y]))
        .collect();
    let mut best = 0;
    for y in 1..u.len() {
        if u[y].cmp_frac(&u[best]) == Ordering::Greater {
            best = y;
        }
    }
    (u, best)
}

/// `derived = claimed`, else a failure showing both.
pub(crate) fn eq_frac(
    derived: &Frac,
    claimed: &Q,
    what: impl FnOnce() -> String,
) -> Result<(), Fail> {
    if derived.cmp_q(claimed) == Ordering::Equal {
        return Ok(());
    }
    fail(format!(
        "{} = {} ≠ claimed {}",
        what(),
        derived.show(),
        show(claimed)
    ))
}

/// `lhs ≤ rhs`, else a failure naming both sides (`what`) and their values.
pub(crate) fn le_frac(
    lhs: &Frac,
    rhs: &Q,
    what: impl FnOnce() -> (String, String),
) -> Result<(), Fail> {
    if lhs.cmp_q(rhs) != Ordering::Greater {
        return Ok(());
    }
    let (l, r) = what();
    fail(format!("{l} ≤ {r} fails: {} > {}", lhs.show(), show(rhs)))
}

/// A list of multisets of size `k` with probabilities, duplicates rejected.
pub(crate) fn mixture(
    rd: &mut Reader,
    entries: &[MultisetMass],
    k: usize,
    what: &str,
) -> Result<Vec<(Vec<usize>, Q)>, Fail> {
    let mut out: Vec<(Vec<usize>, Q)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (i, e) in entries.iter().enumerate() {
        let w = format!("{what}[{i}]");
        let s = rd.multiset(&e.responses, k, &w)?;
        let p = rd.prob(&e.probability, &format!("{w}.probability"))?;
        if !seen.insert(s.clone()) {
            return bad(format!("{w}: multiset {} listed twice", names(rd.prof, &s)));
        }
        out.push((s, p));
    }
    Ok(out)
}
