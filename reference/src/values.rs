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
