//! ReEncrypt: decrypt a ciphertext and encrypt it again under a symmetric destination key,
//! without the plaintext leaving the service (docs/spec/keys-v2.md §4.1).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use crate::api::Api;
use crate::arn::key_id_from_arn;
use crate::crypto::asymmetric::{AsymmetricError, decode_base64};
use crate::crypto::{CiphertextError, decode_blob};
use crate::error::{ErrorCode, KmsError};
use crate::request::{KeyUsage, ReEncrypt};
use crate::response::Response;
use crate::service::Call;
use crate::service::crypto_ops::{Opened, asymmetric_error, blob_error};
use crate::values::AsymmetricAlgorithm;

impl Call<'_> {
    pub(super) fn reencrypt(&mut self, r: &ReEncrypt) -> Result<Response, KmsError> {
        let opened = match r.source_encryption_algorithm {
            None => self.open_symmetric_source(r)?,
            Some(algorithm) => self.open_asymmetric_source(r, algorithm)?,
        };
        let (_, _, ciphertext_blob) = self.seal_with(
            Api::ReEncrypt,
            &r.destination_key_id,
            &opened.plaintext,
            &r.destination_encryption_context,
        )?;
        // KeyId and KeyVersionId name the source, as documented (docs/spec/decisions.md
        // D-116); the destination version heads the new blob.
        Ok(Response::Encrypted {
            key_id: opened.key_id,
            key_version_id: opened.key_version_id,
            ciphertext_blob,
        })
    }

    /// A symmetric source: the blob's own key and version decrypt it under
    /// `SourceEncryptionContext`, and its payload is copied unchanged (D-117). `SourceKeyId`
    /// and `SourceKeyVersionId` may be left out, but must not contradict the blob (D-115).
    fn open_symmetric_source(&mut self, r: &ReEncrypt) -> Result<Opened, KmsError> {
        let blob = decode_blob(&r.ciphertext_blob).map_err(blob_error)?;
        let owner = self
            .store
            .key_id_for_version(blob.key_version_id())
            .ok_or_else(|| blob_error(CiphertextError::UnknownKeyVersion))?;
        if let Some(source) = r.source_key_id.as_deref()
            && !self.names_key(source, owner)
        {
            return Err(KmsError::invalid_parameter(
                "SourceKeyId",
                "it does not name the key of the CiphertextBlob",
            ));
        }
        if let Some(version) = r.source_key_version_id.as_deref()
            && version != blob.key_version_id()
        {
            return Err(KmsError::invalid_parameter(
                "SourceKeyVersionId",
                "it is not the key version of the CiphertextBlob",
            ));
        }
        self.open_blob(
            Api::ReEncrypt,
            &r.ciphertext_blob,
            &r.source_encryption_context,
        )
    }

    /// An asymmetric source (D-115): `SourceKeyId`, `SourceKeyVersionId` and
    /// `SourceEncryptionAlgorithm` name the private key that decrypts the Base64 ciphertext,
    /// the bare RSA-OAEP output (keys-v2.md §3.2). The decrypted bytes P continue as Base64(P),
    /// so Decrypt of the new blob answers what GenerateDataKey answered (D-117).
    fn open_asymmetric_source(
        &mut self,
        r: &ReEncrypt,
        algorithm: AsymmetricAlgorithm,
    ) -> Result<Opened, KmsError> {
        let key_ref = r
            .source_key_id
            .as_deref()
            .ok_or_else(|| KmsError::missing_parameter("SourceKeyId"))?;
        let version_id = r
            .source_key_version_id
            .as_deref()
            .ok_or_else(|| KmsError::missing_parameter("SourceKeyVersionId"))?;
        let rng = self.rng;
        let key = self.key_for(Api::ReEncrypt, key_ref)?;
        // A source key that cannot decrypt asymmetrically (D-109).
        if key.spec.is_symmetric() || key.usage != KeyUsage::EncryptDecrypt {
            return Err(KmsError::with_message(
                ErrorCode::RejectedUnsupportedOperation,
                format!(
                    "an asymmetric source needs an asymmetric ENCRYPT/DECRYPT key; this key is \
                     `{}` for `{}`",
                    key.spec, key.usage
                ),
            ));
        }
        if !algorithm.is_supported() {
            return Err(asymmetric_error(
                &AsymmetricError::Unsupported,
                "SourceEncryptionAlgorithm",
            ));
        }
        if !algorithm.fits(key.spec, key.usage) {
            return Err(KmsError::invalid_parameter(
                "SourceEncryptionAlgorithm",
                &format!("{algorithm} does not fit a key of spec {}", key.spec),
            ));
        }
        let version = key
            .version(version_id)
            .ok_or(KmsError::new(ErrorCode::ForbiddenKeyVersionNotFound))?;
        let pair = version
            .material
            .key_pair()
            .ok_or(KmsError::new(ErrorCode::InternalFailure))?;
        let plaintext = decode_base64(&r.ciphertext_blob)
            .and_then(|ciphertext| pair.decrypt(algorithm, &ciphertext, rng))
            .map_err(|e| asymmetric_error(&e, "CiphertextBlob"))?;
        Ok(Opened {
            key_id: key.id.clone(),
            key_version_id: version.id.clone(),
            plaintext: STANDARD.encode(plaintext).into_bytes(),
        })
    }

    /// Whether `key_ref` (an id, an alias or an ARN of this region and account, D-103) names
    /// the key `key_id`.
    fn names_key(&self, key_ref: &str, key_id: &str) -> bool {
        if key_ref.starts_with("alias/") {
            return self.store.alias_target(key_ref) == Some(key_id);
        }
        let id = if key_ref.starts_with("acs:") {
            key_id_from_arn(key_ref, &self.config.region, &self.config.account_id)
        } else {
            Some(key_ref)
        };
        id == Some(key_id)
    }
}

#[cfg(test)]
mod tests;
