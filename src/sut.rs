//! One trait for every system under test. A step never knows which target it talks to: the
//! in-process reference and a remote endpoint answer with the same [`Outcome`].

mod in_process;
mod remote;
mod xml;

pub use in_process::InProcessTarget;
pub use remote::{EndpointFlags, RemoteOptions, RemoteTarget};

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use kms_reference::wire::HttpRequest;
use serde_json::Value;

/// The API a call goes to: the reference's own list of products (KMS, RAM, ActionTrail).
pub use kms_reference::wire::Product as Service;

/// One API call as a scenario makes it: flat string parameters, as on the wire.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Call {
    /// Which API.
    pub service: Service,
    /// The `Action`, e.g. `Encrypt`.
    pub action: String,
    /// Business parameters.
    pub params: BTreeMap<String, String>,
    /// Who signs the call.
    pub signer: Signer,
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
            signer: Signer::Root,
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

    /// A call of STS 2015-04-01 (AssumeRole, GetCallerIdentity).
    pub fn sts<'a>(action: &str, params: impl IntoIterator<Item = (&'a str, String)>) -> Call {
        Call {
            service: Service::Sts,
            ..Call::new(action, params)
        }
    }

    /// A RAM call of `action` (`AttachPolicyToUser`, `DetachPolicyFromRole`, ...) on the custom
    /// policy `policy` and the user or role `holder` names (`("UserName", name)`).
    pub fn custom_policy(action: &str, policy: String, holder: (&str, String)) -> Call {
        Call::ram(
            action,
            [
                ("PolicyType", "Custom".to_owned()),
                ("PolicyName", policy),
                holder,
            ],
        )
    }

    /// The same call with `params` added (a step's parameter table).
    pub fn with_params(mut self, params: impl IntoIterator<Item = (String, String)>) -> Call {
        self.params.extend(params);
        self
    }

    /// The same call signed by `signer`.
    pub fn by(mut self, signer: Signer) -> Call {
        self.signer = signer;
        self
    }
}

/// Who signs a call.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Signer {
    /// The account's root identity.
    #[default]
    Root,
    /// The RAM user of this (real) name; the target gives it an AccessKey on first use.
    User(String),
    /// Credentials the scenario holds itself: a role session's temporary ones (docs/spec/ram-sts.md
    /// §4), or any AccessKey with a security token added, left out or swapped on purpose.
    Keys(Keys),
}

/// An AccessKey and the security token signed with it, as the official clients send them (V1
/// `SecurityToken`, V3 `x-acs-security-token`).
#[derive(Clone, PartialEq, Eq)]
pub struct Keys {
    /// The AccessKeyId (`STS.…` for a session).
    pub access_key_id: String,
    /// The AccessKeySecret.
    pub secret: String,
    /// The SecurityToken; `None` signs without one.
    pub security_token: Option<String>,
}

impl Keys {
    /// A permanent AccessKey, signed without a token.
    pub fn permanent(access_key_id: String, secret: String) -> Keys {
        Keys {
            access_key_id,
            secret,
            security_token: None,
        }
    }
}

impl fmt::Debug for Keys {
    /// Only the AccessKeyId: the secret and the token never reach a log or a report.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Keys")
            .field("access_key_id", &self.access_key_id)
            .field("security_token", &self.security_token.as_ref().map(|_| "…"))
            .finish_non_exhaustive()
    }
}

/// What came back: the HTTP status, the body, and what the body was.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// HTTP status (200 on success).
    pub http_status: u16,
    /// The JSON body, success or error envelope; for an XML answer, the content of its root
    /// element read as JSON (objects, lists for repeated names, every leaf a string).
    pub body: Value,
    /// The answer's `Content-Type`, if it had one.
    pub content_type: Option<String>,
    /// The root element of an XML answer (`EncryptResponse`, `KMS`); `None` for JSON.
    pub xml_root: Option<String>,
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

/// What a target may offer beyond the API itself. A scenario tagged with the capability's
/// tag (`@needs-clock`, ...) is skipped, with the reason, on a target that lacks it; it is
/// never counted as passed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Capability {
    /// The target's clock can be moved (`@needs-clock`).
    Clock,
    /// Audit events can be read with LookupEvents (`@needs-trail`).
    Trail,
    /// The caller's source address, transport and MFA can be set per call (`@needs-context`).
    Context,
    /// STS AssumeRole issues temporary credentials the target accepts (`@needs-sts`).
    Sts,
    /// RAM users and policies can be provisioned through the RAM API (`@needs-ram`).
    Ram,
    /// Each scenario gets an account of its own (`@needs-fresh-account`).
    FreshAccount,
}

impl Capability {
    /// Every capability, in the order a scenario's missing ones are reported (STS before RAM:
    /// a scenario with sessions needs both, and the missing STS is the telling reason).
    pub const ALL: [Capability; 6] = [
        Capability::Clock,
        Capability::Trail,
        Capability::Context,
        Capability::Sts,
        Capability::Ram,
        Capability::FreshAccount,
    ];

    /// The tag (without `@`) of scenarios that need it.
    pub fn tag(self) -> &'static str {
        match self {
            Capability::Clock => "needs-clock",
            Capability::Trail => "needs-trail",
            Capability::Context => "needs-context",
            Capability::Sts => "needs-sts",
            Capability::Ram => "needs-ram",
            Capability::FreshAccount => "needs-fresh-account",
        }
    }

    /// Why a scenario that needs it is skipped on a target without it.
    pub fn reason(self) -> &'static str {
        match self {
            Capability::Clock => "the target's clock cannot be moved",
            Capability::Trail => "the target offers no LookupEvents",
            Capability::Context => {
                "the target cannot simulate the caller's address, transport or MFA"
            }
            Capability::Sts => "the target offers no STS AssumeRole, or refuses its credentials",
            Capability::Ram => "the target has no RAM API to provision users and policies",
            Capability::FreshAccount => {
                "the scenario counts everything in the account, and the target shares one"
            }
        }
    }
}

impl fmt::Display for Capability {
    /// `needs-clock: the target's clock cannot be moved`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.tag(), self.reason())
    }
}

/// The capabilities a target offers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Capabilities(u8);

impl Capabilities {
    /// Every capability.
    pub fn all() -> Capabilities {
        Capability::ALL
            .iter()
            .fold(Capabilities::default(), |c, x| c.with(*x, true))
    }

    /// The same set with `capability` in it when `on`, out of it otherwise.
    pub fn with(self, capability: Capability, on: bool) -> Capabilities {
        let bit = 1 << capability as u8;
        Capabilities(if on { self.0 | bit } else { self.0 & !bit })
    }

    /// Whether `capability` is offered.
    pub fn has(self, capability: Capability) -> bool {
        self.0 & (1 << capability as u8) != 0
    }

    /// The first capability a scenario with `tags` (without `@`) needs and this set lacks.
    pub fn missing_for(self, tags: &[String]) -> Option<Capability> {
        Capability::ALL
            .into_iter()
            .find(|c| !self.has(*c) && tags.iter().any(|t| t == c.tag()))
    }
}

/// A system under test.
#[async_trait::async_trait]
pub trait Target: Send + Sync {
    /// A short label for reports, e.g. `reference` or an endpoint URL.
    fn label(&self) -> String;

    /// What the target offers.
    fn capabilities(&self) -> Capabilities;

    /// Makes one API call as the call's principal. `Err` means the target gave no answer (or
    /// none a step may judge); it is never to be read as the endpoint's verdict.
    async fn call(&self, call: &Call) -> Result<Outcome, TargetError>;

    /// Sends a raw HTTP request (wire scenarios craft their own signatures and faults).
    async fn send_http(&self, request: &HttpRequest) -> Result<Outcome, TargetError>;

    /// The `host` a signed request names.
    fn host(&self) -> String;

    /// The credentials `signer` signs with: the account's root AccessKey, a RAM user's (made
    /// on first use), or the keys the signer holds itself.
    async fn keys(&self, signer: &Signer) -> Result<Keys, TargetError>;

    /// The target's current time, in Unix seconds.
    async fn now_unix(&self) -> i64;

    /// Moves the target's clock forward; only with [`Capability::Clock`].
    async fn advance_clock(&self, seconds: i64) -> Result<(), TargetError>;

    /// Throttled calls re-sent so far by this target (one scenario's).
    fn retries(&self) -> u32 {
        0
    }
}

/// The outcome of an HTTP answer: its status, content type and body. A JSON body is always an
/// answer; an XML body only when the request asked for XML (`asked_xml`, see
/// [`asks_for_xml`]) and it is one well-formed document. Anything else is no KMS answer at
/// all, so it is an error, with an excerpt of what came instead.
pub(crate) fn outcome_of(
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
    asked_xml: bool,
) -> Result<Outcome, TargetError> {
    let excerpt = || String::from_utf8_lossy(body).chars().take(500).collect();
    let content_type = content_type.map(str::to_owned);
    if let Ok(json) = serde_json::from_slice(body) {
        return Ok(Outcome {
            http_status: status,
            body: json,
            content_type,
            xml_root: None,
        });
    }
    if !asked_xml {
        return Err(TargetError::NotJson {
            status,
            excerpt: excerpt(),
        });
    }
    let parsed = std::str::from_utf8(body)
        .map_err(|_| "not UTF-8".to_owned())
        .and_then(xml::parse_xml);
    match parsed {
        Ok((root, value)) => Ok(Outcome {
            http_status: status,
            body: value,
            content_type,
            xml_root: Some(root),
        }),
        Err(detail) => Err(TargetError::NotXml {
            status,
            detail,
            excerpt: excerpt(),
        }),
    }
}

/// Whether `request` asks for an XML answer, as a client would: a `Format` parameter of `XML`
/// (any case) in the query or a form body, or an `Accept` header naming `application/xml` or
/// `text/xml` (docs/spec/kms-api.md §1.3, §1.6).
pub(crate) fn asks_for_xml(request: &HttpRequest) -> bool {
    let format_xml = |text: &str| {
        text.split('&').any(|pair| {
            pair.split_once('=')
                .is_some_and(|(k, v)| k == "Format" && v.eq_ignore_ascii_case("xml"))
        })
    };
    let accept_xml = request.headers.iter().any(|(k, v)| {
        k.eq_ignore_ascii_case("accept") && {
            let v = v.to_ascii_lowercase();
            v.contains("application/xml") || v.contains("text/xml")
        }
    });
    format_xml(&request.query) || format_xml(&String::from_utf8_lossy(&request.body)) || accept_xml
}

/// Why a target gave no answer a step may judge.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TargetError {
    /// The endpoint could not be reached: connection refused, no route, DNS failure.
    Connect {
        /// The URL tried.
        url: String,
        /// What the network stack said.
        detail: String,
    },
    /// No answer within the configured timeout.
    Timeout {
        /// The URL tried.
        url: String,
    },
    /// The TLS handshake failed (certificate, protocol).
    Tls {
        /// The URL tried.
        url: String,
        /// What the TLS stack said.
        detail: String,
    },
    /// An answer came, but its body is not JSON (nor XML the request asked for).
    NotJson {
        /// The HTTP status of the answer.
        status: u16,
        /// The start of the body (at most 500 characters).
        excerpt: String,
    },
    /// The request asked for XML and the answer is neither JSON nor well-formed XML.
    NotXml {
        /// The HTTP status of the answer.
        status: u16,
        /// What is wrong with it.
        detail: String,
        /// The start of the body (at most 500 characters).
        excerpt: String,
    },
    /// A call the harness itself needed (an AccessKey for a RAM user, a test account) was
    /// refused; the scenario cannot go on.
    Refused {
        /// What the harness asked for.
        action: String,
        /// The HTTP status of the refusal.
        status: u16,
        /// The answer's body.
        body: String,
    },
    /// The target does not offer what was asked (e.g. clock control).
    Unsupported(&'static str),
    /// Anything else.
    Other(String),
}

impl fmt::Display for TargetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TargetError::Connect { url, detail } => {
                write!(f, "transport error: cannot connect to {url}: {detail}")
            }
            TargetError::Timeout { url } => {
                write!(
                    f,
                    "transport error: no answer from {url} within the timeout"
                )
            }
            TargetError::Tls { url, detail } => {
                write!(f, "transport error: TLS failure with {url}: {detail}")
            }
            TargetError::NotJson { status, excerpt } => {
                write!(f, "the answer (HTTP {status}) is not JSON: {excerpt}")
            }
            TargetError::NotXml {
                status,
                detail,
                excerpt,
            } => write!(
                f,
                "the answer (HTTP {status}) to a request for XML is neither JSON nor XML ({detail}): {excerpt}"
            ),
            TargetError::Refused {
                action,
                status,
                body,
            } => write!(f, "the endpoint refused {action}: HTTP {status} {body}"),
            TargetError::Unsupported(what) => write!(f, "the target offers no {what}"),
            TargetError::Other(detail) => f.write_str(detail),
        }
    }
}

impl std::error::Error for TargetError {}

/// Makes a fresh target for one scenario; the seed lets an in-process target replay exactly.
pub type TargetFactory = Arc<dyn Fn(u64) -> Arc<dyn Target> + Send + Sync>;
