//! Decoding the Secrets Manager APIs' parameters (docs/spec/secrets.md §1.1-§1.3): the JSON
//! parameters (`SecretsList`, `VersionStages`, `ExtendedConfig.CustomData`) in each of their
//! documented encodings.

use std::collections::BTreeMap;

use serde_json::Value;

use super::Params;
use crate::api::Api;
use crate::error::{ErrorCode, KmsError};
use crate::request::{CreateSecret, GetRandomPassword, PutSecretValue, Request, SecretValueQuery};
use crate::secret::Secret;

/// The prefix of UpdateSecret's flattened custom data (V3 SDK, docs/spec/secrets.md §1.2).
const CUSTOM_DATA: &str = "ExtendedConfig.CustomData";

impl Params<'_> {
    /// The typed request of a Secrets Manager API.
    pub(super) fn secrets_request(&self, api: Api) -> Result<Request, KmsError> {
        let name = || self.required("SecretName");
        Ok(match api {
            Api::CreateSecret => Request::CreateSecret(Box::new(CreateSecret {
                secret_name: name()?,
                version_id: self.required("VersionId")?,
                secret_data: Secret::new(self.required("SecretData")?),
                secret_data_type: self.non_empty("SecretDataType").map(str::to_owned),
                encryption_key_id: self.non_empty("EncryptionKeyId").map(str::to_owned),
                description: self.optional("Description"),
                tags: self.tags("Tags")?.unwrap_or_default(),
                secret_type: self.non_empty("SecretType").map(str::to_owned),
                extended_config: self.non_empty("ExtendedConfig").map(str::to_owned),
                enable_automatic_rotation: self.boolean("EnableAutomaticRotation")?,
                rotation_interval: self.non_empty("RotationInterval").map(str::to_owned),
                dkms_instance_id: self.non_empty("DKMSInstanceId").map(str::to_owned),
                policy: self.non_empty("Policy").map(str::to_owned),
            })),
            Api::GetSecretValue => Request::GetSecretValue(SecretValueQuery {
                secret_name: name()?,
                version_id: self.non_empty("VersionId").map(str::to_owned),
                version_stage: self.non_empty("VersionStage").map(str::to_owned),
                fetch_extended_config: self.boolean("FetchExtendedConfig")?,
            }),
            Api::BatchGetSecretValue => Request::BatchGetSecretValue {
                secrets_list: self.secrets_list()?,
            },
            Api::PutSecretValue => Request::PutSecretValue(Box::new(PutSecretValue {
                secret_name: name()?,
                version_id: self.required("VersionId")?,
                secret_data: Secret::new(self.required("SecretData")?),
                secret_data_type: self.non_empty("SecretDataType").map(str::to_owned),
                version_stages: self.version_stages()?,
            })),
            Api::UpdateSecretVersionStage => Request::UpdateSecretVersionStage {
                secret_name: name()?,
                version_stage: self.required("VersionStage")?,
                remove_from_version: self.non_empty("RemoveFromVersion").map(str::to_owned),
                move_to_version: self.non_empty("MoveToVersion").map(str::to_owned),
            },
            Api::ListSecretVersionIds => Request::ListSecretVersionIds {
                secret_name: name()?,
                include_deprecated: self.boolean("IncludeDeprecated")?,
                page: self.page()?,
            },
            Api::DescribeSecret => Request::DescribeSecret {
                secret_name: name()?,
                fetch_tags: self.boolean("FetchTags")?,
            },
            Api::ListSecrets => Request::ListSecrets {
                fetch_tags: self.boolean("FetchTags")?,
                filters: self.filters()?,
                page: self.page()?,
            },
            Api::UpdateSecret => Request::UpdateSecret {
                secret_name: name()?,
                description: self.optional("Description"),
                custom_data: self.custom_data()?,
            },
            Api::DeleteSecret => Request::DeleteSecret {
                secret_name: name()?,
                force_delete_without_recovery: self.boolean("ForceDeleteWithoutRecovery")?,
                recovery_window_in_days: self.integer("RecoveryWindowInDays")?,
            },
            Api::RestoreSecret => Request::RestoreSecret {
                secret_name: name()?,
            },
            Api::RotateSecret => Request::RotateSecret {
                secret_name: name()?,
                version_id: self.required("VersionId")?,
            },
            Api::UpdateSecretRotationPolicy => Request::UpdateSecretRotationPolicy {
                secret_name: name()?,
                enable_automatic_rotation: self
                    .boolean("EnableAutomaticRotation")?
                    .ok_or_else(|| KmsError::missing_parameter("EnableAutomaticRotation"))?,
                rotation_interval: self.non_empty("RotationInterval").map(str::to_owned),
            },
            Api::GetSecretPolicy => Request::GetSecretPolicy {
                secret_name: name()?,
                policy_name: self.non_empty("PolicyName").map(str::to_owned),
            },
            Api::SetSecretPolicy => Request::SetSecretPolicy {
                secret_name: name()?,
                policy_name: self.non_empty("PolicyName").map(str::to_owned),
                policy: self.required("Policy")?,
            },
            Api::GetRandomPassword => Request::GetRandomPassword(GetRandomPassword {
                password_length: self.integer("PasswordLength")?,
                exclude_characters: self.non_empty("ExcludeCharacters").map(str::to_owned),
                exclude_lowercase: self.boolean("ExcludeLowercase")?,
                exclude_uppercase: self.boolean("ExcludeUppercase")?,
                exclude_numbers: self.boolean("ExcludeNumbers")?,
                exclude_punctuation: self.boolean("ExcludePunctuation")?,
                require_each_included_type: self.boolean("RequireEachIncludedType")?,
            }),
            _ => return Err(ErrorCode::InternalFailure.into()),
        })
    }

    /// `SecretsList`: a JSON array of `{"SecretName","VersionId","VersionStage",
    /// "FetchExtendedConfig"}` (docs/spec/secrets.md §1.2, §4.3).
    fn secrets_list(&self) -> Result<Vec<SecretValueQuery>, KmsError> {
        const NAME: &str = "SecretsList";
        let invalid = || {
            KmsError::invalid_parameter(
                NAME,
                "must be a JSON array of {\"SecretName\",\"VersionId\",\"VersionStage\",\
                 \"FetchExtendedConfig\"} objects",
            )
        };
        let Some(Value::Array(items)) = self.json(NAME)? else {
            return Err(invalid());
        };
        items
            .iter()
            .map(|item| {
                let text = |key: &str| -> Result<Option<String>, KmsError> {
                    match item.get(key) {
                        None | Some(Value::Null) => Ok(None),
                        Some(Value::String(s)) if s.is_empty() => Ok(None),
                        Some(Value::String(s)) => Ok(Some(s.clone())),
                        Some(_) => Err(invalid()),
                    }
                };
                if !item.is_object() {
                    return Err(invalid());
                }
                let fetch = match item.get("FetchExtendedConfig") {
                    None | Some(Value::Null) => None,
                    Some(Value::Bool(b)) => Some(*b),
                    Some(Value::String(s)) => match s.to_ascii_lowercase().as_str() {
                        "true" => Some(true),
                        "false" => Some(false),
                        _ => return Err(invalid()),
                    },
                    Some(_) => return Err(invalid()),
                };
                Ok(SecretValueQuery {
                    secret_name: text("SecretName")?
                        .ok_or_else(|| KmsError::missing_parameter("SecretsList.SecretName"))?,
                    version_id: text("VersionId")?,
                    version_stage: text("VersionStage")?,
                    fetch_extended_config: fetch,
                })
            })
            .collect()
    }

    /// `VersionStages`: a JSON array of strings, or `{"VersionStage":[...]}` (D-207).
    fn version_stages(&self) -> Result<Option<Vec<String>>, KmsError> {
        const NAME: &str = "VersionStages";
        let invalid = || {
            KmsError::invalid_parameter(
                NAME,
                "must be a JSON array of strings or {\"VersionStage\":[...]}",
            )
        };
        let Some(value) = self.json(NAME)? else {
            return Ok(None);
        };
        let items = match &value {
            Value::Array(items) => items,
            Value::Object(map) if map.len() == 1 => match map.get("VersionStage") {
                Some(Value::Array(items)) => items,
                _ => return Err(invalid()),
            },
            _ => return Err(invalid()),
        };
        items
            .iter()
            .map(|v| v.as_str().map(str::to_owned).ok_or_else(invalid))
            .collect::<Result<Vec<_>, _>>()
            .map(Some)
    }

    /// `ExtendedConfig.CustomData`: one JSON object (old SDK) or flattened
    /// `ExtendedConfig.CustomData.<key>=<value>` (V3 SDK) (docs/spec/secrets.md §1.2).
    fn custom_data(&self) -> Result<Option<BTreeMap<String, String>>, KmsError> {
        let invalid =
            || KmsError::invalid_parameter(CUSTOM_DATA, "must be a JSON object of strings");
        let mut out = match self.json(CUSTOM_DATA)? {
            None => None,
            Some(Value::Object(map)) => Some(
                map.into_iter()
                    .map(|(k, v)| match v {
                        Value::String(s) => Ok((k, s)),
                        _ => Err(invalid()),
                    })
                    .collect::<Result<BTreeMap<_, _>, _>>()?,
            ),
            Some(_) => return Err(invalid()),
        };
        let prefix = format!("{CUSTOM_DATA}.");
        for (k, v) in self.0 {
            if let Some(key) = k.strip_prefix(&prefix).filter(|key| !key.is_empty()) {
                out.get_or_insert_with(BTreeMap::new)
                    .insert(key.to_owned(), v.clone());
            }
        }
        Ok(out)
    }
}
