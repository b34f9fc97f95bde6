//! Success and error envelopes (docs/spec/kms-api.md §1.6, §1.7).

use serde_json::{Map, Value, json};

use crate::error::KmsError;

/// The JSON body of a success: the response's fields (`Response::body`,
/// `RamResponse::body`) plus `RequestId`.
pub fn success_body(request_id: &str, mut body: Map<String, Value>) -> Value {
    body.insert("RequestId".into(), json!(request_id));
    Value::Object(body)
}

/// The JSON body of an error: `RequestId`, `HostId`, `Code`, `Message` and `Recommend`
/// (which names `product`: `Kms`, `Ram` or `Actiontrail`), and `AccessDeniedDetail` when RAM
/// refused the call.
pub fn error_body(request_id: &str, host_id: &str, product: &str, error: &KmsError) -> Value {
    let mut body = json!({
        "RequestId": request_id,
        "HostId": host_id,
        "Code": error.code().as_str(),
        "Message": error.message(),
        "Recommend": format!(
            "https://api.aliyun.com/troubleshoot?q={}&product={}",
            error.code().as_str(),
            product
        ),
    });
    if let (Some(denied), Some(fields)) = (error.access_denied_detail(), body.as_object_mut()) {
        fields.insert(
            "AccessDeniedDetail".into(),
            json!({
                "AuthAction": denied.auth_action,
                "NoPermissionType": denied.no_permission_type,
                "AuthPrincipalType": "SubUser",
                "AuthPrincipalDisplayName": denied.principal_name,
                "PolicyType": "AccountLevelIdentityBasedPolicy",
            }),
        );
    }
    body
}
