//! Key pairs generated before a call takes the state lock, so that RSA generation (up to
//! seconds) never makes other calls wait (docs/spec/decisions.md D-414).
//!
//! The call's own randomness (`ctx.rng`) draws the pair, so a journal records its bytes in
//! draw order; the journal also records *that* a pair was prepared, and replay prepares the
//! same one from the same bytes before running the call again.

use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::arn::key_id_from_arn;
use crate::crypto::WrappingKey;
use crate::crypto::asymmetric::KeyPair;
use crate::request::{KeySpec, Origin, Request, WrappingAlgorithm, WrappingKeySpec};
use crate::service::Kms;
use crate::service::durable::CallCtx;

/// What a call had generated before it took the lock, as its journal entry records it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind")]
#[non_exhaustive]
pub enum Prepared {
    /// The RSA-2048 pair of a GetParametersForImport wrapping key.
    WrappingKey,
    /// The key pair of an asymmetric CreateKey or CreateKeyVersion, of this `KeySpec`.
    KeyPair {
        /// The `KeySpec` wire value.
        spec: String,
    },
}

/// The generated material a call may take, once.
pub(super) enum Ready {
    Wrapping(rsa::PrivateKey),
    Pair(KeyPair),
}

/// What one call prepared: the kind (for its journal entry) and the material, until the
/// handler that needs it takes it.
#[derive(Default)]
pub(super) struct Preparation {
    kind: Mutex<Option<Prepared>>,
    ready: Mutex<Option<Ready>>,
}

impl Preparation {
    /// The kind prepared, for the journal entry.
    pub(super) fn kind(&self) -> Option<Prepared> {
        lock(&self.kind).clone()
    }

    /// The material, handed to the call once it runs.
    pub(super) fn take(&self) -> Option<Ready> {
        lock(&self.ready).take()
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Prepared {
    /// Generates the material from `ctx.rng`. `None` when generation failed: the call then
    /// generates in place and fails as it always did.
    fn generate(&self, ctx: &CallCtx<'_>) -> Option<Ready> {
        match self {
            Prepared::WrappingKey => WrappingKey::generate_private(&ctx.rng).map(Ready::Wrapping),
            Prepared::KeyPair { spec } => {
                let spec = KeySpec::parse(spec)?;
                KeyPair::generate(spec, &ctx.rng).ok().map(Ready::Pair)
            }
        }
    }
}

impl Kms {
    /// Before the lock: decides whether `request` will need a key pair and generates it into
    /// `ctx`. Live, the decision comes from the request's parameters and, for
    /// CreateKeyVersion, the key's spec read under a short lock; replaying, from the entry.
    pub(super) fn prepare(&self, ctx: &CallCtx<'_>, request: &Request) {
        let kind = match ctx.replayed_preparation() {
            Some(kind) => kind.clone(),
            None => self.needed(request),
        };
        let Some(kind) = kind else {
            return;
        };
        let ready = kind.generate(ctx);
        *lock(&ctx.preparation.kind) = Some(kind);
        *lock(&ctx.preparation.ready) = ready;
    }

    /// The key pair `request` will generate if it succeeds; a guess the call may not use
    /// (it can still fail), never a promise it relies on.
    fn needed(&self, request: &Request) -> Option<Prepared> {
        let pair = |spec: KeySpec| {
            (!spec.is_symmetric() && spec != KeySpec::EcSm2).then(|| Prepared::KeyPair {
                spec: spec.as_str().to_owned(),
            })
        };
        match request {
            Request::GetParametersForImport {
                wrapping_algorithm,
                wrapping_key_spec: WrappingKeySpec::Rsa2048,
                ..
            } if *wrapping_algorithm != WrappingAlgorithm::Sm2Pke => Some(Prepared::WrappingKey),
            Request::CreateKey(r) if r.origin.is_none_or(|o| o == Origin::AliyunKms) => {
                pair(r.key_spec?)
            }
            Request::CreateKeyVersion { key_id } => self.spec_of(key_id).and_then(pair),
            _ => None,
        }
    }

    /// The spec of the generated key `key_ref` names (id, alias or ARN), read under the lock
    /// but without applying time: only a hint, the call resolves the key again.
    fn spec_of(&self, key_ref: &str) -> Option<KeySpec> {
        let state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let id = if key_ref.starts_with("alias/") {
            state.keys.alias_target(key_ref)?
        } else if key_ref.starts_with("acs:") {
            key_id_from_arn(key_ref, &self.config.region, &self.config.account_id)?
        } else {
            key_ref
        };
        let key = state.keys.key(id)?;
        (key.origin == Origin::AliyunKms).then_some(key.spec)
    }
}

impl crate::service::Call<'_> {
    /// The wrapping key's private half prepared before the lock, if any.
    pub(super) fn take_wrapping(&mut self) -> Option<rsa::PrivateKey> {
        match self.ready.take()? {
            Ready::Wrapping(private) => Some(private),
            other @ Ready::Pair(_) => {
                self.ready = Some(other);
                None
            }
        }
    }

    /// The key pair of `spec` prepared before the lock, if any. One of another spec (the
    /// alias moved to another key meanwhile) is not used.
    pub(super) fn take_pair(&mut self, spec: KeySpec) -> Option<KeyPair> {
        match self.ready.take()? {
            Ready::Pair(pair) if pair.spec() == spec => Some(pair),
            other => {
                self.ready = Some(other);
                None
            }
        }
    }
}
