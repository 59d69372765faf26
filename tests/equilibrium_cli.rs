//! The `equilibrium` and `selfplay` subcommands end to end (the built binary).

use std::path::PathBuf;

mod common;
use common::cli::ualign_code;

#[test]
fn equilibrium_json_for_barrier() {
    let (code, out, _) = ualign_code([
        "equilibrium",
        "instances/barrier-eps-1-10.json",
        "--k",
        "2",
        "--json",
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["status"], "exact");
    assert_eq!(v["policy"]["a"], "4/5");
    assert_eq!(v["policy"]["b"], "1/5");
    assert_eq!(v["exploitability"], "0");
    assert_eq!(v["robust_win_rate"], "2/3");
    assert_eq!(v["support"], serde_json::json!(["a", "b"]));

    let (code, out, _) = ualign_code([
        "equilibrium",
        "instances/barrier-eps-1-10.json",
        "--k",
        "3",
        "--json",
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["status"], "certified-box");
    assert_eq!(v["robust_win_rate"], "3/4");
    let lo = v["box"]["b"][0].as_str().unwrap();
    let hi = v["box"]["b"][1].as_str().unwrap();
    let lo = ualign::number::parse_q(lo).unwrap();
    let hi = ualign::number::parse_q(hi).unwrap();
    let f = |x: &ualign::number::Q| x * x + ualign::number::qi(9) * x - ualign::number::qi(3);
    assert!(f(&lo) < ualign::number::Q::ZERO && f(&hi) > ualign::number::Q::ZERO);
    assert_eq!(v["certificate"]["basis"], "a");
    assert_eq!(
        v["certificate"]["preconditioner"].as_array().unwrap().len(),
        1
    );
}

#[test]
fn equilibrium_text_and_bad_input() {
    let (code, out, _) = ualign_code([
        "equilibrium",
        "instances/condorcet-cycle-3.json",
        "--k",
        "4",
    ]);
    assert_eq!(code, 0);
    assert!(out.contains("status: exact"));
    assert!(out.contains("1/3"));
    for args in [
        vec![
            "equilibrium",
            "instances/condorcet-cycle-3.json",
            "--k",
            "0",
        ],
        vec![
            "equilibrium",
            "instances/condorcet-cycle-3.json",
            "--k",
            "1025",
        ],
        vec![
            "equilibrium",
            "instances/condorcet-cycle-3.json",
            "--k",
            "2",
            "--precision",
            "8",
        ],
        vec![
            "equilibrium",
            "instances/condorcet-cycle-3.json",
            "--k",
            "2",
            "--precision",
            "1000000",
        ],
        vec!["equilibrium", "no/such/file.json", "--k", "2"],
    ] {
        let (code, _, err) = ualign_code(&args);
        assert_eq!(code, 2, "{args:?}");
        assert!(err.starts_with("error:"), "{args:?}: {err}");
    }
}

#[test]
fn selfplay_trace_and_json() {
    let dir = std::env::temp_dir().join(format!("ualign-eq-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let trace: PathBuf = dir.join("trace.csv");
    let (code, out, _) = ualign_code([
        "selfplay",
        "instances/barrier-eps-1-10.json",
        "--k",
        "3",
        "--algo",
        "extragradient",
        "--iters",
        "500",
        "--log-every",
        "100",
        "--trace",
        trace.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["iters_done"], 500);
    assert_eq!(v["algo"], "extragradient");
    assert!(v["final_exploitability"].as_str().unwrap().contains('/'));
    let csv = std::fs::read_to_string(&trace).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "t,exploitability,robust_win_rate,a,b");
    assert_eq!(lines.len(), 1 + 6); // t = 1, 100, ..., 500
    assert!(lines[1].starts_with("1,"));
    assert!(lines[6].starts_with("500,"));
    std::fs::remove_dir_all(&dir).unwrap();

    let (code, out, _) = ualign_code([
        "selfplay",
        "instances/condorcet-cycle-3.json",
        "--k",
        "2",
        "--algo",
        "hedge",
        "--iters",
        "50",
    ]);
    assert_eq!(code, 0);
    assert!(out.contains("exact exploitability"));
    assert!(out.contains("Hedge bound"));
}

#[test]
fn selfplay_bad_input() {
    for args in [
        vec!["--eta", "0"],
        vec!["--eta", "-2"],
        vec!["--eta", "nan"],
        vec!["--eta", "inf"],
        vec!["--iters", "0"],
        vec!["--iters", "100000000000"],
        vec!["--log-every", "0"],
        vec!["--algo", "fictitious"],
    ] {
        let mut full = vec![
            "selfplay",
            "instances/condorcet-cycle-3.json",
            "--k",
            "2",
            "--algo",
            "hedge",
        ];
        full.extend(args.iter());
        let (code, _, err) = ualign_code(&full);
        assert_eq!(code, 2, "{args:?}: {err}");
    }
}
