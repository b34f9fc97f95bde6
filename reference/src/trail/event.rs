//! The event record of one API call, and its JSON form (docs/spec/kms-api.md §6.1).

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::api::{is_known_parameter, is_secret_parameter};
use crate::clock::Timestamp;

/// Who made the call, as `userIdentity` shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrailIdentity {
    /// `root-account` or `ram-user`.
    pub kind: &'static str,
    /// The account uid for root, the user id for a RAM user.
    pub principal_id: String,
    /// `root`, or the RAM user's name.
    pub user_name: String,
    /// The AccessKey the call was signed with, when known.
    pub access_key_id: String,
    /// For a role session, when it was issued (`sessionContext`, docs/spec/ram-sts.md §6.1).
    pub session_created: Option<Timestamp>,
}

/// One recorded call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrailEvent {
    /// Order of recording; also the pagination cursor.
    pub seq: u64,
    /// `eventId`, equal to the call's RequestId.
    pub event_id: String,
    /// The API name.
    pub event_name: String,
    /// When the call was handled.
    pub event_time: Timestamp,
    /// Whether the API is a `Read` (else `Write`).
    pub read: bool,
    /// The region, and the endpoint host it implies.
    pub region: String,
    /// The owning account.
    pub account_id: String,
    /// The request's parameters, without those the API descriptions mark secret.
    pub request_parameters: BTreeMap<String, String>,
    /// The caller's address, or empty when unknown.
    pub source_ip: String,
    /// The caller's User-Agent, or empty.
    pub user_agent: String,
    /// Whether the call came over TLS: `additionalEventData.Scheme` is `https`, else `http`
    /// (docs/spec/decisions.md D-071).
    pub secure_transport: bool,
    /// Who called.
    pub identity: TrailIdentity,
    /// `errorCode` and `errorMessage` of a failed call.
    pub error: Option<(String, String)>,
    /// Keys the call acted on, for `referencedResources`.
    pub key_ids: Vec<String>,
    /// Secrets the call acted on, by name, for `referencedResources` under `ACS::KMS::Secret`
    /// (docs/spec/decisions.md D-226).
    pub secret_names: Vec<String>,
    /// For an STS call (docs/spec/decisions-next.md D-326): its `responseElements` and the STS
    /// AccessKeys it issued (`referencedResources` under `ACS::RAM::AccessKey`); `None` for KMS.
    pub sts: Option<StsRecord>,
}

/// What an STS event adds to the common fields. Never a secret or a security token.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StsRecord {
    /// `responseElements`, when the call succeeded and has any.
    pub response_elements: Option<Value>,
    /// AccessKeyIds issued by the call.
    pub access_keys: Vec<String>,
}

impl TrailEvent {
    /// Drops every secret parameter (by the API descriptions) from `params`.
    pub fn redact(params: &BTreeMap<String, String>) -> BTreeMap<String, String> {
        params
            .iter()
            .filter(|(k, _)| !is_secret_parameter(k))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }

    /// The parameters of `params` whose names some API defines (before redaction).
    pub fn known_parameters(params: &BTreeMap<String, String>) -> BTreeMap<String, String> {
        params
            .iter()
            .filter(|(k, _)| is_known_parameter(k))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }

    /// The event as ActionTrail returns it: `eventVersion` is the string `"1"` (D-070),
    /// `additionalEventData` names the scheme (D-071), `requestParameters` holds the business
    /// parameters only (D-072), `referencedResources` the key ids under `ACS::KMS::Key` and no
    /// `resourceType` or `resourceName` (D-073); all in docs/spec/decisions.md.
    pub fn to_json(&self) -> Value {
        let mut v = json!({
            "eventId": self.event_id,
            "eventName": self.event_name,
            "eventSource": match self.sts {
                Some(_) => "sts.aliyuncs.com".to_owned(),
                None => format!("kms.{}.aliyuncs.com", self.region),
            },
            "eventTime": self.event_time.to_string(),
            "eventType": "ApiCall",
            "eventVersion": "1",
            "eventCategory": "Management",
            "eventRW": if self.read { "Read" } else { "Write" },
            "serviceName": if self.sts.is_some() { "Sts" } else { "Kms" },
            "apiVersion": if self.sts.is_some() { "2015-04-01" } else { "2016-01-20" },
            "acsRegion": self.region,
            "requestId": self.event_id,
            "requestParameters": self.request_parameters,
            "sourceIpAddress": self.source_ip,
            "userAgent": self.user_agent,
            "isGlobal": false,
            "additionalEventData": {
                "Scheme": if self.secure_transport { "https" } else { "http" },
            },
            "recipientAccountId": self.account_id,
            "userIdentity": {
                "type": self.identity.kind,
                "principalId": self.identity.principal_id,
                "accountId": self.account_id,
                "userName": self.identity.user_name,
                "accessKeyId": self.identity.access_key_id,
            },
        });
        if let (Some(created), Some(identity)) = (
            self.identity.session_created,
            v.get_mut("userIdentity").and_then(Value::as_object_mut),
        ) {
            identity.insert(
                "sessionContext".into(),
                json!({"attributes": {"mfaAuthenticated": "false",
                    "creationDate": created.to_string()}}),
            );
        }
        if let Some(obj) = v.as_object_mut() {
            if let Some((code, message)) = &self.error {
                obj.insert("errorCode".into(), json!(code));
                obj.insert("errorMessage".into(), json!(message));
            }
            let mut referenced = serde_json::Map::new();
            if !self.key_ids.is_empty() {
                referenced.insert("ACS::KMS::Key".into(), json!(self.key_ids));
            }
            if !self.secret_names.is_empty() {
                referenced.insert("ACS::KMS::Secret".into(), json!(self.secret_names));
            }
            if !referenced.is_empty() {
                obj.insert("referencedResources".into(), Value::Object(referenced));
            }
            if let Some(sts) = &self.sts {
                if let Some(r) = &sts.response_elements {
                    obj.insert("responseElements".into(), r.clone());
                }
                if !sts.access_keys.is_empty() {
                    obj.insert(
                        "referencedResources".into(),
                        json!({"ACS::RAM::AccessKey": sts.access_keys}),
                    );
                }
            }
        }
        v
    }
}
