//! A remote endpoint as a target: every call signed (V1 or V3) and sent over HTTP(S). RAM users
//! named by scenarios get AccessKeys through the RAM API; a `kmsconf serve` with test controls
//! also gives each scenario a fresh account, a movable clock and simulated caller context.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use kms_reference::{
    ClientCall, Clock as _, HttpRequest, KMS_VERSION, RAM_VERSION, SignatureVersion, SystemClock,
    TRAIL_VERSION, sign_request,
};
use serde_json::{Value, json};
use tokio::sync::Mutex;

use crate::sut::{Call, Capabilities, Outcome, Service, Target};

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
    pub controls: RemoteControls,
    /// Whether the endpoint serves ActionTrail LookupEvents.
    pub trail: bool,
    /// Whether the endpoint serves the RAM API (users, AccessKeys, policies).
    pub ram: bool,
    /// Retries of a throttled call (HTTP 429 or a `Throttling` code), with doubling backoff;
    /// nothing else is ever retried.
    pub throttle_retries: u32,
}

/// Test controls of a `kmsconf serve` endpoint.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RemoteControls {
    /// `/__kmsconf/clock`.
    pub clock: bool,
    /// `x-kmsconf-*` context headers.
    pub context: bool,
    /// `/__kmsconf/accounts`.
    pub accounts: bool,
}

impl RemoteOptions {
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
            controls: RemoteControls::default(),
            trail: true,
            ram: true,
            throttle_retries: 3,
        }
    }

    /// Asks the endpoint which test controls it offers (`/__kmsconf/features`); a real cloud
    /// endpoint answers none.
    pub async fn probe(mut self, client: &reqwest::Client) -> RemoteOptions {
        let url = format!("{}/__kmsconf/features", self.endpoint.trim_end_matches('/'));
        if let Ok(response) = client.get(url).send().await
            && response.status().is_success()
            && let Ok(v) = response.json::<Value>().await
        {
            let flag = |k: &str| v.get(k).and_then(Value::as_bool).unwrap_or(false);
            if let Some(ram) = v.get("ram").and_then(Value::as_bool) {
                self.ram = ram;
            }
            if let Some(trail) = v.get("trail").and_then(Value::as_bool) {
                self.trail &= trail;
            }
            self.controls = RemoteControls {
                clock: flag("clock"),
                context: flag("context"),
                accounts: flag("accounts"),
            };
        }
        self
    }
}

/// Credentials of one principal.
#[derive(Clone, Debug)]
struct Credentials {
    access_key_id: String,
    secret: String,
}

/// One scenario's view of a remote endpoint.
#[derive(Debug)]
pub struct RemoteTarget {
    client: reqwest::Client,
    options: Arc<RemoteOptions>,
    host: String,
    /// The scenario's account: its id (for the clock) and root credentials.
    account: Mutex<Option<(Option<String>, Credentials)>>,
    users: Mutex<HashMap<String, Credentials>>,
    /// Seconds the endpoint's clock was moved by this scenario; requests are dated by it.
    offset: AtomicI64,
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
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.options.endpoint.trim_end_matches('/'))
    }

    /// The scenario's account: a fresh one when the endpoint offers them, else the configured.
    async fn account(&self) -> Result<(Option<String>, Credentials), Outcome> {
        let mut account = self.account.lock().await;
        if let Some(a) = account.as_ref() {
            return Ok(a.clone());
        }
        let fresh = if self.options.controls.accounts {
            let response = self
                .client
                .post(self.url("/__kmsconf/accounts"))
                .send()
                .await
                .map_err(transport)?;
            let v: Value = response.json().await.map_err(transport)?;
            let text = |k: &str| {
                v.get(k)
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned()
            };
            (
                Some(text("accountId")),
                Credentials {
                    access_key_id: text("accessKeyId"),
                    secret: text("accessKeySecret"),
                },
            )
        } else {
            (
                None,
                Credentials {
                    access_key_id: self.options.access_key_id.clone(),
                    secret: self.options.access_key_secret.clone(),
                },
            )
        };
        *account = Some(fresh.clone());
        Ok(fresh)
    }

    /// The credentials of `principal` (root when `None`), creating an AccessKey for a RAM user
    /// through the RAM API on first use.
    async fn credentials(&self, principal: Option<&str>) -> Result<Credentials, Outcome> {
        let (_, root) = self.account().await?;
        let Some(user) = principal else {
            return Ok(root);
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
                &Default::default(),
            )
            .await;
        if !outcome.is_success() {
            return Err(outcome);
        }
        let key = &outcome.body["AccessKey"];
        let c = Credentials {
            access_key_id: key["AccessKeyId"].as_str().unwrap_or_default().to_owned(),
            secret: key["AccessKeySecret"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
        };
        self.users.lock().await.insert(user.to_owned(), c.clone());
        Ok(c)
    }

    async fn send(
        &self,
        service: Service,
        action: &str,
        params: &BTreeMap<String, String>,
        credentials: &Credentials,
        context: &crate::sut::CallerContext,
    ) -> Outcome {
        let version = match service {
            Service::Kms => KMS_VERSION,
            Service::Ram => RAM_VERSION,
            Service::Trail => TRAIL_VERSION,
        };
        let nonce = uuid::Uuid::new_v4().simple().to_string();
        let timestamp = SystemClock
            .now()
            .plus_seconds(self.offset.load(Ordering::SeqCst));
        let request: HttpRequest = sign_request(
            self.options.signature,
            &ClientCall {
                method: "POST",
                version,
                action,
                params,
                host: &self.host,
                access_key_id: &credentials.access_key_id,
                secret: &credentials.secret,
                nonce: &nonce,
                timestamp,
            },
        );
        let mut request = request;
        if self.options.controls.context {
            let context_headers = [
                (
                    "x-kmsconf-source-ip",
                    context.source_ip.map(|ip| ip.to_string()),
                ),
                (
                    "x-kmsconf-secure-transport",
                    context.secure_transport.map(|b| b.to_string()),
                ),
                ("x-kmsconf-mfa", context.mfa_present.map(|b| b.to_string())),
            ];
            for (name, value) in context_headers {
                if let Some(v) = value {
                    request.headers.push((name.to_owned(), v));
                }
            }
        }
        self.send_http(&request).await
    }
}

fn transport(e: reqwest::Error) -> Outcome {
    Outcome {
        http_status: 0,
        body: json!({"Code": "TransportError", "Message": e.to_string()}),
    }
}

#[async_trait::async_trait]
impl Target for RemoteTarget {
    fn label(&self) -> String {
        self.options.endpoint.clone()
    }

    fn capabilities(&self) -> Capabilities {
        let c = self.options.controls;
        Capabilities {
            clock: c.clock,
            caller_context: c.context,
            trail: self.options.trail,
            ram: self.options.ram,
            fresh_account: c.accounts,
        }
    }

    async fn call(&self, call: &Call) -> Outcome {
        let credentials = match self.credentials(call.principal.as_deref()).await {
            Ok(c) => c,
            Err(outcome) => return outcome,
        };
        self.send(
            call.service,
            &call.action,
            &call.params,
            &credentials,
            &call.context,
        )
        .await
    }

    async fn send_http(&self, request: &HttpRequest) -> Outcome {
        let method =
            reqwest::Method::from_bytes(request.method.as_bytes()).unwrap_or(reqwest::Method::POST);
        let mut url = format!(
            "{}{}",
            self.options.endpoint.trim_end_matches('/'),
            request.path
        );
        if !request.query.is_empty() {
            url = format!("{url}?{}", request.query);
        }
        let mut builder = self.client.request(method, url);
        for (k, v) in &request.headers {
            // reqwest names the host from the URL, which is the host the request was signed for.
            if !k.eq_ignore_ascii_case("host") {
                builder = builder.header(k, v);
            }
        }
        match builder.body(request.body.clone()).send().await {
            Err(e) => transport(e),
            Ok(response) => {
                let status = response.status().as_u16();
                let text = response.text().await.unwrap_or_default();
                let body = serde_json::from_str(&text).unwrap_or_else(|_| {
                    json!({"Code": "NotJson", "Message": text.chars().take(500).collect::<String>()})
                });
                Outcome {
                    http_status: status,
                    body,
                }
            }
        }
    }

    fn host(&self) -> String {
        self.host.clone()
    }

    async fn access_key(&self, principal: Option<&str>) -> Result<(String, String), Outcome> {
        self.credentials(principal)
            .await
            .map(|c| (c.access_key_id, c.secret))
    }

    async fn now_unix(&self) -> i64 {
        SystemClock.now().unix() + self.offset.load(Ordering::SeqCst)
    }

    async fn advance_clock(&self, seconds: i64) -> Result<(), String> {
        if !self.options.controls.clock {
            return Err("the endpoint offers no clock control".into());
        }
        let (account_id, _) = self.account().await.map_err(|o| o.body.to_string())?;
        let mut url = format!("{}?seconds={seconds}", self.url("/__kmsconf/clock"));
        if let Some(id) = account_id {
            url.push_str(&format!("&accountId={id}"));
        }
        let response = self
            .client
            .post(url)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        let v: Value = response.json().await.map_err(|e| e.to_string())?;
        let offset = v
            .get("offset")
            .and_then(Value::as_i64)
            .ok_or("the clock endpoint answered no offset")?;
        self.offset.store(offset, Ordering::SeqCst);
        Ok(())
    }
}
