//! `policy_eval`: see `kms_reference::fuzzing::policy_eval` for the property checked.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: kms_reference::fuzzing::EvalInput| {
    if let Err(violation) = kms_reference::fuzzing::policy_eval(&input) {
        panic!("{violation}");
    }
});
