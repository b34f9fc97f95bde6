//! Symmetric cryptography of the reference: the AES-256-GCM envelope behind Encrypt,
//! GenerateDataKey and Decrypt, and the RSA wrapping behind key import (BYOK); and the
//! asymmetric keys of the asymmetric APIs ([`asymmetric`]).

mod aad;
pub mod asymmetric;
mod blob;
mod wrapping;

use aad::aad_for;
#[cfg(test)]
use aad::canonical_context;
pub(crate) use blob::IV_LEN;
pub use blob::{CiphertextBlob, CiphertextError, decode_blob};
#[cfg(test)]
use blob::{KEY_VERSION_ID_LEN, TAG_LEN};
pub(crate) use wrapping::WrappingKey;

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};

use crate::request::EncryptionContext;

/// Length of a symmetric key's material (AES-256).
pub(crate) const MATERIAL_LEN: usize = 32;

/// Encrypts `plaintext` under `material`, binding the key, its version and the context, and
/// returns the CiphertextBlob text.
pub(crate) fn seal(
    material: &[u8; MATERIAL_LEN],
    key_id: &str,
    key_version_id: &str,
    context: &EncryptionContext,
    iv: [u8; IV_LEN],
    plaintext: &[u8],
) -> Result<String, CiphertextError> {
    let cipher = Aes256Gcm::new(&(*material).into());
    let aad = aad_for(key_id, key_version_id, context);
    let sealed = cipher
        .encrypt(
            &Nonce::from(iv),
            Payload {
                msg: plaintext,
                aad: &aad,
            },
        )
        .map_err(|_| CiphertextError::AuthenticationFailed)?;
    let blob = CiphertextBlob::new(key_version_id, iv, sealed)?;
    Ok(blob.encode())
}

/// Decrypts a decoded blob with the material of the key that owns its version. Fails with
/// [`CiphertextError::AuthenticationFailed`] when the material, key, version or context differ
/// from those used at encryption, or when any byte was changed.
pub(crate) fn open(
    material: &[u8; MATERIAL_LEN],
    key_id: &str,
    blob: &CiphertextBlob,
    context: &EncryptionContext,
) -> Result<Vec<u8>, CiphertextError> {
    let cipher = Aes256Gcm::new(&(*material).into());
    let aad = aad_for(key_id, blob.key_version_id(), context);
    cipher
        .decrypt(
            &Nonce::from(*blob.iv()),
            Payload {
                msg: blob.sealed(),
                aad: &aad,
            },
        )
        .map_err(|_| CiphertextError::AuthenticationFailed)
}

#[cfg(test)]
mod tests;
