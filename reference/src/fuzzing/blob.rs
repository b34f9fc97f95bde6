//! `ciphertext_decode` and `ciphertext_tamper`: the CiphertextBlob codec and Decrypt.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde_json::Value;

use crate::caller::Caller;
use crate::clock::{ManualClock, Timestamp};
use crate::config::KmsConfig;
use crate::crypto::{CiphertextBlob, decode_blob};
use crate::error::ErrorCode;
use crate::fuzzing::{Violation, ensure};
use crate::random::SeededRandom;
use crate::service::Kms;

const DECODE: &str = "ciphertext_decode";

/// 2026-01-01T00:00:00Z, the clock of every fixture.
pub(crate) const START: i64 = 1_767_225_600;

/// A blob the fixture produced, with what it was produced from.
pub(crate) struct Produced {
    pub(crate) text: String,
    pub(crate) bytes: Vec<u8>,
    /// The `EncryptionContext` parameter sent, if any.
    pub(crate) context_param: Option<String>,
    pub(crate) plaintext: String,
}

/// A reference with two keys and three blobs (context `{"k":"v"}`, no context, a data key
/// under a two-entry context). Deterministic: the same blobs on every run.
pub(crate) struct Fixture {
    pub(crate) kms: Kms,
    pub(crate) produced: Vec<Produced>,
}

pub(crate) fn params(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

pub(crate) fn text_field(body: &serde_json::Map<String, Value>, path: &[&str]) -> Option<String> {
    let (first, rest) = path.split_first()?;
    let mut v = body.get(*first)?;
    for p in rest {
        v = v.get(*p)?;
    }
    v.as_str().map(str::to_owned)
}

pub(crate) fn fixture(target: &'static str) -> Result<Fixture, Violation> {
    let kms = Kms::new(
        KmsConfig::default(),
        Arc::new(ManualClock::new(Timestamp::from_unix(START))),
        Arc::new(SeededRandom::new(7)),
    );
    let root = Caller::root();
    let call = |action: &str, pairs: &[(&str, &str)]| {
        kms.handle_params(&root, action, &params(pairs))
            .result
            .map_err(|e| Violation {
                target,
                message: format!("fixture {action} failed: {e}"),
            })
    };
    let missing = |what: &str| Violation {
        target,
        message: format!("fixture: no {what} in the response"),
    };
    let mut keys = Vec::new();
    for _ in 0..2 {
        let body = call("CreateKey", &[])?;
        keys.push(text_field(&body, &["KeyMetadata", "KeyId"]).ok_or_else(|| missing("KeyId"))?);
    }
    let (k1, k2) = match keys.as_slice() {
        [a, b] => (a.clone(), b.clone()),
        _ => return Err(missing("keys")),
    };
    let mut produced = Vec::new();
    for (action, key, context, plaintext) in [
        ("Encrypt", &k1, Some("{\"k\":\"v\"}"), Some("aGVsbG8=")),
        ("Encrypt", &k1, None, Some("c2VjcmV0")),
        (
            "GenerateDataKey",
            &k2,
            Some("{\"b\":\"2\",\"a\":\"1\"}"),
            None,
        ),
    ] {
        let mut pairs = vec![("KeyId", key.as_str())];
        if let Some(c) = context {
            pairs.push(("EncryptionContext", c));
        }
        if let Some(p) = plaintext {
            pairs.push(("Plaintext", p));
        }
        let body = call(action, &pairs)?;
        let text = text_field(&body, &["CiphertextBlob"]).ok_or_else(|| missing("blob"))?;
        let plaintext = match plaintext {
            Some(p) => p.to_owned(),
            None => text_field(&body, &["Plaintext"]).ok_or_else(|| missing("Plaintext"))?,
        };
        let bytes = decode_blob(&text)
            .map_err(|e| Violation {
                target,
                message: format!("fixture blob does not decode: {e}"),
            })?
            .to_bytes();
        produced.push(Produced {
            text,
            bytes,
            context_param: context.map(str::to_owned),
            plaintext,
        });
    }
    Ok(Fixture { kms, produced })
}

/// The fixture, built once per process: Decrypt neither reads nor changes anything a later
/// input could observe (only the audit trail grows, and it is bounded), so sharing it keeps
/// runs reproducible and saves the key creation on every input.
pub(crate) fn shared_fixture(target: &'static str) -> Result<&'static Fixture, Violation> {
    static SHARED: std::sync::OnceLock<Result<Fixture, Violation>> = std::sync::OnceLock::new();
    SHARED
        .get_or_init(|| fixture(target))
        .as_ref()
        .map_err(Clone::clone)
}

/// The context a parameter stands for, as a map; `None` when it is not a valid context (not
/// a JSON object of strings). Absent and empty mean the empty context.
pub(crate) fn context_map(param: Option<&str>) -> Option<BTreeMap<String, String>> {
    let Some(text) = param.filter(|t| !t.is_empty()) else {
        return Some(BTreeMap::new());
    };
    match serde_json::from_str::<Value>(text).ok()? {
        Value::Object(map) => map
            .into_iter()
            .map(|(k, v)| match v {
                Value::String(s) => Some((k, s)),
                _ => None,
            })
            .collect(),
        _ => None,
    }
}

/// Decrypt as the account; `Ok(plaintext)` or the error's (code, status).
pub(crate) fn decrypt(
    kms: &Kms,
    blob: &str,
    context: Option<&str>,
) -> Result<String, (ErrorCode, u16, String)> {
    let mut pairs = vec![("CiphertextBlob", blob)];
    if let Some(c) = context {
        pairs.push(("EncryptionContext", c));
    }
    match kms
        .handle_params(&Caller::root(), "Decrypt", &params(&pairs))
        .result
    {
        Ok(body) => Ok(text_field(&body, &["Plaintext"]).unwrap_or_default()),
        Err(e) => Err((e.code(), e.http_status(), e.message().to_owned())),
    }
}

/// `ciphertext_decode`: any bytes as `CiphertextBlob` text, optionally followed by a newline
/// and an `EncryptionContext`. Never panics; decoding is canonical both ways; Decrypt
/// succeeds only on a blob the fixture produced, with an equivalent context, and then gives
/// back its plaintext.
pub fn ciphertext_decode(data: &[u8]) -> Result<(), Violation> {
    if let Ok(blob) = CiphertextBlob::from_bytes(data) {
        ensure(DECODE, blob.to_bytes() == data, || {
            "from_bytes then to_bytes changes the bytes".to_owned()
        })?;
    }
    let (text, context) = match data.iter().position(|&b| b == b'\n') {
        Some(at) => {
            let (t, c) = data.split_at(at);
            (
                String::from_utf8_lossy(t).into_owned(),
                Some(String::from_utf8_lossy(c.get(1..).unwrap_or_default()).into_owned()),
            )
        }
        None => (String::from_utf8_lossy(data).into_owned(), None),
    };
    let decoded = decode_blob(&text);
    if let Ok(blob) = &decoded {
        ensure(DECODE, blob.encode() == text, || {
            format!("decode then encode changes the text {text:?}")
        })?;
    }
    let fixture = shared_fixture(DECODE)?;
    match decrypt(&fixture.kms, &text, context.as_deref()) {
        Ok(plaintext) => {
            let bytes = decoded.map(|b| b.to_bytes()).ok();
            let given = context_map(context.as_deref());
            let source = fixture.produced.iter().find(|p| {
                Some(&p.bytes) == bytes.as_ref()
                    && given.is_some()
                    && context_map(p.context_param.as_deref()) == given
            });
            match source {
                Some(p) => ensure(DECODE, p.plaintext == plaintext, || {
                    format!("{text:?} decrypts to {plaintext:?}, not {:?}", p.plaintext)
                }),
                None => Err(Violation {
                    target: DECODE,
                    message: format!(
                        "Decrypt accepted {text:?} with context {context:?}, which the reference never produced"
                    ),
                }),
            }
        }
        Err((code, status, message)) => ensure(DECODE, status < 500, || {
            format!("Decrypt answered {} {status}: {message}", code.as_str())
        }),
    }
}

/// The committed seeds: every produced blob with and without its context, and truncations.
pub(crate) fn seeds() -> Vec<(String, Vec<u8>)> {
    let Ok(fixture) = fixture(DECODE) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, p) in fixture.produced.iter().enumerate() {
        let mut with = p.text.clone().into_bytes();
        if let Some(c) = &p.context_param {
            with.push(b'\n');
            with.extend_from_slice(c.as_bytes());
        }
        out.push((format!("blob{i}-with-context"), with));
        out.push((format!("blob{i}-bare"), p.text.clone().into_bytes()));
    }
    out.push((
        "raw-layout".to_owned(),
        fixture
            .produced
            .first()
            .map(|p| p.bytes.clone())
            .unwrap_or_default(),
    ));
    out
}

#[cfg(feature = "arbitrary")]
pub use tamper::{Mutation, TamperInput, ciphertext_tamper};

#[cfg(feature = "arbitrary")]
mod tamper {
    use arbitrary::Arbitrary;
    use base64::Engine as _;
    use base64::engine::general_purpose::STANDARD;

    use super::{context_map, decrypt, shared_fixture};
    use crate::crypto::decode_blob;
    use crate::error::ErrorCode;
    use crate::fuzzing::{Violation, ensure};

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
                Mutation::TextInsert { at, ch } => {
                    inserts.push((usize::from(*at), char::from(*ch)))
                }
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
}
