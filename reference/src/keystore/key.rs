//! One customer master key: its attributes, material, tags and metadata view.

use std::collections::BTreeMap;

use crate::clock::Timestamp;
use crate::crypto::MATERIAL_LEN;
use crate::keystore::state::KeyState;
use crate::request::{KeySpec, KeyUsage, Origin, ProtectionLevel};
use crate::response::KeyMetadata;

/// Symmetric key material. `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Material(pub(crate) [u8; MATERIAL_LEN]);

impl std::fmt::Debug for Material {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Material(<redacted>)")
    }
}

/// Automatic rotation settings as configured at creation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Rotation {
    pub(crate) interval_seconds: i64,
}

/// A key and everything the store knows about it.
#[derive(Clone, Debug)]
pub(crate) struct Key {
    pub(crate) id: String,
    pub(crate) arn: String,
    /// Creation order, for stable listing.
    pub(crate) seq: u64,
    pub(crate) spec: KeySpec,
    pub(crate) usage: KeyUsage,
    pub(crate) origin: Origin,
    pub(crate) protection_level: ProtectionLevel,
    pub(crate) description: String,
    pub(crate) creator: String,
    pub(crate) creation_date: Timestamp,
    pub(crate) state: KeyState,
    pub(crate) delete_date: Option<Timestamp>,
    pub(crate) primary_version: String,
    /// Present for Aliyun_KMS symmetric keys, and for EXTERNAL keys while material is imported.
    pub(crate) material: Option<Material>,
    /// SHA-256 of the first material ever imported: later imports must be identical.
    pub(crate) imported_digest: Option<[u8; 32]>,
    pub(crate) material_expire: Option<Timestamp>,
    pub(crate) rotation: Option<Rotation>,
    pub(crate) tags: BTreeMap<String, String>,
    /// SetDeletionProtection: `Some(description)` while the key is protected
    /// (docs/spec/decisions.md D-124).
    pub(crate) deletion_protection: Option<String>,
}

impl Key {
    /// The `KeyMetadata` view of CreateKey (without the deletion protection).
    pub(crate) fn metadata(&self) -> KeyMetadata {
        let fmt = |t: Option<Timestamp>| t.map(|t| t.to_string()).unwrap_or_default();
        KeyMetadata {
            key_id: self.id.clone(),
            arn: self.arn.clone(),
            key_state: self.state.as_str().to_owned(),
            key_spec: self.spec.as_str().to_owned(),
            key_usage: self.usage.as_str().to_owned(),
            origin: self.origin.as_str().to_owned(),
            protection_level: self.protection_level.as_str().to_owned(),
            description: self.description.clone(),
            creation_date: self.creation_date.to_string(),
            creator: self.creator.clone(),
            delete_date: fmt(self.delete_date),
            material_expire_time: fmt(self.material_expire),
            primary_key_version: self.primary_version.clone(),
            last_rotation_date: self.creation_date.to_string(),
            automatic_rotation: if self.rotation.is_some() {
                "Enabled"
            } else {
                "Disabled"
            }
            .to_owned(),
            rotation_interval: self
                .rotation
                .as_ref()
                .map(|r| format!("{}s", r.interval_seconds))
                .unwrap_or_default(),
            next_rotation_date: self
                .rotation
                .as_ref()
                .map(|r| {
                    self.creation_date
                        .plus_seconds(r.interval_seconds)
                        .to_string()
                })
                .unwrap_or_default(),
            dkms_instance_id: String::new(),
            deletion_protection: None,
        }
    }

    /// The `KeyMetadata` view of DescribeKey: with the deletion protection set by
    /// SetDeletionProtection, `Enabled` or `Disabled`, and its description, `""` when none
    /// (docs/spec/decisions.md D-124).
    pub(crate) fn described(&self) -> KeyMetadata {
        let protection = match &self.deletion_protection {
            Some(description) => ("Enabled".to_owned(), description.clone()),
            None => ("Disabled".to_owned(), String::new()),
        };
        KeyMetadata {
            deletion_protection: Some(protection),
            ..self.metadata()
        }
    }

    /// The state a key returns to when its deletion is cancelled (docs/spec/decisions.md D-017).
    pub(crate) fn state_after_cancel(&self) -> KeyState {
        if self.material.is_some() || !self.spec.is_symmetric() {
            KeyState::Enabled
        } else {
            KeyState::PendingImport
        }
    }

    /// Removes imported material: PendingImport, except that PendingDeletion is kept.
    pub(crate) fn drop_material(&mut self) {
        self.material = None;
        self.material_expire = None;
        if self.state != KeyState::PendingDeletion {
            self.state = KeyState::PendingImport;
        }
    }
}
