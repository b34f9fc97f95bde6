//! The axum router: every request to `/` goes to the gateway; `/healthz` and the optional
//! test controls sit beside it. Built by a function so tests can call it without a socket.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Instant;

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::extract::{ConnectInfo, Query, Request, State};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use kms_reference::{Clock as _, Gateway, HttpRequest, OffsetClock, Peer};
use serde_json::json;

/// What the handlers share.
#[derive(Debug)]
pub struct ServerState {
    gateway: Gateway,
    clock: OffsetClock,
    allow_clock_control: bool,
    allow_context_override: bool,
}

impl ServerState {
    /// State for a gateway whose service runs on `clock`.
    pub fn new(
        gateway: Gateway,
        clock: OffsetClock,
        allow_clock_control: bool,
        allow_context_override: bool,
    ) -> ServerState {
        ServerState {
            gateway,
            clock,
            allow_clock_control,
            allow_context_override,
        }
    }
}

/// The router of `kmsconf serve`.
pub fn router(state: Arc<ServerState>) -> Router {
    let mut router = Router::new().route("/healthz", get(healthz));
    if state.allow_clock_control {
        router = router.route("/__kmsconf/clock", get(clock_get).post(clock_advance));
    }
    router.fallback(api).with_state(state)
}

async fn healthz(State(state): State<Arc<ServerState>>) -> Response {
    let trail = state.gateway.kms().trail_stats();
    axum::Json(json!({
        "status": "ok",
        "region": state.gateway.kms().config().region,
        "trail": {
            "stored": trail.stored,
            "recorded": trail.recorded,
            "evictedByAge": trail.evicted_by_age,
            "evictedByCount": trail.evicted_by_count,
        },
    }))
    .into_response()
}

async fn clock_get(State(state): State<Arc<ServerState>>) -> Response {
    axum::Json(json!({"now": state.clock.now().unix(), "offset": state.clock.offset()}))
        .into_response()
}

#[derive(serde::Deserialize)]
struct Advance {
    seconds: i64,
}

async fn clock_advance(
    State(state): State<Arc<ServerState>>,
    Query(advance): Query<Advance>,
) -> Response {
    if advance.seconds < 0 {
        return (StatusCode::BAD_REQUEST, "the clock only moves forward").into_response();
    }
    state.clock.advance(advance.seconds);
    tracing::info!(
        seconds = advance.seconds,
        offset = state.clock.offset(),
        "clock advanced"
    );
    clock_get(State(state)).await
}

/// The API: method, path, query, headers and body handed to the gateway as they are.
async fn api(State(state): State<Arc<ServerState>>, request: Request) -> Response {
    let started = Instant::now();
    let (parts, body) = request.into_parts();
    let connect = parts.extensions.get::<ConnectInfo<SocketAddr>>().copied();
    let limit = state.gateway.config().max_body_bytes;
    // Read one byte more than the limit, so an oversized body is refused by the gateway with
    // its JSON envelope rather than cut short.
    let body = match to_bytes(body, limit.saturating_add(1)).await {
        Ok(bytes) => bytes.to_vec(),
        Err(_) => vec![0; limit.saturating_add(1)],
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
    if state.allow_context_override {
        override_peer(&mut peer, &headers);
    }
    let http = HttpRequest {
        method: parts.method.as_str().to_owned(),
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().unwrap_or_default().to_owned(),
        headers,
        body,
    };
    let response = state.gateway.handle(&http, peer);
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
    out
}

/// Test-only: the caller's address, transport and MFA from `x-kmsconf-*` headers.
fn override_peer(peer: &mut Peer, headers: &[(String, String)]) {
    for (k, v) in headers {
        match k.as_str() {
            "x-kmsconf-source-ip" => peer.ip = v.parse::<IpAddr>().ok().or(peer.ip),
            "x-kmsconf-secure-transport" => peer.secure = v == "true",
            "x-kmsconf-mfa" => peer.mfa_present = v == "true",
            _ => {}
        }
    }
}
