//! What makes a secret a RAM secret: the RAM user it is bound to, the AccessKey behind each of
//! its versions, the one being retired, and the documented shapes of its ExtendedConfig, its
//! SecretData at creation and its value (docs/spec/secrets.md §3; docs/spec/decisions.md D-227
//! to D-230).

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use crate::clock::Timestamp;
use crate::error::KmsError;
use crate::secret::Secret;

/// The SecretType of RAM secrets.
pub(crate) const RAM_CREDENTIALS: &str = "RAMCredentials";
/// The only SecretSubType of RAM secrets (docs/spec/secrets.md §3).
const RAM_USER_ACCESS_KEY: &str = "RamUserAccessKey";
/// The SecretName a RAM secret is created with: KMS names it (docs/spec/secrets.md §3).
pub(crate) const AUTO_NAME: &str = "$Auto";
/// CustomData holds at most 10 pairs (docs/spec/secrets.md §6).
const MAX_CUSTOM_DATA: usize = 10;
/// How long the AccessKey a rotation replaced keeps working: the longest window of an immediate
/// rotation and the length of an automatic one, 2 days (D-230).
pub(crate) const RETIREMENT_WINDOW_SECONDS: i64 = 2 * 86_400;

/// The RAM side of a secret of type RAMCredentials.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RamBinding {
    /// The RAM user whose AccessKeys the secret holds.
    pub(crate) user_name: String,
    /// `ExtendedConfig.CustomData`, replaced by UpdateSecret.
    pub(crate) custom_data: BTreeMap<String, String>,
    /// The AccessKeyId behind each version, by version id.
    pub(crate) access_keys: BTreeMap<String, String>,
    /// The version whose AccessKey a rotation replaced, and when both go (D-230).
    pub(crate) retiring: Option<(String, Timestamp)>,
}

impl RamBinding {
    /// The ExtendedConfig as the responses carry it: a JSON text (D-229).
    pub(crate) fn extended_config(&self) -> String {
        json!({
            "SecretSubType": RAM_USER_ACCESS_KEY,
            "UserName": self.user_name,
            "CustomData": self.custom_data,
        })
        .to_string()
    }
}

/// The secret's name for the RAM user `user_name` (D-227).
pub(crate) fn ram_secret_name(user_name: &str) -> String {
    format!("acs/ram/user/{user_name}")
}

/// Parses the ExtendedConfig of a RAM secret: a JSON object with `SecretSubType`
/// `RamUserAccessKey`, a `UserName` and an optional `CustomData` object of at most 10 string
/// pairs (D-227). Returns the user name and the custom data.
pub(crate) fn parse_extended_config(
    text: &str,
) -> Result<(String, BTreeMap<String, String>), KmsError> {
    let invalid = |why: &str| KmsError::invalid_parameter("ExtendedConfig", why);
    let Ok(Value::Object(config)) = serde_json::from_str::<Value>(text) else {
        return Err(invalid("a JSON object for a RAMCredentials secret"));
    };
    if config.get("SecretSubType").and_then(Value::as_str) != Some(RAM_USER_ACCESS_KEY) {
        return Err(invalid("SecretSubType must be RamUserAccessKey"));
    }
    let user_name = match config.get("UserName").and_then(Value::as_str) {
        Some(name) if !name.is_empty() => name.to_owned(),
        _ => return Err(invalid("UserName names the RAM user of the secret")),
    };
    let custom_data = match config.get("CustomData") {
        None | Some(Value::Null) => BTreeMap::new(),
        Some(Value::Object(map)) => custom_data(map)
            .ok_or_else(|| invalid("CustomData is an object of at most 10 string values"))?,
        Some(_) => return Err(invalid("CustomData is an object")),
    };
    Ok((user_name, custom_data))
}

/// CustomData as string pairs, or `None` when it is not at most 10 of them.
fn custom_data(map: &Map<String, Value>) -> Option<BTreeMap<String, String>> {
    if map.len() > MAX_CUSTOM_DATA {
        return None;
    }
    map.iter()
        .map(|(k, v)| v.as_str().map(|v| (k.clone(), v.to_owned())))
        .collect()
}

/// The AccessKeys listed by the SecretData of CreateSecret, `{"AccessKeys":[{"AccessKeyId",
/// "AccessKeySecret"}]}` (docs/spec/secrets.md §3): (id, secret) pairs. The secrets are not
/// echoed in the error (D-228).
pub(crate) fn listed_access_keys(data: &Secret) -> Result<Vec<(String, Secret)>, KmsError> {
    let invalid = || {
        KmsError::invalid_parameter(
            "SecretData",
            "{\"AccessKeys\":[{\"AccessKeyId\":…,\"AccessKeySecret\":…}]} for a RAMCredentials \
             secret",
        )
    };
    let parsed: Value = serde_json::from_str(data.expose()).map_err(|_| invalid())?;
    let list = parsed
        .get("AccessKeys")
        .and_then(Value::as_array)
        .ok_or_else(invalid)?;
    list.iter()
        .map(|entry| {
            let id = entry.get("AccessKeyId").and_then(Value::as_str);
            let secret = entry.get("AccessKeySecret").and_then(Value::as_str);
            match (id, secret) {
                (Some(id), Some(secret)) => Ok((id.to_owned(), Secret::new(secret))),
                _ => Err(invalid()),
            }
        })
        .collect()
}

/// The value of one version: `{"AccessKeyId","AccessKeySecret","GenerateTimestamp"}`, the
/// time in UTC seconds (docs/spec/secrets.md §3; D-229).
pub(crate) fn access_key_value(id: &str, secret: &Secret, created: Timestamp) -> Secret {
    Secret::new(
        json!({
            "AccessKeyId": id,
            "AccessKeySecret": secret.expose(),
            "GenerateTimestamp": created.to_string(),
        })
        .to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_extended_config_parses() {
        let (user, data) = parse_extended_config(
            r#"{"SecretSubType":"RamUserAccessKey","UserName":"app","CustomData":{"k":"v"}}"#,
        )
        .unwrap();
        assert_eq!(user, "app");
        assert_eq!(data.get("k").map(String::as_str), Some("v"));
        for bad in [
            "not json",
            r#"{"SecretSubType":"SingleUser","UserName":"app"}"#,
            r#"{"SecretSubType":"RamUserAccessKey"}"#,
            r#"{"SecretSubType":"RamUserAccessKey","UserName":"a","CustomData":[1]}"#,
        ] {
            assert!(parse_extended_config(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_listed_keys_are_read_and_their_secrets_never_echoed() {
        let keys = listed_access_keys(&Secret::new(
            r#"{"AccessKeys":[{"AccessKeyId":"LTAIa","AccessKeySecret":"s3cr3t"}]}"#,
        ))
        .unwrap();
        assert_eq!(keys.len(), 1);
        let e = listed_access_keys(&Secret::new(
            r#"{"AccessKeys":[{"AccessKeySecret":"s3cr3t"}]}"#,
        ))
        .unwrap_err();
        assert!(!e.message().contains("s3cr3t"));
    }

    #[test]
    fn the_value_has_the_documented_fields() {
        let v = access_key_value("LTAIx", &Secret::new("sec"), Timestamp::from_unix(0));
        let parsed: Value = serde_json::from_str(v.expose()).unwrap();
        assert_eq!(parsed["AccessKeyId"], "LTAIx");
        assert_eq!(parsed["AccessKeySecret"], "sec");
        assert_eq!(parsed["GenerateTimestamp"], "1970-01-01T00:00:00Z");
    }
}
