//! EC_P256 (p256) and EC_P256K (k256): key generation and ECDSA over a 32-byte digest with
//! RFC 6979 nonces, answered and verified as DER `SEQUENCE { r, s }` (D-112).

use p256::ecdsa::signature::hazmat::{PrehashSigner as _, PrehashVerifier as _};
use p256::elliptic_curve::Generate as _;
use p256::pkcs8::EncodePublicKey as _;

use super::AsymmetricError;
use crate::random::{RandomSource, RngAdapter};

/// The private half of an EC key.
#[derive(Clone)]
pub(super) enum EcSigning {
    /// NIST P-256.
    P256(p256::ecdsa::SigningKey),
    /// secp256k1.
    K256(k256::ecdsa::SigningKey),
}

/// The public half of an EC key.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum EcVerifying {
    /// NIST P-256.
    P256(p256::ecdsa::VerifyingKey),
    /// secp256k1.
    K256(k256::ecdsa::VerifyingKey),
}

/// Which curve to generate on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Curve {
    /// NIST P-256 (EC_P256).
    P256,
    /// secp256k1 (EC_P256K).
    K256,
}

impl EcSigning {
    /// A fresh key on `curve`, from the injected randomness.
    pub(super) fn generate(curve: Curve, rng: &dyn RandomSource) -> EcSigning {
        let mut rng = RngAdapter(rng);
        match curve {
            Curve::P256 => {
                let Ok(key) = p256::ecdsa::SigningKey::try_generate_from_rng(&mut rng);
                EcSigning::P256(key)
            }
            Curve::K256 => {
                let Ok(key) = k256::ecdsa::SigningKey::try_generate_from_rng(&mut rng);
                EcSigning::K256(key)
            }
        }
    }

    /// The public half.
    pub(super) fn verifying(&self) -> EcVerifying {
        match self {
            EcSigning::P256(key) => EcVerifying::P256(*key.verifying_key()),
            EcSigning::K256(key) => EcVerifying::K256(*key.verifying_key()),
        }
    }

    /// The DER signature of `digest` (RFC 6979: the same digest always gives the same value).
    pub(super) fn sign(&self, digest: &[u8; 32]) -> Result<Vec<u8>, AsymmetricError> {
        match self {
            EcSigning::P256(key) => {
                let sig: p256::ecdsa::Signature = key
                    .sign_prehash(digest)
                    .map_err(|_| AsymmetricError::Internal)?;
                Ok(sig.to_der().as_bytes().to_vec())
            }
            EcSigning::K256(key) => {
                let sig: k256::ecdsa::Signature = key
                    .sign_prehash(digest)
                    .map_err(|_| AsymmetricError::Internal)?;
                Ok(sig.to_der().as_bytes().to_vec())
            }
        }
    }
}

impl EcVerifying {
    /// Whether `signature` is a DER signature of `digest`; anything that is not strict DER of
    /// two integers in range is `false`. High-S and low-S values both verify (D-112; the k256
    /// verifier alone would refuse high S).
    pub(super) fn verify(&self, digest: &[u8; 32], signature: &[u8]) -> bool {
        match self {
            EcVerifying::P256(key) => p256::ecdsa::DerSignature::from_bytes(signature)
                .ok()
                .and_then(|der| p256::ecdsa::Signature::try_from(der).ok())
                .is_some_and(|sig| key.verify_prehash(digest, &sig.normalize_s()).is_ok()),
            EcVerifying::K256(key) => k256::ecdsa::DerSignature::from_bytes(signature)
                .ok()
                .and_then(|der| k256::ecdsa::Signature::try_from(der).ok())
                .is_some_and(|sig| key.verify_prehash(digest, &sig.normalize_s()).is_ok()),
        }
    }

    /// The DER SubjectPublicKeyInfo: id-ecPublicKey, the named curve, an uncompressed point.
    pub(super) fn to_spki_der(self) -> Result<Vec<u8>, AsymmetricError> {
        match self {
            EcVerifying::P256(key) => key.to_public_key_der(),
            EcVerifying::K256(key) => key.to_public_key_der(),
        }
        .map(|doc| doc.as_bytes().to_vec())
        .map_err(|_| AsymmetricError::Internal)
    }
}
