//! `robust_win_rate`: R_{k,ℓ} of a product or mixture policy against every ℓ-multiset
//! (docs/THEORY.md §5).

use super::{Checked, eq_frac, fail, mixture, names, sum_is_one};
use crate::cost;
use crate::format::{PolicySpec, RobustWinRateClaim};
use crate::number::{Q, show, zero};
use crate::profile::{Dist, Frac};
use crate::reader::{Reader, SizeBound, multiset_count, next_multiset};

pub fn check(rd: &mut Reader, c: &RobustWinRateClaim) -> Checked {
    let prof = rd.prof;
    let m = prof.m();
    let k = rd.k(c.k, "k")?;
    let ell = rd.k(c.ell, "ell")?;
    let count = multiset_count(m, ell)?;
    let value = rd.num(&c.value, "value")?;
    let worst = rd.multiset(&c.worst_opponent, ell, "worst_opponent")?;
    let (_, n, _, _) = rd.sizes();
    let (kk, ll) = (k as u128, ell as u128);
    enum Pol {
        Product(Dist),
        Mixture(Vec<(Vec<usize>, Q)>),
    }
    let pol = match &c.policy {
        PolicySpec::Product(map) => {
            let pi = rd.vector(map, "policy.product", Reader::prob)?;
            let (_, _, _, w) = rd.sizes();
            let b = SizeBound::of(&pi);
            rd.price(
                (count + 1) * cost::evaluation(n, kk, b, w) + cost::policy(pi.len() as u128, b),
            )?;
            sum_is_one(&pi, "policy.product")?;
            Pol::Product(Dist::new(&pi))
        }
        PolicySpec::Mixture(entries) => {
            let mix = mixture(rd, entries, k, "policy.mixture")?;
            let (_, _, b, w) = rd.sizes();
            let per = n * (kk + ll) * cost::rop(w) + cost::rop(b + w);
            rd.price(mix.len() as u128 * (count + 1) * per)?;
            sum_is_one(
                &mix.iter().map(|e| e.1.clone()).collect::<Vec<_>>(),
                "policy.mixture",
            )?;
            Pol::Mixture(mix)
        }
    };
    let wr = |o: &[usize]| match &pol {
        Pol::Product(pi) => prof.share_frac(pi, k, o).one_minus(),
        Pol::Mixture(mix) => Frac::from_q(
            &mix.iter()
                .filter(|e| e.1 != zero())
                .fold(zero(), |a, (s, x)| a + x * prof.win_rate(s, o)),
        ),
    };
    eq_frac(&wr(&worst), &value, || {
        format!("WR_k,ℓ(ρ, {})", names(prof, &worst))
    })?;
    let mut o = vec![0usize; ell];
    loop {
        let w = wr(&o);
        if w.cmp_q(&value) == std::cmp::Ordering::Less {
            return fail(format!(
                "value ≤ WR_k,ℓ(ρ, {}) fails: {} > {}",
                names(prof, &o),
                show(&value),
                w.show()
            ));
        }
        if !next_multiset(&mut o, m) {
            break;
        }
    }
    Ok((
        Some(k),
        format!("R_{k},{ell}(ρ) = {} over {count} opponents", show(&value)),
    ))
}
