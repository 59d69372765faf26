//! The exact Krawczyk test of an equilibrium box (docs/THEORY.md §10), in integer arithmetic over
//! one common denominator: no rounding anywhere, the only inequalities are the final comparisons.
//! The statement it proves is in `certify.rs`; this file owns the computation.
//!
//! With a *parameter* response `y` (a touching box, docs/THEORY.md §10.3), π(y) ranges over
//! `[lo_y, hi_y]` instead of being 0: it enters every tier mass as an interval, F at the centre
//! becomes an interval (the centre fixes the free coordinates only), and the eliminated
//! coordinate is `1 − Σ x − π(y)`. The Krawczyk test then proves, for every π(y) in the range, a
//! unique zero of the support system in the box. An *end* box (`Check::End`, π(y) a point)
//! additionally proves `U_k(y, π) < U_k(b, π)` over the box and skips the off-support tests.

use crate::instance::Instance;
use crate::number::{CommonDen, IBig, Q, UBig};
use dashu_int::ops::Abs;

use super::certify::EqBox;
use super::face::face_exempt;
use super::game::EqGame;

/// Which conditions besides the Krawczyk inclusion [`check_box_exact`] tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Check {
    /// Off-support responses: `U_k(z, ·) ≤ 1/(k+1)` over the box (or exempt). With a parameter
    /// `y`, a face exemption must hold for the support with and without `y`.
    Box,
    /// The end box of a touching certificate: `U_k(y, ·) < U_k(basis, ·)` over the box.
    End,
}

/// `(G, ∂G/∂a, ∂G/∂l)` of `G(a, l) = Σ_{j=0..k} a^j l^(k−j)` at integers (exact).
pub(crate) fn g3_int(a: &IBig, l: &IBig, k: usize) -> (IBig, IBig, IBig) {
    let mut g = IBig::ONE;
    let mut ga = IBig::ZERO;
    let mut gl = IBig::ZERO;
    let mut lp_prev = IBig::ONE;
    for j in 1..=k {
        let lp = &lp_prev * l;
        let ng = a * &g + &lp;
        let nga = &g + a * &ga;
        let ngl = a * &gl + &lp_prev * IBig::from(j);
        g = ng;
        ga = nga;
        gl = ngl;
        lp_prev = lp;
    }
    (g, ga, gl)
}

/// `G(a, l)` only.
pub(crate) fn g_int(a: &IBig, l: &IBig, k: usize) -> IBig {
    let mut g = IBig::ONE;
    let mut lp = IBig::ONE;
    for _ in 0..k {
        lp *= l;
        g = a * &g + &lp;
    }
    g
}

fn to_int_over(x: &Q, den: &UBig) -> IBig {
    // x·den is an integer by construction of den.
    x.numerator() * IBig::from(den / x.denominator())
}

/// The exact test (after `certify::check_shape`), with the parameter response `param` (its range
/// is `[bx.lo[y], bx.hi[y]]`) and the conditions of `check`.
pub(super) fn check_box_exact(
    inst: &Instance,
    k: usize,
    bx: &EqBox,
    param: Option<usize>,
    check: Check,
) -> Result<(), String> {
    let m = inst.m();
    let names = inst.responses();
    let free = bx.free();
    let d = free.len();
    let mut in_support = vec![false; m];
    for &s in &bx.support {
        in_support[s] = true;
    }
    // Common denominator D (even, so that centres and radii are integers over D).
    let mut bounds: Vec<Q> = Vec::with_capacity(2 * d + 2);
    for &s in free.iter().chain(&param) {
        bounds.push(bx.lo[s].clone());
        bounds.push(bx.hi[s].clone());
    }
    let den = CommonDen::new(&bounds).den * UBig::from(2u8);
    let dd = IBig::from(den.clone());
    let a: Vec<IBig> = free.iter().map(|&s| to_int_over(&bx.lo[s], &den)).collect();
    let b: Vec<IBig> = free.iter().map(|&s| to_int_over(&bx.hi[s], &den)).collect();
    let mid: Vec<IBig> = a.iter().zip(&b).map(|(x, y)| (x + y) >> 1).collect();
    let rad: Vec<IBig> = a.iter().zip(&b).map(|(x, y)| (y - x) >> 1).collect();
    // The parameter's mass range [t_lo, t_hi] over D (zero without a parameter).
    let (t_lo, t_hi) = match param {
        Some(y) => (to_int_over(&bx.lo[y], &den), to_int_over(&bx.hi[y], &den)),
        None => (IBig::ZERO, IBig::ZERO),
    };

    let game = EqGame::from_instance(inst);
    let bcol = bx.basis;
    // Clones of a support response (or of the parameter) are exempt: equal payoffs identically.
    let clone_of = |y: usize, s: usize| game.ranks.iter().all(|r| r[s] == r[y]);
    let off: Vec<usize> = match check {
        Check::End => Vec::new(),
        Check::Box => (0..m)
            .filter(|&y| !in_support[y] && param != Some(y))
            .filter(|&y| !bx.support.iter().chain(&param).any(|&s| clone_of(y, s)))
            .collect(),
    };

    // Accumulators.
    let sz = bx.support.len();
    // Σ c_u (G(s_i) − G(b)) at the centre, over D^k: lower and upper ends (equal without a
    // parameter range).
    let mut f_lo = vec![IBig::ZERO; d];
    let mut f_hi = vec![IBig::ZERO; d];
    let mut h_lo = vec![vec![IBig::ZERO; sz]; sz]; // over D^(k−1)
    let mut h_hi = vec![vec![IBig::ZERO; sz]; sz];
    let mut off_hi = vec![IBig::ZERO; off.len()]; // Σ c_u G at the upper corner, over D^k
    let mut gap = IBig::ZERO; // End: Σ c_u (G(y) at the upper corner − G(b) at the lower one)

    for (u, ranks) in game.ranks.iter().enumerate() {
        let tiers = game.tiers[u];
        let cu = &game.c[u];
        let tb = ranks[bcol] as usize;
        // Per-tier masses of the free coordinates and the parameter (lower, upper, centre with
        // the parameter at its lower and at its upper end).
        let mut ml = vec![IBig::ZERO; tiers + 1];
        let mut mh = vec![IBig::ZERO; tiers + 1];
        let mut mm = vec![IBig::ZERO; tiers + 1];
        let mut mp = vec![IBig::ZERO; tiers + 1];
        for (i, &s) in free.iter().enumerate() {
            let t = ranks[s] as usize;
            ml[t] += &a[i];
            mh[t] += &b[i];
            mm[t] += &mid[i];
            mp[t] += &mid[i];
        }
        if let Some(y) = param {
            let t = ranks[y] as usize;
            ml[t] += &t_lo;
            mh[t] += &t_hi;
            mm[t] += &t_lo;
            mp[t] += &t_hi;
        }
        for t in (0..tiers).rev() {
            for v in [&mut ml, &mut mh, &mut mm, &mut mp] {
                let next = v[t + 1].clone();
                v[t] += next;
            }
        }
        // Exact ranges of A(t) (mass at or below tier t) over the box, and over the centre with
        // the parameter in its range: (low, high, centre low, centre high).
        let range = |t: usize| -> [IBig; 4] {
            if t >= tiers {
                return [IBig::ZERO, IBig::ZERO, IBig::ZERO, IBig::ZERO];
            }
            if tb >= t {
                // A = 1 − Σ_{free and parameter, tier < t} π.
                [
                    &dd - (&mh[0] - &mh[t]),
                    &dd - (&ml[0] - &ml[t]),
                    &dd - (&mp[0] - &mp[t]),
                    &dd - (&mm[0] - &mm[t]),
                ]
            } else {
                [ml[t].clone(), mh[t].clone(), mm[t].clone(), mp[t].clone()]
            }
        };
        // Which tiers are needed, and for what.
        let mut need_support = vec![false; tiers];
        for &s in &bx.support {
            need_support[ranks[s] as usize] = true;
        }
        let mut need_off = vec![false; tiers];
        for &y in off
            .iter()
            .chain(param.iter().filter(|_| check == Check::End))
        {
            need_off[ranks[y] as usize] = true;
        }
        // Per tier: c·G at the centre (both ends), c·(∂G/∂a) and c·(∂G/∂a + ∂G/∂l) at both
        // corners, c·G at both corners.
        let z = || vec![IBig::ZERO; tiers];
        let (mut gm_lo, mut gm_hi, mut g_lo, mut g_hi) = (z(), z(), z(), z());
        let (mut ga_lo, mut gal_lo, mut ga_hi, mut gal_hi) = (z(), z(), z(), z());
        for t in 0..tiers {
            if !need_support[t] && !need_off[t] {
                continue;
            }
            let [alo, ahi, amlo, amhi] = range(t);
            let [llo, lhi, lmlo, lmhi] = range(t + 1);
            debug_assert!(alo >= IBig::ZERO && llo >= IBig::ZERO);
            if need_support[t] {
                gm_lo[t] = cu * g_int(&amlo, &lmlo, k);
                gm_hi[t] = match amlo == amhi && lmlo == lmhi {
                    true => gm_lo[t].clone(),
                    false => cu * g_int(&amhi, &lmhi, k),
                };
                let (g, ga, gl) = g3_int(&alo, &llo, k);
                g_lo[t] = cu * g;
                ga_lo[t] = cu * &ga;
                gal_lo[t] = cu * (ga + gl);
                let (g, ga, gl) = g3_int(&ahi, &lhi, k);
                ga_hi[t] = cu * &ga;
                gal_hi[t] = cu * (ga + gl);
                g_hi[t] = cu * g;
            } else {
                g_hi[t] = cu * g_int(&ahi, &lhi, k);
            }
        }
        for (i, &s) in free.iter().enumerate() {
            let ts = ranks[s] as usize;
            if ts != tb {
                f_lo[i] += &gm_lo[ts] - &gm_hi[tb];
                f_hi[i] += &gm_hi[ts] - &gm_lo[tb];
            }
        }
        if let (Check::End, Some(y)) = (check, param)
            && ranks[y] as usize != tb
        {
            gap += &g_hi[ranks[y] as usize] - &g_lo[tb];
        }
        for (i, &y) in bx.support.iter().enumerate() {
            let ty = ranks[y];
            let t = ty as usize;
            for (j, &z) in bx.support.iter().enumerate() {
                let tz = ranks[z];
                if tz > ty {
                    h_lo[i][j] += &gal_lo[t];
                    h_hi[i][j] += &gal_hi[t];
                } else if tz == ty {
                    h_lo[i][j] += &ga_lo[t];
                    h_hi[i][j] += &ga_hi[t];
                }
            }
        }
        for (o, &y) in off.iter().enumerate() {
            off_hi[o] += &g_hi[ranks[y] as usize];
        }
    }

    // Off-support inequalities: Σ_u c_u G(A_hi, L_hi) ≤ C·D^k (an upper bound of U_k over the
    // box, so U_k(y, π*) ≤ 1/(k+1) at the zero; equality is allowed: the equilibrium condition
    // is not strict). With a parameter y the zero's support is S or S ∪ {y}: a face exemption
    // must hold for both.
    let dk = dd.pow(k);
    let bound = &game.ctot * &dk;
    let mut with_param = bx.support.clone();
    with_param.extend(param);
    for (o, &y) in off.iter().enumerate() {
        if off_hi[o] > bound
            && (face_exempt(&game, &bx.support, y, k).is_none()
                || face_exempt(&game, &with_param, y, k).is_none())
        {
            return Err(format!(
                "off-support response `{}` is not shown to have U_k ≤ 1/(k+1) over the box",
                names[y]
            ));
        }
    }
    if let (Check::End, Some(y)) = (check, param)
        && gap >= IBig::ZERO
    {
        return Err(format!(
            "U_k({}, π) < U_k({}, π) is not shown over the end box",
            names[y], names[bcol]
        ));
    }
    if d == 0 {
        return Ok(());
    }

    // Interval Jacobian of F over the box (integers over D^(k−1)).
    let spos = |y: usize| bx.support.iter().position(|&s| s == y).expect("in support");
    let bi = spos(bcol);
    let fidx: Vec<usize> = free.iter().map(|&s| spos(s)).collect();
    let mut j_lo = vec![vec![IBig::ZERO; d]; d];
    let mut j_hi = vec![vec![IBig::ZERO; d]; d];
    for (i, &pi) in fidx.iter().enumerate() {
        for (j, &pj) in fidx.iter().enumerate() {
            j_lo[i][j] = &h_lo[pi][pj] - &h_hi[pi][bi] - &h_hi[bi][pj] + &h_lo[bi][bi];
            j_hi[i][j] = &h_hi[pi][pj] - &h_lo[pi][bi] - &h_lo[bi][pj] + &h_hi[bi][bi];
        }
    }

    // Preconditioner over a common denominator E.
    let flat: Vec<Q> = bx.precond.iter().flatten().cloned().collect();
    let cd = CommonDen::new(&flat);
    let e = IBig::from(cd.den.clone());
    let cn: Vec<&[IBig]> = cd.nums.chunks(d).collect();
    let z = &e * IBig::from(k + 1) * &game.ctot * dd.pow(k - 1);

    for i in 0..d {
        // |C·F(x̃)| over the parameter range: the larger end of the interval Σ_l c_il·F_l.
        let (mut cf_lo, mut cf_hi) = (IBig::ZERO, IBig::ZERO);
        for l in 0..d {
            let c = &cn[i][l];
            let (x, y) = (c * &f_lo[l], c * &f_hi[l]);
            let (x, y) = if x <= y { (x, y) } else { (y, x) };
            cf_lo += x;
            cf_hi += y;
        }
        let cf = std::cmp::max(cf_lo.abs(), cf_hi.abs());
        let mut t_sum = IBig::ZERO;
        for j in 0..d {
            let mut lo = if i == j { z.clone() } else { IBig::ZERO };
            let mut hi = lo.clone();
            for l in 0..d {
                let c = &cn[i][l];
                if *c == IBig::ZERO {
                    continue;
                }
                if *c > IBig::ZERO {
                    lo -= c * &j_hi[l][j];
                    hi -= c * &j_lo[l][j];
                } else {
                    lo -= c * &j_lo[l][j];
                    hi -= c * &j_hi[l][j];
                }
            }
            let mag = std::cmp::max(lo.abs(), hi.abs());
            t_sum += mag * &rad[j];
        }
        if cf + t_sum >= &rad[i] * &z {
            return Err(format!(
                "Krawczyk test fails for coordinate π({}): K(X) is not inside the box",
                names[free[i]]
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{g_int, g3_int};
    use crate::number::IBig;

    /// The Horner recurrences against the definitions: G = Σ_{j=0..k} a^j l^(k−j),
    /// ∂G/∂a = Σ j a^(j−1) l^(k−j), ∂G/∂l = Σ (k−j) a^j l^(k−j−1), on small integers of both
    /// signs (cargo-mutants found `a * g` → `a + g` surviving the box tests).
    #[test]
    fn horner_values_equal_the_sums_and_their_partial_derivatives() {
        let pow = |x: i64, e: usize| IBig::from(x).pow(e);
        let sum = |terms: Vec<IBig>| terms.into_iter().fold(IBig::ZERO, |s, t| s + t);
        for k in 0..=9usize {
            for a in -3..=4i64 {
                for l in -2..=5i64 {
                    let g = sum((0..=k).map(|j| pow(a, j) * pow(l, k - j)).collect());
                    let ga = sum((1..=k)
                        .map(|j| IBig::from(j) * pow(a, j - 1) * pow(l, k - j))
                        .collect());
                    let gl = sum((0..k)
                        .map(|j| IBig::from(k - j) * pow(a, j) * pow(l, k - j - 1))
                        .collect());
                    let (ai, li) = (IBig::from(a), IBig::from(l));
                    assert_eq!(
                        g3_int(&ai, &li, k),
                        (g.clone(), ga, gl),
                        "k={k} a={a} l={l}"
                    );
                    assert_eq!(g_int(&ai, &li, k), g, "k={k} a={a} l={l}");
                }
            }
        }
    }
}
