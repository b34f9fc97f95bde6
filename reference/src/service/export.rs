//! ExportDataKey and GenerateAndExportDataKey: a data key wrapped under a public key the
//! caller supplies (docs/spec/keys-v2.md §4.2, §4.3; docs/spec/decisions.md D-117, D-118).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use crate::api::Api;
use crate::crypto::asymmetric::{PublicKey, parse_public_key_blob};
use crate::error::KmsError;
use crate::request::{EncryptionContext, GenerateDataKey, PublicKeyWrapping};
use crate::response::Response;
use crate::secret::Secret;
use crate::service::Call;
use crate::service::crypto_ops::{asymmetric_error, data_key_len};

/// The sizes a data key may have (`NumberOfBytes`, docs/spec/keys-v2.md §4.3).
const DATA_KEY_BYTES: std::ops::RangeInclusive<usize> = 1..=1024;

impl Call<'_> {
    pub(super) fn export_data_key(
        &mut self,
        ciphertext_blob: &str,
        context: &EncryptionContext,
        wrapping: &PublicKeyWrapping,
    ) -> Result<Response, KmsError> {
        let (public_key, max) = wrapping_key(wrapping)?;
        let opened = self.open_blob(Api::ExportDataKey, ciphertext_blob, context)?;
        // The blob holds the Base64 text of a data key (D-030); the raw key is wrapped (D-117).
        let text = Secret::new(String::from_utf8(opened.plaintext).unwrap_or_default());
        let data_key = STANDARD
            .decode(text.expose())
            .ok()
            .filter(|k| DATA_KEY_BYTES.contains(&k.len()))
            .ok_or_else(|| {
                KmsError::invalid_parameter(
                    "CiphertextBlob",
                    "it does not hold a data key (the Base64 text of 1 to 1024 bytes)",
                )
            })?;
        if data_key.len() > max {
            return Err(too_long("CiphertextBlob", data_key.len(), max));
        }
        let exported_data_key = self.wrap(&public_key, wrapping, &data_key)?;
        Ok(Response::ExportedDataKey {
            key_id: opened.key_id,
            key_version_id: opened.key_version_id,
            exported_data_key,
        })
    }

    pub(super) fn generate_and_export_data_key(
        &mut self,
        r: &GenerateDataKey,
        wrapping: &PublicKeyWrapping,
    ) -> Result<Response, KmsError> {
        let len = data_key_len(r)?;
        let (public_key, max) = wrapping_key(wrapping)?;
        if len > max {
            return Err(too_long("NumberOfBytes", len, max));
        }
        let made = self.new_data_key(Api::GenerateAndExportDataKey, r, len)?;
        let exported_data_key = self.wrap(&public_key, wrapping, &made.data_key)?;
        Ok(Response::GeneratedAndExported {
            key_id: made.key_id,
            key_version_id: made.key_version_id,
            ciphertext_blob: made.ciphertext_blob,
            exported_data_key,
        })
    }

    /// `data_key` encrypted under the caller's public key, Base64; the OAEP seed comes from the
    /// injected randomness.
    fn wrap(
        &self,
        public_key: &PublicKey,
        wrapping: &PublicKeyWrapping,
        data_key: &[u8],
    ) -> Result<String, KmsError> {
        let wrapped = public_key
            .encrypt(wrapping.algorithm, data_key, self.rng)
            .map_err(|e| asymmetric_error(&e, "WrappingAlgorithm"))?;
        Ok(STANDARD.encode(wrapped))
    }
}

/// The caller's public key, and the largest data key it can carry: `PublicKeyBlob` must be a
/// key of the `WrappingKeySpec` (D-118; EC_SM2 and SM2PKE are unsupported, D-114), and the
/// `WrappingAlgorithm` must fit it (D-110). Checked before any key is looked at.
fn wrapping_key(wrapping: &PublicKeyWrapping) -> Result<(PublicKey, usize), KmsError> {
    let public_key = parse_public_key_blob(&wrapping.public_key_blob, wrapping.key_spec)
        .map_err(|e| asymmetric_error(&e, "PublicKeyBlob"))?;
    let max = public_key
        .max_plaintext(wrapping.algorithm)
        .map_err(|e| asymmetric_error(&e, "WrappingAlgorithm"))?;
    Ok((public_key, max))
}

/// A data key longer than the wrapping algorithm takes under the public key
/// (docs/spec/decisions.md D-132).
fn too_long(param: &str, len: usize, max: usize) -> KmsError {
    KmsError::invalid_parameter(
        param,
        &format!(
            "a data key of {len} bytes is longer than WrappingAlgorithm takes under this public \
             key ({max} bytes)"
        ),
    )
}
