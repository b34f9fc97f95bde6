//! The rules checked after the calls of a sequence: every call (trail, no 5xx, deny), the
//! §2.2 state matrix and transitions, and the round trips of the blobs produced.

use kms_reference::{Api, ErrorCode, KeyState, KmsError, check_state};

use super::SEQ;
use super::model::{Answer, Recorded, World};
use super::ops::{Ctx, Who};
use super::violation;
use crate::fixture::{context_map, text_field};
use crate::{Violation, ensure};

impl World {
    /// The checks every call gets, right after it: one trail event (but DescribeRegions), no
    /// 5xx, and no success for a user whose policies deny `kms:*`.
    pub(super) fn check_call(
        &mut self,
        who: Who,
        action: &str,
        pairs: &[(&str, &str)],
        result: &Answer,
    ) -> Result<(), Violation> {
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
        if let Err(e) = result {
            ensure(SEQ, e.http_status() < 500, || {
                format!("{action} {pairs:?} by {who:?}: {} {e}", e.http_status())
            })?;
        }
        if who == Who::Denied && action != "DescribeRegions" {
            ensure(SEQ, result.is_err(), || {
                format!("{action} succeeded for a user whose policies deny kms:*")
            })?;
        }
        Ok(())
    }

    /// The §2.2 matrix and transitions, for a call on `key` (state `before`, then `after`).
    pub(super) fn state_rules(
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

    /// Records the blob a successful `api` (Encrypt or GenerateDataKey*) call with `pairs`
    /// returned in `body`, after checking that it decrypts back at once.
    pub(super) fn round_trip(
        &mut self,
        api: Api,
        pairs: &[(String, String)],
        body: &serde_json::Map<String, serde_json::Value>,
    ) -> Result<(), Violation> {
        let context = pairs
            .iter()
            .find(|(k, _)| k == "EncryptionContext")
            .map(|(_, v)| v.clone());
        let plaintext = match api {
            Api::Encrypt => pairs.first().map(|(_, v)| v.clone()),
            _ => text_field(body, &["Plaintext"]),
        };
        let recorded = Recorded {
            text: text_field(body, &["CiphertextBlob"])
                .ok_or_else(|| violation(format!("{api} without CiphertextBlob")))?,
            context,
            plaintext,
            key_id: text_field(body, &["KeyId"])
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
        Ok(())
    }

    /// Decrypts the `blob`-th recorded blob (a bogus one when there is none) with its own
    /// context or `context`: succeeds exactly when the context is equivalent and the key usable.
    pub(super) fn decrypt(
        &mut self,
        who: Who,
        blob: u8,
        context: Option<Ctx>,
    ) -> Result<(), Violation> {
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
