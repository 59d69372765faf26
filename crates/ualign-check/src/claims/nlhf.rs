//! `nlhf_robust_win_rate`: R_k(p^{⊗k}) of a maximal lottery p, with its worst opponent
//! (docs/THEORY.md §3–§4).

use super::{Checked, eq, is_maximal_lottery, margins, n_users, payoffs, product_work, sum_is_one};
use crate::format::NlhfRobustWinRateClaim;
use crate::number::{one, show};
use crate::reader::Reader;

pub fn check(rd: &mut Reader, c: &NlhfRobustWinRateClaim) -> Checked {
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
    eq(&(one() - &max), &value, || {
        "R_k(p^⊗k) = 1 − max_y U_k(y, p)".into()
    })?;
    eq(&(one() - &u[worst]), &value, || {
        format!("WR_k,1(p^⊗k, {}) = 1 − U_k({0}, p)", prof.names[worst])
    })?;
    Ok((Some(k), format!("R_{k}(p^⊗{k}) = {}", show(&value))))
}
