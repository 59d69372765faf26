//! Tampered `certified-box` claims aimed at conditions of `claims/krawczyk.rs` that the mutation
//! and hostile suites did not pin down (cargo-mutants run of 2026-11-30, see `tests/MUTANTS.md`):
//! each case asserts the specific failing condition, or acceptance where the box is still a
//! proof, and every text also goes through the Python checker ([`common::check_text`]).

mod common;

use common::{check_text, fixture_value};
use serde_json::{Value, json};
use ualign_check::VerifyError;

/// Checks `base` after `f` changes claim 0's box: `None` if accepted, else claim 0's failure
/// message (panics on any other outcome).
fn verdict(base: &Value, what: &str, f: impl FnOnce(&mut Value)) -> Option<String> {
    let mut v = base.clone();
    f(&mut v["claims"][0]["box"]);
    let text = serde_json::to_string_pretty(&v).unwrap();
    match check_text(&text, what) {
        (0, Ok(_)) => None,
        (
            1,
            Err(VerifyError::ClaimFailed {
                claim: 0, message, ..
            }),
        ) => Some(message),
        other => panic!("`{what}`: wanted acceptance or claim 0 failing, got {other:?}"),
    }
}

#[test]
fn box_bounds_and_centre_conditions_name_what_fails() {
    // barrier-k3-box: support {a, b} at k = 3, policy(a) = centre(a).
    let base = fixture_value("barrier-k3-box");
    let center = base["claims"][0]["box"]["center"][0].clone();
    let krawczyk = "Krawczyk: K(X)(a) ⊂ interior(X) fails: [";

    // lo = hi = centre passes lo ≤ hi and x̃ ∈ [lo, hi]; a flat box fails the strict inclusion.
    let m = verdict(&base, "lo(a) = hi(a) = centre", |b| {
        b["lo"][0] = center.clone();
        b["hi"][0] = center.clone();
    });
    assert!(m.as_ref().is_some_and(|m| m.starts_with(krawczyk)), "{m:?}");

    // The centre on an end of [lo, hi] is in [lo, hi]: with lo = centre the inclusion fails,
    // with hi = centre the box is still a proof.
    let m = verdict(&base, "lo(a) = centre", |b| b["lo"][0] = center.clone());
    assert!(m.as_ref().is_some_and(|m| m.starts_with(krawczyk)), "{m:?}");
    let m = verdict(&base, "hi(a) = centre", |b| b["hi"][0] = center.clone());
    assert_eq!(m, None);

    // A centre above hi is named (the policy stays in the box).
    let m = verdict(&base, "centre above hi(a)", |b| {
        b["center"][0] = json!("9/10")
    });
    assert!(
        m.as_ref()
            .is_some_and(|m| m.starts_with("center x̃(a) ∈ [lo, hi] fails: 9/10 ∉ [")),
        "{m:?}"
    );
}
