//! Turning a `KeyId` parameter (id, alias or ARN) into a key, and checking its state.

use crate::api::Api;
use crate::arn::key_id_from_arn;
use crate::error::{ErrorCode, KmsError};
use crate::keystore::{Key, check_state};
use crate::service::Call;
use crate::service::validate::require;

impl Call<'_> {
    /// Resolves `key_ref` as `api` accepts it. Aliases are honoured only where the API takes
    /// them (`Unsupported.Alias` otherwise); an ARN must name this region and account.
    pub(super) fn resolve_key_id(&self, api: Api, key_ref: &str) -> Result<String, KmsError> {
        require("KeyId", key_ref)?;
        if key_ref.starts_with("alias/") {
            if !api.accepts_alias() {
                return Err(ErrorCode::UnsupportedAlias.into());
            }
            let target = self.store.alias_target(key_ref).ok_or(KmsError::new(
                if crate::planted::is_planted(crate::planted::Divergence::MissingAliasCode) {
                    ErrorCode::ForbiddenKeyNotFound
                } else {
                    ErrorCode::ForbiddenAliasNotFound
                },
            ))?;
            return Ok(target.to_owned());
        }
        let id = if key_ref.starts_with("acs:") {
            key_id_from_arn(key_ref, &self.config.region, &self.config.account_id)
                .ok_or(KmsError::new(ErrorCode::ForbiddenKeyNotFound))?
        } else {
            key_ref
        };
        if self.store.key(id).is_none() {
            return Err(ErrorCode::ForbiddenKeyNotFound.into());
        }
        Ok(id.to_owned())
    }

    /// The key named by `key_ref`, after the state × API matrix allowed `api` on it.
    pub(super) fn key_for(&mut self, api: Api, key_ref: &str) -> Result<&mut Key, KmsError> {
        let id = self.resolve_key_id(api, key_ref)?;
        self.key_by_id_for(api, &id)
    }

    /// The key with id `id`, after the state check for `api`.
    pub(super) fn key_by_id_for(&mut self, api: Api, id: &str) -> Result<&mut Key, KmsError> {
        let key = self
            .store
            .key_mut(id)
            .ok_or(KmsError::new(ErrorCode::ForbiddenKeyNotFound))?;
        check_state(api, key.state)?;
        Ok(key)
    }
}
