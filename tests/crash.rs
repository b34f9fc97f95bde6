//! The crash test of `kmsconf serve --data-dir` (docs/spec/decisions.md D-501): concurrent
//! clients create keys, encrypt, import key material, make aliases, tag, put secret values and
//! assume a role while the server is killed with SIGKILL at random moments and started again on
//! the same directory. After each start, every write acknowledged before any kill is there, every
//! acknowledged ciphertext decrypts, and each write in flight at the kill is either wholly there
//! or not at all.
//!
//! Not part of `cargo test` (it kills processes for about a minute): `.ci/run` runs it with
//! `cargo test --test crash`. `CRASH_KILLS` (default 24) and `CRASH_SEED` (default: the time)
//! choose the run; `KMSCONF_BIN` the server binary (default: this build's `kmsconf`).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::print_stdout,
    reason = "a test driver: a failure is a test failure, its figures go to stdout"
)]

use std::collections::BTreeMap;
use std::io::{BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use kms_conformance::client_crypto::wrap_key_material;
use kms_conformance::{Call, RemoteOptions, RemoteTarget, Target};
use kms_reference::wire::{ClientCall, SignatureVersion, sign_request_with_token};
use kms_reference::{Clock as _, RandomSource as _, SeededRandom, SystemClock};
use serde_json::Value;

const AK: &str = "LTAIcrashtest00000000000";
const SK: &str = "crash-test-root-secret";
const CLIENTS: usize = 4;

/// The run's choices, from the reference's own seeded generator: a run is reproduced by its
/// seed.
struct Rng(SeededRandom);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(SeededRandom::new(seed))
    }

    fn next(&mut self) -> u64 {
        let mut bytes = [0u8; 8];
        self.0.fill(&mut bytes);
        u64::from_le_bytes(bytes)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Everything acknowledged (answered 200) so far.
#[derive(Default)]
struct Ledger {
    keys: Vec<String>,
    /// (ciphertext, plaintext base64, encryption context).
    ciphertexts: Vec<(String, String, String)>,
    /// alias → key.
    aliases: BTreeMap<String, String>,
    /// (key, tag key) → value.
    tags: BTreeMap<(String, String), String>,
    /// secret → its versions (id, value), oldest first; the last is ACSCurrent, the one
    /// before it ACSPrevious (older ones lose their stage and, past ten, the version).
    secret_versions: BTreeMap<String, Vec<(String, String)>>,
    /// Imported keys.
    imported: Vec<String>,
    /// (AccessKeyId, secret, token) of sessions.
    sessions: Vec<(String, String, String)>,
    counts: BTreeMap<&'static str, usize>,
}

/// A write that was sent but not answered (the server died under it).
#[derive(Clone, Debug)]
enum InFlight {
    Alias {
        alias: String,
        key: String,
    },
    Tag {
        key: String,
        tag: String,
        value: String,
    },
    Secret {
        name: String,
        version: String,
        value: String,
    },
    Other(&'static str),
}

impl InFlight {
    fn label(&self) -> &'static str {
        match self {
            InFlight::Alias { .. } => "CreateAlias",
            InFlight::Tag { .. } => "TagResource",
            InFlight::Secret { .. } => "CreateSecret/PutSecretValue",
            InFlight::Other(action) => action,
        }
    }
}

struct Server {
    child: Child,
    endpoint: String,
    started_in: Duration,
    replayed: u64,
}

fn kmsconf() -> PathBuf {
    std::env::var_os("KMSCONF_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_kmsconf")))
}

fn start(dir: &Path) -> Server {
    let started = Instant::now();
    let mut child = Command::new(kmsconf())
        .args(["serve", "--listen", "127.0.0.1:0", "--data-dir"])
        .arg(dir)
        .args(["--access-key-id", AK, "--max-keys", "100000"])
        .args(["--max-aliases", "100000"])
        .env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SK)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("kmsconf serve starts");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut endpoint = None;
    let mut replayed = 0;
    for line in lines.by_ref() {
        let line = line.unwrap();
        if let Some(url) = line.strip_prefix("kmsconf serve: listening on ") {
            endpoint = Some(url.trim().to_owned());
        }
        if let Some(rest) = line.trim().strip_prefix("store: ") {
            replayed = rest
                .rsplit_once('(')
                .and_then(|(_, n)| n.split_whitespace().next())
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
            break;
        }
    }
    std::thread::spawn(move || for _ in lines {});
    Server {
        child,
        endpoint: endpoint.expect("the server says where it listens"),
        started_in: started.elapsed(),
        replayed,
    }
}

fn root(endpoint: &str) -> RemoteTarget {
    let options = RemoteOptions {
        throttle_retries: 0,
        signature: SignatureVersion::V3,
        ..RemoteOptions::new(endpoint, AK, SK)
    };
    RemoteTarget::new(reqwest::Client::new(), Arc::new(options))
}

fn call<const N: usize>(action: &str, params: [(&str, String); N]) -> Call {
    Call::new(action, params)
}

/// The body when the call was answered 200; `None` when it was not answered (or refused).
async fn acked(target: &RemoteTarget, call: &Call) -> Option<Value> {
    match target.call(call).await {
        Ok(o) if o.http_status == 200 => Some(o.body),
        Ok(o) if o.http_status >= 500 => panic!("{}: {} {}", call.action, o.http_status, o.body),
        _ => None,
    }
}

async fn must(target: &RemoteTarget, call: Call) -> Value {
    let outcome = target.call(&call).await.unwrap();
    assert_eq!(
        outcome.http_status, 200,
        "{}: {}",
        call.action, outcome.body
    );
    outcome.body
}

fn str_of(v: &Value, path: &[&str]) -> String {
    let mut v = v;
    for p in path {
        v = &v[*p];
    }
    v.as_str().unwrap_or_default().to_owned()
}

/// A user allowed to assume a role, and the role: made once, before the first kill.
async fn set_up(endpoint: &str) -> (String, String) {
    let t = root(endpoint);
    let ram =
        |a: &str, p: &[(&str, &str)]| Call::ram(a, p.iter().map(|(k, v)| (*k, (*v).to_owned())));
    must(&t, ram("CreateUser", &[("UserName", "crasher")])).await;
    let all = r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":["kms:*","sts:AssumeRole"],"Resource":"*"}]}"#;
    must(
        &t,
        ram(
            "CreatePolicy",
            &[("PolicyName", "all"), ("PolicyDocument", all)],
        ),
    )
    .await;
    let attach = [("PolicyName", "all"), ("PolicyType", "Custom")];
    must(
        &t,
        ram(
            "AttachPolicyToUser",
            &[attach[0], attach[1], ("UserName", "crasher")],
        ),
    )
    .await;
    let trust = r#"{"Version":"1","Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"RAM":["acs:ram::1234567890123456:user/crasher"]}}]}"#;
    must(
        &t,
        ram(
            "CreateRole",
            &[("RoleName", "crash"), ("AssumeRolePolicyDocument", trust)],
        ),
    )
    .await;
    must(
        &t,
        ram(
            "AttachPolicyToRole",
            &[attach[0], attach[1], ("RoleName", "crash")],
        ),
    )
    .await;
    let key = must(&t, ram("CreateAccessKey", &[("UserName", "crasher")])).await;
    (
        str_of(&key, &["AccessKey", "AccessKeyId"]),
        str_of(&key, &["AccessKey", "AccessKeySecret"]),
    )
}

/// One client's writes until the server dies under it; returns the write in flight, if any.
async fn client(
    endpoint: String,
    n: usize,
    round: usize,
    seed: u64,
    user: (String, String),
    ledger: Arc<Mutex<Ledger>>,
) -> Option<InFlight> {
    let t = root(&endpoint);
    let user_target = RemoteTarget::new(
        reqwest::Client::new(),
        Arc::new(RemoteOptions {
            throttle_retries: 0,
            ..RemoteOptions::new(endpoint.clone(), user.0, user.1)
        }),
    );
    let mut rng = Rng::new(seed);
    let secret = format!("crash-{n}");
    let mut step = 0usize;
    loop {
        step += 1;
        let id = format!("{round}-{n}-{step}");
        let key = {
            let l = ledger.lock().unwrap();
            (!l.keys.is_empty()).then(|| l.keys[rng.below(l.keys.len() as u64) as usize].clone())
        };
        let choice = if key.is_none() { 0 } else { rng.below(100) };
        // Imports cost an RSA key on every replay: one client, now and then.
        let import = n == 0 && step == 3 && round % 3 == 0;
        let (call, in_flight) = match (choice, key.clone()) {
            _ if import => (
                call("CreateKey", [("Origin", "EXTERNAL".into())]),
                InFlight::Other("import"),
            ),
            (0..=14, _) | (_, None) => (
                call("CreateKey", [("Description", id.clone())]),
                InFlight::Other("CreateKey"),
            ),
            (15..=44, Some(k)) => (
                call(
                    "Encrypt",
                    [
                        ("KeyId", k),
                        ("Plaintext", STANDARD.encode(format!("plain {id}"))),
                        ("EncryptionContext", format!(r#"{{"id":"{id}"}}"#)),
                    ],
                ),
                InFlight::Other("Encrypt"),
            ),
            (45..=59, Some(k)) => {
                let alias = format!("alias/crash-{id}");
                (
                    call(
                        "CreateAlias",
                        [("AliasName", alias.clone()), ("KeyId", k.clone())],
                    ),
                    InFlight::Alias { alias, key: k },
                )
            }
            (60..=74, Some(k)) => {
                let tag = format!("t{n}");
                (
                    call(
                        "TagResource",
                        [
                            ("KeyId", k.clone()),
                            (
                                "Tags",
                                format!(r#"[{{"TagKey":"{tag}","TagValue":"{id}"}}]"#),
                            ),
                        ],
                    ),
                    InFlight::Tag {
                        key: k,
                        tag,
                        value: id.clone(),
                    },
                )
            }
            (75..=92, _) => {
                let first = !ledger.lock().unwrap().secret_versions.contains_key(&secret);
                let value = format!("secret value {id}");
                let action = if first {
                    "CreateSecret"
                } else {
                    "PutSecretValue"
                };
                (
                    call(
                        action,
                        [
                            ("SecretName", secret.clone()),
                            ("SecretData", value.clone()),
                            ("VersionId", id.clone()),
                        ],
                    ),
                    InFlight::Secret {
                        name: secret.clone(),
                        version: id.clone(),
                        value,
                    },
                )
            }
            _ => (
                Call::sts(
                    "AssumeRole",
                    [
                        ("RoleArn", "acs:ram::1234567890123456:role/crash".to_owned()),
                        ("RoleSessionName", format!("s{n}")),
                    ],
                ),
                InFlight::Other("AssumeRole"),
            ),
        };
        let by = if call.action == "AssumeRole" {
            &user_target
        } else {
            &t
        };
        let Some(body) = acked(by, &call).await else {
            return Some(in_flight);
        };
        if import {
            let key = str_of(&body, &["KeyMetadata", "KeyId"]);
            if !import_material(&t, &key, &ledger).await {
                return Some(InFlight::Other("ImportKeyMaterial"));
            }
            continue;
        }
        let mut l = ledger.lock().unwrap();
        *l.counts.entry(kind(&call.action)).or_default() += 1;
        match (call.action.as_str(), in_flight) {
            ("CreateKey", _) => {
                l.keys.push(str_of(&body, &["KeyMetadata", "KeyId"]));
            }
            ("Encrypt", _) => {
                let blob = str_of(&body, &["CiphertextBlob"]);
                let plain = STANDARD.encode(format!("plain {id}"));
                l.ciphertexts
                    .push((blob, plain, format!(r#"{{"id":"{id}"}}"#)));
            }
            ("CreateAlias", InFlight::Alias { alias, key }) => {
                l.aliases.insert(alias, key);
            }
            ("TagResource", InFlight::Tag { key, tag, value }) => {
                l.tags.insert((key, tag), value);
            }
            (
                _,
                InFlight::Secret {
                    name,
                    version,
                    value,
                },
            ) => {
                l.secret_versions
                    .entry(name)
                    .or_default()
                    .push((version, value));
            }
            ("AssumeRole", _) => {
                let c = &body["Credentials"];
                l.sessions.push((
                    str_of(c, &["AccessKeyId"]),
                    str_of(c, &["AccessKeySecret"]),
                    str_of(c, &["SecurityToken"]),
                ));
            }
            _ => {}
        }
    }
}

fn kind(action: &str) -> &'static str {
    match action {
        "CreateKey" => "CreateKey",
        "Encrypt" => "Encrypt",
        "CreateAlias" => "CreateAlias",
        "TagResource" => "TagResource",
        "CreateSecret" | "PutSecretValue" => "CreateSecret/PutSecretValue",
        _ => "AssumeRole",
    }
}

/// GetParametersForImport + ImportKeyMaterial of 32 random bytes; the key is in the ledger
/// once its import was acknowledged, with a ciphertext made under the imported material.
async fn import_material(t: &RemoteTarget, key: &str, ledger: &Mutex<Ledger>) -> bool {
    let Some(params) = acked(
        t,
        &call(
            "GetParametersForImport",
            [
                ("KeyId", key.to_owned()),
                ("WrappingAlgorithm", "RSAES_OAEP_SHA_256".into()),
                ("WrappingKeySpec", "RSA_2048".into()),
            ],
        ),
    )
    .await
    else {
        return false;
    };
    let material: Vec<u8> = (0..32).map(|i| (i * 7 + key.len()) as u8).collect();
    let wrapped = wrap_key_material(
        &str_of(&params, &["PublicKey"]),
        "RSAES_OAEP_SHA_256",
        &material,
    )
    .unwrap();
    let imported = acked(
        t,
        &call(
            "ImportKeyMaterial",
            [
                ("KeyId", key.to_owned()),
                ("EncryptedKeyMaterial", wrapped),
                ("ImportToken", str_of(&params, &["ImportToken"])),
            ],
        ),
    )
    .await;
    if imported.is_none() {
        return false;
    }
    let mut l = ledger.lock().unwrap();
    *l.counts.entry("ImportKeyMaterial").or_default() += 1;
    l.imported.push(key.to_owned());
    l.keys.push(key.to_owned());
    true
}

/// Every acknowledged write is there; returns how many checks were made.
async fn verify(endpoint: &str, ledger: &Ledger) -> usize {
    let t = root(endpoint);
    let mut checks = 0;
    for key in &ledger.keys {
        let d = must(&t, call("DescribeKey", [("KeyId", key.clone())])).await;
        assert_eq!(str_of(&d, &["KeyMetadata", "KeyState"]), "Enabled", "{key}");
        checks += 1;
    }
    for (blob, plain, context) in &ledger.ciphertexts {
        let d = must(
            &t,
            call(
                "Decrypt",
                [
                    ("CiphertextBlob", blob.clone()),
                    ("EncryptionContext", context.clone()),
                ],
            ),
        )
        .await;
        assert_eq!(&str_of(&d, &["Plaintext"]), plain);
        checks += 1;
    }
    for (alias, key) in &ledger.aliases {
        let d = must(&t, call("DescribeKey", [("KeyId", alias.clone())])).await;
        assert_eq!(&str_of(&d, &["KeyMetadata", "KeyId"]), key, "{alias}");
        checks += 1;
    }
    let mut tagged: BTreeMap<&str, Value> = BTreeMap::new();
    for ((key, tag), value) in &ledger.tags {
        if !tagged.contains_key(key.as_str()) {
            let d = must(&t, call("ListResourceTags", [("KeyId", key.clone())])).await;
            tagged.insert(key, d);
        }
        let found = tagged[key.as_str()]["Tags"]["Tag"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["TagKey"] == tag.as_str())
            .map(|t| t["TagValue"].as_str().unwrap_or_default().to_owned());
        // Only client n writes tag tn, one write at a time: the last acknowledged (or landed)
        // value is the one there.
        assert_eq!(found.as_ref(), Some(value), "tag {tag} on {key}");
        checks += 1;
    }
    for (name, versions) in &ledger.secret_versions {
        let staged = versions.iter().rev().zip(["ACSCurrent", "ACSPrevious"]);
        for ((version, value), stage) in staged {
            let d = must(
                &t,
                call(
                    "GetSecretValue",
                    [("SecretName", name.clone()), ("VersionStage", stage.into())],
                ),
            )
            .await;
            assert_eq!(&str_of(&d, &["VersionId"]), version, "{name} {stage}");
            assert_eq!(&str_of(&d, &["SecretData"]), value, "{name} {stage}");
            checks += 1;
        }
    }
    for key in &ledger.imported {
        let d = must(&t, call("DescribeKey", [("KeyId", key.clone())])).await;
        assert_eq!(str_of(&d, &["KeyMetadata", "Origin"]), "EXTERNAL");
        let e = must(
            &t,
            call(
                "Encrypt",
                [("KeyId", key.clone()), ("Plaintext", "aW1wb3J0ZWQ=".into())],
            ),
        )
        .await;
        assert!(!str_of(&e, &["CiphertextBlob"]).is_empty());
        checks += 1;
    }
    for (id, secret, token) in &ledger.sessions {
        let host = endpoint.trim_start_matches("http://");
        let params = BTreeMap::new();
        let request = sign_request_with_token(
            SignatureVersion::V3,
            &ClientCall {
                method: "POST",
                version: "2016-01-20",
                action: "ListKeys",
                params: &params,
                host,
                access_key_id: id,
                secret,
                nonce: &format!("{}", uuid::Uuid::new_v4().simple()),
                timestamp: SystemClock.now(),
            },
            token,
        );
        let o = t.send_http(&request).await.unwrap();
        assert_eq!(o.http_status, 200, "session {id}: {}", o.body);
        checks += 1;
    }
    checks
}

/// A write in flight at the kill is wholly there or not at all.
async fn check_in_flight(endpoint: &str, in_flight: &[InFlight], ledger: &mut Ledger) -> usize {
    let t = root(endpoint);
    let mut landed = 0;
    for write in in_flight {
        match write {
            InFlight::Alias { alias, key } => {
                let o = t
                    .call(&call("DescribeKey", [("KeyId", alias.clone())]))
                    .await
                    .unwrap();
                if o.http_status == 200 {
                    assert_eq!(&str_of(&o.body, &["KeyMetadata", "KeyId"]), key);
                    ledger.aliases.insert(alias.clone(), key.clone());
                    landed += 1;
                }
            }
            InFlight::Tag { key, tag, value } => {
                let d = must(&t, call("ListResourceTags", [("KeyId", key.clone())])).await;
                let now = d["Tags"]["Tag"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|x| x["TagKey"] == tag.as_str())
                    .map(|x| x["TagValue"].as_str().unwrap_or_default().to_owned());
                let before = ledger.tags.get(&(key.clone(), tag.clone()));
                assert!(
                    now.as_ref() == Some(value) || now.as_ref() == before,
                    "tag {tag} on {key} is {now:?}: neither the acknowledged {before:?} nor the one in flight {value}"
                );
                if now.as_ref() == Some(value) {
                    ledger
                        .tags
                        .insert((key.clone(), tag.clone()), value.clone());
                    landed += 1;
                }
            }
            InFlight::Secret {
                name,
                version,
                value,
            } => {
                let o = t
                    .call(&call(
                        "GetSecretValue",
                        [("SecretName", name.clone()), ("VersionId", version.clone())],
                    ))
                    .await
                    .unwrap();
                let current = t
                    .call(&call("GetSecretValue", [("SecretName", name.clone())]))
                    .await
                    .unwrap();
                let acked = ledger.secret_versions.get(name).and_then(|v| v.last());
                if o.http_status == 200 {
                    assert_eq!(&str_of(&o.body, &["SecretData"]), value);
                    // Landed: it is ACSCurrent too, never a version without its stage.
                    assert_eq!(&str_of(&current.body, &["VersionId"]), version);
                    ledger
                        .secret_versions
                        .entry(name.clone())
                        .or_default()
                        .push((version.clone(), value.clone()));
                    landed += 1;
                } else if let Some((acked, _)) = acked {
                    assert_eq!(&str_of(&current.body, &["VersionId"]), acked);
                }
            }
            InFlight::Other(_) => {}
        }
    }
    landed
}

fn main() -> ExitCode {
    let kills: usize = std::env::var("CRASH_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(24);
    let seed: u64 = std::env::var("CRASH_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| SystemClock.now().unix() as u64);
    println!(
        "crash test: {kills} kills, CRASH_SEED={seed}, server {}",
        kmsconf().display()
    );
    let dir = std::env::temp_dir().join(format!("kmsconf-crash-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let mut rng = Rng::new(seed);
    let ledger = Arc::new(Mutex::new(Ledger::default()));
    let mut server = start(&dir);
    let user = runtime.block_on(set_up(&server.endpoint));
    let started = Instant::now();
    let (mut landed_total, mut slowest) = (0, Duration::ZERO);
    let mut in_flight_kinds: BTreeMap<&'static str, usize> = BTreeMap::new();
    for round in 0..kills {
        let tasks: Vec<_> = (0..CLIENTS)
            .map(|n| {
                runtime.spawn(client(
                    server.endpoint.clone(),
                    n,
                    round,
                    rng.next(),
                    user.clone(),
                    Arc::clone(&ledger),
                ))
            })
            .collect();
        // Kill at a random moment: sometimes almost at once, sometimes after a while.
        std::thread::sleep(Duration::from_millis(50 + rng.below(700)));
        server.child.kill().unwrap();
        server.child.wait().unwrap();
        let in_flight: Vec<InFlight> = tasks
            .into_iter()
            .filter_map(|t| runtime.block_on(t).unwrap())
            .collect();
        server = start(&dir);
        slowest = slowest.max(server.started_in);
        let mut l = ledger.lock().unwrap();
        for write in &in_flight {
            *in_flight_kinds.entry(write.label()).or_default() += 1;
        }
        landed_total += runtime.block_on(check_in_flight(&server.endpoint, &in_flight, &mut l));
        // Every acknowledged write, at the middle of the run (and at its end, below): reads
        // are journaled too, so checking all after each kill would grow the run quadratically.
        let checks = if round == kills / 2 {
            runtime.block_on(verify(&server.endpoint, &l))
        } else {
            0
        };
        println!(
            "  kill {:>2}: {} entries replayed in {:.2?}; {} writes in flight, {checks} acknowledged \
             writes checked",
            round + 1,
            server.replayed,
            server.started_in,
            in_flight.len()
        );
    }
    let l = ledger.lock().unwrap();
    let checks = runtime.block_on(verify(&server.endpoint, &l));
    let _ = server.child.kill();
    let _ = server.child.wait();
    let _ = std::fs::remove_dir_all(&dir);
    let counts: Vec<String> = l.counts.iter().map(|(k, v)| format!("{k} {v}")).collect();
    println!(
        "crash test: {kills} SIGKILLs in {:.1?}; acknowledged: {}",
        started.elapsed(),
        counts.join(", ")
    );
    let in_flight_total: usize = in_flight_kinds.values().sum();
    let kinds: Vec<String> = in_flight_kinds
        .iter()
        .map(|(k, v)| format!("{k} {v}"))
        .collect();
    println!(
        "crash test: {checks} acknowledged writes and ciphertexts checked after the last restart, \
         0 lost; {in_flight_total} calls in flight at a kill ({}), {landed_total} checkable writes \
         of them landed whole, none half-visible; slowest restart {slowest:.2?}",
        kinds.join(", ")
    );
    ExitCode::SUCCESS
}
