//! The asymmetric keys behind AsymmetricEncrypt/Decrypt/Sign/Verify, GetPublicKey and the
//! data-key export APIs (keys-v2.md §3, §4.2): pure functions over key pairs, with all
//! randomness drawn from the injected [`RandomSource`].
//!
//! Key generation is slow for RSA: see `docs/performance.md` ("Asymmetric keys").

mod ec_keys;
mod error;
mod pem;
mod rsa_keys;
mod spki;

pub use error::AsymmetricError;
pub use pem::{decode_public_key_pem, encode_public_key_pem};
pub use spki::{PublicKey, parse_public_key_blob};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use ec_keys::{Curve, EcSigning};
use rsa_keys::{Oaep, RsaSignature};

use crate::random::RandomSource;
use crate::values::{AsymmetricAlgorithm, KeySpec, KeyUsage};

/// Length of the `Digest` of every documented signature algorithm (SHA-256).
pub const DIGEST_LEN: usize = 32;

/// A checked digest.
struct Digest;

impl Digest {
    fn check(digest: &[u8]) -> Result<&[u8; DIGEST_LEN], AsymmetricError> {
        digest
            .try_into()
            .map_err(|_| AsymmetricError::DigestLength(digest.len()))
    }
}

/// How a signature algorithm is carried out for a key spec.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scheme {
    Rsa(RsaSignature),
    Ecdsa,
}

impl Scheme {
    /// The scheme of `algorithm` on a key of `spec`, or why it does not fit.
    fn for_algorithm(
        spec: KeySpec,
        algorithm: AsymmetricAlgorithm,
    ) -> Result<Scheme, AsymmetricError> {
        check_fits(spec, KeyUsage::SignVerify, algorithm)?;
        match algorithm {
            AsymmetricAlgorithm::RsaPssSha256 => Ok(Scheme::Rsa(RsaSignature::Pss)),
            AsymmetricAlgorithm::RsaPkcs1Sha256 => Ok(Scheme::Rsa(RsaSignature::Pkcs1)),
            AsymmetricAlgorithm::EcdsaSha256 => Ok(Scheme::Ecdsa),
            _ => Err(AsymmetricError::AlgorithmMismatch { algorithm, spec }),
        }
    }
}

/// How an encryption algorithm is carried out for a key spec.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Encryption {
    Oaep(Oaep),
}

impl Encryption {
    /// The encryption of `algorithm` on a key of `spec`, or why it does not fit.
    fn for_algorithm(
        spec: KeySpec,
        algorithm: AsymmetricAlgorithm,
    ) -> Result<Encryption, AsymmetricError> {
        check_fits(spec, KeyUsage::EncryptDecrypt, algorithm)?;
        match algorithm {
            AsymmetricAlgorithm::RsaesOaepSha256 => Ok(Encryption::Oaep(Oaep::Sha256)),
            AsymmetricAlgorithm::RsaesOaepSha1 => Ok(Encryption::Oaep(Oaep::Sha1)),
            _ => Err(AsymmetricError::AlgorithmMismatch { algorithm, spec }),
        }
    }
}

/// Whether `algorithm` may be used for `usage` on a key of `spec`: SM2 is refused before
/// anything else ([`AsymmetricError::Unsupported`], D-114); then the algorithm must be
/// documented for the spec and usage ([`AsymmetricError::AlgorithmMismatch`], D-110).
pub fn check_fits(
    spec: KeySpec,
    usage: KeyUsage,
    algorithm: AsymmetricAlgorithm,
) -> Result<(), AsymmetricError> {
    if !algorithm.is_supported() || spec == KeySpec::EcSm2 {
        return Err(AsymmetricError::Unsupported);
    }
    if algorithm.fits(spec, usage) {
        Ok(())
    } else {
        Err(AsymmetricError::AlgorithmMismatch { algorithm, spec })
    }
}

/// Decodes a Base64 parameter (`Digest`, `Value`, `Plaintext`, `CiphertextBlob`): standard
/// alphabet, padded, nothing else.
pub fn decode_base64(text: &str) -> Result<Vec<u8>, AsymmetricError> {
    STANDARD
        .decode(text.as_bytes())
        .map_err(|_| AsymmetricError::NotBase64)
}

/// Decodes a `Digest`: Base64 of exactly 32 bytes (D-110).
pub fn decode_digest(text: &str) -> Result<[u8; DIGEST_LEN], AsymmetricError> {
    let bytes = decode_base64(text)?;
    Digest::check(&bytes).copied()
}

/// An asymmetric key pair (one key version's material). Its `Debug` shows the spec only.
#[derive(Clone)]
pub struct KeyPair {
    public: PublicKey,
    private: Private,
}

#[derive(Clone)]
enum Private {
    Rsa(rsa::PrivateKey),
    Ec(EcSigning),
}

impl std::fmt::Debug for KeyPair {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        debug_spec_only(f, "KeyPair", self.spec())
    }
}

/// The `Debug` of every key type: its name and spec, never its material.
fn debug_spec_only(f: &mut std::fmt::Formatter<'_>, name: &str, spec: KeySpec) -> std::fmt::Result {
    f.debug_struct(name)
        .field("spec", &spec)
        .finish_non_exhaustive()
}

impl KeyPair {
    /// A fresh pair of `spec` from `rng` (D-113: RSA with e = 65537, EC on the named curve).
    /// EC_SM2 is [`AsymmetricError::Unsupported`]; symmetric specs are
    /// [`AsymmetricError::NotAsymmetric`]. RSA generation is slow (see `docs/performance.md`).
    pub fn generate(spec: KeySpec, rng: &dyn RandomSource) -> Result<KeyPair, AsymmetricError> {
        let rsa = |bits| -> Result<KeyPair, AsymmetricError> {
            let private = rsa_keys::generate(bits, rng)?;
            Ok(KeyPair {
                public: PublicKey::rsa(spec, private.to_public_key()),
                private: Private::Rsa(private),
            })
        };
        let ec = |curve| {
            let private = EcSigning::generate(curve, rng);
            KeyPair {
                public: PublicKey::ec(spec, private.verifying()),
                private: Private::Ec(private),
            }
        };
        match spec {
            KeySpec::Rsa2048 => rsa(2048),
            KeySpec::Rsa3072 => rsa(3072),
            KeySpec::EcP256 => Ok(ec(Curve::P256)),
            KeySpec::EcP256K => Ok(ec(Curve::K256)),
            KeySpec::EcSm2 => Err(AsymmetricError::Unsupported),
            KeySpec::AliyunAes256 | KeySpec::AliyunSm4 => Err(AsymmetricError::NotAsymmetric(spec)),
        }
    }

    /// The key's spec.
    pub fn spec(&self) -> KeySpec {
        self.public.spec()
    }

    /// The public half: GetPublicKey, AsymmetricVerify and AsymmetricEncrypt use it.
    pub fn public_key(&self) -> &PublicKey {
        &self.public
    }

    /// Signs a 32-byte `digest` (AsymmetricSign): RSA-PSS with a 32-byte salt from `rng`,
    /// RSA-PKCS1, or deterministic ECDSA answered as DER (D-112).
    pub fn sign(
        &self,
        algorithm: AsymmetricAlgorithm,
        digest: &[u8],
        rng: &dyn RandomSource,
    ) -> Result<Vec<u8>, AsymmetricError> {
        let scheme = Scheme::for_algorithm(self.spec(), algorithm)?;
        let digest = Digest::check(digest)?;
        match (&self.private, scheme) {
            (Private::Rsa(key), Scheme::Rsa(rsa)) => rsa_keys::sign(key, rsa, digest, rng),
            (Private::Ec(key), Scheme::Ecdsa) => key.sign(digest),
            _ => Err(self.public.mismatch(algorithm)),
        }
    }

    /// Decrypts an OAEP ciphertext of exactly the modulus length (AsymmetricDecrypt, an
    /// asymmetric ReEncrypt source); `rng` blinds the private operation.
    pub fn decrypt(
        &self,
        algorithm: AsymmetricAlgorithm,
        ciphertext: &[u8],
        rng: &dyn RandomSource,
    ) -> Result<Vec<u8>, AsymmetricError> {
        let Encryption::Oaep(oaep) = Encryption::for_algorithm(self.spec(), algorithm)?;
        match &self.private {
            Private::Rsa(key) => rsa_keys::decrypt(key, oaep, ciphertext, rng),
            Private::Ec(_) => Err(self.public.mismatch(algorithm)),
        }
    }
}

#[cfg(test)]
mod tests;
