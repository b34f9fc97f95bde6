//! The oracle's modules form floors: each imports only floors below its own, so no import
//! points up and there are no cycles. A new module must be given its floor here; an import
//! that points up or sideways fails with the file and line.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a failure is a test failure"
)]

use std::path::Path;

#[path = "support/layers.rs"]
mod support;

/// Top-level modules of `reference/src`, lowest floor first.
const FLOORS: &[&[&str]] = &[
    // Leaves: facts and small types.
    &[
        "error", "clock", "random", "secret", "percent", "caller", "arn", "values", "planted",
    ],
    // The API list and its descriptions.
    &["api"],
    // Typed requests and responses.
    &["request", "response", "ram", "sts"],
    // Independent engines: the policy language, ciphertexts, the trail, the wire codec.
    &["policy", "crypto", "trail", "wire"],
    // State: configuration, identities, keys.
    &["config", "identity", "keystore"],
    // Secrets Manager's model, whose values the keys encrypt.
    &["secrets"],
    // The service: one entry point per product.
    &["service"],
    // The gateway: authentication, routing, dispatch, envelopes.
    &["gateway"],
];

#[test]
fn every_import_points_down() {
    support::check_floors(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), FLOORS);
}
