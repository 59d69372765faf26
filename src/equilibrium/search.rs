//! Float guidance for the equilibrium solver (`f64`, never trusted; docs/THEORY.md §7):
//! entropic extragradient self-play in doubling stages, an active-set Newton search on the
//! support system `F_s(π) = U_k(s, π) − U_k(b, π) = 0`, and a semismooth Newton method on the
//! Fischer–Burmeister complementarity system. Its output is a candidate support, a float zero
//! and the float inverse Jacobian there; every claim made from it is re-derived exactly.

use std::rc::Rc;

use super::dynamics::{Algo, Learner};
use super::game::EqGame;
use super::linalg::Lu;

/// A support and an `f64` zero of its system, with the inverse Jacobian there.
#[derive(Debug, Clone)]
pub(super) struct Candidate {
    /// Support (indices of the collapsed game), increasing.
    pub support: Vec<usize>,
    pub basis: usize,
    /// The float zero (full vector of the collapsed game).
    pub pi: Vec<f64>,
    /// Inverse Jacobian of `F_s = U(s) − U(b)` w.r.t. the free coordinates.
    pub cinv: Vec<Vec<f64>>,
}

/// A cap on the number of `f64` Jacobian evaluations of the float search (about 4·10^8
/// elementary operations in total, at least 200 and at most 20 000 evaluations), so that a
/// search that wanders stays cheap; when it runs out the solver falls back honestly.
struct Budget(std::cell::Cell<usize>);

impl Budget {
    fn for_game(g: &EqGame) -> Self {
        let cost = (g.ranks.len() * g.m * g.m).max(1);
        Budget(std::cell::Cell::new(
            (400_000_000 / cost).clamp(200, 20_000),
        ))
    }
    /// Runs `f` with at most a quarter of what is left (so that one wandering attempt cannot
    /// starve the later ones), then charges what it used.
    fn share<T>(&self, f: impl FnOnce(&Budget) -> T) -> T {
        let left = self.0.get();
        let part = Budget(std::cell::Cell::new((left / 4).max(left.min(50))));
        let given = part.0.get();
        let out = f(&part);
        self.0.set(left - (given - part.0.get()));
        out
    }

    /// Spends one evaluation; false when none is left.
    fn spend(&self) -> bool {
        let left = self.0.get();
        if left == 0 {
            return false;
        }
        self.0.set(left - 1);
        true
    }
}

/// `F` and its Jacobian on the free coordinates at π (float), for support `s` and basis `b`.
fn system_f64(
    g: &EqGame,
    k: usize,
    pi: &[f64],
    support: &[usize],
    basis: usize,
) -> (Vec<f64>, Vec<f64>, Vec<Vec<f64>>) {
    let (u, h) = g.jacobian_f64(pi, k, support);
    let bi = support
        .iter()
        .position(|&s| s == basis)
        .expect("basis in support");
    let fidx: Vec<usize> = (0..support.len()).filter(|&i| i != bi).collect();
    let f: Vec<f64> = fidx.iter().map(|&i| u[support[i]] - u[basis]).collect();
    let j: Vec<Vec<f64>> = fidx
        .iter()
        .map(|&i| {
            fidx.iter()
                .map(|&l| h[i][l] - h[i][bi] - h[bi][l] + h[bi][bi])
                .collect()
        })
        .collect();
    (u, f, j)
}

fn max_abs(v: &[f64]) -> f64 {
    v.iter().fold(0.0f64, |a, x| a.max(x.abs()))
}

/// Newton's method in `f64` on the support system from `start`; returns the zero (full vector)
/// and the inverse Jacobian there. The iterate may leave the simplex (negative coordinates).
fn newton_f64(
    g: &EqGame,
    k: usize,
    support: &[usize],
    start: &[f64],
    budget: &Budget,
) -> Option<(Vec<f64>, usize, Vec<Vec<f64>>)> {
    let basis = *support
        .iter()
        .max_by(|&&a, &&b| start[a].total_cmp(&start[b]))
        .expect("non-empty support");
    let mut pi = vec![0.0; g.m];
    let total: f64 = support.iter().map(|&s| start[s].max(0.0)).sum();
    for &s in support {
        pi[s] = if total > 0.0 {
            start[s].max(0.0) / total
        } else {
            1.0 / support.len() as f64
        };
    }
    if support.len() == 1 {
        return Some((pi, basis, Vec::new()));
    }
    let free: Vec<usize> = support.iter().copied().filter(|&s| s != basis).collect();
    let set_basis = |pi: &mut Vec<f64>| {
        let s: f64 = free.iter().map(|&f| pi[f]).sum();
        pi[basis] = 1.0 - s;
    };
    set_basis(&mut pi);
    if !budget.spend() {
        return None;
    }
    let (_, mut f, mut j) = system_f64(g, k, &pi, support, basis);
    let mut nf = max_abs(&f);
    for _ in 0..80 {
        let lu = Lu::new(&j)?;
        if nf < 1e-15 {
            return Some((pi, basis, lu.inverse()));
        }
        let delta = lu.solve(&f);
        let mut step = 1.0;
        let mut accepted = false;
        for _ in 0..30 {
            let mut trial = pi.clone();
            for (i, &s) in free.iter().enumerate() {
                trial[s] -= step * delta[i];
            }
            set_basis(&mut trial);
            if !budget.spend() {
                return None;
            }
            // Trial points need F only (O(n·m)); the Jacobian (O(n·|S|²)) only where accepted.
            let u = g.payoffs_f64(&trial, k);
            let tn = free
                .iter()
                .fold(0.0f64, |a, &s| a.max((u[s] - u[basis]).abs()));
            if tn.is_finite() && (tn < nf * (1.0 - 1e-4 * step) || tn < 1e-15) {
                let (_, tf, tj) = system_f64(g, k, &trial, support, basis);
                pi = trial;
                f = tf;
                j = tj;
                nf = tn;
                accepted = true;
                break;
            }
            step *= 0.5;
        }
        if !accepted {
            // No more progress: accept if tiny.
            if nf < 1e-12 {
                return Some((pi, basis, lu.inverse()));
            }
            return None;
        }
    }
    if nf < 1e-12 {
        let lu = Lu::new(&j)?;
        return Some((pi, basis, lu.inverse()));
    }
    None
}

/// How a float zero of a support system fares as an equilibrium.
enum Verdict {
    /// A support coordinate is clearly negative: drop it.
    Negative(usize),
    /// An off-support response clearly beats 1/(k+1): add it.
    Violated(usize),
    /// An equilibrium up to float tolerance; lists support coordinates that are (nearly) zero.
    Valid(Vec<usize>),
}

const FLOAT_TOL: f64 = 1e-11;

fn verdict(g: &EqGame, k: usize, pi: &[f64], support: &[usize]) -> Verdict {
    let target = 1.0 / (k as f64 + 1.0);
    let &yneg = support
        .iter()
        .min_by(|a, b| pi[**a].total_cmp(&pi[**b]))
        .expect("non-empty");
    if pi[yneg] < -FLOAT_TOL {
        return Verdict::Negative(yneg);
    }
    let u = g.payoffs_f64(pi, k);
    let viol = (0..g.m)
        .filter(|y| !support.contains(y))
        .max_by(|&a, &b| u[a].total_cmp(&u[b]));
    if let Some(y) = viol
        && u[y] - target > FLOAT_TOL
    {
        return Verdict::Violated(y);
    }
    Verdict::Valid(
        support
            .iter()
            .copied()
            .filter(|&y| pi[y] < FLOAT_TOL)
            .collect(),
    )
}

/// The most profitable off-support response at `pi`, if it beats 1/(k+1).
fn best_entrant(g: &EqGame, k: usize, pi: &[f64], support: &[usize]) -> Option<usize> {
    let target = 1.0 / (k as f64 + 1.0);
    let u = g.payoffs_f64(pi, k);
    (0..g.m)
        .filter(|y| !support.contains(y))
        .max_by(|&a, &b| u[a].total_cmp(&u[b]))
        .filter(|&y| u[y] > target)
}

/// Active-set search for the support starting from the float policy `pi0`: Newton on the
/// current support; clearly negative coordinates leave, clearly profitable off-support responses
/// enter; a singular or non-convergent system first tries to grow, then to shrink.
fn active_set(g: &EqGame, k: usize, pi0: &[f64], budget: &Budget) -> Option<Candidate> {
    let pmax = pi0.iter().cloned().fold(0.0, f64::max);
    let support0: Vec<usize> = (0..g.m).filter(|&y| pi0[y] >= 1e-3 * pmax).collect();
    let clip = |pi: &[f64]| -> Vec<f64> { pi.iter().map(|x| x.max(0.0)).collect() };
    let mut visited = std::collections::HashSet::new();
    // Depth-first search over supports, backtracking when a system is singular.
    // Start points are shared between the entries pushed from one failure (one copy, not one
    // per entry: with hundreds of responses the copies would take O(m²) memory per failure).
    let mut stack: Vec<(Vec<usize>, Rc<Vec<f64>>)> = vec![(support0, Rc::new(pi0.to_vec()))];
    let mut supports_left = 4 * g.m + 20;
    while let Some((mut support, start)) = stack.pop() {
        support.sort_unstable();
        if support.is_empty() || !visited.insert(support.clone()) {
            continue;
        }
        if supports_left == 0 {
            return None;
        }
        supports_left -= 1;
        match newton_f64(g, k, &support, &start, budget) {
            None => {
                // Removals (smallest mass tried first), then growth (tried first of all).
                let mut order = support.clone();
                order.sort_by(|a, b| start[*b].total_cmp(&start[*a]));
                for y in order {
                    let smaller: Vec<usize> = support.iter().copied().filter(|&s| s != y).collect();
                    stack.push((smaller, Rc::clone(&start)));
                }
                if let Some(y) = best_entrant(g, k, &start, &support) {
                    let mut grown = support.clone();
                    grown.push(y);
                    let mut st = start.to_vec();
                    st[y] = st[y].max(1e-3);
                    stack.push((grown, Rc::new(st)));
                }
            }
            Some((pi, basis, cinv)) => match verdict(g, k, &pi, &support) {
                Verdict::Negative(y) => {
                    let smaller: Vec<usize> = support.iter().copied().filter(|&s| s != y).collect();
                    stack.push((smaller, Rc::new(clip(&pi))));
                }
                Verdict::Violated(y) => {
                    let mut grown = support.clone();
                    grown.push(y);
                    let mut st = clip(&pi);
                    st[y] = 1e-3;
                    stack.push((grown, Rc::new(st)));
                }
                Verdict::Valid(zeros) => {
                    let cand = Candidate {
                        support: support.clone(),
                        basis,
                        pi: pi.clone(),
                        cinv,
                    };
                    if zeros.is_empty() || zeros.len() >= support.len() {
                        return Some(cand);
                    }
                    // Degenerate: prefer the smaller support if it is valid too.
                    let smaller: Vec<usize> = support
                        .iter()
                        .copied()
                        .filter(|y| !zeros.contains(y))
                        .collect();
                    if let Some((p2, b2, c2)) = newton_f64(g, k, &smaller, &clip(&pi), budget)
                        && let Verdict::Valid(z2) = verdict(g, k, &p2, &smaller)
                        && z2.is_empty()
                    {
                        return Some(Candidate {
                            support: smaller,
                            basis: b2,
                            pi: p2,
                            cinv: c2,
                        });
                    }
                    return Some(cand);
                }
            },
        }
    }
    None
}

/// Semismooth Newton method (Fischer–Burmeister reformulation, Armijo line search on
/// `½‖Φ‖²`) for the complementarity form of the equilibrium conditions in `f64`:
/// `π(y) ≥ 0`, `v − U_k(y, π) ≥ 0`, `π(y)·(v − U_k(y, π)) = 0` for every y, and `Σ π = 1`.
/// Returns π when `‖Φ‖∞ < 1e-13`.
fn fb_newton(g: &EqGame, k: usize, start: &[f64], budget: &Budget) -> Option<Vec<f64>> {
    let m = g.m;
    let all: Vec<usize> = (0..m).collect();
    let phi = |a: f64, b: f64| a + b - (a * a + b * b).sqrt();
    let eval = |x: &[f64]| -> (Vec<f64>, Vec<Vec<f64>>) {
        budget.spend();
        let (pi, v) = (&x[..m], x[m]);
        let (u, h) = g.jacobian_f64(pi, k, &all);
        let mut f = vec![0.0; m + 1];
        let mut j = vec![vec![0.0; m + 1]; m + 1];
        for y in 0..m {
            let (a, b) = (pi[y], v - u[y]);
            f[y] = phi(a, b);
            let r = (a * a + b * b).sqrt();
            let (da, db) = if r > 1e-300 {
                (1.0 - a / r, 1.0 - b / r)
            } else {
                (
                    1.0 - std::f64::consts::FRAC_1_SQRT_2,
                    1.0 - std::f64::consts::FRAC_1_SQRT_2,
                )
            };
            for z in 0..m {
                j[y][z] = -db * h[y][z];
            }
            j[y][y] += da;
            j[y][m] = db;
        }
        f[m] = pi.iter().sum::<f64>() - 1.0;
        j[m][..m].iter_mut().for_each(|x| *x = 1.0);
        (f, j)
    };
    let merit = |f: &[f64]| 0.5 * f.iter().map(|x| x * x).sum::<f64>();
    let mut x: Vec<f64> = start.to_vec();
    let u0 = g.payoffs_f64(start, k);
    x.push(u0.iter().cloned().fold(f64::NEG_INFINITY, f64::max));
    let (mut f, mut j) = eval(&x);
    let mut psi = merit(&f);
    for _ in 0..300 {
        if budget.0.get() == 0 {
            return None;
        }
        if max_abs(&f) < 1e-13 {
            return Some(x[..m].to_vec());
        }
        let grad: Vec<f64> = (0..=m)
            .map(|c| (0..=m).map(|r| j[r][c] * f[r]).sum())
            .collect();
        let mut dir: Option<Vec<f64>> = Lu::new(&j).map(|lu| {
            let d = lu.solve(&f);
            d.into_iter().map(|v| -v).collect()
        });
        if let Some(d) = &dir {
            let slope: f64 = d.iter().zip(&grad).map(|(a, b)| a * b).sum();
            let nd: f64 = d.iter().map(|v| v * v).sum::<f64>().sqrt();
            if slope >= -1e-10 * nd * nd.max(1e-300) || !slope.is_finite() {
                dir = None;
            }
        }
        let d = dir.unwrap_or_else(|| grad.iter().map(|v| -v).collect());
        let slope: f64 = d.iter().zip(&grad).map(|(a, b)| a * b).sum();
        let mut t = 1.0;
        let mut moved = false;
        for _ in 0..40 {
            let trial: Vec<f64> = x.iter().zip(&d).map(|(a, b)| a + t * b).collect();
            let (tf, tj) = eval(&trial);
            let tp = merit(&tf);
            if tp.is_finite() && tp <= psi + 1e-4 * t * slope {
                x = trial;
                f = tf;
                j = tj;
                psi = tp;
                moved = true;
                break;
            }
            t *= 0.5;
        }
        if !moved {
            return None;
        }
    }
    None
}

/// Float warm start and active-set Newton. Entropic extragradient self-play runs in doubling
/// stages; after each stage the active set is tried from the best iterate and from the running
/// average of the played iterates (when they improved), then from the solution of a semismooth
/// Newton method started at the best iterate. Returns the candidate (if any) and the best float
/// policy seen.
pub(super) fn float_search(g: &EqGame, k: usize, rounds: usize) -> (Option<Candidate>, Vec<f64>) {
    let target = 1.0 / (k as f64 + 1.0);
    let eps_of = |p: &[f64]| {
        g.payoffs_f64(p, k)
            .into_iter()
            .fold(f64::NEG_INFINITY, f64::max)
            - target
    };
    let budget = Budget::for_game(g);
    let eta = step_size(g, k);
    let mut learner = Learner::new(Algo::Extragradient, eta, g.m, None);
    let mut oracle = |p: &[f64]| g.payoffs_f64(p, k);
    let uniform = vec![1.0 / g.m as f64; g.m];
    let mut best = (eps_of(&uniform), uniform);
    let mut sum = vec![0.0; g.m];
    let mut count = 0usize;
    let mut done = 0usize;
    let mut stage = 50usize;
    let mut tried_best = f64::INFINITY;
    let mut tried_avg = f64::INFINITY;
    let mut tried_fb = f64::INFINITY;
    loop {
        let end = (done + stage).min(rounds.max(1));
        while done < end {
            let (p, r) = learner.step(&mut oracle);
            let eps = r.iter().cloned().fold(f64::NEG_INFINITY, f64::max) - target;
            for (s, x) in sum.iter_mut().zip(&p) {
                *s += x;
            }
            count += 1;
            if eps < best.0 {
                best = (eps, p);
            }
            done += 1;
        }
        let avg: Vec<f64> = sum.iter().map(|s| s / count as f64).collect();
        let avg_eps = eps_of(&avg);
        if best.0 < tried_best * 0.5 {
            tried_best = best.0;
            if let Some(c) = budget.share(|b| active_set(g, k, &best.1, b)) {
                return (Some(c), best.1);
            }
        }
        if avg_eps < tried_avg * 0.5 {
            tried_avg = avg_eps;
            if let Some(c) = budget.share(|b| active_set(g, k, &avg, b)) {
                return (Some(c), best.1);
            }
        }
        if done >= 200 && best.0 < tried_fb * 0.5 {
            tried_fb = best.0;
            let fb = budget.share(|b| fb_newton(g, k, &best.1, b));
            if let Some(p) = fb
                && let Some(c) = budget.share(|b| active_set(g, k, &p, b))
            {
                return (Some(c), best.1);
            }
        }
        if done >= rounds || budget.0.get() == 0 {
            return (None, best.1);
        }
        stage *= 2;
    }
}

/// A step size for entropic extragradient: the inverse of the (ℓ1 → ℓ∞, modulo constants)
/// spread of the Jacobian of U_k at the uniform policy, clamped to [0.05, 1e4].
fn step_size(g: &EqGame, k: usize) -> f64 {
    let all: Vec<usize> = (0..g.m).collect();
    let uni = vec![1.0 / g.m as f64; g.m];
    let (_, h) = g.jacobian_f64(&uni, k, &all);
    let mut l = 0.0f64;
    for z in 0..g.m {
        let (lo, hi) = h
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), row| {
                (a.min(row[z]), b.max(row[z]))
            });
        l = l.max((hi - lo) / 2.0);
    }
    if l > 0.0 {
        (1.0 / l).clamp(0.05, 1e4)
    } else {
        1.0
    }
}
