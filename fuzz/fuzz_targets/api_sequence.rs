//! `api_sequence`: see `kms_fuzz_support::api_sequence` for the property checked.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: Vec<kms_fuzz_support::Step>| {
    if let Err(violation) = kms_fuzz_support::api_sequence(&input) {
        panic!("{violation}");
    }
});
