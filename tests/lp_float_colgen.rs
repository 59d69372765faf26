//! `lp/float.rs` and `lp/colgen.rs` tested directly (docs/THEORY.md §6) on random LPs with
//! mixed relations and both senses, some infeasible and some unbounded:
//!
//! - the float simplex (`solve_float_only`) reports the exact optimal value within 1e-9
//!   (relative) and reports nothing when the exact engine proves infeasibility or unboundedness;
//!   its basis is accepted by the exact engine on most instances;
//! - column generation, started from a random subset of the columns (or none) with an exact
//!   pricing oracle over the full column set, ends with the full LP's outcome kind and exactly
//!   its optimal value, and its primal, read as a point of the full LP, is feasible there.

mod common;

use rand::RngExt;
use rand::rngs::ChaCha8Rng;
use ualign::lp::{
    self, Column, LpError, LpOutcome, Options, PricingRequest, Problem, Relation, Sense,
    solve_column_generation,
};
use ualign::number::{Q, q, qi, to_f64};

fn dot(a: &[Q], x: &[Q]) -> Q {
    a.iter().zip(x).fold(Q::ZERO, |acc, (a, b)| acc + a * b)
}

/// A random LP: 1..=5 rows with relations ≤, =, ≥, 1..=10 columns, small integer or halved data.
fn random_lp(rng: &mut ChaCha8Rng) -> Problem {
    let rows = rng.random_range(1..=5);
    let cols = rng.random_range(1..=10);
    let num = |rng: &mut ChaCha8Rng| q(rng.random_range(-4..=6), rng.random_range(1..=2));
    let sense = if rng.random_bool(0.5) {
        Sense::Max
    } else {
        Sense::Min
    };
    let obj = (0..cols).map(|_| num(rng)).collect();
    let mut p = Problem::new(sense, obj);
    for _ in 0..rows {
        let coeffs = (0..cols).map(|_| num(rng)).collect();
        let rel = match rng.random_range(0..5) {
            0 => Relation::Eq,
            1 => Relation::Ge,
            _ => Relation::Le,
        };
        let rhs = qi(rng.random_range(-2..=8));
        p.push(coeffs, rel, rhs);
    }
    p
}

fn kind(out: &LpOutcome) -> &'static str {
    match out {
        LpOutcome::Optimal { .. } => "optimal",
        LpOutcome::Infeasible { .. } => "infeasible",
        LpOutcome::Unbounded { .. } => "unbounded",
    }
}

#[test]
fn float_simplex_value_and_guide_agree_with_the_exact_engine() {
    let mut r = common::rng(601);
    let (mut optimal, mut reported, mut accepted, mut other) = (0, 0, 0, 0);
    for case in 0..600 {
        let p = random_lp(&mut r);
        let (exact, stats) = lp::solve_with(&p, &Options::default()).unwrap();
        let float = lp::solve_float_only(&p);
        match &exact {
            LpOutcome::Optimal { value, .. } => {
                optimal += 1;
                if let Some(v) = float {
                    reported += 1;
                    let e = to_f64(value);
                    assert!(
                        (v - e).abs() <= 1e-9 * (1.0 + e.abs()),
                        "case {case}: float {v} vs exact {e}"
                    );
                }
                accepted += usize::from(stats.guide_accepted);
            }
            _ => {
                other += 1;
                assert_eq!(
                    float,
                    None,
                    "case {case}: float value for a {}",
                    kind(&exact)
                );
            }
        }
    }
    println!(
        "optimal {optimal} (float value {reported}, guide accepted {accepted}), other {other}"
    );
    // The mix this test relies on, and the float guide doing its job on small well-scaled LPs.
    assert!(
        optimal >= 150 && other >= 150,
        "optimal {optimal}, other {other}"
    );
    assert_eq!(reported, optimal, "the float simplex gave up on a small LP");
    assert!(
        accepted * 10 >= optimal * 9,
        "guide accepted on {accepted} of {optimal}"
    );
}

/// The exact pricing oracle over `pool`: the column of largest improvement (Dual) or the first
/// column with `yᵀa < 0` (Farkas).
fn price(pool: &[Column], sense: Sense, req: PricingRequest<'_>) -> Option<Column> {
    match req {
        PricingRequest::Dual(y) => pool
            .iter()
            .map(|c| {
                let rc = &c.cost - dot(y, &c.coeffs);
                (c, if sense == Sense::Max { rc } else { -rc })
            })
            .filter(|(_, gain)| *gain > Q::ZERO)
            .max_by(|a, b| a.1.cmp(&b.1))
            .map(|(c, _)| c.clone()),
        PricingRequest::Farkas(y) => pool.iter().find(|c| dot(y, &c.coeffs) < Q::ZERO).cloned(),
    }
}

#[test]
fn column_generation_equals_the_full_lp() {
    let mut r = common::rng(602);
    let mut kinds = std::collections::BTreeMap::new();
    let mut generated = 0;
    for case in 0..500 {
        let p = random_lp(&mut r);
        let full = lp::solve(&p).unwrap();
        let pool: Vec<Column> = (0..p.num_vars())
            .map(|j| Column {
                coeffs: p.constraints.iter().map(|c| c.coeffs[j].clone()).collect(),
                cost: p.objective[j].clone(),
            })
            .collect();
        let rows: Vec<(Relation, Q)> = p
            .constraints
            .iter()
            .map(|c| (c.rel, c.rhs.clone()))
            .collect();
        let initial: Vec<Column> = pool
            .iter()
            .filter(|_| r.random_bool(0.3))
            .cloned()
            .collect();
        let start = initial.len();
        let res = solve_column_generation(
            p.sense,
            &rows,
            initial,
            |req| price(&pool, p.sense, req),
            100,
        )
        .unwrap_or_else(|e| panic!("case {case}: {e}"));
        generated += res.problem.num_vars() - start;
        assert_eq!(kind(&res.outcome), kind(&full), "case {case}");
        assert_eq!(res.outcome.value(), full.value(), "case {case}");
        // The restricted problem's columns all come from the pool, so its optimum is a point of
        // the full LP with the same objective.
        if let Some(x) = res.outcome.primal() {
            let mut point = vec![Q::ZERO; p.num_vars()];
            for (j, xj) in x.iter().enumerate() {
                let col = (0..p.num_vars())
                    .find(|&i| {
                        pool[i].cost == res.problem.objective[j]
                            && pool[i].coeffs
                                == res
                                    .problem
                                    .constraints
                                    .iter()
                                    .map(|c| c.coeffs[j].clone())
                                    .collect::<Vec<_>>()
                    })
                    .expect("a pool column");
                point[col] += xj;
            }
            assert!(point.iter().all(|v| *v >= Q::ZERO));
            for c in &p.constraints {
                let lhs = dot(&c.coeffs, &point);
                let ok = match c.rel {
                    Relation::Le => lhs <= c.rhs,
                    Relation::Eq => lhs == c.rhs,
                    Relation::Ge => lhs >= c.rhs,
                };
                assert!(ok, "case {case}: the primal violates a row of the full LP");
            }
            assert_eq!(&dot(&p.objective, &point), full.value().unwrap());
        }
        *kinds.entry(kind(&full)).or_insert(0usize) += 1;
    }
    println!("outcomes {kinds:?}, {generated} columns generated");
    for k in ["optimal", "infeasible", "unbounded"] {
        assert!(kinds.get(k).copied().unwrap_or(0) >= 30, "{kinds:?}");
    }
    assert!(generated >= 300, "only {generated} columns generated");
}

#[test]
fn column_generation_refuses_a_lying_or_endless_oracle() {
    // max x s.t. x ≤ 1: the oracle keeps offering the same improving column forever.
    let rows = [(Relation::Le, qi(1))];
    let col = Column {
        coeffs: vec![qi(1)],
        cost: qi(1),
    };
    let zero = Column {
        coeffs: vec![qi(0)],
        cost: qi(0),
    };
    let endless = solve_column_generation(
        Sense::Max,
        &rows,
        vec![zero.clone()],
        |_| Some(col.clone()),
        5,
    );
    assert!(matches!(endless, Err(LpError::Pricing(_))), "{endless:?}");
    // A column of the wrong length.
    let short = solve_column_generation(
        Sense::Max,
        &rows,
        vec![zero.clone()],
        |_| {
            Some(Column {
                coeffs: vec![],
                cost: qi(5),
            })
        },
        5,
    );
    assert!(matches!(short, Err(LpError::Pricing(_))));
    // An initial column of the wrong length.
    let bad = solve_column_generation(
        Sense::Max,
        &rows,
        vec![Column {
            coeffs: vec![qi(1), qi(2)],
            cost: qi(1),
        }],
        |_| None,
        5,
    );
    assert!(matches!(bad, Err(LpError::DimensionMismatch { .. })));
    // The honest oracle converges: value 1 after one generated column.
    let ok = solve_column_generation(
        Sense::Max,
        &rows,
        vec![zero],
        |req| price(std::slice::from_ref(&col), Sense::Max, req),
        5,
    )
    .unwrap();
    assert_eq!(ok.outcome.value(), Some(&qi(1)));
    assert_eq!(ok.rounds, 2);
}
