//! The world a sequence runs in: one reference with three RAM users, its clock, and the keys
//! and blobs the sequence has produced so far.

use kms_reference::ram::RamRequest;
use kms_reference::{Caller, KeyState, Kms, KmsError, ManualClock, Timestamp, key_arn};

use super::ops::{KeyRef, Who, alias};
use super::violation;
use crate::Violation;
use crate::fixture::{START, params, text_field};

const FULL: &str =
    r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:*","Resource":"*"}]}"#;
const READ: &str = r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":["kms:List*","kms:Describe*","kms:Encrypt","kms:Decrypt","kms:GenerateDataKey"],"Resource":["*"]}]}"#;
const DENY: &str = r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:*","Resource":"*"},{"Effect":"Deny","Action":"kms:*","Resource":"*"}]}"#;
const UNKNOWN_KEY: &str = "00000000-0000-4000-8000-000000000000";

/// A blob a successful Encrypt or GenerateDataKey returned.
pub(super) struct Recorded {
    pub(super) text: String,
    pub(super) context: Option<String>,
    /// `None` for GenerateDataKeyWithoutPlaintext.
    pub(super) plaintext: Option<String>,
    pub(super) key_id: String,
}

/// What one call answered: the response body or the error.
pub(super) type Answer = Result<serde_json::Map<String, serde_json::Value>, KmsError>;

pub(super) struct World {
    pub(super) kms: Kms,
    pub(super) clock: ManualClock,
    pub(super) keys: Vec<String>,
    pub(super) blobs: Vec<Recorded>,
    /// Trail events recorded before the sequence, plus one per call but DescribeRegions.
    pub(super) expected_events: u64,
}

impl World {
    pub(super) fn new() -> Result<World, Violation> {
        let clock = ManualClock::new(Timestamp::from_unix(START));
        let kms = Kms::builder().deterministic(11, &clock).build_service();
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

    /// One call, with the checks every call gets ([`World::check_call`]).
    pub(super) fn call(
        &mut self,
        who: Who,
        action: &str,
        pairs: &[(&str, &str)],
    ) -> Result<Answer, Violation> {
        let caller = match who {
            Who::Root => Caller::root(),
            Who::Admin => Caller::user("admin"),
            Who::Reader => Caller::user("reader"),
            Who::Denied => Caller::user("denied"),
        };
        let answer = self.kms.handle_params(&caller, action, &params(pairs));
        self.check_call(who, action, pairs, &answer.result)?;
        Ok(answer.result)
    }

    /// The key text a call sends for `key`.
    pub(super) fn key_text(&self, key: KeyRef) -> String {
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
    pub(super) fn state_of(&mut self, key_id: &str) -> Result<Option<KeyState>, Violation> {
        Ok(self
            .call(Who::Root, "DescribeKey", &[("KeyId", key_id)])?
            .ok()
            .and_then(|b| text_field(&b, &["KeyMetadata", "KeyState"]))
            .and_then(|s| KeyState::parse(&s)))
    }
}
