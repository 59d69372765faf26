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
//! A box with [`Touching`] data (docs/THEORY.md §10.3, `touching.rs`) lets one off-support
//! response y carry the mass `π(y) ∈ [0, t_hi]`; it proves an equilibrium with support S or
//! S ∪ {y} in the box.
//!
//! # How it is computed (`exactbox.rs`)
//!
//! All bounds are written as integers over one denominator `D = 2·lcm(denominators)`. For each
//! user type and tier the exact ranges of `A` and `L` over the box are computed (tight: the basis
//! coordinate is eliminated before taking ranges), then `G = Σ_j A^j L^(k−j)` at the centre and
//! its partial derivatives at the lower and upper corners, all as integers over `D^k` or
//! `D^(k−1)`. No rounding happens anywhere; the only inequalities are the final comparisons.

use crate::instance::Instance;
use crate::number::{Q, fmt_q};

use super::exactbox::{Check, check_box_exact};

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
    /// A touching box (docs/THEORY.md §10.3): an off-support response whose mass ranges over
    /// `[lo, hi] = [0, t_hi]` instead of being 0, with the end box at `π(y) = t_hi`.
    pub touching: Option<Touching>,
    /// A segment box (docs/THEORY.md §10.4, `segment.rs`): the equilibrium is proved on a
    /// rational segment inside the box by exact polynomial identities instead of the Krawczyk
    /// test (the preconditioner is then unused).
    pub segment: Option<super::segment::Segment>,
}

/// The extra data of a touching box (docs/THEORY.md §10.3). The parameter response `y` has
/// bounds `[0, t_hi]` in the main box; the main box proves a unique zero `x(t)` of the support
/// system for every `π(y) = t ∈ [0, t_hi]`, the end box (inside it) encloses `x(t_hi)` and shows
/// `U_k(y, ·) < U_k(basis, ·)` there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Touching {
    /// The parameter response y (off the support).
    pub response: usize,
    /// Lower bounds of the end box, one per response (π(y) = t_hi, 0 off the support and y).
    pub end_lo: Vec<Q>,
    /// Upper bounds of the end box, one per response.
    pub end_hi: Vec<Q>,
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
        let bounds = |lo: &[Q], hi: &[Q]| -> serde_json::Value {
            (names.iter().enumerate())
                .map(|(y, n)| (n.clone(), serde_json::json!([fmt_q(&lo[y]), fmt_q(&hi[y])])))
                .collect::<serde_json::Map<_, _>>()
                .into()
        };
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
            "box": bounds(&self.lo, &self.hi),
            "preconditioner": precond,
        });
        if let Some(p) = self.ball_precision {
            v["ball_precision"] = serde_json::json!(p);
        }
        if let Some(t) = &self.touching {
            v["touching"] = serde_json::json!({
                "response": names[t.response],
                "end_box": bounds(&t.end_lo, &t.end_hi),
            });
        }
        if let Some(s) = &self.segment {
            let list = |v: &[Q]| -> Vec<String> { v.iter().map(fmt_q).collect() };
            let polys = |v: &[Vec<Q>]| -> serde_json::Value {
                (names.iter().zip(v))
                    .map(|(n, p)| (n.clone(), serde_json::json!(list(p))))
                    .collect::<serde_json::Map<_, _>>()
                    .into()
            };
            v["segment"] = serde_json::json!({
                "from": bounds(&s.from, &s.from), "to": bounds(&s.to, &s.to),
                "divisor": list(&s.divisor),
                "quotients": polys(&s.quotients), "remainders": polys(&s.remainders),
            });
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
        let bounds = |b: &serde_json::Value| -> Result<(Vec<Q>, Vec<Q>), String> {
            let (mut lo, mut hi) = (vec![Q::ZERO; m], vec![Q::ZERO; m]);
            let bmap = b.as_object().ok_or("`box` must map names to [lo, hi]")?;
            for (name, pair) in bmap {
                let y = index(&serde_json::Value::String(name.clone()))?;
                let pair = pair
                    .as_array()
                    .filter(|p| p.len() == 2)
                    .ok_or_else(|| format!("box of `{name}` must be [lo, hi]"))?;
                lo[y] = num(&pair[0])?;
                hi[y] = num(&pair[1])?;
            }
            Ok((lo, hi))
        };
        let (lo, hi) = bounds(&v["box"])?;
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
        let list = |p: &serde_json::Value| -> Result<Vec<Q>, String> {
            let p = p.as_array().ok_or("polynomials must be lists of numbers")?;
            p.iter().map(num).collect()
        };
        let segment = |s: &serde_json::Value| -> Result<super::segment::Segment, String> {
            let polys = |p: &serde_json::Value| -> Result<Vec<Vec<Q>>, String> {
                names.iter().map(|n| list(&p[n])).collect()
            };
            Ok(super::segment::Segment {
                from: bounds(&s["from"])?.0,
                to: bounds(&s["to"])?.0,
                divisor: list(&s["divisor"])?,
                quotients: polys(&s["quotients"])?,
                remainders: polys(&s["remainders"])?,
            })
        };
        let touching = match v.get("touching") {
            None => None,
            Some(t) => {
                let (end_lo, end_hi) = bounds(&t["end_box"])?;
                let response = index(&t["response"])?;
                Some(Touching {
                    response,
                    end_lo,
                    end_hi,
                })
            }
        };
        Ok(EqBox {
            lo,
            hi,
            support,
            basis,
            precond,
            ball_precision,
            touching,
            segment: v.get("segment").map(segment).transpose()?,
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

/// Re-runs the Krawczyk test of an [`EqBox`] from scratch, in exact arithmetic (or, when the box
/// says so, in outward-rounded ball arithmetic, see `ballbox.rs`). `Ok(())` proves that the box
/// contains an exact symmetric equilibrium of the (k+1)-player game; `Err` names the first
/// condition that failed (which does not prove that there is none).
pub fn check_box(inst: &Instance, k: usize, bx: &EqBox) -> Result<(), String> {
    let param = bx.touching.as_ref().map(|t| t.response);
    check_shape(inst, k, bx, param)?;
    if let Some(seg) = &bx.segment {
        return match (bx.ball_precision, &bx.touching) {
            (None, None) => super::segment::check_segment(inst, k, bx, seg),
            _ => Err("a segment box has no ball precision and no touching response".into()),
        };
    }
    match (bx.ball_precision, &bx.touching) {
        (Some(_), Some(_)) => Err("touching boxes are tested in exact arithmetic only".into()),
        (Some(p), _) if !(MIN_BALL_PRECISION..=MAX_BALL_PRECISION).contains(&p) => Err(format!(
            "ball precision {p} is outside {MIN_BALL_PRECISION}..={MAX_BALL_PRECISION} bits"
        )),
        (Some(p), None) => super::ballbox::check_ball_box(inst, k, bx, p),
        (None, None) => check_box_exact(inst, k, bx, None, Check::Box),
        (None, Some(t)) => super::touching::check_touching(inst, k, bx, t),
    }
}

/// Smallest ball precision (bits of the midpoints) accepted.
pub const MIN_BALL_PRECISION: u32 = 32;
/// Largest ball precision accepted.
pub const MAX_BALL_PRECISION: u32 = 8192;

/// The conditions that need no evaluation of U_k: dimensions, support, off-support zeros,
/// positive lower bounds and the range of the eliminated coordinate, which is `1 − Σ x − π(y)`
/// with the parameter response `param` (bounds `0 ≤ lo ≤ hi`).
pub(super) fn check_shape(
    inst: &Instance,
    k: usize,
    bx: &EqBox,
    param: Option<usize>,
) -> Result<(), String> {
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
    if let Some(y) = param
        && (y >= m || in_support[y] || bx.lo[y] < Q::ZERO || bx.hi[y] < bx.lo[y])
    {
        return Err("the touching response must be off the support with 0 ≤ lo ≤ hi".into());
    }
    for y in (0..m).filter(|&y| param != Some(y)) {
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
    let sum_hi = free
        .iter()
        .chain(&param)
        .fold(Q::ZERO, |a, &s| a + &bx.hi[s]);
    let sum_lo = free
        .iter()
        .chain(&param)
        .fold(Q::ZERO, |a, &s| a + &bx.lo[s]);
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
