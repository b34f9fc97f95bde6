//! `kmsconf run` against endpoints that misbehave, through the binary: a dead endpoint (every
//! scenario fails, saying why; nothing passes) and a throttling one (throttled calls are
//! re-signed and retried, counted in the report, and every scenario passes).

use std::io::{BufRead as _, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};

use serde_json::Value;

const ACCESS_KEY_ID: &str = "LTAIremoterun00000000000";
const ACCESS_KEY_SECRET: &str = "remote-run-secret";

/// A `kmsconf serve` child process, killed when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `kmsconf serve` with `flags` on a free loopback port; returns it with its URL.
fn start_server(flags: &[&str]) -> (Server, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kmsconf"))
        .args(["serve", "--listen", "127.0.0.1:0"])
        .args(flags)
        .args([
            "--access-key-id",
            ACCESS_KEY_ID,
            "--access-key-secret",
            ACCESS_KEY_SECRET,
        ])
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("kmsconf serve starts");
    let stdout = child.stdout.take().expect("stdout is piped");
    let server = Server(child);
    let mut lines = BufReader::new(stdout).lines();
    let url = loop {
        let line = lines
            .next()
            .expect("kmsconf serve prints where it listens")
            .expect("stdout is text");
        if let Some(url) = line.strip_prefix("kmsconf serve: listening on ") {
            break url.trim().to_owned();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    (server, url)
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
