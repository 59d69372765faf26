//! Synthetic certificates of a given shape (m, n, k, ℓ, digits), for the cost tests and the
//! calibration bench. Deterministic (a fixed linear congruential generator); the claims are
//! true by construction or by evaluating with this crate's own evaluator, so checking them runs
//! to the end.
#![allow(dead_code)]

use num_bigint::BigInt;
use serde_json::{Value, json};
use ualign_check::format::InstanceDoc;
use ualign_check::number::{Q, fmt_q};
use ualign_check::profile::{Dist, Profile};

/// A small deterministic generator.
pub struct Lcg(pub u64);

impl Lcg {
    pub fn next(&mut self, bound: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % bound.max(1)
    }
}

/// m responses r0.., n user types with random strict orders of all responses and weights 1..9.
pub fn instance(m: usize, n: usize, seed: u64) -> Value {
    let mut g = Lcg(seed);
    let users: Vec<Value> = (0..n)
        .map(|_| {
            let mut order: Vec<usize> = (0..m).collect();
            for i in (1..m).rev() {
                order.swap(i, g.next(i as u64 + 1) as usize);
            }
            let ranking: Vec<Vec<String>> = order.iter().map(|y| vec![format!("r{y}")]).collect();
            json!({"weight": format!("{}", g.next(9) + 1), "ranking": ranking})
        })
        .collect();
    let names: Vec<String> = (0..m).map(|y| format!("r{y}")).collect();
    json!({"format": "ualign-instance/1", "responses": names, "users": users})
}

/// A distribution over m responses whose entries have a common denominator of `digits` digits
/// (10^digits + 1) and numerators of about as many digits; all entries positive.
pub fn policy(m: usize, digits: usize, seed: u64) -> Vec<Q> {
    let mut g = Lcg(seed);
    let den = BigInt::from(10u8).pow(digits as u32) + 1u8;
    let mut nums = Vec::new();
    let mut rest = den.clone();
    for _ in 1..m {
        // A random number below den / m, digit by digit.
        let mut x = BigInt::from(1u8);
        for _ in 1..digits.max(2) - 1 {
            x = x * 10u8 + g.next(10);
        }
        let x = x / m + 1u8;
        rest -= &x;
        nums.push(x);
    }
    nums.push(rest);
    nums.into_iter().map(|x| Q::new(x, den.clone())).collect()
}

/// A name map of a vector.
pub fn name_map(v: &[Q]) -> Value {
    let mut map = serde_json::Map::new();
    for (y, x) in v.iter().enumerate() {
        map.insert(format!("r{y}"), json!(fmt_q(x)));
    }
    Value::Object(map)
}

/// The certificate text for an instance and claims (hash computed by this crate).
pub fn certificate(instance: &Value, claims: Vec<Value>) -> String {
    let doc: InstanceDoc = serde_json::from_value(instance.clone()).unwrap();
    let hash = ualign_check::instance_sha256(&doc).unwrap();
    serde_json::to_string(&json!({"format": "ualign-certificate", "version": 1,
        "tool": "synth", "instance": instance, "instance_sha256": hash, "claims": claims}))
    .unwrap()
}

/// An ε-equilibrium claim with ε = 1 (true for every policy: U_k ≤ 1).
pub fn equilibrium(k: usize, pi: &[Q]) -> Value {
    json!({"kind": "equilibrium", "k": k, "status": "epsilon", "policy": name_map(pi),
        "exploitability": "1"})
}

/// A true `robust_win_rate` claim for the product policy π (value and worst opponent evaluated
/// with this crate's evaluator).
pub fn robust_product(instance: &Value, k: usize, ell: usize, pi: &[Q]) -> Value {
    let doc: InstanceDoc = serde_json::from_value(instance.clone()).unwrap();
    let prof = Profile::from_doc(&doc, u128::MAX).unwrap();
    let dist = Dist::new(pi);
    let mut o = vec![0usize; ell];
    let mut best: Option<(Q, Vec<usize>)> = None;
    loop {
        let wr = prof.share_frac(&dist, k, &o).one_minus().to_q();
        if best.as_ref().is_none_or(|b| wr < b.0) {
            best = Some((wr, o.clone()));
        }
        let Some(i) = o.iter().rposition(|&y| y + 1 < prof.m()) else {
            break;
        };
        let v = o[i] + 1;
        o[i..].iter_mut().for_each(|x| *x = v);
    }
    let (value, worst) = best.unwrap();
    let worst: Vec<String> = worst.iter().map(|y| format!("r{y}")).collect();
    json!({"kind": "robust_win_rate", "k": k, "ell": ell, "policy": {"product": name_map(pi)},
        "value": fmt_q(&value), "worst_opponent": worst})
}

/// A `koutput_value` bracket [0, 1] (true), with one primal multiset and a uniform dual: the
/// dual check still enumerates all C(m+k−1, k) multisets.
pub fn koutput_bracket(m: usize, k: usize) -> Value {
    let dual: Vec<Q> = (0..m).map(|_| Q::new(1.into(), BigInt::from(m))).collect();
    json!({"kind": "koutput_value", "k": k, "bracket": ["0", "1"],
        "primal": [{"responses": vec!["r0"; k], "probability": "1"}], "dual": name_map(&dual)})
}
