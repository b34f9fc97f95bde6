//! Secrets Manager lifecycle: CreateSecret, DescribeSecret, ListSecrets, UpdateSecret,
//! DeleteSecret, RestoreSecret, and the one rule of what a secret pending deletion allows
//! (docs/spec/secrets.md §4.1, §4.7-§4.11, §5; docs/spec/decisions.md D-201 to D-206,
//! D-212, D-217, D-219, D-220, D-222).

use std::collections::BTreeMap;

use crate::api::Api;
use crate::arn::{secret_arn, secret_name_of};
use crate::error::{ErrorCode, KmsError};
use crate::request::{CreateSecret, KeyFilter, PageRequest};
use crate::response::{Response, SecretDescription};
use crate::secrets::{
    AUTO_NAME, DataType, RAM_CREDENTIALS, SecretVersion, StoredSecret, ValueKey, check_secret_name,
    check_version_id, ram_secret_name,
};
use crate::service::Call;
use crate::service::validate::{self, PageSizes};

/// The only secret type the reference stores (D-201).
pub(super) const GENERIC: &str = "Generic";
/// Longest SecretData, in bytes (docs/spec/secrets.md §6).
pub(super) const MAX_SECRET_DATA: usize = 30_720;
/// Longest ExtendedConfig, in characters (docs/spec/secrets.md §6).
const MAX_EXTENDED_CONFIG: usize = 1024;
/// Longest secret policy, in bytes (docs/spec/secrets.md §6).
pub(super) const MAX_POLICY_BYTES: usize = 32_768;
/// RecoveryWindowInDays: 7 to 30, default 30 (D-205).
const RECOVERY_DAYS: std::ops::RangeInclusive<i64> = 7..=30;
const DEFAULT_RECOVERY_DAYS: i64 = 30;
/// ListSecrets: PageSize 1 to 100, default 10 (docs/spec/secrets.md §4.8).
const LIST_SECRETS_PAGES: PageSizes = PageSizes { min: 1, max: 100 };
/// ListSecrets' filter keys (D-217) and their bounds (docs/spec/secrets.md §4.8).
const FILTER_KEYS: &[&str] = &[
    "SecretName",
    "Description",
    "TagKey",
    "TagValue",
    "DKMSInstanceId",
    "SecretType",
    "Creator",
];
/// Longest filter value: SecretName 192 characters, the others 256 (docs/spec/secrets.md §4.8).
const MAX_NAME_FILTER: usize = 192;
const MAX_TEXT_FILTER: usize = 256;

/// APIs a secret pending deletion still answers (D-204); DeleteSecret decides itself.
const ALLOWED_WHILE_PENDING: &[Api] = &[
    Api::DescribeSecret,
    Api::ListSecretVersionIds,
    Api::RestoreSecret,
    Api::DeleteSecret,
    Api::GetSecretPolicy,
    Api::SetSecretPolicy,
    Api::ListTagResources,
];

impl Call<'_> {
    /// The name of the secret `reference` (a name or ARN) names, after the pending-deletion
    /// rule for `api` (D-204): `Forbidden.ResourceNotFound` when there is none,
    /// `Rejected.ResourceInDeleteWindow` when its deletion is pending and `api` changes or
    /// reads its value.
    pub(super) fn secret_name_for(&self, api: Api, reference: &str) -> Result<String, KmsError> {
        let secret = secret_name_of(reference, &self.config.region, &self.config.account_id)
            .and_then(|name| self.secrets.get(name))
            .ok_or_else(crate::secrets::not_found)?;
        if secret.pending_deletion() && !ALLOWED_WHILE_PENDING.contains(&api) {
            return Err(ErrorCode::RejectedResourceInDeleteWindow.into());
        }
        Ok(secret.name.clone())
    }

    /// Whether `reference` (a name or ARN) names a secret, pending deletion or not.
    pub(super) fn secret_exists(&self, reference: &str) -> bool {
        secret_name_of(reference, &self.config.region, &self.config.account_id)
            .is_some_and(|name| self.secrets.get(name).is_some())
    }

    /// The secret `name` (already resolved), for changing it.
    pub(super) fn secret_mut(&mut self, name: &str) -> Result<&mut StoredSecret, KmsError> {
        self.secrets
            .get_mut(name)
            .ok_or_else(crate::secrets::not_found)
    }

    pub(super) fn create_secret(&mut self, r: CreateSecret) -> Result<Response, KmsError> {
        let secret_type = r.secret_type.as_deref().unwrap_or(GENERIC);
        let ram = secret_type == RAM_CREDENTIALS;
        if secret_type != GENERIC && !ram {
            // Nothing is stored for the types a stand-in cannot rotate (D-201).
            return Err(KmsError::with_message(
                ErrorCode::UnsupportedOperation,
                format!(
                    "SecretType `{secret_type}` is not supported by this reference: only Generic \
                     and RAMCredentials secrets are"
                ),
            ));
        }
        // KMS names a RAM secret itself (D-227).
        if ram {
            if r.secret_name != AUTO_NAME {
                return Err(KmsError::invalid_parameter(
                    "SecretName",
                    "a RAMCredentials secret is created with the SecretName `$Auto`",
                ));
            }
        } else {
            check_secret_name(&r.secret_name)?;
        }
        check_version_id("VersionId", &r.version_id)?;
        check_secret_data(r.secret_data.expose())?;
        let data_type = data_type(r.secret_data_type.as_deref());
        let description = r.description.clone().unwrap_or_default();
        validate::description(&description)?;
        let tags = if r.tags.is_empty() {
            BTreeMap::new()
        } else {
            validate::creation_tags(&r.tags)?
        };
        if r.extended_config
            .as_ref()
            .is_some_and(|c| c.chars().count() > MAX_EXTENDED_CONFIG)
        {
            return Err(KmsError::invalid_parameter(
                "ExtendedConfig",
                "at most 1024 characters",
            ));
        }
        if r.policy
            .as_ref()
            .is_some_and(|p| p.len() > MAX_POLICY_BYTES)
        {
            return Err(KmsError::invalid_parameter("Policy", "at most 32768 bytes"));
        }
        // A Generic secret never rotates automatically (D-213); the reference rotates a RAM
        // secret only when asked (D-231).
        if r.enable_automatic_rotation == Some(true) {
            return Err(KmsError::with_message(
                ErrorCode::UnsupportedOperation,
                if ram {
                    "this reference does not rotate RAMCredentials secrets automatically; call \
                     RotateSecret"
                } else {
                    "a Generic secret does not rotate automatically; write new versions with \
                     PutSecretValue"
                },
            ));
        }
        // Types other than Generic take text only (D-213).
        if ram && data_type != DataType::Text {
            return Err(KmsError::with_message(
                ErrorCode::UnsupportedOperation,
                "a RAMCredentials secret takes SecretDataType text only",
            ));
        }
        // DKMSInstanceId and Policy are treated as CreateKey's are (D-222, D-060, D-062).
        if r.dkms_instance_id.is_some() {
            return Err(ErrorCode::ForbiddenDkmsInstanceNotFound.into());
        }
        if r.policy.is_some() {
            return Err(KmsError::with_message(
                ErrorCode::UnsupportedOperation,
                "a secret policy (Policy) is supported only for secrets of a KMS instance",
            ));
        }
        let binding = if ram {
            Some(self.ram_binding_for(&r)?)
        } else {
            None
        };
        let name = match &binding {
            Some(b) => ram_secret_name(&b.user_name),
            None => r.secret_name.clone(),
        };
        if let Some(existing) = self.secrets.get(&name) {
            return Err(if existing.pending_deletion() {
                KmsError::with_message(
                    ErrorCode::RejectedResourceInDeleteWindow,
                    "The secret is planned to be deleted.",
                )
            } else {
                ErrorCode::RejectedResourceExist.into()
            });
        }
        if self.secrets.count() >= self.config.max_secrets {
            return Err(KmsError::with_message(
                ErrorCode::RejectedLimitExceeded,
                "The secret quota is exceeded.",
            ));
        }
        let key = match r.encryption_key_id.as_deref() {
            None => ValueKey::Service,
            Some(reference) => {
                let id = self.resolve_key_id(Api::CreateSecret, reference)?;
                self.secret_key(&id)?;
                self.authorize_key_use("kms:GenerateDataKey", &id)?;
                ValueKey::User(id)
            }
        };
        // A RAM secret's first value is a new AccessKey of its user (D-228).
        let (access_key, data) = match &binding {
            Some(_) => {
                let (k, v) = self.ram_access_key();
                (Some(k), v)
            }
            None => (None, r.secret_data.clone()),
        };
        let value = self.seal_secret(&key, &name, &r.version_id, &data)?;
        let seq = self.secrets.next_seq();
        let first = SecretVersion {
            id: r.version_id.clone(),
            created: self.now,
            data_type,
            value,
        };
        let mut secret = StoredSecret::new(name.clone(), seq, description, first, tags);
        if let (Some(mut b), Some(k)) = (binding, access_key) {
            b.access_keys.insert(r.version_id.clone(), k.id.clone());
            self.give_access_key(&b.user_name, k)?;
            secret.ram = Some(b);
        }
        let rotation = Call::rotation_view(&secret, true);
        let secret_type = secret.secret_type().to_owned();
        self.secrets.insert(secret);
        Ok(Response::SecretCreated {
            arn: self.secret_arn(&name),
            secret_name: name,
            version_id: r.version_id,
            secret_type,
            rotation,
        })
    }

    pub(super) fn describe_secret(
        &mut self,
        reference: &str,
        fetch_tags: bool,
    ) -> Result<Response, KmsError> {
        let name = self.secret_name_for(Api::DescribeSecret, reference)?;
        let secret = self.secret_mut(&name)?.clone();
        Ok(Response::SecretDescription(Box::new(
            self.secret_description(&secret, fetch_tags),
        )))
    }

    pub(super) fn list_secrets(
        &mut self,
        fetch_tags: bool,
        filters: &[KeyFilter],
        page: PageRequest,
    ) -> Result<Response, KmsError> {
        check_filters(filters)?;
        let page = validate::page(page, LIST_SECRETS_PAGES)?;
        let creator = self.config.account_id.clone();
        let matching: Vec<SecretDescription> = self
            .secrets
            .in_order()
            .into_iter()
            .filter(|s| filters.iter().all(|f| filter_matches(f, s, &creator)))
            .map(|s| self.secret_description(s, fetch_tags))
            .collect();
        let (secrets, page) = validate::paginate(matching, page);
        Ok(Response::Secrets { secrets, page })
    }

    pub(super) fn update_secret(
        &mut self,
        reference: &str,
        description: Option<String>,
        custom_data: Option<BTreeMap<String, String>>,
    ) -> Result<Response, KmsError> {
        let name = self.secret_name_for(Api::UpdateSecret, reference)?;
        if let Some(d) = &description {
            validate::description(d)?;
        }
        // A Generic secret has no extended configuration (docs/spec/secrets.md §4.9; D-213);
        // a RAM secret's CustomData is replaced (D-232).
        if let Some(data) = custom_data {
            if self.secret_mut(&name)?.ram.is_none() {
                return Err(KmsError::with_message(
                    ErrorCode::UnsupportedOperation,
                    "a Generic secret has no ExtendedConfig.CustomData",
                ));
            }
            self.replace_custom_data(&name, data)?;
        }
        let now = self.now;
        let secret = self.secret_mut(&name)?;
        if let Some(d) = description {
            secret.description = d;
            secret.updated = now;
        }
        Ok(Response::SecretName { secret_name: name })
    }

    pub(super) fn delete_secret(
        &mut self,
        reference: &str,
        force: bool,
        recovery_window_in_days: Option<i64>,
    ) -> Result<Response, KmsError> {
        let name = self.secret_name_for(Api::DeleteSecret, reference)?;
        let now = self.now;
        // A forced deletion ignores a window that is sent (D-205) and works while pending.
        if force {
            self.secrets.remove(&name);
            return Ok(Response::SecretDeleted {
                secret_name: name,
                planned_delete_time: now.to_string(),
            });
        }
        let days = recovery_window_in_days.unwrap_or(DEFAULT_RECOVERY_DAYS);
        if !RECOVERY_DAYS.contains(&days) {
            return Err(KmsError::invalid_parameter(
                "RecoveryWindowInDays",
                "must be between 7 and 30",
            ));
        }
        let secret = self.secret_mut(&name)?;
        if secret.pending_deletion() {
            return Err(ErrorCode::RejectedResourceInDeleteWindow.into());
        }
        let planned = now.plus_seconds(days * 86_400);
        secret.planned_delete = Some(planned);
        Ok(Response::SecretDeleted {
            secret_name: name,
            planned_delete_time: planned.to_string(),
        })
    }

    pub(super) fn restore_secret(&mut self, reference: &str) -> Result<Response, KmsError> {
        let name = self.secret_name_for(Api::RestoreSecret, reference)?;
        let secret = self.secret_mut(&name)?;
        if !secret.pending_deletion() {
            return Err(ErrorCode::RejectedResourceInUse.into());
        }
        secret.planned_delete = None;
        Ok(Response::SecretName { secret_name: name })
    }

    pub(super) fn secret_arn(&self, name: &str) -> String {
        secret_arn(&self.config.region, &self.config.account_id, name)
    }

    fn secret_description(&self, s: &StoredSecret, fetch_tags: bool) -> SecretDescription {
        SecretDescription {
            arn: self.secret_arn(&s.name),
            secret_name: s.name.clone(),
            secret_type: s.secret_type().to_owned(),
            description: s.description.clone(),
            encryption_key_id: match &s.key {
                ValueKey::Service => None,
                ValueKey::User(id) => Some(id.clone()),
            },
            create_time: s.created.to_string(),
            update_time: s.updated.to_string(),
            planned_delete_time: s.planned_delete.map(|t| t.to_string()),
            tags: fetch_tags.then(|| s.tags.iter().map(|(k, v)| (k.clone(), v.clone())).collect()),
            rotation: Call::rotation_view(s, true),
        }
    }
}

/// SecretData: at most 30 720 bytes (D-212).
pub(super) fn check_secret_data(data: &str) -> Result<(), KmsError> {
    if data.len() > MAX_SECRET_DATA {
        return Err(KmsError::invalid_parameter(
            "SecretData",
            "at most 30720 bytes",
        ));
    }
    Ok(())
}

/// `SecretDataType`, whose syntax the decoder checked; `text` by default.
pub(super) fn data_type(text: Option<&str>) -> DataType {
    text.and_then(DataType::parse).unwrap_or(DataType::Text)
}

/// ListSecrets' `Filters`: the shape every `Filters` has, and values of 1 to 192 (SecretName)
/// or 256 characters (D-217).
fn check_filters(filters: &[KeyFilter]) -> Result<(), KmsError> {
    validate::filters(filters, FILTER_KEYS)?;
    for f in filters {
        let longest = match f.key.as_str() {
            "SecretName" => MAX_NAME_FILTER,
            _ => MAX_TEXT_FILTER,
        };
        if f.values
            .iter()
            .any(|v| v.is_empty() || v.chars().count() > longest)
        {
            return Err(KmsError::invalid_parameter(
                "Filters",
                &format!("a `{}` value has 1 to {longest} characters", f.key),
            ));
        }
    }
    Ok(())
}

/// Whether `s` passes one filter: any of its values matches (D-217). A key without values
/// matches every secret.
fn filter_matches(f: &KeyFilter, s: &StoredSecret, creator: &str) -> bool {
    if f.values.is_empty() {
        return true;
    }
    f.values.iter().any(|v| match f.key.as_str() {
        "SecretName" => *v == s.name,
        "Description" => s.description.contains(v.as_str()),
        "TagKey" => s.tags.contains_key(v),
        "TagValue" => s.tags.values().any(|t| t == v),
        "SecretType" => v.eq_ignore_ascii_case(s.secret_type()),
        "Creator" => v == creator,
        // Reference secrets are in no KMS instance.
        _ => false,
    })
}
