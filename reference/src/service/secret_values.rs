//! Secret values and their versions: GetSecretValue, BatchGetSecretValue, PutSecretValue,
//! UpdateSecretVersionStage, ListSecretVersionIds, and the sealing of values under the
//! service key or the secret's own key (docs/spec/secrets.md §4.2-§4.6; docs/spec/decisions.md
//! D-202, D-203, D-207 to D-211, D-215, D-218, D-221).

use crate::api::Api;
use crate::crypto::{self, IV_LEN, decode_blob};
use crate::error::{ErrorCode, KmsError};
use crate::keystore::VersionMaterial;
use crate::random::random_array;
use crate::request::{EncryptionContext, PageRequest, PutSecretValue, SecretValueQuery};
use crate::response::{Response, SecretError, SecretValue, SecretVersionEntry};
use crate::secret::Secret;
use crate::secrets::{
    ACS_CURRENT, ACS_PREVIOUS, SealedValue, SecretVersion, ValueKey, check_stage_name,
    check_version_id,
};
use crate::service::Call;
use crate::service::secret_lifecycle::{check_secret_data, data_type};
use crate::service::secret_ram::not_for_ram_secrets;
use crate::service::validate::{self, PageSizes};

/// The key id the hidden service key seals under: no API can name it (D-202).
const SERVICE_KEY_ID: &str = "secrets-manager-service-key";
/// BatchGetSecretValue: 1 to 20 entries (D-215).
const MAX_BATCH: usize = 20;
/// ListSecretVersionIds: PageSize 1 to 100, default 20 (D-218).
const VERSION_PAGES: PageSizes = PageSizes { min: 1, max: 100 };
const DEFAULT_VERSION_PAGE_SIZE: i64 = 20;

impl Call<'_> {
    /// A user key for secrets: it exists and is symmetric (D-202). Its state is checked
    /// whenever a value is sealed or opened (D-203).
    pub(super) fn secret_key(&self, id: &str) -> Result<(), KmsError> {
        let key = self
            .store
            .key(id)
            .ok_or(KmsError::new(ErrorCode::ForbiddenKeyNotFound))?;
        if !key.spec.is_symmetric() {
            return Err(KmsError::with_message(
                ErrorCode::UnsupportedOperation,
                format!("a secret needs a symmetric key; this key is `{}`", key.spec),
            ));
        }
        Ok(())
    }

    /// Seals `data` as version `version_id` of secret `name`, under the key's primary version
    /// (the key's state as for GenerateDataKey, D-203). The context binds secret and version.
    pub(super) fn seal_secret(
        &mut self,
        key: &ValueKey,
        name: &str,
        version_id: &str,
        data: &Secret,
    ) -> Result<SealedValue, KmsError> {
        let iv: [u8; IV_LEN] = random_array(self.rng);
        let context = value_context(name, version_id);
        let internal = |_| KmsError::new(ErrorCode::InternalFailure);
        let blob = match key {
            ValueKey::Service => {
                let service = self.secrets.service_key(self.rng);
                crypto::seal(
                    &service.material.0,
                    SERVICE_KEY_ID,
                    &service.version_id,
                    &context,
                    iv,
                    data.expose().as_bytes(),
                )
                .map_err(internal)?
            }
            ValueKey::User(id) => {
                let key = self.key_by_id_for(Api::GenerateDataKey, id)?;
                let primary = key
                    .primary_version()
                    .ok_or(KmsError::new(ErrorCode::InternalFailure))?;
                let VersionMaterial::Symmetric(material) = &primary.material else {
                    return Err(ErrorCode::RejectedPendingImport.into());
                };
                crypto::seal(
                    &material.0,
                    &key.id,
                    &primary.id,
                    &context,
                    iv,
                    data.expose().as_bytes(),
                )
                .map_err(internal)?
            }
        };
        Ok(SealedValue {
            key: key.clone(),
            blob,
        })
    }

    /// Opens a sealed value with the key version that sealed it (the key's state as for
    /// Decrypt; a deleted key is `Forbidden.KeyNotFound`, D-203).
    fn open_secret(
        &mut self,
        name: &str,
        version_id: &str,
        sealed: &SealedValue,
    ) -> Result<Secret, KmsError> {
        let internal = || KmsError::new(ErrorCode::InternalFailure);
        let blob = decode_blob(&sealed.blob).map_err(|_| internal())?;
        let context = value_context(name, version_id);
        let plain = match &sealed.key {
            ValueKey::Service => {
                let service = self.secrets.existing_service_key().ok_or_else(internal)?;
                crypto::open(&service.material.0, SERVICE_KEY_ID, &blob, &context)
            }
            ValueKey::User(id) => {
                let key = self.key_by_id_for(Api::Decrypt, id)?;
                let version = key.version(blob.key_version_id()).ok_or_else(internal)?;
                let VersionMaterial::Symmetric(material) = &version.material else {
                    return Err(ErrorCode::RejectedPendingImport.into());
                };
                crypto::open(&material.0, &key.id, &blob, &context)
            }
        }
        .map_err(|_| internal())?;
        String::from_utf8(plain)
            .map(Secret::new)
            .map_err(|_| internal())
    }

    pub(super) fn get_secret_value(&mut self, q: &SecretValueQuery) -> Result<Response, KmsError> {
        self.secret_value(q)
            .map(|v| Response::SecretValue(Box::new(v)))
    }

    fn secret_value(&mut self, q: &SecretValueQuery) -> Result<SecretValue, KmsError> {
        let name = self.secret_name_for(Api::GetSecretValue, &q.secret_name)?;
        let secret = self.secret_mut(&name)?;
        // A RAM secret serves ACSCurrent and ACSPrevious only, and ignores VersionId
        // (docs/spec/secrets.md §3; D-210).
        let version = if secret.ram.is_some() {
            let stage = q.version_stage.as_deref().unwrap_or(ACS_CURRENT);
            if stage != ACS_CURRENT && stage != ACS_PREVIOUS {
                return Err(crate::secrets::not_found());
            }
            secret.select(None, Some(stage))?.clone()
        } else {
            secret
                .select(q.version_id.as_deref(), q.version_stage.as_deref())?
                .clone()
        };
        let stages = secret.stages.of(&version.id);
        let secret_type = secret.secret_type().to_owned();
        let rotation = Call::rotation_view(secret, q.fetch_extended_config == Some(true));
        if let ValueKey::User(id) = &version.value.key {
            self.authorize_key_use("kms:Decrypt", id)?;
        }
        let data = self.open_secret(&name, &version.id, &version.value)?;
        Ok(SecretValue {
            secret_name: name,
            secret_type,
            secret_data: data,
            secret_data_type: version.data_type.as_str().to_owned(),
            version_id: version.id,
            version_stages: stages,
            create_time: version.created.to_string(),
            rotation,
        })
    }

    pub(super) fn batch_get_secret_value(
        &mut self,
        entries: &[SecretValueQuery],
    ) -> Result<Response, KmsError> {
        if entries.is_empty() || entries.len() > MAX_BATCH {
            return Err(KmsError::invalid_parameter(
                "SecretsList",
                "1 to 20 secrets in one call",
            ));
        }
        let mut values = Vec::new();
        let mut errors = Vec::new();
        for entry in entries {
            let result = self
                .authorize_secret("kms:GetSecretValue", &entry.secret_name)
                .and_then(|()| self.secret_value(entry));
            match result {
                Ok(v) => values.push(v),
                Err(e) => errors.push(SecretError {
                    secret_name: entry.secret_name.clone(),
                    code: e.code().as_str().to_owned(),
                    http_status: e.http_status(),
                    message: e.message().to_owned(),
                }),
            }
        }
        Ok(Response::SecretValues { values, errors })
    }

    pub(super) fn put_secret_value(&mut self, r: &PutSecretValue) -> Result<Response, KmsError> {
        let name = self.secret_name_for(Api::PutSecretValue, &r.secret_name)?;
        check_version_id("VersionId", &r.version_id)?;
        check_secret_data(r.secret_data.expose())?;
        let data_type = data_type(r.secret_data_type.as_deref());
        let mut stages = r
            .version_stages
            .clone()
            .unwrap_or_else(|| vec![ACS_CURRENT.to_owned()]);
        for stage in &stages {
            check_stage_name("VersionStages", stage)?;
        }
        stages.sort();
        stages.dedup();
        let secret = self.secret_mut(&name)?;
        // A RAM secret's versions are AccessKeys that only RotateSecret makes (D-213).
        if secret.ram.is_some() {
            return Err(not_for_ram_secrets(Api::PutSecretValue));
        }
        let key = secret.key.clone();
        // A version is written once: the same value again is answered as it stands, another
        // value is refused (D-208).
        if let Some(existing) = secret.version(&r.version_id).cloned() {
            let stored = self.open_secret(&name, &existing.id, &existing.value)?;
            if stored.matches(r.secret_data.expose()) && existing.data_type == data_type {
                let secret = self.secret_mut(&name)?;
                return Ok(Response::SecretVersionPut {
                    version_stages: secret.stages.of(&existing.id),
                    secret_name: name,
                    version_id: existing.id,
                });
            }
            return Err(KmsError::with_message(
                ErrorCode::RejectedResourceExist,
                "The request was rejected becasue key already exsit",
            ));
        }
        if let ValueKey::User(id) = &key {
            self.authorize_key_use("kms:GenerateDataKey", id)?;
        }
        let value = self.seal_secret(&key, &name, &r.version_id, &r.secret_data)?;
        let version = SecretVersion {
            id: r.version_id.clone(),
            created: self.now,
            data_type,
            value,
        };
        let secret = self.secret_mut(&name)?;
        secret.add_version(version, &stages)?;
        Ok(Response::SecretVersionPut {
            version_stages: secret.stages.of(&r.version_id),
            secret_name: name,
            version_id: r.version_id.clone(),
        })
    }

    pub(super) fn update_secret_version_stage(
        &mut self,
        reference: &str,
        stage: &str,
        remove_from: Option<&str>,
        move_to: Option<&str>,
    ) -> Result<Response, KmsError> {
        let name = self.secret_name_for(Api::UpdateSecretVersionStage, reference)?;
        check_stage_name("VersionStage", stage)?;
        // D-209: the reserved stages only move; at least one version must be named.
        if remove_from.is_none() && move_to.is_none() {
            return Err(KmsError::invalid_parameter(
                "MoveToVersion",
                "give RemoveFromVersion, MoveToVersion or both",
            ));
        }
        if (stage == ACS_CURRENT || stage == ACS_PREVIOUS) && move_to.is_none() {
            return Err(KmsError::invalid_parameter(
                "MoveToVersion",
                "ACSCurrent and ACSPrevious cannot be removed, only moved with MoveToVersion",
            ));
        }
        let now = self.now;
        let secret = self.secret_mut(&name)?;
        if secret.ram.is_some() {
            return Err(not_for_ram_secrets(Api::UpdateSecretVersionStage));
        }
        secret.move_stage(stage, remove_from, move_to, now)?;
        Ok(Response::SecretName { secret_name: name })
    }

    pub(super) fn list_secret_version_ids(
        &mut self,
        reference: &str,
        include_deprecated: Option<bool>,
        page: PageRequest,
    ) -> Result<Response, KmsError> {
        let name = self.secret_name_for(Api::ListSecretVersionIds, reference)?;
        let page = validate::page(
            PageRequest {
                number: page.number,
                size: Some(page.size.unwrap_or(DEFAULT_VERSION_PAGE_SIZE)),
            },
            VERSION_PAGES,
        )?;
        let secret = self.secret_mut(&name)?;
        let include_all = include_deprecated.unwrap_or(false);
        let versions: Vec<SecretVersionEntry> = secret
            .versions
            .iter()
            .map(|v| SecretVersionEntry {
                version_id: v.id.clone(),
                create_time: v.created.to_string(),
                version_stages: secret.stages.of(&v.id),
            })
            .filter(|e| include_all || !e.version_stages.is_empty())
            .collect();
        let (versions, page) = validate::paginate(versions, page);
        Ok(Response::SecretVersions {
            secret_name: name,
            versions,
            page,
        })
    }
}

/// The encryption context of one value: it cannot be moved to another secret or version.
fn value_context(name: &str, version_id: &str) -> EncryptionContext {
    EncryptionContext::from([
        ("SecretName".to_owned(), name.to_owned()),
        ("VersionId".to_owned(), version_id.to_owned()),
    ])
}
