//! Every command's `--json` output against docs/json-schema.md: the test parses the document's
//! tables (envelope, then one section per command) and requires the output's top-level keys to
//! be exactly the documented ones (optional keys may be absent), in order, each of its type.

use std::collections::HashMap;

use serde_json::Value;

mod common;
use common::cli::ualign_json;

/// (key, type, optional) rows of each `## ` section of the schema document.
fn schema() -> HashMap<String, Vec<(String, String, bool)>> {
    let text = std::fs::read_to_string("docs/json-schema.md").unwrap();
    let mut out: HashMap<String, Vec<(String, String, bool)>> = HashMap::new();
    let mut section = String::new();
    for line in text.lines() {
        if let Some(h) = line.strip_prefix("## ") {
            section = h.trim_matches(|c| c == '`' || c == ' ').to_string();
            section = section.split_whitespace().next().unwrap_or("").to_string();
            continue;
        }
        let cells: Vec<&str> = line
            .split(" | ")
            .map(|c| c.trim_matches(['|', ' ']))
            .collect();
        if cells.len() == 3 && cells[0].starts_with('`') {
            let key = cells[0].trim_matches('`').to_string();
            let ty = cells[1].replace("\\|", "|");
            let optional = cells[2].contains("*optional*");
            out.entry(section.clone())
                .or_default()
                .push((key, ty, optional));
        }
    }
    out
}

fn type_ok(v: &Value, ty: &str) -> bool {
    ty.split('|').any(|t| match t {
        "q" => v
            .as_str()
            .is_some_and(|s| ualign_check::number::parse_q(s).is_ok()),
        "f64" => v.is_f64() || v.is_null(),
        "int" => v.is_u64(),
        "bool" => v.is_boolean(),
        "str" => v.is_string(),
        "list" => v.is_array(),
        "object" => v.is_object(),
        "null" => v.is_null(),
        _ => panic!("unknown type `{t}` in docs/json-schema.md"),
    })
}

fn check(section: &str, args: &[&str]) {
    let v = ualign_json(args);
    let obj = v.as_object().unwrap();
    let s = schema();
    // The envelope's optional `k` is the command's own `k` row where the command documents one.
    let own_k = s[section].iter().any(|(key, _, _)| key == "k");
    let rows: Vec<&(String, String, bool)> = s["Envelope"]
        .iter()
        .filter(|(key, _, _)| !(own_k && key == "k"))
        .chain(&s[section])
        .collect();
    let keys: Vec<&String> = obj.keys().collect();
    // Every key of the output is documented, in the documented order.
    let mut pos = 0;
    for k in &keys {
        let at = rows[pos..].iter().position(|(key, _, _)| key == *k);
        let at = at.unwrap_or_else(|| {
            panic!("{section}: key `{k}` is not in docs/json-schema.md (or out of order)")
        });
        for (key, _, optional) in &rows[pos..pos + at] {
            assert!(*optional, "{section}: required key `{key}` missing");
        }
        let (key, ty, _) = rows[pos + at];
        assert!(
            type_ok(&obj[key], ty),
            "{section}: `{key}` = {} is not of type {ty}",
            obj[key]
        );
        pos += at + 1;
    }
    for (key, _, optional) in &rows[pos..] {
        assert!(*optional, "{section}: required key `{key}` missing");
    }
}

fn tmp(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("ualign-schema-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.to_str().unwrap().to_string()
}

#[test]
fn every_command_matches_the_documented_schema() {
    let b = "instances/barrier-eps-1-10.json";
    let c = "instances/condorcet-cycle-3.json";
    let pi = tmp("pi.json", r#"{"a": "4/5", "b": "1/5"}"#);
    let uni = tmp("uni.json", r#"{"a": "1/3", "b": "1/3", "c": "1/3"}"#);
    let cert = tmp("c.cert.json", "");
    check("info", &["info", b, "--json"]);
    check(
        "eval",
        &["eval", b, "--k", "2", "--policy-file", &pi, "--json"],
    );
    check("nlhf", &["nlhf", b, "--k", "1..3", "--json"]);
    check("optimal", &["optimal", c, "--k", "2", "--json"]);
    check(
        "robust",
        &[
            "robust",
            c,
            "--k",
            "2",
            "--policy-file",
            &uni,
            "--opponents",
            "2",
            "--json",
        ],
    );
    check("equilibrium", &["equilibrium", b, "--k", "2", "--json"]);
    check("equilibrium", &["equilibrium", b, "--k", "3", "--json"]);
    check(
        "selfplay",
        &[
            "selfplay", b, "--k", "2", "--algo", "hedge", "--iters", "200", "--json",
        ],
    );
    check(
        "barrier",
        &["barrier", "--eps", "1/10", "--k", "1..3", "--json"],
    );
    check("curve", &["curve", b, "--k", "1..3", "--json"]);
    check(
        "sweep",
        &[
            "sweep", "--family", "ties", "--count", "5", "--seed", "1", "--k", "1..2", "--json",
        ],
    );
    check(
        "certify",
        &["certify", c, "--k", "1..2", "-o", &cert, "--json"],
    );
    check("verify", &["verify", &cert, "--json"]);
    check(
        "tightness",
        &["tightness", "cycle", "--k", "2", "--n", "7", "--json"],
    );
    check(
        "tightness-symbolic",
        &["tightness", "impartial", "--k", "3", "--symbolic", "--json"],
    );
}
