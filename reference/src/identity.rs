//! Identities of the account: root AccessKeys, RAM users with their AccessKeys, custom
//! policies (parsed once) and their attachment to users.

use std::collections::BTreeMap;

use crate::clock::Timestamp;
use crate::error::{ErrorCode, KmsError};
use crate::policy::{IndexedPolicy, TrustPolicy};
use crate::secret::Secret;

/// Most AccessKeys per RAM user (RAM limits).
pub(crate) const MAX_ACCESS_KEYS_PER_USER: usize = 2;
/// Most roles per account (docs/spec/decisions-next.md D-310).
pub(crate) const MAX_ROLES: usize = 1000;
/// Most custom policies attached to one role (docs/spec/ram-sts.md §1.4, D-309).
pub(crate) const MAX_POLICIES_PER_ROLE: usize = 5;
/// Most custom policies attached to one RAM user (RAM limits).
pub(crate) const MAX_POLICIES_PER_USER: usize = 10;

/// An AccessKey pair. The secret is only ever compared or used to sign.
#[derive(Clone, Debug)]
pub(crate) struct AccessKey {
    pub(crate) id: String,
    pub(crate) secret: Secret,
    pub(crate) active: bool,
    pub(crate) create_date: Timestamp,
    /// When the key stops authenticating and is deleted: set on the AccessKey a RAM secret's
    /// rotation replaced, which lives on through its window (docs/spec/decisions.md D-230).
    pub(crate) retire_at: Option<Timestamp>,
}

impl AccessKey {
    /// Whether the key's window has ended at `now` (it no longer authenticates).
    pub(crate) fn retired(&self, now: Timestamp) -> bool {
        self.retire_at.is_some_and(|t| t <= now)
    }
}

/// A RAM user.
#[derive(Clone, Debug)]
pub(crate) struct User {
    pub(crate) name: String,
    pub(crate) id: String,
    pub(crate) display_name: String,
    pub(crate) create_date: Timestamp,
    pub(crate) access_keys: Vec<AccessKey>,
    /// Attached custom policies, by name, with the attach date, in attachment order.
    pub(crate) policies: Vec<(String, Timestamp)>,
}

/// A RAM role (docs/spec/ram-sts.md §1.1).
#[derive(Clone, Debug)]
pub(crate) struct Role {
    /// The name as created.
    pub(crate) name: String,
    pub(crate) id: String,
    pub(crate) description: String,
    /// The trust policy as given, and parsed.
    pub(crate) trust_document: String,
    pub(crate) trust: TrustPolicy,
    pub(crate) max_session_duration: u32,
    pub(crate) create_date: Timestamp,
    pub(crate) update_date: Timestamp,
    /// Attached custom policies, by name, with the attach date, in attachment order.
    pub(crate) policies: Vec<(String, Timestamp)>,
}

/// A custom policy: the document as given and its AST, indexed for decisions.
#[derive(Clone, Debug)]
pub(crate) struct ManagedPolicy {
    pub(crate) name: String,
    pub(crate) document: String,
    pub(crate) parsed: IndexedPolicy,
    pub(crate) description: String,
    pub(crate) create_date: Timestamp,
}

/// Who an AccessKey belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum KeyOwner {
    Root,
    User(String),
}

/// All identities of the account.
#[derive(Debug, Default)]
pub(crate) struct Identities {
    pub(crate) root_keys: Vec<AccessKey>,
    pub(crate) users: BTreeMap<String, User>,
    pub(crate) policies: BTreeMap<String, ManagedPolicy>,
    /// Roles by lowercased name: names are unique without regard to case (D-301).
    pub(crate) roles: BTreeMap<String, Role>,
    /// Role sessions by their STS AccessKeyId (docs/spec/decisions-next.md D-317).
    pub(crate) sessions: BTreeMap<String, Session>,
}

/// Temporary credentials issued by AssumeRole, kept server-side.
#[derive(Clone, Debug)]
pub(crate) struct Session {
    pub(crate) secret: Secret,
    pub(crate) token: Secret,
    /// The role's lowercased name and id when the session was issued.
    pub(crate) role_key: String,
    pub(crate) role_id: String,
    pub(crate) session_name: String,
    /// The session policy, when AssumeRole had one.
    pub(crate) policy: Option<IndexedPolicy>,
    pub(crate) created: Timestamp,
    pub(crate) expiration: Timestamp,
}

impl Identities {
    /// AccessKeys whose retirement time has come are deleted (D-230), on the call's clock.
    pub(crate) fn advance_to(&mut self, now: Timestamp) {
        for user in self.users.values_mut() {
            user.access_keys.retain(|k| !k.retired(now));
        }
    }

    pub(crate) fn user(&self, name: &str) -> Result<&User, KmsError> {
        self.users
            .get(name)
            .ok_or(KmsError::new(ErrorCode::EntityNotExistUser))
    }

    pub(crate) fn user_mut(&mut self, name: &str) -> Result<&mut User, KmsError> {
        self.users
            .get_mut(name)
            .ok_or(KmsError::new(ErrorCode::EntityNotExistUser))
    }

    pub(crate) fn role(&self, name: &str) -> Result<&Role, KmsError> {
        self.roles
            .get(&name.to_ascii_lowercase())
            .ok_or(KmsError::new(ErrorCode::EntityNotExistRole))
    }

    pub(crate) fn role_mut(&mut self, name: &str) -> Result<&mut Role, KmsError> {
        self.roles
            .get_mut(&name.to_ascii_lowercase())
            .ok_or(KmsError::new(ErrorCode::EntityNotExistRole))
    }

    /// The policies attached to `role`, with their names, for evaluation. A role that no
    /// longer exists has none.
    pub(crate) fn policies_of_role(&self, role: &str) -> Vec<(&str, &IndexedPolicy)> {
        self.roles
            .get(&role.to_ascii_lowercase())
            .map(|r| {
                r.policies
                    .iter()
                    .filter_map(|(name, _)| self.policies.get(name))
                    .map(|p| (p.name.as_str(), &p.parsed))
                    .collect()
            })
            .unwrap_or_default()
    }

    pub(crate) fn policy(&self, name: &str) -> Result<&ManagedPolicy, KmsError> {
        self.policies
            .get(name)
            .ok_or(KmsError::new(ErrorCode::EntityNotExistPolicy))
    }

    /// The policies attached to `user`, with their names, for evaluation. A user that no
    /// longer exists has none.
    pub(crate) fn policies_of(&self, user: &str) -> Vec<(&str, &IndexedPolicy)> {
        self.users
            .get(user)
            .map(|u| {
                u.policies
                    .iter()
                    .filter_map(|(name, _)| self.policies.get(name))
                    .map(|p| (p.name.as_str(), &p.parsed))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The owner and key of an AccessKey id.
    pub(crate) fn access_key(&self, id: &str) -> Option<(KeyOwner, &AccessKey)> {
        if let Some(k) = self.root_keys.iter().find(|k| k.id == id) {
            return Some((KeyOwner::Root, k));
        }
        self.users.values().find_map(|u| {
            u.access_keys
                .iter()
                .find(|k| k.id == id)
                .map(|k| (KeyOwner::User(u.name.clone()), k))
        })
    }

    /// Whether an AccessKey id is taken anywhere.
    pub(crate) fn access_key_exists(&self, id: &str) -> bool {
        self.access_key(id).is_some() || self.sessions.contains_key(id)
    }

    /// The live session of an STS AccessKeyId: its role must still exist with the same id
    /// (D-318).
    pub(crate) fn session(&self, id: &str) -> Option<(&Session, &Role)> {
        let session = self.sessions.get(id)?;
        let role = self.roles.get(&session.role_key)?;
        (role.id == session.role_id).then_some((session, role))
    }
}

/// RAM user names: 1 to 64 of letters, digits, `.`, `_`, `-` and `@`.
pub(crate) fn check_user_name(name: &str) -> Result<(), KmsError> {
    if name.is_empty() {
        return Err(KmsError::missing_parameter("UserName"));
    }
    if name.len() > 64
        || !name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-' | b'@'))
    {
        return Err(KmsError::invalid_parameter(
            "UserName",
            "1 to 64 letters, digits, `.`, `_`, `-` or `@`",
        ));
    }
    Ok(())
}

/// Custom policy names: 1 to 128 of letters, digits and `-` (docs/spec/kms-api.md §5.5).
pub(crate) fn check_policy_name(name: &str) -> Result<(), KmsError> {
    if name.is_empty() {
        return Err(KmsError::missing_parameter("PolicyName"));
    }
    if name.len() > 128 || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return Err(KmsError::invalid_parameter(
            "PolicyName",
            "1 to 128 letters, digits or `-`",
        ));
    }
    Ok(())
}

/// Role names: 1 to 64 of letters, digits, `.` and `-` (docs/spec/decisions-next.md D-302).
pub(crate) fn check_role_name(name: &str) -> Result<(), KmsError> {
    if name.is_empty() {
        return Err(KmsError::missing_parameter("RoleName"));
    }
    if !name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-'))
    {
        return Err(ErrorCode::InvalidParameterRoleNameInvalidChars.into());
    }
    if name.len() > 64 {
        return Err(ErrorCode::InvalidParameterRoleNameLength.into());
    }
    Ok(())
}
