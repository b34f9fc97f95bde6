//! RAM secrets (SecretType RAMCredentials) through the gateway: the AccessKey a secret holds
//! signs requests (V1 and V3), RotateSecret's new one does too, and the one it replaced stops
//! when its window ends on the reference's clock; no AccessKeySecret reaches an audit event or
//! an error message (docs/spec/secrets.md §3; docs/spec/decisions.md D-227 to D-232).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a failure is a test failure"
)]

use std::cell::Cell;
use std::collections::BTreeMap;

use kms_reference::gateway::{Gateway, GatewayConfig};
use kms_reference::wire::{
    ClientCall, KMS_VERSION, Peer, RAM_VERSION, STS_VERSION, SignatureVersion, TRAIL_VERSION,
    sign_request,
};
use kms_reference::{Clock as _, Kms, ManualClock, Secret, Timestamp};
use serde_json::{Value, json};

const START: i64 = 1_767_225_600;
const AK: &str = "LTAIroot0000000000000000";
const SECRET: &str = "rootsecret";
/// The window of a rotation's replaced AccessKey (D-230).
const WINDOW: i64 = 2 * 86_400;

struct World {
    g: Gateway,
    clock: ManualClock,
    nonces: Cell<u64>,
}

impl World {
    fn new() -> World {
        let clock = ManualClock::new(Timestamp::from_unix(START));
        let account = Kms::builder()
            .deterministic(17, &clock)
            .root_key_id(AK)
            .root_key_secret(Secret::new(SECRET))
            .build();
        World {
            g: Gateway::new(account.kms, GatewayConfig::default()),
            clock,
            nonces: Cell::new(0),
        }
    }

    /// One signed call with the AccessKey `(id, secret)`: status and body.
    fn send(
        &self,
        keys: (&str, &str),
        signature: SignatureVersion,
        version: &str,
        action: &str,
        params: &[(&str, &str)],
    ) -> (u16, Value) {
        let params: BTreeMap<String, String> = params
            .iter()
            .map(|(k, v)| ((*k).into(), (*v).into()))
            .collect();
        self.nonces.set(self.nonces.get() + 1);
        let nonce = format!("n{}", self.nonces.get());
        let call = ClientCall {
            method: "POST",
            version,
            action,
            params: &params,
            host: "127.0.0.1:1",
            access_key_id: keys.0,
            secret: keys.1,
            nonce: &nonce,
            timestamp: self.clock.now(),
        };
        let response = self
            .g
            .handle(&sign_request(signature, &call), Peer::default());
        (
            response.status,
            serde_json::from_slice(&response.body).unwrap(),
        )
    }

    fn root(&self, version: &str, action: &str, params: &[(&str, &str)]) -> Value {
        let (status, body) = self.send((AK, SECRET), SignatureVersion::V3, version, action, params);
        assert_eq!(status, 200, "{action}: {body}");
        body
    }

    fn root_err(&self, action: &str, params: &[(&str, &str)]) -> Value {
        let (status, body) = self.send(
            (AK, SECRET),
            SignatureVersion::V3,
            KMS_VERSION,
            action,
            params,
        );
        assert_ne!(status, 200, "{action}: {body}");
        body
    }

    /// The user `app` allowed `kms:List*`, with a RAM secret; the secret's name.
    fn setup(&self) -> String {
        self.root(RAM_VERSION, "CreateUser", &[("UserName", "app")]);
        let policy = json!({"Version":"1","Statement":[{"Effect":"Allow","Action":["kms:List*"],"Resource":"*"}]});
        self.root(
            RAM_VERSION,
            "CreatePolicy",
            &[
                ("PolicyName", "list"),
                ("PolicyDocument", &policy.to_string()),
            ],
        );
        self.root(
            RAM_VERSION,
            "AttachPolicyToUser",
            &[
                ("PolicyType", "Custom"),
                ("PolicyName", "list"),
                ("UserName", "app"),
            ],
        );
        let created = self.root(KMS_VERSION, "CreateSecret", &create_params("app"));
        assert_eq!(created["SecretType"], "RAMCredentials");
        assert_eq!(created["AutomaticRotation"], "Disabled");
        created["SecretName"].as_str().unwrap().to_owned()
    }

    /// The AccessKey in the secret's version at `stage`: (id, secret, the whole value).
    fn access_key(&self, name: &str, stage: &str) -> (String, String, Value) {
        let body = self.root(
            KMS_VERSION,
            "GetSecretValue",
            &[
                ("SecretName", name),
                ("VersionStage", stage),
                ("FetchExtendedConfig", "true"),
            ],
        );
        assert_eq!(body["SecretType"], "RAMCredentials");
        let value: Value = serde_json::from_str(body["SecretData"].as_str().unwrap()).unwrap();
        (
            value["AccessKeyId"].as_str().unwrap().to_owned(),
            value["AccessKeySecret"].as_str().unwrap().to_owned(),
            body,
        )
    }

    /// Whether ListKeys signed with `(id, secret)` succeeds, with both signature versions;
    /// the code otherwise.
    fn list_keys_with(&self, id: &str, secret: &str) -> Result<(), String> {
        let mut outcome = Vec::new();
        for signature in [SignatureVersion::V1, SignatureVersion::V3] {
            let (status, body) = self.send((id, secret), signature, KMS_VERSION, "ListKeys", &[]);
            outcome.push(if status == 200 {
                Ok(())
            } else {
                Err(body["Code"].as_str().unwrap_or_default().to_owned())
            });
        }
        assert_eq!(outcome[0], outcome[1], "V1 and V3 agree");
        outcome.remove(0)
    }
}

fn create_params(user: &str) -> Vec<(&'static str, &str)> {
    let config: &'static str = match user {
        "app" => r#"{"SecretSubType":"RamUserAccessKey","UserName":"app"}"#,
        _ => r#"{"SecretSubType":"RamUserAccessKey","UserName":"nobody"}"#,
    };
    vec![
        ("SecretName", "$Auto"),
        ("VersionId", "v1"),
        ("SecretData", r#"{"AccessKeys":[]}"#),
        ("SecretType", "RAMCredentials"),
        ("ExtendedConfig", config),
    ]
}

#[test]
fn the_secrets_access_key_signs_and_the_replaced_one_stops_after_the_window() {
    let w = World::new();
    let name = w.setup();
    assert_eq!(name, "acs/ram/user/app");
    let (id1, secret1, body) = w.access_key(&name, "ACSCurrent");
    assert!(id1.starts_with("LTAI"));
    assert_eq!(
        serde_json::from_str::<Value>(body["ExtendedConfig"].as_str().unwrap()).unwrap(),
        json!({"SecretSubType":"RamUserAccessKey","UserName":"app","CustomData":{}})
    );
    w.list_keys_with(&id1, &secret1).unwrap();
    // The caller of the AccessKey is the user.
    let (status, who) = w.send(
        (&id1, &secret1),
        SignatureVersion::V3,
        STS_VERSION,
        "GetCallerIdentity",
        &[],
    );
    assert_eq!(status, 200, "{who}");
    assert!(who["Arn"].as_str().unwrap().ends_with(":user/app"), "{who}");

    let rotated = w.root(
        KMS_VERSION,
        "RotateSecret",
        &[("SecretName", &name), ("VersionId", "v2")],
    );
    assert_eq!(rotated["VersionId"], "v2");
    let (id2, secret2, body) = w.access_key(&name, "ACSCurrent");
    assert_ne!(id1, id2);
    assert_eq!(body["VersionId"], "v2");
    assert!(body["LastRotationDate"].is_string());
    assert_eq!(w.access_key(&name, "ACSPrevious").0, id1);
    // Both work within the window; a third AccessKey does not fit the RAM limit.
    w.list_keys_with(&id2, &secret2).unwrap();
    w.list_keys_with(&id1, &secret1).unwrap();
    let e = w.root_err(
        "RotateSecret",
        &[("SecretName", &name), ("VersionId", "v3")],
    );
    assert_eq!(e["Code"], "Rejected.LimitExceeded");
    // The same VersionId again is answered as it stands.
    w.root(
        KMS_VERSION,
        "RotateSecret",
        &[("SecretName", &name), ("VersionId", "v2")],
    );

    w.clock.advance(WINDOW - 1);
    w.list_keys_with(&id1, &secret1).unwrap();
    w.clock.advance(1);
    assert_eq!(
        w.list_keys_with(&id1, &secret1),
        Err("InvalidAccessKeyId.NotFound".to_owned())
    );
    w.list_keys_with(&id2, &secret2).unwrap();
    let e = w.root_err(
        "GetSecretValue",
        &[("SecretName", &name), ("VersionStage", "ACSPrevious")],
    );
    assert_eq!(e["Code"], "Forbidden.ResourceNotFound");
    // The window is over: the next rotation has room again.
    w.root(
        KMS_VERSION,
        "RotateSecret",
        &[("SecretName", &name), ("VersionId", "v3")],
    );
    assert_eq!(w.access_key(&name, "ACSPrevious").0, id2);

    // No AccessKeySecret in any audit event.
    let now = w.clock.now();
    let events = w.root(
        TRAIL_VERSION,
        "LookupEvents",
        &[
            ("StartTime", &Timestamp::from_unix(START - 60).to_string()),
            ("EndTime", &now.plus_seconds(60).to_string()),
            ("MaxResults", "50"),
        ],
    );
    let dump = events.to_string();
    assert!(dump.contains("RotateSecret"), "{dump}");
    for secret in [&secret1, &secret2] {
        assert!(
            !dump.contains(secret.as_str()),
            "an AccessKeySecret in the trail"
        );
    }
}

#[test]
fn the_documented_refusals_name_no_access_key_secret() {
    let w = World::new();
    // No such user.
    let e = w.root_err("CreateSecret", &create_params("nobody"));
    assert_eq!(e["Code"], "Forbidden.ResourceNotFound");
    // A user at the RAM limit of 2 AccessKeys.
    w.root(RAM_VERSION, "CreateUser", &[("UserName", "app")]);
    let k1 = w.root(RAM_VERSION, "CreateAccessKey", &[("UserName", "app")]);
    let k2 = w.root(RAM_VERSION, "CreateAccessKey", &[("UserName", "app")]);
    let e = w.root_err("CreateSecret", &create_params("app"));
    assert_eq!(e["Code"], "Rejected.LimitExceeded");
    // SecretData naming a key with a wrong secret: the error shows no secret.
    let k1_secret = k1["AccessKey"]["AccessKeySecret"].as_str().unwrap();
    let k1_id = k1["AccessKey"]["AccessKeyId"].as_str().unwrap();
    let wrong = format!(
        r#"{{"AccessKeys":[{{"AccessKeyId":"{k1_id}","AccessKeySecret":"{k1_secret}x"}}]}}"#
    );
    let k2_id = k2["AccessKey"]["AccessKeyId"].as_str().unwrap();
    w.root(
        RAM_VERSION,
        "DeleteAccessKey",
        &[("UserName", "app"), ("UserAccessKeyId", k2_id)],
    );
    let mut params = create_params("app");
    params[2] = ("SecretData", &wrong);
    let e = w.root_err("CreateSecret", &params);
    assert_eq!(e["Code"], "InvalidParameter");
    assert!(!e.to_string().contains(k1_secret));
    // A name other than $Auto, PutSecretValue, a Generic name for the type.
    let mut params = create_params("app");
    params[0] = ("SecretName", "acs/ram/user/app");
    assert_eq!(
        w.root_err("CreateSecret", &params)["Code"],
        "InvalidParameter"
    );
    let listed = format!(
        r#"{{"AccessKeys":[{{"AccessKeyId":"{k1_id}","AccessKeySecret":"{k1_secret}"}}]}}"#
    );
    let mut params = create_params("app");
    params[2] = ("SecretData", &listed);
    let name = w.root(KMS_VERSION, "CreateSecret", &params)["SecretName"]
        .as_str()
        .unwrap()
        .to_owned();
    let e = w.root_err(
        "PutSecretValue",
        &[
            ("SecretName", &name),
            ("VersionId", "v9"),
            ("SecretData", "x"),
        ],
    );
    assert_eq!(e["Code"], "UnsupportedOperation");
    // The user now has its own key and the secret's: a rotation has no room.
    let e = w.root_err(
        "RotateSecret",
        &[("SecretName", &name), ("VersionId", "v2")],
    );
    assert_eq!(e["Code"], "Rejected.LimitExceeded");
    let now = w.clock.now();
    let events = w.root(
        TRAIL_VERSION,
        "LookupEvents",
        &[
            ("StartTime", &Timestamp::from_unix(START - 60).to_string()),
            ("EndTime", &now.plus_seconds(60).to_string()),
            ("MaxResults", "50"),
        ],
    );
    assert!(!events.to_string().contains(k1_secret));
}

#[test]
fn deleting_the_secret_leaves_the_users_access_keys() {
    let w = World::new();
    let name = w.setup();
    let (id, secret, _) = w.access_key(&name, "ACSCurrent");
    w.root(
        KMS_VERSION,
        "DeleteSecret",
        &[
            ("SecretName", &name),
            ("ForceDeleteWithoutRecovery", "true"),
        ],
    );
    w.list_keys_with(&id, &secret).unwrap();
}

#[test]
fn a_replaced_access_key_deleted_through_ram_makes_room_and_its_version_goes() {
    let w = World::new();
    let name = w.setup();
    let (id1, _, _) = w.access_key(&name, "ACSCurrent");
    w.root(
        KMS_VERSION,
        "RotateSecret",
        &[("SecretName", &name), ("VersionId", "v2")],
    );
    w.root(
        RAM_VERSION,
        "DeleteAccessKey",
        &[("UserName", "app"), ("UserAccessKeyId", &id1)],
    );
    w.root(
        KMS_VERSION,
        "RotateSecret",
        &[("SecretName", &name), ("VersionId", "v3")],
    );
    let versions = w.root(
        KMS_VERSION,
        "ListSecretVersionIds",
        &[("SecretName", &name), ("IncludeDeprecated", "true")],
    );
    let ids: Vec<&str> = versions["VersionIds"]["VersionId"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["VersionId"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["v2", "v3"]);
}
