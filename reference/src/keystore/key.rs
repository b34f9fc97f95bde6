//! One customer master key: its attributes, versions, tags and metadata view.

use std::collections::BTreeMap;

use crate::clock::Timestamp;
use crate::crypto::MATERIAL_LEN;
use crate::crypto::asymmetric::{AsymmetricError, KeyPair};
use crate::keystore::state::KeyState;
use crate::random::{RandomSource, random_array};
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

/// The secret a key version holds. Its `Debug` never shows key material (a [`KeyPair`]
/// shows its spec only).
#[derive(Clone, Debug)]
pub(crate) enum VersionMaterial {
    /// AES-256 material: generated for an Aliyun_KMS key, imported for an EXTERNAL one.
    Symmetric(Material),
    /// The one version of an EXTERNAL key while no (unexpired) material is imported.
    NotImported,
    /// A version of an asymmetric key: its own key pair, unrelated to the other versions'
    /// (docs/spec/keys-v2.md §2.1).
    Asymmetric(Box<KeyPair>),
}

impl VersionMaterial {
    /// Fresh material that KMS generates for a new version of a key of `spec`: AES-256 for a
    /// symmetric spec, a key pair for an asymmetric one (docs/spec/decisions.md D-113). All of
    /// it comes from `rng`, so a seeded reference replays bit for bit.
    pub(crate) fn generate(
        spec: KeySpec,
        rng: &dyn RandomSource,
    ) -> Result<VersionMaterial, AsymmetricError> {
        if spec.is_symmetric() {
            Ok(VersionMaterial::Symmetric(Material(random_array::<
                MATERIAL_LEN,
            >(rng))))
        } else {
            KeyPair::generate(spec, rng).map(|pair| VersionMaterial::Asymmetric(Box::new(pair)))
        }
    }

    /// The key pair of an asymmetric version; `None` for symmetric material.
    #[allow(
        dead_code,
        reason = "read by the asymmetric APIs and the asymmetric ReEncrypt source"
    )]
    pub(crate) fn key_pair(&self) -> Option<&KeyPair> {
        match self {
            VersionMaterial::Asymmetric(pair) => Some(pair),
            VersionMaterial::Symmetric(_) | VersionMaterial::NotImported => None,
        }
    }
}

/// One version of a key (docs/spec/keys-v2.md §2.1).
#[derive(Clone, Debug)]
pub(crate) struct KeyVersion {
    pub(crate) id: String,
    pub(crate) creation_date: Timestamp,
    pub(crate) material: VersionMaterial,
}

/// Automatic rotation settings.
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
    /// Every version, oldest first; never empty (CreateKey makes the initial one). For a
    /// symmetric key the newest is the primary version.
    pub(crate) versions: Vec<KeyVersion>,
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
    /// The version with id `version_id`.
    pub(crate) fn version(&self, version_id: &str) -> Option<&KeyVersion> {
        self.versions.iter().find(|v| v.id == version_id)
    }

    /// The newest version.
    pub(crate) fn newest_version(&self) -> Option<&KeyVersion> {
        self.versions.last()
    }

    /// The primary version: the newest one of a symmetric key; an asymmetric key has none
    /// (docs/spec/keys-v2.md §2.1).
    pub(crate) fn primary_version(&self) -> Option<&KeyVersion> {
        if self.spec.is_symmetric() {
            self.newest_version()
        } else {
            None
        }
    }

    /// Whether the key's primary (or, for an asymmetric key, newest) version is usable.
    pub(crate) fn has_material(&self) -> bool {
        self.newest_version()
            .is_some_and(|v| !matches!(v.material, VersionMaterial::NotImported))
    }

    /// `LastRotationDate`: the CreationDate of the newest version.
    pub(crate) fn last_rotation_date(&self) -> Timestamp {
        self.newest_version()
            .map_or(self.creation_date, |v| v.creation_date)
    }

    /// `NextRotationDate`, while rotation is on.
    pub(crate) fn next_rotation_date(&self) -> Option<Timestamp> {
        self.rotation
            .as_ref()
            .map(|r| self.last_rotation_date().plus_seconds(r.interval_seconds))
    }

    /// `AutomaticRotation`: `Suspended` while rotation is on and the key is not Enabled
    /// (docs/spec/decisions.md D-105).
    pub(crate) fn automatic_rotation(&self) -> &'static str {
        match (&self.rotation, self.state) {
            (None, _) => "Disabled",
            (Some(_), KeyState::Enabled) => "Enabled",
            (Some(_), _) => "Suspended",
        }
    }

    /// Whether automatic rotation is due at `now` (D-105).
    pub(crate) fn rotation_due(&self, now: Timestamp) -> bool {
        self.state == KeyState::Enabled && self.next_rotation_date().is_some_and(|d| d <= now)
    }

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
            // An asymmetric key has none, and its KeyMetadata no such field
            // (docs/spec/decisions.md D-108).
            primary_key_version: self.primary_version().map(|v| v.id.clone()),
            last_rotation_date: self.last_rotation_date().to_string(),
            automatic_rotation: self.automatic_rotation().to_owned(),
            rotation_interval: self
                .rotation
                .as_ref()
                .map(|r| format!("{}s", r.interval_seconds))
                .unwrap_or_default(),
            next_rotation_date: fmt(self.next_rotation_date()),
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
        if self.has_material() {
            KeyState::Enabled
        } else {
            KeyState::PendingImport
        }
    }

    /// Sets the imported material of an EXTERNAL key's one version.
    pub(crate) fn set_imported(&mut self, material: Material) {
        for v in &mut self.versions {
            v.material = VersionMaterial::Symmetric(material.clone());
        }
    }

    /// Removes imported material: PendingImport, except that PendingDeletion is kept.
    pub(crate) fn drop_material(&mut self) {
        for v in &mut self.versions {
            v.material = VersionMaterial::NotImported;
        }
        self.material_expire = None;
        if self.state != KeyState::PendingDeletion {
            self.state = KeyState::PendingImport;
        }
    }
}
