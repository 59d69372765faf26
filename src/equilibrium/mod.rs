//! Symmetric equilibria of the (k+1)-player alignment game (docs/THEORY.md §4 and §7).
//!
//! - [`solve()`]: find a symmetric equilibrium and return the strongest honest result: an exact
//!   rational equilibrium, a box certified by an exact Krawczyk test to contain one, or the best
//!   rational ε-equilibrium found (with its exact ε);
//! - [`check_box`]: the independent re-check of a box certificate, from scratch;
//! - [`dynamics`]: self-play learning (Hedge, optimistic Hedge, extragradient) in `f64`, with
//!   the no-regret guarantee of the history mixture and the exact exploitability of the last
//!   iterate.

pub mod ballbox;
mod boxes;
pub mod certify;
mod columns;
pub mod dynamics;
mod exactbox;
pub mod face;
pub mod game;
pub mod linalg;
mod linear;
mod precise;
mod reconstruct;
mod refine;
mod search;
pub mod segment;
pub mod solve;
mod touching;
pub mod types;

pub use certify::{EqBox, check_box};
pub use dynamics::{Algo, SelfPlayOptions, SelfPlayRun, exact_final, self_play};
pub use solve::solve;
pub use types::{
    DEFAULT_PRECISION, EqError, EquilibriumResult, EquilibriumStatus, MAX_PRECISION, MIN_PRECISION,
    SolveOptions,
};

/// Largest k accepted: the checker's cap (`ualign_check::limits::MAX_K`, one constant for
/// producer and checker), so every k the solver proves can be certified. Above
/// [`EXACT_BOX_MAX_K`] boxes are tested in ball arithmetic (`ballbox.rs`), whose cost grows like
/// k instead of the exact test's k².
pub const MAX_K: usize = ualign_check::limits::MAX_K;

/// Largest k whose boxes the solver tests in exact rational arithmetic.
pub const EXACT_BOX_MAX_K: usize = 32;

/// Checks 1 ≤ k ≤ [`MAX_K`].
pub fn check_k(k: usize) -> Result<usize, String> {
    if k == 0 {
        return Err("k must be at least 1 (k = 0 outputs nothing)".into());
    }
    if k > MAX_K {
        return Err(format!("k = {k} is above the supported maximum {MAX_K}"));
    }
    Ok(k)
}
