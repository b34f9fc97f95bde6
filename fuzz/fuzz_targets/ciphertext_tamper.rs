//! `ciphertext_tamper`: see `kms_reference::fuzzing::ciphertext_tamper` for the property checked.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: kms_reference::fuzzing::TamperInput| {
    if let Err(violation) = kms_reference::fuzzing::ciphertext_tamper(&input) {
        panic!("{violation}");
    }
});
