//! Authorization steps: RAM users with policies, calls made as them, and denials.

use cucumber::gherkin::Step;
use cucumber::{given, then, when};

use crate::steps::export::make_key_pair;
use crate::steps::setup::create_key;
use crate::steps::table_params;
use crate::sut::Call;
use crate::world::KmsWorld;

/// Creates the RAM user `name` (real name unique to the scenario) unless it exists; its real
/// name is `${name.name}` in later steps.
pub(crate) async fn ensure_user(w: &mut KmsWorld, name: &str) {
    if w.users.contains_key(name) {
        return;
    }
    let real = format!("{}-{name}", w.prefix);
    w.call_ok(Call::ram("CreateUser", [("UserName", real.clone())]))
        .await;
    w.vars.insert(format!("{name}.name"), real.clone());
    w.users.insert(name.to_owned(), (real, Default::default()));
}

/// The doc string under `step`, substituted: a policy document.
pub(crate) fn docstring(w: &KmsWorld, step: &Step) -> String {
    let Some(document) = step.docstring.as_deref() else {
        panic!("the policy goes in a doc string (\"\"\" ... \"\"\") under the step");
    };
    w.interp(document.trim())
}

/// Creates a custom policy of `document`, named uniquely for the scenario; its name.
pub(crate) async fn create_policy(w: &mut KmsWorld, document: String) -> String {
    w.policy_count += 1;
    let policy_name = format!("{}-p{}", w.prefix, w.policy_count);
    w.call_ok(Call::ram(
        "CreatePolicy",
        [
            ("PolicyName", policy_name.clone()),
            ("PolicyDocument", document),
        ],
    ))
    .await;
    policy_name
}

/// Creates a custom policy of `document` and attaches it to `user` (made if need be).
pub(crate) async fn attach_user_policy(w: &mut KmsWorld, user: &str, document: String) {
    ensure_user(w, user).await;
    let policy_name = create_policy(w, document).await;
    let user_name = w.users[user].0.clone();
    let attach = Call::custom_policy("AttachPolicyToUser", policy_name, ("UserName", user_name));
    w.call_ok(attach).await;
}

#[given(expr = "a user {word}")]
async fn a_user(w: &mut KmsWorld, name: String) {
    ensure_user(w, &name).await;
}

#[given(expr = "a user {word} with the policy:")]
async fn a_user_with_policy(w: &mut KmsWorld, name: String, step: &Step) {
    let document = docstring(w, step);
    attach_user_policy(w, &name, document).await;
}

#[given(expr = "user {word} also has the policy:")]
async fn user_also_has_policy(w: &mut KmsWorld, name: String, step: &Step) {
    let document = docstring(w, step);
    attach_user_policy(w, &name, document).await;
}

#[given(expr = "user {word} calls from {word}")]
async fn user_calls_from(w: &mut KmsWorld, name: String, ip: String) {
    ensure_user(w, &name).await;
    let ip = ip
        .parse()
        .unwrap_or_else(|e| panic!("`{ip}` is not an IP address: {e}"));
    if let Some((_, ctx)) = w.users.get_mut(&name) {
        ctx.source_ip = Some(ip);
    }
}

#[given(expr = "user {word} calls over {word}")]
async fn user_calls_over(w: &mut KmsWorld, name: String, transport: String) {
    ensure_user(w, &name).await;
    let secure = match transport.as_str() {
        "HTTPS" => true,
        "HTTP" => false,
        other => panic!("transport is HTTPS or HTTP, not `{other}`"),
    };
    if let Some((_, ctx)) = w.users.get_mut(&name) {
        ctx.secure_transport = Some(secure);
    }
}

#[given(expr = "user {word} signed in with MFA")]
async fn user_signed_in_with_mfa(w: &mut KmsWorld, name: String) {
    ensure_user(w, &name).await;
    if let Some((_, ctx)) = w.users.get_mut(&name) {
        ctx.mfa_present = Some(true);
    }
}

#[when(expr = "{word} calls {word}")]
#[when(expr = "{word} calls {word} with:")]
async fn user_calls(w: &mut KmsWorld, user: String, action: String, step: &Step) {
    let params = table_params(w, step);
    let call = w.as_user(&user, Call::new(&action, []).with_params(params));
    w.call(call).await;
}

#[when(expr = "I call RAM {word} with:")]
async fn i_call_ram(w: &mut KmsWorld, action: String, step: &Step) {
    let params = table_params(w, step);
    w.call(Call::ram(&action, []).with_params(params)).await;
}

#[when(expr = "I call STS {word}")]
#[when(expr = "I call STS {word} with:")]
async fn i_call_sts(w: &mut KmsWorld, action: String, step: &Step) {
    let params = table_params(w, step);
    w.call(Call::sts(&action, []).with_params(params)).await;
}

#[when(expr = "{word} calls {word} on {word}")]
async fn user_calls_on(w: &mut KmsWorld, user: String, action: String, key: String) {
    let call = w.as_user(&user, Call::new(&action, [("KeyId", w.key_id(&key))]));
    w.call(call).await;
}

#[when(expr = "{word} encrypts {string} under {word}")]
async fn user_encrypts(w: &mut KmsWorld, user: String, plaintext: String, key: String) {
    let params = [
        ("KeyId", w.key_id(&key)),
        ("Plaintext", w.interp(&plaintext)),
    ];
    let call = w.as_user(&user, Call::new("Encrypt", params));
    w.call(call).await;
}

#[when(expr = "{word} decrypts {word}")]
async fn user_decrypts(w: &mut KmsWorld, user: String, blob: String) {
    let call = w.as_user(
        &user,
        Call::new("Decrypt", [("CiphertextBlob", w.key_id(&blob))]),
    );
    w.call(call).await;
}

/// Parameters that make `action` on `key` pass validation, so that only authorization (and
/// the key's own rules) decide. Makes, as root, what the call needs: a ciphertext, an alias.
async fn typical_params(w: &mut KmsWorld, action: &str, key: &str) -> Vec<(&'static str, String)> {
    let key_id = w.key_id(key);
    let with_key = |extra: &[(&'static str, &str)]| {
        let mut p = vec![("KeyId", key_id.clone())];
        p.extend(extra.iter().map(|(k, v)| (*k, (*v).to_owned())));
        p
    };
    let alias = format!("alias/{}/{key}-typical", w.prefix);
    match action {
        "DescribeRegions" | "ListKeys" | "CreateKey" | "ListAliases" => Vec::new(),
        "UpdateKeyDescription" => with_key(&[("Description", "typical")]),
        "ScheduleKeyDeletion" => with_key(&[("PendingWindowInDays", "7")]),
        "GetParametersForImport" => with_key(&[
            ("WrappingAlgorithm", "RSAES_OAEP_SHA_256"),
            ("WrappingKeySpec", "RSA_2048"),
        ]),
        "ImportKeyMaterial" => {
            with_key(&[("EncryptedKeyMaterial", "AAAA"), ("ImportToken", "AAAA")])
        }
        "Encrypt" => with_key(&[("Plaintext", "aGVsbG8=")]),
        "TagResource" => with_key(&[("Tags", r#"[{"TagKey":"typical","TagValue":"v"}]"#)]),
        "UntagResource" => with_key(&[("TagKeys", r#"["typical"]"#)]),
        "TagResources" | "UntagResources" | "ListTagResources" => {
            let mut p = vec![("ResourceType", "key".to_owned()), ("ResourceId.1", key_id)];
            match action {
                "TagResources" => p.extend([
                    ("Tag.1.Key", "typical".to_owned()),
                    ("Tag.1.Value", "v".to_owned()),
                ]),
                "UntagResources" => p.push(("TagKey.1", "typical".to_owned())),
                _ => {}
            }
            p
        }
        "SetDeletionProtection" => with_key(&[("EnableDeletionProtection", "false")]),
        "SetKeyPolicy" => with_key(&[("Policy", r#"{"Version":"1","Statement":[]}"#)]),
        "Decrypt" => {
            let body = w
                .call_ok(Call::new(
                    "Encrypt",
                    [("KeyId", key_id.clone()), ("Plaintext", "aGk=".into())],
                ))
                .await;
            vec![(
                "CiphertextBlob",
                body["CiphertextBlob"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
            )]
        }
        "CreateAlias" => vec![("AliasName", alias), ("KeyId", key_id)],
        "UpdateAlias" | "DeleteAlias" => {
            w.call_ok(Call::new(
                "CreateAlias",
                [("AliasName", alias.clone()), ("KeyId", key_id.clone())],
            ))
            .await;
            if action == "UpdateAlias" {
                vec![("AliasName", alias), ("KeyId", key_id)]
            } else {
                vec![("AliasName", alias)]
            }
        }
        // Key versions and rotation (docs/spec/keys-v2.md §2).
        "DescribeKeyVersion" => {
            let version = w.interp(&format!("${{{key}.version}}"));
            with_key(&[("KeyVersionId", version.as_str())])
        }
        "ListKeyVersions" => with_key(&[("PageNumber", "1"), ("PageSize", "10")]),
        // Secrets Manager (docs/spec/secrets.md §4): the secret `key` names when the scenario
        // made one (`a secret s1 ...`), else one root makes now.
        "CreateSecret" => vec![
            ("SecretName", format!("{}/{key}-created", w.prefix)),
            ("VersionId", "v1".to_owned()),
            ("SecretData", "typical-value".to_owned()),
        ],
        "ListSecrets" => vec![("PageSize", "10".to_owned())],
        "GetRandomPassword" => vec![("PasswordLength", "16".to_owned())],
        "GetSecretValue"
        | "BatchGetSecretValue"
        | "PutSecretValue"
        | "UpdateSecretVersionStage"
        | "ListSecretVersionIds"
        | "DescribeSecret"
        | "UpdateSecret"
        | "DeleteSecret"
        | "RestoreSecret"
        | "RotateSecret"
        | "UpdateSecretRotationPolicy"
        | "GetSecretPolicy"
        | "SetSecretPolicy" => {
            let name = typical_secret(w, key).await;
            let with = |extra: &[(&'static str, &str)]| {
                let mut p = vec![("SecretName", name.clone())];
                p.extend(extra.iter().map(|(k, v)| (*k, (*v).to_owned())));
                p
            };
            match action {
                "BatchGetSecretValue" => vec![(
                    "SecretsList",
                    serde_json::json!([{"SecretName": name}]).to_string(),
                )],
                "PutSecretValue" => {
                    with(&[("VersionId", "typical-2"), ("SecretData", "typical-2")])
                }
                "UpdateSecretVersionStage" => {
                    with(&[("VersionStage", "Typical"), ("MoveToVersion", "v1")])
                }
                "UpdateSecret" => with(&[("Description", "typical")]),
                "RotateSecret" => with(&[("VersionId", "typical-2")]),
                "UpdateSecretRotationPolicy" => with(&[
                    ("EnableAutomaticRotation", "true"),
                    ("RotationInterval", "7d"),
                ]),
                "SetSecretPolicy" => with(&[("Policy", r#"{"Version":"1","Statement":[]}"#)]),
                _ => with(&[]),
            }
        }
        "UpdateRotationPolicy" => with_key(&[
            ("EnableAutomaticRotation", "true"),
            ("RotationInterval", "365d"),
        ]),
        "AsymmetricEncrypt" | "AsymmetricDecrypt" | "AsymmetricSign" | "AsymmetricVerify"
        | "GetPublicKey" => asymmetric_typical_params(w, action, key).await,
        // ReEncrypt and data-key export (docs/spec/keys-v2.md §4): a blob of the key moved to
        // the key itself; a data key exported to a client key pair made for the call.
        "ReEncrypt" => {
            let blob = root_blob(w, "Encrypt", &key_id).await;
            vec![("CiphertextBlob", blob), ("DestinationKeyId", key_id)]
        }
        "ExportDataKey" | "GenerateAndExportDataKey" => {
            let pair = format!("{key}-typical-pair");
            make_key_pair(w, &pair, "RSA_2048");
            let mut p = if action == "ExportDataKey" {
                let blob = root_blob(w, "GenerateDataKeyWithoutPlaintext", &key_id).await;
                vec![("CiphertextBlob", blob)]
            } else {
                vec![("KeyId", key_id)]
            };
            p.extend([
                ("PublicKeyBlob", w.key_id(&format!("{pair}.blob"))),
                ("WrappingKeySpec", "RSA_2048".to_owned()),
                ("WrappingAlgorithm", "RSAES_OAEP_SHA_256".to_owned()),
            ]);
            p
        }
        _ => with_key(&[]),
    }
}

/// SHA-256 of "typical", the Digest of the typical signing calls (docs/spec/keys-v2.md §3.4).
const TYPICAL_DIGEST: &str = "m/rJjFtlefu0uNaSxgjQqsTZv3Td2iApdrLykzCtqIg=";

/// The typical call of an asymmetric API (docs/spec/keys-v2.md §3.7) on `key` when its spec and
/// usage can make it; otherwise root first makes an asymmetric key that can (RSA_2048
/// ENCRYPT/DECRYPT for the encryption calls, EC_P256 SIGN/VERIFY for the others), captured as
/// `<key>.typical`, and the call names it. The version is the key's (first) one; the algorithm
/// the first documented for the spec; AsymmetricDecrypt and AsymmetricVerify get a ciphertext
/// or signature made by root just before.
async fn asymmetric_typical_params(
    w: &mut KmsWorld,
    action: &str,
    key: &str,
) -> Vec<(&'static str, String)> {
    let encrypts = matches!(action, "AsymmetricEncrypt" | "AsymmetricDecrypt");
    let wanted = if encrypts {
        "ENCRYPT/DECRYPT"
    } else {
        "SIGN/VERIFY"
    };
    let spec = w
        .vars
        .get(&format!("{key}.spec"))
        .cloned()
        .unwrap_or_default();
    let usage = w
        .vars
        .get(&format!("{key}.usage"))
        .cloned()
        .unwrap_or_default();
    let fits = spec.starts_with("RSA_") || spec.starts_with("EC_P256");
    let fits = fits && (action == "GetPublicKey" || usage == wanted);
    let name = if fits {
        key.to_owned()
    } else {
        let name = format!("{key}.typical");
        let spec = if encrypts { "RSA_2048" } else { "EC_P256" };
        create_key(w, &name, &[("KeySpec", spec), ("KeyUsage", wanted)]).await;
        name
    };
    let spec = w.key_id(&format!("{name}.spec"));
    let algorithm = match (spec.starts_with("RSA_"), encrypts) {
        (true, true) => "RSAES_OAEP_SHA_256",
        (true, false) => "RSA_PSS_SHA_256",
        (false, _) => "ECDSA_SHA_256",
    };
    let mut p = vec![
        ("KeyId", w.key_id(&name)),
        ("KeyVersionId", w.key_id(&format!("{name}.version"))),
    ];
    if action == "GetPublicKey" {
        return p;
    }
    p.push(("Algorithm", algorithm.to_owned()));
    match action {
        "AsymmetricEncrypt" => p.push(("Plaintext", "dHlwaWNhbA==".to_owned())),
        "AsymmetricDecrypt" => {
            p.push(("Plaintext", "dHlwaWNhbA==".to_owned()));
            let blob = root_field(w, "AsymmetricEncrypt", &p, "CiphertextBlob").await;
            p.pop();
            p.push(("CiphertextBlob", blob));
        }
        "AsymmetricSign" => p.push(("Digest", TYPICAL_DIGEST.to_owned())),
        _ => {
            p.push(("Digest", TYPICAL_DIGEST.to_owned()));
            let value = root_field(w, "AsymmetricSign", &p, "Value").await;
            p.push(("Value", value));
        }
    }
    p
}

/// The text field `field` of a set-up call `api` made by root with `params`.
async fn root_field(
    w: &mut KmsWorld,
    api: &str,
    params: &[(&'static str, String)],
    field: &str,
) -> String {
    let body = w.call_ok(Call::new(api, params.iter().cloned())).await;
    body[field].as_str().unwrap_or_default().to_owned()
}

/// The CiphertextBlob root gets from `action` (Encrypt or GenerateDataKeyWithoutPlaintext) on
/// `key_id`.
async fn root_blob(w: &mut KmsWorld, action: &str, key_id: &str) -> String {
    let mut params = vec![("KeyId", key_id.to_owned())];
    if action == "Encrypt" {
        params.push(("Plaintext", "aGk=".to_owned()));
    }
    root_field(w, action, &params, "CiphertextBlob").await
}

/// The secret a typical secrets call acts on: `${name}` when the scenario made a secret of
/// that name, else `<prefix>/<name>-typical`, made by root now (version `v1`).
async fn typical_secret(w: &mut KmsWorld, name: &str) -> String {
    let made = w
        .vars
        .get(&format!("{name}.arn"))
        .is_some_and(|arn| arn.contains(":secret/"));
    if made {
        return w.interp(&format!("${{{name}}}"));
    }
    let secret_name = format!("{}/{name}-typical", w.prefix);
    w.call_ok(Call::new(
        "CreateSecret",
        [
            ("SecretName", secret_name.clone()),
            ("VersionId", "v1".to_owned()),
            ("SecretData", "typical-value".to_owned()),
        ],
    ))
    .await;
    secret_name
}

#[when(expr = "{word} calls {word} on {word} with typical parameters")]
async fn user_calls_typical(w: &mut KmsWorld, user: String, action: String, key: String) {
    let params = typical_params(w, &action, &key).await;
    let call = w.as_user(&user, Call::new(&action, params));
    w.call(call).await;
}

#[when(expr = "I call {word} on {word} with typical parameters")]
async fn root_calls_typical(w: &mut KmsWorld, action: String, key: String) {
    let params = typical_params(w, &action, &key).await;
    w.call(Call::new(&action, params)).await;
}

#[then("the call is denied")]
async fn the_call_is_denied(w: &mut KmsWorld) {
    let last = w.last();
    if last.error_code() != Some("Forbidden.NoPermission") || last.http_status != 403 {
        w.fail("Forbidden.NoPermission with HTTP status 403");
    }
}

#[then("the call is not denied")]
async fn the_call_is_not_denied(w: &mut KmsWorld) {
    let last = w.last();
    if matches!(
        last.error_code(),
        Some("Forbidden.NoPermission" | "NoPermission")
    ) || last.http_status == 403
    {
        w.fail("authorization to pass (any outcome but a permission denial)");
    }
}
