//! Named policies: a single-output policy π ∈ Δ(Y) (docs/THEORY.md §3) with its response names,
//! and the named form of the solvers' results, which index responses by position.
//!
//! The solvers work on index vectors (`Vec<Q>`, position y is π(y)); these types attach the
//! instance's names so that a caller reads `policy["a"]` instead of `p[0]`. Nothing here
//! computes; every probability is the solver's exact rational.

use std::fmt;

use crate::equilibrium::EquilibriumResult;
use crate::instance::Instance;
use crate::koutput::KOutputResult;
use crate::nlhf::MaximalLottery;
use crate::number::{Q, fmt_q};

/// A single-output policy with response names: π(y) for every response y of an instance, in
/// the instance's order (zeros included).
///
/// ```
/// let inst = ualign::Instance::from_path(concat!(
///     env!("CARGO_MANIFEST_DIR"),
///     "/instances/barrier-eps-1-10.json"
/// ))?;
/// let eq = ualign::solve_equilibrium(&inst, 2, &ualign::SolveOptions::default())?;
/// let pi = eq.named_policy(&inst);
/// assert_eq!(pi["a"], ualign::number::q(4, 5));
/// assert_eq!(pi.to_string(), "a: 4/5, b: 1/5");
/// assert_eq!(pi.support().collect::<Vec<_>>(), ["a", "b"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    entries: Vec<(String, Q)>,
}

impl Policy {
    /// Attaches `inst`'s response names to `p` (position y is π(y)); `None` when the lengths
    /// differ.
    pub fn new(inst: &Instance, p: &[Q]) -> Option<Policy> {
        (p.len() == inst.m()).then(|| Policy {
            entries: inst
                .responses()
                .iter()
                .cloned()
                .zip(p.iter().cloned())
                .collect(),
        })
    }

    /// π(name), or `None` for a name that is not a response.
    pub fn get(&self, name: &str) -> Option<&Q> {
        self.entries.iter().find(|(n, _)| n == name).map(|(_, p)| p)
    }

    /// (name, π(name)) in the instance's order, zeros included.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Q)> {
        self.entries.iter().map(|(n, p)| (n.as_str(), p))
    }

    /// The responses with π(y) > 0, in the instance's order.
    pub fn support(&self) -> impl Iterator<Item = &str> {
        self.iter().filter(|(_, p)| **p > Q::ZERO).map(|(n, _)| n)
    }

    /// The probabilities by position (the solvers' form).
    pub fn probabilities(&self) -> Vec<Q> {
        self.entries.iter().map(|(_, p)| p.clone()).collect()
    }
}

impl std::ops::Index<&str> for Policy {
    type Output = Q;
    /// π(name); panics for a name that is not a response (use [`Policy::get`] to ask).
    fn index(&self, name: &str) -> &Q {
        self.get(name)
            .unwrap_or_else(|| panic!("`{name}` is not a response of this policy"))
    }
}

impl fmt::Display for Policy {
    /// `a: 4/5, b: 1/5`: the support, exact, in the instance's order.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self
            .iter()
            .filter(|(_, p)| **p > Q::ZERO)
            .map(|(n, p)| format!("{n}: {}", fmt_q(p)))
            .collect();
        f.write_str(&parts.join(", "))
    }
}

fn named(inst: &Instance, p: &[Q]) -> Policy {
    // The solvers return one probability per response of the instance they were given.
    Policy::new(inst, p).unwrap_or_else(|| Policy {
        entries: p
            .iter()
            .enumerate()
            .map(|(i, q)| (format!("#{i}"), q.clone()))
            .collect(),
    })
}

impl MaximalLottery {
    /// The maximal lottery p with `inst`'s response names.
    ///
    /// ```
    /// let inst = ualign::Instance::from_path(concat!(
    ///     env!("CARGO_MANIFEST_DIR"),
    ///     "/instances/condorcet-cycle-3.json"
    /// ))?;
    /// let ml = ualign::maximal_lottery(&inst)?;
    /// assert_eq!(ml.named_policy(&inst).to_string(), "a: 1/3, b: 1/3, c: 1/3");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn named_policy(&self, inst: &Instance) -> Policy {
        named(inst, &self.p)
    }
}

impl EquilibriumResult {
    /// The equilibrium policy π with `inst`'s response names (see [`Policy`]).
    pub fn named_policy(&self, inst: &Instance) -> Policy {
        named(inst, &self.policy)
    }
}

impl KOutputResult {
    /// The optimal k-output policy as (multiset of response names, probability), and the dual
    /// rival σ with names.
    ///
    /// ```
    /// let inst = ualign::Instance::from_path(concat!(
    ///     env!("CARGO_MANIFEST_DIR"),
    ///     "/instances/barrier-eps-1-10.json"
    /// ))?;
    /// let best = ualign::optimal_koutput(&inst, 2)?;
    /// let (multisets, rival) = best.named(&inst);
    /// assert_eq!(multisets, vec![(vec!["a".to_string(), "b".to_string()], ualign::number::qi(1))]);
    /// assert_eq!(rival.to_string(), "a: 1");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn named(&self, inst: &Instance) -> (Vec<(Vec<String>, Q)>, Policy) {
        let names = inst.responses();
        let multisets = self
            .policy
            .iter()
            .map(|(s, p)| {
                let s = s
                    .iter()
                    .map(|&y| names.get(y).cloned().unwrap_or_else(|| format!("#{y}")))
                    .collect();
                (s, p.clone())
            })
            .collect();
        (multisets, named(inst, &self.opponent))
    }
}
