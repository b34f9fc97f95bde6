//! Key versions and automatic rotation, through the wire parameters: the version limits and
//! the 7-day switch (docs/spec/decisions.md D-102), rotation on the reference clock (D-105),
//! and a property: whatever mix of Encrypt, CreateKeyVersion, clock advances and rotation
//! policy changes, every blob ever produced still decrypts to its plaintext, and Encrypt always
//! seals under the current primary version.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a failure is a test failure"
)]

use std::collections::BTreeMap;

use kms_reference::{Caller, Clock, ErrorCode, Kms, KmsConfig, KmsError, ManualClock, Timestamp};
use proptest::prelude::*;
use serde_json::{Map, Value};

const START: i64 = 1_767_225_600;
const DAY: i64 = 86_400;

fn kms_with(config: KmsConfig, seed: u64) -> (Kms, ManualClock) {
    let clock = ManualClock::new(Timestamp::from_unix(START));
    let kms = Kms::builder()
        .config(config)
        .deterministic(seed, &clock)
        .build_service();
    (kms, clock)
}

fn call(kms: &Kms, action: &str, pairs: &[(&str, &str)]) -> Result<Map<String, Value>, KmsError> {
    let params: BTreeMap<String, String> = pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    kms.handle_params(&Caller::root(), action, &params).result
}

fn ok(kms: &Kms, action: &str, pairs: &[(&str, &str)]) -> Map<String, Value> {
    call(kms, action, pairs).unwrap_or_else(|e| panic!("{action}: {e}"))
}

fn field(body: &Map<String, Value>, path: &[&str]) -> String {
    let mut v = &body[path[0]];
    for p in &path[1..] {
        v = &v[*p];
    }
    v.as_str().map_or_else(|| v.to_string(), str::to_owned)
}

fn new_key(kms: &Kms, extra: &[(&str, &str)]) -> String {
    field(&ok(kms, "CreateKey", extra), &["KeyMetadata", "KeyId"])
}

fn metadata(kms: &Kms, key: &str) -> Map<String, Value> {
    ok(kms, "DescribeKey", &[("KeyId", key)])["KeyMetadata"]
        .as_object()
        .unwrap()
        .clone()
}

fn version_count(kms: &Kms, key: &str) -> u64 {
    ok(kms, "ListKeyVersions", &[("KeyId", key)])["TotalCount"]
        .as_u64()
        .unwrap()
}

#[test]
fn a_key_holds_at_most_50_versions() {
    let (kms, _) = kms_with(KmsConfig::default(), 1);
    let key = new_key(&kms, &[]);
    for _ in 1..50 {
        ok(&kms, "CreateKeyVersion", &[("KeyId", &key)]);
    }
    assert_eq!(version_count(&kms, &key), 50);
    let e = call(&kms, "CreateKeyVersion", &[("KeyId", &key)]).unwrap_err();
    assert_eq!(e.code(), ErrorCode::RejectedLimitExceeded);
    assert_eq!(e.http_status(), 400);
    assert_eq!(version_count(&kms, &key), 50);
    // Another key still gets versions.
    let other = new_key(&kms, &[]);
    ok(&kms, "CreateKeyVersion", &[("KeyId", &other)]);
}

#[test]
fn the_account_limit_counts_every_keys_versions_and_stops_rotation_too() {
    let (kms, clock) = kms_with(KmsConfig::default().with_max_key_versions(3), 2);
    let a = new_key(&kms, &[]);
    let b = new_key(
        &kms,
        &[
            ("EnableAutomaticRotation", "true"),
            ("RotationInterval", "7d"),
        ],
    );
    ok(&kms, "CreateKeyVersion", &[("KeyId", &a)]);
    let e = call(&kms, "CreateKeyVersion", &[("KeyId", &b)]).unwrap_err();
    assert_eq!(e.code(), ErrorCode::RejectedLimitExceeded);
    // A due rotation at the limit makes no version (D-102, D-105).
    clock.advance(8 * DAY);
    assert_eq!(version_count(&kms, &b), 1);
    // Deleting a key frees its versions.
    ok(
        &kms,
        "ScheduleKeyDeletion",
        &[("KeyId", &a), ("PendingWindowInDays", "7")],
    );
    clock.advance(8 * DAY);
    ok(&kms, "CreateKeyVersion", &[("KeyId", &b)]);
}

#[test]
fn the_seven_day_switch_is_off_by_default_and_enforced_when_on() {
    let (kms, _) = kms_with(KmsConfig::default(), 3);
    let key = new_key(&kms, &[]);
    ok(&kms, "CreateKeyVersion", &[("KeyId", &key)]);
    ok(&kms, "CreateKeyVersion", &[("KeyId", &key)]);

    let (kms, clock) = kms_with(KmsConfig::default().with_version_spacing(true), 3);
    let key = new_key(&kms, &[]);
    let e = call(&kms, "CreateKeyVersion", &[("KeyId", &key)]).unwrap_err();
    assert_eq!(e.code(), ErrorCode::RejectedLimitExceeded);
    assert!(e.message().contains("7 days"), "{}", e.message());
    clock.advance(7 * DAY - 1);
    assert!(call(&kms, "CreateKeyVersion", &[("KeyId", &key)]).is_err());
    clock.advance(1);
    ok(&kms, "CreateKeyVersion", &[("KeyId", &key)]);
    assert!(call(&kms, "CreateKeyVersion", &[("KeyId", &key)]).is_err());
}

#[test]
fn rotation_is_suspended_while_disabled_and_resumes_once_enabled() {
    let (kms, clock) = kms_with(KmsConfig::default(), 4);
    let key = new_key(
        &kms,
        &[
            ("EnableAutomaticRotation", "true"),
            ("RotationInterval", "7d"),
        ],
    );
    let first = metadata(&kms, &key);
    assert_eq!(first["AutomaticRotation"], "Enabled");
    assert_eq!(first["RotationInterval"], "604800s");
    assert_eq!(
        first["NextRotationDate"],
        Timestamp::from_unix(START + 7 * DAY).to_string()
    );
    ok(&kms, "DisableKey", &[("KeyId", &key)]);
    clock.advance(30 * DAY);
    let suspended = metadata(&kms, &key);
    assert_eq!(suspended["AutomaticRotation"], "Suspended");
    assert_eq!(suspended["PrimaryKeyVersion"], first["PrimaryKeyVersion"]);
    assert_eq!(version_count(&kms, &key), 1);
    ok(&kms, "EnableKey", &[("KeyId", &key)]);
    // The next evaluation rotates once, dated now.
    let resumed = metadata(&kms, &key);
    assert_eq!(resumed["AutomaticRotation"], "Enabled");
    assert_ne!(resumed["PrimaryKeyVersion"], first["PrimaryKeyVersion"]);
    let now = Timestamp::from_unix(START + 30 * DAY);
    assert_eq!(resumed["LastRotationDate"], now.to_string());
    assert_eq!(
        resumed["NextRotationDate"],
        now.plus_seconds(7 * DAY).to_string()
    );
    assert_eq!(version_count(&kms, &key), 2);
}

#[test]
fn a_long_jump_makes_one_version_per_evaluation() {
    let (kms, clock) = kms_with(KmsConfig::default(), 5);
    let key = new_key(
        &kms,
        &[
            ("EnableAutomaticRotation", "true"),
            ("RotationInterval", "7d"),
        ],
    );
    clock.advance(70 * DAY);
    assert_eq!(version_count(&kms, &key), 2);
    assert_eq!(version_count(&kms, &key), 2);
}

#[derive(Clone, Debug)]
enum Op {
    Encrypt(u8),
    CreateKeyVersion,
    /// Advance the clock by this many days.
    Advance(u8),
    /// Switch rotation on with this many days (7 to 40), or off.
    Policy(Option<u8>),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => any::<u8>().prop_map(Op::Encrypt),
        2 => Just(Op::CreateKeyVersion),
        3 => (1u8..20).prop_map(Op::Advance),
        2 => proptest::option::of(7u8..40).prop_map(Op::Policy),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn every_blob_ever_made_decrypts_and_encrypt_uses_the_primary(
        ops in proptest::collection::vec(op(), 1..30),
        seed in any::<u64>(),
    ) {
        let (kms, clock) = kms_with(KmsConfig::default(), seed);
        let key = new_key(&kms, &[]);
        let mut blobs: Vec<(String, String, String)> = Vec::new();
        let mut versions_made = 1u64;
        for op in ops {
            match op {
                Op::Encrypt(n) => {
                    let plaintext = format!("cGxhaW4{n:03}");
                    let primary = field(&metadata(&kms, &key), &["PrimaryKeyVersion"]);
                    let out = ok(&kms, "Encrypt", &[("KeyId", &key), ("Plaintext", &plaintext)]);
                    prop_assert_eq!(field(&out, &["KeyVersionId"]), primary.clone());
                    blobs.push((field(&out, &["CiphertextBlob"]), plaintext, primary));
                }
                Op::CreateKeyVersion => {
                    let out = ok(&kms, "CreateKeyVersion", &[("KeyId", &key)]);
                    let made = field(&out, &["KeyVersion", "KeyVersionId"]);
                    prop_assert_eq!(field(&metadata(&kms, &key), &["PrimaryKeyVersion"]), made);
                }
                Op::Advance(days) => clock.advance(i64::from(days) * DAY),
                Op::Policy(days) => {
                    let interval = days.map(|d| format!("{d}d"));
                    let mut p = vec![
                        ("KeyId", key.as_str()),
                        ("EnableAutomaticRotation", if days.is_some() { "true" } else { "false" }),
                    ];
                    if let Some(i) = &interval {
                        p.push(("RotationInterval", i));
                    }
                    ok(&kms, "UpdateRotationPolicy", &p);
                }
            }
            let listed = version_count(&kms, &key);
            prop_assert!(listed >= versions_made, "versions are never removed");
            versions_made = listed;
            let m = metadata(&kms, &key);
            if m["AutomaticRotation"] == "Enabled" {
                // Never overdue after an evaluation.
                let next = Timestamp::parse_iso(m["NextRotationDate"].as_str().unwrap()).unwrap();
                prop_assert!(next > clock.now());
            }
        }
        for (blob, plaintext, version) in &blobs {
            let out = ok(&kms, "Decrypt", &[("CiphertextBlob", blob)]);
            prop_assert_eq!(&field(&out, &["Plaintext"]), plaintext);
            prop_assert_eq!(&field(&out, &["KeyVersionId"]), version);
            let described = ok(&kms, "DescribeKeyVersion", &[("KeyId", &key), ("KeyVersionId", version)]);
            prop_assert_eq!(&field(&described, &["KeyVersion", "KeyVersionId"]), version);
        }
    }
}

#[test]
fn update_rotation_policy_refuses_external_and_asymmetric_keys() {
    let (kms, _) = kms_with(KmsConfig::default(), 6);
    let rsa = new_key(&kms, &[("KeySpec", "RSA_2048")]);
    let external = new_key(&kms, &[("Origin", "EXTERNAL")]);
    for (key, state_first) in [(&rsa, false), (&external, true)] {
        let e = call(
            &kms,
            "UpdateRotationPolicy",
            &[
                ("KeyId", key),
                ("EnableAutomaticRotation", "true"),
                ("RotationInterval", "30d"),
            ],
        )
        .unwrap_err();
        // The EXTERNAL key without material is PendingImport: the state row answers first.
        let want = if state_first {
            ErrorCode::RejectedPendingImport
        } else {
            ErrorCode::RejectedUnsupportedOperation
        };
        assert_eq!(e.code(), want);
    }
    // An asymmetric key gets versions but has no primary version (docs/spec/keys-v2.md §2.1),
    // and its KeyMetadata no such field (docs/spec/decisions.md D-108).
    ok(&kms, "CreateKeyVersion", &[("KeyId", &rsa)]);
    assert_eq!(version_count(&kms, &rsa), 2);
    assert!(metadata(&kms, &rsa).get("PrimaryKeyVersion").is_none());
}
