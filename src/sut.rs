//! One trait for every system under test. A step never knows which target it talks to: the
//! in-process reference and a remote endpoint answer with the same [`Outcome`].

mod in_process;
mod remote;

pub use in_process::InProcessTarget;
pub use remote::{RemoteControls, RemoteOptions, RemoteTarget};

use std::collections::BTreeMap;
use std::sync::Arc;

use kms_reference::{HttpRequest, HttpResponse};
use serde_json::Value;

/// The API a call goes to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Service {
    /// KMS 2016-01-20.
    #[default]
    Kms,
    /// The RAM 2015-05-01 subset that provisions principals.
    Ram,
    /// ActionTrail 2020-07-06 (LookupEvents).
    Trail,
}

impl Service {
    /// The endpoint host prefix and the product name of error `Recommend` links.
    pub fn host_and_product(self) -> (&'static str, &'static str) {
        match self {
            Service::Kms => ("kms", "Kms"),
            Service::Ram => ("ram", "Ram"),
            Service::Trail => ("actiontrail", "Actiontrail"),
        }
    }
}

/// One API call as a scenario makes it: flat string parameters, as on the wire.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Call {
    /// Which API.
    pub service: Service,
    /// The `Action`, e.g. `Encrypt`.
    pub action: String,
    /// Business parameters.
    pub params: BTreeMap<String, String>,
    /// The RAM user making the call; `None` for the account's root identity.
    pub principal: Option<String>,
    /// Where the call comes from, for targets that can simulate it.
    pub context: CallerContext,
}

/// Request attributes that policy conditions read. `None` leaves the target's own value (the
/// real connection's, or the reference's default: unknown address, TLS, no MFA).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CallerContext {
    /// `acs:SourceIp`.
    pub source_ip: Option<std::net::IpAddr>,
    /// `acs:SecureTransport`.
    pub secure_transport: Option<bool>,
    /// `acs:MFAPresent`.
    pub mfa_present: Option<bool>,
}

impl Call {
    /// A KMS call of `action` with `params`, as root.
    pub fn new<'a>(action: &str, params: impl IntoIterator<Item = (&'a str, String)>) -> Call {
        Call {
            service: Service::Kms,
            action: action.to_owned(),
            params: params.into_iter().map(|(k, v)| (k.to_owned(), v)).collect(),
            principal: None,
            context: CallerContext::default(),
        }
    }

    /// An ActionTrail call of `action` with `params`, as root.
    pub fn trail<'a>(action: &str, params: impl IntoIterator<Item = (&'a str, String)>) -> Call {
        Call {
            service: Service::Trail,
            ..Call::new(action, params)
        }
    }

    /// A RAM call of `action` with `params`, as root.
    pub fn ram<'a>(action: &str, params: impl IntoIterator<Item = (&'a str, String)>) -> Call {
        Call {
            service: Service::Ram,
            ..Call::new(action, params)
        }
    }

    /// The same call made by the RAM user `user`.
    pub fn by(mut self, user: Option<&str>) -> Call {
        self.principal = user.map(str::to_owned);
        self
    }
}

/// What came back: the HTTP status and the JSON body.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// HTTP status (200 on success).
    pub http_status: u16,
    /// The JSON body, success or error envelope.
    pub body: Value,
}

impl Outcome {
    /// Whether the call succeeded.
    pub fn is_success(&self) -> bool {
        self.http_status == 200
    }

    /// The error `Code`, if the call failed.
    pub fn error_code(&self) -> Option<&str> {
        if self.is_success() {
            None
        } else {
            self.body.get("Code").and_then(Value::as_str)
        }
    }

    /// The error `Message`, if any.
    pub fn error_message(&self) -> Option<&str> {
        self.body.get("Message").and_then(Value::as_str)
    }
}

/// What a target offers beyond the API itself; scenarios tagged with a missing capability are
/// skipped with the reason, never counted as passed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Capabilities {
    /// The target's clock can be moved (`@needs-clock`).
    pub clock: bool,
    /// The caller's source address, transport and MFA can be set per call (`@needs-context`).
    pub caller_context: bool,
    /// Audit events can be read with LookupEvents (`@needs-trail`).
    pub trail: bool,
    /// RAM users and policies can be provisioned through the RAM API (`@needs-ram`).
    pub ram: bool,
    /// Each scenario gets an account of its own (`@needs-fresh-account`).
    pub fresh_account: bool,
}

/// A system under test.
#[async_trait::async_trait]
pub trait Target: Send + Sync {
    /// A short label for reports, e.g. `reference` or an endpoint URL.
    fn label(&self) -> String;

    /// What the target offers.
    fn capabilities(&self) -> Capabilities;

    /// Makes one API call as the call's principal.
    async fn call(&self, call: &Call) -> Outcome;

    /// Sends a raw HTTP request (wire scenarios craft their own signatures and faults).
    async fn send_http(&self, request: &HttpRequest) -> Outcome;

    /// The `host` a signed request names.
    fn host(&self) -> String;

    /// The AccessKey (id, secret) of `principal`, the account's root when `None`; a RAM user
    /// gets one on first use.
    async fn access_key(&self, principal: Option<&str>) -> Result<(String, String), Outcome>;

    /// The target's current time, in Unix seconds.
    async fn now_unix(&self) -> i64;

    /// Moves the target's clock forward; only when [`Capabilities::clock`] is set.
    async fn advance_clock(&self, seconds: i64) -> Result<(), String>;
}

/// The outcome of an HTTP response: its status and JSON body (or the text, as `Message`).
pub(crate) fn outcome_of(response: &HttpResponse) -> Outcome {
    let body = serde_json::from_slice(&response.body).unwrap_or_else(|_| {
        let text = String::from_utf8_lossy(&response.body);
        serde_json::json!({"Code": "NotJson", "Message": text.chars().take(500).collect::<String>()})
    });
    Outcome {
        http_status: response.status,
        body,
    }
}

/// Makes a fresh target for one scenario; the seed lets an in-process target replay exactly.
pub type TargetFactory = Arc<dyn Fn(u64) -> Arc<dyn Target> + Send + Sync>;
