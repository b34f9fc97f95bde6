//! LookupEvents (ActionTrail 2020-07-06, docs/spec/kms-api.md §6.2): time range, direction, pages that
//! stay stable while new events arrive, and up to two attribute filters.

use std::collections::BTreeMap;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::clock::Timestamp;
use crate::error::{ErrorCode, KmsError};
use crate::trail::event::TrailEvent;
use crate::trail::store::TrailStore;

/// Default and largest page.
const DEFAULT_MAX_RESULTS: usize = 20;
const MAX_MAX_RESULTS: usize = 50;
/// Default look-back when StartTime is absent.
const DEFAULT_WINDOW_SECONDS: i64 = 7 * 86_400;
/// Most LookupAttribute conditions (API metadata `maxItems`).
const MAX_ATTRIBUTES: usize = 2;
/// The attribute keys LookupEvents understands.
const ATTRIBUTE_KEYS: &[&str] = &[
    "ServiceName",
    "EventName",
    "User",
    "EventId",
    "EventRW",
    "EventAccessKeyId",
    "ResourceName",
    "ResourceType",
];

/// A LookupEvents request as sent.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LookupEvents {
    /// `StartTime`.
    pub start_time: Option<String>,
    /// `EndTime`.
    pub end_time: Option<String>,
    /// `Direction`: `FORWARD` or `BACKWARD` (default).
    pub direction: Option<String>,
    /// `MaxResults`, 1..=50.
    pub max_results: Option<String>,
    /// `NextToken` of the previous page.
    pub next_token: Option<String>,
    /// `LookupAttribute.N.Key` / `.Value` pairs, ANDed.
    pub attributes: Vec<(String, String)>,
}

/// Decodes LookupEvents parameters, including the `LookupAttribute.N.Key` repeat-list style.
pub fn decode_lookup_events(params: &BTreeMap<String, String>) -> Result<LookupEvents, KmsError> {
    let get = |k: &str| params.get(k).filter(|v| !v.is_empty()).cloned();
    let mut attributes = Vec::new();
    for n in 1..=MAX_ATTRIBUTES + 8 {
        let key = get(&format!("LookupAttribute.{n}.Key"));
        let value = get(&format!("LookupAttribute.{n}.Value"));
        match (key, value) {
            (Some(k), Some(v)) => attributes.push((k, v)),
            (None, None) => {}
            _ => {
                return Err(query_error(&format!(
                    "LookupAttribute.{n} needs both Key and Value"
                )));
            }
        }
    }
    Ok(LookupEvents {
        start_time: get("StartTime"),
        end_time: get("EndTime"),
        direction: get("Direction"),
        max_results: get("MaxResults"),
        next_token: get("NextToken"),
        attributes,
    })
}

fn query_error(why: &str) -> KmsError {
    KmsError::with_message(
        ErrorCode::InvalidQueryParameter,
        format!("The query parameter is not valid: {why}."),
    )
}

/// The validated query.
struct Query<'a> {
    start: Timestamp,
    end: Timestamp,
    forward: bool,
    max: usize,
    after: Option<u64>,
    attributes: &'a [(String, String)],
}

impl LookupEvents {
    fn validate(&self, now: Timestamp) -> Result<Query<'_>, KmsError> {
        let end = match &self.end_time {
            None => now,
            Some(t) => {
                Timestamp::parse_iso(t).ok_or(KmsError::new(ErrorCode::InvalidParameterEndTime))?
            }
        };
        let start = match &self.start_time {
            None => end.plus_seconds(-DEFAULT_WINDOW_SECONDS),
            Some(t) => Timestamp::parse_iso(t)
                .ok_or(KmsError::new(ErrorCode::InvalidParameterStartTime))?,
        };
        if start > end {
            return Err(ErrorCode::InvalidParameterCombination.into());
        }
        let forward = match self.direction.as_deref() {
            None | Some("BACKWARD") => false,
            Some("FORWARD") => true,
            Some(_) => return Err(query_error("Direction must be FORWARD or BACKWARD")),
        };
        let max = match &self.max_results {
            None => DEFAULT_MAX_RESULTS,
            Some(m) => m
                .parse::<usize>()
                .ok()
                .filter(|m| (1..=MAX_MAX_RESULTS).contains(m))
                .ok_or_else(|| query_error("MaxResults must be between 1 and 50"))?,
        };
        if self.attributes.len() > MAX_ATTRIBUTES {
            return Err(query_error("at most 2 LookupAttribute conditions"));
        }
        if let Some((k, _)) = self
            .attributes
            .iter()
            .find(|(k, _)| !ATTRIBUTE_KEYS.contains(&k.as_str()))
        {
            return Err(query_error(&format!("unknown LookupAttribute key {k}")));
        }
        let after = match &self.next_token {
            None => None,
            Some(token) => Some(self.open_token(token)?),
        };
        Ok(Query {
            start,
            end,
            forward,
            max,
            after,
            attributes: &self.attributes,
        })
    }

    /// A fingerprint of everything but the token: a token is only valid for the same query.
    fn fingerprint(&self) -> String {
        let mut h = Sha256::new();
        for part in [
            &self.start_time,
            &self.end_time,
            &self.direction,
            &self.max_results,
        ] {
            h.update(part.as_deref().unwrap_or("-").as_bytes());
            h.update([0]);
        }
        for (k, v) in &self.attributes {
            h.update(k.as_bytes());
            h.update([0]);
            h.update(v.as_bytes());
            h.update([0]);
        }
        h.finalize()
            .iter()
            .take(8)
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    fn make_token(&self, seq: u64) -> String {
        URL_SAFE_NO_PAD.encode(format!("{seq}:{}", self.fingerprint()))
    }

    fn open_token(&self, token: &str) -> Result<u64, KmsError> {
        let invalid = || query_error("NextToken does not belong to this query");
        let text = URL_SAFE_NO_PAD.decode(token).map_err(|_| invalid())?;
        let text = String::from_utf8(text).map_err(|_| invalid())?;
        let (seq, fingerprint) = text.split_once(':').ok_or_else(invalid)?;
        if fingerprint != self.fingerprint() {
            return Err(invalid());
        }
        seq.parse().map_err(|_| invalid())
    }

    /// Runs the query over `store` at time `now`; the response body without `RequestId`.
    pub(crate) fn run(
        &self,
        store: &TrailStore,
        now: Timestamp,
    ) -> Result<serde_json::Map<String, Value>, KmsError> {
        let q = self.validate(now)?;
        let matches = |e: &&TrailEvent| {
            e.event_time >= q.start
                && e.event_time <= q.end
                && q.after
                    .is_none_or(|a| if q.forward { e.seq > a } else { e.seq < a })
                && q.attributes.iter().all(|(k, v)| attribute_matches(e, k, v))
        };
        // One more than a page tells whether another page exists.
        let page: Vec<&TrailEvent> = if q.forward {
            store.events().filter(matches).take(q.max + 1).collect()
        } else {
            store
                .events()
                .rev()
                .filter(matches)
                .take(q.max + 1)
                .collect()
        };
        let more = page.len() > q.max;
        let page: Vec<&TrailEvent> = page.into_iter().take(q.max).collect();
        let mut body = serde_json::Map::new();
        body.insert("StartTime".into(), json!(q.start.to_string()));
        body.insert("EndTime".into(), json!(q.end.to_string()));
        if more && let Some(last) = page.last() {
            body.insert("NextToken".into(), json!(self.make_token(last.seq)));
        }
        body.insert(
            "Events".into(),
            Value::Array(page.iter().map(|e| e.to_json()).collect()),
        );
        Ok(body)
    }
}

fn attribute_matches(e: &TrailEvent, key: &str, value: &str) -> bool {
    match key {
        "ServiceName" => value == "Kms",
        "EventName" => e.event_name == value,
        "User" => e.identity.user_name == value,
        "EventId" => e.event_id == value,
        "EventRW" => (if e.read { "Read" } else { "Write" }) == value,
        "EventAccessKeyId" => e.identity.access_key_id == value,
        "ResourceName" => e.key_ids.iter().chain(&e.secret_names).any(|k| k == value),
        "ResourceType" => {
            (value == "ACS::KMS::Key" && !e.key_ids.is_empty())
                || (value == "ACS::KMS::Secret" && !e.secret_names.is_empty())
        }
        _ => false,
    }
}
