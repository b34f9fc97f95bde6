//! Secrets Manager through the reference's entry points: the configurable secret quota
//! (docs/spec/decisions.md D-219), secret values kept out of `Debug` output and errors (the
//! AccessKeySecret of a RAM secret too, D-228), and the wire codec of the secrets requests
//! (decode(encode(r)) == r).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a failure is a test failure"
)]

use std::collections::BTreeMap;

use kms_reference::wire::{decode_request, encode_request};
use kms_reference::{
    Caller, CreateSecret, ErrorCode, GetRandomPassword, Kms, KmsConfig, KmsError, ManualClock,
    PageRequest, PutSecretValue, Request, Response, Secret, SecretValueQuery, Timestamp,
};
use serde_json::{Map, Value};

fn kms_with(config: KmsConfig) -> Kms {
    let clock = ManualClock::new(Timestamp::from_unix(1_767_225_600));
    Kms::builder()
        .config(config)
        .deterministic(11, &clock)
        .build_service()
}

fn call(kms: &Kms, action: &str, pairs: &[(&str, &str)]) -> Result<Map<String, Value>, KmsError> {
    let params: BTreeMap<String, String> = pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    kms.handle_params(&Caller::root(), action, &params).result
}

fn create(kms: &Kms, name: &str) -> Result<Map<String, Value>, KmsError> {
    call(
        kms,
        "CreateSecret",
        &[
            ("SecretName", name),
            ("VersionId", "v1"),
            ("SecretData", "value"),
        ],
    )
}

#[test]
fn the_secret_quota_is_rejected_limit_exceeded_and_a_deletion_frees_no_room_until_gone() {
    let kms = kms_with(KmsConfig::default().with_max_secrets(3));
    for name in ["a", "b", "c"] {
        create(&kms, name).unwrap();
    }
    let e = create(&kms, "d").unwrap_err();
    assert_eq!(e.code(), ErrorCode::RejectedLimitExceeded);
    assert_eq!(e.http_status(), 400);
    assert_eq!(e.message(), "The secret quota is exceeded.");
    // A secret pending deletion still counts; a forced deletion frees its place at once.
    call(&kms, "DeleteSecret", &[("SecretName", "a")]).unwrap();
    assert_eq!(
        create(&kms, "d").unwrap_err().code(),
        ErrorCode::RejectedLimitExceeded
    );
    call(
        &kms,
        "DeleteSecret",
        &[("SecretName", "a"), ("ForceDeleteWithoutRecovery", "true")],
    )
    .unwrap();
    create(&kms, "d").unwrap();
}

#[test]
fn secret_values_never_show_in_debug_output_or_errors() {
    let kms = kms_with(KmsConfig::default());
    let value = "hunter2-the-secret-value";
    let request = Request::CreateSecret(Box::new(CreateSecret {
        secret_name: "dbg".into(),
        version_id: "v1".into(),
        secret_data: Secret::new(value),
        ..CreateSecret::default()
    }));
    assert!(!format!("{request:?}").contains(value));
    kms.handle(&Caller::root(), request).unwrap();
    let got = kms
        .handle(
            &Caller::root(),
            Request::GetSecretValue(SecretValueQuery {
                secret_name: "dbg".into(),
                ..SecretValueQuery::default()
            }),
        )
        .unwrap();
    assert!(!format!("{got:?}").contains(value));
    assert!(!format!("{kms:?}").contains(value));
    let Response::SecretValue(v) = &got else {
        panic!("{got:?}")
    };
    assert_eq!(v.secret_data.expose(), value);
    // A version id reused with another value: the error names neither value.
    let e = kms
        .handle(
            &Caller::root(),
            Request::PutSecretValue(Box::new(PutSecretValue {
                secret_name: "dbg".into(),
                version_id: "v1".into(),
                secret_data: Secret::new("another-secret-value"),
                ..PutSecretValue::default()
            })),
        )
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::RejectedResourceExist);
    assert!(!e.message().contains(value) && !e.message().contains("another-secret-value"));
    let password = kms
        .handle(
            &Caller::root(),
            Request::GetRandomPassword(GetRandomPassword::default()),
        )
        .unwrap();
    let Response::RandomPassword { password: p } = &password else {
        panic!()
    };
    assert!(!format!("{password:?}").contains(p.expose()));
}

#[test]
fn every_secrets_request_survives_encoding_and_decoding() {
    let requests = vec![
        Request::CreateSecret(Box::new(CreateSecret {
            secret_name: "a/b".into(),
            version_id: "v1".into(),
            secret_data: Secret::new("x"),
            secret_data_type: Some("binary".into()),
            encryption_key_id: Some("key".into()),
            description: Some(String::new()),
            tags: vec![kms_reference::Tag {
                key: "k".into(),
                value: "v".into(),
            }],
            secret_type: Some("Generic".into()),
            extended_config: Some("{}".into()),
            enable_automatic_rotation: Some(false),
            rotation_interval: Some("7d".into()),
            dkms_instance_id: Some("kst".into()),
            policy: Some("{}".into()),
        })),
        Request::BatchGetSecretValue {
            secrets_list: vec![
                SecretValueQuery {
                    secret_name: "a".into(),
                    version_id: Some("v".into()),
                    version_stage: Some("S".into()),
                    fetch_extended_config: Some(true),
                },
                SecretValueQuery {
                    secret_name: "b".into(),
                    ..SecretValueQuery::default()
                },
            ],
        },
        Request::PutSecretValue(Box::new(PutSecretValue {
            secret_name: "a".into(),
            version_id: "v2".into(),
            secret_data: Secret::new("y"),
            secret_data_type: None,
            version_stages: Some(vec!["ACSCurrent".into(), "X".into()]),
        })),
        Request::ListSecrets {
            fetch_tags: Some(true),
            filters: vec![kms_reference::KeyFilter {
                key: "SecretName".into(),
                values: vec!["a".into()],
            }],
            page: PageRequest {
                number: Some(2),
                size: Some(5),
            },
        },
        Request::UpdateSecret {
            secret_name: "a".into(),
            description: Some("d".into()),
            custom_data: Some(BTreeMap::from([("DBName".into(), "app".into())])),
        },
        Request::DeleteSecret {
            secret_name: "a".into(),
            force_delete_without_recovery: Some(true),
            recovery_window_in_days: Some(30),
        },
        Request::GetRandomPassword(GetRandomPassword {
            password_length: Some(9),
            exclude_characters: Some("ab".into()),
            exclude_lowercase: Some(false),
            exclude_uppercase: Some(true),
            exclude_numbers: None,
            exclude_punctuation: Some(true),
            require_each_included_type: Some(false),
        }),
    ];
    for request in requests {
        let params = encode_request(&request);
        let back = decode_request(request.api().name(), &params).unwrap();
        assert_eq!(back, request);
    }
}

#[test]
fn version_stages_and_custom_data_take_both_documented_encodings() {
    let p = |pairs: &[(&str, &str)]| -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    };
    let base = [("SecretName", "a"), ("VersionId", "v"), ("SecretData", "x")];
    let array = decode_request(
        "PutSecretValue",
        &p(&[base[0], base[1], base[2], ("VersionStages", r#"["S"]"#)]),
    )
    .unwrap();
    let object = decode_request(
        "PutSecretValue",
        &p(&[
            base[0],
            base[1],
            base[2],
            ("VersionStages", r#"{"VersionStage":["S"]}"#),
        ]),
    )
    .unwrap();
    assert_eq!(array, object);
    let json = decode_request(
        "UpdateSecret",
        &p(&[
            ("SecretName", "a"),
            ("ExtendedConfig.CustomData", r#"{"K":"V"}"#),
        ]),
    )
    .unwrap();
    let flat = decode_request(
        "UpdateSecret",
        &p(&[("SecretName", "a"), ("ExtendedConfig.CustomData.K", "V")]),
    )
    .unwrap();
    assert_eq!(json, flat);
}

#[test]
fn a_ram_secrets_access_key_secret_never_shows_in_debug_output_or_errors() {
    let kms = kms_with(KmsConfig::default());
    let ram = |request| kms.handle_ram(&Caller::root(), request).unwrap();
    ram(kms_reference::ram::RamRequest::CreateUser {
        user_name: "app".into(),
        display_name: None,
    });
    let created = call(
        &kms,
        "CreateSecret",
        &[
            ("SecretName", "$Auto"),
            ("VersionId", "v1"),
            ("SecretData", r#"{"AccessKeys":[]}"#),
            ("SecretType", "RAMCredentials"),
            (
                "ExtendedConfig",
                r#"{"SecretSubType":"RamUserAccessKey","UserName":"app"}"#,
            ),
        ],
    )
    .unwrap();
    let name = created["SecretName"].as_str().unwrap().to_owned();
    let got = kms
        .handle(
            &Caller::root(),
            Request::GetSecretValue(SecretValueQuery {
                secret_name: name.clone(),
                ..SecretValueQuery::default()
            }),
        )
        .unwrap();
    let Response::SecretValue(v) = &got else {
        panic!("{got:?}")
    };
    let value: Value = serde_json::from_str(v.secret_data.expose()).unwrap();
    let secret = value["AccessKeySecret"].as_str().unwrap().to_owned();
    assert_eq!(secret.len(), 30);
    assert!(!format!("{got:?}").contains(&secret));
    assert!(!format!("{kms:?}").contains(&secret));
    // Refusals of the secret name neither the AccessKeySecret nor a listed one.
    for (action, pairs) in [
        (
            "PutSecretValue",
            vec![
                ("SecretName", name.as_str()),
                ("VersionId", "v2"),
                ("SecretData", secret.as_str()),
            ],
        ),
        (
            "UpdateSecretVersionStage",
            vec![
                ("SecretName", name.as_str()),
                ("VersionStage", "ACSCurrent"),
                ("MoveToVersion", "v1"),
            ],
        ),
    ] {
        let e = call(&kms, action, &pairs).unwrap_err();
        assert_eq!(e.code(), ErrorCode::UnsupportedOperation);
        assert!(!format!("{e:?}").contains(&secret));
    }
    let listed = format!(
        r#"{{"AccessKeys":[{{"AccessKeyId":"{}","AccessKeySecret":"{secret}"}}]}}"#,
        value["AccessKeyId"].as_str().unwrap()
    );
    ram(kms_reference::ram::RamRequest::CreateUser {
        user_name: "other".into(),
        display_name: None,
    });
    let e = call(
        &kms,
        "CreateSecret",
        &[
            ("SecretName", "$Auto"),
            ("VersionId", "v1"),
            ("SecretData", &listed),
            ("SecretType", "RAMCredentials"),
            (
                "ExtendedConfig",
                r#"{"SecretSubType":"RamUserAccessKey","UserName":"other"}"#,
            ),
        ],
    )
    .unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidParameter);
    assert!(!format!("{e:?}").contains(&secret) && !e.message().contains(&secret));
}
