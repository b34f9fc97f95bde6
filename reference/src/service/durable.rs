//! A journaling reference: the time and randomness one call runs with, making each call's
//! journal entry durable before it is answered, and replaying entries at start
//! (docs/spec/decisions.md D-501).

use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::Ordering;

use crate::clock::Timestamp;
use crate::secret::Secret;
use crate::service::Kms;
use crate::service::journal::{
    CallRandom, Journal, JournalCall, JournalEntry, Outcome, ReplayError, outcome_name,
};
use crate::service::prepared::{Preparation, Prepared};
use crate::wire::decode_request;

/// Where a call's journal entry stands once the lock is released.
pub(super) enum Journaled {
    /// The reference does not journal, or the call is not journaled (a replay).
    No,
    /// Taken by the journal as entry `.0`; the answer waits until it is durable.
    Pending(u64),
    /// The journal failed: the call is refused.
    Refused,
}

/// What one call runs with: the time (the clock's unless replaying) and its randomness.
pub(super) struct CallCtx<'a> {
    pub(super) now: Option<Timestamp>,
    pub(super) rng: CallRandom<'a>,
    /// Whether the call's entry goes to the journal (not while replaying it).
    journaled: bool,
    /// Replaying: what the entry says the call prepared before the lock (D-414).
    replayed: Option<Option<Prepared>>,
    /// The key pair prepared before the lock, if any.
    pub(super) preparation: Preparation,
}

impl CallCtx<'_> {
    /// The journal entry `make` describes, when this call is journaled (made before the
    /// call consumes its inputs).
    pub(super) fn entry(&self, make: impl FnOnce() -> JournalCall) -> Option<JournalCall> {
        self.journaled.then(make)
    }

    /// Replaying: what the journaled call prepared; `None` when the call is made live.
    pub(super) fn replayed_preparation(&self) -> Option<&Option<Prepared>> {
        self.replayed.as_ref()
    }
}

impl Kms {
    /// The context of a call made now: the clock, and the reference's randomness, recorded
    /// while a journal is attached.
    pub(super) fn live(&self) -> CallCtx<'_> {
        let inner = self.rng.as_ref();
        let rng = match self.journal.get() {
            Some(_) => CallRandom::Recording {
                inner,
                taken: Mutex::new(Vec::new()),
            },
            None => CallRandom::Direct(inner),
        };
        CallCtx {
            now: None,
            journaled: matches!(rng, CallRandom::Recording { .. }),
            rng,
            replayed: None,
            preparation: Preparation::default(),
        }
    }

    /// From now on every call is journaled in `journal` before it is answered. Replay what
    /// the journal holds first ([`Kms::replay`]). Attaching a second journal is refused.
    pub fn attach_journal(&self, journal: Arc<dyn Journal>) -> Result<(), ReplayError> {
        self.journal
            .set(journal)
            .map_err(|_| ReplayError::Journaling)
    }

    /// Whether a journal entry failed to become durable, so that every call is refused.
    pub fn journal_failed(&self) -> bool {
        self.journal_failed.load(Ordering::SeqCst)
    }

    /// Runs a journaled call again, with its time and its random bytes, and checks that it
    /// ends as it did: the state after replaying a journal in order is the state it
    /// recorded.
    pub fn replay(&self, entry: &JournalEntry) -> Result<(), ReplayError> {
        if self.journal.get().is_some() {
            return Err(ReplayError::Journaling);
        }
        let ctx = CallCtx {
            now: Some(Timestamp::from_unix(entry.now)),
            rng: CallRandom::Replaying {
                bytes: &entry.random,
                drawn: Mutex::new(0),
            },
            journaled: false,
            replayed: Some(entry.prepared.clone()),
            preparation: Preparation::default(),
        };
        let outcome = match &entry.call {
            JournalCall::Typed {
                caller,
                action,
                params,
            } => match decode_request(action, params) {
                Ok(request) => self.handle_in(&ctx, caller, request).code(),
                Err(e) => Some(format!("undecodable ({})", e.code().as_str())),
            },
            JournalCall::Params {
                caller,
                action,
                params,
            } => self
                .handle_params_in(&ctx, caller, action, params)
                .result
                .code(),
            JournalCall::Ram { caller, request } => {
                self.handle_ram_in(&ctx, caller, request.clone()).code()
            }
            JournalCall::Sts {
                caller,
                action,
                params,
            } => self
                .handle_sts_params_in(&ctx, caller, action, params)
                .1
                .code(),
            JournalCall::Lookup => {
                // A read: only its passage of time changed the state; its answer is not kept.
                let _ = self.with_call(&ctx, None, |_| Ok::<(), _>(()));
                entry.outcome.clone()
            }
            JournalCall::RootKey { id, secret } => {
                let secret = secret.as_deref().map(Secret::new);
                self.add_root_access_key_in(&ctx, id.clone(), secret).code()
            }
            JournalCall::SeedKey { seed } => self.seed_key_in(&ctx, seed).code(),
            JournalCall::SeedUserKey { user, id, secret } => self
                .seed_user_access_key_in(&ctx, user, id, Secret::new(secret.clone()))
                .code(),
        };
        let exact = ctx.rng.replayed_exactly();
        if outcome != entry.outcome || !exact {
            let call = match entry.call.action() {
                Some(action) => format!("{} {action}", entry.call.kind()),
                None => entry.call.kind().to_owned(),
            };
            let mut replayed = outcome_name(outcome.as_deref());
            if !exact {
                replayed.push_str(" and other randomness");
            }
            return Err(ReplayError::Diverged {
                call,
                journaled: outcome_name(entry.outcome.as_deref()),
                replayed,
            });
        }
        Ok(())
    }

    /// Hands the entry of a call that ran under the lock to the journal (still under the
    /// lock, so entries are numbered in the order the calls ran).
    pub(super) fn journal_append<T: Outcome>(
        &self,
        ctx: &CallCtx<'_>,
        now: Timestamp,
        entry: Option<JournalCall>,
        result: &T,
    ) -> Journaled {
        let (Some(call), Some(journal)) = (entry, self.journal.get()) else {
            return Journaled::No;
        };
        if self.journal_failed() {
            return Journaled::Refused;
        }
        let entry = JournalEntry {
            call,
            now: now.unix(),
            random: ctx.rng.take_recorded(),
            outcome: result.code(),
            prepared: ctx.preparation.kind(),
        };
        match journal.append(&entry) {
            Ok(seq) => Journaled::Pending(seq),
            Err(_) => {
                self.journal_failed.store(true, Ordering::SeqCst);
                Journaled::Refused
            }
        }
    }

    /// Answers a call once its entry is durable (after the lock is released, so that the
    /// calls queued meanwhile share one commit), or refuses it: once an entry failed, every
    /// later call is refused too, so nothing the journal lacks is ever acknowledged.
    pub(super) fn journal_settle<T: Outcome>(&self, journaled: Journaled, result: T) -> T {
        match journaled {
            Journaled::No => result,
            Journaled::Refused => result.unavailable(),
            Journaled::Pending(seq) => {
                let durable = self.journal.get().map(|j| j.wait_durable(seq));
                match durable {
                    Some(Err(_)) | None => {
                        self.journal_failed.store(true, Ordering::SeqCst);
                        result.unavailable()
                    }
                    Some(Ok(())) => result,
                }
            }
        }
    }

    /// The account's root AccessKeys, oldest first: a durable server started again serves
    /// the ones it made before.
    pub fn root_access_keys(&self) -> Vec<(String, Secret)> {
        let state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        state
            .identities
            .root_keys
            .iter()
            .map(|k| (k.id.clone(), k.secret.clone()))
            .collect()
    }
}
