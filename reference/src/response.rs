//! The typed response of each API and its JSON body, in the field names and shapes of
//! docs/spec/kms-api.md §1.6 and §2 (lists wrapped as `{"Keys":{"Key":[...]}}`, empty optional metadata
//! present as `""`). `RequestId` is added by the envelope, not here.

use serde_json::{Map, Value, json};

use crate::secret::Secret;

mod secrets;

pub use secrets::{RotationView, SecretDescription, SecretError, SecretValue, SecretVersionEntry};

/// Page information echoed by list APIs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageInfo {
    /// Number of items across all pages.
    pub total_count: usize,
    /// The page returned.
    pub page_number: i64,
    /// The page size used.
    pub page_size: i64,
}

/// `KeyMetadata` of CreateKey and DescribeKey.
#[derive(Clone, Debug, PartialEq, Eq)]
#[allow(
    missing_docs,
    reason = "fields are the KeyMetadata fields of the same name"
)]
pub struct KeyMetadata {
    pub key_id: String,
    pub arn: String,
    pub key_state: String,
    pub key_spec: String,
    pub key_usage: String,
    pub origin: String,
    pub protection_level: String,
    pub description: String,
    pub creation_date: String,
    pub creator: String,
    pub delete_date: String,
    pub material_expire_time: String,
    /// `None` for an asymmetric key: the field is left out (docs/spec/decisions.md D-108).
    pub primary_key_version: Option<String>,
    pub last_rotation_date: String,
    pub automatic_rotation: String,
    pub rotation_interval: String,
    pub next_rotation_date: String,
    /// `""` for a default key (docs/spec/decisions.md D-061).
    pub dkms_instance_id: String,
    /// `(DeletionProtection, DeletionProtectionDescription)`: DescribeKey only.
    pub deletion_protection: Option<(String, String)>,
}

/// One alias in a list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AliasEntry {
    /// `AliasName`, with its `alias/` prefix.
    pub alias_name: String,
    /// `AliasArn`.
    pub alias_arn: String,
    /// `KeyId` the alias points at.
    pub key_id: String,
}

/// One row of ListTagResources: a tag of a resource.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct TagRow {
    /// `ResourceId`: the key id (or secret name).
    pub resource_id: String,
    /// `TagKey`.
    pub tag_key: String,
    /// `TagValue`.
    pub tag_value: String,
    /// `ResourceType`: `key` or `secret`.
    pub resource_type: &'static str,
}

/// One key version, as CreateKeyVersion, DescribeKeyVersion and ListKeyVersions answer it
/// (docs/spec/keys-v2.md §2.5-§2.7).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyVersionEntry {
    /// `KeyId`: the resolved key id.
    pub key_id: String,
    /// `KeyVersionId`.
    pub key_version_id: String,
    /// `CreationDate`, UTC.
    pub creation_date: String,
}

/// A successful answer.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
#[allow(
    missing_docs,
    reason = "fields are the response fields of the same name"
)]
pub enum Response {
    /// DescribeRegions.
    Regions { region_ids: Vec<String> },
    /// ListKeys: `(KeyId, KeyArn)` pairs.
    Keys {
        keys: Vec<(String, String)>,
        page: PageInfo,
    },
    /// CreateKey and DescribeKey.
    KeyMetadata(Box<KeyMetadata>),
    /// APIs that answer only a RequestId.
    Empty,
    /// GetParametersForImport.
    ImportParameters {
        key_id: String,
        import_token: Secret,
        public_key: String,
        token_expire_time: String,
    },
    /// Encrypt and AsymmetricEncrypt; and ReEncrypt, whose `KeyId` and `KeyVersionId` are the source key and version
    /// (docs/spec/decisions.md D-116).
    Encrypted {
        key_id: String,
        key_version_id: String,
        ciphertext_blob: String,
    },
    /// GenerateDataKey (with `plaintext`) and GenerateDataKeyWithoutPlaintext (without).
    DataKey {
        key_id: String,
        key_version_id: String,
        ciphertext_blob: String,
        plaintext: Option<Secret>,
    },
    /// Decrypt and AsymmetricDecrypt (whose `Plaintext` is the Base64 of the decrypted bytes,
    /// docs/spec/keys-v2.md §3.2).
    Decrypted {
        key_id: String,
        key_version_id: String,
        plaintext: Secret,
    },
    /// ListAliases and ListAliasesByKeyId.
    Aliases {
        aliases: Vec<AliasEntry>,
        page: PageInfo,
    },
    /// ListResourceTags.
    Tags {
        key_id: String,
        tags: Vec<(String, String)>,
    },
    /// ListTagResources: one page of rows; `next_token` is `""` on the last page.
    TagResources {
        rows: Vec<TagRow>,
        next_token: String,
    },
    /// CreateKeyVersion and DescribeKeyVersion.
    KeyVersion(KeyVersionEntry),
    /// ListKeyVersions.
    KeyVersions {
        versions: Vec<KeyVersionEntry>,
        page: PageInfo,
    },
    /// AsymmetricSign: `value` is the Base64 signature (docs/spec/keys-v2.md §3.7.3).
    Signed {
        key_id: String,
        key_version_id: String,
        value: String,
    },
    /// AsymmetricVerify: `Value` is a JSON boolean (docs/spec/keys-v2.md §3.2, D-111).
    Verified {
        key_id: String,
        key_version_id: String,
        value: bool,
    },
    /// GetPublicKey: the PEM SubjectPublicKeyInfo (docs/spec/keys-v2.md §3.5, D-113).
    PublicKey {
        key_id: String,
        key_version_id: String,
        public_key: String,
    },
    /// ExportDataKey: the key and version that decrypted the blob, and the data key wrapped
    /// under the caller's public key (Base64; docs/spec/decisions.md D-117).
    ExportedDataKey {
        key_id: String,
        key_version_id: String,
        exported_data_key: String,
    },
    /// GenerateAndExportDataKey: the data key sealed under the key's primary version and
    /// wrapped under the caller's public key (docs/spec/keys-v2.md §4.3).
    GeneratedAndExported {
        key_id: String,
        key_version_id: String,
        ciphertext_blob: String,
        exported_data_key: String,
    },
    /// CreateSecret.
    SecretCreated {
        arn: String,
        secret_name: String,
        version_id: String,
        secret_type: String,
        /// The fields of a secret that is not Generic.
        rotation: Option<RotationView>,
    },
    /// RotateSecret (docs/spec/secrets.md §4.12).
    SecretRotated {
        arn: String,
        secret_name: String,
        version_id: String,
    },
    /// GetSecretValue.
    SecretValue(Box<SecretValue>),
    /// BatchGetSecretValue: both lists are plain arrays (docs/spec/secrets.md §4.3).
    SecretValues {
        values: Vec<SecretValue>,
        errors: Vec<SecretError>,
    },
    /// PutSecretValue.
    SecretVersionPut {
        secret_name: String,
        version_id: String,
        version_stages: Vec<String>,
    },
    /// UpdateSecretVersionStage, UpdateSecret, RestoreSecret, UpdateSecretRotationPolicy.
    SecretName { secret_name: String },
    /// ListSecretVersionIds.
    SecretVersions {
        secret_name: String,
        versions: Vec<SecretVersionEntry>,
        page: PageInfo,
    },
    /// DescribeSecret.
    SecretDescription(Box<SecretDescription>),
    /// ListSecrets.
    Secrets {
        secrets: Vec<SecretDescription>,
        page: PageInfo,
    },
    /// DeleteSecret.
    SecretDeleted {
        secret_name: String,
        planned_delete_time: String,
    },
    /// GetRandomPassword.
    RandomPassword { password: Secret },
}

impl Response {
    /// The JSON body without `RequestId`. This is the one place where the response field
    /// names are spelled; it exposes secrets (plaintexts, tokens) because the client asked for
    /// them, so it must only ever be sent to that client.
    pub fn body(&self) -> Map<String, Value> {
        let value = match self {
            Response::Regions { region_ids } => json!({
                "Regions": {"Region": region_ids.iter().map(|r| json!({"RegionId": r})).collect::<Vec<_>>()}
            }),
            Response::Keys { keys, page } => {
                let mut v = json!({
                    "Keys": {"Key": keys.iter().map(|(id, arn)| json!({"KeyId": id, "KeyArn": arn})).collect::<Vec<_>>()}
                });
                add_page(&mut v, page);
                v
            }
            Response::KeyMetadata(m) => json!({"KeyMetadata": key_metadata(m)}),
            Response::Empty => json!({}),
            Response::ImportParameters {
                key_id,
                import_token,
                public_key,
                token_expire_time,
            } => {
                json!({
                    "KeyId": key_id,
                    "ImportToken": import_token.expose(),
                    "PublicKey": public_key,
                    "TokenExpireTime": token_expire_time,
                })
            }
            Response::Encrypted {
                key_id,
                key_version_id,
                ciphertext_blob,
            } => json!({
                "KeyId": key_id, "KeyVersionId": key_version_id, "CiphertextBlob": ciphertext_blob,
            }),
            Response::DataKey {
                key_id,
                key_version_id,
                ciphertext_blob,
                plaintext,
            } => {
                let mut v = json!({
                    "KeyId": key_id, "KeyVersionId": key_version_id, "CiphertextBlob": ciphertext_blob,
                });
                if let (Some(p), Some(obj)) = (plaintext, v.as_object_mut()) {
                    obj.insert("Plaintext".into(), Value::String(p.expose().to_owned()));
                }
                v
            }
            Response::Decrypted {
                key_id,
                key_version_id,
                plaintext,
            } => json!({
                "KeyId": key_id, "KeyVersionId": key_version_id, "Plaintext": plaintext.expose(),
            }),
            Response::Aliases { aliases, page } => {
                let mut v = json!({
                    "Aliases": {"Alias": aliases.iter().map(|a| json!({
                        "AliasName": a.alias_name, "AliasArn": a.alias_arn, "KeyId": a.key_id,
                    })).collect::<Vec<_>>()}
                });
                add_page(&mut v, page);
                v
            }
            Response::Tags { key_id, tags } => json!({
                "Tags": {"Tag": tags.iter().map(|(k, v)| json!({"KeyId": key_id, "TagKey": k, "TagValue": v})).collect::<Vec<_>>()}
            }),
            Response::TagResources { rows, next_token } => json!({
                "NextToken": next_token,
                "TagResources": {"TagResource": rows.iter().map(|r| json!({
                    "ResourceType": r.resource_type,
                    "ResourceId": r.resource_id,
                    "TagKey": r.tag_key,
                    "TagValue": r.tag_value,
                })).collect::<Vec<_>>()}
            }),
            Response::KeyVersion(v) => json!({"KeyVersion": key_version(v)}),
            Response::Signed {
                key_id,
                key_version_id,
                value,
            } => json!({"KeyId": key_id, "KeyVersionId": key_version_id, "Value": value}),
            Response::Verified {
                key_id,
                key_version_id,
                value,
            } => json!({"KeyId": key_id, "KeyVersionId": key_version_id, "Value": value}),
            Response::PublicKey {
                key_id,
                key_version_id,
                public_key,
            } => json!({"KeyId": key_id, "KeyVersionId": key_version_id, "PublicKey": public_key}),
            Response::KeyVersions { versions, page } => {
                let mut v = json!({
                    "KeyVersions": {"KeyVersion": versions.iter().map(key_version).collect::<Vec<_>>()}
                });
                add_page(&mut v, page);
                v
            }
            Response::ExportedDataKey {
                key_id,
                key_version_id,
                exported_data_key,
            } => json!({
                "KeyId": key_id, "KeyVersionId": key_version_id, "ExportedDataKey": exported_data_key,
            }),
            Response::GeneratedAndExported {
                key_id,
                key_version_id,
                ciphertext_blob,
                exported_data_key,
            } => json!({
                "KeyId": key_id,
                "KeyVersionId": key_version_id,
                "CiphertextBlob": ciphertext_blob,
                "ExportedDataKey": exported_data_key,
            }),
            Response::SecretCreated {
                arn,
                secret_name,
                version_id,
                secret_type,
                rotation,
            } => {
                let mut v = json!({
                    "Arn": arn, "SecretName": secret_name, "VersionId": version_id,
                    "SecretType": secret_type,
                });
                if let (Some(r), Some(m)) = (rotation, v.as_object_mut()) {
                    r.add_to(m);
                }
                v
            }
            Response::SecretRotated {
                arn,
                secret_name,
                version_id,
            } => json!({"Arn": arn, "SecretName": secret_name, "VersionId": version_id}),
            Response::SecretValue(v) => secrets::value(v),
            Response::SecretValues { values, errors } => json!({
                "SecretValues": values.iter().map(secrets::value).collect::<Vec<_>>(),
                "Errors": errors.iter().map(secrets::error).collect::<Vec<_>>(),
            }),
            Response::SecretVersionPut {
                secret_name,
                version_id,
                version_stages,
            } => json!({
                "SecretName": secret_name, "VersionId": version_id,
                "VersionStages": secrets::stages(version_stages),
            }),
            Response::SecretName { secret_name } => json!({"SecretName": secret_name}),
            Response::SecretVersions {
                secret_name,
                versions,
                page,
            } => {
                let mut v = json!({
                    "SecretName": secret_name,
                    "VersionIds": {"VersionId": versions.iter().map(secrets::version).collect::<Vec<_>>()},
                });
                add_page(&mut v, page);
                v
            }
            Response::SecretDescription(d) => secrets::description(d),
            Response::Secrets {
                secrets: list,
                page,
            } => {
                let mut v = json!({
                    "SecretList": {"Secret": list.iter().map(secrets::list_item).collect::<Vec<_>>()}
                });
                add_page(&mut v, page);
                v
            }
            Response::SecretDeleted {
                secret_name,
                planned_delete_time,
            } => json!({"SecretName": secret_name, "PlannedDeleteTime": planned_delete_time}),
            Response::RandomPassword { password } => {
                json!({"RandomPassword": password.expose()})
            }
        };
        match value {
            Value::Object(map) => map,
            _ => Map::new(),
        }
    }
}

fn add_page(v: &mut Value, page: &PageInfo) {
    if let Some(obj) = v.as_object_mut() {
        obj.insert("TotalCount".into(), json!(page.total_count));
        obj.insert("PageNumber".into(), json!(page.page_number));
        obj.insert("PageSize".into(), json!(page.page_size));
    }
}

fn key_version(v: &KeyVersionEntry) -> Value {
    json!({"KeyId": v.key_id, "KeyVersionId": v.key_version_id, "CreationDate": v.creation_date})
}

fn key_metadata(m: &KeyMetadata) -> Value {
    let mut v = json!({
        "KeyId": m.key_id,
        "Arn": m.arn,
        "KeyState": m.key_state,
        "KeySpec": m.key_spec,
        "KeyUsage": m.key_usage,
        "Origin": m.origin,
        "ProtectionLevel": m.protection_level,
        "Description": m.description,
        "CreationDate": m.creation_date,
        "Creator": m.creator,
        "DeleteDate": m.delete_date,
        "MaterialExpireTime": m.material_expire_time,
        "LastRotationDate": m.last_rotation_date,
        "AutomaticRotation": m.automatic_rotation,
        "DKMSInstanceId": m.dkms_instance_id,
    });
    if let (Some(primary), Some(obj)) = (&m.primary_key_version, v.as_object_mut()) {
        obj.insert("PrimaryKeyVersion".into(), json!(primary));
    }
    // Only DescribeKey's schema has the deletion protection (docs/spec/kms-api.md §2.1).
    if let (Some((protection, description)), Some(obj)) =
        (&m.deletion_protection, v.as_object_mut())
    {
        obj.insert("DeletionProtection".into(), json!(protection));
        obj.insert("DeletionProtectionDescription".into(), json!(description));
    }
    // Rotation details appear only when rotation is configured (docs/spec/kms-api.md §2.1).
    if m.automatic_rotation != "Disabled"
        && let Some(obj) = v.as_object_mut()
    {
        obj.insert("RotationInterval".into(), json!(m.rotation_interval));
        obj.insert("NextRotationDate".into(), json!(m.next_rotation_date));
    }
    v
}
