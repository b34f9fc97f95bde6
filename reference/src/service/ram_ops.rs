//! The RAM API subset: users, AccessKeys, custom policies and attachments.

use crate::caller::{Caller, Principal};
use crate::clock::Timestamp;
use crate::error::{ErrorCode, KmsError};
use crate::identity::{
    AccessKey, MAX_ACCESS_KEYS_PER_USER, MAX_POLICIES_PER_ROLE, MAX_POLICIES_PER_USER, MAX_ROLES,
    ManagedPolicy, Role, User, check_policy_name, check_role_name, check_user_name,
};
use crate::policy::{
    IndexedPolicy, MAX_TRUST_POLICY_LEN, RequestContext, parse_policy, parse_trust_policy,
};
use crate::ram::{PolicyView, RamRequest, RamResponse, RoleShape, RoleView, UserView};
use crate::random::random_array;
use crate::secret::Secret;
use crate::service::Call;

const ALPHANUMERIC: &[u8; 62] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

impl Call<'_> {
    /// Root may do anything; a RAM user needs `ram:<Action>` on the user or policy concerned.
    pub(super) fn authorize_ram(
        &self,
        caller: &Caller,
        request: &RamRequest,
    ) -> Result<(), KmsError> {
        if caller.principal == Principal::Account {
            return Ok(());
        }
        let account = &self.config.account_id;
        let resources: Vec<String> = match request {
            RamRequest::CreatePolicy { policy_name, .. }
            | RamRequest::GetPolicy { policy_name }
            | RamRequest::DeletePolicy { policy_name } => {
                vec![format!("acs:ram:*:{account}:policy/{policy_name}")]
            }
            RamRequest::AttachPolicyToUser {
                policy_name,
                user_name,
            }
            | RamRequest::DetachPolicyFromUser {
                policy_name,
                user_name,
            } => vec![
                format!("acs:ram:*:{account}:policy/{policy_name}"),
                format!("acs:ram:*:{account}:user/{user_name}"),
            ],
            RamRequest::CreateUser { user_name, .. }
            | RamRequest::GetUser { user_name }
            | RamRequest::DeleteUser { user_name }
            | RamRequest::CreateAccessKey { user_name }
            | RamRequest::DeleteAccessKey { user_name, .. }
            | RamRequest::UpdateAccessKey { user_name, .. }
            | RamRequest::ListPoliciesForUser { user_name } => {
                vec![format!("acs:ram:*:{account}:user/{user_name}")]
            }
            RamRequest::AttachPolicyToRole {
                policy_name,
                role_name,
            }
            | RamRequest::DetachPolicyFromRole {
                policy_name,
                role_name,
            } => vec![
                format!("acs:ram:*:{account}:policy/{policy_name}"),
                format!("acs:ram:*:{account}:role/{role_name}"),
            ],
            RamRequest::CreateRole { role_name, .. }
            | RamRequest::GetRole { role_name }
            | RamRequest::UpdateRole { role_name, .. }
            | RamRequest::DeleteRole { role_name }
            | RamRequest::ListPoliciesForRole { role_name } => {
                vec![format!("acs:ram:*:{account}:role/{role_name}")]
            }
            RamRequest::ListRoles { .. } => vec![format!("acs:ram:*:{account}:role/*")],
        };
        let action = format!("ram:{}", request.action());
        let context = self.base_context(caller);
        let asks: Vec<(&str, RequestContext)> = resources
            .iter()
            .map(|arn| (arn.as_str(), context.clone()))
            .collect();
        self.decide(caller, &action, &asks, ErrorCode::NoPermission)
    }

    pub(super) fn dispatch_ram(&mut self, request: RamRequest) -> Result<RamResponse, KmsError> {
        match request {
            RamRequest::CreateUser {
                user_name,
                display_name,
            } => self.create_user(user_name, display_name),
            RamRequest::GetUser { user_name } => Ok(RamResponse::User(user_view(
                self.identities.user(&user_name)?,
            ))),
            RamRequest::DeleteUser { user_name } => {
                let user = self.identities.user(&user_name)?;
                if !user.access_keys.is_empty() || !user.policies.is_empty() {
                    return Err(ErrorCode::DeleteConflictUser.into());
                }
                self.identities.users.remove(&user_name);
                Ok(RamResponse::Empty)
            }
            RamRequest::CreateAccessKey { user_name } => self.create_access_key(&user_name),
            RamRequest::DeleteAccessKey {
                user_name,
                user_access_key_id,
            } => {
                let user = self.identities.user_mut(&user_name)?;
                let before = user.access_keys.len();
                user.access_keys.retain(|k| k.id != user_access_key_id);
                if user.access_keys.len() == before {
                    return Err(ErrorCode::EntityNotExistUserAccessKey.into());
                }
                Ok(RamResponse::Empty)
            }
            RamRequest::UpdateAccessKey {
                user_name,
                user_access_key_id,
                active,
            } => {
                let user = self.identities.user_mut(&user_name)?;
                let key = user
                    .access_keys
                    .iter_mut()
                    .find(|k| k.id == user_access_key_id)
                    .ok_or(KmsError::new(ErrorCode::EntityNotExistUserAccessKey))?;
                key.active = active;
                Ok(RamResponse::Empty)
            }
            RamRequest::CreatePolicy {
                policy_name,
                policy_document,
                description,
            } => self.create_policy(
                policy_name,
                policy_document,
                description.unwrap_or_default(),
            ),
            RamRequest::GetPolicy { policy_name } => {
                let p = self.identities.policy(&policy_name)?;
                Ok(RamResponse::Policy {
                    policy: policy_view(p),
                    document: Some(p.document.clone()),
                })
            }
            RamRequest::DeletePolicy { policy_name } => {
                self.identities.policy(&policy_name)?;
                if self
                    .identities
                    .users
                    .values()
                    .any(|u| u.policies.iter().any(|(p, _)| *p == policy_name))
                {
                    return Err(ErrorCode::DeleteConflictPolicyUser.into());
                }
                if self
                    .identities
                    .roles
                    .values()
                    .any(|r| r.policies.iter().any(|(p, _)| *p == policy_name))
                {
                    return Err(ErrorCode::DeleteConflictRolePolicy.into());
                }
                self.identities.policies.remove(&policy_name);
                Ok(RamResponse::Empty)
            }
            RamRequest::AttachPolicyToUser {
                policy_name,
                user_name,
            } => {
                self.identities.policy(&policy_name)?;
                let now = self.now;
                let attached = &mut self.identities.user_mut(&user_name)?.policies;
                attach(
                    attached,
                    policy_name,
                    now,
                    MAX_POLICIES_PER_USER,
                    (
                        ErrorCode::EntityAlreadyExistsUserPolicy,
                        ErrorCode::LimitExceededUserPolicy,
                    ),
                )
            }
            RamRequest::DetachPolicyFromUser {
                policy_name,
                user_name,
            } => {
                self.identities.policy(&policy_name)?;
                let attached = &mut self.identities.user_mut(&user_name)?.policies;
                detach(attached, &policy_name, ErrorCode::EntityNotExistUserPolicy)
            }
            RamRequest::ListPoliciesForUser { user_name } => {
                let attached = &self.identities.user(&user_name)?.policies;
                Ok(self.attached_policies(attached))
            }
            RamRequest::CreateRole {
                role_name,
                assume_role_policy_document,
                description,
                max_session_duration,
            } => self.create_role(
                role_name,
                assume_role_policy_document,
                description.unwrap_or_default(),
                max_session_duration,
            ),
            RamRequest::GetRole { role_name } => {
                check_role_name(&role_name)?;
                let role = self.identities.role(&role_name)?;
                Ok(RamResponse::Role(self.role_view(role), RoleShape::Full))
            }
            RamRequest::ListRoles { marker, max_items } => self.list_roles(marker, max_items),
            RamRequest::UpdateRole {
                role_name,
                new_assume_role_policy_document,
                new_description,
                new_max_session_duration,
            } => {
                check_role_name(&role_name)?;
                self.identities.role(&role_name)?;
                let trust = new_assume_role_policy_document
                    .map(|doc| {
                        let parsed = parse_trust(
                            &doc,
                            ErrorCode::InvalidParameterNewAssumeRolePolicyDocumentLength,
                        )?;
                        Ok::<_, KmsError>((doc, parsed))
                    })
                    .transpose()?;
                if let Some(d) = &new_description {
                    check_description(d)?;
                }
                let duration = new_max_session_duration
                    .map(|v| parse_max_session_duration(&v))
                    .transpose()?;
                let now = self.now;
                let role = self.identities.role_mut(&role_name)?;
                if let Some((doc, parsed)) = trust {
                    role.trust_document = doc;
                    role.trust = parsed;
                }
                if let Some(d) = new_description {
                    role.description = d;
                }
                if let Some(d) = duration {
                    role.max_session_duration = d;
                }
                role.update_date = now;
                let role = self.identities.role(&role_name)?;
                Ok(RamResponse::Role(self.role_view(role), RoleShape::Full))
            }
            RamRequest::DeleteRole { role_name } => {
                check_role_name(&role_name)?;
                if !self.identities.role(&role_name)?.policies.is_empty() {
                    return Err(ErrorCode::DeleteConflictRolePolicy.into());
                }
                self.identities
                    .roles
                    .remove(&role_name.to_ascii_lowercase());
                Ok(RamResponse::Empty)
            }
            RamRequest::AttachPolicyToRole {
                policy_name,
                role_name,
            } => {
                self.identities.policy(&policy_name)?;
                let now = self.now;
                let attached = &mut self.identities.role_mut(&role_name)?.policies;
                attach(
                    attached,
                    policy_name,
                    now,
                    MAX_POLICIES_PER_ROLE,
                    (
                        ErrorCode::EntityAlreadyExistsRolePolicy,
                        ErrorCode::LimitExceededRolePolicy,
                    ),
                )
            }
            RamRequest::DetachPolicyFromRole {
                policy_name,
                role_name,
            } => {
                self.identities.policy(&policy_name)?;
                let attached = &mut self.identities.role_mut(&role_name)?.policies;
                detach(attached, &policy_name, ErrorCode::EntityNotExistRolePolicy)
            }
            RamRequest::ListPoliciesForRole { role_name } => {
                let attached = &self.identities.role(&role_name)?.policies;
                Ok(self.attached_policies(attached))
            }
        }
    }

    fn create_role(
        &mut self,
        name: String,
        document: String,
        description: String,
        max_session_duration: Option<String>,
    ) -> Result<RamResponse, KmsError> {
        check_role_name(&name)?;
        let trust = parse_trust(
            &document,
            ErrorCode::InvalidParameterAssumeRolePolicyDocumentLength,
        )?;
        check_description(&description)?;
        let max_session_duration = max_session_duration
            .map(|v| parse_max_session_duration(&v))
            .transpose()?
            .unwrap_or(3600);
        let key = name.to_ascii_lowercase();
        if self.identities.roles.contains_key(&key) {
            return Err(ErrorCode::EntityAlreadyExistsRole.into());
        }
        if self.identities.roles.len() >= MAX_ROLES {
            return Err(ErrorCode::LimitExceededRole.into());
        }
        let role = Role {
            name,
            id: role_id(&random_array::<17>(self.rng)),
            description,
            trust_document: document,
            trust,
            max_session_duration,
            create_date: self.now,
            update_date: self.now,
            policies: Vec::new(),
        };
        let view = self.role_view(&role);
        self.identities.roles.insert(key, role);
        Ok(RamResponse::Role(view, RoleShape::Created))
    }

    /// ListRoles (D-328): `MaxItems` 1..=1000, default 100; the marker is the lowercased name
    /// of the next role, opaque to clients.
    fn list_roles(
        &self,
        marker: Option<String>,
        max_items: Option<String>,
    ) -> Result<RamResponse, KmsError> {
        let max = match max_items {
            None => 100,
            Some(v) => match v.parse::<usize>() {
                Ok(n) if (1..=1000).contains(&n) => n,
                _ => {
                    return Err(KmsError::invalid_parameter(
                        "MaxItems",
                        "an integer from 1 to 1000",
                    ));
                }
            },
        };
        let start = marker.unwrap_or_default();
        let mut iter = self
            .identities
            .roles
            .range(start..)
            .map(|(_, r)| self.role_view(r));
        let roles: Vec<RoleView> = iter.by_ref().take(max).collect();
        let marker = iter.next().map(|next| next.role_name.to_ascii_lowercase());
        Ok(RamResponse::Roles { roles, marker })
    }

    /// The ARN of a role: the lowercased name (D-301).
    pub(super) fn role_arn(&self, role_name: &str) -> String {
        format!(
            "acs:ram::{}:role/{}",
            self.config.account_id,
            role_name.to_ascii_lowercase()
        )
    }

    fn role_view(&self, r: &Role) -> RoleView {
        RoleView {
            role_id: r.id.clone(),
            role_name: r.name.clone(),
            arn: self.role_arn(&r.name),
            description: r.description.clone(),
            assume_role_policy_document: r.trust_document.clone(),
            max_session_duration: r.max_session_duration,
            create_date: r.create_date.to_string(),
            update_date: r.update_date.to_string(),
        }
    }

    fn create_user(
        &mut self,
        user_name: String,
        display_name: Option<String>,
    ) -> Result<RamResponse, KmsError> {
        check_user_name(&user_name)?;
        if self.identities.users.contains_key(&user_name) {
            return Err(ErrorCode::EntityAlreadyExistsUser.into());
        }
        let id = digits(&random_array::<16>(self.rng));
        let user = User {
            display_name: display_name.unwrap_or_else(|| user_name.clone()),
            name: user_name.clone(),
            id,
            create_date: self.now,
            access_keys: Vec::new(),
            policies: Vec::new(),
        };
        let view = user_view(&user);
        self.identities.users.insert(user_name, user);
        Ok(RamResponse::User(view))
    }

    fn create_access_key(&mut self, user_name: &str) -> Result<RamResponse, KmsError> {
        if self.identities.user(user_name)?.access_keys.len() >= MAX_ACCESS_KEYS_PER_USER {
            return Err(ErrorCode::LimitExceededUserAccessKey.into());
        }
        let key = self.new_access_key();
        let response = RamResponse::AccessKey {
            access_key_id: key.id.clone(),
            access_key_secret: key.secret.clone(),
            create_date: key.create_date.to_string(),
        };
        self.identities.user_mut(user_name)?.access_keys.push(key);
        Ok(response)
    }

    /// A fresh AccessKey in the form Alibaba Cloud uses: `LTAI` + 20 characters, and a
    /// 30-character secret.
    pub(super) fn new_access_key(&mut self) -> AccessKey {
        loop {
            let id = format!("LTAI{}", alphanumeric(&random_array::<20>(self.rng)));
            if !self.identities.access_key_exists(&id) {
                return AccessKey {
                    id,
                    secret: Secret::new(alphanumeric(&random_array::<30>(self.rng))),
                    active: true,
                    create_date: self.now,
                    retire_at: None,
                };
            }
        }
    }

    fn create_policy(
        &mut self,
        name: String,
        document: String,
        description: String,
    ) -> Result<RamResponse, KmsError> {
        check_policy_name(&name)?;
        if description.chars().count() > 1024 {
            return Err(KmsError::invalid_parameter(
                "Description",
                "at most 1024 characters",
            ));
        }
        let parsed = parse_policy(&document).map_err(|e| e.to_kms_error())?;
        if self.identities.policies.contains_key(&name) {
            return Err(ErrorCode::EntityAlreadyExistsPolicy.into());
        }
        let policy = ManagedPolicy {
            name: name.clone(),
            document,
            parsed: IndexedPolicy::new(parsed),
            description,
            create_date: self.now,
        };
        let view = policy_view(&policy);
        self.identities.policies.insert(name, policy);
        Ok(RamResponse::Policy {
            policy: view,
            document: None,
        })
    }
}

/// Attaches `policy` to a user's or role's list: refused when already attached or when the
/// list is full (`refusals`: already attached, limit exceeded).
fn attach(
    attached: &mut Vec<(String, Timestamp)>,
    policy: String,
    now: Timestamp,
    max: usize,
    (already, full): (ErrorCode, ErrorCode),
) -> Result<RamResponse, KmsError> {
    if attached.iter().any(|(p, _)| *p == policy) {
        return Err(already.into());
    }
    if attached.len() >= max {
        return Err(full.into());
    }
    attached.push((policy, now));
    Ok(RamResponse::Empty)
}

/// Detaches `policy` from a user's or role's list; `not_attached` when it was not there.
fn detach(
    attached: &mut Vec<(String, Timestamp)>,
    policy: &str,
    not_attached: ErrorCode,
) -> Result<RamResponse, KmsError> {
    let before = attached.len();
    attached.retain(|(p, _)| p != policy);
    if attached.len() == before {
        return Err(not_attached.into());
    }
    Ok(RamResponse::Empty)
}

impl Call<'_> {
    /// The policies of a user's or role's list, with their attach dates.
    fn attached_policies(&self, attached: &[(String, Timestamp)]) -> RamResponse {
        let list = attached
            .iter()
            .filter_map(|(name, at)| {
                self.identities
                    .policies
                    .get(name)
                    .map(|p| (policy_view(p), at.to_string()))
            })
            .collect();
        RamResponse::Policies(list)
    }
}

fn user_view(u: &User) -> UserView {
    UserView {
        user_id: u.id.clone(),
        user_name: u.name.clone(),
        display_name: u.display_name.clone(),
        create_date: u.create_date.to_string(),
    }
}

fn policy_view(p: &ManagedPolicy) -> PolicyView {
    PolicyView {
        policy_name: p.name.clone(),
        description: p.description.clone(),
        create_date: p.create_date.to_string(),
    }
}

pub(super) fn alphanumeric(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| {
            char::from(
                *ALPHANUMERIC
                    .get(usize::from(*b) % ALPHANUMERIC.len())
                    .unwrap_or(&b'A'),
            )
        })
        .collect()
}

/// A 16-digit id, not starting with 0.
fn digits(bytes: &[u8; 16]) -> String {
    bytes
        .iter()
        .enumerate()
        .map(|(i, b)| char::from(if i == 0 { b'1' + b % 9 } else { b'0' + b % 10 }))
        .collect()
}

/// Parses a trust policy: 1..=4096 characters (else `length`), then the trust grammar (else
/// `MalformedPolicyDocument` with the located errors).
fn parse_trust(document: &str, length: ErrorCode) -> Result<crate::policy::TrustPolicy, KmsError> {
    let count = document.chars().count();
    if count == 0 || count > MAX_TRUST_POLICY_LEN {
        return Err(length.into());
    }
    parse_trust_policy(document).map_err(|e| e.to_kms_error())
}

fn check_description(description: &str) -> Result<(), KmsError> {
    if description.chars().count() > 1024 {
        return Err(ErrorCode::InvalidParameterDescriptionLength.into());
    }
    Ok(())
}

/// MaxSessionDuration: an integer from 3600 to 43200 (D-304).
fn parse_max_session_duration(value: &str) -> Result<u32, KmsError> {
    match value.parse::<u32>() {
        Ok(n) if (3600..=43200).contains(&n) => Ok(n),
        _ => Err(ErrorCode::InvalidParameterMaxSessionDuration.into()),
    }
}

/// An 18-digit role id beginning with `3` (D-311).
fn role_id(bytes: &[u8; 17]) -> String {
    std::iter::once('3')
        .chain(bytes.iter().map(|b| char::from(b'0' + b % 10)))
        .collect()
}
