//! The exact engine: a revised primal simplex that keeps the basis inverse as an integer
//! adjugate.
//!
//! With `B` the integer basis matrix (columns `a_j` of [`StdForm`]), the engine stores
//! `R = D·B⁻¹` with `D = ±det B`, and `u = R b`. A pivot on row `r` with entering column
//! `a_q`, `v = R a_q`, is the integer-preserving (Edmonds/Bareiss) update
//! `R'_r = R_r`, `R'_i = (v_r R_i − v_i R_r) / D` (an exact division), `D' = v_r`.
//! Every quantity the simplex needs is then an integer expression:
//! `x_B = diag(s_B) u / (D t)`, `y = w / D` with `w = Σ_k c_{B_k} R_k`, and the reduced cost of
//! column `j` has the sign of `(c_j D − w·a_j)·sign(D)`.

#![allow(clippy::needless_range_loop)] // matrix code reads better with indices

use std::cmp::Ordering;

use dashu_int::ops::UnsignedAbs;
use dashu_ratio::Relaxed;

use super::standard::{RawOutcome, StdForm};
use super::{AntiCycling, Options, SolveStats};
use crate::number::{IBig, Q};

/// Degenerate pivots in a row after which Bland's rule takes over (until the point moves).

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Phase {
    One,
    Two,
}

enum Status {
    Optimal,
    Unbounded { q: usize, v: Vec<IBig> },
}

pub(crate) struct Engine<'a> {
    sf: &'a StdForm,
    m: usize,
    /// Column at each basis position.
    basis: Vec<usize>,
    /// Basis position of each column, `usize::MAX` if nonbasic.
    pos: Vec<usize>,
    /// `R = D·B⁻¹`, row-major `m × m`.
    r: Vec<IBig>,
    d: IBig,
    /// `u = R b`.
    u: Vec<IBig>,
    /// Position holds an artificial of a redundant row (its row of `B⁻¹A` is zero).
    locked: Vec<bool>,
    /// Basis at the start of the current phase: ties in the ratio test are broken
    /// lexicographically on the rows of `B⁻¹B₀` (the perturbation `b + B₀(ε, ε², …)`), which
    /// rules out cycling whatever the pricing.
    b0: Vec<usize>,
    float_pricing: bool,
    anti_cycling: AntiCycling,
    anti_cycling_after: usize,
}

/// `a / b`, which the caller knows to be exact.
#[inline]
fn div_exact(a: IBig, b: &IBig) -> IBig {
    debug_assert!(
        (&a % b) == IBig::ZERO,
        "inexact division in fraction-free update"
    );
    a / b
}

#[inline]
fn sign(x: &IBig) -> i32 {
    match x.cmp(&IBig::ZERO) {
        Ordering::Less => -1,
        Ordering::Equal => 0,
        Ordering::Greater => 1,
    }
}

/// `num / den` as an exact rational (`den != 0`).
fn ratio(num: IBig, den: IBig) -> Q {
    Q::from_parts_signed(num, den)
}

/// Nearest-ish `f64` of `num / den` without a gcd.
fn approx(num: &IBig, den: &IBig) -> f64 {
    if *num == IBig::ZERO {
        return 0.0;
    }
    let v = Relaxed::from_parts(num.clone(), den.unsigned_abs()).to_f64_fast();
    if *den < IBig::ZERO { -v } else { v }
}

impl<'a> Engine<'a> {
    /// The slack/artificial starting basis (`B = I`).
    pub fn slack(sf: &'a StdForm, opts: &Options) -> Self {
        let m = sf.m;
        let mut r = vec![IBig::ZERO; m * m];
        for i in 0..m {
            r[i * m + i] = IBig::ONE;
        }
        let mut e = Engine {
            sf,
            m,
            basis: sf.start.clone(),
            pos: vec![usize::MAX; sf.ncols],
            r,
            d: IBig::ONE,
            u: sf.b.clone(),
            locked: vec![false; m],
            b0: Vec::new(),
            float_pricing: opts.float_pricing,
            anti_cycling: opts.anti_cycling,
            anti_cycling_after: opts.anti_cycling_after,
        };
        for (k, &j) in e.basis.iter().enumerate() {
            e.pos[j] = k;
        }
        e
    }

    /// Starts from a given basis if it is exactly nonsingular and primal feasible. The basis
    /// is reached from the slack basis by pivoting its columns in (no ratio test), which costs
    /// `O(m²)` per column that is not already a starting slack/artificial.
    pub fn from_basis(sf: &'a StdForm, basis: &[usize], opts: &Options) -> Option<Self> {
        let m = sf.m;
        if basis.len() != m {
            return None;
        }
        let mut wanted = vec![false; sf.ncols];
        for &j in basis {
            if j >= sf.ncols || wanted[j] {
                return None;
            }
            wanted[j] = true;
        }
        let mut e = Engine::slack(sf, opts);
        for &j in basis {
            if e.pos[j] != usize::MAX {
                continue;
            }
            let v = e.column(j);
            let k = (0..m).find(|&k| !wanted[e.basis[k]] && v[k] != IBig::ZERO)?;
            e.pivot(k, j, &v);
        }
        let sd = sign(&e.d);
        if e.u.iter().any(|x| sign(x) * sd < 0) {
            return None;
        }
        Some(e)
    }

    fn row(&self, k: usize) -> &[IBig] {
        &self.r[k * self.m..(k + 1) * self.m]
    }

    fn cost(&self, phase: Phase, j: usize) -> IBig {
        match phase {
            Phase::Two => self.sf.c[j].clone(),
            Phase::One => {
                if self.sf.is_art(j) {
                    IBig::NEG_ONE
                } else {
                    IBig::ZERO
                }
            }
        }
    }

    fn eligible(&self, j: usize) -> bool {
        self.pos[j] == usize::MAX && !self.sf.is_art(j)
    }

    /// Some basic artificial is positive (phase 1 not finished).
    fn art_positive(&self) -> bool {
        (0..self.m).any(|k| self.sf.is_art(self.basis[k]) && self.u[k] != IBig::ZERO)
    }

    /// `w = Σ_k c_{B_k} R_k`, so that the dual is `y = w / D`.
    fn duals(&self, phase: Phase) -> Vec<IBig> {
        let m = self.m;
        let mut w = vec![IBig::ZERO; m];
        for k in 0..m {
            let ck = self.cost(phase, self.basis[k]);
            if ck == IBig::ZERO {
                continue;
            }
            for (wi, rki) in w.iter_mut().zip(self.row(k)) {
                if *rki != IBig::ZERO {
                    *wi += &ck * rki;
                }
            }
        }
        w
    }

    /// `(c_j D − w·a_j)`; the reduced cost of `j` has its sign times `sign(D)`.
    fn rc_num(&self, phase: Phase, w: &[IBig], j: usize) -> IBig {
        let mut acc = self.cost(phase, j) * &self.d;
        for (wi, aij) in w.iter().zip(self.sf.col(j)) {
            if *aij != IBig::ZERO && *wi != IBig::ZERO {
                acc -= wi * aij;
            }
        }
        acc
    }

    fn improves(&self, phase: Phase, w: &[IBig], j: usize) -> bool {
        sign(&self.rc_num(phase, w, j)) * sign(&self.d) > 0
    }

    /// Entering column, or `None` if the basis is optimal (certified by an exact scan).
    fn price(
        &self,
        phase: Phase,
        w: &[IBig],
        bland: bool,
        stats: &mut SolveStats,
    ) -> Option<usize> {
        let n = self.sf.ncols;
        if bland {
            stats.bland_pivots += 1;
            return (0..n).find(|&j| self.eligible(j) && self.improves(phase, w, j));
        }
        if self.float_pricing {
            let yf: Vec<f64> = w.iter().map(|wi| approx(wi, &self.d)).collect();
            let mut rcf = vec![f64::NEG_INFINITY; n];
            let mut best: Option<usize> = None;
            let mut best_val = f64::NEG_INFINITY;
            for (j, rc) in rcf.iter_mut().enumerate() {
                if !self.eligible(j) {
                    continue;
                }
                let cj = if phase == Phase::Two {
                    self.sf.cf[j]
                } else {
                    0.0
                };
                let dot: f64 = yf.iter().zip(self.sf.colf(j)).map(|(y, a)| y * a).sum();
                *rc = cj - dot;
                if best.is_none() || *rc > best_val {
                    best = Some(j);
                    best_val = *rc;
                }
            }
            if let Some(b) = best
                && best_val > 0.0
                && self.improves(phase, w, b)
            {
                return Some(b);
            }
            // Certify: exact scan in order of decreasing float reduced cost.
            stats.full_scans += 1;
            let mut order: Vec<usize> = (0..n).filter(|&j| self.eligible(j)).collect();
            order.sort_by(|&x, &y| rcf[y].total_cmp(&rcf[x]));
            return order.into_iter().find(|&j| self.improves(phase, w, j));
        }
        // Exact Dantzig: largest reduced cost among the exactly positive ones.
        stats.full_scans += 1;
        let sd = sign(&self.d);
        let mut best: Option<(usize, f64)> = None;
        for j in 0..n {
            if !self.eligible(j) {
                continue;
            }
            let num = self.rc_num(phase, w, j);
            if sign(&num) * sd <= 0 {
                continue;
            }
            let den = &self.d * IBig::from(self.sf.s[j].clone());
            let val = approx(&num, &den);
            if best.is_none_or(|(_, bv)| val > bv) {
                best = Some((j, val));
            }
        }
        best.map(|(j, _)| j)
    }

    /// `R a_j`.
    fn column(&self, j: usize) -> Vec<IBig> {
        let m = self.m;
        let a = self.sf.col(j);
        (0..m)
            .map(|i| {
                let mut acc = IBig::ZERO;
                for (rik, ak) in self.row(i).iter().zip(a) {
                    if *ak != IBig::ZERO && *rik != IBig::ZERO {
                        acc += rik * ak;
                    }
                }
                acc
            })
            .collect()
    }

    /// Leaving position by the exact minimum-ratio test; ties are broken lexicographically
    /// (see `b0`), or by smallest column index under Bland's rule.
    fn ratio_test(&self, v: &[IBig], bland: bool, lex: bool) -> Option<usize> {
        let sd = sign(&self.d);
        let mut ties: Vec<usize> = Vec::new();
        for k in 0..self.m {
            if sign(&v[k]) != sd {
                continue;
            }
            let Some(&l) = ties.first() else {
                ties.push(k);
                continue;
            };
            // u_k / v_k  vs  u_l / v_l, with v_k v_l > 0.
            match (&self.u[k] * &v[l]).cmp(&(&self.u[l] * &v[k])) {
                Ordering::Less => {
                    ties.clear();
                    ties.push(k);
                }
                Ordering::Equal => ties.push(k),
                Ordering::Greater => {}
            }
        }
        if ties.len() <= 1 || bland || !lex {
            return ties.into_iter().min_by_key(|&k| self.basis[k]);
        }
        // Lexicographic: minimise (R_k · a_{b0[c]}) / v_k for c = 0, 1, … among the ties.
        for &j0 in &self.b0 {
            let a0 = self.sf.col(j0);
            let t: Vec<IBig> = ties
                .iter()
                .map(|&k| {
                    let mut acc = IBig::ZERO;
                    for (x, a) in self.row(k).iter().zip(a0) {
                        if *a != IBig::ZERO && *x != IBig::ZERO {
                            acc += x * a;
                        }
                    }
                    acc
                })
                .collect();
            let mut best = 0;
            let mut keep = vec![0];
            for i in 1..ties.len() {
                let (k, l) = (ties[i], ties[best]);
                match (&t[i] * &v[l]).cmp(&(&t[best] * &v[k])) {
                    Ordering::Less => {
                        best = i;
                        keep.clear();
                        keep.push(i);
                    }
                    Ordering::Equal => keep.push(i),
                    Ordering::Greater => {}
                }
            }
            ties = keep.into_iter().map(|i| ties[i]).collect();
            if ties.len() == 1 {
                break;
            }
        }
        ties.into_iter().min_by_key(|&k| self.basis[k])
    }

    /// Integer-preserving pivot: column `q` (with `v = R a_q`) replaces position `r`.
    fn pivot(&mut self, r: usize, q: usize, v: &[IBig]) {
        let m = self.m;
        let vr = v[r].clone();
        let (rrow, ur) = (self.row(r).to_vec(), self.u[r].clone());
        for i in 0..m {
            if i == r {
                continue;
            }
            let vi = &v[i];
            let zero = *vi == IBig::ZERO;
            for k in 0..m {
                let x = &mut self.r[i * m + k];
                let t = &vr * &*x;
                *x = if zero || rrow[k] == IBig::ZERO {
                    div_exact(t, &self.d)
                } else {
                    div_exact(t - vi * &rrow[k], &self.d)
                };
            }
            let t = &vr * &self.u[i];
            self.u[i] = if zero || ur == IBig::ZERO {
                div_exact(t, &self.d)
            } else {
                div_exact(t - vi * &ur, &self.d)
            };
        }
        self.d = vr;
        self.pos[self.basis[r]] = usize::MAX;
        self.basis[r] = q;
        self.pos[q] = r;
    }

    fn optimize(&mut self, phase: Phase, stats: &mut SolveStats) -> Status {
        let mut degenerate_run = 0;
        loop {
            if phase == Phase::One && !self.art_positive() {
                return Status::Optimal;
            }
            let w = self.duals(phase);
            let careful = degenerate_run >= self.anti_cycling_after;
            let bland = careful && self.anti_cycling == AntiCycling::Bland;
            let lex = careful && self.anti_cycling == AntiCycling::Lexicographic;
            if lex && degenerate_run == self.anti_cycling_after {
                // Any feasible basis is lexicographically feasible relative to itself.
                self.b0 = self.basis.clone();
            }
            let Some(q) = self.price(phase, &w, bland, stats) else {
                return Status::Optimal;
            };
            let v = self.column(q);
            let Some(r) = self.ratio_test(&v, bland, lex) else {
                return Status::Unbounded { q, v };
            };
            let degenerate = self.u[r] == IBig::ZERO;
            self.pivot(r, q, &v);
            stats.exact_pivots += 1;
            if degenerate {
                stats.degenerate_pivots += 1;
                degenerate_run += 1;
            } else {
                degenerate_run = 0;
            }
        }
    }

    /// Replaces basic artificials (all at value zero) by real columns where possible; the others
    /// sit on redundant rows and are locked.
    fn drive_out(&mut self, stats: &mut SolveStats) {
        for k in 0..self.m {
            if !self.sf.is_art(self.basis[k]) || self.locked[k] {
                continue;
            }
            debug_assert!(self.u[k] == IBig::ZERO);
            let rk = self.row(k).to_vec();
            let found = (0..self.sf.ncols).find(|&j| {
                self.eligible(j)
                    && rk
                        .iter()
                        .zip(self.sf.col(j))
                        .filter(|(x, a)| **x != IBig::ZERO && **a != IBig::ZERO)
                        .fold(IBig::ZERO, |acc, (x, a)| acc + x * a)
                        != IBig::ZERO
            });
            match found {
                Some(j) => {
                    let v = self.column(j);
                    self.pivot(k, j, &v);
                    stats.exact_pivots += 1;
                    stats.degenerate_pivots += 1;
                }
                None => self.locked[k] = true,
            }
        }
    }

    /// Values of the basic columns.
    fn basic_values(&self) -> Vec<(usize, Q)> {
        let den = &self.d * IBig::from(self.sf.t.clone());
        (0..self.m)
            .filter(|&k| self.u[k] != IBig::ZERO)
            .map(|k| {
                let j = self.basis[k];
                let num = IBig::from(self.sf.s[j].clone()) * &self.u[k];
                (j, ratio(num, den.clone()))
            })
            .collect()
    }

    fn dual_values(&self, phase: Phase) -> Vec<Q> {
        self.duals(phase)
            .into_iter()
            .map(|wi| ratio(wi, self.d.clone()))
            .collect()
    }
}

/// Runs both phases, starting from `guess` when the engine accepts it. Returns the answer and
/// the final basis.
pub(crate) fn run(
    sf: &StdForm,
    guess: Option<&[usize]>,
    opts: &Options,
    stats: &mut SolveStats,
) -> (RawOutcome, Vec<usize>) {
    let mut e = match guess.and_then(|g| Engine::from_basis(sf, g, opts)) {
        Some(e) => {
            stats.guide_accepted = true;
            e
        }
        None => Engine::slack(sf, opts),
    };
    if e.art_positive() {
        if let Status::Unbounded { .. } = e.optimize(Phase::One, stats) {
            unreachable!("phase 1 is bounded above by 0");
        }
        if e.art_positive() {
            let y = e.dual_values(Phase::One);
            return (RawOutcome::Infeasible { y }, e.basis);
        }
    }
    e.drive_out(stats);
    let raw = match e.optimize(Phase::Two, stats) {
        Status::Optimal => RawOutcome::Optimal {
            xb: e.basic_values(),
            y: e.dual_values(Phase::Two),
        },
        Status::Unbounded { q, v } => {
            let den = &e.d * IBig::from(sf.s[q].clone());
            let mut ray = vec![(q, Q::ONE)];
            for k in 0..e.m {
                if v[k] != IBig::ZERO {
                    let j = e.basis[k];
                    let num = -(IBig::from(sf.s[j].clone()) * &v[k]);
                    ray.push((j, ratio(num, den.clone())));
                }
            }
            RawOutcome::Unbounded {
                xb: e.basic_values(),
                ray,
            }
        }
    };
    (raw, e.basis)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lp::{Problem, Relation, Sense};
    use crate::number::{q, qi};

    fn problem() -> Problem {
        let mut p = Problem::new(Sense::Max, vec![qi(3), q(5, 2), qi(-1), q(1, 3)]);
        p.push(vec![q(1, 2), qi(2), qi(0), qi(1)], Relation::Le, qi(4));
        p.push(vec![qi(3), q(-1, 3), qi(1), qi(0)], Relation::Ge, qi(1));
        p.push(vec![qi(1), qi(1), qi(1), q(7, 5)], Relation::Eq, qi(3));
        p
    }

    /// `R B = D I` and `u = R b`.
    fn assert_invariant(e: &Engine) {
        let m = e.m;
        for i in 0..m {
            for k in 0..m {
                let col = e.sf.col(e.basis[k]);
                let v: IBig = (0..m).map(|l| &e.r[i * m + l] * &col[l]).sum();
                let want = if i == k { e.d.clone() } else { IBig::ZERO };
                assert_eq!(v, want, "R B != D I at ({i}, {k})");
            }
            let ub: IBig = (0..m).map(|l| &e.r[i * m + l] * &e.sf.b[l]).sum();
            assert_eq!(ub, e.u[i]);
        }
    }

    #[test]
    fn adjugate_invariant_survives_pivots() {
        let p = problem();
        let sf = StdForm::new(&p);
        let opts = Options::default();
        let mut e = Engine::slack(&sf, &opts);
        assert_invariant(&e);
        // Pivot every structural column in, wherever the column has a nonzero entry.
        for j in 0..sf.n {
            let v = e.column(j);
            if let Some(r) = (0..sf.m).find(|&k| v[k] != IBig::ZERO && e.pos[j] == usize::MAX) {
                e.pivot(r, j, &v);
                assert_invariant(&e);
            }
        }
    }

    #[test]
    fn from_basis_rejects_bad_guesses() {
        let p = problem();
        let sf = StdForm::new(&p);
        let opts = Options::default();
        assert!(
            Engine::from_basis(&sf, &[0, 0, 1], &opts).is_none(),
            "duplicate"
        );
        assert!(Engine::from_basis(&sf, &[0, 1], &opts).is_none(), "short");
        assert!(
            Engine::from_basis(&sf, &[0, 1, 99], &opts).is_none(),
            "out of range"
        );
        let e = Engine::from_basis(&sf, &sf.start, &opts).unwrap();
        assert_eq!(e.d, IBig::ONE);
        assert_invariant(&e);
        // Any accepted guess satisfies the invariant and is primal feasible.
        for a in 0..sf.ncols {
            for b in a + 1..sf.ncols {
                for c in b + 1..sf.ncols {
                    if let Some(e) = Engine::from_basis(&sf, &[a, b, c], &opts) {
                        assert_invariant(&e);
                        assert!(e.u.iter().all(|x| sign(x) * sign(&e.d) >= 0));
                    }
                }
            }
        }
    }
}
