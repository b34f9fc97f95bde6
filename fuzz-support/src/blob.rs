//! `ciphertext_decode` and `ciphertext_tamper`: the CiphertextBlob codec and Decrypt.

mod tamper;

use kms_reference::{Caller, CiphertextBlob, ErrorCode, Kms, decode_blob};

use crate::fixture::{context_map, fixture, params, shared_fixture, text_field};
use crate::{Violation, ensure};

pub use tamper::{Mutation, TamperInput, ciphertext_tamper};

const DECODE: &str = "ciphertext_decode";

/// Decrypt as the account; `Ok(plaintext)` or the error's (code, status).
fn decrypt(
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
