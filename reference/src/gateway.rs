//! The gateway: one HTTP request in, one HTTP response out, above the service. It
//! authenticates (V1 or V3 signature, timestamp, AccessKey, nonce, rate), finds the account,
//! routes by Version to KMS, RAM or ActionTrail through the one [`dispatch`], and answers
//! through the one [`envelope`], in JSON or the XML the request asked for. The HTTP server is
//! a thin shell around [`Gateway::handle`], so the whole protocol is tested, and fuzzed,
//! without a socket.

mod authenticate;
mod dispatch;
mod nonce_log;
mod replay;
mod route;
mod tenants;
mod throttle;

use std::sync::{Arc, Mutex, OnceLock};

pub use dispatch::{Dispatched, dispatch, envelope};

use crate::service::Kms;
use crate::wire::{HttpRequest, HttpResponse, ParamLimits, Peer, Product};
use authenticate::requested_format;
use dispatch::error_response;
pub use nonce_log::{AcceptedNonce, NonceLog};
pub use replay::NonceStats;
use replay::NonceStore;
use tenants::Tenants;
use throttle::RateLimiter;

/// Gateway settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct GatewayConfig {
    /// How far a request's timestamp may be from server time, in seconds (15 minutes).
    pub max_skew_seconds: i64,
    /// Largest accepted body, in bytes.
    pub max_body_bytes: usize,
    /// Most signature nonces remembered at once, over all AccessKeys; past it the AccessKey
    /// holding the most gives up its oldest (docs/spec/decisions.md D-401).
    pub nonce_capacity: usize,
    /// Most signature nonces remembered for one AccessKey; past it that AccessKey gives up
    /// its oldest (D-401).
    pub nonce_capacity_per_key: usize,
    /// Longest query string, in bytes as sent, before `RequestEntityTooLarge` (D-404).
    pub max_query_bytes: usize,
    /// Bounds on the parameters of query and form body (D-403).
    pub params: ParamLimits,
    /// Requests per second per AccessKey before `Rejected.Throttling`; `None` for no limit.
    pub rate_limit_per_second: Option<u32>,
    /// Serve the RAM API (version 2015-05-01).
    pub ram_api: bool,
    /// Serve ActionTrail LookupEvents (version 2020-07-06).
    pub trail_api: bool,
    /// Serve STS (version 2015-04-01); only with the RAM API, which manages the roles.
    pub sts_api: bool,
}

impl Default for GatewayConfig {
    fn default() -> GatewayConfig {
        GatewayConfig {
            max_skew_seconds: 900,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            nonce_capacity: DEFAULT_NONCE_CAPACITY,
            nonce_capacity_per_key: DEFAULT_NONCE_CAPACITY_PER_KEY,
            max_query_bytes: DEFAULT_MAX_QUERY_BYTES,
            params: ParamLimits::default(),
            rate_limit_per_second: None,
            ram_api: true,
            trail_api: true,
            sts_api: true,
        }
    }
}

/// The default largest body, 1 MiB.
pub const DEFAULT_MAX_BODY_BYTES: usize = 1 << 20;

/// The default longest query string, 128 KiB: a 32 768-byte policy percent-encoded whole
/// still fits (D-404).
pub const DEFAULT_MAX_QUERY_BYTES: usize = 128 << 10;

/// The default number of nonces kept over all AccessKeys (about 300 MB at most, D-401).
pub const DEFAULT_NONCE_CAPACITY: usize = 1_000_000;

/// The default number of nonces kept per AccessKey: 54 requests a second sustained over the
/// whole 31-minute window before the oldest are given up (D-401).
pub const DEFAULT_NONCE_CAPACITY_PER_KEY: usize = 100_000;

impl GatewayConfig {
    /// The same settings with a per-AccessKey rate limit.
    pub fn with_rate_limit(mut self, per_second: Option<u32>) -> GatewayConfig {
        self.rate_limit_per_second = per_second;
        self
    }

    /// Whether requests for `product` are served.
    pub fn serves(&self, product: Product) -> bool {
        match product {
            Product::Kms => true,
            Product::Ram => self.ram_api,
            // STS serves the roles RAM manages: never without RAM.
            Product::Sts => self.ram_api && self.sts_api,
            Product::Trail => self.trail_api,
        }
    }
}

/// The protocol front of one or more [`Kms`] instances, each an account ("tenant") of its
/// own, found by the AccessKey a request is signed with.
#[derive(Debug)]
pub struct Gateway {
    tenants: Tenants,
    config: GatewayConfig,
    nonces: Mutex<NonceStore>,
    /// Where accepted nonces are kept across restarts, when durable.
    nonce_log: OnceLock<Arc<dyn NonceLog>>,
    rates: RateLimiter,
}

impl Gateway {
    /// A gateway in front of `kms`.
    pub fn new(kms: Arc<Kms>, config: GatewayConfig) -> Gateway {
        // Nonces are kept as long as a timestamp can be accepted on either side of now.
        let nonces = NonceStore::new(
            2 * config.max_skew_seconds + 60,
            config.nonce_capacity_per_key,
            config.nonce_capacity,
        );
        Gateway {
            tenants: Tenants::new(kms),
            config,
            nonces: Mutex::new(nonces),
            nonce_log: OnceLock::new(),
            rates: RateLimiter::new(config.rate_limit_per_second),
        }
    }

    /// From now on every accepted nonce is also given to `log` (a durable server's store).
    /// A second log is refused.
    pub fn attach_nonce_log(&self, log: Arc<dyn NonceLog>) -> Result<(), Arc<dyn NonceLog>> {
        self.nonce_log.set(log)
    }

    /// Remembers a nonce accepted before a restart, for the rest of its window; one whose
    /// window has passed is ignored. Returns whether it was kept.
    pub fn restore_nonce(&self, accepted: &AcceptedNonce) -> bool {
        let now = self.kms().now();
        let accepted_at = crate::clock::Timestamp::from_unix(accepted.accepted_at);
        let mut nonces = self.nonces.lock().unwrap_or_else(|p| p.into_inner());
        if accepted_at.plus_seconds(nonces.window_seconds()) <= now {
            return false;
        }
        nonces.record(
            &accepted.access_key_id,
            &accepted.nonce,
            crate::clock::Timestamp::from_unix(accepted.signed_at),
            accepted_at,
        );
        true
    }

    /// How long a nonce is remembered, in seconds.
    pub fn nonce_window_seconds(&self) -> i64 {
        self.nonces
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .window_seconds()
    }

    /// The default account's service.
    pub fn kms(&self) -> &Arc<Kms> {
        self.tenants.default_account()
    }

    /// Adds an account of its own (test isolation): requests signed with its AccessKeys reach
    /// it, and only it.
    pub fn add_tenant(&self, kms: Arc<Kms>) {
        self.tenants.add(kms);
    }

    /// How many accounts the gateway serves.
    pub fn tenant_count(&self) -> usize {
        self.tenants.count()
    }

    /// The settings.
    pub fn config(&self) -> &GatewayConfig {
        &self.config
    }

    /// How many signature nonces are held, in all and for one AccessKey.
    pub fn nonce_stats(&self, access_key_id: &str) -> NonceStats {
        self.nonces
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .stats(access_key_id)
    }

    /// Handles one HTTP request. Never panics on any input; every refusal is an error envelope
    /// with its documented code and status.
    pub fn handle(&self, request: &HttpRequest, peer: Peer) -> HttpResponse {
        let host = request.header("host").unwrap_or_default();
        let region = &self.kms().config().region;
        let format = requested_format(request, &self.config);
        match self.authenticate(request, peer) {
            Err((product, error)) => error_response(
                product.unwrap_or_default(),
                host,
                region,
                format,
                &self.kms().new_request_id(),
                &error,
            ),
            Ok(auth) => envelope(
                auth.product,
                &auth.action,
                host,
                region,
                format,
                dispatch(
                    &auth.kms,
                    auth.product,
                    &auth.caller,
                    &auth.action,
                    &auth.params,
                ),
            ),
        }
    }
}
