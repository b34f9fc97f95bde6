//! The per-AccessKey rate limit: requests per second before `Rejected.Throttling`.

use std::collections::BTreeMap;
use std::sync::Mutex;

use crate::clock::Timestamp;
use crate::error::{ErrorCode, KmsError};

/// Counts requests per AccessKey in the current second.
#[derive(Debug)]
pub(crate) struct RateLimiter {
    per_second: Option<u32>,
    /// AccessKey → (second, requests in that second).
    counts: Mutex<BTreeMap<String, (i64, u32)>>,
}

impl RateLimiter {
    /// A limiter of `per_second` requests per AccessKey; `None` for no limit.
    pub(crate) fn new(per_second: Option<u32>) -> RateLimiter {
        RateLimiter {
            per_second,
            counts: Mutex::new(BTreeMap::new()),
        }
    }

    /// Counts one request of `access_key_id` at `now`; `Rejected.Throttling` past the limit.
    pub(crate) fn check(&self, access_key_id: &str, now: Timestamp) -> Result<(), KmsError> {
        let Some(limit) = self.per_second else {
            return Ok(());
        };
        let mut counts = self.counts.lock().unwrap_or_else(|p| p.into_inner());
        counts.retain(|_, (second, _)| *second >= now.unix());
        let entry = counts
            .entry(access_key_id.to_owned())
            .or_insert((now.unix(), 0));
        entry.1 += 1;
        if entry.1 > limit {
            Err(ErrorCode::RejectedThrottling.into())
        } else {
            Ok(())
        }
    }
}
