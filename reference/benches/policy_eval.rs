//! Cost of one authorization decision as the number of statements grows (1 to 10,000, with
//! and without conditions, and 10 policies of 10 statements): the indexed evaluation the
//! service uses (`evaluate_indexed`), the plain evaluation that visits every statement
//! (`evaluate`), and the floor: a naive loop in this file that matches the action and
//! resource wildcards of every statement and nothing else.
//!
//! Timings on shared machines are noisy, so the subjects run in interleaved rounds; each
//! sample is a short batch of decisions, and the table gives the p50 and p99 of the samples
//! and the ratios of the p50s to the floor's. Run with
//! `cargo bench -p kms-reference --bench policy_eval`.

#![allow(
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::print_stdout,
    reason = "a benchmark harness: a failed setup may abort, its figures go to stdout"
)]

use std::hint::black_box;
use std::time::Instant;

use kms_reference::policy::{
    ActionSpec, AuthzRequest, IndexedPolicy, Policy, RequestContext, evaluate, evaluate_indexed,
    parse_policy, wildcard_match,
};

const ROUNDS: usize = 11;
const SAMPLES_PER_ROUND: usize = 20;
/// A sample's batch is sized to take about this long, so the timer's cost does not count.
const BATCH_NS: f64 = 4_000.0;
/// Documents of at most this many statements, as RAM stores them (6,144 characters each).
const PER_DOCUMENT: usize = 20;

/// The key the request names, and so the one the deciding statement allows.
const REQUEST_KEY: &str = "0b5e2f5a-3c4d-4e5f-8a9b-0c1d2e3f4a5b";

fn key_id(i: usize) -> String {
    format!("{i:08x}-3c4d-4e5f-8a9b-0c1d2e3f4a5b")
}

/// Statement `i` of a large policy: rotating action lists (literal and wildcard) on one key
/// or alias each, written with the resource patterns policies use (region and account given
/// or wildcarded); with `conditions`, a tag condition that the request does not meet.
fn statement(i: usize, conditions: bool) -> String {
    let actions = [
        r#"["kms:Encrypt","kms:Decrypt"]"#,
        r#""kms:GenerateDataKey""#,
        r#"["kms:Describe*","kms:List*"]"#,
        r#""kms:*""#,
    ][i % 4];
    let resource = match i % 4 {
        0 => format!("acs:kms:*:*:key/{}", key_id(i)),
        1 => format!("acs:kms:cn-hangzhou:1234567890123456:key/{}", key_id(i)),
        2 => format!("acs:kms:*:1234567890123456:alias/app-{i}*"),
        _ => format!("acs:kms:cn-hangzhou:*:key/{}", key_id(i)),
    };
    let condition = if conditions {
        format!(r#","Condition":{{"StringEquals":{{"kms:tag/Team":"t{i}"}}}}"#)
    } else {
        String::new()
    };
    format!(r#"{{"Effect":"Allow","Action":{actions},"Resource":"{resource}"{condition}}}"#)
}

/// `n` statements in documents of at most `per_document`; the last statement allows the
/// request (with `conditions`, on the condition the request meets).
fn documents(n: usize, per_document: usize, conditions: bool) -> Vec<Policy> {
    let mut texts: Vec<String> = (0..n.saturating_sub(1))
        .map(|i| statement(i, conditions))
        .collect();
    let condition = if conditions {
        r#","Condition":{"StringEquals":{"kms:tag/Team":"blue"}}"#
    } else {
        ""
    };
    texts.push(format!(
        r#"{{"Effect":"Allow","Action":"kms:Encrypt","Resource":"acs:kms:*:*:key/{REQUEST_KEY}"{condition}}}"#
    ));
    texts
        .chunks(per_document)
        .map(|chunk| {
            parse_policy(&format!(
                r#"{{"Version":"1","Statement":[{}]}}"#,
                chunk.join(",")
            ))
            .expect("bench policy parses")
        })
        .collect()
}

/// The floor: every statement's action and resource patterns matched, nothing else (no
/// conditions, no explanation).
fn naive_scan(policies: &[Policy], request: &AuthzRequest<'_>) -> usize {
    let mut matched = 0;
    for policy in policies {
        for statement in &policy.statements {
            let ActionSpec::Action(actions) = &statement.node.actions else {
                continue;
            };
            if actions
                .iter()
                .any(|a| wildcard_match(&a.node, request.action, true))
                && statement
                    .node
                    .resources
                    .iter()
                    .any(|r| wildcard_match(&r.node, request.resource, false))
            {
                matched += 1;
            }
        }
    }
    matched
}

struct Case {
    name: String,
    policies: Vec<Policy>,
    indexed: Vec<IndexedPolicy>,
}

const SUBJECTS: [&str; 3] = ["indexed", "linear", "naive scan"];

fn decide(case: &Case, subject: usize, request: &AuthzRequest<'_>) {
    match subject {
        0 => {
            let named: Vec<(&str, &IndexedPolicy)> =
                case.indexed.iter().map(|p| ("bench", p)).collect();
            black_box(evaluate_indexed(black_box(&named), black_box(request)));
        }
        1 => {
            let named: Vec<(&str, &Policy)> = case.policies.iter().map(|p| ("bench", p)).collect();
            black_box(evaluate(black_box(&named), black_box(request)));
        }
        _ => {
            black_box(naive_scan(black_box(&case.policies), black_box(request)));
        }
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let at = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len());
    sorted[at - 1]
}

fn main() {
    let mut cases = Vec::new();
    for conditions in [false, true] {
        for n in [1usize, 10, 100, 1_000, 10_000] {
            cases.push((
                format!(
                    "{n} statements{}",
                    if conditions { ", conditions" } else { "" }
                ),
                documents(n, PER_DOCUMENT, conditions),
            ));
        }
        cases.push((
            format!(
                "10 policies x 10 statements{}",
                if conditions { ", conditions" } else { "" }
            ),
            documents(100, 10, conditions),
        ));
    }
    // The same 10,000 statements in one document: what the per-document lookups cost.
    cases.push((
        "10000 statements in one document".to_owned(),
        vec![Policy {
            version: "1".to_owned(),
            // Parsed in documents of RAM's size, then joined: the parser enforces the limit.
            statements: documents(10_000, PER_DOCUMENT, false)
                .into_iter()
                .flat_map(|p| p.statements)
                .collect(),
        }],
    ));
    let cases: Vec<Case> = cases
        .into_iter()
        .map(|(name, policies)| Case {
            name,
            indexed: policies.iter().cloned().map(IndexedPolicy::new).collect(),
            policies,
        })
        .collect();
    let context = RequestContext::new()
        .with("kms:tag/Team", "blue")
        .with("acs:SourceIp", "10.0.0.1");
    let resource = format!("acs:kms:cn-hangzhou:1234567890123456:key/{REQUEST_KEY}");
    let request = AuthzRequest {
        action: "kms:Encrypt",
        resource: &resource,
        context: &context,
    };
    // Batch sizes from one calibration pass.
    let batches: Vec<[usize; 3]> = cases
        .iter()
        .map(|case| {
            std::array::from_fn(|subject| {
                let started = Instant::now();
                let mut calls = 0usize;
                while started.elapsed().as_nanos() < 200_000 {
                    decide(case, subject, &request);
                    calls += 1;
                }
                let each = started.elapsed().as_nanos() as f64 / calls as f64;
                ((BATCH_NS / each).ceil() as usize).max(1)
            })
        })
        .collect();
    let mut samples: Vec<[Vec<f64>; 3]> = cases.iter().map(|_| Default::default()).collect();
    for round in 0..ROUNDS {
        for (c, case) in cases.iter().enumerate() {
            // The subjects' order rotates with the round.
            for k in 0..3 {
                let subject = (k + round) % 3;
                let batch = batches[c][subject];
                for _ in 0..SAMPLES_PER_ROUND {
                    let started = Instant::now();
                    for _ in 0..batch {
                        decide(case, subject, &request);
                    }
                    samples[c][subject].push(started.elapsed().as_nanos() as f64 / batch as f64);
                }
            }
        }
    }
    println!(
        "policy evaluation: ns per decision, p50 / p99 of {} samples per subject \
         ({ROUNDS} interleaved rounds)",
        ROUNDS * SAMPLES_PER_ROUND
    );
    println!(
        "| case | {} p50 | {} p99 | {} p50 | {} p99 | {} p50 | {} p99 | indexed ÷ scan | linear ÷ scan | linear ÷ indexed |",
        SUBJECTS[0], SUBJECTS[0], SUBJECTS[1], SUBJECTS[1], SUBJECTS[2], SUBJECTS[2]
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (case, subjects) in cases.iter().zip(samples.iter_mut()) {
        let mut p = [[0.0; 2]; 3];
        for (s, v) in subjects.iter_mut().enumerate() {
            v.sort_by(f64::total_cmp);
            p[s] = [percentile(v, 0.5), percentile(v, 0.99)];
        }
        println!(
            "| {} | {:.0} | {:.0} | {:.0} | {:.0} | {:.0} | {:.0} | {:.2} | {:.2} | {:.1} |",
            case.name,
            p[0][0],
            p[0][1],
            p[1][0],
            p[1][1],
            p[2][0],
            p[2][1],
            p[0][0] / p[2][0],
            p[1][0] / p[2][0],
            p[1][0] / p[0][0],
        );
    }
}
