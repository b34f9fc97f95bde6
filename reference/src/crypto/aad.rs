//! The additional authenticated data of the envelope: key, version and EncryptionContext.
//!
//! The context enters in a canonical, order-insensitive form (docs/spec/decisions.md D-033): entries sorted by
//! key, each name and value RFC 3986 percent-encoded, joined as `k1=v1&k2=v2`, then SHA-256. The
//! percent-encoding makes the form unambiguous: `{"a":"1&b=2"}` and `{"a":"1","b":"2"}` give
//! different AADs, which a plain `k=v&k=v` join would not.

use sha2::{Digest, Sha256};

use crate::percent::percent_encode;
use crate::request::EncryptionContext;

/// Domain separation for the reference's envelope, version 1.
const AAD_LABEL: &str = "kms-reference/aes-256-gcm/v1";

/// The canonical text of a context; empty for an absent or empty context.
pub(crate) fn canonical_context(context: &EncryptionContext) -> String {
    // BTreeMap iterates in byte order of the keys, which is the canonical order.
    context
        .iter()
        .map(|(k, v)| format!("{}={}", percent_encode(k), percent_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The AAD bound into every blob: the label, the key id, the version id and the context hash,
/// separated by NUL (ids never contain NUL). Binding the key id means the same material imported
/// into two keys never cross-decrypts.
pub(crate) fn aad_for(key_id: &str, key_version_id: &str, context: &EncryptionContext) -> Vec<u8> {
    let ignored = crate::planted::is_planted(crate::planted::Divergence::IgnoredEncryptionContext);
    let canonical = if ignored {
        String::new()
    } else {
        canonical_context(context)
    };
    let context_hash = Sha256::digest(canonical.as_bytes());
    let mut aad = Vec::with_capacity(AAD_LABEL.len() + key_id.len() + key_version_id.len() + 35);
    aad.extend_from_slice(AAD_LABEL.as_bytes());
    aad.push(0);
    aad.extend_from_slice(key_id.as_bytes());
    aad.push(0);
    aad.extend_from_slice(key_version_id.as_bytes());
    aad.push(0);
    aad.extend_from_slice(&context_hash);
    aad
}
