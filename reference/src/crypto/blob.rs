//! The CiphertextBlob codec: Base64 of `KeyVersionId (36 ASCII) ‖ IV (12) ‖ ciphertext ‖ tag (16)`
//! (docs/spec/kms-api.md §3). Decoding untrusted text fails with one typed reason per way it can be wrong.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

/// Length of the KeyVersionId prefix.
pub(crate) const KEY_VERSION_ID_LEN: usize = 36;
/// Length of the GCM IV.
pub(crate) const IV_LEN: usize = 12;
/// Length of the GCM tag.
pub(crate) const TAG_LEN: usize = 16;

/// Why a CiphertextBlob cannot be decrypted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CiphertextError {
    /// The text is not standard, padded Base64.
    #[error("ciphertext blob is not valid base64")]
    NotBase64,
    /// Fewer bytes than a version id, an IV and a tag.
    #[error("ciphertext blob is too short")]
    TooShort,
    /// The first 36 bytes are not a printable-ASCII key version id.
    #[error("ciphertext blob has a malformed key version id")]
    MalformedKeyVersionId,
    /// No key in this region has the blob's key version.
    #[error("ciphertext blob names an unknown key version")]
    UnknownKeyVersion,
    /// The tag does not verify: wrong key, wrong context, or tampered bytes.
    #[error("ciphertext blob failed authentication")]
    AuthenticationFailed,
}

/// A decoded blob.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CiphertextBlob {
    key_version_id: String,
    iv: [u8; IV_LEN],
    /// GCM output: ciphertext followed by the 16-byte tag.
    sealed: Vec<u8>,
}

impl CiphertextBlob {
    /// Assembles a blob; the version id must be 36 printable ASCII characters and `sealed`
    /// must hold at least a tag.
    pub fn new(
        key_version_id: &str,
        iv: [u8; IV_LEN],
        sealed: Vec<u8>,
    ) -> Result<CiphertextBlob, CiphertextError> {
        if !is_key_version_id(key_version_id.as_bytes()) {
            return Err(CiphertextError::MalformedKeyVersionId);
        }
        if sealed.len() < TAG_LEN {
            return Err(CiphertextError::TooShort);
        }
        Ok(CiphertextBlob {
            key_version_id: key_version_id.to_owned(),
            iv,
            sealed,
        })
    }

    /// The key version that encrypted the blob.
    pub fn key_version_id(&self) -> &str {
        &self.key_version_id
    }

    /// The GCM IV.
    pub fn iv(&self) -> &[u8; IV_LEN] {
        &self.iv
    }

    /// Ciphertext followed by the tag.
    pub fn sealed(&self) -> &[u8] {
        &self.sealed
    }

    /// The raw bytes of the layout.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(KEY_VERSION_ID_LEN + IV_LEN + self.sealed.len());
        out.extend_from_slice(self.key_version_id.as_bytes());
        out.extend_from_slice(&self.iv);
        out.extend_from_slice(&self.sealed);
        out
    }

    /// The Base64 text sent as `CiphertextBlob`.
    pub fn encode(&self) -> String {
        STANDARD.encode(self.to_bytes())
    }

    /// Parses the raw bytes of the layout.
    pub fn from_bytes(bytes: &[u8]) -> Result<CiphertextBlob, CiphertextError> {
        #[cfg(feature = "planted-bug")]
        #[allow(
            clippy::indexing_slicing,
            reason = "the planted bug of fuzz/planted.sh"
        )]
        if bytes.len() > KEY_VERSION_ID_LEN && is_key_version_id(&bytes[..KEY_VERSION_ID_LEN]) {
            // Planted: reads the tag at its fixed place before checking the length, so a
            // well-formed version id followed by fewer than 28 bytes panics.
            let _tag = &bytes[KEY_VERSION_ID_LEN + IV_LEN..KEY_VERSION_ID_LEN + IV_LEN + TAG_LEN];
        }
        let (version, rest) = bytes
            .split_at_checked(KEY_VERSION_ID_LEN)
            .ok_or(CiphertextError::TooShort)?;
        let (iv, sealed) = rest
            .split_at_checked(IV_LEN)
            .ok_or(CiphertextError::TooShort)?;
        if sealed.len() < TAG_LEN {
            return Err(CiphertextError::TooShort);
        }
        let version =
            std::str::from_utf8(version).map_err(|_| CiphertextError::MalformedKeyVersionId)?;
        let iv: [u8; IV_LEN] = iv.try_into().map_err(|_| CiphertextError::TooShort)?;
        CiphertextBlob::new(version, iv, sealed.to_vec())
    }
}

/// Decodes CiphertextBlob text. This is the function the `ciphertext_decode` fuzz target calls.
pub fn decode_blob(text: &str) -> Result<CiphertextBlob, CiphertextError> {
    let bytes = STANDARD
        .decode(text.as_bytes())
        .map_err(|_| CiphertextError::NotBase64)?;
    CiphertextBlob::from_bytes(&bytes)
}

fn is_key_version_id(bytes: &[u8]) -> bool {
    bytes.len() == KEY_VERSION_ID_LEN && bytes.iter().all(|b| b.is_ascii_graphic())
}
