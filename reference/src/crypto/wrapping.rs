//! The RSA wrapping key pair of key import: GetParametersForImport hands out the public half,
//! ImportKeyMaterial unwraps with the private half and the algorithm bound to the token.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use rsa::pkcs8::EncodePublicKey as _;
use rsa::{Oaep, Pkcs1v15Encrypt, PrivateKey};

use crate::random::{RandomSource, RngAdapter};
use crate::request::WrappingAlgorithm;

/// Size of the RSA_2048 wrapping key.
const RSA_BITS: usize = 2048;

/// A wrapping key pair. Its `Debug` shows no key material.
#[derive(Clone)]
pub(crate) struct WrappingKey {
    private: PrivateKey,
    algorithm: WrappingAlgorithm,
}

impl std::fmt::Debug for WrappingKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WrappingKey")
            .field("algorithm", &self.algorithm)
            .finish_non_exhaustive()
    }
}

impl WrappingKey {
    /// A fresh RSA-2048 pair for `algorithm`, from the injected randomness.
    pub(crate) fn generate(
        rng: &dyn RandomSource,
        algorithm: WrappingAlgorithm,
    ) -> Option<WrappingKey> {
        Some(WrappingKey::from_private(
            WrappingKey::generate_private(rng)?,
            algorithm,
        ))
    }

    /// The RSA-2048 private key of a wrapping key, drawn from `rng` (before the lock; see
    /// service/prepared.rs).
    pub(crate) fn generate_private(rng: &dyn RandomSource) -> Option<PrivateKey> {
        PrivateKey::new(&mut RngAdapter(rng), RSA_BITS).ok()
    }

    /// The wrapping key of `private` for `algorithm`.
    pub(crate) fn from_private(private: PrivateKey, algorithm: WrappingAlgorithm) -> WrappingKey {
        WrappingKey { private, algorithm }
    }

    /// Base64 of the DER SubjectPublicKeyInfo, as `PublicKey` in the response.
    pub(crate) fn public_key_base64(&self) -> Option<String> {
        let der = self.private.to_public_key().to_public_key_der().ok()?;
        Some(STANDARD.encode(der.as_bytes()))
    }

    /// Unwraps `wrapped` with the token's algorithm; `None` when it does not decrypt.
    pub(crate) fn unwrap(&self, wrapped: &[u8]) -> Option<Vec<u8>> {
        let result = match self.algorithm {
            WrappingAlgorithm::RsaesPkcs1V15 => self.private.decrypt(Pkcs1v15Encrypt, wrapped),
            WrappingAlgorithm::RsaesOaepSha1 => {
                self.private.decrypt(Oaep::<sha1::Sha1>::new(), wrapped)
            }
            WrappingAlgorithm::RsaesOaepSha256 => {
                self.private.decrypt(Oaep::<sha2::Sha256>::new(), wrapped)
            }
            WrappingAlgorithm::Sm2Pke => return None,
        };
        result.ok()
    }
}
