//! `koutput_value`: v*_k of the best k-output policy, by a primal mixture of k-multisets and a
//! dual σ checked against every k-multiset, on integers (docs/THEORY.md §6).

use num_bigint::BigInt;

use super::{Checked, bad, fail, le, mixture, names, sum_is_one};
use crate::cost;
use crate::format::KOutputValueClaim;
use crate::number::{CommonDen, Q, lcm, one, show, zero};
use crate::reader::{Reader, multiset_count, next_multiset};

pub fn check(rd: &mut Reader, c: &KOutputValueClaim) -> Checked {
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
    let (m128, n, b, w) = rd.sizes();
    let kk = k as u128 + 1;
    let primal_cost = m128 * (n * kk * cost::rop(w) + cost::rop(b + w));
    let dual_cost = n * (cost::SAFETY * 10 * kk + 3 * cost::mul(b + 2 * kk + 64, w));
    rd.price(primal.len() as u128 * primal_cost + count * dual_cost)?;
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
            .filter(|e| e.1 != zero())
            .fold(zero(), |a, (s, x)| a + x * prof.win_rate(s, &[y]));
        le(&lower, &wr, || {
            ("lower".into(), format!("WR_k,1(x, {})", prof.names[y]))
        })?;
    }
    // Dual: WR_{k,1}(S, σ) ≤ upper for every k-multiset S. For user u with best tier b among S
    // (c positions there), the opponent's expected share is σ(above b) + σ(tier b)/(c+1). All
    // in integers: ω = cw/Σcw, σ = s/D, scaled by Λ = lcm(1..=k+1).
    let cw = CommonDen::new(&prof.omega);
    let sd = CommonDen::new(&sigma);
    let lam = (1..=k + 1).fold(BigInt::from(1u8), |a, b| lcm(&a, &BigInt::from(b)));
    let lam_over: Vec<BigInt> = (1..=k + 1).map(|c| &lam / BigInt::from(c)).collect();
    let mut tiers = Vec::new();
    for rank in &prof.rank {
        let nt = rank.iter().max().map_or(1, |t| t + 1);
        let mut at = vec![BigInt::from(0u8); nt];
        for (y, &t) in rank.iter().enumerate() {
            at[t] += &sd.nums[y];
        }
        let above: Vec<BigInt> = (0..nt).map(|t| at[..t].iter().sum()).collect();
        tiers.push((at, above));
    }
    let scale = Q::from_integer(&lam * &sd.den * &cw.den);
    let threshold = (one() - &upper) * &scale;
    let mut s = vec![0usize; k];
    loop {
        let mut total = BigInt::from(0u8);
        for ((rank, w), (at, above)) in prof.rank.iter().zip(&cw.nums).zip(&tiers) {
            let b = s.iter().map(|&y| rank[y]).min().unwrap_or(0);
            let cnt = s.iter().filter(|&&y| rank[y] == b).count();
            // lam_over[cnt] = Λ/(cnt+1), cnt ≤ k.
            let share = &lam * &above[b] + &lam_over[cnt.min(k)] * &at[b];
            total += w * share;
        }
        let total = Q::from_integer(total);
        if total < threshold {
            let wr = one() - total / &scale;
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
        format!("v*_{k} = {}", show(&lower))
    } else {
        format!("{} ≤ v*_{k} ≤ {}", show(&lower), show(&upper))
    };
    Ok((
        Some(k),
        format!("{what}: {count} multisets checked against σ"),
    ))
}
