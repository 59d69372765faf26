//! The JSON instance format (schema in the README):
//!
//! ```json
//! { "format": "ualign-instance/1",
//!   "description": "optional free text",
//!   "responses": ["a", "b", "c"],
//!   "users": [ { "weight": "3/5", "ranking": [["a"], ["b", "c"]] },
//!              { "weight": "2/5", "ranking": ["c"] } ] }
//! ```
//!
//! A ranking is a list of tiers, best first; a tier is a list of response names (or one name).
//! Weights are rational strings; a JSON number is rejected. Unknown keys are rejected.

use super::{Instance, InstanceError, UserType};
use crate::number::{fmt_q, parse_q};

/// The format tag written by [`to_document`] and accepted by [`parse`].
pub const FORMAT: &str = ualign_check::format::INSTANCE_FORMAT;

/// The document types of the format are the checker's (defined once, in `ualign_check::format`).
pub use ualign_check::format::{InstanceDoc, TierDoc, UserDoc};

/// Parses and validates a JSON instance.
pub fn parse(text: &str) -> Result<Instance, InstanceError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let doc: InstanceDoc = serde_json::from_str(text).map_err(|e| {
        let line = e.line();
        let msg = format!("invalid instance JSON: {e}");
        if line > 0 {
            InstanceError::at_line(line, msg)
        } else {
            InstanceError::new(msg)
        }
    })?;
    from_document(&doc).map_err(|mut e| {
        e.line = e.line.or_else(|| error_line(text, &e.message));
        e
    })
}

/// The line a semantic error points at: the user object it names (`users[i]` or `user type N`),
/// or the `responses` key for errors about the response list.
fn error_line(text: &str, message: &str) -> Option<usize> {
    let user = if let Some(rest) = message.strip_prefix("users[") {
        rest.split(']').next()?.parse::<usize>().ok()
    } else if let Some(rest) = message.strip_prefix("user type ") {
        rest.split(' ')
            .next()?
            .parse::<usize>()
            .ok()?
            .checked_sub(1)
    } else {
        None
    };
    let offset = match user {
        Some(u) => *user_offsets(text).get(u)?,
        None if message.starts_with("response") => text.find("\"responses\"")?,
        None => return None,
    };
    Some(text[..offset].matches('\n').count() + 1)
}

/// Byte offsets of the objects in the top-level `users` array (a small JSON scanner that skips
/// strings; only used to put line numbers on error messages).
fn user_offsets(text: &str) -> Vec<usize> {
    let Some(key) = text.find("\"users\"") else {
        return Vec::new();
    };
    let Some(open) = text[key..].find('[').map(|i| key + i) else {
        return Vec::new();
    };
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    let mut out = Vec::new();
    for (i, c) in text[open..].char_indices() {
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '[' | '{' => {
                if c == '{' && depth == 1 {
                    out.push(open + i);
                }
                depth += 1;
            }
            ']' | '}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    break;
                }
            }
            _ => {}
        }
    }
    out
}

/// Builds an instance from its JSON document (names resolved, weights parsed exactly).
pub fn from_document(doc: &InstanceDoc) -> Result<Instance, InstanceError> {
    if let Some(f) = &doc.format
        && f != FORMAT
    {
        return Err(InstanceError::new(format!(
            "unsupported format `{f}` (expected `{FORMAT}`)"
        )));
    }
    let index = |u: usize, name: &str| {
        doc.responses.iter().position(|r| r == name).ok_or_else(|| {
            InstanceError::new(format!("users[{u}].ranking: unknown response `{name}`"))
        })
    };
    let mut users = Vec::with_capacity(doc.users.len());
    for (u, user) in doc.users.iter().enumerate() {
        let weight = parse_q(&user.weight)
            .map_err(|e| InstanceError::new(format!("users[{u}].weight: {e}")))?;
        let mut tiers = Vec::with_capacity(user.ranking.len());
        for tier in &user.ranking {
            let names: Vec<&str> = match tier {
                TierDoc::One(n) => vec![n.as_str()],
                TierDoc::Many(ns) => ns.iter().map(String::as_str).collect(),
            };
            let idx = names
                .iter()
                .map(|n| index(u, n))
                .collect::<Result<Vec<_>, _>>()?;
            tiers.push(idx);
        }
        users.push(UserType { weight, tiers });
    }
    Instance::new(doc.responses.clone(), users)
}

/// The JSON document of an instance (tiers as lists of names, weights as `p/q`).
pub fn to_document(inst: &Instance) -> InstanceDoc {
    let names = inst.responses();
    InstanceDoc {
        format: Some(FORMAT.to_string()),
        description: None,
        responses: names.to_vec(),
        users: inst
            .users()
            .iter()
            .map(|u| UserDoc {
                name: None,
                weight: fmt_q(&u.weight),
                ranking: u
                    .tiers
                    .iter()
                    .map(|t| TierDoc::Many(t.iter().map(|&y| names[y].clone()).collect()))
                    .collect(),
            })
            .collect(),
    }
}

/// Pretty JSON text of an instance; [`parse`] reads it back to an equal instance.
/// One user type per line, responses on one line, for readable diffs.
pub fn to_string_pretty(inst: &Instance) -> String {
    let doc = to_document(inst);
    let js = |v: &dyn erased::Json| v.json();
    let mut out = String::from("{\n");
    out += &format!("  \"format\": {},\n", js(&doc.format));
    out += &format!("  \"responses\": {},\n", js(&doc.responses));
    out += "  \"users\": [\n";
    let lines: Vec<String> = doc.users.iter().map(|u| format!("    {}", js(u))).collect();
    out += &lines.join(",\n");
    out += "\n  ]\n}\n";
    out
}

mod erased {
    /// Compact JSON of any serialisable value (a tiny object-safe wrapper).
    pub trait Json {
        fn json(&self) -> String;
    }
    impl<T: serde::Serialize> Json for T {
        fn json(&self) -> String {
            serde_json::to_string(self)
                .expect("the documents serialised here have string keys and no custom Serialize")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::number::q;

    const DOC: &str = r#"{ "responses": ["a", "b", "c"],
      "users": [ { "weight": "3/5", "ranking": [["a"], ["b", "c"]] },
                 { "weight": "0.4", "ranking": ["c"] } ] }"#;

    #[test]
    fn parses_and_roundtrips_exactly() {
        let inst = parse(DOC).unwrap();
        assert_eq!(inst.users()[1].weight, q(2, 5));
        assert_eq!(inst.users()[0].tiers, vec![vec![0], vec![1, 2]]);
        let again = parse(&to_string_pretty(&inst)).unwrap();
        assert_eq!(inst, again);
    }

    #[test]
    fn rejects_floats_unknown_names_and_keys() {
        let float = DOC.replace("\"3/5\"", "0.6");
        let e = parse(&float).unwrap_err();
        assert!(e.message.contains("expected a string"), "{e}");
        assert_eq!(e.line, Some(2));
        let e = parse(&DOC.replace("[\"b\", \"c\"]", "[\"b\", \"q\"]")).unwrap_err();
        assert_eq!(e.line, Some(2), "{e}");
        let e = parse(&DOC.replace("\"0.4\"", "\"-1\"")).unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
        assert!(parse(&DOC.replace("\"ranking\": [\"c\"]", "\"rank\": [\"c\"]")).is_err());
        assert!(parse(&DOC.replace("0.4", "-1")).is_err());
        assert!(parse(&DOC.replace("0.4", "1e-1")).is_err());
        assert!(parse("{").is_err());
        assert!(parse(&DOC.replace("\"0.4\"", "\"0.4\", \"weight\": \"1\"")).is_err());
    }
}
