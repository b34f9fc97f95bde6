//! Key lifecycle APIs: CreateKey, DescribeKey, UpdateKeyDescription, EnableKey, DisableKey,
//! ScheduleKeyDeletion, CancelKeyDeletion.

use std::collections::BTreeMap;

use crate::api::Api;
use crate::arn::key_arn;
use crate::error::{ErrorCode, KmsError};
use crate::keystore::{Key, KeyState, KeyVersion, Rotation, VersionMaterial};
use crate::random::uuid_v4;
use crate::request::{CreateKey, KeySpec, KeyUsage, Origin, ProtectionLevel};
use crate::response::Response;
use crate::service::Call;
use crate::service::rotation::rotation_interval;
use crate::service::validate;

const DAY: i64 = 86_400;
/// Deletion window bounds, in days (docs/spec/decisions.md D-016).
const PENDING_WINDOW_DAYS: std::ops::RangeInclusive<i64> = 7..=366;
/// Longest `Policy`, in bytes (docs/spec/kms-api.md §2.3 CreateKey).
const MAX_POLICY_BYTES: usize = 32_768;

/// What a seeded key fixes that CreateKey otherwise draws (see service/seed.rs).
pub(super) struct Pinned {
    pub(super) id: String,
    pub(super) version_id: String,
    /// The initial version's material; `None` draws it as CreateKey does.
    pub(super) material: Option<VersionMaterial>,
}

impl Call<'_> {
    pub(super) fn create_key(&mut self, r: CreateKey) -> Result<Response, KmsError> {
        self.create_key_pinned(r, None)
    }

    /// CreateKey, with the id, version id and material fixed when `pinned` says so.
    pub(super) fn create_key_pinned(
        &mut self,
        r: CreateKey,
        pinned: Option<Pinned>,
    ) -> Result<Response, KmsError> {
        let spec = r.key_spec.unwrap_or(KeySpec::AliyunAes256);
        let origin = r.origin.unwrap_or(Origin::AliyunKms);
        let protection_level = r.protection_level.unwrap_or(ProtectionLevel::Software);
        let description = r.description.unwrap_or_default();
        validate::description(&description)?;
        let usage = key_usage(spec, r.key_usage)?;
        let tags = if r.tags.is_empty() {
            BTreeMap::new()
        } else {
            validate::creation_tags(&r.tags)?
        };
        if r.policy
            .as_ref()
            .is_some_and(|p| p.len() > MAX_POLICY_BYTES)
        {
            return Err(KmsError::invalid_parameter("Policy", "at most 32768 bytes"));
        }
        let rotation = if r.enable_automatic_rotation {
            let text = r.rotation_interval.as_deref().unwrap_or_default();
            validate::require("RotationInterval", text)?;
            Some(Rotation {
                interval_seconds: rotation_interval(text)?,
            })
        } else {
            None
        };
        // The reference has no KMS instances (docs/spec/decisions.md D-060).
        if r.dkms_instance_id.is_some() {
            return Err(ErrorCode::ForbiddenDkmsInstanceNotFound.into());
        }
        // It evaluates RAM policies only, so it cannot honour a key policy (D-062).
        if r.policy.is_some() {
            return Err(KmsError::with_message(
                ErrorCode::UnsupportedOperation,
                "a key policy (Policy) is not supported by this reference: it authorizes with \
                 RAM policies only",
            ));
        }
        // KeyStorageMechanism takes effect only for keys of a hardware instance, which a
        // default key is not: it is ignored (D-063).
        if matches!(spec, KeySpec::AliyunSm4 | KeySpec::EcSm2) {
            return Err(KmsError::with_message(
                ErrorCode::UnsupportedOperation,
                format!("KeySpec `{spec}` (ShangMi) is not offered by this reference region"),
            ));
        }
        if protection_level == ProtectionLevel::Hsm {
            return Err(ErrorCode::UnsupportedProtectionLevel.into());
        }
        if origin == Origin::External && !spec.is_symmetric() {
            return Err(KmsError::with_message(
                ErrorCode::UnsupportedOperation,
                "Origin `EXTERNAL` is only possible with a symmetric KeySpec",
            ));
        }
        if rotation.is_some() && (origin == Origin::External || !spec.is_symmetric()) {
            return Err(KmsError::with_message(
                ErrorCode::UnsupportedOperation,
                "automatic rotation is only possible for Aliyun_KMS symmetric keys",
            ));
        }
        if self.store.key_count() >= self.config.max_keys {
            return Err(ErrorCode::RejectedLimitExceeded.into());
        }
        let (id, version_id, fixed) = match pinned {
            Some(p) => (p.id, p.version_id, p.material),
            None => (uuid_v4(self.rng), uuid_v4(self.rng), None),
        };
        // An asymmetric key's initial version holds a fresh key pair (D-113); the spec was
        // checked above, so generation fails only inside the crypto crates.
        let material = if let Some(fixed) = fixed {
            fixed
        } else if let Some(pair) = self.take_pair(spec) {
            // Generated before the lock (D-414).
            VersionMaterial::Asymmetric(Box::new(pair))
        } else if origin == Origin::AliyunKms {
            VersionMaterial::generate(spec, self.rng)
                .map_err(|_| KmsError::new(ErrorCode::InternalFailure))?
        } else {
            VersionMaterial::NotImported
        };
        let initial = KeyVersion {
            id: version_id,
            creation_date: self.now,
            material,
        };
        let key = Key {
            arn: key_arn(&self.config.region, &self.config.account_id, &id),
            id,
            seq: self.store.next_seq(),
            spec,
            usage,
            origin,
            protection_level,
            description,
            creator: self.config.account_id.clone(),
            creation_date: self.now,
            state: if origin == Origin::External {
                KeyState::PendingImport
            } else {
                KeyState::Enabled
            },
            delete_date: None,
            versions: vec![initial],
            imported_digest: None,
            material_expire: None,
            rotation,
            tags,
            deletion_protection: None,
        };
        let metadata = key.metadata();
        self.store.insert_key(key);
        Ok(Response::KeyMetadata(Box::new(metadata)))
    }

    pub(super) fn describe_key(&mut self, key_id: &str) -> Result<Response, KmsError> {
        let key = self.key_for(Api::DescribeKey, key_id)?;
        Ok(Response::KeyMetadata(Box::new(key.described())))
    }

    pub(super) fn update_key_description(
        &mut self,
        key_id: &str,
        description: String,
    ) -> Result<Response, KmsError> {
        validate::description(&description)?;
        let key = self.key_for(Api::UpdateKeyDescription, key_id)?;
        key.description = description;
        Ok(Response::Empty)
    }

    pub(super) fn enable_key(&mut self, key_id: &str) -> Result<Response, KmsError> {
        self.key_for(Api::EnableKey, key_id)?.state = KeyState::Enabled;
        Ok(Response::Empty)
    }

    pub(super) fn disable_key(&mut self, key_id: &str) -> Result<Response, KmsError> {
        self.key_for(Api::DisableKey, key_id)?.state = KeyState::Disabled;
        Ok(Response::Empty)
    }

    pub(super) fn schedule_key_deletion(
        &mut self,
        key_id: &str,
        pending_window_in_days: i64,
    ) -> Result<Response, KmsError> {
        if !PENDING_WINDOW_DAYS.contains(&pending_window_in_days) {
            return Err(KmsError::invalid_parameter(
                "PendingWindowInDays",
                "must be between 7 and 366",
            ));
        }
        let now = self.now;
        let key = self.key_for(Api::ScheduleKeyDeletion, key_id)?;
        if key.deletion_protection.is_some() {
            // A protected key cannot be deleted (docs/spec/decisions.md D-125).
            return Err(KmsError::with_message(
                ErrorCode::RejectedStateModifiedFailed,
                "Keystate modified failed: the key has deletion protection; switch it off with \
                 SetDeletionProtection first.",
            ));
        }
        key.state = KeyState::PendingDeletion;
        key.delete_date = Some(now.plus_seconds(pending_window_in_days * DAY));
        Ok(Response::Empty)
    }

    pub(super) fn cancel_key_deletion(&mut self, key_id: &str) -> Result<Response, KmsError> {
        let key = self.key_for(Api::CancelKeyDeletion, key_id)?;
        key.state = key.state_after_cancel();
        key.delete_date = None;
        Ok(Response::Empty)
    }
}

/// The usage a key of `spec` gets, checking a requested one against what the spec can do.
fn key_usage(spec: KeySpec, requested: Option<KeyUsage>) -> Result<KeyUsage, KmsError> {
    let (default, allowed): (KeyUsage, &[KeyUsage]) = match spec {
        KeySpec::AliyunAes256 | KeySpec::AliyunSm4 => {
            (KeyUsage::EncryptDecrypt, &[KeyUsage::EncryptDecrypt])
        }
        // A spec that can sign defaults to SIGN/VERIFY (docs/spec/kms-api.md §2.3 CreateKey).
        KeySpec::Rsa2048 | KeySpec::Rsa3072 | KeySpec::EcSm2 => (
            KeyUsage::SignVerify,
            &[KeyUsage::EncryptDecrypt, KeyUsage::SignVerify],
        ),
        KeySpec::EcP256 | KeySpec::EcP256K => (KeyUsage::SignVerify, &[KeyUsage::SignVerify]),
    };
    match requested {
        None => Ok(default),
        Some(u) if allowed.contains(&u) => Ok(u),
        Some(u) => Err(KmsError::invalid_parameter(
            "KeyUsage",
            &format!("`{u}` is not possible with KeySpec `{spec}`"),
        )),
    }
}
