//! `rpc_request`: see `kms_fuzz_support::rpc_request` for the property checked.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(violation) = kms_fuzz_support::rpc_request(data) {
        panic!("{violation}");
    }
});
