//! `When` steps: the generic call of any action with a parameter table, and a few readable
//! shorthands for the common ones.

use cucumber::gherkin::Step;
use cucumber::when;

use crate::steps::table_params;
use crate::sut::Call;
use crate::world::KmsWorld;

#[when(expr = "I call {word}")]
#[when(expr = "I call {word} with:")]
async fn i_call(w: &mut KmsWorld, action: String, step: &Step) {
    let params = table_params(w, step);
    w.call(Call::new(&action, []).with_params(params)).await;
}

#[when(expr = "I call {word} on {word}")]
async fn i_call_on(w: &mut KmsWorld, action: String, key: String) {
    let key_id = w.key_id(&key);
    w.call(Call::new(&action, [("KeyId", key_id)])).await;
}

#[when(expr = "I encrypt {string} under {word}")]
async fn i_encrypt(w: &mut KmsWorld, plaintext: String, key: String) {
    let params = [
        ("KeyId", w.key_id(&key)),
        ("Plaintext", w.interp(&plaintext)),
    ];
    w.call(Call::new("Encrypt", params)).await;
}

#[when(expr = "I encrypt {string} under {word} with context {string}")]
async fn i_encrypt_with_context(w: &mut KmsWorld, plaintext: String, key: String, context: String) {
    let params = [
        ("KeyId", w.key_id(&key)),
        ("Plaintext", w.interp(&plaintext)),
        ("EncryptionContext", w.interp(&context)),
    ];
    w.call(Call::new("Encrypt", params)).await;
}

#[when(expr = "I decrypt {word}")]
async fn i_decrypt(w: &mut KmsWorld, blob: String) {
    let blob = w.key_id(&blob);
    w.call(Call::new("Decrypt", [("CiphertextBlob", blob)]))
        .await;
}

#[when(expr = "I decrypt {word} with context {string}")]
async fn i_decrypt_with_context(w: &mut KmsWorld, blob: String, context: String) {
    let params = [
        ("CiphertextBlob", w.key_id(&blob)),
        ("EncryptionContext", w.interp(&context)),
    ];
    w.call(Call::new("Decrypt", params)).await;
}

#[when(expr = "I schedule deletion of {word} in {int} days")]
async fn i_schedule_deletion(w: &mut KmsWorld, key: String, days: i64) {
    let params = [
        ("KeyId", w.key_id(&key)),
        ("PendingWindowInDays", days.to_string()),
    ];
    w.call(Call::new("ScheduleKeyDeletion", params)).await;
}
