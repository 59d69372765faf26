//! `lp::check` accepts correct evidence and rejects tampered evidence.

use ualign::lp::{self, LpOutcome, Problem, Relation, Sense};
use ualign::number::{Q, q, qi};

fn qs(v: &[i64]) -> Vec<Q> {
    v.iter().map(|&x| qi(x)).collect()
}

/// max 3x + 5y, x <= 4, 2y <= 12, 3x + 2y <= 18: x = (2, 6), y = (0, 3/2, 1), value 36.
fn textbook() -> (Problem, LpOutcome) {
    let mut p = Problem::new(Sense::Max, qs(&[3, 5]));
    p.push(qs(&[1, 0]), Relation::Le, qi(4));
    p.push(qs(&[0, 2]), Relation::Le, qi(12));
    p.push(qs(&[3, 2]), Relation::Le, qi(18));
    let out = LpOutcome::Optimal {
        x: qs(&[2, 6]),
        y: vec![qi(0), q(3, 2), qi(1)],
        value: qi(36),
    };
    (p, out)
}

fn expect_err(p: &Problem, out: &LpOutcome, needle: &str) {
    match lp::check(p, out) {
        Ok(()) => panic!("tampered evidence accepted: {out:?}"),
        Err(e) => assert!(e.contains(needle), "message {e:?} lacks {needle:?}"),
    }
}

#[test]
fn accepts_correct_optimum_and_matches_solver() {
    let (p, out) = textbook();
    lp::check(&p, &out).unwrap();
    assert_eq!(lp::solve(&p).unwrap(), out);
}

#[test]
fn rejects_tampered_optimum() {
    let (p, out) = textbook();
    let LpOutcome::Optimal { x, y, value } = out else {
        unreachable!()
    };
    let with = |x: Vec<Q>, y: Vec<Q>, value: Q| LpOutcome::Optimal { x, y, value };
    // Wrong value.
    expect_err(&p, &with(x.clone(), y.clone(), qi(37)), "primal objective");
    // Infeasible primal.
    expect_err(
        &p,
        &with(qs(&[4, 6]), y.clone(), qi(42)),
        "constraint 2 violated",
    );
    expect_err(&p, &with(qs(&[-1, 6]), y.clone(), qi(27)), "negative");
    // Dual that is feasible but not optimal: objectives differ.
    expect_err(
        &p,
        &with(x.clone(), qs(&[0, 3, 1]), qi(36)),
        "dual objective",
    );
    // Dual violating Aᵀy >= c.
    expect_err(
        &p,
        &with(x.clone(), vec![qi(0), q(3, 2), qi(0)], qi(36)),
        "dual constraint 0",
    );
    // Dual with the wrong sign on a Le row of a Max problem.
    expect_err(
        &p,
        &with(x.clone(), vec![qi(-1), q(3, 2), qi(1)], qi(36)),
        "wrong sign",
    );
    // Wrong lengths.
    expect_err(&p, &with(x.clone(), qs(&[0, 1]), qi(36)), "y has 2 entries");
    expect_err(&p, &with(qs(&[2]), y, value), "x has 1 entries");
}

#[test]
fn min_sign_convention_is_mirrored() {
    // min x + y, x + y >= 2: y = 1 (>= 0 on a Ge row of a Min problem) proves value 2.
    let mut p = Problem::new(Sense::Min, qs(&[1, 1]));
    p.push(qs(&[1, 1]), Relation::Ge, qi(2));
    let good = LpOutcome::Optimal {
        x: qs(&[2, 0]),
        y: qs(&[1]),
        value: qi(2),
    };
    lp::check(&p, &good).unwrap();
    let bad = LpOutcome::Optimal {
        x: qs(&[2, 0]),
        y: qs(&[-1]),
        value: qi(2),
    };
    expect_err(&p, &bad, "wrong sign");
    // An optimum claimed for an unbounded problem has no valid dual.
    let mut p = Problem::new(Sense::Min, qs(&[-1, 1]));
    p.push(qs(&[1, 1]), Relation::Ge, qi(2));
    for y in [-1, 0, 1, 2] {
        let claim = LpOutcome::Optimal {
            x: qs(&[2, 0]),
            y: qs(&[y]),
            value: qi(-2),
        };
        assert!(lp::check(&p, &claim).is_err());
    }
}

#[test]
fn rejects_bad_farkas() {
    // x + y >= 3 and x + y <= 2: farkas (-1, 1).
    let mut p = Problem::new(Sense::Max, qs(&[1, 0]));
    p.push(qs(&[1, 1]), Relation::Ge, qi(3));
    p.push(qs(&[1, 1]), Relation::Le, qi(2));
    lp::check(
        &p,
        &LpOutcome::Infeasible {
            farkas: qs(&[-1, 1]),
        },
    )
    .unwrap();
    lp::check(
        &p,
        &LpOutcome::Infeasible {
            farkas: qs(&[-2, 2]),
        },
    )
    .unwrap();
    let bad = |v: &[i64]| LpOutcome::Infeasible { farkas: qs(v) };
    expect_err(&p, &bad(&[1, -1]), "wrong sign");
    expect_err(&p, &bad(&[0, 0]), "yᵀb < 0");
    expect_err(&p, &bad(&[-2, 1]), "yᵀA >= 0");
    expect_err(&p, &bad(&[-1, 2]), "yᵀb < 0");
    expect_err(&p, &bad(&[-1]), "farkas has 1 entries");
    // A feasible problem has no Farkas vector at all.
    let mut f = Problem::new(Sense::Max, qs(&[1, 0]));
    f.push(qs(&[1, 1]), Relation::Ge, qi(1));
    f.push(qs(&[1, 1]), Relation::Le, qi(2));
    for a in -3..=3 {
        for b in -3..=3 {
            assert!(lp::check(&f, &bad(&[a, b])).is_err());
        }
    }
}

#[test]
fn rejects_bad_ray() {
    // max x, x - y <= 1: x = (1, 0), ray (1, 1).
    let mut p = Problem::new(Sense::Max, qs(&[1, 0]));
    p.push(qs(&[1, -1]), Relation::Le, qi(1));
    let unb = |x: &[i64], r: &[i64]| LpOutcome::Unbounded {
        x: qs(x),
        ray: qs(r),
    };
    lp::check(&p, &unb(&[1, 0], &[1, 1])).unwrap();
    expect_err(&p, &unb(&[2, 0], &[1, 1]), "constraint 0 violated");
    expect_err(&p, &unb(&[1, 0], &[1, 0]), "ray leaves");
    expect_err(&p, &unb(&[1, 0], &[0, 1]), "does not improve");
    expect_err(&p, &unb(&[1, 0], &[-1, -2]), "negative");
    expect_err(&p, &unb(&[1, 0], &[0, 0]), "does not improve");
}

#[test]
fn rejects_mismatched_problem() {
    let mut p = Problem::new(Sense::Max, qs(&[1, 0]));
    p.push(qs(&[1]), Relation::Le, qi(1));
    let out = LpOutcome::Optimal {
        x: qs(&[0, 0]),
        y: qs(&[0]),
        value: qi(0),
    };
    assert!(lp::check(&p, &out).unwrap_err().contains("coefficients"));
}

/// Asserts that `check` rejects `out` with exactly `message`.
fn expect_message(p: &Problem, out: &LpOutcome, message: &str) {
    assert_eq!(lp::check(p, out), Err(message.to_string()), "{out:?}");
}

fn one_row(sense: Sense, c: &[i64], a: &[i64], rel: Relation, b: i64) -> Problem {
    let mut p = Problem::new(sense, qs(c));
    p.push(qs(a), rel, qi(b));
    p
}

/// Every failure names the row or column, the exact values and the relation (`<=`, `=`, `>=`)
/// or sense it needed.
#[test]
fn failure_messages_name_the_relation_and_the_exact_values() {
    let opt = |x: &[i64], y: &[i64], v: i64| LpOutcome::Optimal {
        x: qs(x),
        y: qs(y),
        value: qi(v),
    };
    let (p, _) = textbook();
    expect_message(
        &p,
        &opt(&[4, 6], &[0, 0, 0], 42),
        "constraint 2 violated by x: a·x = 24 but must be <= 18",
    );
    let eq = one_row(Sense::Max, &[1], &[1], Relation::Eq, 1);
    expect_message(
        &eq,
        &opt(&[2], &[1], 2),
        "constraint 0 violated by x: a·x = 2 but must be = 1",
    );
    let ge = one_row(Sense::Min, &[1], &[2], Relation::Ge, 3);
    expect_message(
        &ge,
        &opt(&[1], &[1], 1),
        "constraint 0 violated by x: a·x = 2 but must be >= 3",
    );
    // Dual signs: y ≤ 0 on a Ge row of a Max problem, y ≤ 0 on a Le row of a Min problem.
    let ge_max = one_row(Sense::Max, &[-1], &[1], Relation::Ge, 1);
    expect_message(
        &ge_max,
        &opt(&[1], &[1], -1),
        "y[0] = 1 has the wrong sign for a >= row (Max problem)",
    );
    let le_min = one_row(Sense::Min, &[-1], &[1], Relation::Le, 1);
    expect_message(
        &le_min,
        &opt(&[1], &[1], -1),
        "y[0] = 1 has the wrong sign for a <= row (Min problem)",
    );
    // Dual constraints: Aᵀy ≥ c (Max), Aᵀy ≤ c (Min).
    expect_message(
        &p,
        &LpOutcome::Optimal {
            x: qs(&[2, 6]),
            y: vec![qi(0), q(3, 2), qi(0)],
            value: qi(36),
        },
        "dual constraint 0 violated: (Aᵀy)_0 = 0 but c_0 = 3 (need >=)",
    );
    expect_message(
        &ge,
        &opt(&[2], &[1], 2),
        "dual constraint 0 violated: (Aᵀy)_0 = 2 but c_0 = 1 (need <=)",
    );
    expect_message(
        &p,
        &opt(&[2, 6], &[0, 3, 1], 37),
        "primal objective cᵀx = 36 differs from claimed value 37",
    );
    expect_message(
        &p,
        &opt(&[2, 6], &[0, 3, 1], 36),
        "dual objective bᵀy = 54 differs from claimed value 36",
    );
    expect_message(
        &p,
        &LpOutcome::Optimal {
            x: vec![qi(2), q(-1, 2)],
            y: qs(&[0, 0, 0]),
            value: qi(0),
        },
        "x[1] = -1/2 is negative",
    );
    // Rays: A·ray ≤ 0, = 0, ≥ 0 on Le, Eq, Ge rows.
    let unb = |x: &[i64], r: &[i64]| LpOutcome::Unbounded {
        x: qs(x),
        ray: qs(r),
    };
    let ray_eq = one_row(Sense::Max, &[1, 0], &[1, -1], Relation::Eq, 0);
    expect_message(
        &ray_eq,
        &unb(&[0, 0], &[1, 0]),
        "ray leaves the feasible set at constraint 0: a·ray = 1 but must be = 0",
    );
    let ray_ge = one_row(Sense::Max, &[1, 0], &[-1, 1], Relation::Ge, -1);
    expect_message(
        &ray_ge,
        &unb(&[0, 0], &[1, 0]),
        "ray leaves the feasible set at constraint 0: a·ray = -1 but must be >= 0",
    );
    let ray_le = one_row(Sense::Max, &[1, 0], &[1, -1], Relation::Le, 1);
    expect_message(
        &ray_le,
        &unb(&[0, 0], &[1, 0]),
        "ray leaves the feasible set at constraint 0: a·ray = 1 but must be <= 0",
    );
    expect_message(
        &ray_le,
        &unb(&[0, 0], &[0, 3]),
        "ray does not improve the objective: cᵀray = 0",
    );
    expect_message(&ray_le, &unb(&[0, 0], &[1, -2]), "ray[1] = -2 is negative");
    // Farkas: yᵀA ≥ 0 and yᵀb < 0.
    let mut f = Problem::new(Sense::Max, qs(&[1, 0]));
    f.push(qs(&[1, 1]), Relation::Ge, qi(3));
    f.push(qs(&[1, 1]), Relation::Le, qi(2));
    let far = |v: &[i64]| LpOutcome::Infeasible { farkas: qs(v) };
    expect_message(
        &f,
        &far(&[-2, 1]),
        "Farkas condition yᵀA >= 0 fails at column 0: -1",
    );
    expect_message(
        &f,
        &far(&[-1, 2]),
        "Farkas condition yᵀb < 0 fails: yᵀb = 1",
    );
    expect_message(
        &f,
        &far(&[1, 1]),
        "farkas[0] = 1 has the wrong sign for a >= row (Max problem)",
    );
    expect_message(&f, &far(&[-1]), "farkas has 1 entries, expected 2");
}

/// An unbounded Min problem needs a ray with cᵀray < 0: min −x1, x1 − x2 ≤ 1 from x = (0, 0)
/// has the ray (1, 1) (cᵀray = −1); (0, 1) keeps every row but does not improve (cᵀray = 0).
#[test]
fn a_min_ray_must_decrease_the_objective() {
    let p = one_row(Sense::Min, &[-1, 0], &[1, -1], Relation::Le, 1);
    let unb = |r: &[i64]| LpOutcome::Unbounded {
        x: qs(&[0, 0]),
        ray: qs(r),
    };
    lp::check(&p, &unb(&[1, 1])).unwrap();
    expect_message(
        &p,
        &unb(&[0, 1]),
        "ray does not improve the objective: cᵀray = 0",
    );
}
