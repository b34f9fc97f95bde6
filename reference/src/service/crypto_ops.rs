//! Encrypt, GenerateDataKey, GenerateDataKeyWithoutPlaintext and Decrypt.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use crate::api::Api;
use crate::crypto::{self, CiphertextError, IV_LEN, decode_blob};
use crate::error::{ErrorCode, KmsError};
use crate::keystore::{Key, KeyVersion, Material, VersionMaterial};
use crate::random::random_array;
use crate::request::{DataKeySpec, EncryptionContext, GenerateDataKey};
use crate::response::Response;
use crate::secret::Secret;
use crate::service::Call;
use crate::service::validate;

/// Bounds of `NumberOfBytes`.
const DATA_KEY_BYTES: std::ops::RangeInclusive<i64> = 1..=1024;

impl Call<'_> {
    pub(super) fn encrypt(
        &mut self,
        key_id: &str,
        plaintext: &Secret,
        context: &EncryptionContext,
    ) -> Result<Response, KmsError> {
        validate::plaintext(plaintext.expose())?;
        let (key_id, key_version_id, ciphertext_blob) =
            self.seal_with(Api::Encrypt, key_id, plaintext.expose().as_bytes(), context)?;
        Ok(Response::Encrypted {
            key_id,
            key_version_id,
            ciphertext_blob,
        })
    }

    pub(super) fn generate_data_key(
        &mut self,
        r: &GenerateDataKey,
        with_plaintext: bool,
    ) -> Result<Response, KmsError> {
        let len = match (r.number_of_bytes, r.key_spec) {
            (Some(n), _) if DATA_KEY_BYTES.contains(&n) => usize::try_from(n).unwrap_or(32),
            (Some(_), _) => {
                return Err(KmsError::invalid_parameter(
                    "NumberOfBytes",
                    "must be between 1 and 1024",
                ));
            }
            (None, Some(DataKeySpec::Aes128)) => 16,
            (None, Some(DataKeySpec::Aes256) | None) => 32,
        };
        let api = if with_plaintext {
            Api::GenerateDataKey
        } else {
            Api::GenerateDataKeyWithoutPlaintext
        };
        // Check the key before drawing the data key, so a refused call consumes no randomness.
        self.crypto_key(api, &r.key_id)?;
        let mut data_key = vec![0u8; len];
        self.rng.fill(&mut data_key);
        // The blob carries the Base64 text of the data key, as the real service does (§3).
        let text = Secret::new(STANDARD.encode(&data_key));
        let (key_id, key_version_id, ciphertext_blob) = self.seal_with(
            api,
            &r.key_id,
            text.expose().as_bytes(),
            &r.encryption_context,
        )?;
        Ok(Response::DataKey {
            key_id,
            key_version_id,
            ciphertext_blob,
            plaintext: with_plaintext.then_some(text),
        })
    }

    pub(super) fn decrypt(
        &mut self,
        ciphertext_blob: &str,
        context: &EncryptionContext,
    ) -> Result<Response, KmsError> {
        validate::require("CiphertextBlob", ciphertext_blob)?;
        let blob = decode_blob(ciphertext_blob).map_err(blob_error)?;
        let key_id = self
            .store
            .key_id_for_version(blob.key_version_id())
            .ok_or_else(|| blob_error(CiphertextError::UnknownKeyVersion))?
            .to_owned();
        let key = self.key_by_id_for(Api::Decrypt, &key_id)?;
        // The version that sealed the blob decrypts it, primary or not (keys-v2.md §2.3).
        let version = key
            .version(blob.key_version_id())
            .ok_or_else(|| blob_error(CiphertextError::UnknownKeyVersion))?;
        let material = version_material(version)?;
        let plaintext = crypto::open(&material.0, &key.id, &blob, context).map_err(blob_error)?;
        let plaintext = String::from_utf8(plaintext)
            .map_err(|_| blob_error(CiphertextError::AuthenticationFailed))?;
        Ok(Response::Decrypted {
            key_id: key.id.clone(),
            key_version_id: blob.key_version_id().to_owned(),
            plaintext: Secret::new(plaintext),
        })
    }

    /// The key for a cryptographic call: resolved, in a usable state, symmetric.
    fn crypto_key(&mut self, api: Api, key_ref: &str) -> Result<&Key, KmsError> {
        let key = self.key_for(api, key_ref)?;
        if !key.spec.is_symmetric() {
            return Err(KmsError::with_message(
                ErrorCode::UnsupportedOperation,
                format!("{api} needs a symmetric key; this key is `{}`", key.spec),
            ));
        }
        Ok(key)
    }

    /// Seals `plaintext` under the primary version of the key; `(KeyId, KeyVersionId, blob)`.
    fn seal_with(
        &mut self,
        api: Api,
        key_ref: &str,
        plaintext: &[u8],
        context: &EncryptionContext,
    ) -> Result<(String, String, String), KmsError> {
        let iv: [u8; IV_LEN] = random_array(self.rng);
        let key = self.crypto_key(api, key_ref)?;
        let primary = key
            .primary_version()
            .ok_or(KmsError::new(ErrorCode::InternalFailure))?;
        let material = version_material(primary)?;
        let blob = crypto::seal(&material.0, &key.id, &primary.id, context, iv, plaintext)
            .map_err(|_| KmsError::new(ErrorCode::InternalFailure))?;
        Ok((key.id.clone(), primary.id.clone(), blob))
    }
}

/// The symmetric material of a version: an EXTERNAL key's version without imported material
/// is `Rejected.PendingImport`; an asymmetric version has none for symmetric cryptography.
fn version_material(version: &KeyVersion) -> Result<&Material, KmsError> {
    match &version.material {
        VersionMaterial::Symmetric(m) => Ok(m),
        VersionMaterial::NotImported => Err(ErrorCode::RejectedPendingImport.into()),
        VersionMaterial::Asymmetric(_) => Err(KmsError::with_message(
            ErrorCode::UnsupportedOperation,
            "symmetric cryptography needs a symmetric key",
        )),
    }
}

/// How a blob problem reaches the client (docs/spec/decisions.md D-031): an unknown version is
/// `Forbidden.KeyNotFound`, anything else `InvalidParameter` on CiphertextBlob.
pub(super) fn blob_error(e: CiphertextError) -> KmsError {
    match e {
        CiphertextError::UnknownKeyVersion => ErrorCode::ForbiddenKeyNotFound.into(),
        other => KmsError::invalid_parameter("CiphertextBlob", &other.to_string()),
    }
}
