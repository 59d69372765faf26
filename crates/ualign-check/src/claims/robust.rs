//! `robust_win_rate`: R_{k,ℓ} of a product or mixture policy against every ℓ-multiset
//! (docs/THEORY.md §5).

use super::{Checked, eq, le, mixture, n_users, names, product_work, sum_is_one};
use crate::format::{PolicySpec, RobustWinRateClaim};
use crate::number::{Q, one, show, zero};
use crate::reader::{Reader, multiset_count, next_multiset};

pub fn check(rd: &mut Reader, c: &RobustWinRateClaim) -> Checked {
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
        Pol::Product(pi) => one() - prof.product_opponent_share(pi, k, o),
        Pol::Mixture(mix) => mix
            .iter()
            .filter(|e| e.1 != zero())
            .fold(zero(), |a, (s, x)| a + x * prof.win_rate(s, o)),
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
        format!("R_{k},{ell}(ρ) = {} over {count} opponents", show(&value)),
    ))
}
