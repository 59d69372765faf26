//! The segment test of a box (docs/THEORY.md §10.4), instead of the Krawczyk test: the segment
//! π(s) = (1 − s)·A + s·B, s ∈ [0, 1], between rational distributions positive exactly on the
//! support, and for every response z a decomposition f_z = q_z·g + r_z of
//! f_z(s) = U_k(z, π(s)) − 1/(k+1). Both sides have degree ≤ k, so they are compared at the k + 1
//! points s = j/k with the exact evaluator. If g(0)·g(1) < 0, r_z = 0 on the support and
//! `c_0 + Σ_{j≥1} max(c_j, 0) ≤ 0` for r_z = Σ c_j s^j off it, then at a root s* of g every support
//! response earns 1/(k+1) and no response more: an exact equilibrium on the segment, in the box.

use super::{bad, fail, payoffs, sum_is_one};
use crate::Fail;
use crate::number::{Q, int, one, show, zero};
use crate::profile::Profile;

/// The segment data read from a box: ends in support order, divisor, and per response (in the
/// instance's order) quotient and remainder.
pub type Segment = (Vec<Q>, Vec<Q>, Vec<Q>, Vec<Vec<Q>>, Vec<Vec<Q>>);

fn horner(p: &[Q], s: &Q) -> Q {
    p.iter().rev().fold(zero(), |acc, c| acc * s + c)
}

/// The degree conditions that make the k + 1 point comparison an identity (malformed if not).
pub fn check_shape(m: usize, k: usize, r: usize, seg: &Segment) -> Result<(), Fail> {
    let (from, to, g, q, rem) = seg;
    if from.len() != r || to.len() != r || q.len() != m || rem.len() != m {
        return bad(format!(
            "box.segment: from and to need {r} entries, quotients and remainders {m}"
        ));
    }
    if g.is_empty() || (0..m).any(|z| q[z].len() + g.len() > k + 2 || rem[z].len() > k + 1) {
        return bad("box.segment: a divisor, and deg q + deg g ≤ k, deg r ≤ k");
    }
    Ok(())
}

/// The checks (1)–(5) of docs/THEORY.md §10.4.
pub fn check(
    prof: &Profile,
    k: usize,
    support: &[usize],
    lo: &[Q],
    hi: &[Q],
    seg: &Segment,
) -> Result<(), Fail> {
    let (from, to, g, q, rem) = seg;
    let m = prof.m();
    for end in [from, to] {
        sum_is_one(end, "segment end")?;
        for (i, &z) in support.iter().enumerate() {
            if end[i] <= zero() || end[i] < lo[i] || end[i] > hi[i] {
                return fail(format!(
                    "segment end: 0 < π({}) ∈ [lo, hi] fails: {}",
                    prof.names[z],
                    show(&end[i])
                ));
            }
        }
    }
    let third = one() / int(k + 1);
    for j in 0..=k {
        let s = int(j) / int(k);
        let mut pi = vec![zero(); m];
        for (i, &z) in support.iter().enumerate() {
            pi[z] = &from[i] + &s * (&to[i] - &from[i]);
        }
        let gs = horner(g, &s);
        for (z, u) in payoffs(prof, &pi, k).0.iter().enumerate() {
            if u.to_q() - &third != horner(&q[z], &s) * &gs + horner(&rem[z], &s) {
                return fail(format!(
                    "segment: U_k({}, π(s)) − 1/(k+1) = q·g + r fails at s = {}",
                    prof.names[z],
                    show(&s)
                ));
            }
        }
    }
    if horner(g, &zero()) * horner(g, &one()) >= zero() {
        return fail("segment: g(0)·g(1) < 0 fails");
    }
    for z in 0..m {
        let r = &rem[z];
        if support.contains(&z) {
            if r.iter().any(|c| *c != zero()) {
                return fail(format!("segment: remainder of {} = 0 fails", prof.names[z]));
            }
        } else {
            let upper = (r.iter().skip(1).filter(|c| **c > zero()))
                .fold(r.first().cloned().unwrap_or_else(zero), |a, c| a + c);
            if upper > zero() {
                return fail(format!(
                    "segment: off-support U_k({}, π(s)) ≤ 1/(k+1) on [0, 1] fails: bound {}",
                    prof.names[z],
                    show(&upper)
                ));
            }
        }
    }
    Ok(())
}
