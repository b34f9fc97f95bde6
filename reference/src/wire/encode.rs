//! Encoding a typed [`Request`] back into flat wire parameters: the inverse of
//! [`decode_request`](super::decode_request), so `decode(encode(r)) == r` for every valid `r`.
//! Clients (the remote target, the fuzzers) sign what this produces; the trail records it,
//! redacted.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::request::{
    EncryptionContext, GenerateDataKey, KeyFilter, PageRequest, PublicKeyWrapping, Request, Tag,
};

mod secrets;

/// The wire parameters of `request` (business parameters only, no signature parameters).
pub fn encode_request(request: &Request) -> BTreeMap<String, String> {
    let mut p = Params::default();
    match request {
        Request::DescribeRegions => {}
        Request::ListKeys { page, filters } => {
            p.page(page);
            p.filters(filters);
        }
        Request::CreateKey(r) => {
            p.opt("Description", r.description.as_deref());
            p.opt("KeySpec", r.key_spec.map(|v| v.as_str()));
            p.opt("KeyUsage", r.key_usage.map(|v| v.as_str()));
            p.opt("Origin", r.origin.map(|v| v.as_str()));
            p.opt("ProtectionLevel", r.protection_level.map(|v| v.as_str()));
            if r.enable_automatic_rotation {
                p.set("EnableAutomaticRotation", "true");
            }
            p.opt("RotationInterval", r.rotation_interval.as_deref());
            if !r.tags.is_empty() {
                p.tags("Tags", &r.tags);
            }
            p.opt("DKMSInstanceId", r.dkms_instance_id.as_deref());
            p.opt("Policy", r.policy.as_deref());
            p.opt("KeyStorageMechanism", r.key_storage_mechanism.as_deref());
        }
        Request::DescribeKey { key_id }
        | Request::EnableKey { key_id }
        | Request::DisableKey { key_id }
        | Request::CancelKeyDeletion { key_id }
        | Request::DeleteKeyMaterial { key_id }
        | Request::ListResourceTags { key_id }
        | Request::CreateKeyVersion { key_id } => p.set("KeyId", key_id),
        Request::UpdateKeyDescription {
            key_id,
            description,
        } => {
            p.set("KeyId", key_id);
            p.set("Description", description);
        }
        Request::ScheduleKeyDeletion {
            key_id,
            pending_window_in_days,
        } => {
            p.set("KeyId", key_id);
            p.set("PendingWindowInDays", &pending_window_in_days.to_string());
        }
        Request::GetParametersForImport {
            key_id,
            wrapping_algorithm,
            wrapping_key_spec,
        } => {
            p.set("KeyId", key_id);
            p.set("WrappingAlgorithm", wrapping_algorithm.as_str());
            p.set("WrappingKeySpec", wrapping_key_spec.as_str());
        }
        Request::ImportKeyMaterial {
            key_id,
            encrypted_key_material,
            import_token,
            key_material_expire_unix,
        } => {
            p.set("KeyId", key_id);
            p.set("EncryptedKeyMaterial", encrypted_key_material.expose());
            p.set("ImportToken", import_token.expose());
            if let Some(t) = key_material_expire_unix {
                p.set("KeyMaterialExpireUnix", &t.to_string());
            }
        }
        Request::Encrypt {
            key_id,
            plaintext,
            encryption_context,
        } => {
            p.set("KeyId", key_id);
            p.set("Plaintext", plaintext.expose());
            p.context("EncryptionContext", encryption_context);
        }
        Request::GenerateDataKey(r) | Request::GenerateDataKeyWithoutPlaintext(r) => p.data_key(r),
        Request::Decrypt {
            ciphertext_blob,
            encryption_context,
        } => {
            p.set("CiphertextBlob", ciphertext_blob);
            p.context("EncryptionContext", encryption_context);
        }
        Request::ListAliases { page } => p.page(page),
        Request::CreateAlias { alias_name, key_id }
        | Request::UpdateAlias { alias_name, key_id } => {
            p.set("AliasName", alias_name);
            p.set("KeyId", key_id);
        }
        Request::DeleteAlias { alias_name } => p.set("AliasName", alias_name),
        Request::ListAliasesByKeyId { key_id, page }
        | Request::ListKeyVersions { key_id, page } => {
            p.set("KeyId", key_id);
            p.page(page);
        }
        Request::TagResource { key_id, tags } => {
            p.set("KeyId", key_id);
            p.tags("Tags", tags);
        }
        Request::UntagResource { key_id, tag_keys } => {
            p.set("KeyId", key_id);
            p.set("TagKeys", &Value::from(tag_keys.clone()).to_string());
        }
        Request::TagResources {
            resource_type,
            resource_ids,
            tags,
        } => {
            p.set("ResourceType", resource_type.as_str());
            p.repeat("ResourceId", resource_ids);
            p.repeat_tags("Tag", tags);
        }
        Request::UntagResources {
            resource_type,
            resource_ids,
            tag_keys,
            all,
        } => {
            p.set("ResourceType", resource_type.as_str());
            p.repeat("ResourceId", resource_ids);
            p.repeat("TagKey", tag_keys);
            if let Some(all) = all {
                p.set("All", &all.to_string());
            }
        }
        Request::ListTagResources {
            resource_type,
            resource_ids,
            tags,
            next_token,
        } => {
            p.set("ResourceType", resource_type.as_str());
            p.repeat("ResourceId", resource_ids);
            p.repeat_tags("Tag", tags);
            p.opt("NextToken", next_token.as_deref());
        }
        Request::SetDeletionProtection {
            protected_resource_arn,
            key_id,
            enable_deletion_protection,
            deletion_protection_description,
            kms_instance_id,
        } => {
            p.opt("ProtectedResourceArn", protected_resource_arn.as_deref());
            p.opt("KeyId", key_id.as_deref());
            p.set(
                "EnableDeletionProtection",
                &enable_deletion_protection.to_string(),
            );
            p.opt(
                "DeletionProtectionDescription",
                deletion_protection_description.as_deref(),
            );
            p.opt("KmsInstanceId", kms_instance_id.as_deref());
        }
        Request::GetKeyPolicy {
            key_id,
            policy_name,
        } => {
            p.set("KeyId", key_id);
            p.opt("PolicyName", policy_name.as_deref());
        }
        Request::SetKeyPolicy {
            key_id,
            policy_name,
            policy,
        } => {
            p.set("KeyId", key_id);
            p.opt("PolicyName", policy_name.as_deref());
            p.set("Policy", policy);
        }
        Request::DescribeKeyVersion {
            key_id,
            key_version_id,
        } => p.version(key_id, key_version_id),
        Request::UpdateRotationPolicy {
            key_id,
            enable_automatic_rotation,
            rotation_interval,
        } => {
            p.set("KeyId", key_id);
            p.set(
                "EnableAutomaticRotation",
                if *enable_automatic_rotation {
                    "true"
                } else {
                    "false"
                },
            );
            p.opt("RotationInterval", rotation_interval.as_deref());
        }
        Request::AsymmetricEncrypt {
            key_id,
            key_version_id,
            algorithm,
            plaintext,
        } => {
            p.version(key_id, key_version_id);
            p.set("Algorithm", algorithm.as_str());
            p.set("Plaintext", plaintext.expose());
        }
        Request::AsymmetricDecrypt {
            key_id,
            key_version_id,
            algorithm,
            ciphertext_blob,
        } => {
            p.version(key_id, key_version_id);
            p.set("Algorithm", algorithm.as_str());
            p.set("CiphertextBlob", ciphertext_blob);
        }
        Request::AsymmetricSign {
            key_id,
            key_version_id,
            algorithm,
            digest,
        } => {
            p.version(key_id, key_version_id);
            p.set("Algorithm", algorithm.as_str());
            p.set("Digest", digest);
        }
        Request::AsymmetricVerify {
            key_id,
            key_version_id,
            algorithm,
            digest,
            value,
        } => {
            p.version(key_id, key_version_id);
            p.set("Algorithm", algorithm.as_str());
            p.set("Digest", digest);
            p.set("Value", value);
        }
        Request::GetPublicKey {
            key_id,
            key_version_id,
        } => p.version(key_id, key_version_id),
        Request::ReEncrypt(r) => {
            p.set("CiphertextBlob", &r.ciphertext_blob);
            p.opt("SourceKeyId", r.source_key_id.as_deref());
            p.opt("SourceKeyVersionId", r.source_key_version_id.as_deref());
            p.opt(
                "SourceEncryptionAlgorithm",
                r.source_encryption_algorithm.map(|a| a.as_str()),
            );
            p.context("SourceEncryptionContext", &r.source_encryption_context);
            p.set("DestinationKeyId", &r.destination_key_id);
            p.context(
                "DestinationEncryptionContext",
                &r.destination_encryption_context,
            );
        }
        Request::ExportDataKey {
            ciphertext_blob,
            encryption_context,
            wrapping,
        } => {
            p.set("CiphertextBlob", ciphertext_blob);
            p.context("EncryptionContext", encryption_context);
            p.wrapping(wrapping);
        }
        Request::GenerateAndExportDataKey { data_key, wrapping } => {
            p.data_key(data_key);
            p.wrapping(wrapping);
        }
        Request::CreateSecret(_)
        | Request::GetSecretValue(_)
        | Request::BatchGetSecretValue { .. }
        | Request::PutSecretValue(_)
        | Request::UpdateSecretVersionStage { .. }
        | Request::ListSecretVersionIds { .. }
        | Request::DescribeSecret { .. }
        | Request::ListSecrets { .. }
        | Request::UpdateSecret { .. }
        | Request::DeleteSecret { .. }
        | Request::RestoreSecret { .. }
        | Request::RotateSecret { .. }
        | Request::UpdateSecretRotationPolicy { .. }
        | Request::GetSecretPolicy { .. }
        | Request::SetSecretPolicy { .. }
        | Request::GetRandomPassword(_) => p.secrets(request),
    }
    p.0
}

#[derive(Default)]
struct Params(BTreeMap<String, String>);

impl Params {
    fn set(&mut self, name: &str, value: &str) {
        self.0.insert(name.to_owned(), value.to_owned());
    }

    /// `KeyId` and `KeyVersionId`.
    fn version(&mut self, key_id: &str, key_version_id: &str) {
        self.set("KeyId", key_id);
        self.set("KeyVersionId", key_version_id);
    }

    fn opt(&mut self, name: &str, value: Option<&str>) {
        if let Some(v) = value {
            self.set(name, v);
        }
    }

    fn page(&mut self, page: &PageRequest) {
        if let Some(n) = page.number {
            self.set("PageNumber", &n.to_string());
        }
        if let Some(s) = page.size {
            self.set("PageSize", &s.to_string());
        }
    }

    fn filters(&mut self, filters: &[KeyFilter]) {
        if !filters.is_empty() {
            let list: Vec<Value> = filters
                .iter()
                .map(|f| json!({"Key": f.key, "Values": f.values}))
                .collect();
            self.set("Filters", &Value::from(list).to_string());
        }
    }

    fn tags(&mut self, name: &str, tags: &[Tag]) {
        let list: Vec<Value> = tags
            .iter()
            .map(|t| json!({"TagKey": t.key, "TagValue": t.value}))
            .collect();
        self.set(name, &Value::from(list).to_string());
    }

    /// A repeat list: `<name>.1`, `<name>.2`, ... (docs/spec/keys-v2.md §1.2).
    fn repeat(&mut self, name: &str, items: &[String]) {
        for (i, item) in items.iter().enumerate() {
            self.set(&format!("{name}.{}", i + 1), item);
        }
    }

    /// A repeat list of tags: `<name>.N.Key`, and `<name>.N.Value` when not empty.
    fn repeat_tags(&mut self, name: &str, tags: &[Tag]) {
        for (i, tag) in tags.iter().enumerate() {
            self.set(&format!("{name}.{}.Key", i + 1), &tag.key);
            if !tag.value.is_empty() {
                self.set(&format!("{name}.{}.Value", i + 1), &tag.value);
            }
        }
    }

    fn context(&mut self, name: &str, context: &EncryptionContext) {
        if !context.is_empty() {
            self.set(name, &json!(context).to_string());
        }
    }

    /// The export APIs' public key.
    fn wrapping(&mut self, w: &PublicKeyWrapping) {
        self.set("PublicKeyBlob", &w.public_key_blob);
        self.set("WrappingKeySpec", w.key_spec.as_str());
        self.set("WrappingAlgorithm", w.algorithm.as_str());
    }

    fn data_key(&mut self, r: &GenerateDataKey) {
        self.set("KeyId", &r.key_id);
        self.opt("KeySpec", r.key_spec.map(|v| v.as_str()));
        if let Some(n) = r.number_of_bytes {
            self.set("NumberOfBytes", &n.to_string());
        }
        self.context("EncryptionContext", &r.encryption_context);
    }
}
