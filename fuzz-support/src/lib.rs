//! The fuzz targets of `kms-reference` as plain functions, so the same code runs under
//! libFuzzer (`fuzz/fuzz_targets/<target>.rs`, a ten-line shim) and under `cargo test`
//! (`tests/fuzz_regressions.rs`, which replays every committed input). A crate of its own so
//! that the oracle carries no test machinery; it uses only the reference's public interface.
//!
//! Every entry function takes the raw fuzz input and returns `Err(Violation)` when a property
//! does not hold; the shim turns that into a panic, which is how libFuzzer records a finding.
//! This code never panics itself: a panic inside the reference is the other kind of finding.
//!
//! Each module names what it takes from `kms_reference` in one `use kms_reference::{…}`
//! block, so a change of the reference's paths is a change of those blocks only.
//!
//! | target | input | property |
//! |---|---|---|
//! | `policy_parse` | any bytes | never panics; accepted documents print back to an equal AST; a rejection carries at least one error |
//! | `policy_eval` | structured | [`kms_reference::evaluate`] agrees with a naive evaluator; explicit deny dominates |
//! | `ciphertext_decode` | any bytes | never panics; decrypts only blobs the reference produced, with their context |
//! | `ciphertext_tamper` | structured | every effective mutation of a valid blob or its context fails with a typed error |
//! | `rpc_request` | any bytes | the gateway never panics on any HTTP request; a request signed by our signer is accepted and means what was signed |
//! | `api_sequence` | structured | no 5xx; the §2.2 state rules; Encrypt round trips; one trail event per call |
//! | `public_key_blob_decode` | any bytes | the asymmetric decoders (SPKI, PublicKeyBlob, PEM, Digest, DER signatures) never panic, accept only canonical encodings, and verify only the fixture's signatures |

// The hooks must not panic on their own account: a panic is reserved for findings in the
// reference (the same rule the reference's own `[lints]` enforce).
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod blob;
mod fixture;
mod policy;
mod public_key;
mod rpc;
mod sequence;

use std::fmt;

pub use blob::{Mutation, TamperInput, ciphertext_decode, ciphertext_tamper};
pub use policy::{
    EvalInput, NaiveRequest, naive_evaluate, naive_wildcard_match, policy_eval, policy_parse,
};
pub use public_key::public_key_blob_decode;
pub use rpc::{frame_http, parse_http, rpc_request};
pub use sequence::{Ctx, KeyRef, Op, Step, Who, api_sequence};

/// One fuzz target: its name (the directory under `fuzz/corpus/` and `fuzz/regressions/`),
/// its entry on raw fuzz bytes, and the seeds only the reference can produce.
#[derive(Clone, Copy, Debug)]
pub struct Target {
    /// The name, as `cargo fuzz list` prints it.
    pub name: &'static str,
    /// Runs the target on raw fuzz bytes, decoding structured inputs as libFuzzer does.
    pub run: fn(&[u8]) -> Result<(), Violation>,
    /// Seeds that need the reference to produce them (valid blobs, signed requests), as
    /// `(file name, bytes)`.
    pub generated_seeds: fn() -> Vec<(String, Vec<u8>)>,
}

/// Every fuzz target; [`run`] and [`generated_seeds`] dispatch through this table.
pub const TARGETS: &[Target] = &[
    Target {
        name: "policy_parse",
        run: policy_parse,
        generated_seeds: Vec::new,
    },
    Target {
        name: "policy_eval",
        run: |data| decode::<EvalInput>(data).map_or(Ok(()), |i| policy_eval(&i)),
        generated_seeds: Vec::new,
    },
    Target {
        name: "ciphertext_decode",
        run: ciphertext_decode,
        generated_seeds: blob::seeds,
    },
    Target {
        name: "ciphertext_tamper",
        run: |data| decode::<TamperInput>(data).map_or(Ok(()), |i| ciphertext_tamper(&i)),
        generated_seeds: Vec::new,
    },
    Target {
        name: "rpc_request",
        run: rpc_request,
        generated_seeds: rpc::seeds,
    },
    Target {
        name: "api_sequence",
        run: |data| decode::<Vec<Step>>(data).map_or(Ok(()), |s| api_sequence(&s)),
        generated_seeds: Vec::new,
    },
    Target {
        name: "public_key_blob_decode",
        run: public_key_blob_decode,
        generated_seeds: public_key::seeds,
    },
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
pub fn decode<'a, T: arbitrary::Arbitrary<'a>>(data: &'a [u8]) -> Option<T> {
    if data.len() < T::size_hint(0).0 {
        return None;
    }
    T::arbitrary_take_rest(arbitrary::Unstructured::new(data)).ok()
}

/// The target called `name`, if there is one.
pub fn target(name: &str) -> Option<&'static Target> {
    TARGETS.iter().find(|t| t.name == name)
}

/// Runs target `name` on raw fuzz bytes, decoding structured inputs as libFuzzer does (an
/// input too short to decode passes). Used by the corpus replay test. An unknown name is
/// itself a violation.
pub fn run(name: &str, data: &[u8]) -> Result<(), Violation> {
    match target(name) {
        Some(t) => (t.run)(data),
        None => Err(Violation {
            target: "run",
            message: format!("unknown fuzz target `{name}`"),
        }),
    }
}

/// The generated seeds of target `name` (none for an unknown name); `tests/fuzz_regressions.rs`
/// writes them under `fuzz/corpus/<target>/` when run with `--ignored`.
pub fn generated_seeds(name: &str) -> Vec<(String, Vec<u8>)> {
    target(name).map_or_else(Vec::new, |t| (t.generated_seeds)())
}
