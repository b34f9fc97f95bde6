//! Service-level tests: limits, import with real client-side wrapping, deletion over time,
//! determinism, and that secrets stay out of debug output.

use std::collections::BTreeMap;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use rsa::pkcs8::DecodePublicKey as _;

use crate::caller::Caller;
use crate::clock::{ManualClock, Timestamp};
use crate::config::KmsConfig;
use crate::error::ErrorCode;
use crate::request::{CreateKey, Origin, PageRequest, Request, WrappingAlgorithm, WrappingKeySpec};
use crate::response::Response;
use crate::secret::Secret;
use crate::service::Kms;
use crate::wire::decode_request;

const START: i64 = 1_767_225_600;

fn kms_with(config: KmsConfig, seed: u64) -> (Kms, ManualClock) {
    let clock = ManualClock::new(Timestamp::from_unix(START));
    (
        Kms::builder()
            .config(config)
            .deterministic(seed, &clock)
            .build_service(),
        clock,
    )
}

fn call(kms: &Kms, action: &str, params: &[(&str, &str)]) -> Result<Response, crate::KmsError> {
    let params: BTreeMap<String, String> = params
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    kms.handle(&Caller::root(), decode_request(action, &params)?)
}

fn create(kms: &Kms, params: &[(&str, &str)]) -> String {
    match call(kms, "CreateKey", params).unwrap() {
        Response::KeyMetadata(m) => m.key_id,
        other => panic!("{other:?}"),
    }
}

fn field(response: &Response, name: &str) -> String {
    response.body()[name]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn key_and_alias_limits_give_rejected_limit_exceeded() {
    let (kms, _) = kms_with(KmsConfig::default().with_limits(2, 1), 1);
    let k = create(&kms, &[]);
    create(&kms, &[]);
    let e = call(&kms, "CreateKey", &[]).unwrap_err();
    assert_eq!(
        (e.code(), e.http_status()),
        (ErrorCode::RejectedLimitExceeded, 400)
    );
    call(
        &kms,
        "CreateAlias",
        &[("AliasName", "alias/a"), ("KeyId", &k)],
    )
    .unwrap();
    let e = call(
        &kms,
        "CreateAlias",
        &[("AliasName", "alias/b"), ("KeyId", &k)],
    )
    .unwrap_err();
    assert_eq!(e.code(), ErrorCode::RejectedLimitExceeded);
}

/// Wraps with the `rsa` crate's public-key side, as a client would.
fn wrap(public_key_b64: &str, algorithm: WrappingAlgorithm, material: &[u8]) -> String {
    let der = STANDARD.decode(public_key_b64).unwrap();
    let key = rsa::PublicKey::from_public_key_der(&der).unwrap();
    let mut rng = rand::rng();
    let wrapped = match algorithm {
        WrappingAlgorithm::RsaesPkcs1V15 => key.pkcs1v15_encrypt(material).unwrap(),
        WrappingAlgorithm::RsaesOaepSha1 => key
            .encrypt(&mut rng, rsa::Oaep::<sha1::Sha1>::new(), material)
            .unwrap(),
        WrappingAlgorithm::RsaesOaepSha256 => key
            .encrypt(&mut rng, rsa::Oaep::<sha2::Sha256>::new(), material)
            .unwrap(),
        WrappingAlgorithm::Sm2Pke => unreachable!(),
    };
    STANDARD.encode(wrapped)
}

fn import_params(kms: &Kms, key_id: &str, algorithm: WrappingAlgorithm) -> (String, String) {
    let r = kms
        .handle(
            &Caller::root(),
            Request::GetParametersForImport {
                key_id: key_id.to_owned(),
                wrapping_algorithm: algorithm,
                wrapping_key_spec: WrappingKeySpec::Rsa2048,
            },
        )
        .unwrap();
    let Response::ImportParameters {
        import_token,
        public_key,
        token_expire_time,
        ..
    } = r
    else {
        panic!()
    };
    assert_eq!(
        token_expire_time,
        Timestamp::from_unix(START + 86_400).to_string()
    );
    assert!(public_key.starts_with("MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A"));
    (import_token.expose().to_owned(), public_key)
}

fn import(
    kms: &Kms,
    key_id: &str,
    token: &str,
    wrapped: &str,
    expire: Option<i64>,
) -> Result<Response, crate::KmsError> {
    kms.handle(
        &Caller::root(),
        Request::ImportKeyMaterial {
            key_id: key_id.to_owned(),
            encrypted_key_material: Secret::new(wrapped),
            import_token: Secret::new(token),
            key_material_expire_unix: expire,
        },
    )
}

#[test]
fn import_flow_with_each_algorithm() {
    let (kms, _) = kms_with(KmsConfig::default(), 2);
    for algorithm in [
        WrappingAlgorithm::RsaesPkcs1V15,
        WrappingAlgorithm::RsaesOaepSha1,
        WrappingAlgorithm::RsaesOaepSha256,
    ] {
        let key = create(&kms, &[("Origin", "EXTERNAL")]);
        let (token, public_key) = import_params(&kms, &key, algorithm);
        let material = [0x42u8; 32];
        import(
            &kms,
            &key,
            &token,
            &wrap(&public_key, algorithm, &material),
            None,
        )
        .unwrap();
        let d = call(&kms, "DescribeKey", &[("KeyId", &key)]).unwrap();
        assert_eq!(
            d.body()["KeyMetadata"]["KeyState"],
            "Enabled",
            "{algorithm}"
        );
        let blob = field(
            &call(&kms, "Encrypt", &[("KeyId", &key), ("Plaintext", "aGk=")]).unwrap(),
            "CiphertextBlob",
        );
        let plain = call(&kms, "Decrypt", &[("CiphertextBlob", &blob)]).unwrap();
        assert_eq!(field(&plain, "Plaintext"), "aGk=");
    }
}

#[test]
fn import_errors_and_reimport_rules() {
    let (kms, clock) = kms_with(KmsConfig::default(), 3);
    let key = create(&kms, &[("Origin", "EXTERNAL")]);
    let other = create(&kms, &[("Origin", "EXTERNAL")]);
    let (token, public_key) = import_params(&kms, &key, WrappingAlgorithm::RsaesOaepSha256);
    let (other_token, _) = import_params(&kms, &other, WrappingAlgorithm::RsaesOaepSha256);
    let good = wrap(&public_key, WrappingAlgorithm::RsaesOaepSha256, &[1; 32]);

    let code = |r: Result<Response, crate::KmsError>| r.unwrap_err().code();
    assert_eq!(
        code(import(&kms, &key, &other_token, &good, None)),
        ErrorCode::InvalidImportToken
    );
    assert_eq!(
        code(import(&kms, &key, "bogus", &good, None)),
        ErrorCode::InvalidImportToken
    );
    let wrong_algorithm = wrap(&public_key, WrappingAlgorithm::RsaesPkcs1V15, &[1; 32]);
    assert_eq!(
        code(import(&kms, &key, &token, &wrong_algorithm, None)),
        ErrorCode::InvalidKeyMaterial
    );
    let short = wrap(&public_key, WrappingAlgorithm::RsaesOaepSha256, &[1; 16]);
    assert_eq!(
        code(import(&kms, &key, &token, &short, None)),
        ErrorCode::InvalidKeyMaterial
    );
    assert_eq!(
        code(import(&kms, &key, &token, &good, Some(START - 1))),
        ErrorCode::InvalidParameter
    );

    import(&kms, &key, &token, &good, Some(START + 3_600)).unwrap();
    let blob = field(
        &call(&kms, "Encrypt", &[("KeyId", &key), ("Plaintext", "eA==")]).unwrap(),
        "CiphertextBlob",
    );
    let different = wrap(&public_key, WrappingAlgorithm::RsaesOaepSha256, &[2; 32]);
    assert_eq!(
        code(import(&kms, &key, &token, &different, None)),
        ErrorCode::InvalidKeyMaterial
    );

    // Material expires: the key behaves as PendingImport.
    clock.advance(3_601);
    let e = call(&kms, "Encrypt", &[("KeyId", &key), ("Plaintext", "eA==")]).unwrap_err();
    assert_eq!(e.code(), ErrorCode::RejectedPendingImport);
    // The same material brings it back and old ciphertexts decrypt again.
    import(&kms, &key, &token, &good, None).unwrap();
    assert_eq!(
        field(
            &call(&kms, "Decrypt", &[("CiphertextBlob", &blob)]).unwrap(),
            "Plaintext"
        ),
        "eA=="
    );

    // The token expires after 24 hours.
    clock.advance(86_400);
    assert_eq!(
        code(import(&kms, &key, &token, &good, None)),
        ErrorCode::ExpiredImportToken
    );
}

#[test]
fn deletion_removes_the_key_its_versions_and_aliases() {
    let (kms, clock) = kms_with(KmsConfig::default(), 4);
    let key = create(&kms, &[]);
    call(
        &kms,
        "CreateAlias",
        &[("AliasName", "alias/doomed"), ("KeyId", &key)],
    )
    .unwrap();
    let blob = field(
        &call(&kms, "Encrypt", &[("KeyId", &key), ("Plaintext", "eA==")]).unwrap(),
        "CiphertextBlob",
    );
    call(
        &kms,
        "ScheduleKeyDeletion",
        &[("KeyId", &key), ("PendingWindowInDays", "7")],
    )
    .unwrap();
    clock.advance(7 * 86_400 - 1);
    assert!(call(&kms, "DescribeKey", &[("KeyId", &key)]).is_ok());
    clock.advance(1);
    let code = |action: &str, p: &[(&str, &str)]| call(&kms, action, p).unwrap_err().code();
    assert_eq!(
        code("DescribeKey", &[("KeyId", &key)]),
        ErrorCode::ForbiddenKeyNotFound
    );
    assert_eq!(
        code("DescribeKey", &[("KeyId", "alias/doomed")]),
        ErrorCode::ForbiddenAliasNotFound
    );
    assert_eq!(
        code("Decrypt", &[("CiphertextBlob", &blob)]),
        ErrorCode::ForbiddenKeyNotFound
    );
    let Response::Keys { page, .. } = call(&kms, "ListKeys", &[]).unwrap() else {
        panic!()
    };
    assert_eq!(page.total_count, 0);
}

#[test]
fn the_same_seed_replays_bit_for_bit() {
    let run = || {
        let (kms, _) = kms_with(KmsConfig::default(), 99);
        let key = create(&kms, &[]);
        let blob = field(
            &call(&kms, "Encrypt", &[("KeyId", &key), ("Plaintext", "eA==")]).unwrap(),
            "CiphertextBlob",
        );
        let dk = call(&kms, "GenerateDataKey", &[("KeyId", &key)]).unwrap();
        (key, blob, field(&dk, "Plaintext"), kms.new_request_id())
    };
    assert_eq!(run(), run());
}

/// The DER SubjectPublicKeyInfo of every version of `key_id`, oldest first.
fn version_public_keys(kms: &Kms, key_id: &str) -> Vec<Vec<u8>> {
    let state = kms.state.lock().unwrap();
    let key = state.keys.key(key_id).unwrap();
    key.versions
        .iter()
        .map(|v| {
            let pair = v
                .material
                .key_pair()
                .expect("an asymmetric version holds a key pair");
            pair.public_key().to_spki_der().unwrap()
        })
        .collect()
}

#[test]
fn asymmetric_versions_hold_their_own_key_pairs_drawn_from_the_seed() {
    // docs/spec/keys-v2.md §2.1: each version is an independent key; D-113: generated by KMS.
    let run = |seed| {
        let (kms, clock) = kms_with(KmsConfig::default(), seed);
        let key = create(&kms, &[("KeySpec", "EC_P256")]);
        clock.advance(60);
        call(&kms, "CreateKeyVersion", &[("KeyId", &key)]).unwrap();
        let described = call(&kms, "DescribeKey", &[("KeyId", &key)])
            .unwrap()
            .body();
        let metadata = described["KeyMetadata"].as_object().unwrap().clone();
        (version_public_keys(&kms, &key), metadata)
    };
    let (keys, metadata) = run(21);
    assert_eq!(keys.len(), 2);
    assert_ne!(keys[0], keys[1], "each version gets a fresh key pair");
    assert_eq!(run(21).0, keys, "the same seed gives the same key pairs");
    assert_ne!(run(22).0, keys, "another seed gives other key pairs");
    // D-108: no PrimaryKeyVersion, no rotation, LastRotationDate of the newest version.
    assert!(!metadata.contains_key("PrimaryKeyVersion"));
    assert_eq!(metadata["AutomaticRotation"], "Disabled");
    assert!(!metadata.contains_key("RotationInterval"));
    assert!(!metadata.contains_key("NextRotationDate"));
    assert_eq!(
        metadata["LastRotationDate"],
        Timestamp::from_unix(START + 60).to_string()
    );
}

#[test]
fn key_pairs_never_show_in_debug_output() {
    let (kms, _) = kms_with(KmsConfig::default(), 8);
    let key = create(&kms, &[("KeySpec", "RSA_2048")]);
    let state = kms.state.lock().unwrap();
    let debug = format!("{:?}", state.keys.key(&key).unwrap());
    // The material shows as its spec only: no modulus, exponent or prime in any radix.
    assert!(
        debug.contains("Asymmetric(KeyPair { spec: Rsa2048, .. })"),
        "{debug}"
    );
    assert!(!debug.contains("PrivateKey") && !debug.contains("primes"));
    assert!(debug.len() < 2_000, "a key's Debug stays short: {debug}");
}

#[test]
fn secrets_never_show_in_debug_output_or_errors() {
    let (kms, _) = kms_with(KmsConfig::default(), 5);
    let key = create(&kms, &[]);
    let secret = "c3VwZXItc2VjcmV0LXBsYWludGV4dA==";
    let request = decode_request(
        "Encrypt",
        &[
            ("KeyId".to_owned(), key.clone()),
            ("Plaintext".to_owned(), secret.to_owned()),
        ]
        .into(),
    )
    .unwrap();
    assert!(!format!("{request:?}").contains(secret));
    let blob = field(
        &kms.handle(&Caller::root(), request).unwrap(),
        "CiphertextBlob",
    );
    let decrypted = call(&kms, "Decrypt", &[("CiphertextBlob", &blob)]).unwrap();
    assert!(!format!("{decrypted:?}").contains(secret));
    let dk = call(&kms, "GenerateDataKey", &[("KeyId", &key)]).unwrap();
    assert!(!format!("{dk:?}").contains(&field(&dk, "Plaintext")));
    // A wrong context must not echo the plaintext or the context's values.
    let e = call(
        &kms,
        "Decrypt",
        &[
            ("CiphertextBlob", &blob),
            ("EncryptionContext", "{\"secret\":\"value\"}"),
        ],
    )
    .unwrap_err();
    assert!(!e.message().contains(secret) && !e.message().contains("value"));
    assert!(!format!("{kms:?}").contains(secret));
}

#[test]
fn typed_requests_get_the_same_validation_as_wire_ones() {
    let (kms, _) = kms_with(KmsConfig::default(), 6);
    let e = kms.handle(
        &Caller::root(),
        Request::ListKeys {
            page: PageRequest {
                number: Some(1),
                size: Some(500),
            },
            filters: vec![],
        },
    );
    assert_eq!(e.unwrap_err().code(), ErrorCode::InvalidParameter);
    let e = kms.handle(
        &Caller::root(),
        Request::CreateKey(CreateKey {
            origin: Some(Origin::External),
            key_spec: Some(crate::request::KeySpec::Rsa2048),
            ..CreateKey::default()
        }),
    );
    assert_eq!(e.unwrap_err().code(), ErrorCode::UnsupportedOperation);
    let e = kms.handle(
        &Caller::root(),
        Request::ScheduleKeyDeletion {
            key_id: "x".into(),
            pending_window_in_days: 6,
        },
    );
    assert_eq!(e.unwrap_err().code(), ErrorCode::InvalidParameter);
}

/// RAM and LookupEvents are authorized over the same request context as KMS calls: a Deny on
/// `acs:SecureTransport false` stops a RAM call and a LookupEvents over plain HTTP, and the
/// refusal says it was an explicit deny.
#[test]
fn ram_and_lookup_authorization_see_the_request_context() {
    use crate::ram::RamRequest;
    use crate::trail::decode_lookup_events;
    let (kms, _) = kms_with(KmsConfig::default(), 7);
    let root = Caller::root();
    let ram = |request: RamRequest| kms.handle_ram(&root, request).unwrap();
    ram(RamRequest::CreateUser {
        user_name: "alice".into(),
        display_name: None,
    });
    ram(RamRequest::CreatePolicy {
        policy_name: "https-only".into(),
        policy_document: r#"{"Version":"1","Statement":[
            {"Effect":"Allow","Action":["ram:*","actiontrail:*"],"Resource":"*"},
            {"Sid":"NoPlainHttp","Effect":"Deny","Action":["ram:*","actiontrail:LookupEvents"],
             "Resource":"*","Condition":{"Bool":{"acs:SecureTransport":"false"}}}]}"#
            .into(),
        description: None,
    });
    ram(RamRequest::AttachPolicyToUser {
        policy_name: "https-only".into(),
        user_name: "alice".into(),
    });
    let get_user = || RamRequest::GetUser {
        user_name: "alice".into(),
    };
    let query = decode_lookup_events(&BTreeMap::new()).unwrap();
    let mut alice = Caller::user("alice");
    alice.secure_transport = true;
    assert!(kms.handle_ram(&alice, get_user()).is_ok());
    assert!(kms.lookup_events(&alice, &query).is_ok());
    alice.secure_transport = false;
    for refusal in [
        kms.handle_ram(&alice, get_user()).map(drop).unwrap_err(),
        kms.lookup_events(&alice, &query).map(drop).unwrap_err(),
    ] {
        assert_eq!(refusal.code(), ErrorCode::NoPermission);
        let detail = refusal.access_denied_detail().unwrap();
        assert_eq!(detail.no_permission_type, "ExplicitDeny");
        assert!(refusal.message().contains("NoPlainHttp"), "{refusal:?}");
    }
}
