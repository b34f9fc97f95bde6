//! The APIs the reference serves, by name, with the per-API facts that are data rather than
//! behaviour: the ActionTrail read/write class and which `KeyId` forms each accepts.

use std::fmt;

macro_rules! apis {
    ($( $variant:ident => $rw:ident, $alias:literal; )*) => {
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

            /// Whether ActionTrail classes the API as `Read` (otherwise `Write`).
            pub fn is_read(self) -> bool {
                match self { $( Api::$variant => apis!(@rw $rw), )* }
            }

            /// Whether `KeyId` may be an alias (`alias/...`) for this API. Where the docs list
            /// alias substitution (the alias overview and the current metadata) it is accepted;
            /// elsewhere an alias is answered with `Unsupported.Alias` (docs/spec/decisions.md D-018).
            pub fn accepts_alias(self) -> bool {
                match self { $( Api::$variant => $alias, )* }
            }
        }
    };
    (@rw Read) => { true };
    (@rw Write) => { false };
}

apis! {
    DescribeRegions => Read, false;
    ListKeys => Read, false;
    CreateKey => Write, false;
    DescribeKey => Read, true;
    UpdateKeyDescription => Write, false;
    EnableKey => Write, false;
    DisableKey => Write, false;
    ScheduleKeyDeletion => Write, false;
    CancelKeyDeletion => Write, false;
    GetParametersForImport => Read, false;
    ImportKeyMaterial => Write, false;
    DeleteKeyMaterial => Write, false;
    Encrypt => Read, true;
    GenerateDataKey => Read, true;
    GenerateDataKeyWithoutPlaintext => Read, true;
    Decrypt => Read, false;
    ListAliases => Read, false;
    CreateAlias => Write, false;
    UpdateAlias => Write, false;
    DeleteAlias => Write, false;
    ListAliasesByKeyId => Read, false;
    TagResource => Write, true;
    UntagResource => Write, true;
    ListResourceTags => Read, true;
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
        assert_eq!(Api::ALL.len(), 24);
        for &api in Api::ALL {
            assert_eq!(Api::from_name(api.name()), Some(api));
        }
        assert_eq!(Api::from_name("encrypt"), None);
    }
}
