//! Re-derivation of each claim kind, one file per kind (docs/THEORY.md §8; the format of each
//! kind is in [`crate::format`] and `proofs/README.md`). Every check reads all of a claim's
//! numbers first (domain errors are `Malformed`), checks the cost budget, then evaluates and
//! compares (a relation that does not hold is `Claim`, exit 1). To add a kind: a variant in
//! `format::Claim`, a file here with `pub fn check(rd, claim) -> Checked`, one arm in [`run`].

#![allow(clippy::needless_range_loop)] // matrix code reads best with indices

mod ball;
mod barrier;
mod equilibrium;
mod koutput;
mod krawczyk;
mod maximal_lottery;
mod nlhf;
mod robust;

use crate::Fail;
use crate::format::{Claim, MultisetMass};
use crate::number::{Q, int, one, show, zero};
use crate::profile::Profile;
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
    run(Reader::new(prof), earlier, claim)
}

/// Reads a claim only up to its cost check (an affordable claim stops with a `Claim` error
/// carrying [`crate::reader::WITHIN_BUDGET`]; an unaffordable one with the `Malformed` cost message).
pub fn check_budget_only(prof: &Profile, earlier: &[Claim], claim: &Claim) -> Checked {
    let mut rd = Reader::new(prof);
    rd.budget_only = true;
    run(rd, earlier, claim)
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

pub(crate) fn cube(m: usize) -> u128 {
    (m as u128).pow(3)
}

pub(crate) fn n_users(prof: &Profile) -> u128 {
    prof.omega.len() as u128
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

/// U_k(y, π) for all y, with the max and its first argmax.
pub(crate) fn payoffs(prof: &Profile, pi: &[Q], k: usize) -> (Vec<Q>, Q) {
    let u: Vec<Q> = (0..prof.m())
        .map(|y| prof.deviation_payoff(pi, k, y))
        .collect();
    let max = u.iter().max().cloned().unwrap_or_else(zero);
    (u, max)
}

pub(crate) fn product_work(prof: &Profile, k: usize, evaluations: u128) -> u128 {
    evaluations * n_users(prof) * (prof.m() as u128 + 4 * k as u128)
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
