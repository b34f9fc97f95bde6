//! The axum router: every request to `/` goes to the gateway; `/healthz` and the optional
//! test controls sit beside it. Built by a function so tests can call it without a socket.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::Router;
use axum::body::Body;
use axum::extract::{ConnectInfo, Query, Request, State};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use kms_reference::gateway::Gateway;
use kms_reference::wire::Product;
use kms_reference::wire::{HttpRequest, Peer};
use kms_reference::{
    Account, Clock as _, Kms, KmsConfig, OffsetClock, OsRandom, RandomSource as _,
};
use serde_json::json;

use super::body::{DEFAULT_MAX_DRAIN_BYTES, ReadBody, read_body};
use crate::control::{self, ClockQuery, ClockState, Features, NewAccount, TestControls};
use crate::store::DurableStore;

/// What the handlers share.
#[derive(Debug)]
pub struct ServerState {
    gateway: Gateway,
    /// The clock of each account, by account id.
    clocks: Mutex<HashMap<String, OffsetClock>>,
    controls: TestControls,
    /// The durable store of the default account, with `--data-dir`.
    store: Option<Arc<DurableStore>>,
    /// Bytes read and discarded past the body limit before answering 413 (D-405).
    max_drain_bytes: usize,
}

impl ServerState {
    /// State for a gateway whose default account runs on `clock`, journaled in `store` when
    /// durable.
    pub fn new(
        gateway: Gateway,
        clock: OffsetClock,
        controls: TestControls,
        store: Option<Arc<DurableStore>>,
    ) -> ServerState {
        let account = gateway.kms().config().account_id.clone();
        ServerState {
            gateway,
            clocks: Mutex::new(HashMap::from([(account, clock)])),
            controls,
            store,
            max_drain_bytes: DEFAULT_MAX_DRAIN_BYTES,
        }
    }

    /// The same state, draining at most `bytes` of an oversized body (D-405).
    pub fn with_max_drain_bytes(mut self, bytes: usize) -> ServerState {
        self.max_drain_bytes = bytes;
        self
    }

    fn clock_of(&self, account_id: Option<&str>) -> Option<OffsetClock> {
        let clocks = self.clocks.lock().unwrap_or_else(|p| p.into_inner());
        let default = self.gateway.kms().config().account_id.clone();
        clocks.get(account_id.unwrap_or(&default)).cloned()
    }
}

/// The router of `kmsconf serve`.
pub fn router(state: Arc<ServerState>) -> Router {
    let mut router = Router::new().route("/healthz", get(healthz));
    let controls = state.controls;
    router = router.route(control::FEATURES_PATH, get(features));
    if controls.clock {
        router = router.route(control::CLOCK_PATH, get(clock_get).post(clock_advance));
    }
    if controls.accounts {
        router = router.route(control::ACCOUNTS_PATH, post(new_account));
    }
    router.fallback(api).with_state(state)
}

async fn healthz(State(state): State<Arc<ServerState>>) -> Response {
    let kms = state.gateway.kms();
    let trail = kms.trail_stats();
    // A store that failed a write refuses every call until restarted: not healthy.
    let (status, code) = if kms.journal_failed() {
        ("unavailable", StatusCode::SERVICE_UNAVAILABLE)
    } else {
        ("ok", StatusCode::OK)
    };
    // The nonce window's fill (D-401): how close it is to giving up nonces.
    let nonces = state.gateway.nonce_stats("");
    let store = state.store.as_ref().map(|s| {
        json!({
            "dir": s.dir().display().to_string(),
            "entries": s.entry_count(),
        })
    });
    let body = axum::Json(json!({
        "status": status,
        "store": store,
        "region": state.gateway.kms().config().region,
        "accounts": state.gateway.tenant_count(),
        "nonces": {
            "held": nonces.held,
            "accessKeys": nonces.access_keys,
            "capacity": state.gateway.config().nonce_capacity,
        },
        "trail": {
            "stored": trail.stored,
            "recorded": trail.recorded,
            "evictedByAge": trail.evicted_by_age,
            "evictedByCount": trail.evicted_by_count,
            "storedBytes": trail.stored_bytes,
            "evictedBySize": trail.evicted_by_size,
            "valuesCut": trail.values_cut,
            "charactersCut": trail.characters_cut,
        },
    }));
    (code, body).into_response()
}

async fn features(State(state): State<Arc<ServerState>>) -> Response {
    let c = state.controls;
    let config = state.gateway.config();
    axum::Json(Features {
        clock: c.clock,
        context: c.context,
        accounts: c.accounts,
        ram: config.ram_api,
        trail: config.trail_api,
        sts: config.serves(Product::Sts),
    })
    .into_response()
}

fn clock_json(clock: &OffsetClock) -> Response {
    axum::Json(ClockState {
        now: clock.now().unix(),
        offset: clock.offset(),
    })
    .into_response()
}

async fn clock_get(State(state): State<Arc<ServerState>>, Query(q): Query<ClockQuery>) -> Response {
    match state.clock_of(q.account_id.as_deref()) {
        Some(clock) => clock_json(&clock),
        None => (StatusCode::NOT_FOUND, "no such account").into_response(),
    }
}

async fn clock_advance(
    State(state): State<Arc<ServerState>>,
    Query(q): Query<ClockQuery>,
) -> Response {
    let Some(clock) = state.clock_of(q.account_id.as_deref()) else {
        return (StatusCode::NOT_FOUND, "no such account").into_response();
    };
    let seconds = q.seconds.unwrap_or(0);
    if seconds < 0 {
        return (StatusCode::BAD_REQUEST, "the clock only moves forward").into_response();
    }
    clock.advance(seconds);
    if let Some(store) = &state.store
        && let Err(e) = store.save_clock_offset(clock.offset())
    {
        tracing::error!(error = %e, "the clock offset could not be stored");
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "the clock moved but its offset could not be stored",
        )
            .into_response();
    }
    tracing::info!(seconds, offset = clock.offset(), "clock advanced");
    clock_json(&clock)
}

/// A fresh account with its own keys, users, trail and clock; answers its root AccessKey.
async fn new_account(State(state): State<Arc<ServerState>>) -> Response {
    let mut digits = [0u8; 16];
    OsRandom.fill(&mut digits);
    let account_id: String = digits
        .iter()
        .enumerate()
        .map(|(i, b)| char::from(if i == 0 { b'1' + b % 9 } else { b'0' + b % 10 }))
        .collect();
    let clock = OffsetClock::new();
    // A test account has the root account's region and quotas.
    let root = state.gateway.kms().config();
    let config = KmsConfig::new(root.region.clone(), account_id.clone())
        .with_limits(root.max_keys, root.max_aliases);
    let Account {
        kms,
        access_key_id,
        access_key_secret: secret,
    } = Kms::builder()
        .config(config)
        .clock(Arc::new(clock.clone()))
        .build();
    state.gateway.add_tenant(kms);
    state
        .clocks
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(account_id.clone(), clock);
    axum::Json(NewAccount {
        account_id,
        access_key_id,
        access_key_secret: secret.expose().to_owned(),
    })
    .into_response()
}

/// The API: method, path, query, headers and body handed to the gateway as they are.
async fn api(State(state): State<Arc<ServerState>>, request: Request) -> Response {
    let started = Instant::now();
    let (parts, body) = request.into_parts();
    let connect = parts.extensions.get::<ConnectInfo<SocketAddr>>().copied();
    let limit = state.gateway.config().max_body_bytes;
    // An oversized body reaches the gateway as one byte over the limit, so it is refused with
    // its JSON envelope; the connection then closes, as the rest of the body was not read.
    let (body, close) = match read_body(&parts.headers, body, limit, state.max_drain_bytes).await {
        ReadBody::Within(bytes) => (bytes, false),
        ReadBody::Oversized => (vec![0; limit.saturating_add(1)], true),
    };
    let headers: Vec<(String, String)> = parts
        .headers
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_owned(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let mut peer = Peer {
        ip: connect.map(|c| c.0.ip()),
        secure: false,
        mfa_present: false,
    };
    if state.controls.context {
        override_peer(&mut peer, &headers);
    }
    let http = HttpRequest {
        method: parts.method.as_str().to_owned(),
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().unwrap_or_default().to_owned(),
        headers,
        body,
    };
    let response = if state.store.is_some() {
        // A durable call waits for its commit (D-501): on the blocking pool, so that the
        // runtime's few workers keep accepting the calls that will share that commit.
        let handler = Arc::clone(&state);
        match tokio::task::spawn_blocking(move || handler.gateway.handle(&http, peer)).await {
            Ok(response) => response,
            Err(_) => {
                return (StatusCode::SERVICE_UNAVAILABLE, "the call was interrupted")
                    .into_response();
            }
        }
    } else {
        state.gateway.handle(&http, peer)
    };
    // The log names the request by id and status only: parameters can carry secrets.
    let request_id = response
        .headers
        .iter()
        .find(|(k, _)| k == "x-acs-request-id")
        .map(|(_, v)| v.clone());
    tracing::info!(
        method = %parts.method,
        status = response.status,
        request_id = request_id.as_deref().unwrap_or(""),
        micros = started.elapsed().as_micros() as u64,
        "request"
    );
    let mut out = Response::new(Body::from(response.body));
    *out.status_mut() =
        StatusCode::from_u16(response.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    for (k, v) in response.headers {
        if let (Ok(name), Ok(value)) = (
            axum::http::HeaderName::try_from(k),
            HeaderValue::from_str(&v),
        ) {
            out.headers_mut().insert(name, value);
        }
    }
    if close {
        out.headers_mut().insert(
            axum::http::header::CONNECTION,
            HeaderValue::from_static("close"),
        );
    }
    out
}

/// Test-only: the caller's address, transport and MFA from `x-kmsconf-*` headers.
fn override_peer(peer: &mut Peer, headers: &[(String, String)]) {
    for (k, v) in headers {
        match k.as_str() {
            control::SOURCE_IP_HEADER => peer.ip = v.parse::<IpAddr>().ok().or(peer.ip),
            control::SECURE_TRANSPORT_HEADER => peer.secure = v == "true",
            control::MFA_HEADER => peer.mfa_present = v == "true",
            _ => {}
        }
    }
}
