//! The typed failures of the asymmetric layer; the service maps them to Alibaba codes.

use crate::values::{AsymmetricAlgorithm, KeySpec};

/// Why an asymmetric operation or decoding was refused. No variant carries key material,
/// plaintext or a digest.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AsymmetricError {
    /// An SM2 spec or algorithm: recognised, never implemented (D-114).
    /// Maps to `UnsupportedOperation` (400).
    #[error("SM2 is not supported")]
    Unsupported,
    /// A symmetric spec where an asymmetric key is needed.
    #[error("key spec {0} is not an asymmetric spec")]
    NotAsymmetric(KeySpec),
    /// The algorithm is not one documented for the key's spec and usage (D-110: the
    /// `Algorithm` parameter is `InvalidParameter`).
    #[error("algorithm {algorithm} does not fit a key of spec {spec}")]
    AlgorithmMismatch {
        /// The algorithm asked for.
        algorithm: AsymmetricAlgorithm,
        /// The key's spec.
        spec: KeySpec,
    },
    /// A value that is not standard, padded Base64.
    #[error("the value is not valid Base64")]
    NotBase64,
    /// A digest of another length than 32 bytes (keys-v2.md §3.4).
    #[error("the digest has {0} bytes, not 32")]
    DigestLength(usize),
    /// An empty plaintext.
    #[error("the plaintext is empty")]
    PlaintextEmpty,
    /// A plaintext longer than the algorithm's maximum (keys-v2.md §3.3).
    #[error("the plaintext has {len} bytes, more than the maximum of {max}")]
    PlaintextTooLong {
        /// Its length.
        len: usize,
        /// The algorithm's maximum for the key.
        max: usize,
    },
    /// A ciphertext whose length is not the modulus length.
    #[error("the ciphertext has {len} bytes, not {expected}")]
    CiphertextLength {
        /// Its length.
        len: usize,
        /// The modulus length in bytes.
        expected: usize,
    },
    /// A ciphertext of the right length that does not decrypt (OAEP decoding failed).
    #[error("the ciphertext does not decrypt")]
    DecryptionFailed,
    /// A public key that is not a DER SubjectPublicKeyInfo of a supported key type.
    #[error("the public key is not a DER SubjectPublicKeyInfo of a supported key")]
    InvalidPublicKey,
    /// A PEM text that is not one `PUBLIC KEY` block.
    #[error("the text is not a PEM PUBLIC KEY block")]
    InvalidPem,
    /// A public key of another type or size than the wrapping spec requires (D-118).
    #[error("the public key is not a {0} key")]
    WrongKeySpec(KeySpec),
    /// The underlying library failed where it should not (key generation, signing): a 500.
    #[error("internal cryptographic failure")]
    Internal,
}
