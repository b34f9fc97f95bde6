//! The typed request: one variant per API, with values already parsed from the wire strings.
//!
//! Syntax (is it an integer, valid JSON, a known enum value) is checked when a request is
//! decoded; ranges and cross-field rules are checked by the service, so a request built in
//! process goes through exactly the same validation as one that came over the wire.

use std::collections::BTreeMap;

mod secrets;

use crate::api::Api;
use crate::secret::Secret;

pub use secrets::{CreateSecret, GetRandomPassword, PutSecretValue, SecretValueQuery};

pub use crate::values::{
    AsymmetricAlgorithm, DataKeySpec, KeySpec, KeyUsage, Origin, ProtectionLevel, ResourceType,
    WrappingAlgorithm, WrappingKeySpec,
};

/// Page selection as sent; `None` means the default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PageRequest {
    /// `PageNumber`.
    pub number: Option<i64>,
    /// `PageSize`.
    pub size: Option<i64>,
}

/// One entry of ListKeys `Filters`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyFilter {
    /// The attribute filtered on (`KeyState`, `KeySpec`, ...).
    pub key: String,
    /// Accepted values; any one matches.
    pub values: Vec<String>,
}

/// A tag as given in `Tags`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tag {
    /// `TagKey`.
    pub key: String,
    /// `TagValue`.
    pub value: String,
}

/// An EncryptionContext: a map of strings. An absent context and `{}` are the same.
pub type EncryptionContext = BTreeMap<String, String>;

/// CreateKey's parameters.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CreateKey {
    /// `Description`.
    pub description: Option<String>,
    /// `KeySpec`; default `Aliyun_AES_256`.
    pub key_spec: Option<KeySpec>,
    /// `KeyUsage`; default follows the spec.
    pub key_usage: Option<KeyUsage>,
    /// `Origin`; default `Aliyun_KMS`.
    pub origin: Option<Origin>,
    /// `ProtectionLevel`; default `SOFTWARE`.
    pub protection_level: Option<ProtectionLevel>,
    /// `EnableAutomaticRotation`.
    pub enable_automatic_rotation: bool,
    /// `RotationInterval` as sent, e.g. `"31536000s"` or `"365d"`.
    pub rotation_interval: Option<String>,
    /// `Tags`.
    pub tags: Vec<Tag>,
    /// `DKMSInstanceId`: the KMS instance to create the key in (docs/spec/decisions.md D-060).
    pub dkms_instance_id: Option<String>,
    /// `Policy`: a key policy (docs/spec/decisions.md D-062).
    pub policy: Option<String>,
    /// `KeyStorageMechanism`: for keys of a hardware instance only (docs/spec/decisions.md
    /// D-063).
    pub key_storage_mechanism: Option<String>,
}

/// GenerateDataKey's and GenerateDataKeyWithoutPlaintext's parameters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GenerateDataKey {
    /// `KeyId`: id, alias or ARN.
    pub key_id: String,
    /// `KeySpec`.
    pub key_spec: Option<DataKeySpec>,
    /// `NumberOfBytes`; overrides `KeySpec`.
    pub number_of_bytes: Option<i64>,
    /// `EncryptionContext`.
    pub encryption_context: EncryptionContext,
}

/// ReEncrypt's parameters (docs/spec/keys-v2.md §4.1). The source is asymmetric exactly when
/// `source_encryption_algorithm` is given (docs/spec/decisions.md D-115).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReEncrypt {
    /// `CiphertextBlob`: a symmetric blob, or Base64 of a public-key ciphertext.
    pub ciphertext_blob: String,
    /// `SourceKeyId`: required for an asymmetric source, checked against a symmetric one.
    pub source_key_id: Option<String>,
    /// `SourceKeyVersionId`: as `source_key_id`.
    pub source_key_version_id: Option<String>,
    /// `SourceEncryptionAlgorithm`: an encryption algorithm (keys-v2.md §3.3).
    pub source_encryption_algorithm: Option<AsymmetricAlgorithm>,
    /// `SourceEncryptionContext`: the context of a symmetric source.
    pub source_encryption_context: EncryptionContext,
    /// `DestinationKeyId`: the symmetric key to encrypt under.
    pub destination_key_id: String,
    /// `DestinationEncryptionContext`: the context of the new blob.
    pub destination_encryption_context: EncryptionContext,
}

/// The public key a data key is exported under: `PublicKeyBlob`, `WrappingKeySpec` and
/// `WrappingAlgorithm` of ExportDataKey and GenerateAndExportDataKey (docs/spec/keys-v2.md
/// §4.2, §4.3).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicKeyWrapping {
    /// `PublicKeyBlob` as sent: Base64 of a DER SubjectPublicKeyInfo, which the service parses
    /// for `key_spec` with the asymmetric layer's one parser (docs/spec/decisions.md D-118).
    pub public_key_blob: String,
    /// `WrappingKeySpec`.
    pub key_spec: WrappingKeySpec,
    /// `WrappingAlgorithm`: an encryption algorithm (keys-v2.md §3.3).
    pub algorithm: AsymmetricAlgorithm,
}

/// A request to the reference: one variant per API.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
#[allow(
    missing_docs,
    reason = "fields are the API parameters of the same name"
)]
pub enum Request {
    DescribeRegions,
    ListKeys {
        page: PageRequest,
        filters: Vec<KeyFilter>,
    },
    CreateKey(CreateKey),
    DescribeKey {
        key_id: String,
    },
    UpdateKeyDescription {
        key_id: String,
        description: String,
    },
    EnableKey {
        key_id: String,
    },
    DisableKey {
        key_id: String,
    },
    ScheduleKeyDeletion {
        key_id: String,
        pending_window_in_days: i64,
    },
    CancelKeyDeletion {
        key_id: String,
    },
    GetParametersForImport {
        key_id: String,
        wrapping_algorithm: WrappingAlgorithm,
        wrapping_key_spec: WrappingKeySpec,
    },
    ImportKeyMaterial {
        key_id: String,
        encrypted_key_material: Secret,
        import_token: Secret,
        key_material_expire_unix: Option<i64>,
    },
    DeleteKeyMaterial {
        key_id: String,
    },
    Encrypt {
        key_id: String,
        plaintext: Secret,
        encryption_context: EncryptionContext,
    },
    GenerateDataKey(GenerateDataKey),
    GenerateDataKeyWithoutPlaintext(GenerateDataKey),
    Decrypt {
        ciphertext_blob: String,
        encryption_context: EncryptionContext,
    },
    ListAliases {
        page: PageRequest,
    },
    CreateAlias {
        alias_name: String,
        key_id: String,
    },
    UpdateAlias {
        alias_name: String,
        key_id: String,
    },
    DeleteAlias {
        alias_name: String,
    },
    ListAliasesByKeyId {
        key_id: String,
        page: PageRequest,
    },
    TagResource {
        key_id: String,
        tags: Vec<Tag>,
    },
    UntagResource {
        key_id: String,
        tag_keys: Vec<String>,
    },
    ListResourceTags {
        key_id: String,
    },
    TagResources {
        resource_type: ResourceType,
        resource_ids: Vec<String>,
        tags: Vec<Tag>,
    },
    UntagResources {
        resource_type: ResourceType,
        resource_ids: Vec<String>,
        tag_keys: Vec<String>,
        /// `All`; `None` when not sent.
        all: Option<bool>,
    },
    ListTagResources {
        resource_type: ResourceType,
        resource_ids: Vec<String>,
        /// `Tag.N` filters; an empty value means "any value".
        tags: Vec<Tag>,
        next_token: Option<String>,
    },
    SetDeletionProtection {
        protected_resource_arn: Option<String>,
        key_id: Option<String>,
        enable_deletion_protection: bool,
        deletion_protection_description: Option<String>,
        kms_instance_id: Option<String>,
    },
    GetKeyPolicy {
        key_id: String,
        policy_name: Option<String>,
    },
    SetKeyPolicy {
        key_id: String,
        policy_name: Option<String>,
        policy: String,
    },
    CreateKeyVersion {
        key_id: String,
    },
    DescribeKeyVersion {
        key_id: String,
        key_version_id: String,
    },
    ListKeyVersions {
        key_id: String,
        page: PageRequest,
    },
    UpdateRotationPolicy {
        key_id: String,
        enable_automatic_rotation: bool,
        rotation_interval: Option<String>,
    },
    // Asymmetric keys (docs/spec/keys-v2.md §3.7): every call names a version (§3.6); binary
    // values are kept as the Base64 text sent, which the service decodes (§3.2).
    AsymmetricEncrypt {
        key_id: String,
        key_version_id: String,
        algorithm: AsymmetricAlgorithm,
        plaintext: Secret,
    },
    AsymmetricDecrypt {
        key_id: String,
        key_version_id: String,
        algorithm: AsymmetricAlgorithm,
        ciphertext_blob: String,
    },
    AsymmetricSign {
        key_id: String,
        key_version_id: String,
        algorithm: AsymmetricAlgorithm,
        digest: String,
    },
    AsymmetricVerify {
        key_id: String,
        key_version_id: String,
        algorithm: AsymmetricAlgorithm,
        digest: String,
        value: String,
    },
    GetPublicKey {
        key_id: String,
        key_version_id: String,
    },
    ReEncrypt(ReEncrypt),
    ExportDataKey {
        ciphertext_blob: String,
        encryption_context: EncryptionContext,
        wrapping: PublicKeyWrapping,
    },
    GenerateAndExportDataKey {
        data_key: GenerateDataKey,
        wrapping: PublicKeyWrapping,
    },
    // Secrets Manager (docs/spec/secrets.md §4).
    CreateSecret(Box<CreateSecret>),
    GetSecretValue(SecretValueQuery),
    BatchGetSecretValue {
        secrets_list: Vec<SecretValueQuery>,
    },
    PutSecretValue(Box<PutSecretValue>),
    UpdateSecretVersionStage {
        secret_name: String,
        version_stage: String,
        remove_from_version: Option<String>,
        move_to_version: Option<String>,
    },
    ListSecretVersionIds {
        secret_name: String,
        include_deprecated: Option<bool>,
        page: PageRequest,
    },
    DescribeSecret {
        secret_name: String,
        fetch_tags: Option<bool>,
    },
    ListSecrets {
        fetch_tags: Option<bool>,
        filters: Vec<KeyFilter>,
        page: PageRequest,
    },
    UpdateSecret {
        secret_name: String,
        description: Option<String>,
        /// `ExtendedConfig.CustomData`, from either encoding (docs/spec/secrets.md §1.2).
        custom_data: Option<BTreeMap<String, String>>,
    },
    DeleteSecret {
        secret_name: String,
        force_delete_without_recovery: Option<bool>,
        recovery_window_in_days: Option<i64>,
    },
    RestoreSecret {
        secret_name: String,
    },
    RotateSecret {
        secret_name: String,
        version_id: String,
    },
    UpdateSecretRotationPolicy {
        secret_name: String,
        enable_automatic_rotation: bool,
        rotation_interval: Option<String>,
    },
    GetSecretPolicy {
        secret_name: String,
        policy_name: Option<String>,
    },
    SetSecretPolicy {
        secret_name: String,
        policy_name: Option<String>,
        policy: String,
    },
    GetRandomPassword(GetRandomPassword),
}

impl Request {
    /// The API this request calls.
    pub fn api(&self) -> Api {
        match self {
            Request::DescribeRegions => Api::DescribeRegions,
            Request::ListKeys { .. } => Api::ListKeys,
            Request::CreateKey(_) => Api::CreateKey,
            Request::DescribeKey { .. } => Api::DescribeKey,
            Request::UpdateKeyDescription { .. } => Api::UpdateKeyDescription,
            Request::EnableKey { .. } => Api::EnableKey,
            Request::DisableKey { .. } => Api::DisableKey,
            Request::ScheduleKeyDeletion { .. } => Api::ScheduleKeyDeletion,
            Request::CancelKeyDeletion { .. } => Api::CancelKeyDeletion,
            Request::GetParametersForImport { .. } => Api::GetParametersForImport,
            Request::ImportKeyMaterial { .. } => Api::ImportKeyMaterial,
            Request::DeleteKeyMaterial { .. } => Api::DeleteKeyMaterial,
            Request::Encrypt { .. } => Api::Encrypt,
            Request::GenerateDataKey(_) => Api::GenerateDataKey,
            Request::GenerateDataKeyWithoutPlaintext(_) => Api::GenerateDataKeyWithoutPlaintext,
            Request::Decrypt { .. } => Api::Decrypt,
            Request::ListAliases { .. } => Api::ListAliases,
            Request::CreateAlias { .. } => Api::CreateAlias,
            Request::UpdateAlias { .. } => Api::UpdateAlias,
            Request::DeleteAlias { .. } => Api::DeleteAlias,
            Request::ListAliasesByKeyId { .. } => Api::ListAliasesByKeyId,
            Request::TagResource { .. } => Api::TagResource,
            Request::UntagResource { .. } => Api::UntagResource,
            Request::ListResourceTags { .. } => Api::ListResourceTags,
            Request::CreateKeyVersion { .. } => Api::CreateKeyVersion,
            Request::DescribeKeyVersion { .. } => Api::DescribeKeyVersion,
            Request::ListKeyVersions { .. } => Api::ListKeyVersions,
            Request::UpdateRotationPolicy { .. } => Api::UpdateRotationPolicy,
            Request::TagResources { .. } => Api::TagResources,
            Request::UntagResources { .. } => Api::UntagResources,
            Request::ListTagResources { .. } => Api::ListTagResources,
            Request::SetDeletionProtection { .. } => Api::SetDeletionProtection,
            Request::GetKeyPolicy { .. } => Api::GetKeyPolicy,
            Request::SetKeyPolicy { .. } => Api::SetKeyPolicy,
            Request::AsymmetricEncrypt { .. } => Api::AsymmetricEncrypt,
            Request::AsymmetricDecrypt { .. } => Api::AsymmetricDecrypt,
            Request::AsymmetricSign { .. } => Api::AsymmetricSign,
            Request::AsymmetricVerify { .. } => Api::AsymmetricVerify,
            Request::GetPublicKey { .. } => Api::GetPublicKey,
            Request::ReEncrypt(_) => Api::ReEncrypt,
            Request::ExportDataKey { .. } => Api::ExportDataKey,
            Request::GenerateAndExportDataKey { .. } => Api::GenerateAndExportDataKey,
            Request::CreateSecret(_) => Api::CreateSecret,
            Request::GetSecretValue(_) => Api::GetSecretValue,
            Request::BatchGetSecretValue { .. } => Api::BatchGetSecretValue,
            Request::PutSecretValue(_) => Api::PutSecretValue,
            Request::UpdateSecretVersionStage { .. } => Api::UpdateSecretVersionStage,
            Request::ListSecretVersionIds { .. } => Api::ListSecretVersionIds,
            Request::DescribeSecret { .. } => Api::DescribeSecret,
            Request::ListSecrets { .. } => Api::ListSecrets,
            Request::UpdateSecret { .. } => Api::UpdateSecret,
            Request::DeleteSecret { .. } => Api::DeleteSecret,
            Request::RestoreSecret { .. } => Api::RestoreSecret,
            Request::RotateSecret { .. } => Api::RotateSecret,
            Request::UpdateSecretRotationPolicy { .. } => Api::UpdateSecretRotationPolicy,
            Request::GetSecretPolicy { .. } => Api::GetSecretPolicy,
            Request::SetSecretPolicy { .. } => Api::SetSecretPolicy,
            Request::GetRandomPassword(_) => Api::GetRandomPassword,
        }
    }
}
