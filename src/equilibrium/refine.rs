//! High-precision refinement of a float zero of a support system (docs/THEORY.md §10): a chord
//! iteration `x ← x − C·F(x)` with the `f64` inverse Jacobian `C`, on big fixed-point numbers.
//! Truncated arithmetic; the refined point is only a candidate that the caller verifies exactly.

use crate::number::{IBig, Q, from_f64_exact};
use dashu_int::ops::{Abs, BitTest};

use super::boxes::precond_rational;
use super::game::EqGame;
use super::search::Candidate;

/// Chord iteration `x ← x − C·F(x)` in fixed point (`precision + 32` bits, `C` the float inverse
/// Jacobian). Returns the free coordinates rounded to `precision` bits (integers over
/// `2^precision`), or `None` if the iteration does not converge.
pub(super) fn refine(g: &EqGame, k: usize, c: &Candidate, precision: usize) -> Option<Vec<IBig>> {
    let w = precision + 32;
    let free: Vec<usize> = c
        .support
        .iter()
        .copied()
        .filter(|&s| s != c.basis)
        .collect();
    let d = free.len();
    let one = IBig::ONE << w;
    let to_fixed = |x: f64| -> IBig {
        let q = from_f64_exact(x).unwrap_or(Q::ZERO) * Q::from(one.clone());
        q.round()
    };
    let mut x: Vec<IBig> = free.iter().map(|&s| to_fixed(c.pi[s])).collect();
    // Preconditioner as integers over 2^cs.
    let cq = precond_rational(&c.cinv);
    let flat: Vec<Q> = cq.iter().flatten().cloned().collect();
    let cd = crate::number::CommonDen::new(&flat);
    let cs = cd.den.bit_len() - 1; // den is a power of two
    let cn: Vec<&[IBig]> = cd.nums.chunks(d.max(1)).collect();
    let scale = IBig::from(k + 1) * &g.ctot;
    let mut prev = None::<IBig>;
    let mut support_set = c.support.clone();
    support_set.sort_unstable();
    let bpos = support_set.iter().position(|&s| s == c.basis)?;
    let fpos: Vec<usize> = free
        .iter()
        .map(|&s| {
            support_set
                .iter()
                .position(|&t| t == s)
                .expect("in support")
        })
        .collect();
    let tiny = IBig::ONE << 16usize; // 2^-(w−16) = 2^-(precision+16)
    for _ in 0..200 {
        let mut pi = vec![IBig::ZERO; g.m];
        let mut sum = IBig::ZERO;
        for (i, &s) in free.iter().enumerate() {
            pi[s] = x[i].clone();
            sum += &x[i];
        }
        pi[c.basis] = &one - &sum;
        let sg = g.weighted_g_fixed(&pi, k, w, &support_set);
        let f: Vec<IBig> = fpos
            .iter()
            .map(|&i| (&sg[i] - &sg[bpos]) / &scale)
            .collect();
        let mut nrm = IBig::ZERO;
        for i in 0..d {
            let delta: IBig = (0..d).map(|j| &cn[i][j] * &f[j]).sum::<IBig>() >> cs;
            let a = delta.clone().abs();
            if a > nrm {
                nrm = a;
            }
            x[i] -= delta;
        }
        if nrm <= tiny {
            return Some(x.into_iter().map(|v| round_shift(v, 32)).collect());
        }
        if let Some(p) = &prev
            && nrm > (p >> 1usize)
            && nrm > tiny
        {
            // Not contracting: stop (the f64 preconditioner is too poor here).
            return None;
        }
        prev = Some(nrm);
    }
    None
}

fn round_shift(v: IBig, s: usize) -> IBig {
    (v + (IBig::ONE << (s - 1))) >> s
}
