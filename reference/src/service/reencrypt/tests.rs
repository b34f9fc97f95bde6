//! ReEncrypt from an asymmetric source, which needs the public half of a key's version: the
//! suite cannot reach it without GetPublicKey, so these tests read it from the key store.

use std::collections::BTreeMap;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use crate::caller::Caller;
use crate::clock::{ManualClock, Timestamp};
use crate::error::{ErrorCode, KmsError};
use crate::random::SeededRandom;
use crate::response::Response;
use crate::service::Kms;
use crate::values::AsymmetricAlgorithm;
use crate::wire::decode_request;

fn kms(seed: u64) -> Kms {
    let clock = ManualClock::new(Timestamp::from_unix(1_767_225_600));
    Kms::builder().deterministic(seed, &clock).build_service()
}

fn call(kms: &Kms, action: &str, params: &[(&str, &str)]) -> Result<Response, KmsError> {
    let params: BTreeMap<String, String> = params
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    kms.handle(&Caller::root(), decode_request(action, &params)?)
}

fn field(response: &Response, name: &str) -> String {
    response.body()[name]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// An asymmetric key of `spec` and `usage`: its id, its one version, and that version's public
/// key as a `PublicKeyBlob` (what GetPublicKey would hand a client).
fn asymmetric_key(kms: &Kms, spec: &str, usage: &str) -> (String, String, String) {
    let Response::KeyMetadata(m) =
        call(kms, "CreateKey", &[("KeySpec", spec), ("KeyUsage", usage)]).unwrap()
    else {
        panic!("CreateKey answered no metadata")
    };
    let state = kms.state.lock().unwrap();
    let version = &state.keys.key(&m.key_id).unwrap().versions[0];
    let public = version.material.key_pair().unwrap().public_key();
    let blob = STANDARD.encode(public.to_spki_der().unwrap());
    (m.key_id.clone(), version.id.clone(), blob)
}

fn reencrypt(
    kms: &Kms,
    blob: &str,
    source: (&str, &str, &str),
    destination: &str,
) -> Result<Response, KmsError> {
    call(
        kms,
        "ReEncrypt",
        &[
            ("CiphertextBlob", blob),
            ("SourceKeyId", source.0),
            ("SourceKeyVersionId", source.1),
            ("SourceEncryptionAlgorithm", source.2),
            ("DestinationKeyId", destination),
        ],
    )
}

#[test]
fn generate_export_reencrypt_decrypt_round_trips_the_data_key() {
    // DEMO ReEncryptAsymmToSymmDemo.java (docs/spec/keys-v2.md §4.1): GenerateDataKey, then
    // ExportDataKey under the public key of an asymmetric key, then ReEncrypt from it to a
    // symmetric key; Decrypt answers the data key GenerateDataKey answered (D-117).
    let kms = kms(41);
    let symmetric = match call(&kms, "CreateKey", &[]).unwrap() {
        Response::KeyMetadata(m) => m.key_id.clone(),
        other => panic!("{other:?}"),
    };
    let (asym, version, public) = asymmetric_key(&kms, "RSA_2048", "ENCRYPT/DECRYPT");
    for algorithm in ["RSAES_OAEP_SHA_256", "RSAES_OAEP_SHA_1"] {
        let generated = call(&kms, "GenerateDataKey", &[("KeyId", &symmetric)]).unwrap();
        let data_key = field(&generated, "Plaintext");
        let exported = call(
            &kms,
            "ExportDataKey",
            &[
                ("CiphertextBlob", &field(&generated, "CiphertextBlob")),
                ("PublicKeyBlob", &public),
                ("WrappingKeySpec", "RSA_2048"),
                ("WrappingAlgorithm", algorithm),
            ],
        )
        .unwrap();
        let moved = reencrypt(
            &kms,
            &field(&exported, "ExportedDataKey"),
            (&asym, &version, algorithm),
            &symmetric,
        )
        .unwrap();
        // D-116: KeyId and KeyVersionId answer the source.
        assert_eq!(field(&moved, "KeyId"), asym);
        assert_eq!(field(&moved, "KeyVersionId"), version);
        let decrypted = call(
            &kms,
            "Decrypt",
            &[("CiphertextBlob", &field(&moved, "CiphertextBlob"))],
        )
        .unwrap();
        assert_eq!(field(&decrypted, "Plaintext"), data_key, "{algorithm}");
        assert_eq!(field(&decrypted, "KeyId"), symmetric);
    }
}

#[test]
fn an_asymmetric_source_that_does_not_fit_is_refused_with_the_documented_codes() {
    let kms = kms(42);
    let symmetric = match call(&kms, "CreateKey", &[]).unwrap() {
        Response::KeyMetadata(m) => m.key_id.clone(),
        other => panic!("{other:?}"),
    };
    let (asym, version, public) = asymmetric_key(&kms, "RSA_2048", "ENCRYPT/DECRYPT");
    let (signing, signing_version, _) = asymmetric_key(&kms, "EC_P256", "SIGN/VERIFY");
    // A ciphertext under the key's public half, made as a client would.
    let pair_public = crate::crypto::asymmetric::parse_public_key_blob(
        &public,
        crate::values::WrappingKeySpec::Rsa2048,
    )
    .unwrap();
    let ciphertext = pair_public
        .encrypt(
            AsymmetricAlgorithm::RsaesOaepSha256,
            b"sixteen byte key",
            &SeededRandom::new(1),
        )
        .unwrap();
    let good = STANDARD.encode(&ciphertext);
    let code = |r: Result<Response, KmsError>| {
        let e = r.unwrap_err();
        (e.code(), e.message().to_owned())
    };
    let oaep256 = "RSAES_OAEP_SHA_256";
    // The other OAEP hash does not open it; nor a truncated or altered ciphertext.
    let mut altered = ciphertext.clone();
    altered[10] ^= 1;
    for (blob, algorithm) in [
        (good.as_str(), "RSAES_OAEP_SHA_1"),
        (&STANDARD.encode(&ciphertext[1..]), oaep256),
        (&STANDARD.encode(&altered), oaep256),
        ("not*base64!", oaep256),
    ] {
        let (c, m) = code(reencrypt(
            &kms,
            blob,
            (&asym, &version, algorithm),
            &symmetric,
        ));
        assert_eq!(c, ErrorCode::InvalidParameter);
        assert!(m.contains("CiphertextBlob"), "{m}");
    }
    // A version the key does not hold (D-115, as D-110 for the asymmetric APIs).
    let (c, _) = code(reencrypt(
        &kms,
        &good,
        (&asym, &signing_version, oaep256),
        &symmetric,
    ));
    assert_eq!(c, ErrorCode::ForbiddenKeyVersionNotFound);
    // A key that cannot decrypt asymmetrically: symmetric, or SIGN/VERIFY (D-109).
    for source in [&symmetric, &signing] {
        let (c, _) = code(reencrypt(
            &kms,
            &good,
            (source, &version, oaep256),
            &symmetric,
        ));
        assert_eq!(c, ErrorCode::RejectedUnsupportedOperation);
    }
    // SM2PKE is recognised and unsupported (D-114).
    let (c, _) = code(reencrypt(
        &kms,
        &good,
        (&asym, &version, "SM2PKE"),
        &symmetric,
    ));
    assert_eq!(c, ErrorCode::UnsupportedOperation);
    // The destination must be symmetric (D-109), also after an asymmetric source.
    let (c, _) = code(reencrypt(&kms, &good, (&asym, &version, oaep256), &asym));
    assert_eq!(c, ErrorCode::RejectedUnsupportedOperation);
    // And the good one works, sealing Base64 of the 16 bytes.
    let moved = reencrypt(&kms, &good, (&asym, &version, oaep256), &symmetric).unwrap();
    let decrypted = call(
        &kms,
        "Decrypt",
        &[("CiphertextBlob", &field(&moved, "CiphertextBlob"))],
    )
    .unwrap();
    assert_eq!(
        field(&decrypted, "Plaintext"),
        STANDARD.encode(b"sixteen byte key")
    );
}

#[test]
fn an_asymmetric_source_key_must_be_enabled() {
    let kms = kms(43);
    let symmetric = match call(&kms, "CreateKey", &[]).unwrap() {
        Response::KeyMetadata(m) => m.key_id.clone(),
        other => panic!("{other:?}"),
    };
    let (asym, version, _) = asymmetric_key(&kms, "RSA_2048", "ENCRYPT/DECRYPT");
    call(&kms, "DisableKey", &[("KeyId", &asym)]).unwrap();
    let e = reencrypt(
        &kms,
        &STANDARD.encode([0u8; 256]),
        (&asym, &version, "RSAES_OAEP_SHA_256"),
        &symmetric,
    )
    .unwrap_err();
    assert_eq!(e.code(), ErrorCode::RejectedDisabled);
}
