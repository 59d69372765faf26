//! Touching boxes (docs/THEORY.md §10.3): degenerate equilibria where one off-support response
//! earns exactly 1/(k+1) and no face exemption applies. The sweep cases that `find_unproved`
//! listed after the face and combination tests now end `certified-box` with a touching box, both
//! checkers accept their certificates, and both reject tampered touching data.

#[path = "../crates/ualign-check/tests/common/python.rs"]
mod python_checker;

use serde_json::Value;
use ualign::certificate::certify::{CertifyOptions, certify};
use ualign::equilibrium::{EquilibriumStatus, SolveOptions, check_box, solve};
use ualign::number::{Q, q};
use ualign::sweep::{SweepFamily, sweep_instance};
use ualign::verify::{VerifyError, verify_str};

/// (family, seed, index, max m, k): (instance, k) pairs that `find_unproved` reported as ε-only
/// on 2026-11-30 after the combination face test (`find_unproved 100000 1 F 8 8`), and the case
/// the README named (ic-sample seed 5 #4301).
const TOUCHING: [(SweepFamily, u64, usize, usize, usize); 7] = [
    (SweepFamily::Ties, 1, 25148, 8, 3),
    (SweepFamily::IcSample, 5, 4301, 8, 2),
    (SweepFamily::IcSample, 1, 5000, 8, 3),
    (SweepFamily::IcSample, 1, 57588, 8, 2),
    (SweepFamily::IcSample, 1, 59386, 8, 3),
    (SweepFamily::Mallows, 1, 38617, 8, 3),
    // x(t) − x(0) = O(t²) here: the box radius must follow t_hi, not the path's spread.
    (SweepFamily::Mallows, 1, 35760, 8, 3),
];

/// The certificate of one case, with only its equilibrium claim.
fn certificate(family: SweepFamily, seed: u64, i: usize, max_m: usize, k: usize) -> Value {
    let inst = sweep_instance(family, seed, i, max_m);
    let out = certify(
        &inst,
        &CertifyOptions {
            ks: vec![k],
            ..CertifyOptions::default()
        },
    )
    .unwrap();
    let mut c: Value = serde_json::from_str(&out.certificate.to_json_string()).unwrap();
    let eq: Vec<Value> = (c["claims"].as_array().unwrap().iter())
        .filter(|x| x["kind"] == "equilibrium" && x["status"] == "certified-box")
        .cloned()
        .collect();
    c["claims"] = Value::Array(eq);
    c
}

#[test]
fn degenerate_sweep_cases_end_certified_box_and_both_checkers_accept_them() {
    for (family, seed, i, max_m, k) in TOUCHING {
        let inst = sweep_instance(family, seed, i, max_m);
        let r = solve(&inst, k, &SolveOptions::default()).unwrap();
        let what = format!("{family:?} seed {seed} #{i} k {k}");
        assert_eq!(
            r.status,
            EquilibriumStatus::CertifiedBox,
            "{what}: {}",
            r.method
        );
        let bx = r.bx.expect("a box");
        let t = bx.touching.as_ref().expect("a touching box");
        // π(y) ∈ [0, t_hi] with t_hi a small power of two; the end box fixes π(y) = t_hi.
        let t_hi = bx.hi[t.response].clone();
        assert_eq!(bx.lo[t.response], Q::ZERO, "{what}");
        assert!(t_hi > Q::ZERO && t_hi < q(1, 1 << 40), "{what}");
        assert_eq!(
            (&t.end_lo[t.response], &t.end_hi[t.response]),
            (&t_hi, &t_hi)
        );
        check_box(&inst, k, &bx).unwrap();
        assert_eq!(
            r.exploitability,
            ualign::game::product_report(&inst, &r.policy, k).exploitability
        );
        let text = certificate(family, seed, i, max_m, k).to_string();
        let rust = verify_str(&text);
        assert!(rust.is_ok(), "{what}: {rust:?}");
        python_checker::assert_agrees_with(&text, &rust, &what);
    }
}

/// Tampered touching data: the solver's check and both checkers reject every variant.
#[test]
fn tampered_touching_boxes_are_rejected() {
    let (family, seed, i, max_m, k) = TOUCHING[0];
    let inst = sweep_instance(family, seed, i, max_m);
    let cert = certificate(family, seed, i, max_m, k);
    let b = &cert["claims"][0]["box"];
    assert!(b["touching"].is_object(), "{b}");
    let y = b["touching"]["response"].as_str().unwrap().to_string();
    let support: Vec<String> = (b["support"].as_array().unwrap().iter())
        .map(|s| s.as_str().unwrap().to_string())
        .collect();
    let other = (inst.responses().iter())
        .find(|n| **n != y && !support.contains(n))
        .cloned();
    let edit = |f: &dyn Fn(&mut Value)| -> String {
        let mut c = cert.clone();
        f(&mut c["claims"][0]["box"]);
        c.to_string()
    };
    // (what, the checker's message must contain, certificate)
    let mut fails: Vec<(&str, &str, String)> = vec![
        (
            "t_hi = 0",
            "t_hi = 0 > 0",
            edit(&|b| b["touching"]["t_hi"] = "0".into()),
        ),
        (
            "t_hi < 0",
            "t_hi = -1/2 > 0",
            edit(&|b| b["touching"]["t_hi"] = "-1/2".into()),
        ),
        (
            "t_hi halved",
            "1 − Σ lo",
            edit(&|b| {
                let t = b["touching"]["t_hi"].as_str().unwrap();
                let den: u128 = t.strip_prefix("1/").unwrap().parse().unwrap();
                b["touching"]["t_hi"] = format!("1/{}", 2 * den).into();
            }),
        ),
        (
            "response on the support",
            "off the support",
            edit(&|b| b["touching"]["response"] = support[0].clone().into()),
        ),
        (
            "end box outside the box",
            "end box ⊂ box",
            edit(&|b| b["touching"]["end_box"]["lo"][0] = "1/1000".into()),
        ),
        (
            "end box = box (h < 0 not shown)",
            "end box: U_k(",
            edit(&|b| {
                for f in ["lo", "hi", "center"] {
                    b["touching"]["end_box"][f] = b[f].clone();
                }
            }),
        ),
    ];
    let moved = format!("off-support U_k({y}, π) ≤ 1/(k+1)");
    if let Some(o) = other {
        fails.push((
            "another off-support response",
            &moved,
            edit(&|b| b["touching"]["response"] = o.clone().into()),
        ));
    }
    for (what, expect, text) in &fails {
        let rust = verify_str(text);
        assert!(
            matches!(&rust, Err(VerifyError::ClaimFailed { claim: 0, message, .. })
                if message.contains(expect)),
            "{what}: {rust:?}"
        );
        python_checker::assert_agrees_with(text, &rust, what);
    }
    // Malformed: touching with ball_precision, end box of the wrong size, unknown field.
    let malformed = [
        edit(&|b| b["ball_precision"] = 64.into()),
        edit(&|b| b["touching"]["end_box"]["center"] = Value::Array(vec![])),
        edit(&|b| b["touching"]["extra"] = "1".into()),
    ];
    for text in &malformed {
        let rust = verify_str(text);
        assert!(
            matches!(rust, Err(VerifyError::Malformed { .. })),
            "{rust:?}"
        );
        python_checker::assert_agrees_with(text, &rust, "malformed touching");
    }
    // The solver's own check rejects the same kinds of tampering.
    let r = solve(&inst, k, &SolveOptions::default()).unwrap();
    let bx = r.bx.unwrap();
    let t = bx.touching.clone().unwrap();
    let mut no_param = bx.clone();
    no_param.touching = None;
    assert!(check_box(&inst, k, &no_param).is_err());
    let mut zero = bx.clone();
    zero.hi[t.response] = Q::ZERO;
    assert!(check_box(&inst, k, &zero).is_err());
    let mut end_is_box = bx.clone();
    let tt = end_is_box.touching.as_mut().unwrap();
    tt.end_lo = bx.lo.clone();
    tt.end_hi = bx.hi.clone();
    tt.end_lo[t.response] = bx.hi[t.response].clone();
    let err = check_box(&inst, k, &end_is_box).unwrap_err();
    assert!(err.contains("end box"), "{err}");
}
