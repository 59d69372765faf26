//! JSON objects of `ualign tightness` (exact numbers as strings, response names `y1`..`yN` as in
//! `ualign generate impartial|cycle`).

use serde_json::{Value, json};

use super::{FamilyValue, SymbolicValue, ceiling};
use crate::number::fmt_q;

/// Response name of 0-based index `i` in a family member (`y1`, `y2`, …).
pub fn response_name(i: u64) -> String {
    format!("y{}", i + 1)
}

/// The envelope shared by every command's JSON output (no instance file: a family).
fn envelope(k: usize) -> serde_json::Map<String, Value> {
    let mut m = serde_json::Map::new();
    m.insert("command".into(), json!("tightness"));
    m.insert("ualign_version".into(), json!(env!("CARGO_PKG_VERSION")));
    m.insert("instance".into(), Value::Null);
    m.insert("instance_sha256".into(), Value::Null);
    m.insert("k".into(), json!(k));
    m
}

/// `{command, …, family, n, k, value, ceiling, excess, orbit, opponent}` for one N.
pub fn family_value_json(r: &FamilyValue) -> Value {
    let mut m = envelope(r.k);
    m.insert("family".into(), json!(r.family.name()));
    m.insert("n".into(), json!(r.n));
    m.insert("value".into(), json!(fmt_q(&r.value)));
    m.insert("ceiling".into(), json!(fmt_q(&ceiling(r.k))));
    m.insert("excess".into(), json!(fmt_q(&r.excess())));
    m.insert(
        "orbit".into(),
        json!({
            "multiplicities": r.orbit.multiplicities,
            "gaps": r.orbit.gaps,
            "representative": r.orbit.representative.iter().map(|&i| response_name(i)).collect::<Vec<_>>(),
        }),
    );
    m.insert("opponent".into(), json!("uniform"));
    m.insert("patterns".into(), json!(r.patterns));
    Value::Object(m)
}

/// `{command, …, family, k, valid_for_n_at_least, value: {numerator, denominator}, limit, …}`.
pub fn symbolic_json(s: &SymbolicValue) -> Value {
    let mut m = envelope(s.k);
    let strs = |v: &[crate::number::IBig]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    m.insert("family".into(), json!("impartial"));
    m.insert("valid_for_n_at_least".into(), json!(s.valid_for_n_at_least));
    m.insert(
        "value".into(),
        json!({"numerator": strs(&s.numerator), "denominator": strs(&s.denominator)}),
    );
    m.insert("limit".into(), json!(fmt_q(&s.limit)));
    m.insert("ceiling".into(), json!(fmt_q(&ceiling(s.k))));
    m.insert("pattern".into(), json!(s.pattern));
    let small: Vec<Value> = s
        .small_n
        .iter()
        .map(|r| json!({"n": r.n, "value": fmt_q(&r.value), "multiplicities": r.orbit.multiplicities}))
        .collect();
    m.insert("small_n".into(), json!(small));
    Value::Object(m)
}
