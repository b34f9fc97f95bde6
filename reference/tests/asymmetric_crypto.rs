//! Properties of the asymmetric layer (`kms_reference::asymmetric`) for every implemented key
//! spec and algorithm: sign/verify and encrypt/decrypt round trips, single-byte tampering,
//! wrong keys, and PEM/SPKI round trips. Keys are generated once per test binary from seeded
//! randomness (RSA generation is slow); case counts are modest for the same reason.

#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "test code: a failure is a test failure"
)]

use std::sync::OnceLock;

use kms_reference::asymmetric::{AsymmetricError, KeyPair, PublicKey};
use kms_reference::{AsymmetricAlgorithm, KeySpec, KeyUsage, SeededRandom};
use proptest::prelude::*;

const SPECS: [KeySpec; 4] = [
    KeySpec::Rsa2048,
    KeySpec::Rsa3072,
    KeySpec::EcP256,
    KeySpec::EcP256K,
];

/// Two independent keys per spec: `keys(spec)[1]` is the "wrong key" of `keys(spec)[0]`.
fn keys(spec: KeySpec) -> &'static [KeyPair; 2] {
    static KEYS: OnceLock<Vec<[KeyPair; 2]>> = OnceLock::new();
    let all = KEYS.get_or_init(|| {
        SPECS
            .iter()
            .enumerate()
            .map(|(i, &spec)| {
                let make = |seed: u64| KeyPair::generate(spec, &SeededRandom::new(seed)).unwrap();
                [make(2 * i as u64), make(2 * i as u64 + 1)]
            })
            .collect()
    });
    let at = SPECS.iter().position(|&s| s == spec).unwrap();
    &all[at]
}

/// Every (spec, algorithm) pair the layer implements for `usage`.
fn pairs(usage: KeyUsage) -> Vec<(KeySpec, AsymmetricAlgorithm)> {
    SPECS
        .iter()
        .flat_map(|&spec| {
            AsymmetricAlgorithm::for_key(spec, usage)
                .iter()
                .map(move |&alg| (spec, alg))
        })
        .collect()
}

fn signing_pair() -> impl Strategy<Value = (KeySpec, AsymmetricAlgorithm)> {
    proptest::sample::select(pairs(KeyUsage::SignVerify))
}

fn encryption_pair() -> impl Strategy<Value = (KeySpec, AsymmetricAlgorithm)> {
    proptest::sample::select(pairs(KeyUsage::EncryptDecrypt))
}

#[test]
fn every_implemented_spec_has_algorithms_for_its_usages() {
    assert_eq!(pairs(KeyUsage::SignVerify).len(), 6);
    assert_eq!(pairs(KeyUsage::EncryptDecrypt).len(), 4);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn signatures_verify_and_any_changed_byte_fails(
        (spec, alg) in signing_pair(),
        digest in any::<[u8; 32]>(),
        seed in any::<u64>(),
        digest_at in any::<prop::sample::Index>(),
        sig_at in any::<prop::sample::Index>(),
        delta in 1u8..=255,
    ) {
        let [key, other] = keys(spec);
        let sig = key.sign(alg, &digest, &SeededRandom::new(seed)).unwrap();
        prop_assert_eq!(key.public_key().verify(alg, &digest, &sig), Ok(true));

        let mut changed = digest;
        changed[digest_at.index(32)] ^= delta;
        prop_assert_eq!(key.public_key().verify(alg, &changed, &sig), Ok(false));

        let mut bad = sig.clone();
        bad[sig_at.index(sig.len())] ^= delta;
        prop_assert_eq!(key.public_key().verify(alg, &digest, &bad), Ok(false));

        prop_assert_eq!(other.public_key().verify(alg, &digest, &sig), Ok(false), "another key of {}", spec);
    }

    #[test]
    fn truncated_or_extended_signatures_fail(
        (spec, alg) in signing_pair(),
        digest in any::<[u8; 32]>(),
        cut in 1usize..8,
        extra in any::<u8>(),
    ) {
        let [key, _] = keys(spec);
        let sig = key.sign(alg, &digest, &SeededRandom::new(1)).unwrap();
        prop_assert_eq!(key.public_key().verify(alg, &digest, &sig[..sig.len() - cut]), Ok(false));
        let mut longer = sig.clone();
        longer.push(extra);
        prop_assert_eq!(key.public_key().verify(alg, &digest, &longer), Ok(false));
    }

    #[test]
    fn encryption_round_trips_and_any_changed_byte_fails(
        (spec, alg) in encryption_pair(),
        len_at in any::<prop::sample::Index>(),
        fill in any::<u8>(),
        seed in any::<u64>(),
        at in any::<prop::sample::Index>(),
        delta in 1u8..=255,
    ) {
        let [key, other] = keys(spec);
        let max = key.public_key().max_plaintext(alg).unwrap();
        let plaintext = vec![fill; 1 + len_at.index(max)];
        let ct = key.public_key().encrypt(alg, &plaintext, &SeededRandom::new(seed)).unwrap();
        prop_assert_eq!(ct.len(), if spec == KeySpec::Rsa2048 { 256 } else { 384 });
        prop_assert_eq!(key.decrypt(alg, &ct, &SeededRandom::new(seed)).unwrap(), plaintext.clone());

        let mut bad = ct.clone();
        bad[at.index(ct.len())] ^= delta;
        prop_assert_eq!(key.decrypt(alg, &bad, &SeededRandom::new(seed)), Err(AsymmetricError::DecryptionFailed));
        prop_assert_eq!(other.decrypt(alg, &ct, &SeededRandom::new(seed)), Err(AsymmetricError::DecryptionFailed));
    }

    #[test]
    fn pem_and_spki_parse_back_to_the_same_key(
        spec in proptest::sample::select(SPECS.to_vec()),
        which in 0usize..2,
    ) {
        let public = keys(spec)[which].public_key();
        let der = public.to_spki_der().unwrap();
        let pem = public.to_pem().unwrap();
        let from_pem = PublicKey::from_pem(&pem).unwrap();
        prop_assert_eq!(&from_pem, public);
        prop_assert_eq!(from_pem.to_spki_der().unwrap(), der.clone());
        prop_assert_eq!(from_pem.spec(), spec);
        prop_assert_eq!(&PublicKey::from_spki_der(&der).unwrap(), public);
        prop_assert!(pem.lines().all(|l| l.len() <= 64));
    }
}
