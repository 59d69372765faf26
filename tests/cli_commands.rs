//! The commands' JSON outputs carry the documented keys with exact values.

mod common;
use common::cli::{ualign_code, ualign_json, ualign_ok};

fn tmp(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("ualign-cmd-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.to_str().unwrap().to_string()
}

#[test]
fn nlhf_json_on_barrier() {
    let v = ualign_json([
        "nlhf",
        "instances/barrier-eps-1-10.json",
        "--k",
        "1..4",
        "--json",
    ]);
    assert_eq!(v["maximal_lottery"]["a"], "1");
    assert_eq!(v["maximal_lottery"]["b"], "0");
    assert_eq!(v["unique"], true);
    let rows = v["robust_win_rates"].as_array().unwrap();
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[0]["robust_win_rate"], "1/2");
    for r in &rows[1..] {
        assert_eq!(r["robust_win_rate"], "3/5");
        assert_eq!(r["worst_opponent"], "b");
    }
}

#[test]
fn optimal_json_and_robust_roundtrip() {
    let v = ualign_json([
        "optimal",
        "instances/condorcet-cycle-3.json",
        "--k",
        "2",
        "--json",
    ]);
    assert_eq!(v["k"], 2);
    assert_eq!(v["value"], "13/18");
    assert_eq!(v["opponent"]["a"], "1/3");
    let policy = v["policy"].as_array().unwrap();
    assert!(
        policy
            .iter()
            .all(|e| e["responses"].as_array().unwrap().len() == 2)
    );
    let mix = tmp("mix.json", &v.to_string());
    let r = ualign_json([
        "robust",
        "instances/condorcet-cycle-3.json",
        "--k",
        "2",
        "--mixture-file",
        &mix,
        "--json",
    ]);
    assert_eq!(r["robust_win_rate"], "13/18");
    let pol = tmp("uniform.json", r#"{"a":"1/3","b":"1/3","c":"1/3"}"#);
    let r = ualign_json([
        "robust",
        "instances/condorcet-cycle-3.json",
        "--k",
        "2",
        "--policy-file",
        &pol,
        "--opponents",
        "2",
        "--json",
    ]);
    assert_eq!(r["robust_win_rate"], "4/9");
    assert_eq!(r["union_bound"], "1/3");
    assert_eq!(r["product_ceiling_l"], "1/2");
    assert_eq!(r["position"], "between_union_bound_and_product_ceiling");
    assert_eq!(r["worst_opponent"], serde_json::json!(["a", "b"]));
}

#[test]
fn robust_rejects_bad_mixtures() {
    let bad = tmp(
        "bad-mix.json",
        r#"{"policy":[{"responses":["a"],"probability":"1"}]}"#,
    );
    let (code, _, err) = ualign_code([
        "robust",
        "instances/condorcet-cycle-3.json",
        "--k",
        "2",
        "--mixture-file",
        &bad,
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("expected k = 2"));
}

#[test]
fn generate_writes_parseable_instances() {
    let dir = std::env::temp_dir().join(format!("ualign-gen-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("b.json");
    ualign_ok([
        "generate",
        "barrier",
        "--eps",
        "1/10",
        "-o",
        out.to_str().unwrap(),
    ]);
    let gen_inst = ualign::instance::Instance::from_path(&out).unwrap();
    let shipped = ualign::instance::Instance::from_path(std::path::Path::new(
        "instances/barrier-eps-1-10.json",
    ))
    .unwrap();
    assert_eq!(gen_inst.sha256(), shipped.sha256());
}

/// Every `--json` object starts with the same envelope, in this order, and `k` follows it for
/// commands about one k; the old ambiguous keys are gone.
#[test]
fn every_json_output_starts_with_the_envelope() {
    let b = "instances/barrier-eps-1-10.json";
    let pol = tmp("env-policy.json", r#"{"a":"4/5","b":"1/5"}"#);
    let cert = std::env::temp_dir().join(format!("ualign-env-{}.cert.json", std::process::id()));
    let cert = cert.to_str().unwrap();
    let runs: Vec<(&str, Vec<&str>, Option<u64>)> = vec![
        ("info", vec!["info", b], None),
        (
            "eval",
            vec!["eval", b, "--k", "2", "--policy-file", &pol],
            Some(2),
        ),
        ("nlhf", vec!["nlhf", b, "--k", "1..2"], None),
        ("optimal", vec!["optimal", b, "--k", "2"], Some(2)),
        (
            "robust",
            vec!["robust", b, "--k", "2", "--policy-file", &pol],
            Some(2),
        ),
        ("equilibrium", vec!["equilibrium", b, "--k", "2"], Some(2)),
        ("curve", vec!["curve", b, "--k", "1..2"], None),
        (
            "selfplay",
            vec![
                "selfplay", b, "--k", "2", "--algo", "hedge", "--iters", "50",
            ],
            Some(2),
        ),
        (
            "certify",
            vec!["certify", b, "--k", "1..2", "-o", cert],
            None,
        ),
        (
            "barrier",
            vec!["barrier", "--eps", "1/10", "--k", "1..2"],
            None,
        ),
        ("verify", vec!["verify", cert], None),
    ];
    let sha = ualign_json(["info", b, "--json"])["instance_sha256"].clone();
    for (command, mut args, k) in runs {
        args.push("--json");
        let v = ualign_json(&args);
        let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
        assert_eq!(
            keys[..4],
            ["command", "ualign_version", "instance", "instance_sha256"],
            "{command}"
        );
        assert_eq!(v["command"], command);
        assert_eq!(v["ualign_version"], env!("CARGO_PKG_VERSION"));
        match command {
            "barrier" | "verify" => assert!(v["instance"].is_null(), "{command}"),
            _ => {
                assert_eq!(v["instance"], b, "{command}");
                assert_eq!(v["instance_sha256"], sha, "{command}");
            }
        }
        if let Some(k) = k {
            assert_eq!(keys[4], "k", "{command}");
            assert_eq!(v["k"], k, "{command}");
        }
        if command == "certify" {
            assert_eq!(v["certificate_file"], cert);
            assert_eq!(v["claims"][0]["kind"], "maximal_lottery");
        }
        for old in ["sha256", "product_ceiling", "detail"] {
            assert!(v.get(old).is_none(), "{command} still has `{old}`");
        }
    }
}
