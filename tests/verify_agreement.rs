//! Random mutations, both checkers: a seeded generator changes one to three things at random
//! places of committed proofs (a number or a name swapped for another, a count changed, a list
//! shortened, lengthened or shuffled, a field dropped or added). Every text is written to a temp
//! directory and checked by both command lines, `ualign verify --json` and
//! `python3 -I python/ualign_check.py --json`, which must agree on each file: the same status
//! (ok, failed, malformed) and, for a failed claim, the same claim index. The verdicts are
//! counted so that a generator that only ever broke the format would be noticed.

use std::process::Command;

use serde_json::{Value, json};

/// xorshift64*: a small deterministic generator (no dependency).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

/// Every path to a value inside `v` (object keys and list indices), the root excluded.
fn paths(v: &Value, here: &mut Vec<Value>, out: &mut Vec<Vec<Value>>) {
    let children: Vec<(Value, &Value)> = match v {
        Value::Object(m) => m.iter().map(|(k, x)| (json!(k), x)).collect(),
        Value::Array(a) => a.iter().enumerate().map(|(i, x)| (json!(i), x)).collect(),
        _ => return,
    };
    for (key, child) in children {
        here.push(key);
        out.push(here.clone());
        paths(child, here, out);
        here.pop();
    }
}

fn at<'a>(v: &'a mut Value, path: &[Value]) -> &'a mut Value {
    path.iter().fold(v, |v, k| match k {
        Value::String(s) => &mut v[s.as_str()],
        _ => &mut v[k.as_u64().unwrap() as usize],
    })
}

const NUMBERS: [&str; 22] = [
    "0", "1", "-1", "1/2", "2", "1/0", "0.5", "1e3", "", " 1/3 ", "+1", "-0", "1/3", "3/5", "2/5",
    "4/5", "1/5", "7/10", "9/10", "1/10", "1/4", "3/4",
];
const NAMES: [&str; 5] = ["a", "b", "c", "d", "z"];

fn mutate(v: &mut Value, rng: &mut Rng) {
    let mut all = Vec::new();
    paths(v, &mut Vec::new(), &mut all);
    let path = rng.pick(&all).clone();
    let target = at(v, &path);
    let roll = rng.below(10);
    *target = match target.take() {
        Value::String(s) => match roll {
            0..=4 => json!(rng.pick(&NUMBERS)),
            5 | 6 => json!(rng.pick(&NAMES)),
            7 => json!(format!("{s}0")),
            _ => rng
                .pick(&[json!(1), Value::Null, json!([s]), json!(0.5)])
                .clone(),
        },
        Value::Bool(b) => json!(!b),
        Value::Number(n) => {
            let n = n.as_u64().unwrap_or(0);
            rng.pick(&[
                json!(0),
                json!(1),
                json!(2),
                json!(3),
                json!(6),
                json!(64),
                json!(65),
                json!(-1),
                json!(n + 1),
                json!("1"),
                json!(u64::MAX),
            ])
            .clone()
        }
        Value::Array(mut a) => {
            if !a.is_empty() && roll < 4 {
                a.remove(rng.below(a.len()));
            } else if !a.is_empty() && roll < 7 {
                let x = rng.pick(&a).clone();
                a.push(x);
            } else if a.len() > 1 {
                let (i, j) = (rng.below(a.len()), rng.below(a.len()));
                a.swap(i, j);
            }
            Value::Array(a)
        }
        Value::Object(mut m) => {
            if !m.is_empty() && roll < 5 {
                let keys: Vec<String> = m.keys().cloned().collect();
                m.remove(rng.pick(&keys));
            } else {
                let key = *rng.pick(&["a", "b", "c", "note", "k", "box", "value", "bracket"]);
                m.insert(
                    key.into(),
                    rng.pick(&[json!("0"), json!("1/2"), json!(1), Value::Null])
                        .clone(),
                );
            }
            Value::Object(m)
        }
        Value::Null => json!("1"),
    };
}

/// Status and failing claim index of each file of a `--json` report (both checkers' shape).
fn verdicts(out: &[u8], who: &str) -> Vec<(String, Option<u64>)> {
    let v: Value = serde_json::from_slice(out).unwrap_or_else(|e| {
        panic!(
            "{who}: no JSON report ({e}): {}",
            String::from_utf8_lossy(out)
        )
    });
    v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let status = f["status"].as_str().unwrap().to_string();
            let claim = (status == "failed")
                .then(|| f["claims"].as_array().unwrap().last().unwrap()["index"].as_u64())
                .flatten();
            (status, claim)
        })
        .collect()
}

#[test]
fn both_checkers_agree_on_random_mutations_of_committed_proofs() {
    let dir = std::env::temp_dir().join(format!("ualign-agreement-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut files = Vec::new();
    for name in ["barrier-eps-1-10", "cycle-5", "ties-and-unranked"] {
        let text = std::fs::read_to_string(format!("proofs/{name}.cert.json")).unwrap();
        let base: Value = serde_json::from_str(&text).unwrap();
        for i in 0..150 {
            let mut v = base.clone();
            for _ in 0..=rng.below(3) {
                mutate(&mut v, &mut rng);
            }
            let path = dir.join(format!("{name}-{i}.json"));
            std::fs::write(&path, serde_json::to_string_pretty(&v).unwrap()).unwrap();
            files.push(path.to_str().unwrap().to_string());
        }
    }
    let rust = Command::new(env!("CARGO_BIN_EXE_ualign"))
        .args(["verify", "--json"])
        .args(&files)
        .output()
        .unwrap();
    let python = Command::new("python3")
        .args(["-I", "python/ualign_check.py", "--json"])
        .args(&files)
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run `python3` ({e}): the agreement tests need python3 (3.9 or later)")
        });
    let (rust, python) = (
        verdicts(&rust.stdout, "ualign verify"),
        verdicts(&python.stdout, "ualign_check.py"),
    );
    assert_eq!(rust.len(), files.len());
    let mut counts = std::collections::BTreeMap::new();
    for ((file, r), p) in files.iter().zip(&rust).zip(&python) {
        assert_eq!(r, p, "{file}: the checkers disagree (Rust, Python)");
        *counts.entry(r.0.clone()).or_insert(0) += 1;
    }
    eprintln!("verdicts: {counts:?}");
    // With this seed: 11 stay valid, 68 make a claim false, 371 are malformed (of 450).
    assert!(
        counts.len() == 3 && counts.values().all(|&c| c >= 10),
        "{counts:?}"
    );
    std::fs::remove_dir_all(&dir).ok();
}
