//! The KMS APIs the reference serves, by name; what each one is lives in its
//! [`Description`](description::Description).

mod description;

use std::fmt;

pub use description::{Description, Kind, Param, Presence, Resources, StateRow};
pub(crate) use description::{is_known_parameter, is_secret_parameter};

macro_rules! apis {
    ($( $variant:ident, )*) => {
        /// One KMS API (action) of version 2016-01-20.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Api {
            $(
                #[doc = concat!("`", stringify!($variant), "`")]
                $variant,
            )*
        }

        impl Api {
            /// Every API, in the order of docs/spec/kms-api.md §2.
            pub const ALL: &'static [Api] = &[ $( Api::$variant, )* ];

            /// The action name as it travels in `Action` / `x-acs-action`.
            pub fn name(self) -> &'static str {
                match self { $( Api::$variant => stringify!($variant), )* }
            }

            /// Looks an API up by its action name (case-sensitive, as the service is).
            pub fn from_name(name: &str) -> Option<Api> {
                match name { $( stringify!($variant) => Some(Api::$variant), )* _ => None }
            }
        }
    };
}

apis! {
    DescribeRegions,
    ListKeys,
    CreateKey,
    DescribeKey,
    UpdateKeyDescription,
    EnableKey,
    DisableKey,
    ScheduleKeyDeletion,
    CancelKeyDeletion,
    GetParametersForImport,
    ImportKeyMaterial,
    DeleteKeyMaterial,
    Encrypt,
    GenerateDataKey,
    GenerateDataKeyWithoutPlaintext,
    Decrypt,
    ListAliases,
    CreateAlias,
    UpdateAlias,
    DeleteAlias,
    ListAliasesByKeyId,
    TagResource,
    UntagResource,
    ListResourceTags,
    // Key versions and rotation (docs/spec/keys-v2.md §2).
    CreateKeyVersion,
    DescribeKeyVersion,
    ListKeyVersions,
    UpdateRotationPolicy,
    // Newer tag APIs, deletion protection, key policies (docs/spec/keys-v2.md §5).
    TagResources,
    UntagResources,
    ListTagResources,
    SetDeletionProtection,
    GetKeyPolicy,
    SetKeyPolicy,
    // Asymmetric keys (docs/spec/keys-v2.md §3).
    AsymmetricEncrypt,
    AsymmetricDecrypt,
    AsymmetricSign,
    AsymmetricVerify,
    GetPublicKey,
    // ReEncrypt and data-key export (docs/spec/keys-v2.md §4).
    ReEncrypt,
    ExportDataKey,
    GenerateAndExportDataKey,
    // Secrets Manager (docs/spec/secrets.md §4).
    CreateSecret,
    GetSecretValue,
    BatchGetSecretValue,
    PutSecretValue,
    UpdateSecretVersionStage,
    ListSecretVersionIds,
    DescribeSecret,
    ListSecrets,
    UpdateSecret,
    DeleteSecret,
    RestoreSecret,
    RotateSecret,
    UpdateSecretRotationPolicy,
    GetSecretPolicy,
    SetSecretPolicy,
    GetRandomPassword,
}

impl fmt::Display for Api {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        assert_eq!(Api::ALL.len(), 58);
        for &api in Api::ALL {
            assert_eq!(Api::from_name(api.name()), Some(api));
        }
        assert_eq!(Api::from_name("encrypt"), None);
    }
}
