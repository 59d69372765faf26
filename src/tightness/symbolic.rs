//! v*_k of impartial culture as a rational function of N, proved for every N ≥ N0
//! (docs/THEORY.md §9).
//!
//! Method (the orbit LP's basis, solved over Q(N)): solve at a large N to find the optimal
//! pattern λ*; its value 1 − α* − β*/N is a rational function of N. λ* stays optimal for every
//! N ≥ N0 when, for every other pattern λ, D_λ(N) = N·(g_λ(N) − g_λ*(N)) ≥ 0 (primal optimality
//! of λ* against the uniform dual σ, which is feasible for every N). Each D_λ is a polynomial in
//! N; N0 is the least integer ≥ d* (λ* needs d* distinct responses) at which every D_λ(N0 + t) has
//! non-negative coefficients (Descartes' rule after the shift), found by bisection (the condition
//! is monotone in N0). Smaller N are solved one by one.

use super::impartial::pattern_share_coefficients;
use super::{FamilyValue, MAX_FAMILY_N, Poly, TightnessError, check, partitions, solve_impartial};
use crate::number::{IBig, Q};

/// v*_k(N) = numerator(N) / denominator(N) for every N ≥ `valid_for_n_at_least`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SymbolicValue {
    /// Number of outputs k.
    pub k: usize,
    /// N0: the formula is proved for every N ≥ N0.
    pub valid_for_n_at_least: u64,
    /// Numerator coefficients (coprime integers with the denominator's), ascending powers of N.
    pub numerator: Vec<IBig>,
    /// Denominator coefficients, ascending powers of N.
    pub denominator: Vec<IBig>,
    /// lim_{N→∞} v*_k(N).
    pub limit: Q,
    /// The optimal multiplicity pattern for every N ≥ N0.
    pub pattern: Vec<usize>,
    /// v*_k for N = 1..N0−1, solved one by one.
    pub small_n: Vec<FamilyValue>,
}

/// The symbolic value of impartial culture for `k` outputs.
pub fn symbolic_impartial(k: usize) -> Result<SymbolicValue, TightnessError> {
    check(1, k)?;
    let at_large = solve_impartial(MAX_FAMILY_N, k);
    let star = at_large.orbit.multiplicities.clone();
    let (a_star, b_star) = pattern_share_coefficients(&star);
    let conditions: Vec<Poly> = partitions(k, k)
        .iter()
        .filter(|p| **p != star)
        .map(|p| {
            let (a, b) = pattern_share_coefficients(p);
            Poly::new(vec![b - &b_star, a - &a_star])
        })
        .collect();
    let holds = |n0: u64| conditions.iter().all(|c| c.nonnegative_from(n0));
    let (mut lo, mut hi) = (star.len() as u64, MAX_FAMILY_N);
    if !holds(hi) {
        // Cannot happen for impartial culture (the all-distinct pattern wins for large N), but a
        // wrong claim must never be printed.
        return Err(TightnessError::BadN(hi));
    }
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if holds(mid) { hi = mid } else { lo = mid + 1 }
    }
    let n0 = lo.max(1);
    // v(N) = 1 − α* − β*/N = ((1 − α*)·N − β*) / N.
    let num = Poly::new(vec![-b_star.clone(), Q::ONE - &a_star]);
    let den = Poly::new(vec![Q::ZERO, Q::ONE]);
    let (numerator, denominator) = common_scale(&num, &den);
    let small_n = (1..n0).map(|n| solve_impartial(n, k)).collect();
    Ok(SymbolicValue {
        k,
        valid_for_n_at_least: n0,
        numerator,
        denominator,
        limit: Q::ONE - a_star,
        pattern: star,
        small_n,
    })
}

/// Both polynomials scaled by one factor to coprime integer coefficients, the denominator's
/// leading coefficient positive.
fn common_scale(num: &Poly, den: &Poly) -> (Vec<IBig>, Vec<IBig>) {
    let joined: Vec<Q> = num.coeffs().iter().chain(den.coeffs()).cloned().collect();
    let ints = Poly::new(joined.clone()).integer_coefficients();
    // integer_coefficients drops nothing here: the denominator's leading coefficient is nonzero.
    let (a, b) = ints.split_at(num.coeffs().len());
    let (mut a, mut b) = (a.to_vec(), b.to_vec());
    // Cancel a common power of N (e.g. k = 1: N / 2N = 1/2).
    while a.len() > 1 && b.len() > 1 && a[0] == IBig::ZERO && b[0] == IBig::ZERO {
        a.remove(0);
        b.remove(0);
    }
    (a, b)
}

impl SymbolicValue {
    /// The value at N (meaningful for N ≥ N0).
    pub fn eval(&self, n: u64) -> Q {
        let x = Q::from(n);
        let ev = |c: &[IBig]| Poly::new(c.iter().map(|v| Q::from(v.clone())).collect()).eval(&x);
        ev(&self.numerator) / ev(&self.denominator)
    }
}
