//! High-precision Newton with a high-precision Jacobian, and an active-set search that decides
//! support changes in high precision.
//!
//! The `f64` search can be fooled when the payoffs that separate two supports differ by less
//! than `f64` resolution (for instance masses of order 10^-2 raised to the power k = 8). This
//! module repeats the search in big fixed-point arithmetic (`2^-w` resolution): Newton steps use
//! the full Jacobian computed and inverted at that precision, a support coordinate is dropped
//! when it goes below `−2^-d`, an off-support response enters when its payoff exceeds `1/(k+1)`
//! by more than `2^-d` (d = precision/2 first; `solve` retries with d = precision − 32 for
//! near-degenerate equilibria, where a support mass μ ≈ 10^-5 makes an off-support payoff exceed
//! `1/(k+1)` by only about μ^k). Nothing here is trusted: the result is a
//! candidate that `solve` then verifies exactly or certifies with the Krawczyk test.

use crate::number::{IBig, Q, UBig, from_f64_exact};
use dashu_int::ops::Abs;

use super::game::EqGame;

/// A refined zero of a support system and the preconditioner for its certificate.
#[derive(Debug, Clone)]
pub(crate) struct HpPoint {
    /// Support (indices of the collapsed game), increasing.
    pub support: Vec<usize>,
    pub basis: usize,
    /// Free coordinates (support without basis, in order) as integers over `2^precision`.
    pub x: Vec<IBig>,
    /// Approximate inverse Jacobian of `F_s = U_k(s) − U_k(b)` (rational).
    pub precond: Vec<Vec<Q>>,
}

impl HpPoint {
    /// The free coordinates: the support without its basis, in order.
    pub fn free(&self) -> Vec<usize> {
        (self.support.iter().copied())
            .filter(|&s| s != self.basis)
            .collect()
    }
}

/// `(G, ∂G/∂a, ∂G/∂l)` in fixed point with `w` fractional bits.
fn g3_fixed(a: &IBig, l: &IBig, k: usize, w: usize) -> (IBig, IBig, IBig) {
    let one = IBig::ONE << w;
    let mut g = one.clone();
    let mut ga = IBig::ZERO;
    let mut gl = IBig::ZERO;
    let mut lp_prev = one;
    for j in 1..=k {
        let lp = (&lp_prev * l) >> w;
        let ng = ((a * &g) >> w) + &lp;
        let nga = &g + ((a * &ga) >> w);
        let ngl = ((a * &gl) >> w) + &lp_prev * IBig::from(j);
        g = ng;
        ga = nga;
        gl = ngl;
        lp_prev = lp;
    }
    (g, ga, gl)
}

/// `s[y] = Σ_u c_u G_u(y)` for every response and `h[i][j] = ∂s[set_i]/∂π(set_j)`, in fixed
/// point (`pi` holds `π·2^w`; negative entries are allowed, the formula is a polynomial).
fn eval_fixed(
    g: &EqGame,
    pi: &[IBig],
    k: usize,
    w: usize,
    set: &[usize],
) -> (Vec<IBig>, Vec<Vec<IBig>>) {
    let d = set.len();
    let mut s = vec![IBig::ZERO; g.m];
    let mut h = vec![vec![IBig::ZERO; d]; d];
    for (u, ranks) in g.ranks.iter().enumerate() {
        let tiers = g.tiers[u];
        let mut suffix = Vec::new();
        crate::game::payoff::suffix_masses(ranks, pi, &mut suffix);
        let cu = &g.c[u];
        let vals: Vec<(IBig, IBig, IBig)> = (0..tiers)
            .map(|t| {
                let (gg, ga, gl) = g3_fixed(&suffix[t], &suffix[t + 1], k, w);
                let ga = cu * ga;
                let gal = &ga + cu * gl;
                (cu * gg, ga, gal)
            })
            .collect();
        for (y, &r) in ranks.iter().enumerate() {
            s[y] += &vals[r as usize].0;
        }
        for (i, &y) in set.iter().enumerate() {
            let ty = ranks[y];
            let (_, ga, gal) = &vals[ty as usize];
            for (j, &z) in set.iter().enumerate() {
                let tz = ranks[z];
                if tz > ty {
                    h[i][j] += gal;
                } else if tz == ty {
                    h[i][j] += ga;
                }
            }
        }
    }
    (s, h)
}

/// Gauss–Jordan inverse in fixed point (entries are reals times `2^w`); `None` if a pivot
/// vanishes.
fn inverse_fixed(a: &[Vec<IBig>], w: usize) -> Option<Vec<Vec<IBig>>> {
    let d = a.len();
    let mut a: Vec<Vec<IBig>> = a.to_vec();
    let mut inv: Vec<Vec<IBig>> = (0..d)
        .map(|i| {
            (0..d)
                .map(|j| if i == j { IBig::ONE << w } else { IBig::ZERO })
                .collect()
        })
        .collect();
    for col in 0..d {
        let p = (col..d).max_by_key(|&r| a[r][col].clone().abs())?;
        if a[p][col] == IBig::ZERO {
            return None;
        }
        a.swap(col, p);
        inv.swap(col, p);
        let piv = a[col][col].clone();
        for j in 0..d {
            a[col][j] = (&a[col][j] << w) / &piv;
            inv[col][j] = (&inv[col][j] << w) / &piv;
        }
        for r in 0..d {
            if r == col || a[r][col] == IBig::ZERO {
                continue;
            }
            let f = a[r][col].clone();
            for j in 0..d {
                let da = (&f * &a[col][j]) >> w;
                a[r][j] -= da;
                let di = (&f * &inv[col][j]) >> w;
                inv[r][j] -= di;
            }
        }
    }
    Some(inv)
}

fn max_abs(v: &[IBig]) -> IBig {
    v.iter()
        .map(|x| x.clone().abs())
        .max()
        .unwrap_or(IBig::ZERO)
}

struct Newton {
    pi: Vec<IBig>,
    basis: usize,
    inv: Vec<Vec<IBig>>,
}

/// Damped Newton on the support system with the fixed-point Jacobian; converged when the step
/// is below `2^-(precision+8)`.
fn newton_fixed(
    g: &EqGame,
    k: usize,
    w: usize,
    precision: usize,
    support: &[usize],
    start: &[IBig],
) -> Option<Newton> {
    let one = IBig::ONE << w;
    let basis = *support.iter().max_by_key(|&&s| start[s].clone())?;
    let bi = support.iter().position(|&s| s == basis)?;
    let free: Vec<usize> = (0..support.len()).filter(|&i| i != bi).collect();
    let mut pi = vec![IBig::ZERO; g.m];
    for &s in support {
        pi[s] = start[s].clone();
    }
    let set_basis = |pi: &mut Vec<IBig>| {
        let sum: IBig = free.iter().map(|&i| pi[support[i]].clone()).sum();
        pi[basis] = &one - sum;
    };
    set_basis(&mut pi);
    let system = |pi: &[IBig]| -> (Vec<IBig>, Vec<Vec<IBig>>) {
        let (s, h) = eval_fixed(g, pi, k, w, support);
        let f: Vec<IBig> = free.iter().map(|&i| &s[support[i]] - &s[basis]).collect();
        let j: Vec<Vec<IBig>> = free
            .iter()
            .map(|&i| {
                free.iter()
                    .map(|&l| &h[i][l] - &h[i][bi] - &h[bi][l] + &h[bi][bi])
                    .collect()
            })
            .collect();
        (f, j)
    };
    let tiny = IBig::ONE << (w - precision - 8);
    let (mut f, mut jac) = system(&pi);
    let mut nf = max_abs(&f);
    for _ in 0..100 {
        let inv = inverse_fixed(&jac, w)?;
        let delta: Vec<IBig> = inv
            .iter()
            .map(|row| row.iter().zip(&f).map(|(c, v)| c * v).sum::<IBig>() >> w)
            .collect();
        let nd = max_abs(&delta);
        if nd <= tiny {
            for (&i, d) in free.iter().zip(&delta) {
                pi[support[i]] -= d;
            }
            set_basis(&mut pi);
            return Some(Newton { pi, basis, inv });
        }
        let mut shift = 0usize;
        loop {
            let mut trial = pi.clone();
            for (&i, d) in free.iter().zip(&delta) {
                trial[support[i]] -= d >> shift;
            }
            set_basis(&mut trial);
            let (tf, tj) = system(&trial);
            let tn = max_abs(&tf);
            if tn < nf || (shift == 0 && tn == nf) {
                pi = trial;
                f = tf;
                jac = tj;
                nf = tn;
                break;
            }
            shift += 1;
            if shift > 30 {
                return None;
            }
        }
    }
    None
}

/// High-precision active-set search started from an `f64` support and point. Support decisions
/// are taken at resolution `2^-decide` (a coordinate below `−2^-decide` leaves, a response
/// whose payoff exceeds `1/(k+1)` by more than that enters, relative to the total weight).
pub(crate) fn hp_active_set(
    g: &EqGame,
    k: usize,
    support0: &[usize],
    pi0: &[f64],
    precision: usize,
    decide: usize,
) -> Option<HpPoint> {
    let w = precision + 64;
    let one = IBig::ONE << w;
    let to_fixed = |x: f64| -> IBig {
        (from_f64_exact(x.max(0.0)).unwrap_or(Q::ZERO) * Q::from(one.clone())).round()
    };
    let start0: Vec<IBig> = pi0.iter().map(|&x| to_fixed(x)).collect();
    let thresh = IBig::ONE << (w - decide.min(precision));
    let viol_thresh = &g.ctot * &thresh;
    let cap = &g.ctot * &one;
    let clip =
        |pi: &[IBig]| -> Vec<IBig> { pi.iter().map(|v| v.clone().max(IBig::ZERO)).collect() };
    let mut visited = std::collections::HashSet::new();
    // Depth-first search over supports with backtracking when a system is singular.
    let mut stack: Vec<(Vec<usize>, Vec<IBig>)> = vec![(support0.to_vec(), start0)];
    let mut budget = 2 * g.m + 12;
    while let Some((mut support, start)) = stack.pop() {
        support.sort_unstable();
        if support.len() < 2 || !visited.insert(support.clone()) {
            continue;
        }
        if budget == 0 {
            return None;
        }
        budget -= 1;
        let nt = newton_fixed(g, k, w, precision, &support, &start);
        let Some(nt) = nt else {
            // Singular or not convergent: try removing each response, smallest mass first.
            let mut order = support.clone();
            order.sort_by_key(|&s| std::cmp::Reverse(start[s].clone()));
            for y in order {
                let smaller: Vec<usize> = support.iter().copied().filter(|&s| s != y).collect();
                stack.push((smaller, start.clone()));
            }
            continue;
        };
        let pi = nt.pi;
        let ymin = *support.iter().min_by_key(|&&s| pi[s].clone())?;
        if pi[ymin] < -thresh.clone() {
            let smaller: Vec<usize> = support.iter().copied().filter(|&s| s != ymin).collect();
            stack.push((smaller, clip(&pi)));
            continue;
        }
        let (s, _) = eval_fixed(g, &pi, k, w, &[]);
        let entrant = (0..g.m)
            .filter(|y| !support.contains(y))
            .max_by_key(|&y| s[y].clone());
        if let Some(y) = entrant
            && &s[y] - &cap > viol_thresh
        {
            let mut grown = support.clone();
            grown.push(y);
            let mut st = clip(&pi);
            st[y] = IBig::ONE << (w - 12);
            stack.push((grown, st));
            continue;
        }
        if pi[ymin] < thresh && support.len() > 2 {
            // Degenerate: a support coordinate is (nearly) zero; prefer the smaller support.
            let smaller: Vec<usize> = support.iter().copied().filter(|&s| s != ymin).collect();
            if !visited.contains(&smaller)
                && let Some(p2) =
                    hp_active_set_point(g, k, w, precision, decide, &smaller, &clip(&pi))
            {
                return Some(p2);
            }
        }
        return Some(point(g, k, w, precision, &support, nt.basis, &pi, &nt.inv));
    }
    None
}

/// Newton on a fixed support and acceptance test only (used for the degenerate case).
fn hp_active_set_point(
    g: &EqGame,
    k: usize,
    w: usize,
    precision: usize,
    decide: usize,
    support: &[usize],
    start: &[IBig],
) -> Option<HpPoint> {
    let nt = newton_fixed(g, k, w, precision, support, start)?;
    let thresh = IBig::ONE << (w - decide.min(precision));
    if support.iter().any(|&s| nt.pi[s] < thresh) {
        return None;
    }
    let (s, _) = eval_fixed(g, &nt.pi, k, w, &[]);
    let cap = &g.ctot << w;
    if (0..g.m)
        .filter(|y| !support.contains(y))
        .any(|y| s[y] > cap)
    {
        return None;
    }
    Some(point(
        g, k, w, precision, support, nt.basis, &nt.pi, &nt.inv,
    ))
}

#[allow(clippy::too_many_arguments)]
fn point(
    g: &EqGame,
    k: usize,
    w: usize,
    precision: usize,
    support: &[usize],
    basis: usize,
    pi: &[IBig],
    inv: &[Vec<IBig>],
) -> HpPoint {
    let shift = w - precision;
    let half = IBig::ONE << (shift - 1);
    let x: Vec<IBig> = support
        .iter()
        .filter(|&&s| s != basis)
        .map(|&s| (&pi[s] + &half) >> shift)
        .collect();
    // C_U = (k+1)·C·inverse of the c-weighted Jacobian (entries over 2^w).
    let scale = IBig::from(k + 1) * &g.ctot;
    let den = UBig::ONE << w;
    let precond = inv
        .iter()
        .map(|row| {
            row.iter()
                .map(|v| Q::from_parts(v * &scale, den.clone()))
                .collect()
        })
        .collect();
    HpPoint {
        support: support.to_vec(),
        basis,
        x,
        precond,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_inverse_matches() {
        let w = 80;
        let one = IBig::ONE << w;
        let a = vec![
            vec![one.clone() * IBig::from(2), one.clone()],
            vec![one.clone(), one.clone() * IBig::from(3)],
        ];
        let inv = inverse_fixed(&a, w).unwrap();
        // inverse of [[2,1],[1,3]] is [[3,-1],[-1,2]]/5
        let exp = [[0.6, -0.2], [-0.2, 0.4]];
        for i in 0..2 {
            for j in 0..2 {
                let v = crate::number::to_f64(&Q::from_parts(inv[i][j].clone(), UBig::ONE << w));
                assert!((v - exp[i][j]).abs() < 1e-15);
            }
        }
    }
}
