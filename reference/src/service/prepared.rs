//! Key pairs generated before a call takes the state lock, so that RSA generation (up to
//! seconds) never makes other calls wait (docs/spec/decisions.md D-414).
//!
//! The call's own randomness (`ctx.rng`) draws the pair, so a journal records its bytes in
//! draw order; the journal also records *that* a pair was prepared, and replay prepares the
//! same one from the same bytes before running the call again.

use std::collections::BTreeMap;
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::caller::Caller;
use crate::crypto::WrappingKey;
use crate::crypto::asymmetric::KeyPair;
use crate::request::{KeySpec, Origin, Request, WrappingAlgorithm, WrappingKeySpec};
use crate::service::durable::CallCtx;
use crate::service::{Call, Kms};

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
    /// `ctx`. Live, the decision is [`Kms::needed`]; replaying, the entry's.
    pub(super) fn prepare(
        &self,
        ctx: &CallCtx<'_>,
        caller: &Caller,
        request: &Request,
        params: &BTreeMap<String, String>,
    ) {
        let kind = match ctx.replayed_preparation() {
            Some(kind) => kind.clone(),
            None => self.needed(caller, request, params),
        };
        let Some(kind) = kind else {
            return;
        };
        let ready = kind.generate(ctx);
        *lock(&ctx.preparation.kind) = Some(kind);
        *lock(&ctx.preparation.ready) = ready;
    }

    /// The key pair `request` will generate if it succeeds: a guess the call may not use,
    /// never a promise it relies on. It is made from the parameters and, under a short lock
    /// that changes nothing, from whether the caller may make the call and what the key is,
    /// so that a denied call or one on a key that cannot take it costs no generation.
    fn needed(
        &self,
        caller: &Caller,
        request: &Request,
        params: &BTreeMap<String, String>,
    ) -> Option<Prepared> {
        let pair = |spec: KeySpec| {
            (!spec.is_symmetric() && spec != KeySpec::EcSm2).then(|| Prepared::KeyPair {
                spec: spec.as_str().to_owned(),
            })
        };
        // From the parameters alone: which calls can need a pair at all.
        let from_params = match request {
            Request::GetParametersForImport {
                wrapping_algorithm,
                wrapping_key_spec: WrappingKeySpec::Rsa2048,
                ..
            } if *wrapping_algorithm != WrappingAlgorithm::Sm2Pke => Some(Prepared::WrappingKey),
            Request::CreateKey(r) if r.origin.is_none_or(|o| o == Origin::AliyunKms) => {
                pair(r.key_spec?)
            }
            Request::CreateKeyVersion { .. } => None,
            _ => return None,
        };
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        // Time is not applied and nothing is written: the call itself does both under its
        // own lock. Nothing here draws randomness either.
        let mut peek = state.call(&self.config, self.clock.now(), self.rng.as_ref(), None);
        let api = request.api();
        peek.check_caller(caller).ok()?;
        peek.authorize(caller, api, params).ok()?;
        match request {
            Request::GetParametersForImport { key_id, .. } => {
                let id = peek.resolve_key_id(api, key_id).ok()?;
                let key = peek.store.key(&id)?;
                from_params.filter(|_| key.origin == Origin::External)
            }
            Request::CreateKeyVersion { key_id } => {
                let id = peek.resolve_key_id(api, key_id).ok()?;
                let key = peek.store.key(&id)?;
                (key.origin == Origin::AliyunKms)
                    .then_some(key.spec)
                    .and_then(pair)
            }
            _ => from_params,
        }
    }
}

impl Call<'_> {
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
