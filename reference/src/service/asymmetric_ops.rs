//! AsymmetricEncrypt, AsymmetricDecrypt, AsymmetricSign, AsymmetricVerify and GetPublicKey
//! (docs/spec/keys-v2.md §3.7): the key pair of one named version of an asymmetric key.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use crate::api::Api;
use crate::crypto::asymmetric::{
    AsymmetricError, KeyPair, check_fits, decode_base64, decode_digest,
};
use crate::error::{ErrorCode, KmsError};
use crate::request::{AsymmetricAlgorithm, KeyUsage};
use crate::response::Response;
use crate::secret::Secret;
use crate::service::Call;
use crate::service::validate::require;

impl Call<'_> {
    pub(super) fn asymmetric_encrypt(
        &mut self,
        key_ref: &str,
        key_version_id: &str,
        algorithm: AsymmetricAlgorithm,
        plaintext: &Secret,
    ) -> Result<Response, KmsError> {
        present(&[
            ("KeyId", key_ref),
            ("KeyVersionId", key_version_id),
            ("Plaintext", plaintext.expose()),
        ])?;
        let rng = self.rng;
        let usage = KeyUsage::EncryptDecrypt;
        let (key_id, pair) =
            self.key_pair_for(Api::AsymmetricEncrypt, key_ref, key_version_id, Some(usage))?;
        fits(pair, usage, algorithm)?;
        let plaintext = decode_base64(plaintext.expose()).map_err(|e| refused(e, "Plaintext"))?;
        let ciphertext = pair
            .public_key()
            .encrypt(algorithm, &plaintext, rng)
            .map_err(|e| refused(e, "Plaintext"))?;
        Ok(Response::Encrypted {
            key_id,
            key_version_id: key_version_id.to_owned(),
            ciphertext_blob: STANDARD.encode(ciphertext),
        })
    }

    pub(super) fn asymmetric_decrypt(
        &mut self,
        key_ref: &str,
        key_version_id: &str,
        algorithm: AsymmetricAlgorithm,
        ciphertext_blob: &str,
    ) -> Result<Response, KmsError> {
        present(&[
            ("KeyId", key_ref),
            ("KeyVersionId", key_version_id),
            ("CiphertextBlob", ciphertext_blob),
        ])?;
        let rng = self.rng;
        let usage = KeyUsage::EncryptDecrypt;
        let (key_id, pair) =
            self.key_pair_for(Api::AsymmetricDecrypt, key_ref, key_version_id, Some(usage))?;
        fits(pair, usage, algorithm)?;
        let ciphertext =
            decode_base64(ciphertext_blob).map_err(|e| refused(e, "CiphertextBlob"))?;
        let plaintext = pair
            .decrypt(algorithm, &ciphertext, rng)
            .map_err(|e| refused(e, "CiphertextBlob"))?;
        Ok(Response::Decrypted {
            key_id,
            key_version_id: key_version_id.to_owned(),
            plaintext: Secret::new(STANDARD.encode(plaintext)),
        })
    }

    pub(super) fn asymmetric_sign(
        &mut self,
        key_ref: &str,
        key_version_id: &str,
        algorithm: AsymmetricAlgorithm,
        digest: &str,
    ) -> Result<Response, KmsError> {
        present(&[
            ("KeyId", key_ref),
            ("KeyVersionId", key_version_id),
            ("Digest", digest),
        ])?;
        let rng = self.rng;
        let usage = KeyUsage::SignVerify;
        let (key_id, pair) =
            self.key_pair_for(Api::AsymmetricSign, key_ref, key_version_id, Some(usage))?;
        fits(pair, usage, algorithm)?;
        let digest = decode_digest(digest).map_err(|e| refused(e, "Digest"))?;
        let signature = pair
            .sign(algorithm, &digest, rng)
            .map_err(|e| refused(e, "Digest"))?;
        Ok(Response::Signed {
            key_id,
            key_version_id: key_version_id.to_owned(),
            value: STANDARD.encode(signature),
        })
    }

    pub(super) fn asymmetric_verify(
        &mut self,
        key_ref: &str,
        key_version_id: &str,
        algorithm: AsymmetricAlgorithm,
        digest: &str,
        value: &str,
    ) -> Result<Response, KmsError> {
        present(&[
            ("KeyId", key_ref),
            ("KeyVersionId", key_version_id),
            ("Digest", digest),
            ("Value", value),
        ])?;
        let usage = KeyUsage::SignVerify;
        let (key_id, pair) =
            self.key_pair_for(Api::AsymmetricVerify, key_ref, key_version_id, Some(usage))?;
        fits(pair, usage, algorithm)?;
        let digest = decode_digest(digest).map_err(|e| refused(e, "Digest"))?;
        let signature = decode_base64(value).map_err(|e| refused(e, "Value"))?;
        // A signature that does not verify, malformed DER included, is `false` (D-111).
        let verified = pair
            .public_key()
            .verify(algorithm, &digest, &signature)
            .map_err(|e| refused(e, "Digest"))?;
        Ok(Response::Verified {
            key_id,
            key_version_id: key_version_id.to_owned(),
            value: verified,
        })
    }

    pub(super) fn get_public_key(
        &mut self,
        key_ref: &str,
        key_version_id: &str,
    ) -> Result<Response, KmsError> {
        present(&[("KeyId", key_ref), ("KeyVersionId", key_version_id)])?;
        let (key_id, pair) = self.key_pair_for(Api::GetPublicKey, key_ref, key_version_id, None)?;
        let public_key = pair
            .public_key()
            .to_pem()
            .map_err(|_| KmsError::new(ErrorCode::InternalFailure))?;
        Ok(Response::PublicKey {
            key_id,
            key_version_id: key_version_id.to_owned(),
            public_key,
        })
    }

    /// The resolved key id and the key pair of version `key_version_id` of the key `key_ref`,
    /// in this order of checks: the key resolves (id, alias or ARN, D-103) and its state
    /// allows `api` (D-130, D-107); it is asymmetric and, when the call needs one, of `usage`
    /// (`Rejected.UnsupportedOperation`, D-109); it holds the version
    /// (`Forbidden.KeyVersionNotFound`, D-110).
    fn key_pair_for(
        &mut self,
        api: Api,
        key_ref: &str,
        key_version_id: &str,
        usage: Option<KeyUsage>,
    ) -> Result<(String, &KeyPair), KmsError> {
        let key = self.key_for(api, key_ref)?;
        if key.spec.is_symmetric() {
            return Err(KmsError::with_message(
                ErrorCode::RejectedUnsupportedOperation,
                format!(
                    "Unsupported operation: {api} needs an asymmetric key; this key is `{}`.",
                    key.spec
                ),
            ));
        }
        if let Some(usage) = usage.filter(|u| *u != key.usage) {
            return Err(KmsError::with_message(
                ErrorCode::RejectedUnsupportedOperation,
                format!(
                    "Unsupported operation: {api} needs a key with KeyUsage `{usage}`; this key is `{}`.",
                    key.usage
                ),
            ));
        }
        let pair = key
            .version(key_version_id)
            .ok_or(KmsError::new(ErrorCode::ForbiddenKeyVersionNotFound))?
            .material
            .key_pair()
            .ok_or(KmsError::new(ErrorCode::InternalFailure))?;
        Ok((key.id.clone(), pair))
    }
}

/// The presence checks of a wire request, in the description's order, for a typed request
/// made in process (`MissingParameter`, docs/spec/decisions.md D-110).
fn present(params: &[(&str, &str)]) -> Result<(), KmsError> {
    params
        .iter()
        .try_for_each(|(name, value)| require(name, value))
}

/// The `Algorithm` check, before any payload is looked at: SM2 is `UnsupportedOperation`
/// (D-114), an algorithm not documented for the key's spec `InvalidParameter` (D-110).
fn fits(pair: &KeyPair, usage: KeyUsage, algorithm: AsymmetricAlgorithm) -> Result<(), KmsError> {
    check_fits(pair.spec(), usage, algorithm).map_err(|e| refused(e, "Algorithm"))
}

/// How a refusal of the asymmetric layer reaches the client; `param` is the parameter whose
/// value was being decoded. Messages carry lengths and names only, never a payload.
fn refused(e: AsymmetricError, param: &str) -> KmsError {
    match e {
        AsymmetricError::Unsupported => KmsError::with_message(
            ErrorCode::UnsupportedOperation,
            "SM2 (EC_SM2, SM2PKE, SM2DSA) is not offered by this reference region",
        ),
        AsymmetricError::NotAsymmetric(_) => ErrorCode::RejectedUnsupportedOperation.into(),
        AsymmetricError::AlgorithmMismatch { .. } => {
            KmsError::invalid_parameter("Algorithm", &e.to_string())
        }
        AsymmetricError::NotBase64 => KmsError::invalid_parameter(param, "not valid Base64"),
        AsymmetricError::DigestLength(_) => KmsError::invalid_parameter("Digest", &e.to_string()),
        AsymmetricError::PlaintextEmpty | AsymmetricError::PlaintextTooLong { .. } => {
            KmsError::invalid_parameter("Plaintext", &e.to_string())
        }
        AsymmetricError::CiphertextLength { .. } | AsymmetricError::DecryptionFailed => {
            KmsError::invalid_parameter("CiphertextBlob", &e.to_string())
        }
        AsymmetricError::InvalidPublicKey
        | AsymmetricError::InvalidPem
        | AsymmetricError::WrongKeySpec(_)
        | AsymmetricError::Internal => ErrorCode::InternalFailure.into(),
    }
}
