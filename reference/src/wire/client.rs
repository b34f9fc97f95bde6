//! The client side of the protocol: a signed HTTP request for any action, with the same
//! canonicalisation the gateway verifies with. The remote target and the fuzzers use it.

use std::collections::BTreeMap;

use crate::clock::Timestamp;
use crate::percent::percent_encode;
use crate::wire::http::HttpRequest;
use crate::wire::signature::{
    V3Request, sha256_hex, v1_sign, v1_string_to_sign, v3_authorization, v3_canonical_request,
    v3_sign, v3_string_to_sign,
};

/// Which signature a client uses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum SignatureVersion {
    /// `HMAC-SHA1`, every parameter in the query.
    V1,
    /// `ACS3-HMAC-SHA256` in the `Authorization` header (the current SDKs' default).
    #[default]
    V3,
}

/// What to sign.
#[derive(Clone, Debug)]
pub struct ClientCall<'a> {
    /// `POST` (what the SDKs send) or `GET`.
    pub method: &'a str,
    /// `2016-01-20`, `2015-05-01` or `2020-07-06`.
    pub version: &'a str,
    /// The action.
    pub action: &'a str,
    /// Business parameters.
    pub params: &'a BTreeMap<String, String>,
    /// The `host` header, e.g. `127.0.0.1:8080`.
    pub host: &'a str,
    /// The AccessKey id.
    pub access_key_id: &'a str,
    /// The AccessKey secret.
    pub secret: &'a str,
    /// A fresh nonce.
    pub nonce: &'a str,
    /// The request time.
    pub timestamp: Timestamp,
}

pub(super) fn query_string(params: &BTreeMap<String, String>) -> String {
    params
        .iter()
        .map(|(k, v)| format!("{}={}", percent_encode(k), percent_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// A request to `/` for `call`, signed with `version`; every parameter in the query. V1 adds
/// `Format=JSON` unless `call.params` names a `Format` itself.
pub fn sign_request(version: SignatureVersion, call: &ClientCall<'_>) -> HttpRequest {
    sign(version, call, None)
}

/// Like [`sign_request`], with temporary credentials as the official clients send them: V1
/// adds the `SecurityToken` parameter before signing; V3 adds the headers
/// `x-acs-security-token` and `x-acs-accesskey-id`, both signed (docs/spec/ram-sts.md §4.1).
pub fn sign_request_with_token(
    version: SignatureVersion,
    call: &ClientCall<'_>,
    security_token: &str,
) -> HttpRequest {
    sign(version, call, Some(security_token))
}

fn sign(version: SignatureVersion, call: &ClientCall<'_>, token: Option<&str>) -> HttpRequest {
    match version {
        SignatureVersion::V1 => {
            let mut all = call.params.clone();
            // `Format` is the one common parameter a caller may choose (JSON unless it says
            // XML, docs/spec/kms-api.md §1.3).
            all.entry("Format".to_owned())
                .or_insert_with(|| "JSON".to_owned());
            for (k, v) in [
                ("Action", call.action),
                ("Version", call.version),
                ("AccessKeyId", call.access_key_id),
                ("SignatureMethod", "HMAC-SHA1"),
                ("SignatureVersion", "1.0"),
                ("SignatureNonce", call.nonce),
            ] {
                all.insert(k.to_owned(), v.to_owned());
            }
            all.insert("Timestamp".to_owned(), call.timestamp.to_string());
            if let Some(token) = token {
                all.insert("SecurityToken".to_owned(), token.to_owned());
            }
            let signature = v1_sign(call.secret, &v1_string_to_sign(call.method, &all));
            all.insert("Signature".to_owned(), signature);
            HttpRequest {
                method: call.method.to_owned(),
                path: "/".into(),
                query: query_string(&all),
                headers: vec![("host".into(), call.host.to_owned())],
                body: Vec::new(),
            }
        }
        SignatureVersion::V3 => {
            let body_hash = sha256_hex(b"");
            let mut headers: BTreeMap<String, Vec<String>> = BTreeMap::new();
            for (k, v) in [
                ("host", call.host.to_owned()),
                ("x-acs-action", call.action.to_owned()),
                ("x-acs-version", call.version.to_owned()),
                ("x-acs-date", call.timestamp.to_string()),
                ("x-acs-signature-nonce", call.nonce.to_owned()),
                ("x-acs-content-sha256", body_hash.clone()),
            ] {
                headers.insert(k.to_owned(), vec![v]);
            }
            if let Some(token) = token {
                headers.insert("x-acs-security-token".to_owned(), vec![token.to_owned()]);
                headers.insert(
                    "x-acs-accesskey-id".to_owned(),
                    vec![call.access_key_id.to_owned()],
                );
            }
            let signed: Vec<String> = headers.keys().cloned().collect();
            let canonical = v3_canonical_request(&V3Request {
                method: call.method,
                path: "/",
                query: call.params,
                headers: &headers,
                signed_headers: &signed,
                hashed_payload: &body_hash,
            });
            let signature = v3_sign(call.secret, &v3_string_to_sign(&canonical));
            let mut list: Vec<(String, String)> = headers
                .into_iter()
                .flat_map(|(k, vs)| vs.into_iter().map(move |v| (k.clone(), v)))
                .collect();
            list.push((
                "authorization".into(),
                v3_authorization(call.access_key_id, &signed, &signature),
            ));
            HttpRequest {
                method: call.method.to_owned(),
                path: "/".into(),
                query: query_string(call.params),
                headers: list,
                body: Vec::new(),
            }
        }
    }
}
