//! Public keys as DER SubjectPublicKeyInfo (keys-v2.md §3.5): the public half of every key,
//! and the caller's `PublicKeyBlob` of ExportDataKey and GenerateAndExportDataKey (D-118).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use rsa::pkcs8::{DecodePublicKey as _, EncodePublicKey as _};

use super::ec_keys::EcVerifying;
use super::rsa_keys::{self, Oaep};
use super::{AsymmetricError, Digest, Encryption, Scheme, pem};
use crate::random::RandomSource;
use crate::values::{AsymmetricAlgorithm, KeySpec, WrappingKeySpec};

/// The public half of an asymmetric key: verifies and encrypts. Its `Debug` shows the spec
/// only.
#[derive(Clone, PartialEq, Eq)]
pub struct PublicKey {
    spec: KeySpec,
    inner: Inner,
}

#[derive(Clone, PartialEq, Eq)]
enum Inner {
    Rsa(rsa::PublicKey),
    Ec(EcVerifying),
}

impl std::fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        super::debug_spec_only(f, "PublicKey", self.spec)
    }
}

impl PublicKey {
    pub(super) fn rsa(spec: KeySpec, key: rsa::PublicKey) -> PublicKey {
        PublicKey {
            spec,
            inner: Inner::Rsa(key),
        }
    }

    pub(super) fn ec(spec: KeySpec, key: EcVerifying) -> PublicKey {
        PublicKey {
            spec,
            inner: Inner::Ec(key),
        }
    }

    /// Parses a DER SubjectPublicKeyInfo of an RSA key of 2048 or 3072 bits, or of a P-256 or
    /// secp256k1 key, in its one canonical encoding (the one [`Self::to_spki_der`] gives back:
    /// rsaEncryption with NULL parameters, an uncompressed EC point). PKCS#1 `RSAPublicKey`,
    /// other sizes and curves, compressed points and trailing bytes are
    /// [`AsymmetricError::InvalidPublicKey`].
    pub fn from_spki_der(der: &[u8]) -> Result<PublicKey, AsymmetricError> {
        let key = PublicKey::from_any_spki_der(der)?;
        if key.to_spki_der()? == der {
            Ok(key)
        } else {
            Err(AsymmetricError::InvalidPublicKey)
        }
    }

    /// Any encoding the crates accept (compressed points too).
    pub(super) fn from_any_spki_der(der: &[u8]) -> Result<PublicKey, AsymmetricError> {
        if let Ok(key) = rsa::PublicKey::from_public_key_der(der) {
            let spec = match rsa_keys::modulus_bits(&key) {
                2048 => KeySpec::Rsa2048,
                3072 => KeySpec::Rsa3072,
                _ => return Err(AsymmetricError::InvalidPublicKey),
            };
            return Ok(PublicKey::rsa(spec, key));
        }
        if let Ok(key) = p256::ecdsa::VerifyingKey::from_public_key_der(der) {
            return Ok(PublicKey::ec(KeySpec::EcP256, EcVerifying::P256(key)));
        }
        if let Ok(key) = k256::ecdsa::VerifyingKey::from_public_key_der(der) {
            return Ok(PublicKey::ec(KeySpec::EcP256K, EcVerifying::K256(key)));
        }
        Err(AsymmetricError::InvalidPublicKey)
    }

    /// Parses the PEM text GetPublicKey answers.
    pub fn from_pem(text: &str) -> Result<PublicKey, AsymmetricError> {
        PublicKey::from_spki_der(&pem::decode_public_key_pem(text)?)
    }

    /// The key's spec.
    pub fn spec(&self) -> KeySpec {
        self.spec
    }

    /// The DER SubjectPublicKeyInfo.
    pub fn to_spki_der(&self) -> Result<Vec<u8>, AsymmetricError> {
        match &self.inner {
            Inner::Rsa(key) => key
                .to_public_key_der()
                .map(|doc| doc.as_bytes().to_vec())
                .map_err(|_| AsymmetricError::Internal),
            Inner::Ec(key) => key.to_spki_der(),
        }
    }

    /// The PEM text of GetPublicKey's `PublicKey` (D-113).
    pub fn to_pem(&self) -> Result<String, AsymmetricError> {
        Ok(pem::encode_public_key_pem(&self.to_spki_der()?))
    }

    /// The largest plaintext `algorithm` encrypts under this key (keys-v2.md §3.3).
    pub fn max_plaintext(&self, algorithm: AsymmetricAlgorithm) -> Result<usize, AsymmetricError> {
        let oaep = self.oaep(algorithm)?;
        match &self.inner {
            Inner::Rsa(key) => Ok(rsa_keys::max_plaintext(key, oaep)),
            Inner::Ec(_) => Err(self.mismatch(algorithm)),
        }
    }

    /// Encrypts `plaintext` (AsymmetricEncrypt; the wrapping of ExportDataKey). The OAEP seed
    /// comes from `rng`.
    pub fn encrypt(
        &self,
        algorithm: AsymmetricAlgorithm,
        plaintext: &[u8],
        rng: &dyn RandomSource,
    ) -> Result<Vec<u8>, AsymmetricError> {
        let oaep = self.oaep(algorithm)?;
        match &self.inner {
            Inner::Rsa(key) => rsa_keys::encrypt(key, oaep, plaintext, rng),
            Inner::Ec(_) => Err(self.mismatch(algorithm)),
        }
    }

    /// Whether `signature` signs `digest` (AsymmetricVerify). Only an algorithm that does not
    /// fit the key, or a digest of the wrong length, is an error; a signature that is
    /// malformed or does not verify is `Ok(false)` (D-111).
    pub fn verify(
        &self,
        algorithm: AsymmetricAlgorithm,
        digest: &[u8],
        signature: &[u8],
    ) -> Result<bool, AsymmetricError> {
        let scheme = Scheme::for_algorithm(self.spec, algorithm)?;
        let digest = Digest::check(digest)?;
        Ok(match (&self.inner, scheme) {
            (Inner::Rsa(key), Scheme::Rsa(rsa)) => rsa_keys::verify(key, rsa, digest, signature),
            (Inner::Ec(key), Scheme::Ecdsa) => key.verify(digest, signature),
            _ => return Err(self.mismatch(algorithm)),
        })
    }

    /// The OAEP variant of `algorithm` when it fits this key.
    fn oaep(&self, algorithm: AsymmetricAlgorithm) -> Result<Oaep, AsymmetricError> {
        let Encryption::Oaep(oaep) = Encryption::for_algorithm(self.spec, algorithm)?;
        Ok(oaep)
    }

    /// The error of `algorithm` on this key.
    pub(super) fn mismatch(&self, algorithm: AsymmetricAlgorithm) -> AsymmetricError {
        AsymmetricError::AlgorithmMismatch {
            algorithm,
            spec: self.spec,
        }
    }
}

/// Decodes a `PublicKeyBlob` (D-118): standard Base64 of a DER SubjectPublicKeyInfo, without
/// PEM armour; with `WrappingKeySpec=RSA_2048` an RSA key of exactly 2048 bits.
/// `WrappingKeySpec=EC_SM2` is [`AsymmetricError::Unsupported`] (D-114).
pub fn parse_public_key_blob(
    blob: &str,
    wrapping_key_spec: WrappingKeySpec,
) -> Result<PublicKey, AsymmetricError> {
    if wrapping_key_spec == WrappingKeySpec::EcSm2 {
        return Err(AsymmetricError::Unsupported);
    }
    let der = STANDARD
        .decode(blob.as_bytes())
        .map_err(|_| AsymmetricError::NotBase64)?;
    let key = PublicKey::from_spki_der(&der)?;
    if key.spec() != KeySpec::Rsa2048 {
        return Err(AsymmetricError::WrongKeySpec(KeySpec::Rsa2048));
    }
    Ok(key)
}
