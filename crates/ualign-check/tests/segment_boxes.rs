//! The checker crate's own test of a segment box (docs/THEORY.md §10.4): the fixture
//! `segment-box` (the solver's box for ic-sample seed 1 #64108 at k = 3, where two responses are
//! degenerate at once; see `tests/checker_fixtures.rs` at the top level) is accepted by both
//! checkers, and each tampering is refused by both with the reason named: a claim that fails
//! (exit 1) or malformed segment data (exit 2). The checker's other fixtures hold no segment
//! box, so `claims/segment.rs` was reached only through the solver's tests (cargo-mutants,
//! `tests/MUTANTS.md`).

mod common;

use common::{check_text, fixture_value};
use serde_json::{Value, json};
use ualign_check::VerifyError;

/// The fixture with its segment data changed by `f`.
fn edit(f: impl FnOnce(&mut Value)) -> Value {
    let mut v = fixture_value("segment-box");
    f(&mut v["claims"][0]["box"]["segment"]);
    v
}

#[test]
fn the_segment_box_is_accepted() {
    let v = fixture_value("segment-box");
    let seg = &v["claims"][0]["box"]["segment"];
    // support {y1, y5, y7}; a quadratic divisor; y2 and y3 have f ≡ 0 (no quotient, no remainder)
    assert_eq!(v["claims"][0]["box"]["support"], json!(["y1", "y5", "y7"]));
    assert_eq!(seg["divisor"].as_array().unwrap().len(), 3);
    for z in [1, 2] {
        assert_eq!(
            (&seg["quotients"][z], &seg["remainders"][z]),
            (&json!([]), &json!([]))
        );
    }
    match check_text(&v.to_string(), "segment box") {
        (0, Ok(s)) => assert_eq!(s.claims.len(), 1),
        other => panic!("{other:?}"),
    }
}

#[test]
fn tampered_segment_boxes_are_refused() {
    let y4 = 3;
    let fails = [
        (
            "divisor changed at the constant",
            "q·g + r fails",
            edit(|s| s["divisor"][0] = json!("1")),
        ),
        (
            "a quotient changed",
            "q·g + r fails",
            edit(|s| s["quotients"][0][0] = json!("1/7")),
        ),
        (
            "a support remainder moved off 0",
            "q·g + r fails",
            edit(|s| {
                s["remainders"][0] = json!(["0"]);
                s["quotients"][0][0] = json!("1/7");
            }),
        ),
        (
            "an off-support remainder raised",
            "q·g + r fails",
            edit(|s| s["remainders"][y4][0] = json!("1")),
        ),
        (
            "ends moved outside the box",
            "segment end",
            edit(|s| {
                s["from"] = s["to"].clone();
                s["from"][0] = json!("1/2");
                s["from"][1] = json!("0");
            }),
        ),
    ];
    for (what, reason, v) in fails {
        match check_text(&v.to_string(), what) {
            (
                1,
                Err(VerifyError::ClaimFailed {
                    claim: 0, message, ..
                }),
            ) => {
                assert!(message.contains(reason), "{what}: {message}")
            }
            other => panic!("{what}: {other:?}"),
        }
    }
    let mut with_ball = fixture_value("segment-box");
    with_ball["claims"][0]["box"]["ball_precision"] = json!(64);
    let malformed = [
        ("no divisor", edit(|s| s["divisor"] = json!([]))),
        (
            "a remainder of degree 4 > k",
            edit(|s| s["remainders"][0] = json!(["0", "0", "0", "0", "0"])),
        ),
        (
            "a quotient missing",
            edit(|s| {
                s["quotients"].as_array_mut().unwrap().pop();
            }),
        ),
        ("an unknown field", edit(|s| s["extra"] = json!("1"))),
        ("a segment with ball_precision", with_ball),
    ];
    for (what, v) in malformed {
        assert_eq!(check_text(&v.to_string(), what).0, 2, "{what}");
    }
}
