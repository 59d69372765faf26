//! The checker crate's own test of a segment box (docs/THEORY.md §10.4): the fixture
//! `segment-box` (the solver's box for ic-sample seed 1 #64108 at k = 3, where two responses are
//! degenerate at once; see `tests/checker_fixtures.rs` at the top level) is accepted by both
//! checkers, and each tampering is refused by both with the reason named: a claim that fails
//! (exit 1) or malformed segment data (exit 2). The checker's other fixtures hold no segment
//! box, so `claims/segment.rs` was reached only through the solver's tests (cargo-mutants,
//! `tests/MUTANTS.md`).

mod common;

use common::{check_text, fixture_value, num};
use num_bigint::BigInt;
use serde_json::{Value, json};
use ualign_check::VerifyError;
use ualign_check::number::{Q, fmt_q};

fn nums(v: &Value) -> Vec<Q> {
    v.as_array().unwrap().iter().map(num).collect()
}

fn texts(p: &[Q]) -> Value {
    json!(p.iter().map(fmt_q).collect::<Vec<_>>())
}

fn int(x: i64) -> Q {
    Q::from(BigInt::from(x))
}

/// p·q, coefficients in ascending powers.
fn mul(p: &[Q], q: &[Q]) -> Vec<Q> {
    let mut out = vec![int(0); (p.len() + q.len()).saturating_sub(1)];
    for (i, a) in p.iter().enumerate() {
        for (j, b) in q.iter().enumerate() {
            out[i + j] = &out[i + j] + a * b;
        }
    }
    out
}

/// p + q.
fn add(p: &[Q], q: &[Q]) -> Vec<Q> {
    (0..p.len().max(q.len()))
        .map(|i| p.get(i).cloned().unwrap_or(int(0)) + q.get(i).cloned().unwrap_or(int(0)))
        .collect()
}

/// The message of a claim that fails (both checkers agree), or a panic.
fn failure(v: &Value, what: &str) -> String {
    match check_text(&v.to_string(), what) {
        (
            1,
            Err(VerifyError::ClaimFailed {
                claim: 0, message, ..
            }),
        ) => message,
        other => panic!("{what}: {other:?}"),
    }
}

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
            "an end with too few entries",
            edit(|s| {
                s["from"].as_array_mut().unwrap().pop();
            }),
        ),
        (
            "a quotient of degree 2 with the quadratic divisor (deg q + deg g = 4 > k)",
            edit(|s| s["quotients"][3] = json!([s["quotients"][3][0], "0", "0"])),
        ),
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

/// Other true ways to write the same segment data are accepted: the box shrunk to the segment's
/// ends (each end then lies on the box's bounds), zeros padded up to the degree limits (a
/// quotient of length 2 with the quadratic divisor: deg q + deg g = k; a remainder of length
/// k + 1), a support remainder written as [0], and the divisor negated with every quotient.
#[test]
fn equivalent_segment_data_is_accepted() {
    let mut tight = fixture_value("segment-box");
    let b = &mut tight["claims"][0]["box"];
    let (from, to) = (nums(&b["segment"]["from"]), nums(&b["segment"]["to"]));
    let lo: Vec<Q> = from
        .iter()
        .zip(&to)
        .map(|(a, c)| a.min(c).clone())
        .collect();
    let hi: Vec<Q> = from
        .iter()
        .zip(&to)
        .map(|(a, c)| a.max(c).clone())
        .collect();
    assert!(lo[0] < hi[0], "the ends differ in y1");
    b["lo"] = texts(&lo);
    b["hi"] = texts(&hi);
    let padded = edit(|s| {
        s["quotients"][3] = json!([s["quotients"][3][0], "0"]);
        s["remainders"][3] = json!([s["remainders"][3][0], s["remainders"][3][1], "0", "0"]);
        s["remainders"][0] = json!(["0"]);
    });
    let negated = edit(|s| {
        s["divisor"] = texts(&nums(&s["divisor"]).iter().map(|c| -c).collect::<Vec<_>>());
        for z in 0..7 {
            let q: Vec<Q> = nums(&s["quotients"][z]).iter().map(|c| -c).collect();
            s["quotients"][z] = texts(&q);
        }
    });
    for (what, v) in [
        ("tight box", tight),
        ("padded", padded),
        ("negated", negated),
    ] {
        assert_eq!(check_text(&v.to_string(), what).0, 0, "{what}");
    }
}

/// Segment data that keeps the identity U_k(z, π(s)) − 1/(k+1) = q_z·g + r_z but breaks one of
/// the other conditions, and ends outside the box on either side: each refused for its reason.
#[test]
fn each_segment_condition_is_checked_on_its_own() {
    // y1's end below lo (then above hi), the difference taken from y7, which stays in its box
    let moved = |above: bool| {
        let mut v = fixture_value("segment-box");
        let c = &mut v["claims"][0]["box"];
        let tiny = int(1) / int(10).pow(54);
        let target = if above {
            num(&c["hi"][0]) + &tiny
        } else {
            num(&c["lo"][0]) - &tiny
        };
        let mut from = nums(&c["segment"]["from"]);
        from[2] = &from[2] - (&target - &from[0]);
        from[0] = target;
        c["segment"]["from"] = texts(&from);
        v
    };
    for above in [false, true] {
        let msg = failure(&moved(above), "end outside");
        assert!(
            msg.starts_with("segment end: 0 < π(y1) ∈ [lo, hi] fails"),
            "{msg}"
        );
    }
    // g = s − 1, every quotient 0 and every remainder the whole of q·g + r: g(1) = 0
    let flat = edit(|s| {
        let g = nums(&s["divisor"]);
        for z in 0..7 {
            let r = add(
                &mul(&nums(&s["quotients"][z]), &g),
                &nums(&s["remainders"][z]),
            );
            s["quotients"][z] = json!([]);
            s["remainders"][z] = texts(&r);
        }
        s["divisor"] = json!(["-1", "1"]);
    });
    let msg = failure(&flat, "g(1) = 0");
    assert_eq!(msg, "segment: g(0)·g(1) < 0 fails");
    // y1 (support): q − 1 and r + g
    let support = edit(|s| {
        let g = nums(&s["divisor"]);
        let q = add(&nums(&s["quotients"][0]), &[int(-1)]);
        s["quotients"][0] = texts(&q);
        s["remainders"][0] = texts(&g);
    });
    assert_eq!(
        failure(&support, "support remainder"),
        "segment: remainder of y1 = 0 fails"
    );
    // y4 (off the support, r = r0 + r1·s with r0 ≈ −0.18): q + t and r − t·g with t = 10⁻⁵³ keep
    // r0 − t·g0 < 0, but the s coefficient becomes r1 − t·g1 ≈ +3.0 (g1 ≈ −3.0·10⁵³): the bound
    // c0 + Σ max(c_j, 0) ≈ −0.18 − 1.5 + 3.0 is positive
    let off = edit(|s| {
        let t = int(1) / int(10).pow(53);
        let g = nums(&s["divisor"]);
        let q = add(&nums(&s["quotients"][3]), std::slice::from_ref(&t));
        let r = add(&nums(&s["remainders"][3]), &mul(&g, &[-t]));
        assert!(r[0] < int(0) && r[1] > int(0));
        s["quotients"][3] = texts(&q);
        s["remainders"][3] = texts(&r);
    });
    let msg = failure(&off, "off-support bound");
    assert!(
        msg.starts_with("segment: off-support U_k(y4, π(s)) ≤ 1/(k+1) on [0, 1] fails"),
        "{msg}"
    );
    // y4's remainder plus s(s − 1)(s − 2)/100: zero at s = 0, 1, 2 but not at s = 1/3, 2/3, and its
    // bound stays negative, so only the comparison at the k + 1 points s = j/k refuses it
    let bumped = edit(|s| {
        let c = int(1) / int(100);
        let bump: Vec<Q> = [0, 2, -3, 1].iter().map(|&x| &c * int(x)).collect();
        let r = add(&nums(&s["remainders"][3]), &bump);
        s["remainders"][3] = texts(&r);
    });
    let msg = failure(&bumped, "identity at s = j/k");
    assert!(msg.contains("= q·g + r fails at s = 1/3"), "{msg}");
}
