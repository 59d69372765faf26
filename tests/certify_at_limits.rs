//! What `certify` writes at the edge of the limits, `verify` (the checker crate) accepts: one set
//! of limits for producer and checker (`ualign_check::limits`, README "Limits and safety").
//! Random instances are pushed to a limit each: the weights' common denominator at exactly
//! 65,536 bits (numbers of 19,729 digits, near the 20,000-character limit of one number), k at
//! 1,024 and ℓ at 1,024. Where `certify` leaves a claim out for its cost it says so in a note,
//! and the certificate it writes must still verify.

use ualign::certificate::certify::{CertifyOptions, certify};
use ualign::instance::{Instance, MAX_WEIGHT_DENOMINATOR_BITS, UserType};
use ualign::number::Q;
use ualign::sweep::{SweepFamily, sweep_instance};

/// Certifies, then checks with the checker crate; returns the claim count and the notes.
fn certify_and_verify(inst: &Instance, opts: &CertifyOptions) -> (usize, Vec<String>) {
    let out = certify(inst, opts).unwrap_or_else(|e| panic!("certify refused: {e}"));
    let text = out.certificate.to_json_string();
    let summary = ualign_check::verify_str(&text)
        .unwrap_or_else(|e| panic!("the checker refuses what certify wrote: {e}"));
    assert_eq!(summary.claims.len(), out.certificate.claims.len());
    (out.certificate.claims.len(), out.notes)
}

/// The instance with every weight w replaced by w / 2^(bits−1): the same population (ω is
/// unchanged), whose weights' common denominator has exactly `bits` bits.
fn weights_over_power_of_two(inst: &Instance, bits: usize) -> Result<Instance, String> {
    let den = Q::from(ualign::number::UBig::ONE << (bits - 1));
    let users = inst
        .users()
        .iter()
        .map(|u| UserType {
            weight: &u.weight / &den,
            tiers: u.tiers.clone(),
        })
        .collect();
    Instance::new(inst.responses().to_vec(), users).map_err(|e| e.to_string())
}

#[test]
fn weights_at_the_denominator_limit_round_trip() {
    let limit = MAX_WEIGHT_DENOMINATOR_BITS as usize;
    for i in 0..3 {
        // Integer weights, so the common denominator is exactly the power of two.
        let inst = sweep_instance(SweepFamily::IcSample, 7, i, 4);
        assert!(
            inst.users()
                .iter()
                .all(|u| u.weight.denominator() == &1u8.into())
        );
        let at = weights_over_power_of_two(&inst, limit).unwrap();
        let weight = at.users()[0].weight.to_string();
        assert!(
            weight.len() > 19_000 && weight.len() < 20_000,
            "{}",
            weight.len()
        );
        let (claims, _) = certify_and_verify(
            &at,
            &CertifyOptions {
                ks: vec![1, 2],
                ..CertifyOptions::default()
            },
        );
        assert!(claims >= 4, "#{i}: {claims} claims");
        // One bit more is refused by the solver before any work, as the checker refuses it.
        let over = weights_over_power_of_two(&inst, limit + 1).unwrap_err();
        assert!(over.contains("65536 bits"), "{over}");
    }
}

#[test]
fn k_and_ell_at_the_limit_round_trip() {
    let k_max = ualign_check::limits::MAX_K;
    // k = 1,024 on random 3-response populations: the equilibrium box is in ball arithmetic.
    for i in 0..3 {
        let inst = sweep_instance(SweepFamily::Ties, 11, i, 3);
        let (claims, notes) = certify_and_verify(
            &inst,
            &CertifyOptions {
                ks: vec![k_max],
                ell: None,
                ..CertifyOptions::default()
            },
        );
        assert!(claims >= 1, "#{i}: no claim, notes {notes:?}");
    }
    // ℓ = 1,024 against two responses: 1,025 multisets, within the checker's 200,000.
    let two = Instance::new(
        vec!["a".into(), "b".into()],
        vec![
            UserType {
                weight: Q::from(2u8),
                tiers: vec![vec![0], vec![1]],
            },
            UserType {
                weight: Q::from(1u8),
                tiers: vec![vec![1], vec![0]],
            },
        ],
    )
    .unwrap();
    let (claims, notes) = certify_and_verify(
        &two,
        &CertifyOptions {
            ks: vec![1, 2],
            ell: Some(k_max),
            ..CertifyOptions::default()
        },
    );
    assert!(claims >= 4, "{claims} claims, notes {notes:?}");
}
