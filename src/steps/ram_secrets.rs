//! RAM secret steps: a secret of type RAMCredentials bound to a RAM user of the scenario, and
//! the AccessKey a secret value holds, kept as credentials of the scenario (so `k1 calls
//! ListKeys` signs with it) and its secret added to the audit leak check (docs/spec/secrets.md
//! §3).

use cucumber::{given, then};
use serde_json::{Value, json};

use crate::steps::authz::ensure_user;
use crate::sut::{Call, Keys};
use crate::world::KmsWorld;

/// The ExtendedConfig of a RAM secret for the RAM user `real` (its real name).
fn extended_config(real: &str) -> String {
    json!({"SecretSubType": "RamUserAccessKey", "UserName": real}).to_string()
}

/// Creates the RAM secret `name` of the scenario's user `user` (made if need be); its
/// SecretName, as KMS chose it, is `${name}` and its ARN `${name.arn}`.
async fn create_ram_secret(w: &mut KmsWorld, name: &str, user: &str) {
    ensure_user(w, user).await;
    let real = w.users[user].0.clone();
    let body = w
        .call_ok(Call::new(
            "CreateSecret",
            [
                ("SecretName", "$Auto".to_owned()),
                ("VersionId", "v1".to_owned()),
                ("SecretData", r#"{"AccessKeys":[]}"#.to_owned()),
                ("SecretType", "RAMCredentials".to_owned()),
                ("ExtendedConfig", extended_config(&real)),
            ],
        ))
        .await;
    for (var, field) in [
        (name.to_owned(), "SecretName"),
        (format!("{name}.arn"), "Arn"),
    ] {
        let value = body[field].as_str().unwrap_or_else(|| {
            panic!("CreateSecret answered no {field}: {body}");
        });
        w.vars.insert(var, value.to_owned());
    }
}

#[given(expr = "a RAM secret {word} of user {word}")]
async fn a_ram_secret(w: &mut KmsWorld, name: String, user: String) {
    create_ram_secret(w, &name, &user).await;
}

#[given(expr = "user {word} has {int} AccessKey(s) of its own")]
async fn user_has_access_keys(w: &mut KmsWorld, user: String, count: usize) {
    ensure_user(w, &user).await;
    let real = w.users[&user].0.clone();
    for _ in 0..count {
        let body = w
            .call_ok(Call::ram("CreateAccessKey", [("UserName", real.clone())]))
            .await;
        let id = body["AccessKey"]["AccessKeyId"]
            .as_str()
            .unwrap_or_default();
        w.vars.insert(format!("{user}.key"), id.to_owned());
    }
}

/// The `SecretData` of the last answer is the documented AccessKey value
/// `{"AccessKeyId","AccessKeySecret","GenerateTimestamp"}`; it is kept as the credentials
/// `name`, which sign wherever a session's do (`name calls ListKeys`), and `${name.id}` is its
/// AccessKeyId.
#[then(expr = "the secret value is an AccessKey, saved as {word}")]
async fn secret_value_is_an_access_key(w: &mut KmsWorld, name: String) {
    let data = w.last().body["SecretData"].as_str().map(str::to_owned);
    let Some(value) = data.and_then(|d| serde_json::from_str::<Value>(&d).ok()) else {
        w.fail("a SecretData holding a JSON AccessKey");
    };
    let text = |field: &str| {
        value[field]
            .as_str()
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let (Some(id), Some(secret), Some(generated)) = (
        text("AccessKeyId"),
        text("AccessKeySecret"),
        text("GenerateTimestamp"),
    ) else {
        w.fail("AccessKeyId, AccessKeySecret and GenerateTimestamp in the SecretData");
    };
    if kms_reference::Timestamp::parse_iso(&generated).is_none() {
        w.fail("a GenerateTimestamp of the form YYYY-MM-DDThh:mm:ssZ");
    }
    w.secrets.push(secret.clone());
    w.vars.insert(format!("{name}.id"), id.clone());
    w.sessions.insert(name, Keys::permanent(id, secret));
}
