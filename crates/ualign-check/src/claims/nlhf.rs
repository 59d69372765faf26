//! `nlhf_robust_win_rate`: R_k(p^{⊗k}) of a maximal lottery p, with its worst opponent
//! (docs/THEORY.md §3–§4).

use super::{Checked, eq_frac, is_maximal_lottery, margins, payoffs, sum_is_one};
use crate::cost;
use crate::format::NlhfRobustWinRateClaim;
use crate::number::show;
use crate::reader::{Reader, SizeBound};

pub fn check(rd: &mut Reader, c: &NlhfRobustWinRateClaim) -> Checked {
    let prof = rd.prof;
    let k = rd.k(c.k, "k")?;
    let p = rd.vector(&c.policy, "policy", Reader::prob)?;
    let value = rd.num(&c.value, "value")?;
    let worst = rd.response(&c.worst_opponent, "worst_opponent")?;
    let (m, n, b, w) = rd.sizes();
    rd.price(
        cost::margins(m, n, w)
            + m * m * cost::rop(b + w)
            + m * cost::evaluation(n, k as u128, SizeBound::of(&p), w)
            + cost::policy(m, SizeBound::of(&p)),
    )?;
    sum_is_one(&p, "policy")?;
    is_maximal_lottery(prof, &margins(prof), &p, "policy")?;
    let (u, best) = payoffs(prof, &p, k);
    eq_frac(&u[best].one_minus(), &value, || {
        "R_k(p^⊗k) = 1 − max_y U_k(y, p)".into()
    })?;
    eq_frac(&u[worst].one_minus(), &value, || {
        format!("WR_k,1(p^⊗k, {}) = 1 − U_k({0}, p)", prof.names[worst])
    })?;
    Ok((Some(k), format!("R_{k}(p^⊗{k}) = {}", show(&value))))
}
