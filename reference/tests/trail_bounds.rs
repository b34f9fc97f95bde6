//! The bounds of the audit trail (docs/spec/decisions.md D-410..D-413): large parameters of
//! denied and invalid calls are cut and marked, and the store stays within its bytes.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a failure is a test failure"
)]

use std::collections::BTreeMap;

use kms_reference::trail::{
    LookupEvents, MAX_PARAMETER_CHARS, MAX_TEXT_CHARS, MAX_VALUE_CHARS, TrailLimits, cut_marker,
};
use kms_reference::wire::decode_ram_request;
use kms_reference::{Caller, Kms, KmsConfig, ManualClock, Timestamp};
use serde_json::Value;

const START: i64 = 1_767_225_600;

/// The most bytes one event can be counted for: every parameter value together, the
/// markers, the message and User-Agent (up to 4 bytes a character), and a generous
/// allowance for the fixed fields.
const MAX_EVENT_BYTES: usize = 4 * (MAX_PARAMETER_CHARS + 2 * MAX_TEXT_CHARS) + 16 * 1024;

fn kms(config: KmsConfig) -> Kms {
    let clock = ManualClock::new(Timestamp::from_unix(START));
    Kms::builder()
        .config(config)
        .deterministic(3, &clock)
        .build_service()
}

fn params(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// A RAM user with no policy attached: every KMS call it makes is denied.
fn no_policy_user(kms: &Kms) -> Caller {
    let request = decode_ram_request("CreateUser", &params(&[("UserName", "nobody")])).unwrap();
    kms.handle_ram(&Caller::root(), request).unwrap();
    Caller::user("nobody")
}

fn event(kms: &Kms, id: &str) -> Value {
    let query = LookupEvents {
        attributes: vec![("EventId".into(), id.into())],
        ..LookupEvents::default()
    };
    let body = kms.lookup_events(&Caller::root(), &query).unwrap();
    body["Events"][0].clone()
}

#[test]
fn denied_calls_with_a_huge_description_are_stored_cut_and_counted() {
    let kms = kms(KmsConfig::default());
    let user = no_policy_user(&kms);
    let huge = "D".repeat(1_000_000);
    let calls = 300;
    let mut last = String::new();
    for _ in 0..calls {
        let answer = kms.handle_params(&user, "CreateKey", &params(&[("Description", &huge)]));
        assert_eq!(
            answer.result.unwrap_err().code().as_str(),
            "Forbidden.NoPermission"
        );
        last = answer.request_id;
    }
    let stats = kms.trail_stats();
    // The 300 events (and the CreateUser's none: RAM calls are not KMS events) are all
    // kept, and together they are counted for a bounded size, not 300 MB.
    assert_eq!(stats.stored, calls);
    assert!(
        stats.stored_bytes <= calls * MAX_EVENT_BYTES,
        "{} bytes stored",
        stats.stored_bytes
    );
    assert!(stats.stored_bytes < TrailLimits::default().max_bytes);
    assert_eq!(stats.values_cut, calls as u64);
    assert_eq!(
        stats.characters_cut,
        calls as u64 * (1_000_000 - MAX_VALUE_CHARS) as u64
    );

    let recorded = event(&kms, &last);
    assert_eq!(recorded["errorCode"], "Forbidden.NoPermission");
    let description = recorded["requestParameters"]["Description"]
        .as_str()
        .unwrap();
    assert_eq!(
        description,
        format!(
            "{}{}",
            "D".repeat(MAX_VALUE_CHARS),
            cut_marker(1_000_000 - MAX_VALUE_CHARS)
        )
    );
}

#[test]
fn an_invalid_call_is_cut_too_and_its_parameters_share_one_budget() {
    let kms = kms(KmsConfig::default());
    let long = "x".repeat(MAX_VALUE_CHARS + 100);
    // Too long a Description (InvalidParameter), and a RotationInterval past the budget the
    // Description left.
    let answer = kms.handle_params(
        &Caller::root(),
        "CreateKey",
        &params(&[
            ("Description", &long),
            ("EnableAutomaticRotation", "true"),
            ("RotationInterval", &long),
        ]),
    );
    assert!(answer.result.is_err());
    let recorded = event(&kms, &answer.request_id);
    let p = &recorded["requestParameters"];
    assert!(
        p["Description"]
            .as_str()
            .unwrap()
            .ends_with(&cut_marker(100))
    );
    let total: usize = p
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_str().unwrap().chars().count())
        .sum();
    assert!(total <= MAX_PARAMETER_CHARS + 8 * cut_marker(1_000_000).len());
    assert!(kms.trail_stats().values_cut >= 2);
}

#[test]
fn an_undecodable_call_keeps_its_known_parameters_cut() {
    let kms = kms(KmsConfig::default());
    // No Plaintext: decoding fails, and the event keeps the known parameter KeyId, cut.
    let long = "k".repeat(200_000);
    let answer = kms.handle_params(&Caller::root(), "Encrypt", &params(&[("KeyId", &long)]));
    assert_eq!(
        answer.result.unwrap_err().code().as_str(),
        "MissingParameter"
    );
    let recorded = event(&kms, &answer.request_id);
    let key_id = recorded["requestParameters"]["KeyId"].as_str().unwrap();
    assert!(key_id.ends_with(&cut_marker(200_000 - MAX_VALUE_CHARS)));
}

#[test]
fn a_long_user_agent_is_cut() {
    let kms = kms(KmsConfig::default());
    let mut caller = Caller::root();
    caller.user_agent = Some("a".repeat(5_000));
    let answer = kms.handle_params(&caller, "ListKeys", &params(&[]));
    let recorded = event(&kms, &answer.request_id);
    assert_eq!(
        recorded["userAgent"],
        format!(
            "{}{}",
            "a".repeat(MAX_TEXT_CHARS),
            cut_marker(5_000 - MAX_TEXT_CHARS)
        )
    );
}

#[test]
fn the_store_evicts_oldest_first_by_bytes() {
    let limits = TrailLimits {
        max_bytes: 10 * MAX_EVENT_BYTES,
        ..TrailLimits::default()
    };
    let kms = kms(KmsConfig::default().with_trail_limits(limits));
    let user = no_policy_user(&kms);
    let big = "D".repeat(MAX_VALUE_CHARS);
    let mut ids = Vec::new();
    for _ in 0..100 {
        let answer = kms.handle_params(&user, "CreateKey", &params(&[("Description", &big)]));
        ids.push(answer.request_id);
    }
    let stats = kms.trail_stats();
    assert!(stats.stored_bytes <= limits.max_bytes);
    assert!(stats.evicted_by_size > 0);
    assert_eq!(stats.stored as u64 + stats.evicted_by_size, 100);
    // The newest is kept, the oldest went.
    assert_eq!(
        event(&kms, ids.last().unwrap())["eventId"],
        *ids.last().unwrap()
    );
    assert_eq!(event(&kms, &ids[0]), Value::Null);
}

#[test]
fn ordinary_events_leave_the_count_bound_in_charge() {
    let kms = kms(KmsConfig::default());
    let root = Caller::root();
    let key = kms
        .handle_params(
            &root,
            "CreateKey",
            &params(&[("Description", "an ordinary key")]),
        )
        .result
        .unwrap()["KeyMetadata"]["KeyId"]
        .as_str()
        .unwrap()
        .to_owned();
    for _ in 0..10 {
        kms.handle_params(
            &root,
            "Encrypt",
            &params(&[("KeyId", &key), ("Plaintext", "aGVsbG8=")]),
        )
        .result
        .unwrap();
        kms.handle_params(&root, "DescribeKey", &params(&[("KeyId", &key)]))
            .result
            .unwrap();
    }
    let stats = kms.trail_stats();
    let limits = TrailLimits::default();
    // 100,000 such events fit in the byte bound (D-412): the count bound governs them.
    assert!(
        stats.stored_bytes / stats.stored * limits.max_events < limits.max_bytes,
        "{} bytes per event",
        stats.stored_bytes / stats.stored
    );
    assert_eq!(stats.values_cut, 0);
}
