//! Hand-built certificates shared by the verify_* tests (included with `#[path]`; compiled on
//! its own as an empty test crate). Their JSON text is committed as the checker crate's test
//! fixtures (`crates/ualign-check/tests/fixtures/`, compared by `tests/checker_fixtures.rs`). Every number here comes from docs/THEORY.md facts worked out by
//! hand (see the comments), not from the solvers.
#![allow(dead_code)]

use ualign::certificate::build::UniquenessDuals;
use ualign::certificate::{Certificate, CertificateBuild, Claim, ClaimBuild};
use ualign::instance::{Instance, json};
use ualign::number::{IBig, Q, UBig, q, qi};

/// B(1/10): a ≻ b for weight 3/5, b ≻ a for 2/5.
pub fn barrier() -> Instance {
    json::parse(
        r#"{"responses":["a","b"],"users":[
        {"weight":"3/5","ranking":[["a"],["b"]]},{"weight":"2/5","ranking":[["b"],["a"]]}]}"#,
    )
    .unwrap()
}

/// The Condorcet cycle: the three cyclic shifts of a ≻ b ≻ c, equal weights.
pub fn cycle() -> Instance {
    json::parse(
        r#"{"responses":["a","b","c"],"users":[
        {"weight":"1","ranking":[["a"],["b"],["c"]]},
        {"weight":"1","ranking":[["b"],["c"],["a"]]},
        {"weight":"1","ranking":[["c"],["a"],["b"]]}]}"#,
    )
    .unwrap()
}

/// A weighted cycle plus a response `d` nobody lists (implicit bottom tier): its k = 2
/// equilibrium is interior on {a, b, c}, ≈ (0.157, 0.451, 0.392), found by Newton below.
pub fn weighted_cycle() -> Instance {
    json::parse(
        r#"{"responses":["a","b","c","d"],"users":[
        {"weight":"3","ranking":[["a"],["b"],["c"]]},
        {"weight":"4","ranking":[["b"],["c"],["a"]]},
        {"weight":"5","ranking":[["c"],["a"],["b"]]}]}"#,
    )
    .unwrap()
}

fn v(xs: &[(i64, u64)]) -> Vec<Q> {
    xs.iter().map(|&(n, d)| q(n, d)).collect()
}

/// Margins of B(1/10): M(a,b) = 1/10. Lower bound p'(a) ≥ 1 needs (Mλ)(b) + 1 ≤ 0, i.e.
/// −λ_a/10 + 1 ≤ 0: λ = (10, 0). Upper bound p'(b) ≤ 0 needs (Mμ)(b) + 1 ≤ 0: μ = (10, 0).
/// The other two bounds (p'(a) ≤ 1, p'(b) ≥ 0) hold with zero multipliers.
pub fn barrier_ml_claim(inst: &Instance) -> Claim {
    let duals = vec![
        UniquenessDuals {
            lower: v(&[(10, 1), (0, 1)]),
            upper: v(&[(0, 1), (0, 1)]),
        },
        UniquenessDuals {
            lower: v(&[(0, 1), (0, 1)]),
            upper: v(&[(10, 1), (0, 1)]),
        },
    ];
    Claim::maximal_lottery_unique(inst, &[qi(1), qi(0)], &duals)
}

/// The barrier certificate: δ_a unique; NLHF R_1 = 1/2 (worst a), R_k = 3/5 for k = 2..6
/// (worst b: U_k(b, δ_a) = 2/5 > 1/(k+1)); equilibrium k = 2 at (4/5, 1/5) exact;
/// v*_2 = 7/10 by primal {a, b} and dual δ_a; robust rates; the barrier with ε = 1/10.
pub fn barrier_certificate() -> Certificate {
    let inst = barrier();
    let delta_a = [qi(1), qi(0)];
    let mut claims = vec![barrier_ml_claim(&inst)];
    claims.push(Claim::nlhf_robust_win_rate(&inst, &delta_a, 1, &q(1, 2), 0));
    for k in 2..=6 {
        claims.push(Claim::nlhf_robust_win_rate(&inst, &delta_a, k, &q(3, 5), 1));
    }
    claims.push(Claim::equilibrium_exact(&inst, 2, &[q(4, 5), q(1, 5)]));
    claims.push(Claim::koutput_value(
        &inst,
        2,
        &q(7, 10),
        &[(vec![0, 1], qi(1))],
        &[qi(1), qi(0)],
    ));
    // δ_a with k = 2 against ℓ = 2: {a,a} → 1/2, {a,b} → 2/5, {b,b} → 3/5.
    claims.push(Claim::robust_product(
        &inst,
        2,
        2,
        &delta_a,
        &q(2, 5),
        &[0, 1],
    ));
    // The mixture δ_{a,b}: WR against a is 7/10, against b 4/5.
    claims.push(Claim::robust_mixture(
        &inst,
        2,
        1,
        &[(vec![0, 1], qi(1))],
        &q(7, 10),
        &[0],
    ));
    let bounds: Vec<(usize, usize, Q)> = (2..=6).map(|k| (k, 1, q(3, 5))).collect();
    claims.push(Claim::barrier(&inst, &q(1, 10), 0, &bounds));
    Certificate::new(&inst, claims)
}

/// Cycle: uniform is the unique maximal lottery. With (Mλ)(a) = (λ_b − λ_c)/6,
/// (Mλ)(b) = (λ_c − λ_a)/6, (Mλ)(c) = (λ_a − λ_b)/6, the bound p'(a) ≥ 1/3 holds with
/// λ = (2, 4, 0) and p'(a) ≤ 1/3 with μ = (2, 0, 4); b and c by the cyclic symmetry.
pub fn cycle_certificate() -> Certificate {
    let inst = cycle();
    let third = q(1, 3);
    let uniform = vec![third.clone(), third.clone(), third.clone()];
    let d = |l: [i64; 3], u: [i64; 3]| UniquenessDuals {
        lower: l.iter().map(|&x| qi(x)).collect(),
        upper: u.iter().map(|&x| qi(x)).collect(),
    };
    let duals = vec![
        d([2, 4, 0], [2, 0, 4]),
        d([0, 2, 4], [4, 2, 0]),
        d([4, 0, 2], [0, 4, 2]),
    ];
    let mut claims = vec![Claim::maximal_lottery_unique(&inst, &uniform, &duals)];
    claims.push(Claim::nlhf_robust_win_rate(&inst, &uniform, 1, &q(1, 2), 0));
    for k in 1..=4 {
        claims.push(Claim::equilibrium_exact(&inst, k, &uniform));
    }
    claims.push(Claim::equilibrium_epsilon(
        &inst,
        3,
        &v(&[(1, 2), (1, 4), (1, 4)]),
        &q(1, 5),
    ));
    Certificate::new(&inst, claims)
}

/// ⌊x · 10^d⌋ / 10^d.
pub fn round_down(x: &Q, d: usize) -> Q {
    let s = UBig::from(10u8).pow(d);
    let n = (x * Q::from(IBig::from(s.clone()))).floor();
    Q::from_parts(n, s)
}

pub fn ten_pow(d: usize) -> Q {
    Q::from(IBig::from(UBig::from(10u8).pow(d)))
}

/// Barrier k = 3: F(x) = U_3(a) − U_3(b) = (q² + 9q − 3)/20 with q = π(b) = 1 − x, so the
/// equilibrium has q = (−9 + √93)/2 ≈ 0.3218253804965. Bisection in rationals to 2^-160,
/// a box of half-width `half_width` around it, C ≈ 1/F'(x̃) = −20/(2q + 9).
pub fn barrier_k3_box(half_width: &Q) -> Claim {
    let inst = barrier();
    let f = |x: &Q| x * x + qi(9) * x - qi(3);
    let (mut lo, mut hi) = (qi(0), qi(1));
    for _ in 0..160 {
        let mid = (&lo + &hi) / qi(2);
        if f(&mid) < Q::ZERO {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let qb = lo;
    let x = qi(1) - &qb;
    let c = round_down(&(qi(-20) / (qi(2) * &qb + qi(9))), 30);
    Claim::equilibrium_box(
        &inst,
        3,
        &[x.clone(), qb.clone()],
        &(qi(1) / ten_pow(30)),
        &[0, 1],
        &[&x - half_width, &qb - half_width],
        &[&x + half_width, &qb + half_width],
        std::slice::from_ref(&x),
        &[vec![c]],
    )
}

pub fn barrier_k3_certificate() -> Certificate {
    Certificate::new(&barrier(), vec![barrier_k3_box(&(qi(1) / ten_pow(26)))])
}

/// Solves 2×2 A·z = b exactly.
fn solve2(a: &[[Q; 2]; 2], b: &[Q; 2]) -> [Q; 2] {
    let det = &a[0][0] * &a[1][1] - &a[0][1] * &a[1][0];
    [
        (&b[0] * &a[1][1] - &a[0][1] * &b[1]) / &det,
        (&a[0][0] * &b[1] - &b[0] * &a[1][0]) / &det,
    ]
}

/// The k = 2 interior equilibrium of [`weighted_cycle`] by Newton's method in rationals
/// (U_2 is quadratic in π, so central differences give the exact Jacobian), then a box of
/// half-width 10^-30 and C = J(x̃)⁻¹ rounded to 25 digits.
pub fn weighted_cycle_box_claim() -> Claim {
    let inst = weighted_cycle();
    let k = 2;
    let point = |x: &[Q; 2]| vec![x[0].clone(), x[1].clone(), qi(1) - &x[0] - &x[1], qi(0)];
    let f = |x: &[Q; 2]| {
        let u = ualign::game::deviation_payoffs(&inst, &point(x), k);
        [&u[0] - &u[2], &u[1] - &u[2]]
    };
    let jac = |x: &[Q; 2]| {
        let h = q(1, 1000);
        let mut j = [[qi(0), qi(0)], [qi(0), qi(0)]];
        for c in 0..2 {
            let (mut xp, mut xm) = (x.clone(), x.clone());
            xp[c] += &h;
            xm[c] -= &h;
            let (fp, fm) = (f(&xp), f(&xm));
            for r in 0..2 {
                j[r][c] = (&fp[r] - &fm[r]) / (qi(2) * &h);
            }
        }
        j
    };
    let mut x = [q(3, 20), q(9, 20)];
    for _ in 0..9 {
        let step = solve2(&jac(&x), &f(&x));
        x = [
            round_down(&(&x[0] - &step[0]), 60),
            round_down(&(&x[1] - &step[1]), 60),
        ];
    }
    let j = jac(&x);
    let det = &j[0][0] * &j[1][1] - &j[0][1] * &j[1][0];
    let inv = [
        [&j[1][1] / &det, -(&j[0][1] / &det)],
        [-(&j[1][0] / &det), &j[0][0] / &det],
    ];
    let c: Vec<Vec<Q>> = inv
        .iter()
        .map(|row| row.iter().map(|e| round_down(e, 25)).collect())
        .collect();
    let h = qi(1) / ten_pow(30);
    let xc = qi(1) - &x[0] - &x[1];
    let lo = vec![&x[0] - &h, &x[1] - &h, &xc - &h - &h];
    let hi = vec![&x[0] + &h, &x[1] + &h, &xc + &h + &h];
    Claim::equilibrium_box(
        &inst,
        k,
        &point(&x),
        &(qi(1) / ten_pow(40)),
        &[0, 1, 2],
        &lo,
        &hi,
        &[x[0].clone(), x[1].clone()],
        &c,
    )
}

pub fn weighted_cycle_certificate() -> Certificate {
    Certificate::new(&weighted_cycle(), vec![weighted_cycle_box_claim()])
}

/// Certificate text as a JSON value (keys in document order).
pub fn value_of(c: &Certificate) -> serde_json::Value {
    serde_json::from_str(&c.to_json_string()).unwrap()
}
