//! The server's router without a socket: health, test controls only when enabled, and the
//! gateway behind `/`.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt as _;
use kms_conformance::server::{ServerState, TestControls, router};
use kms_reference::gateway::{Gateway, GatewayConfig};
use kms_reference::{Kms, OffsetClock};
use serde_json::Value;
use tower::ServiceExt as _;

fn app(controls: TestControls) -> axum::Router {
    let clock = OffsetClock::new();
    let account = Kms::builder().clock(Arc::new(clock.clone())).build();
    router(Arc::new(ServerState::new(
        Gateway::new(account.kms, GatewayConfig::default()),
        clock,
        controls,
        None,
    )))
}

async fn get(app: axum::Router, method: &str, uri: &str) -> (StatusCode, Value) {
    let response = app
        .oneshot(
            Request::builder()
                .method(method)
                .uri(uri)
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

#[tokio::test]
async fn healthz_reports_the_trail() {
    let (status, body) = get(app(TestControls::default()), "GET", "/healthz").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["status"], "ok");
    assert_eq!(body["trail"]["evictedByCount"], 0);
    assert_eq!(body["nonces"]["held"], 0);
    assert_eq!(body["nonces"]["capacity"], 1_000_000);
    // The bounds of the trail are counted too (docs/spec/decisions.md D-413).
    for field in ["storedBytes", "evictedBySize", "valuesCut", "charactersCut"] {
        assert_eq!(body["trail"][field], 0, "{field}");
    }
}

#[tokio::test]
async fn test_controls_exist_only_when_enabled() {
    let (status, body) = get(
        app(TestControls::default()),
        "POST",
        "/__kmsconf/clock?seconds=60",
    )
    .await;
    assert_ne!(status, StatusCode::OK);
    assert!(
        body["Code"].is_string(),
        "the request fell through to the gateway: {body}"
    );
    let (status, _) = get(app(TestControls::default()), "POST", "/__kmsconf/accounts").await;
    assert_ne!(status, StatusCode::OK);

    let controls = TestControls {
        clock: true,
        context: false,
        accounts: true,
    };
    let (status, body) = get(app(controls), "POST", "/__kmsconf/clock?seconds=60").await;
    assert_eq!(
        (status, body["offset"].as_i64()),
        (StatusCode::OK, Some(60))
    );
    let (status, _) = get(app(controls), "POST", "/__kmsconf/clock?seconds=-1").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, body) = get(app(controls), "POST", "/__kmsconf/accounts").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["accountId"].as_str().map(str::len), Some(16));
    assert!(body["accessKeyId"].as_str().unwrap().starts_with("LTAI"));
}

#[tokio::test]
async fn unsigned_requests_get_a_json_error_envelope() {
    let (status, body) = get(
        app(TestControls::default()),
        "POST",
        "/?Action=ListKeys&Version=2016-01-20",
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["Code"], "IncompleteSignature");
    assert_eq!(body["HttpStatus"], 400);
    let (status, body) = get(app(TestControls::default()), "DELETE", "/").await;
    assert_eq!(
        (status, body["Code"].as_str()),
        (StatusCode::FORBIDDEN, Some("UnsupportedHTTPMethod"))
    );
}

#[tokio::test]
async fn format_xml_gets_an_xml_error_envelope_through_the_server() {
    let response = app(TestControls::default())
        .oneshot(
            Request::builder()
                .method("POST")
                .uri("/?Action=ListKeys&Version=2016-01-20&Format=XML")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("text/xml;charset=utf-8")
    );
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    assert!(
        text.starts_with(
            r#"<?xml version="1.0" encoding="UTF-8"?><KMS><HttpStatus>400</HttpStatus>"#
        ),
        "{text}"
    );
    assert!(text.contains("<Code>IncompleteSignature</Code>"), "{text}");
}
