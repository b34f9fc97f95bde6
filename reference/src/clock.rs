//! Injected time: the reference never reads the system clock on its own.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

/// A point in time, in whole seconds since the Unix epoch (UTC).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(i64);

impl Timestamp {
    /// A timestamp from Unix seconds.
    pub const fn from_unix(seconds: i64) -> Timestamp {
        Timestamp(seconds)
    }

    /// Seconds since the Unix epoch.
    pub const fn unix(self) -> i64 {
        self.0
    }

    /// This instant plus `seconds` (saturating).
    pub const fn plus_seconds(self, seconds: i64) -> Timestamp {
        Timestamp(self.0.saturating_add(seconds))
    }

    /// Parses the API's `YYYY-MM-DDThh:mm:ssZ` form (any RFC 3339 time is accepted).
    pub fn parse_iso(text: &str) -> Option<Timestamp> {
        let parsed =
            time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
                .ok()?;
        Some(Timestamp(parsed.unix_timestamp()))
    }
}

impl fmt::Display for Timestamp {
    /// `YYYY-MM-DDThh:mm:ssZ`, the form every timestamp of the API takes.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match time::OffsetDateTime::from_unix_timestamp(self.0) {
            Ok(t) => write!(
                f,
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
                t.year(),
                u8::from(t.month()),
                t.day(),
                t.hour(),
                t.minute(),
                t.second()
            ),
            Err(_) => write!(f, "@{}", self.0),
        }
    }
}

/// A source of the current time.
pub trait Clock: Send + Sync + fmt::Debug {
    /// The current time.
    fn now(&self) -> Timestamp;
}

/// The machine's clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
            .unwrap_or(0);
        Timestamp(secs)
    }
}

/// A clock that only moves when told to: scenarios and property tests travel in time with it.
/// Clones share the same time.
#[derive(Debug, Clone)]
pub struct ManualClock {
    now: Arc<AtomicI64>,
}

impl ManualClock {
    /// A clock stopped at `start`.
    pub fn new(start: Timestamp) -> ManualClock {
        ManualClock {
            now: Arc::new(AtomicI64::new(start.unix())),
        }
    }

    /// Moves the clock forward (or back, with a negative value).
    pub fn advance(&self, seconds: i64) {
        self.now.fetch_add(seconds, Ordering::SeqCst);
    }

    /// Sets the clock.
    pub fn set(&self, to: Timestamp) {
        self.now.store(to.unix(), Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Timestamp {
        Timestamp(self.now.load(Ordering::SeqCst))
    }
}

/// The machine's clock plus an offset that can be moved forward: `kmsconf serve
/// --allow-clock-control` uses it so `@needs-clock` scenarios can travel in time against a
/// live server. Clones share the offset.
#[derive(Debug, Clone, Default)]
pub struct OffsetClock {
    offset: Arc<AtomicI64>,
}

impl OffsetClock {
    /// The system clock, not yet moved.
    pub fn new() -> OffsetClock {
        OffsetClock::default()
    }

    /// Moves the clock by `seconds`.
    pub fn advance(&self, seconds: i64) {
        self.offset.fetch_add(seconds, Ordering::SeqCst);
    }

    /// How far the clock has been moved.
    pub fn offset(&self) -> i64 {
        self.offset.load(Ordering::SeqCst)
    }
}

impl Clock for OffsetClock {
    fn now(&self) -> Timestamp {
        SystemClock.now().plus_seconds(self.offset())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_parses_the_api_form() {
        let t = Timestamp::from_unix(1_459_135_988);
        assert_eq!(t.to_string(), "2016-03-28T03:33:08Z");
        assert_eq!(Timestamp::parse_iso("2016-03-28T03:33:08Z"), Some(t));
        assert_eq!(Timestamp::parse_iso("2016-03-28 03:33:08"), None);
    }

    #[test]
    fn manual_clock_clones_share_time() {
        let c = ManualClock::new(Timestamp::from_unix(100));
        let d = c.clone();
        c.advance(50);
        assert_eq!(d.now(), Timestamp::from_unix(150));
    }
}
