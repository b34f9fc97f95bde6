//! `rpc_request`: the gateway (wire decoder, both signature verifiers) on any HTTP request,
//! and our signer against the gateway.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde_json::Value;

use kms_reference::gateway::{Gateway, GatewayConfig};
use kms_reference::wire::{
    ClientCall, HttpRequest, KMS_VERSION, Peer, Product, SignatureVersion, V1_COMMON_PARAMETERS,
    error_body, sign_request, success_body,
};
use kms_reference::{Api, Caller, Kms, ManualClock, Secret, Timestamp};

use crate::fixture::{START, params};
use crate::{Violation, ensure};

const RPC: &str = "rpc_request";
/// The fixture's root AccessKey.
const AK: &str = "LTAIfuzz0000000000000000";
const SECRET: &str = "fuzzsecret";
const HOST: &str = "kms.cn-hangzhou.aliyuncs.com";

/// Parameter names a client may not use as business parameters: the gateway's V1 common ones.
const RESERVED: &[&str] = V1_COMMON_PARAMETERS;

/// Business parameter names, so that generated requests often mean something.
const NAMES: &[&str] = &[
    "KeyId",
    "Plaintext",
    "EncryptionContext",
    "CiphertextBlob",
    "Description",
    "AliasName",
    "Tags",
    "TagKeys",
    "PageNumber",
    "PageSize",
    "NumberOfBytes",
    "KeySpec",
    "KeyUsage",
    "Origin",
    "PendingWindowInDays",
    "Filters",
    "ProtectionLevel",
];

fn kms() -> Arc<Kms> {
    Kms::builder()
        .deterministic(9, &ManualClock::new(Timestamp::from_unix(START)))
        .root_key_id(AK)
        .root_key_secret(Secret::new(SECRET))
        .build()
        .kms
}

fn gateway() -> Gateway {
    Gateway::new(kms(), GatewayConfig::default())
}

/// Parses fuzz bytes as `METHOD TARGET\nName: value\n...\n\nbody` (TARGET is the path with
/// an optional `?query`; lines may end in `\r\n`; the head is read as lossy UTF-8).
pub fn parse_http(data: &[u8]) -> HttpRequest {
    let (head, body) = match data.windows(2).position(|w| w == b"\n\n") {
        Some(at) => (
            data.get(..at).unwrap_or_default(),
            data.get(at + 2..).unwrap_or_default(),
        ),
        None => (data, &[][..]),
    };
    let head = String::from_utf8_lossy(head);
    let mut lines = head.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l));
    let first = lines.next().unwrap_or_default();
    let (method, target) = first.split_once(' ').unwrap_or((first, ""));
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let headers = lines
        .map(|l| {
            let (k, v) = l.split_once(':').unwrap_or((l, ""));
            (k.to_owned(), v.trim_start().to_owned())
        })
        .collect();
    HttpRequest {
        method: method.to_owned(),
        path: path.to_owned(),
        query: query.to_owned(),
        headers,
        body: body.to_vec(),
    }
}

/// The inverse of [`parse_http`], for writing seeds.
pub fn frame_http(request: &HttpRequest) -> Vec<u8> {
    let mut out = format!("{} {}", request.method, request.path);
    if !request.query.is_empty() {
        out.push('?');
        out.push_str(&request.query);
    }
    for (k, v) in &request.headers {
        out.push('\n');
        out.push_str(k);
        out.push_str(": ");
        out.push_str(v);
    }
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(b"\n\n");
    bytes.extend_from_slice(&request.body);
    bytes
}

/// `rpc_request`: (1) the bytes as an HTTP request through the gateway: no panic, no 5xx, a
/// JSON envelope whose RequestId is also the `x-acs-request-id` header; (2) the bytes as a
/// call (signature version, method, action, parameters) signed by [`sign_request`]: the
/// gateway accepts it and answers exactly what the service answers for the call made in
/// process (so it decoded to the request that was signed).
pub fn rpc_request(data: &[u8]) -> Result<(), Violation> {
    let request = parse_http(data);
    let response = gateway().handle(&request, Peer::default());
    ensure(RPC, response.status < 500, || {
        format!(
            "status {} for {request:?}: {}",
            response.status,
            String::from_utf8_lossy(&response.body)
        )
    })?;
    let body: Option<Value> = serde_json::from_slice(&response.body).ok();
    let request_id = body
        .as_ref()
        .and_then(|b| b.get("RequestId"))
        .and_then(Value::as_str);
    let header = response
        .headers
        .iter()
        .find(|(k, _)| k == "x-acs-request-id")
        .map(|(_, v)| v.as_str());
    ensure(RPC, request_id.is_some() && request_id == header, || {
        format!("response without a matching RequestId: {response:?}")
    })?;
    signed_round_trip(data)
}

/// Reads a call out of the bytes: flags, action, then (name, value) pairs.
struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn byte(&mut self) -> Option<u8> {
        let (first, rest) = self.0.split_first()?;
        self.0 = rest;
        Some(*first)
    }

    fn text(&mut self) -> String {
        let len = usize::from(self.byte().unwrap_or(0) % 48);
        let (taken, rest) = self.0.split_at(len.min(self.0.len()));
        self.0 = rest;
        String::from_utf8_lossy(taken).into_owned()
    }
}

fn signed_round_trip(data: &[u8]) -> Result<(), Violation> {
    let mut r = Reader(data);
    let flags = r.byte().unwrap_or(0);
    let version = if flags & 1 == 0 {
        SignatureVersion::V1
    } else {
        SignatureVersion::V3
    };
    let method = if flags & 2 == 0 { "POST" } else { "GET" };
    let apis = Api::ALL;
    let api = apis
        .get(usize::from(r.byte().unwrap_or(0)) % apis.len())
        .copied()
        .unwrap_or(Api::ListKeys);
    // Key import would make the fixture generate RSA keys; it is covered by api_sequence's
    // neighbours in the unit tests, not here.
    if api == Api::GetParametersForImport {
        return Ok(());
    }
    let mut params = BTreeMap::new();
    while let Some(selector) = r.byte() {
        let name = if selector < 0xf0 {
            NAMES
                .get(usize::from(selector) % NAMES.len())
                .map(|n| (*n).to_owned())
                .unwrap_or_default()
        } else {
            r.text()
        };
        let value = r.text();
        if !name.is_empty() && !RESERVED.contains(&name.as_str()) {
            params.insert(name, value);
        }
    }
    let timestamp = Timestamp::from_unix(START);
    let call = ClientCall {
        method,
        version: KMS_VERSION,
        action: api.name(),
        params: &params,
        host: HOST,
        access_key_id: AK,
        secret: SECRET,
        nonce: "fuzz-nonce-0001",
        timestamp,
    };
    let request = sign_request(version, &call);
    let response = gateway().handle(&request, Peer::default());
    let got: Value = serde_json::from_slice(&response.body).unwrap_or(Value::Null);
    // The same call, in process, on a twin of the gateway's service.
    let twin = kms();
    let mut caller = Caller::root();
    caller.secure_transport = false;
    caller.access_key_id = Some(AK.to_owned());
    let answer = twin.handle_params(&caller, api.name(), &params);
    let (status, expected) = match &answer.result {
        Ok(body) => (200, success_body(&answer.request_id, body.clone())),
        Err(e) => (
            e.http_status(),
            error_body(&answer.request_id, HOST, Product::Kms, e),
        ),
    };
    ensure(RPC, response.status == status && got == expected, || {
        format!(
            "{version:?} {method} {} {params:?}: the gateway answered {} {got}, the service {status} {expected}",
            api.name(),
            response.status
        )
    })
}

/// Seeds: the spec's test vectors A, B and C as HTTP requests, and signed requests of the
/// calls the feature suite makes (both signature versions).
pub(crate) fn seeds() -> Vec<(String, Vec<u8>)> {
    let mut out = vec![
        (
            "vector-a-v1-get".to_owned(),
            b"GET /?AccessKeyId=testid&Action=CreateKey&Format=json&SignatureMethod=HMAC-SHA1&SignatureVersion=1.0&Timestamp=2016-03-28T03%3A13%3A08Z&Version=2016-01-20&Signature=s%2FOdVWMTmNGagvWlljdAJ7Itsew%3D\nhost: kms.cn-hangzhou.aliyuncs.com\n\n".to_vec(),
        ),
        (
            "vector-b-v1-post".to_owned(),
            b"POST /?AccessKeyId=testid&Action=Encrypt&EncryptionContext=%7B%22k%22%3A%22v%22%7D&Format=JSON&KeyId=alias%2Ftest&Plaintext=aGVsbG8%3D&RegionId=cn-hangzhou&SignatureMethod=HMAC-SHA1&SignatureNonce=3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf&SignatureVersion=1.0&Timestamp=2024-01-01T00%3A00%3A00Z&Version=2016-01-20&Signature=EjuR1RRVajLk4QijEIqcUeg2Fww%3D\nhost: kms.cn-hangzhou.aliyuncs.com\n\n".to_vec(),
        ),
        (
            "vector-c-v3".to_owned(),
            b"POST /?KeyId=alias%2Ftest&Plaintext=aGVsbG8%3D\nhost: kms.cn-hangzhou.aliyuncs.com\nx-acs-action: Encrypt\nx-acs-version: 2016-01-20\nx-acs-date: 2024-01-01T00:00:00Z\nx-acs-signature-nonce: 0123456789abcdef0123456789abcdef\nx-acs-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\nauthorization: ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=885736bb9bfc5873d0600ccf67f36391b9b89df80cf4fbee3593bd82e666cf93\n\n".to_vec(),
        ),
    ];
    let calls: &[(&str, &[(&str, &str)])] = &[
        ("DescribeRegions", &[]),
        ("ListKeys", &[("PageNumber", "1"), ("PageSize", "10")]),
        ("CreateKey", &[("Description", "fuzz seed")]),
        ("CreateKey", &[("Origin", "EXTERNAL")]),
        ("DescribeKey", &[("KeyId", "alias/test")]),
        (
            "Encrypt",
            &[
                ("KeyId", "alias/test"),
                ("Plaintext", "aGVsbG8="),
                ("EncryptionContext", "{\"k\":\"v\"}"),
            ],
        ),
        (
            "GenerateDataKey",
            &[("KeyId", "alias/test"), ("NumberOfBytes", "16")],
        ),
        ("Decrypt", &[("CiphertextBlob", "AAAA")]),
        (
            "CreateAlias",
            &[("AliasName", "alias/test"), ("KeyId", "k")],
        ),
        (
            "TagResource",
            &[
                ("KeyId", "k"),
                ("Tags", "[{\"TagKey\":\"Project\",\"TagValue\":\"Apollo\"}]"),
            ],
        ),
        (
            "ScheduleKeyDeletion",
            &[("KeyId", "k"), ("PendingWindowInDays", "7")],
        ),
    ];
    for (i, (action, pairs)) in calls.iter().enumerate() {
        let params = params(pairs);
        for (version, tag) in [(SignatureVersion::V1, "v1"), (SignatureVersion::V3, "v3")] {
            let request = sign_request(
                version,
                &ClientCall {
                    method: "POST",
                    version: KMS_VERSION,
                    action,
                    params: &params,
                    host: HOST,
                    access_key_id: AK,
                    secret: SECRET,
                    nonce: "seed-nonce",
                    timestamp: Timestamp::from_unix(START),
                },
            );
            out.push((
                format!("signed-{tag}-{i:02}-{action}"),
                frame_http(&request),
            ));
        }
    }
    out
}
