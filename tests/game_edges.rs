//! Edge cases of `src/game/` that mutants surviving cargo-mutants showed untested
//! (tests/MUTANTS.md): multiset counts against enumeration including m = 0 and k = 0, and the
//! policy validation on zero and negative entries, with the response its message names, and
//! every outcome of `Mixture::validate` with the 1-based multiset it names.

use ualign::game::multiset::{multiset_count, multisets};
use ualign::game::{Mixture, MixtureError, validate_distribution};
use ualign::number::{Q, q, qi};

#[test]
fn multiset_counts_equal_the_enumeration() {
    // C(m+k−1, k), with the empty cases: one 0-multiset (the empty one) of any set, no
    // k-multiset of the empty set for k ≥ 1.
    for m in 0..7 {
        for k in 0..6 {
            let listed = multisets(m, k).count() as u128;
            assert_eq!(multiset_count(m, k), Some(listed), "m = {m}, k = {k}");
        }
    }
    assert_eq!(multiset_count(0, 0), Some(1));
    assert_eq!(multiset_count(0, 4), Some(0));
}

fn abc() -> ualign::Instance {
    ualign::instance::json::parse(
        r#"{"responses":["a","b","c"],"users":[{"weight":"1","ranking":["a","b","c"]}]}"#,
    )
    .unwrap()
}

#[test]
fn policy_validation_accepts_zeros_and_names_the_negative_entry() {
    let inst = abc();
    // Zero entries are probabilities like any other.
    assert_eq!(
        validate_distribution(&inst, &[q(1, 2), q(1, 2), qi(0)]),
        Ok(())
    );
    assert_eq!(validate_distribution(&inst, &[qi(0), qi(1), qi(0)]), Ok(()));
    // A negative entry is named even when the entries sum to 1 and a zero entry follows it.
    assert_eq!(
        validate_distribution(&inst, &[q(3, 2), q(-1, 2), qi(0)]),
        Err("policy gives response `b` the negative probability -1/2".to_string())
    );
    assert_eq!(
        validate_distribution(&inst, &[q(1, 2), q(1, 2), q(1, 2)]),
        Err("policy probabilities sum to 3/2, expected exactly 1".to_string())
    );
}

/// `Mixture::validate` on k = 2 over {a, b, c}: the first two multisets are valid, the third is
/// `third` with probability `p3` (so that errors are reported for multiset 3, not 1).
fn validate_third(k: usize, third: Vec<usize>, p3: Q) -> Result<Mixture, MixtureError> {
    let mut mix = Mixture {
        k,
        entries: vec![
            (vec![2, 0], q(1, 2)),
            (vec![1, 1], q(1, 2) - &p3),
            (third, p3),
        ],
    };
    mix.validate(&abc()).map(|()| mix)
}

#[test]
fn mixture_validation_accepts_valid_mixtures_and_names_each_error() {
    // Valid, with a zero-probability multiset; multisets are sorted in place.
    let mix = validate_third(2, vec![2, 1], qi(0)).unwrap();
    assert_eq!(mix.entries[0].0, [0, 2]);
    assert_eq!(mix.entries[2].0, [1, 2]);
    let mix = validate_third(2, vec![1, 2], q(1, 4)).unwrap();
    assert_eq!(mix.entries[1], (vec![1, 1], q(1, 4)));
    // Each error, reported for multiset 3 (1-based).
    assert_eq!(
        validate_third(0, vec![0, 1], qi(0)).unwrap_err(),
        MixtureError::ZeroK
    );
    assert_eq!(
        validate_third(2, vec![0, 1, 2], qi(0)).unwrap_err(),
        MixtureError::WrongSize {
            index: 3,
            len: 3,
            k: 2
        }
    );
    assert_eq!(
        validate_third(2, vec![0, 3], qi(0)).unwrap_err(),
        MixtureError::UnknownResponse {
            index: 3,
            response: 3
        }
    );
    assert_eq!(
        validate_third(2, vec![0, 1], q(-1, 4)).unwrap_err(),
        MixtureError::Negative(3)
    );
    let mut short = Mixture {
        k: 2,
        entries: vec![(vec![0, 1], q(1, 3))],
    };
    assert_eq!(
        short.validate(&abc()),
        Err(MixtureError::SumNotOne("1/3".into()))
    );
    let mut empty = Mixture {
        k: 2,
        entries: vec![],
    };
    assert_eq!(empty.validate(&abc()), Err(MixtureError::Empty));
}

#[test]
fn robust_reports_carry_the_two_reference_lines() {
    // (k, ℓ, union bound max(0, (k+1−ℓ)/(k+1)), product ceiling k/(k+ℓ)), docs/THEORY.md §6.
    let table = [
        (1, 1, q(1, 2), q(1, 2)),
        (2, 1, q(2, 3), q(2, 3)),
        (4, 2, q(3, 5), q(2, 3)),
        (3, 4, qi(0), q(3, 7)),
        (2, 5, qi(0), q(2, 7)),
        (5, 3, q(1, 2), q(5, 8)),
    ];
    let inst = abc();
    let pi = [q(1, 2), q(1, 3), q(1, 6)];
    for (k, ell, union, ceiling) in table {
        let r = ualign::game::product_robust_ell(&inst, &pi, k, ell);
        assert_eq!((r.k, r.ell), (k, ell));
        assert_eq!(r.union_bound, union, "k = {k}, ℓ = {ell}");
        assert_eq!(r.product_ceiling, ceiling, "k = {k}, ℓ = {ell}");
        let mix = Mixture {
            k: 1,
            entries: vec![(vec![0], qi(1))],
        };
        let r = ualign::game::mixture_robust(&inst, &mix, ell);
        assert_eq!(r.union_bound, if ell == 1 { q(1, 2) } else { qi(0) });
        assert_eq!(r.product_ceiling, q(1, ell as u64 + 1));
    }
}

#[test]
fn the_worst_opponent_is_the_first_of_those_tied() {
    // Two users of equal weight, a ≻ b ≻ c and b ≻ a ≻ c, against π = (1/2, 1/2, 0) at k = 1:
    // the opponent a takes 3/4 of the first user's share and 1/4 of the second's, b the reverse,
    // c nothing; a and b tie at 1/2 and the report names the first, a.
    let inst = ualign::instance::json::parse(
        r#"{"responses":["a","b","c"],"users":[{"weight":"1","ranking":["a","b","c"]},
        {"weight":"1","ranking":["b","a","c"]}]}"#,
    )
    .unwrap();
    let r = ualign::game::product_robust_ell(&inst, &[q(1, 2), q(1, 2), qi(0)], 1, 1);
    assert_eq!((r.robust_win_rate, r.worst_opponent), (q(1, 2), vec![0]));
    let mix = Mixture {
        k: 1,
        entries: vec![(vec![0], q(1, 2)), (vec![1], q(1, 2))],
    };
    let r = ualign::game::mixture_robust(&inst, &mix, 1);
    assert_eq!((r.robust_win_rate, r.worst_opponent), (q(1, 2), vec![0]));
}
