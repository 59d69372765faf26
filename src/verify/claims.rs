//! Re-derivation of each claim kind. Every check reads all of a claim's numbers first
//! (domain errors are `Malformed`), checks the work budget, then evaluates and compares.

#![allow(clippy::needless_range_loop)] // matrix code reads best with indices

use super::profile::Profile;
use super::{Fail, Reader, multiset_count, next_multiset, show};
use crate::certificate::{
    BarrierClaim, Claim, EquilibriumClaim, EquilibriumStatus, KOutputValueClaim,
    MaximalLotteryClaim, MultisetMass, NlhfRobustWinRateClaim, PolicySpec, RobustWinRateClaim,
};
use crate::number::{CommonDen, IBig, Q, UBig, fmt_q, lcm};

type Checked = Result<(Option<usize>, String), Fail>;

fn bad<T>(msg: impl Into<String>) -> Result<T, Fail> {
    Err(Fail::Malformed(msg.into()))
}

fn fail<T>(msg: impl Into<String>) -> Result<T, Fail> {
    Err(Fail::Claim(msg.into()))
}

/// `lhs ≤ rhs`, else a failure naming the inequality (`what` names both sides) and both values.
fn le(lhs: &Q, rhs: &Q, what: impl FnOnce() -> (String, String)) -> Result<(), Fail> {
    if lhs <= rhs {
        return Ok(());
    }
    let (l, r) = what();
    fail(format!("{l} ≤ {r} fails: {} > {}", show(lhs), show(rhs)))
}

/// `derived = claimed`, else a failure showing both.
fn eq(derived: &Q, claimed: &Q, what: impl FnOnce() -> String) -> Result<(), Fail> {
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

fn sum_is_one(v: &[Q], what: &str) -> Result<(), Fail> {
    let s = v.iter().fold(Q::ZERO, |a, x| a + x);
    eq(&s, &Q::ONE, || format!("Σ {what}"))
}

fn names(prof: &Profile, s: &[usize]) -> String {
    let v: Vec<&str> = s.iter().map(|&y| prof.names[y].as_str()).collect();
    format!("{{{}}}", v.join(", "))
}

/// Checks one claim; `earlier` are the claims before it (already verified).
pub fn check(prof: &Profile, earlier: &[Claim], claim: &Claim) -> Checked {
    run(Reader::new(prof), earlier, claim)
}

/// Reads a claim only up to its cost check (an affordable claim stops with a `Claim` error
/// carrying [`super::WITHIN_BUDGET`]; an unaffordable one with the `Malformed` cost message).
pub fn check_budget_only(prof: &Profile, earlier: &[Claim], claim: &Claim) -> Checked {
    let mut rd = Reader::new(prof);
    rd.budget_only = true;
    run(rd, earlier, claim)
}

fn run(mut rd: Reader<'_>, earlier: &[Claim], claim: &Claim) -> Checked {
    match claim {
        Claim::MaximalLottery(c) => maximal_lottery(&mut rd, c),
        Claim::NlhfRobustWinRate(c) => nlhf(&mut rd, c),
        Claim::Equilibrium(c) => equilibrium(&mut rd, c),
        Claim::KoutputValue(c) => koutput(&mut rd, c),
        Claim::RobustWinRate(c) => robust(&mut rd, c),
        Claim::Barrier(c) => barrier(&mut rd, earlier, c),
    }
}

fn cube(m: usize) -> u128 {
    (m as u128).pow(3)
}

fn n_users(prof: &Profile) -> u128 {
    prof.omega.len() as u128
}

/// M(y, z) = P(y ≻ z) − ½.
fn margins(prof: &Profile) -> Vec<Vec<Q>> {
    let half = Q::ONE / Q::from(2u8);
    (0..prof.m())
        .map(|y| (0..prof.m()).map(|z| prof.pref(y, z) - &half).collect())
        .collect()
}

/// pᵀM ≥ 0 componentwise.
fn is_maximal_lottery(prof: &Profile, mm: &[Vec<Q>], p: &[Q], what: &str) -> Result<(), Fail> {
    for z in 0..prof.m() {
        let col = (0..prof.m()).fold(Q::ZERO, |a, y| a + &p[y] * &mm[y][z]);
        if col < Q::ZERO {
            return fail(format!(
                "({what}ᵀM)({}) ≥ 0 fails: {} < 0",
                prof.names[z],
                show(&col)
            ));
        }
    }
    Ok(())
}

fn maximal_lottery(rd: &mut Reader, c: &MaximalLotteryClaim) -> Checked {
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
    let n = n_users(prof);
    rd.budget(1, (m as u128).pow(2) * n + 4 * cube(m))?;
    sum_is_one(&p, "p")?;
    let mm = margins(prof);
    is_maximal_lottery(prof, &mm, &p, "p")?;
    for (y, t, lam, u, mu) in &evidence {
        let name = &prof.names[*y];
        eq(t, &p[*y], || format!("lower.bound for {name} vs p({name})"))?;
        eq(u, &p[*y], || format!("upper.bound for {name} vs p({name})"))?;
        for z in 0..m {
            let ind = if z == *y { Q::ONE } else { Q::ZERO };
            let ml = (0..m).fold(Q::ZERO, |a, w| a + &mm[z][w] * &lam[w]);
            le(&(ml + t), &ind, || {
                let z = &prof.names[z];
                (
                    format!("min p'({name}): (Mλ)({z}) + t"),
                    format!("[{z} = {name}]"),
                )
            })?;
            let mmu = (0..m).fold(Q::ZERO, |a, w| a + &mm[z][w] * &mu[w]);
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

/// U_k(y, π) for all y, with the max and its first argmax.
fn payoffs(prof: &Profile, pi: &[Q], k: usize) -> (Vec<Q>, Q) {
    let u: Vec<Q> = (0..prof.m())
        .map(|y| prof.deviation_payoff(pi, k, y))
        .collect();
    let max = u.iter().max().cloned().unwrap_or_default();
    (u, max)
}

fn product_work(prof: &Profile, k: usize, evaluations: u128) -> u128 {
    evaluations * n_users(prof) * (prof.m() as u128 + 4 * k as u128)
}

fn nlhf(rd: &mut Reader, c: &NlhfRobustWinRateClaim) -> Checked {
    let prof = rd.prof;
    let m = prof.m();
    let k = rd.k(c.k, "k")?;
    let p = rd.vector(&c.policy, "policy", Reader::prob)?;
    let value = rd.num(&c.value, "value")?;
    let worst = rd.response(&c.worst_opponent, "worst_opponent")?;
    rd.budget(
        k,
        (m as u128).pow(2) * n_users(prof) + product_work(prof, k, m as u128),
    )?;
    sum_is_one(&p, "policy")?;
    is_maximal_lottery(prof, &margins(prof), &p, "policy")?;
    let (u, max) = payoffs(prof, &p, k);
    eq(&(Q::ONE - &max), &value, || {
        "R_k(p^⊗k) = 1 − max_y U_k(y, p)".into()
    })?;
    eq(&(Q::ONE - &u[worst]), &value, || {
        format!("WR_k,1(p^⊗k, {}) = 1 − U_k({0}, p)", prof.names[worst])
    })?;
    Ok((Some(k), format!("R_{k}(p^⊗{k}) = {}", fmt_q(&value))))
}

fn equilibrium(rd: &mut Reader, c: &EquilibriumClaim) -> Checked {
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
            Some((support, lo, hi, center, pre))
        }
        (EquilibriumStatus::CertifiedBox, None) => return bad("status certified-box needs `box`"),
        (_, Some(_)) => return bad("`box` is only for status certified-box"),
        (_, None) => None,
    };
    let r = boxed.as_ref().map_or(0, |b| b.0.len()) as u128;
    rd.budget(k, product_work(prof, k, m as u128 + 2 * r * r))?;
    sum_is_one(&pi, "policy")?;
    let third = Q::ONE / Q::from(k + 1);
    let (u, max) = payoffs(prof, &pi, k);
    let y = u.iter().position(|x| *x == max).unwrap_or(0);
    let bound = &third + &eps;
    let detail = match c.status {
        EquilibriumStatus::Exact => {
            eq(&eps, &Q::ZERO, || "status exact: exploitability".into())?;
            le(&max, &third, || {
                (format!("U_k({}, π)", prof.names[y]), "1/(k+1)".into())
            })?;
            "exact symmetric equilibrium, R_k = k/(k+1)".to_string()
        }
        _ => {
            le(&max, &bound, || {
                (format!("U_k({}, π)", prof.names[y]), "1/(k+1) + ε".into())
            })?;
            format!("ε(policy) = {} ≤ {}", show(&(&max - &third)), show(&eps))
        }
    };
    let Some((support, lo, hi, center, pre)) = boxed else {
        return Ok((Some(k), detail));
    };
    for z in 0..m {
        match support.iter().position(|&s| s == z) {
            None if pi[z] != Q::ZERO => {
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
    super::krawczyk::check_box(prof, k, &support, &lo, &hi, &center, &pre)?;
    Ok((
        Some(k),
        format!("exact equilibrium in the box (Krawczyk); {detail}"),
    ))
}

/// A list of multisets of size `k` with probabilities, duplicates rejected.
fn mixture(
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

fn koutput(rd: &mut Reader, c: &KOutputValueClaim) -> Checked {
    let prof = rd.prof;
    let m = prof.m();
    let k = rd.k(c.k, "k")?;
    let count = multiset_count(m, k)?;
    let (lower, upper) = match (&c.value, &c.bracket) {
        (Some(v), None) => {
            let v = rd.num(v, "value")?;
            (v.clone(), v)
        }
        (None, Some([a, b])) => (rd.num(a, "bracket[0]")?, rd.num(b, "bracket[1]")?),
        _ => return bad("give exactly one of `value` and `bracket`"),
    };
    let primal = mixture(rd, &c.primal, k, "primal")?;
    let sigma = rd.vector(&c.dual, "dual", Reader::prob)?;
    let n = n_users(prof);
    let kk = k as u128 + 1;
    rd.budget(
        k,
        primal.len() as u128 * m as u128 * n * kk + count * n * kk,
    )?;
    le(&lower, &upper, || ("lower".into(), "upper".into()))?;
    sum_is_one(
        &primal.iter().map(|e| e.1.clone()).collect::<Vec<_>>(),
        "primal",
    )?;
    sum_is_one(&sigma, "dual")?;
    // Primal: Σ_S x_S WR_{k,1}(S, y') ≥ lower for every y'.
    for y in 0..m {
        let wr = primal
            .iter()
            .filter(|e| e.1 != Q::ZERO)
            .fold(Q::ZERO, |a, (s, x)| a + x * prof.win_rate(s, &[y]));
        le(&lower, &wr, || {
            ("lower".into(), format!("WR_k,1(x, {})", prof.names[y]))
        })?;
    }
    // Dual: WR_{k,1}(S, σ) ≤ upper for every k-multiset S. For user u with best tier b among S
    // (c positions there), the opponent's expected share is σ(above b) + σ(tier b)/(c+1). All
    // in integers: ω = cw/Σcw, σ = s/D, scaled by Λ = lcm(1..=k+1).
    let cw = CommonDen::new(&prof.omega);
    let sd = CommonDen::new(&sigma);
    let lam = (1..=k + 1).fold(UBig::ONE, |a, b| lcm(&a, &UBig::from(b)));
    let lam = IBig::from(lam);
    let lam_over: Vec<IBig> = (1..=k + 1).map(|c| &lam / IBig::from(c)).collect();
    let mut tiers = Vec::new();
    for rank in &prof.rank {
        let nt = rank.iter().max().map_or(1, |t| t + 1);
        let mut at = vec![IBig::ZERO; nt];
        for (y, &t) in rank.iter().enumerate() {
            at[t] += &sd.nums[y];
        }
        let above: Vec<IBig> = (0..nt).map(|t| at[..t].iter().sum()).collect();
        tiers.push((at, above));
    }
    let scale = Q::from(&lam * IBig::from(sd.den.clone()) * IBig::from(cw.den.clone()));
    let threshold = (Q::ONE - &upper) * &scale;
    let mut s = vec![0usize; k];
    loop {
        let mut total = IBig::ZERO;
        for ((rank, w), (at, above)) in prof.rank.iter().zip(&cw.nums).zip(&tiers) {
            let b = s.iter().map(|&y| rank[y]).min().unwrap_or(0);
            let cnt = s.iter().filter(|&&y| rank[y] == b).count();
            // lam_over[cnt] = Λ/(cnt+1), cnt ≤ k.
            let share = &lam * &above[b] + &lam_over[cnt.min(k)] * &at[b];
            total += w * share;
        }
        let total = Q::from(total);
        if total < threshold {
            let wr = Q::ONE - total / &scale;
            return fail(format!(
                "WR_k,1({}, σ) ≤ upper fails: {} > {}",
                names(prof, &s),
                show(&wr),
                show(&upper)
            ));
        }
        if !next_multiset(&mut s, m) {
            break;
        }
    }
    let what = if lower == upper {
        format!("v*_{k} = {}", fmt_q(&lower))
    } else {
        format!("{} ≤ v*_{k} ≤ {}", fmt_q(&lower), fmt_q(&upper))
    };
    Ok((
        Some(k),
        format!("{what}: {count} multisets checked against σ"),
    ))
}

fn robust(rd: &mut Reader, c: &RobustWinRateClaim) -> Checked {
    let prof = rd.prof;
    let m = prof.m();
    let k = rd.k(c.k, "k")?;
    let ell = rd.k(c.ell, "ell")?;
    let count = multiset_count(m, ell)?;
    let value = rd.num(&c.value, "value")?;
    let worst = rd.multiset(&c.worst_opponent, ell, "worst_opponent")?;
    let n = n_users(prof);
    enum Pol {
        Product(Vec<Q>),
        Mixture(Vec<(Vec<usize>, Q)>),
    }
    let pol = match &c.policy {
        PolicySpec::Product(map) => {
            let pi = rd.vector(map, "policy.product", Reader::prob)?;
            rd.budget(k, product_work(prof, k + ell, count + 1))?;
            sum_is_one(&pi, "policy.product")?;
            Pol::Product(pi)
        }
        PolicySpec::Mixture(entries) => {
            let mix = mixture(rd, entries, k, "policy.mixture")?;
            rd.budget(1, (mix.len() as u128) * (count + 1) * n * (k + ell) as u128)?;
            sum_is_one(
                &mix.iter().map(|e| e.1.clone()).collect::<Vec<_>>(),
                "policy.mixture",
            )?;
            Pol::Mixture(mix)
        }
    };
    let wr = |o: &[usize]| match &pol {
        Pol::Product(pi) => Q::ONE - prof.product_opponent_share(pi, k, o),
        Pol::Mixture(mix) => mix
            .iter()
            .filter(|e| e.1 != Q::ZERO)
            .fold(Q::ZERO, |a, (s, x)| a + x * prof.win_rate(s, o)),
    };
    eq(&wr(&worst), &value, || {
        format!("WR_k,ℓ(ρ, {})", names(prof, &worst))
    })?;
    let mut o = vec![0usize; ell];
    loop {
        let w = wr(&o);
        le(&value, &w, || {
            ("value".into(), format!("WR_k,ℓ(ρ, {})", names(prof, &o)))
        })?;
        if !next_multiset(&mut o, m) {
            break;
        }
    }
    Ok((
        Some(k),
        format!("R_{k},{ell}(ρ) = {} over {count} opponents", fmt_q(&value)),
    ))
}

fn barrier(rd: &mut Reader, earlier: &[Claim], c: &BarrierClaim) -> Checked {
    let prof = rd.prof;
    let eps = rd.num(&c.eps, "eps")?;
    let idx = c.maximal_lottery_claim;
    let ml = match usize::try_from(idx).ok().and_then(|i| earlier.get(i)) {
        Some(Claim::MaximalLottery(ml)) => ml,
        Some(other) => {
            return bad(format!(
                "maximal_lottery_claim {idx} is a {} claim",
                other.kind()
            ));
        }
        None => {
            return bad(format!(
                "maximal_lottery_claim {idx} is not an earlier claim"
            ));
        }
    };
    if c.bounds.is_empty() {
        return bad("barrier lists no k");
    }
    let p: Vec<Q> = rd.vector(&ml.p, "p", Reader::prob)?;
    let mut items = Vec::new();
    for (i, b) in c.bounds.iter().enumerate() {
        let k = rd.k(b.k, &format!("bounds[{i}].k"))?;
        let o = rd.response(&b.opponent, &format!("bounds[{i}].opponent"))?;
        let w = rd.num(&b.win_rate, &format!("bounds[{i}].win_rate"))?;
        items.push((k, o, w));
    }
    let kmax = items.iter().map(|e| e.0).max().unwrap_or(1);
    rd.budget(kmax, product_work(prof, kmax, items.len() as u128))?;
    if !ml.unique {
        return fail(format!(
            "claim {idx} does not certify a unique maximal lottery"
        ));
    }
    let half_eps = Q::ONE / Q::from(2u8) + &eps;
    for (k, o, w) in &items {
        let name = &prof.names[*o];
        let wr = Q::ONE - prof.deviation_payoff(&p, *k, *o);
        eq(&wr, w, || format!("k = {k}: WR_k,1(p^⊗k, {name})"))?;
        le(w, &half_eps, || {
            (format!("k = {k}: WR_k,1(p^⊗k, {name})"), "½ + eps".into())
        })?;
    }
    let ks: Vec<String> = items.iter().map(|e| e.0.to_string()).collect();
    Ok((
        Some(kmax),
        format!(
            "R_k(p^⊗k) ≤ ½ + {} for k ∈ {{{}}}",
            fmt_q(&eps),
            ks.join(", ")
        ),
    ))
}
