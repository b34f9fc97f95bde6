//! RAM roles (RAM 2015-05-01) through the gateway: signed V1 and V3 requests create, read,
//! update, list, attach to and delete roles; trust policies are checked by the trust grammar
//! with located errors; RAM users are authorized on `acs:ram:*:<account>:role/<name>`
//! (docs/spec/ram-sts.md §1, §2; docs/spec/decisions-next.md D-301..D-311, D-328).

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
    ClientCall, HttpRequest, Peer, RAM_VERSION, SignatureVersion, sign_request,
};
use kms_reference::{Kms, ManualClock, Secret, Timestamp};
use serde_json::{Value, json};

const START: i64 = 1_767_225_600;
const AK: &str = "LTAIroot0000000000000000";
const SECRET: &str = "rootsecret";

fn gateway() -> Gateway {
    let clock = ManualClock::new(Timestamp::from_unix(START));
    let account = Kms::builder()
        .deterministic(9, &clock)
        .root_key_id(AK)
        .root_key_secret(Secret::new(SECRET))
        .build();
    Gateway::new(account.kms, GatewayConfig::default())
}

/// A RAM client: signs every request with a fresh nonce, alternating V3 and V1.
struct Client<'g> {
    g: &'g Gateway,
    access_key_id: String,
    secret: String,
    n: u32,
}

impl<'g> Client<'g> {
    fn root(g: &'g Gateway) -> Client<'g> {
        Client {
            g,
            access_key_id: AK.into(),
            secret: SECRET.into(),
            n: 0,
        }
    }

    fn call(&mut self, action: &str, params: &[(&str, &str)]) -> (u16, Value) {
        self.n += 1;
        let version = if self.n.is_multiple_of(2) {
            SignatureVersion::V1
        } else {
            SignatureVersion::V3
        };
        let params: BTreeMap<String, String> = params
            .iter()
            .map(|(k, v)| ((*k).into(), (*v).into()))
            .collect();
        let nonce = format!("{}-{}", self.access_key_id, self.n);
        let request: HttpRequest = sign_request(
            version,
            &ClientCall {
                method: "POST",
                version: RAM_VERSION,
                action,
                params: &params,
                host: "127.0.0.1:1",
                access_key_id: &self.access_key_id,
                secret: &self.secret,
                nonce: &nonce,
                timestamp: Timestamp::from_unix(START),
            },
        );
        let response = self.g.handle(&request, Peer::default());
        (
            response.status,
            serde_json::from_slice(&response.body).unwrap(),
        )
    }

    /// Calls and expects success.
    fn ok(&mut self, action: &str, params: &[(&str, &str)]) -> Value {
        let (status, body) = self.call(action, params);
        assert_eq!(status, 200, "{action}: {body}");
        body
    }

    /// Calls and expects the error `code` with `status`; returns the message.
    fn err(&mut self, action: &str, params: &[(&str, &str)], status: u16, code: &str) -> String {
        let (got, body) = self.call(action, params);
        assert_eq!(
            (got, body["Code"].as_str().unwrap_or("")),
            (status, code),
            "{action}: {body}"
        );
        body["Message"].as_str().unwrap_or("").to_owned()
    }
}

fn trust(principal: &str) -> String {
    json!({"Version": "1", "Statement": [{"Action": "sts:AssumeRole", "Effect": "Allow",
        "Principal": {"RAM": [principal]}}]})
    .to_string()
}

fn allow(action: &str, resource: &str) -> String {
    json!({"Version": "1", "Statement": [{"Effect": "Allow", "Action": action,
        "Resource": resource}]})
    .to_string()
}

#[test]
fn a_role_lives_through_every_role_api() {
    let g = gateway();
    let mut root = Client::root(&g);
    let doc = trust("acs:ram::1234567890123456:root");
    let created = root.ok(
        "CreateRole",
        &[
            ("RoleName", "ECSAdmin"),
            ("AssumeRolePolicyDocument", &doc),
            ("Description", "admins"),
        ],
    );
    let role = &created["Role"];
    assert_eq!(role["RoleName"], "ECSAdmin");
    let arn = role["Arn"].as_str().unwrap();
    assert!(
        arn.starts_with("acs:ram::") && arn.ends_with(":role/ecsadmin"),
        "D-301: {arn}"
    );
    let id = role["RoleId"].as_str().unwrap();
    assert!(
        id.len() == 18 && id.starts_with('3') && id.bytes().all(|b| b.is_ascii_digit()),
        "D-311: {id}"
    );
    assert_eq!(role["MaxSessionDuration"], 3600);
    assert_eq!(role["AssumeRolePolicyDocument"], doc.as_str());
    assert!(
        role.get("UpdateDate").is_none(),
        "CreateRole has no UpdateDate"
    );
    // Names are unique without regard to case, and found without regard to case.
    root.err(
        "CreateRole",
        &[("RoleName", "ecsadmin"), ("AssumeRolePolicyDocument", &doc)],
        409,
        "EntityAlreadyExists.Role",
    );
    let got = root.ok("GetRole", &[("RoleName", "ecsADMIN")]);
    assert_eq!(got["Role"]["RoleName"], "ECSAdmin");
    assert_eq!(got["Role"]["Description"], "admins");
    assert!(got["Role"]["UpdateDate"].is_string());

    // Policies: attach, twice, list, conflicts on delete, detach.
    root.ok(
        "CreatePolicy",
        &[
            ("PolicyName", "kms-read"),
            ("PolicyDocument", &allow("kms:Describe*", "*")),
        ],
    );
    root.ok(
        "AttachPolicyToRole",
        &[
            ("PolicyType", "Custom"),
            ("PolicyName", "kms-read"),
            ("RoleName", "ECSAdmin"),
        ],
    );
    root.err(
        "AttachPolicyToRole",
        &[
            ("PolicyType", "Custom"),
            ("PolicyName", "kms-read"),
            ("RoleName", "ECSAdmin"),
        ],
        409,
        "EntityAlreadyExists.Role.Policy",
    );
    root.err(
        "AttachPolicyToRole",
        &[
            ("PolicyType", "Custom"),
            ("PolicyName", "nope"),
            ("RoleName", "ECSAdmin"),
        ],
        404,
        "EntityNotExist.Policy",
    );
    root.err(
        "AttachPolicyToRole",
        &[
            ("PolicyType", "Custom"),
            ("PolicyName", "kms-read"),
            ("RoleName", "Nobody"),
        ],
        404,
        "EntityNotExist.Role",
    );
    let list = root.ok("ListPoliciesForRole", &[("RoleName", "ECSAdmin")]);
    assert_eq!(list["Policies"]["Policy"][0]["PolicyName"], "kms-read");
    assert!(list["Policies"]["Policy"][0]["AttachDate"].is_string());
    let message = root.err(
        "DeleteRole",
        &[("RoleName", "ECSAdmin")],
        409,
        "DeleteConflict.Role.Policy",
    );
    assert!(message.contains("attached policy"), "{message}");
    root.err(
        "DeletePolicy",
        &[("PolicyName", "kms-read")],
        409,
        "DeleteConflict.Role.Policy",
    );
    root.ok(
        "DetachPolicyFromRole",
        &[
            ("PolicyType", "Custom"),
            ("PolicyName", "kms-read"),
            ("RoleName", "ECSAdmin"),
        ],
    );
    root.err(
        "DetachPolicyFromRole",
        &[
            ("PolicyType", "Custom"),
            ("PolicyName", "kms-read"),
            ("RoleName", "ECSAdmin"),
        ],
        404,
        "EntityNotExist.Role.Policy",
    );
    assert_eq!(
        root.ok("ListPoliciesForRole", &[("RoleName", "ECSAdmin")])["Policies"]["Policy"],
        json!([])
    );

    // UpdateRole changes what it is given.
    let updated = root.ok(
        "UpdateRole",
        &[
            ("RoleName", "ECSAdmin"),
            ("NewMaxSessionDuration", "7200"),
            ("NewDescription", "new"),
        ],
    );
    assert_eq!(updated["Role"]["MaxSessionDuration"], 7200);
    assert_eq!(updated["Role"]["Description"], "new");
    assert_eq!(updated["Role"]["AssumeRolePolicyDocument"], doc.as_str());
    for bad in ["3599", "43201", "x", "-1"] {
        root.err(
            "UpdateRole",
            &[("RoleName", "ECSAdmin"), ("NewMaxSessionDuration", bad)],
            400,
            "InvalidParameter.MaxSessionDuration",
        );
    }

    // ListRoles pages by MaxItems; items carry no trust policy (D-328).
    root.ok(
        "CreateRole",
        &[
            ("RoleName", "b-role"),
            ("AssumeRolePolicyDocument", &doc),
            ("MaxSessionDuration", "43200"),
        ],
    );
    let page = root.ok("ListRoles", &[("MaxItems", "1")]);
    assert_eq!(page["IsTruncated"], true);
    assert_eq!(page["Roles"]["Role"][0]["RoleName"], "b-role");
    assert!(
        page["Roles"]["Role"][0]
            .get("AssumeRolePolicyDocument")
            .is_none()
    );
    let marker = page["Marker"].as_str().unwrap().to_owned();
    let next = root.ok("ListRoles", &[("MaxItems", "1"), ("Marker", &marker)]);
    assert_eq!(next["IsTruncated"], false);
    assert!(next.get("Marker").is_none());
    assert_eq!(next["Roles"]["Role"][0]["RoleName"], "ECSAdmin");
    assert_eq!(
        root.ok("ListRoles", &[])["Roles"]["Role"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    for bad in ["0", "1001", "x"] {
        root.err("ListRoles", &[("MaxItems", bad)], 400, "InvalidParameter");
    }

    root.ok("DeleteRole", &[("RoleName", "ECSADMIN")]);
    root.err(
        "GetRole",
        &[("RoleName", "ECSAdmin")],
        404,
        "EntityNotExist.Role",
    );
    root.err(
        "DeleteRole",
        &[("RoleName", "ECSAdmin")],
        404,
        "EntityNotExist.Role",
    );
    root.ok("DeletePolicy", &[("PolicyName", "kms-read")]);
}

#[test]
fn role_parameters_have_their_documented_codes() {
    let g = gateway();
    let mut root = Client::root(&g);
    let doc = trust("acs:ram::1234567890123456:user/alice");
    root.err(
        "CreateRole",
        &[("AssumeRolePolicyDocument", &doc)],
        400,
        "MissingParameter",
    );
    root.err("CreateRole", &[("RoleName", "r")], 400, "MissingParameter");
    root.err(
        "CreateRole",
        &[("RoleName", "bad_name"), ("AssumeRolePolicyDocument", &doc)],
        400,
        "InvalidParameter.RoleName.InvalidChars",
    );
    root.err(
        "CreateRole",
        &[
            ("RoleName", &"r".repeat(65)),
            ("AssumeRolePolicyDocument", &doc),
        ],
        400,
        "InvalidParameter.RoleName.Length",
    );
    root.err(
        "GetRole",
        &[("RoleName", "a@b")],
        400,
        "InvalidParameter.RoleName.InvalidChars",
    );
    root.err(
        "CreateRole",
        &[("RoleName", "r"), ("AssumeRolePolicyDocument", "")],
        400,
        "InvalidParameter.AssumeRolePolicyDocument.Length",
    );
    let long = format!("{}{}", doc, " ".repeat(4097 - doc.len()));
    root.err(
        "CreateRole",
        &[("RoleName", "r"), ("AssumeRolePolicyDocument", &long)],
        400,
        "InvalidParameter.AssumeRolePolicyDocument.Length",
    );
    root.err(
        "CreateRole",
        &[
            ("RoleName", "r"),
            ("AssumeRolePolicyDocument", &doc),
            ("Description", &"d".repeat(1025)),
        ],
        400,
        "InvalidParameter.Description.Length",
    );
    root.err(
        "CreateRole",
        &[
            ("RoleName", "r"),
            ("AssumeRolePolicyDocument", &doc),
            ("MaxSessionDuration", "100"),
        ],
        400,
        "InvalidParameter.MaxSessionDuration",
    );
    root.ok(
        "CreateRole",
        &[("RoleName", "r"), ("AssumeRolePolicyDocument", &doc)],
    );
    root.err(
        "UpdateRole",
        &[("RoleName", "r"), ("NewAssumeRolePolicyDocument", "")],
        400,
        "InvalidParameter.NewAssumeRolePolicyDocument.Length",
    );
    root.err(
        "UpdateRole",
        &[("RoleName", "r"), ("NewAssumeRolePolicyDocument", "{}")],
        400,
        "MalformedPolicyDocument",
    );
    root.err(
        "UpdateRole",
        &[("RoleName", "nobody"), ("NewDescription", "x")],
        404,
        "EntityNotExist.Role",
    );
    root.ok(
        "CreatePolicy",
        &[
            ("PolicyName", "p"),
            ("PolicyDocument", &allow("kms:*", "*")),
        ],
    );
    root.err(
        "AttachPolicyToRole",
        &[
            ("PolicyType", "Other"),
            ("PolicyName", "p"),
            ("RoleName", "r"),
        ],
        400,
        "InvalidParameter",
    );
    root.err(
        "AttachPolicyToRole",
        &[("PolicyName", "p")],
        400,
        "MissingParameter",
    );
    for i in 0..5 {
        let name = format!("p{i}");
        root.ok(
            "CreatePolicy",
            &[
                ("PolicyName", &name),
                ("PolicyDocument", &allow("kms:*", "*")),
            ],
        );
        root.ok(
            "AttachPolicyToRole",
            &[
                ("PolicyType", "Custom"),
                ("PolicyName", &name),
                ("RoleName", "r"),
            ],
        );
    }
    root.err(
        "AttachPolicyToRole",
        &[
            ("PolicyType", "Custom"),
            ("PolicyName", "p"),
            ("RoleName", "r"),
        ],
        409,
        "LimitExceeded.Role.Policy",
    );
}

#[test]
fn trust_policies_are_checked_with_located_errors() {
    let g = gateway();
    let mut root = Client::root(&g);
    let cases: &[(&str, &str)] = &[
        (
            r#"{"Version":"1","Statement":[{"Action":"sts:AssumeRole","Effect":"Allow"}]}"#,
            "statement needs `Principal`",
        ),
        (
            r#"{"Version":"1","Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"RAM":"acs:ram::1:root"},"Resource":"*"}]}"#,
            "a trust policy has no `Resource`",
        ),
        (
            r#"{"Version":"1","Statement":[{"Action":"kms:Encrypt","Effect":"Allow","Principal":{"RAM":"acs:ram::1:root"}}]}"#,
            "must be `sts:AssumeRole`",
        ),
        (
            r#"{"Version":"1","Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"RAM":"*"}}]}"#,
            "RAM principal `*` is not valid",
        ),
        (
            r#"{"Version":"1","Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"AWS":"x"}}]}"#,
            "unknown principal type `AWS`",
        ),
        (
            r#"{"Version":"1","Statement":[{"NotAction":"sts:AssumeRole","Effect":"Allow","Principal":{"RAM":"acs:ram::1:root"}}]}"#,
            "a trust policy has no `NotAction`",
        ),
        (
            r#"{"Version":"1","Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"Service":"ecs"}}]}"#,
            "service principal `ecs` is not valid",
        ),
        (
            r#"{"Version":"1","Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{}}]}"#,
            "`Principal` must not be empty",
        ),
    ];
    for (doc, expected) in cases {
        let message = root.err(
            "CreateRole",
            &[("RoleName", "r"), ("AssumeRolePolicyDocument", doc)],
            400,
            "MalformedPolicyDocument",
        );
        assert!(
            message.contains(expected) && message.contains("line 1 column"),
            "{doc}: {message}"
        );
    }
    // Every documented form is accepted: one string or a list, RAM, Service, Federated, a
    // condition, a wildcard action that matches sts:AssumeRole.
    let good = r#"{"Version":"1","Statement":[{"Action":["sts:*"],"Effect":"Allow","Principal":{"RAM":["acs:ram::1:root","acs:ram::1:user/a","acs:ram::1:role/b"],"Service":"ecs.aliyuncs.com","Federated":"acs:ram::1:saml-provider/idp"},"Condition":{"StringEquals":{"saml:recipient":"https://signin.aliyun.com/saml-role/sso"}}},{"Action":"sts:AssumeRole","Effect":"Deny","Principal":{"RAM":"acs:ram::2:root"}}]}"#;
    root.ok(
        "CreateRole",
        &[("RoleName", "r"), ("AssumeRolePolicyDocument", good)],
    );
    // Identity policies keep refusing `Principal`.
    let with_principal = r#"{"Version":"1","Statement":[{"Action":"kms:*","Effect":"Allow","Resource":"*","Principal":{"RAM":"acs:ram::1:root"}}]}"#;
    let message = root.err(
        "CreatePolicy",
        &[("PolicyName", "p"), ("PolicyDocument", with_principal)],
        400,
        "MalformedPolicyDocument",
    );
    assert!(
        message.contains("unknown statement element `Principal`"),
        "{message}"
    );
}

#[test]
fn ram_users_are_authorized_on_the_role_resource() {
    let g = gateway();
    let mut root = Client::root(&g);
    let doc = trust("acs:ram::1234567890123456:root");
    let arn = root.ok(
        "CreateRole",
        &[("RoleName", "readable"), ("AssumeRolePolicyDocument", &doc)],
    )["Role"]["Arn"]
        .as_str()
        .unwrap()
        .to_owned();
    root.ok(
        "CreateRole",
        &[("RoleName", "hidden"), ("AssumeRolePolicyDocument", &doc)],
    );
    let account = arn
        .trim_start_matches("acs:ram::")
        .split(':')
        .next()
        .unwrap()
        .to_owned();
    root.ok("CreateUser", &[("UserName", "alice")]);
    let key = root.ok("CreateAccessKey", &[("UserName", "alice")]);
    let resource = format!("acs:ram:*:{account}:role/readable");
    root.ok(
        "CreatePolicy",
        &[
            ("PolicyName", "get-readable"),
            ("PolicyDocument", &allow("ram:GetRole", &resource)),
        ],
    );
    root.ok(
        "AttachPolicyToUser",
        &[
            ("PolicyType", "Custom"),
            ("PolicyName", "get-readable"),
            ("UserName", "alice"),
        ],
    );
    let mut alice = Client {
        g: &g,
        access_key_id: key["AccessKey"]["AccessKeyId"].as_str().unwrap().into(),
        secret: key["AccessKey"]["AccessKeySecret"].as_str().unwrap().into(),
        n: 0,
    };
    alice.ok("GetRole", &[("RoleName", "readable")]);
    alice.err("GetRole", &[("RoleName", "hidden")], 403, "NoPermission");
    alice.err(
        "DeleteRole",
        &[("RoleName", "readable")],
        403,
        "NoPermission",
    );
    alice.err("ListRoles", &[], 403, "NoPermission");
    alice.err(
        "CreateRole",
        &[("RoleName", "mine"), ("AssumeRolePolicyDocument", &doc)],
        403,
        "NoPermission",
    );
}
