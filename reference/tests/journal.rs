//! The journal of a durable reference (docs/spec/decisions.md D-501): every call that may
//! change the state is journaled with its time and randomness, and replaying the journal into
//! a fresh reference, with other randomness and another clock, rebuilds the same state: the
//! same keys, ciphertexts that decrypt, secrets, RAM identities, sessions and trail.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a failure is a test failure"
)]

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use kms_reference::journal::{Journal, JournalEntry, Prepared, ReplayError};
use kms_reference::trail::decode_lookup_events;
use kms_reference::wire::decode_ram_request;
use kms_reference::{Caller, Kms, KmsConfig, ManualClock, Timestamp};
use serde_json::{Map, Value};

const START: i64 = 1_767_225_600;
const DAY: i64 = 86_400;

/// A journal in memory; `fail_after` makes every append past that many fail.
#[derive(Debug, Default)]
struct Memory {
    entries: Mutex<Vec<JournalEntry>>,
    fail_after: Option<usize>,
}

impl Journal for Memory {
    fn append(&self, entry: &JournalEntry) -> Result<u64, String> {
        let mut entries = self.entries.lock().unwrap();
        if self.fail_after.is_some_and(|n| entries.len() >= n) {
            return Err("disk full".into());
        }
        entries.push(entry.clone());
        Ok(entries.len() as u64 - 1)
    }

    fn wait_durable(&self, _seq: u64) -> Result<(), String> {
        Ok(())
    }
}

fn params(items: &[(&str, &str)]) -> BTreeMap<String, String> {
    items
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn call(kms: &Kms, caller: &Caller, action: &str, items: &[(&str, &str)]) -> Map<String, Value> {
    kms.handle_params(caller, action, &params(items))
        .result
        .unwrap_or_else(|e| panic!("{action}: {e}"))
}

fn ram(kms: &Kms, action: &str, items: &[(&str, &str)]) -> Value {
    let request = decode_ram_request(action, &params(items)).unwrap();
    let response = kms
        .handle_ram(&Caller::root(), request)
        .unwrap_or_else(|e| panic!("{action}: {e}"));
    Value::Object(response.body())
}

fn events(kms: &Kms) -> Value {
    let query = decode_lookup_events(&params(&[
        ("StartTime", "2026-01-01T00:00:00Z"),
        ("EndTime", "2026-01-31T00:00:00Z"),
        ("MaxResults", "50"),
    ]))
    .unwrap();
    Value::Object(kms.lookup_events(&Caller::root(), &query).unwrap())
}

/// A journaling reference on a manual clock with its own randomness.
fn journaling(seed: u64, journal: Arc<Memory>) -> (Kms, ManualClock) {
    let clock = ManualClock::new(Timestamp::from_unix(START));
    let kms = Kms::builder().deterministic(seed, &clock).build_service();
    kms.attach_journal(journal).unwrap();
    (kms, clock)
}

/// A reference ready to replay into: other randomness, a clock far from the journal's.
fn fresh(config: KmsConfig) -> (Kms, ManualClock) {
    let clock = ManualClock::new(Timestamp::from_unix(START + 400 * DAY));
    let kms = Kms::builder()
        .config(config)
        .deterministic(77, &clock)
        .build_service();
    (kms, clock)
}

struct Made {
    symmetric: String,
    doomed: String,
    ciphertext: String,
    user_key: (String, String),
    session_key: String,
    /// The AccessKey a RAM secret was created with, retired by the end of the workload.
    first_ram_key: String,
}

/// Keys, crypto, aliases, tags, secrets, RAM users and roles, a session, a denied call and a
/// deletion that completes on the clock.
fn workload(kms: &Kms, clock: &ManualClock) -> Made {
    let root = Caller::root();
    kms.add_root_access_key(Some("LTAIroot0000000000000000".into()), None);
    let symmetric =
        call(kms, &root, "CreateKey", &[("Description", "main")])["KeyMetadata"]["KeyId"]
            .as_str()
            .unwrap()
            .to_owned();
    let ec = call(
        kms,
        &root,
        "CreateKey",
        &[("KeySpec", "EC_P256"), ("KeyUsage", "SIGN/VERIFY")],
    )["KeyMetadata"]["KeyId"]
        .as_str()
        .unwrap()
        .to_owned();
    let ciphertext = call(
        kms,
        &root,
        "Encrypt",
        &[
            ("KeyId", &symmetric),
            ("Plaintext", "aGVsbG8="),
            ("EncryptionContext", r#"{"app":"billing"}"#),
        ],
    )["CiphertextBlob"]
        .as_str()
        .unwrap()
        .to_owned();
    call(
        kms,
        &root,
        "CreateAlias",
        &[("AliasName", "alias/main"), ("KeyId", &symmetric)],
    );
    call(
        kms,
        &root,
        "TagResource",
        &[
            ("KeyId", &ec),
            ("Tags", r#"[{"TagKey":"team","TagValue":"a"}]"#),
        ],
    );
    call(
        kms,
        &root,
        "CreateSecret",
        &[
            ("SecretName", "db"),
            ("SecretData", "s3cret-one"),
            ("VersionId", "v1"),
        ],
    );
    call(
        kms,
        &root,
        "PutSecretValue",
        &[
            ("SecretName", "db"),
            ("SecretData", "s3cret-two"),
            ("VersionId", "v2"),
        ],
    );
    ram(kms, "CreateUser", &[("UserName", "alice")]);
    let key = ram(kms, "CreateAccessKey", &[("UserName", "alice")]);
    let user_key = (
        key["AccessKey"]["AccessKeyId"].as_str().unwrap().to_owned(),
        key["AccessKey"]["AccessKeySecret"]
            .as_str()
            .unwrap()
            .to_owned(),
    );
    // alice has no policy: denied, and the denial is in the trail.
    let denied = kms.handle_params(&Caller::user("alice"), "ListKeys", &params(&[]));
    assert_eq!(
        denied.result.unwrap_err().code().as_str(),
        "Forbidden.NoPermission"
    );
    let may_assume = r#"{"Version":"1","Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Resource":"*"}]}"#;
    ram(
        kms,
        "CreatePolicy",
        &[("PolicyName", "assume"), ("PolicyDocument", may_assume)],
    );
    ram(
        kms,
        "AttachPolicyToUser",
        &[
            ("PolicyName", "assume"),
            ("PolicyType", "Custom"),
            ("UserName", "alice"),
        ],
    );
    let trust = r#"{"Version":"1","Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"RAM":["acs:ram::1234567890123456:user/alice"]}}]}"#;
    ram(
        kms,
        "CreateRole",
        &[("RoleName", "reader"), ("AssumeRolePolicyDocument", trust)],
    );
    let (_, assumed) = kms.handle_sts_params(
        &Caller::user("alice"),
        "AssumeRole",
        &params(&[
            ("RoleArn", "acs:ram::1234567890123456:role/reader"),
            ("RoleSessionName", "s1"),
        ]),
    );
    let session_key = assumed.unwrap()["Credentials"]["AccessKeyId"]
        .as_str()
        .unwrap()
        .to_owned();
    // A RAM secret (D-227..D-230): its AccessKeys come from the call's randomness; the first
    // rotation's window ends on the clock below, the second's is still open.
    ram(kms, "CreateUser", &[("UserName", "app")]);
    call(
        kms,
        &root,
        "CreateSecret",
        &[
            ("SecretName", "$Auto"),
            ("VersionId", "r1"),
            ("SecretData", r#"{"AccessKeys":[]}"#),
            ("SecretType", "RAMCredentials"),
            (
                "ExtendedConfig",
                r#"{"SecretSubType":"RamUserAccessKey","UserName":"app"}"#,
            ),
        ],
    );
    let ram_secret = &[("SecretName", "acs/ram/user/app")];
    let first_ram_key = ram_key(&call(kms, &root, "GetSecretValue", ram_secret));
    call(
        kms,
        &root,
        "RotateSecret",
        &[("SecretName", "acs/ram/user/app"), ("VersionId", "r2")],
    );
    let doomed = call(kms, &root, "CreateKey", &[])["KeyMetadata"]["KeyId"]
        .as_str()
        .unwrap()
        .to_owned();
    clock.advance(DAY);
    call(
        kms,
        &root,
        "ScheduleKeyDeletion",
        &[("KeyId", &doomed), ("PendingWindowInDays", "7")],
    );
    clock.advance(8 * DAY);
    call(
        kms,
        &root,
        "RotateSecret",
        &[("SecretName", "acs/ram/user/app"), ("VersionId", "r3")],
    );
    events(kms);
    Made {
        symmetric,
        doomed,
        ciphertext,
        user_key,
        session_key,
        first_ram_key,
    }
}

/// The AccessKeyId a RAM secret's GetSecretValue answers.
fn ram_key(value: &Map<String, Value>) -> String {
    let data: Value = serde_json::from_str(value["SecretData"].as_str().unwrap()).unwrap();
    data["AccessKeyId"].as_str().unwrap().to_owned()
}

fn replayed(journal: &Memory, into: &Kms) -> Result<(), ReplayError> {
    for entry in journal.entries.lock().unwrap().iter() {
        into.replay(entry)?;
    }
    Ok(())
}

fn strip_request_id(mut body: Map<String, Value>) -> Map<String, Value> {
    body.remove("RequestId");
    body
}

#[test]
fn replaying_the_journal_rebuilds_the_state_it_recorded() {
    let journal = Arc::new(Memory::default());
    let (a, clock) = journaling(1, journal.clone());
    let made = workload(&a, &clock);
    let (b, b_clock) = fresh(a.config().clone());
    replayed(&journal, &b).unwrap();
    // Replay ran on the journal's times; what follows reads both at the same time.
    b_clock.set(a.now());

    // The trail first, before either side records more: the same events, ids and all.
    let trail = events(&a);
    assert!(
        trail["Events"].as_array().unwrap().len() >= 11,
        "the workload's events: {trail}"
    );
    assert_eq!(trail, events(&b));
    assert_eq!(a.root_access_keys(), b.root_access_keys());

    let root = Caller::root();
    let same = |action: &str, items: &[(&str, &str)]| {
        let left = strip_request_id(call(&a, &root, action, items));
        let right = strip_request_id(call(&b, &root, action, items));
        assert_eq!(left, right, "{action} differs after replay");
        left
    };
    let keys = same("ListKeys", &[("PageSize", "100")]);
    assert_eq!(
        keys["TotalCount"], 2,
        "the deleted key is gone on both: {keys:?}"
    );
    same("DescribeKey", &[("KeyId", &made.symmetric)]);
    same("DescribeKey", &[("KeyId", "alias/main")]);
    same("ListAliases", &[]);
    same("ListSecrets", &[]);
    let value = same("GetSecretValue", &[("SecretName", "db")]);
    assert_eq!(value["SecretData"], "s3cret-two");
    let previous = same(
        "GetSecretValue",
        &[("SecretName", "db"), ("VersionStage", "ACSPrevious")],
    );
    assert_eq!(previous["SecretData"], "s3cret-one");
    let decrypted = same(
        "Decrypt",
        &[
            ("CiphertextBlob", &made.ciphertext),
            ("EncryptionContext", r#"{"app":"billing"}"#),
        ],
    );
    assert_eq!(decrypted["Plaintext"], "aGVsbG8=");
    let gone = b.handle_params(&root, "DescribeKey", &params(&[("KeyId", &made.doomed)]));
    assert_eq!(
        gone.result.unwrap_err().code().as_str(),
        "Forbidden.KeyNotFound"
    );

    // Credentials made by RAM and STS authenticate the same on both.
    let user = b.credential(&made.user_key.0).unwrap();
    assert_eq!(user.secret.expose(), made.user_key.1);
    let session_a = a.credential(&made.session_key).unwrap();
    let session_b = b.credential(&made.session_key).unwrap();
    assert_eq!(session_a.secret.expose(), session_b.secret.expose());
    assert_eq!(session_a.token, session_b.token);

    // The RAM secret: the same AccessKeys, the first retired, the second in its window.
    let ram_secret = &[("SecretName", "acs/ram/user/app")];
    let current = same("GetSecretValue", ram_secret);
    assert_eq!(current["VersionId"], "r3");
    let previous = same(
        "GetSecretValue",
        &[
            ("SecretName", "acs/ram/user/app"),
            ("VersionStage", "ACSPrevious"),
        ],
    );
    for value in [&current, &previous] {
        let id = ram_key(value);
        assert_eq!(
            a.credential(&id).unwrap().secret.expose(),
            b.credential(&id).unwrap().secret.expose()
        );
    }
    for kms in [&a, &b] {
        assert_eq!(
            kms.credential(&made.first_ram_key)
                .unwrap_err()
                .code()
                .as_str(),
            "InvalidAccessKeyId.NotFound"
        );
    }
}

#[test]
fn a_replay_that_ends_otherwise_stops_and_names_the_call() {
    let journal = Arc::new(Memory::default());
    let (a, clock) = journaling(2, journal.clone());
    workload(&a, &clock);
    // One key fewer allowed: the second CreateKey is refused on replay.
    let (b, _) = fresh(a.config().clone().with_limits(1, 300));
    let err = replayed(&journal, &b).unwrap_err();
    assert_eq!(
        err,
        ReplayError::Diverged {
            call: "Params CreateKey".into(),
            journaled: "ok".into(),
            replayed: "Rejected.LimitExceeded and other randomness".into(),
        }
    );
    assert!(err.to_string().contains("Params CreateKey ended with ok"));
}

#[test]
fn a_reference_that_journals_refuses_to_replay_and_a_second_journal() {
    let journal = Arc::new(Memory::default());
    let (a, clock) = journaling(3, journal.clone());
    workload(&a, &clock);
    let entry = journal.entries.lock().unwrap()[0].clone();
    assert_eq!(a.replay(&entry), Err(ReplayError::Journaling));
    assert_eq!(
        a.attach_journal(Arc::new(Memory::default())),
        Err(ReplayError::Journaling)
    );
}

#[test]
fn once_an_entry_cannot_be_stored_every_call_is_refused() {
    let journal = Arc::new(Memory {
        fail_after: Some(2),
        ..Memory::default()
    });
    let (a, _clock) = journaling(4, journal.clone());
    let root = Caller::root();
    call(&a, &root, "CreateKey", &[]);
    call(&a, &root, "CreateKey", &[]);
    assert!(!a.journal_failed());
    let refused = a.handle_params(&root, "CreateKey", &params(&[]));
    assert_eq!(
        refused.result.unwrap_err().code().as_str(),
        "ServiceUnavailableTemporary"
    );
    assert!(a.journal_failed());
    // A read is refused too: the state it would show is no longer the journal's.
    let read = a.handle_params(&root, "ListKeys", &params(&[]));
    assert_eq!(
        read.result.unwrap_err().code().as_str(),
        "ServiceUnavailableTemporary"
    );
    assert_eq!(journal.entries.lock().unwrap().len(), 2);
}

#[test]
fn entries_show_no_parameters_or_random_bytes_in_debug_output() {
    let journal = Arc::new(Memory::default());
    let (a, clock) = journaling(5, journal.clone());
    workload(&a, &clock);
    for entry in journal.entries.lock().unwrap().iter() {
        let shown = format!("{entry:?}");
        for secret in ["s3cret", "aGVsbG8=", "SecretData", "random"] {
            assert!(!shown.contains(secret), "{shown}");
        }
    }
}

/// Wraps 32 bytes of material for an EXTERNAL key with the public key GetParametersForImport
/// gave, as a client does (with the test's own randomness: wrapping is the client's).
fn wrapped_material(public_key: &str) -> String {
    use base64::Engine as _;
    use rsa::pkcs8::DecodePublicKey as _;
    let b64 = base64::engine::general_purpose::STANDARD;
    let key = rsa::PublicKey::from_public_key_der(&b64.decode(public_key).unwrap()).unwrap();
    let wrapped = key
        .encrypt(
            &mut rand::rng(),
            rsa::Oaep::<sha2::Sha256>::new(),
            &[9u8; 32],
        )
        .unwrap();
    b64.encode(wrapped)
}

/// Key pairs generated before the lock (docs/spec/decisions.md D-414) are journaled with the
/// call's randomness: replay yields the same wrapping key, the same imported key and the
/// same RSA key pairs, and the entries say what was prepared.
#[test]
fn key_pairs_made_before_the_lock_replay_exactly() {
    let journal = Arc::new(Memory::default());
    let (a, _clock) = journaling(6, journal.clone());
    let root = Caller::root();
    let external = call(&a, &root, "CreateKey", &[("Origin", "EXTERNAL")])["KeyMetadata"]["KeyId"]
        .as_str()
        .unwrap()
        .to_owned();
    let import = call(
        &a,
        &root,
        "GetParametersForImport",
        &[
            ("KeyId", &external),
            ("WrappingAlgorithm", "RSAES_OAEP_SHA_256"),
            ("WrappingKeySpec", "RSA_2048"),
        ],
    );
    let token = import["ImportToken"].as_str().unwrap().to_owned();
    let material = wrapped_material(import["PublicKey"].as_str().unwrap());
    call(
        &a,
        &root,
        "ImportKeyMaterial",
        &[
            ("KeyId", &external),
            ("EncryptedKeyMaterial", &material),
            ("ImportToken", &token),
        ],
    );
    let ciphertext = call(
        &a,
        &root,
        "Encrypt",
        &[("KeyId", &external), ("Plaintext", "aW1wb3J0ZWQ=")],
    )["CiphertextBlob"]
        .as_str()
        .unwrap()
        .to_owned();
    let rsa = call(
        &a,
        &root,
        "CreateKey",
        &[("KeySpec", "RSA_2048"), ("KeyUsage", "SIGN/VERIFY")],
    )["KeyMetadata"]["KeyId"]
        .as_str()
        .unwrap()
        .to_owned();
    call(
        &a,
        &root,
        "CreateAlias",
        &[("AliasName", "alias/rsa"), ("KeyId", &rsa)],
    );
    // By alias: the spec is looked up before the lock.
    let second = call(&a, &root, "CreateKeyVersion", &[("KeyId", "alias/rsa")])["KeyVersion"]
        ["KeyVersionId"]
        .as_str()
        .unwrap()
        .to_owned();

    let prepared: Vec<_> = journal
        .entries
        .lock()
        .unwrap()
        .iter()
        .filter_map(|e| e.prepared.clone())
        .collect();
    assert_eq!(
        prepared.len(),
        3,
        "GetParametersForImport, CreateKey, CreateKeyVersion"
    );

    let (b, b_clock) = fresh(a.config().clone());
    replayed(&journal, &b).unwrap();
    b_clock.set(a.now());
    let same = |action: &str, items: &[(&str, &str)]| {
        let left = strip_request_id(call(&a, &root, action, items));
        let right = strip_request_id(call(&b, &root, action, items));
        assert_eq!(left, right, "{action} differs after replay");
        left
    };
    // The imported material is the same: a ciphertext made before decrypts after.
    let decrypted = same("Decrypt", &[("CiphertextBlob", &ciphertext)]);
    assert_eq!(decrypted["Plaintext"], "aW1wb3J0ZWQ=");
    same("DescribeKey", &[("KeyId", &external)]);
    // The key pairs are the same: both versions' public keys.
    let versions = same("ListKeyVersions", &[("KeyId", &rsa)]);
    assert_eq!(versions["TotalCount"], 2);
    for version in versions["KeyVersions"]["KeyVersion"].as_array().unwrap() {
        let id = version["KeyVersionId"].as_str().unwrap();
        same("GetPublicKey", &[("KeyId", &rsa), ("KeyVersionId", id)]);
    }
    same(
        "GetPublicKey",
        &[("KeyId", &rsa), ("KeyVersionId", &second)],
    );
    // And the token's wrapping key: the token is the same, so is the refusal to reuse it
    // for other material.
    let again = |kms: &Kms| {
        kms.handle_params(
            &root,
            "ImportKeyMaterial",
            &params(&[
                ("KeyId", &external),
                ("EncryptedKeyMaterial", &material),
                ("ImportToken", &token),
            ]),
        )
        .result
        .map(strip_request_id)
        .map_err(|e| e.code().as_str().to_owned())
    };
    assert_eq!(again(&a), again(&b));
}

/// An entry says what its call prepared; an entry of an earlier version, without the field,
/// still reads (its call generated in place, and replay does too).
#[test]
fn entries_name_what_was_prepared_and_older_entries_still_read() {
    let journal = Arc::new(Memory::default());
    let (a, _clock) = journaling(7, journal.clone());
    call(
        &a,
        &Caller::root(),
        "CreateKey",
        &[("KeySpec", "EC_P256"), ("KeyUsage", "SIGN/VERIFY")],
    );
    let entry = journal.entries.lock().unwrap()[0].clone();
    let text = serde_json::to_string(&entry).unwrap();
    let field = r#","prepared":{"kind":"KeyPair","spec":"EC_P256"}"#;
    assert!(text.contains(field), "{text}");
    let old: JournalEntry = serde_json::from_str(&text.replace(field, "")).unwrap();
    assert_eq!(old.prepared, None);
}

/// A call its caller may not make, or one on a key that cannot take it, prepares nothing
/// (D-414): a denied caller cannot make the reference spend key generation.
#[test]
fn denied_and_unfit_calls_prepare_nothing() {
    let journal = Arc::new(Memory::default());
    let (a, _clock) = journaling(8, journal.clone());
    let root = Caller::root();
    let external = call(&a, &root, "CreateKey", &[("Origin", "EXTERNAL")])["KeyMetadata"]["KeyId"]
        .as_str()
        .unwrap()
        .to_owned();
    let symmetric = call(&a, &root, "CreateKey", &[])["KeyMetadata"]["KeyId"]
        .as_str()
        .unwrap()
        .to_owned();
    ram(&a, "CreateUser", &[("UserName", "nobody")]);
    let nobody = Caller::user("nobody");
    let import = |caller: &Caller, key: &str| {
        a.handle_params(
            caller,
            "GetParametersForImport",
            &params(&[
                ("KeyId", key),
                ("WrappingAlgorithm", "RSAES_OAEP_SHA_256"),
                ("WrappingKeySpec", "RSA_2048"),
            ]),
        )
        .result
        .map(|_| ())
        .map_err(|e| e.code().as_str().to_owned())
    };
    let denied = Err("Forbidden.NoPermission".to_owned());
    assert_eq!(import(&nobody, &external), denied);
    let rsa_key = a.handle_params(
        &nobody,
        "CreateKey",
        &params(&[("KeySpec", "RSA_2048"), ("KeyUsage", "SIGN/VERIFY")]),
    );
    assert!(rsa_key.result.is_err());
    // Root, but on a key that is not EXTERNAL.
    assert!(import(&root, &symmetric).is_err());
    assert!(
        journal
            .entries
            .lock()
            .unwrap()
            .iter()
            .all(|e| e.prepared.is_none())
    );
    // The same call allowed, on the EXTERNAL key, prepares its wrapping key.
    assert_eq!(import(&root, &external), Ok(()));
    let last = journal.entries.lock().unwrap().last().cloned().unwrap();
    assert_eq!(last.prepared, Some(Prepared::WrappingKey));
}
