//! The gateway's bounds without a socket (docs/spec/server-bounds.md): the signature-nonce
//! window per AccessKey (D-401, D-402), the parameter and query bounds checked before any
//! signature work (D-403, D-404), and the V3 canonical query that encodes names (D-406).

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
    ClientCall, HttpRequest, KMS_VERSION, Peer, RAM_VERSION, SignatureVersion, sign_request,
};
use kms_reference::{Kms, ManualClock, Secret, Timestamp};
use serde_json::Value;

const START: i64 = 1_767_225_600;
const AK: &str = "LTAIroot0000000000000000";
const SECRET: &str = "rootsecret";

fn gateway(config: GatewayConfig) -> Gateway {
    let clock = ManualClock::new(Timestamp::from_unix(START));
    let account = Kms::builder()
        .deterministic(9, &clock)
        .root_key_id(AK)
        .root_key_secret(Secret::new(SECRET))
        .build();
    Gateway::new(account.kms, config)
}

/// Who signs, and with what.
#[derive(Clone)]
struct Signer {
    id: String,
    secret: String,
    version: SignatureVersion,
}

impl Signer {
    fn root() -> Signer {
        Signer {
            id: AK.into(),
            secret: SECRET.into(),
            version: SignatureVersion::V3,
        }
    }

    /// A signed request, `seconds` after START, with `nonce`.
    fn at(
        &self,
        seconds: i64,
        nonce: &str,
        api: &str,
        action: &str,
        params: &[(&str, &str)],
    ) -> HttpRequest {
        let params: BTreeMap<String, String> = params
            .iter()
            .map(|(k, v)| ((*k).into(), (*v).into()))
            .collect();
        sign_request(
            self.version,
            &ClientCall {
                method: "POST",
                version: api,
                action,
                params: &params,
                host: "127.0.0.1:1",
                access_key_id: &self.id,
                secret: &self.secret,
                nonce,
                timestamp: Timestamp::from_unix(START + seconds),
            },
        )
    }

    fn kms(&self, nonce: &str, action: &str) -> HttpRequest {
        self.at(0, nonce, KMS_VERSION, action, &[])
    }
}

fn send(g: &Gateway, r: &HttpRequest) -> (u16, String) {
    let response = g.handle(r, Peer::default());
    let body: Value = serde_json::from_slice(&response.body).unwrap();
    (
        response.status,
        body["Code"].as_str().unwrap_or("").to_owned(),
    )
}

/// A RAM user of the default account with no policy, and its AccessKey.
fn user(g: &Gateway, name: &str) -> Signer {
    let root = Signer::root();
    let create = root.at(
        0,
        &format!("mk-{name}"),
        RAM_VERSION,
        "CreateUser",
        &[("UserName", name)],
    );
    assert_eq!(send(g, &create).0, 200);
    let key = root.at(
        0,
        &format!("key-{name}"),
        RAM_VERSION,
        "CreateAccessKey",
        &[("UserName", name)],
    );
    let response = g.handle(&key, Peer::default());
    let body: Value = serde_json::from_slice(&response.body).unwrap();
    Signer {
        id: body["AccessKey"]["AccessKeyId"].as_str().unwrap().into(),
        secret: body["AccessKey"]["AccessKeySecret"]
            .as_str()
            .unwrap()
            .into(),
        version: SignatureVersion::V1,
    }
}

/// F2: one AccessKey filling its own window never makes another AccessKey's calls fail; the
/// flooder keeps its cap, is still served when it signs fresh requests, and still refuses the
/// replay of a nonce it gave up.
#[test]
fn f2_a_key_filling_its_window_never_fails_another() {
    let mut config = GatewayConfig::default();
    config.nonce_capacity_per_key = 5;
    let g = gateway(config);
    let flood = user(&g, "flood");
    let other = user(&g, "other");
    let first = flood.at(1, "f0", KMS_VERSION, "DescribeRegions", &[]);
    assert_eq!(send(&g, &first).0, 200);
    for n in 1..50 {
        let request = flood.at(1 + n, &format!("f{n}"), KMS_VERSION, "DescribeRegions", &[]);
        assert_eq!(
            send(&g, &request).0,
            200,
            "the flooder's own fresh calls pass"
        );
    }
    assert_eq!(
        g.nonce_stats(&flood.id).held_for_key,
        5,
        "the per-key cap holds"
    );
    assert_eq!(send(&g, &Signer::root().kms("root-1", "ListKeys")).0, 200);
    let other_call = other.kms("o1", "DescribeRegions");
    assert_eq!(send(&g, &other_call).0, 200);
    assert_eq!(
        send(&g, &other_call).1,
        "SignatureNonceUsed",
        "still single use"
    );
    // The flooder's forgotten first nonce cannot be replayed: it is older than its floor.
    assert_eq!(send(&g, &first), (429, "Rejected.Throttling".into()));
    assert_eq!(g.nonce_stats(&flood.id).held_for_key, 5);
}

/// F2: when the global window is full, the AccessKey holding the most gives up its oldest
/// nonces: root and another user are still served, and their new nonces are kept.
#[test]
fn f2_a_full_global_window_takes_from_the_largest_holder_not_everyone() {
    let mut config = GatewayConfig::default();
    config.nonce_capacity = 8;
    let g = gateway(config);
    let flood = user(&g, "flood");
    let other = user(&g, "other");
    for n in 0..50 {
        let request = flood.at(n, &format!("f{n}"), KMS_VERSION, "DescribeRegions", &[]);
        assert_eq!(send(&g, &request).0, 200);
        assert!(g.nonce_stats(AK).held <= 8, "the global cap holds");
    }
    let root_call = Signer::root().at(100, "root-1", KMS_VERSION, "ListKeys", &[]);
    assert_eq!(send(&g, &root_call).0, 200, "root is served");
    let other_call = other.at(100, "o1", KMS_VERSION, "DescribeRegions", &[]);
    assert_eq!(send(&g, &other_call).0, 200, "another user is served");
    for n in 50..60 {
        let request = flood.at(n, &format!("f{n}"), KMS_VERSION, "DescribeRegions", &[]);
        assert_eq!(send(&g, &request).0, 200);
    }
    assert_eq!(
        send(&g, &root_call).1,
        "SignatureNonceUsed",
        "root's nonce kept"
    );
    assert_eq!(
        send(&g, &other_call).1,
        "SignatureNonceUsed",
        "the user's nonce kept"
    );
    let stats = g.nonce_stats(&flood.id);
    assert!(stats.held <= 8 && stats.held_for_key < 8, "{stats:?}");
}

/// F2: a call refused before authentication, replayed or throttled stores no nonce.
#[test]
fn f2_refused_calls_leave_the_nonce_count_unchanged() {
    let g = gateway(GatewayConfig::default().with_rate_limit(Some(1)));
    let root = Signer::root();
    assert_eq!(send(&g, &root.kms("n1", "ListKeys")).0, 200);
    let held = g.nonce_stats(AK).held;
    assert_eq!(held, 1);
    let unknown = Signer {
        id: "nobody".into(),
        ..root.clone()
    };
    let wrong = Signer {
        secret: "wrong".into(),
        ..root.clone()
    };
    let refused = [
        (
            unknown.kms("n2", "ListKeys"),
            (404, "InvalidAccessKeyId.NotFound"),
        ),
        (wrong.kms("n3", "ListKeys"), (400, "SignatureDoesNotMatch")),
        (root.kms("n1", "ListKeys"), (400, "SignatureNonceUsed")),
        (root.kms("n4", "ListKeys"), (429, "Rejected.Throttling")),
    ];
    for (request, (status, code)) in refused {
        assert_eq!(send(&g, &request), (status, code.to_owned()));
        assert_eq!(g.nonce_stats(AK).held, held, "after {code}");
    }
    assert_eq!(g.nonce_stats("nobody").held_for_key, 0);
}

/// F6: 10 000 empty parameters are refused by count, before the (unknown) AccessKey is looked
/// up or a string to sign is built, in a form body or in the query.
#[test]
fn f6_ten_thousand_empty_parameters_are_refused_before_authentication() {
    let g = gateway(GatewayConfig::default());
    let flood: Vec<String> = (0..10_000).map(|i| format!("p{i}=")).collect();
    let common = "Action=Encrypt&Version=2016-01-20&AccessKeyId=nobody&Signature=x&\
                  SignatureMethod=HMAC-SHA1&SignatureVersion=1.0&SignatureNonce=1&\
                  Timestamp=2026-01-01T00:00:00Z";
    let text = format!("{}&{common}", flood.join("&"));
    let form = HttpRequest {
        method: "POST".into(),
        path: "/".into(),
        query: String::new(),
        headers: vec![(
            "content-type".into(),
            "application/x-www-form-urlencoded".into(),
        )],
        body: text.clone().into_bytes(),
    };
    let response = g.handle(&form, Peer::default());
    let body: Value = serde_json::from_slice(&response.body).unwrap();
    assert_eq!(response.status, 400);
    assert_eq!(body["Code"], "ParseRequestParameterException");
    assert!(
        body["Message"]
            .as_str()
            .unwrap()
            .contains("more than 1000 parameters"),
        "{body}"
    );
    let query = HttpRequest {
        query: text,
        body: Vec::new(),
        headers: Vec::new(),
        ..form.clone()
    };
    assert_eq!(
        send(&g, &query),
        (400, "ParseRequestParameterException".into())
    );
    // Query and body count together.
    let split = HttpRequest {
        query: flood[..600].join("&"),
        body: flood[600..1200].join("&").into_bytes(),
        ..form.clone()
    };
    assert_eq!(
        send(&g, &split),
        (400, "ParseRequestParameterException".into())
    );
    let root = Signer::root();
    // A long name or value is refused too, naming the parameter but not its value.
    let long_value = "v".repeat((64 << 10) + 1);
    let request = root.at(
        0,
        "v1",
        KMS_VERSION,
        "CreateKey",
        &[("Description", &long_value)],
    );
    let response = g.handle(&request, Peer::default());
    let body: Value = serde_json::from_slice(&response.body).unwrap();
    assert_eq!(body["Code"], "ParseRequestParameterException");
    let message = body["Message"].as_str().unwrap();
    assert!(
        message.contains("`Description` is longer than 65536 bytes"),
        "{message}"
    );
    assert!(!message.contains("vvvv"), "{message}");
    let long_name = "n".repeat(257);
    let request = root.at(0, "v2", KMS_VERSION, "ListKeys", &[(&long_name, "1")]);
    assert_eq!(
        send(&g, &request),
        (400, "ParseRequestParameterException".into())
    );
    // Within the bounds, the API answers with its own code (Description: 8192 characters).
    let request = root.at(
        0,
        "v3",
        KMS_VERSION,
        "CreateKey",
        &[("Description", &long_value[..8193])],
    );
    assert_eq!(send(&g, &request), (400, "InvalidParameter".into()));
}

/// F6: a query string over 128 KiB is RequestEntityTooLarge before it is decoded.
#[test]
fn f6_a_query_over_its_bound_is_request_entity_too_large() {
    let g = gateway(GatewayConfig::default());
    let request = HttpRequest {
        method: "GET".into(),
        path: "/".into(),
        query: format!("Action=ListKeys&Pad={}", "x".repeat(128 << 10)),
        headers: Vec::new(),
        body: Vec::new(),
    };
    assert_eq!(send(&g, &request), (413, "RequestEntityTooLarge".into()));
}

/// F8: the query of a V3 request reshaped by merging two parameters into one name no longer
/// verifies; names with reserved characters signed by the client verify on the server.
#[test]
fn f8_v3_names_are_signed_encoded_and_client_and_server_agree() {
    let g = gateway(GatewayConfig::default());
    let root = Signer::root();
    let key_id = "1234abcd-12ab-34cd-56ef-1234567890ab";
    let signed = root.at(
        0,
        "r1",
        KMS_VERSION,
        "Encrypt",
        &[("KeyId", key_id), ("Plaintext", "eA")],
    );
    let reshaped = HttpRequest {
        query: format!("KeyId%3D{key_id}%26Plaintext=eA"),
        ..signed.clone()
    };
    assert_eq!(send(&g, &reshaped), (400, "SignatureDoesNotMatch".into()));
    for version in [SignatureVersion::V3, SignatureVersion::V1] {
        let signer = Signer {
            version,
            ..root.clone()
        };
        let names = [("a b", "1"), ("x=y", "2"), ("k&v", "3"), ("ä", "4")];
        let request = signer.at(
            0,
            &format!("names-{version:?}"),
            KMS_VERSION,
            "ListKeys",
            &names,
        );
        let (_, code) = send(&g, &request);
        assert!(
            !matches!(
                code.as_str(),
                "SignatureDoesNotMatch" | "IncompleteSignature"
            ),
            "{version:?}: {code}"
        );
    }
}
