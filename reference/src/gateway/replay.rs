//! Replay protection: a signature nonce may be used once per AccessKey within the window in
//! which its timestamp is accepted, in a memory bounded per AccessKey and in all
//! (docs/spec/decisions.md D-401).
//!
//! A full window never refuses everyone. The AccessKey over its own cap, or the one holding
//! the most when the global cap is reached, gives up its oldest nonces; it then refuses any
//! request of its own signed at or before the newest timestamp it gave up (its *floor*), since
//! such a request could be the replay of a forgotten nonce. Fresh requests still pass, so
//! replay protection stays whole and a flood costs only the flooding AccessKey.

use std::collections::{BTreeSet, HashMap, VecDeque};

use crate::clock::Timestamp;
use crate::error::{ErrorCode, KmsError};

/// Why a nonce was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NonceRefusal {
    /// Seen before within the window.
    Reused,
    /// Signed at or before `floor`: older than what the AccessKey's window still holds.
    BeforeFloor {
        /// The newest signing time given up.
        floor: Timestamp,
    },
}

impl NonceRefusal {
    /// The answer. A request older than what a full window still holds is throttled, not
    /// called a replay: the official clients sign again, with a fresh time, on a 429.
    pub(crate) fn into_error(self) -> KmsError {
        match self {
            NonceRefusal::Reused => ErrorCode::SignatureNonceUsed.into(),
            NonceRefusal::BeforeFloor { floor } => KmsError::with_message(
                ErrorCode::RejectedThrottling,
                format!(
                    "The signature nonce window of this AccessKey is full: a request signed at or before {floor} can no longer be told from a replay; sign it again with the current time."
                ),
            ),
        }
    }
}

/// How many nonces are held.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct NonceStats {
    /// Nonces held over all AccessKeys.
    pub held: usize,
    /// AccessKeys with at least one nonce held.
    pub access_keys: usize,
    /// Nonces held for the AccessKey asked about.
    pub held_for_key: usize,
}

/// One nonce, in the order it was recorded.
#[derive(Debug)]
struct Entry {
    nonce: String,
    expires: Timestamp,
    signed_at: Timestamp,
}

/// The nonces of one AccessKey.
#[derive(Debug, Default)]
struct Window {
    /// Nonce → when it may be forgotten.
    seen: HashMap<String, Timestamp>,
    order: VecDeque<Entry>,
    floor: Option<Timestamp>,
}

impl Window {
    /// Forgets the oldest nonce, raising the floor to its signing time.
    fn give_up_oldest(&mut self) {
        if let Some(oldest) = self.order.pop_front() {
            self.seen.remove(&oldest.nonce);
            self.floor = Some(
                self.floor
                    .map_or(oldest.signed_at, |f| f.max(oldest.signed_at)),
            );
        }
    }
}

/// Nonces seen recently, per AccessKey.
#[derive(Debug)]
pub(crate) struct NonceStore {
    windows: HashMap<String, Window>,
    /// (nonces held, AccessKey) of every window: the largest holder in O(log n).
    by_size: BTreeSet<(usize, String)>,
    held: usize,
    window_seconds: i64,
    per_key: usize,
    global: usize,
}

impl NonceStore {
    /// A store keeping each nonce `window_seconds`, at most `per_key` per AccessKey and
    /// `global` in all (each at least 1).
    pub(crate) fn new(window_seconds: i64, per_key: usize, global: usize) -> NonceStore {
        NonceStore {
            windows: HashMap::new(),
            by_size: BTreeSet::new(),
            held: 0,
            window_seconds,
            per_key: per_key.max(1),
            global: global.max(1),
        }
    }

    /// Whether `nonce` of `access_key_id`, signed at `signed_at`, may be used at `now`.
    /// Records nothing: the caller records only a call that is going to be served.
    pub(crate) fn check(
        &mut self,
        access_key_id: &str,
        nonce: &str,
        signed_at: Timestamp,
        now: Timestamp,
    ) -> Result<(), NonceRefusal> {
        self.expire(access_key_id, now);
        let Some(window) = self.windows.get(access_key_id) else {
            return Ok(());
        };
        if window.seen.get(nonce).is_some_and(|e| *e > now) {
            return Err(NonceRefusal::Reused);
        }
        match window.floor {
            Some(floor) if signed_at <= floor => Err(NonceRefusal::BeforeFloor { floor }),
            _ => Ok(()),
        }
    }

    /// Records a nonce that [`NonceStore::check`] accepted, giving up the oldest nonces of
    /// this AccessKey past its cap, then of the largest holder past the global cap.
    pub(crate) fn record(
        &mut self,
        access_key_id: &str,
        nonce: &str,
        signed_at: Timestamp,
        now: Timestamp,
    ) {
        let expires = now.plus_seconds(self.window_seconds);
        let window = self.windows.entry(access_key_id.to_owned()).or_default();
        let before = window.order.len();
        if before >= self.per_key {
            window.give_up_oldest();
        }
        window.seen.insert(nonce.to_owned(), expires);
        window.order.push_back(Entry {
            nonce: nonce.to_owned(),
            expires,
            signed_at,
        });
        let after = window.order.len();
        self.held = self.held + after - before;
        self.resize(access_key_id, before, after);
        while self.held > self.global {
            let Some((size, largest)) = self.by_size.last().cloned() else {
                break;
            };
            let Some(window) = self.windows.get_mut(&largest) else {
                break;
            };
            window.give_up_oldest();
            self.held -= 1;
            self.resize(&largest, size, size - 1);
        }
    }

    /// How long a nonce is kept after it was recorded, in seconds.
    pub(crate) fn window_seconds(&self) -> i64 {
        self.window_seconds
    }

    /// Counts, in all and for `access_key_id`.
    pub(crate) fn stats(&self, access_key_id: &str) -> NonceStats {
        NonceStats {
            held: self.held,
            access_keys: self.by_size.len(),
            held_for_key: self.windows.get(access_key_id).map_or(0, |w| w.order.len()),
        }
    }

    /// Forgets the expired nonces of one AccessKey, judged by the clock of its own account
    /// (accounts may run on clocks of their own), and the window once nothing is left: by
    /// then its floor is out of the timestamp window too.
    fn expire(&mut self, access_key_id: &str, now: Timestamp) {
        let Some(window) = self.windows.get_mut(access_key_id) else {
            return;
        };
        let before = window.order.len();
        while window.order.front().is_some_and(|e| e.expires <= now) {
            if let Some(e) = window.order.pop_front() {
                window.seen.remove(&e.nonce);
            }
        }
        let after = window.order.len();
        if after == 0 {
            self.windows.remove(access_key_id);
        }
        self.held -= before - after;
        self.resize(access_key_id, before, after);
    }

    fn resize(&mut self, access_key_id: &str, before: usize, after: usize) {
        if before == after {
            return;
        }
        self.by_size.remove(&(before, access_key_id.to_owned()));
        if after > 0 {
            self.by_size.insert((after, access_key_id.to_owned()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: i64) -> Timestamp {
        Timestamp::from_unix(1000 + s)
    }

    fn use_once(store: &mut NonceStore, key: &str, nonce: &str, signed: i64, now: i64) -> bool {
        let ok = store.check(key, nonce, t(signed), t(now)).is_ok();
        if ok {
            store.record(key, nonce, t(signed), t(now));
        }
        ok
    }

    #[test]
    fn nonces_are_single_use_within_the_window() {
        let mut store = NonceStore::new(100, 10, 100);
        assert!(use_once(&mut store, "ak", "n1", 0, 0));
        assert_eq!(
            store.check("ak", "n1", t(0), t(99)),
            Err(NonceRefusal::Reused)
        );
        assert!(use_once(&mut store, "other", "n1", 0, 0));
        // After the window everything is forgotten, and n1 is usable again.
        assert!(use_once(&mut store, "ak", "n1", 100, 100));
        assert_eq!(store.stats("ak").held_for_key, 1);
        assert_eq!(store.stats("ak").held, 2);
    }

    #[test]
    fn a_key_over_its_cap_gives_up_its_oldest_and_refuses_what_could_replay_them() {
        let mut store = NonceStore::new(100, 3, 100);
        for (i, n) in ["a", "b", "c", "d"].iter().enumerate() {
            assert!(use_once(&mut store, "ak", n, i as i64, 10));
        }
        assert_eq!(store.stats("ak").held_for_key, 3);
        // `a` (signed at 0) was given up: its replay, and anything signed at 0, is refused.
        assert_eq!(
            store.check("ak", "a", t(0), t(11)),
            Err(NonceRefusal::BeforeFloor { floor: t(0) })
        );
        assert!(use_once(&mut store, "ak", "e", 5, 11));
        assert!(
            use_once(&mut store, "bk", "a", 0, 11),
            "other keys unaffected"
        );
    }

    #[test]
    fn the_global_cap_takes_from_the_largest_holder() {
        let mut store = NonceStore::new(100, 10, 5);
        for n in 0..4 {
            assert!(use_once(&mut store, "flood", &format!("f{n}"), n, 10));
        }
        assert!(use_once(&mut store, "quiet", "q0", 0, 10));
        assert!(use_once(&mut store, "quiet", "q1", 0, 10));
        let flood = store.stats("flood");
        assert_eq!((flood.held, flood.held_for_key), (5, 3));
        assert_eq!(store.stats("quiet").held_for_key, 2);
        assert_eq!(
            store.check("quiet", "q0", t(0), t(10)),
            Err(NonceRefusal::Reused)
        );
    }
}
