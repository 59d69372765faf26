//! Rational reconstruction (docs/THEORY.md §4): the simplest rationals near a refined point, as a
//! candidate exact equilibrium. The caller verifies the candidate exactly; nothing here is trusted.

use crate::number::{IBig, Q, UBig};
use dashu_int::ops::BitTest;

/// The simplest rationals within 2^-(precision/2) of the refined coordinates; `None` when they
/// need more than precision/4 bits (then the zero is most likely irrational).
pub(super) fn reconstruct(
    x: &[IBig],
    free: &[usize],
    basis: usize,
    m: usize,
    precision: usize,
) -> Option<Vec<Q>> {
    let den = UBig::ONE << precision;
    let tol = Q::from_parts(IBig::ONE, UBig::ONE << (precision / 2));
    let mut pi = vec![Q::ZERO; m];
    let mut total = Q::ZERO;
    for (i, &s) in free.iter().enumerate() {
        let v = Q::from_parts(x[i].clone(), den.clone());
        let r = Q::simplest_in(&v - &tol, &v + &tol);
        if r.denominator().bit_len() > precision / 4 {
            return None;
        }
        total += &r;
        pi[s] = r;
    }
    pi[basis] = Q::ONE - total;
    Some(pi)
}
