//! CreateKeyVersion, DescribeKeyVersion and ListKeyVersions (docs/spec/keys-v2.md §2.5-§2.7).

use crate::api::Api;
use crate::error::{ErrorCode, KmsError};
use crate::keystore::{Key, KeyVersion, VersionMaterial};
use crate::request::{Origin, PageRequest};
use crate::response::{KeyVersionEntry, Response};
use crate::service::Call;
use crate::service::validate::{LIST_KEY_VERSIONS_PAGES, page, paginate};

/// The least time between two versions of a key when `KmsConfig::version_spacing` is on
/// (docs/spec/keys-v2.md §2.10; docs/spec/decisions.md D-102).
const VERSION_SPACING_SECONDS: i64 = 7 * 86_400;

impl Call<'_> {
    pub(super) fn create_key_version(&mut self, key_ref: &str) -> Result<Response, KmsError> {
        let now = self.now;
        let spacing = self.config.version_spacing;
        let key = self.key_for(Api::CreateKeyVersion, key_ref)?;
        // Imported material has no versions (docs/spec/decisions.md D-101).
        if key.origin == Origin::External {
            return Err(ErrorCode::RejectedUnsupportedOperation.into());
        }
        if spacing
            && now
                < key
                    .last_rotation_date()
                    .plus_seconds(VERSION_SPACING_SECONDS)
        {
            return Err(KmsError::with_message(
                ErrorCode::RejectedLimitExceeded,
                "a key gets at most one version in 7 days; see LastRotationDate",
            ));
        }
        let key_id = key.id.clone();
        let spec = key.spec;
        if !self
            .store
            .has_room_for_version(&key_id, self.config.max_key_versions)
        {
            return Err(ErrorCode::RejectedLimitExceeded.into());
        }
        let prepared = self
            .take_pair(spec)
            .map(|pair| VersionMaterial::Asymmetric(Box::new(pair)));
        let (version_id, creation_date) = self
            .store
            .add_version_with(&key_id, now, self.rng, prepared)
            .map_err(|_| KmsError::new(ErrorCode::InternalFailure))?
            .ok_or(KmsError::new(ErrorCode::ForbiddenKeyNotFound))?;
        Ok(Response::KeyVersion(KeyVersionEntry {
            key_id,
            key_version_id: version_id,
            creation_date: creation_date.to_string(),
        }))
    }

    pub(super) fn describe_key_version(
        &mut self,
        key_ref: &str,
        key_version_id: &str,
    ) -> Result<Response, KmsError> {
        let key = self.key_for(Api::DescribeKeyVersion, key_ref)?;
        let version = key
            .version(key_version_id)
            .ok_or(KmsError::new(ErrorCode::ForbiddenKeyVersionNotFound))?;
        Ok(Response::KeyVersion(entry(&key.id, version)))
    }

    pub(super) fn list_key_versions(
        &mut self,
        key_ref: &str,
        page_request: PageRequest,
    ) -> Result<Response, KmsError> {
        let selection = page(page_request, LIST_KEY_VERSIONS_PAGES)?;
        let key = self.key_for(Api::ListKeyVersions, key_ref)?;
        let (versions, page) = paginate(in_creation_order(key), selection);
        Ok(Response::KeyVersions { versions, page })
    }
}

/// The versions of `key` by CreationDate, those made in the same second in the order they
/// were made (docs/spec/decisions.md D-106).
fn in_creation_order(key: &Key) -> Vec<KeyVersionEntry> {
    let mut versions: Vec<&KeyVersion> = key.versions.iter().collect();
    versions.sort_by_key(|v| v.creation_date);
    versions.into_iter().map(|v| entry(&key.id, v)).collect()
}

fn entry(key_id: &str, version: &KeyVersion) -> KeyVersionEntry {
    KeyVersionEntry {
        key_id: key_id.to_owned(),
        key_version_id: version.id.clone(),
        creation_date: version.creation_date.to_string(),
    }
}
