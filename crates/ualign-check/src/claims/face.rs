//! The face exemption of an off-support response in a certified box (docs/THEORY.md §10.2),
//! re-derived from the instance alone: y is exempt if some support s and real λ have
//! `W(y, γ) − 1/(k+1) ≤ λ·(W(s, γ) − 1/(k+1))` for every k-multiset γ of the support (W: the
//! expected share in the presentation (y, γ)); the λ that work form an interval. Or if
//! `W(y, ·) − 1/(k+1) = Σ_s λ_s·(W(s, ·) − 1/(k+1))` for some real λ_s (a consistent system).

use std::collections::{BTreeMap, BTreeSet};

use num_bigint::BigInt;

use crate::number::{CommonDen, Q};
use crate::profile::Profile;

/// Largest (multisets × user orders on S ∪ {y}) examined, as in the solver (`face.rs`).
pub const FACE_MAX_WORK: u128 = 1_000_000;

/// Whether y is exempt for the box with support `support` (see the module docs).
pub fn exempt(prof: &Profile, support: &[usize], y: usize, k: usize) -> bool {
    let r = support.len();
    let mut orders: BTreeMap<Vec<usize>, Q> = BTreeMap::new(); // dense tiers on S ∪ {y}, merged
    for (w, rank) in prof.omega.iter().zip(&prof.rank) {
        let cols: Vec<usize> = support.iter().chain([&y]).map(|&z| rank[z]).collect();
        let tiers: BTreeSet<usize> = cols.iter().copied().collect();
        let dense = cols.iter().map(|t| tiers.range(..t).count()).collect();
        *orders.entry(dense).or_insert_with(crate::number::zero) += w;
    }
    // orders × C(r + k − 1, k), the number of multisets (each step divides exactly).
    let n = orders.len() as u128;
    let work = (0..k as u128).try_fold(n, |c, i| Some(c.checked_mul(r as u128 + i)? / (i + 1)));
    if r == 0 || work.is_none_or(|w| w > FACE_MAX_WORK) {
        return false;
    }
    // ω_u = n_u / D; shares times D·(k+1)! are integers.
    let (ranks, omegas): (Vec<Vec<usize>>, Vec<Q>) = orders.into_iter().unzip();
    let den = CommonDen::new(&omegas);
    let fact: BigInt = (1..=k + 1).map(BigInt::from).product();
    let third = &den.den * &fact / BigInt::from(k + 1);
    let zero = BigInt::from(0u8);
    let mut ends: Vec<(Option<Q>, Option<Q>, bool)> = vec![(None, None, true); r]; // λ ∈ [lo, hi]
    let mut gamma = vec![0usize; k]; // a non-decreasing list of support positions
    let (mut span, mut consistent) = (Vec::<(usize, Vec<Q>)>::new(), true); // Σ λ_s a_s = b
    loop {
        let mut w = vec![zero.clone(); r + 1];
        for (rank, n) in ranks.iter().zip(&den.nums) {
            let top = gamma.iter().map(|&i| rank[i]).min().unwrap_or(usize::MAX);
            let ties = gamma.iter().filter(|&&i| rank[i] == top).count();
            for (z, wz) in w.iter_mut().enumerate() {
                if rank[z] <= top {
                    *wz += n * &fact / BigInt::from(if rank[z] < top { 1 } else { ties + 1 });
                }
            }
        }
        let b = &w[r] - &third;
        for ((lo, hi, ok), ws) in ends.iter_mut().zip(&w) {
            let a = ws - &third;
            if a == zero {
                *ok &= b <= zero;
            } else {
                let (end, q) = (
                    if a > zero { &mut *lo } else { &mut *hi },
                    Q::new(b.clone(), a.clone()),
                );
                *end = Some(match end.take() {
                    Some(e) if a > zero => e.max(q),
                    Some(e) => e.min(q),
                    None => q,
                });
            }
            *ok &= !matches!((&*lo, &*hi), (Some(l), Some(h)) if l > h);
        }
        if consistent {
            let mut row: Vec<Q> = w.iter().map(|x| Q::from_integer(x - &third)).collect();
            for (p, v) in &span {
                let f = row[*p].clone();
                row.iter_mut().zip(v).for_each(|(x, y)| *x -= &f * y);
            }
            match (0..r).find(|&i| row[i] != Q::from_integer(zero.clone())) {
                Some(p) => span.push((p, row.iter().map(|x| x / &row[p]).collect())),
                None => consistent = row[r] == Q::from_integer(zero.clone()),
            }
        }
        if ends.iter().all(|e| !e.2) && !consistent {
            return false;
        }
        // Next multiset: bump the last position that can grow, reset the tail to it.
        let Some(i) = (0..k).rev().find(|&i| gamma[i] + 1 < r) else {
            return true;
        };
        let v = gamma[i] + 1;
        gamma[i..].iter_mut().for_each(|g| *g = v);
    }
}
