//! Authentication: everything between the HTTP request and the service. Method and size,
//! parameters from query and form, V1 or V3 signature, timestamp skew, AccessKey and account,
//! nonce and rate; the result is an authenticated caller and its business parameters.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::caller::Caller;
use crate::clock::Timestamp;
use crate::error::{ErrorCode, KmsError};
use crate::gateway::route::route;
use crate::gateway::{AcceptedNonce, Gateway, GatewayConfig, Product};
use crate::service::{Credential, Kms};
use crate::wire::{
    HttpRequest, Peer, ResponseFormat, V1_COMMON_PARAMETERS, V3Request, decode_form, printable,
    sha256_hex, v1_string_to_sign, v1_verify, v3_canonical_request, v3_string_to_sign, v3_verify,
};

/// What authentication established.
pub(super) struct Authenticated {
    pub(super) product: Product,
    pub(super) action: String,
    pub(super) params: BTreeMap<String, String>,
    pub(super) caller: Caller,
    pub(super) kms: Arc<Kms>,
}

/// A refusal before the service, with the product when routing got that far.
pub(super) type Refusal = (Option<Product>, KmsError);

impl Gateway {
    /// Everything before the service: method, body size, parameters, product, signature,
    /// timestamp, AccessKey, nonce, rate.
    pub(super) fn authenticate(
        &self,
        request: &HttpRequest,
        peer: Peer,
    ) -> Result<Authenticated, Refusal> {
        let fail = |e: KmsError| (None, e);
        if !matches!(request.method.as_str(), "GET" | "POST") {
            return Err(fail(ErrorCode::UnsupportedHttpMethod.into()));
        }
        if request.body.len() > self.config.max_body_bytes {
            return Err(fail(ErrorCode::RequestEntityTooLarge.into()));
        }
        // Sizes first, before anything is decoded, signed or looked up (D-403, D-404).
        if request.query.len() > self.config.max_query_bytes {
            return Err(fail(KmsError::with_message(
                ErrorCode::RequestEntityTooLarge,
                format!(
                    "The query string is too large: more than {} bytes.",
                    self.config.max_query_bytes
                ),
            )));
        }
        let limits = &self.config.params;
        let mut query = BTreeMap::new();
        decode_form(&request.query, &mut query, limits, 0).map_err(fail)?;
        let mut form = BTreeMap::new();
        let is_form = request.header("content-type").is_some_and(|c| {
            c.to_ascii_lowercase()
                .starts_with("application/x-www-form-urlencoded")
        });
        if is_form {
            let text = std::str::from_utf8(&request.body)
                .map_err(|_| fail(ErrorCode::ParseRequestParameterException.into()))?;
            // The form's parameters count with the query's toward the bound.
            decode_form(text, &mut form, limits, query.len()).map_err(fail)?;
        }
        let authorization = request.header("authorization").unwrap_or_default();
        // V3 when the request carries an Authorization header, or the V3 action headers and no
        // V1 `Signature`: the old core SDKs send x-acs-action/x-acs-version beside a V1 query
        // signature (docs/spec/kms-api.md §1.5).
        let v1_signed = query.contains_key("Signature") || form.contains_key("Signature");
        let is_v3 = !authorization.trim().is_empty()
            || (!v1_signed
                && (request.header("x-acs-action").is_some()
                    || request.header("x-acs-version").is_some()));
        let mut all = query.clone();
        for (k, v) in &form {
            if all.insert(k.clone(), v.clone()).is_some() {
                return Err(fail(KmsError::with_message(
                    ErrorCode::ParseRequestParameterException,
                    format!(
                        "Server parse parameters exception: parameter `{}` is both in the query and the body.",
                        printable(k)
                    ),
                )));
            }
        }
        let signed = if is_v3 {
            self.v3(request, &query, &form)?
        } else {
            self.v1(request, &all)?
        };
        let product = Some(signed.product);
        let (kms, credential) = self
            .tenants
            .find(&signed.access_key_id)
            .map_err(|e| (product, e))?;
        let signed_at = self
            .check_timestamp(&kms, signed.timestamp.as_deref(), signed.timestamp_name)
            .map_err(|e| (product, e))?;
        check_token(&kms, &credential, signed.security_token.as_deref())
            .map_err(|e| (product, e))?;
        if !signed.verify(credential.secret.expose()) {
            return Err((product, signed.mismatch()));
        }
        let now = kms.now();
        {
            // Checked, then the rate, then recorded, under one lock: a replayed or throttled
            // call stores no nonce (D-402), and two copies of one request cannot both pass.
            let mut nonces = self.nonces.lock().unwrap_or_else(|p| p.into_inner());
            nonces
                .check(&signed.access_key_id, &signed.nonce, signed_at, now)
                .map_err(|refusal| (product, refusal.into_error()))?;
            self.rates
                .check(&signed.access_key_id, now)
                .map_err(|e| (product, e))?;
            nonces.record(&signed.access_key_id, &signed.nonce, signed_at, now);
        }
        if let Some(log) = self.nonce_log.get() {
            log.record(&AcceptedNonce {
                access_key_id: signed.access_key_id.clone(),
                nonce: signed.nonce.clone(),
                signed_at: signed_at.unix(),
                accepted_at: now.unix(),
            });
        }
        let mut caller = Caller::root();
        caller.principal = credential.principal;
        caller.source_ip = peer.ip;
        caller.secure_transport = peer.secure;
        caller.mfa_present = peer.mfa_present;
        caller.access_key_id = Some(signed.access_key_id.clone());
        caller.user_agent = request
            .header("user-agent")
            .map(|u| u.chars().take(512).collect());
        Ok(Authenticated {
            product: signed.product,
            action: signed.action,
            params: signed.params,
            caller,
            kms,
        })
    }

    /// The request time, when it is within the allowed skew of the account's clock.
    fn check_timestamp(
        &self,
        kms: &Kms,
        text: Option<&str>,
        name: &str,
    ) -> Result<Timestamp, KmsError> {
        let illegal = |why: &str| {
            KmsError::with_message(
                ErrorCode::IllegalTimestamp,
                format!("The input parameter \"{name}\" {why}."),
            )
        };
        let text = text.filter(|t| !t.is_empty()).ok_or_else(|| {
            illegal("that is mandatory for processing this request is not supplied")
        })?;
        let at = Timestamp::parse_iso(text)
            .ok_or_else(|| illegal("is not in the form YYYY-MM-DDThh:mm:ssZ"))?;
        if (at.unix() - kms.now().unix()).abs() > self.config.max_skew_seconds {
            return Err(KmsError::with_message(
                ErrorCode::InvalidTimeStampExpired,
                format!(
                    "Specified time stamp or date value is expired: \"{name}\" is more than 15 minutes away from the server time."
                ),
            ));
        }
        Ok(at)
    }

    fn v1(&self, request: &HttpRequest, all: &BTreeMap<String, String>) -> Result<Signed, Refusal> {
        let get = |k: &str| all.get(k).map(String::as_str).filter(|v| !v.is_empty());
        let (product, action) =
            route(&self.config, get("Action"), get("Version")).map_err(|e| (None, e))?;
        let p = Some(product);
        let incomplete = |why: &str| {
            (
                p,
                KmsError::with_message(
                    ErrorCode::IncompleteSignature,
                    format!(
                        "The request signature does not conform to Alibaba Cloud standards: {why}."
                    ),
                ),
            )
        };
        let access_key_id =
            get("AccessKeyId").ok_or_else(|| incomplete("AccessKeyId is missing"))?;
        let signature = get("Signature").ok_or_else(|| incomplete("Signature is missing"))?;
        if get("SignatureMethod") != Some("HMAC-SHA1") {
            return Err(incomplete("SignatureMethod must be HMAC-SHA1"));
        }
        if get("SignatureVersion") != Some("1.0") {
            return Err(incomplete("SignatureVersion must be 1.0"));
        }
        let nonce = get("SignatureNonce").ok_or_else(|| incomplete("SignatureNonce is missing"))?;
        let params = all
            .iter()
            .filter(|(k, _)| !V1_COMMON_PARAMETERS.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        Ok(Signed {
            product,
            action,
            params,
            access_key_id: access_key_id.to_owned(),
            nonce: nonce.to_owned(),
            timestamp: get("Timestamp").map(str::to_owned),
            timestamp_name: "Timestamp",
            security_token: get("SecurityToken").map(str::to_owned),
            check: SignatureCheck::V1 {
                string_to_sign: v1_string_to_sign(&request.method, all),
                signature: signature.to_owned(),
            },
        })
    }

    fn v3(
        &self,
        request: &HttpRequest,
        query: &BTreeMap<String, String>,
        form: &BTreeMap<String, String>,
    ) -> Result<Signed, Refusal> {
        let headers = request.header_map();
        let header = |k: &str| {
            headers
                .get(k)
                .and_then(|v| v.first())
                .map(String::as_str)
                .filter(|v| !v.is_empty())
        };
        let (product, action) = route(
            &self.config,
            header("x-acs-action"),
            header("x-acs-version"),
        )
        .map_err(|e| (None, e))?;
        let p = Some(product);
        let incomplete = |why: String| {
            (
                p,
                KmsError::with_message(
                    ErrorCode::IncompleteSignature,
                    format!(
                        "The request signature does not conform to Alibaba Cloud standards: {why}."
                    ),
                ),
            )
        };
        let authorization = header("authorization").unwrap_or_default().trim();
        if authorization.is_empty() {
            return Err(incomplete("the Authorization header is missing".into()));
        }
        let (algorithm, fields) = authorization.split_once(' ').unwrap_or((authorization, ""));
        if algorithm != "ACS3-HMAC-SHA256" {
            return Err(incomplete(format!(
                "signature algorithm `{}` is not supported; use ACS3-HMAC-SHA256",
                printable(algorithm)
            )));
        }
        let mut parts = BTreeMap::new();
        for field in fields.split(',') {
            if let Some((k, v)) = field.trim().split_once('=') {
                parts.insert(k.trim(), v.trim());
            }
        }
        let access_key_id = parts
            .get("Credential")
            .copied()
            .filter(|v| !v.is_empty())
            .ok_or_else(|| incomplete("Credential is missing".into()))?;
        let signature = parts
            .get("Signature")
            .copied()
            .filter(|v| !v.is_empty())
            .ok_or_else(|| incomplete("Signature is missing".into()))?;
        let signed_headers: Vec<String> = parts
            .get("SignedHeaders")
            .copied()
            .filter(|v| !v.is_empty())
            .ok_or_else(|| incomplete("SignedHeaders is missing".into()))?
            .split(';')
            .map(|h| h.trim().to_ascii_lowercase())
            .collect();
        for required in headers
            .keys()
            .filter(|k| k.starts_with("x-acs-"))
            .chain(std::iter::once(&"host".to_owned()))
        {
            if !signed_headers.contains(required) {
                return Err(incomplete(format!(
                    "header `{}` must be signed",
                    printable(required)
                )));
            }
        }
        // The official clients send the AccessKeyId beside the token, signed (D-320).
        if header("x-acs-accesskey-id").is_some_and(|id| id != access_key_id) {
            return Err(incomplete(
                "x-acs-accesskey-id differs from the Credential of Authorization".into(),
            ));
        }
        let nonce = header("x-acs-signature-nonce")
            .ok_or_else(|| incomplete("x-acs-signature-nonce is missing".into()))?;
        let hashed_payload = header("x-acs-content-sha256")
            .ok_or_else(|| incomplete("x-acs-content-sha256 is missing".into()))?;
        if !hashed_payload.eq_ignore_ascii_case(&sha256_hex(&request.body)) {
            return Err(incomplete(
                "x-acs-content-sha256 does not match the body".into(),
            ));
        }
        let canonical = v3_canonical_request(&V3Request {
            method: &request.method,
            path: &request.path,
            query,
            headers: &headers,
            signed_headers: &signed_headers,
            hashed_payload,
        });
        let mut params = query.clone();
        params.extend(form.iter().map(|(k, v)| (k.clone(), v.clone())));
        Ok(Signed {
            product,
            action,
            params,
            access_key_id: access_key_id.to_owned(),
            nonce: nonce.to_owned(),
            timestamp: header("x-acs-date").map(str::to_owned),
            timestamp_name: "x-acs-date",
            security_token: header("x-acs-security-token").map(str::to_owned),
            check: SignatureCheck::V3 {
                string_to_sign: v3_string_to_sign(&canonical),
                signature: signature.to_owned(),
            },
        })
    }
}

/// A request whose signature can now be checked against the AccessKey's secret.
struct Signed {
    product: Product,
    action: String,
    params: BTreeMap<String, String>,
    access_key_id: String,
    nonce: String,
    /// The request time as sent, checked once the account (and so its clock) is known.
    timestamp: Option<String>,
    timestamp_name: &'static str,
    /// V1 `SecurityToken` or V3 `x-acs-security-token`, when sent.
    security_token: Option<String>,
    check: SignatureCheck,
}

enum SignatureCheck {
    V1 {
        string_to_sign: String,
        signature: String,
    },
    V3 {
        string_to_sign: String,
        signature: String,
    },
}

impl Signed {
    fn verify(&self, secret: &str) -> bool {
        match &self.check {
            SignatureCheck::V1 {
                string_to_sign,
                signature,
            } => v1_verify(secret, string_to_sign, signature),
            SignatureCheck::V3 {
                string_to_sign,
                signature,
            } => v3_verify(secret, string_to_sign, signature),
        }
    }

    /// `SignatureDoesNotMatch`; for V1 the message ends with the server's StringToSign, as the
    /// old SDK expects (it compares it with its own).
    fn mismatch(&self) -> KmsError {
        // Messages have no line breaks: V3's StringToSign shows them as `\n`.
        let sts = match &self.check {
            SignatureCheck::V1 { string_to_sign, .. }
            | SignatureCheck::V3 { string_to_sign, .. } => string_to_sign.replace('\n', "\\n"),
        };
        KmsError::with_message(
            ErrorCode::SignatureDoesNotMatch,
            format!(
                "Specified signature is not matched with our calculation. server string to sign is:{sts}"
            ),
        )
    }
}

/// The security token against the AccessKey, after the AccessKey lookup and before the
/// signature (docs/spec/decisions-next.md D-319).
fn check_token(kms: &Kms, credential: &Credential, token: Option<&str>) -> Result<(), KmsError> {
    match (&credential.token, token) {
        (None, None) => Ok(()),
        (Some(_), None) => Err(ErrorCode::MissingSecurityToken.into()),
        (None, Some(_)) => Err(ErrorCode::InvalidSecurityTokenMismatchWithAccessKey.into()),
        (Some((issued, expiration)), Some(given)) => {
            if !issued.matches(given) {
                return Err(if kms.is_issued_token(given) {
                    ErrorCode::InvalidSecurityTokenMismatchWithAccessKey.into()
                } else {
                    ErrorCode::InvalidSecurityTokenMalformed.into()
                });
            }
            if kms.now() >= *expiration
                && !crate::planted::is_planted(crate::planted::Divergence::SessionOutlivesExpiry)
            {
                return Err(ErrorCode::InvalidSecurityTokenExpired.into());
            }
            Ok(())
        }
    }
}

/// The format the request asks its answer in (D-090): the common parameter `Format`, from the
/// query or a form body, else the `Accept` header. Read before and apart from authentication,
/// so that a refusal is in the requested format too; text that cannot be decoded counts as
/// absent.
pub(super) fn requested_format(request: &HttpRequest, limits: &GatewayConfig) -> ResponseFormat {
    // Within the same bounds as authentication: text past them counts as absent.
    let format_in = |text: &str| {
        let mut params = BTreeMap::new();
        decode_form(text, &mut params, &limits.params, 0).ok()?;
        params.remove("Format")
    };
    let is_form = request.header("content-type").is_some_and(|c| {
        c.to_ascii_lowercase()
            .starts_with("application/x-www-form-urlencoded")
    });
    let query = Some(request.query.as_str()).filter(|q| q.len() <= limits.max_query_bytes);
    let format = query.and_then(format_in).or_else(|| {
        std::str::from_utf8(&request.body)
            .ok()
            .filter(|_| is_form)
            .and_then(format_in)
    });
    ResponseFormat::requested(format.as_deref(), request.header("accept"))
}
