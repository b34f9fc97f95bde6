//! `api_sequence`: see `kms_reference::fuzzing::api_sequence` for the property checked.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: Vec<kms_reference::fuzzing::Step>| {
    if let Err(violation) = kms_reference::fuzzing::api_sequence(&input) {
        panic!("{violation}");
    }
});
