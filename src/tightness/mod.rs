//! The upper bound for whole symmetric families: v*_k by the orbit LP, for any N, and as a
//! rational function of N valid for every N ≥ N0 (docs/THEORY.md §9).
//!
//! Owns: the two symmetric families ualign reasons about without building their user types,
//! impartial culture (all N! strict orders, invariant under every permutation of the N responses)
//! and the Condorcet cycle (the N rotations of y1 ≻ … ≻ yN, invariant under rotations).
//!
//! Both groups act transitively on the responses, so the orbit LP has one opponent orbit: for a
//! policy invariant under the group, the win rate against y' is the same for every y', hence equal
//! to the win rate against the uniform opponent σ = (1/N, …, 1/N). The orbit LP therefore reads
//! "maximise Σ_O x_O·W(O) over distributions x on orbits O", where W(O) is the win rate of any
//! multiset of O against σ; its optimum is the best orbit, and σ is an optimal dual: no k-output
//! policy beats max_O W(O) against σ. Everything here is exact (`Q`); the win rates have closed
//! forms in N (docs/THEORY.md §9), checked against the full k-output LP for small N in the tests.
//!
//! Cost: impartial culture enumerates the partitions of k (231 for k = 16); the cycle also does,
//! with an O(d) gap allocation per partition. Neither depends on N beyond the size of the numbers.

pub mod certificate;
mod cycle;
mod impartial;
mod partitions;
mod poly;
mod symbolic;

use crate::number::Q;

pub use cycle::cycle_orbit_win_rate;
pub(crate) use cycle::solve_cycle;
pub(crate) use impartial::solve_impartial;
pub use impartial::{impartial_pattern_win_rate, pattern_share_coefficients};
pub use partitions::partitions;
pub use poly::Poly;
pub use symbolic::{SymbolicValue, symbolic_impartial};

/// Largest k accepted by the family solvers (partitions of 16: 231 orbits).
pub const MAX_FAMILY_K: usize = 16;
/// Largest N accepted by the family solvers.
pub const MAX_FAMILY_N: u64 = 1_000_000;

/// A symmetric family of instances indexed by its number of responses N.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// Impartial culture: every strict order on N responses, weight 1 each.
    Impartial,
    /// The Condorcet cycle: the N rotations of y1 ≻ y2 ≻ … ≻ yN, weight 1 each.
    Cycle,
}

impl Family {
    /// The family's name on the command line and in JSON (`impartial`, `cycle`).
    pub fn name(self) -> &'static str {
        match self {
            Family::Impartial => "impartial",
            Family::Cycle => "cycle",
        }
    }

    /// Parses `impartial` or `cycle`.
    pub fn parse(s: &str) -> Option<Family> {
        match s {
            "impartial" => Some(Family::Impartial),
            "cycle" => Some(Family::Cycle),
            _ => None,
        }
    }
}

impl std::fmt::Display for Family {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// One orbit of k-multisets, described by a representative.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Orbit {
    /// Multiplicities of the distinct responses of the representative, in the order of
    /// `representative`'s distinct elements (non-increasing for impartial culture).
    pub multiplicities: Vec<usize>,
    /// For the cycle: the number of responses outside the multiset just before each distinct
    /// element (cyclically); empty for impartial culture.
    pub gaps: Vec<u64>,
    /// A representative multiset: 0-based response indices, sorted (response i is `y{i+1}`).
    pub representative: Vec<u64>,
}

/// v*_k of one family member, with an optimal invariant policy and the dual opponent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FamilyValue {
    /// The family.
    pub family: Family,
    /// Number of responses N.
    pub n: u64,
    /// Number of outputs k.
    pub k: usize,
    /// v*_k: the best robust win rate of any k-output policy on this instance.
    pub value: Q,
    /// An optimal orbit (the invariant optimal policy spreads probability 1 uniformly over it).
    pub orbit: Orbit,
    /// Number of multiplicity patterns compared (partitions of k into at most N parts; for the
    /// cycle each with its best placement around the circle).
    pub patterns: usize,
}

impl FamilyValue {
    /// k/(k+1), the product-policy ceiling.
    pub fn ceiling(&self) -> Q {
        ceiling(self.k)
    }

    /// v*_k − k/(k+1).
    pub fn excess(&self) -> Q {
        &self.value - self.ceiling()
    }
}

/// k/(k+1).
pub fn ceiling(k: usize) -> Q {
    frac(k as u64, k as u64 + 1)
}

/// Why a family question was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TightnessError {
    /// k outside 1..=MAX_FAMILY_K.
    #[error(
        "k = {0} is outside 1..={MAX_FAMILY_K} (the orbit count grows like the partitions of k)"
    )]
    BadK(usize),
    /// N outside the family's range.
    #[error("n = {0} is outside 1..={MAX_FAMILY_N}")]
    BadN(u64),
    /// No symbolic form for this family.
    #[error("--symbolic is available for the impartial family only")]
    NoSymbolic,
}

/// v*_k of `family` with `n` responses.
pub fn solve(family: Family, n: u64, k: usize) -> Result<FamilyValue, TightnessError> {
    check(n, k)?;
    Ok(match family {
        Family::Impartial => solve_impartial(n, k),
        Family::Cycle => solve_cycle(n, k),
    })
}

pub(crate) fn check(n: u64, k: usize) -> Result<(), TightnessError> {
    if k == 0 || k > MAX_FAMILY_K {
        return Err(TightnessError::BadK(k));
    }
    if n == 0 || n > MAX_FAMILY_N {
        return Err(TightnessError::BadN(n));
    }
    Ok(())
}

/// The exact rational p/q from small integers.
pub(crate) fn frac(p: u64, q: u64) -> Q {
    Q::from_parts(p.into(), q.into())
}
