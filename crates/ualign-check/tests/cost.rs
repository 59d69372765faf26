//! The cost bound is sound: adversarial certificates end within 10 s of CPU time, checked or
//! refused (exit 2, naming the claim and its modelled cost); duplicate claims are refused; and
//! the largest claim of each adversarial family that the default budget accepts (found by
//! pricing alone) checks within 10 s.

#[path = "common/synth.rs"]
mod synth;

#[path = "common/cpu.rs"]
mod cpu;
use cpu::cpu_seconds;

use ualign_check::VerifyError;
use ualign_check::limits::{DEFAULT_MAX_COST, MAX_FILE_BYTES};

/// Checks `text` on a thread of its own, asserting it ends within 10 s of that thread's CPU
/// time (and within 120 s of wall time, so that a regression fails instead of hanging), and
/// returns the exit code and the result.
fn timed(what: &str, text: &str) -> (i32, Result<ualign_check::VerifySummary, VerifyError>) {
    let (tx, rx) = std::sync::mpsc::channel();
    let text = text.to_string();
    std::thread::spawn(move || {
        let t = cpu_seconds();
        // Not through `common::check_text`: the Python checker is not held to 10 s.
        let got = ualign_check::verify_str(&text);
        let _ = tx.send((got, cpu_seconds() - t));
    });
    let Ok((got, took)) = rx.recv_timeout(std::time::Duration::from_secs(120)) else {
        panic!("{what}: not done after 120 s of wall time");
    };
    let code = got.as_ref().map_or_else(VerifyError::exit_code, |_| 0);
    eprintln!("{what}: exit {code} in {took:.2} s CPU");
    assert!(took < 10.0, "{what}: {took:.1} s");
    (code, got)
}

/// Checked, or refused as over budget naming claim 0 and its modelled cost.
fn checked_or_refused(what: &str, text: &str) {
    match timed(what, text) {
        (0, Ok(_)) => {}
        (2, Err(VerifyError::Malformed(m))) => {
            assert!(
                m.contains("claims[0] (") && m.contains("modelled cost"),
                "{m}"
            )
        }
        other => panic!("{what}: {other:?}"),
    }
}

#[test]
fn equilibrium_at_k64_with_4000_and_6000_digit_policies() {
    let inst = synth::instance(2, 2, 1);
    for digits in [4000, 6000] {
        let pi = synth::policy(2, digits, 7);
        let text = synth::certificate(&inst, vec![synth::equilibrium(64, &pi)]);
        checked_or_refused(&format!("k = 64, {digits} digits"), &text);
    }
}

#[test]
fn a_thousand_copies_of_one_cheap_claim_are_refused() {
    let inst = synth::instance(3, 2, 2);
    let claim = synth::equilibrium(2, &synth::policy(3, 3, 3));
    let text = synth::certificate(&inst, vec![claim; 1000]);
    match timed("1,000 copies", &text) {
        (2, Err(VerifyError::Malformed(m))) => {
            assert!(
                m.contains("claims[1] (equilibrium) repeats claims[0]"),
                "{m}"
            )
        }
        other => panic!("{other:?}"),
    }
}

/// The modelled cost of a certificate (instance and claims), by pricing alone.
fn modelled(text: &str) -> u128 {
    let (inst, claims) = ualign_check::claim_costs(text).unwrap_or_else(|e| panic!("{e}"));
    inst + claims.iter().sum::<u128>()
}

/// Whether the default limits accept `text`: its size, and its modelled cost within the budget.
fn fits(text: &str) -> bool {
    text.len() as u64 <= MAX_FILE_BYTES && modelled(text) <= DEFAULT_MAX_COST
}

/// About the largest `x` (users or claims) for which the limits accept `make(x)` (cost and
/// size are affine in `x`): extrapolated from `a` and `2a`, then checked to fit, with 2% more
/// refused.
fn largest_accepted(a: usize, make: &dyn Fn(usize) -> String) -> usize {
    let (ta, tb) = (make(a), make(2 * a));
    let (ca, cb) = (modelled(&ta), modelled(&tb));
    let by_cost = a + ((DEFAULT_MAX_COST - ca) / ((cb - ca) / a as u128)) as usize;
    let per_byte = (tb.len() - ta.len()) / a;
    let by_size = a + (MAX_FILE_BYTES as usize - ta.len()) / per_byte;
    let mut x = by_cost.min(by_size);
    while !fits(&make(x)) {
        x -= x / 100 + 1;
    }
    assert!(!fits(&make(x + x / 50 + 1)));
    x
}

// The largest claim the default budget accepts in each adversarial family (found by pricing
// alone), checked within 10 s of CPU time: the model is sound for that family.

#[test]
fn largest_accepted_k64_policy_checks_within_ten_seconds() {
    // Large k with long numbers: digits of the policy at k = 64 (9,999 is the most a
    // 20,000-character number string holds).
    let inst = synth::instance(2, 2, 1);
    let make =
        |d: usize| synth::certificate(&inst, vec![synth::equilibrium(64, &synth::policy(2, d, 7))]);
    assert!(modelled(&make(9_999)) <= DEFAULT_MAX_COST);
    assert_eq!(timed("k = 64, 9,999 digits", &make(9_999)).0, 0);
}

#[test]
fn largest_accepted_number_of_users_checks_within_ten_seconds() {
    // Many users: 8 responses, k = 32, 100-digit policy.
    let pi = synth::policy(8, 100, 5);
    let make =
        |n: usize| synth::certificate(&synth::instance(8, n, 3), vec![synth::equilibrium(32, &pi)]);
    let n = largest_accepted(1_000, &make);
    assert_eq!(timed(&format!("k = 32, {n} users"), &make(n)).0, 0);
}

#[test]
fn largest_accepted_koutput_dual_checks_within_ten_seconds() {
    // Many multisets: a k-output dual over C(17, 6) = 12,376 multisets, 12 responses.
    let make = |n: usize| {
        synth::certificate(
            &synth::instance(12, n, 4),
            vec![synth::koutput_bracket(12, 6)],
        )
    };
    let n = largest_accepted(200, &make);
    assert_eq!(
        timed(&format!("k-output k = 6, m = 12, {n} users"), &make(n)).0,
        0
    );
}

#[test]
fn largest_accepted_robust_win_rate_checks_within_ten_seconds() {
    // Many opponents: a product robust win rate at k = 8 against all 220 3-multisets of 10,
    // with n copies of one user type (the win rates do not depend on n, so the claim's value
    // is evaluated once, on one user, and stays true; the checker still evaluates all n).
    let pi = synth::policy(10, 10, 6);
    let one = synth::instance(10, 1, 5);
    let claim = synth::robust_product(&one, 8, 3, &pi);
    let make = |n: usize| {
        let mut inst = one.clone();
        inst["users"] = serde_json::Value::Array(vec![one["users"][0].clone(); n]);
        synth::certificate(&inst, vec![claim.clone()])
    };
    let n = largest_accepted(1_000, &make);
    assert_eq!(
        timed(&format!("robust k = 8, ℓ = 3, {n} users"), &make(n)).0,
        0
    );
}

#[test]
fn largest_accepted_file_of_distinct_claims_checks_within_ten_seconds() {
    // Many distinct cheap claims: ε-equilibria at k = 2 with a 1,000-digit policy (distinct
    // exploitabilities, so they are not duplicates), the shape the model charges least.
    let inst = synth::instance(3, 2, 2);
    let pi = synth::policy(3, 1000, 3);
    let make = |n: usize| {
        let claims = (0..n)
            .map(|i| {
                let mut c = synth::equilibrium(2, &pi);
                c["exploitability"] = serde_json::json!(format!("{}", i + 1));
                c
            })
            .collect();
        synth::certificate(&inst, claims)
    };
    let n = largest_accepted(100, &make);
    assert_eq!(
        timed(&format!("{n} claims at k = 2, 1,000 digits"), &make(n)).0,
        0
    );
}
