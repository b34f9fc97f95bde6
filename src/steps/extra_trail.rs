//! Audit steps the generic trail steps cannot express: a pattern, emptiness or saved value of a
//! field of the event looked at, a scan of every event for one value, and LookupEvents itself
//! as the scenario's call, so that the ordinary response and error steps apply to it.

use cucumber::gherkin::Step;
use cucumber::{then, when};
use regex::Regex;
use serde_json::Value;

use crate::json_path::{as_text, lookup};
use crate::steps::trail::{all_events, iso};
use crate::sut::Call;
use crate::world::KmsWorld;

fn event(w: &KmsWorld) -> &Value {
    match &w.event {
        Some(e) => e,
        None => panic!("no audit event looked at yet: use `the call left one audit event` first"),
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
    let mut params = Vec::new();
    for row in step.table.iter().flat_map(|t| t.rows.iter()) {
        let [name, value] = row.as_slice() else {
            panic!("a parameter table has two columns: name | value; got {row:?}");
        };
        params.push((name.as_str(), w.interp(value)));
    }
    w.call(Call::trail("LookupEvents", params)).await;
}
