//! `policy_eval`: see `kms_fuzz_support::policy_eval` for the property checked.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: kms_fuzz_support::EvalInput| {
    if let Err(violation) = kms_fuzz_support::policy_eval(&input) {
        panic!("{violation}");
    }
});
