//! `Given` steps that build the scenario's world: keys in each state, aliases, ciphertexts, time.

use cucumber::{given, when};

use crate::steps::import::import_material;
use kms_reference::KeyState;

use crate::steps::params::{State, TimeUnit};
use crate::sut::Call;
use crate::world::KmsWorld;

/// Creates a key with extra CreateKey parameters and captures `name`, `name.arn`,
/// `name.spec`, `name.usage` and `name.version`: the primary version, or for an asymmetric key
/// (which has none, docs/spec/decisions.md D-108) its one version, from ListKeyVersions.
pub(crate) async fn create_key(w: &mut KmsWorld, name: &str, params: &[(&str, &str)]) {
    let call = Call::new(
        "CreateKey",
        params.iter().map(|(k, v)| (*k, (*v).to_owned())),
    );
    let body = w.call_ok(call).await;
    let field = |f: &str| {
        body["KeyMetadata"][f]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };
    let key_id = field("KeyId");
    w.vars.insert(name.to_owned(), key_id.clone());
    w.vars.insert(format!("{name}.arn"), field("Arn"));
    w.vars.insert(format!("{name}.spec"), field("KeySpec"));
    w.vars.insert(format!("{name}.usage"), field("KeyUsage"));
    let mut version = field("PrimaryKeyVersion");
    if version.is_empty() {
        let listed = w
            .call_ok(Call::new("ListKeyVersions", [("KeyId", key_id)]))
            .await;
        version = listed["KeyVersions"]["KeyVersion"][0]["KeyVersionId"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
    }
    w.vars.insert(format!("{name}.version"), version);
}

/// Moves an existing key into `state` from Enabled (or PendingImport for external keys).
async fn move_to_state(w: &mut KmsWorld, name: &str, state: KeyState) {
    let key_id = w.key_id(name);
    match state {
        KeyState::Enabled => {}
        KeyState::Disabled => {
            w.call_ok(Call::new("DisableKey", [("KeyId", key_id)]))
                .await;
        }
        KeyState::PendingDeletion => {
            w.call_ok(Call::new(
                "ScheduleKeyDeletion",
                [("KeyId", key_id), ("PendingWindowInDays", "7".to_owned())],
            ))
            .await;
        }
        KeyState::PendingImport => {
            w.call_ok(Call::new("DeleteKeyMaterial", [("KeyId", key_id)]))
                .await;
        }
    }
}

/// Moves an existing Enabled key into `state` (Enabled leaves it as it is). PendingImport
/// deletes the key material, so the key must be EXTERNAL with material imported.
#[given(expr = "key {word} is moved to state {state}")]
#[when(expr = "key {word} is moved to state {state}")]
async fn key_is_moved_to_state(w: &mut KmsWorld, key: String, state: State) {
    move_to_state(w, &key, state.0).await;
}

#[given(expr = "a key {word}")]
async fn a_key(w: &mut KmsWorld, name: String) {
    create_key(w, &name, &[]).await;
}

#[given(expr = "a key {word} described as {string}")]
async fn a_key_described(w: &mut KmsWorld, name: String, description: String) {
    let description = w.interp(&description);
    create_key(w, &name, &[("Description", &description)]).await;
}

#[given(expr = "a key {word} in state {state}")]
async fn a_key_in_state(w: &mut KmsWorld, name: String, state: State) {
    if state.0 == KeyState::PendingImport {
        create_key(w, &name, &[("Origin", "EXTERNAL")]).await;
    } else {
        create_key(w, &name, &[]).await;
        move_to_state(w, &name, state.0).await;
    }
}

#[given(expr = "an external key {word}")]
async fn an_external_key(w: &mut KmsWorld, name: String) {
    create_key(w, &name, &[("Origin", "EXTERNAL")]).await;
}

#[given(expr = "an external key {word} in state {state}")]
async fn an_external_key_in_state(w: &mut KmsWorld, name: String, state: State) {
    create_key(w, &name, &[("Origin", "EXTERNAL")]).await;
    if state.0 != KeyState::PendingImport {
        let material = format!("{name}.material");
        import_material(w, &material, &name, "RSAES_OAEP_SHA_256", None).await;
        if !w.last().is_success() {
            w.fail("the setup import to succeed");
        }
        move_to_state(w, &name, state.0).await;
    }
}

#[given(expr = "an asymmetric key {word}")]
async fn an_asymmetric_key(w: &mut KmsWorld, name: String) {
    create_key(
        w,
        &name,
        &[("KeySpec", "RSA_2048"), ("KeyUsage", "ENCRYPT/DECRYPT")],
    )
    .await;
}

#[given(expr = "an asymmetric key {word} of spec {word} for {word}")]
async fn an_asymmetric_key_of_spec(w: &mut KmsWorld, name: String, spec: String, usage: String) {
    create_key(w, &name, &[("KeySpec", &spec), ("KeyUsage", &usage)]).await;
}

/// An asymmetric key moved on from Enabled; it cannot be PendingImport, which only an EXTERNAL
/// symmetric key reaches.
#[given(expr = "an asymmetric key {word} of spec {word} for {word} in state {state}")]
async fn an_asymmetric_key_in_state(
    w: &mut KmsWorld,
    name: String,
    spec: String,
    usage: String,
    state: State,
) {
    if state.0 == KeyState::PendingImport {
        panic!("an asymmetric key is never PendingImport: only an EXTERNAL (symmetric) key is");
    }
    create_key(w, &name, &[("KeySpec", &spec), ("KeyUsage", &usage)]).await;
    move_to_state(w, &name, state.0).await;
}

#[given(expr = "an alias {word} for {word}")]
async fn an_alias(w: &mut KmsWorld, alias: String, key: String) {
    let alias_name = format!("alias/{}/{alias}", w.prefix);
    let key_id = w.key_id(&key);
    w.call_ok(Call::new(
        "CreateAlias",
        [("AliasName", alias_name.clone()), ("KeyId", key_id)],
    ))
    .await;
    w.vars.insert(alias, alias_name);
}

/// Creates the Generic secret `<prefix>/<name>` with one version `v1` holding `value` (under
/// `key` when given) and captures `name` (its SecretName) and `name.arn`.
async fn create_secret(w: &mut KmsWorld, name: &str, value: &str, key: Option<&str>) {
    let secret_name = format!("{}/{name}", w.prefix);
    let mut params = vec![
        ("SecretName", secret_name.clone()),
        ("VersionId", "v1".to_owned()),
        ("SecretData", value.to_owned()),
    ];
    if let Some(key) = key {
        params.push(("EncryptionKeyId", w.key_id(key)));
    }
    let body = w.call_ok(Call::new("CreateSecret", params)).await;
    w.vars.insert(name.to_owned(), secret_name);
    w.vars.insert(
        format!("{name}.arn"),
        body["Arn"].as_str().unwrap_or_default().to_owned(),
    );
}

#[given(expr = "a secret {word} with value {string}")]
async fn a_secret(w: &mut KmsWorld, name: String, value: String) {
    let value = w.interp(&value);
    create_secret(w, &name, &value, None).await;
}

#[given(expr = "a secret {word} with value {string} under {word}")]
async fn a_secret_under(w: &mut KmsWorld, name: String, value: String, key: String) {
    let value = w.interp(&value);
    create_secret(w, &name, &value, Some(&key)).await;
}

/// PutSecretValue `count` times on secret `name`: versions `n2`, `n3`, ... with values
/// `value-2`, `value-3`, ..., each taking ACSCurrent.
#[given(expr = "secret {word} gets {int} new versions")]
#[when(expr = "secret {word} gets {int} new versions")]
async fn new_versions(w: &mut KmsWorld, name: String, count: i64) {
    let secret_name = w.interp(&format!("${{{name}}}"));
    for n in 2..count + 2 {
        w.call_ok(Call::new(
            "PutSecretValue",
            [
                ("SecretName", secret_name.clone()),
                ("VersionId", format!("n{n}")),
                ("SecretData", format!("value-{n}")),
            ],
        ))
        .await;
    }
}

/// The account's `TotalCount` of a list API.
async fn total_count(w: &mut KmsWorld, action: &str) -> i64 {
    let body = w
        .call_ok(Call::new(action, [("PageSize", "1".to_owned())]))
        .await;
    body["TotalCount"].as_i64().unwrap_or_default()
}

/// Creates keys until the account holds `count` (a quota scenario; tag it
/// `@needs-fresh-account`).
#[given(expr = "keys until the account holds {int}")]
async fn keys_until(w: &mut KmsWorld, count: i64) {
    let have = total_count(w, "ListKeys").await;
    for _ in have..count {
        w.call_ok(Call::new("CreateKey", std::iter::empty::<(&str, String)>()))
            .await;
    }
}

/// Creates aliases of `key` until the account holds `count`.
#[given(expr = "aliases of {word} until the account holds {int}")]
async fn aliases_until(w: &mut KmsWorld, key: String, count: i64) {
    let key_id = w.key_id(&key);
    let have = total_count(w, "ListAliases").await;
    for i in have..count {
        let alias_name = format!("alias/{}/quota-{i}", w.prefix);
        w.call_ok(Call::new(
            "CreateAlias",
            [("AliasName", alias_name), ("KeyId", key_id.clone())],
        ))
        .await;
    }
}

/// Creates versions of `key` until it holds `count` (CreateKeyVersion; the per-key limit).
#[given(expr = "versions of {word} until it holds {int}")]
async fn versions_until(w: &mut KmsWorld, key: String, count: i64) {
    let key_id = w.key_id(&key);
    let body = w
        .call_ok(Call::new(
            "ListKeyVersions",
            [("KeyId", key_id.clone()), ("PageSize", "1".to_owned())],
        ))
        .await;
    let have = body["TotalCount"].as_i64().unwrap_or_default();
    for _ in have..count {
        w.call_ok(Call::new("CreateKeyVersion", [("KeyId", key_id.clone())]))
            .await;
    }
}

#[given(expr = "the ciphertext {word} of {string} under {word}")]
async fn a_ciphertext(w: &mut KmsWorld, blob: String, plaintext: String, key: String) {
    encrypt_into(w, &blob, &plaintext, &key, None).await;
}

#[given(expr = "the ciphertext {word} of {string} under {word} with context {string}")]
async fn a_ciphertext_with_context(
    w: &mut KmsWorld,
    blob: String,
    plaintext: String,
    key: String,
    context: String,
) {
    encrypt_into(w, &blob, &plaintext, &key, Some(&context)).await;
}

async fn encrypt_into(
    w: &mut KmsWorld,
    blob: &str,
    plaintext: &str,
    key: &str,
    context: Option<&str>,
) {
    let mut params = vec![("KeyId", w.key_id(key)), ("Plaintext", w.interp(plaintext))];
    if let Some(c) = context {
        params.push(("EncryptionContext", w.interp(c)));
    }
    let body = w.call_ok(Call::new("Encrypt", params)).await;
    let text = body["CiphertextBlob"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    w.vars.insert(blob.to_owned(), text);
}

#[when(expr = "the clock advances {int} {unit}")]
#[given(expr = "the clock advances {int} {unit}")]
async fn the_clock_advances(w: &mut KmsWorld, amount: i64, unit: TimeUnit) {
    if let Err(e) = w.target().advance_clock(unit.seconds(amount)).await {
        panic!("the target's clock cannot be moved: {e}");
    }
}
