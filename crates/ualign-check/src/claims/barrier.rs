//! `barrier`: the unique maximal lottery of an earlier claim, sampled k times, has
//! R_k ≤ ½ + ε for every listed k (docs/THEORY.md §5).

use super::{Checked, bad, eq_frac, fail, le};
use crate::cost;
use crate::format::{BarrierClaim, Claim};
use crate::number::{Q, int, one, show};
use crate::profile::Dist;
use crate::reader::{Reader, SizeBound};

pub fn check(rd: &mut Reader, earlier: &[Claim], c: &BarrierClaim) -> Checked {
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
    let (_, n, _, w) = rd.sizes();
    let b = SizeBound::of(&p);
    let evals = items.iter().map(|e| cost::evaluation(n, e.0 as u128, b, w));
    rd.price(evals.fold(cost::policy(p.len() as u128, b), u128::saturating_add))?;
    if !ml.unique {
        return fail(format!(
            "claim {idx} does not certify a unique maximal lottery"
        ));
    }
    let half_eps = one() / int(2) + &eps;
    let dist = Dist::new(&p);
    for (k, o, w) in &items {
        let name = &prof.names[*o];
        let wr = prof.share_frac(&dist, *k, &[*o]).one_minus();
        eq_frac(&wr, w, || format!("k = {k}: WR_k,1(p^⊗k, {name})"))?;
        le(w, &half_eps, || {
            (format!("k = {k}: WR_k,1(p^⊗k, {name})"), "½ + eps".into())
        })?;
    }
    let ks: Vec<String> = items.iter().map(|e| e.0.to_string()).collect();
    Ok((
        Some(kmax),
        format!(
            "R_k(p^⊗k) ≤ ½ + {} for k ∈ {{{}}}",
            show(&eps),
            ks.join(", ")
        ),
    ))
}
