//! Load figures of `kmsconf serve` (docs/performance.md "The server under load"): signed
//! Encrypt at concurrency 1, 8 and 64 over loopback, with the state in memory and in the
//! durable store, against a bare handler on the same HTTP stack (axum, hyper, tokio) that reads
//! the same signed requests and answers a fixed body: requests/s, p50 and p99, and each as a
//! ratio to the bare handler of the same concurrency, measured in the same run. Then the
//! reference's resident memory after 100,000 keys and after 1,000,000 calls.
//!
//! `cargo bench --bench serve_load`; `LOAD_REQUESTS` (default 2000) requests per measurement.
//! The load generator stops by itself after that many requests. Client and server run in one
//! process on separate runtimes, so they share the machine's cores as a co-located client would.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::indexing_slicing,
    reason = "a benchmark driver: a failure is fatal, its figures go to stdout"
)]

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use kms_conformance::server::{ServeOptions, bind};
use kms_conformance::{Call, RemoteOptions, RemoteTarget, Target};
use kms_reference::{Caller, Kms};

const AK: &str = "LTAIloadbench00000000000";
const SK: &str = "load-bench-secret";

/// requests/s, p50, p99.
#[derive(Clone, Copy)]
struct Figures {
    rate: f64,
    p50: Duration,
    p99: Duration,
}

fn server_runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

/// A handler that reads the body and answers a fixed Encrypt-shaped body: the HTTP floor.
async fn bare(body: axum::body::Bytes) -> axum::response::Response {
    let _ = body.len();
    axum::response::IntoResponse::into_response((
        [("content-type", "application/json")],
        r#"{"KeyId":"k","KeyVersionId":"v","CiphertextBlob":"YmFyZQ==","RequestId":"r"}"#,
    ))
}

fn start_bare(rt: &tokio::runtime::Runtime) -> SocketAddr {
    rt.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = axum::Router::new().fallback(bare);
        tokio::spawn(async move { axum::serve(listener, app).await });
        addr
    })
}

fn start_kms(rt: &tokio::runtime::Runtime, data_dir: Option<std::path::PathBuf>) -> SocketAddr {
    rt.block_on(async {
        let options = ServeOptions {
            listen: "127.0.0.1:0".parse().unwrap(),
            access_key_id: Some(AK.into()),
            access_key_secret: Some(SK.into()),
            data_dir,
            ..ServeOptions::default()
        };
        let server = bind(&options).await.unwrap();
        let addr = server.addr;
        tokio::spawn(server.serve(std::future::pending()));
        addr
    })
}

fn target(addr: SocketAddr) -> RemoteTarget {
    let options = RemoteOptions {
        throttle_retries: 0,
        ..RemoteOptions::new(format!("http://{addr}"), AK, SK)
    };
    RemoteTarget::new(reqwest::Client::new(), Arc::new(options))
}

/// `total` signed Encrypt calls from `concurrency` clients; every answer must be 200.
fn measure(
    client_rt: &tokio::runtime::Runtime,
    addr: SocketAddr,
    key: &str,
    concurrency: usize,
    total: usize,
) -> Figures {
    client_rt.block_on(async {
        let t = Arc::new(target(addr));
        let per_client = total.div_ceil(concurrency);
        let started = Instant::now();
        let tasks: Vec<_> = (0..concurrency)
            .map(|_| {
                let t = Arc::clone(&t);
                let call = Call::new(
                    "Encrypt",
                    [
                        ("KeyId", key.to_owned()),
                        ("Plaintext", "bG9hZCBiZW5jaG1hcms=".to_owned()),
                    ],
                );
                tokio::spawn(async move {
                    let mut latencies = Vec::with_capacity(per_client);
                    for _ in 0..per_client {
                        let sent = Instant::now();
                        let outcome = t.call(&call).await.unwrap();
                        assert_eq!(outcome.http_status, 200, "{}", outcome.body);
                        latencies.push(sent.elapsed());
                    }
                    latencies
                })
            })
            .collect();
        let mut all = Vec::with_capacity(per_client * concurrency);
        for task in tasks {
            all.extend(task.await.unwrap());
        }
        let elapsed = started.elapsed();
        all.sort();
        let at = |q: f64| all[((all.len() as f64 * q) as usize).min(all.len() - 1)];
        Figures {
            rate: all.len() as f64 / elapsed.as_secs_f64(),
            p50: at(0.50),
            p99: at(0.99),
        }
    })
}

fn create_key(client_rt: &tokio::runtime::Runtime, addr: SocketAddr) -> String {
    client_rt.block_on(async {
        let o = target(addr)
            .call(&Call::new("CreateKey", []))
            .await
            .unwrap();
        o.body["KeyMetadata"]["KeyId"].as_str().unwrap().to_owned()
    })
}

/// Resident set size of this process, in KiB (Linux).
fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(0)
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

fn memory_figures() {
    let params = |items: &[(&str, &str)]| -> BTreeMap<String, String> {
        items
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    };
    let before = rss_kib();
    let kms = Kms::builder()
        .config(kms_reference::KmsConfig::default().with_limits(200_000, 300))
        .build_service();
    let root = Caller::root();
    let started = Instant::now();
    let mut last = String::new();
    for _ in 0..100_000 {
        let answer = kms.handle_params(&root, "CreateKey", &params(&[]));
        last = answer.result.unwrap()["KeyMetadata"]["KeyId"]
            .as_str()
            .unwrap()
            .to_owned();
    }
    let after_keys = rss_kib();
    println!(
        "\nRSS after 100,000 keys: +{:.1} MiB ({:.1} KiB per key, events included; {:.1?})",
        (after_keys - before) as f64 / 1024.0,
        (after_keys - before) as f64 / 100_000.0,
        started.elapsed()
    );
    let _ = last;
    drop(kms);
    // A second reference, with one key: what a million calls leave behind (the trail is
    // bounded; nothing else should grow).
    let before = rss_kib();
    let kms = Kms::builder().build_service();
    let key = kms
        .handle_params(&root, "CreateKey", &params(&[]))
        .result
        .unwrap()["KeyMetadata"]["KeyId"]
        .as_str()
        .unwrap()
        .to_owned();
    let started = Instant::now();
    let encrypt = params(&[("KeyId", &key), ("Plaintext", "bG9hZCBiZW5jaG1hcms=")]);
    for _ in 0..1_000_000 {
        kms.handle_params(&root, "Encrypt", &encrypt)
            .result
            .unwrap();
    }
    let after_calls = rss_kib();
    let trail = kms.trail_stats();
    println!(
        "RSS after 1,000,000 Encrypt calls: +{:.1} MiB ({:.1?}); the trail holds {} events, {} \
         evicted by count",
        after_calls.saturating_sub(before) as f64 / 1024.0,
        started.elapsed(),
        trail.stored,
        trail.evicted_by_count
    );
}

fn main() {
    let total: usize = std::env::var("LOAD_REQUESTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000);
    let server_rt = server_runtime();
    let client_rt = server_runtime();
    let dir = std::env::temp_dir().join(format!("kmsconf-load-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let bare_addr = start_bare(&server_rt);
    let memory_addr = start_kms(&server_rt, None);
    let durable_addr = start_kms(&server_rt, Some(dir.clone()));
    let memory_key = create_key(&client_rt, memory_addr);
    let durable_key = create_key(&client_rt, durable_addr);
    // Warm every connection pool and code path once.
    for (addr, key) in [
        (bare_addr, "k"),
        (memory_addr, memory_key.as_str()),
        (durable_addr, durable_key.as_str()),
    ] {
        measure(&client_rt, addr, key, 8, 200);
    }
    println!(
        "signed Encrypt over loopback, {total} requests per row (V3 signatures, one key)\n\
         | store | concurrency | req/s | p50 ms | p99 ms | req/s ÷ bare | p50 ÷ bare | p99 ÷ bare |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|"
    );
    for concurrency in [1, 8, 64] {
        // Interleaved: the floor and both stores measured back to back at each concurrency.
        let floor = measure(&client_rt, bare_addr, "k", concurrency, total);
        let memory = measure(&client_rt, memory_addr, &memory_key, concurrency, total);
        let durable = measure(
            &client_rt,
            durable_addr,
            &durable_key,
            concurrency,
            total / 2,
        );
        for (name, f) in [("bare", floor), ("memory", memory), ("durable", durable)] {
            println!(
                "| {name} | {concurrency} | {:.0} | {} | {} | {:.2} | {:.2} | {:.2} |",
                f.rate,
                ms(f.p50),
                ms(f.p99),
                f.rate / floor.rate,
                f.p50.as_secs_f64() / floor.p50.as_secs_f64(),
                f.p99.as_secs_f64() / floor.p99.as_secs_f64()
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    memory_figures();
}
