//! The family solvers (docs/THEORY.md §9) against the full k-output LP and brute force.
//!
//! - every multiset's win rate against the uniform opponent, from the closed forms, equals the
//!   average of its exact win rates over all opponents on the built instance (all multisets);
//! - the orbit LP's value equals the full LP's v*_k: impartial culture N = 2..7, the cycle
//!   N = 3..7, k = 1..6;
//! - the symbolic value equals the orbit LP for N = N0..N0+20 and N = 1,000, k = 1..8.

mod common;
use common::cli::ualign;
use ualign::families;
use ualign::koutput::{WinRateTable, optimal_koutput};
use ualign::number::{Q, q};
use ualign::tightness::{
    Family, Poly, cycle_orbit_win_rate, impartial_pattern_win_rate, solve, symbolic_impartial,
};

/// Multiplicities of the distinct elements of a sorted multiset, non-increasing.
fn pattern(s: &[usize]) -> Vec<usize> {
    let mut counts: Vec<usize> = s.chunk_by(|a, b| a == b).map(|c| c.len()).collect();
    counts.sort_unstable_by(|a, b| b.cmp(a));
    counts
}

/// Blocks (gap before, multiplicity) of a sorted multiset on the n-cycle, starting at its
/// smallest element.
fn blocks(s: &[usize], n: usize) -> Vec<(u64, usize)> {
    let groups: Vec<(usize, usize)> = s.chunk_by(|a, b| a == b).map(|c| (c[0], c.len())).collect();
    let d = groups.len();
    (0..d)
        .map(|i| {
            let prev = groups[(i + d - 1) % d].0;
            let here = groups[i].0;
            let gap = (here + n - prev - 1) % n;
            let gap = if d == 1 { n - 1 } else { gap };
            (gap as u64, groups[i].1)
        })
        .collect()
}

fn average_over_opponents(t: &WinRateTable, s: usize, m: usize) -> Q {
    let mut sum = Q::ZERO;
    for y in 0..m {
        sum += t.get(s, y);
    }
    sum / Q::from(m as u64)
}

#[test]
fn closed_forms_equal_every_multisets_exact_average_win_rate() {
    for n in 2..=5usize {
        let inst = families::impartial(n).unwrap();
        for k in 1..=4 {
            let t = WinRateTable::new(&inst, k).unwrap();
            for (i, s) in t.multisets.iter().enumerate() {
                let want = average_over_opponents(&t, i, n);
                assert_eq!(
                    impartial_pattern_win_rate(&pattern(s), n as u64),
                    want,
                    "IC n={n} k={k} S={s:?}"
                );
            }
        }
    }
    for n in 2..=7usize {
        let inst = families::cycle(n).unwrap();
        for k in 1..=4 {
            let t = WinRateTable::new(&inst, k).unwrap();
            for (i, s) in t.multisets.iter().enumerate() {
                let want = average_over_opponents(&t, i, n);
                assert_eq!(
                    cycle_orbit_win_rate(&blocks(s, n)),
                    want,
                    "cycle n={n} k={k} S={s:?}"
                );
            }
        }
    }
}

#[test]
fn orbit_lp_equals_the_full_lp() {
    for (family, ns) in [(Family::Impartial, 2..=7usize), (Family::Cycle, 3..=7)] {
        for n in ns {
            let inst = match family {
                Family::Impartial => families::impartial(n).unwrap(),
                Family::Cycle => families::cycle(n).unwrap(),
            };
            for k in 1..=6 {
                let full = optimal_koutput(&inst, k).unwrap();
                let orbit = solve(family, n as u64, k).unwrap();
                assert_eq!(orbit.value, full.value, "{family} n={n} k={k}");
            }
        }
    }
}

#[test]
fn impartial_values_from_the_readme_table() {
    let want = [
        (3, 2, q(13, 18)),
        (4, 3, q(13, 16)),
        (5, 4, q(43, 50)),
        (6, 2, q(25, 36)),
        (3, 4, q(23, 27)),
        (2, 3, q(19, 24)),
    ];
    for (n, k, v) in want {
        assert_eq!(
            solve(Family::Impartial, n, k).unwrap().value,
            v,
            "n={n} k={k}"
        );
    }
    // N = 10^6 without building 10^6! user types: k/(k+1) + (k−1)/(2(k+1)N).
    let big = solve(Family::Impartial, 1_000_000, 16).unwrap();
    assert_eq!(big.value, q(16, 17) + q(15, 34_000_000));
    assert_eq!(big.orbit.multiplicities, vec![1; 16]);
}

#[test]
fn symbolic_value_matches_the_orbit_lp() {
    for k in 1..=8 {
        let s = symbolic_impartial(k).unwrap();
        let n0 = s.valid_for_n_at_least;
        for n in (n0..=n0 + 20).chain([1_000]) {
            let v = solve(Family::Impartial, n, k).unwrap().value;
            assert_eq!(s.eval(n), v, "k={k} n={n}");
        }
        for small in &s.small_n {
            assert_eq!(
                small.value,
                solve(Family::Impartial, small.n, k).unwrap().value
            );
        }
        assert_eq!(s.small_n.len() as u64, n0 - 1);
        assert_eq!(s.limit, q(k as i64, k as u64 + 1));
        // v*_k(N) = k/(k+1) + (k−1)/(2(k+1)N): numerator (k−1) + 2k·N, denominator 2(k+1)·N.
        let k = k as i64;
        let ints = |v: &[ualign::number::IBig]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        // In lowest terms: gcd(k−1, 2k, 2k+2) = gcd(k−1, 2), 2 for odd k.
        let g = if k % 2 == 1 { 2 } else { 1 };
        if k > 1 {
            let num = [((k - 1) / g).to_string(), (2 * k / g).to_string()];
            assert_eq!(ints(&s.numerator), num);
            assert_eq!(
                ints(&s.denominator),
                ["0".to_string(), (2 * (k + 1) / g).to_string()]
            );
        }
    }
}

#[test]
fn n0_equals_k_up_to_16() {
    for k in 1..=16 {
        assert_eq!(
            symbolic_impartial(k).unwrap().valid_for_n_at_least,
            k as u64,
            "k={k}"
        );
    }
}

#[test]
fn n0_is_tight_where_the_pattern_changes() {
    // Below N0 the formula must fail at N0 − 1 for some k (else N0 would not be minimal), or
    // N0 is the smallest N with room for k distinct responses.
    for k in 2..=8usize {
        let s = symbolic_impartial(k).unwrap();
        let n0 = s.valid_for_n_at_least;
        assert!(n0 >= k as u64);
        if n0 > k as u64 {
            let v = solve(Family::Impartial, n0 - 1, k).unwrap().value;
            assert_ne!(s.eval(n0 - 1), v, "k={k}: N0 = {n0} is not minimal");
        }
    }
}

#[test]
fn polynomial_shift_and_sign_test() {
    // p(N) = N² − 5N + 6 = (N−2)(N−3): p(3 + t) = t² + t, non-negative from 3; not from 2.
    let p = Poly::new(vec![Q::from(6), Q::from(-5), Q::from(1)]);
    assert_eq!(p.shift(&Q::from(3u8)).coeffs(), &[Q::ZERO, Q::ONE, Q::ONE]);
    assert!(p.nonnegative_from(3));
    assert!(!p.nonnegative_from(2));
    assert_eq!(p.eval(&Q::from(10u8)), Q::from(56u8));
}

#[test]
fn cli_json_and_errors() {
    let out = ualign(["tightness", "impartial", "--k", "3", "--n", "5", "--json"]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["command"], "tightness");
    assert_eq!(v["instance"], serde_json::Value::Null);
    assert_eq!(v["k"], 3);
    assert_eq!(v["value"], "4/5");
    assert_eq!(v["ceiling"], "3/4");
    assert_eq!(v["excess"], "1/20");
    let out = ualign(["tightness", "impartial", "--k", "4", "--symbolic", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["valid_for_n_at_least"], 4);
    assert_eq!(v["value"]["numerator"], serde_json::json!(["3", "8"]));
    assert_eq!(v["value"]["denominator"], serde_json::json!(["0", "10"]));
    assert_eq!(v["limit"], "4/5");
    assert_eq!(v["small_n"][2]["value"], "23/27");
    for bad in [
        vec!["tightness", "cycle", "--k", "2", "--symbolic"],
        vec!["tightness", "impartial", "--k", "17", "--n", "5"],
        vec!["tightness", "impartial", "--k", "2", "--n", "0"],
        vec!["tightness", "impartial", "--k", "2", "--n", "1000001"],
        vec!["tightness", "square", "--k", "2", "--n", "5"],
    ] {
        let out = ualign(&bad);
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.trim().lines().count(), 1, "{bad:?}: {err}");
    }
}
