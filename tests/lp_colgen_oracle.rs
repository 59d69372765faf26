//! Column generation against oracles that misbehave on purpose (tests/MUTANTS.md): a column whose
//! reduced cost or Farkas product is exactly 0 does not improve and is refused at once (not
//! taken until the round limit), and the number of oracle calls counts Farkas rounds.

use ualign::lp::{Column, LpError, PricingRequest, Relation, Sense, solve_column_generation};
use ualign::number::{Q, qi};

fn col(coeff: i64, cost: i64) -> Column {
    Column {
        coeffs: vec![qi(coeff)],
        cost: qi(cost),
    }
}

fn refused(res: Result<ualign::lp::ColGenResult, LpError>) -> bool {
    matches!(res, Err(LpError::Pricing(msg)) if msg.contains("does not improve"))
}

#[test]
fn a_column_with_reduced_cost_zero_is_refused() {
    // max x1 s.t. x1 ≤ 1: dual y = 1; the column (1; cost 1) has reduced cost 1 − 1·1 = 0.
    let rows = [(Relation::Le, qi(1))];
    let res = solve_column_generation(Sense::Max, &rows, vec![col(1, 1)], |_| Some(col(1, 1)), 5);
    assert!(refused(res));
    // min x1 s.t. x1 ≥ 1: dual y = 1; the same column has reduced cost 0.
    let rows = [(Relation::Ge, qi(1))];
    let res = solve_column_generation(Sense::Min, &rows, vec![col(1, 1)], |_| Some(col(1, 1)), 5);
    assert!(refused(res));
    // A column that improves is taken: max x1 + 2 x2 s.t. x1 + x2 ≤ 1 reaches 2 in 2 calls.
    let rows = [(Relation::Le, qi(1))];
    let mut offered = false;
    let res = solve_column_generation(
        Sense::Max,
        &rows,
        vec![col(1, 1)],
        |_| (!std::mem::replace(&mut offered, true)).then(|| col(1, 2)),
        5,
    )
    .unwrap();
    assert_eq!((res.outcome.value(), res.rounds), (Some(&qi(2)), 2));
}

#[test]
fn farkas_rounds_count_and_a_zero_product_is_refused() {
    // 0·x1 = 1 is infeasible; the oracle answers the Farkas vector y with the column ±1 whose
    // product with y is negative, then has nothing more: 2 calls, value 0 (the new column costs 0).
    let rows = [(Relation::Eq, qi(1))];
    let fix = |req: PricingRequest<'_>| match req {
        PricingRequest::Farkas(y) => Some(col(if y[0] < Q::ZERO { 1 } else { -1 }, 0)),
        PricingRequest::Dual(_) => None,
    };
    let res = solve_column_generation(Sense::Max, &rows, vec![col(0, 0)], fix, 5).unwrap();
    assert_eq!((res.outcome.value(), res.rounds), (Some(&qi(0)), 2));
    // A column with Farkas product exactly 0 does not help and is refused at once.
    let res = solve_column_generation(Sense::Max, &rows, vec![col(0, 0)], |_| Some(col(0, 3)), 5);
    assert!(refused(res));
}
