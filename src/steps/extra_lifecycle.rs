//! Lifecycle steps the generic ones cannot express: moving a key that already exists (and has
//! aliases or ciphertexts) into a state, and checking a timestamp relative to the target's now.

use cucumber::{given, then};
use kms_reference::Timestamp;

use crate::json_path::{as_text, lookup};
use crate::steps::setup::move_to_state;
use crate::world::KmsWorld;

/// How far a timestamp may lie from the expected instant, in seconds: a remote target's
/// clock keeps running between the call and the check.
const TOLERANCE_SECONDS: i64 = 300;

/// Moves an existing Enabled key into `state` (Enabled leaves it as it is). PendingImport
/// deletes the key material, so the key must be EXTERNAL with material imported.
#[given(expr = "key {word} is moved to state {word}")]
async fn key_is_moved_to_state(w: &mut KmsWorld, key: String, state: String) {
    move_to_state(w, &key, &state).await;
}

/// The timestamp at `path` lies `days` days after the target's current time (within a few
/// minutes).
#[then(expr = "the response field {string} is {int} day(s) from now")]
async fn field_is_days_from_now(w: &mut KmsWorld, path: String, days: i64) {
    let text = lookup(&w.last().body, &path).map(as_text);
    let now = w.target().now_unix().await;
    let expected = now + days * 86_400;
    let ok = text
        .as_deref()
        .and_then(Timestamp::parse_iso)
        .is_some_and(|t| (t.unix() - expected).abs() <= TOLERANCE_SECONDS);
    if !ok {
        w.fail(&format!(
            "`{path}` to be {days} day(s) from now, {}",
            Timestamp::from_unix(expected)
        ));
    }
}
