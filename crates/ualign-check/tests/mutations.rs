//! Mutation suite: change one thing at a time in valid certificates. A mutation that makes a
//! claim false must be rejected with `ClaimFailed` naming that claim (exit 1); one that breaks
//! the format, a number's domain, a name or the hash must be `Malformed` (exit 2); a mutation
//! that keeps every claim true must still be accepted.

mod common;

use common::{check_text, fixture_value, rehash, ten_pow};
use serde_json::{Value, json};
use ualign_check::VerifyError;
use ualign_check::number::{fmt_q, int, one, parse_q};

#[derive(Debug)]
enum Want {
    Ok,
    /// ClaimFailed at this claim index, message containing the text.
    Fails(usize, &'static str),
    /// Malformed, message containing the text.
    Malformed(&'static str),
}

fn check(base: &Value, what: &str, want: Want, f: impl FnOnce(&mut Value)) {
    let mut v = base.clone();
    f(&mut v);
    let text = serde_json::to_string_pretty(&v).unwrap();
    let (code, got) = check_text(&text, what);
    let good = match (&want, &got) {
        (Want::Ok, Ok(_)) => true,
        (Want::Fails(i, t), Err(VerifyError::ClaimFailed { claim, message, .. })) => {
            claim == i && message.contains(t)
        }
        (Want::Malformed(t), Err(VerifyError::Malformed(m))) => m.contains(t),
        _ => false,
    };
    assert!(good, "mutation `{what}`: wanted {want:?}, got {got:?}");
    let want_code = match want {
        Want::Ok => 0,
        Want::Fails(..) => 1,
        Want::Malformed(_) => 2,
    };
    assert_eq!(code, want_code, "mutation `{what}`");
}

fn claim(v: &mut Value, i: usize) -> &mut Value {
    &mut v["claims"][i]
}

#[test]
fn barrier_certificate_mutations() {
    let base = fixture_value("barrier");
    check(&base, "none", Want::Ok, |_| {});
    // Maximal lottery (claim 0).
    check(&base, "p(a) = 9/10", Want::Fails(0, "Σ p"), |v| {
        claim(v, 0)["p"]["a"] = json!("9/10")
    });
    check(
        &base,
        "swap p(a), p(b)",
        Want::Fails(0, "(pᵀM)(a) ≥ 0 fails: -1/10 < 0"),
        |v| claim(v, 0)["p"] = json!({"a": "0", "b": "1"}),
    );
    check(
        &base,
        "λ(a) = 9",
        Want::Fails(0, "min p'(a): (Mλ)(b) + t ≤ [b = a] fails: 1/10 > 0"),
        |v| claim(v, 0)["uniqueness"][0]["lower"]["lambda"]["a"] = json!("9"),
    );
    check(&base, "lower bound 0", Want::Fails(0, "lower.bound"), |v| {
        claim(v, 0)["uniqueness"][0]["lower"]["bound"] = json!("0")
    });
    check(&base, "μ(a) for b = 9", Want::Fails(0, "max p'(b)"), |v| {
        claim(v, 0)["uniqueness"][1]["upper"]["lambda"]["a"] = json!("9")
    });
    check(
        &base,
        "drop evidence",
        Want::Malformed("missing for response `b`"),
        |v| {
            claim(v, 0)["uniqueness"].as_array_mut().unwrap().pop();
        },
    );
    check(&base, "negative λ", Want::Malformed("negative"), |v| {
        claim(v, 0)["uniqueness"][0]["lower"]["lambda"]["b"] = json!("-1")
    });
    check(
        &base,
        "unique false",
        Want::Malformed("only for unique: true"),
        |v| claim(v, 0)["unique"] = json!(false),
    );
    // NLHF robust win rate (claims 1..=6; claim 2 is k = 2).
    check(&base, "R_2 = 1/2", Want::Fails(2, "R_k(p^⊗k)"), |v| {
        claim(v, 2)["value"] = json!("1/2")
    });
    check(&base, "worst a", Want::Fails(2, "WR_k,1(p^⊗k, a)"), |v| {
        claim(v, 2)["worst_opponent"] = json!("a")
    });
    check(
        &base,
        "k = 1 with value 3/5",
        Want::Fails(2, "= 1/2 ≠ claimed 3/5"),
        |v| claim(v, 2)["k"] = json!(1),
    );
    check(&base, "k = 0", Want::Malformed("outside 1..=1024"), |v| {
        claim(v, 2)["k"] = json!(0)
    });
    check(
        &base,
        "policy not a maximal lottery",
        Want::Fails(2, "(policyᵀM)(a)"),
        |v| claim(v, 2)["policy"] = json!({"a": "4/5", "b": "1/5"}),
    );
    check(
        &base,
        "policy named z",
        Want::Malformed("unknown response `z`"),
        |v| claim(v, 2)["policy"] = json!({"z": "1"}),
    );
    // Equilibrium k = 2 exact (claim 7).
    check(
        &base,
        "π = (3/4, 1/4)",
        Want::Fails(7, "U_k(a, π) ≤ 1/(k+1) fails: 27/80 > 1/3"),
        |v| claim(v, 7)["policy"] = json!({"a": "3/4", "b": "1/4"}),
    );
    check(&base, "k = 3", Want::Fails(7, "≤ 1/(k+1) fails"), |v| {
        claim(v, 7)["k"] = json!(3)
    });
    check(
        &base,
        "exact with ε = 1/10",
        Want::Fails(7, "status exact"),
        |v| claim(v, 7)["exploitability"] = json!("1/10"),
    );
    check(
        &base,
        "epsilon status with ε = 0 (still true)",
        Want::Ok,
        |v| claim(v, 7)["status"] = json!("epsilon"),
    );
    check(
        &base,
        "drop b from π",
        Want::Fails(7, "Σ policy = 4/5"),
        |v| claim(v, 7)["policy"] = json!({"a": "4/5"}),
    );
    check(
        &base,
        "add c",
        Want::Malformed("unknown response `c`"),
        |v| claim(v, 7)["policy"]["c"] = json!("0"),
    );
    check(
        &base,
        "negative probability",
        Want::Malformed("negative"),
        |v| claim(v, 7)["policy"] = json!({"a": "1", "b": "-1/5"}),
    );
    check(
        &base,
        "box on exact",
        Want::Malformed("only for status certified-box"),
        |v| {
            claim(v, 7)["box"] = json!({"support": ["a"], "lo": ["1"], "hi": ["1"], "center": [], "preconditioner": []})
        },
    );
    // k-output value (claim 8): v*_2 = 7/10.
    check(&base, "value 71/100", Want::Fails(8, "WR_k,1(x, a)"), |v| {
        claim(v, 8)["value"] = json!("71/100")
    });
    check(
        &base,
        "value 69/100",
        Want::Fails(8, "WR_k,1({a, b}, σ) ≤ upper fails: 7/10 > 69/100"),
        |v| claim(v, 8)["value"] = json!("69/100"),
    );
    check(&base, "dual δ_b", Want::Fails(8, "σ"), |v| {
        claim(v, 8)["dual"] = json!({"a": "0", "b": "1"})
    });
    check(
        &base,
        "primal {a, a}",
        Want::Fails(8, "lower ≤ WR_k,1(x, a) fails: 7/10 > 2/3"),
        |v| claim(v, 8)["primal"][0]["responses"] = json!(["a", "a"]),
    );
    check(
        &base,
        "primal of size 3",
        Want::Malformed("expected 2"),
        |v| claim(v, 8)["primal"][0]["responses"] = json!(["a", "a", "b"]),
    );
    check(
        &base,
        "value and bracket",
        Want::Malformed("exactly one"),
        |v| claim(v, 8)["bracket"] = json!(["0", "1"]),
    );
    check(&base, "bracket [0, 1] (true)", Want::Ok, |v| {
        let c = claim(v, 8).as_object_mut().unwrap();
        c.remove("value");
        c.insert("bracket".into(), json!(["0", "1"]));
    });
    // Robust win rates (claims 9, 10).
    check(
        &base,
        "product value 1/2",
        Want::Fails(9, "WR_k,ℓ(ρ, {a, b}) = 2/5 ≠ claimed 1/2"),
        |v| claim(v, 9)["value"] = json!("1/2"),
    );
    check(
        &base,
        "product worst {b, b}",
        Want::Fails(9, "{b, b}"),
        |v| claim(v, 9)["worst_opponent"] = json!(["b", "b"]),
    );
    check(&base, "ell = 1", Want::Malformed("expected 1"), |v| {
        claim(v, 9)["ell"] = json!(1)
    });
    check(&base, "mixture {b, b}", Want::Fails(10, "{a}"), |v| {
        claim(v, 10)["policy"]["mixture"][0]["responses"] = json!(["b", "b"])
    });
    check(
        &base,
        "mixture duplicate",
        Want::Malformed("listed twice"),
        |v| {
            let mix = claim(v, 10)["policy"]["mixture"].as_array_mut().unwrap();
            mix[0]["probability"] = json!("1/2");
            let again = mix[0].clone();
            mix.push(again);
        },
    );
    // Barrier (claim 11).
    check(
        &base,
        "eps 1/20",
        Want::Fails(11, "k = 2: WR_k,1(p^⊗k, b) ≤ ½ + eps fails: 3/5 > 11/20"),
        |v| claim(v, 11)["eps"] = json!("1/20"),
    );
    check(
        &base,
        "win rate 1/2",
        Want::Fails(11, "≠ claimed 1/2"),
        |v| claim(v, 11)["bounds"][0]["win_rate"] = json!("1/2"),
    );
    check(
        &base,
        "opponent a",
        Want::Fails(11, "WR_k,1(p^⊗k, a)"),
        |v| claim(v, 11)["bounds"][0]["opponent"] = json!("a"),
    );
    check(
        &base,
        "reference to nlhf claim",
        Want::Malformed("is a nlhf_robust_win_rate claim"),
        |v| claim(v, 11)["maximal_lottery_claim"] = json!(1),
    );
    check(
        &base,
        "reference forward",
        Want::Malformed("not an earlier claim"),
        |v| claim(v, 11)["maximal_lottery_claim"] = json!(11),
    );
    // Instance and header. The canonical embedding is users [[a]] (3/5) and [[b]] (2/5):
    // a last tier holding all remaining responses is dropped.
    check(
        &base,
        "weight 7/10",
        Want::Malformed("instance_sha256"),
        |v| v["instance"]["users"][0]["weight"] = json!("7/10"),
    );
    check(
        &base,
        "weight 7/10 rehashed",
        Want::Fails(2, "R_k(p^⊗k)"),
        |v| {
            v["instance"]["users"][0]["weight"] = json!("7/10");
            rehash(v);
        },
    );
    check(&base, "hash", Want::Malformed("instance_sha256"), |v| {
        v["instance_sha256"] = json!("0".repeat(64))
    });
    check(
        &base,
        "rename a in instance",
        Want::Malformed("instance_sha256"),
        |v| {
            v["instance"]["responses"][0] = json!("z");
            v["instance"]["users"][0]["ranking"][0][0] = json!("z");
        },
    );
    check(
        &base,
        "rename a in instance, rehashed",
        Want::Malformed("unknown response `a`"),
        |v| {
            v["instance"]["responses"][0] = json!("z");
            v["instance"]["users"][0]["ranking"][0][0] = json!("z");
            rehash(v);
        },
    );
    check(
        &base,
        "swap users' rankings, rehashed",
        Want::Fails(0, "(pᵀM)(b) ≥ 0 fails: -1/10 < 0"),
        |v| {
            let r0 = v["instance"]["users"][0]["ranking"].clone();
            let r1 = v["instance"]["users"][1]["ranking"].clone();
            v["instance"]["users"][0]["ranking"] = r1;
            v["instance"]["users"][1]["ranking"] = r0;
            rehash(v);
        },
    );
    check(
        &base,
        "swap response order, rehashed (same profile)",
        Want::Ok,
        |v| {
            v["instance"]["responses"] = json!(["b", "a"]);
            rehash(v);
        },
    );
    check(
        &base,
        "version 2",
        Want::Malformed("unsupported version 2"),
        |v| v["version"] = json!(2),
    );
    check(&base, "format", Want::Malformed("format"), |v| {
        v["format"] = json!("other")
    });
    check(
        &base,
        "unknown claim field",
        Want::Malformed("unknown field `note`"),
        |v| claim(v, 3)["note"] = json!("x"),
    );
}

#[test]
fn cycle_certificate_mutations() {
    let base = fixture_value("cycle");
    check(&base, "none", Want::Ok, |_| {});
    check(
        &base,
        "uniform → (1/2, 1/4, 1/4) as ML",
        Want::Fails(0, "(pᵀM)"),
        |v| claim(v, 0)["p"] = json!({"a": "1/2", "b": "1/4", "c": "1/4"}),
    );
    check(
        &base,
        "cyclic λ for b wrong",
        Want::Fails(0, "min p'(b)"),
        |v| claim(v, 0)["uniqueness"][1]["lower"]["lambda"]["c"] = json!("3"),
    );
    check(
        &base,
        "equilibrium not uniform",
        Want::Fails(4, "≤ 1/(k+1) fails"),
        |v| claim(v, 4)["policy"] = json!({"a": "1/2", "b": "1/4", "c": "1/4"}),
    );
    check(
        &base,
        "drop c from equilibrium",
        Want::Fails(5, "Σ policy = 2/3"),
        |v| {
            claim(v, 5)["policy"].as_object_mut().unwrap().remove("c");
        },
    );
    // Claim 6: (1/2, 1/4, 1/4) at k = 3 is a 1/5-equilibrium; find its exact ε by bisection
    // on the claimed bound: 1/5 holds, 1/100 does not.
    check(&base, "ε = 1/100", Want::Fails(6, "1/(k+1) + ε"), |v| {
        claim(v, 6)["exploitability"] = json!("1/100")
    });
    check(&base, "ε = -1/100", Want::Malformed("negative"), |v| {
        claim(v, 6)["exploitability"] = json!("-1/100")
    });
    check(
        &base,
        "status unknown",
        Want::Malformed("unknown variant"),
        |v| claim(v, 6)["status"] = json!("approximate"),
    );
}

#[test]
fn box_mutations() {
    let base = fixture_value("barrier-k3-box");
    check(&base, "none", Want::Ok, |_| {});
    let center = base["claims"][0]["box"]["center"][0]
        .as_str()
        .unwrap()
        .to_string();
    let x = parse_q(&center).unwrap();
    let f = fmt_q;
    let tiny = one() / ten_pow(60);
    let (lo_tiny, hi_tiny) = (f(&(&x - &tiny)), f(&(&x + &tiny)));
    check(
        &base,
        "shrink box below the root's distance",
        Want::Fails(0, "Krawczyk"),
        |v| {
            claim(v, 0)["box"]["lo"][0] = json!(lo_tiny);
            claim(v, 0)["box"]["hi"][0] = json!(hi_tiny);
        },
    );
    check(
        &base,
        "zero preconditioner",
        Want::Fails(0, "Krawczyk"),
        |v| claim(v, 0)["box"]["preconditioner"][0][0] = json!("0"),
    );
    check(
        &base,
        "preconditioner sign",
        Want::Fails(0, "Krawczyk"),
        |v| {
            let c = claim(v, 0)["box"]["preconditioner"][0][0]
                .as_str()
                .unwrap()
                .replace('-', "");
            claim(v, 0)["box"]["preconditioner"][0][0] = json!(c);
        },
    );
    check(&base, "ε bound 0", Want::Fails(0, "1/(k+1) + ε"), |v| {
        claim(v, 0)["exploitability"] = json!("0")
    });
    let lo_b = parse_q(base["claims"][0]["box"]["lo"][1].as_str().unwrap()).unwrap();
    let p_b = parse_q(base["claims"][0]["policy"]["b"].as_str().unwrap()).unwrap();
    let raised = f(&((lo_b + &p_b) / int(2)));
    check(
        &base,
        "raise lo(b) a little",
        Want::Fails(0, "1 − Σ hi"),
        |v| claim(v, 0)["box"]["lo"][1] = json!(raised),
    );
    check(
        &base,
        "raise lo(b) above the policy",
        Want::Fails(0, "policy(b)"),
        |v| claim(v, 0)["box"]["lo"][1] = json!("1/3"),
    );
    check(&base, "centre outside", Want::Fails(0, "center"), |v| {
        claim(v, 0)["box"]["center"][0] = json!("1/2")
    });
    check(&base, "k = 2", Want::Fails(0, ""), |v| {
        claim(v, 0)["k"] = json!(2)
    });
    check(
        &base,
        "drop support b",
        Want::Malformed("lo and hi need 1"),
        |v| claim(v, 0)["box"]["support"] = json!(["a"]),
    );
    check(
        &base,
        "support listed twice",
        Want::Malformed("distinct"),
        |v| claim(v, 0)["box"]["support"] = json!(["a", "a"]),
    );
    check(&base, "no box", Want::Malformed("needs `box`"), |v| {
        claim(v, 0).as_object_mut().unwrap().remove("box");
    });
    check(&base, "bad matrix shape", Want::Malformed("1 × 1"), |v| {
        claim(v, 0)["box"]["preconditioner"] = json!([["1", "2"]])
    });
    check(
        &base,
        "policy outside the box",
        Want::Fails(0, "policy(a)"),
        |v| {
            claim(v, 0)["policy"] = json!({"a": "7/10", "b": "3/10"});
            claim(v, 0)["exploitability"] = json!("1");
        },
    );

    // Three-dimensional box (support a, b, c; d off the support).
    let base = fixture_value("weighted-cycle-box");
    check(&base, "none", Want::Ok, |_| {});
    check(
        &base,
        "swap preconditioner rows",
        Want::Fails(0, "Krawczyk"),
        |v| {
            let c = claim(v, 0)["box"]["preconditioner"].as_array_mut().unwrap();
            c.swap(0, 1);
        },
    );
    check(
        &base,
        "drop c from the support (dimensions fixed)",
        Want::Fails(0, "off the box support"),
        |v| {
            let b = &mut claim(v, 0)["box"];
            b["support"] = json!(["a", "b"]);
            b["lo"].as_array_mut().unwrap().pop();
            b["hi"].as_array_mut().unwrap().pop();
            b["center"].as_array_mut().unwrap().pop();
            b["preconditioner"] = json!([["1"]]);
        },
    );
    check(
        &base,
        "add d to the support",
        Want::Malformed("lo and hi need 4"),
        |v| claim(v, 0)["box"]["support"] = json!(["a", "b", "c", "d"]),
    );
}

#[test]
fn cli_reports_failing_claim_and_exit_codes() {
    let dir = std::env::temp_dir().join(format!("ualign-verify-mut-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let base = fixture_value("barrier");
    let mut fails = base.clone();
    fails["claims"][2]["value"] = json!("1/2");
    let mut broken = base.clone();
    broken["instance_sha256"] = json!("ab");
    let good = dir.join("good.json");
    let bad = dir.join("fails.json");
    let mal = dir.join("broken.json");
    std::fs::write(&good, serde_json::to_string(&base).unwrap()).unwrap();
    std::fs::write(&bad, serde_json::to_string(&fails).unwrap()).unwrap();
    std::fs::write(&mal, serde_json::to_string(&broken).unwrap()).unwrap();
    let run = |files: &[&std::path::Path]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_ualign-check"))
            .args(files)
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).to_string(),
        )
    };
    let (code, out) = run(&[&good, &bad]);
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("fails.json: claim 2 (nlhf_robust_win_rate) FAILED: R_k(p^⊗k) = 1 − max_y U_k(y, p) = 3/5 ≠ claimed 1/2"),
        "{out}"
    );
    let (code, out) = run(&[&bad, &mal]);
    assert_eq!(code, Some(2), "{out}");
    assert!(
        out.contains("broken.json: malformed: instance_sha256"),
        "{out}"
    );
    std::fs::remove_dir_all(&dir).ok();
}
