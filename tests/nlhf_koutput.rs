//! docs/THEORY.md §5 and §6: maximal lotteries and the optimal k-output LP, with every answer's
//! evidence re-checked here by plain evaluation (not by the solver's own word).
#![allow(clippy::needless_range_loop)]

mod common;

use rand::RngExt;
use std::path::Path;

use common::{random_instance, rng};
use ualign::families::impartial;
use ualign::game::{Mixture, margin_matrix, mixture_robust, multisets};
use ualign::instance::Instance;
use ualign::koutput::{WinRateTable, optimal_koutput};
use ualign::nlhf::maximal_lottery;
use ualign::number::{Q, q, qi, sum_q};

fn load(p: &str) -> Instance {
    Instance::from_path(Path::new(p)).unwrap()
}

/// pᵀM ≥ 0, p ≥ 0, Σp = 1.
fn is_maximal_lottery(margins: &[Vec<Q>], p: &[Q]) -> bool {
    let m = p.len();
    sum_q(p) == qi(1)
        && p.iter().all(|x| *x >= Q::ZERO)
        && (0..m)
            .all(|c| sum_q(&(0..m).map(|r| &p[r] * &margins[r][c]).collect::<Vec<_>>()) >= Q::ZERO)
}

/// Checks the dual evidence of a bound p'(y) ≥ t (lower) or ≤ t (upper).
fn evidence_holds(margins: &[Vec<Q>], y: usize, lambda: &[Q], t: &Q, lower: bool) -> bool {
    let m = margins.len();
    (0..m).all(|z| {
        let ml = sum_q(
            &(0..m)
                .map(|c| &margins[z][c] * &lambda[c])
                .collect::<Vec<_>>(),
        ) + t;
        let e = if z == y { qi(1) } else { Q::ZERO };
        if lower { ml <= e } else { ml >= e }
    }) && lambda
        .iter()
        .all(|l| if lower { *l >= Q::ZERO } else { *l <= Q::ZERO })
}

#[test]
fn maximal_lotteries_of_known_profiles() {
    let barrier = maximal_lottery(&load("instances/barrier-eps-1-10.json")).unwrap();
    assert_eq!(barrier.p, vec![qi(1), qi(0)]);
    assert!(barrier.unique);
    let cycle = maximal_lottery(&load("instances/condorcet-cycle-3.json")).unwrap();
    assert_eq!(cycle.p, vec![q(1, 3), q(1, 3), q(1, 3)]);
    assert!(cycle.unique);
    // APA 1998: Candidate 3 is the Condorcet winner.
    let apa = maximal_lottery(&load("instances/preflib/00028-00000001.soi")).unwrap();
    assert_eq!(apa.condorcet_winner, Some(2));
    assert_eq!(apa.p[2], qi(1));
    assert!(apa.unique);
    // Cujae professors (15 voters, ties): several maximal lotteries.
    let cujae = maximal_lottery(&load("instances/preflib/00032-00000004.toi")).unwrap();
    assert!(!cujae.unique);
}

#[test]
fn even_electorates_with_several_maximal_lotteries_are_not_unique() {
    // Two voters, opposite orders on three responses: a ~ c pairwise etc.
    let inst = ualign::instance::json::parse(
        r#"{"responses":["a","b","c"],"users":[
        {"weight":"1","ranking":["a","b","c"]},{"weight":"1","ranking":["c","b","a"]}]}"#,
    )
    .unwrap();
    let ml = maximal_lottery(&inst).unwrap();
    assert!(!ml.unique);
    assert!(ml.ranges.iter().any(|r| r.lower.bound < r.upper.bound));
}

#[test]
fn random_instances_maximal_lottery_evidence() {
    let mut r = rng(11);
    for _ in 0..40 {
        let m = r.random_range(2..6usize);
        let inst = random_instance(&mut r, m, 5);
        let ml = maximal_lottery(&inst).unwrap();
        let mm = margin_matrix(&inst);
        assert!(is_maximal_lottery(&mm, &ml.p));
        // Support lies in the Smith set.
        for y in 0..m {
            if ml.p[y] > Q::ZERO {
                assert!(ml.smith_set.contains(&y));
            }
        }
        if let Some(w) = ml.condorcet_winner {
            assert_eq!(ml.p[w], qi(1));
        }
        for y in 0..m {
            let rg = &ml.ranges[y];
            assert!(evidence_holds(
                &mm,
                y,
                &rg.lower.lambda,
                &rg.lower.bound,
                true
            ));
            assert!(evidence_holds(
                &mm,
                y,
                &rg.upper.lambda,
                &rg.upper.bound,
                false
            ));
            assert!(rg.lower.bound <= ml.p[y] && ml.p[y] <= rg.upper.bound);
        }
        assert_eq!(
            ml.unique,
            ml.ranges.iter().all(|r| r.lower.bound == r.upper.bound)
        );
    }
}

/// Independent check of a k-output result: the primal's robust win rate (by definition, via
/// mixture_robust) and the dual's best response over all multisets both equal the value.
fn assert_koutput_certified(inst: &Instance, k: usize) -> Q {
    let r = optimal_koutput(inst, k).unwrap();
    let mix = Mixture {
        k,
        entries: r.policy.clone(),
    };
    assert_eq!(
        sum_q(&r.policy.iter().map(|(_, p)| p.clone()).collect::<Vec<_>>()),
        qi(1)
    );
    assert_eq!(
        mixture_robust(inst, &mix, 1).robust_win_rate,
        r.value,
        "primal, k = {k}"
    );
    assert_eq!(sum_q(&r.opponent), qi(1));
    assert!(r.opponent.iter().all(|s| *s >= Q::ZERO));
    let table = WinRateTable::new(inst, k).unwrap();
    let best = (0..table.multisets.len())
        .map(|s| {
            sum_q(
                &(0..inst.m())
                    .map(|y| table.get(s, y) * &r.opponent[y])
                    .collect::<Vec<_>>(),
            )
        })
        .max()
        .unwrap();
    assert_eq!(best, r.value, "dual, k = {k}");
    assert!(r.value >= q(k as i64, k as u64 + 1));
    r.value
}

#[test]
fn impartial_culture_values() {
    let mut previous: Vec<Option<Q>> = vec![None; 4];
    for n in 2..=5 {
        let inst = impartial(n).unwrap();
        for k in 1..=3usize {
            let v = assert_koutput_certified(&inst, k);
            let ceiling = q(k as i64, k as u64 + 1);
            if k == 1 {
                assert_eq!(v, q(1, 2));
            } else {
                assert!(v > ceiling && v < qi(1), "N = {n}, k = {k}: {v}");
                // Approaches k/(k+1) from above as N grows: strictly decreasing once N − 1 ≥ k
                // (with fewer responses than k the policy cannot show them all: not monotone).
                if let Some(p) = previous[k].as_ref().filter(|_| n > k) {
                    assert!(v < *p, "N = {n}, k = {k}");
                }
            }
            previous[k] = Some(v);
        }
    }
    // Exact values (regression anchors, checked by the certificate test above).
    assert_eq!(
        optimal_koutput(&impartial(4).unwrap(), 2).unwrap().value,
        q(17, 24)
    );
    assert_eq!(
        optimal_koutput(&impartial(5).unwrap(), 3).unwrap().value,
        q(4, 5)
    );
    assert_eq!(
        optimal_koutput(&impartial(3).unwrap(), 2).unwrap().value,
        q(13, 18)
    );
    assert_eq!(
        optimal_koutput(&impartial(2).unwrap(), 3).unwrap().value,
        q(19, 24)
    );
}

#[test]
fn random_koutput_values_are_certified() {
    let mut r = rng(5);
    for i in 0..12 {
        let inst = random_instance(&mut r, 2 + i % 4, 4);
        for k in 1..=3 {
            assert_koutput_certified(&inst, k);
        }
    }
}

#[test]
fn real_profiles_koutput() {
    let inst = load("instances/preflib/00024-00000001.soc");
    for k in 1..=4 {
        assert_koutput_certified(&inst, k);
    }
    let _ = multisets(2, 2).count();
}
