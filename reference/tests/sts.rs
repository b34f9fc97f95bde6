//! STS 2015-04-01 through the gateway: AssumeRole and GetCallerIdentity, temporary credentials
//! signed as the official clients sign them (V1 `SecurityToken`, V3 `x-acs-security-token`) on
//! every product, token errors, and a session's permissions: its role's policies intersected
//! with its session policy (docs/spec/ram-sts.md §3–§6; docs/spec/decisions-next.md
//! D-308, D-313..D-319, D-324, D-325).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a failure is a test failure"
)]

use std::collections::BTreeMap;

use kms_reference::gateway::{Gateway, GatewayConfig};
use kms_reference::wire::{
    ClientCall, KMS_VERSION, Peer, RAM_VERSION, STS_VERSION, SignatureVersion, TRAIL_VERSION,
    sign_request, sign_request_with_token,
};
use kms_reference::{Kms, ManualClock, Secret, Timestamp};
use proptest::prelude::*;
use serde_json::{Value, json};

const START: i64 = 1_767_225_600;
const AK: &str = "LTAIroot0000000000000000";
const SECRET: &str = "rootsecret";

struct World {
    g: Gateway,
    clock: ManualClock,
    nonces: std::cell::Cell<u64>,
}

impl World {
    fn new() -> World {
        let clock = ManualClock::new(Timestamp::from_unix(START));
        let account = Kms::builder()
            .deterministic(9, &clock)
            .root_key_id(AK)
            .root_key_secret(Secret::new(SECRET))
            .build();
        World {
            g: Gateway::new(account.kms, GatewayConfig::default()),
            clock,
            nonces: std::cell::Cell::new(0),
        }
    }

    fn root(&self) -> Client<'_> {
        Client {
            w: self,
            access_key_id: AK.into(),
            secret: SECRET.into(),
            token: None,
            n: 0,
        }
    }
}

struct Client<'w> {
    w: &'w World,
    access_key_id: String,
    secret: String,
    token: Option<String>,
    n: u32,
}

impl Client<'_> {
    fn send(
        &mut self,
        version: SignatureVersion,
        api_version: &str,
        action: &str,
        params: &[(&str, &str)],
    ) -> (u16, Value) {
        self.n += 1;
        let params: BTreeMap<String, String> = params
            .iter()
            .map(|(k, v)| ((*k).into(), (*v).into()))
            .collect();
        self.w.nonces.set(self.w.nonces.get() + 1);
        let nonce = format!("n{}", self.w.nonces.get());
        let call = ClientCall {
            method: "POST",
            version: api_version,
            action,
            params: &params,
            host: "127.0.0.1:1",
            access_key_id: &self.access_key_id,
            secret: &self.secret,
            nonce: &nonce,
            timestamp: self.w.clock_now(),
        };
        let request = match &self.token {
            Some(t) => sign_request_with_token(version, &call, t),
            None => sign_request(version, &call),
        };
        let response = self.w.g.handle(&request, Peer::default());
        (
            response.status,
            serde_json::from_slice(&response.body).unwrap(),
        )
    }

    /// V3 on odd calls, V1 on even ones.
    fn call(&mut self, api_version: &str, action: &str, params: &[(&str, &str)]) -> (u16, Value) {
        let version = if self.n.is_multiple_of(2) {
            SignatureVersion::V3
        } else {
            SignatureVersion::V1
        };
        self.send(version, api_version, action, params)
    }

    fn ok(&mut self, api_version: &str, action: &str, params: &[(&str, &str)]) -> Value {
        let (status, body) = self.call(api_version, action, params);
        assert_eq!(status, 200, "{action}: {body}");
        body
    }

    fn err(
        &mut self,
        api_version: &str,
        action: &str,
        params: &[(&str, &str)],
        code: &str,
    ) -> Value {
        let (status, body) = self.call(api_version, action, params);
        assert_eq!(body["Code"], code, "{action}: {status} {body}");
        body
    }

    fn ram(&mut self, action: &str, params: &[(&str, &str)]) -> Value {
        self.ok(RAM_VERSION, action, params)
    }
}

impl World {
    fn clock_now(&self) -> Timestamp {
        use kms_reference::Clock as _;
        self.clock.now()
    }
}

fn allow(actions: &[&str], resource: &str) -> String {
    json!({"Version": "1", "Statement": [{"Effect": "Allow", "Action": actions, "Resource": resource}]}).to_string()
}

/// Root creates the user alice (allowed `sts:AssumeRole` on every role), the role `KmsReader`
/// trusting `trust_principal` with the policy `read` (kms:List*, kms:DescribeKey) attached.
/// Returns alice's client, the account id and the role's ARN.
fn setup<'w>(w: &'w World, trust: Option<String>) -> (Client<'w>, String, String) {
    let mut root = w.root();
    root.ram("CreateUser", &[("UserName", "alice")]);
    let key = root.ram("CreateAccessKey", &[("UserName", "alice")]);
    let user_id = root.ram("GetUser", &[("UserName", "alice")]);
    assert!(user_id["User"]["UserId"].is_string());
    // The account id from a throwaway role's ARN.
    let probe = json!({"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":"acs:ram::1:root"}}]}).to_string();
    let arn = root.ram(
        "CreateRole",
        &[("RoleName", "probe"), ("AssumeRolePolicyDocument", &probe)],
    )["Role"]["Arn"]
        .as_str()
        .unwrap()
        .to_owned();
    root.ram("DeleteRole", &[("RoleName", "probe")]);
    let account = arn
        .trim_start_matches("acs:ram::")
        .split(':')
        .next()
        .unwrap()
        .to_owned();
    let trust = trust.unwrap_or_else(|| {
        json!({"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole",
            "Principal":{"RAM":[format!("acs:ram::{account}:root")]}}]})
        .to_string()
    });
    let role = root.ram(
        "CreateRole",
        &[
            ("RoleName", "KmsReader"),
            ("AssumeRolePolicyDocument", &trust),
            ("MaxSessionDuration", "7200"),
        ],
    );
    let role_arn = role["Role"]["Arn"].as_str().unwrap().to_owned();
    root.ram(
        "CreatePolicy",
        &[
            ("PolicyName", "read"),
            (
                "PolicyDocument",
                &allow(&["kms:List*", "kms:DescribeKey"], "*"),
            ),
        ],
    );
    root.ram(
        "AttachPolicyToRole",
        &[
            ("PolicyType", "Custom"),
            ("PolicyName", "read"),
            ("RoleName", "KmsReader"),
        ],
    );
    root.ram(
        "CreatePolicy",
        &[
            ("PolicyName", "assume"),
            (
                "PolicyDocument",
                &allow(&["sts:AssumeRole"], &format!("acs:ram:*:{account}:role/*")),
            ),
        ],
    );
    root.ram(
        "AttachPolicyToUser",
        &[
            ("PolicyType", "Custom"),
            ("PolicyName", "assume"),
            ("UserName", "alice"),
        ],
    );
    let alice = Client {
        w,
        access_key_id: key["AccessKey"]["AccessKeyId"].as_str().unwrap().into(),
        secret: key["AccessKey"]["AccessKeySecret"].as_str().unwrap().into(),
        token: None,
        n: 0,
    };
    (alice, account, role_arn)
}

/// AssumeRole as `caller`; a client of the session.
fn assume<'w>(caller: &mut Client<'w>, params: &[(&str, &str)]) -> (Client<'w>, Value) {
    let body = caller.ok(STS_VERSION, "AssumeRole", params);
    let c = &body["Credentials"];
    let session = Client {
        w: caller.w,
        access_key_id: c["AccessKeyId"].as_str().unwrap().into(),
        secret: c["AccessKeySecret"].as_str().unwrap().into(),
        token: Some(c["SecurityToken"].as_str().unwrap().into()),
        n: 0,
    };
    (session, body)
}

#[test]
fn a_session_works_on_every_product_with_its_roles_policies() {
    let w = World::new();
    let (mut alice, account, role_arn) = setup(&w, None);
    assert_eq!(role_arn, format!("acs:ram::{account}:role/kmsreader"));
    let (mut s, body) = assume(
        &mut alice,
        &[
            ("RoleArn", &role_arn),
            ("RoleSessionName", "s-1"),
            ("DurationSeconds", "900"),
        ],
    );
    // The shape of the credentials (D-317) and of the assumed role.
    let c = &body["Credentials"];
    let ak = c["AccessKeyId"].as_str().unwrap();
    assert!(ak.starts_with("STS.") && ak.len() == 29, "{ak}");
    assert_eq!(c["AccessKeySecret"].as_str().unwrap().len(), 44);
    assert!(c["SecurityToken"].as_str().unwrap().len() >= 64);
    assert_eq!(
        c["Expiration"],
        Timestamp::from_unix(START + 900).to_string()
    );
    let role_id = w.root().ram("GetRole", &[("RoleName", "KmsReader")])["Role"]["RoleId"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        body["AssumedRoleUser"]["AssumedRoleId"],
        format!("{role_id}:s-1")
    );
    assert_eq!(
        body["AssumedRoleUser"]["Arn"],
        format!("acs:ram::{account}:role/kmsreader/s-1")
    );

    // KMS with a token, signed V1 and V3: what the role allows, and nothing else.
    for version in [SignatureVersion::V1, SignatureVersion::V3] {
        let (status, body) = s.send(version, KMS_VERSION, "ListKeys", &[]);
        assert_eq!(status, 200, "{version:?}: {body}");
        let (status, body) = s.send(version, KMS_VERSION, "CreateKey", &[]);
        assert_eq!(
            (status, body["Code"].as_str()),
            (403, Some("Forbidden.NoPermission")),
            "{body}"
        );
        // RAM and STS take the token too.
        let (status, body) = s.send(
            version,
            RAM_VERSION,
            "GetRole",
            &[("RoleName", "KmsReader")],
        );
        assert_eq!(
            (status, body["Code"].as_str()),
            (403, Some("NoPermission")),
            "{body}"
        );
        let (status, body) = s.send(version, STS_VERSION, "GetCallerIdentity", &[]);
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["IdentityType"], "AssumedRoleUser");
        assert_eq!(
            body["Arn"],
            format!("acs:ram::{account}:assumed-role/kmsreader/s-1")
        );
        assert_eq!(body["PrincipalId"], format!("{role_id}:s-1"));
        assert_eq!(body["RoleId"], role_id.as_str());
        assert_eq!(body["AccountId"], account.as_str());
        assert!(body.get("UserId").is_none());
    }
    // GetCallerIdentity of root and of a RAM user (D-324).
    let me = w.root().ok(STS_VERSION, "GetCallerIdentity", &[]);
    assert_eq!(
        (me["IdentityType"].as_str(), me["Arn"].as_str()),
        (
            Some("Account"),
            Some(format!("acs:ram::{account}:root").as_str())
        )
    );
    assert_eq!(me["UserId"], account.as_str());
    let me = alice.ok(STS_VERSION, "GetCallerIdentity", &[]);
    assert_eq!(me["IdentityType"], "RAMUser");
    assert_eq!(me["Arn"], format!("acs:ram::{account}:user/alice"));

    // The trail shows the assumed role (D-325) and never the secret or the token.
    let trail = w.root().ok(
        TRAIL_VERSION,
        "LookupEvents",
        &[
            ("LookupAttribute.1.Key", "EventAccessKeyId"),
            ("LookupAttribute.1.Value", ak),
        ],
    );
    let events = trail["Events"].as_array().unwrap();
    assert!(!events.is_empty(), "{trail}");
    let identity = &events[0]["userIdentity"];
    assert_eq!(identity["type"], "assumed-role");
    assert_eq!(identity["principalId"], format!("{role_id}:s-1"));
    assert_eq!(identity["userName"], "KmsReader:s-1");
    assert_eq!(identity["accessKeyId"], ak);
    assert_eq!(identity["accountId"], account.as_str());
    assert_eq!(
        identity["sessionContext"]["attributes"]["mfaAuthenticated"],
        "false"
    );
    assert_eq!(
        identity["sessionContext"]["attributes"]["creationDate"],
        Timestamp::from_unix(START).to_string()
    );
    assert!(identity.get("arn").is_none() && identity.get("sessionIssuer").is_none());
    let text = trail.to_string();
    assert!(!text.contains(s.secret.as_str()) && !text.contains(s.token.as_deref().unwrap()));

    // Detaching the policy takes effect on the next call; attaching it again too.
    let mut root = w.root();
    root.ram(
        "DetachPolicyFromRole",
        &[
            ("PolicyType", "Custom"),
            ("PolicyName", "read"),
            ("RoleName", "KmsReader"),
        ],
    );
    s.err(KMS_VERSION, "ListKeys", &[], "Forbidden.NoPermission");
    root.ram(
        "AttachPolicyToRole",
        &[
            ("PolicyType", "Custom"),
            ("PolicyName", "read"),
            ("RoleName", "KmsReader"),
        ],
    );
    s.ok(KMS_VERSION, "ListKeys", &[]);

    // Expiry on the account's clock.
    w.clock.advance(899);
    s.ok(KMS_VERSION, "ListKeys", &[]);
    w.clock.advance(1);
    s.err(KMS_VERSION, "ListKeys", &[], "InvalidSecurityToken.Expired");

    // Deleting the role invalidates its sessions (D-318).
    let (mut s2, _) = assume(
        &mut alice,
        &[("RoleArn", &role_arn), ("RoleSessionName", "s-2")],
    );
    s2.ok(KMS_VERSION, "ListKeys", &[]);
    root.ram(
        "DetachPolicyFromRole",
        &[
            ("PolicyType", "Custom"),
            ("PolicyName", "read"),
            ("RoleName", "KmsReader"),
        ],
    );
    root.ram("DeleteRole", &[("RoleName", "KmsReader")]);
    s2.err(KMS_VERSION, "ListKeys", &[], "InvalidAccessKeyId.NotFound");
}

#[test]
fn token_errors_have_their_codes() {
    let w = World::new();
    let (mut alice, _, role_arn) = setup(&w, None);
    let (s1, _) = assume(
        &mut alice,
        &[("RoleArn", &role_arn), ("RoleSessionName", "one")],
    );
    let (s2, _) = assume(
        &mut alice,
        &[("RoleArn", &role_arn), ("RoleSessionName", "two")],
    );
    let with = |access_key_id: &str, secret: &str, token: Option<&str>| Client {
        w: &w,
        access_key_id: access_key_id.into(),
        secret: secret.into(),
        token: token.map(str::to_owned),
        n: 0,
    };
    for version in [SignatureVersion::V1, SignatureVersion::V3] {
        let code = |mut c: Client<'_>| {
            c.send(version, KMS_VERSION, "ListKeys", &[]).1["Code"]
                .as_str()
                .unwrap_or("")
                .to_owned()
        };
        assert_eq!(
            code(with(&s1.access_key_id, &s1.secret, None)),
            "MissingSecurityToken"
        );
        assert_eq!(
            code(with(AK, SECRET, s1.token.as_deref())),
            "InvalidSecurityToken.MismatchWithAccessKey"
        );
        assert_eq!(
            code(with(&s1.access_key_id, &s1.secret, s2.token.as_deref())),
            "InvalidSecurityToken.MismatchWithAccessKey"
        );
        assert_eq!(
            code(with(&s1.access_key_id, &s1.secret, Some("CAISforged"))),
            "InvalidSecurityToken.Malformed"
        );
        assert_eq!(
            code(with(&s1.access_key_id, "wrong", s1.token.as_deref())),
            "SignatureDoesNotMatch"
        );
        assert_eq!(
            code(with("STS.unknown", "x", Some("t"))),
            "InvalidAccessKeyId.NotFound"
        );
    }
    // V3: x-acs-accesskey-id must be the Credential's AccessKeyId (D-320).
    let params = BTreeMap::new();
    let call = ClientCall {
        method: "POST",
        version: KMS_VERSION,
        action: "ListKeys",
        params: &params,
        host: "127.0.0.1:1",
        access_key_id: &s1.access_key_id,
        secret: &s1.secret,
        nonce: "mismatch-1",
        timestamp: w.clock_now(),
    };
    let mut request =
        sign_request_with_token(SignatureVersion::V3, &call, s1.token.as_deref().unwrap());
    for (k, v) in &mut request.headers {
        if k == "x-acs-accesskey-id" {
            *v = s2.access_key_id.clone();
        }
    }
    let response = w.g.handle(&request, Peer::default());
    let body: Value = serde_json::from_slice(&response.body).unwrap();
    assert_eq!(
        (response.status, body["Code"].as_str()),
        (400, Some("IncompleteSignature")),
        "{body}"
    );
}

#[test]
fn assume_role_checks_in_the_documented_order() {
    let w = World::new();
    let (mut alice, account, role_arn) = setup(&w, None);
    // (1) parameters
    alice.err(
        STS_VERSION,
        "AssumeRole",
        &[("RoleSessionName", "ab")],
        "MissingParameter",
    );
    alice.err(
        STS_VERSION,
        "AssumeRole",
        &[("RoleArn", &role_arn)],
        "MissingParameter",
    );
    alice.err(
        STS_VERSION,
        "AssumeRole",
        &[("RoleArn", "arn:x"), ("RoleSessionName", "ab")],
        "InvalidParameter.RoleArn",
    );
    for bad in ["a", "has space", &"x".repeat(65)] {
        alice.err(
            STS_VERSION,
            "AssumeRole",
            &[("RoleArn", &role_arn), ("RoleSessionName", bad)],
            "InvalidParameter.RoleSessionName",
        );
    }
    for bad in ["899", "x", "-1"] {
        alice.err(
            STS_VERSION,
            "AssumeRole",
            &[
                ("RoleArn", &role_arn),
                ("RoleSessionName", "ab"),
                ("DurationSeconds", bad),
            ],
            "InvalidParameter.DurationSeconds",
        );
    }
    alice.err(
        STS_VERSION,
        "AssumeRole",
        &[
            ("RoleArn", &role_arn),
            ("RoleSessionName", "ab"),
            ("Policy", ""),
        ],
        "InvalidParameter.PolicySize",
    );
    alice.err(
        STS_VERSION,
        "AssumeRole",
        &[
            ("RoleArn", &role_arn),
            ("RoleSessionName", "ab"),
            ("Policy", &"x".repeat(2049)),
        ],
        "InvalidParameter.PolicySize",
    );
    let body = alice.err(
        STS_VERSION,
        "AssumeRole",
        &[
            ("RoleArn", &role_arn),
            ("RoleSessionName", "ab"),
            ("Policy", r#"{"Version":"1"}"#),
        ],
        "InvalidParameter.PolicyGrammar",
    );
    assert!(
        body["Message"].as_str().unwrap().contains("Statement"),
        "{body}"
    );
    alice.err(
        STS_VERSION,
        "AssumeRole",
        &[
            ("RoleArn", &role_arn),
            ("RoleSessionName", "ab"),
            ("ExternalId", "x"),
        ],
        "InvalidParameter.ExternalId",
    );
    // (2) root may not
    w.root().err(
        STS_VERSION,
        "AssumeRole",
        &[("RoleArn", &role_arn), ("RoleSessionName", "ab")],
        "NoPermission",
    );
    // (3) decision A before (4) existence: a user without sts:AssumeRole learns nothing.
    let mut root = w.root();
    root.ram("CreateUser", &[("UserName", "bob")]);
    let key = root.ram("CreateAccessKey", &[("UserName", "bob")]);
    let mut bob = Client {
        w: &w,
        access_key_id: key["AccessKey"]["AccessKeyId"].as_str().unwrap().into(),
        secret: key["AccessKey"]["AccessKeySecret"].as_str().unwrap().into(),
        token: None,
        n: 0,
    };
    bob.err(
        STS_VERSION,
        "AssumeRole",
        &[("RoleArn", &role_arn), ("RoleSessionName", "ab")],
        "NoPermission",
    );
    let missing = format!("acs:ram::{account}:role/nobody");
    bob.err(
        STS_VERSION,
        "AssumeRole",
        &[("RoleArn", &missing), ("RoleSessionName", "ab")],
        "NoPermission",
    );
    alice.err(
        STS_VERSION,
        "AssumeRole",
        &[("RoleArn", &missing), ("RoleSessionName", "ab")],
        "EntityNotExist.Role",
    );
    // Role names in the ARN match without regard to case (D-301).
    alice.ok(
        STS_VERSION,
        "AssumeRole",
        &[
            ("RoleArn", &format!("acs:ram::{account}:role/KMSREADER")),
            ("RoleSessionName", "ab"),
        ],
    );
    // (6) the role's MaxSessionDuration (7200)
    alice.ok(
        STS_VERSION,
        "AssumeRole",
        &[
            ("RoleArn", &role_arn),
            ("RoleSessionName", "ab"),
            ("DurationSeconds", "7200"),
        ],
    );
    alice.err(
        STS_VERSION,
        "AssumeRole",
        &[
            ("RoleArn", &role_arn),
            ("RoleSessionName", "ab"),
            ("DurationSeconds", "7201"),
        ],
        "InvalidParameter.DurationSeconds",
    );
}

#[test]
fn the_trust_policy_decides_who_may_assume() {
    let w = World::new();
    // Trust names bob only, and only with the ExternalId "ext-1"; alice is allowed by her own
    // policies but not by the trust policy.
    let account_probe = World::new();
    let (_, account, _) = setup(&account_probe, None);
    let trust = json!({"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole",
        "Principal":{"RAM":[format!("acs:ram::{account}:user/alice")]},
        "Condition":{"StringEquals":{"sts:ExternalId":"ext-1"}}},
        {"Effect":"Deny","Action":"sts:AssumeRole","Principal":{"RAM":[format!("acs:ram::{account}:user/alice")]},
        "Condition":{"StringEquals":{"sts:ExternalId":"blocked"}}}]})
    .to_string();
    let (mut alice, account2, role_arn) = setup(&w, Some(trust));
    assert_eq!(account, account2, "deterministic accounts share the id");
    alice.err(
        STS_VERSION,
        "AssumeRole",
        &[("RoleArn", &role_arn), ("RoleSessionName", "ab")],
        "NoPermission",
    );
    alice.err(
        STS_VERSION,
        "AssumeRole",
        &[
            ("RoleArn", &role_arn),
            ("RoleSessionName", "ab"),
            ("ExternalId", "ext-2"),
        ],
        "NoPermission",
    );
    alice.err(
        STS_VERSION,
        "AssumeRole",
        &[
            ("RoleArn", &role_arn),
            ("RoleSessionName", "ab"),
            ("ExternalId", "blocked"),
        ],
        "NoPermission",
    );
    let (mut s, _) = assume(
        &mut alice,
        &[
            ("RoleArn", &role_arn),
            ("RoleSessionName", "ab"),
            ("ExternalId", "ext-1"),
        ],
    );
    // A session of the role is not alice: the trust policy does not name the role.
    s.ok(KMS_VERSION, "ListKeys", &[]);
}

/// What a policy says about one action: nothing, allow or deny.
#[derive(Clone, Copy, Debug)]
enum Say {
    Nothing,
    Allow,
    Deny,
}

fn say() -> impl Strategy<Value = Say> {
    prop_oneof![Just(Say::Nothing), Just(Say::Allow), Just(Say::Deny)]
}

const ACTIONS: [&str; 3] = ["ListKeys", "ListAliases", "CreateKey"];

fn document(says: &[Say], wildcard: Say) -> String {
    let mut statements: Vec<Value> = ACTIONS
        .iter()
        .zip(says)
        .filter_map(|(a, s)| match s {
            Say::Nothing => None,
            Say::Allow => {
                Some(json!({"Effect":"Allow","Action":format!("kms:{a}"),"Resource":"*"}))
            }
            Say::Deny => Some(json!({"Effect":"Deny","Action":format!("kms:{a}"),"Resource":"*"})),
        })
        .collect();
    match wildcard {
        Say::Nothing => {}
        Say::Allow => {
            statements.push(json!({"Effect":"Allow","Action":"kms:List*","Resource":"*"}))
        }
        Say::Deny => statements.push(json!({"Effect":"Deny","Action":"kms:List*","Resource":"*"})),
    }
    if statements.is_empty() {
        // A policy needs a statement: one about another service.
        statements.push(json!({"Effect":"Allow","Action":"oss:GetObject","Resource":"*"}));
    }
    json!({"Version":"1","Statement":statements}).to_string()
}

/// Whether a document allows `index` of ACTIONS.
fn allows(says: &[Say], wildcard: Say, index: usize) -> bool {
    let list = ACTIONS[index].starts_with("List");
    let denied = matches!(says[index], Say::Deny) || (list && matches!(wildcard, Say::Deny));
    let allowed = matches!(says[index], Say::Allow) || (list && matches!(wildcard, Say::Allow));
    allowed && !denied
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// A session is never allowed what its role's policies or its session policy do not allow
    /// (and is allowed whatever both allow).
    #[test]
    fn a_session_gets_the_intersection(
        role in proptest::collection::vec(say(), 3),
        role_wild in say(),
        session in proptest::option::of((proptest::collection::vec(say(), 3), say())),
    ) {
        let w = World::new();
        let (mut alice, _, role_arn) = setup(&w, None);
        let mut root = w.root();
        root.ram("DetachPolicyFromRole", &[("PolicyType", "Custom"), ("PolicyName", "read"), ("RoleName", "KmsReader")]);
        root.ram("CreatePolicy", &[("PolicyName", "generated"), ("PolicyDocument", &document(&role, role_wild))]);
        root.ram("AttachPolicyToRole", &[("PolicyType", "Custom"), ("PolicyName", "generated"), ("RoleName", "KmsReader")]);
        let session_doc = session.as_ref().map(|(s, wild)| document(s, *wild));
        let mut params = vec![("RoleArn", role_arn.as_str()), ("RoleSessionName", "prop")];
        if let Some(doc) = &session_doc {
            params.push(("Policy", doc.as_str()));
        }
        let (mut s, _) = assume(&mut alice, &params);
        for (i, action) in ACTIONS.iter().enumerate() {
            let expected = allows(&role, role_wild, i)
                && session.as_ref().is_none_or(|(ss, wild)| allows(ss, *wild, i));
            let (status, body) = s.call(KMS_VERSION, action, &[]);
            let denied = status == 403 && body["Code"] == "Forbidden.NoPermission";
            prop_assert_eq!(!denied, expected, "{} {} {}", action, status, body);
        }
    }
}

#[test]
fn sts_calls_are_in_the_callers_trail_without_secrets() {
    let w = World::new();
    let (mut alice, account, role_arn) = setup(&w, None);
    let (s, body) = assume(
        &mut alice,
        &[
            ("RoleArn", &role_arn),
            ("RoleSessionName", "audit"),
            ("DurationSeconds", "1000"),
        ],
    );
    alice.err(
        STS_VERSION,
        "AssumeRole",
        &[("RoleArn", &role_arn), ("RoleSessionName", "a")],
        "InvalidParameter.RoleSessionName",
    );
    alice.ok(STS_VERSION, "GetCallerIdentity", &[]);
    let mut root = w.root();
    let found = root.ok(
        TRAIL_VERSION,
        "LookupEvents",
        &[
            ("LookupAttribute.1.Key", "EventName"),
            ("LookupAttribute.1.Value", "AssumeRole"),
        ],
    );
    let events = found["Events"].as_array().unwrap();
    assert_eq!(events.len(), 2, "{found}");
    // Newest first: the refused call, with its code.
    assert_eq!(events[0]["errorCode"], "InvalidParameter.RoleSessionName");
    let e = &events[1];
    assert_eq!(e["serviceName"], "Sts");
    assert_eq!(e["eventSource"], "sts.aliyuncs.com");
    assert_eq!(e["apiVersion"], "2015-04-01");
    assert_eq!(e["eventRW"], "Read");
    assert_eq!(e["isGlobal"], false);
    assert_eq!(e["userIdentity"]["type"], "ram-user");
    assert_eq!(e["userIdentity"]["userName"], "alice");
    assert_eq!(e["userIdentity"]["accountId"], account.as_str());
    assert_eq!(e["requestParameters"]["RoleArn"], role_arn.as_str());
    assert_eq!(e["requestParameters"]["DurationSeconds"], "1000");
    let ak = body["Credentials"]["AccessKeyId"].as_str().unwrap();
    assert_eq!(e["responseElements"]["Credentials"]["AccessKeyId"], ak);
    assert_eq!(
        e["responseElements"]["Credentials"]["Expiration"],
        body["Credentials"]["Expiration"]
    );
    assert_eq!(
        e["responseElements"]["AssumedRoleUser"],
        body["AssumedRoleUser"]
    );
    assert!(
        e["responseElements"]["Credentials"]
            .get("AccessKeySecret")
            .is_none()
    );
    assert_eq!(e["referencedResources"]["ACS::RAM::AccessKey"], json!([ak]));
    let text = found.to_string();
    assert!(
        !text.contains(s.secret.as_str()) && !text.contains(s.token.as_deref().unwrap()),
        "{text}"
    );
    let gci = root.ok(
        TRAIL_VERSION,
        "LookupEvents",
        &[
            ("LookupAttribute.1.Key", "EventName"),
            ("LookupAttribute.1.Value", "GetCallerIdentity"),
        ],
    );
    assert_eq!(gci["Events"][0]["serviceName"], "Sts");
    assert!(gci["Events"][0].get("responseElements").is_none());
}
