//! The target configuration file (`kmsconf run --config target.toml`) and the commented
//! example `kmsconf init` writes.

use std::path::Path;

use kms_reference::wire::SignatureVersion;
use serde::Deserialize;

use crate::error::HarnessError;

/// A target configuration. Every field is optional; command-line flags override it.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct TargetConfig {
    /// Base URL of the endpoint.
    pub endpoint: Option<String>,
    /// Region the endpoint serves (documentation; scenarios read it from responses).
    pub region: Option<String>,
    /// The account's uid (documentation; scenarios read it from ARNs).
    pub account_id: Option<String>,
    /// `v1` or `v3`.
    pub signature: Option<String>,
    /// Scenarios run at once.
    pub concurrency: Option<usize>,
    /// Seconds before a request is abandoned.
    pub timeout_seconds: Option<u64>,
    /// PEM file of the CA certificates to trust for an https endpoint, and only them (e.g. the
    /// `ca.pem` of `kmsconf serve --tls`).
    pub ca_file: Option<std::path::PathBuf>,
    /// Root credentials.
    #[serde(default)]
    pub credentials: Credentials,
    /// What the endpoint offers beyond the API.
    #[serde(default)]
    pub capabilities: CapabilitiesConfig,
    /// Retry of throttled calls.
    #[serde(default)]
    pub retry: Retry,
    /// Failures the endpoint declares, each with its reason.
    #[serde(default, rename = "divergence")]
    pub divergences: Vec<DivergenceConfig>,
}

/// Credentials given directly or, better, by the names of environment variables.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Credentials {
    /// The AccessKey id.
    pub access_key_id: Option<String>,
    /// The AccessKey secret (prefer `access_key_secret_env`).
    pub access_key_secret: Option<String>,
    /// Variable holding the AccessKey id.
    pub access_key_id_env: Option<String>,
    /// Variable holding the AccessKey secret.
    pub access_key_secret_env: Option<String>,
}

impl Credentials {
    /// The (id, secret), from the values or their variables.
    pub fn resolve(&self) -> (Option<String>, Option<String>) {
        let from = |value: &Option<String>, env: &Option<String>| {
            value
                .clone()
                .or_else(|| env.as_ref().and_then(|name| std::env::var(name).ok()))
        };
        (
            from(&self.access_key_id, &self.access_key_id_env),
            from(&self.access_key_secret, &self.access_key_secret_env),
        )
    }
}

/// Capabilities, when the endpoint cannot be probed for them.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct CapabilitiesConfig {
    /// The endpoint serves ActionTrail LookupEvents.
    pub trail: Option<bool>,
    /// The endpoint serves the RAM API.
    pub ram: Option<bool>,
    /// The endpoint serves STS AssumeRole and accepts its temporary credentials.
    pub sts: Option<bool>,
}

/// Retry of throttled calls only (HTTP 429, `Throttling` codes), never of assertions.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Retry {
    /// Retries of one throttled call.
    pub throttled_attempts: Option<u32>,
}

/// One known divergence.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct DivergenceConfig {
    /// A regular expression over scenario names.
    pub name: Option<String>,
    /// A tag, with or without `@`.
    pub tag: Option<String>,
    /// An API (`Encrypt`) whose answers `kmsconf diff` does not compare.
    pub action: Option<String>,
    /// With `action`: only answers where either side has this error code.
    pub code: Option<String>,
    /// Why the endpoint differs.
    pub reason: String,
}

impl TargetConfig {
    /// Reads and parses the configuration file at `path`.
    pub fn load(path: &Path) -> Result<TargetConfig, HarnessError> {
        let in_file = |e: HarnessError| match e {
            HarnessError::Config { message, .. } => HarnessError::Config {
                path: Some(path.to_owned()),
                message,
            },
            other => other,
        };
        let text = std::fs::read_to_string(path).map_err(|e| {
            in_file(HarnessError::Config {
                path: None,
                message: e.to_string(),
            })
        })?;
        TargetConfig::parse(&text).map_err(in_file)
    }

    /// Parses a configuration file's text.
    pub fn parse(text: &str) -> Result<TargetConfig, HarnessError> {
        let invalid = |message: String| HarnessError::Config {
            path: None,
            message,
        };
        let config: TargetConfig = toml::from_str(text).map_err(|e| invalid(e.to_string()))?;
        for d in &config.divergences {
            if d.name.is_none() && d.tag.is_none() && d.action.is_none() {
                return Err(invalid(format!(
                    "divergence `{}` needs a `name` pattern, a `tag` or an `action`",
                    d.reason
                )));
            }
            if d.code.is_some() && d.action.is_none() {
                return Err(invalid(format!(
                    "divergence `{}`: a `code` needs the `action` it is answered to",
                    d.reason
                )));
            }
        }
        if let Some(s) = &config.signature
            && !matches!(s.as_str(), "v1" | "v3")
        {
            return Err(invalid(format!(
                "signature must be `v1` or `v3`, not `{s}`"
            )));
        }
        Ok(config)
    }

    /// The signature the file names, if any.
    pub fn signature_version(&self) -> Option<SignatureVersion> {
        match self.signature.as_deref() {
            Some("v1") => Some(SignatureVersion::V1),
            Some("v3") => Some(SignatureVersion::V3),
            _ => None,
        }
    }

    /// Seconds before a request is abandoned (30 by default).
    pub fn timeout(&self) -> std::time::Duration {
        std::time::Duration::from_secs(self.timeout_seconds.unwrap_or(30))
    }

    /// The HTTP client for the endpoint: the timeout, and the CA file's roots when given.
    pub fn http_client(&self) -> Result<reqwest::Client, HarnessError> {
        http_client(self.timeout(), self.ca_file.as_deref())
    }

    /// The divergences in the runner's form.
    pub fn divergences(&self) -> Vec<Divergence> {
        self.divergences
            .iter()
            .map(|d| Divergence {
                name: d.name.clone(),
                tag: d
                    .tag
                    .as_deref()
                    .map(|t| t.trim_start_matches('@').to_owned()),
                action: d.action.clone(),
                code: d.code.clone(),
                reason: d.reason.clone(),
            })
            .collect()
    }
}

/// An HTTP client abandoning requests after `timeout`; with `ca_file`, trusting only the CA
/// certificates of that PEM file.
pub fn http_client(
    timeout: std::time::Duration,
    ca_file: Option<&Path>,
) -> Result<reqwest::Client, HarnessError> {
    let mut builder = reqwest::Client::builder().timeout(timeout);
    if let Some(path) = ca_file {
        let pem = std::fs::read(path).map_err(|e| {
            HarnessError::Client(format!("cannot read the CA file {}: {e}", path.display()))
        })?;
        let certs = reqwest::Certificate::from_pem_bundle(&pem).map_err(|e| {
            HarnessError::Client(format!("{} holds no PEM certificate: {e}", path.display()))
        })?;
        if certs.is_empty() {
            return Err(HarnessError::Client(format!(
                "{} holds no PEM certificate",
                path.display()
            )));
        }
        builder = builder.tls_certs_only(certs);
    }
    builder
        .build()
        .map_err(|e| HarnessError::Client(e.to_string()))
}

/// The commented example `kmsconf init` writes.
pub const EXAMPLE_CONFIG: &str = r#"# kmsconf target configuration. Run with: kmsconf run --config target.toml
# Command-line flags override every value here.

# The endpoint under test (https for a cloud endpoint, http for a local emulator).
endpoint = "http://127.0.0.1:8640"
region = "cn-hangzhou"
account_id = "1234567890123456"
# Request signature: "v3" (ACS3-HMAC-SHA256, the current SDKs' default) or "v1" (HMAC-SHA1).
signature = "v3"
# Scenarios run at once, and seconds before a request is abandoned.
concurrency = 8
timeout_seconds = 30
# For an https endpoint with a private CA (kmsconf serve --tls writes kmsconf-tls/ca.pem):
# trust only the CA certificates of this PEM file.
# ca_file = "kmsconf-tls/ca.pem"

[credentials]
# Root (account) AccessKey. Prefer naming environment variables over writing secrets here.
access_key_id_env = "ALIBABA_CLOUD_ACCESS_KEY_ID"
access_key_secret_env = "ALIBABA_CLOUD_ACCESS_KEY_SECRET"

[capabilities]
# Whether the endpoint serves ActionTrail LookupEvents (audit scenarios) and the RAM API.
# RAM users that scenarios name are created through the endpoint's RAM API; without one
# (ram = false), scenarios that need RAM users are skipped with the reason. Roles are made
# through RAM too, and sessions through the endpoint's STS AssumeRole (sts = false skips them).
# kmsconf serve is probed for these; other endpoints are taken at their word.
trail = true
ram = true
sts = true

[retry]
# Throttled calls (HTTP 429, Throttling codes) are retried with doubling backoff; nothing
# else is ever retried.
throttled_attempts = 3

# Known divergences: failures this endpoint declares, reported apart from failures.
# [[divergence]]
# tag = "inferred"
# reason = "we follow AWS semantics where the Alibaba docs are silent"
# [[divergence]]
# name = "^Decrypt with a tampered blob"
# reason = "answers IncorrectKeyException instead of InvalidParameter (ticket KMS-123)"
# For `kmsconf diff`: answers of this API (with this error code on either side) are not
# compared, and a case that reaches one ends there.
# [[divergence]]
# action = "Decrypt"
# code = "IncorrectKeyException"
# reason = "the same ticket, as kmsconf diff sees it"
"#;

/// A failure the target declares in advance: scenarios matching it are reported as `known`
/// with the reason, apart from failures.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Divergence {
    /// A regular expression over scenario names.
    pub name: Option<String>,
    /// A tag (without `@`).
    pub tag: Option<String>,
    /// An API whose answers `kmsconf diff` does not compare.
    pub action: Option<String>,
    /// With `action`: only answers where either side has this error code.
    pub code: Option<String>,
    /// Why the target differs.
    pub reason: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_parses() {
        let config = TargetConfig::parse(EXAMPLE_CONFIG).unwrap();
        assert_eq!(config.endpoint.as_deref(), Some("http://127.0.0.1:8640"));
        assert_eq!(config.retry.throttled_attempts, Some(3));
    }

    #[test]
    fn mistakes_are_reported() {
        assert!(
            TargetConfig::parse("endpont = 'x'")
                .unwrap_err()
                .to_string()
                .contains("endpont")
        );
        assert!(TargetConfig::parse("signature = 'v2'").is_err());
        // The [principals] table is gone: an old file says so instead of being half read.
        assert!(
            TargetConfig::parse("[principals]\nprovision = 'static'")
                .unwrap_err()
                .to_string()
                .contains("principals")
        );
        assert!(TargetConfig::parse("[[divergence]]\nreason = 'x'").is_err());
        let c = TargetConfig::parse("[[divergence]]\ntag = '@wire'\nreason = 'no V1'").unwrap();
        assert_eq!(c.divergences()[0].tag.as_deref(), Some("wire"));
    }
}
