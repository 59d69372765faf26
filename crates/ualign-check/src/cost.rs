//! The cost model (docs/THEORY.md §8; the formulas are written out in `proofs/README.md`, so a
//! second checker can refuse exactly what this one refuses). Integers only.
//!
//! A claim's cost is modelled in units of about a nanosecond of this checker's work, from the
//! sizes that actually cost: m, n (user types), k, ℓ, the multisets enumerated, and the bit
//! sizes of the numbers as they grow (a policy of b bits raised to the k-th power has k·b).
//! Multiplications are charged at the schoolbook rate (words × words), reduced rational
//! operations at the rate of num-bigint's binary gcd (quadratic, with a larger constant), and
//! every number read is charged for its conversion and reduction. The constants are fitted by
//! `benches/cost.rs` and then multiplied by [`SAFETY`], so real times stay well below the model
//! (`tests/cost.rs` checks that no accepted claim takes more than 10 s).

/// Factor between the fitted costs and the charged ones.
pub const SAFETY: u128 = 6;

/// 64-bit words of a `bits`-bit integer, plus one.
pub fn words(bits: u128) -> u128 {
    bits / 64 + 1
}

/// Multiplying an `x`-bit integer by a `y`-bit one.
pub fn mul(x: u128, y: u128) -> u128 {
    SAFETY * (150 + words(x) * words(y))
}

/// One reduced rational operation on `bits`-bit numbers (its gcd dominates).
pub fn rop(bits: u128) -> u128 {
    SAFETY * (200 + 10 * words(bits) * words(bits))
}

/// Reading a number string of `chars` characters (decimal conversion and reduction).
pub fn parse(chars: u128) -> u128 {
    rop(chars * 10 / 3 + 4)
}

/// One user's term of U_k or of a product win rate on integers (`Profile::share_frac`): the
/// powers of B and Horner in A (2k multiplications by a `b`-bit number of results up to k·b
/// bits), then the product with the `w`-bit weight.
pub fn user_eval(k: u128, b: u128, w: u128) -> u128 {
    2 * k * mul(k * b + 64, b) + mul(k * b + 64, w)
}

/// One evaluation of U_k(y, π) or of a product opponent share over all `n` users, with the two
/// cross-multiplications that compare it.
pub fn evaluation(n: u128, k: u128, b: u128, w: u128) -> u128 {
    n * user_eval(k, b, w) + 2 * mul(k * b + w + 64, b + 64)
}

/// Putting a policy of m entries of `b` bits over a common denominator and checking its sum.
pub fn policy(m: u128, b: u128) -> u128 {
    3 * m * rop(b)
}

/// The m × m margin matrix M(y, z) = P(y ≻ z) − ½ (integer sums over n users, one reduction).
pub fn margins(m: u128, n: u128, w: u128) -> u128 {
    m * m * (n * mul(w, 8) + rop(w))
}

/// The interval-Newton (Krawczyk) test of a box with `r` support responses whose own numbers
/// (lo, hi, center) have `bb` bits: enclosures by the tier polynomial at both ends for every
/// user and every response (reduced rationals of k·b + w bits), the per-user interval sums
/// ([`interval_sums`]), the Jacobian and K(X) with interval products.
pub fn krawczyk(m: u128, n: u128, r: u128, k: u128, b: u128, w: u128, bb: u128) -> u128 {
    let big = k * b + w + 64;
    (m + 2 * r) * n * (3 * user_eval(k, b, 0) + 4 * rop(big))
        + interval_sums(m, n, r, bb, k * (bb + 64) + w)
        + r * evaluation(n, k, b, w)
        + (r + 8 * r * r * r) * rop(big)
}

/// The segment test of a box (docs/THEORY.md §10.4): all m payoffs at the k + 1 points, and for
/// each the quotient, divisor and remainder (together at most 3(k + 2) coefficients) by Horner
/// on numbers of at most k·b + w + 64 bits (b: the size of all the claim's numbers).
pub fn segment(m: u128, n: u128, k: u128, b: u128, w: u128) -> u128 {
    (k + 1) * m * (evaluation(n, k, b, w) + 3 * (k + 2) * rop(k * b + w + 64))
}

/// The per-user interval sums of a box test, for each of the m + r enclosures of a user: the
/// tier masses (2m additions of the box's `bb`-bit numbers) and the Jacobian cells (2r + 4
/// operations on the users' derivative terms, polynomials of degree k − 1 in those masses
/// times a weight: at most `cell` bits). The leading 3 is calibration: at m = r = 8, k = 2 and
/// 8,863 users an exact box took 9 s of CPU (1 ms per user), about twice what these counts
/// cost at the fitted rate of [`rop`]; 3 keeps the largest such claim the default budget
/// accepts near 6 s (`tests/checker_cost_boxes.rs`).
pub fn interval_sums(m: u128, n: u128, r: u128, bb: u128, cell: u128) -> u128 {
    3 * n * (m + r) * (2 * m * rop(bb + 64) + (2 * r + 4) * rop(cell))
}

/// A box whose test runs in outward-rounded fixed point of `p` bits (the claims module's ball
/// enclosures, docs/THEORY.md §10.1): n·(2m + 3r) enclosures of 3k products of p-bit numbers
/// (plus the weight), and the interval Krawczyk step on the box's `big_b`-bit numbers.
pub fn ball_box(m: u128, n: u128, r: u128, k: u128, p: u128, big_b: u128, w: u128) -> u128 {
    n * (2 * m + 3 * r) * (3 * k * mul(p + 64, p + 64) + mul(p + 64, w))
        + interval_sums(m, n, r, big_b, p + w + 64)
        + (r + 8 * r * r * r) * rop(p + big_b + w + 64)
}

/// Seconds (two decimals) of a modelled cost, for messages.
pub fn seconds(cost: u128) -> String {
    format!(
        "{}.{:02} s",
        cost / 1_000_000_000,
        cost % 1_000_000_000 / 10_000_000
    )
}
