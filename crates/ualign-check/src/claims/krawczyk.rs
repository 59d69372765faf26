//! The Krawczyk interval-Newton test for `certified-box` equilibria, in exact rational interval
//! arithmetic.
//!
//! Unknowns x_i = π(s_i) (i < r), π(s_r) = 1 − Σ x_i, π = 0 off the support, and
//! F_i(x) = U_k(s_i, π) − U_k(s_r, π). If
//!     K(X) = x̃ − C·F(x̃) + (I − C·J(X))·(X − x̃)  ⊂  interior(X)
//! with x̃ ∈ X and J(X) ⊇ {F'(x) : x ∈ X}, then F has exactly one zero x* in X (Krawczyk 1969,
//! Moore 1977; strict inclusion also makes C and every J ∈ J(X) nonsingular). If further every
//! support coordinate is positive over X, π* is a distribution with equal payoffs on its support,
//! hence all equal to 1/(k+1) by the exchangeability identity Σ_y π(y)U_k(y, π) = 1/(k+1); and
//! U_k(y, ·) ≤ 1/(k+1) over X off the support makes π* an exact equilibrium (≤ suffices: the
//! equilibrium condition is not strict). An off-support y that every user ranks in the same tier
//! as some support response s (a clone of s) has U_k(y, ·) = U_k(s, ·) identically, hence
//! U_k(y, π*) = 1/(k+1): it needs no enclosure. Nor does one whose enclosure fails but that
//! passes the face test of [`super::face`] (docs/THEORY.md §10.2).
//!
//! Enclosures: U_k(y, π) = Σ_u ω_u h(p_u, r_u) with h and its partials polynomials with
//! non-negative coefficients in the non-negative masses p_u (y's tier) and r_u (below it), so
//! evaluating at the lower and upper mass endpoints encloses them (`profile::tier_poly`). A box
//! that carries `ball_precision` has these values, and F(x̃), enclosed in outward-rounded
//! arithmetic instead ([`super::ball`], docs/THEORY.md §10.1); the interval algebra of the test
//! stays exact. There, every off-support y *weakly dominated* by a support response s (every
//! user ranks s at or above y, so U_k(y, ·) ≤ U_k(s, ·)) is exempt, not only clones.
//!
//! A touching box (docs/THEORY.md §10.3, exact only) gives one off-support y the mass range
//! π(y) ∈ T: it enters every mass enclosure, F(x̃) is enclosed over T, the eliminated coordinate
//! is 1 − Σ x_i − π(y), clones of y are exempt, and a face exemption must hold for the support
//! with and without y. Its end box (T a point) instead shows U_k(y, ·) < U_k(s_r, ·).

use super::ball::Enclose;
use crate::Fail;
use crate::number::{Q, int, one, show, zero};
use crate::profile::Profile;

/// A closed rational interval [lo, hi].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Iv {
    pub lo: Q,
    pub hi: Q,
}

impl Iv {
    pub fn new(lo: Q, hi: Q) -> Iv {
        Iv { lo, hi }
    }
    fn point(x: Q) -> Iv {
        Iv {
            lo: x.clone(),
            hi: x,
        }
    }
    fn add(&self, o: &Iv) -> Iv {
        Iv {
            lo: &self.lo + &o.lo,
            hi: &self.hi + &o.hi,
        }
    }
    fn sub(&self, o: &Iv) -> Iv {
        Iv {
            lo: &self.lo - &o.hi,
            hi: &self.hi - &o.lo,
        }
    }
    fn mul(&self, o: &Iv) -> Iv {
        let c = [
            &self.lo * &o.lo,
            &self.lo * &o.hi,
            &self.hi * &o.lo,
            &self.hi * &o.hi,
        ];
        let lo = c.iter().min().cloned().unwrap_or_else(zero);
        let hi = c.iter().max().cloned().unwrap_or_else(zero);
        Iv { lo, hi }
    }
    fn scale(&self, x: &Q) -> Iv {
        self.mul(&Iv::point(x.clone()))
    }
}

fn fail(msg: String) -> Result<(), Fail> {
    Err(Fail::Claim(msg))
}

/// Enclosures of the masses p_u and r_u of tier t (lower and upper endpoints).
///
/// Every point of the box is a distribution (Σπ = 1), so the mass at or below tier t is also
/// 1 − (mass above t); intersecting with that enclosure keeps degenerate cases (an off-support
/// payoff exactly 1/(k+1)) provable: p ≤ A_hi − r_lo, p ≥ A_lo − r_hi, r ≤ A_hi − p_lo.
fn tier_box(rank: &[usize], t: usize, piv: &[Iv]) -> (Iv, Iv) {
    let z = || Iv::point(zero());
    let (mut p, mut r, mut above) = (z(), z(), z());
    for (&ry, x) in rank.iter().zip(piv) {
        if ry == t {
            p = p.add(x);
        } else if ry > t {
            r = r.add(x);
        } else {
            above = above.add(x);
        }
    }
    let a_lo = one() - &above.hi;
    let a_hi = one() - &above.lo;
    let p_hi = (&a_hi - &r.lo).min(p.hi.clone());
    let p_lo = (&a_lo - &r.hi).max(p.lo.clone());
    let r_hi = (&a_hi - &p.lo).min(r.hi.clone());
    (Iv { lo: p_lo, hi: p_hi }, Iv { lo: r.lo, hi: r_hi })
}

/// The parameter of a touching box (docs/THEORY.md §10.3): response y with π(y) ∈ the interval,
/// and whether the box is the end box (off-support tests replaced by U_k(y, ·) < U_k(s_r, ·)).
pub type Touch = Option<(usize, Iv, bool)>;

/// Enclosure of U_k(s, ·) − U_k(b, ·) over `piv`, user by user (0 where s and b share a tier),
/// through the masses A at or below a tier and L below it: h(p, r) = G(p + r, r)/(k+1) is
/// non-decreasing in A = p + r and L = r, and A is enclosed both as a sum and as 1 − (mass above).
fn diff(prof: &Profile, enc: &Enclose, piv: &[Iv], s: usize, b: usize) -> Iv {
    let mut acc = Iv::point(zero());
    for (w, rank) in (prof.omega.iter().zip(&prof.rank)).filter(|(_, r)| r[s] != r[b]) {
        let at_or_below = |t: usize| {
            let sum = |below: bool| {
                (piv.iter().zip(rank).filter(|x| (*x.1 >= t) == below))
                    .fold(Iv::point(zero()), |a, x| a.add(x.0))
            };
            let (a, above) = (sum(true), sum(false));
            Iv::new(a.lo.max(one() - above.hi), a.hi.min(one() - above.lo))
        };
        let ends = |t: usize| {
            let (a, l) = (at_or_below(t), at_or_below(t + 1));
            let lo = enc.at(&(&a.lo - &l.lo), &l.lo, false, false)[0].clone();
            Iv::new(lo, enc.at(&(&a.hi - &l.hi), &l.hi, true, false)[0].clone())
        };
        acc = acc.add(&ends(rank[s]).sub(&ends(rank[b])).scale(w));
    }
    acc
}

/// Runs every check of a certified box; `support` holds response indices, `lo`/`hi` r entries,
/// `center` r − 1 and `c` (r − 1)×(r − 1) (dimensions checked by the caller).
#[allow(clippy::too_many_arguments)]
pub fn check_box(
    prof: &Profile,
    k: usize,
    support: &[usize],
    lo: &[Q],
    hi: &[Q],
    center: &[Q],
    c: &[Vec<Q>],
    enc: &Enclose,
    touch: Touch,
) -> Result<(), Fail> {
    let r = support.len();
    let d = r - 1;
    let name = |i: usize| &prof.names[support[i]];
    for i in 0..r {
        if lo[i] <= zero() {
            return fail(format!(
                "π({}) > 0 over the box fails: lo = {} ≤ 0",
                name(i),
                show(&lo[i])
            ));
        }
        if lo[i] > hi[i] {
            return fail(format!(
                "lo ≤ hi for π({}) fails: {} > {}",
                name(i),
                show(&lo[i]),
                show(&hi[i])
            ));
        }
    }
    // The eliminated coordinate 1 − Σ x_i ranges over [dl, dh]; its claimed bounds must hold.
    let t = touch.as_ref().map_or(Iv::point(zero()), |p| p.1.clone());
    let dl = hi[..d].iter().fold(one() - &t.hi, |a, x| a - x);
    let dh = lo[..d].iter().fold(one() - &t.lo, |a, x| a - x);
    if dl < lo[d] {
        return fail(format!(
            "lo({0}) ≤ 1 − Σ hi (the least π({0}) = 1 − Σ others) fails: {1} > {2}",
            name(d),
            show(&lo[d]),
            show(&dl)
        ));
    }
    if dh > hi[d] {
        return fail(format!(
            "1 − Σ lo (the largest π({}) = 1 − Σ others) ≤ hi fails: {} > {}",
            name(d),
            show(&dh),
            show(&hi[d])
        ));
    }
    for i in 0..d {
        if center[i] < lo[i] || center[i] > hi[i] {
            return fail(format!(
                "center x̃({}) ∈ [lo, hi] fails: {} ∉ [{}, {}]",
                name(i),
                show(&center[i]),
                show(&lo[i]),
                show(&hi[i])
            ));
        }
    }
    let m = prof.m();
    let mut piv = vec![Iv::point(zero()); m];
    for i in 0..d {
        piv[support[i]] = Iv {
            lo: lo[i].clone(),
            hi: hi[i].clone(),
        };
    }
    piv[support[d]] = Iv { lo: dl, hi: dh };
    let param: Vec<usize> = touch.iter().map(|p| p.0).collect();
    param.iter().for_each(|&y| piv[y] = t.clone());
    let third = one() / int(k + 1);
    // Off the support: U_k(y, π) ≤ 1/(k+1) over the whole box, clones of support responses
    // (in ball boxes: responses weakly dominated by one) excepted (see the module docs).
    let exempt = |y: usize| {
        support.iter().chain(&param).any(|&s| {
            let ball = enc.is_ball();
            (prof.rank.iter()).all(|rank| rank[y] == rank[s] || ball && rank[s] < rank[y])
        })
    };
    let with_y: Vec<usize> = support.iter().chain(&param).copied().collect();
    let face = |y: usize| {
        super::face::exempt(prof, support, y, k)
            && (touch.is_none() || super::face::exempt(prof, &with_y, y, k))
    };
    let end = touch.as_ref().is_some_and(|p| p.2);
    for y in (0..m).filter(|y| !with_y.contains(y) && !end && !exempt(*y)) {
        let mut up = zero();
        for (w, rank) in prof.omega.iter().zip(&prof.rank) {
            let (p, low) = tier_box(rank, rank[y], &piv);
            up += w * &enc.at(&p.hi, &low.hi, true, false)[0];
        }
        if up > third && !face(y) {
            return fail(format!(
                "off-support U_k({}, π) ≤ 1/(k+1) over the box fails: enclosure up to {} > {}",
                prof.names[y],
                show(&up),
                show(&third)
            ));
        }
    }
    if let Some(&y) = param.first().filter(|_| end) {
        let h = diff(prof, enc, &piv, y, support[d]);
        if h.hi >= zero() {
            let y = &prof.names[y];
            let up = show(&h.hi);
            return fail(format!(
                "end box: U_k({y}, π) − U_k({}, π) < 0 fails: up to {up}",
                name(d)
            ));
        }
    }
    if d == 0 {
        return Ok(());
    }
    // F(x̃): exactly, or enclosed (with a touching parameter: over its range).
    let mut pt = vec![zero(); m];
    for i in 0..d {
        pt[support[i]] = center[i].clone();
    }
    pt[support[d]] = center.iter().fold(one(), |a, x| a - x);
    let f: Vec<Iv> = match touch {
        None => {
            let u: Vec<Iv> = match enc.is_ball() {
                true => (enc.payoffs(prof, &pt, support).into_iter())
                    .map(|(lo, hi)| Iv { lo, hi })
                    .collect(),
                false => (support.iter())
                    .map(|&s| Iv::point(prof.deviation_payoff(&pt, k, s)))
                    .collect(),
            };
            (0..d).map(|i| u[i].sub(&u[d])).collect()
        }
        Some((y, _, _)) => {
            let mut pc: Vec<Iv> = pt.iter().map(|x| Iv::point(x.clone())).collect();
            pc[y] = t.clone();
            pc[support[d]] = Iv::point(pt[support[d]].clone()).sub(&t);
            (0..d)
                .map(|i| diff(prof, enc, &pc, support[i], support[d]))
                .collect()
        }
    };
    // D[a][b] ⊇ ∂U_k(s_a, π)/∂π(s_b) over the box.
    let iv0 = Iv::point(zero());
    let mut dd = vec![vec![iv0.clone(); r]; r];
    for (a, row) in dd.iter_mut().enumerate() {
        let y = support[a];
        for (w, rank) in prof.omega.iter().zip(&prof.rank) {
            let t = rank[y];
            let (p, low) = tier_box(rank, t, &piv);
            let at_lo = enc.at(&p.lo, &low.lo, false, true);
            let at_hi = enc.at(&p.hi, &low.hi, true, true);
            let dp = Iv {
                lo: w * &at_lo[1],
                hi: w * &at_hi[1],
            };
            let dr = Iv {
                lo: w * &at_lo[2],
                hi: w * &at_hi[2],
            };
            for (b, cell) in row.iter_mut().enumerate() {
                let tz = rank[support[b]];
                if tz == t {
                    *cell = cell.add(&dp);
                } else if tz > t {
                    *cell = cell.add(&dr);
                }
            }
        }
    }
    // J[i][j] = ∂F_i/∂x_j = D(s_i,s_j) − D(s_i,s_r) − D(s_r,s_j) + D(s_r,s_r).
    let jac: Vec<Vec<Iv>> = (0..d)
        .map(|i| {
            (0..d)
                .map(|j| dd[i][j].sub(&dd[i][d]).sub(&dd[d][j]).add(&dd[d][d]))
                .collect()
        })
        .collect();
    for i in 0..d {
        let cf = (0..d).fold(iv0.clone(), |a, l| a.add(&f[l].scale(&c[i][l])));
        let mut kx = Iv::point(center[i].clone()).sub(&cf);
        for j in 0..d {
            let delta = if i == j { one() } else { zero() };
            let cj = (0..d).fold(iv0.clone(), |a, l| a.add(&jac[l][j].scale(&c[i][l])));
            let coef = Iv::point(delta).sub(&cj);
            let xj = Iv {
                lo: &lo[j] - &center[j],
                hi: &hi[j] - &center[j],
            };
            kx = kx.add(&coef.mul(&xj));
        }
        if kx.lo <= lo[i] || kx.hi >= hi[i] {
            return fail(format!(
                "Krawczyk: K(X)({}) ⊂ interior(X) fails: [{}, {}] ⊄ ({}, {})",
                name(i),
                show(&kx.lo),
                show(&kx.hi),
                show(&lo[i]),
                show(&hi[i])
            ));
        }
    }
    Ok(())
}
