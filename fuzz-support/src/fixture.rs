//! The deterministic reference the targets share: a fixed clock and seed, helpers to call it
//! with parameter pairs and read its answers, and a fixture with produced blobs.

use std::collections::BTreeMap;

use serde_json::Value;

use kms_reference::{Caller, Kms, ManualClock, Timestamp, decode_blob};

use crate::Violation;

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
    let kms = Kms::builder()
        .deterministic(7, &ManualClock::new(Timestamp::from_unix(START)))
        .build_service();
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
