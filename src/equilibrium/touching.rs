//! Touching boxes (docs/THEORY.md §10.3): equilibria where one off-support response y earns
//! exactly 1/(k+1), so that no box around the zero of the support system shows
//! `U_k(y, ·) ≤ 1/(k+1)`. The mass t = π(y) becomes a parameter in `[0, t_hi]`:
//!
//! 1. the main box X, with π(y) ∈ [0, t_hi], passes the Krawczyk test: for every t a unique zero
//!    x(t) of the support system lies in X, continuous in t;
//! 2. the end box X_hi ⊂ X, with π(y) = t_hi, passes it too (so it holds x(t_hi)) and shows
//!    `h = U_k(y, ·) − U_k(b, ·) < 0` over it;
//! 3. over X × [0, t_hi] every support coordinate is positive and every other off-support
//!    response has `U_k ≤ 1/(k+1)` (or is exempt for the support with and without y).
//!
//! Then either h(x(0), 0) ≤ 0 and (x(0), 0) is an equilibrium with support S, or h changes sign
//! on (0, t_hi) and the intermediate value theorem gives one with support S ∪ {y}.
//! [`check_touching`] tests a box (exact arithmetic, `exactbox.rs`); [`touching_box`] builds one
//! from a refined zero (truncated arithmetic; nothing it computes is trusted).

use crate::instance::Instance;
use crate::number::{IBig, Q, UBig};
use dashu_int::ops::{BitTest, UnsignedAbs};

use super::boxes::make_box;
use super::certify::{EqBox, Touching, check_shape};
use super::exactbox::{Check, check_box_exact};
use super::face::face_exempt;
use super::game::EqGame;
use super::precise::HpPoint;
use super::refine::chord;

/// The conditions 1–3 of the module documentation on a box whose shape (with the parameter)
/// `certify::check_box` has already checked.
pub(super) fn check_touching(
    inst: &Instance,
    k: usize,
    bx: &EqBox,
    t: &Touching,
) -> Result<(), String> {
    let y = t.response;
    let t_hi = &bx.hi[y];
    if bx.lo[y] != Q::ZERO || *t_hi <= Q::ZERO {
        return Err("the touching response must range over [0, t_hi] with t_hi > 0".into());
    }
    if t.end_lo.len() != bx.lo.len() || t.end_hi.len() != bx.hi.len() {
        return Err("the end box needs one bound per response".into());
    }
    if t.end_lo[y] != *t_hi || t.end_hi[y] != *t_hi {
        return Err("the end box must fix π(y) = t_hi".into());
    }
    let free = bx.free();
    if free
        .iter()
        .any(|&s| t.end_lo[s] < bx.lo[s] || t.end_hi[s] > bx.hi[s])
    {
        return Err("the end box is not inside the main box".into());
    }
    check_box_exact(inst, k, bx, Some(y), Check::Box)?;
    let end = EqBox {
        lo: t.end_lo.clone(),
        hi: t.end_hi.clone(),
        touching: None,
        segment: None,
        ..bx.clone()
    };
    check_shape(inst, k, &end, Some(y))?;
    check_box_exact(inst, k, &end, Some(y), Check::End)
}

/// A touching box around the refined zero `hp` of the reduced game `g` (`reps`: its
/// representatives in `inst`), if exactly one off-support response is degenerate (its payoff
/// within 2^-(p/2) of the basis payoff and not face-exempt) and the box passes
/// [`check_touching`]; else why not. t_hi = 2^-(p/4), or 2^-32 below the smallest support
/// coordinate if that is smaller (docs/THEORY.md §10.3, chains of tiny masses); the main box is
/// centred halfway between x(0) and x(t_hi), with a radius a few powers of two above the path's spread or above t_hi.
pub(super) fn touching_box(
    inst: &Instance,
    k: usize,
    g: &EqGame,
    reps: &[usize],
    hp: &HpPoint,
    p: usize,
) -> Result<EqBox, String> {
    let free = hp.free();
    let w = p + 32;
    // Payoffs (times (k+1)·ctot, over 2^w) at the refined zero.
    let mut pi = vec![IBig::ZERO; g.m];
    let mut sum = IBig::ZERO;
    for (i, &s) in free.iter().enumerate() {
        pi[s] = &hp.x[i] << 32usize;
        sum += &pi[s];
    }
    pi[hp.basis] = (IBig::ONE << w) - sum;
    let all: Vec<usize> = (0..g.m).collect();
    let sg = g.weighted_g_fixed(&pi, k, w, &all);
    let scale = IBig::from(k + 1) * &g.ctot;
    let tol = UBig::ONE << (w - p / 2);
    let degenerate: Vec<usize> = (0..g.m)
        .filter(|y| !hp.support.contains(y))
        .filter(|&y| ((&sg[y] - &sg[hp.basis]) / &scale).unsigned_abs() <= tol)
        .filter(|&y| face_exempt(g, &hp.support, y, k).is_none())
        .collect();
    let [y] = degenerate[..] else {
        return Err(format!("{} degenerate responses", degenerate.len()));
    };
    // t_hi = 2^-e_t: 2^-(p/4), or 2^-32 below the smallest support coordinate (a chain of tiny
    // masses: the main box must stay among positive masses), leaving 64 bits above 2^-p for the
    // end box to show h < 0.
    let basis_x = (IBig::ONE << p) - hp.x.iter().sum::<IBig>();
    let smallest = (hp.x.iter().chain([&basis_x]))
        .map(|v| if *v > IBig::ZERO { v.bit_len() } else { 0 })
        .min()
        .unwrap_or(0);
    let e_t = (p / 4).max(p + 32 - smallest.min(p));
    if e_t + 64 > p {
        return Err(format!(
            "a support coordinate below 2^-{}",
            p - smallest.min(p)
        ));
    }
    let t = IBig::ONE << (p - e_t); // t_hi over 2^p
    let x0: Vec<IBig> = hp.x.iter().map(|v| v << 32usize).collect();
    let x1 = chord(
        g,
        k,
        &hp.support,
        hp.basis,
        x0,
        &hp.precond,
        p,
        Some((y, &t)),
    )
    .ok_or("no zero at t_hi")?;
    let xs: Vec<IBig> = hp.x.iter().zip(&x1).map(|(a, b)| a + b).collect();
    let spread = (hp.x.iter().zip(&x1))
        .map(|(a, b)| (a - b).unsigned_abs())
        .max()
        .unwrap_or(UBig::ZERO);
    let base = (spread.bit_len() as i64).max(8) - p as i64; // spread ≤ 2^base
    let t_hi = Q::from_parts(IBig::ONE, UBig::ONE << e_t);
    let (m, ry, rb) = (inst.m(), reps[y], reps[hp.basis]);
    let mut why = String::from("no main box");
    // Radii 2^-e: a few powers of two above the spread, then above t_hi (when x(t) − x(0) is
    // o(t), the enclosure of F(x̃, T) is still about t_hi wide); smallest first.
    let mut radii: Vec<i64> = [2, 5, 9, 14].iter().map(|g| -(base + g)).collect();
    radii.extend([4, 8, 12].iter().map(|g| e_t as i64 - g));
    radii.sort_unstable_by(|a, b| b.cmp(a));
    radii.dedup();
    for e in radii.into_iter().filter(|&e| e >= 2) {
        let mut bx = make_box(
            &xs,
            &free,
            hp.basis,
            &hp.support,
            reps,
            m,
            p + 1,
            e as usize,
            &hp.precond,
        );
        bx.hi[ry] = t_hi.clone();
        bx.lo[rb] -= &t_hi;
        let main = check_shape(inst, k, &bx, Some(ry))
            .and_then(|()| check_box_exact(inst, k, &bx, Some(ry), Check::Box));
        match main {
            Err(msg) if msg.contains("Krawczyk") => continue,
            Err(msg) => return Err(msg),
            Ok(()) => {}
        }
        for shrink in [4usize, 16, 40] {
            let end = make_box(
                &x1,
                &free,
                hp.basis,
                &hp.support,
                reps,
                m,
                p,
                p - shrink,
                &hp.precond,
            );
            let (mut end_lo, mut end_hi) = (end.lo, end.hi);
            end_lo[rb] -= &t_hi;
            end_hi[rb] -= &t_hi;
            end_lo[ry] = t_hi.clone();
            end_hi[ry] = t_hi.clone();
            bx.touching = Some(Touching {
                response: ry,
                end_lo,
                end_hi,
            });
            match super::certify::check_box(inst, k, &bx) {
                Ok(()) => return Ok(bx),
                Err(msg) => why = msg,
            }
        }
        return Err(why);
    }
    Err(why)
}
