//! `api_sequence`: a sequence of KMS calls by a few principals against one in-process
//! reference, checking the service's rules after every step.

use std::sync::Arc;

use arbitrary::Arbitrary;

use crate::api::Api;
use crate::arn::key_arn;
use crate::caller::Caller;
use crate::clock::{ManualClock, Timestamp};
use crate::config::KmsConfig;
use crate::error::{ErrorCode, KmsError};
use crate::fuzzing::blob::{START, context_map, params, text_field};
use crate::fuzzing::{Violation, ensure};
use crate::keystore::{KeyState, check_state};
use crate::ram::RamRequest;
use crate::random::SeededRandom;
use crate::service::Kms;

const SEQ: &str = "api_sequence";
/// Longest sequence run; the rest of a longer input is ignored.
const MAX_STEPS: usize = 64;

/// Who makes a call.
#[derive(Arbitrary, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Who {
    /// The account (always allowed).
    Root,
    /// A RAM user with `kms:*`.
    Admin,
    /// A RAM user with the guide's "view and use" policy.
    Reader,
    /// A RAM user whose `kms:*` Allow is overridden by a `kms:*` Deny.
    Denied,
}

/// How a call names its key.
#[derive(Arbitrary, Clone, Copy, Debug)]
pub enum KeyRef {
    /// The n-th created key (modulo), by id.
    Index(u8),
    /// The n-th created key, by ARN.
    Arn(u8),
    /// `alias/fuzz<n % 4>`.
    Alias(u8),
    /// A well-formed id of no key.
    Unknown,
}

/// An EncryptionContext.
#[derive(Arbitrary, Clone, Copy, Debug)]
pub enum Ctx {
    /// None sent.
    Absent,
    /// `{"k<a%3>":"v<b%3>"}`.
    One(u8, u8),
    /// `{"b":"2","a":"1"}`.
    Two,
}

/// One API call.
#[derive(Arbitrary, Clone, Debug)]
#[allow(missing_docs, reason = "each variant is the API of the same name")]
pub enum Op {
    CreateKey {
        external: bool,
    },
    DescribeKey(KeyRef),
    UpdateKeyDescription(KeyRef, u8),
    EnableKey(KeyRef),
    DisableKey(KeyRef),
    ScheduleKeyDeletion(KeyRef, u8),
    CancelKeyDeletion(KeyRef),
    DeleteKeyMaterial(KeyRef),
    Encrypt {
        key: KeyRef,
        plaintext: u8,
        context: Ctx,
    },
    GenerateDataKey {
        key: KeyRef,
        bytes: Option<u16>,
        context: Ctx,
        with_plaintext: bool,
    },
    /// Decrypt the n-th recorded blob, with its own context or another one.
    Decrypt {
        blob: u8,
        context: Option<Ctx>,
    },
    ListKeys {
        page: u8,
        size: u8,
    },
    ListAliases,
    CreateAlias {
        alias: u8,
        key: KeyRef,
    },
    UpdateAlias {
        alias: u8,
        key: KeyRef,
    },
    DeleteAlias {
        alias: u8,
    },
    ListAliasesByKeyId(KeyRef),
    TagResource {
        key: KeyRef,
        tag: u8,
        value: u8,
    },
    UntagResource {
        key: KeyRef,
        tag: u8,
    },
    ListResourceTags(KeyRef),
    DescribeRegions,
    /// Let time pass (up to about 42 days), so deletion windows and timestamps move.
    AdvanceClock {
        hours: u16,
    },
}

/// A call and its caller.
#[derive(Arbitrary, Clone, Debug)]
pub struct Step {
    /// The caller.
    pub who: Who,
    /// The call.
    pub op: Op,
}

const FULL: &str =
    r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:*","Resource":"*"}]}"#;
const READ: &str = r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":["kms:List*","kms:Describe*","kms:Encrypt","kms:Decrypt","kms:GenerateDataKey"],"Resource":["*"]}]}"#;
const DENY: &str = r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:*","Resource":"*"},{"Effect":"Deny","Action":"kms:*","Resource":"*"}]}"#;
const UNKNOWN_KEY: &str = "00000000-0000-4000-8000-000000000000";

/// A blob a successful Encrypt or GenerateDataKey returned.
struct Recorded {
    text: String,
    context: Option<String>,
    /// `None` for GenerateDataKeyWithoutPlaintext.
    plaintext: Option<String>,
    key_id: String,
}

struct World {
    kms: Kms,
    clock: ManualClock,
    keys: Vec<String>,
    blobs: Vec<Recorded>,
    /// Trail events recorded before the sequence, plus one per call but DescribeRegions.
    expected_events: u64,
}

fn violation(message: String) -> Violation {
    Violation {
        target: SEQ,
        message,
    }
}

impl World {
    fn new() -> Result<World, Violation> {
        let clock = ManualClock::new(Timestamp::from_unix(START));
        let kms = Kms::new(
            KmsConfig::default(),
            Arc::new(clock.clone()),
            Arc::new(SeededRandom::new(11)),
        );
        let root = Caller::root();
        let mut setup = vec![];
        for (user, policy, document) in [
            ("admin", "full", FULL),
            ("reader", "read", READ),
            ("denied", "deny", DENY),
        ] {
            setup.push(RamRequest::CreateUser {
                user_name: user.to_owned(),
                display_name: None,
            });
            setup.push(RamRequest::CreatePolicy {
                policy_name: policy.to_owned(),
                policy_document: document.to_owned(),
                description: None,
            });
            setup.push(RamRequest::AttachPolicyToUser {
                policy_name: policy.to_owned(),
                user_name: user.to_owned(),
            });
        }
        for request in setup {
            let action = request.action();
            kms.handle_ram(&root, request)
                .map_err(|e| violation(format!("setup {action} failed: {e}")))?;
        }
        let expected_events = kms.trail_stats().recorded;
        Ok(World {
            kms,
            clock,
            keys: Vec::new(),
            blobs: Vec::new(),
            expected_events,
        })
    }

    /// One call, with the checks every call gets: no 5xx, one trail event (but
    /// DescribeRegions).
    fn call(
        &mut self,
        who: Who,
        action: &str,
        pairs: &[(&str, &str)],
    ) -> Result<Result<serde_json::Map<String, serde_json::Value>, KmsError>, Violation> {
        let caller = match who {
            Who::Root => Caller::root(),
            Who::Admin => Caller::user("admin"),
            Who::Reader => Caller::user("reader"),
            Who::Denied => Caller::user("denied"),
        };
        let answer = self.kms.handle_params(&caller, action, &params(pairs));
        if action != "DescribeRegions" {
            self.expected_events += 1;
        }
        let recorded = self.kms.trail_stats().recorded;
        ensure(SEQ, recorded == self.expected_events, || {
            format!(
                "{action}: {recorded} trail events recorded, {} expected",
                self.expected_events
            )
        })?;
        if let Err(e) = &answer.result {
            ensure(SEQ, e.http_status() < 500, || {
                format!("{action} {pairs:?} by {who:?}: {} {e}", e.http_status())
            })?;
        }
        if who == Who::Denied && action != "DescribeRegions" {
            ensure(SEQ, answer.result.is_err(), || {
                format!("{action} succeeded for a user whose policies deny kms:*")
            })?;
        }
        Ok(answer.result)
    }

    fn key_text(&self, key: KeyRef) -> String {
        let nth = |i: u8| {
            self.keys
                .get(usize::from(i) % self.keys.len().max(1))
                .cloned()
                .unwrap_or_else(|| UNKNOWN_KEY.to_owned())
        };
        match key {
            KeyRef::Index(i) => nth(i),
            KeyRef::Arn(i) => {
                let config = self.kms.config();
                key_arn(&config.region, &config.account_id, &nth(i))
            }
            KeyRef::Alias(i) => alias(i),
            KeyRef::Unknown => UNKNOWN_KEY.to_owned(),
        }
    }

    /// The state of the key `key_id` names, as the account sees it (DescribeKey).
    fn state_of(&mut self, key_id: &str) -> Result<Option<KeyState>, Violation> {
        Ok(self
            .call(Who::Root, "DescribeKey", &[("KeyId", key_id)])?
            .ok()
            .and_then(|b| text_field(&b, &["KeyMetadata", "KeyState"]))
            .and_then(|s| KeyState::parse(&s)))
    }

    fn step(&mut self, step: &Step) -> Result<(), Violation> {
        let who = step.who;
        let ctx_text = |c: Ctx| match c {
            Ctx::Absent => None,
            Ctx::One(a, b) => Some(format!("{{\"k{}\":\"v{}\"}}", a % 3, b % 3)),
            Ctx::Two => Some("{\"b\":\"2\",\"a\":\"1\"}".to_owned()),
        };
        let (api, key, mut pairs): (Api, Option<String>, Vec<(String, String)>) = match &step.op {
            Op::AdvanceClock { hours } => {
                self.clock.advance(i64::from(*hours % 1000) * 3600);
                return Ok(());
            }
            Op::CreateKey { external } => {
                let origin = if *external { "EXTERNAL" } else { "Aliyun_KMS" };
                let result = self.call(who, "CreateKey", &[("Origin", origin)])?;
                if let Ok(body) = result {
                    let id = text_field(&body, &["KeyMetadata", "KeyId"])
                        .ok_or_else(|| violation("CreateKey without KeyId".to_owned()))?;
                    let state = text_field(&body, &["KeyMetadata", "KeyState"]);
                    let expected = if *external {
                        "PendingImport"
                    } else {
                        "Enabled"
                    };
                    ensure(SEQ, state.as_deref() == Some(expected), || {
                        format!("a new {origin} key is {state:?}, not {expected}")
                    })?;
                    self.keys.push(id);
                }
                return Ok(());
            }
            Op::Decrypt { blob, context } => return self.decrypt(who, *blob, *context),
            Op::DescribeRegions => {
                let _ = self.call(who, "DescribeRegions", &[])?;
                return Ok(());
            }
            Op::ListKeys { page, size } => {
                let (page, size) = (page.to_string(), size.to_string());
                let _ = self.call(
                    who,
                    "ListKeys",
                    &[("PageNumber", &page), ("PageSize", &size)],
                )?;
                return Ok(());
            }
            Op::ListAliases => {
                let _ = self.call(who, "ListAliases", &[])?;
                return Ok(());
            }
            Op::DeleteAlias { alias: a } => {
                let _ = self.call(who, "DeleteAlias", &[("AliasName", &alias(*a))])?;
                return Ok(());
            }
            Op::DescribeKey(k) => (Api::DescribeKey, Some(self.key_text(*k)), vec![]),
            Op::UpdateKeyDescription(k, d) => (
                Api::UpdateKeyDescription,
                Some(self.key_text(*k)),
                vec![("Description".to_owned(), format!("d{d}"))],
            ),
            Op::EnableKey(k) => (Api::EnableKey, Some(self.key_text(*k)), vec![]),
            Op::DisableKey(k) => (Api::DisableKey, Some(self.key_text(*k)), vec![]),
            Op::ScheduleKeyDeletion(k, days) => (
                Api::ScheduleKeyDeletion,
                Some(self.key_text(*k)),
                vec![("PendingWindowInDays".to_owned(), days.to_string())],
            ),
            Op::CancelKeyDeletion(k) => (Api::CancelKeyDeletion, Some(self.key_text(*k)), vec![]),
            Op::DeleteKeyMaterial(k) => (Api::DeleteKeyMaterial, Some(self.key_text(*k)), vec![]),
            Op::Encrypt {
                key,
                plaintext,
                context,
            } => {
                let mut p = vec![("Plaintext".to_owned(), format!("cHQ{plaintext}"))];
                p.extend(ctx_text(*context).map(|c| ("EncryptionContext".to_owned(), c)));
                (Api::Encrypt, Some(self.key_text(*key)), p)
            }
            Op::GenerateDataKey {
                key,
                bytes,
                context,
                with_plaintext,
            } => {
                let mut p = Vec::new();
                p.extend(bytes.map(|b| ("NumberOfBytes".to_owned(), (b % 1100).to_string())));
                p.extend(ctx_text(*context).map(|c| ("EncryptionContext".to_owned(), c)));
                let api = if *with_plaintext {
                    Api::GenerateDataKey
                } else {
                    Api::GenerateDataKeyWithoutPlaintext
                };
                (api, Some(self.key_text(*key)), p)
            }
            Op::CreateAlias { alias: a, key } => (
                Api::CreateAlias,
                Some(self.key_text(*key)),
                vec![("AliasName".to_owned(), alias(*a))],
            ),
            Op::UpdateAlias { alias: a, key } => (
                Api::UpdateAlias,
                Some(self.key_text(*key)),
                vec![("AliasName".to_owned(), alias(*a))],
            ),
            Op::ListAliasesByKeyId(k) => (Api::ListAliasesByKeyId, Some(self.key_text(*k)), vec![]),
            Op::TagResource { key, tag, value } => (
                Api::TagResource,
                Some(self.key_text(*key)),
                vec![(
                    "Tags".to_owned(),
                    format!(
                        "[{{\"TagKey\":\"t{}\",\"TagValue\":\"v{value}\"}}]",
                        tag % 4
                    ),
                )],
            ),
            Op::UntagResource { key, tag } => (
                Api::UntagResource,
                Some(self.key_text(*key)),
                vec![("TagKeys".to_owned(), format!("[\"t{}\"]", tag % 4))],
            ),
            Op::ListResourceTags(k) => (Api::ListResourceTags, Some(self.key_text(*k)), vec![]),
        };
        let key = key.unwrap_or_default();
        pairs.push(("KeyId".to_owned(), key.clone()));
        let before = self.state_of(&key)?;
        let borrowed: Vec<(&str, &str)> = pairs
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let result = self.call(who, api.name(), &borrowed)?;
        let after = self.state_of(&key)?;
        self.state_rules(
            api,
            &key,
            before,
            after,
            result.as_ref().map(|_| ()).map_err(KmsError::code),
        )?;
        if let Ok(body) = result
            && matches!(
                api,
                Api::Encrypt | Api::GenerateDataKey | Api::GenerateDataKeyWithoutPlaintext
            )
        {
            let context = pairs
                .iter()
                .find(|(k, _)| k == "EncryptionContext")
                .map(|(_, v)| v.clone());
            let plaintext = match api {
                Api::Encrypt => pairs.first().map(|(_, v)| v.clone()),
                _ => text_field(&body, &["Plaintext"]),
            };
            let recorded = Recorded {
                text: text_field(&body, &["CiphertextBlob"])
                    .ok_or_else(|| violation(format!("{api} without CiphertextBlob")))?,
                context,
                plaintext,
                key_id: text_field(&body, &["KeyId"])
                    .ok_or_else(|| violation(format!("{api} without KeyId")))?,
            };
            // Decrypts back at once, as the account: the key was just usable.
            let (text, context) = (recorded.text.clone(), recorded.context.clone());
            let mut p = vec![("CiphertextBlob", text.as_str())];
            if let Some(c) = &context {
                p.push(("EncryptionContext", c.as_str()));
            }
            let back = self.call(Who::Root, "Decrypt", &p)?;
            let plaintext = back
                .as_ref()
                .ok()
                .and_then(|b| text_field(b, &["Plaintext"]));
            ensure(
                SEQ,
                back.is_ok() && (recorded.plaintext.is_none() || plaintext == recorded.plaintext),
                || {
                    format!(
                        "{api} blob does not decrypt back: {:?} gives {:?}",
                        recorded.plaintext,
                        back.as_ref()
                            .map(|b| text_field(b, &["Plaintext"]))
                            .map_err(ToString::to_string)
                    )
                },
            )?;
            self.blobs.push(recorded);
        }
        Ok(())
    }

    /// The §2.2 matrix and transitions, for a call on `key` (state `before`, then `after`).
    fn state_rules(
        &self,
        api: Api,
        key: &str,
        before: Option<KeyState>,
        after: Option<KeyState>,
        result: Result<(), ErrorCode>,
    ) -> Result<(), Violation> {
        let matrix = before.map(|s| check_state(api, s));
        let what = || format!("{api} on {key} ({before:?} → {after:?}) gave {result:?}");
        match result {
            Ok(()) => {
                ensure(SEQ, matrix == Some(Ok(())), || {
                    format!("{}: the matrix says {matrix:?}", what())
                })?;
                let allowed: &[Option<KeyState>] = match (api, before) {
                    (Api::EnableKey, _) => &[Some(KeyState::Enabled)],
                    (Api::DisableKey, _) => &[Some(KeyState::Disabled)],
                    (Api::ScheduleKeyDeletion, _) => &[Some(KeyState::PendingDeletion)],
                    (Api::CancelKeyDeletion, _) => {
                        &[Some(KeyState::Enabled), Some(KeyState::PendingImport)]
                    }
                    (Api::DeleteKeyMaterial, Some(KeyState::Enabled | KeyState::Disabled)) => {
                        &[Some(KeyState::PendingImport)]
                    }
                    _ => &[before],
                };
                ensure(SEQ, allowed.contains(&after), || {
                    format!("{}: expected a state in {allowed:?}", what())
                })
            }
            Err(code) => {
                ensure(SEQ, after == before, || {
                    format!("{}: a failed call changed the state", what())
                })?;
                let state_code = matches!(
                    code,
                    ErrorCode::RejectedDisabled
                        | ErrorCode::RejectedPendingDeletion
                        | ErrorCode::RejectedPendingImport
                        | ErrorCode::RejectedStateModifiedFailed
                );
                ensure(SEQ, !state_code || matrix == Some(Err(code)), || {
                    format!("{}: the matrix says {matrix:?}", what())
                })
            }
        }
    }

    fn decrypt(&mut self, who: Who, blob: u8, context: Option<Ctx>) -> Result<(), Violation> {
        let Some(recorded) = self.blobs.get(usize::from(blob) % self.blobs.len().max(1)) else {
            let _ = self.call(who, "Decrypt", &[("CiphertextBlob", "AAAA")])?;
            return Ok(());
        };
        let (text, own, plaintext, key_id) = (
            recorded.text.clone(),
            recorded.context.clone(),
            recorded.plaintext.clone(),
            recorded.key_id.clone(),
        );
        let sent = match context {
            None => own.clone(),
            Some(Ctx::Absent) => None,
            Some(Ctx::One(a, b)) => Some(format!("{{\"k{}\":\"v{}\"}}", a % 3, b % 3)),
            Some(Ctx::Two) => Some("{\"a\":\"1\",\"b\":\"2\"}".to_owned()),
        };
        let same_context = context_map(sent.as_deref()) == context_map(own.as_deref());
        let before = self.state_of(&key_id)?;
        let mut p = vec![("CiphertextBlob", text.as_str())];
        if let Some(c) = &sent {
            p.push(("EncryptionContext", c.as_str()));
        }
        let result = self.call(who, "Decrypt", &p)?;
        let after = self.state_of(&key_id)?;
        let code = result.as_ref().map(|_| ()).map_err(KmsError::code);
        self.state_rules(Api::Decrypt, &key_id, before, after, code)?;
        match &result {
            Ok(body) => {
                let got = text_field(body, &["Plaintext"]);
                ensure(SEQ, same_context, || {
                    format!(
                        "Decrypt succeeded with context {sent:?} for a blob sealed under {own:?}"
                    )
                })?;
                ensure(SEQ, plaintext.is_none() || got == plaintext, || {
                    format!("Decrypt gave {got:?}, not {plaintext:?}")
                })
            }
            Err(e) => ensure(
                SEQ,
                !(same_context && before == Some(KeyState::Enabled) && who != Who::Denied),
                || format!("a blob of an Enabled key does not decrypt for {who:?}: {e}"),
            ),
        }
    }
}

fn alias(i: u8) -> String {
    format!("alias/fuzz{}", i % 4)
}

/// `api_sequence`: runs up to 64 steps against a fresh reference with three RAM users.
/// After every call: no 5xx; one trail event per call but DescribeRegions; a user whose
/// policies deny `kms:*` never succeeds; the §2.2 matrix decides success and `Rejected.*`
/// codes, successful calls make the documented transitions and failed ones none; every
/// Encrypt and GenerateDataKey decrypts back, and later too while its key is Enabled, and
/// only with its own context.
pub fn api_sequence(steps: &[Step]) -> Result<(), Violation> {
    let mut world = World::new()?;
    for step in steps.iter().take(MAX_STEPS) {
        world.step(step)?;
    }
    Ok(())
}
