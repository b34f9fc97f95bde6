//! `public_key_blob_decode`: see `kms_fuzz_support::public_key_blob_decode` for the property checked.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(violation) = kms_fuzz_support::public_key_blob_decode(data) {
        panic!("{violation}");
    }
});
