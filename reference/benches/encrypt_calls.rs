//! A fixed number of Encrypt calls through `Kms::handle`, for instruction counts under
//! callgrind (repeatable on a shared machine, unlike times): run the built binary as
//! `encrypt_calls N SIZE` twice, with N calls and with none, and divide the difference of
//! the counts by N. Without arguments (as `cargo bench` runs it) it makes 1,000 calls of
//! 1 KiB. Build with `cargo bench -p kms-reference --bench encrypt_calls --no-run`.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::print_stdout,
    reason = "a benchmark harness: a failed setup may abort, its figures go to stdout"
)]

use std::collections::BTreeMap;
use std::hint::black_box;

use kms_reference::{Caller, DETERMINISTIC_START, Kms, ManualClock, Request, Secret};

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let calls = args.first().copied().unwrap_or(1000);
    let size = args.get(1).copied().unwrap_or(1024);
    let clock = ManualClock::new(DETERMINISTIC_START);
    let kms = Kms::builder().deterministic(7, &clock).build_service();
    let created = kms.handle_params(&Caller::root(), "CreateKey", &BTreeMap::new());
    let key = created.result.unwrap()["KeyMetadata"]["KeyId"]
        .as_str()
        .unwrap()
        .to_owned();
    let plaintext = "p".repeat(size);
    // One call before counting, so that the first call's one-time costs are in both runs.
    let encrypt = || {
        let request = Request::Encrypt {
            key_id: key.clone(),
            plaintext: Secret::new(plaintext.clone()),
            encryption_context: BTreeMap::new(),
        };
        black_box(kms.handle(&Caller::root(), request).unwrap());
    };
    encrypt();
    for _ in 0..calls {
        encrypt();
    }
    println!("{calls} Encrypt calls of {size} B");
}
