//! Decoding flat string parameters (the union of query and form body) into a typed
//! [`Request`]: presence (`MissingParameter`) and syntax (`InvalidParameter`), nothing more.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::api::{Api, Kind, Param, Presence};
use crate::error::{ErrorCode, KmsError};
use crate::request::{
    AsymmetricAlgorithm, CreateKey, DataKeySpec, EncryptionContext, GenerateDataKey, KeyFilter,
    KeySpec, KeyUsage, Origin, PageRequest, ProtectionLevel, PublicKeyWrapping, ReEncrypt, Request,
    ResourceType, Tag, WrappingAlgorithm, WrappingKeySpec,
};
use crate::secret::Secret;

mod secrets;

/// Longest `EncryptionContext` JSON text, in characters.
pub(super) const MAX_CONTEXT_LEN: usize = 8192;

/// Decodes the parameters of `action`: each parameter of the API's description is checked in
/// the description's order (presence, then syntax), then the typed request is built. An
/// unknown action is `InvalidParameter` naming Action.
pub fn decode_request(
    action: &str,
    params: &BTreeMap<String, String>,
) -> Result<Request, KmsError> {
    let api = Api::from_name(action).ok_or_else(|| {
        KmsError::with_message(
            ErrorCode::InvalidActionNotFound,
            "Specified api is not found, please check your url and method.",
        )
    })?;
    let p = Params(params);
    for param in api.description().params {
        p.check(param)?;
    }
    let request = match api {
        Api::DescribeRegions => Request::DescribeRegions,
        Api::ListKeys => Request::ListKeys {
            page: p.page()?,
            filters: p.filters()?,
        },
        Api::CreateKey => Request::CreateKey(CreateKey {
            description: p.optional("Description"),
            key_spec: p.choice("KeySpec", KeySpec::parse)?,
            key_usage: p.choice("KeyUsage", KeyUsage::parse)?,
            origin: p.choice("Origin", Origin::parse)?,
            protection_level: p.choice("ProtectionLevel", ProtectionLevel::parse)?,
            enable_automatic_rotation: p.boolean("EnableAutomaticRotation")?.unwrap_or(false),
            rotation_interval: p.optional("RotationInterval"),
            tags: p.tags("Tags")?.unwrap_or_default(),
            dkms_instance_id: p.non_empty("DKMSInstanceId").map(str::to_owned),
            policy: p.non_empty("Policy").map(str::to_owned),
            key_storage_mechanism: p.non_empty("KeyStorageMechanism").map(str::to_owned),
        }),
        Api::DescribeKey => Request::DescribeKey {
            key_id: p.required("KeyId")?,
        },
        Api::UpdateKeyDescription => Request::UpdateKeyDescription {
            key_id: p.required("KeyId")?,
            description: p.present("Description")?,
        },
        Api::EnableKey => Request::EnableKey {
            key_id: p.required("KeyId")?,
        },
        Api::DisableKey => Request::DisableKey {
            key_id: p.required("KeyId")?,
        },
        Api::ScheduleKeyDeletion => Request::ScheduleKeyDeletion {
            key_id: p.required("KeyId")?,
            pending_window_in_days: p
                .integer("PendingWindowInDays")?
                .ok_or_else(|| KmsError::missing_parameter("PendingWindowInDays"))?,
        },
        Api::CancelKeyDeletion => Request::CancelKeyDeletion {
            key_id: p.required("KeyId")?,
        },
        Api::GetParametersForImport => Request::GetParametersForImport {
            key_id: p.required("KeyId")?,
            wrapping_algorithm: p.required_choice("WrappingAlgorithm", WrappingAlgorithm::parse)?,
            wrapping_key_spec: p.required_choice("WrappingKeySpec", WrappingKeySpec::parse)?,
        },
        Api::ImportKeyMaterial => Request::ImportKeyMaterial {
            key_id: p.required("KeyId")?,
            encrypted_key_material: Secret::new(p.required("EncryptedKeyMaterial")?),
            import_token: Secret::new(p.required("ImportToken")?),
            key_material_expire_unix: p.integer("KeyMaterialExpireUnix")?,
        },
        Api::DeleteKeyMaterial => Request::DeleteKeyMaterial {
            key_id: p.required("KeyId")?,
        },
        Api::Encrypt => Request::Encrypt {
            key_id: p.required("KeyId")?,
            plaintext: Secret::new(p.required("Plaintext")?),
            encryption_context: p.context(CONTEXT)?,
        },
        Api::GenerateDataKey => Request::GenerateDataKey(p.generate_data_key()?),
        Api::GenerateDataKeyWithoutPlaintext => {
            Request::GenerateDataKeyWithoutPlaintext(p.generate_data_key()?)
        }
        Api::Decrypt => Request::Decrypt {
            ciphertext_blob: p.required("CiphertextBlob")?,
            encryption_context: p.context(CONTEXT)?,
        },
        Api::ListAliases => Request::ListAliases { page: p.page()? },
        Api::CreateAlias => Request::CreateAlias {
            alias_name: p.required("AliasName")?,
            key_id: p.required("KeyId")?,
        },
        Api::UpdateAlias => Request::UpdateAlias {
            alias_name: p.required("AliasName")?,
            key_id: p.required("KeyId")?,
        },
        Api::DeleteAlias => Request::DeleteAlias {
            alias_name: p.required("AliasName")?,
        },
        Api::ListAliasesByKeyId => Request::ListAliasesByKeyId {
            key_id: p.required("KeyId")?,
            page: p.page()?,
        },
        Api::TagResource => Request::TagResource {
            key_id: p.required("KeyId")?,
            tags: p
                .tags("Tags")?
                .ok_or_else(|| KmsError::missing_parameter("Tags"))?,
        },
        Api::UntagResource => Request::UntagResource {
            key_id: p.required("KeyId")?,
            tag_keys: p.string_list("TagKeys")?,
        },
        Api::ListResourceTags => Request::ListResourceTags {
            key_id: p.required("KeyId")?,
        },
        Api::TagResources => Request::TagResources {
            resource_type: p.resource_type()?,
            resource_ids: p.repeat_list("ResourceId"),
            tags: p.repeat_tags("Tag"),
        },
        Api::UntagResources => Request::UntagResources {
            resource_type: p.resource_type()?,
            resource_ids: p.repeat_list("ResourceId"),
            tag_keys: p.repeat_list("TagKey"),
            all: p.boolean("All")?,
        },
        Api::ListTagResources => Request::ListTagResources {
            resource_type: p.resource_type()?,
            resource_ids: p.repeat_list("ResourceId"),
            tags: p.repeat_tags("Tag"),
            next_token: p.non_empty("NextToken").map(str::to_owned),
        },
        Api::SetDeletionProtection => Request::SetDeletionProtection {
            protected_resource_arn: p.non_empty("ProtectedResourceArn").map(str::to_owned),
            key_id: p.non_empty("KeyId").map(str::to_owned),
            enable_deletion_protection: p
                .boolean("EnableDeletionProtection")?
                .ok_or_else(|| KmsError::missing_parameter("EnableDeletionProtection"))?,
            deletion_protection_description: p.optional("DeletionProtectionDescription"),
            kms_instance_id: p.non_empty("KmsInstanceId").map(str::to_owned),
        },
        Api::GetKeyPolicy => Request::GetKeyPolicy {
            key_id: p.required("KeyId")?,
            policy_name: p.non_empty("PolicyName").map(str::to_owned),
        },
        Api::SetKeyPolicy => Request::SetKeyPolicy {
            key_id: p.required("KeyId")?,
            policy_name: p.non_empty("PolicyName").map(str::to_owned),
            policy: p.required("Policy")?,
        },
        Api::CreateKeyVersion => Request::CreateKeyVersion {
            key_id: p.required("KeyId")?,
        },
        Api::DescribeKeyVersion => Request::DescribeKeyVersion {
            key_id: p.required("KeyId")?,
            key_version_id: p.required("KeyVersionId")?,
        },
        Api::ListKeyVersions => Request::ListKeyVersions {
            key_id: p.required("KeyId")?,
            page: p.page()?,
        },
        Api::UpdateRotationPolicy => Request::UpdateRotationPolicy {
            key_id: p.required("KeyId")?,
            enable_automatic_rotation: p
                .boolean("EnableAutomaticRotation")?
                .ok_or_else(|| KmsError::missing_parameter("EnableAutomaticRotation"))?,
            rotation_interval: p.optional("RotationInterval"),
        },
        Api::AsymmetricEncrypt => Request::AsymmetricEncrypt {
            key_id: p.required("KeyId")?,
            key_version_id: p.required("KeyVersionId")?,
            algorithm: p.algorithm()?,
            plaintext: Secret::new(p.required("Plaintext")?),
        },
        Api::AsymmetricDecrypt => Request::AsymmetricDecrypt {
            key_id: p.required("KeyId")?,
            key_version_id: p.required("KeyVersionId")?,
            algorithm: p.algorithm()?,
            ciphertext_blob: p.required("CiphertextBlob")?,
        },
        Api::AsymmetricSign => Request::AsymmetricSign {
            key_id: p.required("KeyId")?,
            key_version_id: p.required("KeyVersionId")?,
            algorithm: p.algorithm()?,
            digest: p.required("Digest")?,
        },
        Api::AsymmetricVerify => Request::AsymmetricVerify {
            key_id: p.required("KeyId")?,
            key_version_id: p.required("KeyVersionId")?,
            algorithm: p.algorithm()?,
            digest: p.required("Digest")?,
            value: p.required("Value")?,
        },
        Api::GetPublicKey => Request::GetPublicKey {
            key_id: p.required("KeyId")?,
            key_version_id: p.required("KeyVersionId")?,
        },
        Api::ReEncrypt => Request::ReEncrypt(ReEncrypt {
            ciphertext_blob: p.required("CiphertextBlob")?,
            source_key_id: p.non_empty("SourceKeyId").map(str::to_owned),
            source_key_version_id: p.non_empty("SourceKeyVersionId").map(str::to_owned),
            source_encryption_algorithm: p.choice(
                "SourceEncryptionAlgorithm",
                AsymmetricAlgorithm::parse_encryption,
            )?,
            source_encryption_context: p.context("SourceEncryptionContext")?,
            destination_key_id: p.required("DestinationKeyId")?,
            destination_encryption_context: p.context("DestinationEncryptionContext")?,
        }),
        Api::ExportDataKey => Request::ExportDataKey {
            ciphertext_blob: p.required("CiphertextBlob")?,
            encryption_context: p.context(CONTEXT)?,
            wrapping: p.wrapping()?,
        },
        Api::GenerateAndExportDataKey => Request::GenerateAndExportDataKey {
            data_key: p.generate_data_key()?,
            wrapping: p.wrapping()?,
        },
        Api::CreateSecret
        | Api::GetSecretValue
        | Api::BatchGetSecretValue
        | Api::PutSecretValue
        | Api::UpdateSecretVersionStage
        | Api::ListSecretVersionIds
        | Api::DescribeSecret
        | Api::ListSecrets
        | Api::UpdateSecret
        | Api::DeleteSecret
        | Api::RestoreSecret
        | Api::RotateSecret
        | Api::UpdateSecretRotationPolicy
        | Api::GetSecretPolicy
        | Api::SetSecretPolicy
        | Api::GetRandomPassword => p.secrets_request(api)?,
    };
    Ok(request)
}

/// The name of the `EncryptionContext` parameter.
const CONTEXT: &str = "EncryptionContext";

struct Params<'a>(&'a BTreeMap<String, String>);

impl Params<'_> {
    /// Presence and syntax of one described parameter.
    fn check(&self, param: &Param) -> Result<(), KmsError> {
        let name = param.name;
        let missing = match param.presence {
            Presence::Optional => false,
            Presence::Required if matches!(param.kind, Kind::RepeatList | Kind::RepeatTags) => {
                !self.0.iter().any(|(k, v)| param.names(k) && !v.is_empty())
            }
            Presence::Required => self.non_empty(name).is_none(),
            Presence::Present => !self.0.contains_key(name),
        };
        if missing {
            return Err(KmsError::missing_parameter(name));
        }
        match param.kind {
            Kind::Text => Ok(()),
            Kind::Integer => self.integer(name).map(drop),
            Kind::Boolean => self.boolean(name).map(drop),
            Kind::Choice(values) => match self.non_empty(name) {
                Some(v) if !values.contains(&v) => Err(KmsError::invalid_parameter(
                    name,
                    "the value is not one of the documented values",
                )),
                _ => Ok(()),
            },
            Kind::Context => self.context(name).map(drop),
            Kind::Tags => self.tags(name).map(drop),
            Kind::StringList => self.string_list(name).map(drop),
            Kind::Filters => self.filters().map(drop),
            Kind::Refused(why) => match self.non_empty(name) {
                Some(_) => Err(KmsError::invalid_parameter(name, why)),
                None => Ok(()),
            },
            Kind::RepeatList | Kind::RepeatTags => Ok(()),
        }
    }

    /// The items of the repeat list `<name>.N<suffix>`, in the order of N.
    fn numbered(&self, name: &str, suffix: &str) -> BTreeMap<u64, String> {
        self.0
            .iter()
            .filter_map(|(k, v)| {
                let rest = k.strip_prefix(name)?.strip_prefix('.')?;
                let index = rest.strip_suffix(suffix)?;
                if index.is_empty() || !index.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                Some((index.parse::<u64>().ok()?, v.clone()))
            })
            .collect()
    }

    /// The repeat list `<name>.1`, `<name>.2`, ..., in the order of N.
    fn repeat_list(&self, name: &str) -> Vec<String> {
        self.numbered(name, "").into_values().collect()
    }

    /// The repeat list of tags `<name>.N.Key` / `<name>.N.Value`; a missing half is empty.
    fn repeat_tags(&self, name: &str) -> Vec<Tag> {
        let mut keys = self.numbered(name, ".Key");
        let values = self.numbered(name, ".Value");
        for index in values.keys() {
            keys.entry(*index).or_default();
        }
        keys.into_iter()
            .map(|(index, key)| Tag {
                key,
                value: values.get(&index).cloned().unwrap_or_default(),
            })
            .collect()
    }

    /// `Algorithm` of the asymmetric calls: a documented value; whether it fits the key is the
    /// service's check (docs/spec/decisions.md D-110).
    fn algorithm(&self) -> Result<AsymmetricAlgorithm, KmsError> {
        self.required_choice("Algorithm", AsymmetricAlgorithm::parse)
    }

    fn resource_type(&self) -> Result<ResourceType, KmsError> {
        self.required_choice("ResourceType", ResourceType::parse)
    }

    /// A value that must be present and non-empty.
    fn required(&self, name: &str) -> Result<String, KmsError> {
        match self.0.get(name) {
            Some(v) if !v.is_empty() => Ok(v.clone()),
            _ => Err(KmsError::missing_parameter(name)),
        }
    }

    /// A value that must be present, possibly empty.
    fn present(&self, name: &str) -> Result<String, KmsError> {
        self.0
            .get(name)
            .cloned()
            .ok_or_else(|| KmsError::missing_parameter(name))
    }

    fn optional(&self, name: &str) -> Option<String> {
        self.0.get(name).cloned()
    }

    /// An optional value; an empty one counts as absent.
    fn non_empty(&self, name: &str) -> Option<&str> {
        self.0
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    fn integer(&self, name: &str) -> Result<Option<i64>, KmsError> {
        self.non_empty(name)
            .map(|v| {
                v.trim()
                    .parse::<i64>()
                    .map_err(|_| KmsError::invalid_parameter(name, "must be an integer"))
            })
            .transpose()
    }

    fn boolean(&self, name: &str) -> Result<Option<bool>, KmsError> {
        self.non_empty(name)
            .map(|v| match v.to_ascii_lowercase().as_str() {
                "true" => Ok(true),
                "false" => Ok(false),
                _ => Err(KmsError::invalid_parameter(
                    name,
                    "must be `true` or `false`",
                )),
            })
            .transpose()
    }

    fn choice<T: Copy + std::fmt::Display>(
        &self,
        name: &str,
        parse: fn(&str) -> Option<T>,
    ) -> Result<Option<T>, KmsError> {
        self.non_empty(name)
            .map(|v| {
                parse(v).ok_or_else(|| {
                    KmsError::invalid_parameter(
                        name,
                        "the value is not one of the documented values",
                    )
                })
            })
            .transpose()
    }

    fn required_choice<T: Copy + std::fmt::Display>(
        &self,
        name: &str,
        parse: fn(&str) -> Option<T>,
    ) -> Result<T, KmsError> {
        self.choice(name, parse)?
            .ok_or_else(|| KmsError::missing_parameter(name))
    }

    fn page(&self) -> Result<PageRequest, KmsError> {
        Ok(PageRequest {
            number: self.integer("PageNumber")?,
            size: self.integer("PageSize")?,
        })
    }

    fn json(&self, name: &str) -> Result<Option<Value>, KmsError> {
        self.non_empty(name)
            .map(|v| {
                serde_json::from_str(v)
                    .map_err(|_| KmsError::invalid_parameter(name, "must be valid JSON"))
            })
            .transpose()
    }

    /// An EncryptionContext-like parameter `name` (`EncryptionContext`, ReEncrypt's
    /// `SourceEncryptionContext` and `DestinationEncryptionContext`: one rule for all).
    fn context(&self, name: &str) -> Result<EncryptionContext, KmsError> {
        if self
            .non_empty(name)
            .is_some_and(|v| v.chars().count() > MAX_CONTEXT_LEN)
        {
            return Err(KmsError::invalid_parameter(name, "at most 8192 characters"));
        }
        let Some(value) = self.json(name)? else {
            return Ok(EncryptionContext::new());
        };
        let Value::Object(map) = value else {
            return Err(KmsError::invalid_parameter(name, "must be a JSON object"));
        };
        map.into_iter()
            .map(|(k, v)| match v {
                Value::String(s) => Ok((k, s)),
                _ => Err(KmsError::invalid_parameter(
                    name,
                    "every value must be a string",
                )),
            })
            .collect()
    }

    fn tags(&self, name: &str) -> Result<Option<Vec<Tag>>, KmsError> {
        let Some(value) = self.json(name)? else {
            return Ok(None);
        };
        let invalid = || {
            KmsError::invalid_parameter(
                name,
                "must be a JSON array of {\"TagKey\",\"TagValue\"} objects",
            )
        };
        let Value::Array(items) = value else {
            return Err(invalid());
        };
        items
            .into_iter()
            .map(|item| {
                let key = item
                    .get("TagKey")
                    .and_then(Value::as_str)
                    .ok_or_else(invalid)?;
                let value = item
                    .get("TagValue")
                    .and_then(Value::as_str)
                    .ok_or_else(invalid)?;
                Ok(Tag {
                    key: key.to_owned(),
                    value: value.to_owned(),
                })
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some)
    }

    fn string_list(&self, name: &str) -> Result<Vec<String>, KmsError> {
        let value = self
            .json(name)?
            .ok_or_else(|| KmsError::missing_parameter(name))?;
        let invalid = || KmsError::invalid_parameter(name, "must be a JSON array of strings");
        let Value::Array(items) = value else {
            return Err(invalid());
        };
        items
            .into_iter()
            .map(|v| v.as_str().map(str::to_owned).ok_or_else(invalid))
            .collect()
    }

    fn filters(&self) -> Result<Vec<KeyFilter>, KmsError> {
        const NAME: &str = "Filters";
        let Some(value) = self.json(NAME)? else {
            return Ok(Vec::new());
        };
        let invalid = || {
            KmsError::invalid_parameter(
                NAME,
                "must be a JSON array of {\"Key\",\"Values\"} objects",
            )
        };
        let Value::Array(items) = value else {
            return Err(invalid());
        };
        items
            .into_iter()
            .map(|item| {
                let key = item
                    .get("Key")
                    .and_then(Value::as_str)
                    .ok_or_else(invalid)?
                    .to_owned();
                let values = match item.get("Values") {
                    None | Some(Value::Null) => Vec::new(),
                    Some(Value::Array(vs)) => vs
                        .iter()
                        .map(|v| v.as_str().map(str::to_owned).ok_or_else(invalid))
                        .collect::<Result<_, _>>()?,
                    Some(_) => return Err(invalid()),
                };
                Ok(KeyFilter { key, values })
            })
            .collect()
    }

    fn generate_data_key(&self) -> Result<GenerateDataKey, KmsError> {
        Ok(GenerateDataKey {
            key_id: self.required("KeyId")?,
            key_spec: self.choice("KeySpec", DataKeySpec::parse)?,
            number_of_bytes: self.integer("NumberOfBytes")?,
            encryption_context: self.context(CONTEXT)?,
        })
    }

    /// `PublicKeyBlob`, `WrappingKeySpec` and `WrappingAlgorithm` of the export APIs; the
    /// service parses the blob for the spec (docs/spec/decisions.md D-118).
    fn wrapping(&self) -> Result<PublicKeyWrapping, KmsError> {
        Ok(PublicKeyWrapping {
            public_key_blob: self.required("PublicKeyBlob")?,
            key_spec: self.required_choice("WrappingKeySpec", WrappingKeySpec::parse)?,
            algorithm: self
                .required_choice("WrappingAlgorithm", AsymmetricAlgorithm::parse_encryption)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    fn params(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn unknown_action_is_not_found() {
        let e = decode_request("Encrypt2", &params(&[])).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidActionNotFound);
        assert_eq!(e.http_status(), 404);
    }

    #[test]
    fn missing_and_invalid_parameters_are_named() {
        let e = decode_request("Encrypt", &params(&[("KeyId", "k")])).unwrap_err();
        assert_eq!(
            (e.code(), e.message().contains("\"Plaintext\"")),
            (ErrorCode::MissingParameter, true)
        );
        let e = decode_request(
            "Encrypt",
            &params(&[
                ("KeyId", "k"),
                ("Plaintext", "x"),
                ("EncryptionContext", "{\"a\":1}"),
            ]),
        )
        .unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidParameter);
        assert!(e.message().contains("EncryptionContext"));
        let e = decode_request("ListKeys", &params(&[("PageSize", "ten")])).unwrap_err();
        assert!(e.message().contains("\"PageSize\""));
    }

    #[test]
    fn context_is_parsed_and_secrets_stay_out_of_messages() {
        let r = decode_request(
            "Encrypt",
            &params(&[
                ("KeyId", "k"),
                ("Plaintext", "c2VjcmV0"),
                ("EncryptionContext", "{\"b\":\"2\",\"a\":\"1\"}"),
            ]),
        )
        .unwrap();
        assert!(!format!("{r:?}").contains("c2VjcmV0"));
        let Request::Encrypt {
            encryption_context, ..
        } = r
        else {
            panic!()
        };
        assert_eq!(encryption_context.len(), 2);
    }
}
