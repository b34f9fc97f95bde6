//! `policy_parse`: see `kms_fuzz_support::policy_parse` for the property checked.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(violation) = kms_fuzz_support::policy_parse(data) {
        panic!("{violation}");
    }
});
