//! The audit trail through the public interface: one event per call but DescribeRegions,
//! snapshots of one event per API, no secret in any event, and LookupEvents pagination.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a failure is a test failure"
)]

use std::collections::{BTreeMap, BTreeSet};

use base64::Engine as _;
use kms_reference::trail::{LookupEvents, TrailLimits};
use kms_reference::{Api, Caller, Kms, KmsConfig, ManualClock, Timestamp};
use proptest::prelude::*;
use serde_json::Value;

const START: i64 = 1_767_225_600;

fn kms(seed: u64) -> (Kms, ManualClock) {
    let clock = ManualClock::new(Timestamp::from_unix(START));
    (
        Kms::builder().deterministic(seed, &clock).build_service(),
        clock,
    )
}

fn params(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn ok(kms: &Kms, action: &str, pairs: &[(&str, &str)]) -> (String, serde_json::Map<String, Value>) {
    let answer = kms.handle_params(&Caller::root(), action, &params(pairs));
    (
        answer.request_id,
        answer.result.unwrap_or_else(|e| panic!("{action}: {e}")),
    )
}

fn text(body: &serde_json::Map<String, Value>, path: &[&str]) -> String {
    let mut v = &body[path[0]];
    for p in &path[1..] {
        v = &v[*p];
    }
    v.as_str().unwrap().to_owned()
}

/// Every event of the instance, oldest first, read page by page.
fn all_events(kms: &Kms) -> Vec<Value> {
    let mut events = Vec::new();
    let mut token = None;
    loop {
        let query = LookupEvents {
            start_time: Some("2000-01-01T00:00:00Z".into()),
            end_time: Some("2100-01-01T00:00:00Z".into()),
            direction: Some("FORWARD".into()),
            max_results: Some("50".into()),
            next_token: token.clone(),
            attributes: vec![],
        };
        let body = kms.lookup_events(&Caller::root(), &query).unwrap();
        events.extend(body["Events"].as_array().unwrap().iter().cloned());
        match body.get("NextToken") {
            Some(t) => token = Some(t.as_str().unwrap().to_owned()),
            None => return events,
        }
    }
}

fn event_by_id(kms: &Kms, id: &str) -> Value {
    let query = LookupEvents {
        attributes: vec![("EventId".into(), id.into())],
        ..LookupEvents::default()
    };
    let body = kms.lookup_events(&Caller::root(), &query).unwrap();
    let events = body["Events"].as_array().unwrap();
    assert_eq!(events.len(), 1, "exactly one event for {id}");
    events[0].clone()
}

/// A client's RSA_2048 public key as a `PublicKeyBlob` (Base64 DER SPKI, D-118).
fn client_public_key_blob() -> String {
    let pair = kms_reference::asymmetric::KeyPair::generate(
        kms_reference::KeySpec::Rsa2048,
        &kms_reference::SeededRandom::new(31),
    )
    .unwrap();
    base64::engine::general_purpose::STANDARD.encode(pair.public_key().to_spki_der().unwrap())
}

/// Wraps 32 bytes of material for an EXTERNAL key, as a client does.
fn wrapped_material(public_key: &str) -> String {
    use rsa::pkcs8::DecodePublicKey as _;
    let der = base64::engine::general_purpose::STANDARD
        .decode(public_key)
        .unwrap();
    let key = rsa::PublicKey::from_public_key_der(&der).unwrap();
    let wrapped = key
        .encrypt(
            &mut rand::rng(),
            rsa::Oaep::<sha2::Sha256>::new(),
            &[7u8; 32],
        )
        .unwrap();
    base64::engine::general_purpose::STANDARD.encode(wrapped)
}

/// A call that never succeeds on the reference: (action, parameters, its code).
type RefusedCall<'a> = (&'a str, Vec<(&'a str, &'a str)>, &'a str);

#[test]
fn one_event_per_api_snapshots() {
    let (kms, _) = kms(1);
    let (_, created) = ok(&kms, "CreateKey", &[("Description", "audited")]);
    let key = text(&created, &["KeyMetadata", "KeyId"]);
    let version = text(&created, &["KeyMetadata", "PrimaryKeyVersion"]);
    let (_, external) = ok(&kms, "CreateKey", &[("Origin", "EXTERNAL")]);
    let ext = text(&external, &["KeyMetadata", "KeyId"]);
    let (_, enc) = ok(
        &kms,
        "Encrypt",
        &[("KeyId", &key), ("Plaintext", "c2VjcmV0")],
    );
    let blob = text(&enc, &["CiphertextBlob"]);
    let (_, import) = ok(
        &kms,
        "GetParametersForImport",
        &[
            ("KeyId", &ext),
            ("WrappingAlgorithm", "RSAES_OAEP_SHA_256"),
            ("WrappingKeySpec", "RSA_2048"),
        ],
    );
    let token = text(&import, &["ImportToken"]);
    let material = wrapped_material(&text(&import, &["PublicKey"]));
    // Asymmetric keys: one that encrypts, one that signs, each with its one version.
    let asymmetric = |spec: &str, usage: &str| {
        let (_, created) = ok(&kms, "CreateKey", &[("KeySpec", spec), ("KeyUsage", usage)]);
        let key = text(&created, &["KeyMetadata", "KeyId"]);
        let (_, listed) = ok(&kms, "ListKeyVersions", &[("KeyId", &key)]);
        let version = listed["KeyVersions"]["KeyVersion"][0]["KeyVersionId"]
            .as_str()
            .unwrap()
            .to_owned();
        (key, version)
    };
    let (rsa, rsa_version) = asymmetric("RSA_2048", "ENCRYPT/DECRYPT");
    let (ec, ec_version) = asymmetric("EC_P256", "SIGN/VERIFY");
    let (_, asym_enc) = ok(
        &kms,
        "AsymmetricEncrypt",
        &[
            ("KeyId", &rsa),
            ("KeyVersionId", &rsa_version),
            ("Algorithm", "RSAES_OAEP_SHA_256"),
            ("Plaintext", "c2VjcmV0"),
        ],
    );
    let asym_blob = text(&asym_enc, &["CiphertextBlob"]);
    // SHA-256("hello world").
    let digest = "uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek=";
    let (_, signed) = ok(
        &kms,
        "AsymmetricSign",
        &[
            ("KeyId", &ec),
            ("KeyVersionId", &ec_version),
            ("Algorithm", "ECDSA_SHA_256"),
            ("Digest", digest),
        ],
    );
    let signature = text(&signed, &["Value"]);
    let (_, data_key) = ok(&kms, "GenerateDataKeyWithoutPlaintext", &[("KeyId", &key)]);
    let data_key_blob = text(&data_key, &["CiphertextBlob"]);
    let public_key_blob = client_public_key_blob();

    let calls: Vec<(&str, Vec<(&str, &str)>)> = vec![
        ("ListKeys", vec![]),
        ("CreateKey", vec![("Description", "another")]),
        ("DescribeKey", vec![("KeyId", &key)]),
        (
            "UpdateKeyDescription",
            vec![("KeyId", &key), ("Description", "new")],
        ),
        ("DisableKey", vec![("KeyId", &key)]),
        ("EnableKey", vec![("KeyId", &key)]),
        (
            "GetParametersForImport",
            vec![
                ("KeyId", &ext),
                ("WrappingAlgorithm", "RSAES_PKCS1_V1_5"),
                ("WrappingKeySpec", "RSA_2048"),
            ],
        ),
        (
            "ImportKeyMaterial",
            vec![
                ("KeyId", &ext),
                ("EncryptedKeyMaterial", &material),
                ("ImportToken", &token),
            ],
        ),
        ("DeleteKeyMaterial", vec![("KeyId", &ext)]),
        (
            "Encrypt",
            vec![
                ("KeyId", &key),
                ("Plaintext", "c2VjcmV0"),
                ("EncryptionContext", r#"{"purpose":"test"}"#),
            ],
        ),
        ("GenerateDataKey", vec![("KeyId", &key)]),
        ("GenerateDataKeyWithoutPlaintext", vec![("KeyId", &key)]),
        ("Decrypt", vec![("CiphertextBlob", &blob)]),
        (
            "CreateAlias",
            vec![("AliasName", "alias/audited"), ("KeyId", &key)],
        ),
        (
            "UpdateAlias",
            vec![("AliasName", "alias/audited"), ("KeyId", &key)],
        ),
        ("ListAliases", vec![]),
        ("ListAliasesByKeyId", vec![("KeyId", &key)]),
        ("DeleteAlias", vec![("AliasName", "alias/audited")]),
        (
            "TagResource",
            vec![
                ("KeyId", &key),
                ("Tags", r#"[{"TagKey":"team","TagValue":"blue"}]"#),
            ],
        ),
        ("ListResourceTags", vec![("KeyId", &key)]),
        (
            "UntagResource",
            vec![("KeyId", &key), ("TagKeys", r#"["team"]"#)],
        ),
        // Key versions and rotation (docs/spec/keys-v2.md §7).
        ("CreateKeyVersion", vec![("KeyId", &key)]),
        (
            "DescribeKeyVersion",
            vec![("KeyId", &key), ("KeyVersionId", &version)],
        ),
        (
            "ListKeyVersions",
            vec![("KeyId", &key), ("PageNumber", "1"), ("PageSize", "10")],
        ),
        (
            "UpdateRotationPolicy",
            vec![
                ("KeyId", &key),
                ("EnableAutomaticRotation", "true"),
                ("RotationInterval", "30d"),
            ],
        ),
        (
            "TagResources",
            vec![
                ("ResourceType", "key"),
                ("ResourceId.1", &key),
                ("Tag.1.Key", "team"),
                ("Tag.1.Value", "green"),
            ],
        ),
        (
            "ListTagResources",
            vec![("ResourceType", "key"), ("ResourceId.1", &key)],
        ),
        (
            "UntagResources",
            vec![
                ("ResourceType", "key"),
                ("ResourceId.1", &key),
                ("TagKey.1", "team"),
            ],
        ),
        // ReEncrypt and data-key export (docs/spec/keys-v2.md §7; D-127).
        (
            "ReEncrypt",
            vec![
                ("CiphertextBlob", &blob),
                ("DestinationKeyId", &key),
                ("DestinationEncryptionContext", r#"{"purpose":"moved"}"#),
            ],
        ),
        (
            "ExportDataKey",
            vec![
                ("CiphertextBlob", &data_key_blob),
                ("PublicKeyBlob", &public_key_blob),
                ("WrappingKeySpec", "RSA_2048"),
                ("WrappingAlgorithm", "RSAES_OAEP_SHA_256"),
            ],
        ),
        (
            "GenerateAndExportDataKey",
            vec![
                ("KeyId", &key),
                ("KeySpec", "AES_256"),
                ("PublicKeyBlob", &public_key_blob),
                ("WrappingKeySpec", "RSA_2048"),
                ("WrappingAlgorithm", "RSAES_OAEP_SHA_1"),
            ],
        ),
        (
            "SetDeletionProtection",
            vec![("KeyId", &key), ("EnableDeletionProtection", "false")],
        ),
        // Asymmetric keys: the payloads never reach the trail (docs/spec/keys-v2.md §7, D-127).
        (
            "AsymmetricEncrypt",
            vec![
                ("KeyId", &rsa),
                ("KeyVersionId", &rsa_version),
                ("Algorithm", "RSAES_OAEP_SHA_256"),
                ("Plaintext", "c2VjcmV0"),
            ],
        ),
        (
            "AsymmetricDecrypt",
            vec![
                ("KeyId", &rsa),
                ("KeyVersionId", &rsa_version),
                ("Algorithm", "RSAES_OAEP_SHA_256"),
                ("CiphertextBlob", &asym_blob),
            ],
        ),
        (
            "AsymmetricSign",
            vec![
                ("KeyId", &ec),
                ("KeyVersionId", &ec_version),
                ("Algorithm", "ECDSA_SHA_256"),
                ("Digest", digest),
            ],
        ),
        (
            "AsymmetricVerify",
            vec![
                ("KeyId", &ec),
                ("KeyVersionId", &ec_version),
                ("Algorithm", "ECDSA_SHA_256"),
                ("Digest", digest),
                ("Value", &signature),
            ],
        ),
        (
            "GetPublicKey",
            vec![("KeyId", &ec), ("KeyVersionId", &ec_version)],
        ),
        (
            "ScheduleKeyDeletion",
            vec![("KeyId", &key), ("PendingWindowInDays", "7")],
        ),
        ("CancelKeyDeletion", vec![("KeyId", &key)]),
        // Secrets Manager: no SecretData or RandomPassword ever (docs/spec/secrets.md §9; D-223).
        (
            "CreateSecret",
            vec![
                ("SecretName", "audited/secret"),
                ("VersionId", "v1"),
                ("SecretData", "s3cr3t-one"),
                ("Description", "audited"),
            ],
        ),
        (
            "PutSecretValue",
            vec![
                ("SecretName", "audited/secret"),
                ("VersionId", "v2"),
                ("SecretData", "s3cr3t-two"),
                ("VersionStages", r#"["ACSCurrent"]"#),
            ],
        ),
        (
            "GetSecretValue",
            vec![
                ("SecretName", "audited/secret"),
                ("VersionStage", "ACSPrevious"),
            ],
        ),
        (
            "BatchGetSecretValue",
            vec![("SecretsList", r#"[{"SecretName":"audited/secret"}]"#)],
        ),
        (
            "UpdateSecretVersionStage",
            vec![
                ("SecretName", "audited/secret"),
                ("VersionStage", "Pending"),
                ("MoveToVersion", "v1"),
            ],
        ),
        (
            "ListSecretVersionIds",
            vec![
                ("SecretName", "audited/secret"),
                ("IncludeDeprecated", "true"),
            ],
        ),
        (
            "DescribeSecret",
            vec![("SecretName", "audited/secret"), ("FetchTags", "true")],
        ),
        ("ListSecrets", vec![("PageSize", "10")]),
        (
            "UpdateSecret",
            vec![("SecretName", "audited/secret"), ("Description", "changed")],
        ),
        (
            "DeleteSecret",
            vec![
                ("SecretName", "audited/secret"),
                ("RecoveryWindowInDays", "7"),
            ],
        ),
        ("RestoreSecret", vec![("SecretName", "audited/secret")]),
        (
            "GetRandomPassword",
            vec![("PasswordLength", "16"), ("ExcludePunctuation", "true")],
        ),
    ];
    let apis: BTreeSet<&str> = calls.iter().map(|(a, _)| *a).collect();
    // Every API but DescribeRegions, and the six APIs that never succeed (below).
    assert_eq!(apis.len(), Api::ALL.len() - 7);
    // Payloads the calls answer: blobs, data keys, exported keys (D-049, D-127).
    let mut answered: Vec<String> = Vec::new();
    for (action, pairs) in &calls {
        let (request_id, body) = ok(&kms, action, pairs);
        for field in ["CiphertextBlob", "Plaintext", "ExportedDataKey"] {
            if let Some(Value::String(v)) = body.get(field) {
                answered.push(v.clone());
            }
        }
        let event = event_by_id(&kms, &request_id);
        assert_eq!(event["eventName"], *action);
        assert_eq!(event["requestId"], request_id.as_str());
        let serialized = event.to_string();
        let password = body
            .get("RandomPassword")
            .and_then(Value::as_str)
            .unwrap_or("c2VjcmV0");
        for secret in [
            "c2VjcmV0",
            &token,
            &material,
            &blob,
            &asym_blob,
            digest,
            &signature,
            "PUBLIC KEY",
            &data_key_blob,
            &public_key_blob,
            "s3cr3t-one",
            "s3cr3t-two",
            password,
        ] {
            assert!(!serialized.contains(secret), "{action} leaks a payload");
        }
        insta::assert_json_snapshot!(format!("event_{action}"), event, {
            ".eventId" => "[request id]",
            ".requestId" => "[request id]",
            ".requestParameters.KeyId" => "[key id]",
            ".requestParameters.KeyVersionId" => "[key version id]",
            ".requestParameters.DestinationKeyId" => "[key id]",
            ".requestParameters[\"ResourceId.1\"]" => "[key id]",
            ".referencedResources[\"ACS::KMS::Key\"][]" => "[key id]",
        });
    }
    let trail = Value::Array(all_events(&kms)).to_string();
    for payload in &answered {
        assert!(
            !trail.contains(payload.as_str()),
            "an answer reached the trail"
        );
    }
    // GetKeyPolicy and SetKeyPolicy always fail on a reference key (D-126); their events carry
    // the error, and SetKeyPolicy's keeps the Policy (docs/spec/keys-v2.md §7).
    let policy = r#"{"Version":"1","Statement":[]}"#;
    // So do the secret policy APIs (D-222) and the rotation APIs on a Generic secret (D-213).
    let refused: [RefusedCall<'_>; 6] = [
        (
            "GetKeyPolicy",
            vec![("KeyId", &key), ("PolicyName", "default")],
            "Forbidden.KeyPolicyUnSupported",
        ),
        (
            "SetKeyPolicy",
            vec![
                ("KeyId", &key),
                ("PolicyName", "default"),
                ("Policy", policy),
            ],
            "Forbidden.KeyPolicyUnSupported",
        ),
        (
            "GetSecretPolicy",
            vec![("SecretName", "audited/secret"), ("PolicyName", "default")],
            "Forbidden.KeyPolicyUnSupported",
        ),
        (
            "SetSecretPolicy",
            vec![
                ("SecretName", "audited/secret"),
                ("PolicyName", "default"),
                ("Policy", policy),
            ],
            "Forbidden.KeyPolicyUnSupported",
        ),
        (
            "RotateSecret",
            vec![("SecretName", "audited/secret"), ("VersionId", "v3")],
            "UnsupportedOperation",
        ),
        (
            "UpdateSecretRotationPolicy",
            vec![
                ("SecretName", "audited/secret"),
                ("EnableAutomaticRotation", "true"),
                ("RotationInterval", "7d"),
            ],
            "UnsupportedOperation",
        ),
    ];
    for (action, pairs, code) in &refused {
        let answer = kms.handle_params(&Caller::root(), action, &params(pairs));
        assert_eq!(answer.result.unwrap_err().code().as_str(), *code);
        let event = event_by_id(&kms, &answer.request_id);
        assert_eq!(event["errorCode"], *code);
        insta::assert_json_snapshot!(format!("event_{action}"), event, {
            ".eventId" => "[request id]",
            ".requestId" => "[request id]",
            ".requestParameters.KeyId" => "[key id]",
            ".referencedResources[\"ACS::KMS::Key\"][]" => "[key id]",
        });
    }
    // DescribeRegions leaves none.
    let before = kms.trail_stats().recorded;
    ok(&kms, "DescribeRegions", &[]);
    assert_eq!(kms.trail_stats().recorded, before);
}

#[test]
fn failed_and_denied_calls_are_recorded_with_their_error() {
    let (kms, _) = kms(2);
    let answer = kms.handle_params(&Caller::root(), "Encrypt", &params(&[("KeyId", "nope")]));
    let code = answer.result.unwrap_err().code().as_str();
    assert_eq!(code, "MissingParameter");
    let event = event_by_id(&kms, &answer.request_id);
    assert_eq!(event["errorCode"], "MissingParameter");
    assert!(
        event["errorMessage"]
            .as_str()
            .unwrap()
            .contains("Plaintext")
    );

    let ram = |action: &str, pairs: &[(&str, &str)]| {
        let request = kms_reference::wire::decode_ram_request(action, &params(pairs)).unwrap();
        kms.handle_ram(&Caller::root(), request).unwrap();
    };
    ram("CreateUser", &[("UserName", "bob")]);
    let mut caller = Caller::user("bob");
    caller.access_key_id = Some("LTAIbob".into());
    caller.user_agent = Some("test-agent/1.0".into());
    caller.source_ip = Some("192.0.2.7".parse().unwrap());
    let answer = kms.handle_params(&caller, "ListKeys", &params(&[]));
    assert_eq!(
        answer.result.unwrap_err().code().as_str(),
        "Forbidden.NoPermission"
    );
    let event = event_by_id(&kms, &answer.request_id);
    assert_eq!(event["errorCode"], "Forbidden.NoPermission");
    assert_eq!(event["userIdentity"]["type"], "ram-user");
    assert_eq!(event["userIdentity"]["userName"], "bob");
    assert_eq!(event["userIdentity"]["accessKeyId"], "LTAIbob");
    assert_eq!(event["sourceIpAddress"], "192.0.2.7");
    assert_eq!(event["userAgent"], "test-agent/1.0");
    assert_eq!(event["eventRW"], "Read");
}

#[test]
fn pages_return_every_matching_event_exactly_once_while_events_arrive() {
    let (kms, clock) = kms(3);
    let (_, created) = ok(&kms, "CreateKey", &[]);
    let key = text(&created, &["KeyMetadata", "KeyId"]);
    let mut expected = Vec::new();
    for i in 0..57 {
        clock.advance(1);
        let (id, _) = ok(&kms, "DescribeKey", &[("KeyId", &key)]);
        expected.push(id);
        if i % 5 == 0 {
            ok(&kms, "ListKeys", &[]);
        }
    }
    let end = Timestamp::from_unix(START + 100).to_string();
    // Events that arrive while paging fall after the queried window...
    clock.set(Timestamp::from_unix(START + 200));
    for direction in ["BACKWARD", "FORWARD"] {
        let mut seen = Vec::new();
        let mut token = None;
        loop {
            let query = LookupEvents {
                start_time: Some(Timestamp::from_unix(START).to_string()),
                end_time: Some(end.clone()),
                direction: Some(direction.into()),
                max_results: Some("10".into()),
                next_token: token.clone(),
                attributes: vec![("EventName".into(), "DescribeKey".into())],
            };
            let body = kms.lookup_events(&Caller::root(), &query).unwrap();
            seen.extend(
                body["Events"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|e| e["eventId"].as_str().unwrap().to_owned()),
            );
            // New matching events keep arriving between pages.
            ok(&kms, "DescribeKey", &[("KeyId", &key)]);
            match body.get("NextToken") {
                Some(t) => token = Some(t.as_str().unwrap().to_owned()),
                None => break,
            }
        }
        let mut want = expected.clone();
        if direction == "BACKWARD" {
            want.reverse();
        }
        assert_eq!(seen, want, "{direction}");
    }
    // ... and inside it, a FORWARD reader sees them after the old ones, each once.
    let mut seen = Vec::new();
    let mut token = None;
    let mut arrived = Vec::new();
    loop {
        let query = LookupEvents {
            start_time: Some(Timestamp::from_unix(START).to_string()),
            end_time: Some(Timestamp::from_unix(START + 10_000).to_string()),
            direction: Some("FORWARD".into()),
            max_results: Some("7".into()),
            next_token: token.clone(),
            attributes: vec![("EventName".into(), "DescribeKey".into())],
        };
        let body = kms.lookup_events(&Caller::root(), &query).unwrap();
        seen.extend(
            body["Events"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["eventId"].as_str().unwrap().to_owned()),
        );
        if arrived.len() < 3 {
            arrived.push(ok(&kms, "DescribeKey", &[("KeyId", &key)]).0);
        }
        match body.get("NextToken") {
            Some(t) => token = Some(t.as_str().unwrap().to_owned()),
            None => break,
        }
    }
    let unique: BTreeSet<&String> = seen.iter().collect();
    assert_eq!(unique.len(), seen.len(), "no event twice");
    assert_eq!(&seen[..expected.len()], &expected[..]);
    assert!(
        arrived.iter().all(|id| seen.contains(id)),
        "events that arrived in the window are read"
    );
}

#[test]
fn lookup_validation_errors() {
    let (kms, _) = kms(4);
    let code = |q: LookupEvents| {
        kms.lookup_events(&Caller::root(), &q)
            .unwrap_err()
            .code()
            .as_str()
    };
    assert_eq!(
        code(LookupEvents {
            start_time: Some("yesterday".into()),
            ..Default::default()
        }),
        "InvalidParameterStartTime"
    );
    assert_eq!(
        code(LookupEvents {
            end_time: Some("2026-13-01".into()),
            ..Default::default()
        }),
        "InvalidParameterEndTime"
    );
    assert_eq!(
        code(LookupEvents {
            start_time: Some("2026-02-01T00:00:00Z".into()),
            end_time: Some("2026-01-01T00:00:00Z".into()),
            ..Default::default()
        }),
        "InvalidParameterCombination"
    );
    assert_eq!(
        code(LookupEvents {
            max_results: Some("51".into()),
            ..Default::default()
        }),
        "InvalidQueryParameter"
    );
    assert_eq!(
        code(LookupEvents {
            direction: Some("SIDEWAYS".into()),
            ..Default::default()
        }),
        "InvalidQueryParameter"
    );
    assert_eq!(
        code(LookupEvents {
            next_token: Some("forged".into()),
            ..Default::default()
        }),
        "InvalidQueryParameter"
    );
    assert_eq!(
        code(LookupEvents {
            attributes: vec![("Colour".into(), "x".into())],
            ..Default::default()
        }),
        "InvalidQueryParameter"
    );
}

#[test]
fn retention_evicts_by_age_and_count_and_says_so() {
    let clock = ManualClock::new(Timestamp::from_unix(START));
    let config = KmsConfig::default().with_trail_limits(TrailLimits {
        max_age_seconds: 3600,
        max_events: 5,
        ..TrailLimits::default()
    });
    let kms = Kms::builder()
        .config(config)
        .deterministic(5, &clock)
        .build_service();
    for _ in 0..8 {
        ok(&kms, "ListKeys", &[]);
    }
    let stats = kms.trail_stats();
    assert_eq!(
        (stats.stored, stats.recorded, stats.evicted_by_count),
        (5, 8, 3)
    );
    clock.advance(3601);
    ok(&kms, "ListKeys", &[]);
    let stats = kms.trail_stats();
    assert_eq!((stats.stored, stats.evicted_by_age), (1, 5));
}

#[derive(Clone, Debug)]
enum Op {
    CreateKey,
    Encrypt(usize, String),
    DecryptLast,
    GenerateDataKey(usize),
    Disable(usize),
    Enable(usize),
    DescribeRegions,
    EncryptWithoutKey(String),
    ScheduleBadWindow(usize),
}

fn op() -> impl Strategy<Value = Op> {
    let secret = "[A-Za-z0-9]{12,20}";
    prop_oneof![
        Just(Op::CreateKey),
        (0..4usize, secret).prop_map(|(k, p)| Op::Encrypt(k, p)),
        Just(Op::DecryptLast),
        (0..4usize).prop_map(Op::GenerateDataKey),
        (0..4usize).prop_map(Op::Disable),
        (0..4usize).prop_map(Op::Enable),
        Just(Op::DescribeRegions),
        secret.prop_map(Op::EncryptWithoutKey),
        (0..4usize).prop_map(Op::ScheduleBadWindow),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn events_equal_calls_but_describe_regions_and_hold_no_plaintext(ops in proptest::collection::vec(op(), 1..40)) {
        let (kms, _) = kms(6);
        let mut keys: Vec<String> = Vec::new();
        let mut secrets: Vec<String> = Vec::new();
        let mut last_blob = String::from("bm90IGEgYmxvYg==");
        let mut expected_events = 0u64;
        for op in ops {
            let key = |i: usize| keys.get(i % keys.len().max(1)).cloned().unwrap_or_else(|| "no-such-key".into());
            let (action, pairs): (&str, Vec<(&str, String)>) = match &op {
                Op::CreateKey => ("CreateKey", vec![]),
                Op::Encrypt(k, p) => { secrets.push(p.clone()); ("Encrypt", vec![("KeyId", key(*k)), ("Plaintext", p.clone())]) }
                Op::DecryptLast => ("Decrypt", vec![("CiphertextBlob", last_blob.clone())]),
                Op::GenerateDataKey(k) => ("GenerateDataKey", vec![("KeyId", key(*k))]),
                Op::Disable(k) => ("DisableKey", vec![("KeyId", key(*k))]),
                Op::Enable(k) => ("EnableKey", vec![("KeyId", key(*k))]),
                Op::DescribeRegions => ("DescribeRegions", vec![]),
                Op::EncryptWithoutKey(p) => { secrets.push(p.clone()); ("Encrypt", vec![("Plaintext", p.clone())]) }
                Op::ScheduleBadWindow(k) => ("ScheduleKeyDeletion", vec![("KeyId", key(*k)), ("PendingWindowInDays", "3".into())]),
            };
            let pairs: BTreeMap<String, String> = pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
            let answer = kms.handle_params(&Caller::root(), action, &pairs);
            if action != "DescribeRegions" {
                expected_events += 1;
            }
            if let Ok(body) = &answer.result {
                if let Some(Value::String(id)) = body.get("KeyMetadata").and_then(|m| m.get("KeyId")) {
                    keys.push(id.clone());
                }
                if let Some(Value::String(b)) = body.get("CiphertextBlob") {
                    last_blob = b.clone();
                    secrets.push(b.clone());
                }
                if let Some(Value::String(p)) = body.get("Plaintext") {
                    secrets.push(p.clone());
                }
            }
        }
        prop_assert_eq!(kms.trail_stats().recorded, expected_events);
        let events = all_events(&kms);
        prop_assert_eq!(events.len() as u64, expected_events);
        let dump = Value::Array(events).to_string();
        for s in &secrets {
            prop_assert!(!dump.contains(s.as_str()), "a secret reached the trail");
        }
    }
}
