//! The harness's modules form floors, as the oracle's do (reference/tests/layers.rs): each
//! imports only floors below its own, so no import points up and there are no cycles.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a failure is a test failure"
)]

use std::path::Path;

#[path = "../reference/tests/support/layers.rs"]
mod support;

/// Top-level modules of `src`, lowest floor first.
const FLOORS: &[&[&str]] = &[
    // Leaves: errors, small codecs, the test-control protocol.
    &[
        "error",
        "json_path",
        "interpolate",
        "client_crypto",
        "control",
        "policy_cli",
        "embedded",
    ],
    // The target configuration.
    &["config"],
    // The systems under test.
    &["sut"],
    // What runs against them: cleanup of what a run made, reports.
    &["cleanup", "report"],
    // The cucumber world.
    &["world"],
    // Steps and the runner.
    &["steps", "runner"],
    // Differential testing: runs cases the way the steps write them.
    &["diff"],
    // Fixtures for kmsconf serve, then the server.
    &["seed", "store"],
    &["server"],
];

#[test]
fn every_import_points_down() {
    support::check_floors(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), FLOORS);
}
