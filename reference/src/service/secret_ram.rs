//! RAM secrets (SecretType RAMCredentials) against the reference's own RAM: the binding to a
//! RAM user made at CreateSecret, the AccessKey each version holds, and RotateSecret, which
//! gives the user a new AccessKey and retires the one it replaces after a window on the
//! reference's clock (docs/spec/secrets.md §3, §4.12; docs/spec/decisions.md D-227 to D-232).
//!
//! The AccessKeys are drawn from the call's randomness and dated by the call's clock, so a
//! journal replays them exactly.

use std::collections::BTreeMap;

use crate::api::Api;
use crate::error::{ErrorCode, KmsError};
use crate::identity::{AccessKey, MAX_ACCESS_KEYS_PER_USER};
use crate::request::CreateSecret;
use crate::response::{Response, RotationView};
use crate::secret::Secret;
use crate::secrets::{
    ACS_CURRENT, RETIREMENT_WINDOW_SECONDS, RamBinding, SecretVersion, StoredSecret,
    access_key_value, listed_access_keys, parse_extended_config,
};
use crate::service::Call;

impl Call<'_> {
    /// The binding a RAMCredentials CreateSecret asks for (D-227, D-228): the ExtendedConfig
    /// names an existing RAM user below its AccessKey limit, and every AccessKey the SecretData
    /// lists is one of that user's, with its secret.
    pub(super) fn ram_binding_for(&self, r: &CreateSecret) -> Result<RamBinding, KmsError> {
        let config = r
            .extended_config
            .as_deref()
            .ok_or_else(|| KmsError::missing_parameter("ExtendedConfig"))?;
        let (user_name, custom_data) = parse_extended_config(config)?;
        let user = self.ram_user(&user_name)?;
        for (id, secret) in listed_access_keys(&r.secret_data)? {
            let theirs = user
                .access_keys
                .iter()
                .any(|k| k.id == id && k.secret.matches(secret.expose()));
            if !theirs {
                // Neither the id's owner nor the secret is told: the caller must know both.
                return Err(KmsError::invalid_parameter(
                    "SecretData",
                    &format!("lists an AccessKey that is not an AccessKey of `{user_name}`"),
                ));
            }
        }
        self.check_access_key_room(&user_name)?;
        Ok(RamBinding {
            user_name,
            custom_data,
            access_keys: BTreeMap::new(),
            retiring: None,
        })
    }

    /// A new AccessKey for the secret's user, and the value of the version that holds it.
    /// The caller has checked there is room (D-228); the key is not the user's until
    /// [`Call::give_access_key`].
    pub(super) fn ram_access_key(&mut self) -> (AccessKey, Secret) {
        let key = self.new_access_key();
        let value = access_key_value(&key.id, &key.secret, key.create_date);
        (key, value)
    }

    /// Gives `key` to the RAM user `user_name`.
    pub(super) fn give_access_key(
        &mut self,
        user_name: &str,
        key: AccessKey,
    ) -> Result<(), KmsError> {
        self.identities
            .users
            .get_mut(user_name)
            .ok_or_else(|| user_not_found(user_name))?
            .access_keys
            .push(key);
        Ok(())
    }

    /// RotateSecret of a RAM secret (D-230): a new AccessKey for the user as a new version
    /// carrying ACSCurrent; the version it replaces keeps ACSPrevious, and both it and its
    /// AccessKey go when the window ends. A VersionId the secret holds is answered as it
    /// stands (documented idempotence).
    pub(super) fn rotate_ram_secret(
        &mut self,
        name: &str,
        version_id: &str,
    ) -> Result<Response, KmsError> {
        let secret = self.secret_mut(name)?;
        let (Some(ram), key) = (secret.ram.clone(), secret.key.clone()) else {
            return Err(KmsError::new(ErrorCode::InternalFailure));
        };
        let replaced = secret
            .stages
            .holder(ACS_CURRENT)
            .map(str::to_owned)
            .ok_or(KmsError::new(ErrorCode::InternalFailure))?;
        if secret.version(version_id).is_some() {
            return Ok(self.rotated(name, version_id));
        }
        self.check_access_key_room(&ram.user_name)?;
        if let crate::secrets::ValueKey::User(id) = &key {
            self.authorize_key_use("kms:GenerateDataKey", id)?;
        }
        let (access_key, value) = self.ram_access_key();
        let sealed = self.seal_secret(&key, name, version_id, &value)?;
        let now = self.now;
        let retire_at = now.plus_seconds(RETIREMENT_WINDOW_SECONDS);
        let new_id = access_key.id.clone();
        self.give_access_key(&ram.user_name, access_key)?;
        if let Some(old_id) = ram.access_keys.get(&replaced)
            && let Some(user) = self.identities.users.get_mut(&ram.user_name)
            && let Some(old) = user.access_keys.iter_mut().find(|k| k.id == *old_id)
        {
            old.retire_at = Some(retire_at);
        }
        let secret = self.secret_mut(name)?;
        secret.add_version(
            SecretVersion {
                id: version_id.to_owned(),
                created: now,
                data_type: crate::secrets::DataType::Text,
                value: sealed,
            },
            &[ACS_CURRENT.to_owned()],
        )?;
        secret.last_rotation = Some(now);
        // A version still waiting for its window can only be here when its AccessKey was
        // deleted through RAM (else there was no room): ACSPrevious has just left it, so it
        // goes now rather than linger without a label.
        let stale = ram.retiring.as_ref().map(|(id, _)| id.clone());
        if let Some(stale) = stale.filter(|id| !secret.stages.labels(id)) {
            secret.versions.retain(|v| v.id != stale);
            if let Some(binding) = &mut secret.ram {
                binding.access_keys.remove(&stale);
            }
        }
        if let Some(binding) = &mut secret.ram {
            binding.access_keys.insert(version_id.to_owned(), new_id);
            binding.retiring = Some((replaced, retire_at));
        }
        Ok(self.rotated(name, version_id))
    }

    fn rotated(&self, name: &str, version_id: &str) -> Response {
        Response::SecretRotated {
            arn: self.secret_arn(name),
            secret_name: name.to_owned(),
            version_id: version_id.to_owned(),
        }
    }

    /// The RAM user `name`: `Forbidden.ResourceNotFound` when the account has none (D-228).
    fn ram_user(&self, name: &str) -> Result<&crate::identity::User, KmsError> {
        self.identities
            .users
            .get(name)
            .ok_or_else(|| user_not_found(name))
    }

    /// A new AccessKey needs the user below RAM's limit of 2: otherwise
    /// `Rejected.LimitExceeded`, which is also what a rotation within the window of the last
    /// one gets, since the key it replaced still counts (D-228, D-230).
    fn check_access_key_room(&self, user_name: &str) -> Result<(), KmsError> {
        let user = self.ram_user(user_name)?;
        if user.access_keys.len() >= MAX_ACCESS_KEYS_PER_USER {
            return Err(KmsError::with_message(
                ErrorCode::RejectedLimitExceeded,
                format!(
                    "the RAM user `{user_name}` has {MAX_ACCESS_KEYS_PER_USER} AccessKeys, the \
                     RAM limit, so no new one can be made (a rotation's replaced AccessKey counts \
                     until its window ends)"
                ),
            ));
        }
        Ok(())
    }

    /// The response fields of a RAM secret; ExtendedConfig only when `with_config`.
    pub(super) fn rotation_view(s: &StoredSecret, with_config: bool) -> Option<RotationView> {
        let ram = s.ram.as_ref()?;
        Some(RotationView {
            extended_config: with_config.then(|| ram.extended_config()),
            last_rotation_date: s.last_rotation.map(|t| t.to_string()),
        })
    }

    /// UpdateSecret's `ExtendedConfig.CustomData` on a RAM secret replaces its CustomData
    /// (docs/spec/secrets.md §4.9; D-232).
    pub(super) fn replace_custom_data(
        &mut self,
        name: &str,
        data: BTreeMap<String, String>,
    ) -> Result<(), KmsError> {
        if data.len() > 10 {
            return Err(KmsError::invalid_parameter(
                "ExtendedConfig.CustomData",
                "at most 10 pairs",
            ));
        }
        let now = self.now;
        let secret = self.secret_mut(name)?;
        let Some(ram) = &mut secret.ram else {
            return Err(KmsError::new(ErrorCode::InternalFailure));
        };
        ram.custom_data = data;
        secret.updated = now;
        Ok(())
    }
}

/// The RAM user a secret names does not exist (D-228).
fn user_not_found(name: &str) -> KmsError {
    KmsError::with_message(
        ErrorCode::ForbiddenResourceNotFound,
        format!("The RAM user `{name}` is not found."),
    )
}

/// The API a RAM secret refuses because it does not fit the type (D-213).
pub(super) fn not_for_ram_secrets(api: Api) -> KmsError {
    KmsError::with_message(
        ErrorCode::UnsupportedOperation,
        format!(
            "{} does not apply to a RAMCredentials secret: its versions are AccessKeys made by \
             RotateSecret",
            api.name()
        ),
    )
}
