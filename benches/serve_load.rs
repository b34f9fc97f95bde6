//! Load figures of `kmsconf serve` (docs/performance.md "The server under load"): signed
//! Encrypt and DescribeRegions at concurrency 1, 8 and 64 over loopback, with the state in
//! memory and (Encrypt) in the durable store, against a bare handler on the same HTTP stack
//! (axum, hyper, tokio) that reads the same signed requests and answers a fixed body:
//! requests/s, p50 and p99, and each as a ratio to the bare handler of the same call and
//! concurrency, measured in the same run. Then Encrypt at concurrency 8 while another client
//! imports key material in a loop (GetParametersForImport makes the server generate an RSA-2048
//! wrapping key each time) against the same Encrypt without it, in alternated rounds. Last, the
//! reference's resident memory after 100,000 keys and after 1,000,000 calls.
//!
//! `cargo bench --bench serve_load`; `LOAD_REQUESTS` (default 2000) requests per measurement,
//! ten times that for each import round. The load generator stops by itself after that many
//! requests. Client and server run in one process on separate runtimes, so they share the
//! machine's cores as a co-located client would.

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
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use kms_conformance::client_crypto::wrap_key_material;
use kms_conformance::server::{ServeOptions, bind};
use kms_conformance::{Call, RemoteOptions, RemoteTarget, Target};
use kms_reference::{Caller, Kms};

const AK: &str = "LTAIloadbench00000000000";
const SK: &str = "load-bench-secret";

/// A server measured against the floor of its call: its name, address, the call, and how many
/// requests.
type Store<'a> = (&'a str, SocketAddr, &'a Call, usize);

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

/// The signed Encrypt every Encrypt row sends (14 bytes of plaintext under `key`).
fn encrypt(key: &str) -> Call {
    Call::new(
        "Encrypt",
        [
            ("KeyId", key.to_owned()),
            ("Plaintext", "bG9hZCBiZW5jaG1hcms=".to_owned()),
        ],
    )
}

/// `total` signed `call`s from `concurrency` clients; every answer must be 200.
fn measure(
    client_rt: &tokio::runtime::Runtime,
    addr: SocketAddr,
    call: &Call,
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
                let call = call.clone();
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

/// A client that imports key material into one EXTERNAL key until `stop`: GetParametersForImport
/// (RSA_2048, RSAES_OAEP_SHA_256), the material wrapped with the returned public key, then
/// ImportKeyMaterial of the same 32 bytes each time. Counts the rounds it completed.
fn start_importer(
    client_rt: &tokio::runtime::Runtime,
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    rounds: Arc<AtomicUsize>,
) -> tokio::task::JoinHandle<()> {
    let t = target(addr);
    client_rt.spawn(async move {
        let created = t
            .call(&Call::new("CreateKey", [("Origin", "EXTERNAL".to_owned())]))
            .await
            .unwrap();
        let key = created.body["KeyMetadata"]["KeyId"]
            .as_str()
            .unwrap()
            .to_owned();
        let material = [7u8; 32];
        while !stop.load(Ordering::Relaxed) {
            let parameters = t
                .call(&Call::new(
                    "GetParametersForImport",
                    [
                        ("KeyId", key.clone()),
                        ("WrappingAlgorithm", "RSAES_OAEP_SHA_256".to_owned()),
                        ("WrappingKeySpec", "RSA_2048".to_owned()),
                    ],
                ))
                .await
                .unwrap();
            assert_eq!(parameters.http_status, 200, "{}", parameters.body);
            let field = |f: &str| parameters.body[f].as_str().unwrap().to_owned();
            let wrapped =
                wrap_key_material(&field("PublicKey"), "RSAES_OAEP_SHA_256", &material).unwrap();
            let imported = t
                .call(&Call::new(
                    "ImportKeyMaterial",
                    [
                        ("KeyId", key.clone()),
                        ("ImportToken", field("ImportToken")),
                        ("EncryptedKeyMaterial", wrapped),
                    ],
                ))
                .await
                .unwrap();
            assert_eq!(imported.http_status, 200, "{}", imported.body);
            rounds.fetch_add(1, Ordering::Relaxed);
        }
    })
}

/// Encrypt at concurrency 8 on the in-memory server, alone and while a client imports key
/// material, in alternated rounds; prints both with the ratio of the importer's to the quiet
/// figures, per round and as medians.
fn import_contention(
    client_rt: &tokio::runtime::Runtime,
    addr: SocketAddr,
    key: &str,
    total: usize,
) {
    const ROUNDS: usize = 3;
    println!(
        "\nsigned Encrypt at concurrency 8, {total} requests per round, alone and while another \
         client imports key material (GetParametersForImport + ImportKeyMaterial in a loop)\n\
         | round | quiet req/s | quiet p99 ms | importing req/s | importing p99 ms | imports | \
         p99 ÷ quiet | req/s ÷ quiet |\n|---:|---:|---:|---:|---:|---:|---:|---:|"
    );
    let call = encrypt(key);
    let mut ratios = Vec::new();
    for round in 1..=ROUNDS {
        let mut quiet = None;
        let mut loaded = None;
        // Alternate which of the two goes first.
        for phase in 0..2 {
            if (phase + round) % 2 == 0 {
                quiet = Some(measure(client_rt, addr, &call, 8, total));
                continue;
            }
            let stop = Arc::new(AtomicBool::new(false));
            let rounds = Arc::new(AtomicUsize::new(0));
            let importer = start_importer(client_rt, addr, Arc::clone(&stop), Arc::clone(&rounds));
            // Let the importer reach its loop before Encrypt is measured.
            while rounds.load(Ordering::Relaxed) == 0 {
                std::thread::sleep(Duration::from_millis(5));
            }
            let before = rounds.load(Ordering::Relaxed);
            let figures = measure(client_rt, addr, &call, 8, total);
            let imports = rounds.load(Ordering::Relaxed) - before;
            stop.store(true, Ordering::Relaxed);
            client_rt.block_on(importer).unwrap();
            loaded = Some((figures, imports));
        }
        let (quiet, (loaded, imports)) = (quiet.unwrap(), loaded.unwrap());
        let p99 = loaded.p99.as_secs_f64() / quiet.p99.as_secs_f64();
        let rate = loaded.rate / quiet.rate;
        ratios.push((p99, rate, quiet, loaded));
        println!(
            "| {round} | {:.0} | {} | {:.0} | {} | {imports} | {p99:.2} | {rate:.2} |",
            quiet.rate,
            ms(quiet.p99),
            loaded.rate,
            ms(loaded.p99),
        );
    }
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    println!(
        "| median | {:.0} | {:.2} | {:.0} | {:.2} | | {:.2} | {:.2} |",
        median(ratios.iter().map(|r| r.2.rate).collect()),
        median(
            ratios
                .iter()
                .map(|r| r.2.p99.as_secs_f64() * 1000.0)
                .collect()
        ),
        median(ratios.iter().map(|r| r.3.rate).collect()),
        median(
            ratios
                .iter()
                .map(|r| r.3.p99.as_secs_f64() * 1000.0)
                .collect()
        ),
        median(ratios.iter().map(|r| r.0).collect()),
        median(ratios.iter().map(|r| r.1).collect()),
    );
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
    let regions = Call::new("DescribeRegions", []);
    let (memory_encrypt, durable_encrypt) = (encrypt(&memory_key), encrypt(&durable_key));
    // Warm every connection pool and code path once.
    for (addr, call) in [
        (bare_addr, &regions),
        (memory_addr, &memory_encrypt),
        (memory_addr, &regions),
        (durable_addr, &durable_encrypt),
    ] {
        measure(&client_rt, addr, call, 8, 200);
    }
    println!(
        "signed calls over loopback, {total} requests per row ({} for the durable store; V3 \
         signatures, one key); ratios to the bare handler receiving the same call\n\
         | call | store | concurrency | req/s | p50 ms | p99 ms | req/s ÷ bare | p50 ÷ bare | p99 ÷ bare |\n\
         |---|---|---:|---:|---:|---:|---:|---:|---:|",
        total / 2
    );
    let bare_encrypt = encrypt("k");
    for concurrency in [1, 8, 64] {
        // Interleaved: each call's floor and its stores measured back to back at each
        // concurrency.
        let rows: [(&str, &Call, &[Store<'_>]); 2] = [
            (
                "Encrypt",
                &bare_encrypt,
                &[
                    ("memory", memory_addr, &memory_encrypt, total),
                    ("durable", durable_addr, &durable_encrypt, total / 2),
                ],
            ),
            (
                "DescribeRegions",
                &regions,
                &[("memory", memory_addr, &regions, total)],
            ),
        ];
        for (name, floor_call, stores) in rows {
            let floor = measure(&client_rt, bare_addr, floor_call, concurrency, total);
            let mut figures = vec![("bare", floor)];
            for (store, addr, call, n) in stores {
                figures.push((*store, measure(&client_rt, *addr, call, concurrency, *n)));
            }
            for (store, f) in figures {
                println!(
                    "| {name} | {store} | {concurrency} | {:.0} | {} | {} | {:.2} | {:.2} | {:.2} |",
                    f.rate,
                    ms(f.p50),
                    ms(f.p99),
                    f.rate / floor.rate,
                    f.p50.as_secs_f64() / floor.p50.as_secs_f64(),
                    f.p99.as_secs_f64() / floor.p99.as_secs_f64()
                );
            }
        }
    }
    import_contention(&client_rt, memory_addr, &memory_key, total * 10);
    let _ = std::fs::remove_dir_all(&dir);
    memory_figures();
}
