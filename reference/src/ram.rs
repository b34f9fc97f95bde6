//! The RAM API subset (2015-05-01) that provisions principals: typed requests and responses.

use serde_json::{Map, Value, json};

use crate::secret::Secret;

/// A RAM API request.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
#[allow(
    missing_docs,
    reason = "fields are the RAM API parameters of the same name"
)]
pub enum RamRequest {
    CreateUser {
        user_name: String,
        display_name: Option<String>,
    },
    GetUser {
        user_name: String,
    },
    DeleteUser {
        user_name: String,
    },
    CreateAccessKey {
        user_name: String,
    },
    DeleteAccessKey {
        user_name: String,
        user_access_key_id: String,
    },
    UpdateAccessKey {
        user_name: String,
        user_access_key_id: String,
        active: bool,
    },
    CreatePolicy {
        policy_name: String,
        policy_document: String,
        description: Option<String>,
    },
    GetPolicy {
        policy_name: String,
    },
    DeletePolicy {
        policy_name: String,
    },
    AttachPolicyToUser {
        policy_name: String,
        user_name: String,
    },
    DetachPolicyFromUser {
        policy_name: String,
        user_name: String,
    },
    ListPoliciesForUser {
        user_name: String,
    },
    CreateRole {
        role_name: String,
        assume_role_policy_document: String,
        description: Option<String>,
        max_session_duration: Option<String>,
    },
    GetRole {
        role_name: String,
    },
    ListRoles {
        marker: Option<String>,
        max_items: Option<String>,
    },
    UpdateRole {
        role_name: String,
        new_assume_role_policy_document: Option<String>,
        new_description: Option<String>,
        new_max_session_duration: Option<String>,
    },
    DeleteRole {
        role_name: String,
    },
    AttachPolicyToRole {
        policy_name: String,
        role_name: String,
    },
    DetachPolicyFromRole {
        policy_name: String,
        role_name: String,
    },
    ListPoliciesForRole {
        role_name: String,
    },
}

macro_rules! ram_apis {
    ($( $variant:ident ),* $(,)?) => {
        /// One action of the RAM API subset (2015-05-01): the one list the gateway routes, the
        /// decoder decodes and the authorizer names (`ram:<Action>`).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum RamApi {
            $( #[doc = concat!("`", stringify!($variant), "`")] $variant, )*
        }

        impl RamApi {
            /// Every RAM action the reference serves.
            pub const ALL: &'static [RamApi] = &[ $( RamApi::$variant, )* ];

            /// The action name as it travels in `Action` / `x-acs-action`.
            pub fn name(self) -> &'static str {
                match self { $( RamApi::$variant => stringify!($variant), )* }
            }

            /// Looks an action up by name (case-sensitive).
            pub fn from_name(name: &str) -> Option<RamApi> {
                match name { $( stringify!($variant) => Some(RamApi::$variant), )* _ => None }
            }
        }

        impl RamRequest {
            /// The action of this request.
            pub fn api(&self) -> RamApi {
                match self { $( RamRequest::$variant { .. } => RamApi::$variant, )* }
            }

            /// The action name.
            pub fn action(&self) -> &'static str {
                self.api().name()
            }
        }
    };
}

ram_apis!(
    CreateUser,
    GetUser,
    DeleteUser,
    CreateAccessKey,
    DeleteAccessKey,
    UpdateAccessKey,
    CreatePolicy,
    GetPolicy,
    DeletePolicy,
    AttachPolicyToUser,
    DetachPolicyFromUser,
    ListPoliciesForUser,
    CreateRole,
    GetRole,
    ListRoles,
    UpdateRole,
    DeleteRole,
    AttachPolicyToRole,
    DetachPolicyFromRole,
    ListPoliciesForRole,
);

/// A RAM user as RAM answers it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[allow(
    missing_docs,
    reason = "fields are the RAM response fields of the same name"
)]
pub struct UserView {
    pub user_id: String,
    pub user_name: String,
    pub display_name: String,
    pub create_date: String,
}

/// A custom policy as RAM answers it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[allow(
    missing_docs,
    reason = "fields are the RAM response fields of the same name"
)]
pub struct PolicyView {
    pub policy_name: String,
    pub description: String,
    pub create_date: String,
}

/// A RAM role as RAM answers it (docs/spec/ram-sts.md §1.1).
#[derive(Clone, Debug, PartialEq, Eq)]
#[allow(
    missing_docs,
    reason = "fields are the RAM response fields of the same name"
)]
pub struct RoleView {
    pub role_id: String,
    pub role_name: String,
    pub arn: String,
    pub description: String,
    pub assume_role_policy_document: String,
    pub max_session_duration: u32,
    pub create_date: String,
    pub update_date: String,
}

/// Which fields of a [`RoleView`] an answer carries (docs/spec/ram-sts.md §1.1's table).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RoleShape {
    /// CreateRole: no `UpdateDate`.
    Created,
    /// GetRole and UpdateRole: every field.
    Full,
}

/// A successful RAM answer.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
#[allow(
    missing_docs,
    reason = "fields are the RAM response fields of the same name"
)]
pub enum RamResponse {
    User(UserView),
    AccessKey {
        access_key_id: String,
        access_key_secret: Secret,
        create_date: String,
    },
    Policy {
        policy: PolicyView,
        document: Option<String>,
    },
    Policies(Vec<(PolicyView, String)>),
    Role(RoleView, RoleShape),
    Roles {
        roles: Vec<RoleView>,
        /// The marker of the next page, when truncated.
        marker: Option<String>,
    },
    Empty,
}

impl RamResponse {
    /// The JSON body without `RequestId`. `AccessKeySecret` appears only in the answer to
    /// CreateAccessKey, to the caller who asked for it.
    pub fn body(&self) -> Map<String, Value> {
        let policy_json = |p: &PolicyView| {
            json!({
                "PolicyName": p.policy_name, "PolicyType": "Custom", "Description": p.description,
                "DefaultVersion": "v1", "CreateDate": p.create_date,
            })
        };
        let value = match self {
            RamResponse::User(u) => json!({"User": {
                "UserId": u.user_id, "UserName": u.user_name, "DisplayName": u.display_name,
                "CreateDate": u.create_date,
            }}),
            RamResponse::AccessKey {
                access_key_id,
                access_key_secret,
                create_date,
            } => json!({"AccessKey": {
                "AccessKeyId": access_key_id, "AccessKeySecret": access_key_secret.expose(),
                "Status": "Active", "CreateDate": create_date,
            }}),
            RamResponse::Policy { policy, document } => {
                let mut v = json!({"Policy": policy_json(policy)});
                if let (Some(doc), Some(obj)) = (document, v.as_object_mut()) {
                    obj.insert(
                        "DefaultPolicyVersion".into(),
                        json!({
                            "VersionId": "v1", "IsDefaultVersion": true, "PolicyDocument": doc,
                            "CreateDate": policy.create_date,
                        }),
                    );
                }
                v
            }
            RamResponse::Policies(list) => {
                json!({"Policies": {"Policy": list.iter().map(|(p, attached)| {
                let mut v = policy_json(p);
                if let Some(obj) = v.as_object_mut() {
                    obj.insert("AttachDate".into(), json!(attached));
                }
                v
            }).collect::<Vec<_>>()}})
            }
            RamResponse::Role(r, shape) => {
                let mut v = role_json(r);
                if *shape == RoleShape::Created {
                    v.remove("UpdateDate");
                }
                v.insert(
                    "AssumeRolePolicyDocument".into(),
                    json!(r.assume_role_policy_document),
                );
                json!({ "Role": v })
            }
            RamResponse::Roles { roles, marker } => {
                let mut v = json!({
                    "IsTruncated": marker.is_some(),
                    "Roles": {"Role": roles.iter().map(role_json).collect::<Vec<_>>()},
                });
                if let (Some(m), Some(obj)) = (marker, v.as_object_mut()) {
                    obj.insert("Marker".into(), json!(m));
                }
                v
            }
            RamResponse::Empty => json!({}),
        };
        match value {
            Value::Object(map) => map,
            _ => Map::new(),
        }
    }
}

/// A role's fields common to every answer (ListRoles items carry no trust policy).
fn role_json(r: &RoleView) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("RoleId".into(), json!(r.role_id));
    m.insert("RoleName".into(), json!(r.role_name));
    m.insert("Arn".into(), json!(r.arn));
    m.insert("Description".into(), json!(r.description));
    m.insert("MaxSessionDuration".into(), json!(r.max_session_duration));
    m.insert("CreateDate".into(), json!(r.create_date));
    m.insert("UpdateDate".into(), json!(r.update_date));
    m
}
