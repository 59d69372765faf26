//! The two checkers' cost models agree to the unit. For every certificate below, the Rust
//! checker's modelled cost (reading the instance plus every claim, [`ualign_check::claim_costs`])
//! is exactly the smallest budget at which the plain-Python checker (`python/ualign_check.py`,
//! written independently from the same formulas) does not refuse the file: one unit less and it
//! is refused as over budget. The certificates cover every claim kind with a cost model: maximal
//! lotteries, NLHF win rates, exact, ε and boxed equilibria (exact, touching and ball boxes),
//! k-output values, robust win rates of product and mixture policies, and the barrier; boxes
//! proved in ball arithmetic and segment boxes.

mod common;

#[path = "common/synth.rs"]
mod synth;

#[path = "common/boxes.rs"]
mod boxes;

use boxes::{cycle_box, cycle_with_y, q};
use common::{fixture, fixture_value, python, rehash};
use serde_json::{Value, json};
use ualign_check::number::{Q, fmt_q, parse_q};

/// The certificates: the committed fixtures and hand-made equilibrium claims on the k = 1 cycle
/// of [`boxes::cycle_with_y`] (a box; the same claim as ε without a box; with a touching field;
/// as a ball box, dyadic). The last two are priced, not necessarily true.
fn certificates() -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = [
        "barrier",
        "cycle",
        "barrier-k3-box",
        "weighted-cycle-box",
        "barrier-k1024-ball",
        "segment-box",
    ]
    .iter()
    .map(|n| (n.to_string(), fixture(n)))
    .collect();
    let inst = cycle_with_y();
    let boxed = cycle_box(q("1/12"));
    let mut plain = boxed.clone();
    plain["status"] = json!("epsilon");
    plain.as_object_mut().unwrap().remove("box");
    let mut touching = boxed.clone();
    touching["box"]["touching"] = json!({"response": "y", "t_hi": "1/5", "end_box": {
        "lo": boxed["box"]["lo"], "hi": boxed["box"]["hi"], "center": boxed["box"]["center"]}});
    let mut ball = cycle_box(q("1/16"));
    ball["box"]["ball_precision"] = json!(64);
    // The barrier fixture with every number of its claims and weights made longer, by j = 1..=64
    // bits (×2^j/(2^j+1)) and by 1..=40 bits: the sizes sweep across the 64-bit words of the
    // cost model, so that a size term off by a little (a `+` taken for a `*`) changes the price
    // of some of them. Their claims are then false (the Python checker stops at the first).
    for j in 1..=64u32 {
        let mut long = fixture_value("barrier");
        let two = Q::from_integer(2.into());
        let (a, b) = (two.pow(j as i32), two.pow((j * 7 % 40 + 1) as i32));
        lengthen(&mut long["claims"], &(&a / (&a + q("1"))));
        lengthen(&mut long["instance"]["users"], &(&b / (&b + q("1"))));
        rehash(&mut long);
        out.push((
            format!("barrier, numbers longer by {j} bits"),
            long.to_string(),
        ));
    }
    // The four boxes (three exact, one ball) with their instance weights longer by 1..=64 bits
    // (every third): the size w of the weights enters the box tests' own terms (Krawczyk,
    // segment and ball enclosures), where a few bits more or less may not cross a word.
    for name in [
        "weighted-cycle-box",
        "barrier-k3-box",
        "segment-box",
        "barrier-k1024-ball",
    ] {
        for j in (1..=64u32).step_by(3) {
            let mut long = fixture_value(name);
            let two = Q::from_integer(2.into());
            let b = two.pow(j as i32);
            lengthen(&mut long["instance"]["users"], &(&b / (&b + q("1"))));
            rehash(&mut long);
            out.push((
                format!("{name}, weights longer by {j} bits"),
                long.to_string(),
            ));
        }
    }
    for (what, claims) in [
        ("cycle box", vec![boxed.clone()]),
        ("cycle ε and box", vec![plain, boxed]),
        ("cycle touching box", vec![touching]),
        ("cycle ball box", vec![ball]),
    ] {
        out.push((what.to_string(), synth::certificate(&inst, claims)));
    }
    out
}

/// Multiplies every number (a string that parses as one) in `v` by `f`.
fn lengthen(v: &mut Value, f: &Q) {
    match v {
        Value::String(s) => {
            if let Ok(x) = parse_q(s) {
                *s = fmt_q(&(x * f));
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| lengthen(x, f)),
        Value::Object(o) => o.values_mut().for_each(|x| lengthen(x, f)),
        _ => {}
    }
}

#[test]
fn the_python_checker_refuses_exactly_one_unit_below_the_rust_modelled_cost() {
    let certs = certificates();
    let mut jobs = Vec::new();
    for (what, text) in &certs {
        let (inst, claims) =
            ualign_check::claim_costs(text).unwrap_or_else(|e| panic!("{what}: {e}"));
        let total = inst + claims.iter().sum::<u128>();
        jobs.push((text.clone(), total));
        jobs.push((text.clone(), total - 1));
    }
    let got = python::check_texts_with_budgets(&jobs);
    for (i, (what, _)) in certs.iter().enumerate() {
        let (at, below) = (&got[2 * i], &got[2 * i + 1]);
        assert!(
            !(at.0 == 2 && at.1.contains("modelled cost")),
            "{what}: the Python checker refuses the Rust checker's modelled cost {}: {}",
            jobs[2 * i].1,
            at.1
        );
        assert!(
            below.0 == 2 && below.1.contains("the modelled cost reaches"),
            "{what}: one unit below the Rust checker's modelled cost, Python gives {below:?}"
        );
    }
}
