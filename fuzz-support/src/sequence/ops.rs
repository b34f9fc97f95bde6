//! The generated input of `api_sequence` (who calls, which API, which key, which context) and
//! how each step becomes a call.

use arbitrary::Arbitrary;

use kms_reference::{Api, KmsError};

use super::model::World;
use super::{SEQ, violation};
use crate::fixture::text_field;
use crate::{Violation, ensure};

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

/// The alias a step names: `alias/fuzz<i % 4>`.
pub(super) fn alias(i: u8) -> String {
    format!("alias/fuzz{}", i % 4)
}

impl World {
    /// Makes the call `step` stands for, and checks what every call of its kind must hold.
    pub(super) fn step(&mut self, step: &Step) -> Result<(), Violation> {
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
            self.round_trip(api, &pairs, &body)?;
        }
        Ok(())
    }
}
