//! Fault test under concurrent load: several clients on loopback, bounded in count, against one
//! `kmsconf serve` (library form, same router). No request may get a 5xx, and every key whose
//! creation was acknowledged must then be describable.

use std::collections::BTreeMap;
use std::sync::Arc;

use kms_conformance::server::{ServeOptions, bind};
use kms_conformance::{Call, RemoteOptions, RemoteTarget, Target};
use kms_reference::wire::SignatureVersion;

const CLIENTS: usize = 8;
const KEYS_PER_CLIENT: usize = 25;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_clients_get_no_5xx_and_lose_no_key() {
    let options = ServeOptions {
        listen: "127.0.0.1:0".parse().unwrap(),
        access_key_id: Some("LTAIloadtest000000000000".into()),
        access_key_secret: Some("load-secret".into()),
        // 8 × 25 keys in one account: more room than the documented 200.
        max_keys: 10_000,
        ..ServeOptions::default()
    };
    let server = bind(&options).await.unwrap();
    let endpoint = format!("http://{}", server.addr);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let handle = tokio::spawn(server.serve(async {
        let _ = stopped.await;
    }));

    let client = reqwest::Client::new();
    let mut tasks = Vec::new();
    for i in 0..CLIENTS {
        let remote = Arc::new(RemoteOptions {
            signature: if i % 2 == 0 {
                SignatureVersion::V1
            } else {
                SignatureVersion::V3
            },
            trail: true,
            ..RemoteOptions::new(endpoint.clone(), "LTAIloadtest000000000000", "load-secret")
        });
        let target = RemoteTarget::new(client.clone(), remote);
        tasks.push(tokio::spawn(async move {
            let mut created = Vec::new();
            let mut statuses = BTreeMap::<u16, usize>::new();
            for n in 0..KEYS_PER_CLIENT {
                let outcome = target
                    .call(&Call::new(
                        "CreateKey",
                        [("Description", format!("client {i} key {n}"))],
                    ))
                    .await
                    .unwrap();
                *statuses.entry(outcome.http_status).or_default() += 1;
                if let Some(id) = outcome.body["KeyMetadata"]["KeyId"].as_str() {
                    created.push(id.to_owned());
                    // Mixed traffic: encrypt, a state change, and a deliberately bad call.
                    let e = target
                        .call(&Call::new(
                            "Encrypt",
                            [("KeyId", id.to_owned()), ("Plaintext", "bG9hZA==".into())],
                        ))
                        .await
                        .unwrap();
                    *statuses.entry(e.http_status).or_default() += 1;
                    let d = target
                        .call(&Call::new("DisableKey", [("KeyId", id.to_owned())]))
                        .await
                        .unwrap();
                    *statuses.entry(d.http_status).or_default() += 1;
                    let bad = target
                        .call(&Call::new("Encrypt", [("KeyId", id.to_owned())]))
                        .await
                        .unwrap();
                    *statuses.entry(bad.http_status).or_default() += 1;
                }
            }
            (created, statuses)
        }));
    }
    let mut all_keys = Vec::new();
    let mut statuses = BTreeMap::<u16, usize>::new();
    for task in tasks {
        let (keys, s) = task.await.unwrap();
        all_keys.extend(keys);
        for (k, v) in s {
            *statuses.entry(k).or_default() += v;
        }
    }
    assert!(
        statuses.keys().all(|s| *s < 500),
        "statuses seen: {statuses:?}"
    );
    assert_eq!(
        all_keys.len(),
        CLIENTS * KEYS_PER_CLIENT,
        "every CreateKey was acknowledged: {statuses:?}"
    );

    let checker = RemoteTarget::new(
        client.clone(),
        Arc::new(RemoteOptions {
            signature: SignatureVersion::V3,
            trail: true,
            ..RemoteOptions::new(endpoint.clone(), "LTAIloadtest000000000000", "load-secret")
        }),
    );
    for id in &all_keys {
        let outcome = checker
            .call(&Call::new("DescribeKey", [("KeyId", id.clone())]))
            .await
            .unwrap();
        assert_eq!(outcome.http_status, 200, "{id}: {}", outcome.body);
        assert_eq!(outcome.body["KeyMetadata"]["KeyState"], "Disabled");
    }
    let list = checker
        .call(&Call::new("ListKeys", [("PageSize", "1".to_owned())]))
        .await
        .unwrap();
    assert_eq!(
        list.body["TotalCount"].as_u64(),
        Some(all_keys.len() as u64)
    );

    let _ = stop.send(());
    handle.await.unwrap().unwrap();
}
