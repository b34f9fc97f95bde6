//! Encoding the Secrets Manager requests into wire parameters: the inverse of
//! `params/secrets.rs`, with each JSON parameter in its first documented encoding.

use serde_json::{Map, Value, json};

use super::Params;
use crate::request::{Request, SecretValueQuery};

fn flag(b: bool) -> &'static str {
    if b { "true" } else { "false" }
}

impl Params {
    fn flag(&mut self, name: &str, value: Option<bool>) {
        if let Some(b) = value {
            self.set(name, flag(b));
        }
    }

    /// The parameters of a Secrets Manager request; nothing for any other.
    pub(super) fn secrets(&mut self, request: &Request) {
        match request {
            Request::CreateSecret(r) => {
                self.set("SecretName", &r.secret_name);
                self.set("VersionId", &r.version_id);
                self.set("SecretData", r.secret_data.expose());
                self.opt("SecretDataType", r.secret_data_type.as_deref());
                self.opt("EncryptionKeyId", r.encryption_key_id.as_deref());
                self.opt("Description", r.description.as_deref());
                if !r.tags.is_empty() {
                    self.tags("Tags", &r.tags);
                }
                self.opt("SecretType", r.secret_type.as_deref());
                self.opt("ExtendedConfig", r.extended_config.as_deref());
                self.flag("EnableAutomaticRotation", r.enable_automatic_rotation);
                self.opt("RotationInterval", r.rotation_interval.as_deref());
                self.opt("DKMSInstanceId", r.dkms_instance_id.as_deref());
                self.opt("Policy", r.policy.as_deref());
            }
            Request::GetSecretValue(q) => {
                self.set("SecretName", &q.secret_name);
                self.opt("VersionId", q.version_id.as_deref());
                self.opt("VersionStage", q.version_stage.as_deref());
                self.flag("FetchExtendedConfig", q.fetch_extended_config);
            }
            Request::BatchGetSecretValue { secrets_list } => {
                let list: Vec<Value> = secrets_list.iter().map(query_json).collect();
                self.set("SecretsList", &Value::from(list).to_string());
            }
            Request::PutSecretValue(r) => {
                self.set("SecretName", &r.secret_name);
                self.set("VersionId", &r.version_id);
                self.set("SecretData", r.secret_data.expose());
                self.opt("SecretDataType", r.secret_data_type.as_deref());
                if let Some(stages) = &r.version_stages {
                    self.set("VersionStages", &json!(stages).to_string());
                }
            }
            Request::UpdateSecretVersionStage {
                secret_name,
                version_stage,
                remove_from_version,
                move_to_version,
            } => {
                self.set("SecretName", secret_name);
                self.set("VersionStage", version_stage);
                self.opt("RemoveFromVersion", remove_from_version.as_deref());
                self.opt("MoveToVersion", move_to_version.as_deref());
            }
            Request::ListSecretVersionIds {
                secret_name,
                include_deprecated,
                page,
            } => {
                self.set("SecretName", secret_name);
                self.flag("IncludeDeprecated", *include_deprecated);
                self.page(page);
            }
            Request::DescribeSecret {
                secret_name,
                fetch_tags,
            } => {
                self.set("SecretName", secret_name);
                self.flag("FetchTags", *fetch_tags);
            }
            Request::ListSecrets {
                fetch_tags,
                filters,
                page,
            } => {
                self.flag("FetchTags", *fetch_tags);
                self.filters(filters);
                self.page(page);
            }
            Request::UpdateSecret {
                secret_name,
                description,
                custom_data,
            } => {
                self.set("SecretName", secret_name);
                self.opt("Description", description.as_deref());
                if let Some(data) = custom_data {
                    self.set("ExtendedConfig.CustomData", &json!(data).to_string());
                }
            }
            Request::DeleteSecret {
                secret_name,
                force_delete_without_recovery,
                recovery_window_in_days,
            } => {
                self.set("SecretName", secret_name);
                self.flag("ForceDeleteWithoutRecovery", *force_delete_without_recovery);
                if let Some(days) = recovery_window_in_days {
                    self.set("RecoveryWindowInDays", &days.to_string());
                }
            }
            Request::RestoreSecret { secret_name } => self.set("SecretName", secret_name),
            Request::RotateSecret {
                secret_name,
                version_id,
            } => {
                self.set("SecretName", secret_name);
                self.set("VersionId", version_id);
            }
            Request::UpdateSecretRotationPolicy {
                secret_name,
                enable_automatic_rotation,
                rotation_interval,
            } => {
                self.set("SecretName", secret_name);
                self.set("EnableAutomaticRotation", flag(*enable_automatic_rotation));
                self.opt("RotationInterval", rotation_interval.as_deref());
            }
            Request::GetSecretPolicy {
                secret_name,
                policy_name,
            } => {
                self.set("SecretName", secret_name);
                self.opt("PolicyName", policy_name.as_deref());
            }
            Request::SetSecretPolicy {
                secret_name,
                policy_name,
                policy,
            } => {
                self.set("SecretName", secret_name);
                self.opt("PolicyName", policy_name.as_deref());
                self.set("Policy", policy);
            }
            Request::GetRandomPassword(r) => {
                if let Some(n) = r.password_length {
                    self.set("PasswordLength", &n.to_string());
                }
                self.opt("ExcludeCharacters", r.exclude_characters.as_deref());
                self.flag("ExcludeLowercase", r.exclude_lowercase);
                self.flag("ExcludeUppercase", r.exclude_uppercase);
                self.flag("ExcludeNumbers", r.exclude_numbers);
                self.flag("ExcludePunctuation", r.exclude_punctuation);
                self.flag("RequireEachIncludedType", r.require_each_included_type);
            }
            _ => {}
        }
    }
}

fn query_json(q: &SecretValueQuery) -> Value {
    let mut m = Map::new();
    m.insert("SecretName".into(), json!(q.secret_name));
    if let Some(v) = &q.version_id {
        m.insert("VersionId".into(), json!(v));
    }
    if let Some(v) = &q.version_stage {
        m.insert("VersionStage".into(), json!(v));
    }
    if let Some(v) = q.fetch_extended_config {
        m.insert("FetchExtendedConfig".into(), json!(v));
    }
    Value::Object(m)
}
