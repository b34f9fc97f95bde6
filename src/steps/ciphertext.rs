//! Steps that look inside or alter a CiphertextBlob (docs/spec/kms-api.md §3): what a client, or
//! an attacker, could do with the bytes it holds.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use cucumber::{then, when};

use crate::json_path::{as_text, lookup};
use crate::world::KmsWorld;

/// Length of the KeyVersionId that opens every blob.
const KEY_VERSION_ID_LEN: usize = 36;
/// Length of the GCM IV that follows it.
const IV_LEN: usize = 12;
/// Length of the GCM tag that closes the blob.
const TAG_LEN: usize = 16;

/// The raw bytes of the blob captured as `name`.
fn blob_bytes(w: &KmsWorld, name: &str) -> Vec<u8> {
    let text = w.key_id(name);
    STANDARD
        .decode(text.as_bytes())
        .unwrap_or_else(|e| panic!("`{name}` is not Base64: {e}"))
}

/// Flips one bit of the GCM tag (the last byte) of `blob` and captures the result as `name`.
#[when(expr = "I tamper with {word} as {word}")]
async fn i_tamper(w: &mut KmsWorld, blob: String, name: String) {
    let mut bytes = blob_bytes(w, &blob);
    let last = bytes
        .last_mut()
        .unwrap_or_else(|| panic!("`{blob}` is empty"));
    *last ^= 0x01;
    w.vars.insert(name, STANDARD.encode(bytes));
}

/// Replaces the KeyVersionId at the head of `blob` with the primary version of `key` (so the
/// service looks up the other key) and captures the result as `name`.
#[when(expr = "I point {word} at the key version of {word} as {word}")]
async fn i_redirect(w: &mut KmsWorld, blob: String, key: String, name: String) {
    let mut bytes = blob_bytes(w, &blob);
    let version = w.key_id(&format!("{key}.version"));
    assert_eq!(
        version.len(),
        KEY_VERSION_ID_LEN,
        "the version of `{key}` is not a 36-character id"
    );
    assert!(
        bytes.len() > KEY_VERSION_ID_LEN,
        "`{blob}` is shorter than a key version id"
    );
    bytes[..KEY_VERSION_ID_LEN].copy_from_slice(version.as_bytes());
    w.vars.insert(name, STANDARD.encode(bytes));
}

/// Checks the documented layout `KeyVersionId (36) ‖ IV (12) ‖ ciphertext ‖ tag (16)` of the
/// Base64 blob in a response field: the version at the head, and the total length for a
/// plaintext of `len` bytes.
#[then(expr = "the response field {string} is a blob of key version {string} sealing {int} bytes")]
async fn field_is_blob(w: &mut KmsWorld, path: String, version: String, len: usize) {
    let version = w.interp(&version);
    let text = lookup(&w.last().body, &path)
        .map(as_text)
        .unwrap_or_default();
    let bytes = STANDARD.decode(text.as_bytes()).unwrap_or_default();
    let expected_len = KEY_VERSION_ID_LEN + IV_LEN + len + TAG_LEN;
    if bytes.len() != expected_len || bytes.get(..KEY_VERSION_ID_LEN) != Some(version.as_bytes()) {
        w.fail(&format!(
            "`{path}` to be Base64 of {expected_len} bytes beginning with the key version `{version}`"
        ));
    }
}
