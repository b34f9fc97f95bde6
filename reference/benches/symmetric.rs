//! Encrypt, Decrypt and GenerateDataKey through the reference against their floor: raw
//! AES-256-GCM of the same bytes with the same crate (`aes-gcm` 0.11), in the same run.
//!
//! Each call is measured two ways: through `Kms::handle` (a typed request: authorization of
//! the account, key resolution, the state check, the envelope, Base64, one audit event and a
//! RequestId) and through `Kms::handle_params` (the wire decoder first, as the server and the
//! in-process target call it). The floor seals (or opens) the same plaintext under a fixed key
//! with a 12-byte nonce and an AAD of the reference's size. Cases run in interleaved rounds;
//! the table gives medians per operation, the ratio to the floor and the overhead in µs (the
//! goal of docs/performance.md: within 2× the floor plus 2 µs). Run with
//! `cargo bench -p kms-reference --bench symmetric`.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::print_stdout,
    reason = "a benchmark harness: a failed setup may abort, its figures go to stdout"
)]

use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::Instant;

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use kms_reference::{Caller, DETERMINISTIC_START, Kms, ManualClock, Request, Response, Secret};

const ROUNDS: usize = 11;
const SIZES: [usize; 3] = [64, 1024, 6144];

struct Case {
    name: String,
    iterations: u32,
    reference: Box<dyn Fn()>,
    floor: Box<dyn Fn()>,
}

fn params(items: &[(&str, &str)]) -> BTreeMap<String, String> {
    items
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// A reference with one symmetric key; the trail keeps its default bounds.
fn reference() -> (std::sync::Arc<Kms>, String) {
    let clock = ManualClock::new(DETERMINISTIC_START);
    let kms = std::sync::Arc::new(Kms::builder().deterministic(7, &clock).build_service());
    let created = kms.handle_params(&Caller::root(), "CreateKey", &params(&[]));
    let key = created.result.unwrap()["KeyMetadata"]["KeyId"]
        .as_str()
        .unwrap()
        .to_owned();
    (kms, key)
}

fn floor_cipher() -> Aes256Gcm {
    Aes256Gcm::new(&[7u8; 32].into())
}

/// The AAD the reference binds: label, key id, version id, context hash (about 140 bytes).
const AAD: [u8; 140] = [1u8; 140];

fn cases() -> Vec<Case> {
    let (kms, key) = reference();
    let mut cases = Vec::new();
    for size in SIZES {
        let plaintext = "p".repeat(size);
        let iterations = if size > 4096 { 400 } else { 1500 };

        let (k, id, text) = (kms.clone(), key.clone(), plaintext.clone());
        cases.push(Case {
            name: format!("Encrypt {size:>4} B, Kms::handle"),
            iterations,
            reference: Box::new(move || {
                let request = Request::Encrypt {
                    key_id: id.clone(),
                    plaintext: Secret::new(text.clone()),
                    encryption_context: BTreeMap::new(),
                };
                black_box(k.handle(&Caller::root(), request).unwrap());
            }),
            floor: seal(plaintext.as_bytes().to_vec()),
        });

        let (k, wire) = (
            kms.clone(),
            params(&[("KeyId", &key), ("Plaintext", &plaintext)]),
        );
        cases.push(Case {
            name: format!("Encrypt {size:>4} B, wire parameters"),
            iterations,
            reference: Box::new(move || {
                black_box(
                    k.handle_params(&Caller::root(), "Encrypt", &wire)
                        .result
                        .unwrap(),
                );
            }),
            floor: seal(plaintext.as_bytes().to_vec()),
        });

        let blob = match kms
            .handle(
                &Caller::root(),
                Request::Encrypt {
                    key_id: key.clone(),
                    plaintext: Secret::new(plaintext.clone()),
                    encryption_context: BTreeMap::new(),
                },
            )
            .unwrap()
        {
            Response::Encrypted {
                ciphertext_blob, ..
            } => ciphertext_blob,
            other => panic!("{other:?}"),
        };
        let (k, wire) = (kms.clone(), params(&[("CiphertextBlob", &blob)]));
        cases.push(Case {
            name: format!("Decrypt {size:>4} B, wire parameters"),
            iterations,
            reference: Box::new(move || {
                black_box(
                    k.handle_params(&Caller::root(), "Decrypt", &wire)
                        .result
                        .unwrap(),
                );
            }),
            floor: open(plaintext.as_bytes().to_vec()),
        });
    }
    let (k, wire) = (
        kms.clone(),
        params(&[("KeyId", &key), ("NumberOfBytes", "32")]),
    );
    cases.push(Case {
        name: "GenerateDataKey 32 B, wire parameters".into(),
        iterations: 1500,
        reference: Box::new(move || {
            black_box(
                k.handle_params(&Caller::root(), "GenerateDataKey", &wire)
                    .result
                    .unwrap(),
            );
        }),
        floor: seal(vec![9u8; 32]),
    });
    cases
}

/// Seals `plain` under the floor key, a new nonce per call as the reference draws one.
fn seal(plain: Vec<u8>) -> Box<dyn Fn()> {
    let cipher = floor_cipher();
    let counter = std::cell::Cell::new(0u64);
    Box::new(move || {
        counter.set(counter.get() + 1);
        let mut nonce = [0u8; 12];
        nonce[..8].copy_from_slice(&counter.get().to_le_bytes());
        let sealed = cipher.encrypt(
            &Nonce::from(nonce),
            Payload {
                msg: black_box(&plain),
                aad: &AAD,
            },
        );
        black_box(sealed.unwrap());
    })
}

/// Opens a sealing of `plain` under the floor key.
fn open(plain: Vec<u8>) -> Box<dyn Fn()> {
    let cipher = floor_cipher();
    let nonce = Nonce::from([3u8; 12]);
    let sealed = cipher
        .encrypt(
            &nonce,
            Payload {
                msg: &plain,
                aad: &AAD,
            },
        )
        .unwrap();
    Box::new(move || {
        let opened = cipher.decrypt(
            &nonce,
            Payload {
                msg: black_box(&sealed),
                aad: &AAD,
            },
        );
        black_box(opened.unwrap());
    })
}

fn time(f: &dyn Fn(), iterations: u32) -> f64 {
    let started = Instant::now();
    for _ in 0..iterations {
        f();
    }
    started.elapsed().as_secs_f64() * 1e6 / f64::from(iterations)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let cases = cases();
    let mut samples: Vec<(Vec<f64>, Vec<f64>)> = vec![(Vec::new(), Vec::new()); cases.len()];
    for _ in 0..ROUNDS {
        for (case, (reference, floor)) in cases.iter().zip(samples.iter_mut()) {
            reference.push(time(&case.reference, case.iterations));
            floor.push(time(&case.floor, case.iterations));
        }
    }
    println!(
        "| operation | reference µs/op | raw AES-256-GCM µs/op | ratio | overhead µs |\n\
         |---|---:|---:|---:|---:|"
    );
    for (case, (reference, floor)) in cases.iter().zip(samples) {
        let (r, f) = (median(reference), median(floor));
        println!(
            "| {} | {r:.2} | {f:.2} | {:.1} | {:.2} |",
            case.name,
            r / f,
            r - f
        );
    }
}
