//! The float guide (`src/lp/float.rs`, tests/MUTANTS.md) pinned on LPs small enough to follow by
//! hand: the `f64` tableau simplex's pivots (Dantzig's rule, ties in pricing to the first
//! column, ratio-test ties to the largest pivot entry, phase 1 on the artificials, basic
//! artificials at 0 driven out on the largest entry, infeasibility read off the phase-1 value),
//! counted exactly in `SolveStats::float_pivots`; its final basis, which the exact engine accepts
//! and certifies with no exact pivot (so the optimal dual shows which basis the guide chose);
//! and `solve_float_only`'s value in the original sense. Each comment gives the path.

use ualign::lp::{self, LpOutcome, Options, Problem, Relation, Sense, SolveStats};
use ualign::number::{Q, q, qi};

use Relation::{Eq, Ge, Le};

fn problem(sense: Sense, c: &[i64], rows: &[(&[i64], Relation, i64)]) -> Problem {
    let mut p = Problem::new(sense, ints(c));
    for (a, rel, b) in rows {
        p.push(ints(a), *rel, qi(*b));
    }
    p
}

fn ints(v: &[i64]) -> Vec<Q> {
    v.iter().map(|&x| qi(x)).collect()
}

/// The guide took `float_pivots` pivots and the exact engine accepted its basis and certified
/// it with `full_scans` exact scans and no pivot.
fn accepted(float_pivots: usize, full_scans: usize) -> SolveStats {
    SolveStats {
        float_pivots,
        guide_accepted: true,
        full_scans,
        ..SolveStats::default()
    }
}

/// The guide took `float_pivots` pivots, the exact engine refused its basis and then made
/// `exact_pivots` pivots (`degenerate` of them degenerate) after one full scan.
fn refused(float_pivots: usize, exact_pivots: usize, degenerate: usize) -> SolveStats {
    SolveStats {
        float_pivots,
        guide_accepted: false,
        exact_pivots,
        degenerate_pivots: degenerate,
        full_scans: 1,
        ..SolveStats::default()
    }
}

/// Solves `p` with the default options (float guide on); asserts the outcome and the counters,
/// and that `solve_float_only` reports `float_value` (within 1e-12) or nothing.
fn assert_guided(p: &Problem, want: LpOutcome, stats: SolveStats, float_value: Option<f64>) {
    let (out, got) = lp::solve_with(p, &Options::default()).expect("solve");
    assert_eq!(out, want);
    assert_eq!(got, stats);
    match (lp::solve_float_only(p), float_value) {
        (Some(v), Some(w)) => assert!((v - w).abs() <= 1e-12, "float value {v}, want {w}"),
        (v, w) => assert_eq!(v, w),
    }
}

/// max 3x + 5y, x ≤ 4, 2y ≤ 12, 3x + 2y ≤ 18: no artificial, so phase 1 ends at once. Phase 2:
/// y enters (reduced cost 5 > 3), ratios 12/2 = 6 and 18/2 = 9, row 2 leaves; then x (reduced
/// cost 3), ratios 4/1 and (18 − 12)/3 = 2, row 3 leaves; optimal. Two float pivots; the basis
/// (s1, y, x) is optimal, so the exact engine only certifies it (one scan): x = (2, 6),
/// y = (0, 3/2, 1), value 36 (and 36 in floats).
#[test]
fn the_guide_follows_dantzig_in_phase_two() {
    let p = problem(
        Sense::Max,
        &[3, 5],
        &[(&[1, 0], Le, 4), (&[0, 2], Le, 12), (&[3, 2], Le, 18)],
    );
    let want = LpOutcome::Optimal {
        x: ints(&[2, 6]),
        y: vec![qi(0), q(3, 2), qi(1)],
        value: qi(36),
    };
    assert_guided(&p, want, accepted(2, 1), Some(36.0));
}

/// min x1 + x2, x1 + 2x2 ≥ 2, 3x1 + x2 ≥ 3: both rows start on artificials. Phase-1 reduced
/// costs are the row sums: 4 for x1, 3 for x2, −1 for the surpluses. x1 enters, ratios 2/1 and
/// 3/3, row 2 leaves; row 1 becomes (5/3)x2 − s1 + (1/3)s2 = 1, so x2 enters (5/3 > 1/3),
/// ratios 1/(5/3) = 3/5 and 1/(1/3) = 3, row 1 leaves. No artificial is left; phase 2 finds
/// the basis (x2, x1) optimal. Two float pivots: x = (4/5, 3/5), y = (2/5, 1/5), value 7/5 (the
/// float value in the original sense, +1.4).
#[test]
fn the_guide_runs_phase_one_on_the_artificials_of_a_min_problem() {
    let p = problem(Sense::Min, &[1, 1], &[(&[1, 2], Ge, 2), (&[3, 1], Ge, 3)]);
    let want = LpOutcome::Optimal {
        x: vec![q(4, 5), q(3, 5)],
        y: vec![q(2, 5), q(1, 5)],
        value: q(7, 5),
    };
    assert_guided(&p, want, accepted(2, 1), Some(1.4));
}

/// min 2x1 + 3x2, x1 + x2 ≥ 4, x1 − x2 ≤ −1: the second row is negated (−x1 + x2 ≥ 1), so both
/// rows start on artificials. Phase 1: reduced costs 0 for x1, 2 for x2: x2 enters, ratios 4
/// and 1, row 2 leaves; row 1 becomes 2x1 − s1 + s2 = 3, x1 enters, row 1 leaves. Phase 2 is
/// optimal at once: x = (3/2, 5/2), value 21/2, y = (5/2, −1/2) (Min signs: ≥ row 5/2 ≥ 0,
/// ≤ row −1/2 ≤ 0).
#[test]
fn the_guide_handles_a_negated_row() {
    let p = problem(Sense::Min, &[2, 3], &[(&[1, 1], Ge, 4), (&[1, -1], Le, -1)]);
    let want = LpOutcome::Optimal {
        x: vec![q(3, 2), q(5, 2)],
        y: vec![q(5, 2), q(-1, 2)],
        value: q(21, 2),
    };
    assert_guided(&p, want, accepted(2, 1), Some(10.5));
}

/// max x1, x1 ≤ 0, 2x1 ≤ 0: x1 enters and the two rows tie at ratio 0; the guide takes the
/// larger pivot entry (row 2, entry 2), so x1 is basic in row 2 and the accepted basis gives
/// y = (0, 1/2). (The exact engine alone gives the tie to the smallest column, the first
/// slack: y = (1, 0), `lp_engine_rules::a_ratio_tie_compares_the_rows_over_their_pivot_entries`.)
#[test]
fn a_float_ratio_tie_goes_to_the_largest_pivot_entry() {
    let p = problem(Sense::Max, &[1], &[(&[1], Le, 0), (&[2], Le, 0)]);
    let want = LpOutcome::Optimal {
        x: ints(&[0]),
        y: vec![qi(0), q(1, 2)],
        value: qi(0),
    };
    assert_guided(&p, want, accepted(1, 1), Some(0.0));
}

/// max x1 + x2, x1 − x2 = 0, x1 + x2 ≤ 2: the equality's artificial starts at 0, so phase 1
/// ends at once and the artificial is driven out on its row's largest entry, |1| = |−1|, the
/// first: x1 (one pivot). Phase 2: x2 enters (reduced cost 1 + 1 = 2), row 2 (2x2 + s2 = 2 after
/// the first pivot) leaves. Two float pivots: x = (1, 1), y = (0, 1), value 2.
#[test]
fn the_guide_drives_an_artificial_at_zero_out() {
    let p = problem(Sense::Max, &[1, 1], &[(&[1, -1], Eq, 0), (&[1, 1], Le, 2)]);
    let want = LpOutcome::Optimal {
        x: ints(&[1, 1]),
        y: ints(&[0, 1]),
        value: qi(2),
    };
    assert_guided(&p, want, accepted(2, 1), Some(2.0));
}

/// x1 + x2 ≤ 1, x1 + x2 ≥ 3 (max x1 + x2): phase-1 reduced costs 1, 1 (and −1 for the surplus):
/// x1 enters (the first of the tie), ratios 1 and 3, row 1 leaves. The artificial stays at 2
/// and no column improves (x2: 0, s1: −1): the phase-1 value −2 says infeasible, and the guide
/// still hands over its basis (x1, a2), which the exact engine accepts and certifies with one
/// scan: Farkas vector (1, −1) (1·1 − 1·3 < 0). No float value.
#[test]
fn the_guide_reports_infeasibility_and_hands_over_its_phase_one_basis() {
    let p = problem(Sense::Max, &[1, 1], &[(&[1, 1], Le, 1), (&[1, 1], Ge, 3)]);
    let want = LpOutcome::Infeasible {
        farkas: ints(&[1, -1]),
    };
    assert_guided(&p, want, accepted(1, 1), None);
}

/// max x1 + x2, x1 − x2 ≤ 1: x1 enters (the first of the tie), row 1 leaves; then x2 has reduced
/// cost 2 and column −1: unbounded after one float pivot. The exact engine, from the basis
/// (x1), takes x2 by float pricing (exactly improving, no scan) and finds the ray at once:
/// x = (1, 0), ray (1, 1). No float value.
#[test]
fn the_guide_stops_on_an_unbounded_column() {
    let p = problem(Sense::Max, &[1, 1], &[(&[1, -1], Le, 1)]);
    let want = LpOutcome::Unbounded {
        x: ints(&[1, 0]),
        ray: ints(&[1, 1]),
    };
    assert_guided(&p, want, accepted(1, 0), None);
}

/// max −x1, x1 − 2x2 = 0, x1 + x2 ≤ 3: the equality's artificial starts at 0, so phase 1 ends at
/// once (it goes on only while an artificial is basic *and* positive) and the artificial is
/// driven out on its row's largest entry in absolute value, |−2|: x2 (one pivot). Phase 2 is
/// optimal at once (reduced cost of x1: −1). The exact engine certifies the basis (x2, s2):
/// y = (0, 0). Had phase 1 gone on, Dantzig's rule would have pivoted x1 (reduced cost 1, the
/// only positive one) into the artificial's row: the basis (x1, s2), equally optimal, with
/// y = (−1, 0).
#[test]
fn phase_one_stops_when_no_artificial_is_positive() {
    let p = problem(Sense::Max, &[-1, 0], &[(&[1, -2], Eq, 0), (&[1, 1], Le, 3)]);
    let want = LpOutcome::Optimal {
        x: ints(&[0, 0]),
        y: ints(&[0, 0]),
        value: qi(0),
    };
    assert_guided(&p, want, accepted(1, 1), Some(0.0));
}

/// The same LP with right-hand side 10⁻⁹ (the `f64` value of 1/10⁹ is the guide's pivot
/// tolerance exactly): an artificial at the tolerance counts as zero, so phase 1 ends at once
/// (the phase-1 value 10⁻⁹ is below 10⁻⁹ · (1 + max |b|) = 4 · 10⁻⁹, feasible), and the
/// artificial is driven out on x2, whose value is then −1/(2 · 10⁹): the exact engine refuses the
/// guide's basis and solves from its own start, reaching x = (10⁻⁹, 0), y = (−1, 0). (Treating
/// the artificial as positive would pivot x1 in during phase 1: a feasible basis the exact
/// engine would accept.)
#[test]
fn an_artificial_at_the_pivot_tolerance_counts_as_zero() {
    let mut p = Problem::new(Sense::Max, ints(&[-1, 0]));
    p.push(ints(&[1, -2]), Eq, q(1, 1_000_000_000));
    p.push(ints(&[1, 1]), Le, qi(3));
    let (out, stats) = lp::solve_with(&p, &Options::default()).expect("solve");
    let want = LpOutcome::Optimal {
        x: vec![q(1, 1_000_000_000), qi(0)],
        y: ints(&[-1, 0]),
        value: q(-1, 1_000_000_000),
    };
    assert_eq!(out, want);
    assert_eq!((stats.float_pivots, stats.guide_accepted), (1, false));
}

/// max 10⁻⁹ · x1, x1 ≤ 1: the reduced cost of x1 is the guide's tolerance exactly, which does
/// not count as improving, so the guide stops at once (no float pivot, float value 0) and hands
/// over the slack basis; the exact engine finds the reduced cost 1/10⁹ > 0 and makes the one
/// pivot: x = 1, y = 1/10⁹.
#[test]
fn a_reduced_cost_at_the_tolerance_does_not_enter() {
    let mut p = Problem::new(Sense::Max, vec![q(1, 1_000_000_000)]);
    p.push(ints(&[1]), Le, qi(1));
    let (out, stats) = lp::solve_with(&p, &Options::default()).expect("solve");
    let want = LpOutcome::Optimal {
        x: ints(&[1]),
        y: vec![q(1, 1_000_000_000)],
        value: q(1, 1_000_000_000),
    };
    assert_eq!(out, want);
    assert_eq!(
        (stats.float_pivots, stats.guide_accepted, stats.exact_pivots),
        (0, true, 1)
    );
    assert_eq!(lp::solve_float_only(&p), Some(0.0));
}

/// max x1, x1 ≤ 2, 2x1 ≤ 4: x1 enters and the rows tie at the positive ratio 2 (the other tie
/// test ties at 0); the larger pivot entry wins, row 2, so the accepted basis is (s1, x1) with
/// y = (0, 1/2). Giving the tie to the first row would give y = (1, 0).
#[test]
fn a_float_ratio_tie_at_a_positive_ratio_goes_to_the_largest_pivot_entry() {
    let p = problem(Sense::Max, &[1], &[(&[1], Le, 2), (&[2], Le, 4)]);
    let want = LpOutcome::Optimal {
        x: ints(&[2]),
        y: vec![qi(0), q(1, 2)],
        value: qi(2),
    };
    assert_guided(&p, want, accepted(1, 1), Some(2.0));
}

/// Chvátal's Klee–Minty cube in dimension 11: max Σ_j 2^(11−j) x_j subject to
/// Σ_(j<i) 2^(i−j+1) x_j + x_i ≤ 5^i (i = 1..11). Dantzig's rule visits all 2^11 = 2,048
/// vertices (2,047 pivots), more than the guide's pivot limit 20 · (n + m) + 1,000 =
/// 20 · (22 + 11) + 1,000 = 1,660: the guide gives up after exactly 1,660 pivots (no basis
/// handed over, no float value) and the exact engine solves alone: x = (0, …, 0, 5^11), value
/// 5^11, y = (0, …, 0, 1).
#[test]
fn the_guide_gives_up_at_its_pivot_limit_on_a_klee_minty_cube() {
    const D: u32 = 11;
    let c: Vec<i64> = (1..=D).map(|j| 1i64 << (D - j)).collect();
    let mut p = Problem::new(Sense::Max, ints(&c));
    for i in 1..=D {
        let row: Vec<i64> = (1..=D)
            .map(|j| match j.cmp(&i) {
                std::cmp::Ordering::Less => 1i64 << (i - j + 1),
                std::cmp::Ordering::Equal => 1,
                std::cmp::Ordering::Greater => 0,
            })
            .collect();
        p.push(ints(&row), Le, qi(5i64.pow(i)));
    }
    let (out, stats) = lp::solve_with(&p, &Options::default()).expect("solve");
    let mut x = vec![qi(0); D as usize];
    x[D as usize - 1] = qi(5i64.pow(D));
    let mut y = vec![qi(0); D as usize];
    y[D as usize - 1] = qi(1);
    let want = LpOutcome::Optimal {
        x,
        y,
        value: qi(5i64.pow(D)),
    };
    assert_eq!(out, want);
    assert_eq!((stats.float_pivots, stats.guide_accepted), (1_660, false));
    assert_eq!(lp::solve_float_only(&p), None);
}

/// max x1, x1 ≤ 1, x1 ≤ 1: the two rows tie at ratio 1 with equal pivot entries, and a tie
/// only moves to a later row on a strictly larger entry, so x1 is basic in row 1: y = (1, 0).
#[test]
fn equal_pivot_entries_in_a_ratio_tie_keep_the_first_row() {
    let p = problem(Sense::Max, &[1], &[(&[1], Le, 1), (&[1], Le, 1)]);
    let want = LpOutcome::Optimal {
        x: ints(&[1]),
        y: ints(&[1, 0]),
        value: qi(1),
    };
    assert_guided(&p, want, accepted(1, 1), Some(1.0));
}

/// max −x0 + x1, 3x1 ≤ 6, 5x0 + x1 ≤ 1, 2x1 ≤ 2 (x0 never enters; it makes the entering
/// column not column 0): row 2 (ratio 1) beats row 1 (ratio 2), then row 3 ties with row 2 and
/// wins on its larger entry in x1's column, 2 > 1 (not row 1's 3, nor row 2's x0 entry 5): x1
/// is basic in row 3, y = (0, 0, 1/2).
#[test]
fn a_ratio_tie_compares_the_entries_of_the_tied_rows() {
    let p = problem(
        Sense::Max,
        &[-1, 1],
        &[(&[0, 3], Le, 6), (&[5, 1], Le, 1), (&[0, 2], Le, 2)],
    );
    let want = LpOutcome::Optimal {
        x: ints(&[0, 1]),
        y: vec![qi(0), qi(0), q(1, 2)],
        value: qi(1),
    };
    assert_guided(&p, want, accepted(1, 1), Some(1.0));
}

/// Bland's rule after 50 degenerate pivots, on a chain: max z + 2·Σ x_j (z the first column)
/// subject to x_j − x_(j+1) ≤ 0 (j = 1..59), x_60 + z ≤ 1, z ≤ 1. Dantzig's rule takes x_1,
/// x_2, … (reduced cost 2j beats z's 1), each a pivot at ratio 0. After the 50th, Bland's rule
/// takes the first improving column, z, whose rows 60 and 61 tie at ratio 1: the smaller basis
/// index leaves (row 60's slack), a move of length 1 that ends the degenerate run. Dantzig then
/// takes x_51..x_59 (9 pivots at ratio 0) and x_60, which replaces z in row 60: 61 pivots in
/// all (without Bland's rule: 60; with the tie going to row 61: 62, as x_60 then enters at 0
/// and z leaves last). Optimum x = (0, 1, …, 1), value 120, y_j = 2j (y_60 = 120, y_61 = 0).
#[test]
fn blands_rule_takes_over_after_fifty_degenerate_pivots() {
    const N: usize = 60;
    let mut c = vec![1i64];
    c.extend([2i64; N]);
    let mut p = Problem::new(Sense::Max, ints(&c));
    for j in 1..N {
        let mut row = vec![0i64; N + 1];
        row[j] = 1;
        row[j + 1] = -1;
        p.push(ints(&row), Le, qi(0));
    }
    let mut row = vec![0i64; N + 1];
    row[0] = 1;
    row[N] = 1;
    p.push(ints(&row), Le, qi(1));
    let mut row = vec![0i64; N + 1];
    row[0] = 1;
    p.push(ints(&row), Le, qi(1));
    let mut x = vec![qi(1); N + 1];
    x[0] = qi(0);
    let mut y: Vec<Q> = (1..=N as i64).map(|j| qi(2 * j)).collect();
    y.push(qi(0));
    let want = LpOutcome::Optimal {
        x,
        y,
        value: qi(2 * N as i64),
    };
    assert_guided(&p, want, accepted(N + 1, 1), Some(120.0));
}

/// x1 ≤ 1, x1 ≥ 1 + 3/2·10⁻⁹ (max x1): infeasible by 1.5·10⁻⁹, under the guide's threshold
/// 10⁻⁹·(1 + max |b|) ≈ 2·10⁻⁹ (the 1 keeps it absolute near b = 0), so the guide reads the
/// phase-1 value as feasible and goes on: x1 enters at row 1 (ratios 1 and 1 + 1.5·10⁻⁹ are no
/// tie), the artificial stays at 1.5·10⁻⁹ with no improving column, is driven out on s1, and
/// phase 2 reports the float value 1 (three float pivots). The exact engine refuses that basis
/// (it is infeasible) and finds the Farkas vector with one exact pivot. Read as infeasible
/// (a threshold without the 1, or relative only), the guide would stop after one pivot with
/// no float value.
#[test]
fn a_phase_one_residual_under_the_threshold_counts_as_feasible() {
    let mut p = Problem::new(Sense::Max, ints(&[1]));
    p.push(ints(&[1]), Le, qi(1));
    p.push(ints(&[1]), Ge, q(2_000_000_003, 2_000_000_000));
    let want = LpOutcome::Infeasible {
        farkas: vec![qi(1), qi(-1)],
    };
    assert_guided(&p, want, refused(3, 1, 0), Some(1.0));
}

/// max −x1 + x3, x1 + x2 = 0, x3 ≤ 1: the equality's artificial starts at 0 and is driven out
/// on its row's largest entry, |1| = |1|, the first: x1. Phase 2: x2 (reduced cost 0 + 1 = 1)
/// ties x3 (1) and enters first, replacing x1 at ratio 0; then x3 enters at ratio 1. Three
/// float pivots (driving out on x2 instead would leave only x3 to enter: two). Optimum
/// x = (0, 0, 1), value 1, y = (0, 1).
#[test]
fn an_artificial_is_driven_out_on_the_first_of_equal_entries() {
    let p = problem(
        Sense::Max,
        &[-1, 0, 1],
        &[(&[1, 1, 0], Eq, 0), (&[0, 0, 1], Le, 1)],
    );
    let want = LpOutcome::Optimal {
        x: ints(&[0, 0, 1]),
        y: ints(&[0, 1]),
        value: qi(1),
    };
    assert_guided(&p, want, accepted(3, 1), Some(1.0));
}

/// max x1, 10⁻⁹·x1 = 0, x1 ≤ 1: the artificial of row 1 starts at 0, and its row's only entry
/// is exactly the pivot tolerance, which is not usable: the artificial stays basic. Phase 2
/// then skips row 1 in the ratio test (entry ≤ tolerance) and moves x1 to 1 on row 2: float
/// value 1 (driving the artificial out on that entry would fix x1 = 0: float value 0). The
/// exact engine refuses the guess and finds x1 = 0 with one degenerate pivot, y = (10⁹, 0).
#[test]
fn an_entry_at_the_pivot_tolerance_does_not_drive_an_artificial_out() {
    let mut p = Problem::new(Sense::Max, ints(&[1]));
    p.push(vec![q(1, 1_000_000_000)], Eq, qi(0));
    p.push(ints(&[1]), Le, qi(1));
    let want = LpOutcome::Optimal {
        x: ints(&[0]),
        y: ints(&[1_000_000_000, 0]),
        value: qi(0),
    };
    assert_guided(&p, want, refused(1, 1, 1), Some(1.0));
}

/// A tie under Bland's rule between a later row with a smaller basis index: max z/3 + 2·Σ x_j
/// (z the first column) subject to z ≤ 0, x_j − x_(j+1) (+ 3z in row 6, − z in row 23) ≤ 0
/// (j = 1..54), x_55 ≤ 1. Dantzig's rule takes x_1..x_50 at ratio 0 (z's reduced cost is 1/3 −
/// 3·12 < 0 until row 23 is pivoted, then 1/3 − 36 + 46 = 31/3 < 2j). After the 50th, Bland's
/// rule takes z, whose column is 1 in row 0 and 3 − 1 = 2 in row 1 (x_1 = x_51 − … − 2z): both at
/// ratio 0. The leaving row is the one whose basic column is smallest, row 1 (x_1, column 1),
/// not row 0 (its slack, column 56): 57 float pivots in all, where the first of the tied rows
/// would give 56. Optimum z = 0, x_j = 1, value 110, y = (31/3, 2, 4, …, 110).
#[test]
fn a_bland_tie_goes_to_the_smallest_basic_column_not_the_first_row() {
    const N: usize = 55;
    let mut c = vec![q(1, 3)];
    c.extend(vec![qi(2); N]);
    let mut p = Problem::new(Sense::Max, c);
    let mut row = vec![0i64; N + 1];
    row[0] = 1;
    p.push(ints(&row), Le, qi(0));
    for j in 1..N {
        let mut row = vec![0i64; N + 1];
        row[j] = 1;
        row[j + 1] = -1;
        row[0] = match j {
            6 => 3,
            23 => -1,
            _ => 0,
        };
        p.push(ints(&row), Le, qi(0));
    }
    let mut row = vec![0i64; N + 1];
    row[N] = 1;
    p.push(ints(&row), Le, qi(1));
    let mut x = vec![qi(1); N + 1];
    x[0] = qi(0);
    let mut y = vec![q(31, 3)];
    y.extend((1..=N as i64).map(|j| qi(2 * j)));
    let want = LpOutcome::Optimal {
        x,
        y,
        value: qi(110),
    };
    assert_guided(&p, want, accepted(57, 1), Some(110.0));
}

/// The infeasibility threshold at its edge: x1 ≤ 0, x1 ≥ δ (max x1) with δ the double
/// 0x1.12e0be870a00dp-30 = 4835703283294221/2^82 ≈ 1.000000001·10⁻⁹, the one value where
/// δ = 10⁻⁹·(1 + δ) in `f64` (found by stepping through the doubles near 10⁻⁹). x1 enters at row 1
/// (ratio 0), the artificial of row 2 keeps δ: a phase-1 value equal to the threshold is not
/// "over" it, so the guide goes on as for a feasible problem: three float pivots and the float
/// value 0 (read as infeasible: one pivot, no value). The exact engine refuses the basis and
/// finds the Farkas vector (1, −1).
#[test]
fn a_phase_one_residual_equal_to_the_threshold_counts_as_feasible() {
    let mut p = Problem::new(Sense::Max, ints(&[1]));
    p.push(ints(&[1]), Le, qi(0));
    let delta = Q::from_parts(
        4_835_703_283_294_221u64.into(),
        ualign::number::UBig::ONE << 82,
    );
    p.push(ints(&[1]), Ge, delta);
    let want = LpOutcome::Infeasible {
        farkas: vec![qi(1), qi(-1)],
    };
    assert_guided(&p, want, refused(3, 1, 1), Some(0.0));
}

/// The ratio-test tie tolerance 10⁻¹²·(1 + |r|), absolute near 0 and relative for large ratios.
/// max x1 with x1 ≤ b1 and 2x1 ≤ b2: the ratios b1 and b2/2 differ by 5·10⁻¹³ at 0 (b2 = 10⁻¹²)
/// and by 5·10⁻¹⁰ at 1,000 (b2 = 2,000 + 10⁻⁹), both within the tolerance (10⁻¹², and 1.001·10⁻⁹),
/// so both are ties and go to the larger entry, row 2. That basis puts x1 at b2/2 > b1: the
/// exact engine refuses it and pivots once to x1 = b1 (y = (1, 0); the pivot is degenerate at
/// b1 = 0); the float value is b2/2. Read as no tie, row 1 would
/// leave and the guide's basis would be optimal and accepted.
#[test]
fn ratios_within_the_tie_tolerance_are_ties_near_zero_and_at_large_ratios() {
    for (b1, b2, degenerate, float_value) in [
        (qi(0), q(1, 1_000_000_000_000), 1, 5e-13),
        (qi(1000), qi(2000) + q(1, 1_000_000_000), 0, 1000.0000000005),
    ] {
        let mut p = Problem::new(Sense::Max, ints(&[1]));
        p.push(ints(&[1]), Le, b1.clone());
        p.push(ints(&[2]), Le, b2);
        let want = LpOutcome::Optimal {
            x: vec![b1.clone()],
            y: ints(&[1, 0]),
            value: b1,
        };
        assert_guided(&p, want, refused(1, 1, degenerate), Some(float_value));
    }
}
