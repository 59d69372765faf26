//! Instances (docs/THEORY.md §1): named responses and a weighted population of user types,
//! each with a weak order over the responses given as tiers, best tier first.
//!
//! Responses a user does not list form one extra bottom tier (PrefLib `.soi`/`.toi` semantics).
//! Readers: PrefLib (`.soc`, `.soi`, `.toc`, `.toi`) in [`preflib`], the JSON format in [`json`].
//! [`Instance::canonical_json`] and [`Instance::sha256`] name an instance unambiguously.

pub mod json;
pub mod preflib;

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::Path;

use crate::number::{IBig, Q};

/// A reading or validation error, rendered as `file:line: message`.
///
/// ```
/// use ualign::Instance;
/// let text = r#"{"responses": ["a", "b"], "users": [{"weight": "1", "ranking": ["a", "c"]}]}"#;
/// let err = ualign::instance::json::parse(text).unwrap_err();
/// assert_eq!(err.line, Some(1));
/// assert_eq!(err.to_string(), "line 1: users[0].ranking: unknown response `c`");
///
/// let err = Instance::from_path("no-such-instance.json").unwrap_err();
/// assert_eq!(err.to_string(), "no-such-instance.json: cannot read: no such file");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct InstanceError {
    /// The file the instance was read from, when it came from a file.
    pub file: Option<String>,
    /// The 1-based line the problem is on, when it is tied to one line.
    pub line: Option<usize>,
    /// What is wrong and what was expected.
    pub message: String,
}

impl fmt::Display for InstanceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.file, self.line) {
            (Some(file), Some(line)) => write!(f, "{file}:{line}: {}", self.message),
            (Some(file), None) => write!(f, "{file}: {}", self.message),
            (None, Some(line)) => write!(f, "line {line}: {}", self.message),
            (None, None) => write!(f, "{}", self.message),
        }
    }
}

impl InstanceError {
    /// An error tied to no file and no line (yet).
    pub fn new(message: impl Into<String>) -> Self {
        InstanceError {
            file: None,
            line: None,
            message: message.into(),
        }
    }
    /// An error on the 1-based line `line`, file attached later with [`InstanceError::in_file`].
    pub fn at_line(line: usize, message: impl Into<String>) -> Self {
        InstanceError {
            file: None,
            line: Some(line),
            message: message.into(),
        }
    }
    /// Attaches the file name (keeps a line number already set).
    pub fn in_file(mut self, file: &str) -> Self {
        self.file = Some(file.to_string());
        self
    }
}

impl From<crate::io::input::InputError> for InstanceError {
    fn from(e: crate::io::input::InputError) -> Self {
        InstanceError {
            file: Some(e.file),
            line: e.line,
            message: e.message,
        }
    }
}

/// The file formats of an instance: ualign JSON or one of the four PrefLib data types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The ualign JSON instance document (README, "Instance files").
    Json,
    /// PrefLib strict orders, complete: every voter ranks every alternative.
    Soc,
    /// PrefLib strict orders, incomplete: unlisted alternatives share the bottom tier.
    Soi,
    /// PrefLib orders with ties, complete.
    Toc,
    /// PrefLib orders with ties, incomplete.
    Toi,
}

impl Format {
    /// The format named `json`, `soc`, `soi`, `toc` or `toi` (any case), as in extensions.
    pub fn from_name(s: &str) -> Option<Self> {
        match s.to_ascii_lowercase().as_str() {
            "json" => Some(Format::Json),
            "soc" => Some(Format::Soc),
            "soi" => Some(Format::Soi),
            "toc" => Some(Format::Toc),
            "toi" => Some(Format::Toi),
            _ => None,
        }
    }
    /// The lower-case name (also the file extension).
    pub fn name(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Soc => "soc",
            Format::Soi => "soi",
            Format::Toc => "toc",
            Format::Toi => "toi",
        }
    }
}

/// One user type: a positive weight and a weak order given as tiers of response indices,
/// best tier first. Unlisted responses form an implicit bottom tier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserType {
    /// w_u > 0, as written (normalised to ω_u = w_u / Σ_v w_v where used, docs/THEORY.md §1).
    pub weight: Q,
    /// The listed tiers of response indices, best first; responses in no tier share the
    /// bottom tier.
    pub tiers: Vec<Vec<usize>>,
}

/// The instance limits are the checker's ([`ualign_check::limits`]), one set for producer and
/// checker, so that every instance the solver accepts can be embedded in a certificate that
/// `verify` reads: responses, user types and the weights' common denominator.
pub use ualign_check::limits::{MAX_RESPONSES, MAX_USER_TYPES, MAX_WEIGHT_DENOMINATOR_BITS};
/// Largest instance file read (bytes): [`ualign_check::limits::MAX_INSTANCE_FILE_BYTES`].
pub const MAX_FILE_BYTES: u64 = ualign_check::limits::MAX_INSTANCE_FILE_BYTES;

/// A validated instance. `rank[u][y]` is the tier index of response `y` for user `u`
/// (0 = best; unlisted responses get `tiers.len()`).
///
/// Read from a file ([`Instance::from_path`]: PrefLib or ualign JSON by extension), from JSON
/// text ([`json::parse`]) or built from names and [`UserType`]s ([`Instance::new`]). On the
/// Condorcet cycle (the three rotations of a ≻ b ≻ c, weight 1 each), every pairwise preference
/// is 2/3 against 1/3 (docs/THEORY.md §1, §3):
///
/// ```
/// use ualign::Instance;
/// use ualign::number::q;
/// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/instances");
/// let cycle = Instance::from_path(format!("{dir}/condorcet-cycle-3.json"))?;
/// assert_eq!(cycle.responses(), ["a", "b", "c"]);
/// assert_eq!((cycle.m(), cycle.n()), (3, 3));
/// assert_eq!(cycle.omega(0), q(1, 3));
/// assert_eq!(ualign::game::pref(&cycle, 0, 1), q(2, 3)); // P(a ≻ b)
/// assert_eq!(ualign::game::pref(&cycle, 1, 0), q(1, 3));
/// assert_eq!(ualign::game::pref(&cycle, 0, 0), q(1, 2)); // P(y ≻ y) = 1/2
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instance {
    responses: Vec<String>,
    users: Vec<UserType>,
    rank: Vec<Vec<u32>>,
    total_weight: Q,
    int_weights: Vec<IBig>,
    int_total: IBig,
}

impl Instance {
    /// Validates and builds an instance: at least one response, unique non-empty names, at least
    /// one user type, positive weights, non-empty tiers, no response listed twice in one order.
    pub fn new(responses: Vec<String>, users: Vec<UserType>) -> Result<Self, InstanceError> {
        if responses.is_empty() {
            return Err(InstanceError::new("instance has zero responses"));
        }
        if responses.len() > MAX_RESPONSES {
            return Err(InstanceError::new(format!(
                "instance has {} responses, above the supported maximum {MAX_RESPONSES}",
                responses.len()
            )));
        }
        if users.len() > MAX_USER_TYPES {
            return Err(InstanceError::new(format!(
                "instance has {} user types, above the supported maximum {MAX_USER_TYPES}",
                users.len()
            )));
        }
        let mut seen = HashMap::new();
        for (i, name) in responses.iter().enumerate() {
            if name.trim().is_empty() {
                return Err(InstanceError::new(format!(
                    "response {} has an empty name",
                    i + 1
                )));
            }
            if let Some(j) = seen.insert(name.as_str(), i) {
                return Err(InstanceError::new(format!(
                    "response name `{name}` is used twice (responses {} and {})",
                    j + 1,
                    i + 1
                )));
            }
        }
        if users.is_empty() {
            return Err(InstanceError::new("empty population: no user types"));
        }
        let m = responses.len();
        let mut rank = Vec::with_capacity(users.len());
        for (u, user) in users.iter().enumerate() {
            if user.weight <= Q::ZERO {
                return Err(InstanceError::new(format!(
                    "user type {} has weight {}, expected a positive rational",
                    u + 1,
                    crate::number::fmt_q(&user.weight)
                )));
            }
            let mut r = vec![u32::MAX; m];
            for (t, tier) in user.tiers.iter().enumerate() {
                if tier.is_empty() {
                    return Err(InstanceError::new(format!(
                        "user type {} has an empty tier {}",
                        u + 1,
                        t + 1
                    )));
                }
                for &y in tier {
                    if y >= m {
                        return Err(InstanceError::new(format!(
                            "user type {} lists response index {} but there are only {m} responses",
                            u + 1,
                            y + 1
                        )));
                    }
                    if r[y] != u32::MAX {
                        return Err(InstanceError::new(format!(
                            "user type {} lists response `{}` twice",
                            u + 1,
                            responses[y]
                        )));
                    }
                    r[y] = t as u32;
                }
            }
            let bottom = user.tiers.len() as u32;
            for x in r.iter_mut() {
                if *x == u32::MAX {
                    *x = bottom;
                }
            }
            rank.push(r);
        }
        let total_weight = crate::number::sum_q(users.iter().map(|u| &u.weight));
        let weights: Vec<Q> = users.iter().map(|u| u.weight.clone()).collect();
        let mut den = crate::number::UBig::ONE;
        for w in &weights {
            den = crate::number::lcm(&den, w.denominator());
            if dashu_int::ops::BitTest::bit_len(&den) as u64 > MAX_WEIGHT_DENOMINATOR_BITS {
                return Err(InstanceError::new(format!(
                    "the weights' common denominator exceeds {MAX_WEIGHT_DENOMINATOR_BITS} bits \
                     (use integer or simpler rational weights)"
                )));
            }
        }
        let c = crate::number::CommonDen::new(&weights);
        let int_total: IBig = c.nums.iter().sum();
        Ok(Instance {
            responses,
            users,
            rank,
            total_weight,
            int_weights: c.nums,
            int_total,
        })
    }

    /// Reads a file by its extension: `.soc`, `.soi`, `.toc`, `.toi` (PrefLib) or `.json`.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Self, InstanceError> {
        Self::from_path_as(path, None)
    }

    /// Reads a file (or standard input for `-`) through the input layer
    /// ([`crate::io::input::read_text`], at most [`MAX_FILE_BYTES`]), in `format` when given,
    /// else by the file's extension. Standard input has no extension, so it needs a format.
    pub fn from_path_as(
        path: impl AsRef<Path>,
        format: Option<Format>,
    ) -> Result<Self, InstanceError> {
        let path = path.as_ref();
        let name = crate::io::input::display_name(path);
        let format = match format {
            Some(f) => f,
            None if crate::io::input::is_dash(path) => {
                return Err(InstanceError::new(
                    "reading an instance from standard input needs --format json|soc|soi|toc|toi",
                )
                .in_file(&name));
            }
            None => path
                .extension()
                .and_then(|e| e.to_str())
                .and_then(Format::from_name)
                .ok_or_else(|| {
                    InstanceError::new(
                        "unknown file type: expected a .soc, .soi, .toc, .toi (PrefLib) or .json \
                         instance (or give --format)",
                    )
                    .in_file(&name)
                })?,
        };
        let text =
            crate::io::input::read_text(path, MAX_FILE_BYTES).map_err(InstanceError::from)?;
        let parsed = match format {
            Format::Json => json::parse(&text),
            f => preflib::parse(&text, Some(f.name())),
        };
        parsed.map_err(|e| e.in_file(&name))
    }

    /// Number of responses m.
    pub fn m(&self) -> usize {
        self.responses.len()
    }
    /// Number of user types n.
    pub fn n(&self) -> usize {
        self.users.len()
    }
    /// The response names y_1..y_m; index i in every vector of this crate is response i.
    pub fn responses(&self) -> &[String] {
        &self.responses
    }
    /// The user types, in the order read (not merged; see [`Instance::canonical`]).
    pub fn users(&self) -> &[UserType] {
        &self.users
    }
    /// Σ_u w_u.
    pub fn total_weight(&self) -> &Q {
        &self.total_weight
    }
    /// ω_u = w_u / Σ_v w_v.
    pub fn omega(&self, u: usize) -> Q {
        &self.users[u].weight / &self.total_weight
    }
    /// Tier index of response `y` for user `u` (0 = best, bottom tier = number of listed tiers).
    pub fn rank(&self, u: usize, y: usize) -> u32 {
        self.rank[u][y]
    }
    /// The whole rank table, `rank_table()[u][y]`.
    pub fn rank_table(&self) -> &[Vec<u32>] {
        &self.rank
    }
    /// Index of a response by name.
    pub fn index_of(&self, name: &str) -> Option<usize> {
        self.responses.iter().position(|r| r == name)
    }

    /// User weights as integers over one common denominator: `(c_u, Σ c_u)` with
    /// `ω_u = c_u / Σ c_u`.
    pub fn integer_weights(&self) -> (&[IBig], &IBig) {
        (&self.int_weights, &self.int_total)
    }

    /// The canonical form: responses in their given order; each user's tiers with indices sorted,
    /// a last listed tier that holds exactly all remaining responses dropped (it equals the
    /// implicit bottom tier); users with identical orders merged (weights added); users sorted by
    /// their order. Weights are kept as given (in lowest terms), not normalised.
    pub fn canonical(&self) -> Instance {
        let m = self.m();
        let mut merged: BTreeMap<Vec<Vec<usize>>, Q> = BTreeMap::new();
        for user in &self.users {
            let mut tiers: Vec<Vec<usize>> = user
                .tiers
                .iter()
                .map(|t| {
                    let mut t = t.clone();
                    t.sort_unstable();
                    t
                })
                .collect();
            let listed: usize = tiers.iter().map(Vec::len).sum();
            if listed == m && !tiers.is_empty() {
                tiers.pop();
            }
            *merged.entry(tiers).or_insert(Q::ZERO) += &user.weight;
        }
        let users = merged
            .into_iter()
            .map(|(tiers, weight)| UserType { weight, tiers })
            .collect();
        Instance::new(self.responses.clone(), users).expect(
            "merging a valid instance's user types keeps its responses, positive weights and \
             denominators (lcm of sums divides the lcm of the parts)",
        )
    }

    /// Compact JSON of the canonical form (the bytes that [`Instance::sha256`] hashes).
    pub fn canonical_json(&self) -> String {
        serde_json::to_string(&json::to_document(&self.canonical()))
            .expect("the instance document has string keys only")
    }

    /// SHA-256 (lower-case hex) of [`Instance::canonical_json`].
    pub fn sha256(&self) -> String {
        use sha2::{Digest, Sha256};
        let digest = Sha256::digest(self.canonical_json().as_bytes());
        digest.iter().map(|b| format!("{b:02x}")).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::number::{q, qi};

    fn names(xs: &[&str]) -> Vec<String> {
        xs.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn unlisted_responses_form_bottom_tier() {
        let inst = Instance::new(
            names(&["a", "b", "c"]),
            vec![UserType {
                weight: qi(2),
                tiers: vec![vec![1]],
            }],
        )
        .unwrap();
        assert_eq!(inst.rank(0, 1), 0);
        assert_eq!(inst.rank(0, 0), 1);
        assert_eq!(inst.rank(0, 2), 1);
        assert_eq!(inst.omega(0), qi(1));
    }

    #[test]
    fn validation_errors() {
        let u = |w: Q, tiers: Vec<Vec<usize>>| UserType { weight: w, tiers };
        assert!(Instance::new(vec![], vec![u(qi(1), vec![])]).is_err());
        assert!(Instance::new(names(&["a"]), vec![]).is_err());
        assert!(Instance::new(names(&["a", "a"]), vec![u(qi(1), vec![])]).is_err());
        assert!(Instance::new(names(&["a"]), vec![u(qi(0), vec![])]).is_err());
        assert!(Instance::new(names(&["a"]), vec![u(q(-1, 2), vec![])]).is_err());
        let twice = Instance::new(names(&["a", "b"]), vec![u(qi(1), vec![vec![0], vec![0]])]);
        assert!(twice.unwrap_err().message.contains("twice"));
        assert!(Instance::new(names(&["a"]), vec![u(qi(1), vec![vec![3]])]).is_err());
        assert!(Instance::new(names(&["a"]), vec![u(qi(1), vec![vec![]])]).is_err());
    }

    #[test]
    fn canonical_hash_ignores_user_order_and_weight_spelling() {
        let u = |w: Q, tiers: Vec<Vec<usize>>| UserType { weight: w, tiers };
        let a = Instance::new(
            names(&["x", "y", "z"]),
            vec![
                u(q(1, 2), vec![vec![0], vec![1, 2]]),
                u(qi(1), vec![vec![2, 1]]),
            ],
        )
        .unwrap();
        let b = Instance::new(
            names(&["x", "y", "z"]),
            vec![
                u(q(2, 4), vec![vec![0]]),
                u(q(1, 2), vec![vec![1, 2]]),
                u(q(1, 2), vec![vec![2, 1], vec![0]]),
            ],
        )
        .unwrap();
        assert_eq!(a.sha256(), b.sha256());
        let c = Instance::new(
            names(&["x", "y", "z"]),
            vec![u(q(1, 3), vec![vec![0]]), u(qi(1), vec![vec![1, 2]])],
        )
        .unwrap();
        assert_ne!(a.sha256(), c.sha256());
        assert_eq!(a.sha256().len(), 64);
    }
}
