//! The limits a claim's numbers are read under (`src/reader.rs`), each at its edge: k = 1024
//! is read and 1025 is not, a common denominator of exactly 200,000 bits is read and one bit
//! more is not, and a budget equal to the cost of reading the file's numbers lets the reading
//! finish (the claim is then refused as over budget only once its evaluation is priced), one
//! unit less stops it while reading (cargo-mutants run of 2026-11-30, see `tests/MUTANTS.md`).

mod common;

#[path = "common/synth.rs"]
mod synth;

use common::check_text;
use num_bigint::BigInt;
use serde_json::{Value, json};
use ualign_check::{VerifyError, claim_costs, cost, verify_str_streaming};

fn two_responses() -> Value {
    json!({"format": "ualign-instance/1", "responses": ["a", "b"], "users": [
        {"weight": "1", "ranking": [["a"], ["b"]]}, {"weight": "1", "ranking": [["b"], ["a"]]}]})
}

/// An ε-equilibrium claim with ε = 1 (true for every policy) at `k` with the policy `pi`.
fn eps_claim(k: u64, pi: Value) -> Value {
    json!({"kind": "equilibrium", "k": k, "status": "epsilon", "policy": pi,
        "exploitability": "1"})
}

#[test]
fn k_up_to_1024_is_read() {
    let inst = two_responses();
    let pi = json!({"a": "1/2", "b": "1/2"});
    let text = synth::certificate(&inst, vec![eps_claim(1024, pi.clone())]);
    let (code, got) = check_text(&text, "k = 1024");
    assert_eq!(code, 0, "{got:?}");
    assert_eq!(got.unwrap().claims[0].detail, "ε(policy) = 0 ≤ 1");
    for k in [0, 1025] {
        let text = synth::certificate(&inst, vec![eps_claim(k, pi.clone())]);
        let (code, got) = check_text(&text, &format!("k = {k}"));
        assert_eq!(code, 2);
        assert_eq!(
            got.unwrap_err(),
            VerifyError::Malformed(format!(
                "claims[0] (equilibrium): k = {k} is outside 1..=1024"
            ))
        );
    }
}

#[test]
fn a_common_denominator_of_200000_bits_is_read_and_one_bit_more_is_not() {
    // Policy entries 1/2^a, 1/3^40000, 1/5^28000, 1/7^23000 (each under 20,000 characters):
    // the last three have a common denominator of 192,982 bits, so with a = 7,018 the lcm has
    // exactly 200,000 bits. The entries do not sum to 1, which is a failed claim (exit 1) once
    // they are read.
    let pow = |b: u32, e: u32| BigInt::from(b).pow(e);
    let rest = pow(3, 40000) * pow(5, 28000) * pow(7, 23000);
    assert_eq!(rest.bits(), 192_982);
    let inst = json!({"format": "ualign-instance/1", "responses": ["a", "b", "c", "d"],
        "users": [{"weight": "1", "ranking": [["a"], ["b"], ["c"], ["d"]]}]});
    for (a, fits) in [(7018, true), (7019, false)] {
        assert_eq!((pow(2, a) * &rest).bits(), 200_000 + u64::from(!fits));
        let pi = json!({"a": format!("1/{}", pow(2, a)), "b": format!("1/{}", pow(3, 40000)),
            "c": format!("1/{}", pow(5, 28000)), "d": format!("1/{}", pow(7, 23000))});
        let text = synth::certificate(&inst, vec![eps_claim(1, pi)]);
        let (code, got) = check_text(&text, &format!("a = {a}"));
        let msg = got.unwrap_err().to_string();
        if fits {
            assert_eq!(code, 1);
            let head: String = msg.chars().take(60).collect();
            assert!(
                msg.starts_with("claim 0 (equilibrium) FAILED: Σ policy = "),
                "{head}"
            );
        } else {
            assert_eq!(code, 2, "{msg}");
            assert_eq!(
                msg,
                "malformed certificate: claims[0] (equilibrium): policy(d): the common \
                 denominator of the numbers exceeds 200000 bits"
            );
        }
    }
}

#[test]
fn a_budget_equal_to_the_reading_cost_lets_the_reading_finish() {
    let inst = two_responses();
    let numbers = ["1/3", "2/3", "1"]; // policy(a), policy(b), exploitability
    let pi = json!({"a": numbers[0], "b": numbers[1]});
    let text = synth::certificate(&inst, vec![eps_claim(3, pi)]);
    let (instance, claims) = claim_costs(&text).unwrap();
    let reading: u128 = numbers.iter().map(|s| cost::parse(s.len() as u128)).sum();
    let read = instance + reading;
    assert!(read < instance + claims[0]); // evaluating costs something
    let refusal = |budget: u128| match verify_str_streaming(&text, budget, &mut |_| {}) {
        Err(VerifyError::Malformed(m)) => m,
        other => panic!("budget {budget}: {other:?}"),
    };
    let at = refusal(read);
    assert!(
        at.starts_with("claims[0] (equilibrium): modelled cost "),
        "{at}"
    );
    let below = refusal(read - 1);
    assert!(
        below.starts_with(
            "claims[0] (equilibrium): exploitability: reading the file's numbers up to here costs"
        ),
        "{below}"
    );
    assert!(verify_str_streaming(&text, instance + claims[0], &mut |_| {}).is_ok());
}

/// A certificate padded with spaces to exactly `MAX_FILE_BYTES` (16 MiB) bytes.
fn padded_to(bytes: u64) -> String {
    let inst = two_responses();
    let pi = json!({"a": "1/2", "b": "1/2"});
    let mut text = synth::certificate(&inst, vec![eps_claim(1, pi)]);
    text.push_str(&" ".repeat(bytes as usize - text.len()));
    text
}

/// 16 MiB is read, one byte more is not: as text (`verify_str`) and as a file (`read_file`,
/// which reads at most one byte past the limit).
#[test]
fn a_file_of_16_mib_is_read_and_one_byte_more_is_not() {
    use ualign_check::limits::MAX_FILE_BYTES;
    let at = padded_to(MAX_FILE_BYTES);
    let over = padded_to(MAX_FILE_BYTES + 1);
    assert!(ualign_check::verify_str(&at).is_ok());
    assert_eq!(
        ualign_check::verify_str(&over).unwrap_err(),
        VerifyError::Malformed("16777217 bytes, more than the limit of 16777216".into())
    );
    let dir = std::env::temp_dir().join(format!("ualign-check-limit-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (p_at, p_over) = (dir.join("at.json"), dir.join("over.json"));
    std::fs::write(&p_at, &at).unwrap();
    std::fs::write(&p_over, &over).unwrap();
    assert_eq!(ualign_check::read_file(&p_at).unwrap().len(), at.len());
    let err = ualign_check::read_file(&p_over).unwrap_err();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(
        err,
        VerifyError::Malformed(format!(
            "{}: larger than the limit of 16777216 bytes",
            p_over.display()
        ))
    );
}
