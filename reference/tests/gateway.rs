//! The gateway end to end without a socket: signed requests of both versions are accepted and
//! reach the service; every wire error of docs/spec/decisions.md has its code and status.

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
    ClientCall, HttpRequest, KMS_VERSION, Peer, RAM_VERSION, SignatureVersion, TRAIL_VERSION,
    sign_request,
};
use kms_reference::{Kms, ManualClock, Secret, Timestamp};
use serde_json::Value;

const START: i64 = 1_767_225_600;
const AK: &str = "LTAIroot0000000000000000";
const SECRET: &str = "rootsecret";

fn gateway(config: GatewayConfig) -> (Gateway, ManualClock) {
    let clock = ManualClock::new(Timestamp::from_unix(START));
    let account = Kms::builder()
        .deterministic(9, &clock)
        .root_key_id(AK)
        .root_key_secret(Secret::new(SECRET))
        .build();
    (Gateway::new(account.kms, config), clock)
}

struct Sent {
    version: SignatureVersion,
    nonce: String,
    timestamp: Timestamp,
    access_key_id: String,
    secret: String,
    api_version: &'static str,
}

impl Sent {
    fn new(version: SignatureVersion, nonce: &str) -> Sent {
        Sent {
            version,
            nonce: nonce.into(),
            timestamp: Timestamp::from_unix(START),
            access_key_id: AK.into(),
            secret: SECRET.into(),
            api_version: KMS_VERSION,
        }
    }

    fn request(&self, action: &str, params: &[(&str, &str)]) -> HttpRequest {
        let params: BTreeMap<String, String> = params
            .iter()
            .map(|(k, v)| ((*k).into(), (*v).into()))
            .collect();
        sign_request(
            self.version,
            &ClientCall {
                method: "POST",
                version: self.api_version,
                action,
                params: &params,
                host: "127.0.0.1:1",
                access_key_id: &self.access_key_id,
                secret: &self.secret,
                nonce: &self.nonce,
                timestamp: self.timestamp,
            },
        )
    }
}

fn send(g: &Gateway, r: &HttpRequest) -> (u16, Value) {
    let response = g.handle(r, Peer::default());
    let body: Value = serde_json::from_slice(&response.body).unwrap();
    let header = response
        .headers
        .iter()
        .find(|(k, _)| k == "x-acs-request-id")
        .map(|(_, v)| v.clone());
    assert_eq!(
        header.as_deref(),
        body["RequestId"].as_str(),
        "x-acs-request-id equals RequestId"
    );
    (response.status, body)
}

/// Sends `r` and returns the status, the content type and the body as text.
fn send_raw(g: &Gateway, r: &HttpRequest) -> (u16, String, String) {
    let response = g.handle(r, Peer::default());
    let content_type = response
        .headers
        .iter()
        .find(|(k, _)| k == "content-type")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let request_id = response
        .headers
        .iter()
        .find(|(k, _)| k == "x-acs-request-id")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let body = String::from_utf8(response.body).unwrap();
    if content_type.starts_with("text/xml") {
        assert!(
            body.contains(&format!("<RequestId>{request_id}</RequestId>")),
            "x-acs-request-id equals RequestId: {body}"
        );
    }
    (response.status, content_type, body)
}

/// The start of an XML answer with the root `root`.
fn xml_start(root: &str) -> String {
    format!(r#"<?xml version="1.0" encoding="UTF-8"?><{root}>"#)
}

fn code(body: &Value) -> &str {
    body["Code"].as_str().unwrap_or("")
}

#[test]
fn both_signature_versions_reach_the_service() {
    for version in [SignatureVersion::V1, SignatureVersion::V3] {
        let (g, _) = gateway(GatewayConfig::default());
        let (status, body) = send(
            &g,
            &Sent::new(version, "n1").request("CreateKey", &[("Description", "a b+c/é")]),
        );
        assert_eq!(status, 200, "{version:?} {body}");
        assert_eq!(body["KeyMetadata"]["Description"], "a b+c/é");
        let key = body["KeyMetadata"]["KeyId"].as_str().unwrap().to_owned();
        let (status, body) = send(
            &g,
            &Sent::new(version, "n2").request(
                "Encrypt",
                &[
                    ("KeyId", &key),
                    ("Plaintext", "aGk+/w=="),
                    ("EncryptionContext", r#"{"a":"b c"}"#),
                ],
            ),
        );
        assert_eq!(status, 200, "{body}");
        let blob = body["CiphertextBlob"].as_str().unwrap().to_owned();
        let (_, body) = send(
            &g,
            &Sent::new(version, "n3").request(
                "Decrypt",
                &[
                    ("CiphertextBlob", &blob),
                    ("EncryptionContext", r#"{"a":"b c"}"#),
                ],
            ),
        );
        assert_eq!(body["Plaintext"], "aGk+/w==");
    }
}

#[test]
fn ram_and_trail_are_routed_by_version() {
    let (g, _) = gateway(GatewayConfig::default());
    let mut sent = Sent::new(SignatureVersion::V3, "r1");
    sent.api_version = RAM_VERSION;
    let (status, body) = send(&g, &sent.request("CreateUser", &[("UserName", "alice")]));
    assert_eq!(
        (status, body["User"]["UserName"].as_str()),
        (200, Some("alice"))
    );
    sent.nonce = "r2".into();
    let (_, body) = send(
        &g,
        &sent.request("CreateAccessKey", &[("UserName", "alice")]),
    );
    let alice_ak = body["AccessKey"]["AccessKeyId"]
        .as_str()
        .unwrap()
        .to_owned();
    let alice_secret = body["AccessKey"]["AccessKeySecret"]
        .as_str()
        .unwrap()
        .to_owned();
    // Alice has no policy: authenticated, then denied.
    let mut as_alice = Sent::new(SignatureVersion::V1, "a1");
    as_alice.access_key_id = alice_ak;
    as_alice.secret = alice_secret;
    let (status, body) = send(&g, &as_alice.request("ListKeys", &[]));
    assert_eq!((status, code(&body)), (403, "Forbidden.NoPermission"));
    // The denial is in the trail, with Alice's AccessKey.
    let mut trail = Sent::new(SignatureVersion::V3, "t1");
    trail.api_version = TRAIL_VERSION;
    let (status, body) = send(
        &g,
        &trail.request(
            "LookupEvents",
            &[
                ("LookupAttribute.1.Key", "User"),
                ("LookupAttribute.1.Value", "alice"),
            ],
        ),
    );
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["Events"][0]["errorCode"], "Forbidden.NoPermission");
    assert_eq!(
        body["Events"][0]["userIdentity"]["accessKeyId"],
        as_alice.access_key_id.as_str()
    );
}

#[test]
fn every_wire_error_has_its_code_and_status() {
    let (g, clock) = gateway(GatewayConfig::default());
    let v1 = |nonce: &str| Sent::new(SignatureVersion::V1, nonce);
    let v3 = |nonce: &str| Sent::new(SignatureVersion::V3, nonce);
    let mut cases: Vec<(&str, HttpRequest, u16, &str)> = Vec::new();

    let mut r = v1("e1").request("Encrypt2", &[]);
    cases.push(("unknown action", r.clone(), 404, "InvalidAction.NotFound"));
    let mut s = v3("e2");
    s.api_version = "2014-01-01";
    cases.push((
        "wrong version",
        s.request("ListKeys", &[]),
        400,
        "InvalidVersion",
    ));
    r = v1("e3").request("ListKeys", &[]);
    r.query = r
        .query
        .split('&')
        .filter(|p| !p.starts_with("Signature="))
        .collect::<Vec<_>>()
        .join("&");
    cases.push(("V1 missing signature", r, 400, "IncompleteSignature"));
    let mut s = v1("e4");
    s.secret = "wrong".into();
    cases.push((
        "V1 wrong signature",
        s.request("ListKeys", &[]),
        400,
        "SignatureDoesNotMatch",
    ));
    r = v3("e5").request("ListKeys", &[]);
    r.headers.retain(|(k, _)| k != "authorization");
    r.headers.push(("x-acs-action".into(), "ListKeys".into()));
    r.headers.dedup();
    cases.push(("V3 missing Authorization", r, 400, "IncompleteSignature"));
    let mut s = v3("e6");
    s.secret = "wrong".into();
    cases.push((
        "V3 wrong signature",
        s.request("ListKeys", &[]),
        400,
        "SignatureDoesNotMatch",
    ));
    r = v3("e7").request("ListKeys", &[]);
    r.headers.push(("x-acs-extra".into(), "unsigned".into()));
    cases.push(("V3 unsigned x-acs header", r, 400, "IncompleteSignature"));
    let mut s = v1("e8");
    s.timestamp = Timestamp::from_unix(START - 16 * 60);
    cases.push((
        "stale timestamp",
        s.request("ListKeys", &[]),
        400,
        "InvalidTimeStamp.Expired",
    ));
    let mut s = v3("e9");
    s.timestamp = Timestamp::from_unix(START + 16 * 60);
    cases.push((
        "future timestamp",
        s.request("ListKeys", &[]),
        400,
        "InvalidTimeStamp.Expired",
    ));
    let mut s = v1("e10");
    s.access_key_id = "LTAIunknown".into();
    cases.push((
        "unknown AccessKeyId",
        s.request("ListKeys", &[]),
        404,
        "InvalidAccessKeyId.NotFound",
    ));
    r = v1("e11").request("ListKeys", &[]);
    r.method = "PUT".into();
    cases.push(("PUT", r, 403, "UnsupportedHTTPMethod"));
    r = v1("e12").request("ListKeys", &[]);
    r.body = vec![b'a'; (1 << 20) + 1];
    cases.push(("body too large", r, 413, "RequestEntityTooLarge"));
    r = v3("e13").request("ListKeys", &[]);
    r.body = b"x".to_vec();
    cases.push(("V3 body hash mismatch", r, 400, "IncompleteSignature"));
    r = v1("e14").request("ListKeys", &[]);
    r.query.push_str("&SecurityToken=abc");
    // A token beside a long-term AccessKey (D-008).
    cases.push((
        "STS token",
        r,
        400,
        "InvalidSecurityToken.MismatchWithAccessKey",
    ));
    r = v1("e15").request("ListKeys", &[]);
    r.query.push_str("&Action=ListKeys");
    cases.push((
        "duplicate parameter",
        r,
        400,
        "ParseRequestParameterException",
    ));

    for (what, request, status, expected) in cases {
        let (got_status, body) = send(&g, &request);
        assert_eq!(
            (got_status, code(&body)),
            (status, expected),
            "{what}: {body}"
        );
        assert!(
            body["HostId"].is_string()
                && body["Recommend"].is_string()
                && body["Message"].is_string(),
            "{what}"
        );
        // KMS errors start with their HTTP status, as the KMS samples do (D-093).
        assert_eq!(body["HttpStatus"], status, "{what}: {body}");
        assert_eq!(
            body.as_object().unwrap().keys().next().map(String::as_str),
            Some("HttpStatus"),
            "{what}"
        );
    }

    // Replay: the same nonce within 15 minutes, even for a valid request.
    let request = v1("replayed").request("ListKeys", &[]);
    assert_eq!(send(&g, &request).0, 200);
    let (status, body) = send(&g, &request);
    assert_eq!((status, code(&body)), (400, "SignatureNonceUsed"));
    let request = v3("replayed-v3").request("ListKeys", &[]);
    assert_eq!(send(&g, &request).0, 200);
    assert_eq!(code(&send(&g, &request).1), "SignatureNonceUsed");
    // A wrong signature does not burn the nonce.
    let mut bad = v1("fresh");
    bad.secret = "wrong".into();
    assert_eq!(
        code(&send(&g, &bad.request("ListKeys", &[])).1),
        "SignatureDoesNotMatch"
    );
    assert_eq!(send(&g, &v1("fresh").request("ListKeys", &[])).0, 200);
    clock.advance(1);
}

#[test]
fn v1_mismatch_message_carries_the_server_string_to_sign() {
    let (g, _) = gateway(GatewayConfig::default());
    let mut s = Sent::new(SignatureVersion::V1, "m1");
    s.secret = "wrong".into();
    let (_, body) = send(&g, &s.request("ListKeys", &[]));
    let message = body["Message"].as_str().unwrap();
    let (_, sts) = message.split_once(':').unwrap();
    assert!(sts.starts_with("POST&%2F&AccessKeyId%3D"), "{message}");
}

#[test]
fn a_disabled_access_key_is_refused() {
    let (g, _) = gateway(GatewayConfig::default());
    let mut ram = Sent::new(SignatureVersion::V3, "d1");
    ram.api_version = RAM_VERSION;
    send(&g, &ram.request("CreateUser", &[("UserName", "bob")]));
    ram.nonce = "d2".into();
    let (_, body) = send(&g, &ram.request("CreateAccessKey", &[("UserName", "bob")]));
    let ak = body["AccessKey"]["AccessKeyId"]
        .as_str()
        .unwrap()
        .to_owned();
    ram.nonce = "d3".into();
    let (status, _) = send(
        &g,
        &ram.request(
            "UpdateAccessKey",
            &[
                ("UserName", "bob"),
                ("UserAccessKeyId", &ak),
                ("Status", "Inactive"),
            ],
        ),
    );
    assert_eq!(status, 200);
    let mut bob = Sent::new(SignatureVersion::V1, "b1");
    bob.access_key_id = ak;
    bob.secret = body["AccessKey"]["AccessKeySecret"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, body) = send(&g, &bob.request("ListKeys", &[]));
    assert_eq!((status, code(&body)), (403, "Forbidden.AccessKey"));
}

#[test]
fn throttling_only_when_configured() {
    let (g, _) = gateway(GatewayConfig::default().with_rate_limit(Some(2)));
    let sent: Vec<u16> = (0..4)
        .map(|i| {
            send(
                &g,
                &Sent::new(SignatureVersion::V3, &format!("t{i}")).request("ListKeys", &[]),
            )
            .0
        })
        .collect();
    assert_eq!(sent, vec![200, 200, 429, 429]);
    let response = g.handle(
        &Sent::new(SignatureVersion::V3, "t9").request("ListKeys", &[]),
        Peer::default(),
    );
    assert!(
        response
            .headers
            .iter()
            .any(|(k, _)| k == "x-acs-retry-after")
    );
}

#[test]
fn source_ip_and_transport_reach_the_conditions() {
    let (g, _) = gateway(GatewayConfig::default());
    let mut ram = Sent::new(SignatureVersion::V3, "c1");
    ram.api_version = RAM_VERSION;
    let mut n = 1;
    let mut call = |action: &str, params: &[(&str, &str)]| {
        n += 1;
        ram.nonce = format!("c{n}");
        send(&g, &ram.request(action, params)).1
    };
    call("CreateUser", &[("UserName", "carol")]);
    let policy = r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:ListKeys","Resource":"*","Condition":{"IpAddress":{"acs:SourceIp":"10.0.0.0/8"},"Bool":{"acs:SecureTransport":"true"}}}]}"#;
    call(
        "CreatePolicy",
        &[("PolicyName", "net"), ("PolicyDocument", policy)],
    );
    call(
        "AttachPolicyToUser",
        &[
            ("PolicyType", "Custom"),
            ("PolicyName", "net"),
            ("UserName", "carol"),
        ],
    );
    let key = call("CreateAccessKey", &[("UserName", "carol")]);
    let mut carol = Sent::new(SignatureVersion::V3, "carol1");
    carol.access_key_id = key["AccessKey"]["AccessKeyId"].as_str().unwrap().into();
    carol.secret = key["AccessKey"]["AccessKeySecret"].as_str().unwrap().into();
    let from = |ip: &str, secure: bool| Peer {
        ip: Some(ip.parse().unwrap()),
        secure,
        mfa_present: false,
    };
    let mut status = |nonce: &str, peer: Peer| {
        carol.nonce = nonce.into();
        g.handle(&carol.request("ListKeys", &[]), peer).status
    };
    assert_eq!(status("p1", from("10.1.2.3", true)), 200);
    assert_eq!(status("p2", from("10.1.2.3", false)), 403);
    assert_eq!(status("p3", from("192.168.0.1", true)), 403);
}

#[test]
fn v1_requests_with_the_old_sdks_action_headers_stay_v1() {
    // aliyun-python-sdk-core sends x-acs-action and x-acs-version beside a V1 query signature.
    let (g, _) = gateway(GatewayConfig::default());
    let mut request = Sent::new(SignatureVersion::V1, "old-sdk").request("ListKeys", &[]);
    request
        .headers
        .push(("x-acs-action".into(), "ListKeys".into()));
    request
        .headers
        .push(("x-acs-version".into(), KMS_VERSION.into()));
    let (status, body) = send(&g, &request);
    assert_eq!(status, 200, "{body}");
}

#[test]
fn xml_answers_for_every_product() {
    const XML: &str = "text/xml;charset=utf-8";
    let (g, _) = gateway(GatewayConfig::default());
    let v1 = |nonce: &str| Sent::new(SignatureVersion::V1, nonce);
    let v3 = |nonce: &str| Sent::new(SignatureVersion::V3, nonce);
    let with_accept = |mut r: HttpRequest, media: &str| {
        r.headers.push(("Accept".into(), media.into()));
        r
    };

    // KMS success, V1 Format=XML: <CreateKeyResponse>, the JSON fields as elements, escaped.
    let (status, ct, body) = send_raw(
        &g,
        &v1("x1").request("CreateKey", &[("Format", "XML"), ("Description", "a<b&c")]),
    );
    assert_eq!((status, ct.as_str()), (200, XML), "{body}");
    assert!(body.starts_with(&xml_start("CreateKeyResponse")), "{body}");
    assert!(body.contains("<KeyMetadata><KeyId>"), "{body}");
    assert!(
        body.contains("<Description>a&lt;b&amp;c</Description>"),
        "{body}"
    );
    assert!(body.ends_with("</CreateKeyResponse>"), "{body}");
    let key = body
        .split("<KeyId>")
        .nth(1)
        .and_then(|s| s.split("</KeyId>").next())
        .unwrap()
        .to_owned();

    // A list: one element per item inside the collection.
    let (_, _, body) = send_raw(
        &g,
        &with_accept(v3("x2").request("DescribeRegions", &[]), "application/xml"),
    );
    assert!(
        body.starts_with(&xml_start("DescribeRegionsResponse")),
        "{body}"
    );
    assert!(
        body.contains("<Regions><Region><RegionId>") && body.contains("</Region><Region>"),
        "{body}"
    );

    // KMS error: <KMS> with HttpStatus first.
    let (status, ct, body) = send_raw(
        &g,
        &v1("x3").request(
            "DescribeKey",
            &[
                ("Format", "xml"),
                ("KeyId", "0b7e6c1a-5d2f-4e8a-9c3b-1f2e3d4c5b6a"),
            ],
        ),
    );
    assert_eq!((status, ct.as_str()), (404, XML));
    assert!(
        body.starts_with(&(xml_start("KMS") + "<HttpStatus>404</HttpStatus><RequestId>")),
        "{body}"
    );
    assert!(
        body.contains("<Code>Forbidden.KeyNotFound</Code>"),
        "{body}"
    );

    // Refusals before routing are the KMS endpoint's, in the format asked for.
    let mut old = v3("x4");
    old.api_version = "2014-01-01";
    let (status, ct, body) = send_raw(&g, &with_accept(old.request("ListKeys", &[]), "text/xml"));
    assert_eq!((status, ct.as_str()), (400, XML));
    assert!(body.starts_with(&xml_start("KMS")), "{body}");
    let mut put = v1("x5").request("ListKeys", &[("Format", "XML")]);
    put.method = "PUT".into();
    let (status, _, body) = send_raw(&g, &put);
    assert_eq!(status, 403);
    assert!(
        body.contains("<Code>UnsupportedHTTPMethod</Code>"),
        "{body}"
    );

    // An empty Format counts as absent, so Accept decides (D-090); Format decides over Accept.
    let (_, ct, _) = send_raw(
        &g,
        &with_accept(
            v1("x6").request("ListKeys", &[("Format", "")]),
            "application/xml",
        ),
    );
    assert_eq!(ct, XML);
    let (_, ct, _) = send_raw(
        &g,
        &with_accept(v1("x7").request("ListKeys", &[]), "application/xml"),
    );
    assert_eq!(ct, "application/json;charset=utf-8");

    // RAM: <CreateUserResponse>; its errors <Error>, without HttpStatus (D-092, D-093).
    let mut ram = v3("x8");
    ram.api_version = RAM_VERSION;
    let (status, _, body) = send_raw(
        &g,
        &with_accept(
            ram.request("CreateUser", &[("UserName", "bob")]),
            "application/xml",
        ),
    );
    assert_eq!(status, 200, "{body}");
    assert!(body.starts_with(&xml_start("CreateUserResponse")), "{body}");
    assert!(body.contains("<UserName>bob</UserName>"), "{body}");
    ram.nonce = "x9".into();
    let (status, ct, body) = send_raw(
        &g,
        &with_accept(
            ram.request("CreateUser", &[("UserName", "bob")]),
            "application/xml",
        ),
    );
    assert_eq!((status >= 400, ct.as_str()), (true, XML), "{body}");
    assert!(
        body.starts_with(&(xml_start("Error") + "<RequestId>")),
        "{body}"
    );
    assert!(!body.contains("HttpStatus"), "{body}");

    // ActionTrail: one <Events> per event; names XML cannot spell are made XML names.
    let mut trail = v1("x10");
    trail.api_version = TRAIL_VERSION;
    let encrypt = v1("x11").request("Encrypt", &[("KeyId", &key), ("Plaintext", "aGk=")]);
    assert_eq!(send(&g, &encrypt).0, 200);
    let (status, _, body) = send_raw(
        &g,
        &trail.request(
            "LookupEvents",
            &[
                ("Format", "XML"),
                ("LookupAttribute.1.Key", "EventName"),
                ("LookupAttribute.1.Value", "Encrypt"),
            ],
        ),
    );
    assert_eq!(status, 200, "{body}");
    assert!(
        body.starts_with(&xml_start("LookupEventsResponse")),
        "{body}"
    );
    assert!(body.contains("<Events><eventId>"), "{body}");
    assert!(
        body.contains(&format!("<ACS__KMS__Key>{key}</ACS__KMS__Key>")),
        "{body}"
    );
    trail.nonce = "x12".into();
    let (status, _, body) = send_raw(
        &g,
        &trail.request(
            "LookupEvents",
            &[("Format", "XML"), ("MaxResults", "100000")],
        ),
    );
    assert_eq!(status, 400, "{body}");
    assert!(
        body.starts_with(&(xml_start("Error") + "<RequestId>")),
        "{body}"
    );
}
