//! Algebraic segments (docs/THEORY.md §10.4): degenerate equilibria that lie on a segment
//! π(s) = (1 − s)·A + s·B, s ∈ [0, 1], between two rational distributions with the same support
//! S. Each `f_z(s) = U_k(z, π(s)) − 1/(k+1)` is a rational polynomial of degree ≤ k; the segment
//! carries a divisor g and, per response, `f_z = q_z·g + r_z`. If g changes sign on [0, 1],
//! r_z = 0 on S and r_z ≤ 0 over [0, 1] off S, then at a root s* of g every support response
//! earns exactly 1/(k+1) and no response more: an exact equilibrium, found by the intermediate
//! value theorem. It covers equilibria where an off-support payoff only touches 1/(k+1) (no
//! enclosure over a box can show it is ≤ 1/(k+1)) and several responses are degenerate at once.
//!
//! `check_segment` decides a segment exactly (the identities at the k + 1 points s = j/k, where
//! both sides are polynomials of degree ≤ k); `segment_box` builds one from a refined zero
//! whose coordinates are rational except two (truncated arithmetic is only used to find the
//! candidate; nothing it computes is trusted).

use crate::game::deviation_payoffs;
use crate::instance::Instance;
use crate::number::{IBig, Q, UBig, fmt_q};
use dashu_int::ops::BitTest;

use super::certify::EqBox;
use super::precise::HpPoint;

/// The data of a segment box (docs/THEORY.md §10.4); vectors of polynomials have one entry per
/// response of the instance, polynomials list their coefficients from the constant term up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// π at s = 0, one entry per response (zero off the support, positive on it).
    pub from: Vec<Q>,
    /// π at s = 1.
    pub to: Vec<Q>,
    /// The divisor g (degree ≥ 1).
    pub divisor: Vec<Q>,
    /// q_z for every response z.
    pub quotients: Vec<Vec<Q>>,
    /// r_z for every response z (zero on the support).
    pub remainders: Vec<Vec<Q>>,
}

/// p(s) by Horner's rule (coefficients from the constant term up), exactly.
pub fn eval_poly(p: &[Q], s: &Q) -> Q {
    p.iter().rev().fold(Q::ZERO, |acc, c| acc * s + c)
}

fn trim(mut p: Vec<Q>) -> Vec<Q> {
    while p.last() == Some(&Q::ZERO) {
        p.pop();
    }
    p
}

/// The point (1 − s)·A + s·B.
fn point(seg: &Segment, s: &Q) -> Vec<Q> {
    (seg.from.iter().zip(&seg.to))
        .map(|(a, b)| a + s * &(b - a))
        .collect()
}

/// f_z(j/k) for j = 0..=k: `values[j][z]`.
fn values(inst: &Instance, k: usize, seg: &Segment) -> Vec<Vec<Q>> {
    let third = Q::from_parts(IBig::ONE, UBig::from(k + 1));
    (0..=k)
        .map(|j| {
            let s = Q::from_parts(IBig::from(j), UBig::from(k));
            (deviation_payoffs(inst, &point(seg, &s), k).into_iter())
                .map(|u| u - &third)
                .collect()
        })
        .collect()
}

/// The polynomial of degree < `xs.len()` through the points (xs, ys) (Newton's divided
/// differences, expanded to coefficients).
fn interpolate(xs: &[Q], ys: &[Q]) -> Vec<Q> {
    let n = xs.len();
    let mut c = ys.to_vec();
    for j in 1..n {
        for i in (j..n).rev() {
            c[i] = (&c[i] - &c[i - 1]) / (&xs[i] - &xs[i - j]);
        }
    }
    let mut p = vec![c[n - 1].clone()];
    for i in (0..n - 1).rev() {
        let mut q = vec![Q::ZERO; p.len() + 1];
        for (d, a) in p.iter().enumerate() {
            q[d + 1] += a;
            q[d] -= a * &xs[i];
        }
        q[0] += &c[i];
        p = q;
    }
    trim(p)
}

/// Euclidean division f = q·g + r with deg r < deg g (`g` non-zero, trimmed).
fn divide(f: &[Q], g: &[Q]) -> (Vec<Q>, Vec<Q>) {
    let mut r = trim(f.to_vec());
    let dg = g.len() - 1;
    let mut q = vec![Q::ZERO; r.len().saturating_sub(dg)];
    while r.len() > dg {
        let sh = r.len() - 1 - dg;
        let c = r[r.len() - 1].clone() / &g[dg];
        for (i, gi) in g.iter().enumerate() {
            r[sh + i] -= &c * gi;
        }
        q[sh] = c;
        r.pop();
        r = trim(r);
    }
    (trim(q), r)
}

/// The monic greatest common divisor (the zero polynomial if both are zero).
fn gcd(a: Vec<Q>, b: Vec<Q>) -> Vec<Q> {
    let (mut a, mut b) = (trim(a), trim(b));
    while !b.is_empty() {
        let r = divide(&a, &b).1;
        (a, b) = (b, r);
    }
    match a.last().cloned() {
        Some(lead) => a.into_iter().map(|c| c / &lead).collect(),
        None => a,
    }
}

/// Checks (1)–(5) of docs/THEORY.md §10.4 for the segment of `bx` (its support and bounds);
/// `Ok(())` proves an exact equilibrium on the segment, inside the box.
pub(super) fn check_segment(
    inst: &Instance,
    k: usize,
    bx: &EqBox,
    seg: &Segment,
) -> Result<(), String> {
    let m = inst.m();
    let names = inst.responses();
    if [seg.from.len(), seg.to.len(), seg.quotients.len()] != [m; 3] || seg.remainders.len() != m {
        return Err("the segment needs one entry per response".into());
    }
    for end in [&seg.from, &seg.to] {
        if crate::number::sum_q(end) != Q::ONE {
            return Err("a segment end does not sum to 1".into());
        }
        for z in 0..m {
            let on = bx.support.contains(&z);
            if on != (end[z] > Q::ZERO) || (!on && end[z] != Q::ZERO) {
                return Err(format!(
                    "segment end: π({}) must be > 0 exactly on the support",
                    names[z]
                ));
            }
            if end[z] < bx.lo[z] || end[z] > bx.hi[z] {
                return Err(format!("segment end: π({}) outside the box", names[z]));
            }
        }
    }
    let g = &seg.divisor;
    let deg = |p: &[Q]| trim(p.to_vec()).len().saturating_sub(1);
    if deg(g) == 0 {
        return Err("the divisor must have degree ≥ 1".into());
    }
    let too_high =
        (0..m).any(|z| seg.quotients[z].len() + g.len() > k + 2 || seg.remainders[z].len() > k + 1);
    if too_high {
        return Err("quotient and remainder degrees must keep q·g + r of degree ≤ k".into());
    }
    for (j, f) in values(inst, k, seg).iter().enumerate() {
        let s = Q::from_parts(IBig::from(j), UBig::from(k));
        let gs = eval_poly(g, &s);
        for z in 0..m {
            let rhs = eval_poly(&seg.quotients[z], &s) * &gs + eval_poly(&seg.remainders[z], &s);
            if f[z] != rhs {
                return Err(format!(
                    "f = q·g + r fails for {} at s = {}",
                    names[z],
                    fmt_q(&s)
                ));
            }
        }
    }
    if eval_poly(g, &Q::ZERO) * eval_poly(g, &Q::ONE) >= Q::ZERO {
        return Err("the divisor does not change sign on [0, 1]".into());
    }
    for z in 0..m {
        let r = &seg.remainders[z];
        if bx.support.contains(&z) {
            if r.iter().any(|c| *c != Q::ZERO) {
                return Err(format!(
                    "remainder of support response {} is not 0",
                    names[z]
                ));
            }
        } else {
            let upper = (r.iter().skip(1).filter(|c| **c > Q::ZERO))
                .fold(r.first().cloned().unwrap_or(Q::ZERO), |a, c| a + c);
            if upper > Q::ZERO {
                return Err(format!(
                    "off-support U_k({}, π(s)) ≤ 1/(k+1) on [0, 1] fails: remainder bound {}",
                    names[z],
                    fmt_q(&upper)
                ));
            }
        }
    }
    Ok(())
}

/// A segment box around the refined zero `hp` of the reduced game (`reps`: its representatives
/// in `inst`), if all its support coordinates but two have a simple rational within 2^-(p/2)
/// (denominators of at most p/8 bits; a generic number has one of about p/4 bits); the two others move mass between them by ±2^-(p−16).
/// g is the gcd of the f_s on the support and q, r come from Euclidean division; the box is
/// checked with [`super::certify::check_box`].
pub(super) fn segment_box(
    inst: &Instance,
    k: usize,
    reps: &[usize],
    hp: &HpPoint,
    p: usize,
) -> Result<EqBox, String> {
    let m = inst.m();
    let den = UBig::ONE << p;
    let tol = Q::from_parts(IBig::ONE, UBig::ONE << (p / 2));
    let free = hp.free();
    let mut value = vec![Q::ZERO; reps.len()];
    for (i, &s) in free.iter().enumerate() {
        value[s] = Q::from_parts(hp.x[i].clone(), den.clone());
    }
    value[hp.basis] = Q::ONE - free.iter().fold(Q::ZERO, |a, &s| a + &value[s]);
    let mut exact = vec![None; reps.len()];
    for &s in &hp.support {
        let r = Q::simplest_in(&value[s] - &tol, &value[s] + &tol);
        exact[s] = (r.denominator().bit_len() <= p / 8).then_some(r);
    }
    let irrational: Vec<usize> = (hp.support.iter().copied())
        .filter(|&s| exact[s].is_none())
        .collect();
    let [a, b] = irrational[..] else {
        return Err(format!(
            "{} coordinates without a simple rational",
            irrational.len()
        ));
    };
    let rest = hp.support.iter().filter_map(|&s| exact[s].as_ref());
    let rest = Q::ONE - rest.fold(Q::ZERO, |acc, x| acc + x);
    let delta = Q::from_parts(IBig::ONE, UBig::ONE << (p - 16));
    let end = |va: Q| -> Vec<Q> {
        let mut pi = vec![Q::ZERO; m];
        for &s in &hp.support {
            pi[reps[s]] = exact[s].clone().unwrap_or(Q::ZERO);
        }
        pi[reps[b]] = &rest - &va;
        pi[reps[a]] = va;
        pi
    };
    let (from, to) = (end(&value[a] - &delta), end(&value[a] + &delta));
    let xs: Vec<Q> = (0..=k)
        .map(|j| Q::from_parts(IBig::from(j), UBig::from(k)))
        .collect();
    let mut seg = Segment {
        from,
        to,
        divisor: Vec::new(),
        quotients: Vec::new(),
        remainders: Vec::new(),
    };
    let vals = values(inst, k, &seg);
    let f: Vec<Vec<Q>> = (0..m)
        .map(|z| interpolate(&xs, &vals.iter().map(|v| v[z].clone()).collect::<Vec<_>>()))
        .collect();
    let mut support: Vec<usize> = hp.support.iter().map(|&s| reps[s]).collect();
    support.sort_unstable();
    let g = (support.iter()).fold(Vec::new(), |g, &s| gcd(g, f[s].clone()));
    if g.len() < 2 {
        return Err("the support polynomials have no common root".into());
    }
    (seg.quotients, seg.remainders) = f.iter().map(|fz| divide(fz, &g)).unzip();
    seg.divisor = g;
    // The box: the segment's bounding box widened by 2^-(p−16), the basis from the others.
    let basis = reps[hp.basis];
    let (mut lo, mut hi) = (vec![Q::ZERO; m], vec![Q::ZERO; m]);
    for &s in support.iter().filter(|&&s| s != basis) {
        lo[s] = seg.from[s].clone().min(seg.to[s].clone()) - &delta;
        hi[s] = seg.from[s].clone().max(seg.to[s].clone()) + &delta;
    }
    let sum = |v: &[Q]| v.iter().fold(Q::ZERO, |a, x| a + x);
    (lo[basis], hi[basis]) = (Q::ONE - sum(&hi), Q::ONE - sum(&lo));
    let d = support.len() - 1;
    let bx = EqBox {
        lo,
        hi,
        support,
        basis,
        precond: vec![vec![Q::ZERO; d]; d],
        ball_precision: None,
        touching: None,
        segment: Some(seg),
    };
    super::certify::check_box(inst, k, &bx)?;
    Ok(bx)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::number::q;

    #[test]
    fn interpolation_division_and_gcd_are_exact() {
        // f = (2s² − 13s + 1)(2s − 1) and h = s(2s² − 13s + 1), through 4 points each.
        let xs: Vec<Q> = (0..4).map(|j| q(j, 3)).collect();
        let poly = |c: &[i64]| -> Vec<Q> { c.iter().map(|&x| q(x, 1)).collect() };
        let (f, h) = (poly(&[-1, 15, -28, 4]), poly(&[0, 1, -13, 2]));
        let fv: Vec<Q> = xs.iter().map(|s| eval_poly(&f, s)).collect();
        assert_eq!(interpolate(&xs, &fv), f);
        let g = gcd(f.clone(), h.clone());
        assert_eq!(g, vec![q(1, 2), q(-13, 2), q(1, 1)]);
        let (qf, rf) = divide(&f, &g);
        assert_eq!((qf, rf), (poly(&[-2, 4]), vec![]));
        let (qh, rh) = divide(&poly(&[1, 0, 0, 1]), &poly(&[1, 1]));
        assert_eq!((qh, rh), (poly(&[1, -1, 1]), vec![]));
        assert_eq!(divide(&poly(&[3, 0, 1]), &poly(&[0, 1])).1, poly(&[3]));
    }
}
