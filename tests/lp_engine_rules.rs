//! The exact simplex's documented rules, pinned by exact answers and counters (tests/MUTANTS.md,
//! `src/lp/simplex.rs`): Dantzig's rule enters the column of largest real reduced cost (exact
//! pricing, and float pricing when the float choice is exactly improving), ties going to the
//! first column; optimality is certified by a full exact scan; a ratio-test tie goes to the
//! lexicographically smallest row of B⁻¹B₀ over the pivot entry under the lexicographic rule and
//! to the smallest column otherwise (seen in which optimal dual comes back); artificials at 0
//! are driven out; every pivot, degenerate pivot, scan and Bland round is counted. Every case is
//! small enough to follow by hand (each comment gives the path), and every value is exact.

use ualign::lp::{self, AntiCycling, LpOutcome, Options, Problem, Relation, Sense, SolveStats};
use ualign::number::{Q, q, qi};

/// Exact Dantzig pricing from the slack basis.
const EXACT: Options = Options {
    float_guide: false,
    float_pricing: false,
    anti_cycling: AntiCycling::Lexicographic,
    anti_cycling_after: 10,
    verify: true,
};

/// Float pricing (confirmed exactly) from the slack basis.
const FLOAT: Options = Options {
    float_pricing: true,
    ..EXACT
};

/// Bland's rule from the first pivot.
const BLAND: Options = Options {
    anti_cycling: AntiCycling::Bland,
    anti_cycling_after: 0,
    ..FLOAT
};

fn stats(exact_pivots: usize, full_scans: usize, bland_pivots: usize) -> SolveStats {
    SolveStats {
        exact_pivots,
        full_scans,
        bland_pivots,
        ..SolveStats::default()
    }
}

fn problem(sense: Sense, c: Vec<Q>, rows: Vec<(Vec<Q>, Relation, Q)>) -> Problem {
    let mut p = Problem::new(sense, c);
    for (a, rel, b) in rows {
        p.push(a, rel, b);
    }
    p
}

fn ints(v: &[i64]) -> Vec<Q> {
    v.iter().map(|&x| qi(x)).collect()
}

/// Solves `p` with `opts`; asserts the optimum `x`, `value` and the counters.
fn assert_path(p: &Problem, opts: &Options, x: &[Q], value: Q, want: SolveStats) {
    let (out, got) = lp::solve_with(p, opts).expect("solve");
    match &out {
        LpOutcome::Optimal {
            x: ox, value: ov, ..
        } => {
            assert_eq!((ox.as_slice(), ov), (x, &value), "{opts:?}");
        }
        other => panic!("{opts:?}: not optimal: {other:?}"),
    }
    assert_eq!(got, want, "{opts:?}");
}

/// max 2x1 + x2 + 10x3, x1 + x2 + x3 ≤ 1. Reduced costs at the slack basis 2, 1, 10: Dantzig
/// enters x3 and is optimal after one pivot (any other first choice needs a second pivot).
#[test]
fn dantzig_enters_the_largest_reduced_cost() {
    let p = problem(
        Sense::Max,
        ints(&[2, 1, 10]),
        vec![(ints(&[1, 1, 1]), Relation::Le, qi(1))],
    );
    // Exact pricing scans at each of its two pricing rounds; float pricing takes x3 (float
    // reduced cost 10 > 0, exactly improving) without a scan and scans once to certify.
    assert_path(&p, &EXACT, &ints(&[0, 0, 1]), qi(10), stats(1, 2, 0));
    assert_path(&p, &FLOAT, &ints(&[0, 0, 1]), qi(10), stats(1, 1, 0));
}

/// max 3x1 + (10/3)x2, x1 + x2/3 ≤ 1: the column of x2 is stored as integers (1, 10) over its
/// scale 3, and its real reduced cost 10/3 beats x1's 3 only when divided by that scale.
#[test]
fn dantzig_compares_reduced_costs_of_scaled_columns() {
    let p = problem(
        Sense::Max,
        vec![qi(3), q(10, 3)],
        vec![(vec![qi(1), q(1, 3)], Relation::Le, qi(1))],
    );
    assert_path(&p, &EXACT, &[qi(0), qi(3)], qi(10), stats(1, 2, 0));
    assert_path(&p, &FLOAT, &[qi(0), qi(3)], qi(10), stats(1, 1, 0));
}

/// max 3x1 + 2x2, x1 + 5x2 ≤ 10, 10x1 ≤ 1000: x1 (reduced cost 3) enters, leaves by the first
/// row (ratio 10 < 100) and is optimal (then x2's reduced cost is 2 − 5·3 < 0). The float
/// reduced costs are c − yᵀa with y = 0, so they do not depend on the column's entries yet.
#[test]
fn float_pricing_uses_the_dual_times_the_column() {
    let p = problem(
        Sense::Max,
        ints(&[3, 2]),
        vec![
            (ints(&[1, 5]), Relation::Le, qi(10)),
            (ints(&[10, 0]), Relation::Le, qi(1000)),
        ],
    );
    assert_path(&p, &EXACT, &ints(&[10, 0]), qi(30), stats(1, 2, 0));
    assert_path(&p, &FLOAT, &ints(&[10, 0]), qi(30), stats(1, 1, 0));
}

/// min 5x1 + x2, x1 + x2 ≥ 1 (an artificial starts). Phase 1 costs are 0 on real columns, so
/// x1 and x2 tie at phase-1 reduced cost 1 and the first, x1, enters; phase 2 then swaps x1
/// for x2 (reduced cost −1 + 5 = 4 in the internal max form). Two pivots, whichever pricing;
/// a phase-1 pricing that used the phase-2 costs would enter x2 at once.
#[test]
fn phase_one_prices_with_phase_one_costs_and_ties_go_to_the_first_column() {
    let p = problem(
        Sense::Min,
        ints(&[5, 1]),
        vec![(ints(&[1, 1]), Relation::Ge, qi(1))],
    );
    // Exact: one scan per pricing round (phase 1: 1, phase 2: 2). Float: only the last round,
    // where the best float reduced cost is negative, scans.
    assert_path(&p, &EXACT, &ints(&[0, 1]), qi(1), stats(2, 3, 0));
    assert_path(&p, &FLOAT, &ints(&[0, 1]), qi(1), stats(2, 1, 0));
}

/// max (10⁻⁴⁰⁰)·x1, x1 ≤ 1: the float reduced cost underflows to 0.0, which is not taken as
/// improving, so the exact scan decides (and finds x1).
#[test]
fn a_float_reduced_cost_of_zero_goes_to_the_exact_scan() {
    let tiny = Q::from_parts(1.into(), ualign::number::UBig::from(10u8).pow(400));
    let p = problem(
        Sense::Max,
        vec![tiny.clone()],
        vec![(ints(&[1]), Relation::Le, qi(1))],
    );
    assert_path(&p, &FLOAT, &ints(&[1]), tiny, stats(1, 2, 0));
}

/// Bland's rule from the first pivot on the first problem: the smallest improving column x1
/// enters (x = (1, 0, 0)), then x3 replaces it; three pricing rounds, all counted as Bland's.
#[test]
fn bland_takes_the_smallest_improving_column_and_counts_its_rounds() {
    let p = problem(
        Sense::Max,
        ints(&[2, 1, 10]),
        vec![(ints(&[1, 1, 1]), Relation::Le, qi(1))],
    );
    assert_path(&p, &BLAND, &ints(&[0, 0, 1]), qi(10), stats(2, 0, 3));
}

/// Lexicographic rule from the first pivot, from the slack basis.
const LEX: Options = Options {
    anti_cycling_after: 0,
    ..FLOAT
};

/// Solves `p` with `opts`; asserts the optimal dual `y` and, if given, the counters.
fn assert_dual(p: &Problem, opts: &Options, y: &[Q], want: Option<SolveStats>) {
    let (out, got) = lp::solve_with(p, opts).expect("solve");
    assert_eq!(out.dual(), Some(y), "{opts:?}: {out:?}");
    if let Some(want) = want {
        assert_eq!(got, want, "{opts:?}");
    }
}

/// One pivot, which is degenerate, certified by `full_scans` scans.
fn one_degenerate_pivot(full_scans: usize) -> Option<SolveStats> {
    Some(SolveStats {
        degenerate_pivots: 1,
        ..stats(1, full_scans, 0)
    })
}

/// max x1, 2x1 ≤ 0, x1 ≤ 0: x1 enters with a tie at ratio 0. The lexicographic rule (rows of
/// B⁻¹B₀ = B⁻¹ over the pivot entries: (1, 0)/2 and (0, 1)/1) takes the second row, so x1 is
/// basic there and y = (0, 1); the default rule (smallest leaving column, the first slack)
/// and Bland's take the first row, y = (1/2, 0). Same x = 0 and value 0 in all three.
#[test]
fn a_ratio_tie_is_broken_lexicographically() {
    let p = problem(
        Sense::Max,
        ints(&[1]),
        vec![
            (ints(&[2]), Relation::Le, qi(0)),
            (ints(&[1]), Relation::Le, qi(0)),
        ],
    );
    let exact_lex = Options {
        float_pricing: false,
        ..LEX
    };
    assert_dual(&p, &LEX, &[qi(0), qi(1)], one_degenerate_pivot(1));
    assert_dual(&p, &exact_lex, &[qi(0), qi(1)], one_degenerate_pivot(2));
    assert_dual(&p, &FLOAT, &[q(1, 2), qi(0)], one_degenerate_pivot(1));
    assert_dual(&p, &EXACT, &[q(1, 2), qi(0)], one_degenerate_pivot(2));
    let bland = SolveStats {
        degenerate_pivots: 1,
        ..stats(1, 0, 2)
    };
    assert_dual(&p, &BLAND, &[q(1, 2), qi(0)], Some(bland));
}

/// max x1, x2 ≤ 1, 2x1 ≤ 0, x1 ≤ 0: the tie (rows 2 and 3) survives the first column of B⁻¹
/// (both entries 0) and is broken by the second: (1, 0)/2 against (0, 1)/1, so the third row
/// leaves, y = (0, 0, 1). Stopping after the first column would leave the tie to the
/// smallest column index: y = (0, 1/2, 0).
#[test]
fn a_ratio_tie_goes_on_to_the_next_column_of_the_basis_inverse() {
    let p = problem(
        Sense::Max,
        ints(&[1, 0]),
        vec![
            (ints(&[0, 1]), Relation::Le, qi(1)),
            (ints(&[2, 0]), Relation::Le, qi(0)),
            (ints(&[1, 0]), Relation::Le, qi(0)),
        ],
    );
    assert_dual(&p, &LEX, &[qi(0), qi(0), qi(1)], one_degenerate_pivot(1));
    assert_dual(
        &p,
        &EXACT,
        &[qi(0), q(1, 2), qi(0)],
        one_degenerate_pivot(2),
    );
}

/// max x1 + x2, x1 − x2 = 0, x1 + x2 ≤ 2: the equality row starts with its artificial at value
/// 0, so phase 1 has nothing to do and the artificial is driven out by x1 in a degenerate pivot
/// (counted); then x2 enters (reduced cost 1 + 1 = 2) and the optimum is x = (1, 1), y = (0, 1).
#[test]
fn an_artificial_at_zero_is_driven_out_by_a_counted_degenerate_pivot() {
    let p = problem(
        Sense::Max,
        ints(&[1, 1]),
        vec![
            (ints(&[1, -1]), Relation::Eq, qi(0)),
            (ints(&[1, 1]), Relation::Le, qi(2)),
        ],
    );
    let two_one = |full_scans| SolveStats {
        degenerate_pivots: 1,
        ..stats(2, full_scans, 0)
    };
    assert_path(&p, &EXACT, &ints(&[1, 1]), qi(2), two_one(2));
    assert_path(&p, &FLOAT, &ints(&[1, 1]), qi(2), two_one(1));
    assert_dual(&p, &FLOAT, &ints(&[0, 1]), None);
}

/// max x2 + 5x3, −x1 = 0, x2 + x3 ≤ 1: the artificial of the first row (value 0) is driven out
/// by x1 on the entry −1, so the determinant D becomes −1 and the engine's reduced-cost
/// numerators change sign. Dantzig must still rank by the real reduced costs (1 and 5): x3
/// enters and is optimal after one pivot.
#[test]
fn dantzig_ranks_real_reduced_costs_when_the_determinant_is_negative() {
    let p = problem(
        Sense::Max,
        ints(&[0, 1, 5]),
        vec![
            (ints(&[-1, 0, 0]), Relation::Eq, qi(0)),
            (ints(&[0, 1, 1]), Relation::Le, qi(1)),
        ],
    );
    let want = SolveStats {
        degenerate_pivots: 1,
        ..stats(2, 2, 0)
    };
    assert_path(&p, &EXACT, &ints(&[0, 0, 1]), qi(5), want);
}

/// max x1, x1 ≤ 0, 2x1 ≤ 0: the tie of the first test with the rows swapped. The rows of B⁻¹
/// over the pivot entries are (1, 0)/1 and (0, 1)/2; the second is lexicographically smaller
/// (0 < 1/2 in the first column), so x1 becomes basic in it: y = (0, 1/2). The default rule
/// takes the first row: y = (1, 0).
#[test]
fn a_ratio_tie_compares_the_rows_over_their_pivot_entries() {
    let p = problem(
        Sense::Max,
        ints(&[1]),
        vec![
            (ints(&[1]), Relation::Le, qi(0)),
            (ints(&[2]), Relation::Le, qi(0)),
        ],
    );
    assert_dual(&p, &LEX, &[qi(0), q(1, 2)], one_degenerate_pivot(1));
    assert_dual(&p, &FLOAT, &[qi(1), qi(0)], one_degenerate_pivot(1));
}

/// Farkas vectors and rays come back as primitive integer vectors (`standard::primitive`): for
/// (1/2)(x1 − x2) = 1, (1/3)(x1 − x2) = 1 every Farkas vector is t·(2, −3), t > 0 (yᵀA = 0 on
/// both columns, yᵀb = −t); for max x1 + x2 with (1/2)x1 − (1/3)x2 = 0 every ray is t·(2, 3).
#[test]
fn farkas_vectors_and_rays_are_primitive_integer_vectors() {
    let p = problem(
        Sense::Max,
        ints(&[0, 0]),
        vec![
            (vec![q(1, 2), q(-1, 2)], Relation::Eq, qi(1)),
            (vec![q(1, 3), q(-1, 3)], Relation::Eq, qi(1)),
        ],
    );
    for opts in [EXACT, FLOAT, LEX, BLAND] {
        let (out, _) = lp::solve_with(&p, &opts).expect("solve");
        assert_eq!(
            out,
            LpOutcome::Infeasible {
                farkas: ints(&[2, -3])
            },
            "{opts:?}"
        );
    }
    let p = problem(
        Sense::Max,
        ints(&[1, 1]),
        vec![(vec![q(1, 2), q(-1, 3)], Relation::Eq, qi(0))],
    );
    for opts in [EXACT, FLOAT, LEX, BLAND] {
        let (out, _) = lp::solve_with(&p, &opts).expect("solve");
        let LpOutcome::Unbounded { ray, .. } = &out else {
            panic!("{opts:?}: {out:?}")
        };
        assert_eq!(ray, &ints(&[2, 3]), "{opts:?}");
    }
}

/// A ray entered along a surplus column: max x1, (1/2)x1 ≥ 1. Phase 1 makes x1 = 2 basic; in
/// phase 2 only the surplus s can enter (reduced cost 0 − 1·2·(−1) = 2), its column
/// B⁻¹a_s = −2 has no positive entry, and the ray is s = 1, x1 = 2: structural part (2), whose
/// primitive multiple is (1) (divided by g = 2, not multiplied).
#[test]
fn a_ray_along_a_surplus_column_is_divided_by_its_gcd() {
    let p = problem(
        Sense::Max,
        ints(&[1]),
        vec![(vec![q(1, 2)], Relation::Ge, qi(1))],
    );
    for opts in [EXACT, FLOAT, LEX, BLAND, Options::default()] {
        let (out, _) = lp::solve_with(&p, &opts).expect("solve");
        let want = LpOutcome::Unbounded {
            x: ints(&[2]),
            ray: ints(&[1]),
        };
        assert_eq!(out, want, "{opts:?}");
    }
}

/// Exact Dantzig pricing with the lexicographic rule after `after` degenerate pivots.
fn lex_after(after: usize, float_pricing: bool) -> Options {
    Options {
        anti_cycling_after: after,
        float_pricing,
        ..EXACT
    }
}

/// The lexicographic rule with B₀ ≠ I (B₀ taken after pivots) and the moment B₀ is taken.
/// max x2 + 3x3, −2x1 − 2x2 + 2x3 ≤ 0, x2 + x3 ≤ 0, −2x2 − x3 ≤ 0 (slacks s1, s2, s3; every
/// pivot is degenerate, x = 0, value 0 throughout):
/// 1. x3 enters (reduced costs 0, 1, 3), rows 1 and 2 tie at 0; before any anti-cycling the
///    smallest column leaves: s1. Basis (x3, s2, s3), y = (3/2, 0, 0).
/// 2. x2 enters (reduced costs 3, 4 for x1, x2); B⁻¹a_x2 = (−1, 2, −3): s2 leaves (no tie).
///    Basis (x3, x2, s3).
/// 3. x1 enters (y = (1/2, 2, 0), reduced cost 1); B⁻¹a_x1 = (−1/2, 1/2, 1/2): x2 and s3 tie.
///    - After 1 degenerate pivot, B₀ = (x3, s2, s3) was taken before step 2. Rows of B⁻¹B₀ over
///      the pivot entries: column x3 gives 0 and 0; column s2 (B⁻¹e₂ = (1/2, 1/2, 3/2)) gives
///      (1/2)/(1/2) = 1 for x2 and (3/2)/(1/2) = 3 for s3: x2 leaves, basis (x3, x1, s3),
///      y = (0, 3, 0).
///    - After 2, B₀ = (x3, x2, s3) is taken now (B⁻¹B₀ = I): column x3 ties, column x2 gives 2
///      for x2 and 0 for s3: s3 leaves, basis (x3, x2, x1), y = (0, 5, 2).
///
/// The engine's rows R = D·B⁻¹ at step 3 (D = 4) are (1, 2, 0), (−1, 2, 0), (−1, 6, 4) and its
/// integer columns a_x3 = (2, 1, −1), a_x2 = (−2, 1, −2): products R·a replaced by sums or
/// integer quotients, or the comparison t_i·v_l < t_best·v_k with a quotient or a sum, or B₀
/// retaken at every lexicographic pivot, each turn one of the two answers into the other.
#[test]
fn a_ratio_tie_is_broken_on_a_basis_taken_after_pivots() {
    let p = problem(
        Sense::Max,
        ints(&[0, 1, 3]),
        vec![
            (ints(&[-2, -2, 2]), Relation::Le, qi(0)),
            (ints(&[0, 1, 1]), Relation::Le, qi(0)),
            (ints(&[0, -2, -1]), Relation::Le, qi(0)),
        ],
    );
    let three_degenerate = |full_scans| {
        Some(SolveStats {
            degenerate_pivots: 3,
            ..stats(3, full_scans, 0)
        })
    };
    for (fp, scans) in [(false, 4), (true, 1)] {
        assert_dual(
            &p,
            &lex_after(1, fp),
            &ints(&[0, 3, 0]),
            three_degenerate(scans),
        );
        assert_dual(
            &p,
            &lex_after(2, fp),
            &ints(&[0, 5, 2]),
            three_degenerate(scans),
        );
    }
}

/// The lexicographic rule ends when the point moves: ties after a non-degenerate pivot go to
/// the smallest column again, not to a stale B₀. max 2x1 + x2 + 2x3, −x2 − 2x3 ≤ 0,
/// x1 + 2x2 + x3 ≤ 1, 2x1 − x2 ≤ 0, lexicographic after 1 degenerate pivot:
/// 1. x1 enters (reduced costs 2, 1, 2: the first of the tie); column (0, 1, 2): ratio 1 on
///    row 2, 0 on row 3: s3 leaves (degenerate). Basis (s1, s2, x1).
/// 2. B₀ = (s1, s2, x1) is taken; y = (0, 0, 1), reduced costs 2 for x2 and x3: x2 enters,
///    B⁻¹a_x2 = (−1, 5/2, −1/2): s2 leaves at ratio 2/5 (the point moves). Basis (s1, x2, x1),
///    values (2/5, 2/5, 1/5).
/// 3. x3 enters, B⁻¹a_x3 = (−8/5, 2/5, 1/5): x2 and x1 tie at ratio 1. The rule is off again,
///    so the smallest column, x1, leaves: basis (s1, x2, x3), x = (0, 0, 1), y = (0, 2, 3).
///    The stale B₀ would decide on its column x1 (0 for x2, 5 for x1) and take x2 out:
///    y = (0, 2, 0).
#[test]
fn ratio_ties_after_the_point_moves_go_to_the_smallest_column_again() {
    let p = problem(
        Sense::Max,
        ints(&[2, 1, 2]),
        vec![
            (ints(&[0, -1, -2]), Relation::Le, qi(0)),
            (ints(&[1, 2, 1]), Relation::Le, qi(1)),
            (ints(&[2, -1, 0]), Relation::Le, qi(0)),
        ],
    );
    for (fp, scans) in [(false, 4), (true, 1)] {
        let want = SolveStats {
            degenerate_pivots: 1,
            ..stats(3, scans, 0)
        };
        let opts = lex_after(1, fp);
        assert_path(&p, &opts, &ints(&[0, 0, 1]), qi(2), want);
        assert_dual(&p, &opts, &ints(&[0, 2, 3]), None);
    }
}
