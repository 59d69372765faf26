//! Tests written for mutants of the solver's box test (`src/equilibrium/certify.rs` and
//! `exactbox.rs`) that survived every other test (tests/MUTANTS.md, run of 2026-11-30 on
//! commit f16309b). Each test names the mutant it kills.

use std::path::Path;

use ualign::equilibrium::{EqBox, EquilibriumStatus, SolveOptions, check_box, solve};
use ualign::instance::Instance;
use ualign::number::{Q, q};

fn barrier() -> Instance {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("instances/barrier-eps-1-10.json");
    Instance::from_path(path.as_path()).unwrap()
}

/// The solver's box for B(1/10) at `k` (ball arithmetic above k = 32).
fn barrier_box(k: usize) -> EqBox {
    let r = solve(&barrier(), k, &SolveOptions::default()).unwrap();
    assert_eq!(r.status, EquilibriumStatus::CertifiedBox, "k = {k}");
    r.bx.expect("a box")
}

/// `EqBox::max_width` → `Default::default()` (0): every other test only bounds it from above.
#[test]
fn max_width_is_the_width_of_the_widest_coordinate() {
    let mut bx = barrier_box(3);
    bx.lo = vec![q(1, 4), q(1, 2)];
    bx.hi = vec![q(1, 3), q(3, 4)];
    assert_eq!(bx.max_width(), q(1, 4));
    bx.hi[1] = q(1, 2);
    assert_eq!(bx.max_width(), q(1, 12));
}

/// `check_box`: the guard refusing a ball precision outside 32..=8192 bits → `false`. The box
/// itself is the solver's honest ball box at k = 64; only the declared precision is changed.
#[test]
fn ball_precisions_outside_the_accepted_range_are_refused() {
    let inst = barrier();
    let bx = barrier_box(64);
    assert!(bx.ball_precision.is_some());
    check_box(&inst, 64, &bx).unwrap();
    for p in [31, 8193] {
        let mut b = bx.clone();
        b.ball_precision = Some(p);
        let err = check_box(&inst, 64, &b).unwrap_err();
        assert_eq!(err, format!("ball precision {p} is outside 32..=8192 bits"));
    }
    for p in [32, 8192] {
        let mut b = bx.clone();
        b.ball_precision = Some(p);
        // In range: judged by the ball test itself (which may or may not prove it at 32 bits),
        // never by the range guard.
        if let Err(e) = check_box(&inst, 64, &b) {
            assert!(!e.contains("outside"), "{e}");
        }
    }
}

/// B(1/10) with a third response `c` that everyone ranks last, and the k = 3 box of B(1/10)
/// extended by `c` at [0, 0]: a well-shaped box with one off-support response.
fn with_last_response() -> (Instance, EqBox) {
    let inst = ualign::instance::json::parse(
        r#"{"responses": ["a", "b", "c"], "users": [
            {"weight": "3/5", "ranking": [["a"], ["b"], ["c"]]},
            {"weight": "2/5", "ranking": [["b"], ["a"], ["c"]]}]}"#,
    )
    .unwrap();
    let mut bx = barrier_box(3);
    bx.lo.push(q(0, 1));
    bx.hi.push(q(0, 1));
    check_box(&inst, 3, &bx).unwrap();
    (inst, bx)
}

/// `check_shape`, `||` → `&&` in the support test (l. 285) and the preconditioner test (l. 294):
/// each condition alone must refuse the box, with its own message.
#[test]
fn each_shape_condition_alone_refuses_the_box() {
    let (inst, bx) = with_last_response();
    let refused = |b: &EqBox, want: &str| {
        let err = check_box(&inst, 3, b).unwrap_err();
        assert_eq!(err, want);
    };
    let support = "support must list distinct valid response indices in increasing order";
    let mut b = bx.clone();
    b.support = vec![1, 0]; // valid indices, not increasing
    refused(&b, support);
    b.support = vec![0, 0];
    refused(&b, support);
    b.support = vec![0, 3]; // increasing, but 3 is not a response
    refused(&b, support);
    let d = bx.free().len();
    assert_eq!(d, 1);
    let mut b = bx.clone();
    b.precond = vec![vec![q(1, 1), q(0, 1)]]; // one row (right), of length 2 (wrong)
    refused(&b, "preconditioner must be 1 × 1");
    b.precond = vec![vec![q(1, 1)], vec![q(1, 1)]]; // rows of length 1 (right), two (wrong)
    refused(&b, "preconditioner must be 1 × 1");
}

/// `check_shape`, `||` → `&&` in each of the touching response's conditions (l. 302): off the
/// support, 0 ≤ lo ≤ hi, a valid index; each violated alone must refuse the box.
#[test]
fn each_touching_condition_alone_refuses_the_box() {
    use ualign::equilibrium::certify::Touching;
    let (inst, bx) = with_last_response();
    let touching = |b: &EqBox, response: usize, lo: (i64, u64), hi: (i64, u64)| {
        let mut b = b.clone();
        if response < b.lo.len() {
            b.lo[response] = q(lo.0, lo.1);
            b.hi[response] = q(hi.0, hi.1);
        }
        b.touching = Some(Touching {
            response,
            end_lo: b.lo.clone(),
            end_hi: b.hi.clone(),
        });
        check_box(&inst, 3, &b).unwrap_err()
    };
    let want = "the touching response must be off the support with 0 ≤ lo ≤ hi";
    assert_eq!(touching(&bx, 3, (0, 1), (1, 100)), want); // not a response
    assert_eq!(touching(&bx, 0, (0, 1), (1, 100)), want); // in the support
    assert_eq!(touching(&bx, 2, (-1, 100), (1, 100)), want); // lo < 0
    assert_eq!(touching(&bx, 2, (1, 100), (1, 200)), want); // hi < lo
    // Within the conditions the shape passes and the Krawczyk test decides (here: `c` is not
    // at 1/(k+1), the box is refused for another reason).
    assert_ne!(touching(&bx, 2, (0, 1), (1, 100)), want);
}

/// `check_shape`: an off-support response needs both bounds 0 (l. 307, `||` → `&&`), and the
/// basis range 1 − Σ (free upper bounds) must be positive and above the claimed lower bound
/// (l. 329 `+` → `-`, `*` in Σ hi; l. 334 `1 − Σ hi` → `+`, `/`: each makes the computed
/// lower end larger, so a claimed lower bound above the true one would pass).
#[test]
fn off_support_bounds_and_the_basis_range_are_checked_exactly() {
    let (inst, bx) = with_last_response();
    for (lo, hi) in [(q(0, 1), q(1, 100)), (q(1, 100), q(0, 1))] {
        let mut b = bx.clone();
        b.lo[2] = lo;
        b.hi[2] = hi;
        let err = check_box(&inst, 3, &b).unwrap_err();
        assert_eq!(err, "off-support response `c` must have bounds [0, 0]");
    }
    let (basis, free) = (bx.basis, bx.free()[0]);
    let name = inst.responses()[basis].clone();
    // The claimed lower bound of the basis 2^-200 above 1 − hi(free): refused by the range test.
    let mut b = bx.clone();
    b.lo[basis] = q(1, 1) - &bx.hi[free] + ualign::number::parse_q("1/2").unwrap().pow(200);
    let err = check_box(&inst, 3, &b).unwrap_err();
    let want = format!("π({name}) = 1 − Σ others ranges over [");
    assert!(
        err.starts_with(&want) && err.contains("not inside the claimed"),
        "{err}"
    );
    // Free upper bound 1: then 1 − Σ hi = 0 is not positive.
    let mut b = bx.clone();
    b.hi[free] = q(1, 1);
    let err = check_box(&inst, 3, &b).unwrap_err();
    assert_eq!(
        err,
        format!("lower bound of π({name}) = 1 − Σ upper bounds is not positive")
    );
}

/// `check_shape` l. 341, `basis_lo < lo[basis]` → `>`: a claimed basis range wider than
/// 1 − Σ (free bounds) is allowed (the claim is an enclosure), so a lower bound below the
/// computed one must pass.
#[test]
fn a_wider_claimed_basis_range_is_accepted() {
    let (inst, bx) = with_last_response();
    let tiny = ualign::number::parse_q("1/2").unwrap().pow(200);
    let mut b = bx.clone();
    b.lo[b.basis] = &bx.lo[bx.basis] - &tiny;
    b.hi[b.basis] = &bx.hi[bx.basis] + &tiny;
    check_box(&inst, 3, &b).unwrap();
}

/// `check_box_exact` l. 88, the even common denominator `2·D` → `D + 2`: the integer bounds are
/// then read over the wrong denominator, a scaling by D/(D + 2). Solver boxes are dyadic with
/// D = 2^p, where that is a relative change of 2^-p, far inside their margin; a box over a prime
/// denominator N, with the root within 1/(2N) of its upper end, moves off the root instead.
#[test]
fn a_box_over_a_prime_denominator_is_read_exactly() {
    use ualign::number::{IBig, Q, UBig};
    let inst = barrier();
    let bx = barrier_box(3);
    let s = bx.free()[0];
    let root = bx.centre()[s].clone();
    let over = |n: &IBig, den: u64| Q::from_parts(n.clone(), UBig::from(den));
    let mut tried = 0;
    for den in [
        100_003u64, 100_019, 100_043, 100_049, 100_057, 100_069, 100_103, 100_109,
    ] {
        let scaled = &root * Q::from(den);
        let floor = scaled.floor();
        if &scaled - Q::from(floor.clone()) <= q(1, 2) {
            continue; // the root is not within 1/(2N) of the next multiple of 1/N
        }
        tried += 1;
        let mut b = bx.clone();
        b.lo[s] = over(&(&floor - IBig::from(10u8)), den);
        b.hi[s] = over(&(&floor + IBig::ONE), den);
        b.lo[b.basis] = q(1, 1) - &b.hi[s];
        b.hi[b.basis] = q(1, 1) - &b.lo[s];
        check_box(&inst, 3, &b).unwrap_or_else(|e| panic!("N = {den}: {e}"));
    }
    assert!(tried >= 2, "only {tried} denominators tried");
}

/// A touching box whose parameter range is widened 2^16 times (end box and basis range moved
/// with it, so that only the main box test can fail) must fail the main box's Krawczyk test:
/// x(t) leaves the box as t grows, which the centre's enclosure with the parameter at its upper
/// end (`mp[t] += t_hi`, l. 145) shows. Written for the l. 143 survivors (`mh[t] += t_hi` → `-=`,
/// `*=`, the upper tier masses), which it does NOT kill: see tests/MUTANTS.md.
#[test]
fn a_touching_box_with_a_too_wide_parameter_range_fails_its_krawczyk_test() {
    use ualign::sweep::{SweepFamily, sweep_instance};
    let inst = sweep_instance(SweepFamily::IcSample, 5, 4301, 8);
    let r = solve(&inst, 2, &SolveOptions::default()).unwrap();
    let bx = r.bx.expect("a box");
    let y = bx.touching.as_ref().expect("a touching box").response;
    check_box(&inst, 2, &bx).unwrap();
    let mut b = bx.clone();
    let wide = &bx.hi[y] * Q::from(1u32 << 16);
    b.hi[y] = wide.clone();
    let t = b.touching.as_mut().unwrap();
    t.end_lo[y] = wide.clone();
    t.end_hi[y] = wide.clone();
    let sum_hi = b.free().iter().fold(Q::ZERO, |a, &s| a + &b.hi[s]);
    b.lo[b.basis] = Q::ONE - sum_hi - &wide;
    let err = check_box(&inst, 2, &b).unwrap_err();
    assert!(
        err.starts_with("Krawczyk test fails for coordinate"),
        "{err}"
    );
}

/// `check_box_exact` l. 293, the scale of the identity in I − C·J(X): `(k + 1)` → `k`. That
/// scales I by k/(k+1), a stricter test that needs |C·F(x̃)| < rad·(k−1)/(k+1) instead of
/// |C·F(x̃)| < rad, which the solver's well-centred boxes still pass. A box whose centre is
/// 0.6 radii off the root (k = 3: 0.6 ≥ 2/4) passes the exact test and fails the scaled one.
#[test]
fn a_box_centred_off_the_root_by_six_tenths_of_its_radius_passes() {
    let inst = barrier();
    let bx = barrier_box(3);
    let s = bx.free()[0];
    let root = bx.centre()[s].clone(); // within 2^-150 of the root, far below the radius
    let rad = ualign::number::parse_q("1/2").unwrap().pow(60);
    let set = |offset: Q| {
        let mut b = bx.clone();
        let centre = &root + &rad * offset;
        b.lo[s] = &centre - &rad;
        b.hi[s] = &centre + &rad;
        b.lo[b.basis] = Q::ONE - &b.hi[s];
        b.hi[b.basis] = Q::ONE - &b.lo[s];
        b
    };
    for tenths in [-6, 0, 6] {
        check_box(&inst, 3, &set(q(tenths, 10)))
            .unwrap_or_else(|e| panic!("offset {tenths}/10: {e}"));
    }
    // 1.2 radii off: the root is outside the box, and the test says so.
    let err = check_box(&inst, 3, &set(q(12, 10))).unwrap_err();
    assert!(err.starts_with("Krawczyk test fails"), "{err}");
}

/// The cycle a > b > c (weights 3, 2, 3 with y placed last, first and second) and a fourth
/// response y, at k = 1: π* = (1/4, 1/4, 1/2, 0). The checker's twin of this box is
/// `krawczyk_mutants::an_off_support_enclosure_equal_to_one_over_k_plus_one_is_accepted`.
fn cycle_with_y_box(r: Q) -> (Instance, EqBox) {
    let inst = ualign::instance::json::parse(
        r#"{"responses": ["a", "b", "c", "y"], "users": [
            {"weight": "3", "ranking": [["a"], ["b"], ["c"], ["y"]]},
            {"weight": "2", "ranking": [["y"], ["b"], ["c"], ["a"]]},
            {"weight": "3", "ranking": [["c"], ["y"], ["a"], ["b"]]}]}"#,
    )
    .unwrap();
    let quarter = q(1, 4);
    let two = Q::from(2u8);
    let bx = EqBox {
        lo: vec![&quarter - &r, &quarter - &r, q(1, 2) - &two * &r, q(0, 1)],
        hi: vec![&quarter + &r, &quarter + &r, q(1, 2) + &two * &r, q(0, 1)],
        support: vec![0, 1, 2],
        basis: 2,
        precond: vec![vec![q(0, 1), q(-2, 1)], vec![q(2, 1), q(0, 1)]],
        ball_precision: None,
        touching: None,
        segment: None,
    };
    (inst, bx)
}

/// `exactbox.rs` l. 253, `off_hi > bound` → `>=`: an off-support enclosure of exactly 1/(k+1)
/// is allowed. y's upper enclosure over the box of radius r is exactly 1/2 at r = 1/12 (a, b ∈ [1/6, 1/3], c ∈ [1/3, 2/3]), which both tests accept; 1/12 + 1/1000 is
/// refused for y (no face exemption).
#[test]
fn an_off_support_enclosure_of_exactly_one_over_k_plus_one_passes_the_solver_test() {
    let (inst, bx) = cycle_with_y_box(q(1, 12));
    check_box(&inst, 1, &bx).unwrap();
    let (inst, bx) = cycle_with_y_box(q(1, 12) + q(1, 1000));
    assert_eq!(
        check_box(&inst, 1, &bx).unwrap_err(),
        "off-support response `y` is not shown to have U_k ≤ 1/(k+1) over the box"
    );
}

/// The tied instance of `krawczyk_mutants` (users 5: a ~ b > c, 4: c > a, 3: b > c ~ a, 2: c > a ~
/// b) at k = 2 with the box of radius r around its root (basis b gets 2r), and its preconditioner.
fn tied_box(r: Q) -> (Instance, EqBox) {
    let inst = ualign::instance::json::parse(
        r#"{"responses": ["a", "b", "c"], "users": [
        {"weight": "5", "ranking": [["a", "b"], ["c"]]},
        {"weight": "4", "ranking": [["c"], ["a"]]},
        {"weight": "3", "ranking": [["b"], ["c", "a"]]},
        {"weight": "2", "ranking": [["c"], ["a", "b"]]}]}"#,
    )
    .unwrap();
    let p = |s: &str| ualign::number::parse_q(s).unwrap();
    let (ca, cc) = (p("0.026476815011946302"), p("0.29057373231882383"));
    let cb = Q::ONE - &ca - &cc;
    let two = Q::from(2u8);
    let bx = EqBox {
        lo: vec![&ca - &r, &cb - &two * &r, &cc - &r],
        hi: vec![&ca + &r, &cb + &two * &r, &cc + &r],
        support: vec![0, 1, 2],
        basis: 1,
        precond: vec![
            vec![p("-5.0560"), p("5.0677")],
            vec![p("-0.87644"), p("-2.0768")],
        ],
        ball_precision: None,
        touching: None,
        segment: None,
    };
    (inst, bx)
}

/// `exactbox.rs` l. 315, `*c > 0` → `==` (every preconditioner entry treated as negative):
/// with the mixed-sign row (−5.0560, 5.0677) of π(a)'s coordinate the mutant's enclosure of
/// (I − C·J(X))_aj is narrower than the true one. The correct test accepts the box of radius
/// 165/10000 around the root and refuses 170/10000 for π(a); the mutant accepted every radius
/// from 170/10000 to 245/10000 (checked 2026-11-30). The checker's twin of this box
/// (`krawczyk_mutants::a_box_that_needs_the_distribution_bound_on_tier_masses_is_accepted`)
/// flips already between 61/10000 and 62/10000: its tier-mass enclosures are looser (both sound).
#[test]
fn a_mixed_sign_preconditioner_row_takes_both_jacobian_ends() {
    let (inst, bx) = tied_box(q(165, 10000));
    check_box(&inst, 2, &bx).unwrap();
    let (inst, bx) = tied_box(q(170, 10000));
    assert_eq!(
        check_box(&inst, 2, &bx).unwrap_err(),
        "Krawczyk test fails for coordinate π(a): K(X) is not inside the box"
    );
}

/// The solver's touching box of a sweep case with the support radii scaled by `radius` around
/// the centre and the parameter range stretched to [0, t·t_hi] (the basis coordinate's lower
/// bound lowered by the added mass, so that the shape holds), and the end box widened to the
/// whole main box at π(y) = t·t_hi: at the right stretch the main box test decides where C·F
/// over the parameter range, the parameter's tier mass or an off-support enclosure sets the
/// margin, and a main box that passes reaches the end box's gap test.
fn stretched_touching_box(
    family: ualign::sweep::SweepFamily,
    seed: u64,
    i: usize,
    k: usize,
    radius: Q,
    t: Q,
) -> Result<(), String> {
    let inst = ualign::sweep::sweep_instance(family, seed, i, 8);
    let r = solve(&inst, k, &SolveOptions::default()).unwrap();
    let bx = r.bx.expect("a box");
    let mut touching = bx.touching.clone().expect("a touching box");
    let y = touching.response;
    let c = bx.centre();
    let mut b = bx.clone();
    for &z in &bx.support {
        b.lo[z] = &c[z] - &radius * (&c[z] - &bx.lo[z]);
        b.hi[z] = &c[z] + &radius * (&bx.hi[z] - &c[z]);
    }
    b.hi[y] = &bx.hi[y] * &t;
    b.lo[bx.basis] = &b.lo[bx.basis] - (&b.hi[y] - &bx.hi[y]);
    touching.end_lo = b.lo.clone();
    touching.end_hi = b.hi.clone();
    touching.end_lo[y] = b.hi[y].clone();
    b.touching = Some(touching);
    check_box(&inst, k, &b)
}

/// `exactbox.rs` l. 302 / 303, `cf_lo += x`, `cf_hi += y` → `*=`, and l. 143, `mh[t] += t_hi`
/// → `-=`, `*=` (found by bisecting the stretch s with the correct test, 2026-11-30): each
/// mutant changes one of these verdicts (another coordinate fails, the main box passes, or the
/// end box's gap is wrongly shown). (`-=` at l. 302 / 303 is equivalent: the two ends are
/// only used through |cf_lo| and |cf_hi|, and subtracting every term negates the sum.)
#[test]
fn stretched_touching_parameter_ranges_are_enclosed_at_both_ends() {
    use ualign::sweep::SweepFamily::{IcSample, Ties};
    let main =
        |c: &str| format!("Krawczyk test fails for coordinate π({c}): K(X) is not inside the box");
    let gap = "U_k(y4, π) < U_k(y3, π) is not shown over the end box".to_string();
    assert_eq!(
        stretched_touching_box(Ties, 1, 25148, 3, q(1, 1), q(65, 2)),
        Err(main("y5"))
    );
    assert_eq!(
        stretched_touching_box(Ties, 1, 25148, 3, q(1, 1), q(79, 16)),
        Err(gap.clone())
    );
    assert_eq!(
        stretched_touching_box(Ties, 1, 25148, 3, q(1, 1), q(221, 32)),
        Err(gap)
    );
    assert_eq!(
        stretched_touching_box(IcSample, 5, 4301, 2, q(1, 1), q(505, 64)),
        Err(main("y4"))
    );
}

/// `exactbox.rs` l. 255, `face(S) is none || face(S ∪ {y}) is none` → `&&`: with a touching
/// parameter y an off-support response needs a face exemption for the support with and without
/// y. In ties #25148 (k = 3, y = y4) the response y1 has one for S and none for S ∪ {y4}; with
/// radii and parameter range scaled by 2^44 its enclosure exceeds 1/4 and the box must fail on
/// it (the mutant lets it pass and fails later, in the Krawczyk test of π(y5)).
#[test]
fn an_off_support_response_needs_a_face_exemption_with_and_without_the_parameter() {
    let s = q(1 << 44, 1);
    assert_eq!(
        stretched_touching_box(ualign::sweep::SweepFamily::Ties, 1, 25148, 3, s.clone(), s),
        Err("off-support response `y1` is not shown to have U_k ≤ 1/(k+1) over the box".into())
    );
}
