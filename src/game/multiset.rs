//! k-multisets of responses, written as non-decreasing index lists, and their probabilities
//! under a product policy π^{⊗k}.

use itertools::Itertools;

use crate::number::{IBig, Q, UBig};

/// All k-multisets of `0..m` as sorted index lists, in lexicographic order
/// (there are C(m+k−1, k) of them).
pub fn multisets(m: usize, k: usize) -> impl Iterator<Item = Vec<usize>> {
    (0..m).combinations_with_replacement(k)
}

/// Number of k-multisets of m items, C(m+k−1, k), or `None` on overflow.
pub fn multiset_count(m: usize, k: usize) -> Option<u128> {
    if m == 0 {
        return Some(u128::from(k == 0));
    }
    let mut c: u128 = 1;
    for i in 0..k as u128 {
        c = c.checked_mul(m as u128 - 1 + i + 1)? / (i + 1);
    }
    Some(c)
}

/// Pr\[S\] under π^{⊗k} for a sorted multiset S: `k! / Π_i c_i! · Π_i π_i^{c_i}`.
pub fn multinomial_probability(pi: &[Q], s: &[usize]) -> Q {
    let k = s.len();
    let mut coef = factorial(k);
    let mut prob = Q::ONE;
    for (y, group) in &s.iter().chunk_by(|&&y| y) {
        let c = group.count();
        coef /= factorial(c);
        prob *= pi[y].pow(c as isize);
    }
    prob * Q::from(coef)
}

fn factorial(n: usize) -> UBig {
    (1..=n).fold(UBig::ONE, |acc, i| acc * UBig::from(i))
}

/// Σ_S Pr\[S\] over all multisets is 1; helper for tests: the binomial coefficient C(n, j).
pub fn binomial(n: usize, j: usize) -> IBig {
    if j > n {
        return IBig::ZERO;
    }
    let mut c = UBig::ONE;
    for i in 0..j {
        c = c * UBig::from(n - i) / UBig::from(i + 1);
    }
    IBig::from(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::number::{q, sum_q};

    #[test]
    fn counts_and_probabilities() {
        assert_eq!(multisets(3, 2).count(), 6);
        assert_eq!(multiset_count(3, 2), Some(6));
        assert_eq!(multiset_count(9, 4), Some(495));
        assert_eq!(multiset_count(12, 6), Some(12376));
        let pi = [q(1, 2), q(1, 3), q(1, 6)];
        let probs: Vec<Q> = multisets(3, 3)
            .map(|s| multinomial_probability(&pi, &s))
            .collect();
        assert_eq!(sum_q(&probs), Q::ONE);
        assert_eq!(multinomial_probability(&pi, &[0, 0, 1]), q(1, 4));
        assert_eq!(binomial(5, 2), IBig::from(10));
    }
}
