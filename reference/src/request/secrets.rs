//! The typed requests of the Secrets Manager APIs whose parameters do not fit one line of
//! [`Request`](super::Request) (docs/spec/secrets.md §4).

use crate::request::Tag;
use crate::secret::Secret;

/// CreateSecret's parameters (docs/spec/secrets.md §4.1).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CreateSecret {
    /// `SecretName`.
    pub secret_name: String,
    /// `VersionId` of the first version.
    pub version_id: String,
    /// `SecretData`: the value, never shown by `Debug`.
    pub secret_data: Secret,
    /// `SecretDataType`: `text` (default) or `binary`.
    pub secret_data_type: Option<String>,
    /// `EncryptionKeyId`; absent means the hidden service key (D-202).
    pub encryption_key_id: Option<String>,
    /// `Description`.
    pub description: Option<String>,
    /// `Tags`.
    pub tags: Vec<Tag>,
    /// `SecretType`; default `Generic`.
    pub secret_type: Option<String>,
    /// `ExtendedConfig` as sent (a JSON text).
    pub extended_config: Option<String>,
    /// `EnableAutomaticRotation`.
    pub enable_automatic_rotation: Option<bool>,
    /// `RotationInterval` as sent.
    pub rotation_interval: Option<String>,
    /// `DKMSInstanceId`.
    pub dkms_instance_id: Option<String>,
    /// `Policy`: a secret policy.
    pub policy: Option<String>,
}

/// Which version of which secret GetSecretValue reads; also one entry of
/// BatchGetSecretValue's `SecretsList` (docs/spec/secrets.md §4.2, §4.3).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SecretValueQuery {
    /// `SecretName`: a name or a secret ARN.
    pub secret_name: String,
    /// `VersionId`.
    pub version_id: Option<String>,
    /// `VersionStage`; default ACSCurrent.
    pub version_stage: Option<String>,
    /// `FetchExtendedConfig`.
    pub fetch_extended_config: Option<bool>,
}

/// PutSecretValue's parameters (docs/spec/secrets.md §4.4).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PutSecretValue {
    /// `SecretName`.
    pub secret_name: String,
    /// `VersionId` of the new version.
    pub version_id: String,
    /// `SecretData`, never shown by `Debug`.
    pub secret_data: Secret,
    /// `SecretDataType`.
    pub secret_data_type: Option<String>,
    /// `VersionStages`, from either documented encoding (D-207); `None` = `["ACSCurrent"]`.
    pub version_stages: Option<Vec<String>>,
}

/// GetRandomPassword's options (docs/spec/secrets.md §4.15).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[allow(missing_docs, reason = "fields are the parameters of the same name")]
pub struct GetRandomPassword {
    pub password_length: Option<i64>,
    pub exclude_characters: Option<String>,
    pub exclude_lowercase: Option<bool>,
    pub exclude_uppercase: Option<bool>,
    pub exclude_numbers: Option<bool>,
    pub exclude_punctuation: Option<bool>,
    pub require_each_included_type: Option<bool>,
}
