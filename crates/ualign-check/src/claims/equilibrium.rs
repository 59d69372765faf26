//! `equilibrium`: a symmetric equilibrium of the (k+1)-player game, exact, ε, or an exact one
//! enclosed in a certified box ([`super::krawczyk`]) (docs/THEORY.md §4). A box with
//! `ball_precision` is tested on outward-rounded enclosures ([`super::ball`], §10.1); the claimed
//! ε of its policy is then checked against the upper end of the enclosure (an upper bound). A box
//! with `segment` is proved by the exact segment test of [`super::segment`] instead (§10.4).

use super::ball::{Enclose, is_dyadic};
use super::krawczyk::{Iv, check_box};
use super::{Checked, bad, eq, fail, le_frac, payoffs, sum_is_one};
use crate::Fail;
use crate::cost;
use crate::format::{EquilibriumClaim, EquilibriumStatus};
use crate::number::{Q, int, one, show, zero};
use crate::profile::Frac;
use crate::reader::{Reader, SizeBound};

pub fn check(rd: &mut Reader, c: &EquilibriumClaim) -> Checked {
    let prof = rd.prof;
    let m = prof.m();
    let k = rd.k(c.k, "k")?;
    let pi = rd.vector(&c.policy, "policy", Reader::prob)?;
    let eps = rd.nonneg(&c.exploitability, "exploitability")?;
    let boxed = match (c.status, &c.box_data) {
        (EquilibriumStatus::CertifiedBox, Some(b)) => {
            let support = b
                .support
                .iter()
                .map(|n| rd.response(n, "box.support"))
                .collect::<Result<Vec<_>, _>>()?;
            let r = support.len();
            if r == 0 || (1..r).any(|i| support[..i].contains(&support[i])) {
                return bad("box.support must be a non-empty list of distinct responses");
            }
            let d = r - 1;
            if b.lo.len() != r || b.hi.len() != r || b.center.len() != d {
                return bad(format!("box: lo and hi need {r} entries and center {d}"));
            }
            if b.preconditioner.len() != d || b.preconditioner.iter().any(|row| row.len() != d) {
                return bad(format!("box.preconditioner must be a {d} × {d} matrix"));
            }
            let mut read = |v: &[String], w: &str| -> Result<Vec<Q>, Fail> {
                v.iter().map(|s| rd.num(s, w)).collect()
            };
            let lo = read(&b.lo, "box.lo")?;
            let hi = read(&b.hi, "box.hi")?;
            let center = read(&b.center, "box.center")?;
            let mut pre = Vec::new();
            for row in &b.preconditioner {
                pre.push(read(row, "box.preconditioner")?);
            }
            let range = crate::limits::BALL_PRECISION;
            match b.ball_precision {
                Some(p) if !range.contains(&p) => {
                    return bad(format!("box.ball_precision = {p} is outside {range:?}"));
                }
                Some(_) if !lo.iter().chain(&hi).chain(&center).all(is_dyadic) => {
                    return bad("box: with ball_precision, lo, hi and center must be dyadic");
                }
                _ => {}
            }
            let touch = match &b.touching {
                None => None,
                Some(_) if b.ball_precision.is_some() => {
                    return bad("box.touching is only for exact boxes (no ball_precision)");
                }
                Some(t) => {
                    let e = &t.end_box;
                    if e.lo.len() != r || e.hi.len() != r || e.center.len() != d {
                        return bad(format!("box.touching.end_box: lo, hi {r}, center {d}"));
                    }
                    let w = "box.touching.end_box";
                    let end = (read(&e.lo, w)?, read(&e.hi, w)?, read(&e.center, w)?);
                    let t_hi = read(std::slice::from_ref(&t.t_hi), "box.touching.t_hi")?;
                    let y = rd.response(&t.response, "box.touching.response")?;
                    Some((y, t_hi.into_iter().fold(zero(), |a, x| a + x), end))
                }
            };
            let seg = match &b.segment {
                None => None,
                Some(_) if b.ball_precision.is_some() || b.touching.is_some() => {
                    return bad("box.segment is only for exact boxes without touching");
                }
                Some(s) => {
                    let mut list = |v: &[String]| -> Result<Vec<Q>, Fail> {
                        v.iter().map(|x| rd.num(x, "box.segment")).collect()
                    };
                    let (from, to, g) = (list(&s.from)?, list(&s.to)?, list(&s.divisor)?);
                    let mut polys = |v: &[Vec<String>]| -> Result<Vec<Vec<Q>>, Fail> {
                        v.iter().map(|p| list(p)).collect()
                    };
                    let seg = (from, to, g, polys(&s.quotients)?, polys(&s.remainders)?);
                    super::segment::check_shape(m, k, r, &seg)?;
                    Some(seg)
                }
            };
            Some((support, lo, hi, center, pre, (touch, seg)))
        }
        (EquilibriumStatus::CertifiedBox, None) => return bad("status certified-box needs `box`"),
        (_, Some(_)) => return bad("`box` is only for status certified-box"),
        (_, None) => None,
    };
    let r = boxed.as_ref().map_or(0, |b| b.0.len()) as u128;
    let ball = c.box_data.as_ref().and_then(|b| b.ball_precision);
    let touching = c.box_data.as_ref().is_some_and(|b| b.touching.is_some());
    let segment = boxed.as_ref().and_then(|b| b.5.1.as_ref());
    let enc = Enclose::new(k, ball);
    let (m128, n, big_b, w) = rd.sizes();
    let kk = k as u128;
    let b = SizeBound::of(&pi);
    rd.price(
        cost::policy(m128, b)
            + match ball {
                Some(p) => cost::ball_box(m128, n, r, kk, u128::from(p), big_b, w),
                None if r > 0 => {
                    // A touching box runs the test twice (the box and its end box); β is the
                    // size of the box's own numbers (both boxes and t_hi for a touching one),
                    // b that of the numbers the test computes with (β's, the policy and the
                    // preconditioner; not the claimed ε, which is only compared).
                    let runs = if touching { 2 } else { 1 };
                    let (bb, kb) =
                        boxed
                            .as_ref()
                            .map_or((0, 0), |(_, lo, hi, c, pre, (touch, _))| {
                                let mut own = [lo.as_slice(), hi, c].concat();
                                if let Some((_, t_hi, (elo, ehi, ecenter))) = touch {
                                    own.extend([elo.as_slice(), ehi, ecenter].concat());
                                    own.push(t_hi.clone());
                                }
                                let used = [pi.as_slice(), &pre.concat(), &own].concat();
                                (SizeBound::of(&own), SizeBound::of(&used))
                            });
                    m128 * cost::evaluation(n, kk, b, w)
                        + match segment {
                            None => runs * cost::krawczyk(m128, n, r, kk, kb, w, bb),
                            Some(_) => cost::segment(m128, n, kk, big_b, w),
                        }
                }
                None => m128 * cost::evaluation(n, kk, b, w),
            },
    )?;
    sum_is_one(&pi, "policy")?;
    let third = one() / int(k + 1);
    let (u, y) = match ball {
        // Upper ends of the enclosures: the ε checked is an upper bound of ε(policy).
        Some(_) => {
            let all: Vec<usize> = (0..m).collect();
            let u: Vec<Frac> = enc
                .payoffs(prof, &pi, &all)
                .iter()
                .map(|e| Frac::from_q(&e.1))
                .collect();
            let y = (0..m).fold(0, |y, z| if u[z].cmp_frac(&u[y]).is_gt() { z } else { y });
            (u, y)
        }
        None => payoffs(prof, &pi, k),
    };
    let bound = &third + &eps;
    let detail = match c.status {
        EquilibriumStatus::Exact => {
            eq(&eps, &zero(), || "status exact: exploitability".into())?;
            le_frac(&u[y], &third, || {
                (format!("U_k({}, π)", prof.names[y]), "1/(k+1)".into())
            })?;
            "exact symmetric equilibrium, R_k = k/(k+1)".to_string()
        }
        _ => {
            le_frac(&u[y], &bound, || {
                (format!("U_k({}, π)", prof.names[y]), "1/(k+1) + ε".into())
            })?;
            format!(
                "ε(policy) = {} ≤ {}",
                u[y].minus_q(&third).show(),
                show(&eps)
            )
        }
    };
    let Some((support, lo, hi, center, pre, (touch, seg))) = boxed else {
        return Ok((Some(k), detail));
    };
    // A touching box: π(y) ∈ [0, t_hi], y off the support, t_hi > 0 (docs/THEORY.md §10.3).
    if let Some((y, t, _)) = touch
        .as_ref()
        .filter(|(y, t, _)| support.contains(y) || *t <= zero())
    {
        let y = &prof.names[*y];
        return fail(format!(
            "touching: {y} off the support, t_hi = {} > 0 fails",
            show(t)
        ));
    }
    for z in 0..m {
        match support.iter().position(|&s| s == z) {
            None if pi[z] != zero() => {
                return fail(format!(
                    "policy({}) = 0 off the box support fails: it is {}",
                    prof.names[z],
                    show(&pi[z])
                ));
            }
            Some(i) if pi[z] < lo[i] || pi[z] > hi[i] => {
                return fail(format!(
                    "policy({}) ∈ [lo, hi] fails: {} ∉ [{}, {}]",
                    prof.names[z],
                    show(&pi[z]),
                    show(&lo[i]),
                    show(&hi[i])
                ));
            }
            _ => {}
        }
    }
    if let Some(seg) = &seg {
        super::segment::check(prof, k, &support, &lo, &hi, seg)?;
        return Ok((
            Some(k),
            format!("exact equilibrium on a segment in the box (a root of g); {detail}"),
        ));
    }
    let main = touch
        .as_ref()
        .map(|(y, t, _)| (*y, Iv::new(zero(), t.clone()), false));
    check_box(prof, k, &support, &lo, &hi, &center, &pre, &enc, main)?;
    if let Some((y, t, (elo, ehi, ecenter))) = touch.clone() {
        // The end box lies in the box (its zero is the path's), at π(y) = t_hi.
        if (0..support.len() - 1).any(|i| elo[i] < lo[i] || ehi[i] > hi[i]) {
            return fail("touching: end box ⊂ box fails");
        }
        let end = Some((y, Iv::new(t.clone(), t), true));
        check_box(prof, k, &support, &elo, &ehi, &ecenter, &pre, &enc, end)?;
    }
    let how = match ball {
        Some(p) => format!("Krawczyk, outward-rounded to {p} bits"),
        None if touch.is_some() => "Krawczyk, touching: π(y) ∈ [0, t_hi]".to_string(),
        None => "Krawczyk".to_string(),
    };
    Ok((
        Some(k),
        format!("exact equilibrium in the box ({how}); {detail}"),
    ))
}
