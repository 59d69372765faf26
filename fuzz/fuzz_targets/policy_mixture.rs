//! The policy and mixture readers on arbitrary text against a fixed 3-response instance: any
//! outcome but a panic is fine; an accepted policy is a distribution (sums to exactly 1).
#![no_main]

use libfuzzer_sys::fuzz_target;
use ualign::number::{Q, sum_q};

const INSTANCE: &str = r#"{"responses": ["a", "b", "c"], "users": [
  {"weight": "1/2", "ranking": [["a"], ["b", "c"]]},
  {"weight": "1/3", "ranking": ["c"]},
  {"weight": "1/6", "ranking": [["b"], ["a"], ["c"]]}]}"#;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = ualign::io::input::read_text_from(data, "fuzz", 1 << 20) else {
        return;
    };
    let inst = ualign::instance::json::parse(INSTANCE).expect("fixed instance");
    if let Ok(pi) = ualign::api::policy_from_json(&text, &inst) {
        assert_eq!(sum_q(&pi), Q::ONE);
    }
    if let Ok(v) = serde_json::from_str::<serde_json::Value>(&text) {
        for k in 1..=3 {
            let _ = ualign::api::mixture_from_json(&v, &inst, k);
        }
    }
});
