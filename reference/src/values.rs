//! The enumerated values of request parameters (`KeySpec`, `Origin`, ...), with their wire
//! spellings: a leaf, so that both the typed requests and the API descriptions can name them.

macro_rules! wire_enum {
    ($(#[$doc:meta])* $name:ident { $( $variant:ident => $text:literal ),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $( #[doc = concat!("`", $text, "`")] $variant, )*
        }

        impl $name {
            /// Every value.
            pub const ALL: &'static [$name] = &[ $( $name::$variant, )* ];

            /// Every value's wire spelling, in the order of [`Self::ALL`].
            pub const NAMES: &'static [&'static str] = &[ $( $text, )* ];

            /// The wire spelling.
            pub fn as_str(self) -> &'static str {
                match self { $( $name::$variant => $text, )* }
            }

            /// Parses the wire spelling (case-sensitive).
            pub fn parse(text: &str) -> Option<$name> {
                match text { $( $text => Some($name::$variant), )* _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

wire_enum!(
    /// The `KeySpec` of a customer master key.
    KeySpec {
        AliyunAes256 => "Aliyun_AES_256",
        AliyunSm4 => "Aliyun_SM4",
        Rsa2048 => "RSA_2048",
        Rsa3072 => "RSA_3072",
        EcP256 => "EC_P256",
        EcP256K => "EC_P256K",
        EcSm2 => "EC_SM2",
    }
);

impl KeySpec {
    /// Whether the spec is a symmetric one.
    pub fn is_symmetric(self) -> bool {
        matches!(self, KeySpec::AliyunAes256 | KeySpec::AliyunSm4)
    }
}

wire_enum!(
    /// The `KeyUsage` of a key.
    KeyUsage {
        EncryptDecrypt => "ENCRYPT/DECRYPT",
        SignVerify => "SIGN/VERIFY",
    }
);

wire_enum!(
    /// Where a key's material comes from.
    Origin {
        AliyunKms => "Aliyun_KMS",
        External => "EXTERNAL",
    }
);

wire_enum!(
    /// The protection level of a key.
    ProtectionLevel {
        Software => "SOFTWARE",
        Hsm => "HSM",
    }
);

wire_enum!(
    /// How imported key material is wrapped.
    WrappingAlgorithm {
        RsaesPkcs1V15 => "RSAES_PKCS1_V1_5",
        RsaesOaepSha1 => "RSAES_OAEP_SHA_1",
        RsaesOaepSha256 => "RSAES_OAEP_SHA_256",
        Sm2Pke => "SM2PKE",
    }
);

wire_enum!(
    /// The spec of the wrapping public key.
    WrappingKeySpec {
        Rsa2048 => "RSA_2048",
        EcSm2 => "EC_SM2",
    }
);

wire_enum!(
    /// The `KeySpec` of GenerateDataKey.
    DataKeySpec {
        Aes256 => "AES_256",
        Aes128 => "AES_128",
    }
);

/// `ResourceType` of the newer tag APIs (docs/spec/keys-v2.md §5.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ResourceType {
    /// `key`: customer master keys.
    Key,
    /// `secret`: Secrets Manager secrets (none in the reference yet).
    Secret,
}

impl ResourceType {
    /// The wire values.
    pub const NAMES: &'static [&'static str] = &["key", "secret"];

    /// The wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            ResourceType::Key => "key",
            ResourceType::Secret => "secret",
        }
    }

    /// Parses the wire spelling (case-sensitive).
    pub fn parse(text: &str) -> Option<ResourceType> {
        match text {
            "key" => Some(ResourceType::Key),
            "secret" => Some(ResourceType::Secret),
            _ => None,
        }
    }
}

impl std::fmt::Display for ResourceType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

wire_enum!(
    /// A secret's `SecretDataType` (docs/spec/secrets.md §4.1): a label only, binary data is
    /// kept verbatim (docs/spec/decisions.md D-211).
    SecretDataType {
        Text => "text",
        Binary => "binary",
    }
);

wire_enum!(
    /// A secret's `SecretType` (docs/spec/secrets.md §3).
    SecretType {
        Generic => "Generic",
        Rds => "Rds",
        Redis => "Redis",
        PolarDb => "PolarDB",
        RamCredentials => "RAMCredentials",
        Ecs => "ECS",
    }
);

wire_enum!(
    /// The `Algorithm` of the asymmetric APIs (keys-v2.md §3.3, §3.4), also the
    /// `SourceEncryptionAlgorithm` of ReEncrypt and the `WrappingAlgorithm` of ExportDataKey.
    AsymmetricAlgorithm {
        RsaesOaepSha256 => "RSAES_OAEP_SHA_256",
        RsaesOaepSha1 => "RSAES_OAEP_SHA_1",
        Sm2Pke => "SM2PKE",
        RsaPssSha256 => "RSA_PSS_SHA_256",
        RsaPkcs1Sha256 => "RSA_PKCS1_SHA_256",
        EcdsaSha256 => "ECDSA_SHA_256",
        Sm2Dsa => "SM2DSA",
    }
);

impl AsymmetricAlgorithm {
    /// The key usage the algorithm serves: encryption or signing.
    pub fn usage(self) -> KeyUsage {
        match self {
            AsymmetricAlgorithm::RsaesOaepSha256
            | AsymmetricAlgorithm::RsaesOaepSha1
            | AsymmetricAlgorithm::Sm2Pke => KeyUsage::EncryptDecrypt,
            AsymmetricAlgorithm::RsaPssSha256
            | AsymmetricAlgorithm::RsaPkcs1Sha256
            | AsymmetricAlgorithm::EcdsaSha256
            | AsymmetricAlgorithm::Sm2Dsa => KeyUsage::SignVerify,
        }
    }

    /// Whether the reference implements the algorithm: the SM2 ones are recognised but
    /// refused (D-114).
    pub fn is_supported(self) -> bool {
        !matches!(
            self,
            AsymmetricAlgorithm::Sm2Pke | AsymmetricAlgorithm::Sm2Dsa
        )
    }

    /// The algorithms documented for a key of `spec` and `usage` (keys-v2.md §3.1), SM2 ones
    /// included; empty for symmetric specs and for usages the spec does not allow.
    pub fn for_key(spec: KeySpec, usage: KeyUsage) -> &'static [AsymmetricAlgorithm] {
        use AsymmetricAlgorithm as A;
        match (spec, usage) {
            (KeySpec::Rsa2048 | KeySpec::Rsa3072, KeyUsage::EncryptDecrypt) => {
                &[A::RsaesOaepSha256, A::RsaesOaepSha1]
            }
            (KeySpec::Rsa2048 | KeySpec::Rsa3072, KeyUsage::SignVerify) => {
                &[A::RsaPssSha256, A::RsaPkcs1Sha256]
            }
            (KeySpec::EcP256 | KeySpec::EcP256K, KeyUsage::SignVerify) => &[A::EcdsaSha256],
            (KeySpec::EcSm2, KeyUsage::EncryptDecrypt) => &[A::Sm2Pke],
            (KeySpec::EcSm2, KeyUsage::SignVerify) => &[A::Sm2Dsa],
            _ => &[],
        }
    }

    /// Whether the algorithm is documented for a key of `spec` and `usage`.
    pub fn fits(self, spec: KeySpec, usage: KeyUsage) -> bool {
        AsymmetricAlgorithm::for_key(spec, usage).contains(&self)
    }

    /// The wire spellings of the encryption algorithms (keys-v2.md §3.3): the values of
    /// ReEncrypt's `SourceEncryptionAlgorithm` and of the `WrappingAlgorithm` of ExportDataKey
    /// and GenerateAndExportDataKey (keys-v2.md §4.1, §4.2).
    pub const ENCRYPTION_NAMES: &'static [&'static str] =
        &["RSAES_OAEP_SHA_256", "RSAES_OAEP_SHA_1", "SM2PKE"];

    /// Parses the wire spelling of an encryption algorithm; a signature algorithm is `None`.
    pub fn parse_encryption(text: &str) -> Option<AsymmetricAlgorithm> {
        AsymmetricAlgorithm::parse(text).filter(|a| a.usage() == KeyUsage::EncryptDecrypt)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encryption_names_are_exactly_the_encryption_algorithms() {
        let encryption: Vec<&str> = AsymmetricAlgorithm::ALL
            .iter()
            .filter(|a| a.usage() == KeyUsage::EncryptDecrypt)
            .map(|a| a.as_str())
            .collect();
        assert_eq!(encryption, AsymmetricAlgorithm::ENCRYPTION_NAMES);
        for name in AsymmetricAlgorithm::NAMES {
            let parsed = AsymmetricAlgorithm::parse_encryption(name);
            assert_eq!(parsed.is_some(), encryption.contains(name), "{name}");
        }
    }
}
