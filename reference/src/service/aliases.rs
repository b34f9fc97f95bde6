//! Alias APIs: ListAliases, CreateAlias, UpdateAlias, DeleteAlias, ListAliasesByKeyId.

use crate::api::Api;
use crate::arn::alias_arn;
use crate::error::{ErrorCode, KmsError};
use crate::request::PageRequest;
use crate::response::{AliasEntry, Response};
use crate::service::Call;
use crate::service::validate::{
    self, LIST_ALIASES_BY_KEY_PAGES, LIST_ALIASES_PAGES, page, paginate,
};

impl Call<'_> {
    pub(super) fn list_aliases(&mut self, page_request: PageRequest) -> Result<Response, KmsError> {
        let selection = page(page_request, LIST_ALIASES_PAGES)?;
        let (aliases, page) = paginate(self.alias_entries(None), selection);
        Ok(Response::Aliases { aliases, page })
    }

    pub(super) fn list_aliases_by_key_id(
        &mut self,
        key_ref: &str,
        page_request: PageRequest,
    ) -> Result<Response, KmsError> {
        let selection = page(page_request, LIST_ALIASES_BY_KEY_PAGES)?;
        let key_id = self.key_for(Api::ListAliasesByKeyId, key_ref)?.id.clone();
        let (aliases, page) = paginate(self.alias_entries(Some(&key_id)), selection);
        Ok(Response::Aliases { aliases, page })
    }

    pub(super) fn create_alias(
        &mut self,
        alias_name: &str,
        key_ref: &str,
    ) -> Result<Response, KmsError> {
        validate::alias_name(alias_name)?;
        let key_id = self.key_for(Api::CreateAlias, key_ref)?.id.clone();
        if self.store.alias_target(alias_name).is_some() {
            return Err(ErrorCode::AliasAlreadyExists.into());
        }
        if self.store.alias_count() >= self.config.max_aliases {
            return Err(ErrorCode::RejectedLimitExceeded.into());
        }
        self.store.bind_alias(alias_name, &key_id);
        Ok(Response::Empty)
    }

    pub(super) fn update_alias(
        &mut self,
        alias_name: &str,
        key_ref: &str,
    ) -> Result<Response, KmsError> {
        validate::alias_name(alias_name)?;
        let key_id = self.resolve_key_id(Api::UpdateAlias, key_ref)?;
        if self.store.alias_target(alias_name).is_none() {
            return Err(ErrorCode::ForbiddenAliasNotFound.into());
        }
        // Only the new target's state matters (docs/spec/kms-api.md §2.2).
        self.key_by_id_for(Api::UpdateAlias, &key_id)?;
        self.store.bind_alias(alias_name, &key_id);
        Ok(Response::Empty)
    }

    pub(super) fn delete_alias(&mut self, alias_name: &str) -> Result<Response, KmsError> {
        validate::alias_name(alias_name)?;
        self.store
            .remove_alias(alias_name)
            .ok_or(KmsError::new(ErrorCode::ForbiddenAliasNotFound))?;
        Ok(Response::Empty)
    }

    fn alias_entries(&self, of_key: Option<&str>) -> Vec<AliasEntry> {
        self.store
            .aliases(of_key)
            .into_iter()
            .map(|(name, key_id)| AliasEntry {
                alias_name: name.to_owned(),
                alias_arn: alias_arn(&self.config.region, &self.config.account_id, name),
                key_id: key_id.to_owned(),
            })
            .collect()
    }
}
