//! Every certificate that `certify` writes, `verify` accepts: random instances of several
//! families (ties and unranked responses included), k = 1..4.

use ualign::certificate::certify::{CertifyOptions, certify};
use ualign::sweep::{SweepFamily, sweep_instance};

#[test]
fn certify_then_verify_on_random_instances() {
    let mut claims = 0;
    for family in [
        SweepFamily::Ties,
        SweepFamily::IcSample,
        SweepFamily::Mallows,
        SweepFamily::PlackettLuce,
    ] {
        for i in 0..25 {
            let inst = sweep_instance(family, 2026, i, 5);
            let out = certify(
                &inst,
                &CertifyOptions {
                    ks: vec![1, 2, 3, 4],
                    ..CertifyOptions::default()
                },
            )
            .unwrap();
            let text = out.certificate.to_json_string();
            match ualign::verify::verify_str(&text) {
                Ok(_) => claims += out.certificate.claims.len(),
                Err(e) => panic!(
                    "{family:?} #{i}: {e}\n{}",
                    ualign::instance::json::to_string_pretty(&inst)
                ),
            }
            // Deterministic bytes.
            let again = certify(
                &inst,
                &CertifyOptions {
                    ks: vec![1, 2, 3, 4],
                    ..CertifyOptions::default()
                },
            )
            .unwrap();
            assert_eq!(text, again.certificate.to_json_string());
        }
    }
    assert!(claims > 1000);
}
