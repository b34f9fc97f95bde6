//! Fuzzing hooks: one entry function per fuzz target, so the same code runs under libFuzzer
//! (`fuzz/fuzz_targets/<target>.rs`, an eight-line shim) and under `cargo test`
//! (`tests/fuzz_regressions.rs`, which replays every committed input). Not part of the
//! supported interface (`#[doc(hidden)]` in `lib.rs`).
//!
//! Every entry function takes the raw fuzz input and returns `Err(Violation)` when a property
//! does not hold; the shim turns that into a panic, which is how libFuzzer records a finding.
//! This code never panics itself: a panic inside the reference is the other kind of finding.
//!
//! | target | input | property |
//! |---|---|---|
//! | `policy_parse` | any bytes | never panics; accepted documents print back to an equal AST; a rejection carries at least one error |
//! | `policy_eval` | structured | [`crate::evaluate`] agrees with a naive evaluator; explicit deny dominates |
//! | `ciphertext_decode` | any bytes | never panics; decrypts only blobs the reference produced, with their context |
//! | `ciphertext_tamper` | structured | every effective mutation of a valid blob or its context fails with a typed error |
//! | `rpc_request` | any bytes | the gateway never panics on any HTTP request; a request signed by our signer is accepted and means what was signed |
//! | `api_sequence` | structured | no 5xx; the §2.2 state rules; Encrypt round trips; one trail event per call |

mod blob;
mod policy;
mod rpc;
#[cfg(feature = "arbitrary")]
mod sequence;

use std::fmt;

pub use blob::ciphertext_decode;
#[cfg(feature = "arbitrary")]
pub use blob::{Mutation, TamperInput, ciphertext_tamper};
pub use policy::policy_parse;
#[cfg(feature = "arbitrary")]
pub use policy::{EvalInput, naive_evaluate, naive_wildcard_match, policy_eval};
pub use rpc::{frame_http, parse_http, rpc_request};
#[cfg(feature = "arbitrary")]
pub use sequence::{Op, Step, api_sequence};

/// The fuzz targets, by name (the directory names under `fuzz/corpus/` and `fuzz/regressions/`).
pub const TARGETS: &[&str] = &[
    "policy_parse",
    "policy_eval",
    "ciphertext_decode",
    "ciphertext_tamper",
    "rpc_request",
    "api_sequence",
];

/// A property of a fuzz target that did not hold for some input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// The target whose property failed.
    pub target: &'static str,
    /// What was expected and what happened.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}] invariant violated: {}", self.target, self.message)
    }
}

impl std::error::Error for Violation {}

/// `Ok(())` when `holds`, else a [`Violation`] of `target` with the message `why()`.
pub(crate) fn ensure(
    target: &'static str,
    holds: bool,
    why: impl FnOnce() -> String,
) -> Result<(), Violation> {
    if holds {
        Ok(())
    } else {
        Err(Violation {
            target,
            message: why(),
        })
    }
}

/// Decodes a structured input from raw fuzz bytes exactly as `libfuzzer-sys`'s `fuzz_target!`
/// does (size hint, then `arbitrary_take_rest`), so a crash file replays to the same value.
#[cfg(feature = "arbitrary")]
pub fn decode<'a, T: arbitrary::Arbitrary<'a>>(data: &'a [u8]) -> Option<T> {
    if data.len() < T::size_hint(0).0 {
        return None;
    }
    T::arbitrary_take_rest(arbitrary::Unstructured::new(data)).ok()
}

/// Runs target `name` on raw fuzz bytes, decoding structured inputs as libFuzzer does. Used by
/// the corpus replay test. Without the `arbitrary` feature the structured targets are skipped
/// (`Ok`). An unknown name is itself a violation.
pub fn run(name: &str, data: &[u8]) -> Result<(), Violation> {
    match name {
        "policy_parse" => policy_parse(data),
        "ciphertext_decode" => ciphertext_decode(data),
        "rpc_request" => rpc_request(data),
        #[cfg(feature = "arbitrary")]
        "policy_eval" => decode::<EvalInput>(data).map_or(Ok(()), |i| policy_eval(&i)),
        #[cfg(feature = "arbitrary")]
        "ciphertext_tamper" => {
            decode::<TamperInput>(data).map_or(Ok(()), |i| ciphertext_tamper(&i))
        }
        #[cfg(feature = "arbitrary")]
        "api_sequence" => decode::<Vec<Step>>(data).map_or(Ok(()), |s| api_sequence(&s)),
        #[cfg(not(feature = "arbitrary"))]
        "policy_eval" | "ciphertext_tamper" | "api_sequence" => Ok(()),
        _ => Err(Violation {
            target: "run",
            message: format!("unknown fuzz target `{name}`"),
        }),
    }
}

/// Seed inputs that need the reference to produce them (valid blobs, signed requests), as
/// `(file name, bytes)`; `tests/fuzz_regressions.rs` writes them under `fuzz/corpus/<target>/`
/// when run with `--ignored`.
pub fn generated_seeds(target: &str) -> Vec<(String, Vec<u8>)> {
    match target {
        "ciphertext_decode" => blob::seeds(),
        "rpc_request" => rpc::seeds(),
        _ => Vec::new(),
    }
}
