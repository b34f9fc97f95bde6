//! Cost of one authorization decision as the number of statements grows (1, 10, 100, 1000).
//!
//! Timings on shared machines are noisy, so the sizes are measured in interleaved rounds and
//! reported as the median time per decision and as a ratio to the one-statement baseline of
//! the same run. Run with `cargo bench -p kms-reference --bench policy_eval`.

#![allow(
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "a benchmark harness: a failed setup may abort, sample vectors are never empty"
)]

use std::hint::black_box;
use std::time::Instant;

use kms_reference::policy::{AuthzRequest, RequestContext, evaluate, parse_policy};

/// A policy of `n` statements: n-1 that do not match the request (other keys, a tag
/// condition), and a last one that allows it.
fn policy_text(n: usize) -> String {
    let mut statements: Vec<String> = (0..n.saturating_sub(1))
        .map(|i| {
            format!(
                r#"{{"Effect":"Allow","Action":["kms:Encrypt","kms:Decrypt"],"Resource":"acs:kms:*:*:key/other-{i}-*","Condition":{{"StringEquals":{{"kms:tag/Team":"t{i}"}}}}}}"#
            )
        })
        .collect();
    statements.push(
        r#"{"Effect":"Allow","Action":"kms:Encrypt","Resource":"acs:kms:*:*:key/*"}"#.to_owned(),
    );
    format!(
        r#"{{"Version":"1","Statement":[{}]}}"#,
        statements.join(",")
    )
}

fn main() {
    let sizes = [1usize, 10, 100, 1000];
    // Large policies are split into several documents of at most ~6 KB each, as RAM would
    // store them (one document is limited to 6144 characters).
    let policies: Vec<Vec<kms_reference::policy::Policy>> = sizes
        .iter()
        .map(|&n| {
            let per_doc = 20;
            let mut docs = Vec::new();
            let mut left = n;
            while left > 0 {
                let take = left.min(per_doc);
                docs.push(parse_policy(&policy_text(take)).expect("bench policy parses"));
                left -= take;
            }
            docs
        })
        .collect();
    let context = RequestContext::new()
        .with("kms:tag/Team", "blue")
        .with("acs:SourceIp", "10.0.0.1");
    let request = AuthzRequest {
        action: "kms:Encrypt",
        resource: "acs:kms:cn-hangzhou:1234567890123456:key/0b5e2f5a-3c4d-4e5f-8a9b-0c1d2e3f4a5b",
        context: &context,
    };
    let rounds = 15;
    let mut samples: Vec<Vec<f64>> = vec![Vec::new(); sizes.len()];
    for _ in 0..rounds {
        for (i, docs) in policies.iter().enumerate() {
            let named: Vec<(&str, &kms_reference::policy::Policy)> =
                docs.iter().map(|p| ("bench", p)).collect();
            let iterations = (20_000 / sizes[i]).max(20);
            let start = Instant::now();
            for _ in 0..iterations {
                black_box(evaluate(black_box(&named), black_box(&request)));
            }
            samples[i].push(start.elapsed().as_nanos() as f64 / iterations as f64);
        }
    }
    let medians: Vec<f64> = samples
        .iter_mut()
        .map(|s| {
            s.sort_by(f64::total_cmp);
            s[s.len() / 2]
        })
        .collect();
    println!("policy evaluation: median time per decision ({rounds} interleaved rounds)");
    println!(
        "{:>10} {:>14} {:>18} {:>16}",
        "statements", "ns/decision", "ratio to 1 stmt", "ns/statement"
    );
    for (n, m) in sizes.iter().zip(&medians) {
        println!(
            "{n:>10} {m:>14.0} {:>18.1} {:>16.1}",
            m / medians[0],
            m / *n as f64
        );
    }
}
