//! The event store: append-only, bounded by age, count and bytes, and open about what it
//! evicted and cut (docs/spec/decisions.md D-412, D-413).

use std::collections::VecDeque;

use crate::clock::Timestamp;
use crate::trail::bound::{bound_event, event_bytes};
use crate::trail::event::TrailEvent;

/// How long, how many and how many bytes of events are kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TrailLimits {
    /// Events older than this many seconds are evicted (ActionTrail keeps 90 days).
    pub max_age_seconds: i64,
    /// At most this many events are kept; the oldest go first.
    pub max_events: usize,
    /// At most this many bytes of events are kept, as the store counts them (D-412); the
    /// oldest go first.
    pub max_bytes: usize,
}

impl Default for TrailLimits {
    fn default() -> TrailLimits {
        TrailLimits {
            max_age_seconds: 90 * 86_400,
            max_events: 100_000,
            max_bytes: 128 * 1024 * 1024,
        }
    }
}

/// What the store holds and what it has dropped.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TrailStats {
    /// Events held now.
    pub stored: usize,
    /// Events recorded since start.
    pub recorded: u64,
    /// Events dropped for age.
    pub evicted_by_age: u64,
    /// Events dropped because the store held `max_events`.
    pub evicted_by_count: u64,
    /// Bytes the held events are counted for (D-412).
    pub stored_bytes: usize,
    /// Events dropped because the store held `max_bytes`.
    pub evicted_by_size: u64,
    /// Values (parameters, error messages, User-Agents) cut to their bound before storing
    /// (D-410, D-411).
    pub values_cut: u64,
    /// Characters removed from those values.
    pub characters_cut: u64,
}

/// The events of one account and region, oldest first.
#[derive(Debug, Default)]
pub(crate) struct TrailStore {
    events: VecDeque<TrailEvent>,
    limits: TrailLimits,
    next_seq: u64,
    stats: TrailStats,
}

impl TrailStore {
    pub(crate) fn new(limits: TrailLimits) -> TrailStore {
        TrailStore {
            limits,
            ..TrailStore::default()
        }
    }

    /// The next sequence number.
    pub(crate) fn next_seq(&mut self) -> u64 {
        self.next_seq += 1;
        self.next_seq
    }

    /// Appends an event, cut to the bounds of one event, then evicts the oldest beyond the
    /// count limit and beyond the byte limit.
    pub(crate) fn record(&mut self, mut event: TrailEvent) {
        let cut = bound_event(&mut event);
        self.stats.values_cut += cut.values;
        self.stats.characters_cut = self.stats.characters_cut.saturating_add(cut.characters);
        self.stats.stored_bytes += event_bytes(&event);
        self.events.push_back(event);
        self.stats.recorded += 1;
        while self.events.len() > self.limits.max_events {
            self.pop_oldest();
            self.stats.evicted_by_count += 1;
        }
        while self.stats.stored_bytes > self.limits.max_bytes && !self.events.is_empty() {
            self.pop_oldest();
            self.stats.evicted_by_size += 1;
        }
    }

    fn pop_oldest(&mut self) -> Option<TrailEvent> {
        let event = self.events.pop_front()?;
        self.stats.stored_bytes = self.stats.stored_bytes.saturating_sub(event_bytes(&event));
        Some(event)
    }

    /// Drops events older than the age limit.
    pub(crate) fn evict_old(&mut self, now: Timestamp) {
        let oldest_kept = now.plus_seconds(-self.limits.max_age_seconds);
        while self
            .events
            .front()
            .is_some_and(|e| e.event_time < oldest_kept)
        {
            self.pop_oldest();
            self.stats.evicted_by_age += 1;
        }
    }

    pub(crate) fn events(&self) -> impl DoubleEndedIterator<Item = &TrailEvent> {
        self.events.iter()
    }

    pub(crate) fn stats(&self) -> TrailStats {
        TrailStats {
            stored: self.events.len(),
            ..self.stats
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trail::event::TrailIdentity;

    fn event(store: &mut TrailStore, at: i64) -> TrailEvent {
        TrailEvent {
            seq: store.next_seq(),
            event_id: format!("e{at}"),
            event_name: "DescribeKey".into(),
            event_time: Timestamp::from_unix(at),
            read: true,
            region: "r".into(),
            account_id: "a".into(),
            request_parameters: Default::default(),
            source_ip: String::new(),
            user_agent: String::new(),
            secure_transport: true,
            identity: TrailIdentity {
                kind: "root-account",
                principal_id: "a".into(),
                user_name: "root".into(),
                access_key_id: String::new(),
                session_created: None,
            },
            error: None,
            key_ids: vec![],
            secret_names: vec![],
            sts: None,
        }
    }

    #[test]
    fn evictions_by_count_and_age_are_counted() {
        let mut store = TrailStore::new(TrailLimits {
            max_age_seconds: 100,
            max_events: 3,
            max_bytes: usize::MAX,
        });
        for t in 0..5 {
            let e = event(&mut store, t * 10);
            store.record(e);
        }
        assert_eq!(
            store.stats(),
            TrailStats {
                stored: 3,
                recorded: 5,
                evicted_by_age: 0,
                evicted_by_count: 2,
                stored_bytes: store.events().map(event_bytes).sum(),
                ..TrailStats::default()
            }
        );
        store.evict_old(Timestamp::from_unix(135));
        // Kept: events at or after 35, i.e. 40 only.
        assert_eq!(store.stats().stored, 1);
        assert_eq!(store.stats().evicted_by_age, 2);
    }

    #[test]
    fn the_byte_bound_evicts_oldest_first_and_counts_it() {
        let one = event_bytes(&event(&mut TrailStore::default(), 0));
        let mut store = TrailStore::new(TrailLimits {
            max_age_seconds: 1000,
            max_events: 100,
            max_bytes: 3 * one,
        });
        for t in 0..5 {
            let e = event(&mut store, t);
            store.record(e);
        }
        let stats = store.stats();
        assert_eq!((stats.stored, stats.evicted_by_size), (3, 2));
        assert_eq!(stats.stored_bytes, 3 * one);
        let kept: Vec<&str> = store.events().map(|e| e.event_id.as_str()).collect();
        assert_eq!(kept, ["e2", "e3", "e4"]);
        // Eviction by age gives the bytes back too.
        store.evict_old(Timestamp::from_unix(2000));
        assert_eq!(store.stats().stored_bytes, 0);
    }
}
