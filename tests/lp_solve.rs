//! Exact LP engine: answers checked by a checker written here (not `lp::check`), and compared
//! with exhaustive vertex enumeration on random small problems.

#![allow(clippy::needless_range_loop)] // matrix code reads better with indices

mod common;

use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use ualign::lp::{self, AntiCycling, LpOutcome, Options, Problem, Relation, Sense};
use ualign::number::{Q, q, qi};

// ---------------------------------------------------------------- independent checker

fn dot(a: &[Q], x: &[Q]) -> Q {
    a.iter().zip(x).fold(Q::ZERO, |acc, (a, b)| acc + a * b)
}

fn satisfies(lhs: &Q, rel: Relation, rhs: &Q) -> bool {
    match rel {
        Relation::Le => lhs <= rhs,
        Relation::Eq => lhs == rhs,
        Relation::Ge => lhs >= rhs,
    }
}

fn feasible(p: &Problem, x: &[Q]) -> bool {
    x.len() == p.objective.len()
        && x.iter().all(|v| *v >= Q::ZERO)
        && p.constraints
            .iter()
            .all(|r| satisfies(&dot(&r.coeffs, x), r.rel, &r.rhs))
}

/// Asserts the evidence of `out` by first principles; returns the optimal value if optimal.
fn assert_evidence(p: &Problem, out: &LpOutcome) -> Option<Q> {
    let n = p.objective.len();
    let col = |j: usize, y: &[Q]| -> Q {
        let a: Vec<Q> = p.constraints.iter().map(|r| r.coeffs[j].clone()).collect();
        dot(&a, y)
    };
    match out {
        LpOutcome::Optimal { x, y, value } => {
            assert!(feasible(p, x), "x infeasible: {x:?}");
            assert_eq!(y.len(), p.constraints.len());
            let s = if p.sense == Sense::Max { 1 } else { -1 };
            for (r, yi) in p.constraints.iter().zip(y) {
                let v = yi * qi(s);
                match r.rel {
                    Relation::Le => assert!(v >= Q::ZERO, "dual sign"),
                    Relation::Ge => assert!(v <= Q::ZERO, "dual sign"),
                    Relation::Eq => {}
                }
            }
            for j in 0..n {
                let aty = col(j, y);
                if p.sense == Sense::Max {
                    assert!(aty >= p.objective[j], "dual infeasible at {j}");
                } else {
                    assert!(aty <= p.objective[j], "dual infeasible at {j}");
                }
            }
            assert_eq!(&dot(&p.objective, x), value, "primal value");
            let b: Vec<Q> = p.constraints.iter().map(|r| r.rhs.clone()).collect();
            assert_eq!(&dot(&b, y), value, "dual value");
            Some(value.clone())
        }
        LpOutcome::Infeasible { farkas } => {
            assert_eq!(farkas.len(), p.constraints.len());
            for (r, yi) in p.constraints.iter().zip(farkas) {
                match r.rel {
                    Relation::Le => assert!(*yi >= Q::ZERO),
                    Relation::Ge => assert!(*yi <= Q::ZERO),
                    Relation::Eq => {}
                }
            }
            for j in 0..n {
                assert!(col(j, farkas) >= Q::ZERO, "yᵀA >= 0 fails at {j}");
            }
            let b: Vec<Q> = p.constraints.iter().map(|r| r.rhs.clone()).collect();
            assert!(dot(&b, farkas) < Q::ZERO, "yᵀb < 0 fails");
            None
        }
        LpOutcome::Unbounded { x, ray } => {
            assert!(feasible(p, x));
            assert_eq!(ray.len(), n);
            assert!(ray.iter().all(|v| *v >= Q::ZERO));
            for r in &p.constraints {
                assert!(satisfies(&dot(&r.coeffs, ray), r.rel, &Q::ZERO));
            }
            let cr = dot(&p.objective, ray);
            if p.sense == Sense::Max {
                assert!(cr > Q::ZERO);
            } else {
                assert!(cr < Q::ZERO);
            }
            None
        }
    }
}

// ---------------------------------------------------------------- vertex enumeration

/// Unique solution of `A_S z = b` for the columns `S`, if the columns are independent and
/// `b` lies in their span.
fn solve_subset(a: &[Vec<Q>], b: &[Q], s: &[usize]) -> Option<Vec<Q>> {
    let m = a.len();
    let k = s.len();
    let mut mat: Vec<Vec<Q>> = (0..m)
        .map(|i| {
            let mut row: Vec<Q> = s.iter().map(|&j| a[i][j].clone()).collect();
            row.push(b[i].clone());
            row
        })
        .collect();
    let mut r = 0;
    for c in 0..k {
        let p = (r..m).find(|&i| mat[i][c] != Q::ZERO)?; // dependent columns
        mat.swap(r, p);
        let piv = mat[r][c].clone();
        for x in mat[r].iter_mut() {
            *x = &*x / &piv;
        }
        for i in 0..m {
            if i != r && mat[i][c] != Q::ZERO {
                let f = mat[i][c].clone();
                let pr = mat[r].clone();
                for (x, y) in mat[i].iter_mut().zip(pr) {
                    *x -= &f * y;
                }
            }
        }
        r += 1;
    }
    if (r..m).any(|i| mat[i][k] != Q::ZERO) {
        return None;
    }
    Some((0..k).map(|i| mat[i][k].clone()).collect())
}

/// Non-negative basic solutions of `A z = b, z >= 0`.
fn vertices(a: &[Vec<Q>], b: &[Q], ncols: usize) -> Vec<Vec<Q>> {
    let m = a.len();
    let mut out = Vec::new();
    let mut subset = Vec::new();
    fn rec(
        start: usize,
        ncols: usize,
        m: usize,
        subset: &mut Vec<usize>,
        a: &[Vec<Q>],
        b: &[Q],
        out: &mut Vec<Vec<Q>>,
    ) {
        if let Some(z) = solve_subset(a, b, subset)
            && z.iter().all(|v| *v >= Q::ZERO)
        {
            let mut full = vec![Q::ZERO; ncols];
            for (&j, v) in subset.iter().zip(z) {
                full[j] = v;
            }
            out.push(full);
        }
        if subset.len() == m {
            return;
        }
        for j in start..ncols {
            subset.push(j);
            rec(j + 1, ncols, m, subset, a, b, out);
            subset.pop();
        }
    }
    rec(0, ncols, m, &mut subset, a, b, &mut out);
    out
}

#[derive(Debug, PartialEq)]
enum Truth {
    Infeasible,
    Unbounded,
    Optimal(Q),
}

fn brute_force(p: &Problem) -> Truth {
    let n = p.objective.len();
    let m = p.constraints.len();
    let slacks: Vec<(usize, Q)> = p
        .constraints
        .iter()
        .enumerate()
        .filter_map(|(i, r)| match r.rel {
            Relation::Le => Some((i, qi(1))),
            Relation::Ge => Some((i, qi(-1))),
            Relation::Eq => None,
        })
        .collect();
    let ncols = n + slacks.len();
    let mut a: Vec<Vec<Q>> = p
        .constraints
        .iter()
        .map(|r| {
            let mut row = r.coeffs.clone();
            row.resize(ncols, Q::ZERO);
            row
        })
        .collect();
    for (k, (i, v)) in slacks.iter().enumerate() {
        a[*i][n + k] = v.clone();
    }
    let b: Vec<Q> = p.constraints.iter().map(|r| r.rhs.clone()).collect();
    let s = if p.sense == Sense::Max { qi(1) } else { qi(-1) };
    let c: Vec<Q> = (0..ncols)
        .map(|j| if j < n { &p.objective[j] * &s } else { Q::ZERO })
        .collect();
    let verts = vertices(&a, &b, ncols);
    if verts.is_empty() {
        return Truth::Infeasible;
    }
    // Recession cone {r >= 0, A r = 0, Σ r = 1}: an improving extreme ray means unbounded.
    let mut ar = a.clone();
    ar.push(vec![qi(1); ncols]);
    let mut br = vec![Q::ZERO; m];
    br.push(qi(1));
    if vertices(&ar, &br, ncols)
        .iter()
        .any(|r| dot(&c, r) > Q::ZERO)
    {
        return Truth::Unbounded;
    }
    let best = verts.iter().map(|z| dot(&c, z)).max().unwrap();
    Truth::Optimal(best * s)
}

// ---------------------------------------------------------------- helpers

fn all_options() -> Vec<Options> {
    vec![
        Options::default(),
        Options {
            float_guide: false,
            ..Options::default()
        },
        Options {
            float_guide: false,
            float_pricing: false,
            ..Options::default()
        },
        Options {
            float_guide: false,
            anti_cycling: AntiCycling::Bland,
            anti_cycling_after: 0,
            ..Options::default()
        },
        Options {
            float_guide: false,
            anti_cycling: AntiCycling::Lexicographic,
            anti_cycling_after: 0,
            ..Options::default()
        },
        Options {
            anti_cycling_after: 0,
            ..Options::default()
        },
    ]
}

/// Solves with every engine setting, asserts the evidence, and returns the default outcome.
/// Seconds one solve may take before the test fails (every solve here takes milliseconds; a
/// broken anti-cycling rule would otherwise loop forever).
const SOLVE_LIMIT_SECS: u64 = 10;

fn solve_all(p: &Problem) -> LpOutcome {
    let mut first: Option<LpOutcome> = None;
    for o in all_options() {
        let problem = p.clone();
        let (out, _) = common::within(SOLVE_LIMIT_SECS, "exact simplex", move || {
            lp::solve_with(&problem, &o)
        })
        .expect("solve");
        assert_evidence(p, &out);
        lp::check(p, &out).expect("lp::check accepts the answer");
        match &first {
            None => first = Some(out),
            Some(f) => {
                assert_eq!(
                    std::mem::discriminant(f),
                    std::mem::discriminant(&out),
                    "settings disagree on the outcome kind"
                );
                assert_eq!(f.value(), out.value(), "settings disagree on the value");
            }
        }
    }
    first.unwrap()
}

fn prob(sense: Sense, c: &[i64], rows: &[(&[i64], Relation, i64)]) -> Problem {
    let mut p = Problem::new(sense, c.iter().map(|&v| qi(v)).collect());
    for (a, rel, b) in rows {
        p.push(a.iter().map(|&v| qi(v)).collect(), *rel, qi(*b));
    }
    p
}

use Relation::{Eq as E, Ge as G, Le as L};

// ---------------------------------------------------------------- random vs brute force

fn random_q(rng: &mut ChaCha8Rng, lo: i64, hi: i64) -> Q {
    let n = rng.random_range(lo..=hi);
    if rng.random_bool(0.2) {
        q(n, rng.random_range(1..=3))
    } else {
        qi(n)
    }
}

fn random_problem(rng: &mut ChaCha8Rng) -> Problem {
    let n = rng.random_range(1..=4);
    let m = rng.random_range(0..=4);
    let sense = if rng.random_bool(0.5) {
        Sense::Max
    } else {
        Sense::Min
    };
    let zero_bias = rng.random_range(0.0..0.5);
    let draw = |rng: &mut ChaCha8Rng, lo, hi| {
        if rng.random_bool(zero_bias) {
            Q::ZERO
        } else {
            random_q(rng, lo, hi)
        }
    };
    let obj = (0..n).map(|_| draw(rng, -3, 3)).collect();
    let mut p = Problem::new(sense, obj);
    for _ in 0..m {
        let coeffs = (0..n).map(|_| draw(rng, -3, 3)).collect();
        let rel = match rng.random_range(0..3) {
            0 => Relation::Le,
            1 => Relation::Eq,
            _ => Relation::Ge,
        };
        let rhs = draw(rng, -3, 5);
        p.push(coeffs, rel, rhs);
    }
    p
}

#[test]
fn random_small_lps_match_vertex_enumeration() {
    let mut rng = ChaCha8Rng::seed_from_u64(20240601);
    let mut kinds = [0usize; 3];
    for case in 0..1500 {
        let p = random_problem(&mut rng);
        let out = solve_all(&p);
        let truth = brute_force(&p);
        match (&out, &truth) {
            (LpOutcome::Optimal { value, .. }, Truth::Optimal(v)) => {
                assert_eq!(value, v, "case {case}: {p:?}");
                kinds[0] += 1;
            }
            (LpOutcome::Infeasible { .. }, Truth::Infeasible) => kinds[1] += 1,
            (LpOutcome::Unbounded { .. }, Truth::Unbounded) => kinds[2] += 1,
            _ => panic!("case {case}: solver {out:?} but enumeration {truth:?} for {p:?}"),
        }
    }
    // The generator must exercise all three outcomes.
    assert!(kinds.iter().all(|&k| k > 50), "{kinds:?}");
}

#[test]
fn random_degenerate_lps_match_vertex_enumeration() {
    // Many zero right-hand sides and repeated rows: heavy degeneracy and redundancy.
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    for case in 0..400 {
        let mut p = random_problem(&mut rng);
        for r in p.constraints.iter_mut() {
            if rng.random_bool(0.6) {
                r.rhs = Q::ZERO;
            }
        }
        if let Some(r) = p.constraints.first().cloned()
            && rng.random_bool(0.5)
        {
            let k = qi(rng.random_range(1..=3));
            let mut r2 = r.clone();
            r2.coeffs = r.coeffs.iter().map(|v| v * &k).collect();
            r2.rhs = &r.rhs * &k;
            p.constraints.push(r2);
        }
        let out = solve_all(&p);
        let truth = brute_force(&p);
        let ok = match (&out, &truth) {
            (LpOutcome::Optimal { value, .. }, Truth::Optimal(v)) => value == v,
            (LpOutcome::Infeasible { .. }, Truth::Infeasible) => true,
            (LpOutcome::Unbounded { .. }, Truth::Unbounded) => true,
            _ => false,
        };
        assert!(
            ok,
            "case {case}: solver {out:?} but enumeration {truth:?} for {p:?}"
        );
    }
}

// ---------------------------------------------------------------- hand-made cases

#[test]
fn textbook_optimum_with_duals() {
    // max 3x + 5y, x <= 4, 2y <= 12, 3x + 2y <= 18: x = 2, y = 6, value 36, duals (0, 3/2, 1).
    let p = prob(
        Sense::Max,
        &[3, 5],
        &[(&[1, 0], L, 4), (&[0, 2], L, 12), (&[3, 2], L, 18)],
    );
    let out = solve_all(&p);
    assert_eq!(
        out,
        LpOutcome::Optimal {
            x: vec![qi(2), qi(6)],
            y: vec![qi(0), q(3, 2), qi(1)],
            value: qi(36)
        }
    );
}

#[test]
fn min_problem_with_ge_and_eq_rows() {
    // min 2x + 3y s.t. x + y >= 4, x - y = 1: x = 5/2, y = 3/2, value 19/2.
    let p = prob(Sense::Min, &[2, 3], &[(&[1, 1], G, 4), (&[1, -1], E, 1)]);
    let out = solve_all(&p);
    assert_eq!(out.primal().unwrap(), &[q(5, 2), q(3, 2)]);
    assert_eq!(out.value().unwrap(), &q(19, 2));
    // Shadow prices: d value / d b. y1 = 5/2 (>= 0 on a Ge row of a Min), y2 = -1/2.
    assert_eq!(out.dual().unwrap(), &[q(5, 2), q(-1, 2)]);
}

#[test]
fn beale_cycling_example_terminates() {
    // Beale (1955): cycles under Dantzig's rule with naive tie-breaking.
    let mut p = Problem::new(Sense::Max, vec![q(3, 4), qi(-20), q(1, 2), qi(-6)]);
    p.push(vec![q(1, 4), qi(-8), qi(-1), qi(9)], L, qi(0));
    p.push(vec![q(1, 2), qi(-12), q(-1, 2), qi(3)], L, qi(0));
    p.push(vec![qi(0), qi(0), qi(1), qi(0)], L, qi(1));
    let out = solve_all(&p);
    assert_eq!(out.value().unwrap(), &q(5, 4));
    assert_eq!(out.primal().unwrap(), &[qi(1), qi(0), qi(1), qi(0)]);
}

#[test]
fn kuhn_cycling_example_terminates() {
    // Kuhn's example (as in Chvátal): min -2x1 -3x2 +x3 +12x4.
    let p = prob(
        Sense::Min,
        &[-2, -3, 1, 12],
        &[
            (&[-2, -9, 1, 9], L, 0),
            (&[1, 3, -1, -6], L, 0),
            (&[2, 3, -1, -12], L, 2),
        ],
    );
    let out = solve_all(&p);
    assert_evidence(&p, &out);
    assert!(matches!(
        out,
        LpOutcome::Unbounded { .. } | LpOutcome::Optimal { .. }
    ));
}

#[test]
fn infeasible_with_farkas() {
    // x + y <= -1 with x, y >= 0.
    let p = prob(Sense::Max, &[1, 1], &[(&[1, 1], L, -1)]);
    assert!(matches!(solve_all(&p), LpOutcome::Infeasible { .. }));
    // x + y >= 3, x + y <= 2.
    let p = prob(Sense::Min, &[1, 0], &[(&[1, 1], G, 3), (&[1, 1], L, 2)]);
    let out = solve_all(&p);
    let LpOutcome::Infeasible { farkas } = out else {
        panic!()
    };
    assert_eq!(farkas, vec![qi(-1), qi(1)]);
    // x - y = 1 and y - x = 1.
    let p = prob(Sense::Max, &[0, 0], &[(&[1, -1], E, 1), (&[-1, 1], E, 1)]);
    assert!(matches!(solve_all(&p), LpOutcome::Infeasible { .. }));
}

#[test]
fn unbounded_with_ray() {
    let p = prob(Sense::Max, &[1, 0], &[(&[1, -1], L, 1)]);
    let out = solve_all(&p);
    let LpOutcome::Unbounded { ray, .. } = &out else {
        panic!("{out:?}")
    };
    assert_eq!(ray, &vec![qi(1), qi(1)]);
    let p = prob(Sense::Min, &[-1, 2], &[(&[1, -1], G, -3)]);
    assert!(matches!(solve_all(&p), LpOutcome::Unbounded { .. }));
}

#[test]
fn empty_and_trivial_problems() {
    // No constraints.
    let p = prob(Sense::Max, &[-1, 0, -2], &[]);
    assert_eq!(
        solve_all(&p),
        LpOutcome::Optimal {
            x: vec![qi(0); 3],
            y: vec![],
            value: qi(0)
        }
    );
    let p = prob(Sense::Max, &[-1, 1], &[]);
    let out = solve_all(&p);
    assert!(matches!(&out, LpOutcome::Unbounded { ray, .. } if ray == &vec![qi(0), qi(1)]));
    let p = prob(Sense::Min, &[1, 0], &[]);
    assert_eq!(solve_all(&p).value(), Some(&qi(0)));
    let p = prob(Sense::Min, &[1, -3], &[]);
    assert!(matches!(solve_all(&p), LpOutcome::Unbounded { .. }));
    // No variables.
    let p = prob(Sense::Max, &[], &[(&[], L, 1), (&[], E, 0), (&[], G, -2)]);
    assert_eq!(
        solve_all(&p),
        LpOutcome::Optimal {
            x: vec![],
            y: vec![qi(0); 3],
            value: qi(0)
        }
    );
    let p = prob(Sense::Max, &[], &[(&[], L, -1)]);
    assert!(matches!(solve_all(&p), LpOutcome::Infeasible { .. }));
    let p = prob(Sense::Max, &[], &[(&[], E, 2)]);
    assert!(matches!(solve_all(&p), LpOutcome::Infeasible { .. }));
    // Nothing at all.
    let p = prob(Sense::Min, &[], &[]);
    assert_eq!(
        solve_all(&p),
        LpOutcome::Optimal {
            x: vec![],
            y: vec![],
            value: qi(0)
        }
    );
}

#[test]
fn single_variable() {
    // max 2x, 3x <= 7.
    let p = prob(Sense::Max, &[2], &[(&[3], L, 7)]);
    assert_eq!(
        solve_all(&p),
        LpOutcome::Optimal {
            x: vec![q(7, 3)],
            y: vec![q(2, 3)],
            value: q(14, 3)
        }
    );
    // min x, x >= 5/2 (as 2x >= 5).
    let p = prob(Sense::Min, &[1], &[(&[2], G, 5)]);
    assert_eq!(solve_all(&p).primal().unwrap(), &[q(5, 2)]);
    // x = -1 impossible.
    let p = prob(Sense::Min, &[1], &[(&[1], E, -1)]);
    assert!(matches!(solve_all(&p), LpOutcome::Infeasible { .. }));
}

#[test]
fn all_zero_data() {
    let p = prob(
        Sense::Max,
        &[0, 0],
        &[(&[0, 0], E, 0), (&[0, 0], L, 0), (&[0, 0], G, 0)],
    );
    assert_eq!(solve_all(&p).value(), Some(&qi(0)));
    let p = prob(Sense::Min, &[0, 0, 0], &[(&[0, 0, 0][..], E, 0); 4]);
    assert_eq!(solve_all(&p).value(), Some(&qi(0)));
    let p = prob(Sense::Max, &[1, 0], &[(&[0, 0], E, 0)]);
    assert!(matches!(solve_all(&p), LpOutcome::Unbounded { .. }));
}

#[test]
fn redundant_equalities() {
    // x + y = 1 three times (scaled), max x + 2y: y = 1, value 2.
    let p = prob(
        Sense::Max,
        &[1, 2],
        &[
            (&[1, 1], E, 1),
            (&[2, 2], E, 2),
            (&[-1, -1], E, -1),
            (&[1, 0], L, 1),
        ],
    );
    let out = solve_all(&p);
    assert_eq!(out.value(), Some(&qi(2)));
    assert_eq!(out.primal().unwrap(), &[qi(0), qi(1)]);
}

/// `max v s.t. Σ_i p_i M[i][j] >= v ∀j, Σ p = 1, p >= 0`, with `v = v⁺ − v⁻`.
fn maximal_lottery(m: &[Vec<Q>]) -> (Problem, usize) {
    let k = m.len();
    let mut obj = vec![Q::ZERO; k];
    obj.extend([qi(1), qi(-1)]);
    let mut p = Problem::new(Sense::Max, obj);
    for j in 0..k {
        let mut row: Vec<Q> = (0..k).map(|i| m[i][j].clone()).collect();
        row.extend([qi(-1), qi(1)]);
        p.push(row, G, qi(0));
    }
    let mut row = vec![qi(1); k];
    row.extend([qi(0), qi(0)]);
    p.push(row, E, qi(1));
    (p, k)
}

#[test]
fn rock_paper_scissors_maximal_lottery() {
    let m: Vec<Vec<Q>> = [[0, 1, -1], [-1, 0, 1], [1, -1, 0]]
        .iter()
        .map(|r| r.iter().map(|&v| qi(v)).collect())
        .collect();
    let (p, k) = maximal_lottery(&m);
    let out = solve_all(&p);
    assert_eq!(out.value(), Some(&qi(0)));
    let x = out.primal().unwrap();
    assert_eq!(&x[..k], &[q(1, 3), q(1, 3), q(1, 3)]);
    assert_eq!(&x[k] - &x[k + 1], qi(0));
}

#[test]
fn weighted_cycle_maximal_lottery() {
    // Margins a>b by 1, b>c by 2, c>a by 3: the unique maximal lottery is (2, 3, 1)/6.
    let m: Vec<Vec<Q>> = [[0, 1, -3], [-1, 0, 2], [3, -2, 0]]
        .iter()
        .map(|r| r.iter().map(|&v| qi(v)).collect())
        .collect();
    let (p, k) = maximal_lottery(&m);
    let out = solve_all(&p);
    assert_eq!(out.value(), Some(&qi(0)));
    assert_eq!(&out.primal().unwrap()[..k], &[q(1, 3), q(1, 2), q(1, 6)]);
}

fn random_skew(rng: &mut ChaCha8Rng, k: usize) -> Vec<Vec<Q>> {
    let mut m = vec![vec![Q::ZERO; k]; k];
    for i in 0..k {
        for j in i + 1..k {
            let v = qi(rng.random_range(-3..=3));
            m[j][i] = -v.clone();
            m[i][j] = v;
        }
    }
    m
}

#[test]
fn skew_symmetric_games_have_value_zero() {
    let mut rng = ChaCha8Rng::seed_from_u64(11);
    for k in [2, 4, 7, 12, 20] {
        for _ in 0..3 {
            let m = random_skew(&mut rng, k);
            let (p, _) = maximal_lottery(&m);
            let out = solve_all(&p);
            assert_eq!(out.value(), Some(&qi(0)), "k = {k}");
        }
    }
}

/// A dense `rows × cols` packing LP with rational entries of denominators up to `den`.
fn dense_lp(rng: &mut ChaCha8Rng, rows: usize, cols: usize, den: u64) -> Problem {
    let rq = |rng: &mut ChaCha8Rng| q(rng.random_range(1..=den as i64), rng.random_range(1..=den));
    let obj = (0..cols).map(|_| rq(rng)).collect();
    let mut p = Problem::new(Sense::Max, obj);
    for _ in 0..rows {
        let coeffs = (0..cols).map(|_| rq(rng)).collect();
        p.push(coeffs, L, qi(1));
    }
    p
}

#[test]
fn dense_wide_lp_all_settings_agree() {
    let mut rng = ChaCha8Rng::seed_from_u64(3);
    let p = dense_lp(&mut rng, 6, 120, 100);
    let out = solve_all(&p);
    assert!(matches!(out, LpOutcome::Optimal { .. }));
}

#[test]
fn dense_10x495_is_fast_and_certified() {
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let p = dense_lp(&mut rng, 10, 495, 1000);
    let t = std::time::Instant::now();
    let (out, stats) = lp::solve_with(&p, &Options::default()).unwrap();
    let el = t.elapsed();
    // The float guide finds the optimal basis; the exact engine only certifies it.
    assert!(stats.guide_accepted, "{stats:?}");
    assert_eq!(stats.exact_pivots, 0, "{stats:?}");
    assert_evidence(&p, &out);
    let fv = lp::solve_float_only(&p).unwrap();
    let v = ualign::number::to_f64(out.value().unwrap());
    assert!((fv - v).abs() <= 1e-9 * v.abs().max(1.0), "{fv} vs {v}");
    // Generous bound (debug assertions are on in tests); the benchmark measures the real time.
    assert!(el.as_secs_f64() < 5.0, "{el:?}");
}

#[test]
fn column_generation_matches_direct_solve() {
    use ualign::lp::{Column, PricingRequest, solve_column_generation};
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    let p = dense_lp(&mut rng, 5, 60, 20);
    let direct = lp::solve(&p).unwrap();
    let cols: Vec<Column> = (0..60)
        .map(|j| Column {
            coeffs: p.constraints.iter().map(|r| r.coeffs[j].clone()).collect(),
            cost: p.objective[j].clone(),
        })
        .collect();
    let rows: Vec<(Relation, Q)> = p
        .constraints
        .iter()
        .map(|r| (r.rel, r.rhs.clone()))
        .collect();
    let res = solve_column_generation(
        Sense::Max,
        &rows,
        vec![cols[0].clone()],
        |req| match req {
            PricingRequest::Dual(y) => cols
                .iter()
                .map(|c| (c, &c.cost - dot(y, &c.coeffs)))
                .filter(|(_, rc)| *rc > Q::ZERO)
                .max_by(|a, b| a.1.cmp(&b.1))
                .map(|(c, _)| c.clone()),
            PricingRequest::Farkas(y) => cols.iter().find(|c| dot(y, &c.coeffs) < Q::ZERO).cloned(),
        },
        1000,
    )
    .unwrap();
    assert_eq!(res.outcome.value(), direct.value());
    assert!(res.problem.objective.len() < 60);
    assert_evidence(&res.problem, &res.outcome);
}

#[test]
fn column_generation_starts_infeasible() {
    use ualign::lp::{Column, PricingRequest, solve_column_generation};
    // min x_j costs s.t. Σ a_j x_j >= 1 over a_j in {0, 1, 2}; start with only the zero column.
    let cols: Vec<Column> = [(0, 1), (1, 3), (2, 4)]
        .iter()
        .map(|&(a, c)| Column {
            coeffs: vec![qi(a)],
            cost: qi(c),
        })
        .collect();
    let res = solve_column_generation(
        Sense::Min,
        &[(G, qi(1))],
        vec![cols[0].clone()],
        |req| match req {
            PricingRequest::Dual(y) => cols
                .iter()
                .find(|c| &c.cost - dot(y, &c.coeffs) < Q::ZERO)
                .cloned(),
            PricingRequest::Farkas(y) => cols.iter().find(|c| dot(y, &c.coeffs) < Q::ZERO).cloned(),
        },
        10,
    )
    .unwrap();
    assert_eq!(res.outcome.value(), Some(&qi(2)));
    // A lying oracle is caught.
    let err = solve_column_generation(
        Sense::Min,
        &[(G, qi(1))],
        vec![cols[1].clone()],
        |_| Some(cols[2].clone()),
        10,
    );
    assert!(matches!(err, Err(lp::LpError::Pricing(_))));
}

#[test]
fn dimension_mismatch_is_an_error() {
    let mut p = Problem::new(Sense::Max, vec![qi(1), qi(2)]);
    p.push(vec![qi(1)], L, qi(1));
    assert_eq!(
        lp::solve(&p),
        Err(lp::LpError::DimensionMismatch {
            row: 0,
            expected: 2,
            got: 1
        })
    );
}

#[test]
fn float_blind_differences_are_resolved_exactly() {
    // c2 exceeds c1 by 10^-30, invisible in f64: the float guide may stop at x1; exact must
    // move to x2.
    let tiny = Q::from_parts(
        ualign::number::IBig::ONE,
        ualign::number::UBig::from(10u8).pow(30),
    );
    let mut p = Problem::new(Sense::Max, vec![qi(1), qi(1) + &tiny, qi(1) - &tiny]);
    p.push(vec![qi(1), qi(1), qi(1)], L, qi(1));
    let out = solve_all(&p);
    assert_eq!(out.value(), Some(&(qi(1) + &tiny)));
    assert_eq!(out.primal().unwrap(), &[qi(0), qi(1), qi(0)]);
    // And with a second row the optimum mixes columns; compare with enumeration.
    p.push(vec![qi(1), qi(1) + &tiny, qi(0)], L, qi(1));
    let out = solve_all(&p);
    assert_eq!(
        Truth::Optimal(out.value().unwrap().clone()),
        brute_force(&p)
    );
}

#[test]
fn huge_and_tiny_magnitudes() {
    // Entries far outside the f64 range: floats overflow/underflow, exact answers stand.
    let big = Q::from(ualign::number::IBig::from(10u8).pow(400));
    let small = Q::ONE / &big;
    let mut p = Problem::new(Sense::Max, vec![big.clone(), small.clone(), qi(1)]);
    p.push(vec![big.clone(), qi(1), small.clone()], L, big.clone());
    p.push(vec![qi(1), small.clone(), big.clone()], L, qi(1));
    p.push(vec![small.clone(), big.clone(), qi(1)], G, small.clone());
    let out = solve_all(&p);
    assert_eq!(
        Truth::Optimal(out.value().unwrap().clone()),
        brute_force(&p)
    );
    // big·(x1 + x3) >= big² needs x1 + x3 >= big, but row 2 caps x1 + big·x3 at 1.
    let mut p2 = p.clone();
    p2.push(vec![big.clone(), qi(0), big.clone()], G, &big * &big);
    assert!(matches!(solve_all(&p2), LpOutcome::Infeasible { .. }));
    assert_eq!(brute_force(&p2), Truth::Infeasible);
}

#[test]
fn random_medium_lps_all_settings_agree() {
    // Larger, degenerate, mixed-relation problems: every engine setting must give the same
    // outcome kind and value, with valid evidence.
    let mut rng = ChaCha8Rng::seed_from_u64(99);
    let mut kinds = [0usize; 3];
    for _ in 0..150 {
        let m = rng.random_range(5..=10);
        let n = rng.random_range(5..=30);
        let sense = if rng.random_bool(0.5) {
            Sense::Max
        } else {
            Sense::Min
        };
        let cell = |rng: &mut ChaCha8Rng| {
            if rng.random_bool(0.4) {
                Q::ZERO
            } else {
                random_q(rng, -4, 4)
            }
        };
        let obj = (0..n).map(|_| cell(&mut rng)).collect();
        let mut p = Problem::new(sense, obj);
        for _ in 0..m {
            let coeffs = (0..n).map(|_| cell(&mut rng)).collect();
            let rel = [L, L, G, E][rng.random_range(0..4)];
            let rhs = if rng.random_bool(0.5) {
                Q::ZERO
            } else {
                random_q(&mut rng, -2, 8)
            };
            p.push(coeffs, rel, rhs);
        }
        match solve_all(&p) {
            LpOutcome::Optimal { .. } => kinds[0] += 1,
            LpOutcome::Infeasible { .. } => kinds[1] += 1,
            LpOutcome::Unbounded { .. } => kinds[2] += 1,
        }
    }
    assert!(kinds.iter().all(|&k| k >= 10), "{kinds:?}");
}
