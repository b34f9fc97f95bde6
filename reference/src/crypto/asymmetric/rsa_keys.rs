//! RSA_2048 and RSA_3072: key generation (e = 65537), RSAES-OAEP with an empty label and MGF1
//! over the OAEP hash, RSASSA-PSS (salt 32) and RSASSA-PKCS1-v1_5 over a SHA-256 digest.

use rsa::traits::PublicKeyParts as _;
use rsa::{PrivateKey, PublicKey};
use sha1::Sha1;
use sha2::Sha256;

use super::AsymmetricError;
use crate::random::{RandomSource, RngAdapter};

/// The OAEP variants of keys-v2.md §3.3.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Oaep {
    /// RSAES_OAEP_SHA_256: SHA-256 and MGF1-SHA-256.
    Sha256,
    /// RSAES_OAEP_SHA_1: SHA-1 and MGF1-SHA-1.
    Sha1,
}

impl Oaep {
    /// The hash output length hLen.
    fn hash_len(self) -> usize {
        match self {
            Oaep::Sha256 => 32,
            Oaep::Sha1 => 20,
        }
    }
}

/// The RSA signature schemes of keys-v2.md §3.4.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum RsaSignature {
    /// RSA_PSS_SHA_256: MGF1-SHA-256, a 32-byte salt.
    Pss,
    /// RSA_PKCS1_SHA_256: the SHA-256 DigestInfo.
    Pkcs1,
}

/// A fresh key of `bits` bits with e = 65537, from the injected randomness.
pub(super) fn generate(bits: usize, rng: &dyn RandomSource) -> Result<PrivateKey, AsymmetricError> {
    PrivateKey::new(&mut RngAdapter(rng), bits).map_err(|_| AsymmetricError::Internal)
}

/// The modulus length k in bytes.
pub(super) fn modulus_len(key: &PublicKey) -> usize {
    key.size()
}

/// The modulus length in bits (2048 for an RSA_2048 key).
pub(super) fn modulus_bits(key: &PublicKey) -> u32 {
    key.n().as_ref().bit_width()
}

/// The largest plaintext OAEP takes under `key`: k − 2·hLen − 2.
pub(super) fn max_plaintext(key: &PublicKey, oaep: Oaep) -> usize {
    modulus_len(key).saturating_sub(2 * oaep.hash_len() + 2)
}

/// Encrypts a non-empty plaintext of at most [`max_plaintext`] bytes.
pub(super) fn encrypt(
    key: &PublicKey,
    oaep: Oaep,
    plaintext: &[u8],
    rng: &dyn RandomSource,
) -> Result<Vec<u8>, AsymmetricError> {
    let max = max_plaintext(key, oaep);
    if plaintext.is_empty() {
        return Err(AsymmetricError::PlaintextEmpty);
    }
    if plaintext.len() > max {
        return Err(AsymmetricError::PlaintextTooLong {
            len: plaintext.len(),
            max,
        });
    }
    let mut rng = RngAdapter(rng);
    match oaep {
        Oaep::Sha256 => key.oaep_encrypt_with_rng::<Sha256, _>(&mut rng, plaintext),
        Oaep::Sha1 => key.oaep_encrypt_with_rng::<Sha1, _>(&mut rng, plaintext),
    }
    .map_err(|_| AsymmetricError::Internal)
}

/// Decrypts a ciphertext of exactly k bytes; the injected randomness blinds the private
/// operation.
pub(super) fn decrypt(
    key: &PrivateKey,
    oaep: Oaep,
    ciphertext: &[u8],
    rng: &dyn RandomSource,
) -> Result<Vec<u8>, AsymmetricError> {
    let expected = modulus_len(key.as_public_key());
    if ciphertext.len() != expected {
        return Err(AsymmetricError::CiphertextLength {
            len: ciphertext.len(),
            expected,
        });
    }
    let mut rng = RngAdapter(rng);
    match oaep {
        Oaep::Sha256 => key.oaep_decrypt_with_rng::<Sha256, _>(&mut rng, ciphertext),
        Oaep::Sha1 => key.oaep_decrypt_with_rng::<Sha1, _>(&mut rng, ciphertext),
    }
    .map_err(|_| AsymmetricError::DecryptionFailed)
}

/// Signs a SHA-256 digest; the PSS salt and the blinding come from the injected randomness.
pub(super) fn sign(
    key: &PrivateKey,
    scheme: RsaSignature,
    digest: &[u8; 32],
    rng: &dyn RandomSource,
) -> Result<Vec<u8>, AsymmetricError> {
    let mut rng = RngAdapter(rng);
    match scheme {
        RsaSignature::Pss => key.pss_sign_prehash_with_rng::<Sha256, _>(&mut rng, digest),
        RsaSignature::Pkcs1 => key.pkcs1v15_sign_prehash_with_rng::<Sha256, _>(&mut rng, digest),
    }
    .map_err(|_| AsymmetricError::Internal)
}

/// Whether `signature` is a valid signature of `digest` (PSS: salt length 32 only).
pub(super) fn verify(
    key: &PublicKey,
    scheme: RsaSignature,
    digest: &[u8; 32],
    signature: &[u8],
) -> bool {
    match scheme {
        RsaSignature::Pss => key.pss_verify_prehash::<Sha256>(digest, signature),
        RsaSignature::Pkcs1 => key.pkcs1v15_verify_prehash::<Sha256>(digest, signature),
    }
    .is_ok()
}
