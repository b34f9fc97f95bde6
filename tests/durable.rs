//! `kmsconf serve --data-dir` (docs/spec/decisions.md D-501..D-506): what a server
//! acknowledged is there after a restart (keys, ciphertexts, aliases, tags, secrets, RAM
//! identities, the trail, the clock), a killed server loses nothing it answered, the store
//! keeps nothing readable at rest, and a store it cannot read is refused, never rewritten.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a failure is a test failure"
)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use kms_conformance::server::{ServeOptions, StoreReport, TestControls, bind};
use kms_conformance::store::{DATABASE_FILE, DurableStore, MASTER_KEY_FILE};
use kms_conformance::{Call, RemoteOptions, RemoteTarget, Target};
use serde_json::Value;

#[path = "support/serve.rs"]
mod serve;

const AK: &str = "LTAIdurable0000000000000";
const SK: &str = "durable-root-secret";
const PLAINTEXT: &str = "ZHVyYWJsZS1wbGFpbnRleHQ="; // "durable-plaintext"
const SECRET_VALUE: &str = "s3cret-at-rest-9f2c";

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kmsconf-durable-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// A server on `dir`, in this process; stopped by dropping `stop`.
struct Running {
    target: RemoteTarget,
    endpoint: String,
    store: StoreReport,
    root: (String, String),
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    handle: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
}

impl Running {
    async fn start(dir: &Path, root: Option<(&str, &str)>, clock: bool) -> Running {
        let options = ServeOptions {
            listen: "127.0.0.1:0".parse().unwrap(),
            access_key_id: root.map(|r| r.0.to_owned()),
            access_key_secret: root.map(|r| r.1.to_owned()),
            controls: TestControls {
                clock,
                ..TestControls::default()
            },
            data_dir: Some(dir.to_owned()),
            ..ServeOptions::default()
        };
        let server = bind(&options).await.unwrap();
        let endpoint = format!("http://{}", server.addr);
        let store = server.store.clone().unwrap();
        let root = (
            server.access_key_id.clone(),
            server.access_key_secret.expose().to_owned(),
        );
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let handle = tokio::spawn(server.serve(async {
            let _ = stopped.await;
        }));
        let target = signed(&endpoint, &root.0, &root.1).await;
        Running {
            target,
            endpoint,
            store,
            root,
            stop: Some(stop),
            handle: Some(handle),
        }
    }

    async fn ok(&self, call: Call) -> Value {
        let action = call.action.clone();
        let outcome = self.target.call(&call).await.unwrap();
        assert_eq!(outcome.http_status, 200, "{action}: {}", outcome.body);
        outcome.body
    }

    /// Stops the server and waits until its store is closed (the last connection task
    /// lets go of the state a moment after the server returns).
    async fn stop(mut self) {
        let _ = self.stop.take().unwrap().send(());
        self.handle.take().unwrap().await.unwrap().unwrap();
        let dir = self.store.dir.clone();
        drop(self);
        for _ in 0..200 {
            match DurableStore::open(&dir) {
                Ok(_) => return,
                Err(e) if e.to_string().contains("holds it open") => {
                    tokio::time::sleep(std::time::Duration::from_millis(10)).await;
                }
                Err(e) => panic!("{e}"),
            }
        }
        panic!("the store stayed open after the server stopped");
    }
}

/// A client of `endpoint` that signs with the server's clock when it offers one.
async fn signed(endpoint: &str, id: &str, secret: &str) -> RemoteTarget {
    let client = reqwest::Client::new();
    let options = RemoteOptions::new(endpoint, id, secret)
        .probe(&client)
        .await;
    let clock = options.controls.clock;
    let target = RemoteTarget::new(client, Arc::new(options));
    if clock {
        // Moving by nothing reads the server's offset, which a restart keeps.
        target.advance_clock(0).await.unwrap();
    }
    target
}

fn kms<const N: usize>(action: &str, params: [(&str, &str); N]) -> Call {
    Call::new(action, params.map(|(k, v)| (k, v.to_owned())))
}

fn ram<const N: usize>(action: &str, params: [(&str, &str); N]) -> Call {
    Call::ram(action, params.map(|(k, v)| (k, v.to_owned())))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_keeps_every_acknowledged_write() {
    let dir = scratch("restart");
    let a = Running::start(&dir, Some((AK, SK)), true).await;
    assert_eq!(a.store.replayed, 0);
    let key = a.ok(kms("CreateKey", [("Description", "kept")])).await;
    let key_id = key["KeyMetadata"]["KeyId"].as_str().unwrap().to_owned();
    let blob = a
        .ok(kms(
            "Encrypt",
            [
                ("KeyId", key_id.as_str()),
                ("Plaintext", PLAINTEXT),
                ("EncryptionContext", r#"{"k":"v"}"#),
            ],
        ))
        .await["CiphertextBlob"]
        .as_str()
        .unwrap()
        .to_owned();
    a.ok(kms(
        "CreateAlias",
        [("AliasName", "alias/kept"), ("KeyId", key_id.as_str())],
    ))
    .await;
    a.ok(kms(
        "TagResource",
        [
            ("KeyId", key_id.as_str()),
            ("Tags", r#"[{"TagKey":"env","TagValue":"prod"}]"#),
        ],
    ))
    .await;
    a.ok(kms(
        "CreateSecret",
        [
            ("SecretName", "db"),
            ("SecretData", SECRET_VALUE),
            ("VersionId", "v1"),
        ],
    ))
    .await;
    a.ok(ram("CreateUser", [("UserName", "app")])).await;
    let allow =
        r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:*","Resource":"*"}]}"#;
    a.ok(ram(
        "CreatePolicy",
        [("PolicyName", "kms-all"), ("PolicyDocument", allow)],
    ))
    .await;
    a.ok(ram(
        "AttachPolicyToUser",
        [
            ("PolicyName", "kms-all"),
            ("PolicyType", "Custom"),
            ("UserName", "app"),
        ],
    ))
    .await;
    let access_key = a.ok(ram("CreateAccessKey", [("UserName", "app")])).await;
    let user_id = access_key["AccessKey"]["AccessKeyId"]
        .as_str()
        .unwrap()
        .to_owned();
    let user_secret = access_key["AccessKey"]["AccessKeySecret"]
        .as_str()
        .unwrap()
        .to_owned();
    // A day on the test clock: kept too.
    a.target.advance_clock(86_400).await.unwrap();
    a.stop().await;

    // Started again without credentials: the stored root AccessKey is served.
    let b = Running::start(&dir, None, true).await;
    assert!(b.store.replayed >= 9, "{:?}", b.store);
    assert!(b.store.root_key_reused);
    assert_eq!(b.root, (AK.to_owned(), SK.to_owned()));
    let described = b.ok(kms("DescribeKey", [("KeyId", "alias/kept")])).await;
    assert_eq!(described["KeyMetadata"]["KeyId"], key_id.as_str());
    assert_eq!(described["KeyMetadata"]["Description"], "kept");
    let decrypted = b
        .ok(kms(
            "Decrypt",
            [
                ("CiphertextBlob", blob.as_str()),
                ("EncryptionContext", r#"{"k":"v"}"#),
            ],
        ))
        .await;
    assert_eq!(decrypted["Plaintext"], PLAINTEXT);
    let tags = b
        .ok(kms("ListResourceTags", [("KeyId", key_id.as_str())]))
        .await;
    assert_eq!(tags["Tags"]["Tag"][0]["TagValue"], "prod", "{tags}");
    let secret = b.ok(kms("GetSecretValue", [("SecretName", "db")])).await;
    assert_eq!(secret["SecretData"], SECRET_VALUE);
    let user = signed(&b.endpoint, &user_id, &user_secret).await;
    let listed = user.call(&kms("ListKeys", [])).await.unwrap();
    assert_eq!(
        listed.http_status, 200,
        "the user's AccessKey and policy are kept: {}",
        listed.body
    );
    let clock: Value = reqwest::get(format!("{}/__kmsconf/clock", b.endpoint))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(clock["offset"].as_i64().unwrap() >= 86_400, "{clock}");
    let events = b
        .ok(Call::trail(
            "LookupEvents",
            [
                ("LookupAttribute.1.Key", "EventName".to_owned()),
                ("LookupAttribute.1.Value", "CreateKey".to_owned()),
            ],
        ))
        .await;
    assert_eq!(
        events["Events"].as_array().map(Vec::len),
        Some(1),
        "the trail is kept: {events}"
    );
    b.stop().await;

    // The same id with another secret is refused, naming the key, not the secret.
    let other = ServeOptions {
        listen: "127.0.0.1:0".parse().unwrap(),
        access_key_id: Some(AK.into()),
        access_key_secret: Some("another-secret".into()),
        data_dir: Some(dir.clone()),
        ..ServeOptions::default()
    };
    let e = bind(&other).await.unwrap_err().to_string();
    assert!(
        e.contains(AK) && !e.contains(SK) && !e.contains("another-secret"),
        "{e}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_killed_server_keeps_what_it_answered() {
    let dir = scratch("kill");
    let data_dir = dir.to_str().unwrap().to_owned();
    let (server, url) = serve::start_server(&["--data-dir", &data_dir], (AK, SK)).unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let target = runtime.block_on(signed(&url, AK, SK));
    let created = runtime
        .block_on(target.call(&kms("CreateKey", [])))
        .unwrap();
    let key_id = created.body["KeyMetadata"]["KeyId"]
        .as_str()
        .unwrap()
        .to_owned();
    // Child::kill is SIGKILL: no shutdown code runs.
    drop(server);
    let (_server, url) = serve::start_server(&["--data-dir", &data_dir], (AK, SK)).unwrap();
    let target = runtime.block_on(signed(&url, AK, SK));
    let described = runtime
        .block_on(target.call(&kms("DescribeKey", [("KeyId", key_id.as_str())])))
        .unwrap();
    assert_eq!(described.http_status, 200, "{}", described.body);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_secret_is_readable_in_the_store_and_its_files_are_owner_only() {
    let dir = scratch("at-rest");
    let a = Running::start(&dir, Some((AK, SK)), false).await;
    let key_id = a.ok(kms("CreateKey", [])).await["KeyMetadata"]["KeyId"]
        .as_str()
        .unwrap()
        .to_owned();
    a.ok(kms(
        "Encrypt",
        [("KeyId", key_id.as_str()), ("Plaintext", PLAINTEXT)],
    ))
    .await;
    a.ok(kms(
        "CreateSecret",
        [
            ("SecretName", "at-rest"),
            ("SecretData", SECRET_VALUE),
            ("VersionId", "v1"),
        ],
    ))
    .await;
    a.ok(ram("CreateUser", [("UserName", "u")])).await;
    let user_secret =
        a.ok(ram("CreateAccessKey", [("UserName", "u")])).await["AccessKey"]["AccessKeySecret"]
            .as_str()
            .unwrap()
            .to_owned();
    a.stop().await;
    let bytes = std::fs::read(dir.join(DATABASE_FILE)).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    for (what, needle) in [
        ("plaintext (base64)", PLAINTEXT),
        ("plaintext", "durable-plaintext"),
        ("secret value", SECRET_VALUE),
        ("root AccessKey secret", SK),
        ("user AccessKey secret", user_secret.as_str()),
        ("key id", key_id.as_str()),
        ("parameter names", "SecretData"),
    ] {
        assert!(
            !text.contains(needle),
            "the {what} is readable in {DATABASE_FILE}"
        );
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&dir.join(MASTER_KEY_FILE)), 0o600);
        assert_eq!(mode(&dir), 0o700);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_store_of_a_newer_schema_is_refused_and_left_as_it_is() {
    let dir = scratch("newer");
    drop(DurableStore::open(&dir).unwrap());
    {
        let db = redb::Database::create(dir.join(DATABASE_FILE)).unwrap();
        let write = db.begin_write().unwrap();
        {
            let meta: redb::TableDefinition<&str, i64> = redb::TableDefinition::new("meta");
            let mut table = write.open_table(meta).unwrap();
            table.insert("schema", 99).unwrap();
        }
        write.commit().unwrap();
    }
    let before = std::fs::read(dir.join(DATABASE_FILE)).unwrap();
    let e = DurableStore::open(&dir).unwrap_err().to_string();
    assert!(
        e.contains("newer kmsconf (schema 99; this one reads 1)"),
        "{e}"
    );
    assert!(
        std::fs::read(dir.join(DATABASE_FILE)).unwrap() == before,
        "the refused store was written to"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_store_without_its_master_key_is_refused() {
    let dir = scratch("no-key");
    drop(DurableStore::open(&dir).unwrap());
    std::fs::remove_file(dir.join(MASTER_KEY_FILE)).unwrap();
    let e = DurableStore::open(&dir).unwrap_err().to_string();
    assert!(e.contains("master.key is missing"), "{e}");
    assert!(
        !dir.join(MASTER_KEY_FILE).exists(),
        "no new key is made for an old store"
    );
    // Another master key is refused at the first entry it cannot open.
    std::fs::write(dir.join(MASTER_KEY_FILE), [7u8; 32]).unwrap();
    let store = DurableStore::open(&dir).unwrap();
    assert_eq!(
        store.entry_count(),
        0,
        "an empty journal opens under any key"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_entry_sealed_under_another_key_stops_the_start() {
    let dir = scratch("other-key");
    let data_dir = dir.to_str().unwrap().to_owned();
    {
        let (_server, url) = serve::start_server(&["--data-dir", &data_dir], (AK, SK)).unwrap();
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let target = runtime.block_on(signed(&url, AK, SK));
        let created = runtime
            .block_on(target.call(&kms("CreateKey", [])))
            .unwrap();
        assert_eq!(created.http_status, 200);
    }
    std::fs::write(dir.join(MASTER_KEY_FILE), [7u8; 32]).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_kmsconf"))
        .args(["serve", "--listen", "127.0.0.1:0", "--data-dir", &data_dir])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("cannot use the durable store") && stderr.contains("entry 0"),
        "{stderr}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn test_accounts_cannot_be_durable_and_memory_mode_says_so() {
    let output = Command::new(env!("CARGO_BIN_EXE_kmsconf"))
        .args(["serve", "--test-mode", "--data-dir", "/nonexistent/x"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--data-dir"), "{stderr}");
    let help = Command::new(env!("CARGO_BIN_EXE_kmsconf"))
        .args(["serve", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(help.contains("nothing survives a restart"), "{help}");
}

#[test]
fn a_seed_on_a_durable_store_is_made_once() {
    let dir = scratch("seed");
    let data_dir = dir.to_str().unwrap().to_owned();
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/seed.toml");
    let flags = ["--data-dir", data_dir.as_str(), "--seed", fixture];
    for expected in [
        "10 items created, 0 already present",
        "0 items created, 10 already present",
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_kmsconf"))
            .args(["serve", "--listen", "127.0.0.1:0"])
            .args(flags)
            .args(["--access-key-id", AK])
            .env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SK)
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines =
            std::io::BufRead::lines(std::io::BufReader::new(child.stdout.take().unwrap()));
        let seed_line = lines
            .by_ref()
            .map(Result::unwrap)
            .find(|l| l.contains("seed:"))
            .unwrap();
        child.kill().unwrap();
        child.wait().unwrap();
        assert!(seed_line.contains(expected), "{seed_line}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_seen_before_a_restart_is_still_a_replay_after_it() {
    use kms_reference::wire::{ClientCall, SignatureVersion, sign_request};
    use kms_reference::{Clock as _, SystemClock};
    let dir = scratch("nonces");
    let a = Running::start(&dir, Some((AK, SK)), false).await;
    let params = std::collections::BTreeMap::new();
    let host = a.endpoint.trim_start_matches("http://").to_owned();
    let request = sign_request(
        SignatureVersion::V1,
        &ClientCall {
            method: "POST",
            version: "2016-01-20",
            action: "ListKeys",
            params: &params,
            host: &host,
            access_key_id: AK,
            secret: SK,
            nonce: "nonce-kept-across-a-restart",
            timestamp: SystemClock.now(),
        },
    );
    let first = a.target.send_http(&request).await.unwrap();
    assert_eq!(first.http_status, 200, "{}", first.body);
    a.stop().await;
    let b = Running::start(&dir, None, false).await;
    assert!(b.store.nonces_restored >= 1, "{:?}", b.store);
    let again = b.target.send_http(&request).await.unwrap();
    assert_eq!(
        again.error_code(),
        Some("SignatureNonceUsed"),
        "the same request after the restart: {}",
        again.body
    );
    b.stop().await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn concurrent_calls_share_commits_and_replay_in_the_order_they_ran() {
    use kms_reference::{Caller, Kms, KmsConfig};
    let dir = scratch("group-commit");
    let keys_made = {
        let store = Arc::new(DurableStore::open(&dir).unwrap());
        let kms = Arc::new(
            Kms::builder()
                .config(KmsConfig::default().with_limits(1000, 300))
                .build_service(),
        );
        kms.attach_journal(store.clone()).unwrap();
        let threads: Vec<_> = (0..8)
            .map(|_| {
                let kms = Arc::clone(&kms);
                std::thread::spawn(move || {
                    let mut made = Vec::new();
                    for _ in 0..25 {
                        let answer = kms.handle_params(
                            &Caller::root(),
                            "CreateKey",
                            &std::collections::BTreeMap::new(),
                        );
                        let body = answer.result.unwrap();
                        made.push(body["KeyMetadata"]["KeyId"].as_str().unwrap().to_owned());
                    }
                    made
                })
            })
            .collect();
        let mut made: Vec<String> = threads
            .into_iter()
            .flat_map(|t| t.join().unwrap())
            .collect();
        made.sort();
        assert_eq!(store.entry_count(), 200);
        made
    };
    // Every acknowledged call is in the journal, in an order that replays exactly.
    let store = DurableStore::open(&dir).unwrap();
    let kms = kms_reference::Kms::builder()
        .config(kms_reference::KmsConfig::default().with_limits(1000, 300))
        .build_service();
    let replayed = store.replay_into(&kms).unwrap();
    assert_eq!(replayed.entries, 200);
    let listed = kms
        .handle_params(
            &kms_reference::Caller::root(),
            "ListKeys",
            &[("PageSize".to_owned(), "100".to_owned())].into(),
        )
        .result
        .unwrap();
    assert_eq!(listed["TotalCount"], 200);
    for key in &keys_made {
        let described = kms.handle_params(
            &kms_reference::Caller::root(),
            "DescribeKey",
            &[("KeyId".to_owned(), key.clone())].into(),
        );
        assert!(described.result.is_ok(), "{key} lost");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
