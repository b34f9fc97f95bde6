//! Client-side key wrapping for import, done exactly as a client would with the
//! GetParametersForImport public key: an independent RSA implementation path from the
//! reference's unwrapping.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use rsa::pkcs8::DecodePublicKey as _;
use rsa::{Oaep, PublicKey};

/// Wraps `material` with the Base64 SubjectPublicKeyInfo `public_key` using `algorithm`
/// (`RSAES_PKCS1_V1_5`, `RSAES_OAEP_SHA_1` or `RSAES_OAEP_SHA_256`), and returns Base64.
pub fn wrap_key_material(
    public_key: &str,
    algorithm: &str,
    material: &[u8],
) -> Result<String, String> {
    let der = STANDARD
        .decode(public_key)
        .map_err(|e| format!("PublicKey is not base64: {e}"))?;
    let key = PublicKey::from_public_key_der(&der)
        .map_err(|e| format!("PublicKey is not an RSA SPKI: {e}"))?;
    let mut rng = rand::rng();
    let wrapped = match algorithm {
        "RSAES_PKCS1_V1_5" => key.pkcs1v15_encrypt(material),
        "RSAES_OAEP_SHA_1" => key.encrypt(&mut rng, Oaep::<sha1::Sha1>::new(), material),
        "RSAES_OAEP_SHA_256" => key.encrypt(&mut rng, Oaep::<sha2::Sha256>::new(), material),
        other => return Err(format!("unknown wrapping algorithm `{other}`")),
    }
    .map_err(|e| format!("wrapping failed: {e}"))?;
    Ok(STANDARD.encode(wrapped))
}
