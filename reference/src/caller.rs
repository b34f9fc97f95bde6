//! Who is calling, and from where: the input of authorization and of the audit record.

use std::net::IpAddr;

/// The authenticated principal of a call.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub enum Principal {
    /// The Alibaba Cloud account itself (root credentials): always allowed.
    Account,
    /// A RAM user of the account, allowed only what its attached policies allow.
    User {
        /// The user's name.
        name: String,
    },
    /// A session of a RAM role, allowed what both its role's policies and its session policy
    /// allow (docs/spec/ram-sts.md §5).
    AssumedRole {
        /// The role's name as stored.
        role: String,
        /// The role's id: a re-created role is another role.
        role_id: String,
        /// The RoleSessionName.
        session: String,
        /// The STS AccessKeyId of the session.
        access_key_id: String,
    },
}

/// A caller with the request attributes that policy conditions read.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Caller {
    /// The principal.
    pub principal: Principal,
    /// The client's address (`acs:SourceIp`), when known.
    pub source_ip: Option<IpAddr>,
    /// Whether the call came over TLS (`acs:SecureTransport`).
    pub secure_transport: bool,
    /// Whether the caller signed in with MFA (`acs:MFAPresent`).
    pub mfa_present: bool,
    /// The AccessKey the request was signed with, for the audit record.
    pub access_key_id: Option<String>,
    /// The client's User-Agent, for the audit record.
    pub user_agent: Option<String>,
}

impl Caller {
    /// A RAM user calling from an unknown address over TLS.
    pub fn user(name: impl Into<String>) -> Caller {
        Caller {
            principal: Principal::User { name: name.into() },
            ..Caller::root()
        }
    }

    /// The account's root identity, calling from an unknown address over TLS.
    pub fn root() -> Caller {
        Caller {
            principal: Principal::Account,
            source_ip: None,
            secure_transport: true,
            mfa_present: false,
            access_key_id: None,
            user_agent: None,
        }
    }
}
