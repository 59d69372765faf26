//! The face exemption of `claims/face.rs` (docs/THEORY.md §10.2) against a brute-force oracle
//! written here (cargo-mutants run of 2026-11-30, see `tests/MUTANTS.md`).
//!
//! A certified box lets an off-support response y's payoff enclosure exceed 1/(k+1) only if y is
//! face-exempt; the checker tests the off-support responses before the Krawczyk inclusion, so
//! with y the only off-support response, and U_k(y, π) > 1/(k+1) at the box's own policy π (so
//! that the enclosure over the box exceeds 1/(k+1) too), the claim fails with the off-support
//! message naming y exactly when y is not exempt. The oracle decides exemption by its
//! definition, over k-tuples instead of multisets: some support s and λ with
//! `b_γ ≤ λ·a_γ` for every γ (a_γ = W(s, γ) − 1/(k+1), b_γ = W(y, γ) − 1/(k+1)), tried at every
//! λ = b_γ/a_γ and at 0 (the feasible λ form a closed interval, and a finite end is such a
//! ratio); or b in the span of the a_s (equal ranks of A and [A | b]). The plain-Python checker
//! must give the same verdict on every text (all texts in one Python process: a round trip per
//! text costs seconds on a loaded machine).

mod common;

#[path = "common/synth.rs"]
mod synth;

use common::python;
use num_bigint::BigInt;
use serde_json::{Value, json};
use synth::Lcg;
use ualign_check::limits::DEFAULT_MAX_COST;
use ualign_check::number::{Q, fmt_q};
use ualign_check::{VerifyError, verify_str};

/// Responses named `r0..`; each user a weight and the tier of every response (0 = best).
struct Inst {
    weights: Vec<u64>,
    tiers: Vec<Vec<usize>>,
}

fn name(y: usize) -> String {
    format!("r{y}")
}

fn int(n: i64) -> Q {
    Q::from_integer(BigInt::from(n))
}

impl Inst {
    fn m(&self) -> usize {
        self.tiers[0].len()
    }

    fn json(&self) -> Value {
        let users: Vec<Value> = (self.weights.iter().zip(&self.tiers))
            .map(|(w, t)| {
                let top = t.iter().max().copied().unwrap_or(0);
                let ranking: Vec<Vec<String>> = (0..=top)
                    .map(|l| (0..t.len()).filter(|&y| t[y] == l).map(name).collect())
                    .filter(|tier: &Vec<String>| !tier.is_empty())
                    .collect();
                json!({"weight": w.to_string(), "ranking": ranking})
            })
            .collect();
        let names: Vec<String> = (0..self.m()).map(name).collect();
        json!({"format": "ualign-instance/1", "responses": names, "users": users})
    }

    /// W(z, γ): z's expected share when presented with the draws γ, weighted over the users.
    fn w(&self, z: usize, gamma: &[usize]) -> Q {
        let total: u64 = self.weights.iter().sum();
        let mut acc = int(0);
        for (wt, t) in self.weights.iter().zip(&self.tiers) {
            let top = gamma.iter().map(|&g| t[g]).min().unwrap_or(usize::MAX);
            let share = if t[z] < top {
                int(1)
            } else if t[z] == top {
                Q::new(
                    1.into(),
                    (gamma.iter().filter(|&&g| t[g] == top).count() + 1).into(),
                )
            } else {
                int(0)
            };
            acc += share * int(*wt as i64);
        }
        acc / int(total as i64)
    }
}

/// Every k-tuple of `support`.
fn tuples(support: &[usize], k: usize) -> Vec<Vec<usize>> {
    (0..k).fold(vec![vec![]], |acc, _| {
        acc.iter()
            .flat_map(|t| support.iter().map(move |&s| [t.as_slice(), &[s]].concat()))
            .collect()
    })
}

/// The rank of a matrix of rationals (Gaussian elimination).
fn rank(mut rows: Vec<Vec<Q>>) -> usize {
    let mut r = 0;
    let cols = rows.first().map_or(0, Vec::len);
    for c in 0..cols {
        let Some(p) = (r..rows.len()).find(|&i| rows[i][c] != int(0)) else {
            continue;
        };
        rows.swap(r, p);
        for i in 0..rows.len() {
            if i != r && rows[i][c] != int(0) {
                let f = &rows[i][c] / &rows[r][c];
                let pivot = rows[r].clone();
                rows[i]
                    .iter_mut()
                    .zip(&pivot)
                    .for_each(|(x, p)| *x -= &f * p);
            }
        }
        r += 1;
    }
    r
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Face {
    No,
    /// Some single support response and λ.
    Lambda,
    /// Only through the span of all support responses.
    Span,
}

fn face_oracle(inst: &Inst, support: &[usize], y: usize, k: usize) -> Face {
    let third = Q::new(1.into(), (k + 1).into());
    let gammas = tuples(support, k);
    let a: Vec<Vec<Q>> = (gammas.iter())
        .map(|g| support.iter().map(|&s| inst.w(s, g) - &third).collect())
        .collect();
    let b: Vec<Q> = gammas.iter().map(|g| inst.w(y, g) - &third).collect();
    let lambda = (0..support.len()).any(|i| {
        let ratios = (a.iter().zip(&b)).filter(|(a, _)| a[i] != int(0));
        let mut cands: Vec<Q> = ratios.map(|(a, b)| b / &a[i]).collect();
        cands.push(int(0));
        cands
            .iter()
            .any(|l| a.iter().zip(&b).all(|(a, b)| *b <= l * &a[i]))
    });
    let with_b: Vec<Vec<Q>> = a
        .iter()
        .zip(&b)
        .map(|(a, b)| [a.clone(), vec![b.clone()]].concat())
        .collect();
    match (lambda, rank(a) == rank(with_b)) {
        (true, _) => Face::Lambda,
        (false, true) => Face::Span,
        (false, false) => Face::No,
    }
}

/// U_k(y, π) for π on `support` (by k-tuples).
fn payoff(inst: &Inst, support: &[usize], pi: &[Q], y: usize, k: usize) -> Q {
    let mut acc = int(0);
    for g in tuples(support, k) {
        let p: Q = g
            .iter()
            .map(|s| &pi[support.iter().position(|x| x == s).unwrap()])
            .product();
        acc += p * inst.w(y, &g);
    }
    acc
}

/// A `certified-box` claim at policy π (on `support`, in its order) with the box
/// lo = π/2, hi = π on the free coordinates, the eliminated one [π_d/2, 1 − Σ π_i/2], a zero
/// preconditioner and ε = 1: everything before the off-support test holds, and with d ≥ 1 the
/// Krawczyk inclusion then fails.
fn wide_box(m: usize, k: usize, support: &[usize], pi: &[Q]) -> Value {
    let d = support.len() - 1;
    let half = |x: &Q| x / int(2);
    let lo: Vec<Q> = pi.iter().map(half).collect();
    let mut hi: Vec<Q> = pi[..d].to_vec();
    hi.push(int(1) - lo[..d].iter().sum::<Q>());
    let texts = |v: &[Q]| v.iter().map(fmt_q).collect::<Vec<_>>();
    let mut policy = serde_json::Map::new();
    for z in 0..m {
        let x = support
            .iter()
            .position(|&s| s == z)
            .map_or(int(0), |i| pi[i].clone());
        policy.insert(name(z), json!(fmt_q(&x)));
    }
    let names: Vec<String> = support.iter().map(|&s| name(s)).collect();
    json!({"kind": "equilibrium", "k": k, "status": "certified-box", "policy": policy,
        "exploitability": "1", "box": {"support": names, "lo": texts(&lo), "hi": texts(&hi),
        "center": texts(&pi[..d]), "preconditioner": vec![vec!["0"; d]; d]}})
}

/// Whether each certificate text is refused for its off-support response `y` (a name), by both
/// checkers alike; any outcome other than acceptance or a failed claim 0 panics.
fn refusals(cases: &[(String, String)]) -> Vec<bool> {
    let off = |y: &str| format!("off-support U_k({y}, π) ≤ 1/(k+1) over the box fails");
    let jobs: Vec<(String, u128)> = (cases.iter())
        .map(|(t, _)| (t.clone(), DEFAULT_MAX_COST))
        .collect();
    let py = python::check_texts_with_budgets(&jobs);
    (cases.iter().zip(py))
        .map(|((text, y), (code, error))| {
            let rust = match verify_str(text) {
                Ok(_) => false,
                Err(VerifyError::ClaimFailed {
                    claim: 0, message, ..
                }) => message.starts_with(&off(y)),
                Err(e) => panic!("{y}: {e}"),
            };
            let python = match code {
                0 => false,
                1 => error.starts_with(&off(y)),
                _ => panic!("{y}: the Python checker says {error}"),
            };
            assert_eq!(rust, python, "{y}: Python says {error}");
            rust
        })
        .collect()
}

fn text(inst: &Inst, claim: Value) -> String {
    synth::certificate(&inst.json(), vec![claim])
}

/// A random instance with y = response m − 1 off the support: its tier in each user either
/// random, or that of a support response s (a clone), or just below it (weakly dominated by s).
fn random_case(g: &mut Lcg) -> (Inst, Vec<usize>, usize, usize) {
    let r = 1 + g.next(4) as usize;
    let k = [1, 1, 2, 3][g.next(4) as usize];
    let m = r + 1;
    let mode = g.next(3);
    let s = g.next(r as u64) as usize;
    let users = 1 + g.next(4) as usize;
    let mut tiers = Vec::new();
    for _ in 0..users {
        // Tiers 2, 4, …: room for y just below any response, or above all.
        let mut t: Vec<usize> = (0..r).map(|_| 2 + 2 * g.next(r as u64) as usize).collect();
        t.push(match (mode, g.next(2)) {
            (0, _) => 2 * g.next(r as u64 + 1) as usize,
            (1, 0) => t[s],
            _ => t[s] + 1,
        });
        tiers.push(t);
    }
    let weights = (0..users).map(|_| 1 + g.next(4)).collect();
    let mut support: Vec<usize> = (0..r).collect();
    for i in (1..r).rev() {
        support.swap(i, g.next(i as u64 + 1) as usize);
    }
    (Inst { weights, tiers }, support, m - 1, k)
}

#[test]
fn the_face_exemption_equals_the_brute_force_oracle_on_random_boxes() {
    let mut g = Lcg(20261130);
    let (mut cases, mut want) = (Vec::new(), Vec::new());
    for _ in 0..4000 {
        let (inst, support, y, k) = random_case(&mut g);
        let third = Q::new(1.into(), (k + 1).into());
        // A few random policies on the support: the first where U_k(y, π) > 1/(k+1).
        let pi = (0..8)
            .map(|_| {
                let nums: Vec<u64> = support.iter().map(|_| 1 + g.next(9)).collect();
                let total: u64 = nums.iter().sum();
                (nums.iter())
                    .map(|&x| Q::new(x.into(), total.into()))
                    .collect::<Vec<Q>>()
            })
            .find(|pi| payoff(&inst, &support, pi, y, k) > third);
        // Otherwise the checker may never call the face test: nothing to compare.
        let Some(pi) = pi else { continue };
        let face = face_oracle(&inst, &support, y, k);
        let claim = wide_box(inst.m(), k, &support, &pi);
        cases.push((text(&inst, claim), name(y)));
        want.push((
            face,
            format!("k = {k}, support {support:?}, {:?}", inst.tiers),
        ));
    }
    let got = refusals(&cases);
    let mut seen = [0usize; 3]; // [not exempt, λ, span]
    for (got, (face, what)) in got.into_iter().zip(want) {
        assert_eq!(got, face == Face::No, "{what}: the oracle says {face:?}");
        seen[face as usize] += 1;
    }
    // The mix the test relies on: each kind of decisive case occurs.
    assert!(seen[0] >= 20 && seen[1] >= 20 && seen[2] >= 8, "{seen:?}");
}

/// All weak orders of `n` elements as tier vectors (dense: tiers 0..t all used).
fn weak_orders(n: usize) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    let mut t = vec![0usize; n];
    loop {
        let mut used: Vec<usize> = t.clone();
        used.sort_unstable();
        used.dedup();
        if used.iter().enumerate().all(|(i, &x)| i == x) {
            out.push(t.clone());
        }
        let Some(i) = (0..n).rev().find(|&i| t[i] + 1 < n) else {
            return out;
        };
        t[i] += 1;
        t[i + 1..].iter_mut().for_each(|x| *x = 0);
    }
}

#[test]
fn the_face_test_is_refused_above_its_work_limit_of_a_million() {
    // Support r0..r3, y = r4 weakly dominated by r0 (never above it) in every user: exempt with
    // λ = 1. The 308 weak orders of five elements with r0 at or above r4, at k = 25:
    // C(4 + 25 − 1, 25) = 3,276 multisets, 308 × 3,276 = 1,009,008 > 10^6, refused for its work;
    // at k = 4 (308 × C(7, 4) = 10,780) y is exempt. (The case just within the limit, 305
    // orders at k = 25, takes 10^6 steps: seconds at opt-level 0.)
    let orders: Vec<Vec<usize>> = weak_orders(5)
        .into_iter()
        .filter(|t| t[0] <= t[4])
        .collect();
    assert_eq!(orders.len(), 308);
    let support = [0, 1, 2, 3];
    let pi = [int(1), int(33), int(33), int(33)].map(|x| x / int(100));
    let mut cases = Vec::new();
    for (k, n) in [(25, 308), (4, 308)] {
        // The orders with r0 and r4 alone in the top tier come last, with weight 100 (y's
        // share there is large).
        let mut tiers = orders.clone();
        tiers.sort_by_key(|t| alone_at_the_top(t));
        let tiers = tiers[orders.len() - n..].to_vec();
        let weights = tiers
            .iter()
            .map(|t| if alone_at_the_top(t) { 100 } else { 1 })
            .collect();
        let inst = Inst { weights, tiers };
        assert!(payoff_at_a_tie(&inst, &pi, k) > Q::new(1.into(), (k + 1).into()));
        cases.push((text(&inst, wide_box(5, k, &support, &pi)), name(4)));
    }
    assert_eq!(refusals(&cases), [true, false]);
}

/// A lower bound of U_k(r4, π) in the work-limit test: the users with r0 and r4 alone in the top
/// tier, where r4's share is at least P(no draw is r0) = (1 − π(r0))^k.
fn payoff_at_a_tie(inst: &Inst, pi: &[Q], k: usize) -> Q {
    let total: u64 = inst.weights.iter().sum();
    let alone: u64 = (inst.weights.iter().zip(&inst.tiers))
        .filter(|(_, t)| alone_at_the_top(t))
        .map(|(w, _)| w)
        .sum();
    let miss = (0..k).fold(int(1), |p, _| p * (int(1) - &pi[0]));
    miss * int(alone as i64) / int(total as i64)
}

fn alone_at_the_top(t: &[usize]) -> bool {
    t[0] == 0 && t[4] == 0 && (1..4).all(|s| t[s] > 0)
}
