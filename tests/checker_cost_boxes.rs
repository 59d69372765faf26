//! The checker's cost model is sound for exact certified boxes over many users: the largest
//! replication of a real box claim that the default budget accepts checks within 10 s of CPU.
//!
//! A certified box of k = 2 over 8 responses (ic-sample, every response in the support) is
//! taken from `certify`; its user list is repeated c times (ω and so the box stay the same, the
//! checker's work grows with c) and the largest c the default budget accepts is found by pricing
//! alone (`ualign_check::claim_costs`). That certificate must check within 10 s of CPU time.
//! (Found: before the model counted the per-user interval sums of the box test, such a claim
//! was modelled at 16 s and took 9 s, so a 60 s one would have taken over 30 s.)

#[path = "../crates/ualign-check/tests/common/cpu.rs"]
mod cpu;

use cpu::cpu_seconds;
use serde_json::Value;
use ualign::certificate::certify::{CertifyOptions, certify};
use ualign::families::{RandomModel, random};
use ualign_check::limits::{DEFAULT_MAX_COST, MAX_FILE_BYTES};

/// The certificate with only its equilibrium claim and its users repeated `copies` times.
fn replicated(cert: &Value, copies: usize) -> String {
    let mut v = cert.clone();
    let users = v["instance"]["users"].as_array().unwrap().clone();
    v["instance"]["users"] = Value::Array(
        users
            .iter()
            .cycle()
            .take(users.len() * copies)
            .cloned()
            .collect(),
    );
    let claim = (cert["claims"].as_array().unwrap().iter())
        .find(|c| c["kind"] == "equilibrium")
        .unwrap()
        .clone();
    v["claims"] = Value::Array(vec![claim]);
    let doc = serde_json::from_value(v["instance"].clone()).unwrap();
    v["instance_sha256"] = Value::String(ualign_check::instance_sha256(&doc).unwrap());
    serde_json::to_string(&v).unwrap()
}

fn modelled(text: &str) -> u128 {
    let (inst, claims) = ualign_check::claim_costs(text).unwrap_or_else(|e| panic!("{e}"));
    inst + claims.iter().sum::<u128>()
}

fn fits(text: &str) -> bool {
    text.len() as u64 <= MAX_FILE_BYTES && modelled(text) <= DEFAULT_MAX_COST
}

#[test]
fn largest_accepted_exact_box_over_many_users_checks_within_ten_seconds() {
    // Seed chosen so that the box has all 8 responses in its support (the costliest shape).
    let inst = random(&RandomModel::ImpartialSample, 8, 2000, 1).unwrap();
    let out = certify(
        &inst,
        &CertifyOptions {
            ks: vec![2],
            ell: None,
            koutput_max_columns: 0,
        },
    )
    .unwrap();
    let cert: Value = serde_json::from_str(&out.certificate.to_json_string()).unwrap();
    let claim = (cert["claims"].as_array().unwrap().iter())
        .find(|c| c["kind"] == "equilibrium")
        .unwrap();
    assert_eq!(claim["status"], "certified-box");
    assert_eq!(claim["box"]["support"].as_array().unwrap().len(), 8);
    assert!(ualign_check::verify_str(&replicated(&cert, 1)).is_ok());
    // Largest accepted number of copies (cost and size are affine in it).
    let (c1, c2) = (
        modelled(&replicated(&cert, 1)),
        modelled(&replicated(&cert, 2)),
    );
    let mut copies = 1 + ((DEFAULT_MAX_COST.saturating_sub(c1)) / (c2 - c1)) as usize;
    while copies > 1 && !fits(&replicated(&cert, copies)) {
        copies -= 1;
    }
    let text = replicated(&cert, copies);
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let t = cpu_seconds();
        let got = ualign_check::verify_str(&text).map(|_| ());
        let _ = tx.send((got, cpu_seconds() - t));
    });
    let Ok((got, took)) = rx.recv_timeout(std::time::Duration::from_secs(180)) else {
        panic!("{copies} copies: not done after 180 s of wall time");
    };
    eprintln!("{copies} copies of the users: {got:?} in {took:.2} s CPU");
    assert!(got.is_ok(), "{got:?}");
    assert!(took < 10.0, "{copies} copies: {took:.1} s of CPU");
}
