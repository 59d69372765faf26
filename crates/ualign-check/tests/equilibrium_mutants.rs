//! Equilibrium claims aimed at conditions of `claims/equilibrium.rs` that the cargo-mutants run
//! of 2026-11-30 left unpinned (`tests/MUTANTS.md`): the dimensions of a box and of a touching
//! box's end box (each checked on its own), the label of an accepted box, and the modelled cost
//! of a claim with a box, with a touching box and without a box. Every certificate text goes
//! through both checkers ([`common::check_text`]); costs are the Rust checker's own model.

mod common;

#[path = "common/synth.rs"]
mod synth;

#[path = "common/boxes.rs"]
mod boxes;

use boxes::{cycle_box, cycle_with_y, q, verdict_of};
use common::{check_text, fixture_value};
use serde_json::{Value, json};
use ualign_check::VerifyError;
use ualign_check::cost;
use ualign_check::format::InstanceDoc;
use ualign_check::number::{Q, lcm};
use ualign_check::profile::Profile;

/// Asserts that `v` is malformed (both checkers) with a message containing `needle`.
fn malformed(v: &Value, what: &str, needle: &str) {
    match check_text(&v.to_string(), what) {
        (2, Err(VerifyError::Malformed(m))) => assert!(m.contains(needle), "{what}: {m}"),
        other => panic!("{what}: wanted Malformed(`{needle}`), got {other:?}"),
    }
}

/// Each of lo, hi and center of the box, and of a touching box's end box, is checked for its
/// length on its own (a wrong length alone is malformed).
#[test]
fn box_and_end_box_dimensions_are_checked_one_by_one() {
    // barrier-k3-box: support {a, b}, so lo and hi need 2 entries and center 1.
    let base = fixture_value("barrier-k3-box");
    let b = base["claims"][0]["box"].clone();
    let wrong = |f: &str| -> Value {
        match f {
            "center" => json!([b["center"][0], b["center"][0]]),
            _ => json!([b[f][0]]),
        }
    };
    for f in ["lo", "hi", "center"] {
        let mut v = base.clone();
        v["claims"][0]["box"][f] = wrong(f);
        malformed(
            &v,
            &format!("box.{f} of the wrong length"),
            "box: lo and hi need 2 entries and center 1",
        );
    }
    let end = json!({"lo": b["lo"], "hi": b["hi"], "center": b["center"]});
    for f in ["lo", "hi", "center"] {
        let mut v = base.clone();
        let mut e = end.clone();
        e[f] = wrong(f);
        v["claims"][0]["box"]["touching"] = json!({"response": "b", "t_hi": "1/8", "end_box": e});
        malformed(
            &v,
            &format!("end_box.{f} of the wrong length"),
            "box.touching.end_box: lo, hi 2, center 1",
        );
    }
}

/// An accepted box that is not a touching one is labelled plainly: the whole detail of the
/// exact k = 1 box of [`boxes::cycle_with_y`] (whose policy has ε = 0).
#[test]
fn an_accepted_box_is_labelled_krawczyk() {
    let got = verdict_of(&cycle_with_y(), cycle_box(q("1/12")), "radius 1/12");
    assert_eq!(
        got.as_deref(),
        Ok("exact equilibrium in the box (Krawczyk); ε(policy) = 0 ≤ 0")
    );
}

/// The size of numbers in the cost model: the larger of the bit lengths of their common
/// denominator and of their largest numerator.
fn bits(xs: &[Q]) -> u128 {
    let den = xs
        .iter()
        .fold(q("1").numer().clone(), |a, x| lcm(&a, x.denom()));
    let num = xs.iter().map(|x| x.numer().bits()).max().unwrap_or(0);
    u128::from(den.bits().max(num))
}

/// The numbers of `v` (strings, in arrays and objects, recursively) as rationals, with the
/// total reading cost of their texts ([`cost::parse`] of each length).
fn numbers(v: &Value, out: &mut Vec<Q>, read: &mut u128) {
    match v {
        Value::String(s) => {
            out.push(q(s));
            *read += cost::parse(s.len() as u128);
        }
        Value::Array(a) => a.iter().for_each(|x| numbers(x, out, read)),
        Value::Object(o) => o.values().for_each(|x| numbers(x, out, read)),
        _ => {}
    }
}

/// A claim's modelled cost, priced by the checker alone.
fn priced(inst: &Value, claim: &Value) -> u128 {
    let text = synth::certificate(inst, vec![claim.clone()]);
    ualign_check::claim_costs(&text).unwrap().1[0]
}

/// The modelled cost of an equilibrium claim, term by term from [`cost`]: reading its numbers,
/// the policy, m evaluations of U_k, and the Krawczyk test once per box (twice for a touching
/// box, on the box's own numbers including the end box and t_hi; none without a box), sized by
/// the numbers it computes with (policy, preconditioner, box; not the claimed ε).
#[test]
fn an_equilibrium_claims_modelled_cost_adds_one_krawczyk_test_per_box() {
    let inst = cycle_with_y();
    let doc: InstanceDoc = serde_json::from_value(inst.clone()).unwrap();
    let prof = Profile::from_doc(&doc, u128::MAX).unwrap();
    let (m, n, w, k, r) = (
        4u128,
        prof.omega.len() as u128,
        prof.weight_bits,
        1u128,
        3u128,
    );
    assert_eq!(n, 3);
    let claim = cycle_box(q("1/12"));
    let policy: Vec<Q> = ["1/4", "1/4", "1/2", "0"].map(q).to_vec();
    let b = bits(&policy);
    assert_eq!(b, 3); // denominator 4
    let (mut all, mut read) = (Vec::new(), 0);
    // The claimed ε is read (and charged) but not a number the Krawczyk test computes with.
    numbers(&claim["policy"], &mut all, &mut read);
    numbers(&claim["exploitability"], &mut Vec::new(), &mut read);
    let without_box = read + cost::policy(m, b) + m * cost::evaluation(n, k, b, w);
    let mut own = Vec::new();
    for f in ["lo", "hi", "center"] {
        numbers(&claim["box"][f], &mut own, &mut read);
    }
    numbers(&claim["box"]["preconditioner"], &mut all, &mut read);
    all.extend(own.iter().cloned());
    let (big_b, bb) = (bits(&all), bits(&own));
    assert_eq!((big_b, bb), (4, 4)); // denominators 4, 2, 6 and 3
    let with_box = read
        + cost::policy(m, b)
        + m * cost::evaluation(n, k, b, w)
        + cost::krawczyk(m, n, r, k, big_b, w, bb);
    assert_eq!(priced(&inst, &claim), with_box);

    let mut plain = claim.clone();
    plain["status"] = json!("epsilon");
    plain.as_object_mut().unwrap().remove("box");
    assert_eq!(priced(&inst, &plain), without_box);

    // A touching box (priced only: reading stops before any check), end box = box, t_hi = 1/5.
    let mut touching = claim.clone();
    let t = json!({"response": "y", "t_hi": "1/5", "end_box": {"lo": claim["box"]["lo"],
        "hi": claim["box"]["hi"], "center": claim["box"]["center"]}});
    touching["box"]["touching"] = t.clone();
    let mut extra = Vec::new();
    numbers(&t["t_hi"], &mut extra, &mut read);
    numbers(&t["end_box"], &mut extra, &mut read);
    all.extend(extra.iter().cloned());
    own.extend(extra);
    let (big_b, bb) = (bits(&all), bits(&own));
    assert_eq!((big_b, bb), (6, 6)); // denominators 60
    let touching_cost = read
        + cost::policy(m, b)
        + m * cost::evaluation(n, k, b, w)
        + 2 * cost::krawczyk(m, n, r, k, big_b, w, bb);
    assert_eq!(priced(&inst, &touching), touching_cost);
}
