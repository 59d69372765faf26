//! [`Out`]: a typed result tree. Every `--json` object of the command line and every dict of the
//! Python package is built once as an `Out`; exact rationals stay [`Q`] inside it, so each front end
//! converts them by type (a `"p/q"` string in JSON, a `fractions.Fraction` in Python), never by
//! guessing from a string (response names such as `"1"` look like numbers).

use serde_json::{Map, Number, Value};

use crate::number::{Q, fmt_q};

/// One node of a result tree.
///
/// The result of `api::nlhf` on the Condorcet cycle: the uniform maximal lottery by name, with
/// NLHF's R_k = k/(k+1) per k, exact values as [`Q`] inside the tree and `"p/q"` in its JSON.
///
/// ```
/// use ualign::{Out, Source, api, number::q};
/// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/instances");
/// let cycle = ualign::Instance::from_path(format!("{dir}/condorcet-cycle-3.json"))?;
/// let out = api::nlhf(&Source::memory(&cycle), &[1, 2, 3])?;
/// let Some(Out::Map(p)) = out.get("maximal_lottery") else { panic!("an object") };
/// assert_eq!(p[1], ("b".to_string(), Out::Q(q(1, 3))));
/// let json = out.to_json();
/// assert_eq!(json["command"], "nlhf");
/// assert_eq!(json["unique"], true);
/// assert_eq!(json["robust_win_rates"][2]["robust_win_rate"], "3/4");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum Out {
    /// JSON `null` / Python `None`.
    Null,
    /// A boolean.
    Bool(bool),
    /// A count or index.
    Int(u64),
    /// A float estimate (keys of floats end in `_f64`, or the value is a step size).
    Float(f64),
    /// A name or label.
    Str(String),
    /// An exact rational: `"p/q"` in JSON, `Fraction` in Python.
    Q(Q),
    /// A list.
    List(Vec<Out>),
    /// An object with keys in a fixed order (record fields or response names).
    Map(Vec<(String, Out)>),
}

impl Out {
    /// An empty object.
    pub fn map() -> Out {
        Out::Map(Vec::new())
    }

    /// Appends a field to an object (no effect on other variants), builder style.
    pub fn with(mut self, key: &str, value: impl Into<Out>) -> Out {
        self.push(key, value);
        self
    }

    /// Appends a field to an object (no effect on other variants).
    pub fn push(&mut self, key: &str, value: impl Into<Out>) {
        if let Out::Map(fields) = self {
            fields.push((key.to_string(), value.into()));
        }
    }

    /// The value of a field of an object.
    pub fn get(&self, key: &str) -> Option<&Out> {
        match self {
            Out::Map(fields) => fields.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The exact rational held by this node, if it is one.
    pub fn as_q(&self) -> Option<&Q> {
        match self {
            Out::Q(x) => Some(x),
            _ => None,
        }
    }

    /// The JSON value: rationals become `"p/q"` strings, non-finite floats `null`.
    pub fn to_json(&self) -> Value {
        match self {
            Out::Null => Value::Null,
            Out::Bool(b) => Value::Bool(*b),
            Out::Int(i) => Value::from(*i),
            Out::Float(f) => Number::from_f64(*f).map_or(Value::Null, Value::Number),
            Out::Str(s) => Value::String(s.clone()),
            Out::Q(x) => Value::String(fmt_q(x)),
            Out::List(xs) => Value::Array(xs.iter().map(Out::to_json).collect()),
            Out::Map(fields) => {
                let mut m = Map::new();
                for (k, v) in fields {
                    m.insert(k.clone(), v.to_json());
                }
                Value::Object(m)
            }
        }
    }

    /// Pretty JSON text (deterministic key order).
    pub fn to_json_string(&self) -> String {
        serde_json::to_string_pretty(&self.to_json())
            .expect("a serde_json::Value always serialises (its keys are strings)")
    }
}

/// An object mapping response names to exact values (a single-output policy, payoffs by response).
pub fn named(names: &[String], values: &[Q]) -> Out {
    Out::Map(
        names
            .iter()
            .zip(values)
            .map(|(n, v)| (n.clone(), Out::Q(v.clone())))
            .collect(),
    )
}

/// Names of response indices (a multiset or a set).
pub fn names_of(names: &[String], ys: &[usize]) -> Out {
    Out::List(ys.iter().map(|&y| Out::Str(names[y].clone())).collect())
}

impl From<bool> for Out {
    fn from(b: bool) -> Out {
        Out::Bool(b)
    }
}
impl From<usize> for Out {
    fn from(i: usize) -> Out {
        Out::Int(i as u64)
    }
}
impl From<u64> for Out {
    fn from(i: u64) -> Out {
        Out::Int(i)
    }
}
impl From<f64> for Out {
    fn from(f: f64) -> Out {
        Out::Float(f)
    }
}
impl From<&str> for Out {
    fn from(s: &str) -> Out {
        Out::Str(s.to_string())
    }
}
impl From<String> for Out {
    fn from(s: String) -> Out {
        Out::Str(s)
    }
}
impl From<&String> for Out {
    fn from(s: &String) -> Out {
        Out::Str(s.clone())
    }
}
impl From<Q> for Out {
    fn from(x: Q) -> Out {
        Out::Q(x)
    }
}
impl From<&Q> for Out {
    fn from(x: &Q) -> Out {
        Out::Q(x.clone())
    }
}
impl<T: Into<Out>> From<Option<T>> for Out {
    fn from(x: Option<T>) -> Out {
        x.map_or(Out::Null, Into::into)
    }
}
impl<T: Into<Out>> From<Vec<T>> for Out {
    fn from(xs: Vec<T>) -> Out {
        Out::List(xs.into_iter().map(Into::into).collect())
    }
}
