//! STS 2015-04-01 (docs/spec/ram-sts.md §3): typed requests, their decoding and answers.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use crate::error::{ErrorCode, KmsError};
use crate::secret::Secret;

/// An STS request.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
#[allow(
    missing_docs,
    reason = "fields are the STS API parameters of the same name"
)]
pub enum StsRequest {
    AssumeRole {
        role_arn: String,
        role_session_name: String,
        duration_seconds: Option<String>,
        policy: Option<String>,
        external_id: Option<String>,
    },
    GetCallerIdentity,
}

impl StsRequest {
    /// The action name.
    pub fn action(&self) -> &'static str {
        match self {
            StsRequest::AssumeRole { .. } => "AssumeRole",
            StsRequest::GetCallerIdentity => "GetCallerIdentity",
        }
    }
}

/// Decodes the parameters of an STS `action`; a missing RoleArn or RoleSessionName is
/// `MissingParameter` (docs/spec/decisions-next.md D-303).
pub fn decode_sts_request(
    action: &str,
    params: &BTreeMap<String, String>,
) -> Result<StsRequest, KmsError> {
    let required = |name: &str| -> Result<String, KmsError> {
        params
            .get(name)
            .filter(|v| !v.is_empty())
            .cloned()
            .ok_or_else(|| KmsError::missing_parameter(name))
    };
    let optional = |name: &str| params.get(name).cloned();
    match action {
        "AssumeRole" => Ok(StsRequest::AssumeRole {
            role_arn: required("RoleArn")?,
            role_session_name: required("RoleSessionName")?,
            duration_seconds: optional("DurationSeconds").filter(|v| !v.is_empty()),
            policy: optional("Policy"),
            external_id: optional("ExternalId"),
        }),
        "GetCallerIdentity" => Ok(StsRequest::GetCallerIdentity),
        _ => Err(KmsError::with_message(
            ErrorCode::InvalidActionNotFound,
            "Specified api is not found, please check your url and method.",
        )),
    }
}

/// Who called GetCallerIdentity (docs/spec/decisions-next.md D-324).
#[derive(Clone, Debug, PartialEq, Eq)]
#[allow(missing_docs, reason = "fields are the STS response fields")]
pub struct CallerIdentity {
    pub identity_type: &'static str,
    pub account_id: String,
    pub principal_id: String,
    pub user_id: Option<String>,
    pub role_id: Option<String>,
    pub arn: String,
}

/// A successful STS answer.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
#[allow(missing_docs, reason = "fields are the STS response fields")]
pub enum StsResponse {
    AssumeRole {
        access_key_id: String,
        access_key_secret: Secret,
        security_token: Secret,
        expiration: String,
        assumed_role_id: String,
        arn: String,
    },
    CallerIdentity(CallerIdentity),
}

impl StsResponse {
    /// The JSON body without `RequestId`. The secret and token appear only here, to the
    /// caller who asked for them.
    pub fn body(&self) -> Map<String, Value> {
        let value = match self {
            StsResponse::AssumeRole {
                access_key_id,
                access_key_secret,
                security_token,
                expiration,
                assumed_role_id,
                arn,
            } => json!({
                "Credentials": {
                    "AccessKeyId": access_key_id,
                    "AccessKeySecret": access_key_secret.expose(),
                    "SecurityToken": security_token.expose(),
                    "Expiration": expiration,
                },
                "AssumedRoleUser": {"AssumedRoleId": assumed_role_id, "Arn": arn},
            }),
            StsResponse::CallerIdentity(c) => {
                let mut v = json!({
                    "IdentityType": c.identity_type, "AccountId": c.account_id,
                    "PrincipalId": c.principal_id, "Arn": c.arn,
                });
                if let Some(obj) = v.as_object_mut() {
                    if let Some(u) = &c.user_id {
                        obj.insert("UserId".into(), json!(u));
                    }
                    if let Some(r) = &c.role_id {
                        obj.insert("RoleId".into(), json!(r));
                    }
                }
                v
            }
        };
        match value {
            Value::Object(map) => map,
            _ => Map::new(),
        }
    }
}
