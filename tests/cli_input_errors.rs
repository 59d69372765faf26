//! Bad input gets one clear line on stderr naming file (and line), exit code 2, and no panic.

use std::path::PathBuf;

mod common;
use common::cli::ualign_code;

fn temp_file(name: &str, contents: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ualign-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, contents).unwrap();
    p
}

const GOOD: &str = r#"{"responses":["a","b"],"users":[{"weight":"3/5","ranking":[["a"],["b"]]},{"weight":"2/5","ranking":[["b"],["a"]]}]}"#;

fn assert_input_error(args: &[&str], needle: &str) {
    let (code, _, err) = ualign_code(args);
    assert_eq!(code, 2, "args {args:?}: stderr {err}");
    assert!(
        err.contains(needle),
        "args {args:?}: stderr {err:?} lacks {needle:?}"
    );
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(
        err.trim().lines().count(),
        1,
        "one-line error expected: {err}"
    );
}

#[test]
fn malformed_instances() {
    let cases = [
        ("neg.json", GOOD.replace("\"2/5\"", "\"-2/5\""), "positive"),
        ("zero.json", GOOD.replace("\"2/5\"", "\"0\""), "positive"),
        (
            "float.json",
            GOOD.replace("\"2/5\"", "0.4"),
            "expected a string",
        ),
        (
            "twice.json",
            GOOD.replace("[[\"a\"],[\"b\"]]", "[[\"a\"],[\"a\"]]"),
            "twice",
        ),
        (
            "unknown.json",
            GOOD.replace("[[\"b\"],[\"a\"]]", "[[\"c\"],[\"a\"]]"),
            "unknown response",
        ),
        (
            "empty.json",
            r#"{"responses":["a"],"users":[]}"#.to_string(),
            "empty population",
        ),
        (
            "none.json",
            r#"{"responses":[],"users":[{"weight":"1","ranking":[]}]}"#.to_string(),
            "zero responses",
        ),
        (
            "trunc.json",
            GOOD[..40].to_string(),
            "invalid instance JSON",
        ),
        (
            "nan.json",
            GOOD.replace("\"2/5\"", "\"abc\""),
            "not an exact rational",
        ),
    ];
    for (name, text, needle) in cases {
        let p = temp_file(name, &text);
        assert_input_error(&["info", p.to_str().unwrap()], needle);
    }
}

#[test]
fn malformed_preflib_names_file_and_line() {
    let text = "# DATA TYPE: soc\n# NUMBER ALTERNATIVES: 2\n# NUMBER VOTERS: 3\n# NUMBER UNIQUE ORDERS: 2\n2: 1,2\n1: 2,x\n";
    let p = temp_file("bad.soc", text);
    let (code, _, err) = ualign_code(["info", p.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("bad.soc:6:"), "{err}");
    let p = temp_file(
        "count.soc",
        &text.replace("2,x", "2,1").replace("VOTERS: 3", "VOTERS: 4"),
    );
    let (code, _, err) = ualign_code(["info", p.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        err.contains("count.soc:3:") && err.contains("add up to 3"),
        "{err}"
    );
}

#[test]
fn bad_policies_and_k() {
    let inst = temp_file("good.json", GOOD);
    let i = inst.to_str().unwrap();
    let cases = [
        ("pol-sum.json", r#"{"a":"1/2","b":"1/3"}"#, "sum to 5/6"),
        ("pol-negative.json", r#"{"a":"3/2","b":"-1/2"}"#, "negative"),
        (
            "pol-name.json",
            r#"{"a":"1","zz":"0"}"#,
            "unknown response `zz`",
        ),
        (
            "pol-float.json",
            r#"{"a":1.0}"#,
            "expected a string at line 1",
        ),
        ("pol-dup.json", r#"{"a":"0","a":"1"}"#, "duplicate key `a`"),
        ("pol-nonnum.json", r#"{"a":"one"}"#, "not an exact rational"),
    ];
    for (name, text, needle) in cases {
        let p = temp_file(name, text);
        assert_input_error(
            &["eval", i, "--k", "2", "--policy-file", p.to_str().unwrap()],
            needle,
        );
    }
    let p = temp_file("ok.json", r#"{"a":"4/5","b":"1/5"}"#);
    assert_input_error(
        &["eval", i, "--k", "0", "--policy-file", p.to_str().unwrap()],
        "at least 1",
    );
    assert_input_error(
        &[
            "eval",
            "/nonexistent/x.json",
            "--k",
            "1",
            "--policy-file",
            p.to_str().unwrap(),
        ],
        "cannot read",
    );
    let txt = temp_file("whatever.txt", "a, b");
    assert_input_error(&["info", txt.to_str().unwrap()], "unknown file type");
    assert_input_error(&["info", "/nonexistent/instance.json"], "no such file");
}

#[test]
fn eval_json_output_is_exact() {
    let inst = temp_file("good2.json", GOOD);
    let p = temp_file("eq.json", r#"{"a":"4/5","b":"1/5"}"#);
    let (code, out, err) = ualign_code([
        "eval",
        inst.to_str().unwrap(),
        "--k",
        "2",
        "--policy-file",
        p.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["k"], 2);
    assert_eq!(v["robust_win_rate"], "2/3");
    assert_eq!(v["exploitability"], "0");
    assert_eq!(v["deviation_payoffs"]["a"], "1/3");
    assert_eq!(v["deviation_payoffs"]["b"], "1/3");
    assert_eq!(v["worst_opponent"], "a");
}

#[test]
fn oversized_inputs_are_refused_before_work() {
    let huge_m = "# NUMBER ALTERNATIVES: 1000000000000\n# NUMBER VOTERS: 1\n# NUMBER UNIQUE ORDERS: 1\n1: 1\n";
    let p = temp_file("huge.soi", huge_m);
    let (code, _, err) = ualign_code(["info", p.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        err.contains("huge.soi:1:") && err.contains("supported maximum"),
        "{err}"
    );
    let dup = "# NUMBER ALTERNATIVES: 2\n# NUMBER ALTERNATIVES: 3\n# NUMBER VOTERS: 1\n# NUMBER UNIQUE ORDERS: 1\n1: 1\n";
    let p = temp_file("dup.soi", dup);
    let (code, _, err) = ualign_code(["info", p.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        err.contains("dup.soi:2:") && err.contains("given twice"),
        "{err}"
    );
    let names = "# NUMBER ALTERNATIVES: 2\n# NUMBER VOTERS: 1\n# NUMBER UNIQUE ORDERS: 1\n# ALTERNATIVE NAME 1: x\n# ALTERNATIVE NAME 2: x\n1: 1\n";
    let p = temp_file("names.soi", names);
    let (code, _, err) = ualign_code(["info", p.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        err.contains("names.soi:5:") && err.contains("same name"),
        "{err}"
    );
    // 40 weights whose denominators are distinct 2,000-digit numbers.
    let users: Vec<String> = (0..40)
        .map(|i| {
            format!(
                r#"{{"weight":"1/{}{}","ranking":[["a"]]}}"#,
                i + 1,
                "7".repeat(2000)
            )
        })
        .collect();
    let text = format!(r#"{{"responses":["a","b"],"users":[{}]}}"#, users.join(","));
    let p = temp_file("dens.json", &text);
    let start = std::time::Instant::now();
    let (code, _, err) = ualign_code(["info", p.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("common denominator"), "{err}");
    assert!(start.elapsed().as_secs() < 10);
}

#[test]
fn policy_errors_name_the_line() {
    let inst = temp_file("good3.json", GOOD);
    let p = temp_file(
        "pol-lines.json",
        "{\n \"a\": \"1/2\",\n \"zz\": \"1/2\"\n}\n",
    );
    let (code, _, err) = ualign_code([
        "eval",
        inst.to_str().unwrap(),
        "--k",
        "2",
        "--policy-file",
        p.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("pol-lines.json:3: unknown response `zz`"),
        "{err}"
    );
}
