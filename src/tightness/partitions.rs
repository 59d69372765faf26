//! Partitions of k (multiplicity patterns of k-multisets), the orbits of impartial culture.

/// All partitions of `k` into at most `max_parts` parts, each non-increasing, in
/// reverse-lexicographic order (`[k]` first, `[1; k]` last when allowed).
pub fn partitions(k: usize, max_parts: usize) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    let mut cur = Vec::new();
    fill(k, k, max_parts, &mut cur, &mut out);
    out
}

fn fill(
    rest: usize,
    largest: usize,
    parts: usize,
    cur: &mut Vec<usize>,
    out: &mut Vec<Vec<usize>>,
) {
    if rest == 0 {
        out.push(cur.clone());
        return;
    }
    if parts == 0 {
        return;
    }
    for c in (1..=largest.min(rest)).rev() {
        cur.push(c);
        fill(rest - c, c, parts - 1, cur, out);
        cur.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_match_the_partition_numbers() {
        let p: Vec<usize> = (1..=16).map(|k| partitions(k, k).len()).collect();
        assert_eq!(
            p,
            [
                1, 2, 3, 5, 7, 11, 15, 22, 30, 42, 56, 77, 101, 135, 176, 231
            ]
        );
        assert_eq!(partitions(4, 2), vec![vec![4], vec![3, 1], vec![2, 2]]);
        assert_eq!(partitions(3, 3), vec![vec![3], vec![2, 1], vec![1, 1, 1]]);
    }
}
