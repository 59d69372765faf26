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

/// Largest instance, policy or mixture file the solver reads, in bytes (memory before parsing).
pub const MAX_INSTANCE_FILE_BYTES: u64 = 256 << 20;

/// Largest number of responses: the exact algorithms are quadratic or worse in m.
pub const MAX_RESPONSES: usize = 4096;

/// Largest number of user types: instance memory and the cost of every exact sum over users.
pub const MAX_USER_TYPES: usize = 1_000_000;

/// Largest bit length of the common denominator of an instance's weights: exact sums over
/// hundreds of weights with 5,000-digit denominators take minutes.
pub const MAX_WEIGHT_DENOMINATOR_BITS: u64 = 65_536;

/// Largest (user types) × (responses) of the embedded instance, checked before allocating the
/// rank table (one machine word per entry: 80 MB at the limit).
pub const MAX_PROFILE_ENTRIES: usize = 10_000_000;

/// Largest k (and ℓ) accepted: 1,024, so that boxes proved in ball arithmetic (whose cost is
/// linear in k, docs/THEORY.md §10.1) can be checked up to the k of the paper's scaling curves.
/// What is affordable below it is decided by the cost budget ([`DEFAULT_MAX_COST`]): exact claims at
/// large k (polynomials of degree k in the claim's numbers) usually are not, and the multiset
/// enumerations stay bounded by [`MAX_MULTISETS`].
pub const MAX_K: usize = 1024;

/// Range of `ball_precision` (bits of the outward-rounded enclosures) accepted in a box.
pub const BALL_PRECISION: std::ops::RangeInclusive<u64> = 32..=8192;

/// Largest number of multisets a claim may make the checker enumerate, C(m+k−1, k) for k-output
/// duals and C(m+ℓ−1, ℓ) for robust win rates (computed with early exit, never overflowing).
pub const MAX_MULTISETS: u128 = 200_000;

/// Largest bit length of the least common denominator of one claim's numbers, and of the
/// instance's weights (checked incrementally, before any arithmetic on them): many distinct
/// long denominators would otherwise multiply into one enormous common denominator.
pub const MAX_LCM_BITS: u64 = 200_000;

/// Default budget of modelled cost for one certificate file, in the units of [`crate::cost`]
/// (about nanoseconds, charged pessimistically: `cost::SAFETY` times the fitted cost): 60 s of
/// modelled cost, so no file the default accepts keeps the checker busy for more than about
/// 10 s. `--max-cost SECONDS` raises it.
pub const DEFAULT_MAX_COST: u128 = 60_000_000_000;
