//! Audit steps: the event a call left and its fields, the scan of every event for secrets or
//! for one value, and LookupEvents itself as the scenario's call, so that the ordinary response
//! and error steps apply to it.

use base64::Engine as _;
use cucumber::gherkin::Step;
use cucumber::{then, when};
use regex::Regex;
use serde_json::Value;

use crate::json_path::{as_text, lookup};
use crate::steps::table_params;
use crate::sut::Call;
use crate::world::KmsWorld;

/// The events whose `eventId` is `id` (LookupEvents by EventId over a wide window).
async fn events_with_id(w: &mut KmsWorld, id: &str) -> Vec<Value> {
    let now = w.target().now_unix().await;
    let params = [
        ("StartTime", iso(now - 86_400)),
        ("EndTime", iso(now + 86_400)),
        ("LookupAttribute.1.Key", "EventId".to_owned()),
        ("LookupAttribute.1.Value", id.to_owned()),
    ];
    let outcome = w.ask(&Call::trail("LookupEvents", params)).await;
    if !outcome.is_success() {
        panic!(
            "LookupEvents failed: HTTP {} {}",
            outcome.http_status, outcome.body
        );
    }
    outcome.body["Events"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn iso(unix: i64) -> String {
    kms_reference::Timestamp::from_unix(unix).to_string()
}

fn last_request_id(w: &KmsWorld) -> String {
    match w.last().body.get("RequestId").and_then(Value::as_str) {
        Some(id) => id.to_owned(),
        None => w.fail("a RequestId in the last response"),
    }
}

#[then("the call left one audit event")]
async fn left_one_event(w: &mut KmsWorld) {
    let id = last_request_id(w);
    let events = events_with_id(w, &id).await;
    if events.len() != 1 {
        w.fail(&format!(
            "exactly one audit event with eventId {id}, found {}",
            events.len()
        ));
    }
    w.event = events.into_iter().next();
}

#[then("the call left no audit event")]
async fn left_no_event(w: &mut KmsWorld) {
    let id = last_request_id(w);
    let events = events_with_id(w, &id).await;
    if !events.is_empty() {
        w.fail(&format!(
            "no audit event with eventId {id}, found {}",
            events.len()
        ));
    }
}

fn event(w: &KmsWorld) -> &Value {
    match &w.event {
        Some(e) => e,
        None => panic!("no audit event looked at yet: use `the call left one audit event` first"),
    }
}

#[then(expr = "the audit event field {string} is {string}")]
async fn event_field_is(w: &mut KmsWorld, path: String, expected: String) {
    let expected = w.interp(&expected);
    let actual = lookup(event(w), &path).map(as_text);
    if actual.as_deref() != Some(expected.as_str()) {
        panic!(
            "expected audit event field `{path}` = `{expected}`, got {actual:?}\n  event: {}",
            event(w)
        );
    }
}

/// The JSON type of a field, which `is "1"` cannot tell (`"1"` and `1` read the same there).
#[then(expr = "the audit event field {string} is a JSON {word}")]
async fn event_field_is_of_type(w: &mut KmsWorld, path: String, kind: String) {
    let value = lookup(event(w), &path);
    let matches = match kind.as_str() {
        "string" => value.is_some_and(Value::is_string),
        "number" => value.is_some_and(Value::is_number),
        "boolean" => value.is_some_and(Value::is_boolean),
        "object" => value.is_some_and(Value::is_object),
        "array" => value.is_some_and(Value::is_array),
        other => panic!("a JSON type is string, number, boolean, object or array, not `{other}`"),
    };
    if !matches {
        panic!(
            "expected audit event field `{path}` to be a JSON {kind}, got {value:?}\n  event: {}",
            event(w)
        );
    }
}

#[then(expr = "the audit event has no field {string}")]
async fn event_has_no_field(w: &mut KmsWorld, path: String) {
    if let Some(v) = lookup(event(w), &path) {
        panic!(
            "expected no `{path}` in the audit event, found {v}\n  event: {}",
            event(w)
        );
    }
}

/// Every event in a window around now, page by page.
async fn all_events(w: &KmsWorld) -> Vec<Value> {
    let now = w.target().now_unix().await;
    let mut events = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let mut params = vec![
            ("StartTime", iso(now - 400 * 86_400)),
            ("EndTime", iso(now + 86_400)),
            ("Direction", "FORWARD".to_owned()),
            ("MaxResults", "50".to_owned()),
        ];
        if let Some(t) = &token {
            params.push(("NextToken", t.clone()));
        }
        let outcome = w.ask(&Call::trail("LookupEvents", params)).await;
        if !outcome.is_success() {
            panic!(
                "LookupEvents failed: HTTP {} {}",
                outcome.http_status, outcome.body
            );
        }
        events.extend(
            outcome.body["Events"]
                .as_array()
                .cloned()
                .unwrap_or_default(),
        );
        match outcome.body.get("NextToken").and_then(Value::as_str) {
            Some(t) => token = Some(t.to_owned()),
            None => return events,
        }
    }
}

#[then("no audit event contains a secret of the scenario")]
async fn no_event_contains_a_secret(w: &mut KmsWorld) {
    let mut secrets = w.secrets.clone();
    // Key material is known to the scenario as raw bytes: look for its usual encodings too.
    for bytes in w.materials.values() {
        secrets.push(base64::engine::general_purpose::STANDARD.encode(bytes));
        secrets.push(bytes.iter().map(|b| format!("{b:02x}")).collect());
    }
    if secrets.is_empty() {
        panic!("the scenario used no secret, so the scan would prove nothing");
    }
    let events = all_events(w).await;
    if events.is_empty() {
        panic!("no audit event to scan");
    }
    let dump = Value::Array(events.clone()).to_string();
    for secret in &secrets {
        if dump.contains(secret.as_str()) {
            let culprit = events
                .iter()
                .find(|e| e.to_string().contains(secret.as_str()));
            panic!(
                "a secret ({} characters) appears in an audit event: {}",
                secret.len(),
                culprit
                    .map(|e| e["eventName"].to_string())
                    .unwrap_or_default()
            );
        }
    }
}

#[then(expr = "the trail holds {int} event(s)")]
async fn trail_holds(w: &mut KmsWorld, count: usize) {
    let events = all_events(w).await;
    if events.len() != count {
        let names: Vec<String> = events.iter().map(|e| e["eventName"].to_string()).collect();
        panic!(
            "expected {count} audit events, found {}: {names:?}",
            events.len()
        );
    }
}

#[then(expr = "the audit event field {string} matches {string}")]
async fn event_field_matches(w: &mut KmsWorld, path: String, pattern: String) {
    let pattern = w.interp_regex(&pattern);
    let re = Regex::new(&format!("^(?:{pattern})$")).unwrap_or_else(|e| panic!("bad pattern: {e}"));
    let actual = lookup(event(w), &path).map(as_text);
    if !actual.as_deref().is_some_and(|v| re.is_match(v)) {
        panic!(
            "expected audit event field `{path}` to match `{pattern}`, got {actual:?}\n  event: {}",
            event(w)
        );
    }
}

#[then(expr = "the audit event field {string} is not empty")]
async fn event_field_is_not_empty(w: &mut KmsWorld, path: String) {
    let value = lookup(event(w), &path);
    if value.is_none_or(|v| v.is_null() || as_text(v).is_empty()) {
        panic!(
            "expected audit event field `{path}` to be present and not empty, got {value:?}\n  event: {}",
            event(w)
        );
    }
}

#[then(expr = "the audit event field {string} is not {string}")]
async fn event_field_is_not(w: &mut KmsWorld, path: String, unexpected: String) {
    let unexpected = w.interp(&unexpected);
    let actual = lookup(event(w), &path).map(as_text);
    if actual.is_none() || actual.as_deref() == Some(unexpected.as_str()) {
        panic!(
            "expected audit event field `{path}` present and not `{unexpected}`, got {actual:?}\n  event: {}",
            event(w)
        );
    }
}

#[then(expr = "I save the audit event field {string} as {word}")]
async fn save_event_field(w: &mut KmsWorld, path: String, name: String) {
    let Some(value) = lookup(event(w), &path).map(as_text) else {
        panic!(
            "no audit event field `{path}` to save\n  event: {}",
            event(w)
        );
    };
    w.vars.insert(name, value);
}

/// For values that are not secrets of the world but must still never be logged: a
/// CiphertextBlob, an import PublicKey.
#[then(expr = "no audit event contains {string}")]
async fn no_event_contains(w: &mut KmsWorld, text: String) {
    let text = w.interp(&text);
    if text.len() < 4 {
        panic!("`{text}` is too short for the scan to prove anything");
    }
    let events = all_events(w).await;
    if events.is_empty() {
        panic!("no audit event to scan");
    }
    if let Some(culprit) = events
        .iter()
        .find(|e| e.to_string().contains(text.as_str()))
    {
        panic!(
            "a value ({} characters) appears in an audit event: {}",
            text.len(),
            culprit["eventName"]
        );
    }
}

/// ActionTrail LookupEvents with the table's parameters, as the scenario's last call. Besides
/// the captured values, `${lookup.now}`, `${lookup.yesterday}` and `${lookup.tomorrow}` give
/// the target's time (ISO 8601, UTC) now and one day either side.
#[when("I look up events with:")]
async fn i_look_up_events(w: &mut KmsWorld, step: &Step) {
    let now = w.target().now_unix().await;
    w.vars.insert("lookup.now".to_owned(), iso(now));
    w.vars
        .insert("lookup.yesterday".to_owned(), iso(now - 86_400));
    w.vars
        .insert("lookup.tomorrow".to_owned(), iso(now + 86_400));
    let params = table_params(w, step);
    w.call(Call::trail("LookupEvents", []).with_params(params))
        .await;
}
