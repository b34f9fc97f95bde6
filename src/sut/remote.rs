//! A remote endpoint as a target: every call signed (V1 or V3) and sent over HTTP(S). RAM users
//! named by scenarios get AccessKeys through the RAM API; a `kmsconf serve` with test controls
//! also gives each scenario a fresh account, a movable clock and simulated caller context.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, AtomicU32, Ordering};
use std::time::Duration;

use kms_reference::wire::{
    ClientCall, HttpRequest, SignatureVersion, sign_request, sign_request_with_token,
};
use kms_reference::{Clock as _, SystemClock};
use serde_json::Value;
use tokio::sync::Mutex;

use crate::config::TargetConfig;
use crate::control::{self, ClockQuery, ClockState, Features, NewAccount, TestControls};
use crate::error::HarnessError;
use crate::sut::{
    Call, CallerContext, Capabilities, Capability, Keys, Outcome, Service, Signer, Target,
    TargetError, asks_for_xml, outcome_of,
};

/// How to reach and authenticate to an endpoint.
#[derive(Clone, Debug)]
pub struct RemoteOptions {
    /// Base URL, e.g. `http://127.0.0.1:8640` or `https://kms.cn-hangzhou.aliyuncs.com`.
    pub endpoint: String,
    /// Root (account) AccessKey id.
    pub access_key_id: String,
    /// Root AccessKey secret.
    pub access_key_secret: String,
    /// Which signature to use.
    pub signature: SignatureVersion,
    /// Test controls the endpoint offers (found by [`RemoteOptions::probe`]).
    pub controls: TestControls,
    /// Whether the endpoint serves ActionTrail LookupEvents.
    pub trail: bool,
    /// Whether the endpoint serves the RAM API (users, AccessKeys, policies, roles).
    pub ram: bool,
    /// Whether the endpoint serves STS AssumeRole and accepts the credentials it issues.
    pub sts: bool,
    /// Retries of a throttled call (HTTP 429 or a `Throttling` code), each re-signed, after a
    /// doubling backoff with jitter ([`backoff`]); nothing else is ever retried.
    pub throttle_retries: u32,
}

/// What the command line says about an endpoint; each given value overrides the
/// configuration's.
#[derive(Clone, Debug, Default)]
pub struct EndpointFlags {
    /// `--endpoint`.
    pub endpoint: Option<String>,
    /// `--access-key-id` (or its environment variable).
    pub access_key_id: Option<String>,
    /// `--access-key-secret` (or its environment variable).
    pub access_key_secret: Option<String>,
    /// `--signature`.
    pub signature: Option<SignatureVersion>,
    /// `--no-trail`.
    pub no_trail: bool,
}

impl RemoteOptions {
    /// The endpoint of the flags or else the configuration, with its credentials, signature,
    /// capabilities and retries; `None` when neither names an endpoint (run in process).
    pub fn from_config(
        config: &TargetConfig,
        flags: EndpointFlags,
    ) -> Result<Option<RemoteOptions>, HarnessError> {
        let Some(endpoint) = flags.endpoint.or_else(|| config.endpoint.clone()) else {
            return Ok(None);
        };
        let (config_id, config_secret) = config.credentials.resolve();
        let (Some(id), Some(secret)) = (
            flags.access_key_id.or(config_id),
            flags.access_key_secret.or(config_secret),
        ) else {
            return Err(HarnessError::NoCredentials);
        };
        let mut options = RemoteOptions::new(endpoint, id, secret);
        options.signature = flags
            .signature
            .or(config.signature_version())
            .unwrap_or(SignatureVersion::V3);
        options.trail = !flags.no_trail && config.capabilities.trail.unwrap_or(true);
        options.ram = config.capabilities.ram.unwrap_or(true);
        options.sts = config.capabilities.sts.unwrap_or(true);
        if let Some(n) = config.retry.throttled_attempts {
            options.throttle_retries = n;
        }
        Ok(Some(options))
    }

    /// Options for `endpoint` with root credentials; V3 signatures, RAM and trail assumed, no
    /// test controls until [`RemoteOptions::probe`], three retries of throttled calls.
    pub fn new(
        endpoint: impl Into<String>,
        access_key_id: impl Into<String>,
        access_key_secret: impl Into<String>,
    ) -> RemoteOptions {
        RemoteOptions {
            endpoint: endpoint.into(),
            access_key_id: access_key_id.into(),
            access_key_secret: access_key_secret.into(),
            signature: SignatureVersion::V3,
            controls: TestControls::default(),
            trail: true,
            ram: true,
            sts: true,
            throttle_retries: 3,
        }
    }

    /// Asks the endpoint which test controls and APIs it offers ([`control::FEATURES_PATH`]);
    /// a real cloud endpoint answers none, and is taken at the options' word.
    pub async fn probe(mut self, client: &reqwest::Client) -> RemoteOptions {
        let url = format!(
            "{}{}",
            self.endpoint.trim_end_matches('/'),
            control::FEATURES_PATH
        );
        if let Ok(response) = client.get(url).send().await
            && response.status().is_success()
            && let Ok(features) = response.json::<Features>().await
        {
            self.ram = features.ram;
            self.sts = features.sts;
            self.trail &= features.trail;
            self.controls = features.controls();
        }
        self
    }
}

/// One scenario's view of a remote endpoint.
#[derive(Debug)]
pub struct RemoteTarget {
    client: reqwest::Client,
    options: Arc<RemoteOptions>,
    host: String,
    /// The scenario's account: its id (for the clock) and root credentials.
    account: Mutex<Option<(Option<String>, Keys)>>,
    users: Mutex<HashMap<String, Keys>>,
    /// Seconds the endpoint's clock was moved by this scenario; requests are dated by it.
    offset: AtomicI64,
    /// Throttled calls re-sent.
    retries: AtomicU32,
}

/// The first wait before re-sending a throttled call; it doubles with every retry.
const BACKOFF_START: Duration = Duration::from_millis(100);
/// The longest wait before a retry, whatever the endpoint asks.
const BACKOFF_CAP: Duration = Duration::from_secs(5);

/// How long to wait before retry number `attempt` (0 for the first) of a throttled call:
/// [`BACKOFF_START`] doubled per attempt, or the endpoint's `x-acs-retry-after` (milliseconds)
/// when it asks for longer, at most [`BACKOFF_CAP`], plus up to a quarter more as jitter
/// (`jitter` in `[0, 1)`) so that concurrent scenarios do not retry in step.
pub(crate) fn backoff(attempt: u32, retry_after_ms: Option<u64>, jitter: f64) -> Duration {
    let doubled = BACKOFF_START.saturating_mul(1u32.checked_shl(attempt).unwrap_or(u32::MAX));
    let asked = Duration::from_millis(retry_after_ms.unwrap_or(0));
    let wait = doubled.max(asked).min(BACKOFF_CAP);
    wait + wait.mul_f64(jitter.clamp(0.0, 1.0) / 4.0)
}

/// Whether an answer says the caller is throttled: HTTP 429 or a code naming `Throttling`
/// (`Throttling`, `Throttling.User`, `Rejected.Throttling`, ...).
pub(crate) fn is_throttled(outcome: &Outcome) -> bool {
    !outcome.is_success()
        && (outcome.http_status == 429
            || outcome
                .body
                .get("Code")
                .and_then(Value::as_str)
                .is_some_and(|code| code.contains("Throttling")))
}

/// A transport failure of reqwest, by kind, with the whole chain of causes.
fn transport(url: &str, error: &reqwest::Error) -> TargetError {
    let mut detail = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        detail.push_str(": ");
        detail.push_str(&cause.to_string());
        source = cause.source();
    }
    let url = url.to_owned();
    let lower = detail.to_ascii_lowercase();
    if error.is_timeout() {
        TargetError::Timeout { url }
    } else if lower.contains("certificate") || lower.contains("tls") || lower.contains("handshake")
    {
        TargetError::Tls { url, detail }
    } else if error.is_connect() {
        TargetError::Connect { url, detail }
    } else {
        TargetError::Other(format!("transport error with {url}: {detail}"))
    }
}

impl RemoteTarget {
    /// A target for one scenario.
    pub fn new(client: reqwest::Client, options: Arc<RemoteOptions>) -> RemoteTarget {
        let host = options
            .endpoint
            .split("://")
            .nth(1)
            .unwrap_or(&options.endpoint)
            .trim_end_matches('/')
            .to_owned();
        RemoteTarget {
            client,
            options,
            host,
            account: Mutex::new(None),
            users: Mutex::new(HashMap::new()),
            offset: AtomicI64::new(0),
            retries: AtomicU32::new(0),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.options.endpoint.trim_end_matches('/'))
    }

    /// POSTs to a test control and reads its JSON answer.
    async fn control(&self, url: String) -> Result<Value, TargetError> {
        let response = self
            .client
            .post(&url)
            .send()
            .await
            .map_err(|e| transport(&url, &e))?;
        let status = response.status().as_u16();
        let bytes = response.bytes().await.map_err(|e| transport(&url, &e))?;
        if status != 200 {
            return Err(TargetError::Refused {
                action: url,
                status,
                body: String::from_utf8_lossy(&bytes).chars().take(500).collect(),
            });
        }
        outcome_of(status, None, &bytes, false).map(|o| o.body)
    }

    /// The scenario's account: a fresh one when the endpoint offers them, else the configured.
    async fn account(&self) -> Result<(Option<String>, Keys), TargetError> {
        let mut account = self.account.lock().await;
        if let Some(a) = account.as_ref() {
            return Ok(a.clone());
        }
        let fresh = if self.options.controls.accounts {
            let v = self.control(self.url(control::ACCOUNTS_PATH)).await?;
            let account: NewAccount = serde_json::from_value(v).map_err(|e| {
                TargetError::Other(format!("the accounts control answered no account: {e}"))
            })?;
            (
                Some(account.account_id),
                Keys::permanent(account.access_key_id, account.access_key_secret),
            )
        } else {
            (
                None,
                Keys::permanent(
                    self.options.access_key_id.clone(),
                    self.options.access_key_secret.clone(),
                ),
            )
        };
        *account = Some(fresh.clone());
        Ok(fresh)
    }

    /// The credentials of `signer`, creating an AccessKey for a RAM user through the RAM API
    /// on first use.
    async fn credentials(&self, signer: &Signer) -> Result<Keys, TargetError> {
        let (_, root) = self.account().await?;
        let user = match signer {
            Signer::Root => return Ok(root),
            Signer::Keys(keys) => return Ok(keys.clone()),
            Signer::User(user) => user,
        };
        if let Some(c) = self.users.lock().await.get(user) {
            return Ok(c.clone());
        }
        let params = BTreeMap::from([("UserName".to_owned(), user.to_owned())]);
        let outcome = self
            .send(
                Service::Ram,
                "CreateAccessKey",
                &params,
                &root,
                &CallerContext::default(),
            )
            .await?;
        if !outcome.is_success() {
            return Err(TargetError::Refused {
                action: format!("CreateAccessKey for {user}"),
                status: outcome.http_status,
                body: outcome.body.to_string(),
            });
        }
        let key = &outcome.body["AccessKey"];
        let c = Keys::permanent(
            key["AccessKeyId"].as_str().unwrap_or_default().to_owned(),
            key["AccessKeySecret"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
        );
        self.users.lock().await.insert(user.to_owned(), c.clone());
        Ok(c)
    }

    /// Signs and sends one call; a throttled answer is re-sent, signed afresh (new nonce and
    /// timestamp), up to [`RemoteOptions::throttle_retries`] times, and the last answer is
    /// returned whatever it is.
    async fn send(
        &self,
        service: Service,
        action: &str,
        params: &BTreeMap<String, String>,
        credentials: &Keys,
        context: &CallerContext,
    ) -> Result<Outcome, TargetError> {
        let mut attempt = 0;
        loop {
            let request = self.sign(service, action, params, credentials, context);
            let (outcome, retry_after) = self.fetch(&request).await?;
            if attempt >= self.options.throttle_retries || !is_throttled(&outcome) {
                return Ok(outcome);
            }
            let jitter = f64::from(uuid::Uuid::new_v4().as_u128() as u16) / 65_536.0;
            tokio::time::sleep(backoff(attempt, retry_after, jitter)).await;
            attempt += 1;
            self.retries.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// One signed request for a call, dated now (by the scenario's clock) with a new nonce.
    fn sign(
        &self,
        service: Service,
        action: &str,
        params: &BTreeMap<String, String>,
        credentials: &Keys,
        context: &CallerContext,
    ) -> HttpRequest {
        let version = service.version();
        let nonce = uuid::Uuid::new_v4().simple().to_string();
        let timestamp = SystemClock
            .now()
            .plus_seconds(self.offset.load(Ordering::SeqCst));
        // The oracle's own client signer: one implementation of the signatures for both sides.
        // The Python SDK drivers in tests/sdk/ are the independent check of it.
        let call = ClientCall {
            method: "POST",
            version,
            action,
            params,
            host: &self.host,
            access_key_id: &credentials.access_key_id,
            secret: &credentials.secret,
            nonce: &nonce,
            timestamp,
        };
        let mut request: HttpRequest = match &credentials.security_token {
            Some(token) => sign_request_with_token(self.options.signature, &call, token),
            None => sign_request(self.options.signature, &call),
        };
        if self.options.controls.context {
            let context_headers = [
                (
                    control::SOURCE_IP_HEADER,
                    context.source_ip.map(|ip| ip.to_string()),
                ),
                (
                    control::SECURE_TRANSPORT_HEADER,
                    context.secure_transport.map(|b| b.to_string()),
                ),
                (
                    control::MFA_HEADER,
                    context.mfa_present.map(|b| b.to_string()),
                ),
            ];
            for (name, value) in context_headers {
                if let Some(v) = value {
                    request.headers.push((name.to_owned(), v));
                }
            }
        }
        request
    }

    /// Sends a request as it is: the outcome, and the `x-acs-retry-after` milliseconds if the
    /// endpoint named them.
    async fn fetch(&self, request: &HttpRequest) -> Result<(Outcome, Option<u64>), TargetError> {
        let method =
            reqwest::Method::from_bytes(request.method.as_bytes()).unwrap_or(reqwest::Method::POST);
        let mut url = self.url(&request.path);
        if !request.query.is_empty() {
            url = format!("{url}?{}", request.query);
        }
        let mut builder = self.client.request(method, &url);
        for (k, v) in &request.headers {
            // reqwest names the host from the URL, which is the host the request was signed for.
            if !k.eq_ignore_ascii_case("host") {
                builder = builder.header(k, v);
            }
        }
        let response = builder
            .body(request.body.clone())
            .send()
            .await
            .map_err(|e| transport(&url, &e))?;
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get("x-acs-retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse().ok());
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let bytes = response.bytes().await.map_err(|e| transport(&url, &e))?;
        let outcome = outcome_of(
            status,
            content_type.as_deref(),
            &bytes,
            asks_for_xml(request),
        )?;
        Ok((outcome, retry_after))
    }
}

#[async_trait::async_trait]
impl Target for RemoteTarget {
    fn label(&self) -> String {
        self.options.endpoint.clone()
    }

    fn capabilities(&self) -> Capabilities {
        let c = self.options.controls;
        Capabilities::default()
            .with(Capability::Clock, c.clock)
            .with(Capability::Context, c.context)
            .with(Capability::Trail, self.options.trail)
            .with(Capability::Ram, self.options.ram)
            .with(Capability::Sts, self.options.sts)
            .with(Capability::FreshAccount, c.accounts)
    }

    async fn call(&self, call: &Call) -> Result<Outcome, TargetError> {
        let credentials = self.credentials(&call.signer).await?;
        self.send(
            call.service,
            &call.action,
            &call.params,
            &credentials,
            &call.context,
        )
        .await
    }

    /// Sent once, as it is: a request the scenario signed itself cannot be re-signed, so it is
    /// never retried.
    async fn send_http(&self, request: &HttpRequest) -> Result<Outcome, TargetError> {
        self.fetch(request).await.map(|(outcome, _)| outcome)
    }

    fn host(&self) -> String {
        self.host.clone()
    }

    async fn keys(&self, signer: &Signer) -> Result<Keys, TargetError> {
        self.credentials(signer).await
    }

    async fn now_unix(&self) -> i64 {
        SystemClock.now().unix() + self.offset.load(Ordering::SeqCst)
    }

    async fn advance_clock(&self, seconds: i64) -> Result<(), TargetError> {
        if !self.options.controls.clock {
            return Err(TargetError::Unsupported("clock control"));
        }
        let (account_id, _) = self.account().await?;
        let query = ClockQuery {
            account_id,
            seconds: Some(seconds),
        };
        let url = format!("{}?{}", self.url(control::CLOCK_PATH), query.to_query());
        let v = self.control(url).await?;
        let clock: ClockState = serde_json::from_value(v)
            .map_err(|e| TargetError::Other(format!("the clock control answered no clock: {e}")))?;
        self.offset.store(clock.offset, Ordering::SeqCst);
        Ok(())
    }

    fn retries(&self) -> u32 {
        self.retries.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_override_the_configuration() {
        let config = TargetConfig::parse(
            "endpoint = 'http://config'\nsignature = 'v1'\n[credentials]\naccess_key_id = 'id'\naccess_key_secret = 's'\n[capabilities]\nram = false\n[retry]\nthrottled_attempts = 5",
        )
        .unwrap();
        let o = RemoteOptions::from_config(&config, EndpointFlags::default())
            .unwrap()
            .unwrap();
        assert_eq!(
            (
                o.endpoint.as_str(),
                o.signature,
                o.ram,
                o.trail,
                o.throttle_retries
            ),
            ("http://config", SignatureVersion::V1, false, true, 5)
        );
        let flags = EndpointFlags {
            endpoint: Some("http://flag".into()),
            signature: Some(SignatureVersion::V3),
            no_trail: true,
            ..EndpointFlags::default()
        };
        let o = RemoteOptions::from_config(&config, flags).unwrap().unwrap();
        assert_eq!(
            (o.endpoint.as_str(), o.signature, o.trail),
            ("http://flag", SignatureVersion::V3, false)
        );
        let none = TargetConfig::default();
        assert!(
            RemoteOptions::from_config(&none, EndpointFlags::default())
                .unwrap()
                .is_none()
        );
        let flags = EndpointFlags {
            endpoint: Some("http://flag".into()),
            ..EndpointFlags::default()
        };
        assert_eq!(
            RemoteOptions::from_config(&none, flags).unwrap_err(),
            HarnessError::NoCredentials
        );
    }

    #[test]
    fn backoff_doubles_from_100_ms_and_stops_at_5_s() {
        let waits: Vec<u128> = (0..8).map(|n| backoff(n, None, 0.0).as_millis()).collect();
        assert_eq!(waits, [100, 200, 400, 800, 1600, 3200, 5000, 5000]);
        assert_eq!(backoff(40, None, 0.0), BACKOFF_CAP);
    }

    #[test]
    fn backoff_honours_retry_after_up_to_the_cap() {
        assert_eq!(backoff(0, Some(1000), 0.0), Duration::from_millis(1000));
        // A shorter ask than the doubled wait does not shorten it.
        assert_eq!(backoff(4, Some(1000), 0.0), Duration::from_millis(1600));
        assert_eq!(backoff(0, Some(60_000), 0.0), BACKOFF_CAP);
    }

    #[test]
    fn jitter_adds_at_most_a_quarter() {
        assert_eq!(backoff(0, None, 0.5), Duration::from_micros(112_500));
        assert!(backoff(6, None, 0.999) < BACKOFF_CAP.mul_f64(1.25));
        assert_eq!(backoff(1, None, 7.0), Duration::from_millis(250));
    }

    #[test]
    fn only_throttling_is_throttling() {
        let outcome = |status, code: &str| Outcome {
            http_status: status,
            body: serde_json::json!({"Code": code}),
            content_type: None,
            xml_root: None,
        };
        assert!(is_throttled(&outcome(429, "Rejected.Throttling")));
        assert!(is_throttled(&outcome(400, "Throttling.User")));
        assert!(is_throttled(&outcome(503, "Throttling")));
        assert!(is_throttled(&outcome(429, "")));
        assert!(!is_throttled(&outcome(503, "ServiceUnavailable")));
        assert!(!is_throttled(&outcome(400, "InvalidParameter")));
        assert!(!is_throttled(&outcome(200, "")));
    }
}
