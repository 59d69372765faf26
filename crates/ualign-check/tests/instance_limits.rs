//! The instance limits of `Profile::from_doc` (src/limits.rs) at their edges, through the
//! library: 4,096 responses are read and 4,097 are not; 1,000,000 user types are read and one
//! more is not; 10,000,000 rank entries (user types × responses) are read and 4,000 more are
//! not; a budget equal to the cost of reading the weights lets the reading finish and one unit
//! less stops it. Users rank one response each (the others share the implicit bottom tier), so
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
