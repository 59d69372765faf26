//! Standard form: `Max c'ᵀx s.t. A' x = b', x >= 0, b' >= 0`, with rows oriented so that the
//! right-hand side is non-negative, one slack column per inequality and one artificial column
//! per row whose slack cannot start in the basis. Columns are stored as integers over a
//! per-column common denominator, plus an `f64` copy for float pricing.

use super::arith::{approx_q, common_den};
use super::{LpOutcome, Problem, Relation, Sense};
use crate::number::{IBig, Q, UBig, lcm};
use dashu_int::ops::Gcd;

/// What a standard-form column stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum ColKind {
    /// Original variable `j`.
    Struct(usize),
    /// Slack (or surplus) of row `i`.
    Slack(usize),
    /// Artificial of row `i` (never re-enters the basis once it has left).
    Art(usize),
}

pub(crate) struct StdForm {
    /// Rows.
    pub m: usize,
    /// Number of original variables.
    pub n: usize,
    /// Number of standard-form columns.
    pub ncols: usize,
    /// Column-major integer matrix: column `j` is `a[j*m..(j+1)*m]`, and the real column is
    /// `a_j / s_j`.
    pub a: Vec<IBig>,
    /// Per-column positive scale.
    pub s: Vec<UBig>,
    /// Phase-2 cost numerators (maximization form): the real cost is `c_j / s_j`.
    pub c: Vec<IBig>,
    pub kind: Vec<ColKind>,
    /// Oriented right-hand side `b_int / t`, all entries `>= 0`.
    pub b: Vec<IBig>,
    pub t: UBig,
    /// Row `i` was multiplied by `-1`.
    pub neg: Vec<bool>,
    /// Column-major `f64` copy of the real (unscaled) columns.
    pub af: Vec<f64>,
    /// `f64` phase-2 costs.
    pub cf: Vec<f64>,
    /// `f64` oriented right-hand side.
    pub bf: Vec<f64>,
    /// The original problem maximizes (internally everything is a maximization).
    pub max: bool,
    /// Initial basis: per row, its slack if the slack has coefficient `+1`, else its artificial.
    pub start: Vec<usize>,
}

/// The engine's answer in standard-form terms (values of the internal maximization).
pub(crate) enum RawOutcome {
    /// Basic column values (structural or not) and the internal dual `y'`.
    Optimal { xb: Vec<(usize, Q)>, y: Vec<Q> },
    /// Phase-1 dual proving infeasibility of the oriented system.
    Infeasible { y: Vec<Q> },
    /// Basic column values and a ray over standard-form columns.
    Unbounded {
        xb: Vec<(usize, Q)>,
        ray: Vec<(usize, Q)>,
    },
}

impl StdForm {
    pub fn new(p: &Problem) -> Self {
        Self::build(p, true)
    }

    /// Only the `f64` data (the integer columns of the original variables are left zero): for
    /// the float-only benchmark baseline.
    pub fn new_float(p: &Problem) -> Self {
        Self::build(p, false)
    }

    fn build(p: &Problem, exact: bool) -> Self {
        let m = p.constraints.len();
        let n = p.objective.len();
        let max = p.sense == Sense::Max;
        let neg: Vec<bool> = p
            .constraints
            .iter()
            .map(|r| r.rhs < Q::ZERO || (r.rel == Relation::Ge && r.rhs == Q::ZERO))
            .collect();
        let sign = |i: usize| if neg[i] { -1.0 } else { 1.0 };

        let mut a = Vec::with_capacity((n + 2 * m) * m);
        let mut s = Vec::with_capacity(n + 2 * m);
        let mut c = Vec::with_capacity(n + 2 * m);
        let mut kind = Vec::with_capacity(n + 2 * m);
        let mut af = Vec::with_capacity((n + 2 * m) * m);
        let mut cf = Vec::with_capacity(n + 2 * m);
        for j in 0..n {
            if !exact {
                a.extend((0..m).map(|_| IBig::ZERO));
                s.push(UBig::ONE);
                c.push(IBig::ZERO);
            }
            let col =
                std::iter::once(&p.objective[j]).chain(p.constraints.iter().map(|r| &r.coeffs[j]));
            let (nums, den) = if exact {
                common_den(col)
            } else {
                (Vec::new(), UBig::ONE)
            };
            let mut nums = nums.into_iter();
            if let Some(cj) = nums.next() {
                c.push(if max { cj } else { -cj });
                for (i, v) in nums.enumerate() {
                    a.push(if neg[i] { -v } else { v });
                }
                s.push(den);
            }
            let cjf = approx_q(&p.objective[j]);
            cf.push(if max { cjf } else { -cjf });
            for (i, r) in p.constraints.iter().enumerate() {
                af.push(sign(i) * approx_q(&r.coeffs[j]));
            }
            kind.push(ColKind::Struct(j));
        }
        let mut start = vec![usize::MAX; m];
        let mut units: Vec<(usize, i32, ColKind)> = Vec::new();
        for (i, r) in p.constraints.iter().enumerate() {
            let coef = match r.rel {
                Relation::Le => 1,
                Relation::Ge => -1,
                Relation::Eq => continue,
            };
            let coef = if neg[i] { -coef } else { coef };
            if coef == 1 {
                start[i] = n + units.len();
            }
            units.push((i, coef, ColKind::Slack(i)));
        }
        for (i, st) in start.iter_mut().enumerate() {
            if *st == usize::MAX {
                *st = n + units.len();
                units.push((i, 1, ColKind::Art(i)));
            }
        }
        for (i, v, k) in units {
            for r in 0..m {
                a.push(IBig::from(if r == i { v } else { 0 }));
                af.push(if r == i { f64::from(v) } else { 0.0 });
            }
            s.push(UBig::ONE);
            c.push(IBig::ZERO);
            cf.push(0.0);
            kind.push(k);
        }
        let rhs: Vec<Q> = p
            .constraints
            .iter()
            .enumerate()
            .map(|(i, r)| {
                if neg[i] {
                    -r.rhs.clone()
                } else {
                    r.rhs.clone()
                }
            })
            .collect();
        let bf = rhs.iter().map(approx_q).collect();
        let (bnums, bden) = common_den(rhs.iter());
        StdForm {
            m,
            n,
            ncols: kind.len(),
            a,
            s,
            c,
            kind,
            b: bnums,
            t: bden,
            neg,
            af,
            cf,
            bf,
            max,
            start,
        }
    }

    /// Integer column `j`.
    pub fn col(&self, j: usize) -> &[IBig] {
        &self.a[j * self.m..(j + 1) * self.m]
    }

    /// `f64` column `j`.
    pub fn colf(&self, j: usize) -> &[f64] {
        &self.af[j * self.m..(j + 1) * self.m]
    }

    pub fn is_art(&self, j: usize) -> bool {
        matches!(self.kind[j], ColKind::Art(_))
    }

    /// Maps the engine's answer back to the original problem's variables, rows and sense.
    pub fn to_outcome(&self, p: &Problem, raw: RawOutcome) -> LpOutcome {
        let structural = |xb: &[(usize, Q)]| {
            let mut x = vec![Q::ZERO; self.n];
            for (j, v) in xb {
                if let ColKind::Struct(k) = self.kind[*j] {
                    x[k] = v.clone();
                }
            }
            x
        };
        let orient = |y: Vec<Q>, flip: bool| -> Vec<Q> {
            y.into_iter()
                .enumerate()
                .map(|(i, v)| if self.neg[i] != flip { -v } else { v })
                .collect()
        };
        match raw {
            RawOutcome::Optimal { xb, y } => {
                let x = structural(&xb);
                let value = dot_sparse(&p.objective, &x);
                let y = orient(y, p.sense == Sense::Min);
                LpOutcome::Optimal { x, y, value }
            }
            RawOutcome::Infeasible { y } => LpOutcome::Infeasible {
                farkas: primitive(orient(y, false)),
            },
            RawOutcome::Unbounded { xb, ray } => LpOutcome::Unbounded {
                x: structural(&xb),
                ray: primitive(structural(&ray)),
            },
        }
    }
}

/// `Σ a_j x_j` over the non-zero `x_j`.
fn dot_sparse(a: &[Q], x: &[Q]) -> Q {
    let mut acc = Q::ZERO;
    for (ai, xi) in a.iter().zip(x) {
        if *xi != Q::ZERO && *ai != Q::ZERO {
            acc += ai * xi;
        }
    }
    acc
}

/// The positive multiple of `v` that is a primitive integer vector (unchanged if `v == 0`).
pub(crate) fn primitive(v: Vec<Q>) -> Vec<Q> {
    let den = v
        .iter()
        .fold(UBig::ONE, |acc, x| lcm(&acc, x.denominator()));
    let nums: Vec<IBig> = v
        .iter()
        .map(|x| x.numerator() * IBig::from(&den / x.denominator()))
        .collect();
    let mut g = UBig::ZERO;
    for x in &nums {
        if g == UBig::ONE {
            break;
        }
        if *x != IBig::ZERO {
            g = (&g).gcd(x);
        }
    }
    if g == UBig::ZERO {
        return v;
    }
    let g = IBig::from(g);
    nums.into_iter().map(|x| Q::from(x / &g)).collect()
}
