//! The Krawczyk certificate of an equilibrium box, checked in exact integer arithmetic.
//!
//! # What a box claims
//!
//! An [`EqBox`] names a support `S` (with a *basis* response `b ∈ S`), per-response bounds
//! `lo ≤ π ≤ hi` and a rational preconditioner matrix `C`. The *free* coordinates are
//! `x = (π(s))_{s ∈ S∖{b}}` in the order of `support`; `π(b) = 1 − Σ x` and `π(y) = 0` off `S`.
//! The box is `X = Π_s [lo_s, hi_s]` over the free coordinates, its centre `x̃ = (lo + hi)/2`.
//!
//! Let `F_s(x) = U_k(s, π) − U_k(b, π)` for `s ∈ S∖{b}`, `J(X)` an interval enclosure of its
//! Jacobian over `X`. The checker proves, in exact arithmetic:
//!
//! 1. positivity: `lo_s > 0` for every free `s`, `1 − Σ hi > 0`, and `[1 − Σ hi, 1 − Σ lo]`
//!    lies inside `[lo_b, hi_b]`; off-support bounds are exactly 0;
//! 2. Krawczyk: `K(X) = x̃ − C·F(x̃) + (I − C·J(X))·(X − x̃) ⊂ interior(X)`. By Krawczyk's theorem
//!    `F` has exactly one zero `x*` in `X`. At `x*` all support responses have equal deviation
//!    payoff, and by exchangeability (`Σ_y π(y) U_k(y, π) = 1/(k+1)`) that payoff is `1/(k+1)`;
//! 3. off-support: for every `y ∉ S`, `U_k(y, π) ≤ 1/(k+1)` over the whole box (upper enclosure
//!    from the monotone form: every term of `U_k` is increasing in `A_u(y)` and `L_u(y)`). The
//!    inequality need not be strict (the equilibrium condition is `max_y U_k ≤ 1/(k+1)`); it is
//!    usually strict, and equality can only hold when the upper enclosure is attained. A *clone*
//!    of a support response (same tier as it for every user) is exempt: its payoff equals that
//!    response's payoff identically. A response whose enclosure fails is exempt when the face
//!    test of `face.rs` holds (docs/THEORY.md §10.2): its payoff is at most a support response's
//!    (or 1/(k+1)) everywhere on the support's face, so also at the zero.
//!
//! Hence `π* = (x*, 1 − Σ x*)` is an exact symmetric equilibrium inside the box and
//! `R_k(π*^{⊗k}) = k/(k+1)`.
//!
//! # How it is computed
//!
//! All bounds are written as integers over one denominator `D = 2·lcm(denominators)`. For each
//! user type and tier the exact ranges of `A` and `L` over the box are computed (tight: the basis
//! coordinate is eliminated before taking ranges), then `G = Σ_j A^j L^(k−j)` at the centre and
//! its partial derivatives at the lower and upper corners, all as integers over `D^k` or
//! `D^(k−1)`. No rounding happens anywhere; the only inequalities are the final comparisons.

use crate::instance::Instance;
use crate::number::{CommonDen, IBig, Q, UBig, fmt_q};
use dashu_int::ops::Abs;

use super::face::face_exempt;
use super::game::EqGame;

/// A box certificate for an exact equilibrium (see the module documentation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EqBox {
    /// Lower bounds of π(y), one per response of the instance (0 off the support).
    pub lo: Vec<Q>,
    /// Upper bounds of π(y), one per response of the instance (0 off the support).
    pub hi: Vec<Q>,
    /// The support S (response indices, increasing), including `basis`.
    pub support: Vec<usize>,
    /// The eliminated response `b ∈ S`: π(b) = 1 − Σ_{s ∈ S∖{b}} π(s).
    pub basis: usize,
    /// The preconditioner C, a `(|S|−1) × (|S|−1)` rational matrix whose rows and columns follow
    /// the free coordinates (`support` without `basis`, in order). It approximates the inverse of
    /// the Jacobian of `F_s(x) = U_k(s, π) − U_k(b, π)`; any matrix is *sound*, a good one passes.
    pub precond: Vec<Vec<Q>>,
    /// `None`: the test runs in exact rational arithmetic. `Some(p)`: in mid-radius ball
    /// arithmetic with `p`-bit midpoints and outward rounding (`ballbox.rs`, for large k); the
    /// bounds must then be dyadic.
    pub ball_precision: Option<u32>,
}

impl EqBox {
    /// The free coordinates (support without the basis), in order.
    pub fn free(&self) -> Vec<usize> {
        self.support
            .iter()
            .copied()
            .filter(|&s| s != self.basis)
            .collect()
    }

    /// The certificate as JSON with exact `"p/q"` strings and response names:
    /// `{"method": "krawczyk", "support": [names], "basis": name, "free": [names],
    ///   "box": {name: [lo, hi]}, "preconditioner": [[...]]}` (rows and columns of the
    /// preconditioner follow `free`). [`EqBox::from_json`] reads it back.
    pub fn to_json(&self, names: &[String]) -> serde_json::Value {
        let mut b = serde_json::Map::new();
        for (y, name) in names.iter().enumerate() {
            b.insert(
                name.clone(),
                serde_json::json!([fmt_q(&self.lo[y]), fmt_q(&self.hi[y])]),
            );
        }
        let nm = |ys: &[usize]| -> Vec<String> { ys.iter().map(|&y| names[y].clone()).collect() };
        let precond: Vec<Vec<String>> = self
            .precond
            .iter()
            .map(|row| row.iter().map(fmt_q).collect())
            .collect();
        let mut v = serde_json::json!({
            "method": "krawczyk",
            "support": nm(&self.support),
            "basis": names[self.basis],
            "free": nm(&self.free()),
            "box": serde_json::Value::Object(b),
            "preconditioner": precond,
        });
        if let Some(p) = self.ball_precision {
            v["ball_precision"] = serde_json::json!(p);
        }
        v
    }

    /// Reads the JSON written by [`EqBox::to_json`] against the instance's response names.
    /// Responses missing from `box` get bounds [0, 0]. Only the shape is checked here;
    /// [`check_box`] decides whether the certificate holds.
    pub fn from_json(v: &serde_json::Value, names: &[String]) -> Result<EqBox, String> {
        let index = |n: &serde_json::Value| -> Result<usize, String> {
            let s = n.as_str().ok_or("response names must be strings")?;
            names
                .iter()
                .position(|x| x == s)
                .ok_or_else(|| format!("unknown response `{s}`"))
        };
        let num = |x: &serde_json::Value| -> Result<Q, String> {
            let s = x.as_str().ok_or("numbers must be strings like \"p/q\"")?;
            crate::number::parse_q(s).map_err(|e| e.to_string())
        };
        let mut support: Vec<usize> = v["support"]
            .as_array()
            .ok_or("`support` must be a list of response names")?
            .iter()
            .map(index)
            .collect::<Result<_, _>>()?;
        support.sort_unstable();
        let basis = index(&v["basis"])?;
        let m = names.len();
        let mut lo = vec![Q::ZERO; m];
        let mut hi = vec![Q::ZERO; m];
        let bmap = v["box"]
            .as_object()
            .ok_or("`box` must map names to [lo, hi]")?;
        for (name, pair) in bmap {
            let y = index(&serde_json::Value::String(name.clone()))?;
            let pair = pair
                .as_array()
                .filter(|p| p.len() == 2)
                .ok_or_else(|| format!("box of `{name}` must be [lo, hi]"))?;
            lo[y] = num(&pair[0])?;
            hi[y] = num(&pair[1])?;
        }
        let precond: Vec<Vec<Q>> = v["preconditioner"]
            .as_array()
            .ok_or("`preconditioner` must be a list of rows")?
            .iter()
            .map(|row| {
                row.as_array()
                    .ok_or_else(|| "preconditioner rows must be lists".to_string())?
                    .iter()
                    .map(num)
                    .collect::<Result<Vec<Q>, String>>()
            })
            .collect::<Result<_, _>>()?;
        let ball_precision = match v.get("ball_precision") {
            None => None,
            Some(p) => Some(
                p.as_u64()
                    .and_then(|p| u32::try_from(p).ok())
                    .ok_or("`ball_precision` must be a number of bits")?,
            ),
        };
        Ok(EqBox {
            lo,
            hi,
            support,
            basis,
            precond,
            ball_precision,
        })
    }

    /// The largest width `hi − lo` over all responses.
    pub fn max_width(&self) -> Q {
        self.lo
            .iter()
            .zip(&self.hi)
            .map(|(l, h)| h - l)
            .max()
            .unwrap_or(Q::ZERO)
    }

    /// The centre of the box in full coordinates: free coordinates at their midpoints, the basis
    /// at `1 − Σ` of them, zero off the support. A rational distribution.
    pub fn centre(&self) -> Vec<Q> {
        let mut pi = vec![Q::ZERO; self.lo.len()];
        let mut total = Q::ZERO;
        for s in self.free() {
            let mid = (&self.lo[s] + &self.hi[s]) / Q::from(2u8);
            total += &mid;
            pi[s] = mid;
        }
        pi[self.basis] = Q::ONE - total;
        pi
    }
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

/// Re-runs the Krawczyk test of an [`EqBox`] from scratch, in exact arithmetic (or, when the box
/// says so, in outward-rounded ball arithmetic, see `ballbox.rs`). `Ok(())` proves that the box
/// contains an exact symmetric equilibrium of the (k+1)-player game; `Err` names the first
/// condition that failed (which does not prove that there is none).
pub fn check_box(inst: &Instance, k: usize, bx: &EqBox) -> Result<(), String> {
    check_shape(inst, k, bx)?;
    match bx.ball_precision {
        Some(p) if !(MIN_BALL_PRECISION..=MAX_BALL_PRECISION).contains(&p) => Err(format!(
            "ball precision {p} is outside {MIN_BALL_PRECISION}..={MAX_BALL_PRECISION} bits"
        )),
        Some(p) => super::ballbox::check_ball_box(inst, k, bx, p),
        None => check_box_exact(inst, k, bx),
    }
}

/// Smallest ball precision (bits of the midpoints) accepted.
pub const MIN_BALL_PRECISION: u32 = 32;
/// Largest ball precision accepted.
pub const MAX_BALL_PRECISION: u32 = 8192;

/// The conditions that need no evaluation of U_k: dimensions, support, off-support zeros,
/// positive lower bounds and the range of the eliminated coordinate.
fn check_shape(inst: &Instance, k: usize, bx: &EqBox) -> Result<(), String> {
    let m = inst.m();
    if k == 0 {
        return Err("k must be at least 1".into());
    }
    if bx.lo.len() != m || bx.hi.len() != m {
        return Err(format!(
            "box has {}/{} bounds but the instance has {m} responses",
            bx.lo.len(),
            bx.hi.len()
        ));
    }
    if bx.support.is_empty() {
        return Err("empty support".into());
    }
    if bx.support.windows(2).any(|w| w[0] >= w[1]) || bx.support.iter().any(|&s| s >= m) {
        return Err("support must list distinct valid response indices in increasing order".into());
    }
    if !bx.support.contains(&bx.basis) {
        return Err("the basis response is not in the support".into());
    }
    let names = inst.responses();
    let free = bx.free();
    let d = free.len();
    if bx.precond.len() != d || bx.precond.iter().any(|r| r.len() != d) {
        return Err(format!("preconditioner must be {d} × {d}"));
    }
    let mut in_support = vec![false; m];
    for &s in &bx.support {
        in_support[s] = true;
    }
    for y in 0..m {
        if !in_support[y] && (bx.lo[y] != Q::ZERO || bx.hi[y] != Q::ZERO) {
            return Err(format!(
                "off-support response `{}` must have bounds [0, 0]",
                names[y]
            ));
        }
    }
    for &s in &free {
        if bx.lo[s] <= Q::ZERO {
            return Err(format!(
                "lower bound of π({}) = {} is not positive",
                names[s],
                fmt_q(&bx.lo[s])
            ));
        }
        if bx.hi[s] <= bx.lo[s] {
            return Err(format!("empty or degenerate interval for π({})", names[s]));
        }
    }
    let sum_hi = free.iter().fold(Q::ZERO, |a, &s| a + &bx.hi[s]);
    let sum_lo = free.iter().fold(Q::ZERO, |a, &s| a + &bx.lo[s]);
    let (basis_lo, basis_hi) = (Q::ONE - sum_hi, Q::ONE - sum_lo);
    if basis_lo <= Q::ZERO {
        return Err(format!(
            "lower bound of π({}) = 1 − Σ upper bounds is not positive",
            names[bx.basis]
        ));
    }
    if basis_lo < bx.lo[bx.basis] || basis_hi > bx.hi[bx.basis] {
        return Err(format!(
            "π({}) = 1 − Σ others ranges over [{}, {}], not inside the claimed [{}, {}]",
            names[bx.basis],
            fmt_q(&basis_lo),
            fmt_q(&basis_hi),
            fmt_q(&bx.lo[bx.basis]),
            fmt_q(&bx.hi[bx.basis])
        ));
    }
    Ok(())
}

/// The exact test (after [`check_shape`]).
fn check_box_exact(inst: &Instance, k: usize, bx: &EqBox) -> Result<(), String> {
    let m = inst.m();
    let names = inst.responses();
    let free = bx.free();
    let d = free.len();
    let mut in_support = vec![false; m];
    for &s in &bx.support {
        in_support[s] = true;
    }
    // Common denominator D (even, so that centres and radii are integers over D).
    let mut bounds: Vec<Q> = Vec::with_capacity(2 * d);
    for &s in &free {
        bounds.push(bx.lo[s].clone());
        bounds.push(bx.hi[s].clone());
    }
    let den = CommonDen::new(&bounds).den * UBig::from(2u8);
    let dd = IBig::from(den.clone());
    let a: Vec<IBig> = free.iter().map(|&s| to_int_over(&bx.lo[s], &den)).collect();
    let b: Vec<IBig> = free.iter().map(|&s| to_int_over(&bx.hi[s], &den)).collect();
    let mid: Vec<IBig> = a.iter().zip(&b).map(|(x, y)| (x + y) >> 1).collect();
    let rad: Vec<IBig> = a.iter().zip(&b).map(|(x, y)| (y - x) >> 1).collect();

    let game = EqGame::from_instance(inst);
    let bcol = bx.basis;
    // Position of each response among the free coordinates.
    let mut free_pos = vec![usize::MAX; m];
    for (i, &s) in free.iter().enumerate() {
        free_pos[s] = i;
    }
    // Off-support responses that need the strict test (clones of support responses are exempt).
    let off: Vec<usize> = (0..m)
        .filter(|&y| !in_support[y])
        .filter(|&y| {
            !bx.support
                .iter()
                .any(|&s| game.ranks.iter().all(|r| r[s] == r[y]))
        })
        .collect();

    // Accumulators.
    let sz = bx.support.len();
    let mut f_int = vec![IBig::ZERO; d]; // Σ c_u (G(s_i) − G(b)) at the centre, over D^k
    let mut h_lo = vec![vec![IBig::ZERO; sz]; sz]; // over D^(k−1)
    let mut h_hi = vec![vec![IBig::ZERO; sz]; sz];
    let mut off_hi = vec![IBig::ZERO; off.len()]; // Σ c_u G at the upper corner, over D^k

    for (u, ranks) in game.ranks.iter().enumerate() {
        let tiers = game.tiers[u];
        let cu = &game.c[u];
        let tb = ranks[bcol] as usize;
        // Per-tier masses of the free coordinates (lower, upper, centre).
        let mut ml = vec![IBig::ZERO; tiers + 1];
        let mut mh = vec![IBig::ZERO; tiers + 1];
        let mut mm = vec![IBig::ZERO; tiers + 1];
        for (i, &s) in free.iter().enumerate() {
            let t = ranks[s] as usize;
            ml[t] += &a[i];
            mh[t] += &b[i];
            mm[t] += &mid[i];
        }
        for t in (0..tiers).rev() {
            let (l1, h1, m1) = (ml[t + 1].clone(), mh[t + 1].clone(), mm[t + 1].clone());
            ml[t] += l1;
            mh[t] += h1;
            mm[t] += m1;
        }
        // Exact ranges of A(t) (mass at or below tier t) over the box, and at the centre.
        let range = |t: usize| -> (IBig, IBig, IBig) {
            if t >= tiers {
                return (IBig::ZERO, IBig::ZERO, IBig::ZERO);
            }
            if tb >= t {
                // A = 1 − Σ_{free, tier < t} x.
                (
                    &dd - (&mh[0] - &mh[t]),
                    &dd - (&ml[0] - &ml[t]),
                    &dd - (&mm[0] - &mm[t]),
                )
            } else {
                (ml[t].clone(), mh[t].clone(), mm[t].clone())
            }
        };
        // Which tiers are needed, and for what.
        let mut need_support = vec![false; tiers];
        for &s in &bx.support {
            need_support[ranks[s] as usize] = true;
        }
        let mut need_off = vec![false; tiers];
        for &y in &off {
            need_off[ranks[y] as usize] = true;
        }
        // Per tier: c·G at the centre, c·(∂G/∂a) and c·(∂G/∂a + ∂G/∂l) at both corners,
        // c·G at the upper corner.
        let mut g_mid: Vec<IBig> = vec![IBig::ZERO; tiers];
        let mut ga_lo = vec![IBig::ZERO; tiers];
        let mut gal_lo = vec![IBig::ZERO; tiers];
        let mut ga_hi = vec![IBig::ZERO; tiers];
        let mut gal_hi = vec![IBig::ZERO; tiers];
        let mut g_hi = vec![IBig::ZERO; tiers];
        for t in 0..tiers {
            if !need_support[t] && !need_off[t] {
                continue;
            }
            let (alo, ahi, amid) = range(t);
            let (llo, lhi, lmid) = range(t + 1);
            debug_assert!(alo >= IBig::ZERO && llo >= IBig::ZERO);
            if need_support[t] {
                g_mid[t] = cu * g_int(&amid, &lmid, k);
                let (_, ga, gl) = g3_int(&alo, &llo, k);
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
            f_int[i] += &g_mid[ranks[s] as usize] - &g_mid[tb];
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
    // is not strict).
    let dk = dd.pow(k);
    let bound = &game.ctot * &dk;
    for (o, &y) in off.iter().enumerate() {
        if off_hi[o] > bound && face_exempt(&game, &bx.support, y, k).is_none() {
            return Err(format!(
                "off-support response `{}` is not shown to have U_k ≤ 1/(k+1) over the box",
                names[y]
            ));
        }
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
        let cf: IBig = (0..d).map(|l| &cn[i][l] * &f_int[l]).sum();
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
        if cf.abs() + t_sum >= &rad[i] * &z {
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
