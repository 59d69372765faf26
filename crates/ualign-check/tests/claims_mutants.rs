//! Claims aimed at conditions of `claims/koutput.rs`, `robust.rs`, `nlhf.rs`,
//! `maximal_lottery.rs` and `barrier.rs` that the cargo-mutants run of 2026-11-30 left unpinned
//! (`tests/MUTANTS.md`): exact failure messages and exact details of accepted claims, on the
//! committed `barrier` fixture (two responses, weights 3/5 and 2/5, each user ranking only its
//! favourite). Every text goes through both checkers ([`common::check_text`]).

mod common;

#[path = "common/synth.rs"]
mod synth;

use common::{check_text, fixture_value};
use serde_json::{Value, json};
use ualign_check::VerifyError;
use ualign_check::number::{Q, fmt_q, parse_q};

fn q(s: &str) -> Q {
    parse_q(s).unwrap()
}

/// The barrier fixture with only the claims `keep` (by index), changed by `f`: the details of
/// the accepted claims, or the message of the failing one (with its index).
fn run(
    keep: &[usize],
    what: &str,
    f: impl FnOnce(&mut Vec<Value>),
) -> Result<Vec<String>, (usize, String)> {
    let mut v = fixture_value("barrier");
    let all = v["claims"].as_array().unwrap().clone();
    let mut claims: Vec<Value> = keep.iter().map(|&i| all[i].clone()).collect();
    f(&mut claims);
    v["claims"] = Value::Array(claims);
    match check_text(&v.to_string(), what) {
        (0, Ok(s)) => Ok(s.claims.into_iter().map(|c| c.detail).collect()),
        (1, Err(VerifyError::ClaimFailed { claim, message, .. })) => Err((claim, message)),
        other => panic!("{what}: {other:?}"),
    }
}

/// Index of the first claim of `kind` in the barrier fixture.
fn index_of(kind: &str) -> usize {
    let v = fixture_value("barrier");
    (v["claims"].as_array().unwrap().iter())
        .position(|c| c["kind"] == kind)
        .unwrap()
}

/// v*_2 = 7/10 on the barrier instance, with primal {a, b} and dual σ = a. Its detail names
/// the value (or the bracket) exactly; an upper bound below 7/10 fails the dual check at the
/// multiset {a, b}, whose win rate against a is exactly 7/10 (user 1, weight 3/5, splits its a
/// between S's a and the opponent's; user 2 takes S's b).
#[test]
fn k_output_values_and_brackets_are_checked_against_the_dual_exactly() {
    let i = index_of("koutput_value");
    assert_eq!(
        run(&[i], "koutput value 7/10", |_| {}),
        Ok(vec![
            "v*_2 = 7/10: 3 multisets checked against σ".to_string()
        ])
    );
    let bracket = |lo: &'static str, hi: &'static str| {
        move |c: &mut Vec<Value>| {
            c[0].as_object_mut().unwrap().remove("value");
            c[0]["bracket"] = json!([lo, hi]);
        }
    };
    assert_eq!(
        run(&[i], "bracket [69/100, 7/10]", bracket("69/100", "7/10")),
        Ok(vec![
            "69/100 ≤ v*_2 ≤ 7/10: 3 multisets checked against σ".to_string()
        ])
    );
    let low = "WR_k,1({a, b}, σ) ≤ upper fails: 7/10 > 69/100".to_string();
    assert_eq!(
        run(&[i], "value 69/100", |c| c[0]["value"] = json!("69/100")),
        Err((0, low.clone()))
    );
    assert_eq!(
        run(&[i], "bracket [1/2, 69/100]", bracket("1/2", "69/100")),
        Err((0, low))
    );
}

/// Two responses in a perfect tie (a ≻ b and b ≻ a with equal weight): every p is a maximal
/// lottery, so a second, different one shows non-uniqueness; the same one twice does not.
#[test]
fn non_uniqueness_needs_a_different_second_maximal_lottery() {
    let inst = json!({"format": "ualign-instance/1", "responses": ["a", "b"], "users": [
        {"weight": "1", "ranking": [["a"], ["b"]]}, {"weight": "1", "ranking": [["b"], ["a"]]}]});
    let claim = |alt: &str| {
        json!({"kind": "maximal_lottery", "p": {"a": "1/3", "b": "2/3"}, "unique": false,
            "alternative": {"a": alt, "b": fmt_q(&(q("1") - q(alt)))}})
    };
    let text = synth::certificate(&inst, vec![claim("1")]);
    match check_text(&text, "a second maximal lottery") {
        (0, Ok(s)) => assert_eq!(
            s.claims[0].detail,
            "p is a maximal lottery, not unique: a second one checked"
        ),
        other => panic!("{other:?}"),
    }
    let text = synth::certificate(&inst, vec![claim("1/3")]);
    match check_text(&text, "the same maximal lottery twice") {
        (1, Err(VerifyError::ClaimFailed { message, .. })) => assert_eq!(
            message,
            "`alternative` equals p, so it does not show non-uniqueness"
        ),
        other => panic!("{other:?}"),
    }
}

/// R_2,2 of the product policy a (k = 2) against the three 2-multisets {a, a}, {a, b}, {b, b}:
/// win rates 1/2, 2/5 and 3/5. Claiming the first one as the worst, with value 1/2, fails at
/// the second (every opponent is checked, not only the claimed and the first).
#[test]
fn a_robust_win_rate_is_checked_against_every_opponent() {
    let i = 9;
    assert_eq!(
        fixture_value("barrier")["claims"][i]["kind"],
        "robust_win_rate"
    );
    assert_eq!(
        run(&[i], "R_2,2 = 2/5", |_| {}),
        Ok(vec!["R_2,2(ρ) = 2/5 over 3 opponents".to_string()])
    );
    let got = run(&[i], "worst {a, a}, value 1/2", |c| {
        c[0]["value"] = json!("1/2");
        c[0]["worst_opponent"] = json!(["a", "a"]);
    });
    assert_eq!(
        got,
        Err((0, "value ≤ WR_k,ℓ(ρ, {a, b}) fails: 1/2 > 2/5".to_string()))
    );
}

/// v*_3 = 5/6 on the Condorcet cycle y1 ≻ y2 ≻ y3 (three shifts, equal weights), as the solver
/// certifies it: primal {y1, y2, y3}, dual σ = (1/4, 0, 3/4) (a denominator other than 1, and at
/// k = 3 best tiers holding one of three positions): accepted with its exact detail, and an
/// upper bound of 4/5 fails at S = {y1, y2, y3}, whose win rate against σ is exactly 5/6.
#[test]
fn a_k_output_value_with_a_mixed_dual_at_k_3() {
    let inst = json!({"format": "ualign-instance/1", "responses": ["y1", "y2", "y3"], "users": [
        {"weight": "1", "ranking": [["y1"], ["y2"]]}, {"weight": "1", "ranking": [["y2"], ["y3"]]},
        {"weight": "1", "ranking": [["y3"], ["y1"]]}]});
    let claim = |v: &str| {
        json!({"kind": "koutput_value", "k": 3, "value": v, "primal": [
            {"responses": ["y1", "y2", "y3"], "probability": "1"}],
            "dual": {"y1": "1/4", "y2": "0", "y3": "3/4"}})
    };
    match check_text(&synth::certificate(&inst, vec![claim("5/6")]), "v*_3 = 5/6") {
        (0, Ok(s)) => assert_eq!(
            s.claims[0].detail,
            "v*_3 = 5/6: 10 multisets checked against σ"
        ),
        other => panic!("{other:?}"),
    }
    match check_text(&synth::certificate(&inst, vec![claim("4/5")]), "value 4/5") {
        (1, Err(VerifyError::ClaimFailed { message, .. })) => {
            assert_eq!(message, "WR_k,1({y1, y2, y3}, σ) ≤ upper fails: 5/6 > 4/5")
        }
        other => panic!("{other:?}"),
    }
}

/// Two users of equal weight with opposite orders of a, b; π = (1/3, 2/3) at k = 3. By
/// E[1/(1+C)] = (1 − (1−p)^(k+1))/((k+1)p) for C ~ Bin(k, p): U_3(a, π) = (65/108 + 1/108)/2 =
/// 11/36 and U_3(b, π) = (40/108 + 8/108)/2 = 2/9, so ε(π) = 11/36 − 1/4 = 1/18 exactly. The
/// accepted claim's detail states it (it is computed by `Frac::minus_q`, which only messages use),
/// and a claimed ε below it fails.
#[test]
fn an_epsilon_equilibrium_claim_states_its_exact_exploitability() {
    let inst = json!({"format": "ualign-instance/1", "responses": ["a", "b"], "users": [
        {"weight": "1", "ranking": [["a"], ["b"]]}, {"weight": "1", "ranking": [["b"], ["a"]]}]});
    let claim = |eps: &str| {
        json!({"kind": "equilibrium", "k": 3, "status": "epsilon",
            "policy": {"a": "1/3", "b": "2/3"}, "exploitability": eps})
    };
    match check_text(&synth::certificate(&inst, vec![claim("1/2")]), "ε = 1/2") {
        (0, Ok(s)) => assert_eq!(s.claims[0].detail, "ε(policy) = 1/18 ≤ 1/2"),
        other => panic!("{other:?}"),
    }
    match check_text(&synth::certificate(&inst, vec![claim("1/18")]), "ε = 1/18") {
        (0, Ok(s)) => assert_eq!(s.claims[0].detail, "ε(policy) = 1/18 ≤ 1/18"),
        other => panic!("{other:?}"),
    }
    match check_text(&synth::certificate(&inst, vec![claim("1/19")]), "ε = 1/19") {
        (1, Err(VerifyError::ClaimFailed { message, .. })) => {
            assert!(message.contains("11/36"), "{message}")
        }
        other => panic!("{other:?}"),
    }
}
