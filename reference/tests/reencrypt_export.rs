//! ReEncrypt and the data-key export APIs through `Kms::handle` (docs/spec/keys-v2.md §4):
//! an exported data key opens with the caller's private key, and only with it, to the bytes
//! Decrypt of the same blob answers (docs/spec/decisions.md D-117); a blob made before new
//! versions of its key or of the destination ReEncrypts, and the new blob decrypts to the
//! original payload under the destination's primary version.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a failure is a test failure"
)]

use std::sync::OnceLock;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use kms_reference::asymmetric::KeyPair;
use kms_reference::{
    AsymmetricAlgorithm, Caller, CreateKey, DataKeySpec, EncryptionContext, ErrorCode,
    GenerateDataKey, KeySpec, Kms, ManualClock, PublicKeyWrapping, ReEncrypt, Request, Response,
    Secret, SeededRandom, Timestamp, WrappingKeySpec, decode_blob,
};
use proptest::prelude::*;

const START: i64 = 1_767_225_600;

fn kms(seed: u64) -> Kms {
    let clock = ManualClock::new(Timestamp::from_unix(START));
    Kms::builder().deterministic(seed, &clock).build_service()
}

fn handle(kms: &Kms, request: Request) -> Result<Response, kms_reference::KmsError> {
    kms.handle(&Caller::root(), request)
}

fn new_key(kms: &Kms) -> String {
    match handle(kms, Request::CreateKey(CreateKey::default())).unwrap() {
        Response::KeyMetadata(m) => m.key_id,
        other => panic!("CreateKey answered {other:?}"),
    }
}

fn new_version(kms: &Kms, key_id: &str) {
    handle(
        kms,
        Request::CreateKeyVersion {
            key_id: key_id.to_owned(),
        },
    )
    .unwrap();
}

/// Two RSA_2048 key pairs of a client, made once (RSA generation is slow): the first wraps,
/// the second is "anyone else".
fn client_keys() -> &'static [KeyPair; 2] {
    static KEYS: OnceLock<[KeyPair; 2]> = OnceLock::new();
    KEYS.get_or_init(|| {
        let make = |seed| KeyPair::generate(KeySpec::Rsa2048, &SeededRandom::new(seed)).unwrap();
        [make(21), make(22)]
    })
}

fn wrapping(pair: &KeyPair, algorithm: AsymmetricAlgorithm) -> PublicKeyWrapping {
    PublicKeyWrapping {
        public_key_blob: STANDARD.encode(pair.public_key().to_spki_der().unwrap()),
        key_spec: WrappingKeySpec::Rsa2048,
        algorithm,
    }
}

fn context(entries: &[(String, String)]) -> EncryptionContext {
    entries.iter().cloned().collect()
}

/// The Plaintext Decrypt answers for `blob` under `context`, and the key version it names.
fn decrypt(kms: &Kms, blob: &str, context: &EncryptionContext) -> (String, String) {
    match handle(
        kms,
        Request::Decrypt {
            ciphertext_blob: blob.to_owned(),
            encryption_context: context.clone(),
        },
    )
    .unwrap()
    {
        Response::Decrypted {
            plaintext,
            key_version_id,
            ..
        } => (plaintext.expose().to_owned(), key_version_id),
        other => panic!("Decrypt answered {other:?}"),
    }
}

fn oaep() -> impl Strategy<Value = AsymmetricAlgorithm> {
    prop_oneof![
        Just(AsymmetricAlgorithm::RsaesOaepSha256),
        Just(AsymmetricAlgorithm::RsaesOaepSha1),
    ]
}

fn entries() -> impl Strategy<Value = Vec<(String, String)>> {
    proptest::collection::vec(("[a-z]{1,6}", "[ -~]{0,12}"), 0..3)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    #[test]
    fn an_exported_data_key_opens_only_with_the_private_key_to_what_decrypt_answers(
        seed in any::<u64>(),
        len in 1i64..=190,
        algorithm in oaep(),
        ctx in entries(),
        generate_and_export in any::<bool>(),
    ) {
        let kms = kms(seed);
        let key_id = new_key(&kms);
        let ctx = context(&ctx);
        let [mine, theirs] = client_keys();
        let data_key = GenerateDataKey {
            key_id: key_id.clone(),
            key_spec: Some(DataKeySpec::Aes128),
            number_of_bytes: Some(len),
            encryption_context: ctx.clone(),
        };
        let (blob, exported, answered_version) = if generate_and_export {
            match handle(&kms, Request::GenerateAndExportDataKey {
                data_key,
                wrapping: wrapping(mine, algorithm),
            }).unwrap() {
                Response::GeneratedAndExported { key_id: k, key_version_id, ciphertext_blob, exported_data_key } => {
                    prop_assert_eq!(&k, &key_id);
                    (ciphertext_blob, exported_data_key, key_version_id)
                }
                other => panic!("GenerateAndExportDataKey answered {other:?}"),
            }
        } else {
            let blob = match handle(&kms, Request::GenerateDataKeyWithoutPlaintext(data_key)).unwrap() {
                Response::DataKey { ciphertext_blob, .. } => ciphertext_blob,
                other => panic!("GenerateDataKeyWithoutPlaintext answered {other:?}"),
            };
            match handle(&kms, Request::ExportDataKey {
                ciphertext_blob: blob.clone(),
                encryption_context: ctx.clone(),
                wrapping: wrapping(mine, algorithm),
            }).unwrap() {
                Response::ExportedDataKey { key_id: k, key_version_id, exported_data_key } => {
                    prop_assert_eq!(&k, &key_id);
                    (blob, exported_data_key, key_version_id)
                }
                other => panic!("ExportDataKey answered {other:?}"),
            }
        };
        let (plaintext, version) = decrypt(&kms, &blob, &ctx);
        prop_assert_eq!(&answered_version, &version);
        let data_key = STANDARD.decode(&plaintext).unwrap();
        prop_assert_eq!(data_key.len() as i64, len);
        let wrapped = STANDARD.decode(&exported).unwrap();
        prop_assert_eq!(wrapped.len(), 256);
        let rng = SeededRandom::new(seed);
        prop_assert_eq!(mine.decrypt(algorithm, &wrapped, &rng).unwrap(), data_key.clone());
        // Neither another private key nor the other OAEP hash opens it.
        prop_assert!(theirs.decrypt(algorithm, &wrapped, &rng).is_err());
        let other = match algorithm {
            AsymmetricAlgorithm::RsaesOaepSha256 => AsymmetricAlgorithm::RsaesOaepSha1,
            _ => AsymmetricAlgorithm::RsaesOaepSha256,
        };
        prop_assert!(mine.decrypt(other, &wrapped, &rng).is_err());
        // The exported key is not the data key in any visible form.
        prop_assert!(!exported.contains(&plaintext));
    }

    #[test]
    fn a_blob_made_before_new_versions_reencrypts_and_decrypts_to_the_original(
        seed in any::<u64>(),
        plaintext in "[A-Za-z0-9+/]{1,64}",
        source_versions in 0usize..3,
        destination_versions in 0usize..3,
        same_key in any::<bool>(),
        source_ctx in entries(),
        destination_ctx in entries(),
    ) {
        let kms = kms(seed);
        let source = new_key(&kms);
        let destination = if same_key { source.clone() } else { new_key(&kms) };
        let (source_ctx, destination_ctx) = (context(&source_ctx), context(&destination_ctx));
        let (blob, sealing_version) = match handle(&kms, Request::Encrypt {
            key_id: source.clone(),
            plaintext: Secret::new(plaintext.clone()),
            encryption_context: source_ctx.clone(),
        }).unwrap() {
            Response::Encrypted { ciphertext_blob, key_version_id, .. } => (ciphertext_blob, key_version_id),
            other => panic!("Encrypt answered {other:?}"),
        };
        for _ in 0..source_versions {
            new_version(&kms, &source);
        }
        for _ in 0..destination_versions {
            new_version(&kms, &destination);
        }
        let primary = match handle(&kms, Request::DescribeKey { key_id: destination.clone() }).unwrap() {
            Response::KeyMetadata(m) => m.primary_key_version.clone().unwrap(),
            other => panic!("DescribeKey answered {other:?}"),
        };
        let answer = handle(&kms, Request::ReEncrypt(ReEncrypt {
            ciphertext_blob: blob.clone(),
            source_key_id: None,
            source_key_version_id: None,
            source_encryption_algorithm: None,
            source_encryption_context: source_ctx.clone(),
            destination_key_id: destination.clone(),
            destination_encryption_context: destination_ctx.clone(),
        })).unwrap();
        let Response::Encrypted { key_id, key_version_id, ciphertext_blob } = answer else {
            panic!("ReEncrypt answered {answer:?}");
        };
        // KeyId and KeyVersionId name the source (D-116); the new blob the destination's primary.
        prop_assert_eq!(&key_id, &source);
        prop_assert_eq!(&key_version_id, &sealing_version);
        let new_blob = decode_blob(&ciphertext_blob).unwrap();
        prop_assert_eq!(new_blob.key_version_id(), primary.as_str());
        prop_assert_ne!(&ciphertext_blob, &blob);
        let (decrypted, version) = decrypt(&kms, &ciphertext_blob, &destination_ctx);
        prop_assert_eq!(&decrypted, &plaintext);
        prop_assert_eq!(&version, &primary);
        // The new blob is bound to the destination context; the old one still opens as before.
        if destination_ctx != source_ctx {
            let wrong = handle(&kms, Request::Decrypt {
                ciphertext_blob: ciphertext_blob.clone(),
                encryption_context: source_ctx.clone(),
            });
            prop_assert_eq!(wrong.unwrap_err().code(), ErrorCode::InvalidParameter);
        }
        prop_assert_eq!(decrypt(&kms, &blob, &source_ctx).0, plaintext);
    }
}
