//! Decoding flat RAM API parameters (2015-05-01) into a typed [`RamRequest`].

use std::collections::BTreeMap;

use crate::error::{ErrorCode, KmsError};
use crate::ram::{RamApi, RamRequest};

/// Decodes the parameters of a RAM `action`. Only custom policies exist in the reference: a
/// `PolicyType` other than `Custom` names no policy.
pub fn decode_ram_request(
    action: &str,
    params: &BTreeMap<String, String>,
) -> Result<RamRequest, KmsError> {
    let required = |name: &str| -> Result<String, KmsError> {
        params
            .get(name)
            .filter(|v| !v.is_empty())
            .cloned()
            .ok_or_else(|| KmsError::missing_parameter(name))
    };
    let optional = |name: &str| params.get(name).cloned();
    let custom_policy = || -> Result<String, KmsError> {
        let name = required("PolicyName")?;
        match params.get("PolicyType").map(String::as_str) {
            None | Some("Custom") => Ok(name),
            Some("System") => Err(KmsError::with_message(
                ErrorCode::EntityNotExistPolicy,
                format!("the reference has no system policy `{name}`"),
            )),
            Some(_) => Err(KmsError::invalid_parameter(
                "PolicyType",
                "must be `Custom` or `System`",
            )),
        }
    };
    let api = RamApi::from_name(action).ok_or_else(|| {
        KmsError::with_message(
            ErrorCode::InvalidActionNotFound,
            "Specified api is not found, please check your url and method.",
        )
    })?;
    Ok(match api {
        RamApi::CreateUser => RamRequest::CreateUser {
            user_name: required("UserName")?,
            display_name: optional("DisplayName"),
        },
        RamApi::GetUser => RamRequest::GetUser {
            user_name: required("UserName")?,
        },
        RamApi::DeleteUser => RamRequest::DeleteUser {
            user_name: required("UserName")?,
        },
        RamApi::CreateAccessKey => RamRequest::CreateAccessKey {
            user_name: required("UserName")?,
        },
        RamApi::DeleteAccessKey => RamRequest::DeleteAccessKey {
            user_name: required("UserName")?,
            user_access_key_id: required("UserAccessKeyId")?,
        },
        RamApi::UpdateAccessKey => RamRequest::UpdateAccessKey {
            user_name: required("UserName")?,
            user_access_key_id: required("UserAccessKeyId")?,
            active: match required("Status")?.as_str() {
                "Active" => true,
                "Inactive" => false,
                _ => {
                    return Err(KmsError::invalid_parameter(
                        "Status",
                        "must be `Active` or `Inactive`",
                    ));
                }
            },
        },
        RamApi::CreatePolicy => RamRequest::CreatePolicy {
            policy_name: required("PolicyName")?,
            // Present but empty is a length problem, not a missing parameter (§5.5).
            policy_document: params
                .get("PolicyDocument")
                .cloned()
                .ok_or_else(|| KmsError::missing_parameter("PolicyDocument"))?,
            description: optional("Description"),
        },
        RamApi::GetPolicy => RamRequest::GetPolicy {
            policy_name: custom_policy()?,
        },
        RamApi::DeletePolicy => RamRequest::DeletePolicy {
            policy_name: required("PolicyName")?,
        },
        RamApi::AttachPolicyToUser => RamRequest::AttachPolicyToUser {
            policy_name: custom_policy()?,
            user_name: required("UserName")?,
        },
        RamApi::DetachPolicyFromUser => RamRequest::DetachPolicyFromUser {
            policy_name: custom_policy()?,
            user_name: required("UserName")?,
        },
        RamApi::ListPoliciesForUser => RamRequest::ListPoliciesForUser {
            user_name: required("UserName")?,
        },
        RamApi::CreateRole => RamRequest::CreateRole {
            role_name: required("RoleName")?,
            // Present but empty is a length problem (D-304).
            assume_role_policy_document: params
                .get("AssumeRolePolicyDocument")
                .cloned()
                .ok_or_else(|| KmsError::missing_parameter("AssumeRolePolicyDocument"))?,
            description: optional("Description"),
            max_session_duration: optional("MaxSessionDuration").filter(|v| !v.is_empty()),
        },
        RamApi::GetRole => RamRequest::GetRole {
            role_name: required("RoleName")?,
        },
        RamApi::ListRoles => RamRequest::ListRoles {
            marker: optional("Marker").filter(|v| !v.is_empty()),
            max_items: optional("MaxItems").filter(|v| !v.is_empty()),
        },
        RamApi::UpdateRole => RamRequest::UpdateRole {
            role_name: required("RoleName")?,
            new_assume_role_policy_document: optional("NewAssumeRolePolicyDocument"),
            new_description: optional("NewDescription"),
            new_max_session_duration: optional("NewMaxSessionDuration").filter(|v| !v.is_empty()),
        },
        RamApi::DeleteRole => RamRequest::DeleteRole {
            role_name: required("RoleName")?,
        },
        RamApi::AttachPolicyToRole => RamRequest::AttachPolicyToRole {
            policy_name: custom_policy()?,
            role_name: required("RoleName")?,
        },
        RamApi::DetachPolicyFromRole => RamRequest::DetachPolicyFromRole {
            policy_name: custom_policy()?,
            role_name: required("RoleName")?,
        },
        RamApi::ListPoliciesForRole => RamRequest::ListPoliciesForRole {
            role_name: required("RoleName")?,
        },
    })
}
