//! One description per KMS API: the facts that are data rather than behaviour. The decoder
//! checks parameters in the order given here, the authorizer names the resources the
//! description says, the state check reads the API's row of the state × API matrix, the
//! trail takes its read/write class, and redaction drops the parameters marked secret. Adding
//! an API means one entry here, its typed request and handler, and scenarios.

use crate::api::Api;
use crate::error::ErrorCode;
use crate::values::{
    AsymmetricAlgorithm, DataKeySpec, KeySpec, KeyUsage, Origin, ProtectionLevel, ResourceType,
    SecretDataType, SecretType, WrappingAlgorithm, WrappingKeySpec,
};

/// What an API is, beyond its name.
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub struct Description {
    /// ActionTrail's class: `Read` when true, `Write` otherwise.
    pub read: bool,
    /// Whether `KeyId` may be an alias (`alias/...`). Where the docs list alias substitution
    /// it is accepted; elsewhere an alias is `Unsupported.Alias` (docs/spec/decisions.md D-018).
    pub accepts_alias: bool,
    /// Whether the API takes `DryRun` (docs/spec/kms-api.md §1.7).
    pub dry_run: bool,
    /// Whether the API is a symmetric cryptographic operation (it sets the
    /// `kms:EncryptionAlgorithm` condition key).
    pub symmetric_crypto: bool,
    /// Whether the API is an asymmetric encryption (its `Algorithm` is the
    /// `kms:EncryptionAlgorithm` condition key, docs/spec/keys-v2.md §6).
    pub asymmetric_encryption: bool,
    /// The resources RAM authorizes the call on.
    pub resources: Resources,
    /// The API's row of the state × API matrix, for the key it acts on; `None` when it acts
    /// on no existing key.
    pub states: Option<StateRow>,
    /// The business parameters, in the order they are checked.
    pub params: &'static [Param],
    /// Whether the API is one of Secrets Manager's (docs/spec/secrets.md §4): it acts on
    /// secrets, not keys, so the key state × API matrix has no row for it.
    pub secrets: bool,
}

/// The resources an API acts on, and the parameters that name them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Resources {
    /// Nothing: any caller may call (DescribeRegions).
    None,
    /// The account's key container, `acs:kms:<region>:<account>:key`.
    KeyContainer,
    /// The account's alias container, `acs:kms:<region>:<account>:alias`.
    AliasContainer,
    /// The key named by `KeyId` (an id, an ARN, or an alias where accepted).
    Key,
    /// The alias named by `AliasName`, then the key named by `KeyId`.
    AliasAndKey,
    /// The alias named by `AliasName`, and the key it points at when it exists.
    AliasAndItsKey,
    /// The key whose version made the `CiphertextBlob`.
    KeyOfBlob,
    /// Each resource `ResourceId.N` names, of the `ResourceType` (the newer tag APIs); the
    /// type's container when no id is given.
    TaggedResources,
    /// The key named by `KeyId`, or else by `ProtectedResourceArn` (SetDeletionProtection).
    ProtectedKey,
    /// ReEncrypt: the source key under `kms:ReEncryptFrom` (the key of the blob, or
    /// `SourceKeyId` for an asymmetric source), then the key named by `DestinationKeyId` under
    /// `kms:ReEncryptTo` (docs/spec/keys-v2.md §6).
    ReEncryptKeys,
    /// The account's secret container, `acs:kms:<region>:<account>:secret`
    /// (docs/spec/secrets.md §8).
    SecretContainer,
    /// The secret named by `SecretName` (a name or a secret ARN),
    /// `acs:kms:<region>:<account>:secret/<name>` (docs/spec/secrets.md §1.4, §8).
    Secret,
    /// No resource type: the action is authorized on `acs:kms:<region>:<account>:*`
    /// (GetRandomPassword, docs/spec/secrets.md §8).
    Unscoped,
}

/// The answer of an API for a key in each state: `None` for success, else the refusal.
/// Columns: Enabled, Disabled, PendingDeletion, PendingImport.
pub type StateRow = [Option<ErrorCode>; 4];

/// One business parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Param {
    /// The wire name.
    pub name: &'static str,
    /// Its type.
    pub kind: Kind,
    /// Whether it must be given.
    pub presence: Presence,
    /// Whether its value is secret: never written to an audit event (docs/spec/decisions.md
    /// D-049).
    pub secret: bool,
}

/// Whether a parameter must be given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Presence {
    /// May be absent; an empty value counts as absent.
    Optional,
    /// Must be given and non-empty (`MissingParameter` otherwise).
    Required,
    /// Must be given, and may be empty.
    Present,
}

/// The syntax of a parameter's value, checked when it is decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Kind {
    /// Any text.
    Text,
    /// A decimal integer.
    Integer,
    /// `true` or `false` (any case).
    Boolean,
    /// One of the listed wire values (case-sensitive).
    Choice(&'static [&'static str]),
    /// An EncryptionContext (also `SourceEncryptionContext`, `DestinationEncryptionContext`):
    /// a JSON object of strings, at most 8192 characters.
    Context,
    /// A JSON array of `{"TagKey","TagValue"}` objects.
    Tags,
    /// A JSON array of strings.
    StringList,
    /// A JSON array of `{"Key","Values"}` objects (ListKeys).
    Filters,
    /// A documented parameter for resources the reference does not hold; any value is
    /// refused with `InvalidParameter` and the reason.
    Refused(&'static str),
    /// A repeat list of strings, `<Name>.1`, `<Name>.2`, ... (docs/spec/keys-v2.md §1.2).
    RepeatList,
    /// A repeat list of tags, `<Name>.N.Key` and `<Name>.N.Value` (docs/spec/keys-v2.md §1.2).
    RepeatTags,
}

impl Param {
    /// Whether the wire parameter `wire` is this parameter: its name, or for a repeat list
    /// one of its numbered items (`ResourceId.3`, `Tag.2.Key`).
    pub fn names(&self, wire: &str) -> bool {
        match self.kind {
            Kind::RepeatList => repeat_index(self.name, wire).is_some_and(|rest| rest.is_empty()),
            Kind::RepeatTags => {
                repeat_index(self.name, wire).is_some_and(|rest| rest == ".Key" || rest == ".Value")
            }
            _ => wire == self.name,
        }
    }
}

/// For `wire` = `<name>.<digits><rest>`, `rest`.
fn repeat_index<'a>(name: &str, wire: &'a str) -> Option<&'a str> {
    let tail = wire.strip_prefix(name)?.strip_prefix('.')?;
    let digits = tail.bytes().take_while(u8::is_ascii_digit).count();
    (digits > 0).then(|| tail.get(digits..)).flatten()
}

const fn optional(name: &'static str, kind: Kind) -> Param {
    Param {
        name,
        kind,
        presence: Presence::Optional,
        secret: false,
    }
}

const fn required(name: &'static str, kind: Kind) -> Param {
    Param {
        name,
        kind,
        presence: Presence::Required,
        secret: false,
    }
}

const fn secret(param: Param) -> Param {
    Param {
        secret: true,
        ..param
    }
}

const KEY_ID: Param = required("KeyId", Kind::Text);
const ALIAS_NAME: Param = required("AliasName", Kind::Text);
const PAGE_NUMBER: Param = optional("PageNumber", Kind::Integer);
const PAGE_SIZE: Param = optional("PageSize", Kind::Integer);
const CONTEXT: Param = optional("EncryptionContext", Kind::Context);
const KEYS_ONLY: &str = "the reference manages keys only; use KeyId";
/// The older tag APIs tag keys only here; secrets are tagged with the newer ones.
const SECRET_NAME: Param = optional(
    "SecretName",
    Kind::Refused(
        "the older tag APIs tag keys here; tag a secret with TagResources and \
         ResourceType=secret",
    ),
);
const CERTIFICATE_ID: Param = optional("CertificateId", Kind::Refused(KEYS_ONLY));
/// Attestation (`Recipient`, answered with `CiphertextForRecipient`) needs an enclave the
/// reference does not have (docs/spec/decisions.md D-065).
const RECIPIENT: Param = optional(
    "Recipient",
    Kind::Refused(
        "the reference has no trusted execution environment to attest; call without Recipient",
    ),
);
const RESOURCE_TYPE: Param = required("ResourceType", Kind::Choice(ResourceType::NAMES));
const POLICY_NAME: Param = optional("PolicyName", Kind::Text);
const KEY_VERSION_ID: Param = required("KeyVersionId", Kind::Text);
const ALGORITHM: Param = required("Algorithm", Kind::Choice(AsymmetricAlgorithm::NAMES));
/// The payloads of the asymmetric calls never reach the trail (docs/spec/decisions.md D-127).
const DIGEST: Param = secret(required("Digest", Kind::Text));
const DATA_KEY: &[Param] = &[
    KEY_ID,
    optional("KeySpec", Kind::Choice(DataKeySpec::NAMES)),
    optional("NumberOfBytes", Kind::Integer),
    CONTEXT,
];
/// The public key a data key is exported under (docs/spec/keys-v2.md §4.2; D-118). The blob is
/// a payload: never in an event (D-127).
const PUBLIC_KEY_BLOB: Param = secret(required("PublicKeyBlob", Kind::Text));
const WRAPPING_KEY_SPEC: Param = required("WrappingKeySpec", Kind::Choice(WrappingKeySpec::NAMES));
const EXPORT_WRAPPING_ALGORITHM: Param = required(
    "WrappingAlgorithm",
    Kind::Choice(AsymmetricAlgorithm::ENCRYPTION_NAMES),
);
const DATA_KEY_WITH_RECIPIENT: &[Param] = &[
    KEY_ID,
    optional("KeySpec", Kind::Choice(DataKeySpec::NAMES)),
    optional("NumberOfBytes", Kind::Integer),
    CONTEXT,
    RECIPIENT,
];

use ErrorCode::{
    RejectedDisabled as DIS, RejectedPendingDeletion as PDEL, RejectedPendingImport as PIMP,
    RejectedStateModifiedFailed as SMF,
};
/// Cryptography, new versions and rotation policies need an Enabled key; so do the asymmetric
/// calls and GetPublicKey (docs/spec/decisions.md D-130, D-107).
const CRYPTO: Option<StateRow> = Some([None, Some(DIS), Some(PDEL), Some(PIMP)]);
/// Reads and alias removal work in every state.
const ANY_STATE: Option<StateRow> = Some([None; 4]);
/// Changes to a key's attributes, refused once deletion is scheduled.
const NOT_PENDING_DELETION: Option<StateRow> = Some([None, None, Some(PDEL), None]);
/// Changes to the key's lifecycle that a scheduled deletion blocks.
const LIFECYCLE: Option<StateRow> = Some([None, None, Some(SMF), None]);
/// Enabling and disabling need a key that has material and is not being deleted.
const ENABLE_DISABLE: Option<StateRow> = Some([None, None, Some(SMF), Some(SMF)]);
/// Only a key scheduled for deletion can have its deletion cancelled.
const CANCEL: Option<StateRow> = Some([Some(SMF), Some(SMF), None, Some(SMF)]);

const BASE: Description = Description {
    read: true,
    accepts_alias: false,
    dry_run: false,
    symmetric_crypto: false,
    asymmetric_encryption: false,
    resources: Resources::Key,
    states: ANY_STATE,
    params: &[KEY_ID],
    secrets: false,
};

/// `SecretName`: a name or a secret ARN (docs/spec/secrets.md §1.4).
const SECRET: Param = required("SecretName", Kind::Text);
const SECRET_TYPES: &[&str] = SecretType::NAMES;
const SECRET_DATA_TYPE: Param = optional("SecretDataType", Kind::Choice(SecretDataType::NAMES));
/// The base of the secrets APIs: one secret, no key state row.
const SECRETS: Description = Description {
    resources: Resources::Secret,
    states: None,
    params: &[SECRET],
    secrets: true,
    ..BASE
};

impl Api {
    /// The API's description.
    pub fn description(self) -> &'static Description {
        match self {
            Api::DescribeRegions => {
                const {
                    &Description {
                        resources: Resources::None,
                        states: None,
                        params: &[],
                        ..BASE
                    }
                }
            }
            Api::ListKeys => {
                const {
                    &Description {
                        resources: Resources::KeyContainer,
                        states: None,
                        params: &[PAGE_NUMBER, PAGE_SIZE, optional("Filters", Kind::Filters)],
                        ..BASE
                    }
                }
            }
            Api::CreateKey => {
                const {
                    &Description {
                        read: false,
                        resources: Resources::KeyContainer,
                        states: None,
                        params: &[
                            optional("Description", Kind::Text),
                            optional("KeySpec", Kind::Choice(KeySpec::NAMES)),
                            optional("KeyUsage", Kind::Choice(KeyUsage::NAMES)),
                            optional("Origin", Kind::Choice(Origin::NAMES)),
                            optional("ProtectionLevel", Kind::Choice(ProtectionLevel::NAMES)),
                            optional("EnableAutomaticRotation", Kind::Boolean),
                            optional("RotationInterval", Kind::Text),
                            optional("Tags", Kind::Tags),
                            optional("DKMSInstanceId", Kind::Text),
                            optional("Policy", Kind::Text),
                            optional("KeyStorageMechanism", Kind::Text),
                        ],
                        ..BASE
                    }
                }
            }
            Api::DescribeKey => {
                const {
                    &Description {
                        accepts_alias: true,
                        ..BASE
                    }
                }
            }
            Api::UpdateKeyDescription => {
                const {
                    &Description {
                        read: false,
                        states: NOT_PENDING_DELETION,
                        params: &[
                            KEY_ID,
                            Param {
                                presence: Presence::Present,
                                ..optional("Description", Kind::Text)
                            },
                        ],
                        ..BASE
                    }
                }
            }
            Api::EnableKey | Api::DisableKey => {
                const {
                    &Description {
                        read: false,
                        states: ENABLE_DISABLE,
                        ..BASE
                    }
                }
            }
            Api::ScheduleKeyDeletion => {
                const {
                    &Description {
                        read: false,
                        states: LIFECYCLE,
                        params: &[KEY_ID, required("PendingWindowInDays", Kind::Integer)],
                        ..BASE
                    }
                }
            }
            Api::CancelKeyDeletion => {
                const {
                    &Description {
                        read: false,
                        states: CANCEL,
                        ..BASE
                    }
                }
            }
            Api::GetParametersForImport => {
                const {
                    &Description {
                        params: &[
                            KEY_ID,
                            required("WrappingAlgorithm", Kind::Choice(WrappingAlgorithm::NAMES)),
                            required("WrappingKeySpec", Kind::Choice(WrappingKeySpec::NAMES)),
                        ],
                        ..BASE
                    }
                }
            }
            Api::ImportKeyMaterial => {
                const {
                    &Description {
                        read: false,
                        states: LIFECYCLE,
                        params: &[
                            KEY_ID,
                            secret(required("EncryptedKeyMaterial", Kind::Text)),
                            secret(required("ImportToken", Kind::Text)),
                            optional("KeyMaterialExpireUnix", Kind::Integer),
                        ],
                        ..BASE
                    }
                }
            }
            Api::DeleteKeyMaterial => {
                const {
                    &Description {
                        read: false,
                        ..BASE
                    }
                }
            }
            Api::Encrypt => {
                const {
                    &Description {
                        accepts_alias: true,
                        dry_run: true,
                        symmetric_crypto: true,
                        states: CRYPTO,
                        params: &[KEY_ID, secret(required("Plaintext", Kind::Text)), CONTEXT],
                        ..BASE
                    }
                }
            }
            Api::GenerateDataKey => {
                const {
                    &Description {
                        accepts_alias: true,
                        dry_run: true,
                        symmetric_crypto: true,
                        states: CRYPTO,
                        params: DATA_KEY_WITH_RECIPIENT,
                        ..BASE
                    }
                }
            }
            Api::GenerateDataKeyWithoutPlaintext => {
                const {
                    &Description {
                        accepts_alias: true,
                        dry_run: true,
                        symmetric_crypto: true,
                        states: CRYPTO,
                        params: DATA_KEY,
                        ..BASE
                    }
                }
            }
            Api::Decrypt => {
                const {
                    &Description {
                        dry_run: true,
                        symmetric_crypto: true,
                        resources: Resources::KeyOfBlob,
                        states: CRYPTO,
                        params: &[
                            secret(required("CiphertextBlob", Kind::Text)),
                            CONTEXT,
                            RECIPIENT,
                        ],
                        ..BASE
                    }
                }
            }
            Api::ListAliases => {
                const {
                    &Description {
                        resources: Resources::AliasContainer,
                        states: None,
                        params: &[PAGE_NUMBER, PAGE_SIZE],
                        ..BASE
                    }
                }
            }
            Api::CreateAlias => {
                const {
                    &Description {
                        read: false,
                        resources: Resources::AliasAndKey,
                        states: LIFECYCLE,
                        params: &[ALIAS_NAME, KEY_ID],
                        ..BASE
                    }
                }
            }
            Api::UpdateAlias => {
                const {
                    &Description {
                        read: false,
                        resources: Resources::AliasAndKey,
                        states: NOT_PENDING_DELETION,
                        params: &[ALIAS_NAME, KEY_ID],
                        ..BASE
                    }
                }
            }
            Api::DeleteAlias => {
                const {
                    &Description {
                        read: false,
                        resources: Resources::AliasAndItsKey,
                        params: &[ALIAS_NAME],
                        ..BASE
                    }
                }
            }
            Api::ListAliasesByKeyId => {
                const {
                    &Description {
                        params: &[KEY_ID, PAGE_NUMBER, PAGE_SIZE],
                        ..BASE
                    }
                }
            }
            Api::TagResource => {
                const {
                    &Description {
                        read: false,
                        accepts_alias: true,
                        states: NOT_PENDING_DELETION,
                        params: &[
                            SECRET_NAME,
                            CERTIFICATE_ID,
                            KEY_ID,
                            required("Tags", Kind::Tags),
                        ],
                        ..BASE
                    }
                }
            }
            Api::UntagResource => {
                const {
                    &Description {
                        read: false,
                        accepts_alias: true,
                        states: NOT_PENDING_DELETION,
                        params: &[
                            SECRET_NAME,
                            CERTIFICATE_ID,
                            KEY_ID,
                            required("TagKeys", Kind::StringList),
                        ],
                        ..BASE
                    }
                }
            }
            Api::ListResourceTags => {
                const {
                    &Description {
                        accepts_alias: true,
                        ..BASE
                    }
                }
            }
            // Newer tag APIs (docs/spec/keys-v2.md §5.1-§5.3; decisions D-119 to D-123, D-128).
            Api::TagResources => {
                const {
                    &Description {
                        read: false,
                        resources: Resources::TaggedResources,
                        states: NOT_PENDING_DELETION,
                        params: &[
                            RESOURCE_TYPE,
                            required("ResourceId", Kind::RepeatList),
                            required("Tag", Kind::RepeatTags),
                        ],
                        ..BASE
                    }
                }
            }
            Api::UntagResources => {
                const {
                    &Description {
                        read: false,
                        resources: Resources::TaggedResources,
                        states: NOT_PENDING_DELETION,
                        params: &[
                            RESOURCE_TYPE,
                            required("ResourceId", Kind::RepeatList),
                            optional("TagKey", Kind::RepeatList),
                            optional("All", Kind::Boolean),
                        ],
                        ..BASE
                    }
                }
            }
            Api::ListTagResources => {
                const {
                    &Description {
                        resources: Resources::TaggedResources,
                        params: &[
                            RESOURCE_TYPE,
                            optional("ResourceId", Kind::RepeatList),
                            optional("Tag", Kind::RepeatTags),
                            optional("NextToken", Kind::Text),
                        ],
                        ..BASE
                    }
                }
            }
            // Deletion protection (docs/spec/keys-v2.md §5.5; D-124, D-125).
            Api::SetDeletionProtection => {
                const {
                    &Description {
                        read: false,
                        accepts_alias: true,
                        resources: Resources::ProtectedKey,
                        states: NOT_PENDING_DELETION,
                        params: &[
                            optional("ProtectedResourceArn", Kind::Text),
                            optional("KeyId", Kind::Text),
                            required("EnableDeletionProtection", Kind::Boolean),
                            optional("DeletionProtectionDescription", Kind::Text),
                            optional("KmsInstanceId", Kind::Text),
                        ],
                        ..BASE
                    }
                }
            }
            // Key policies (docs/spec/keys-v2.md §5.6; D-126).
            Api::GetKeyPolicy => {
                const {
                    &Description {
                        params: &[KEY_ID, POLICY_NAME],
                        ..BASE
                    }
                }
            }
            Api::SetKeyPolicy => {
                const {
                    &Description {
                        read: false,
                        params: &[KEY_ID, POLICY_NAME, required("Policy", Kind::Text)],
                        ..BASE
                    }
                }
            }
            // Key versions and rotation: every KeyId takes an id, alias or ARN (D-103); the
            // state rows are docs/spec/keys-v2.md §2.9.
            Api::CreateKeyVersion => {
                const {
                    &Description {
                        read: false,
                        accepts_alias: true,
                        states: CRYPTO,
                        ..BASE
                    }
                }
            }
            Api::DescribeKeyVersion => {
                const {
                    &Description {
                        accepts_alias: true,
                        params: &[KEY_ID, required("KeyVersionId", Kind::Text)],
                        ..BASE
                    }
                }
            }
            Api::ListKeyVersions => {
                const {
                    &Description {
                        accepts_alias: true,
                        params: &[KEY_ID, PAGE_NUMBER, PAGE_SIZE],
                        ..BASE
                    }
                }
            }
            Api::UpdateRotationPolicy => {
                const {
                    &Description {
                        read: false,
                        accepts_alias: true,
                        states: CRYPTO,
                        params: &[
                            KEY_ID,
                            required("EnableAutomaticRotation", Kind::Boolean),
                            optional("RotationInterval", Kind::Text),
                        ],
                        ..BASE
                    }
                }
            }
            // Asymmetric keys (docs/spec/keys-v2.md §3.7): KeyId takes an id, alias or ARN
            // (D-103), KeyVersionId is required (§3.6), DryRun is taken (§1.5), every call is
            // a read (META24 operationType), the payloads are secret to the trail (D-127).
            Api::AsymmetricEncrypt => {
                const {
                    &Description {
                        accepts_alias: true,
                        dry_run: true,
                        asymmetric_encryption: true,
                        states: CRYPTO,
                        params: &[
                            KEY_ID,
                            KEY_VERSION_ID,
                            ALGORITHM,
                            secret(required("Plaintext", Kind::Text)),
                        ],
                        ..BASE
                    }
                }
            }
            Api::AsymmetricDecrypt => {
                const {
                    &Description {
                        accepts_alias: true,
                        dry_run: true,
                        asymmetric_encryption: true,
                        states: CRYPTO,
                        params: &[
                            KEY_ID,
                            KEY_VERSION_ID,
                            ALGORITHM,
                            secret(required("CiphertextBlob", Kind::Text)),
                            RECIPIENT,
                        ],
                        ..BASE
                    }
                }
            }
            Api::AsymmetricSign => {
                const {
                    &Description {
                        accepts_alias: true,
                        dry_run: true,
                        states: CRYPTO,
                        params: &[KEY_ID, KEY_VERSION_ID, ALGORITHM, DIGEST],
                        ..BASE
                    }
                }
            }
            Api::AsymmetricVerify => {
                const {
                    &Description {
                        accepts_alias: true,
                        dry_run: true,
                        states: CRYPTO,
                        params: &[
                            KEY_ID,
                            KEY_VERSION_ID,
                            ALGORITHM,
                            DIGEST,
                            secret(required("Value", Kind::Text)),
                        ],
                        ..BASE
                    }
                }
            }
            Api::GetPublicKey => {
                const {
                    &Description {
                        accepts_alias: true,
                        dry_run: true,
                        states: CRYPTO,
                        params: &[KEY_ID, KEY_VERSION_ID],
                        ..BASE
                    }
                }
            }
            // ReEncrypt and data-key export (docs/spec/keys-v2.md §4): cryptography, so an
            // Enabled key (§4.4), symmetric (D-109), and DryRun (§1.5); every key parameter
            // takes an id, an alias or an ARN (D-103).
            Api::ReEncrypt => {
                const {
                    &Description {
                        accepts_alias: true,
                        dry_run: true,
                        symmetric_crypto: true,
                        resources: Resources::ReEncryptKeys,
                        states: CRYPTO,
                        params: &[
                            secret(required("CiphertextBlob", Kind::Text)),
                            optional("SourceKeyId", Kind::Text),
                            optional("SourceKeyVersionId", Kind::Text),
                            optional(
                                "SourceEncryptionAlgorithm",
                                Kind::Choice(AsymmetricAlgorithm::ENCRYPTION_NAMES),
                            ),
                            optional("SourceEncryptionContext", Kind::Context),
                            required("DestinationKeyId", Kind::Text),
                            optional("DestinationEncryptionContext", Kind::Context),
                        ],
                        ..BASE
                    }
                }
            }
            Api::ExportDataKey => {
                const {
                    &Description {
                        dry_run: true,
                        symmetric_crypto: true,
                        resources: Resources::KeyOfBlob,
                        states: CRYPTO,
                        params: &[
                            secret(required("CiphertextBlob", Kind::Text)),
                            CONTEXT,
                            PUBLIC_KEY_BLOB,
                            WRAPPING_KEY_SPEC,
                            EXPORT_WRAPPING_ALGORITHM,
                        ],
                        ..BASE
                    }
                }
            }
            Api::GenerateAndExportDataKey => {
                const {
                    &Description {
                        accepts_alias: true,
                        dry_run: true,
                        symmetric_crypto: true,
                        states: CRYPTO,
                        params: &[
                            KEY_ID,
                            optional("KeySpec", Kind::Choice(DataKeySpec::NAMES)),
                            optional("NumberOfBytes", Kind::Integer),
                            CONTEXT,
                            PUBLIC_KEY_BLOB,
                            WRAPPING_KEY_SPEC,
                            EXPORT_WRAPPING_ALGORITHM,
                        ],
                        ..BASE
                    }
                }
            }
            // Secrets Manager (docs/spec/secrets.md §4; eventRW per §9 and D-224).
            Api::CreateSecret => {
                const {
                    &Description {
                        read: false,
                        // EncryptionKeyId takes an id, ARN or alias of a symmetric key (D-202).
                        accepts_alias: true,
                        resources: Resources::SecretContainer,
                        params: &[
                            SECRET,
                            required("VersionId", Kind::Text),
                            secret(required("SecretData", Kind::Text)),
                            SECRET_DATA_TYPE,
                            optional("EncryptionKeyId", Kind::Text),
                            optional("Description", Kind::Text),
                            optional("Tags", Kind::Tags),
                            optional("SecretType", Kind::Choice(SECRET_TYPES)),
                            optional("ExtendedConfig", Kind::Text),
                            optional("EnableAutomaticRotation", Kind::Boolean),
                            optional("RotationInterval", Kind::Text),
                            optional("DKMSInstanceId", Kind::Text),
                            optional("Policy", Kind::Text),
                        ],
                        ..SECRETS
                    }
                }
            }
            Api::GetSecretValue => {
                const {
                    &Description {
                        dry_run: true,
                        params: &[
                            SECRET,
                            optional("VersionStage", Kind::Text),
                            optional("VersionId", Kind::Text),
                            optional("FetchExtendedConfig", Kind::Boolean),
                            RECIPIENT,
                        ],
                        ..SECRETS
                    }
                }
            }
            Api::BatchGetSecretValue => {
                const {
                    &Description {
                        resources: Resources::SecretContainer,
                        params: &[required("SecretsList", Kind::Text)],
                        ..SECRETS
                    }
                }
            }
            Api::PutSecretValue => {
                const {
                    &Description {
                        read: false,
                        params: &[
                            SECRET,
                            required("VersionId", Kind::Text),
                            secret(required("SecretData", Kind::Text)),
                            SECRET_DATA_TYPE,
                            optional("VersionStages", Kind::Text),
                        ],
                        ..SECRETS
                    }
                }
            }
            Api::UpdateSecretVersionStage => {
                const {
                    &Description {
                        read: false,
                        params: &[
                            SECRET,
                            required("VersionStage", Kind::Text),
                            optional("RemoveFromVersion", Kind::Text),
                            optional("MoveToVersion", Kind::Text),
                        ],
                        ..SECRETS
                    }
                }
            }
            Api::ListSecretVersionIds => {
                const {
                    &Description {
                        params: &[
                            SECRET,
                            optional("IncludeDeprecated", Kind::Boolean),
                            PAGE_NUMBER,
                            PAGE_SIZE,
                        ],
                        ..SECRETS
                    }
                }
            }
            Api::DescribeSecret => {
                const {
                    &Description {
                        params: &[SECRET, optional("FetchTags", Kind::Boolean)],
                        ..SECRETS
                    }
                }
            }
            Api::ListSecrets => {
                const {
                    &Description {
                        resources: Resources::SecretContainer,
                        params: &[
                            optional("FetchTags", Kind::Boolean),
                            optional("Filters", Kind::Filters),
                            PAGE_NUMBER,
                            PAGE_SIZE,
                        ],
                        ..SECRETS
                    }
                }
            }
            Api::UpdateSecret => {
                const {
                    &Description {
                        read: false,
                        params: &[
                            SECRET,
                            optional("Description", Kind::Text),
                            optional("ExtendedConfig.CustomData", Kind::Text),
                        ],
                        ..SECRETS
                    }
                }
            }
            Api::DeleteSecret => {
                const {
                    &Description {
                        read: false,
                        params: &[
                            SECRET,
                            optional("ForceDeleteWithoutRecovery", Kind::Boolean),
                            optional("RecoveryWindowInDays", Kind::Integer),
                        ],
                        ..SECRETS
                    }
                }
            }
            Api::RestoreSecret => {
                const {
                    &Description {
                        read: false,
                        ..SECRETS
                    }
                }
            }
            Api::RotateSecret => {
                const {
                    &Description {
                        read: false,
                        params: &[SECRET, required("VersionId", Kind::Text)],
                        ..SECRETS
                    }
                }
            }
            Api::UpdateSecretRotationPolicy => {
                const {
                    &Description {
                        read: false,
                        params: &[
                            SECRET,
                            required("EnableAutomaticRotation", Kind::Boolean),
                            optional("RotationInterval", Kind::Text),
                        ],
                        ..SECRETS
                    }
                }
            }
            Api::GetSecretPolicy => {
                const {
                    &Description {
                        params: &[SECRET, POLICY_NAME],
                        ..SECRETS
                    }
                }
            }
            Api::SetSecretPolicy => {
                const {
                    &Description {
                        read: false,
                        params: &[SECRET, POLICY_NAME, required("Policy", Kind::Text)],
                        ..SECRETS
                    }
                }
            }
            Api::GetRandomPassword => {
                const {
                    &Description {
                        resources: Resources::Unscoped,
                        params: &[
                            optional("PasswordLength", Kind::Integer),
                            optional("ExcludeCharacters", Kind::Text),
                            optional("ExcludeLowercase", Kind::Boolean),
                            optional("ExcludeUppercase", Kind::Boolean),
                            optional("ExcludeNumbers", Kind::Boolean),
                            optional("ExcludePunctuation", Kind::Boolean),
                            optional("RequireEachIncludedType", Kind::Boolean),
                        ],
                        ..SECRETS
                    }
                }
            }
        }
    }

    /// The RAM action that authorizes a call, `kms:<Action>`. ReEncrypt is the exception: it
    /// is authorized as `kms:ReEncryptFrom` on its source key and `kms:ReEncryptTo` on its
    /// destination ([`Resources::ReEncryptKeys`]), never as `kms:ReEncrypt`.
    pub fn ram_action(self) -> String {
        format!("kms:{}", self.name())
    }

    /// Whether ActionTrail classes the API as `Read` (otherwise `Write`).
    pub fn is_read(self) -> bool {
        self.description().read
    }

    /// Whether `KeyId` may be an alias (`alias/...`) for this API.
    pub fn accepts_alias(self) -> bool {
        self.description().accepts_alias
    }
}

/// Whether some API defines a parameter called `name`: a call that fails to decode records
/// only such parameters, so a secret sent under a misspelt name never reaches the trail.
pub(crate) fn is_known_parameter(name: &str) -> bool {
    Api::ALL
        .iter()
        .any(|api| api.description().params.iter().any(|p| p.names(name)))
}

/// Whether some API marks the parameter called `name` secret: never written to an event.
pub(crate) fn is_secret_parameter(name: &str) -> bool {
    // The secret parameters of every API, gathered once: every audit event asks this of each
    // of its parameters, and walking all APIs' parameters each time was 7% of an Encrypt.
    static SECRET: std::sync::OnceLock<Vec<&'static Param>> = std::sync::OnceLock::new();
    SECRET
        .get_or_init(|| {
            Api::ALL
                .iter()
                .flat_map(|api| api.description().params.iter())
                .filter(|p| p.secret)
                .collect()
        })
        .iter()
        .any(|p| p.names(name))
}
