//! Every limit the checker enforces on its input, in one place (docs/THEORY.md §8).
//!
//! A certificate over a limit is malformed (exit 2) and is refused before the work the limit
//! guards is done. The solver imports these same constants so that what it writes stays inside
//! them. Nothing here is a tolerance: all arithmetic is exact; these only bound time and memory.

/// Largest certificate file accepted, in bytes. Read with a bounded reader, so a larger file
/// costs no more memory than this; 16 MiB holds the largest committed proof 200 times over.
pub const MAX_FILE_BYTES: u64 = 16 << 20;

/// Longest number string accepted, in characters. Guards big-integer parsing and every product
/// built from it: a 10⁶-digit numerator is refused before any arithmetic.
pub const MAX_NUMBER_CHARS: usize = 20_000;

/// Largest (user types) × (responses) of the embedded instance, checked before allocating the
/// rank table (one machine word per entry: 80 MB at the limit).
pub const MAX_PROFILE_ENTRIES: usize = 10_000_000;

/// Largest k (and ℓ) accepted: the evaluator's polynomials have degree k, and the multiset
/// enumeration below grows like m^k.
pub const MAX_K: usize = 64;

/// Largest number of multisets a claim may make the checker enumerate, C(m+k−1, k) for k-output
/// duals and C(m+ℓ−1, ℓ) for robust win rates (computed with early exit, never overflowing).
pub const MAX_MULTISETS: u128 = 200_000;

/// Largest bit length of the least common denominator of one claim's numbers, and of the
/// instance's weights (checked incrementally, before any arithmetic on them): many distinct
/// long denominators would otherwise multiply into one enormous common denominator.
pub const MAX_LCM_BITS: u64 = 200_000;

/// Largest estimated cost of checking one claim, in the units of the reader's estimate (user-term
/// evaluations weighted by the digit sizes of their numbers).
pub const MAX_COST: u128 = 1_000_000_000;
