//! Hostile and broken files: every one is `Malformed` (exit 2) with a clear message, quickly,
//! without panicking and without unbounded work.

mod common;

use std::time::{Duration, Instant};

use common::{check_text, fixture, fixture_value, rehash};
use serde_json::{Value, json};
use ualign_check::{VerifyError, verify_file};

/// Asserts `Malformed` (exit 2) containing `needle`, the Rust checker within five seconds of
/// wall time (the refusals take well under a second on an idle machine; the bound only rules
/// out unbounded work on a shared, loaded CI machine), and the Python checker agreeing.
fn malformed(text: &str, needle: &str) {
    let t = Instant::now();
    let _ = ualign_check::verify_str(text);
    let took = t.elapsed();
    let (code, got) = check_text(text, needle);
    assert_eq!(code, 2, "`{needle}`");
    match &got {
        Err(VerifyError::Malformed(m)) => assert!(m.contains(needle), "wanted `{needle}` in `{m}`"),
        other => panic!("wanted Malformed(`{needle}`), got {other:?}"),
    }
    assert!(
        took < Duration::from_secs(5),
        "took {took:?} for `{needle}`"
    );
}

fn mutated(f: impl FnOnce(&mut Value)) -> String {
    let mut v = fixture_value("barrier");
    f(&mut v);
    serde_json::to_string(&v).unwrap()
}

fn good_text() -> String {
    fixture("barrier")
}

#[test]
fn broken_json() {
    let text = good_text();
    malformed(&text[..text.len() / 2], "invalid JSON");
    malformed("", "invalid JSON");
    malformed("[]", "invalid JSON");
    malformed("null", "invalid JSON");
    malformed(&"[".repeat(200_000), "invalid JSON");
    malformed(
        &text.replacen("\"claims\"", "\"claimz\"", 1),
        "unknown field `claimz`",
    );
}

#[test]
fn header() {
    malformed(
        &mutated(|v| v["version"] = json!(2)),
        "unsupported version 2",
    );
    malformed(
        &mutated(|v| v["version"] = json!(0)),
        "unsupported version 0",
    );
    malformed(&mutated(|v| v["version"] = json!("1")), "invalid JSON");
    malformed(
        &mutated(|v| v["format"] = json!("ualign-instance/1")),
        "format",
    );
    malformed(
        &mutated(|v| {
            v.as_object_mut().unwrap().remove("format");
        }),
        "missing field `format`",
    );
    malformed(
        &mutated(|v| {
            v.as_object_mut().unwrap().remove("claims");
        }),
        "missing field `claims`",
    );
    malformed(&mutated(|v| v["claims"] = json!([])), "no claims");
    malformed(
        &mutated(|v| {
            v["instance_sha256"] = json!(v["instance_sha256"].as_str().unwrap().to_uppercase())
        }),
        "instance_sha256",
    );
}

#[test]
fn huge_numbers_are_rejected_before_arithmetic() {
    let huge = format!("1{}", "0".repeat(1_000_000));
    malformed(
        &mutated(|v| v["claims"][0]["p"]["a"] = json!(huge)),
        "characters",
    );
    malformed(
        &mutated(|v| v["claims"][2]["value"] = json!(format!("{huge}/{huge}3"))),
        "characters",
    );
    malformed(
        &mutated(|v| v["instance"]["users"][0]["weight"] = json!(huge)),
        "characters",
    );
    // A huge JSON integer for k is not a u64.
    let text = good_text().replacen("\"k\": 1,", &format!("\"k\": {huge},"), 1);
    malformed(&text, "invalid certificate");
    // k = 64 (allowed) with a 20,000-character probability: p^64 would have ~640,000 digits,
    // which the cost model prices within the default budget (checked on integers, never
    // reduced), so the claim is read and fails its sum check (exit 1), quickly.
    let big = format!("{}/{}", "1".repeat(9_990), "3".repeat(9_995));
    let text = mutated(|v| {
        let c = &mut v["claims"][7];
        c["k"] = json!(64);
        c["policy"] = json!({"a": big, "b": "0"});
    });
    let t = Instant::now();
    let (code, got) = check_text(&text, "k = 64, 20,000-character probability");
    assert_eq!(code, 1, "{got:?}");
    assert!(
        matches!(&got, Err(VerifyError::ClaimFailed { claim: 7, message, .. }) if message.contains("Σ policy")),
        "{got:?}"
    );
    assert!(t.elapsed() < Duration::from_secs(10), "{:?}", t.elapsed());
}

#[test]
fn many_distinct_denominators_are_bounded() {
    // Weights 1/(10^19000 + j) for 20 users: their common denominator would have ~380,000 digits.
    let users: Vec<Value> = (0..20)
        .map(|j| json!({"weight": format!("1/1{}{j}", "0".repeat(18_999)), "ranking": [["a"], ["b"]]}))
        .collect();
    let text = mutated(|v| v["instance"]["users"] = json!(users));
    malformed(&text, "common denominator");
    // The same within one claim's numbers (uniqueness multipliers).
    let text = mutated(|v| {
        let ev = &mut v["claims"][0]["uniqueness"];
        for (i, e) in ev.as_array_mut().unwrap().iter_mut().enumerate() {
            e["lower"]["lambda"]["b"] = json!(format!("1/7{}{i}1", "0".repeat(19_000)));
            e["upper"]["lambda"]["b"] = json!(format!("1/9{}{i}3", "0".repeat(19_000)));
        }
    });
    // Four distinct 19,000-digit denominators: 250,000 bits > the limit.
    malformed(&text, "common denominator");
}

#[test]
fn domains_of_numbers() {
    malformed(
        &mutated(|v| v["claims"][7]["policy"]["a"] = json!("1/0")),
        "zero denominator",
    );
    malformed(
        &mutated(|v| v["claims"][7]["policy"]["b"] = json!("-1/5")),
        "negative",
    );
    malformed(
        &mutated(|v| v["claims"][7]["policy"]["a"] = json!("6/5")),
        "exceeds 1",
    );
    malformed(
        &mutated(|v| v["claims"][7]["policy"]["a"] = json!(0.8)),
        "invalid certificate",
    );
    malformed(
        &mutated(|v| v["claims"][7]["policy"]["a"] = json!("0.8e0")),
        "not an exact rational",
    );
    malformed(
        &mutated(|v| v["claims"][7]["policy"]["a"] = json!("nan")),
        "not an exact rational",
    );
    malformed(
        &mutated(|v| v["claims"][7]["exploitability"] = json!("-1/3")),
        "negative",
    );
    malformed(
        &mutated(|v| v["claims"][11]["eps"] = json!("")),
        "empty number",
    );
    malformed(
        &mutated(|v| v["instance"]["users"][0]["weight"] = json!("0")),
        "not positive",
    );
    // The one strict number grammar: nothing trimmed, no `+`, no leading zeros, no `-0`.
    let a = fixture_value("barrier")["claims"][7]["policy"]["a"].clone();
    let a = a.as_str().unwrap();
    for bad in [
        format!(" {a}"),
        format!("{a} "),
        format!("+{a}"),
        format!("0{a}"),
        a.replace('/', "/0"),
        ".5".into(),
        "1.".into(),
    ] {
        malformed(
            &mutated(|v| v["claims"][7]["policy"]["a"] = json!(bad)),
            "not an exact rational",
        );
    }
    malformed(
        &mutated(|v| v["claims"][7]["exploitability"] = json!("-0")),
        "not an exact rational",
    );
    malformed(
        &mutated(|v| v["instance"]["users"][0]["weight"] = json!("+1")),
        "not an exact rational",
    );
}

#[test]
fn out_of_range_indices_and_sizes() {
    malformed(
        &mutated(|v| v["claims"][11]["maximal_lottery_claim"] = json!(u64::MAX)),
        "not an earlier claim",
    );
    malformed(
        &mutated(|v| v["claims"][11]["maximal_lottery_claim"] = json!(-1)),
        "invalid certificate",
    );
    malformed(
        &mutated(|v| v["claims"][2]["k"] = json!(1025)),
        "outside 1..=1024",
    );
    malformed(
        &mutated(|v| v["claims"][2]["k"] = json!(1_000_000_000_000u64)),
        "outside 1..=1024",
    );
    malformed(
        &mutated(|v| v["claims"][9]["ell"] = json!(0)),
        "outside 1..=1024",
    );
    malformed(
        &mutated(|v| v["claims"][8]["primal"][0]["responses"] = json!([])),
        "expected 2",
    );
    // 30 responses and k = 12: C(41, 12) ≈ 7·10^9 multisets.
    let names: Vec<String> = (0..30).map(|i| format!("r{i}")).collect();
    let text = mutated(|v| {
        v["instance"]["responses"] = json!(names);
        v["instance"]["users"] = json!([{"weight": "1", "ranking": [["r0"]]}]);
        v["claims"] = json!([{"kind": "koutput_value", "k": 12, "value": "1", "primal": [],
            "dual": {"r0": "1"}}]);
    });
    let mut v: Value = serde_json::from_str(&text).unwrap();
    rehash(&mut v);
    malformed(&serde_json::to_string(&v).unwrap(), "exceed the limit");
}

#[test]
fn instance_size_is_bounded_before_allocation() {
    // 2,000 responses × 6,000 user types = 12 million rank entries.
    let names: Vec<String> = (0..2000).map(|i| format!("r{i}")).collect();
    let users: Vec<Value> = (0..6000)
        .map(|_| json!({"weight": "1", "ranking": []}))
        .collect();
    malformed(
        &mutated(|v| {
            v["instance"]["responses"] = json!(names);
            v["instance"]["users"] = json!(users);
        }),
        "rank entries",
    );
}

#[test]
fn instance_limits_are_the_solvers() {
    use ualign_check::limits::{MAX_RESPONSES, MAX_WEIGHT_DENOMINATOR_BITS};
    // One response more than the solver reads (4,096), with one user type.
    let names: Vec<String> = (0..=MAX_RESPONSES).map(|i| format!("r{i}")).collect();
    malformed(
        &mutated(|v| {
            v["instance"]["responses"] = json!(names);
            v["instance"]["users"] = json!([{"weight": "1", "ranking": ["r0"]}]);
        }),
        "4097 responses exceed the limit of 4096",
    );
    // A weight 1/2^65,537: 19,731 characters (under the 20,000 of one number), but its
    // denominator has 65,538 bits, over the solver's 65,536 for the weights.
    let den = num_bigint::BigUint::from(1u8) << (MAX_WEIGHT_DENOMINATOR_BITS as usize + 1);
    let weight = format!("1/{den}");
    assert!(weight.len() < 20_000);
    malformed(
        &mutated(|v| v["instance"]["users"][0]["weight"] = json!(weight)),
        "the weights' common denominator exceeds 65536 bits",
    );
    // Exactly at the limit is read (2^65,535 has 65,536 bits; the other weight is made an
    // integer so the common denominator is that power): the file then fails only its hash.
    let den = num_bigint::BigUint::from(1u8) << (MAX_WEIGHT_DENOMINATOR_BITS as usize - 1);
    let weight = format!("1/{den}");
    malformed(
        &mutated(|v| {
            v["instance"]["users"][0]["weight"] = json!(weight);
            v["instance"]["users"][1]["weight"] = json!("1");
        }),
        "instance_sha256",
    );
}

#[test]
fn expensive_claims_are_refused_not_run() {
    // 12 responses, 4,000 user types, k-output value with k = 8: C(19, 8) = 75,582 multisets
    // against 4,000 users (plus the primal) is over the default cost budget.
    let names: Vec<String> = (0..12).map(|i| format!("r{i}")).collect();
    let users: Vec<Value> = (0..4000)
        .map(|u| {
            let mut order: Vec<&String> = names.iter().collect();
            order.rotate_left(u % 12);
            order.swap(0, (u / 12) % 11 + 1);
            json!({"weight": format!("{}", u % 7 + 1), "ranking": order.iter().map(|n| vec![n]).collect::<Vec<_>>()})
        })
        .collect();
    let mut v = json!({"format": "ualign-certificate", "version": 1, "tool": "hostile",
        "instance": {"format": "ualign-instance/1", "responses": names, "users": users},
        "instance_sha256": "", "claims": [{"kind": "koutput_value", "k": 8, "value": "8/9",
        "primal": [{"responses": ["r0","r0","r0","r0","r0","r0","r0","r0"], "probability": "1"}],
        "dual": {"r0": "1"}}]});
    rehash(&mut v);
    malformed(
        &serde_json::to_string(&v).unwrap(),
        "claims[0] (koutput_value): modelled cost",
    );
}

#[test]
fn arrays_where_the_format_has_objects() {
    // serde's derived structs would also read their fields as an array in declaration order;
    // the format has objects there (the Python checker agrees: exit 2 for each).
    malformed(
        &mutated(|v| {
            let u = v["instance"]["users"][0].clone();
            v["instance"]["users"][0] = json!([null, u["weight"], u["ranking"]]);
        }),
        "instance.users[0]: expected an object, found an array",
    );
    malformed(
        &mutated(|v| {
            let b = v["claims"][11]["bounds"][0].clone();
            v["claims"][11]["bounds"][0] = json!([b["k"], b["opponent"], b["win_rate"]]);
        }),
        "claims[11].bounds[0]: expected an object, found an array",
    );
    // the claim list itself (its reader names what it expects)
    malformed(
        &mutated(|v| v["claims"] = json!({"0": v["claims"][0].clone()})),
        "expected a list of claims",
    );
    malformed(
        &mutated(|v| {
            let e = v["claims"][0]["uniqueness"][0]["lower"].clone();
            v["claims"][0]["uniqueness"][0]["lower"] = json!([e["bound"], e["lambda"]]);
        }),
        "expected an object, found an array",
    );
}

#[test]
fn duplicate_keys() {
    let text = good_text();
    // In a claim object.
    malformed(
        &text.replacen("\"k\": 1,", "\"k\": 1, \"k\": 2,", 1),
        "duplicate field `k`",
    );
    // The tag.
    malformed(
        &text.replacen(
            "\"kind\": \"equilibrium\",",
            "\"kind\": \"equilibrium\", \"kind\": \"barrier\",",
            1,
        ),
        "duplicate field `kind`",
    );
    // In a name map.
    malformed(
        &text.replacen("\"a\": \"4/5\",", "\"a\": \"4/5\", \"a\": \"1/5\",", 1),
        "duplicate key `a`",
    );
    // At the top level and in the instance.
    malformed(
        &text.replacen("\"version\": 1,", "\"version\": 1, \"version\": 1,", 1),
        "duplicate field `version`",
    );
    malformed(
        &text.replacen("\"tool\"", "\"claims\": [], \"tool\"", 1),
        "duplicate field `claims`",
    );
    malformed(
        &text.replacen(
            "\"responses\": [",
            "\"responses\": [\"a\"], \"responses\": [",
            1,
        ),
        "duplicate field `responses`",
    );
}

#[test]
fn unknown_kinds_fields_and_names() {
    malformed(
        &mutated(|v| v["claims"][3]["kind"] = json!("free_lunch")),
        "unknown variant `free_lunch`",
    );
    malformed(
        &mutated(|v| v["claims"][3]["extra"] = json!(1)),
        "claims[3]: unknown field `extra`",
    );
    malformed(
        &mutated(|v| v["claims"][9]["policy"] = json!({"lottery": {}})),
        "unknown variant `lottery`",
    );
    malformed(
        &mutated(|v| v["claims"][9]["policy"] = json!({"product": {"a": "1"}, "mixture": []})),
        "invalid certificate",
    );
    malformed(
        &mutated(|v| v["claims"][2]["worst_opponent"] = json!("nobody")),
        "unknown response `nobody`",
    );
    malformed(
        &mutated(|v| v["claims"][2]["policy"]["a"] = json!(["1"])),
        "invalid certificate",
    );
    malformed(
        &mutated(|v| v["instance"]["responses"] = json!([])),
        "zero responses",
    );
    malformed(
        &mutated(|v| v["instance"]["responses"] = json!(["a", "a"])),
        "repeated",
    );
    malformed(
        &mutated(|v| v["instance"]["users"][0]["ranking"] = json!([["a"], ["a"]])),
        "twice",
    );
    malformed(
        &mutated(|v| v["instance"]["users"][0]["ranking"] = json!([[]])),
        "empty tier",
    );
    malformed(
        &mutated(|v| v["instance"]["format"] = json!("x")),
        "instance: format",
    );
}

#[test]
fn files() {
    let dir = std::env::temp_dir().join(format!("ualign-verify-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let missing = dir.join("missing.json");
    assert!(
        matches!(verify_file(&missing), Err(VerifyError::Malformed(m)) if m.contains("cannot open"))
    );
    let binary = dir.join("binary.json");
    std::fs::write(&binary, [0xff, 0xfe, 0x00, 0x7b]).unwrap();
    assert!(matches!(verify_file(&binary), Err(VerifyError::Malformed(m)) if m.contains("UTF-8")));
    let big = dir.join("big.json");
    std::fs::write(
        &big,
        vec![b' '; (ualign_check::limits::MAX_FILE_BYTES + 1) as usize],
    )
    .unwrap();
    let t = Instant::now();
    assert!(matches!(verify_file(&big), Err(VerifyError::Malformed(m)) if m.contains("limit")));
    assert!(t.elapsed() < Duration::from_secs(2));
    // The CLI: exit 2, a message, no panic.
    let huge = dir.join("huge.json");
    std::fs::write(
        &huge,
        mutated(|v| v["claims"][0]["p"]["a"] = json!("9".repeat(1_000_000))),
    )
    .unwrap();
    for f in [&missing, &binary, &big, &huge] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_ualign-check"))
            .arg(f)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{f:?}: {stdout} {stderr}");
        assert!(stdout.contains("malformed"), "{stdout}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        let (code, stdout) = common::python::run_files(&[f]);
        assert_eq!(code, Some(2), "Python checker on {f:?}: {stdout}");
        assert!(stdout.contains("malformed"), "{stdout}");
    }
    std::fs::remove_dir_all(&dir).ok();
}
