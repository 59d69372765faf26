//! The instance limits of `Profile::from_doc` (src/limits.rs) at their edges, through the
//! library: 4,096 responses are read and 4,097 are not; 1,000,000 user types are read and one
//! more is not; 10,000,000 rank entries (user types × responses) are read and 4,000 more are
//! not; a common denominator of the weights of 65,536 bits is read and one bit more is not; a
//! budget equal to the cost of reading the weights lets the reading finish and one unit less
//! stops it, with both costs in the message. Users rank one response each (the others share the implicit bottom tier), so
//! the documents stay small. The edges themselves (`>` against `>=`) were not pinned by any test
//! before (cargo-mutants run of 2026-12-01, see `tests/MUTANTS.md`).
//!
//! A certificate file cannot reach the user-type and entry limits (16 MiB is read at most), but
//! the library's callers (the solver's proved-means-checked path) hand over parsed documents.

use ualign_check::Fail;
use ualign_check::cost;
use ualign_check::format::{InstanceDoc, TierDoc, UserDoc};
use ualign_check::limits::{MAX_PROFILE_ENTRIES, MAX_RESPONSES, MAX_USER_TYPES};
use ualign_check::profile::Profile;

/// m responses r0.., `users` user types of weight `weight`, each ranking r0 alone on top.
fn doc(m: usize, users: usize, weight: &str) -> InstanceDoc {
    InstanceDoc {
        format: None,
        description: None,
        responses: (0..m).map(|i| format!("r{i}")).collect(),
        users: vec![
            UserDoc {
                name: None,
                weight: weight.into(),
                ranking: vec![TierDoc::One("r0".into())],
            };
            users
        ],
    }
}

/// The refusal message, or "read" when the document is accepted.
fn read(d: &InstanceDoc, budget: u128) -> String {
    match Profile::from_doc(d, budget) {
        Ok(p) => {
            assert_eq!(p.names.len(), d.responses.len());
            "read".into()
        }
        Err(Fail::Malformed(m)) => m,
        Err(other) => panic!("{other:?}"),
    }
}

#[test]
fn responses_up_to_the_limit_are_read() {
    assert_eq!(read(&doc(MAX_RESPONSES, 1, "1"), u128::MAX), "read");
    assert_eq!(
        read(&doc(MAX_RESPONSES + 1, 1, "1"), u128::MAX),
        "instance: 4097 responses exceed the limit of 4096"
    );
}

#[test]
fn user_types_up_to_the_limit_are_read() {
    assert_eq!(read(&doc(2, MAX_USER_TYPES, "1"), u128::MAX), "read");
    assert_eq!(
        read(&doc(2, MAX_USER_TYPES + 1, "1"), u128::MAX),
        "instance: 1000001 user types exceed the limit of 1000000"
    );
}

#[test]
fn rank_entries_up_to_the_limit_are_read() {
    // 2,500 × 4,000 = 10,000,000 entries exactly; 2,501 × 4,000 is 4,000 over
    assert_eq!(2_500 * 4_000, MAX_PROFILE_ENTRIES);
    assert_eq!(read(&doc(4_000, 2_500, "1"), u128::MAX), "read");
    assert_eq!(
        read(&doc(4_000, 2_501, "1"), u128::MAX),
        "instance: 2501 user types × 4000 responses exceed the limit of 10000000 rank entries"
    );
}

#[test]
fn a_budget_equal_to_the_cost_of_the_weights_lets_the_reading_finish() {
    // two users of weight "3/7": the reading costs twice the parse of 3 characters
    let d = doc(2, 2, "3/7");
    let cost = 2 * cost::parse(3);
    assert_eq!(read(&d, cost), "read");
    let below = read(&d, cost - 1);
    assert!(
        below.starts_with("instance: users[1].weight: reading the weights costs "),
        "{below}"
    );
}

/// Weights whose common denominator has exactly `MAX_WEIGHT_DENOMINATOR_BITS` = 65,536 bits
/// (1/2^65535 and 1) are read; 1/2^65536 is not.
#[test]
fn a_weight_denominator_of_65536_bits_is_read_and_one_bit_more_is_not() {
    use num_bigint::BigInt;
    let with = |e: usize| {
        let mut d = doc(2, 2, "1");
        d.users[0].weight = format!("1/{}", BigInt::from(1u8) << e);
        d
    };
    assert_eq!(read(&with(65_535), u128::MAX), "read");
    assert_eq!(
        read(&with(65_536), u128::MAX),
        "instance: the weights' common denominator exceeds 65536 bits"
    );
}

/// The budget message states both costs in seconds, two decimals, cut (not rounded). Twenty
/// users whose weight is 10^18999 (19,000 characters): reading one costs
/// parse(19000) = rop(19000·10/3 + 4 = 63,337 bits) = 6·(200 + 10·990²) = 58,807,200 units; a
/// budget of 10⁹ (1 s) is first exceeded at the 18th user, 18 · 58,807,200 = 1,058,529,600.
#[test]
fn the_budget_message_states_both_costs_in_seconds() {
    let big = format!("1{}", "0".repeat(18_999));
    assert_eq!(cost::parse(19_000), 58_807_200);
    assert_eq!(
        read(&doc(2, 20, &big), 1_000_000_000),
        "instance: users[17].weight: reading the weights costs 1.05 s, over the budget of 1.00 s"
    );
}
