//! The event store: append-only, bounded by age and by count, and open about what it evicted.

use std::collections::VecDeque;

use crate::clock::Timestamp;
use crate::trail::event::TrailEvent;

/// How long and how many events are kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TrailLimits {
    /// Events older than this many seconds are evicted (ActionTrail keeps 90 days).
    pub max_age_seconds: i64,
    /// At most this many events are kept; the oldest go first.
    pub max_events: usize,
}

impl Default for TrailLimits {
    fn default() -> TrailLimits {
        TrailLimits {
            max_age_seconds: 90 * 86_400,
            max_events: 100_000,
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
    /// Events dropped because the store was full.
    pub evicted_by_count: u64,
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

    /// Appends an event, evicting the oldest beyond the count limit.
    pub(crate) fn record(&mut self, event: TrailEvent) {
        self.events.push_back(event);
        self.stats.recorded += 1;
        while self.events.len() > self.limits.max_events {
            self.events.pop_front();
            self.stats.evicted_by_count += 1;
        }
    }

    /// Drops events older than the age limit.
    pub(crate) fn evict_old(&mut self, now: Timestamp) {
        let oldest_kept = now.plus_seconds(-self.limits.max_age_seconds);
        while self
            .events
            .front()
            .is_some_and(|e| e.event_time < oldest_kept)
        {
            self.events.pop_front();
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
                evicted_by_count: 2
            }
        );
        store.evict_old(Timestamp::from_unix(135));
        // Kept: events at or after 35, i.e. 40 only.
        assert_eq!(store.stats().stored, 1);
        assert_eq!(store.stats().evicted_by_age, 2);
    }
}
