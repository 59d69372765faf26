//! Shared by the checker's integration tests: the committed fixtures (written by the solver's
//! builders, see the root test `checker_fixtures.rs`), and [`check_text`], the one function every
//! certificate text of the mutation and hostile suites passes through.
#![allow(dead_code)]

pub mod python;

use num_bigint::BigInt;
use serde_json::{Value, json};
use ualign_check::number::Q;
use ualign_check::{VerifyError, VerifySummary, verify_str};

/// Checks a certificate text with this crate and returns the exit code with the result.
///
/// Every certificate of the mutation and hostile suites goes through here, so the second
/// checker, the plain-Python one, must agree on all of them: same exit code and, for a failed
/// claim, the same claim index ([`python::assert_agrees_with`]).
/// `what` names the certificate in failure messages.
pub fn check_text(text: &str, what: &str) -> (i32, Result<VerifySummary, VerifyError>) {
    let got = verify_str(text);
    python::assert_agrees_with(text, &got, what);
    let code = got.as_ref().map_or_else(VerifyError::exit_code, |_| 0);
    (code, got)
}

/// The text of a committed fixture: `barrier`, `cycle`, `barrier-k3-box`, `weighted-cycle-box`,
/// `barrier-k1024-ball`, `family-impartial`, `family-cycle`.
pub fn fixture(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/{name}.cert.json",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A fixture as a JSON value (keys in document order).
pub fn fixture_value(name: &str) -> Value {
    serde_json::from_str(&fixture(name)).unwrap()
}

/// Recomputes `instance_sha256` after a mutation of the embedded instance, with this crate's
/// own canonical hash.
pub fn rehash(v: &mut Value) {
    let doc = serde_json::from_value(v["instance"].clone()).unwrap();
    v["instance_sha256"] = json!(ualign_check::instance_sha256(&doc).unwrap());
}

/// 10^d.
pub fn ten_pow(d: usize) -> Q {
    Q::from_integer(BigInt::from(10u8).pow(d as u32))
}

/// A JSON number string of a certificate, parsed exactly.
pub fn num(v: &Value) -> Q {
    ualign_check::number::parse_q(v.as_str().unwrap()).unwrap()
}
