//! Parameter types of the step expressions (`{signature}`, `{state}`, `{unit}`, `{fault}`,
//! `{asking}`):
//! the words a step accepts are spelled once, in the type's regex, and parsed into a value, so
//! a misspelt step is undefined (and reported so) instead of failing inside its body.

use std::str::FromStr;

use cucumber::Parameter;
use kms_reference::wire::{HttpRequest, SignatureVersion};
use kms_reference::{KeyState, Timestamp};

/// `V1` or `V3`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Parameter)]
#[param(name = "signature", regex = "V1|V3")]
pub(crate) struct Signature(pub(crate) SignatureVersion);

impl FromStr for Signature {
    type Err = String;

    fn from_str(s: &str) -> Result<Signature, String> {
        match s {
            "V1" => Ok(Signature(SignatureVersion::V1)),
            "V3" => Ok(Signature(SignatureVersion::V3)),
            other => Err(format!("signature version is V1 or V3, not `{other}`")),
        }
    }
}

/// A key state by its wire spelling: `Enabled`, `Disabled`, `PendingDeletion`,
/// `PendingImport`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Parameter)]
#[param(
    name = "state",
    regex = "Enabled|Disabled|PendingDeletion|PendingImport"
)]
pub(crate) struct State(pub(crate) KeyState);

impl FromStr for State {
    type Err = String;

    fn from_str(s: &str) -> Result<State, String> {
        KeyState::ALL
            .iter()
            .find(|k| k.as_str() == s)
            .map(|k| State(*k))
            .ok_or_else(|| format!("unknown key state `{s}`"))
    }
}

/// A unit of time, singular or plural.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Parameter)]
#[param(name = "unit", regex = "days?|hours?|minutes?|seconds?")]
pub(crate) enum TimeUnit {
    Day,
    Hour,
    Minute,
    Second,
}

impl TimeUnit {
    /// Seconds in `amount` of this unit.
    pub(crate) fn seconds(self, amount: i64) -> i64 {
        amount
            * match self {
                TimeUnit::Day => 86_400,
                TimeUnit::Hour => 3_600,
                TimeUnit::Minute => 60,
                TimeUnit::Second => 1,
            }
    }
}

impl FromStr for TimeUnit {
    type Err = String;

    fn from_str(s: &str) -> Result<TimeUnit, String> {
        match s.trim_end_matches('s') {
            "day" => Ok(TimeUnit::Day),
            "hour" => Ok(TimeUnit::Hour),
            "minute" => Ok(TimeUnit::Minute),
            "second" => Ok(TimeUnit::Second),
            other => Err(format!("unknown time unit `{other}`")),
        }
    }
}

/// One precise way to break a request the scenario signs itself. Some faults change what is
/// signed ([`WireFault::before_signing`]), the others the signed request
/// ([`WireFault::after_signing`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Parameter)]
#[param(
    name = "fault",
    regex = "using a wrong secret|with an unknown AccessKeyId|dated 16 minutes ago|dated 16 minutes ahead|dated 14 minutes ago|for version 2014-01-01|as GET|without a signature|without a timestamp|without a nonce|with an unsigned header x-acs-extra|with a tampered parameter|with the parameters in a form body|with a body of 2 MiB|with method PUT|with a security token|twice with the same nonce"
)]
pub(crate) enum WireFault {
    WrongSecret,
    UnknownAccessKeyId,
    /// Dated this many minutes from now (negative: ago).
    Dated(i64),
    OldVersion,
    Get,
    NoSignature,
    NoTimestamp,
    NoNonce,
    UnsignedHeader,
    TamperedParameter,
    FormBody,
    HugeBody,
    Put,
    SecurityToken,
    Replayed,
}

/// Every fault by its phrase; the `#[param]` regex above lists the same phrases.
const FAULTS: &[(&str, WireFault)] = &[
    ("using a wrong secret", WireFault::WrongSecret),
    ("with an unknown AccessKeyId", WireFault::UnknownAccessKeyId),
    ("dated 16 minutes ago", WireFault::Dated(-16)),
    ("dated 16 minutes ahead", WireFault::Dated(16)),
    ("dated 14 minutes ago", WireFault::Dated(-14)),
    ("for version 2014-01-01", WireFault::OldVersion),
    ("as GET", WireFault::Get),
    ("without a signature", WireFault::NoSignature),
    ("without a timestamp", WireFault::NoTimestamp),
    ("without a nonce", WireFault::NoNonce),
    (
        "with an unsigned header x-acs-extra",
        WireFault::UnsignedHeader,
    ),
    ("with a tampered parameter", WireFault::TamperedParameter),
    ("with the parameters in a form body", WireFault::FormBody),
    ("with a body of 2 MiB", WireFault::HugeBody),
    ("with method PUT", WireFault::Put),
    ("with a security token", WireFault::SecurityToken),
    ("twice with the same nonce", WireFault::Replayed),
];

impl FromStr for WireFault {
    type Err = String;

    fn from_str(s: &str) -> Result<WireFault, String> {
        FAULTS
            .iter()
            .find(|(phrase, _)| *phrase == s)
            .map(|(_, fault)| *fault)
            .ok_or_else(|| format!("unknown wire fault `{s}`"))
    }
}

/// How a wire request asks for its answer's format: `with Format=XML` (the common parameter,
/// signed with the rest; any value) or `with Accept: application/xml` (a header, any media
/// type; not signed, as the V3 rules require only `host` and `x-acs-*`).
#[derive(Clone, Debug, PartialEq, Eq, Parameter)]
#[param(
    name = "asking",
    regex = r"with Format=[A-Za-z]+|with Accept: [a-z]+/[a-z+.*-]+"
)]
pub(crate) enum Asking {
    /// The parameter `Format` with this value.
    Format(String),
    /// The header `Accept` with this value.
    Accept(String),
}

impl FromStr for Asking {
    type Err = String;

    fn from_str(s: &str) -> Result<Asking, String> {
        if let Some(v) = s.strip_prefix("with Format=") {
            Ok(Asking::Format(v.to_owned()))
        } else if let Some(v) = s.strip_prefix("with Accept: ") {
            Ok(Asking::Accept(v.to_owned()))
        } else {
            Err(format!(
                "`{s}` is neither `with Format=...` nor `with Accept: ...`"
            ))
        }
    }
}

/// What a request is signed with, before a fault changes it.
#[derive(Debug)]
pub(crate) struct Signing {
    pub(crate) access_key_id: String,
    pub(crate) secret: String,
    /// The target's current time (Unix seconds); the request is dated by it.
    pub(crate) timestamp: Timestamp,
    pub(crate) api_version: String,
    pub(crate) method: &'static str,
}

impl WireFault {
    /// Changes what is signed, for the faults that live in the signature's inputs.
    pub(crate) fn before_signing(self, s: &mut Signing) {
        match self {
            WireFault::WrongSecret => s.secret.push('x'),
            WireFault::UnknownAccessKeyId => {
                s.access_key_id = "LTAIunknown00000000000000".into();
            }
            WireFault::Dated(minutes) => {
                s.timestamp = Timestamp::from_unix(s.timestamp.unix() + minutes * 60);
            }
            WireFault::OldVersion => s.api_version = "2014-01-01".into(),
            WireFault::Get => s.method = "GET",
            _ => {}
        }
    }

    /// Changes the signed request, for the faults that live outside the signature.
    pub(crate) fn after_signing(self, request: &mut HttpRequest) {
        match self {
            WireFault::NoSignature => {
                request.headers.retain(|(k, _)| k != "authorization");
                request.query = without(&request.query, "Signature");
            }
            WireFault::NoTimestamp => {
                request.headers.retain(|(k, _)| k != "x-acs-date");
                request.query = without(&request.query, "Timestamp");
            }
            WireFault::NoNonce => {
                request
                    .headers
                    .retain(|(k, _)| k != "x-acs-signature-nonce");
                request.query = without(&request.query, "SignatureNonce");
            }
            WireFault::UnsignedHeader => request.headers.push(("x-acs-extra".into(), "1".into())),
            WireFault::TamperedParameter => request.query.push_str("&Tampered=1"),
            WireFault::FormBody => {
                request.body = std::mem::take(&mut request.query).into_bytes();
                request.headers.push((
                    "content-type".into(),
                    "application/x-www-form-urlencoded".into(),
                ));
            }
            WireFault::HugeBody => request.body = vec![b'a'; 2 << 20],
            WireFault::Put => request.method = "PUT".into(),
            WireFault::SecurityToken => {
                request.query.push_str("&SecurityToken=CAIS");
                request
                    .headers
                    .push(("x-acs-security-token".into(), "CAIS".into()));
            }
            _ => {}
        }
    }

    /// Whether the request is sent twice (the second time with its nonce already used).
    pub(crate) fn sends_twice(self) -> bool {
        self == WireFault::Replayed
    }
}

/// `query` without the parameter `name`.
fn without(query: &str, name: &str) -> String {
    query
        .split('&')
        .filter(|p| p.split('=').next() != Some(name))
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_fault_phrase_parses_and_the_regex_lists_exactly_them() {
        let listed: Vec<&str> = <WireFault as Parameter>::REGEX.split('|').collect();
        let phrases: Vec<&str> = FAULTS.iter().map(|(p, _)| *p).collect();
        assert_eq!(listed, phrases);
        for (phrase, fault) in FAULTS {
            assert_eq!(phrase.parse::<WireFault>(), Ok(*fault));
        }
    }

    #[test]
    fn units_count_seconds() {
        let unit = |s: &str| s.parse::<TimeUnit>().unwrap();
        assert_eq!(unit("days").seconds(8), 8 * 86_400);
        assert_eq!(unit("hour").seconds(1), 3_600);
        assert_eq!(unit("minutes").seconds(16), 960);
        assert!("weeks".parse::<TimeUnit>().is_err());
    }
}
