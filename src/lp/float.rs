//! The float guide: a dense `f64` tableau simplex on the same standard form as the exact
//! engine. Its only output is a basis guess (column indices); nothing it computes is trusted.

use super::SolveStats;
use super::standard::StdForm;

const RC_TOL: f64 = 1e-9;
const PIV_TOL: f64 = 1e-9;
const BLAND_AFTER: usize = 50;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FStatus {
    Optimal,
    Infeasible,
    Unbounded,
    /// Iteration limit or numerical trouble.
    Stuck,
}

struct Tableau<'a> {
    sf: &'a StdForm,
    m: usize,
    /// Row width: the columns, then the right-hand side.
    w: usize,
    t: Vec<f64>,
    /// Reduced costs `c − c_B B⁻¹A`, then `−c_B B⁻¹b`.
    obj: Vec<f64>,
    basis: Vec<usize>,
    pos: Vec<usize>,
    pivots_left: usize,
}

impl<'a> Tableau<'a> {
    fn new(sf: &'a StdForm) -> Self {
        let (m, n) = (sf.m, sf.ncols);
        let w = n + 1;
        let mut t = vec![0.0; m * w];
        for j in 0..n {
            for (i, a) in sf.colf(j).iter().enumerate() {
                t[i * w + j] = *a;
            }
        }
        for i in 0..m {
            t[i * w + n] = sf.bf[i];
        }
        let mut pos = vec![usize::MAX; n];
        for (k, &j) in sf.start.iter().enumerate() {
            pos[j] = k;
        }
        Tableau {
            sf,
            m,
            w,
            t,
            obj: vec![0.0; w],
            basis: sf.start.clone(),
            pos,
            pivots_left: 20 * (n + m) + 1000,
        }
    }

    fn set_costs(&mut self, phase1: bool) {
        let sf = self.sf;
        let cost = |j: usize| {
            if phase1 {
                if sf.is_art(j) { -1.0 } else { 0.0 }
            } else {
                sf.cf[j]
            }
        };
        for j in 0..self.w - 1 {
            self.obj[j] = cost(j);
        }
        self.obj[self.w - 1] = 0.0;
        for k in 0..self.m {
            let ck = cost(self.basis[k]);
            if ck != 0.0 {
                let row = &self.t[k * self.w..(k + 1) * self.w];
                for (o, x) in self.obj.iter_mut().zip(row) {
                    *o -= ck * x;
                }
            }
        }
    }

    fn rhs(&self, i: usize) -> f64 {
        self.t[i * self.w + self.w - 1]
    }

    fn eligible(&self, j: usize) -> bool {
        self.pos[j] == usize::MAX && !self.sf.is_art(j)
    }

    fn pivot(&mut self, r: usize, q: usize) {
        let w = self.w;
        let p = self.t[r * w + q];
        let (before, rest) = self.t.split_at_mut(r * w);
        let (prow, after) = rest.split_at_mut(w);
        for x in prow.iter_mut() {
            *x /= p;
        }
        prow[q] = 1.0;
        for row in before
            .chunks_mut(w)
            .chain(after.chunks_mut(w))
            .chain(std::iter::once(&mut self.obj[..]))
        {
            let f = row[q];
            if f != 0.0 {
                for (x, pr) in row.iter_mut().zip(prow.iter()) {
                    *x -= f * pr;
                }
                row[q] = 0.0;
            }
        }
        self.pos[self.basis[r]] = usize::MAX;
        self.basis[r] = q;
        self.pos[q] = r;
    }

    fn run(&mut self, phase1: bool, stats: &mut SolveStats) -> FStatus {
        let n = self.w - 1;
        let mut degenerate_run = 0;
        loop {
            if phase1
                && !(0..self.m).any(|k| self.sf.is_art(self.basis[k]) && self.rhs(k) > PIV_TOL)
            {
                return FStatus::Optimal;
            }
            if self.pivots_left == 0 || !self.obj[n].is_finite() {
                return FStatus::Stuck;
            }
            let bland = degenerate_run >= BLAND_AFTER;
            let mut q = None;
            for j in 0..n {
                if self.obj[j] > RC_TOL && self.eligible(j) {
                    if bland {
                        q = Some(j);
                        break;
                    }
                    if q.is_none_or(|b| self.obj[j] > self.obj[b]) {
                        q = Some(j);
                    }
                }
            }
            let Some(q) = q else {
                return FStatus::Optimal;
            };
            let mut best: Option<(usize, f64)> = None;
            for i in 0..self.m {
                let a = self.t[i * self.w + q];
                if a <= PIV_TOL {
                    continue;
                }
                let ratio = self.rhs(i).max(0.0) / a;
                best = match best {
                    None => Some((i, ratio)),
                    Some((l, br)) => {
                        let tie = (ratio - br).abs() <= 1e-12 * (1.0 + br.abs());
                        let better = if tie {
                            if bland {
                                self.basis[i] < self.basis[l]
                            } else {
                                a > self.t[l * self.w + q]
                            }
                        } else {
                            ratio < br
                        };
                        if better { Some((i, ratio)) } else { best }
                    }
                };
            }
            let Some((r, ratio)) = best else {
                return FStatus::Unbounded;
            };
            self.pivot(r, q);
            self.pivots_left -= 1;
            stats.float_pivots += 1;
            if ratio <= 1e-12 {
                degenerate_run += 1;
            } else {
                degenerate_run = 0;
            }
        }
    }

    /// Pivots basic artificials out where a real column has a usable entry in their row.
    fn drive_out(&mut self, stats: &mut SolveStats) {
        for k in 0..self.m {
            if !self.sf.is_art(self.basis[k]) {
                continue;
            }
            let row = &self.t[k * self.w..(k + 1) * self.w - 1];
            let mut best: Option<(usize, f64)> = None;
            for (j, a) in row.iter().enumerate() {
                if self.eligible(j) && a.abs() > PIV_TOL && best.is_none_or(|(_, b)| a.abs() > b) {
                    best = Some((j, a.abs()));
                }
            }
            if let Some((j, _)) = best {
                self.pivot(k, j);
                stats.float_pivots += 1;
            }
        }
    }
}

fn run_all<'a>(sf: &'a StdForm, stats: &mut SolveStats) -> (FStatus, Tableau<'a>) {
    let mut tab = Tableau::new(sf);
    tab.set_costs(true);
    let st = tab.run(true, stats);
    if st != FStatus::Optimal {
        return (FStatus::Stuck, tab);
    }
    let scale = 1.0 + sf.bf.iter().fold(0.0f64, |a, b| a.max(b.abs()));
    if tab.obj[tab.w - 1] > 1e-9 * scale {
        // −(phase-1 value) > 0: infeasible.
        return (FStatus::Infeasible, tab);
    }
    tab.drive_out(stats);
    tab.set_costs(false);
    let st = tab.run(false, stats);
    (st, tab)
}

/// A basis guess for the exact engine, or `None` if the float simplex got stuck.
pub(crate) fn guide(sf: &StdForm, stats: &mut SolveStats) -> Option<Vec<usize>> {
    let (st, tab) = run_all(sf, stats);
    (st != FStatus::Stuck).then_some(tab.basis)
}

/// The float simplex's optimal value (in the original sense), if it reports one.
pub(crate) fn solve_value(sf: &StdForm) -> Option<f64> {
    let mut stats = SolveStats::default();
    let (st, tab) = run_all(sf, &mut stats);
    let z = -tab.obj[tab.w - 1];
    (st == FStatus::Optimal).then_some(if sf.max { z } else { -z })
}
