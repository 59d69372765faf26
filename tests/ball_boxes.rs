//! Ball-arithmetic boxes, k up to 1,024 (docs/THEORY.md §10): the barrier B(1/10) reaches 1024/1025 with a box proved in
//! ball arithmetic, exchangeability holds exactly at k = 1,024, tampered ball boxes are refused,
//! and the ball test agrees with the exact test where both run.

use std::path::Path;

use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use ualign::equilibrium::{EqBox, EquilibriumStatus, SolveOptions, check_box, solve};
use ualign::game::{deviation_payoffs, product_report};
use ualign::instance::Instance;
use ualign::number::{IBig, Q, UBig, q};

fn load(name: &str) -> Instance {
    Instance::from_path(Path::new(env!("CARGO_MANIFEST_DIR")).join(name).as_path()).unwrap()
}

fn pow2(e: usize) -> Q {
    Q::from_parts(IBig::ONE, UBig::ONE << e)
}

/// The B(1/10) box at k = 1,024, proved in ball arithmetic.
fn barrier_box() -> (Instance, EqBox) {
    let inst = load("instances/barrier-eps-1-10.json");
    let r = solve(&inst, 1024, &SolveOptions::default()).unwrap();
    assert_eq!(r.status, EquilibriumStatus::CertifiedBox);
    assert_eq!(r.robust_win_rate, q(1024, 1025));
    let bx = r.bx.expect("a box");
    assert!(
        bx.ball_precision.is_some(),
        "large k boxes use ball arithmetic"
    );
    (inst, bx)
}

#[test]
fn barrier_at_k_1024_reaches_1024_over_1025_in_a_ball_box() {
    let (inst, bx) = barrier_box();
    check_box(&inst, 1024, &bx).unwrap();
    // The root: 0.6·(1 − q^1025)/(1 − q) + 0.4·(1 − q)^1024 = 1 with q = π(b); π(a) is within
    // 10^-40 of 3/5 (the correction 0.4·0.6^1024/… is far below that).
    let a = (&bx.lo[0] + &bx.hi[0]) / Q::from(2u8);
    let gap = dashu_int::ops::Abs::abs(&a - q(3, 5));
    assert!(gap < pow2(130), "π(a) = {a}");
    assert!(gap > Q::ZERO);
    // NLHF's maximal lottery δ_a stays at 1/2 + ε = 3/5 for k = 1,024.
    let nlhf = product_report(&inst, &[Q::ONE, Q::ZERO], 1024);
    assert_eq!(nlhf.robust_win_rate, q(3, 5));
}

#[test]
fn tampered_ball_boxes_are_refused() {
    let (inst, bx) = barrier_box();
    let free = bx.free()[0];
    let basis = bx.basis;
    let set = |lo: Q, hi: Q| {
        let mut b = bx.clone();
        b.hi[basis] = Q::ONE - &lo;
        b.lo[basis] = Q::ONE - &hi;
        b.lo[free] = lo;
        b.hi[free] = hi;
        b
    };
    let (lo, hi) = (bx.lo[free].clone(), bx.hi[free].clone());
    let centre = (&lo + &hi) / Q::from(2u8);
    // Shifted by 2^-100: the zero is no longer inside.
    let shifted = set(&lo + pow2(100), &hi + pow2(100));
    assert!(check_box(&inst, 1024, &shifted).is_err());
    // Radius understated: 2^-300 around the same centre (the centre is only 2^-190 accurate).
    let narrow = set(&centre - pow2(300), &centre + pow2(300));
    let err = check_box(&inst, 1024, &narrow).unwrap_err();
    assert!(err.contains("Krawczyk"), "{err}");
    // Far too wide: [1/4, 3/4] is not mapped into itself at k = 1,024.
    let wide = set(q(1, 4), q(3, 4));
    assert!(check_box(&inst, 1024, &wide).is_err());
    // A non-dyadic bound cannot be a ball box.
    let odd = set(&lo - q(1, 3) * pow2(200), hi.clone());
    let err = check_box(&inst, 1024, &odd).unwrap_err();
    assert!(err.contains("dyadic"), "{err}");
    // The untampered box still passes, and so does an honest wider one (2^-100).
    check_box(&inst, 1024, &bx).unwrap();
    check_box(&inst, 1024, &set(&centre - pow2(100), &centre + pow2(100))).unwrap();
}

#[test]
fn exchangeability_is_exact_at_k_1024() {
    let mut rng = ChaCha8Rng::seed_from_u64(12);
    for (file, trials) in [
        ("instances/ties-and-unranked.json", 3),
        ("instances/preflib/00028-00000001.soi", 2),
    ] {
        let inst = load(file);
        for _ in 0..trials {
            let raw: Vec<u64> = (0..inst.m()).map(|_| rng.random_range(0..12)).collect();
            let total: u64 = raw.iter().sum::<u64>().max(1);
            let mut pi: Vec<Q> = raw.iter().map(|&x| q(x as i64, total)).collect();
            if raw.iter().all(|&x| x == 0) {
                pi[0] = Q::ONE;
            }
            let u = deviation_payoffs(&inst, &pi, 1024);
            let s = pi.iter().zip(&u).fold(Q::ZERO, |a, (p, x)| a + p * x);
            assert_eq!(s, q(1, 1025), "{file}");
            let rep = product_report(&inst, &pi, 1024);
            assert_eq!(rep.robust_win_rate, q(1024, 1025) - &rep.exploitability);
        }
    }
}

#[test]
fn ball_and_exact_tests_agree_on_solver_boxes() {
    // Boxes the solver proves exactly at k ≤ 32, re-tested in ball arithmetic (same bounds).
    for (file, k) in [
        ("instances/barrier-eps-1-10.json", 5),
        ("instances/ties-and-unranked.json", 3),
        ("instances/preflib/00024-00000001.soc", 8),
    ] {
        let inst = load(file);
        let r = solve(&inst, k, &SolveOptions::default()).unwrap();
        let Some(bx) = r.bx else { continue };
        assert_eq!(bx.ball_precision, None);
        check_box(&inst, k, &bx).unwrap();
        let ball = EqBox {
            ball_precision: Some(256),
            ..bx
        };
        check_box(&inst, k, &ball).unwrap();
    }
}

#[test]
fn real_profiles_are_proved_at_k_256() {
    for file in [
        "instances/preflib/00024-00000001.soc",
        "instances/preflib/00028-00000001.soi",
        "instances/preflib/00032-00000004.toi",
    ] {
        let inst = load(file);
        let r = solve(&inst, 256, &SolveOptions::default()).unwrap();
        assert_ne!(r.status, EquilibriumStatus::Epsilon, "{file}");
        assert_eq!(r.robust_win_rate, q(256, 257));
        if let Some(bx) = &r.bx {
            check_box(&inst, 256, bx).unwrap();
            // The reported ε of the centre is a certified upper bound: ≥ the exact value.
            let exact = product_report(&inst, &r.policy, 256).exploitability;
            assert!(r.exploitability >= exact, "{file}");
        }
    }
}

#[test]
fn certificates_at_large_k_carry_ball_boxes_and_verify() {
    use ualign::certificate::Claim;
    use ualign::certificate::certify::{CertifyOptions, certify, certify_barrier};
    let inst = load("instances/barrier-eps-1-10.json");
    let opts = CertifyOptions {
        ks: vec![2, 40, 100],
        ..CertifyOptions::default()
    };
    let out = certify(&inst, &opts).unwrap();
    ualign::verify::verify_str(&out.certificate.to_json_string()).unwrap();
    let balls: Vec<(u64, Option<u64>)> = (out.certificate.claims.iter())
        .filter_map(|c| match c {
            Claim::Equilibrium(e) => Some((e.k, e.box_data.as_ref()?.ball_precision)),
            _ => None,
        })
        .collect();
    // k = 2: an exact equilibrium (no box); k = 40 and 100: boxes in ball arithmetic.
    let ks: Vec<u64> = balls.iter().map(|b| b.0).collect();
    assert_eq!(ks, [40, 100], "{balls:?}");
    assert!(
        balls.iter().all(|b| b.1.is_some_and(|p| p >= 200)),
        "{balls:?}"
    );
    // Only the exact R_k,ℓ of a ball-box centre is left out (numbers of about 200·k bits).
    let notes = out.notes.join("\n");
    assert!(
        notes.contains("k = 100: ℓ = 2 opponent claim left out"),
        "{notes}"
    );
    assert!(!notes.contains("equilibrium claim"), "{notes}");
    let b = certify_barrier(&inst, &q(1, 10), &[2, 100]).unwrap();
    assert_eq!(b.nlhf, vec![q(3, 5), q(3, 5)]);
    assert_eq!(b.equilibria[1].robust_win_rate, q(100, 101));
    assert!(b.notes.is_empty(), "{:?}", b.notes);
    ualign::verify::verify_str(&b.certificate.to_json_string()).unwrap();
}
