//! The Krawczyk test of an equilibrium box in outward-rounded ball arithmetic (docs/THEORY.md
//! §10.1), for large k where the exact test of [`super::certify::check_box`] is too
//! expensive (its integers grow like D^k).
//!
//! The statement proved is the same as in `certify.rs` (positivity, Krawczyk inclusion, the
//! off-support inequalities over the whole box, except that responses weakly dominated by a
//! support response are exempt, not only clones, and so are responses passing the face test of
//! `face.rs`, docs/THEORY.md §10.2); only the arithmetic differs: every quantity is a
//! [`Ball`] that encloses the exact value, so "the upper end of a ball is below a bound" proves
//! that the exact value is. The box must have dyadic bounds (centres and radii are then exact
//! dyadics, so `X − x̃ = [−ρ, ρ]` exactly).
//!
//! Cost: `U_k(y, π)` depends on a user only through the pair (support responses at or below y's
//! tier, support responses strictly below); each distinct pair is evaluated once, by the
//! recurrence `G_j = a·G_{j−1} + l^j` (never the division `(a^{k+1} − l^{k+1})/(a − l)`, which
//! loses everything when a ≈ l), in O(k) ball operations of `prec`-bit mantissas.

use std::collections::HashMap;

use crate::ball::{Ball, Mag, dyadic_lt, dyadic_q, upper_le};
use crate::instance::Instance;
use crate::number::{IBig, Q};
use dashu_int::ops::BitTest;

use super::certify::EqBox;
use super::face::face_exempt;
use super::game::EqGame;

/// Bits of ball midpoints used by the solver for a box of radius about `2^-precision`.
pub fn ball_precision_for(precision: usize, k: usize) -> u32 {
    (precision + 40 + usize::BITS as usize - k.leading_zeros() as usize) as u32
}

/// `(G, ∂G/∂a, ∂G/∂l)` of `G(a, l) = Σ_{j=0..k} a^j l^(k−j)` over balls (derivatives only when
/// `derivs`).
pub fn g3_ball(a: &Ball, l: &Ball, k: usize, prec: u32, derivs: bool) -> (Ball, Ball, Ball) {
    let mut g = Ball::int(IBig::ONE);
    let mut ga = Ball::zero();
    let mut gl = Ball::zero();
    let mut lp_prev = Ball::int(IBig::ONE);
    for j in 1..=k {
        let lp = lp_prev.mul(l, prec);
        if derivs {
            let nga = g.add(&a.mul(&ga, prec), prec);
            gl = a
                .mul(&gl, prec)
                .add(&lp_prev.mul_int(&IBig::from(j), prec), prec);
            ga = nga;
        }
        g = a.mul(&g, prec).add(&lp, prec);
        lp_prev = lp;
    }
    (g, ga, gl)
}

/// A set of responses as a bit mask (the key of a user/tier pair).
type Mask = Vec<u64>;

fn mask_of(ys: impl Iterator<Item = usize>, m: usize) -> Mask {
    let mut v = vec![0u64; m.div_ceil(64)];
    for y in ys {
        v[y / 64] |= 1 << (y % 64);
    }
    v
}

fn in_mask(mask: &Mask, y: usize) -> bool {
    mask[y / 64] >> (y % 64) & 1 == 1
}

/// Upper bounds of `U_k(y, π) − 1/(k+1)` for a rational distribution `pi`, evaluated in ball
/// arithmetic; returns the largest (≥ the exact ε(π), and ≥ 0), rounded up to a multiple of
/// 2^-(prec−16) plus one such unit: a checker that encloses the payoffs in its own arithmetic,
/// with errors below that unit, then finds the bound holds (docs/THEORY.md §10.1).
pub fn exploitability_upper(inst: &Instance, k: usize, pi: &[Q], prec: u32) -> Q {
    let g = EqGame::from_instance(inst);
    let m = g.m;
    let support: Vec<usize> = (0..m).filter(|&y| pi[y] > Q::ZERO).collect();
    let balls: Vec<Ball> = pi.iter().map(|x| Ball::rational(x, prec)).collect();
    let mut cache: HashMap<(Mask, Mask), Ball> = HashMap::new();
    let mut sums = vec![Ball::zero(); m];
    for (u, ranks) in g.ranks.iter().enumerate() {
        for (y, sum) in sums.iter_mut().enumerate() {
            let t = ranks[y];
            let a = mask_of(support.iter().copied().filter(|&z| ranks[z] >= t), m);
            let l = mask_of(support.iter().copied().filter(|&z| ranks[z] > t), m);
            let gv = cache.entry((a, l)).or_insert_with_key(|(a, l)| {
                let mass = |mk: &Mask| {
                    support
                        .iter()
                        .filter(|&&z| in_mask(mk, z))
                        .fold(Ball::zero(), |acc, &z| acc.add(&balls[z], prec))
                };
                g3_ball(&mass(a), &mass(l), k, prec, false).0
            });
            *sum = sum.add(&gv.mul_int(&g.c[u], prec), prec);
        }
    }
    // U_k(y) − 1/(k+1) = (Σ_u c_u G − C) / ((k+1)·C); take the largest upper end.
    let scale = Q::ONE / (Q::from(g.ctot.clone()) * Q::from(k + 1));
    let ctot = Ball::int(g.ctot.clone());
    let mut best = Q::ZERO;
    for s in &sums {
        let (n, e) = s.sub(&ctot, prec).upper();
        let v = dyadic_q(&n, e) * &scale;
        if v > best {
            best = v;
        }
    }
    let grid = Q::from(IBig::ONE << (prec as usize - 16));
    Q::from((best * &grid).floor() + IBig::from(2u8)) / grid
}

/// The dyadic `(n, e)` with `x = n·2^e`, if `x` is dyadic.
fn as_dyadic(x: &Q) -> Option<(IBig, i64)> {
    let d = x.denominator();
    dashu_int::ops::PowerOfTwo::is_power_of_two(d)
        .then(|| (x.numerator().clone(), -(d.bit_len() as i64 - 1)))
}

/// Runs the Krawczyk test of `bx` in ball arithmetic with `prec`-bit midpoints. `Ok(())` proves
/// that the box contains an exact symmetric equilibrium; `Err` names the first failing condition.
/// The shape of `bx` (support, basis, dimensions, off-support zeros, positivity of the free lower
/// bounds and the basis range) must already have been checked by `certify::check_shape`.
pub fn check_ball_box(inst: &Instance, k: usize, bx: &EqBox, prec: u32) -> Result<(), String> {
    let names = inst.responses();
    let free = bx.free();
    let d = free.len();
    let game = EqGame::from_instance(inst);
    let m = game.m;
    // Centres and radii of the free coordinates, exact dyadics.
    let mut mid = Vec::with_capacity(d);
    let mut rad = Vec::with_capacity(d);
    for &s in &free {
        let (lo, hi) = (&bx.lo[s], &bx.hi[s]);
        let two = Q::from(2u8);
        let (Some(c), Some(r)) = (
            as_dyadic(&((lo + hi) / &two)),
            as_dyadic(&((hi - lo) / two)),
        ) else {
            return Err(format!(
                "the bounds of π({}) are not dyadic (a ball box needs dyadic bounds)",
                names[s]
            ));
        };
        mid.push(c);
        rad.push(r);
    }
    let x_box: Vec<Ball> = mid
        .iter()
        .zip(&rad)
        .map(|((n, e), (rn, re))| Ball::with_rad(n.clone(), *e, Mag::of_int(rn, *re)))
        .collect();
    let x_mid: Vec<Ball> = mid
        .iter()
        .map(|(n, e)| Ball::dyadic(n.clone(), *e))
        .collect();
    let mut free_pos = vec![usize::MAX; m];
    for (i, &s) in free.iter().enumerate() {
        free_pos[s] = i;
    }
    // Off-support responses that need the enclosure: those not weakly dominated by a support
    // response s (every user ranks s at or above y). A dominated y has U_k(y, π) ≤ U_k(s, π) for
    // every π (its sets A and L are subsets of s's and G increases in both), so U_k(y, π*) ≤
    // 1/(k+1) holds without numerics; clones are the case of equal tiers.
    let off: Vec<usize> = (0..m)
        .filter(|y| !bx.support.contains(y))
        .filter(|&y| {
            !bx.support
                .iter()
                .any(|&s| game.ranks.iter().all(|r| r[s] <= r[y]))
        })
        .collect();
    // Mass of a set of support responses: Σ free x over the set, or 1 − Σ free x outside it when
    // the basis is in the set (the tight form: the basis is eliminated).
    let mass = |mk: &Mask, xs: &[Ball]| -> Ball {
        if in_mask(mk, bx.basis) {
            let out = free
                .iter()
                .enumerate()
                .filter(|&(_, &s)| !in_mask(mk, s))
                .fold(Ball::zero(), |acc, (i, _)| acc.add(&xs[i], prec));
            Ball::int(IBig::ONE).sub(&out, prec)
        } else {
            free.iter()
                .enumerate()
                .filter(|&(_, &s)| in_mask(mk, s))
                .fold(Ball::zero(), |acc, (i, _)| acc.add(&xs[i], prec))
        }
    };
    // Per response of interest: integer weight of each (A-set, L-set) key.
    let rows: Vec<usize> = bx.support.iter().chain(&off).copied().collect();
    let mut keys: HashMap<(Mask, Mask), usize> = HashMap::new();
    let mut weights: Vec<HashMap<usize, IBig>> = vec![HashMap::new(); rows.len()];
    for (u, ranks) in game.ranks.iter().enumerate() {
        for (row, &y) in rows.iter().enumerate() {
            let t = ranks[y];
            let a = mask_of(bx.support.iter().copied().filter(|&z| ranks[z] >= t), m);
            let l = mask_of(bx.support.iter().copied().filter(|&z| ranks[z] > t), m);
            let n = keys.len();
            let key = *keys.entry((a, l)).or_insert(n);
            *weights[row].entry(key).or_insert(IBig::ZERO) += &game.c[u];
        }
    }
    let mut key_list: Vec<(Mask, Mask)> = vec![(Vec::new(), Vec::new()); keys.len()];
    for (kk, i) in keys {
        key_list[i] = kk;
    }
    let r = bx.support.len();
    let need_deriv: Vec<bool> = (0..key_list.len())
        .map(|key| weights[..r].iter().any(|w| w.contains_key(&key)))
        .collect();
    // G at the centre (support rows) and (G, G_a, G_a + G_l) over the box.
    let evals: Vec<(Ball, Ball, Ball, Ball)> = key_list
        .iter()
        .zip(&need_deriv)
        .map(|((a, l), &deriv)| {
            let (ab, lb) = (mass(a, &x_box), mass(l, &x_box));
            let (g, ga, gl) = g3_ball(&ab, &lb, k, prec, deriv);
            let g_mid = if deriv {
                g3_ball(&mass(a, &x_mid), &mass(l, &x_mid), k, prec, false).0
            } else {
                Ball::zero()
            };
            let gal = ga.add(&gl, prec);
            (g_mid, g, ga, gal)
        })
        .collect();

    // Off-support: Σ c_u G over the box ≤ C, i.e. U_k(y, π) ≤ 1/(k+1) on the whole box.
    let ctot = Q::from(game.ctot.clone());
    for (o, &y) in off.iter().enumerate() {
        let s = weights[r + o].iter().fold(Ball::zero(), |acc, (key, w)| {
            acc.add(&evals[*key].1.mul_int(w, prec), prec)
        });
        if !upper_le(&s, &ctot) && face_exempt(&game, &bx.support, y, k).is_none() {
            return Err(format!(
                "off-support response `{}` is not shown to have U_k ≤ 1/(k+1) over the box \
                 (ball arithmetic, {prec} bits)",
                names[y]
            ));
        }
    }
    if d == 0 {
        return Ok(());
    }
    // S[i] = Σ c G at the centre, H[i][j] ⊇ Σ c ∂G/∂π(s_j) over the box (support rows).
    let mut s_mid = vec![Ball::zero(); r];
    let mut h = vec![vec![Ball::zero(); r]; r];
    for i in 0..r {
        for (key, w) in &weights[i] {
            let (gm, _, ga, gal) = &evals[*key];
            s_mid[i] = s_mid[i].add(&gm.mul_int(w, prec), prec);
            let (am, lm) = &key_list[*key];
            let (wa, wal) = (ga.mul_int(w, prec), gal.mul_int(w, prec));
            for (j, &z) in bx.support.iter().enumerate() {
                if in_mask(lm, z) {
                    h[i][j] = h[i][j].add(&wal, prec);
                } else if in_mask(am, z) {
                    h[i][j] = h[i][j].add(&wa, prec);
                }
            }
        }
    }
    let spos = |y: usize| bx.support.iter().position(|&s| s == y).unwrap_or(0);
    let bi = spos(bx.basis);
    let fidx: Vec<usize> = free.iter().map(|&s| spos(s)).collect();
    let scale = Ball::rational(&(Q::ONE / (ctot * Q::from(k + 1))), prec);
    let f: Vec<Ball> = fidx
        .iter()
        .map(|&p| s_mid[p].sub(&s_mid[bi], prec).mul(&scale, prec))
        .collect();
    let jac: Vec<Vec<Ball>> = fidx
        .iter()
        .map(|&p| {
            fidx.iter()
                .map(|&q| {
                    h[p][q]
                        .sub(&h[p][bi], prec)
                        .sub(&h[bi][q], prec)
                        .add(&h[bi][bi], prec)
                        .mul(&scale, prec)
                })
                .collect()
        })
        .collect();
    let c: Vec<Vec<Ball>> = bx
        .precond
        .iter()
        .map(|row| row.iter().map(|x| Ball::rational(x, prec)).collect())
        .collect();
    for i in 0..d {
        let cf = (0..d).fold(Ball::zero(), |acc, l| {
            acc.add(&c[i][l].mul(&f[l], prec), prec)
        });
        let mut t = cf.mag();
        for j in 0..d {
            let delta = Ball::int(IBig::from(u8::from(i == j)));
            let cj = (0..d).fold(Ball::zero(), |acc, l| {
                acc.add(&c[i][l].mul(&jac[l][j], prec), prec)
            });
            let (rn, re) = &rad[j];
            t = t.plus(delta.sub(&cj, prec).mag().times(Mag::of_int(rn, *re)));
        }
        let (tn, te) = t.dyadic();
        let (rn, re) = &rad[i];
        if !dyadic_lt(&tn, te, rn, *re) {
            return Err(format!(
                "Krawczyk test (ball arithmetic, {prec} bits) fails for coordinate π({}): K(X) is \
                 not inside the box",
                names[free[i]]
            ));
        }
    }
    Ok(())
}
