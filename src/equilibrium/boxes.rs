//! Building the box certificate of a refined point (docs/THEORY.md §10): the box `x̃ ± 2^-e` on
//! the free support coordinates, mapped back to the original instance's responses, with the float
//! inverse Jacobian rounded to exact dyadic rationals as the Krawczyk preconditioner. Nothing here
//! is trusted; [`super::check_box`] decides.

use crate::number::{IBig, Q, UBig};

use super::certify::EqBox;

/// The `f64` inverse Jacobian as exact dyadic rationals (64 significant bits of the largest
/// entry).
pub(super) fn precond_rational(cinv: &[Vec<f64>]) -> Vec<Vec<Q>> {
    let max = cinv.iter().flatten().fold(0.0f64, |a, x| a.max(x.abs()));
    let e = if max > 0.0 && max.is_finite() {
        max.log2().ceil() as i32
    } else {
        0
    };
    let s = 62 - e; // entries scaled by 2^s fit in i64
    cinv.iter()
        .map(|row| {
            row.iter()
                .map(|&x| {
                    let v = (x * 2f64.powi(s)).round();
                    let n = if v.is_finite() { v as i64 } else { 0 };
                    if s >= 0 {
                        Q::from_parts(IBig::from(n), UBig::ONE << s as usize)
                    } else {
                        Q::from(IBig::from(n) << (-s) as usize)
                    }
                })
                .collect()
        })
        .collect()
}

/// The box `x̃ ± 2^-e` (free coordinates) in the original instance's coordinates.
#[allow(clippy::too_many_arguments)]
pub(super) fn make_box(
    x: &[IBig],
    free: &[usize],
    basis: usize,
    support: &[usize],
    reps: &[usize],
    m: usize,
    precision: usize,
    e: usize,
    precond: &[Vec<Q>],
) -> EqBox {
    let den = UBig::ONE << precision;
    let r = Q::from_parts(IBig::ONE, UBig::ONE << e);
    let mut lo = vec![Q::ZERO; m];
    let mut hi = vec![Q::ZERO; m];
    let mut sum_lo = Q::ZERO;
    let mut sum_hi = Q::ZERO;
    for (i, &s) in free.iter().enumerate() {
        let v = Q::from_parts(x[i].clone(), den.clone());
        let l = &v - &r;
        let h = &v + &r;
        sum_lo += &l;
        sum_hi += &h;
        lo[reps[s]] = l;
        hi[reps[s]] = h;
    }
    lo[reps[basis]] = Q::ONE - sum_hi;
    hi[reps[basis]] = Q::ONE - sum_lo;
    EqBox {
        lo,
        hi,
        support: support.iter().map(|&s| reps[s]).collect(),
        basis: reps[basis],
        precond: precond.to_vec(),
        ball_precision: None,
        touching: None,
        segment: None,
    }
}
