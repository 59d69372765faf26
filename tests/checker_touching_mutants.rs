//! Touching boxes (docs/THEORY.md §10.3) aimed at conditions of the checker crate that the
//! cargo-mutants run of 2026-11-30 left unpinned (`tests/MUTANTS.md`): the label of an accepted
//! touching claim, the end box's eliminated coordinate (not required to lie in the box's), and a
//! face exemption inside a touching box. The certificate is the solver's for a degenerate sweep
//! case; every text goes through both checkers (same verdict).

#[path = "../crates/ualign-check/tests/common/python.rs"]
mod python_checker;

use serde_json::{Value, json};
use ualign::certificate::certify::{CertifyOptions, certify};
use ualign::sweep::{SweepFamily, sweep_instance};
use ualign::verify::number::{Q, fmt_q, parse_q};
use ualign::verify::{VerifySummary, instance_sha256, verify_str};

/// The solver's certificate of a touching case (ic-sample seed 5 #4301 at k = 2, one of
/// `tests/touching_boxes.rs`), with only its `certified-box` equilibrium claim.
fn touching_certificate() -> Value {
    let inst = sweep_instance(SweepFamily::IcSample, 5, 4301, 8);
    let opts = CertifyOptions {
        ks: vec![2],
        ..CertifyOptions::default()
    };
    let out = certify(&inst, &opts).unwrap();
    let mut c: Value = serde_json::from_str(&out.certificate.to_json_string()).unwrap();
    let eq: Vec<Value> = (c["claims"].as_array().unwrap().iter())
        .filter(|x| x["kind"] == "equilibrium" && x["status"] == "certified-box")
        .cloned()
        .collect();
    assert!(eq[0]["box"]["touching"].is_object(), "{}", eq[0]["box"]);
    c["claims"] = Value::Array(eq);
    c
}

/// Both checkers accept `c`; the Rust checker's summary.
fn accepted(c: &Value, what: &str) -> VerifySummary {
    let text = c.to_string();
    let got = verify_str(&text);
    python_checker::assert_agrees_with(&text, &got, what);
    got.unwrap_or_else(|e| panic!("{what}: {e:?}"))
}

fn q(v: &Value) -> Q {
    parse_q(v.as_str().unwrap()).unwrap()
}

/// The accepted claim is labelled as a touching box, and the end box may claim any range of the
/// eliminated coordinate that contains its own [1 − t_hi − Σ hi, 1 − t_hi − Σ lo]: only the free
/// coordinates of the end box must lie in the box (its zero is then the path's).
#[test]
fn a_touching_claim_is_labelled_and_its_end_box_may_widen_the_eliminated_range() {
    let c = touching_certificate();
    let s = accepted(&c, "the solver's touching certificate");
    let detail = &s.claims[0].detail;
    assert!(
        detail.starts_with(
            "exact equilibrium in the box (Krawczyk, touching: π(y) ∈ [0, t_hi]); ε(policy) = "
        ),
        "{detail}"
    );
    let b = &c["claims"][0]["box"];
    let d = b["center"].as_array().unwrap().len();
    let end = &b["touching"]["end_box"];
    // Half the box's lower bound and twice its upper bound (both still in (0, 1]).
    let (lo, hi) = (q(&b["lo"][d]), q(&b["hi"][d]));
    let two = Q::from_integer(2.into());
    let (elo, ehi) = (&lo / &two, (&hi * &two).min(Q::from_integer(1.into())));
    assert!(elo < q(&end["lo"][d]) && ehi > q(&end["hi"][d]) && ehi > hi);
    let mut wide = c.clone();
    wide["claims"][0]["box"]["touching"]["end_box"]["lo"][d] = json!(fmt_q(&elo));
    wide["claims"][0]["box"]["touching"]["end_box"]["hi"][d] = json!(fmt_q(&ehi));
    accepted(&wide, "end box with a wider eliminated range than the box");
}

/// A face exemption inside a touching box (docs/THEORY.md §10.2 and §10.3).
///
/// A new response z is added to the instance: in every user type it shares the tier of the
/// support response s, except in a copy of the first user type of weight 2^-256 (taken from that
/// type's weight), where z sits in a tier of its own just below s. So W(z, g) ≤ W(s, g) for every
/// multiset g (the face test holds with λ = 1, with and without the touching response), while
/// U_k(z, ·) differs from U_k(s, ·) by at most 2^-256: its enclosure over the box exceeds
/// 1/(k+1) like s's. π(z) = 0 and no other response moves, so the box still proves the
/// equilibrium; it is accepted only through the face exemption of z (the mutant that refuses
/// every face exemption in touching boxes fails here).
#[test]
fn a_touching_box_accepts_an_off_support_response_by_its_face_exemption() {
    let mut c = touching_certificate();
    let b = c["claims"][0]["box"].clone();
    let s = b["support"][0].as_str().unwrap().to_string();
    let inst = &mut c["instance"];
    let names: Vec<String> = (inst["responses"].as_array().unwrap().iter())
        .map(|n| n.as_str().unwrap().to_string())
        .collect();
    assert!(!names.contains(&"z".to_string()));
    inst["responses"].as_array_mut().unwrap().push(json!("z"));
    let users = inst["users"].as_array_mut().unwrap();
    let mut copy = users[0].clone();
    for u in users.iter_mut() {
        let tiers = u["ranking"].as_array_mut().unwrap();
        // If s is unlisted, z joins it in the implicit bottom tier.
        if let Some(t) = tiers
            .iter_mut()
            .find(|t| t.as_array().unwrap().contains(&json!(s)))
        {
            t.as_array_mut().unwrap().push(json!("z"));
        }
    }
    // The copy lists every response, so that z can sit just below s even at the bottom.
    let tiers = copy["ranking"].as_array_mut().unwrap();
    let listed: Vec<String> = (tiers.iter().flat_map(|t| t.as_array().unwrap()))
        .map(|n| n.as_str().unwrap().to_string())
        .collect();
    let rest: Vec<Value> = (names.iter().filter(|n| !listed.contains(n)))
        .map(|n| json!(n))
        .collect();
    if !rest.is_empty() {
        tiers.push(Value::Array(rest));
    }
    let at = tiers
        .iter()
        .position(|t| t.as_array().unwrap().contains(&json!(s)))
        .unwrap();
    tiers.insert(at + 1, json!(["z"]));
    let w = q(&users[0]["weight"]);
    let half = parse_q("1/2").unwrap();
    let tiny = (0..256).fold(w.clone(), |x, _| x * &half);
    users[0]["weight"] = json!(fmt_q(&(&w - &tiny)));
    copy["weight"] = json!(fmt_q(&tiny));
    users.push(copy);
    let doc = serde_json::from_value(c["instance"].clone()).unwrap();
    c["instance_sha256"] = json!(instance_sha256(&doc).unwrap());
    c["claims"][0]["policy"]["z"] = json!("0");
    let s = accepted(&c, "a near-clone z of a support response, face-exempt");
    assert!(
        s.claims[0]
            .detail
            .starts_with("exact equilibrium in the box (Krawczyk, touching"),
        "{}",
        s.claims[0].detail
    );
}
