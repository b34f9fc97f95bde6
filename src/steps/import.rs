//! Key import steps: the client side of BYOK, wrapping material with the returned public key
//! exactly as a client would.

use cucumber::when;

use crate::client_crypto::wrap_key_material;
use crate::steps::params::TimeUnit;
use crate::sut::Call;
use crate::world::KmsWorld;

/// The wrapping algorithm used when a scenario does not name one.
const DEFAULT_ALGORITHM: &str = "RSAES_OAEP_SHA_256";

/// Calls GetParametersForImport for `key` and captures `key.token`, `key.publickey` and
/// `key.algorithm`. Returns whether it succeeded.
async fn request_parameters(w: &mut KmsWorld, key: &str, algorithm: &str) -> bool {
    let params = [
        ("KeyId", w.key_id(key)),
        ("WrappingAlgorithm", algorithm.to_owned()),
        ("WrappingKeySpec", "RSA_2048".to_owned()),
    ];
    let outcome = w
        .call(Call::new("GetParametersForImport", params))
        .await
        .clone();
    if outcome.is_success() {
        let field = |f: &str| outcome.body[f].as_str().unwrap_or_default().to_owned();
        w.vars.insert(format!("{key}.token"), field("ImportToken"));
        w.vars
            .insert(format!("{key}.publickey"), field("PublicKey"));
        w.vars
            .insert(format!("{key}.algorithm"), algorithm.to_owned());
    }
    outcome.is_success()
}

/// The bytes of the symbolic material `name`, made (32 random bytes) on first use.
fn material(w: &mut KmsWorld, name: &str, len: usize) -> Vec<u8> {
    w.materials
        .entry(name.to_owned())
        .or_insert_with(|| {
            let mut bytes = vec![0u8; len];
            rand::fill(bytes.as_mut_slice());
            bytes
        })
        .clone()
}

/// Imports the material `material_name` into `key`, requesting parameters first if the
/// scenario has none for the key. Extra parameters override the defaults. Leaves the
/// ImportKeyMaterial outcome as the last one.
pub(crate) async fn import_material(
    w: &mut KmsWorld,
    material_name: &str,
    key: &str,
    algorithm: &str,
    expire_unix: Option<i64>,
) {
    if !w.vars.contains_key(&format!("{key}.token")) && !request_parameters(w, key, algorithm).await
    {
        w.fail("GetParametersForImport to succeed");
    }
    let bytes = material(w, material_name, 32);
    wrap_and_import(w, &bytes, key, key, None, expire_unix).await;
}

/// Wraps `bytes` with the public key obtained for `params_of` and imports them into `key`
/// using the token obtained for `params_of`.
async fn wrap_and_import(
    w: &mut KmsWorld,
    bytes: &[u8],
    key: &str,
    params_of: &str,
    wrap_algorithm: Option<&str>,
    expire_unix: Option<i64>,
) {
    let public_key = w.key_id(&format!("{params_of}.publickey"));
    let algorithm = match wrap_algorithm {
        Some(a) => a.to_owned(),
        None => w.key_id(&format!("{params_of}.algorithm")),
    };
    let wrapped =
        wrap_key_material(&public_key, &algorithm, bytes).unwrap_or_else(|e| panic!("{e}"));
    let mut params = vec![
        ("KeyId", w.key_id(key)),
        ("EncryptedKeyMaterial", wrapped),
        ("ImportToken", w.key_id(&format!("{params_of}.token"))),
    ];
    if let Some(t) = expire_unix {
        params.push(("KeyMaterialExpireUnix", t.to_string()));
    }
    w.call(Call::new("ImportKeyMaterial", params)).await;
}

#[when(expr = "I request import parameters for {word}")]
async fn i_request_parameters(w: &mut KmsWorld, key: String) {
    request_parameters(w, &key, DEFAULT_ALGORITHM).await;
}

#[when(expr = "I request import parameters for {word} with {word}")]
async fn i_request_parameters_with(w: &mut KmsWorld, key: String, algorithm: String) {
    request_parameters(w, &key, &algorithm).await;
}

#[when(expr = "I import key material {word} into {word}")]
async fn i_import(w: &mut KmsWorld, material_name: String, key: String) {
    import_material(w, &material_name, &key, DEFAULT_ALGORITHM, None).await;
}

#[when(expr = "I import key material {word} into {word} expiring in {int} {unit}")]
async fn i_import_expiring(
    w: &mut KmsWorld,
    material_name: String,
    key: String,
    amount: i64,
    unit: TimeUnit,
) {
    let at = w.target().now_unix().await + unit.seconds(amount);
    import_material(w, &material_name, &key, DEFAULT_ALGORITHM, Some(at)).await;
}

#[when(expr = "I import {int} bytes of key material into {word}")]
async fn i_import_length(w: &mut KmsWorld, len: usize, key: String) {
    if !w.vars.contains_key(&format!("{key}.token"))
        && !request_parameters(w, &key, DEFAULT_ALGORITHM).await
    {
        w.fail("GetParametersForImport to succeed");
    }
    let bytes = material(w, &format!("{len}-bytes"), len);
    wrap_and_import(w, &bytes, &key, &key, None, None).await;
}

#[when(expr = "I import key material {word} into {word} with the import parameters of {word}")]
async fn i_import_with_foreign_token(
    w: &mut KmsWorld,
    material_name: String,
    key: String,
    other: String,
) {
    let bytes = material(w, &material_name, 32);
    wrap_and_import(w, &bytes, &key, &other, None, None).await;
}

#[when(expr = "I import key material {word} into {word} wrapped with {word}")]
async fn i_import_wrapped_with(
    w: &mut KmsWorld,
    material_name: String,
    key: String,
    algorithm: String,
) {
    if !w.vars.contains_key(&format!("{key}.token"))
        && !request_parameters(w, &key, DEFAULT_ALGORITHM).await
    {
        w.fail("GetParametersForImport to succeed");
    }
    let bytes = material(w, &material_name, 32);
    wrap_and_import(w, &bytes, &key, &key, Some(&algorithm), None).await;
}

/// Wraps the material `material_name` (32 random bytes, made on first use) with the last
/// import parameters of `key`, and imports it with `token` instead of the key's own token.
#[when(expr = "I import key material {word} into {word} with the import token {string}")]
async fn i_import_with_token(w: &mut KmsWorld, material_name: String, key: String, token: String) {
    let token = w.interp(&token);
    let public_key = w
        .vars
        .get(&format!("{key}.publickey"))
        .cloned()
        .unwrap_or_else(|| panic!("request import parameters for `{key}` first"));
    let algorithm = w.key_id(&format!("{key}.algorithm"));
    let bytes = material(w, &material_name, 32);
    let wrapped =
        wrap_key_material(&public_key, &algorithm, &bytes).unwrap_or_else(|e| panic!("{e}"));
    let params = [
        ("KeyId", w.key_id(&key)),
        ("EncryptedKeyMaterial", wrapped),
        ("ImportToken", token),
    ];
    w.call(Call::new("ImportKeyMaterial", params)).await;
}
