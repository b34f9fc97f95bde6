//! The journal of a durable reference: every call that may change the state, with the time and
//! the randomness it used, so that replaying the journal rebuilds the state bit for bit
//! (docs/spec/decisions.md D-501). Where the entries are kept is the embedder's business
//! (`kmsconf serve --data-dir` keeps them in its store, encrypted).

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use super::KeySeed;
pub use super::prepared::Prepared;
use crate::caller::Caller;
use crate::error::{ErrorCode, KmsError};
use crate::ram::RamRequest;
use crate::random::RandomSource;
use crate::secret::Secret;

/// Where a durable reference appends its entries: in two steps, so that concurrent calls can
/// share one commit. The call an entry records is answered only after `wait_durable` says it
/// is durable, never before.
pub trait Journal: Send + Sync + fmt::Debug {
    /// Takes `entry` as the next one, in the order the calls ran (it is called under the
    /// reference's lock), and returns its number; it need not be durable yet.
    fn append(&self, entry: &JournalEntry) -> Result<u64, String>;
    /// Returns once entry `seq` and every one before it are durable, or says why they are
    /// not (it is called after the lock is released).
    fn wait_durable(&self, seq: u64) -> Result<(), String>;
}

/// One call as the journal keeps it.
#[derive(Clone, Serialize, Deserialize)]
pub struct JournalEntry {
    /// What was called.
    pub call: JournalCall,
    /// The time the call ran at, in seconds since the epoch.
    pub now: i64,
    /// Every random byte the call drew, in order.
    pub random: Vec<u8>,
    /// The call's error code, `None` when it succeeded: replay must end the same way.
    pub outcome: Option<String>,
    /// The key pair the call generated before it took the lock (docs/spec/decisions.md
    /// D-414): replay generates it again first. Absent in entries of earlier versions, which
    /// generated in place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prepared: Option<Prepared>,
}

impl fmt::Debug for JournalEntry {
    /// The kind and outcome only: parameters hold plaintexts and secrets, the random bytes
    /// key material.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JournalEntry")
            .field("call", &self.call.kind())
            .field("now", &self.now)
            .field("outcome", &self.outcome)
            .finish_non_exhaustive()
    }
}

/// The entry points of [`crate::Kms`] that run under its lock, with their inputs.
#[derive(Clone, Serialize, Deserialize)]
#[serde(tag = "kind")]
#[non_exhaustive]
#[expect(
    missing_docs,
    reason = "the fields are the inputs of the entry point of the same name"
)]
pub enum JournalCall {
    /// `Kms::handle`, its typed request kept as its wire parameters.
    Typed {
        caller: Caller,
        action: String,
        params: BTreeMap<String, String>,
    },
    /// `Kms::handle_params`.
    Params {
        caller: Caller,
        action: String,
        params: BTreeMap<String, String>,
    },
    /// `Kms::handle_ram`.
    Ram { caller: Caller, request: RamRequest },
    /// `Kms::handle_sts_params`.
    Sts {
        caller: Caller,
        action: String,
        params: BTreeMap<String, String>,
    },
    /// `Kms::lookup_events`: a read, kept for the passage of time it applied.
    Lookup,
    /// `Kms::add_root_access_key`.
    RootKey {
        id: Option<String>,
        secret: Option<String>,
    },
    /// `Kms::seed_key`.
    SeedKey { seed: KeySeed },
    /// `Kms::seed_user_access_key`.
    SeedUserKey {
        user: String,
        id: String,
        secret: String,
    },
}

impl JournalCall {
    /// The entry point's name, for messages.
    pub fn kind(&self) -> &'static str {
        match self {
            JournalCall::Typed { .. } => "Typed",
            JournalCall::Params { .. } => "Params",
            JournalCall::Ram { .. } => "Ram",
            JournalCall::Sts { .. } => "Sts",
            JournalCall::Lookup => "Lookup",
            JournalCall::RootKey { .. } => "RootKey",
            JournalCall::SeedKey { .. } => "SeedKey",
            JournalCall::SeedUserKey { .. } => "SeedUserKey",
        }
    }

    /// The action, where the entry point has one: for messages.
    pub fn action(&self) -> Option<String> {
        match self {
            JournalCall::Typed { action, .. }
            | JournalCall::Params { action, .. }
            | JournalCall::Sts { action, .. } => Some(action.clone()),
            JournalCall::Ram { request, .. } => Some(request.action().to_owned()),
            _ => None,
        }
    }
}

/// Why a journal could not be replayed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ReplayError {
    /// The reference already journals: replaying would append what it replays.
    Journaling,
    /// The call ended otherwise than when it was journaled: other limits, another version of
    /// the reference, or a damaged entry.
    Diverged {
        /// The entry point and action.
        call: String,
        /// The outcome journaled (`ok` or a code).
        journaled: String,
        /// The outcome of the replay.
        replayed: String,
    },
}

impl fmt::Display for ReplayError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReplayError::Journaling => f.write_str("the reference already journals its calls"),
            ReplayError::Diverged {
                call,
                journaled,
                replayed,
            } => write!(
                f,
                "{call} ended with {journaled} when it was made but with {replayed} on replay"
            ),
        }
    }
}

impl std::error::Error for ReplayError {}

/// The randomness one call draws from: the reference's own, the same while recording what
/// is drawn (for the journal), or the journaled bytes again (replay).
pub(crate) enum CallRandom<'a> {
    Direct(&'a dyn RandomSource),
    Recording {
        inner: &'a dyn RandomSource,
        taken: Mutex<Vec<u8>>,
    },
    Replaying {
        bytes: &'a [u8],
        /// How many bytes were drawn; past the end means the replay diverged.
        drawn: Mutex<usize>,
    },
}

impl fmt::Debug for CallRandom<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CallRandom::Direct(_) => "CallRandom::Direct",
            CallRandom::Recording { .. } => "CallRandom::Recording",
            CallRandom::Replaying { .. } => "CallRandom::Replaying",
        })
    }
}

impl RandomSource for CallRandom<'_> {
    fn fill(&self, buf: &mut [u8]) {
        match self {
            CallRandom::Direct(inner) => inner.fill(buf),
            CallRandom::Recording { inner, taken } => {
                inner.fill(buf);
                lock(taken).extend_from_slice(buf);
            }
            CallRandom::Replaying { bytes, drawn } => {
                let mut drawn = lock(drawn);
                let start = (*drawn).min(bytes.len());
                let end = drawn.saturating_add(buf.len()).min(bytes.len());
                let available = bytes.get(start..end).unwrap_or_default();
                // Past the journaled bytes the replay has diverged; zeros keep it defined
                // until the drawn count reports it.
                for (n, byte) in buf.iter_mut().enumerate() {
                    *byte = available.get(n).copied().unwrap_or(0);
                }
                *drawn = drawn.saturating_add(buf.len());
            }
        }
    }
}

impl CallRandom<'_> {
    /// What a recording drew (empty otherwise).
    pub(crate) fn take_recorded(&self) -> Vec<u8> {
        match self {
            CallRandom::Recording { taken, .. } => std::mem::take(&mut *lock(taken)),
            _ => Vec::new(),
        }
    }

    /// Whether a replay drew exactly the journaled bytes (always true otherwise).
    pub(crate) fn replayed_exactly(&self) -> bool {
        match self {
            CallRandom::Replaying { bytes, drawn } => *lock(drawn) == bytes.len(),
            _ => true,
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// What a journaled call ended with, and how it is refused when its entry cannot be made
/// durable.
pub(crate) trait Outcome {
    /// The error code, `None` for success.
    fn code(&self) -> Option<String>;
    /// The same call answered `ServiceUnavailableTemporary`, where its type can say so.
    fn unavailable(self) -> Self;
}

impl<T> Outcome for Result<T, KmsError> {
    fn code(&self) -> Option<String> {
        self.as_ref().err().map(|e| e.code().as_str().to_owned())
    }

    fn unavailable(self) -> Self {
        Err(KmsError::with_message(
            ErrorCode::ServiceUnavailableTemporary,
            "The call could not be stored durably; the server refuses calls until it restarts."
                .to_owned(),
        ))
    }
}

impl Outcome for (String, Secret) {
    fn code(&self) -> Option<String> {
        None
    }

    /// A root AccessKey is made at start; when it cannot be stored the reference refuses
    /// every later call, so the key is never used.
    fn unavailable(self) -> Self {
        self
    }
}

/// `ok` or the code, for messages.
pub(crate) fn outcome_name(code: Option<&str>) -> String {
    code.map_or_else(|| "ok".to_owned(), str::to_owned)
}
