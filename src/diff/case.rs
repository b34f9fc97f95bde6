//! The cases of `kmsconf diff`: generated sequences of operations whose references to earlier
//! results are indexes, resolved when the case runs, so that any part of a case is a case too
//! (what shrinking needs).

use proptest::collection::vec;
use proptest::prelude::*;

use crate::sut::{Capabilities, Capability};

/// One generated case.
#[derive(Clone, Debug)]
pub(crate) struct Case {
    /// The operations, in order.
    pub(crate) ops: Vec<Op>,
}

/// One operation of a case: one API call, or a few that only make sense together (a user and
/// its policy, a role and its session, import parameters and the import).
#[derive(Clone, Debug)]
pub(crate) enum Op {
    /// CreateKey of a kind, with a description (possibly empty) or none.
    CreateKey(KeyKind, Option<Text>),
    /// An API that takes a key and nothing the case must remember.
    OnKey(KeyAction, KeyTarget, Who),
    /// CreateAlias `alias/<prefix>-a<n>` for a key.
    CreateAlias(u8, KeyTarget),
    /// UpdateAlias to another key.
    UpdateAlias(u8, KeyTarget),
    /// DeleteAlias.
    DeleteAlias(u8),
    /// Encrypt a text under a key, with a context or none.
    Encrypt(KeyTarget, Text, Option<Context>, Who),
    /// GenerateDataKey under a key.
    GenerateDataKey(KeyTarget, Option<Context>, Who),
    /// Decrypt an earlier blob with its own context, none, or another.
    Decrypt(Ref, ContextChoice, Who),
    /// ReEncrypt an earlier blob to a key.
    ReEncrypt(Ref, KeyTarget),
    /// A page of a list API.
    List(ListAction, u8, u8, Who),
    /// GetParametersForImport, then ImportKeyMaterial of 32 fresh bytes with them.
    Import(KeyTarget),
    /// AsymmetricSign of a fixed digest (the key's first version is read first).
    Sign(KeyTarget),
    /// AsymmetricVerify of an earlier signature, as made or with a wrong digest.
    Verify(Ref, bool),
    /// A Secrets Manager call on the secret `<prefix>/s<n>`.
    Secret(u8, SecretAction),
    /// A new RAM user `u<n>` with one custom policy of these statements, and when the flag is
    /// set one more allowing `sts:AssumeRole` on `*` (so that a session needs no extra calls).
    User(Vec<Statement>, bool),
    /// A role trusting a user, with a policy or none, assumed by that user as a session.
    Session(Ref, Option<Vec<Statement>>, Duration),
    /// The target's clock moves forward.
    Clock(u32),
    /// A KMS API with parameters from a pool of valid and invalid values.
    Invalid(Ref, Vec<(Ref, Junk)>),
}

/// Kinds of key CreateKey is asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum KeyKind {
    /// Aliyun_AES_256, ENCRYPT/DECRYPT (the default).
    Symmetric,
    /// Origin=EXTERNAL: PendingImport until material is imported.
    External,
    /// EC_P256 for SIGN/VERIFY.
    EcSign,
    /// RSA_2048 for ENCRYPT/DECRYPT (a slow key to make: rare).
    RsaEncrypt,
    /// A KeySpec no API accepts.
    BadSpec,
}

/// A text: plaintexts, descriptions, secret values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Text {
    /// The empty string.
    Empty,
    /// One of a few short texts.
    Short(u8),
    /// 6 KiB, the documented bound of a plaintext (D-004 region).
    Large,
}

/// An EncryptionContext: one of a few JSON objects, or text that is no JSON object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Context {
    /// `{"purpose":"<n>"}`.
    Object(u8),
    /// `{"b":"2","a":"1"}`: the same pairs as [`Context::Reordered`] in another order.
    TwoPairs,
    /// `{"a":"1","b":"2"}`.
    Reordered,
    /// `not json`.
    NotJson,
}

/// The context a Decrypt sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ContextChoice {
    /// The blob's own.
    Same,
    /// None at all.
    Without,
    /// Another one.
    Other(Context),
}

/// Which key a call names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum KeyTarget {
    /// The n-th key made so far (modulo their number), by id.
    Key(Ref),
    /// The n-th key made so far, by ARN.
    Arn(Ref),
    /// The alias `alias/<prefix>-a<n>`, whether it exists or not.
    Alias(u8),
    /// An id of the right form that names no key.
    Missing,
}

/// An index into what the case made so far, taken modulo its length when the case runs.
pub(crate) type Ref = u8;

/// Who signs a call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Who {
    /// The account's root.
    Root,
    /// The n-th user or session made so far, counting back from the latest (0 is the latest),
    /// round; root while there is none.
    Principal(Ref),
}

/// Key APIs whose answer the case does not need to remember.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum KeyAction {
    DescribeKey,
    EnableKey,
    DisableKey,
    ScheduleKeyDeletion,
    CancelKeyDeletion,
    CreateKeyVersion,
    ListKeyVersions,
    ListAliasesByKeyId,
    TagResource,
    UntagResource,
    ListResourceTags,
    UpdateKeyDescription,
    GetPublicKey,
    DeleteKeyMaterial,
    SetDeletionProtection,
}

/// The paged list APIs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ListAction {
    Keys,
    Aliases,
    Secrets,
}

/// Secrets Manager calls on one secret.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SecretAction {
    /// CreateSecret with version `v1`.
    Create(Text),
    /// PutSecretValue of version `v<n>`, taking ACSCurrent or not.
    Put(u8, bool),
    /// GetSecretValue of ACSCurrent, ACSPrevious, or version `v<n>`.
    Get(SecretVersion),
    /// UpdateSecretVersionStage moving ACSCurrent to version `v<n>`.
    MoveCurrent(u8),
    /// ListSecretVersionIds.
    Versions,
    /// DescribeSecret.
    Describe,
    /// DeleteSecret, forced or with a recovery window.
    Delete(bool),
    /// RestoreSecret.
    Restore,
}

/// Which version GetSecretValue asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SecretVersion {
    Current,
    Previous,
    Id(u8),
}

/// One statement of a generated policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Statement {
    /// Allow or Deny.
    pub(crate) allow: bool,
    /// The action pattern (an index into [`ACTIONS`]).
    pub(crate) action: u8,
    /// The resource pattern.
    pub(crate) resource: Resource,
}

/// Action patterns of generated policies.
pub(crate) const ACTIONS: &[&str] = &[
    "kms:*",
    "kms:Encrypt",
    "kms:Decrypt",
    "kms:Describe*",
    "kms:List*",
    "kms:GenerateDataKey",
    "kms:*Key",
    "kms:GetSecretValue",
    "sts:AssumeRole",
];

/// Resource patterns of generated policies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Resource {
    /// `*`.
    Any,
    /// `acs:kms:*:*:key/*`.
    AllKeys,
    /// `acs:kms:*:*:key/<the n-th key>`.
    Key(Ref),
    /// `acs:kms:*:*:secret/*`.
    AllSecrets,
}

/// How long a session is asked to last.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Duration {
    /// 900 s, the shortest.
    Shortest,
    /// 3600 s, the default.
    Hour,
    /// 899 s: one under the shortest.
    TooShort,
}

/// A parameter value of an [`Op::Invalid`] call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Junk {
    /// A key of the case, by id.
    Key(Ref),
    /// One of a fixed pool of odd values.
    Value(u8),
}

/// The odd values [`Junk::Value`] picks from.
pub(crate) const JUNK: &[&str] = &[
    "",
    " ",
    "x",
    "0",
    "-1",
    "101",
    "99999999999999999999",
    "alias/",
    "alias/kmsconf-diff-none",
    "acs:kms:cn-hangzhou:1:key/none",
    "{}",
    "{\"a\":1}",
    "[",
    "[\"ACSCurrent\"]",
    "true",
    "2026-13-01T00:00:00Z",
    "Aliyun_AES_256",
    "RSA_2048",
    "ENCRYPT/DECRYPT",
    "SIGN/VERIFY",
    "EXTERNAL",
    "aGVsbG8=",
    "not base64!",
    "ECDSA_SHA_256",
];

/// What the generator may use on a target with `capabilities`: lists count the whole account,
/// so they need an account per case; users and sessions need RAM and STS; the clock must move.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Allowed {
    pub(crate) lists: bool,
    pub(crate) principals: bool,
    pub(crate) sessions: bool,
    pub(crate) clock: bool,
}

impl Allowed {
    /// What a target with `capabilities` allows.
    pub(crate) fn of(capabilities: Capabilities) -> Allowed {
        Allowed {
            lists: capabilities.has(Capability::FreshAccount),
            principals: capabilities.has(Capability::Ram),
            sessions: capabilities.has(Capability::Ram) && capabilities.has(Capability::Sts),
            clock: capabilities.has(Capability::Clock),
        }
    }
}

/// Cases of 1 to `max_ops` operations.
pub(crate) fn cases(allowed: Allowed, max_ops: usize) -> impl Strategy<Value = Case> {
    vec(op(allowed), 1..=max_ops.max(1)).prop_map(|ops| Case { ops })
}

fn op(allowed: Allowed) -> BoxedStrategy<Op> {
    let who = who(allowed.principals);
    let mut choices: Vec<(u32, BoxedStrategy<Op>)> = vec![
        (
            12,
            (key_kind(), proptest::option::of(text()))
                .prop_map(|(k, d)| Op::CreateKey(k, d))
                .boxed(),
        ),
        (
            10,
            (key_action(), key_target(), who.clone())
                .prop_map(|(a, k, w)| Op::OnKey(a, k, w))
                .boxed(),
        ),
        (
            4,
            (1..=3u8, key_target())
                .prop_map(|(n, k)| Op::CreateAlias(n, k))
                .boxed(),
        ),
        (
            1,
            (1..=3u8, key_target())
                .prop_map(|(n, k)| Op::UpdateAlias(n, k))
                .boxed(),
        ),
        (1, (1..=3u8).prop_map(Op::DeleteAlias).boxed()),
        (
            10,
            (
                key_target(),
                text(),
                proptest::option::of(context()),
                who.clone(),
            )
                .prop_map(|(k, t, c, w)| Op::Encrypt(k, t, c, w))
                .boxed(),
        ),
        (
            3,
            (key_target(), proptest::option::of(context()), who.clone())
                .prop_map(|(k, c, w)| Op::GenerateDataKey(k, c, w))
                .boxed(),
        ),
        (
            8,
            (any::<u8>(), context_choice(), who.clone())
                .prop_map(|(b, c, w)| Op::Decrypt(b, c, w))
                .boxed(),
        ),
        (
            2,
            (any::<u8>(), key_target())
                .prop_map(|(b, k)| Op::ReEncrypt(b, k))
                .boxed(),
        ),
        (1, key_target().prop_map(Op::Import).boxed()),
        (2, key_target().prop_map(Op::Sign).boxed()),
        (
            2,
            (any::<u8>(), any::<bool>())
                .prop_map(|(s, t)| Op::Verify(s, t))
                .boxed(),
        ),
        (
            8,
            (1..=2u8, secret_action())
                .prop_map(|(n, a)| Op::Secret(n, a))
                .boxed(),
        ),
        (
            3,
            (any::<u8>(), vec((any::<u8>(), junk()), 0..4))
                .prop_map(|(a, p)| Op::Invalid(a, p))
                .boxed(),
        ),
    ];
    if allowed.lists {
        choices.push((
            4,
            (list_action(), 0..=3u8, 0..=3u8, who.clone())
                .prop_map(|(a, s, n, w)| Op::List(a, s, n, w))
                .boxed(),
        ));
    }
    if allowed.principals {
        choices.push((
            6,
            (vec(statement(), 1..4), any::<bool>())
                .prop_map(|(s, assume)| Op::User(s, assume))
                .boxed(),
        ));
    }
    if allowed.sessions {
        choices.push((
            6,
            (
                any::<u8>(),
                proptest::option::of(vec(statement(), 1..3)),
                duration(),
            )
                .prop_map(|(u, p, d)| Op::Session(u, p, d))
                .boxed(),
        ));
    }
    if allowed.clock {
        choices.push((
            5,
            prop_oneof![1 => Just(1u32), 3 => Just(901), 2 => Just(3601), 2 => Just(8 * 86_400)]
                .prop_map(Op::Clock)
                .boxed(),
        ));
    }
    proptest::strategy::Union::new_weighted(choices).boxed()
}

fn key_kind() -> impl Strategy<Value = KeyKind> {
    prop_oneof![
        12 => Just(KeyKind::Symmetric),
        3 => Just(KeyKind::External),
        3 => Just(KeyKind::EcSign),
        1 => Just(KeyKind::RsaEncrypt),
        1 => Just(KeyKind::BadSpec),
    ]
}

fn text() -> impl Strategy<Value = Text> {
    prop_oneof![
        1 => Just(Text::Empty),
        8 => (0..4u8).prop_map(Text::Short),
        1 => Just(Text::Large),
    ]
}

fn context() -> impl Strategy<Value = Context> {
    prop_oneof![
        4 => (0..3u8).prop_map(Context::Object),
        1 => Just(Context::TwoPairs),
        1 => Just(Context::Reordered),
        1 => Just(Context::NotJson),
    ]
}

fn context_choice() -> impl Strategy<Value = ContextChoice> {
    prop_oneof![
        6 => Just(ContextChoice::Same),
        2 => Just(ContextChoice::Without),
        2 => context().prop_map(ContextChoice::Other),
    ]
}

fn key_target() -> impl Strategy<Value = KeyTarget> {
    prop_oneof![
        12 => any::<u8>().prop_map(KeyTarget::Key),
        2 => any::<u8>().prop_map(KeyTarget::Arn),
        3 => (1..=3u8).prop_map(KeyTarget::Alias),
        1 => Just(KeyTarget::Missing),
    ]
}

fn who(principals: bool) -> BoxedStrategy<Who> {
    if principals {
        prop_oneof![
            2 => Just(Who::Root),
            3 => Just(Who::Principal(0)),
            1 => any::<u8>().prop_map(Who::Principal),
        ]
        .boxed()
    } else {
        Just(Who::Root).boxed()
    }
}

fn key_action() -> impl Strategy<Value = KeyAction> {
    use KeyAction::*;
    prop_oneof![
        4 => Just(DescribeKey),
        3 => Just(EnableKey),
        4 => Just(DisableKey),
        2 => Just(ScheduleKeyDeletion),
        2 => Just(CancelKeyDeletion),
        2 => Just(CreateKeyVersion),
        2 => Just(ListKeyVersions),
        1 => Just(ListAliasesByKeyId),
        2 => Just(TagResource),
        1 => Just(UntagResource),
        1 => Just(ListResourceTags),
        2 => Just(UpdateKeyDescription),
        1 => Just(GetPublicKey),
        1 => Just(DeleteKeyMaterial),
        1 => Just(SetDeletionProtection),
    ]
}

fn list_action() -> impl Strategy<Value = ListAction> {
    prop_oneof![
        3 => Just(ListAction::Keys),
        2 => Just(ListAction::Aliases),
        1 => Just(ListAction::Secrets),
    ]
}

fn secret_action() -> impl Strategy<Value = SecretAction> {
    prop_oneof![
        4 => text().prop_map(SecretAction::Create),
        3 => (2..=4u8, any::<bool>()).prop_map(|(v, c)| SecretAction::Put(v, c)),
        4 => prop_oneof![
            Just(SecretVersion::Current),
            Just(SecretVersion::Previous),
            (1..=4u8).prop_map(SecretVersion::Id),
        ]
        .prop_map(SecretAction::Get),
        1 => (1..=4u8).prop_map(SecretAction::MoveCurrent),
        1 => Just(SecretAction::Versions),
        1 => Just(SecretAction::Describe),
        1 => any::<bool>().prop_map(SecretAction::Delete),
        1 => Just(SecretAction::Restore),
    ]
}

fn statement() -> impl Strategy<Value = Statement> {
    (
        prop_oneof![3 => Just(true), 1 => Just(false)],
        0..ACTIONS.len() as u8,
        prop_oneof![
            3 => Just(Resource::Any),
            2 => Just(Resource::AllKeys),
            2 => any::<u8>().prop_map(Resource::Key),
            1 => Just(Resource::AllSecrets),
        ],
    )
        .prop_map(|(allow, action, resource)| Statement {
            allow,
            action,
            resource,
        })
}

fn duration() -> impl Strategy<Value = Duration> {
    prop_oneof![
        4 => Just(Duration::Shortest),
        2 => Just(Duration::Hour),
        1 => Just(Duration::TooShort),
    ]
}

fn junk() -> impl Strategy<Value = Junk> {
    prop_oneof![
        1 => any::<u8>().prop_map(Junk::Key),
        4 => (0..JUNK.len() as u8).prop_map(Junk::Value),
    ]
}
