//! `ciphertext_tamper`: see `kms_fuzz_support::ciphertext_tamper` for the property checked.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: kms_fuzz_support::TamperInput| {
    if let Err(violation) = kms_fuzz_support::ciphertext_tamper(&input) {
        panic!("{violation}");
    }
});
