//! `maximal_lottery`: p is a maximal lottery (pᵀM ≥ 0); uniqueness by 2m LP dual bounds, or
//! non-uniqueness by a second maximal lottery (docs/THEORY.md §3).

use super::{Checked, bad, eq, fail, is_maximal_lottery, le, margins, sum_is_one};
use crate::cost;
use crate::format::MaximalLotteryClaim;
use crate::number::{one, zero};
use crate::reader::Reader;

pub fn check(rd: &mut Reader, c: &MaximalLotteryClaim) -> Checked {
    let prof = rd.prof;
    let m = prof.m();
    let p = rd.vector(&c.p, "p", Reader::prob)?;
    // (response, t, λ, u, μ) per uniqueness entry.
    let mut evidence = Vec::new();
    let mut alternative = None;
    if c.unique {
        if c.alternative.is_some() {
            return bad("`alternative` is only for unique: false");
        }
        let Some(ev) = &c.uniqueness else {
            return bad("unique: true needs `uniqueness` evidence for every response");
        };
        let mut done = vec![false; m];
        for e in ev {
            let y = rd.response(&e.response, "uniqueness.response")?;
            if std::mem::replace(&mut done[y], true) {
                return bad(format!(
                    "uniqueness evidence for `{}` given twice",
                    e.response
                ));
            }
            let t = rd.num(&e.lower.bound, "lower.bound")?;
            let lam = rd.vector(&e.lower.lambda, "lower.lambda", Reader::nonneg)?;
            let u = rd.num(&e.upper.bound, "upper.bound")?;
            let mu = rd.vector(&e.upper.lambda, "upper.lambda", Reader::nonneg)?;
            evidence.push((y, t, lam, u, mu));
        }
        if let Some(y) = done.iter().position(|d| !d) {
            return bad(format!(
                "uniqueness evidence missing for response `{}`",
                prof.names[y]
            ));
        }
    } else {
        if c.uniqueness.is_some() {
            return bad("`uniqueness` evidence is only for unique: true");
        }
        let Some(alt) = &c.alternative else {
            return bad("unique: false needs an `alternative` maximal lottery");
        };
        alternative = Some(rd.vector(alt, "alternative", Reader::prob)?);
    }
    let (m128, n, b, w) = rd.sizes();
    rd.price(cost::margins(m128, n, w) + (m128 * m128 + 4 * m128.pow(3)) * cost::rop(b + w))?;
    sum_is_one(&p, "p")?;
    let mm = margins(prof);
    is_maximal_lottery(prof, &mm, &p, "p")?;
    for (y, t, lam, u, mu) in &evidence {
        let name = &prof.names[*y];
        eq(t, &p[*y], || format!("lower.bound for {name} vs p({name})"))?;
        eq(u, &p[*y], || format!("upper.bound for {name} vs p({name})"))?;
        for z in 0..m {
            let ind = if z == *y { one() } else { zero() };
            let ml = (0..m).fold(zero(), |a, w| a + &mm[z][w] * &lam[w]);
            le(&(ml + t), &ind, || {
                let z = &prof.names[z];
                (
                    format!("min p'({name}): (Mλ)({z}) + t"),
                    format!("[{z} = {name}]"),
                )
            })?;
            let mmu = (0..m).fold(zero(), |a, w| a + &mm[z][w] * &mu[w]);
            le(&(mmu + &ind), u, || {
                let z = &prof.names[z];
                (
                    format!("max p'({name}): (Mμ)({z}) + [{z} = {name}]"),
                    "u".into(),
                )
            })?;
        }
    }
    if let Some(q) = alternative {
        sum_is_one(&q, "alternative")?;
        is_maximal_lottery(prof, &mm, &q, "alternative")?;
        if q == p {
            return fail("`alternative` equals p, so it does not show non-uniqueness");
        }
        return Ok((
            None,
            "p is a maximal lottery, not unique: a second one checked".into(),
        ));
    }
    Ok((
        None,
        "p is the unique maximal lottery: 2m dual bounds checked".into(),
    ))
}
