//! `Kms::handle`, the one entry point: validate, resolve, check state, execute.

mod aliases;
mod crypto_ops;
mod import;
mod keys;
mod listing;
mod resolve;
mod tags;
mod validate;

use std::sync::{Arc, Mutex};

use crate::caller::Caller;
use crate::clock::{Clock, Timestamp};
use crate::config::KmsConfig;
use crate::error::KmsError;
use crate::keystore::KeyStore;
use crate::random::{RandomSource, uuid_v4};
use crate::request::Request;
use crate::response::Response;

/// The reference KMS of one account in one region.
#[derive(Debug)]
pub struct Kms {
    config: KmsConfig,
    clock: Arc<dyn Clock>,
    rng: Arc<dyn RandomSource>,
    store: Mutex<KeyStore>,
}

/// The state a handler works on for the duration of one call.
struct Call<'a> {
    config: &'a KmsConfig,
    now: Timestamp,
    rng: &'a dyn RandomSource,
    store: &'a mut KeyStore,
}

impl Kms {
    /// A reference with the given configuration, clock and randomness.
    pub fn new(config: KmsConfig, clock: Arc<dyn Clock>, rng: Arc<dyn RandomSource>) -> Kms {
        Kms {
            config,
            clock,
            rng,
            store: Mutex::new(KeyStore::default()),
        }
    }

    /// The configuration.
    pub fn config(&self) -> &KmsConfig {
        &self.config
    }

    /// The current time of the instance's clock.
    pub fn now(&self) -> Timestamp {
        self.clock.now()
    }

    /// A fresh RequestId (lowercase UUID) from the instance's randomness.
    pub fn new_request_id(&self) -> String {
        uuid_v4(self.rng.as_ref())
    }

    /// Handles one call. This is the only way into the reference.
    pub fn handle(&self, caller: &Caller, request: Request) -> Result<Response, KmsError> {
        let _ = caller; // Authorization arrives with the RAM engine; the account is always allowed.
        let now = self.clock.now();
        // A poisoned lock means an earlier call panicked mid-way; the store is still
        // structurally sound (every mutation is a single insert/remove), so keep serving.
        let mut store = self.store.lock().unwrap_or_else(|p| p.into_inner());
        store.advance_to(now);
        let mut call = Call {
            config: &self.config,
            now,
            rng: self.rng.as_ref(),
            store: &mut store,
        };
        call.dispatch(request)
    }
}

impl Call<'_> {
    fn dispatch(&mut self, request: Request) -> Result<Response, KmsError> {
        match request {
            Request::DescribeRegions => Ok(self.describe_regions()),
            Request::ListKeys { page, filters } => self.list_keys(page, &filters),
            Request::CreateKey(r) => self.create_key(r),
            Request::DescribeKey { key_id } => self.describe_key(&key_id),
            Request::UpdateKeyDescription {
                key_id,
                description,
            } => self.update_key_description(&key_id, description),
            Request::EnableKey { key_id } => self.enable_key(&key_id),
            Request::DisableKey { key_id } => self.disable_key(&key_id),
            Request::ScheduleKeyDeletion {
                key_id,
                pending_window_in_days,
            } => self.schedule_key_deletion(&key_id, pending_window_in_days),
            Request::CancelKeyDeletion { key_id } => self.cancel_key_deletion(&key_id),
            Request::GetParametersForImport {
                key_id,
                wrapping_algorithm,
                wrapping_key_spec,
            } => self.get_parameters_for_import(&key_id, wrapping_algorithm, wrapping_key_spec),
            Request::ImportKeyMaterial {
                key_id,
                encrypted_key_material,
                import_token,
                key_material_expire_unix,
            } => self.import_key_material(
                &key_id,
                &encrypted_key_material,
                &import_token,
                key_material_expire_unix,
            ),
            Request::DeleteKeyMaterial { key_id } => self.delete_key_material(&key_id),
            Request::Encrypt {
                key_id,
                plaintext,
                encryption_context,
            } => self.encrypt(&key_id, &plaintext, &encryption_context),
            Request::GenerateDataKey(r) => self.generate_data_key(&r, true),
            Request::GenerateDataKeyWithoutPlaintext(r) => self.generate_data_key(&r, false),
            Request::Decrypt {
                ciphertext_blob,
                encryption_context,
            } => self.decrypt(&ciphertext_blob, &encryption_context),
            Request::ListAliases { page } => self.list_aliases(page),
            Request::CreateAlias { alias_name, key_id } => self.create_alias(&alias_name, &key_id),
            Request::UpdateAlias { alias_name, key_id } => self.update_alias(&alias_name, &key_id),
            Request::DeleteAlias { alias_name } => self.delete_alias(&alias_name),
            Request::ListAliasesByKeyId { key_id, page } => {
                self.list_aliases_by_key_id(&key_id, page)
            }
            Request::TagResource { key_id, tags } => self.tag_resource(&key_id, &tags),
            Request::UntagResource { key_id, tag_keys } => self.untag_resource(&key_id, &tag_keys),
            Request::ListResourceTags { key_id } => self.list_resource_tags(&key_id),
        }
    }
}

#[cfg(test)]
mod tests;
