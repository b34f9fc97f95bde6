//! Encrypt, GenerateDataKey, GenerateDataKeyWithoutPlaintext and Decrypt, and the symmetric
//! building blocks ReEncrypt and the export APIs share with them.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use crate::api::Api;
use crate::crypto::asymmetric::AsymmetricError;
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
        let api = if with_plaintext {
            Api::GenerateDataKey
        } else {
            Api::GenerateDataKeyWithoutPlaintext
        };
        let made = self.new_data_key(api, r, data_key_len(r)?)?;
        Ok(Response::DataKey {
            key_id: made.key_id,
            key_version_id: made.key_version_id,
            ciphertext_blob: made.ciphertext_blob,
            plaintext: with_plaintext.then(|| Secret::new(STANDARD.encode(&made.data_key))),
        })
    }

    /// Draws a data key of `len` bytes and seals its Base64 text under the primary version of
    /// `r.key_id`, as the real service does (docs/spec/kms-api.md §3, docs/spec/decisions.md D-030).
    pub(super) fn new_data_key(
        &mut self,
        api: Api,
        r: &GenerateDataKey,
        len: usize,
    ) -> Result<NewDataKey, KmsError> {
        // Check the key before drawing the data key, so a refused call consumes no randomness.
        self.crypto_key(api, &r.key_id)?;
        let mut data_key = vec![0u8; len];
        self.rng.fill(&mut data_key);
        let text = Secret::new(STANDARD.encode(&data_key));
        let (key_id, key_version_id, ciphertext_blob) = self.seal_with(
            api,
            &r.key_id,
            text.expose().as_bytes(),
            &r.encryption_context,
        )?;
        Ok(NewDataKey {
            key_id,
            key_version_id,
            ciphertext_blob,
            data_key,
        })
    }

    pub(super) fn decrypt(
        &mut self,
        ciphertext_blob: &str,
        context: &EncryptionContext,
    ) -> Result<Response, KmsError> {
        let opened = self.open_blob(Api::Decrypt, ciphertext_blob, context)?;
        let plaintext = String::from_utf8(opened.plaintext)
            .map_err(|_| blob_error(CiphertextError::AuthenticationFailed))?;
        Ok(Response::Decrypted {
            key_id: opened.key_id,
            key_version_id: opened.key_version_id,
            plaintext: Secret::new(plaintext),
        })
    }

    /// Decrypts a symmetric `CiphertextBlob` for `api` (Decrypt, ReEncrypt, ExportDataKey):
    /// the key is found through the blob's version, which decrypts it, primary or not
    /// (keys-v2.md §2.3), once the key passed the state check and `context` authenticates.
    pub(super) fn open_blob(
        &mut self,
        api: Api,
        ciphertext_blob: &str,
        context: &EncryptionContext,
    ) -> Result<Opened, KmsError> {
        validate::require("CiphertextBlob", ciphertext_blob)?;
        let blob = decode_blob(ciphertext_blob).map_err(blob_error)?;
        let key_id = self
            .store
            .key_id_for_version(blob.key_version_id())
            .ok_or_else(|| blob_error(CiphertextError::UnknownKeyVersion))?
            .to_owned();
        let key = self.key_by_id_for(api, &key_id)?;
        require_symmetric(api, key)?;
        let version = key
            .version(blob.key_version_id())
            .ok_or_else(|| blob_error(CiphertextError::UnknownKeyVersion))?;
        let material = version_material(version)?;
        let plaintext = crypto::open(&material.0, &key.id, &blob, context).map_err(blob_error)?;
        Ok(Opened {
            key_id: key.id.clone(),
            key_version_id: blob.key_version_id().to_owned(),
            plaintext,
        })
    }

    /// The key for a cryptographic call: resolved, in a usable state, symmetric.
    fn crypto_key(&mut self, api: Api, key_ref: &str) -> Result<&Key, KmsError> {
        let key = self.key_for(api, key_ref)?;
        require_symmetric(api, key)?;
        Ok(key)
    }

    /// Seals `plaintext` under the primary version of the key; `(KeyId, KeyVersionId, blob)`.
    pub(super) fn seal_with(
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

/// A data key just made: where it is sealed, and its bytes (a secret: never logged or
/// recorded).
pub(super) struct NewDataKey {
    pub(super) key_id: String,
    pub(super) key_version_id: String,
    pub(super) ciphertext_blob: String,
    pub(super) data_key: Vec<u8>,
}

/// A symmetric blob opened: the key and version that sealed it, and what it held (a secret).
pub(super) struct Opened {
    pub(super) key_id: String,
    pub(super) key_version_id: String,
    pub(super) plaintext: Vec<u8>,
}

/// The length of the data key GenerateDataKey and GenerateAndExportDataKey make:
/// `NumberOfBytes` (1 to 1024) wins over `KeySpec`; with neither, 32 bytes.
pub(super) fn data_key_len(r: &GenerateDataKey) -> Result<usize, KmsError> {
    Ok(match (r.number_of_bytes, r.key_spec) {
        (Some(n), _) if DATA_KEY_BYTES.contains(&n) => usize::try_from(n).unwrap_or(32),
        (Some(_), _) => {
            return Err(KmsError::invalid_parameter(
                "NumberOfBytes",
                "must be between 1 and 1024",
            ));
        }
        (None, Some(DataKeySpec::Aes128)) => 16,
        (None, Some(DataKeySpec::Aes256) | None) => 32,
    })
}

/// Symmetric cryptography refuses an asymmetric key: `UnsupportedOperation` for Encrypt,
/// GenerateDataKey and Decrypt (docs/spec/decisions.md D-034), `Rejected.UnsupportedOperation`
/// for the APIs of docs/spec/keys-v2.md §4 (D-109).
fn require_symmetric(api: Api, key: &Key) -> Result<(), KmsError> {
    if key.spec.is_symmetric() {
        return Ok(());
    }
    let code = match api {
        Api::ReEncrypt | Api::ExportDataKey | Api::GenerateAndExportDataKey => {
            ErrorCode::RejectedUnsupportedOperation
        }
        _ => ErrorCode::UnsupportedOperation,
    };
    Err(KmsError::with_message(
        code,
        format!("{api} needs a symmetric key; this key is `{}`", key.spec),
    ))
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

/// How a refusal of the asymmetric layer reaches the client, about the value of `param`:
/// SM2 is `UnsupportedOperation` (docs/spec/decisions.md D-114), a failure of the underlying
/// library `InternalFailure`, anything else `InvalidParameter` naming `param` (D-110, D-118).
/// The layer's messages carry no key material, plaintext or digest.
pub(super) fn asymmetric_error(e: &AsymmetricError, param: &str) -> KmsError {
    match e {
        AsymmetricError::Unsupported => KmsError::with_message(
            ErrorCode::UnsupportedOperation,
            format!("{param}: SM2 is not supported by the reference"),
        ),
        AsymmetricError::Internal => ErrorCode::InternalFailure.into(),
        other => KmsError::invalid_parameter(param, &other.to_string()),
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
