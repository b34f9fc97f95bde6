//! `Then` steps: success, error code and HTTP status, response fields, key state.

use cucumber::{then, when};
use kms_reference::{ErrorCode, Timestamp};
use regex::Regex;
use serde_json::Value;

use crate::json_path::{as_text, lookup};
use crate::steps::params::{State, TimeUnit};
use crate::sut::Call;
use crate::world::KmsWorld;

#[then("the call succeeds")]
async fn the_call_succeeds(w: &mut KmsWorld) {
    if !w.last().is_success() {
        w.fail("success (HTTP 200)");
    }
}

fn check_error(w: &KmsWorld, code: &str, status: u16) {
    let last = w.last();
    if last.error_code() != Some(code) || last.http_status != status {
        w.fail(&format!("error {code} with HTTP status {status}"));
    }
}

#[then(expr = "the call fails with {word}")]
async fn the_call_fails_with(w: &mut KmsWorld, code: String) {
    let status = ErrorCode::from_code(&code)
        .map(ErrorCode::http_status)
        .unwrap_or_else(|| {
            panic!("`{code}` is not in the error table; give its status explicitly")
        });
    check_error(w, &code, status);
}

#[then(expr = "the call fails with {word} and status {int}")]
async fn the_call_fails_with_status(w: &mut KmsWorld, code: String, status: u16) {
    check_error(w, &code, status);
}

/// `Success`, or the error code expected (with its status from the error table): lets a
/// Scenario Outline put the expected outcome in an Examples column.
#[then(expr = "the outcome is {word}")]
async fn the_outcome_is(w: &mut KmsWorld, expected: String) {
    if expected == "Success" {
        the_call_succeeds(w).await;
    } else {
        the_call_fails_with(w, expected).await;
    }
}

#[then(expr = "the error message mentions {string}")]
async fn the_error_message_mentions(w: &mut KmsWorld, text: String) {
    let text = w.interp(&text);
    if !w.last().error_message().is_some_and(|m| m.contains(&text)) {
        w.fail(&format!("an error message mentioning `{text}`"));
    }
}

fn field<'a>(w: &'a KmsWorld, path: &str) -> Option<&'a Value> {
    lookup(&w.last().body, path)
}

#[then(expr = "the response field {string} is {string}")]
async fn field_is(w: &mut KmsWorld, path: String, expected: String) {
    let expected = w.interp(&expected);
    if field(w, &path).map(as_text).as_deref() != Some(expected.as_str()) {
        w.fail(&format!("`{path}` to be `{expected}`"));
    }
}

#[then(expr = "the response field {string} is not {string}")]
async fn field_is_not(w: &mut KmsWorld, path: String, unexpected: String) {
    let unexpected = w.interp(&unexpected);
    if field(w, &path).is_none()
        || field(w, &path).map(as_text).as_deref() == Some(unexpected.as_str())
    {
        w.fail(&format!("`{path}` to be present and not `{unexpected}`"));
    }
}

#[then(expr = "the response field {string} is empty")]
async fn field_is_empty(w: &mut KmsWorld, path: String) {
    if field(w, &path).map(as_text).as_deref() != Some("") {
        w.fail(&format!("`{path}` to be present and empty"));
    }
}

#[then(expr = "the response field {string} is not empty")]
async fn field_is_not_empty(w: &mut KmsWorld, path: String) {
    if field(w, &path).is_none_or(|v| as_text(v).is_empty() || v.is_null()) {
        w.fail(&format!("`{path}` to be present and not empty"));
    }
}

#[then(expr = "the response field {string} is absent")]
async fn field_is_absent(w: &mut KmsWorld, path: String) {
    if field(w, &path).is_some() {
        w.fail(&format!("no `{path}` in the response"));
    }
}

#[then(expr = "the response field {string} matches {string}")]
async fn field_matches(w: &mut KmsWorld, path: String, pattern: String) {
    let pattern = w.interp_regex(&pattern);
    let re = Regex::new(&format!("^(?:{pattern})$")).unwrap_or_else(|e| panic!("bad pattern: {e}"));
    if !field(w, &path).is_some_and(|v| re.is_match(&as_text(v))) {
        w.fail(&format!("`{path}` to match `{pattern}`"));
    }
}

#[then(expr = "the response field {string} has {int} item(s)")]
async fn field_has_items(w: &mut KmsWorld, path: String, count: usize) {
    if field(w, &path).and_then(Value::as_array).map(Vec::len) != Some(count) {
        w.fail(&format!("`{path}` to be a list of {count}"));
    }
}

/// Whether `value` contains `needle`: a list item equal to it (or an item whose field equals
/// it), or a substring of a text.
fn contains(value: &Value, needle: &str) -> bool {
    match value {
        Value::Array(items) => items.iter().any(|item| match item {
            Value::Object(map) => map.values().any(|v| as_text(v) == needle),
            other => as_text(other) == needle,
        }),
        v => as_text(v).contains(needle),
    }
}

#[then(expr = "the response field {string} contains {string}")]
async fn field_contains(w: &mut KmsWorld, path: String, needle: String) {
    let needle = w.interp(&needle);
    if !field(w, &path).is_some_and(|v| contains(v, &needle)) {
        w.fail(&format!("`{path}` to contain `{needle}`"));
    }
}

#[then(expr = "the response field {string} does not contain {string}")]
async fn field_does_not_contain(w: &mut KmsWorld, path: String, needle: String) {
    let needle = w.interp(&needle);
    let found = match field(w, &path) {
        Some(v) => contains(v, &needle),
        None => panic!("no `{path}` in the response"),
    };
    if found {
        w.fail(&format!("`{path}` not to contain `{needle}`"));
    }
}

/// The last answer's XML root, failing the step when the answer was not XML.
fn xml_answer(w: &KmsWorld) -> &str {
    match w.last().xml_root.as_deref() {
        Some(root) => root,
        None => w.fail("an XML answer"),
    }
}

/// The value at an XML path (`KeyMetadata/KeyId`, `Keys/Key/0/KeyId`) below the root.
fn xml_field<'a>(w: &'a KmsWorld, path: &str) -> Option<&'a Value> {
    xml_answer(w);
    lookup(&w.last().body, &path.replace('/', "."))
}

#[then(expr = "the response is XML with root {string}")]
async fn response_is_xml(w: &mut KmsWorld, root: String) {
    if xml_answer(w) != root {
        w.fail(&format!("an XML answer with the root <{root}>"));
    }
}

#[then("the response is JSON")]
async fn response_is_json(w: &mut KmsWorld) {
    if w.last().xml_root.is_some() {
        w.fail("a JSON answer");
    }
}

#[then(expr = "the response content type is {string}")]
async fn content_type_is(w: &mut KmsWorld, expected: String) {
    if w.last().content_type.as_deref() != Some(expected.as_str()) {
        w.fail(&format!("the content type `{expected}`"));
    }
}

#[then(expr = "the XML field {string} is {string}")]
async fn xml_field_is(w: &mut KmsWorld, path: String, expected: String) {
    let expected = w.interp(&expected);
    if xml_field(w, &path).map(as_text).as_deref() != Some(expected.as_str()) {
        w.fail(&format!(
            "the XML element `{path}` with the text `{expected}`"
        ));
    }
}

#[then(expr = "the XML field {string} is not empty")]
async fn xml_field_is_not_empty(w: &mut KmsWorld, path: String) {
    if xml_field(w, &path).is_none_or(|v| as_text(v).is_empty()) {
        w.fail(&format!("the XML element `{path}`, not empty"));
    }
}

/// An element repeated N times reads as a list of N; one alone as the element itself.
#[then(expr = "the XML field {string} has {int} item(s)")]
async fn xml_field_has_items(w: &mut KmsWorld, path: String, count: usize) {
    let found = match xml_field(w, &path) {
        Some(Value::Array(items)) => items.len(),
        Some(_) => 1,
        None => 0,
    };
    if found != count {
        w.fail(&format!("{count} XML element(s) `{path}`"));
    }
}

#[when(expr = "I save the response field {string} as {word}")]
#[then(expr = "I save the response field {string} as {word}")]
async fn save_field(w: &mut KmsWorld, path: String, name: String) {
    let Some(value) = field(w, &path).map(as_text) else {
        w.fail(&format!("a `{path}` to save"));
    };
    w.vars.insert(name, value);
}

/// The timestamp (`YYYY-MM-DDThh:mm:ssZ`) at `path` lies `amount` `unit`s after the
/// target's current time: within a minute, or five for days (a remote target's clock keeps
/// running between the call and the check, and deletion dates are set at the call).
#[then(expr = "the response field {string} is {int} {unit} from now")]
async fn field_is_from_now(w: &mut KmsWorld, path: String, amount: i64, unit: TimeUnit) {
    let span = unit.seconds(amount);
    let tolerance = if unit == TimeUnit::Day { 300 } else { 60 };
    let text = field(w, &path).map(as_text);
    let expected = w.target().now_unix().await + span;
    let ok = text
        .as_deref()
        .and_then(Timestamp::parse_iso)
        .is_some_and(|t| (t.unix() - expected).abs() <= tolerance);
    if !ok {
        w.fail(&format!(
            "`{path}` to be {span} s from now, {} (within {tolerance} s)",
            Timestamp::from_unix(expected)
        ));
    }
}

#[then(expr = "key {word} is in state {state}")]
async fn key_is_in_state(w: &mut KmsWorld, key: String, state: State) {
    let state = state.0.as_str();
    let key_id = w.key_id(&key);
    let outcome = w.call(Call::new("DescribeKey", [("KeyId", key_id)])).await;
    if lookup(&outcome.body, "KeyMetadata.KeyState")
        .map(as_text)
        .as_deref()
        != Some(state)
    {
        w.fail(&format!("KeyState `{state}`"));
    }
}

#[then(expr = "key {word} does not exist")]
async fn key_does_not_exist(w: &mut KmsWorld, key: String) {
    let key_id = w.key_id(&key);
    w.call(Call::new("DescribeKey", [("KeyId", key_id)])).await;
    check_error(w, "Forbidden.KeyNotFound", 404);
}

#[then(expr = "{word} decrypts to {string}")]
async fn decrypts_to(w: &mut KmsWorld, blob: String, expected: String) {
    decrypts_to_with_context(w, blob, expected, String::new()).await;
}

#[then(expr = "{word} decrypts to {string} with context {string}")]
async fn decrypts_to_with_context(
    w: &mut KmsWorld,
    blob: String,
    expected: String,
    context: String,
) {
    let expected = w.interp(&expected);
    let mut params = vec![("CiphertextBlob", w.key_id(&blob))];
    if !context.is_empty() {
        params.push(("EncryptionContext", w.interp(&context)));
    }
    let outcome = w.call(Call::new("Decrypt", params)).await;
    if lookup(&outcome.body, "Plaintext").map(as_text).as_deref() != Some(expected.as_str()) {
        w.fail("the original plaintext back");
    }
}
