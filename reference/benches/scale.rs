//! Calls whose cost must not grow with the store: Encrypt 1 KiB by key id and by alias with
//! 10, 10,000 and 100,000 keys in the account, a ListKeys page (PageSize 100, the first and a
//! middle page) and a LookupEvents page (MaxResults 50, the newest events and a page of one
//! key's events) with 1,000, 10,000 and 100,000 keys / events. Each size's store is made by
//! CreateKey calls (every call also writes one audit event); the sizes run in interleaved
//! rounds and the table gives medians and the ratio to the smallest store, measured in the
//! same run. Run with `cargo bench -p kms-reference --bench scale`.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::print_stdout,
    reason = "a benchmark harness: a failed setup may abort, its figures go to stdout"
)]

use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::Instant;

use kms_reference::trail::decode_lookup_events;
use kms_reference::{Caller, DETERMINISTIC_START, Kms, KmsConfig, ManualClock};

const ROUNDS: usize = 11;

fn params(items: &[(&str, &str)]) -> BTreeMap<String, String> {
    items
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// A reference holding `keys` keys, the last one with an alias; returns the last key's id.
fn store(keys: usize) -> (Kms, String) {
    let clock = ManualClock::new(DETERMINISTIC_START);
    let kms = Kms::builder()
        .config(KmsConfig::default().with_limits(keys + 10, 100))
        .deterministic(7, &clock)
        .build_service();
    let mut last = String::new();
    for _ in 0..keys {
        let created = kms.handle_params(&Caller::root(), "CreateKey", &BTreeMap::new());
        last = created.result.unwrap()["KeyMetadata"]["KeyId"]
            .as_str()
            .unwrap()
            .to_owned();
    }
    kms.handle_params(
        &Caller::root(),
        "CreateAlias",
        &params(&[("AliasName", "alias/bench"), ("KeyId", &last)]),
    )
    .result
    .unwrap();
    (kms, last)
}

type Subject = Box<dyn Fn(&Kms, &str)>;

fn subjects() -> Vec<(&'static str, Subject, usize)> {
    let plaintext = "p".repeat(1024);
    let by_id = {
        let plaintext = plaintext.clone();
        move |kms: &Kms, key: &str| {
            let p = params(&[("KeyId", key), ("Plaintext", &plaintext)]);
            black_box(
                kms.handle_params(&Caller::root(), "Encrypt", &p)
                    .result
                    .unwrap(),
            );
        }
    };
    let by_alias = move |kms: &Kms, _: &str| {
        let p = params(&[("KeyId", "alias/bench"), ("Plaintext", &plaintext)]);
        black_box(
            kms.handle_params(&Caller::root(), "Encrypt", &p)
                .result
                .unwrap(),
        );
    };
    let list = |page: &'static str| {
        move |kms: &Kms, _: &str| {
            let p = params(&[("PageSize", "100"), ("PageNumber", page)]);
            black_box(
                kms.handle_params(&Caller::root(), "ListKeys", &p)
                    .result
                    .unwrap(),
            );
        }
    };
    let lookup = |attribute: bool| {
        move |kms: &Kms, key: &str| {
            let mut p = params(&[("MaxResults", "50")]);
            if attribute {
                p.insert("LookupAttribute.1.Key".into(), "ResourceName".into());
                p.insert("LookupAttribute.1.Value".into(), key.into());
            }
            let query = decode_lookup_events(&p).unwrap();
            black_box(kms.lookup_events(&Caller::root(), &query).unwrap());
        }
    };
    vec![
        ("Encrypt 1 KiB by key id", Box::new(by_id), 300),
        ("Encrypt 1 KiB by alias", Box::new(by_alias), 300),
        ("ListKeys PageSize 100, page 1", Box::new(list("1")), 100),
        ("ListKeys PageSize 100, page 5", Box::new(list("5")), 100),
        (
            "LookupEvents MaxResults 50, newest",
            Box::new(lookup(false)),
            100,
        ),
        (
            "LookupEvents MaxResults 50, one key's",
            Box::new(lookup(true)),
            100,
        ),
    ]
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let sizes = [10usize, 1_000, 10_000, 100_000];
    let stores: Vec<(Kms, String)> = sizes
        .iter()
        .map(|&n| {
            let started = Instant::now();
            let made = store(n);
            println!(
                "store of {n} keys made in {:.1} s",
                started.elapsed().as_secs_f64()
            );
            made
        })
        .collect();
    let subjects = subjects();
    // samples[subject][size]
    let mut samples = vec![vec![Vec::new(); sizes.len()]; subjects.len()];
    for round in 0..ROUNDS {
        for (s, (_, subject, iterations)) in subjects.iter().enumerate() {
            for k in 0..sizes.len() {
                // The sizes' order rotates with the round.
                let z = (k + round) % sizes.len();
                let (kms, key) = &stores[z];
                let started = Instant::now();
                for _ in 0..*iterations {
                    subject(kms, key);
                }
                samples[s][z].push(started.elapsed().as_secs_f64() * 1e6 / *iterations as f64);
            }
        }
    }
    println!(
        "| call | {} | ratio 100,000 ÷ 10 (Encrypt) or ÷ 1,000 (pages) |",
        sizes
            .iter()
            .map(|n| format!("{n} keys µs"))
            .collect::<Vec<_>>()
            .join(" | ")
    );
    println!("|---|---:|---:|---:|---:|---:|");
    for ((name, _, _), per_size) in subjects.iter().zip(samples) {
        let m: Vec<f64> = per_size.into_iter().map(median).collect();
        let base = if name.starts_with("Encrypt") {
            m[0]
        } else {
            m[1]
        };
        println!(
            "| {name} | {} | {:.2} |",
            m.iter()
                .map(|x| format!("{x:.2}"))
                .collect::<Vec<_>>()
                .join(" | "),
            m[3] / base
        );
    }
}
