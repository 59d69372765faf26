//! PrefLib reader: `.soc`, `.soi`, `.toc`, `.toi` (data format of September 2022).
//!
//! Header lines `# KEY: value` (among them `NUMBER ALTERNATIVES`, `NUMBER VOTERS`,
//! `NUMBER UNIQUE ORDERS`, `ALTERNATIVE NAME i`); body lines `count: order`, where commas
//! separate strictly ordered positions and `{a,b}` marks a tie. Alternatives are numbered from 1.
//! The header counts are checked against the body.

use std::collections::HashMap;

use super::{Instance, InstanceError, UserType};
use crate::number::{IBig, Q};

fn err(line: usize, msg: impl Into<String>) -> InstanceError {
    InstanceError::at_line(line, msg)
}

/// The four PrefLib data types and what they allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DataType {
    Soc,
    Soi,
    Toc,
    Toi,
}

impl DataType {
    fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "soc" => Some(DataType::Soc),
            "soi" => Some(DataType::Soi),
            "toc" => Some(DataType::Toc),
            "toi" => Some(DataType::Toi),
            _ => None,
        }
    }
    fn allows_ties(self) -> bool {
        matches!(self, DataType::Toc | DataType::Toi)
    }
    fn requires_complete(self) -> bool {
        matches!(self, DataType::Soc | DataType::Toc)
    }
}

fn header_number(line: usize, key: &str, value: &str) -> Result<usize, InstanceError> {
    value.trim().parse::<usize>().map_err(|_| {
        err(
            line,
            format!(
                "header `{key}` should be a natural number, got `{}`",
                value.trim()
            ),
        )
    })
}

/// Parses one order `a,{b,c},d` into tiers of 0-based indices.
fn parse_order(line: usize, s: &str, m: usize) -> Result<Vec<Vec<usize>>, InstanceError> {
    let mut tiers = Vec::new();
    let mut chars = s.trim();
    if chars.is_empty() {
        return Ok(tiers);
    }
    loop {
        chars = chars.trim_start();
        let (tier_text, rest) = if let Some(after) = chars.strip_prefix('{') {
            let close = after
                .find('}')
                .ok_or_else(|| err(line, "unclosed `{` in order"))?;
            (&after[..close], &after[close + 1..])
        } else {
            match chars.find(',') {
                Some(i) => (&chars[..i], &chars[i..]),
                None => (chars, ""),
            }
        };
        let mut tier = Vec::new();
        for item in tier_text.split(',') {
            let item = item.trim();
            let idx: usize = item.parse().map_err(|_| {
                err(
                    line,
                    format!("expected an alternative number, got `{item}`"),
                )
            })?;
            if idx == 0 || idx > m {
                return Err(err(
                    line,
                    format!("alternative {idx} is out of range 1..={m}"),
                ));
            }
            tier.push(idx - 1);
        }
        tiers.push(tier);
        let rest = rest.trim_start();
        if rest.is_empty() {
            break;
        }
        chars = rest.strip_prefix(',').ok_or_else(|| {
            err(
                line,
                format!("expected `,` between positions, got `{rest}`"),
            )
        })?;
        if chars.trim().is_empty() {
            return Err(err(line, "order ends with a dangling `,`"));
        }
    }
    Ok(tiers)
}

/// Parses PrefLib text. `ext` (the file extension) is checked against the `DATA TYPE` header.
pub fn parse(text: &str, ext: Option<&str>) -> Result<Instance, InstanceError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut header: HashMap<String, (usize, String)> = HashMap::new();
    let mut names: HashMap<usize, (usize, String)> = HashMap::new();
    let mut body: Vec<(usize, &str)> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let l = raw.trim();
        if l.is_empty() {
            continue;
        }
        if let Some(h) = l.strip_prefix('#') {
            let Some((key, value)) = h.split_once(':') else {
                continue; // a free comment
            };
            let key = key.trim().to_ascii_uppercase();
            if let Some(num) = key.strip_prefix("ALTERNATIVE NAME ") {
                let idx = header_number(line, &key, num)?;
                if names
                    .insert(idx, (line, value.trim().to_string()))
                    .is_some()
                {
                    return Err(err(line, format!("ALTERNATIVE NAME {idx} is given twice")));
                }
            } else if let Some((first, _)) =
                header.insert(key.clone(), (line, value.trim().to_string()))
            {
                return Err(err(
                    line,
                    format!("header `{key}` is given twice (first on line {first})"),
                ));
            }
        } else {
            body.push((line, l));
        }
    }
    let get = |key: &str| -> Result<(usize, usize), InstanceError> {
        let (line, v) = header
            .get(key)
            .ok_or_else(|| InstanceError::new(format!("missing header `# {key}: ...`")))?;
        Ok((*line, header_number(*line, key, v)?))
    };
    let (_, m) = get("NUMBER ALTERNATIVES")?;
    let (voters_line, voters) = {
        let (line, v) = header
            .get("NUMBER VOTERS")
            .ok_or_else(|| InstanceError::new("missing header `# NUMBER VOTERS: ...`"))?;
        let n: IBig = crate::number::parse_natural(v.trim()).map_err(|e| {
            err(
                *line,
                format!("header `NUMBER VOTERS` should be a natural number: {e}"),
            )
        })?;
        (*line, n)
    };
    let (unique_line, unique) = get("NUMBER UNIQUE ORDERS")?;
    if m == 0 {
        return Err(InstanceError::new(
            "NUMBER ALTERNATIVES is 0: an instance needs a response",
        ));
    }
    let (m_line, _) = get("NUMBER ALTERNATIVES")?;
    if m > super::MAX_RESPONSES {
        return Err(err(
            m_line,
            format!(
                "NUMBER ALTERNATIVES is {m}, above the supported maximum {}",
                super::MAX_RESPONSES
            ),
        ));
    }
    if unique > super::MAX_USER_TYPES {
        return Err(err(
            unique_line,
            format!(
                "NUMBER UNIQUE ORDERS is {unique}, above the supported maximum {}",
                super::MAX_USER_TYPES
            ),
        ));
    }
    let data_type = match header.get("DATA TYPE") {
        Some((line, v)) => Some(DataType::parse(v).ok_or_else(|| {
            err(
                *line,
                format!("unknown DATA TYPE `{v}` (expected soc, soi, toc or toi)"),
            )
        })?),
        None => None,
    };
    let ext_type = ext.and_then(DataType::parse);
    if let (Some(d), Some(e)) = (data_type, ext_type)
        && d != e
    {
        return Err(InstanceError::new(format!(
            "DATA TYPE header says {d:?} but the file extension says {e:?}"
        )));
    }
    let data_type = data_type.or(ext_type).unwrap_or(DataType::Toi);

    let mut responses = Vec::with_capacity(m);
    let mut used: HashMap<String, usize> = HashMap::new();
    for idx in 1..=m {
        let (line, name) = match names.get(&idx) {
            Some((line, n)) if !n.is_empty() => (Some(*line), n.clone()),
            _ => (None, idx.to_string()),
        };
        if let Some(first) = used.insert(name.clone(), idx) {
            let msg = format!("alternatives {first} and {idx} have the same name `{name}`");
            return Err(match line {
                Some(l) => err(l, msg),
                None => InstanceError::new(msg),
            });
        }
        responses.push(name);
    }
    if let Some((&idx, (line, _))) = names.iter().find(|(i, _)| **i == 0 || **i > m) {
        return Err(err(
            *line,
            format!("ALTERNATIVE NAME {idx} is out of range 1..={m}"),
        ));
    }

    let mut users = Vec::with_capacity(body.len());
    let mut total = IBig::ZERO;
    for (line, l) in &body {
        let (count, order) = l
            .split_once(':')
            .ok_or_else(|| err(*line, "expected `count: order`"))?;
        let count: IBig = crate::number::parse_natural(count.trim())
            .map_err(|e| err(*line, format!("expected a positive integer count: {e}")))?;
        if count <= IBig::ZERO {
            return Err(err(*line, "count must be a positive integer"));
        }
        let tiers = parse_order(*line, order, m)?;
        let mut seen = vec![false; m];
        for tier in &tiers {
            if tier.len() > 1 && !data_type.allows_ties() {
                return Err(err(
                    *line,
                    format!("ties are not allowed in {data_type:?} data"),
                ));
            }
            for &y in tier {
                if seen[y] {
                    return Err(err(*line, format!("alternative {} is listed twice", y + 1)));
                }
                seen[y] = true;
            }
        }
        if data_type.requires_complete() && seen.iter().any(|s| !s) {
            return Err(err(
                *line,
                format!("{data_type:?} data must rank every alternative"),
            ));
        }
        total += &count;
        users.push(UserType {
            weight: Q::from(count),
            tiers,
        });
    }
    if total != voters {
        return Err(err(
            voters_line,
            format!("NUMBER VOTERS is {voters} but the counts add up to {total}"),
        ));
    }
    if users.len() != unique {
        return Err(err(
            unique_line,
            format!(
                "NUMBER UNIQUE ORDERS is {unique} but the body has {} orders",
                users.len()
            ),
        ));
    }
    Instance::new(responses, users)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::number::qi;

    const TOI: &str = "# DATA TYPE: toi\n# NUMBER ALTERNATIVES: 3\n# NUMBER VOTERS: 5\n# NUMBER UNIQUE ORDERS: 2\n# ALTERNATIVE NAME 1: x\n# ALTERNATIVE NAME 2: y\n# ALTERNATIVE NAME 3: z\n3: 1,{2,3}\n2: 3\n";

    #[test]
    fn parses_ties_and_unranked() {
        let inst = parse(TOI, Some("toi")).unwrap();
        assert_eq!(inst.responses(), &["x", "y", "z"]);
        assert_eq!(inst.users()[0].tiers, vec![vec![0], vec![1, 2]]);
        assert_eq!(inst.users()[0].weight, qi(3));
        assert_eq!(inst.rank(1, 2), 0);
        assert_eq!(inst.rank(1, 0), 1);
        assert_eq!(inst.total_weight(), &qi(5));
    }

    #[test]
    fn checks_header_counts_and_types() {
        let bad_voters = TOI.replace("VOTERS: 5", "VOTERS: 6");
        let e = parse(&bad_voters, None).unwrap_err();
        assert_eq!(e.line, Some(3));
        let bad_unique = TOI.replace("ORDERS: 2", "ORDERS: 3");
        assert_eq!(parse(&bad_unique, None).unwrap_err().line, Some(4));
        let e = parse(TOI, Some("soi")).unwrap_err();
        assert!(e.message.contains("extension"));
        let soc = TOI.replace("toi", "soc");
        assert_eq!(parse(&soc, None).unwrap_err().line, Some(8));
        for (body, line) in [
            ("3: 1,{2,3\n2: 3\n", 8),
            ("3: 1,4\n2: 3\n", 8),
            ("3: 1,1\n2: 3\n", 8),
            ("x: 1\n2: 3\n", 8),
            ("0: 1\n2: 3\n", 8),
            ("3: 1,\n2: 3\n", 8),
            ("3 1\n2: 3\n", 8),
        ] {
            let text = TOI.replace("3: 1,{2,3}\n2: 3\n", body);
            let e = parse(&text, Some("toi")).unwrap_err();
            assert_eq!(e.line, Some(line), "{body:?}: {e}");
        }
    }
}
