//! Replay protection: a signature nonce may be used once per AccessKey within the window in
//! which its timestamp is accepted. Memory is bounded.

use std::collections::{HashMap, VecDeque};

use crate::clock::Timestamp;

/// Why a nonce was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NonceRefusal {
    /// Seen before within the window.
    Reused,
    /// The store is full of unexpired nonces: the client is far above any sane rate.
    Full,
}

/// Nonces seen recently, with when they may be forgotten.
#[derive(Debug)]
pub(crate) struct NonceStore {
    seen: HashMap<(String, String), Timestamp>,
    order: VecDeque<(Timestamp, (String, String))>,
    window_seconds: i64,
    capacity: usize,
}

impl NonceStore {
    pub(crate) fn new(window_seconds: i64, capacity: usize) -> NonceStore {
        NonceStore {
            seen: HashMap::new(),
            order: VecDeque::new(),
            window_seconds,
            capacity,
        }
    }

    /// Records `nonce` for `access_key_id` at `now`, unless it was seen within the window.
    pub(crate) fn check_and_record(
        &mut self,
        access_key_id: &str,
        nonce: &str,
        now: Timestamp,
    ) -> Result<(), NonceRefusal> {
        while let Some((expires, key)) = self.order.front() {
            if *expires > now {
                break;
            }
            if self.seen.get(key).is_some_and(|e| e == expires) {
                self.seen.remove(key);
            }
            self.order.pop_front();
        }
        let key = (access_key_id.to_owned(), nonce.to_owned());
        if self.seen.get(&key).is_some_and(|e| *e > now) {
            return Err(NonceRefusal::Reused);
        }
        if self.seen.len() >= self.capacity {
            return Err(NonceRefusal::Full);
        }
        let expires = now.plus_seconds(self.window_seconds);
        self.seen.insert(key.clone(), expires);
        self.order.push_back((expires, key));
        Ok(())
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.seen.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nonces_are_single_use_within_the_window_and_memory_is_bounded() {
        let mut store = NonceStore::new(100, 3);
        let t = Timestamp::from_unix(1000);
        assert_eq!(store.check_and_record("ak", "n1", t), Ok(()));
        assert_eq!(
            store.check_and_record("ak", "n1", t.plus_seconds(99)),
            Err(NonceRefusal::Reused)
        );
        assert_eq!(store.check_and_record("other", "n1", t), Ok(()));
        assert_eq!(store.check_and_record("ak", "n2", t), Ok(()));
        assert_eq!(
            store.check_and_record("ak", "n3", t),
            Err(NonceRefusal::Full)
        );
        // After the window everything is forgotten, and n1 is usable again.
        assert_eq!(
            store.check_and_record("ak", "n1", t.plus_seconds(100)),
            Ok(())
        );
        assert_eq!(store.len(), 1);
    }
}
