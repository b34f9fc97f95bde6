//! Key generation does not hold the state lock (docs/spec/decisions.md D-414): while one
//! call is stopped in the middle of generating an RSA key pair, another call completes.
//! Deterministic: the generating call is held at a gate, not timed.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a failure is a test failure"
)]

use std::collections::BTreeMap;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use kms_reference::{Caller, Kms, ManualClock, RandomSource, SeededRandom, Timestamp};

/// Randomness that, once armed, lets `pass` draws through and then stops the next one until
/// released: the draw after a call's RequestId is the first of its key generation.
#[derive(Debug)]
struct Gate {
    inner: SeededRandom,
    armed: Mutex<Option<usize>>,
    entered: Mutex<Sender<()>>,
    release: Mutex<Receiver<()>>,
}

impl RandomSource for Gate {
    fn fill(&self, buf: &mut [u8]) {
        let stop = {
            let mut armed = self.armed.lock().unwrap();
            match *armed {
                Some(0) => {
                    *armed = None;
                    true
                }
                Some(n) => {
                    *armed = Some(n - 1);
                    false
                }
                None => false,
            }
        };
        if stop {
            self.entered.lock().unwrap().send(()).unwrap();
            self.release.lock().unwrap().recv().unwrap();
        }
        self.inner.fill(buf);
    }
}

fn params(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

struct Setup {
    kms: Arc<Kms>,
    gate: Arc<Gate>,
    entered: Receiver<()>,
    release: Sender<()>,
}

fn setup() -> Setup {
    let (entered_tx, entered) = channel();
    let (release, release_rx) = channel();
    let gate = Arc::new(Gate {
        inner: SeededRandom::new(11),
        armed: Mutex::new(None),
        entered: Mutex::new(entered_tx),
        release: Mutex::new(release_rx),
    });
    let clock = ManualClock::new(Timestamp::from_unix(1_767_225_600));
    let kms = Kms::builder()
        .deterministic(11, &clock)
        .random(gate.clone())
        .build_service();
    Setup {
        kms: Arc::new(kms),
        gate,
        entered,
        release,
    }
}

fn ok(
    kms: &Kms,
    action: &str,
    pairs: &[(&str, &str)],
) -> serde_json::Map<String, serde_json::Value> {
    kms.handle_params(&Caller::root(), action, &params(pairs))
        .result
        .unwrap_or_else(|e| panic!("{action}: {e}"))
}

/// Runs `action` on another thread with the gate armed, waits until its key generation is
/// stopped at the gate, and checks that a ListKeys on a third thread completes meanwhile.
fn other_calls_complete_while(s: Setup, action: &'static str, pairs: Vec<(String, String)>) {
    // The RequestId passes, the next draw stops.
    *s.gate.armed.lock().unwrap() = Some(1);
    let kms = s.kms.clone();
    let generating = thread::spawn(move || {
        let pairs: Vec<(&str, &str)> = pairs
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        ok(&kms, action, &pairs);
    });
    s.entered.recv().unwrap();

    let kms = s.kms.clone();
    let (done_tx, done) = channel();
    let other = thread::spawn(move || {
        ok(&kms, "ListKeys", &[]);
        done_tx.send(()).unwrap();
    });
    // Not a timing assertion: the other call completes whatever the speed. The limit only
    // turns the deadlock of a lock held during generation into a failure instead of a hang.
    let completed = done.recv_timeout(Duration::from_secs(120)).is_ok();
    s.release.send(()).unwrap();
    generating.join().unwrap();
    other.join().unwrap();
    assert!(
        completed,
        "{action}: ListKeys waited for key generation, which held the state lock"
    );
}

#[test]
fn get_parameters_for_import_generates_its_wrapping_key_outside_the_lock() {
    let s = setup();
    let key = ok(&s.kms, "CreateKey", &[("Origin", "EXTERNAL")])["KeyMetadata"]["KeyId"]
        .as_str()
        .unwrap()
        .to_owned();
    let pairs = [
        ("KeyId", key.as_str()),
        ("WrappingAlgorithm", "RSAES_OAEP_SHA_256"),
        ("WrappingKeySpec", "RSA_2048"),
    ];
    other_calls_complete_while(s, "GetParametersForImport", owned(&pairs));
}

#[test]
fn an_asymmetric_create_key_generates_its_pair_outside_the_lock() {
    let s = setup();
    let pairs = [("KeySpec", "RSA_2048"), ("KeyUsage", "ENCRYPT/DECRYPT")];
    other_calls_complete_while(s, "CreateKey", owned(&pairs));
}

#[test]
fn create_key_version_generates_its_pair_outside_the_lock() {
    let s = setup();
    let key = ok(
        &s.kms,
        "CreateKey",
        &[("KeySpec", "RSA_2048"), ("KeyUsage", "SIGN/VERIFY")],
    )["KeyMetadata"]["KeyId"]
        .as_str()
        .unwrap()
        .to_owned();
    other_calls_complete_while(s, "CreateKeyVersion", owned(&[("KeyId", key.as_str())]));
}

fn owned(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}
