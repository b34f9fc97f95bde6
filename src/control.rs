//! The test-control protocol between `kmsconf serve` and the remote target, defined once: its
//! paths, its `x-kmsconf-*` headers and the JSON of its answers. Only a server started with
//! test controls serves them; a real endpoint answers none, and the harness then skips what
//! needs them.

use serde::{Deserialize, Serialize};

/// `GET`: which test controls and APIs the server offers ([`Features`]).
pub const FEATURES_PATH: &str = "/__kmsconf/features";
/// `GET` reads, `POST ?seconds=N[&accountId=ID]` moves an account's clock ([`ClockState`]).
pub const CLOCK_PATH: &str = "/__kmsconf/clock";
/// `POST`: a fresh account with its own keys, users, trail and clock ([`NewAccount`]).
pub const ACCOUNTS_PATH: &str = "/__kmsconf/accounts";

/// The caller's source address (`acs:SourceIp`).
pub const SOURCE_IP_HEADER: &str = "x-kmsconf-source-ip";
/// `true` or `false`: whether the caller used TLS (`acs:SecureTransport`).
pub const SECURE_TRANSPORT_HEADER: &str = "x-kmsconf-secure-transport";
/// `true` or `false`: whether the caller signed in with MFA (`acs:MFAPresent`).
pub const MFA_HEADER: &str = "x-kmsconf-mfa";

/// Test controls a server may offer; all off by default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TestControls {
    /// [`CLOCK_PATH`]: read and move an account's clock.
    pub clock: bool,
    /// The `x-kmsconf-*` headers set the caller's address, transport and MFA.
    pub context: bool,
    /// [`ACCOUNTS_PATH`]: a fresh account per scenario, for isolation.
    pub accounts: bool,
}

/// The answer of [`FEATURES_PATH`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Features {
    /// [`TestControls::clock`].
    pub clock: bool,
    /// [`TestControls::context`].
    pub context: bool,
    /// [`TestControls::accounts`].
    pub accounts: bool,
    /// The RAM API is served.
    pub ram: bool,
    /// ActionTrail LookupEvents is served.
    pub trail: bool,
    /// STS AssumeRole is served (and its credentials accepted).
    pub sts: bool,
}

impl Features {
    /// The test controls among the features.
    pub fn controls(&self) -> TestControls {
        TestControls {
            clock: self.clock,
            context: self.context,
            accounts: self.accounts,
        }
    }
}

/// The answer of [`CLOCK_PATH`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockState {
    /// The account's time, Unix seconds.
    pub now: i64,
    /// Seconds the account's clock has been moved.
    pub offset: i64,
}

/// The query of [`CLOCK_PATH`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockQuery {
    /// The account; the server's default account when absent.
    #[serde(rename = "accountId", skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    /// Seconds to move forward (POST).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seconds: Option<i64>,
}

impl ClockQuery {
    /// The query string (`seconds=N&accountId=ID`); account ids and numbers need no escaping.
    pub fn to_query(&self) -> String {
        let mut parts = Vec::new();
        if let Some(s) = self.seconds {
            parts.push(format!("seconds={s}"));
        }
        if let Some(id) = &self.account_id {
            parts.push(format!("accountId={id}"));
        }
        parts.join("&")
    }
}

/// The answer of [`ACCOUNTS_PATH`]: the new account and its root AccessKey.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewAccount {
    /// The 16-digit account id.
    #[serde(rename = "accountId")]
    pub account_id: String,
    /// The root AccessKey id.
    #[serde(rename = "accessKeyId")]
    pub access_key_id: String,
    /// The root AccessKey secret.
    #[serde(rename = "accessKeySecret")]
    pub access_key_secret: String,
}
