//! Regression: lcm(1..=k+ℓ) exceeds 64 bits from 47 on; exact answers must stay exact there.

use ualign::game::{Mixture, mixture_robust, product_report, product_robust_ell, shares};
use ualign::instance::json::parse;
use ualign::koutput::optimal_koutput;
use ualign::number::{Q, q, qi};

const ONE: &str = r#"{"responses":["a"],"users":[{"weight":"1","ranking":[["a"]]}]}"#;
const CYCLE: &str = r#"{"responses":["a","b","c"],"users":[
  {"weight":"1","ranking":["a","b","c"]},{"weight":"1","ranking":["b","c","a"]},
  {"weight":"1","ranking":["c","a","b"]}]}"#;

#[test]
fn one_response_values_for_large_k_and_ell() {
    let inst = parse(ONE).unwrap();
    for k in [43usize, 46, 50, 64] {
        assert_eq!(
            optimal_koutput(&inst, k).unwrap().value,
            q(k as i64, k as u64 + 1),
            "k = {k}"
        );
    }
    // k = 2 copies against ℓ = 50 copies of the same response: the policy keeps 2/52.
    assert_eq!(
        product_robust_ell(&inst, &[qi(1)], 2, 50).robust_win_rate,
        q(1, 26)
    );
    let s = shares(&inst, &vec![0; 60]);
    assert!(s.iter().all(|x| *x == q(1, 60)));
}

#[test]
fn product_closed_forms_agree_at_large_k() {
    let inst = parse(CYCLE).unwrap();
    let uniform = vec![q(1, 3), q(1, 3), q(1, 3)];
    for k in [46usize, 52] {
        let a = product_report(&inst, &uniform, k).robust_win_rate;
        let b = product_robust_ell(&inst, &uniform, k, 1).robust_win_rate;
        assert_eq!(a, q(k as i64, k as u64 + 1));
        assert_eq!(a, b, "k = {k}");
    }
    let mix = Mixture {
        k: 47,
        entries: vec![(vec![0; 47], Q::ONE)],
    };
    // 47 copies of a: users ranking b or c above a win; a-first users split 1/48 to the copy.
    let r = mixture_robust(&inst, &mix, 1).robust_win_rate;
    assert_eq!(r, q(1, 3));
}

#[test]
fn certificates_at_large_k_verify() {
    let inst = parse(CYCLE).unwrap();
    let out = ualign::certificate::certify::certify(
        &inst,
        &ualign::certificate::certify::CertifyOptions {
            ks: vec![46, 47],
            ..Default::default()
        },
    )
    .unwrap();
    let text = out.certificate.to_json_string();
    assert!(
        ualign::verify::verify_str(&text).is_ok(),
        "{:?}",
        ualign::verify::verify_str(&text).err()
    );
}
