//! STS 2015-04-01: AssumeRole and GetCallerIdentity (docs/spec/ram-sts.md §3; the order of
//! AssumeRole's checks is docs/spec/decisions-next.md D-308).

use base64::Engine;
use serde_json::json;

use crate::caller::{Caller, Principal};
use crate::error::{ErrorCode, KmsError};
use crate::identity::{Role, Session};
use crate::policy::{
    AuthzRequest, Effect, IndexedPolicy, Policy, RequestContext, TrustPrincipal, parse_policy,
    statement_matches,
};
use crate::random::random_array;
use crate::secret::Secret;
use crate::service::Call;
use crate::service::ram_ops::alphanumeric;
use crate::sts::{CallerIdentity, StsRequest, StsResponse};
use crate::trail::StsRecord;

/// The longest session policy, in characters (D-315).
const MAX_SESSION_POLICY_LEN: usize = 2048;

impl Call<'_> {
    pub(super) fn dispatch_sts(
        &mut self,
        caller: &Caller,
        request: StsRequest,
    ) -> Result<StsResponse, KmsError> {
        match request {
            StsRequest::GetCallerIdentity => {
                Ok(StsResponse::CallerIdentity(self.caller_identity(caller)))
            }
            StsRequest::AssumeRole {
                role_arn,
                role_session_name,
                duration_seconds,
                policy,
                external_id,
            } => self.assume_role(
                caller,
                &role_arn,
                role_session_name,
                duration_seconds,
                policy,
                external_id,
            ),
        }
    }

    fn assume_role(
        &mut self,
        caller: &Caller,
        role_arn: &str,
        session_name: String,
        duration_seconds: Option<String>,
        policy: Option<String>,
        external_id: Option<String>,
    ) -> Result<StsResponse, KmsError> {
        // (1) Parameters.
        let (owner, role_name) =
            parse_role_arn(role_arn).ok_or(KmsError::new(ErrorCode::InvalidParameterRoleArn))?;
        check_session_name(&session_name)?;
        let duration = match duration_seconds {
            None => 3600,
            Some(v) => match v.parse::<u32>() {
                Ok(n) if n >= 900 => n,
                _ => return Err(ErrorCode::InvalidParameterDurationSeconds.into()),
            },
        };
        let session_policy = policy
            .map(|p| parse_session_policy(&p).map(IndexedPolicy::new))
            .transpose()?;
        if let Some(e) = &external_id {
            check_external_id(e)?;
        }
        // (2) Only RAM users and role sessions may assume a role.
        if caller.principal == Principal::Account {
            return Err(KmsError::with_message(
                ErrorCode::NoPermission,
                "You are not authorized to do this action. You should be authorized by RAM. \
                 The Alibaba Cloud account cannot call AssumeRole.",
            ));
        }
        // (3) Decision A: the caller's own policies on the role.
        let resource = format!("acs:ram::{owner}:role/{}", role_name.to_ascii_lowercase());
        let context = self.base_context(caller);
        self.decide(
            caller,
            "sts:AssumeRole",
            &[(resource.as_str(), context.clone())],
            ErrorCode::NoPermission,
        )?;
        // (4) The role exists (in this account).
        if owner != self.config.account_id {
            return Err(ErrorCode::EntityNotExistRole.into());
        }
        let role = self.identities.role(role_name)?;
        // (5) Decision B: the trust policy admits the caller.
        let mut trust_context = context;
        if let Some(e) = &external_id {
            trust_context.set("sts:ExternalId", e.clone());
        }
        if !self.trust_admits(role, caller, &trust_context) {
            return Err(KmsError::with_message(
                ErrorCode::NoPermission,
                "You are not authorized to do this action. You should be authorized by RAM. \
                 The role's trust policy does not admit the caller.",
            ));
        }
        // (6) The role's bound on the duration.
        if duration > role.max_session_duration {
            return Err(ErrorCode::InvalidParameterDurationSeconds.into());
        }
        let (role_key, role_id) = (role.name.to_ascii_lowercase(), role.id.clone());
        let access_key_id = loop {
            let id = format!("STS.{}", alphanumeric(&random_array::<25>(self.rng)));
            if !self.identities.access_key_exists(&id) {
                break id;
            }
        };
        let secret = Secret::new(alphanumeric(&random_array::<44>(self.rng)));
        let token = Secret::new(
            base64::engine::general_purpose::STANDARD.encode(random_array::<64>(self.rng)),
        );
        let expiration = self.now.plus_seconds(i64::from(duration));
        self.identities.sessions.insert(
            access_key_id.clone(),
            Session {
                secret: secret.clone(),
                token: token.clone(),
                role_key: role_key.clone(),
                role_id: role_id.clone(),
                session_name: session_name.clone(),
                policy: session_policy,
                created: self.now,
                expiration,
            },
        );
        Ok(StsResponse::AssumeRole {
            access_key_id,
            access_key_secret: secret,
            security_token: token,
            expiration: expiration.to_string(),
            assumed_role_id: format!("{role_id}:{session_name}"),
            arn: format!("acs:ram::{owner}:role/{role_key}/{session_name}"),
        })
    }

    /// Decision B: a `Deny` statement naming the caller refuses; otherwise an `Allow`
    /// statement naming it is needed (D-307).
    fn trust_admits(&self, role: &Role, caller: &Caller, context: &RequestContext) -> bool {
        let request = AuthzRequest {
            action: "sts:AssumeRole",
            resource: "*",
            context,
        };
        let mut allowed = false;
        for (statement, principals) in role
            .trust
            .policy
            .statements
            .iter()
            .zip(&role.trust.principals)
        {
            let names_caller = principals.iter().any(|p| self.principal_matches(p, caller));
            if names_caller && statement_matches(&statement.node, &request) {
                match statement.node.effect {
                    Effect::Deny => return false,
                    Effect::Allow => allowed = true,
                }
            }
        }
        allowed
    }

    fn principal_matches(&self, principal: &TrustPrincipal, caller: &Caller) -> bool {
        let TrustPrincipal::Ram(value) = principal else {
            return false;
        };
        let account = &self.config.account_id;
        let Some(who) = value
            .strip_prefix("acs:ram::")
            .and_then(|rest| rest.strip_prefix(account.as_str()))
            .and_then(|rest| rest.strip_prefix(':'))
        else {
            return false;
        };
        if who == "root" {
            return true;
        }
        match &caller.principal {
            Principal::User { name } => who
                .strip_prefix("user/")
                .is_some_and(|n| n.eq_ignore_ascii_case(name)),
            Principal::AssumedRole { role, .. } => who
                .strip_prefix("role/")
                .is_some_and(|n| n.eq_ignore_ascii_case(role)),
            Principal::Account => false,
        }
    }

    /// GetCallerIdentity (D-324): no authorization.
    fn caller_identity(&self, caller: &Caller) -> CallerIdentity {
        let account = self.config.account_id.clone();
        match &caller.principal {
            Principal::Account => CallerIdentity {
                identity_type: "Account",
                principal_id: account.clone(),
                user_id: Some(account.clone()),
                role_id: None,
                arn: format!("acs:ram::{account}:root"),
                account_id: account,
            },
            Principal::User { name } => {
                let id = self
                    .identities
                    .users
                    .get(name)
                    .map(|u| u.id.clone())
                    .unwrap_or_default();
                CallerIdentity {
                    identity_type: "RAMUser",
                    principal_id: id.clone(),
                    user_id: Some(id),
                    role_id: None,
                    arn: format!("acs:ram::{account}:user/{name}"),
                    account_id: account,
                }
            }
            Principal::AssumedRole {
                role,
                role_id,
                session,
                ..
            } => CallerIdentity {
                identity_type: "AssumedRoleUser",
                principal_id: format!("{role_id}:{session}"),
                user_id: None,
                role_id: Some(role_id.clone()),
                arn: format!(
                    "acs:ram::{account}:assumed-role/{}/{session}",
                    role.to_ascii_lowercase()
                ),
                account_id: account,
            },
        }
    }
}

/// `acs:ram::<digits>:role/<name>` → (uid, name) (D-316).
fn parse_role_arn(arn: &str) -> Option<(&str, &str)> {
    let (uid, name) = arn.strip_prefix("acs:ram::")?.split_once(":role/")?;
    let valid = !uid.is_empty()
        && uid.bytes().all(|b| b.is_ascii_digit())
        && !name.is_empty()
        && name.len() <= 64
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-'));
    valid.then_some((uid, name))
}

/// 2 to 64 of `[A-Za-z0-9.@_-]` (D-314).
fn check_session_name(name: &str) -> Result<(), KmsError> {
    let valid = (2..=64).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'@' | b'_' | b'-'));
    if valid {
        Ok(())
    } else {
        Err(ErrorCode::InvalidParameterRoleSessionName.into())
    }
}

/// 2 to 1224 of `[A-Za-z0-9_+=,.@:/-]` (D-316).
fn check_external_id(id: &str) -> Result<(), KmsError> {
    let valid = (2..=1224).contains(&id.len())
        && id.bytes().all(|b| {
            b.is_ascii_alphanumeric()
                || matches!(
                    b,
                    b'_' | b'+' | b'=' | b',' | b'.' | b'@' | b':' | b'/' | b'-'
                )
        });
    if valid {
        Ok(())
    } else {
        Err(ErrorCode::InvalidParameterExternalId.into())
    }
}

/// The session policy: 1..=2048 characters, then the identity grammar (D-315).
fn parse_session_policy(text: &str) -> Result<Policy, KmsError> {
    let count = text.chars().count();
    if count == 0 || count > MAX_SESSION_POLICY_LEN {
        return Err(ErrorCode::InvalidParameterPolicySize.into());
    }
    parse_policy(text).map_err(|e| {
        KmsError::with_message(
            ErrorCode::InvalidParameterPolicyGrammar,
            format!(
                "The parameter Policy has not passed grammar check: {}",
                e.to_kms_error().message()
            ),
        )
    })
}

/// What the trail keeps of this answer (docs/spec/decisions-next.md D-326): for
/// AssumeRole the assumed role and the AccessKeyId with its expiration, never the secret
/// or the token.
pub(super) fn trail_record(response: &StsResponse, request_id: &str) -> StsRecord {
    match response {
        StsResponse::AssumeRole {
            access_key_id,
            expiration,
            assumed_role_id,
            arn,
            ..
        } => StsRecord {
            response_elements: Some(json!({
                "RequestId": request_id,
                "AssumedRoleUser": {"Arn": arn, "AssumedRoleId": assumed_role_id},
                "Credentials": {"AccessKeyId": access_key_id, "Expiration": expiration},
            })),
            access_keys: vec![access_key_id.clone()],
        },
        StsResponse::CallerIdentity(_) => StsRecord::default(),
    }
}
