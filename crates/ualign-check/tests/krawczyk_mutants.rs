//! Tampered `certified-box` claims aimed at conditions of `claims/krawczyk.rs` that the mutation
//! and hostile suites did not pin down (cargo-mutants run of 2026-11-30, see `tests/MUTANTS.md`):
//! each case asserts the specific failing condition, or acceptance where the box is still a
//! proof, and every text also goes through the Python checker ([`common::check_text`]).

mod common;

#[path = "common/synth.rs"]
mod synth;

#[path = "common/boxes.rs"]
mod boxes;

use boxes::{box_claim, cycle_box, cycle_with_y, q, verdict_of};
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

/// `tier_box`'s intersection with 1 − (mass above): p ≤ A_hi − r_lo and r ≤ A_hi − p_lo.
///
/// The first user type ties a with b, the eliminated coordinate (π(b) = 1 − π(a) − π(c)), above
/// c, and the last ranks c above that tie: the mass of the tie is exactly 1 − π(c), but the sum
/// of the enclosures of π(a) and π(b) is wider by twice the radius of a, and the mass below c
/// likewise. The box has radius 61/10000 around a k = 2 equilibrium (centre to 18 digits,
/// preconditioner to 5); with the intersection the Jacobian enclosure is tight enough for the
/// strict Krawczyk inclusion, without it (A_hi = 1 + above_lo, or A_hi + r_lo, or A_hi + p_lo:
/// the mutants of 2026-11-30) it is not. At radius 62/10000 the correct test fails too.
#[test]
fn a_box_that_needs_the_distribution_bound_on_tier_masses_is_accepted() {
    let instance = json!({"format": "ualign-instance/1", "responses": ["a", "b", "c"], "users": [
        {"weight": "5", "ranking": [["a", "b"], ["c"]]},
        {"weight": "4", "ranking": [["c"], ["a"]]},
        {"weight": "3", "ranking": [["b"], ["c", "a"]]},
        {"weight": "2", "ranking": [["c"], ["a", "b"]]}]});
    let center = [q("0.026476815011946302"), q("0.29057373231882383")];
    let pre = [["-5.0560", "5.0677"], ["-0.87644", "-2.0768"]];
    let claim = |r: &str| {
        let rad = [q(r), q(r)];
        box_claim(
            &["a", "b", "c"],
            2,
            &["a", "c", "b"],
            &center,
            &rad,
            &pre,
            "1/1000000000000000",
        )
    };
    let ok = verdict_of(&instance, claim("61/10000"), "radius 61/10000");
    assert!(ok.is_ok(), "{ok:?}");
    let m = verdict_of(&instance, claim("62/10000"), "radius 62/10000");
    assert!(
        m.as_ref().is_err_and(|m| m.starts_with("Krawczyk: K(X)(")),
        "{m:?}"
    );
}

/// `up > 1/(k+1)` is strict: an off-support enclosure of exactly 1/(k+1) is allowed.
///
/// On [`cycle_with_y`] (k = 1), y's enclosure grows with the box and is exactly 1/2 at radius
/// 1/12 (a, b ∈ [1/6, 1/3], c ∈ [1/3, 2/3]), which is accepted; at radius 1/12 + 1/1000 it is
/// 2003/4000 and the box is rejected (y has no face exemption).
#[test]
fn an_off_support_enclosure_equal_to_one_over_k_plus_one_is_accepted() {
    let inst = cycle_with_y();
    let ok = verdict_of(&inst, cycle_box(q("1/12")), "radius 1/12");
    assert!(ok.is_ok(), "{ok:?}");
    let wider = cycle_box(q("1/12") + q("1/1000"));
    assert_eq!(
        verdict_of(&inst, wider, "radius 1/12 + 1/1000"),
        Err(
            "off-support U_k(y, π) ≤ 1/(k+1) over the box fails: enclosure up to 2003/4000 > 1/2"
                .into()
        )
    );
}
