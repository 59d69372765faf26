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
    let one = IBig::ONE << (precision + 32);
    let to_fixed = |x: f64| -> IBig {
        let q = from_f64_exact(x).unwrap_or(Q::ZERO) * Q::from(one.clone());
        q.round()
    };
    let x: Vec<IBig> = (c.support.iter())
        .filter(|&&s| s != c.basis)
        .map(|&s| to_fixed(c.pi[s]))
        .collect();
    let mut support = c.support.clone();
    support.sort_unstable();
    let cq = precond_rational(&c.cinv);
    chord(g, k, &support, c.basis, x, &cq, precision, None)
}

/// The chord iteration from `x` (free coordinates over `2^(precision + 32)`) for the support
/// system of `support` (increasing) with basis `basis` and preconditioner `cq` (dyadic). With
/// `extra = Some((y, t))` the off-support response y keeps the mass `t·2^-precision`, so the
/// basis gets `1 − Σ x − t` (the end point of a touching box, docs/THEORY.md §10.3).
#[allow(clippy::too_many_arguments)]
pub(super) fn chord(
    g: &EqGame,
    k: usize,
    support: &[usize],
    basis: usize,
    mut x: Vec<IBig>,
    cq: &[Vec<Q>],
    precision: usize,
    extra: Option<(usize, &IBig)>,
) -> Option<Vec<IBig>> {
    let w = precision + 32;
    let free: Vec<usize> = support.iter().copied().filter(|&s| s != basis).collect();
    let d = free.len();
    let one = IBig::ONE << w;
    // Preconditioner as integers over 2^cs.
    let flat: Vec<Q> = cq.iter().flatten().cloned().collect();
    let cd = crate::number::CommonDen::new(&flat);
    let cs = cd.den.bit_len() - 1; // den is a power of two
    let cn: Vec<&[IBig]> = cd.nums.chunks(d.max(1)).collect();
    let scale = IBig::from(k + 1) * &g.ctot;
    let mut prev = None::<IBig>;
    let bpos = support.iter().position(|&s| s == basis)?;
    let fpos: Vec<usize> = (free.iter())
        .map(|&s| support.iter().position(|&t| t == s).expect("in support"))
        .collect();
    let tiny = IBig::ONE << 16usize; // 2^-(w−16) = 2^-(precision+16)
    for _ in 0..200 {
        let mut pi = vec![IBig::ZERO; g.m];
        let mut sum = IBig::ZERO;
        for (i, &s) in free.iter().enumerate() {
            pi[s] = x[i].clone();
            sum += &x[i];
        }
        if let Some((y, t)) = extra {
            pi[y] = t << 32usize;
            sum += &pi[y];
        }
        pi[basis] = &one - &sum;
        let sg = g.weighted_g_fixed(&pi, k, w, support);
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
