//! Layout, limits and refusals of the asymmetric layer; the round-trip properties are in
//! `reference/tests/asymmetric_crypto.rs`.

use std::sync::OnceLock;

use super::*;
use crate::random::SeededRandom;
use crate::values::WrappingKeySpec;

use AsymmetricAlgorithm as A;

/// One key per spec, made once for the whole test binary (RSA generation is slow).
fn key(spec: KeySpec) -> &'static KeyPair {
    static KEYS: OnceLock<Vec<KeyPair>> = OnceLock::new();
    let keys = KEYS.get_or_init(|| {
        [
            KeySpec::Rsa2048,
            KeySpec::Rsa3072,
            KeySpec::EcP256,
            KeySpec::EcP256K,
        ]
        .iter()
        .enumerate()
        .map(|(i, &s)| KeyPair::generate(s, &SeededRandom::new(100 + i as u64)).unwrap())
        .collect()
    });
    keys.iter().find(|k| k.spec() == spec).unwrap()
}

fn rng() -> SeededRandom {
    SeededRandom::new(9)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn algorithms_fit_the_documented_specs_and_usages() {
    use KeySpec as S;
    use KeyUsage::{EncryptDecrypt as E, SignVerify as V};
    assert_eq!(
        AsymmetricAlgorithm::for_key(S::Rsa2048, E),
        [A::RsaesOaepSha256, A::RsaesOaepSha1]
    );
    assert_eq!(
        AsymmetricAlgorithm::for_key(S::Rsa3072, V),
        [A::RsaPssSha256, A::RsaPkcs1Sha256]
    );
    assert_eq!(AsymmetricAlgorithm::for_key(S::EcP256, V), [A::EcdsaSha256]);
    assert_eq!(
        AsymmetricAlgorithm::for_key(S::EcP256K, V),
        [A::EcdsaSha256]
    );
    assert!(AsymmetricAlgorithm::for_key(S::EcP256, E).is_empty());
    assert!(AsymmetricAlgorithm::for_key(S::AliyunAes256, E).is_empty());
    assert_eq!(AsymmetricAlgorithm::for_key(S::EcSm2, E), [A::Sm2Pke]);
    for &alg in AsymmetricAlgorithm::ALL {
        assert_eq!(AsymmetricAlgorithm::parse(alg.as_str()), Some(alg));
        for &spec in KeySpec::ALL {
            for &usage in KeyUsage::ALL {
                assert_eq!(
                    alg.fits(spec, usage),
                    AsymmetricAlgorithm::for_key(spec, usage).contains(&alg)
                );
                if alg.fits(spec, usage) {
                    assert_eq!(alg.usage(), usage, "{alg} on {spec}");
                }
            }
        }
    }
    assert!(!A::Sm2Pke.is_supported() && !A::Sm2Dsa.is_supported());
    assert_eq!(AsymmetricAlgorithm::parse("rsaes_oaep_sha_256"), None);
}

#[test]
fn oaep_maxima_are_those_of_the_documented_table() {
    // keys-v2.md §3.3: 190, 214, 318, 342 bytes.
    for (spec, alg, max) in [
        (KeySpec::Rsa2048, A::RsaesOaepSha256, 190),
        (KeySpec::Rsa2048, A::RsaesOaepSha1, 214),
        (KeySpec::Rsa3072, A::RsaesOaepSha256, 318),
        (KeySpec::Rsa3072, A::RsaesOaepSha1, 342),
    ] {
        let k = key(spec);
        assert_eq!(k.public_key().max_plaintext(alg), Ok(max));
        let at_max = vec![0xa5; max];
        let ct = k.public_key().encrypt(alg, &at_max, &rng()).unwrap();
        assert_eq!(ct.len(), if spec == KeySpec::Rsa2048 { 256 } else { 384 });
        assert_eq!(k.decrypt(alg, &ct, &rng()).unwrap(), at_max);
        assert_eq!(
            k.public_key().encrypt(alg, &vec![0; max + 1], &rng()),
            Err(AsymmetricError::PlaintextTooLong { len: max + 1, max })
        );
        assert_eq!(
            k.public_key().encrypt(alg, &[], &rng()),
            Err(AsymmetricError::PlaintextEmpty)
        );
    }
}

#[test]
fn ciphertexts_of_the_wrong_length_or_content_are_refused() {
    let k = key(KeySpec::Rsa2048);
    let ct = k
        .public_key()
        .encrypt(A::RsaesOaepSha256, b"data key", &rng())
        .unwrap();
    assert_eq!(
        k.decrypt(A::RsaesOaepSha256, &ct[1..], &rng()),
        Err(AsymmetricError::CiphertextLength {
            len: 255,
            expected: 256
        })
    );
    assert_eq!(
        k.decrypt(A::RsaesOaepSha1, &ct, &rng()),
        Err(AsymmetricError::DecryptionFailed),
        "decrypting under the other OAEP hash fails"
    );
    assert_eq!(
        k.decrypt(A::RsaesOaepSha256, &[0; 256], &rng()),
        Err(AsymmetricError::DecryptionFailed)
    );
    // A value above the modulus is refused, not reduced.
    assert_eq!(
        k.decrypt(A::RsaesOaepSha256, &[0xff; 256], &rng()),
        Err(AsymmetricError::DecryptionFailed)
    );
}

#[test]
fn rsa_2048_spki_and_pem_have_the_documented_layout() {
    // keys-v2.md §3.5: 294 bytes beginning with the rsaEncryption header of the META24 example.
    let der = key(KeySpec::Rsa2048).public_key().to_spki_der().unwrap();
    assert_eq!(der.len(), 294);
    assert!(hex(&der).starts_with("30820122300d06092a864886f70d01010105000382010f00"));
    let pem = key(KeySpec::Rsa2048).public_key().to_pem().unwrap();
    let lines: Vec<&str> = pem.split('\n').collect();
    assert_eq!(lines.first(), Some(&"-----BEGIN PUBLIC KEY-----"));
    let body: Vec<usize> = lines[1..lines.len() - 2].iter().map(|l| l.len()).collect();
    assert_eq!(
        body,
        [64, 64, 64, 64, 64, 64, 8],
        "the line lengths of the META24 example"
    );
    assert_eq!(lines[lines.len() - 2], "-----END PUBLIC KEY-----");
    assert_eq!(lines.last(), Some(&""), "a trailing newline");
    assert!(!pem.contains('\r'));
    assert!(pem.starts_with("-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A"));
}

#[test]
fn ec_spki_names_the_curve_and_an_uncompressed_point() {
    // id-ecPublicKey 1.2.840.10045.2.1, then prime256v1 1.2.840.10045.3.1.7 or secp256k1
    // 1.3.132.0.10; the BIT STRING holds 04 || x || y.
    for (spec, curve_oid) in [
        (KeySpec::EcP256, "06082a8648ce3d030107"),
        (KeySpec::EcP256K, "06052b8104000a"),
    ] {
        let der = hex(&key(spec).public_key().to_spki_der().unwrap());
        assert!(der.starts_with("30"), "{spec}");
        assert!(
            der.contains(&format!("06072a8648ce3d0201{curve_oid}")),
            "{spec}: {der}"
        );
        assert_eq!(
            &der[der.len() - 2 * 68..der.len() - 2 * 64],
            "03420004",
            "{spec}: an uncompressed point ends the key"
        );
    }
}

#[test]
fn spki_parsing_takes_only_the_canonical_encoding() {
    for spec in [
        KeySpec::Rsa2048,
        KeySpec::Rsa3072,
        KeySpec::EcP256,
        KeySpec::EcP256K,
    ] {
        let der = key(spec).public_key().to_spki_der().unwrap();
        assert_eq!(PublicKey::from_spki_der(&der).unwrap().spec(), spec);
    }
    // The P-256 key with its point compressed (02/03 || x): same key, another encoding.
    let der = key(KeySpec::EcP256).public_key().to_spki_der().unwrap();
    let (head, point) = der.split_at(der.len() - 65);
    let y_odd = point[64] & 1;
    let mut compressed = head[..head.len() - 3].to_vec();
    compressed[1] -= 32; // the outer SEQUENCE is 32 bytes shorter
    compressed.extend([0x03, 0x22, 0x00, 0x02 | y_odd]);
    compressed.extend(&point[1..33]);
    assert_eq!(compressed.len(), der.len() - 32);
    assert_eq!(
        &PublicKey::from_any_spki_der(&compressed).unwrap(),
        key(KeySpec::EcP256).public_key(),
        "the crates read the compressed form"
    );
    assert_eq!(
        PublicKey::from_spki_der(&compressed),
        Err(AsymmetricError::InvalidPublicKey)
    );
}

#[test]
fn pem_decoding_is_strict_about_the_block() {
    let pk = key(KeySpec::EcP256).public_key();
    let pem = pk.to_pem().unwrap();
    assert_eq!(&PublicKey::from_pem(&pem).unwrap(), pk);
    assert_eq!(
        &PublicKey::from_pem(&pem.replace('\n', "\r\n")).unwrap(),
        pk
    );
    assert_eq!(&PublicKey::from_pem(pem.trim_end()).unwrap(), pk);
    for bad in [
        pem.replace("PUBLIC KEY", "RSA PUBLIC KEY"),
        format!("x\n{pem}"),
        format!("{pem}trailing\n"),
        pem.replace("-----END PUBLIC KEY-----\n", ""),
        pem.replacen('M', "*", 1),
    ] {
        assert_eq!(
            PublicKey::from_pem(&bad),
            Err(AsymmetricError::InvalidPem),
            "{bad:?}"
        );
    }
}

#[test]
fn public_key_blobs_follow_d_118() {
    let rsa2048 = STANDARD.encode(key(KeySpec::Rsa2048).public_key().to_spki_der().unwrap());
    let parsed = parse_public_key_blob(&rsa2048, WrappingKeySpec::Rsa2048).unwrap();
    assert_eq!(&parsed, key(KeySpec::Rsa2048).public_key());
    let pem = key(KeySpec::Rsa2048).public_key().to_pem().unwrap();
    assert_eq!(
        parse_public_key_blob(&pem, WrappingKeySpec::Rsa2048),
        Err(AsymmetricError::NotBase64)
    );
    // PKCS#1 RSAPublicKey: the BIT STRING content of the SPKI (after its 24-byte header).
    let der = key(KeySpec::Rsa2048).public_key().to_spki_der().unwrap();
    let pkcs1 = STANDARD.encode(&der[24..]);
    assert_eq!(
        parse_public_key_blob(&pkcs1, WrappingKeySpec::Rsa2048),
        Err(AsymmetricError::InvalidPublicKey)
    );
    let mut trailing = der.clone();
    trailing.push(0);
    assert_eq!(
        parse_public_key_blob(&STANDARD.encode(&trailing), WrappingKeySpec::Rsa2048),
        Err(AsymmetricError::InvalidPublicKey)
    );
    for spec in [KeySpec::Rsa3072, KeySpec::EcP256, KeySpec::EcP256K] {
        let blob = STANDARD.encode(key(spec).public_key().to_spki_der().unwrap());
        assert_eq!(
            parse_public_key_blob(&blob, WrappingKeySpec::Rsa2048),
            Err(AsymmetricError::WrongKeySpec(KeySpec::Rsa2048)),
            "{spec}"
        );
    }
    assert_eq!(
        parse_public_key_blob(&rsa2048, WrappingKeySpec::EcSm2),
        Err(AsymmetricError::Unsupported)
    );
    assert_eq!(
        parse_public_key_blob("", WrappingKeySpec::Rsa2048),
        Err(AsymmetricError::InvalidPublicKey)
    );
    // What the blob wraps decrypts with the private half (ExportDataKey).
    let wrapped = parsed
        .encrypt(A::RsaesOaepSha256, &[7; 32], &rng())
        .unwrap();
    assert_eq!(
        key(KeySpec::Rsa2048)
            .decrypt(A::RsaesOaepSha256, &wrapped, &rng())
            .unwrap(),
        [7; 32]
    );
}

#[test]
fn digests_must_be_base64_of_32_bytes() {
    assert_eq!(decode_digest(&STANDARD.encode([3u8; 32])), Ok([3u8; 32]));
    assert_eq!(
        decode_digest(&STANDARD.encode([3u8; 31])),
        Err(AsymmetricError::DigestLength(31))
    );
    assert_eq!(
        decode_digest(&STANDARD.encode([3u8; 48])),
        Err(AsymmetricError::DigestLength(48))
    );
    assert_eq!(
        decode_digest("not base64!"),
        Err(AsymmetricError::NotBase64)
    );
    assert_eq!(
        decode_base64("AAE"),
        Err(AsymmetricError::NotBase64),
        "padding is required"
    );
    for spec in [KeySpec::Rsa2048, KeySpec::EcP256] {
        let alg = AsymmetricAlgorithm::for_key(spec, KeyUsage::SignVerify)[0];
        assert_eq!(
            key(spec).sign(alg, &[0; 20], &rng()),
            Err(AsymmetricError::DigestLength(20))
        );
        assert_eq!(
            key(spec).public_key().verify(alg, &[0; 33], b"x"),
            Err(AsymmetricError::DigestLength(33))
        );
    }
}

#[test]
fn algorithms_that_do_not_fit_the_key_are_refused() {
    let digest = [1u8; 32];
    let rsa = key(KeySpec::Rsa2048);
    let ec = key(KeySpec::EcP256);
    let mismatch = |algorithm, spec| AsymmetricError::AlgorithmMismatch { algorithm, spec };
    assert_eq!(
        rsa.sign(A::EcdsaSha256, &digest, &rng()),
        Err(mismatch(A::EcdsaSha256, KeySpec::Rsa2048))
    );
    assert_eq!(
        rsa.sign(A::RsaesOaepSha256, &digest, &rng()),
        Err(mismatch(A::RsaesOaepSha256, KeySpec::Rsa2048))
    );
    assert_eq!(
        ec.sign(A::RsaPssSha256, &digest, &rng()),
        Err(mismatch(A::RsaPssSha256, KeySpec::EcP256))
    );
    assert_eq!(
        ec.public_key().encrypt(A::RsaesOaepSha1, b"x", &rng()),
        Err(mismatch(A::RsaesOaepSha1, KeySpec::EcP256))
    );
    assert_eq!(
        ec.decrypt(A::RsaesOaepSha1, &[0; 64], &rng()),
        Err(mismatch(A::RsaesOaepSha1, KeySpec::EcP256))
    );
    assert_eq!(
        rsa.public_key().verify(A::RsaesOaepSha1, &digest, &[]),
        Err(mismatch(A::RsaesOaepSha1, KeySpec::Rsa2048))
    );
    assert_eq!(
        ec.public_key().max_plaintext(A::RsaesOaepSha256),
        Err(mismatch(A::RsaesOaepSha256, KeySpec::EcP256))
    );
    // SM2 (D-114).
    assert_eq!(
        rsa.sign(A::Sm2Dsa, &digest, &rng()),
        Err(AsymmetricError::Unsupported)
    );
    assert_eq!(
        rsa.public_key().encrypt(A::Sm2Pke, b"x", &rng()),
        Err(AsymmetricError::Unsupported)
    );
    assert_eq!(
        KeyPair::generate(KeySpec::EcSm2, &rng()).map(|_| ()),
        Err(AsymmetricError::Unsupported)
    );
    assert_eq!(
        KeyPair::generate(KeySpec::AliyunAes256, &rng()).map(|_| ()),
        Err(AsymmetricError::NotAsymmetric(KeySpec::AliyunAes256))
    );
}

#[test]
fn generation_is_determined_by_the_injected_randomness() {
    for spec in [KeySpec::EcP256, KeySpec::EcP256K, KeySpec::Rsa2048] {
        let a = KeyPair::generate(spec, &SeededRandom::new(5)).unwrap();
        let b = KeyPair::generate(spec, &SeededRandom::new(5)).unwrap();
        let c = KeyPair::generate(spec, &SeededRandom::new(6)).unwrap();
        assert_eq!(a.public_key(), b.public_key(), "{spec}");
        assert_ne!(a.public_key(), c.public_key(), "{spec}");
    }
}

#[test]
fn rsa_public_exponent_is_65537() {
    use rsa::traits::PublicKeyParts as _;
    for spec in [KeySpec::Rsa2048, KeySpec::Rsa3072] {
        let Private::Rsa(private) = &key(spec).private else {
            panic!("an RSA key")
        };
        assert_eq!(&*private.e_bytes(), &[1, 0, 1]);
        assert_eq!(
            rsa_keys::modulus_bits(private.as_public_key()),
            if spec == KeySpec::Rsa2048 { 2048 } else { 3072 }
        );
    }
}

#[test]
fn ecdsa_is_deterministic_der_and_accepts_high_s() {
    let digest = [0x42u8; 32];
    for spec in [KeySpec::EcP256, KeySpec::EcP256K] {
        let k = key(spec);
        let a = k
            .sign(A::EcdsaSha256, &digest, &SeededRandom::new(1))
            .unwrap();
        let b = k
            .sign(A::EcdsaSha256, &digest, &SeededRandom::new(2))
            .unwrap();
        assert_eq!(a, b, "{spec}: RFC 6979 ignores the RNG");
        assert_eq!(a.first(), Some(&0x30), "{spec}: a DER SEQUENCE");
        assert_eq!(
            usize::from(a[1]) + 2,
            a.len(),
            "{spec}: one definite short length"
        );
        let flipped = flip_s(spec, &a);
        assert_ne!(flipped, a);
        assert!(
            k.public_key().verify(A::EcdsaSha256, &digest, &a).unwrap(),
            "{spec}"
        );
        assert!(
            k.public_key()
                .verify(A::EcdsaSha256, &digest, &flipped)
                .unwrap(),
            "{spec}: the other S verifies too"
        );
    }
}

/// The same signature with s replaced by n − s (low S becomes high S and back).
fn flip_s(spec: KeySpec, der: &[u8]) -> Vec<u8> {
    match spec {
        KeySpec::EcP256 => {
            let sig = p256::ecdsa::Signature::from_der(der).unwrap();
            let (r, s) = sig.split_scalars();
            let flipped =
                p256::ecdsa::Signature::from_scalars(r.to_bytes(), (-*s).to_bytes()).unwrap();
            flipped.to_der().as_bytes().to_vec()
        }
        _ => {
            let sig = k256::ecdsa::Signature::from_der(der).unwrap();
            let (r, s) = sig.split_scalars();
            let flipped =
                k256::ecdsa::Signature::from_scalars(r.to_bytes(), (-*s).to_bytes()).unwrap();
            flipped.to_der().as_bytes().to_vec()
        }
    }
}

#[test]
fn pss_verifies_with_salt_32_only() {
    use rsa::pss::SigningKey;
    use rsa::signature::SignatureEncoding as _;
    use rsa::signature::hazmat::RandomizedPrehashSigner as _;
    let digest = [9u8; 32];
    let k = key(KeySpec::Rsa2048);
    let Private::Rsa(private) = &k.private else {
        panic!("an RSA key")
    };
    for (salt, verifies) in [(32, true), (20, false), (0, false), (64, false)] {
        let signer = SigningKey::<sha2::Sha256>::new_with_salt_len(private.clone(), salt);
        let sig = signer
            .sign_prehash_with_rng(&mut crate::random::RngAdapter(&rng()), &digest)
            .unwrap()
            .to_vec();
        assert_eq!(
            k.public_key().verify(A::RsaPssSha256, &digest, &sig),
            Ok(verifies),
            "salt {salt}"
        );
    }
    // Two signatures of the digest, from different randomness.
    let twice = |alg| {
        let sign = |seed| k.sign(alg, &digest, &SeededRandom::new(seed)).unwrap();
        (sign(1), sign(2))
    };
    // Our own PSS signatures are randomised by the salt: two differ, both verify.
    let (a, b) = twice(A::RsaPssSha256);
    assert_ne!(a, b);
    assert_eq!(
        k.public_key().verify(A::RsaPssSha256, &digest, &b),
        Ok(true)
    );
    // PKCS#1 v1.5 is deterministic.
    let (a, b) = twice(A::RsaPkcs1Sha256);
    assert_eq!(a, b);
    assert_eq!(
        k.public_key().verify(A::RsaPssSha256, &digest, &a),
        Ok(false),
        "a PKCS#1 value is no PSS value"
    );
}

#[test]
fn malformed_signatures_are_false_not_errors() {
    let digest = [5u8; 32];
    for spec in [KeySpec::Rsa2048, KeySpec::EcP256, KeySpec::EcP256K] {
        for &alg in AsymmetricAlgorithm::for_key(spec, KeyUsage::SignVerify) {
            for sig in [
                &[][..],
                &[0x30, 0x00],
                &[0xff; 7],
                &[0u8; 256],
                &[0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00],
            ] {
                assert_eq!(
                    key(spec).public_key().verify(alg, &digest, sig),
                    Ok(false),
                    "{spec} {alg} {sig:?}"
                );
            }
        }
    }
}

#[test]
fn debug_shows_no_key_material() {
    for spec in [KeySpec::Rsa2048, KeySpec::EcP256, KeySpec::EcP256K] {
        let text = format!("{:?} {:?}", key(spec), key(spec).public_key());
        assert_eq!(
            text,
            format!("KeyPair {{ spec: {spec:?}, .. }} PublicKey {{ spec: {spec:?}, .. }}")
        );
    }
}

#[test]
fn ecdsa_p256_matches_the_rfc_6979_vector() {
    // RFC 6979 §A.2.5 (P-256, SHA-256, message "sample"): the deterministic k gives this r, s.
    let x = "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721";
    let x: Vec<u8> = (0..x.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&x[i..i + 2], 16).unwrap())
        .collect();
    let signing = p256::ecdsa::SigningKey::from_slice(&x).unwrap();
    let pair = KeyPair {
        public: PublicKey::ec(
            KeySpec::EcP256,
            ec_keys::EcVerifying::P256(*signing.verifying_key()),
        ),
        private: Private::Ec(EcSigning::P256(signing)),
    };
    let digest: [u8; 32] = <sha2::Sha256 as sha2::Digest>::digest(b"sample").into();
    let sig = pair.sign(A::EcdsaSha256, &digest, &rng()).unwrap();
    let sig = p256::ecdsa::Signature::from_der(&sig).unwrap();
    assert_eq!(
        hex(&sig.to_bytes()),
        "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716\
         f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8"
    );
    let der = hex(&pair.public_key().to_spki_der().unwrap());
    assert!(
        der.ends_with(
            "0460fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6\
         7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299"
        ),
        "the public key Ux, Uy of the vector"
    );
}
