//! Properties of the asymmetric APIs through `Kms::handle` (docs/spec/keys-v2.md §3.7): for
//! every key spec and algorithm, AsymmetricSign → AsymmetricVerify is `true` and any changed
//! byte of the digest or the signature makes it `false` (D-111); AsymmetricEncrypt →
//! AsymmetricDecrypt gives the plaintext back, up to the algorithm's maximum (§3.3); GetPublicKey
//! answers the key that verifies. One reference with one key per spec and usage is made once per
//! test binary (RSA generation is slow in a debug build) and shared by every case.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a failure is a test failure"
)]

use std::sync::OnceLock;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use kms_reference::asymmetric::PublicKey;
use kms_reference::{
    AsymmetricAlgorithm, Caller, DETERMINISTIC_START, ErrorCode, KeySpec, KeyUsage, Kms, KmsError,
    ManualClock, Request, Response, Secret,
};
use proptest::prelude::*;

const SPECS: [KeySpec; 4] = [
    KeySpec::Rsa2048,
    KeySpec::Rsa3072,
    KeySpec::EcP256,
    KeySpec::EcP256K,
];

/// One key of the shared reference: its id, its version and what it is.
struct Key {
    spec: KeySpec,
    usage: KeyUsage,
    id: String,
    version: String,
}

struct World {
    kms: Kms,
    keys: Vec<Key>,
}

/// The shared reference and its keys: one per spec and usage the spec allows.
fn world() -> &'static World {
    static WORLD: OnceLock<World> = OnceLock::new();
    WORLD.get_or_init(|| {
        let clock = ManualClock::new(DETERMINISTIC_START);
        let kms = Kms::builder().deterministic(31, &clock).build_service();
        let mut keys = Vec::new();
        for spec in SPECS {
            for &usage in KeyUsage::ALL {
                if AsymmetricAlgorithm::for_key(spec, usage).is_empty() {
                    continue;
                }
                let created = kms
                    .handle_params(
                        &Caller::root(),
                        "CreateKey",
                        &[
                            ("KeySpec".to_owned(), spec.as_str().to_owned()),
                            ("KeyUsage".to_owned(), usage.as_str().to_owned()),
                        ]
                        .into(),
                    )
                    .result
                    .unwrap();
                let id = created["KeyMetadata"]["KeyId"].as_str().unwrap().to_owned();
                let listed = kms
                    .handle_params(
                        &Caller::root(),
                        "ListKeyVersions",
                        &[("KeyId".to_owned(), id.clone())].into(),
                    )
                    .result
                    .unwrap();
                let version = listed["KeyVersions"]["KeyVersion"][0]["KeyVersionId"]
                    .as_str()
                    .unwrap()
                    .to_owned();
                keys.push(Key {
                    spec,
                    usage,
                    id,
                    version,
                });
            }
        }
        World { kms, keys }
    })
}

fn key(spec: KeySpec, usage: KeyUsage) -> &'static Key {
    world()
        .keys
        .iter()
        .find(|k| k.spec == spec && k.usage == usage)
        .unwrap()
}

fn call(request: Request) -> Result<Response, KmsError> {
    world().kms.handle(&Caller::root(), request)
}

/// Every (spec, algorithm) pair the reference implements for `usage` (SM2 is refused, D-114).
fn pairs(usage: KeyUsage) -> Vec<(KeySpec, AsymmetricAlgorithm)> {
    SPECS
        .iter()
        .flat_map(|&spec| {
            AsymmetricAlgorithm::for_key(spec, usage)
                .iter()
                .filter(|a| a.is_supported())
                .map(move |&a| (spec, a))
        })
        .collect()
}

/// The largest plaintext of an OAEP algorithm on a key of `spec` (docs/spec/keys-v2.md §3.3).
fn max_plaintext(spec: KeySpec, algorithm: AsymmetricAlgorithm) -> usize {
    match (spec, algorithm) {
        (KeySpec::Rsa2048, AsymmetricAlgorithm::RsaesOaepSha256) => 190,
        (KeySpec::Rsa2048, AsymmetricAlgorithm::RsaesOaepSha1) => 214,
        (KeySpec::Rsa3072, AsymmetricAlgorithm::RsaesOaepSha256) => 318,
        (KeySpec::Rsa3072, AsymmetricAlgorithm::RsaesOaepSha1) => 342,
        other => panic!("no OAEP maximum for {other:?}"),
    }
}

fn sign(spec: KeySpec, algorithm: AsymmetricAlgorithm, digest: &[u8]) -> Vec<u8> {
    let k = key(spec, KeyUsage::SignVerify);
    match call(Request::AsymmetricSign {
        key_id: k.id.clone(),
        key_version_id: k.version.clone(),
        algorithm,
        digest: STANDARD.encode(digest),
    })
    .unwrap()
    {
        Response::Signed {
            key_id,
            key_version_id,
            value,
        } => {
            assert_eq!((key_id, key_version_id), (k.id.clone(), k.version.clone()));
            STANDARD.decode(value).unwrap()
        }
        other => panic!("AsymmetricSign answered {other:?}"),
    }
}

fn verify(spec: KeySpec, algorithm: AsymmetricAlgorithm, digest: &[u8], signature: &[u8]) -> bool {
    let k = key(spec, KeyUsage::SignVerify);
    match call(Request::AsymmetricVerify {
        key_id: k.id.clone(),
        key_version_id: k.version.clone(),
        algorithm,
        digest: STANDARD.encode(digest),
        value: STANDARD.encode(signature),
    })
    .unwrap()
    {
        Response::Verified { value, .. } => value,
        other => panic!("AsymmetricVerify answered {other:?}"),
    }
}

fn encrypt(
    spec: KeySpec,
    algorithm: AsymmetricAlgorithm,
    plaintext: &[u8],
) -> Result<String, KmsError> {
    let k = key(spec, KeyUsage::EncryptDecrypt);
    call(Request::AsymmetricEncrypt {
        key_id: k.id.clone(),
        key_version_id: k.version.clone(),
        algorithm,
        plaintext: Secret::new(STANDARD.encode(plaintext)),
    })
    .map(|r| match r {
        Response::Encrypted {
            ciphertext_blob, ..
        } => ciphertext_blob,
        other => panic!("AsymmetricEncrypt answered {other:?}"),
    })
}

fn decrypt(spec: KeySpec, algorithm: AsymmetricAlgorithm, blob: &str) -> Result<Vec<u8>, KmsError> {
    let k = key(spec, KeyUsage::EncryptDecrypt);
    call(Request::AsymmetricDecrypt {
        key_id: k.id.clone(),
        key_version_id: k.version.clone(),
        algorithm,
        ciphertext_blob: blob.to_owned(),
    })
    .map(|r| match r {
        Response::Decrypted { plaintext, .. } => STANDARD.decode(plaintext.expose()).unwrap(),
        other => panic!("AsymmetricDecrypt answered {other:?}"),
    })
}

fn signing_pair() -> impl Strategy<Value = (KeySpec, AsymmetricAlgorithm)> {
    proptest::sample::select(pairs(KeyUsage::SignVerify))
}

fn encryption_pair() -> impl Strategy<Value = (KeySpec, AsymmetricAlgorithm)> {
    proptest::sample::select(pairs(KeyUsage::EncryptDecrypt))
}

#[test]
fn every_spec_and_algorithm_is_exercised() {
    assert_eq!(pairs(KeyUsage::SignVerify).len(), 6);
    assert_eq!(pairs(KeyUsage::EncryptDecrypt).len(), 4);
    assert_eq!(world().keys.len(), 6);
}

#[test]
fn the_largest_plaintext_round_trips_and_one_byte_more_is_invalid_parameter() {
    for (spec, algorithm) in pairs(KeyUsage::EncryptDecrypt) {
        let max = max_plaintext(spec, algorithm);
        let plaintext = vec![0xA5; max];
        let blob = encrypt(spec, algorithm, &plaintext).unwrap();
        // The bare OAEP output of the modulus length (docs/spec/keys-v2.md §3.2).
        let modulus = if spec == KeySpec::Rsa2048 { 256 } else { 384 };
        assert_eq!(STANDARD.decode(&blob).unwrap().len(), modulus);
        assert_eq!(decrypt(spec, algorithm, &blob).unwrap(), plaintext);
        let e = encrypt(spec, algorithm, &vec![0xA5; max + 1]).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidParameter, "{spec} {algorithm}");
        assert!(e.message().contains("Plaintext"));
    }
}

#[test]
fn the_public_key_of_get_public_key_verifies_the_api_signature() {
    for (spec, algorithm) in pairs(KeyUsage::SignVerify) {
        let k = key(spec, KeyUsage::SignVerify);
        let pem = match call(Request::GetPublicKey {
            key_id: k.id.clone(),
            key_version_id: k.version.clone(),
        })
        .unwrap()
        {
            Response::PublicKey { public_key, .. } => public_key,
            other => panic!("GetPublicKey answered {other:?}"),
        };
        let public = PublicKey::from_pem(&pem).unwrap();
        assert_eq!(public.spec(), spec);
        let digest = [0x5A; 32];
        let signature = sign(spec, algorithm, &digest);
        assert!(public.verify(algorithm, &digest, &signature).unwrap());
    }
}

#[test]
fn payloads_stay_out_of_debug_output_and_error_messages() {
    let plaintext = STANDARD.encode(b"a secret for the asymmetric key");
    let k = key(KeySpec::Rsa2048, KeyUsage::EncryptDecrypt);
    let request = Request::AsymmetricEncrypt {
        key_id: k.id.clone(),
        key_version_id: k.version.clone(),
        algorithm: AsymmetricAlgorithm::RsaesOaepSha256,
        plaintext: Secret::new(plaintext.clone()),
    };
    assert!(!format!("{request:?}").contains(&plaintext));
    let blob = encrypt(
        KeySpec::Rsa2048,
        AsymmetricAlgorithm::RsaesOaepSha256,
        b"a secret for the asymmetric key",
    )
    .unwrap();
    let decrypted = call(Request::AsymmetricDecrypt {
        key_id: k.id.clone(),
        key_version_id: k.version.clone(),
        algorithm: AsymmetricAlgorithm::RsaesOaepSha256,
        ciphertext_blob: blob,
    })
    .unwrap();
    assert!(!format!("{decrypted:?}").contains(&plaintext));
    // Refusals name the parameter and lengths, never the value.
    let long = vec![0x41; 191];
    let e = encrypt(
        KeySpec::Rsa2048,
        AsymmetricAlgorithm::RsaesOaepSha256,
        &long,
    )
    .unwrap_err();
    assert!(!e.message().contains(&STANDARD.encode(&long)) && !e.message().contains("QUFB"));
    let tampered = decrypt(
        KeySpec::Rsa2048,
        AsymmetricAlgorithm::RsaesOaepSha256,
        &STANDARD.encode([1u8; 256]),
    )
    .unwrap_err();
    assert_eq!(tampered.code(), ErrorCode::InvalidParameter);
    assert!(!tampered.message().contains("AQEB"));
}

#[test]
fn typed_requests_get_the_presence_checks_of_wire_ones() {
    let k = key(KeySpec::EcP256, KeyUsage::SignVerify);
    let digest = STANDARD.encode([1u8; 32]);
    let cases = [
        (
            "KeyVersionId",
            Request::AsymmetricSign {
                key_id: k.id.clone(),
                key_version_id: String::new(),
                algorithm: AsymmetricAlgorithm::EcdsaSha256,
                digest: digest.clone(),
            },
        ),
        (
            "Digest",
            Request::AsymmetricSign {
                key_id: k.id.clone(),
                key_version_id: k.version.clone(),
                algorithm: AsymmetricAlgorithm::EcdsaSha256,
                digest: String::new(),
            },
        ),
        (
            "Value",
            Request::AsymmetricVerify {
                key_id: k.id.clone(),
                key_version_id: k.version.clone(),
                algorithm: AsymmetricAlgorithm::EcdsaSha256,
                digest,
                value: String::new(),
            },
        ),
        (
            "KeyId",
            Request::GetPublicKey {
                key_id: String::new(),
                key_version_id: String::new(),
            },
        ),
        (
            "Plaintext",
            Request::AsymmetricEncrypt {
                key_id: k.id.clone(),
                key_version_id: k.version.clone(),
                algorithm: AsymmetricAlgorithm::RsaesOaepSha256,
                plaintext: Secret::new(String::new()),
            },
        ),
    ];
    for (name, request) in cases {
        let e = call(request).unwrap_err();
        assert_eq!(e.code(), ErrorCode::MissingParameter, "{name}");
        assert!(e.message().contains(name), "{name}: {}", e.message());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn signatures_verify_and_any_changed_byte_of_digest_or_signature_does_not(
        (spec, algorithm) in signing_pair(),
        digest in any::<[u8; 32]>(),
        digest_at in any::<prop::sample::Index>(),
        signature_at in any::<prop::sample::Index>(),
        delta in 1u8..=255,
    ) {
        let signature = sign(spec, algorithm, &digest);
        prop_assert!(verify(spec, algorithm, &digest, &signature));

        let mut other_digest = digest;
        let i = digest_at.index(other_digest.len());
        other_digest[i] ^= delta;
        prop_assert!(!verify(spec, algorithm, &other_digest, &signature));

        let mut other_signature = signature.clone();
        let j = signature_at.index(other_signature.len());
        other_signature[j] ^= delta;
        prop_assert!(!verify(spec, algorithm, &digest, &other_signature));
    }

    #[test]
    fn ciphertexts_decrypt_to_their_plaintext(
        (spec, algorithm) in encryption_pair(),
        plaintext in proptest::collection::vec(any::<u8>(), 1..=190),
    ) {
        let blob = encrypt(spec, algorithm, &plaintext).unwrap();
        prop_assert_eq!(decrypt(spec, algorithm, &blob).unwrap(), plaintext.clone());
        // A fresh OAEP seed per call: the same plaintext never gives the same ciphertext.
        prop_assert_ne!(encrypt(spec, algorithm, &plaintext).unwrap(), blob);
    }
}
