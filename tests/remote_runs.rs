//! `kmsconf run` against endpoints that misbehave, through the binary: a dead endpoint (every
//! scenario fails, saying why; nothing passes) and a throttling one (throttled calls are
//! re-signed and retried, counted in the report, and every scenario passes).

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

#[path = "support/serve.rs"]
mod serve;

const ACCESS_KEY_ID: &str = "LTAIremoterun00000000000";
const ACCESS_KEY_SECRET: &str = "remote-run-secret";

/// Starts `kmsconf serve` with `flags`; returns it with its URL.
fn start_server(flags: &[&str]) -> (serve::Server, String) {
    serve::start_server(flags, (ACCESS_KEY_ID, ACCESS_KEY_SECRET)).expect("kmsconf serve starts")
}

/// A scratch directory of this test binary.
fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("remote-runs-{name}"));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `kmsconf run` against `endpoint` with `extra` flags; its output and its JSON lines.
fn run(name: &str, endpoint: &str, extra: &[&str]) -> (Output, Vec<Value>) {
    let dir = scratch(name);
    let jsonl = dir.join("report.jsonl");
    let output = Command::new(env!("CARGO_BIN_EXE_kmsconf"))
        .args(["run", "--quiet", "--endpoint", endpoint])
        .args([
            "--access-key-id",
            ACCESS_KEY_ID,
            "--access-key-secret",
            ACCESS_KEY_SECRET,
        ])
        .arg("--junit")
        .arg(dir.join("junit.xml"))
        .arg("--jsonl")
        .arg(&jsonl)
        .args(extra)
        .output()
        .expect("kmsconf run starts");
    let lines = std::fs::read_to_string(&jsonl)
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (output, lines)
}

#[test]
fn a_dead_endpoint_passes_nothing_and_every_failure_says_why() {
    // Port 9 (discard) on loopback: nothing listens, every connection is refused.
    let (output, records) = run(
        "dead",
        "http://127.0.0.1:9",
        &["--tags", "@authz and @needs-ram", "--name", "^kms:List\\*"],
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(!output.status.success(), "{stdout}");
    assert!(
        records.len() >= 7,
        "the selection runs: {} records\n{stdout}",
        records.len()
    );
    assert!(
        stdout.contains(&format!(
            "scenarios: 0 passed, {} failed, 0 skipped",
            records.len()
        )),
        "{stdout}"
    );
    for r in &records {
        assert_eq!(r["status"], "fail", "{r}");
        let detail = r["detail"].as_str().unwrap_or_default().to_lowercase();
        assert!(
            detail.contains("transport error") && detail.contains("connection refused"),
            "the failure names the transport error: {r}"
        );
    }
}

#[test]
fn throttled_calls_are_retried_and_counted() {
    // Five requests per second per AccessKey; each scenario has an account (and so a key) of
    // its own, and makes more than five calls in well under a second.
    let (_server, url) = start_server(&["--test-mode", "--rate-limit", "5"]);
    let (output, records) = run(
        "throttled",
        &url,
        &[
            "--concurrency",
            "16",
            "--name",
            "^kms:List\\*|NotAction|explicit Deny",
        ],
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    assert!(records.len() >= 7, "{stdout}");
    assert!(
        records.iter().all(|r| r["status"] == "pass"),
        "every scenario passes\n{stdout}"
    );
    let retries: u64 = records.iter().filter_map(|r| r["retries"].as_u64()).sum();
    assert!(
        retries > 0,
        "some calls were throttled and retried\n{stdout}"
    );
    println!(
        "{} scenarios, {retries} throttled calls retried",
        records.len()
    );
    assert!(
        stdout.contains(&format!("throttled calls retried: {retries} ")),
        "the summary counts them\n{stdout}"
    );
}
