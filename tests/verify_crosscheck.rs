//! The checker's own evaluator and instance reader against the solver-side `game` and
//! `instance` modules on random instances: exact equality everywhere. The two sides are written
//! differently (verify: rational tier sums Σ_j C(k,j) p^j r^(k−j) c/(c+j) and per-user share
//! splitting; game: integer closed form G(A, L) over common denominators), so agreement is the
//! project's best evidence that both are right.

use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use ualign::certificate::{Certificate, CertificateBuild, Claim, ClaimBuild};
use ualign::game::robust::product_opponent_share;
use ualign::game::{
    Mixture, deviation_payoffs, mixture_win_rate, multisets, pref, product_report,
    product_robust_ell, shares,
};
use ualign::instance::{Instance, UserType, json};
use ualign::number::{Q, q};
use ualign::verify::profile::Profile;
use ualign::verify::{VerifyError, verify_str};

/// The checker's rational (rust-num) from the solver's (dashu), through the exact `p/q` text.
fn cq(x: &Q) -> ualign_check::number::Q {
    ualign_check::number::parse_q(&ualign::number::fmt_q(x)).unwrap()
}

fn cqv(v: &[Q]) -> Vec<ualign_check::number::Q> {
    v.iter().map(cq).collect()
}

/// The solver's rational from the checker's.
fn back(x: &ualign_check::number::Q) -> Q {
    ualign::number::parse_q(&ualign_check::number::fmt_q(x)).unwrap()
}

fn backv(v: &[ualign_check::number::Q]) -> Vec<Q> {
    v.iter().map(back).collect()
}

/// A random instance: 1..=5 responses, 1..=5 user types, random weights, random weak orders
/// listing a random subset of the responses (so ties and the implicit bottom tier both occur).
fn random_instance(rng: &mut ChaCha8Rng) -> Instance {
    let m = rng.random_range(1..=5usize);
    let n = rng.random_range(1..=5usize);
    let users = (0..n)
        .map(|_| {
            let mut ys: Vec<usize> = (0..m).filter(|_| rng.random_bool(0.8)).collect();
            for i in (1..ys.len()).rev() {
                ys.swap(i, rng.random_range(0..=i));
            }
            let mut tiers: Vec<Vec<usize>> = Vec::new();
            for y in ys {
                match tiers.last_mut() {
                    Some(t) if rng.random_bool(0.3) => t.push(y),
                    _ => tiers.push(vec![y]),
                }
            }
            UserType {
                weight: q(rng.random_range(1..=9), rng.random_range(1..=7)),
                tiers,
            }
        })
        .collect();
    let names = (0..m).map(|i| format!("r{i}")).collect();
    Instance::new(names, users).unwrap()
}

fn random_distribution(rng: &mut ChaCha8Rng, m: usize) -> Vec<Q> {
    let w: Vec<i64> = (0..m)
        .map(|_| {
            if rng.random_bool(0.2) {
                0
            } else {
                rng.random_range(1..=12)
            }
        })
        .collect();
    let total: i64 = w.iter().sum::<i64>().max(1);
    if w.iter().all(|&x| x == 0) {
        let mut v = vec![Q::ZERO; m];
        v[0] = Q::ONE;
        return v;
    }
    w.iter().map(|&x| q(x, total as u64)).collect()
}

fn profile(inst: &Instance) -> Profile {
    let doc = json::to_document(inst);
    Profile::from_doc(&doc, u128::MAX).unwrap()
}

#[test]
fn canonical_hash_matches_instance_module() {
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let mut files = vec![];
    for dir in ["instances", "instances/preflib"] {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x != "md") {
                files.push(p);
            }
        }
    }
    assert!(files.len() >= 8);
    let mut insts: Vec<Instance> = files
        .iter()
        .map(|p| Instance::from_path(p).unwrap())
        .collect();
    insts.extend((0..200).map(|_| random_instance(&mut rng)));
    for inst in &insts {
        // Non-canonical documents (as read, with the description) hash like the canonical form.
        let prof = profile(inst);
        assert_eq!(prof.canonical_json(), inst.canonical_json());
        assert_eq!(prof.sha256(), inst.sha256());
        let prof2 = Profile::from_doc(&json::to_document(&inst.canonical()), u128::MAX).unwrap();
        assert_eq!(prof2.sha256(), inst.sha256());
    }
}

#[test]
fn preferences_shares_and_win_rates_agree() {
    let mut rng = ChaCha8Rng::seed_from_u64(11);
    for _ in 0..150 {
        let inst = random_instance(&mut rng);
        let prof = profile(&inst);
        let m = inst.m();
        for y in 0..m {
            for z in 0..m {
                assert_eq!(back(&prof.pref(y, z)), pref(&inst, y, z));
            }
        }
        for _ in 0..4 {
            let len = rng.random_range(1..=5);
            let pos: Vec<usize> = (0..len).map(|_| rng.random_range(0..m)).collect();
            assert_eq!(backv(&prof.shares(&pos)), shares(&inst, &pos), "{pos:?}");
            let k = rng.random_range(1..=3);
            let mut s: Vec<usize> = (0..k).map(|_| rng.random_range(0..m)).collect();
            s.sort_unstable();
            let ell = rng.random_range(1..=3);
            let o: Vec<usize> = (0..ell).map(|_| rng.random_range(0..m)).collect();
            let mix = Mixture {
                k,
                entries: vec![(s.clone(), Q::ONE)],
            };
            assert_eq!(
                back(&prof.win_rate(&s, &o)),
                mixture_win_rate(&inst, &mix, &o)
            );
        }
    }
}

#[test]
fn deviation_payoffs_and_opponent_shares_agree() {
    let mut rng = ChaCha8Rng::seed_from_u64(13);
    for _ in 0..120 {
        let inst = random_instance(&mut rng);
        let prof = profile(&inst);
        let m = inst.m();
        let pi = random_distribution(&mut rng, m);
        for k in 1..=5 {
            let game_u = deviation_payoffs(&inst, &pi, k);
            let mine: Vec<Q> = (0..m)
                .map(|y| back(&prof.deviation_payoff(&cqv(&pi), k, y)))
                .collect();
            assert_eq!(mine, game_u, "k = {k}");
            // Exchangeability: Σ_y π(y) U_k(y, π) = 1/(k+1).
            let total = (0..m).fold(Q::ZERO, |a, y| a + &pi[y] * &mine[y]);
            assert_eq!(total, q(1, k as u64 + 1));
        }
        for _ in 0..3 {
            let k = rng.random_range(1..=4);
            let ell = rng.random_range(1..=3);
            let o: Vec<usize> = (0..ell).map(|_| rng.random_range(0..m)).collect();
            assert_eq!(
                back(&prof.product_opponent_share(&cqv(&pi), k, &o)),
                product_opponent_share(&inst, &pi, k, &o)
            );
        }
    }
}

/// Product win rates against ℓ-multisets agree with the explicit mixture of all k-multisets
/// weighted by their multinomial probabilities, evaluated by the checker's share function.
#[test]
fn product_formula_matches_enumeration_in_checker() {
    let mut rng = ChaCha8Rng::seed_from_u64(17);
    for _ in 0..40 {
        let inst = random_instance(&mut rng);
        let prof = profile(&inst);
        let m = inst.m();
        let pi = random_distribution(&mut rng, m);
        let k = rng.random_range(1..=3);
        let ell = rng.random_range(1..=2);
        for o in multisets(m, ell) {
            let by_enum = multisets(m, k).fold(Q::ZERO, |a, s| {
                a + ualign::game::multinomial_probability(&pi, &s) * back(&prof.win_rate(&s, &o))
            });
            assert_eq!(
                Q::ONE - back(&prof.product_opponent_share(&cqv(&pi), k, &o)),
                by_enum
            );
        }
    }
}

/// End to end: certificates filled from `game`'s results on random instances are accepted,
/// and the same claims with the value nudged are rejected.
#[test]
fn certificates_from_game_results_verify() {
    let mut rng = ChaCha8Rng::seed_from_u64(19);
    for _ in 0..25 {
        let inst = random_instance(&mut rng);
        let m = inst.m();
        let pi = random_distribution(&mut rng, m);
        let k = rng.random_range(1..=4);
        let ell = rng.random_range(1..=2);
        let rep = product_report(&inst, &pi, k);
        let rob = product_robust_ell(&inst, &pi, k, ell);
        let make = |eps: &Q, value: &Q| {
            Certificate::new(
                &inst,
                vec![
                    Claim::equilibrium_epsilon(&inst, k, &pi, eps),
                    Claim::robust_product(&inst, k, ell, &pi, value, &rob.worst_opponent),
                ],
            )
            .to_json_string()
        };
        let (eps, value) = (&rep.exploitability, &rob.robust_win_rate);
        let good = make(eps, value);
        verify_str(&good).unwrap_or_else(|e| panic!("{e}\n{good}"));
        let higher = make(eps, &(value + q(1, 1_000_000)));
        match verify_str(&higher) {
            Err(VerifyError::ClaimFailed { claim: 1, .. }) => {}
            other => panic!("{other:?}"),
        }
        if *eps > Q::ZERO {
            match verify_str(&make(&(eps / q(2, 1)), value)) {
                Err(VerifyError::ClaimFailed { claim: 0, .. }) => {}
                other => panic!("{other:?}"),
            }
        }
    }
}

/// The k-output dual check runs on integers over a common denominator (fast path); compare it
/// with the definition max_S Σ_y σ(y)·WR_{k,1}(S, y) evaluated by the checker's share function,
/// on random instances and on the barrier instance with k = 50 (Λ = lcm(1..51) > 2^64).
#[test]
fn koutput_dual_fast_path_matches_definition() {
    let mut rng = ChaCha8Rng::seed_from_u64(23);
    let mut cases: Vec<(Instance, usize)> = (0..30)
        .map(|_| {
            let inst = random_instance(&mut rng);
            let k = rng.random_range(1..=4);
            (inst, k)
        })
        .collect();
    cases.push((
        json::parse(
            r#"{"responses":["a","b"],"users":[
            {"weight":"3/5","ranking":[["a"],["b"]]},{"weight":"2/5","ranking":[["b"],["a"]]}]}"#,
        )
        .unwrap(),
        50,
    ));
    for (inst, k) in cases {
        let prof = profile(&inst);
        let m = inst.m();
        let sigma = random_distribution(&mut rng, m);
        let max = multisets(m, k)
            .map(|s| {
                (0..m).fold(Q::ZERO, |a, y| {
                    a + &sigma[y] * back(&prof.win_rate(&s, &[y]))
                })
            })
            .max()
            .unwrap();
        let primal = vec![(vec![0; k], Q::ONE)];
        let claim = |upper: &Q| {
            Certificate::new(
                &inst,
                vec![Claim::koutput_bracket(
                    &inst,
                    k,
                    &Q::ZERO,
                    upper,
                    &primal,
                    &sigma,
                )],
            )
            .to_json_string()
        };
        verify_str(&claim(&max)).unwrap_or_else(|e| panic!("k = {k}: {e}"));
        match verify_str(&claim(&(&max - q(1, 1_000_000_000)))) {
            Err(VerifyError::ClaimFailed { message, .. }) => {
                assert!(message.contains("σ"), "{message}")
            }
            other => panic!("{other:?}"),
        }
    }
}
