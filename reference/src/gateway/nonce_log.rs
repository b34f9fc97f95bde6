//! Where a durable server keeps the signature nonces it accepted, so that a request seen
//! before a restart is still refused as a replay after it (docs/spec/decisions.md D-506).

use std::fmt;

/// One accepted nonce.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AcceptedNonce {
    /// The AccessKey that signed the request.
    pub access_key_id: String,
    /// The request's signature nonce.
    pub nonce: String,
    /// The request's timestamp, seconds since the epoch.
    pub signed_at: i64,
    /// When the gateway accepted it, seconds since the epoch; it is kept for the window after.
    pub accepted_at: i64,
}

/// Keeps accepted nonces. `record` is called for every request that passed authentication,
/// before the call it carries runs; the store makes it durable no later than that call's
/// journal entry.
pub trait NonceLog: Send + Sync + fmt::Debug {
    /// Keeps `nonce`; a failure is the log's to report (the request is served regardless).
    fn record(&self, nonce: &AcceptedNonce);
}
