//! `public_key_blob_decode`: the decoders of the asymmetric layer on any bytes: DER
//! SubjectPublicKeyInfo, the Base64 `PublicKeyBlob` (D-118), PEM, the Base64 `Digest`, DER ECDSA
//! signatures and RSA signatures and ciphertexts of the wrong shape.

use std::sync::OnceLock;

use kms_reference::asymmetric::{
    AsymmetricError, KeyPair, PublicKey, decode_base64, decode_digest, encode_public_key_pem,
    parse_public_key_blob,
};
use kms_reference::{AsymmetricAlgorithm, KeySpec, SeededRandom, WrappingKeySpec};

use crate::{Violation, ensure};

const TARGET: &str = "public_key_blob_decode";

/// The digest every fixture signature signs.
const DIGEST: [u8; 32] = [0x5a; 32];

/// One key per spec, RSA_2048, EC_P256 and EC_P256K, with its signature of [`DIGEST`].
struct Keys {
    pairs: Vec<(KeyPair, AsymmetricAlgorithm, Vec<u8>)>,
}

fn keys() -> Result<&'static Keys, Violation> {
    static KEYS: OnceLock<Option<Keys>> = OnceLock::new();
    KEYS.get_or_init(|| {
        let mut pairs = Vec::new();
        for (i, (spec, alg)) in [
            (KeySpec::Rsa2048, AsymmetricAlgorithm::RsaPkcs1Sha256),
            (KeySpec::EcP256, AsymmetricAlgorithm::EcdsaSha256),
            (KeySpec::EcP256K, AsymmetricAlgorithm::EcdsaSha256),
        ]
        .into_iter()
        .enumerate()
        {
            let rng = SeededRandom::new(40 + i as u64);
            let pair = KeyPair::generate(spec, &rng).ok()?;
            let sig = pair.sign(alg, &DIGEST, &rng).ok()?;
            pairs.push((pair, alg, sig));
        }
        Some(Keys { pairs })
    })
    .as_ref()
    .ok_or_else(|| Violation {
        target: TARGET,
        message: "the fixture keys could not be made".to_owned(),
    })
}

/// Strict DER `SEQUENCE { INTEGER r, INTEGER s }` with positive, minimally encoded integers
/// and nothing after it, parsed independently of the `der` crate; `Some(r)` (its bytes
/// without the sign pad) when `bytes` is one.
fn naive_der_r(bytes: &[u8]) -> Option<Vec<u8>> {
    fn header(bytes: &[u8], tag: u8) -> Option<(&[u8], &[u8])> {
        let (&t, rest) = bytes.split_first()?;
        let (&len, rest) = rest.split_first()?;
        if t != tag {
            return None;
        }
        let (len, rest) = match len {
            0..=0x7f => (usize::from(len), rest),
            0x81 => {
                let (&l, rest) = rest.split_first()?;
                if l < 0x80 {
                    return None; // the short form was required
                }
                (usize::from(l), rest)
            }
            _ => return None, // no ECDSA signature here needs more
        };
        (rest.len() >= len).then(|| rest.split_at(len))
    }
    fn integer(bytes: &[u8]) -> Option<(&[u8], &[u8])> {
        let (value, rest) = header(bytes, 0x02)?;
        match value {
            [] => None,
            [first, ..] if first & 0x80 != 0 => None, // negative
            [0, second, ..] if second & 0x80 == 0 => None, // a needless pad
            [0] => None,                              // zero is no valid r or s
            [0, tail @ ..] => Some((tail, rest)),
            _ => Some((value, rest)),
        }
    }
    let (body, after) = header(bytes, 0x30)?;
    if !after.is_empty() {
        return None;
    }
    let (r, rest) = integer(body)?;
    let (_s, rest) = integer(rest)?;
    rest.is_empty().then(|| r.to_vec())
}

/// `public_key_blob_decode`: any bytes, read as DER, as text and as a signature or ciphertext.
/// Never panics; every accepted public key re-encodes to exactly its input (DER, Base64, PEM);
/// a `PublicKeyBlob` is accepted only for an RSA_2048 key; a `Digest` only as Base64 of 32
/// bytes; a signature verifies only if it is strict DER with the fixture signature's r (ECDSA)
/// or is the fixture signature itself (RSA PKCS#1 is deterministic); a decryption of bytes
/// that are not the modulus length fails with the length error.
pub fn public_key_blob_decode(data: &[u8]) -> Result<(), Violation> {
    if let Ok(key) = PublicKey::from_spki_der(data) {
        ensure(
            TARGET,
            key.to_spki_der().ok().as_deref() == Some(data),
            || format!("the SPKI {data:02x?} does not re-encode to itself"),
        )?;
    }
    let text = String::from_utf8_lossy(data);
    match parse_public_key_blob(&text, WrappingKeySpec::Rsa2048) {
        Ok(key) => {
            ensure(TARGET, key.spec() == KeySpec::Rsa2048, || {
                format!("PublicKeyBlob {text:?} accepted as {}", key.spec())
            })?;
            let der = decode_base64(&text).map_err(|e| Violation {
                target: TARGET,
                message: format!("an accepted PublicKeyBlob is no Base64: {e}"),
            })?;
            ensure(TARGET, key.to_spki_der().ok() == Some(der), || {
                format!("PublicKeyBlob {text:?} does not re-encode to itself")
            })?;
        }
        Err(AsymmetricError::Internal) => {
            return Err(Violation {
                target: TARGET,
                message: format!("PublicKeyBlob {text:?} is an internal failure"),
            });
        }
        Err(_) => {}
    }
    ensure(
        TARGET,
        parse_public_key_blob(&text, WrappingKeySpec::EcSm2) == Err(AsymmetricError::Unsupported),
        || "EC_SM2 wrapping is not refused as unsupported".to_owned(),
    )?;
    if let Ok(key) = PublicKey::from_pem(&text) {
        let again = key
            .to_pem()
            .ok()
            .and_then(|pem| PublicKey::from_pem(&pem).ok());
        ensure(TARGET, again.as_ref() == Some(&key), || {
            format!("the PEM {text:?} does not print back to the same key")
        })?;
    }
    let digest = decode_digest(&text).map(|d| d.to_vec());
    let raw = decode_base64(&text);
    let expected = match &raw {
        Ok(bytes) if bytes.len() == 32 => Ok(bytes.clone()),
        Ok(bytes) => Err(AsymmetricError::DigestLength(bytes.len())),
        Err(e) => Err(e.clone()),
    };
    ensure(TARGET, digest == expected, || {
        format!("Digest {text:?}: {digest:?}, expected {expected:?}")
    })?;

    for (pair, alg, sig) in &keys()?.pairs {
        let spec = pair.spec();
        let verified = pair
            .public_key()
            .verify(*alg, &DIGEST, data)
            .map_err(|e| Violation {
                target: TARGET,
                message: format!("verify on {spec} failed with {e} instead of answering"),
            })?;
        if verified {
            let fits = if *alg == AsymmetricAlgorithm::EcdsaSha256 {
                naive_der_r(data).is_some() && naive_der_r(data) == naive_der_r(sig)
            } else {
                data == sig.as_slice()
            };
            ensure(TARGET, fits, || {
                format!("{spec} verified the signature {data:02x?}, which it did not make")
            })?;
        }
        if spec == KeySpec::Rsa2048 && data.len() != 256 {
            let alg = AsymmetricAlgorithm::RsaesOaepSha256;
            let answer = pair.decrypt(alg, data, &SeededRandom::new(1));
            let expected = Err(AsymmetricError::CiphertextLength {
                len: data.len(),
                expected: 256,
            });
            ensure(TARGET, answer == expected, || {
                format!("decrypting {} bytes: {answer:?}", data.len())
            })?;
        }
    }
    Ok(())
}

/// Seeds: each key's SPKI as DER, Base64 and PEM, each fixture signature, a Digest.
pub(crate) fn seeds() -> Vec<(String, Vec<u8>)> {
    let Ok(keys) = keys() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (pair, _, sig) in &keys.pairs {
        let name = pair.spec().as_str().to_lowercase();
        let public = pair.public_key();
        if let Ok(der) = public.to_spki_der() {
            out.push((format!("spki-{name}.der"), der.clone()));
            let pem = encode_public_key_pem(&der);
            let blob: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
            out.push((format!("pem-{name}.txt"), pem.into_bytes()));
            out.push((format!("blob-{name}.txt"), blob.into_bytes()));
        }
        out.push((format!("signature-{name}.bin"), sig.clone()));
    }
    out.push((
        "digest.txt".to_owned(),
        b"WlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlo=".to_vec(),
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_naive_der_reader_is_strict() {
        assert_eq!(naive_der_r(&[0x30, 6, 2, 1, 5, 2, 1, 7]), Some(vec![5]));
        assert_eq!(
            naive_der_r(&[0x30, 7, 2, 2, 0, 0x85, 2, 1, 7]),
            Some(vec![0x85])
        );
        assert_eq!(
            naive_der_r(&[0x30, 7, 2, 2, 0, 5, 2, 1, 7]),
            None,
            "needless pad"
        );
        assert_eq!(
            naive_der_r(&[0x30, 6, 2, 1, 0x85, 2, 1, 7]),
            None,
            "negative"
        );
        assert_eq!(
            naive_der_r(&[0x30, 0x81, 6, 2, 1, 5, 2, 1, 7]),
            None,
            "long form"
        );
        assert_eq!(
            naive_der_r(&[0x30, 6, 2, 1, 5, 2, 1, 7, 0]),
            None,
            "trailing"
        );
        assert_eq!(naive_der_r(&[0x30, 6, 2, 1, 0, 2, 1, 7]), None, "zero");
    }

    #[test]
    fn the_seeds_pass_and_the_digest_seed_is_the_fixture_digest() {
        let seeds = seeds();
        assert_eq!(seeds.len(), 13);
        for (name, data) in &seeds {
            assert_eq!(public_key_blob_decode(data), Ok(()), "{name}");
        }
        assert_eq!(
            decode_digest("WlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlo="),
            Ok(DIGEST)
        );
        let keys = keys().unwrap();
        for (pair, alg, sig) in &keys.pairs {
            assert_eq!(pair.public_key().verify(*alg, &DIGEST, sig), Ok(true));
        }
    }
}
