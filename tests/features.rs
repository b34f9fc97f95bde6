//! The feature suite as a test, on two paths: every scenario against the embedded reference,
//! then again against a `kmsconf serve` started on loopback (signed over real HTTP). The test
//! fails if any scenario fails on either path or if a scenario's outcome differs between them.
//!
//! A third run against a deliberately crippled server (no RAM API, no test controls) checks
//! that what needs those is skipped, each with its reason, and that everything else passes.
//!
//! Run with `cargo test --test features`. `KMSCONF_TAGS` narrows it by tag expression;
//! `KMSCONF_PATHS=in-process` (or `server`, `crippled`, comma-separated) runs some paths only;
//! `KMSCONF_SIGNATURE=v1` signs the server path with V1 instead of V3.

use std::process::ExitCode;
use std::sync::Arc;

use kms_conformance::{
    Capability, InProcessTarget, RemoteOptions, RemoteTarget, RunOptions, RunReport, SkipReason,
    Target, TargetFactory, html_report, junit_report, markdown_matrix, run_features,
};
use kms_reference::wire::SignatureVersion;

#[path = "support/serve.rs"]
mod serve;

use serve::start_server;

const ACCESS_KEY_ID: &str = "LTAIfeaturetest000000000";
const ACCESS_KEY_SECRET: &str = "feature-test-secret";

fn options(path: &str) -> RunOptions {
    let mut options = RunOptions::new(concat!(env!("CARGO_MANIFEST_DIR"), "/features"));
    options.tags = std::env::var("KMSCONF_TAGS").ok();
    options.log = format!(
        "{}/target/kmsconf/features-{path}-steps.log",
        env!("CARGO_MANIFEST_DIR")
    )
    .into();
    options.progress = false;
    options
}

/// Prints the summary of a path and writes its reports next to the build's other outputs.
fn report(path: &str, summary: &RunReport) {
    println!("\n== {path}\n{}", summary.render());
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/target/kmsconf");
    let _ = std::fs::create_dir_all(dir);
    for (ext, text) in [
        ("junit.xml", junit_report(summary)),
        ("md", markdown_matrix(summary)),
        ("html", html_report(summary)),
    ] {
        let _ = std::fs::write(format!("{dir}/features-{path}.{ext}"), text);
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let paths =
        std::env::var("KMSCONF_PATHS").unwrap_or_else(|_| "in-process,server,crippled".into());
    let mut results: Vec<(&str, RunReport)> = Vec::new();

    if paths.contains("in-process") {
        let factory: TargetFactory =
            Arc::new(|seed| Arc::new(InProcessTarget::new(seed)) as Arc<dyn Target>);
        match run_features(options("in-process"), factory).await {
            Ok(s) => results.push(("in-process", s)),
            Err(e) => {
                eprintln!("features: {e}");
                return ExitCode::FAILURE;
            }
        }
    }

    let _server = if paths.contains("server") {
        let (server, url) = match start_server(&["--test-mode"], (ACCESS_KEY_ID, ACCESS_KEY_SECRET))
        {
            Ok(s) => s,
            Err(e) => {
                eprintln!("features: {e}");
                return ExitCode::FAILURE;
            }
        };
        let signature = match std::env::var("KMSCONF_SIGNATURE").as_deref() {
            Ok("v1") => SignatureVersion::V1,
            _ => SignatureVersion::V3,
        };
        let client = reqwest::Client::new();
        let remote = RemoteOptions {
            signature,
            trail: true,
            ..RemoteOptions::new(url, ACCESS_KEY_ID, ACCESS_KEY_SECRET)
        }
        .probe(&client)
        .await;
        let remote = Arc::new(remote);
        let factory: TargetFactory = Arc::new(move |_| {
            Arc::new(RemoteTarget::new(client.clone(), Arc::clone(&remote))) as Arc<dyn Target>
        });
        match run_features(options("server"), factory).await {
            Ok(s) => results.push(("server", s)),
            Err(e) => {
                eprintln!("features: {e}");
                return ExitCode::FAILURE;
            }
        }
        Some(server)
    } else {
        None
    };

    // A deliberately crippled endpoint: no RAM API, no test controls (so no clock, no caller
    // context, one shared account). What needs those is skipped with its reason; the rest
    // must pass.
    let mut crippled_ok = true;
    if paths.contains("crippled") {
        let (server, url) = match start_server(
            &[
                "--no-ram-api",
                // One account for every scenario, and the cleanup only schedules deletions: the
                // documented quotas (200 keys, 300 aliases) would run out.
                "--max-keys",
                "1000000",
                "--max-aliases",
                "1000000",
            ],
            (ACCESS_KEY_ID, ACCESS_KEY_SECRET),
        ) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("features: {e}");
                return ExitCode::FAILURE;
            }
        };
        let client = reqwest::Client::new();
        let remote = Arc::new(
            RemoteOptions::new(url, ACCESS_KEY_ID, ACCESS_KEY_SECRET)
                .probe(&client)
                .await,
        );
        let factory: TargetFactory = Arc::new(move |_| {
            Arc::new(RemoteTarget::new(client.clone(), Arc::clone(&remote))) as Arc<dyn Target>
        });
        match run_features(options("crippled"), factory).await {
            Ok(s) => {
                report("crippled", &s);
                let reasons: std::collections::BTreeSet<SkipReason> =
                    s.records.iter().filter_map(|r| r.skip).collect();
                let expected: std::collections::BTreeSet<SkipReason> = [
                    Capability::Clock,
                    Capability::Context,
                    Capability::FreshAccount,
                    Capability::Sts,
                    Capability::Ram,
                ]
                .into_iter()
                .map(SkipReason::Missing)
                .collect();
                crippled_ok = s.is_success() && reasons == expected;
                println!(
                    "crippled endpoint: skip reasons {reasons:?}; {}",
                    if crippled_ok {
                        "as expected"
                    } else {
                        "NOT as expected"
                    }
                );
            }
            Err(e) => {
                eprintln!("features: {e}");
                return ExitCode::FAILURE;
            }
        }
        drop(server);
    }

    let mut ok = crippled_ok;
    for (path, summary) in &results {
        report(path, summary);
        ok &= summary.is_success();
    }
    if let [(_, a), (_, b)] = results.as_slice() {
        let (a, b) = (a.scenarios(), b.scenarios());
        let differing: Vec<String> = a
            .iter()
            .filter(|(k, v)| b.get(*k) != Some(v))
            .map(|(k, v)| format!("{k}: in-process {v:?}, server {:?}", b.get(k)))
            .chain(
                b.keys()
                    .filter(|k| !a.contains_key(*k))
                    .map(|k| format!("{k}: only on the server path")),
            )
            .collect();
        if differing.is_empty() {
            println!("both paths: {} scenarios, identical outcomes", a.len());
        } else {
            ok = false;
            println!("outcomes differ between the paths:");
            for d in &differing {
                println!("  {d}");
            }
        }
    }
    // One closing line over both paths, for CI.
    let (passed, failed, skipped) = results.iter().fold((0, 0, 0), |acc, (_, s)| {
        let t = s.total();
        (acc.0 + t.passed, acc.1 + t.failed, acc.2 + t.skipped)
    });
    println!("scenarios: {passed} passed, {failed} failed, {skipped} skipped");
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
