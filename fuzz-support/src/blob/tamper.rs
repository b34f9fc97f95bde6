//! `ciphertext_tamper`: mutations of a produced blob or of its context, and what Decrypt
//! must answer to them.

use arbitrary::Arbitrary;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use kms_reference::{ErrorCode, decode_blob};

use super::decrypt;
use crate::fixture::{context_map, shared_fixture};
use crate::{Violation, ensure};

const TAMPER: &str = "ciphertext_tamper";

/// One change to a valid blob (its bytes or its Base64 text) or to its context.
#[derive(Arbitrary, Clone, Debug)]
pub enum Mutation {
    /// Flip bit `bit % 8` of byte `at % len`.
    FlipBit {
        /// Byte position.
        at: u16,
        /// Bit.
        bit: u8,
    },
    /// Set byte `at % len`.
    SetByte {
        /// Byte position.
        at: u16,
        /// New value.
        value: u8,
    },
    /// Keep the first `len % (len + 1)` bytes.
    Truncate(u16),
    /// Append bytes.
    Append(Vec<u8>),
    /// Remove byte `at % len`.
    Remove(u16),
    /// Replace the key version id with another blob's.
    VersionOf(u8),
    /// Replace the IV with another blob's.
    IvOf(u8),
    /// Replace the sealed part with another blob's.
    SealedOf(u8),
    /// Set a context entry (keys and values from a small set).
    ContextSet {
        /// Key.
        key: u8,
        /// Value.
        value: u8,
    },
    /// Remove a context entry.
    ContextRemove(u8),
    /// Insert a character into the Base64 text.
    TextInsert {
        /// Position.
        at: u16,
        /// Character (ASCII).
        ch: u8,
    },
}

/// A produced blob (by index) and the mutations to apply, in order.
#[derive(Arbitrary, Clone, Debug)]
pub struct TamperInput {
    /// Which produced blob.
    pub which: u8,
    /// The mutations.
    pub mutations: Vec<Mutation>,
}

const CONTEXT_KEYS: &[&str] = &["k", "a", "b", "K", ""];
const CONTEXT_VALUES: &[&str] = &["v", "1", "2", "V", ""];

fn pick<T>(list: &[T], i: usize) -> Option<&T> {
    list.get(i % list.len().max(1))
}

/// `ciphertext_tamper`: every mutation that changes the blob bytes or the context makes
/// Decrypt fail with `InvalidParameter`, `MissingParameter` or `Forbidden.KeyNotFound`.
pub fn ciphertext_tamper(input: &TamperInput) -> Result<(), Violation> {
    let f = shared_fixture(TAMPER)?;
    let Some(original) = pick(&f.produced, usize::from(input.which)) else {
        return Ok(());
    };
    let mut bytes = original.bytes.clone();
    let Some(mut context) = context_map(original.context_param.as_deref()) else {
        return Err(Violation {
            target: TAMPER,
            message: "fixture context is not a context".to_owned(),
        });
    };
    let mut inserts: Vec<(usize, char)> = Vec::new();
    let part = |i: u8, range: std::ops::Range<usize>| {
        pick(&f.produced, usize::from(i))
            .and_then(|p| p.bytes.get(range))
            .map(<[u8]>::to_vec)
            .unwrap_or_default()
    };
    for m in &input.mutations {
        let len = bytes.len();
        match m {
            Mutation::FlipBit { at, bit } => {
                if let Some(b) = bytes.get_mut(usize::from(*at) % len.max(1)) {
                    *b ^= 1 << (bit % 8);
                }
            }
            Mutation::SetByte { at, value } => {
                if let Some(b) = bytes.get_mut(usize::from(*at) % len.max(1)) {
                    *b = *value;
                }
            }
            Mutation::Truncate(n) => bytes.truncate(usize::from(*n) % (len + 1)),
            Mutation::Append(extra) => bytes.extend_from_slice(extra),
            Mutation::Remove(at) => {
                if len > 0 {
                    bytes.remove(usize::from(*at) % len);
                }
            }
            Mutation::VersionOf(i) => splice(&mut bytes, 0..36, &part(*i, 0..36)),
            Mutation::IvOf(i) => splice(&mut bytes, 36..48, &part(*i, 36..48)),
            Mutation::SealedOf(i) => {
                let other = pick(&f.produced, usize::from(*i))
                    .and_then(|p| p.bytes.get(48..))
                    .map(<[u8]>::to_vec)
                    .unwrap_or_default();
                if bytes.len() >= 48 {
                    bytes.truncate(48);
                    bytes.extend_from_slice(&other);
                }
            }
            Mutation::ContextSet { key, value } => {
                let k = pick(CONTEXT_KEYS, usize::from(*key))
                    .copied()
                    .unwrap_or("k");
                let v = pick(CONTEXT_VALUES, usize::from(*value))
                    .copied()
                    .unwrap_or("v");
                context.insert(k.to_owned(), v.to_owned());
            }
            Mutation::ContextRemove(key) => {
                let k = pick(CONTEXT_KEYS, usize::from(*key))
                    .copied()
                    .unwrap_or("k");
                context.remove(k);
            }
            Mutation::TextInsert { at, ch } => inserts.push((usize::from(*at), char::from(*ch))),
        }
    }
    let mut text = STANDARD.encode(&bytes);
    for (at, ch) in inserts {
        let at = at % (text.len() + 1);
        if text.is_char_boundary(at) {
            text.insert(at, ch);
        }
    }
    // Not a tampering when the result is a produced blob with its own context: splicing
    // the parts of another blob into this one can rebuild that other blob exactly.
    let bytes_now = decode_blob(&text).map(|b| b.to_bytes()).ok();
    let is_produced = f.produced.iter().any(|p| {
        bytes_now.as_ref() == Some(&p.bytes)
            && context_map(p.context_param.as_deref()).as_ref() == Some(&context)
    });
    if is_produced {
        return Ok(());
    }
    let context_param = serde_json::to_string(&context).unwrap_or_default();
    match decrypt(&f.kms, &text, Some(&context_param)) {
        Ok(plaintext) => Err(Violation {
            target: TAMPER,
            message: format!(
                "tampered blob {text:?} with context {context_param} decrypted to {plaintext:?}"
            ),
        }),
        Err((code, status, message)) => ensure(
            TAMPER,
            matches!(
                code,
                ErrorCode::InvalidParameter
                    | ErrorCode::MissingParameter
                    | ErrorCode::ForbiddenKeyNotFound
            ),
            || {
                format!(
                    "tampered blob refused with {} {status}: {message}",
                    code.as_str()
                )
            },
        ),
    }
}

/// Replaces `range` of `bytes` with `with` when both exist.
fn splice(bytes: &mut Vec<u8>, range: std::ops::Range<usize>, with: &[u8]) {
    if bytes.len() >= range.end && with.len() == range.len() {
        bytes.splice(range, with.iter().copied());
    }
}
