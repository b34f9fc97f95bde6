//! `kmsconf serve --seed FILE`: fixtures made at start from a TOML file: policies, RAM users
//! (with fixed AccessKeys), roles, keys (fixed ids, versions and, where given, material),
//! their aliases and tags, and secrets. Applying a seed twice changes nothing.
//!
//! Keys and AccessKeys are made by the reference's two seeding calls (no API lets a caller
//! fix their ids); everything else goes through the API as the account's root, so a seed is
//! checked exactly as a client's calls are, and those calls are in the trail as root's.

use std::collections::BTreeMap;
use std::path::Path;

use base64::Engine as _;
use kms_reference::wire::decode_ram_request;
use kms_reference::{Caller, KeySeed, Kms, KmsError, Secret, Seeded};
use serde::Deserialize;

/// A seed file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedFile {
    /// Custom RAM policies.
    #[serde(default, rename = "policy")]
    pub policies: Vec<PolicySeed>,
    /// RAM users.
    #[serde(default, rename = "user")]
    pub users: Vec<UserSeed>,
    /// RAM roles.
    #[serde(default, rename = "role")]
    pub roles: Vec<RoleSeed>,
    /// Keys.
    #[serde(default, rename = "key")]
    pub keys: Vec<KeyEntry>,
    /// Secrets (Generic).
    #[serde(default, rename = "secret")]
    pub secrets: Vec<SecretSeed>,
}

/// A custom policy.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicySeed {
    /// PolicyName.
    pub name: String,
    /// The policy document (JSON text).
    pub document: String,
    /// Description.
    pub description: Option<String>,
}

/// A RAM user.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserSeed {
    /// UserName.
    pub name: String,
    /// DisplayName.
    pub display_name: Option<String>,
    /// Custom policies attached to the user.
    #[serde(default)]
    pub policies: Vec<String>,
    /// AccessKeys with fixed ids (at most two, as RAM allows).
    #[serde(default)]
    pub access_keys: Vec<AccessKeySeed>,
}

/// An AccessKey: its id and secret, or the environment variable holding the secret.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccessKeySeed {
    /// AccessKeyId.
    pub id: String,
    /// AccessKeySecret (prefer `secret_env`: a seed file is often committed).
    pub secret: Option<String>,
    /// Environment variable holding the AccessKeySecret.
    pub secret_env: Option<String>,
}

/// A RAM role.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleSeed {
    /// RoleName.
    pub name: String,
    /// AssumeRolePolicyDocument (JSON text).
    pub trust_policy: String,
    /// Description.
    pub description: Option<String>,
    /// MaxSessionDuration, seconds.
    pub max_session_duration: Option<u32>,
    /// Custom policies attached to the role.
    #[serde(default)]
    pub policies: Vec<String>,
}

/// A key with a fixed id.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyEntry {
    /// KeyId: a lowercase UUID.
    pub id: String,
    /// The initial version's id (default: derived from the key id, so it is fixed too).
    pub version_id: Option<String>,
    /// KeySpec (default Aliyun_AES_256).
    pub spec: Option<String>,
    /// KeyUsage.
    pub usage: Option<String>,
    /// Origin (Aliyun_KMS or EXTERNAL).
    pub origin: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Base64 of 32 bytes: the AES-256 material of a symmetric Aliyun_KMS key, so ciphertexts
    /// of a fixture decrypt on every server seeded with it.
    pub material_base64: Option<String>,
    /// RotationInterval (turns automatic rotation on), e.g. "30d".
    pub rotation_interval: Option<String>,
    /// Aliases bound to the key.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Tags.
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
}

/// A Generic secret.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecretSeed {
    /// SecretName.
    pub name: String,
    /// SecretData (prefer `data_env`).
    pub data: Option<String>,
    /// Environment variable holding SecretData.
    pub data_env: Option<String>,
    /// SecretDataType: text (default) or binary.
    pub data_type: Option<String>,
    /// VersionId of the first version (default "v1").
    pub version_id: Option<String>,
    /// EncryptionKeyId (id, alias or ARN of a symmetric key).
    pub encryption_key_id: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Tags.
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
}

/// What applying a seed did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SeedReport {
    /// Items made now.
    pub created: usize,
    /// Items already there.
    pub present: usize,
}

/// Why a seed could not be applied: the item, and the reference's answer.
#[derive(Debug)]
pub struct SeedError(pub String);

impl std::fmt::Display for SeedError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SeedError {}

impl SeedFile {
    /// Reads and parses a seed file.
    pub fn load(path: &Path) -> Result<SeedFile, SeedError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| SeedError(format!("cannot read {}: {e}", path.display())))?;
        toml::from_str(&text).map_err(|e| SeedError(format!("{}: {e}", path.display())))
    }

    /// Makes every item of the seed that `kms` lacks: policies, users, roles, keys, secrets,
    /// in that order (a user names policies, a secret names keys). Stops at the first item
    /// the reference refuses, naming it; what was made before stays.
    pub fn apply(&self, kms: &Kms) -> Result<SeedReport, SeedError> {
        let mut report = SeedReport::default();
        let mut count = |what: String, outcome: Result<Seeded, KmsError>| match outcome {
            Ok(Seeded::Created) => {
                report.created += 1;
                Ok(())
            }
            Ok(Seeded::AlreadyPresent) => {
                report.present += 1;
                Ok(())
            }
            Err(e) => Err(SeedError(format!("seed {what}: {e}"))),
        };
        for p in &self.policies {
            let mut params = pairs(&[("PolicyName", &p.name), ("PolicyDocument", &p.document)]);
            optional(&mut params, "Description", p.description.as_deref());
            count(
                format!("policy {}", p.name),
                ram(kms, "CreatePolicy", params),
            )?;
        }
        for u in &self.users {
            let mut params = pairs(&[("UserName", &u.name)]);
            optional(&mut params, "DisplayName", u.display_name.as_deref());
            count(format!("user {}", u.name), ram(kms, "CreateUser", params))?;
            for policy in &u.policies {
                let params = pairs(&[
                    ("PolicyType", "Custom"),
                    ("PolicyName", policy),
                    ("UserName", &u.name),
                ]);
                let what = format!("policy {policy} of user {}", u.name);
                count(what, ram(kms, "AttachPolicyToUser", params))?;
            }
            for key in &u.access_keys {
                let what = format!("AccessKey {} of user {}", key.id, u.name);
                let secret = resolve(&what, key.secret.as_deref(), key.secret_env.as_deref())?;
                count(
                    what,
                    kms.seed_user_access_key(&u.name, &key.id, Secret::new(secret)),
                )?;
            }
        }
        for r in &self.roles {
            let mut params = pairs(&[
                ("RoleName", &r.name),
                ("AssumeRolePolicyDocument", &r.trust_policy),
            ]);
            optional(&mut params, "Description", r.description.as_deref());
            let duration = r.max_session_duration.map(|d| d.to_string());
            optional(&mut params, "MaxSessionDuration", duration.as_deref());
            count(format!("role {}", r.name), ram(kms, "CreateRole", params))?;
            for policy in &r.policies {
                let params = pairs(&[
                    ("PolicyType", "Custom"),
                    ("PolicyName", policy),
                    ("RoleName", &r.name),
                ]);
                let what = format!("policy {policy} of role {}", r.name);
                count(what, ram(kms, "AttachPolicyToRole", params))?;
            }
        }
        for k in &self.keys {
            let what = format!("key {}", k.id);
            count(what.clone(), kms.seed_key(&key_seed(&what, k)?))?;
            for alias in &k.aliases {
                let params = pairs(&[("AliasName", alias), ("KeyId", &k.id)]);
                count(format!("alias {alias}"), api(kms, "CreateAlias", params))?;
            }
        }
        for s in &self.secrets {
            let what = format!("secret {}", s.name);
            let data = resolve(&what, s.data.as_deref(), s.data_env.as_deref())?;
            let mut params = pairs(&[
                ("SecretName", &s.name),
                ("SecretData", &data),
                ("VersionId", s.version_id.as_deref().unwrap_or("v1")),
            ]);
            optional(&mut params, "SecretDataType", s.data_type.as_deref());
            optional(
                &mut params,
                "EncryptionKeyId",
                s.encryption_key_id.as_deref(),
            );
            optional(&mut params, "Description", s.description.as_deref());
            if !s.tags.is_empty() {
                params.insert("Tags".into(), tags_json(&s.tags));
            }
            count(what, api(kms, "CreateSecret", params))?;
        }
        Ok(report)
    }
}

/// The reference's seed of a key entry.
fn key_seed(what: &str, k: &KeyEntry) -> Result<KeySeed, SeedError> {
    let mut params = BTreeMap::new();
    optional(&mut params, "KeySpec", k.spec.as_deref());
    optional(&mut params, "KeyUsage", k.usage.as_deref());
    optional(&mut params, "Origin", k.origin.as_deref());
    optional(&mut params, "Description", k.description.as_deref());
    if let Some(interval) = &k.rotation_interval {
        params.insert("EnableAutomaticRotation".into(), "true".into());
        params.insert("RotationInterval".into(), interval.clone());
    }
    if !k.tags.is_empty() {
        params.insert("Tags".into(), tags_json(&k.tags));
    }
    let material = match &k.material_base64 {
        None => None,
        Some(text) => Some(
            base64::engine::general_purpose::STANDARD
                .decode(text.trim())
                .map_err(|_| SeedError(format!("seed {what}: material_base64 is not Base64")))?,
        ),
    };
    Ok(KeySeed {
        id: k.id.clone(),
        version_id: k.version_id.clone(),
        params,
        material,
    })
}

/// A value given directly or by the name of the environment variable holding it.
fn resolve(what: &str, value: Option<&str>, env: Option<&str>) -> Result<String, SeedError> {
    match (value, env) {
        (Some(v), None) => Ok(v.to_owned()),
        (None, Some(name)) => std::env::var(name)
            .map_err(|_| SeedError(format!("seed {what}: the variable {name} is not set"))),
        _ => Err(SeedError(format!(
            "seed {what}: give the value or the name of its variable, not both or neither"
        ))),
    }
}

fn pairs(items: &[(&str, &str)]) -> BTreeMap<String, String> {
    items
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn optional(params: &mut BTreeMap<String, String>, name: &str, value: Option<&str>) {
    if let Some(v) = value {
        params.insert(name.to_owned(), v.to_owned());
    }
}

/// Tags in the wire form of CreateKey and CreateSecret.
fn tags_json(tags: &BTreeMap<String, String>) -> String {
    let list: Vec<serde_json::Value> = tags
        .iter()
        .map(|(k, v)| serde_json::json!({"TagKey": k, "TagValue": v}))
        .collect();
    serde_json::Value::Array(list).to_string()
}

/// Whether an error says the item exists already (so a second seeding leaves it).
fn already_exists(e: &KmsError) -> bool {
    let code = e.code().as_str();
    code.starts_with("EntityAlreadyExists")
        || code == "AliasAlreadyExists"
        || code == "Rejected.ResourceExist"
}

fn settle(result: Result<(), KmsError>) -> Result<Seeded, KmsError> {
    match result {
        Ok(()) => Ok(Seeded::Created),
        Err(e) if already_exists(&e) => Ok(Seeded::AlreadyPresent),
        Err(e) => Err(e),
    }
}

/// A KMS call as the account's root.
fn api(kms: &Kms, action: &str, params: BTreeMap<String, String>) -> Result<Seeded, KmsError> {
    settle(
        kms.handle_params(&Caller::root(), action, &params)
            .result
            .map(|_| ()),
    )
}

/// A RAM call as the account's root.
fn ram(kms: &Kms, action: &str, params: BTreeMap<String, String>) -> Result<Seeded, KmsError> {
    let request = decode_ram_request(action, &params)?;
    settle(kms.handle_ram(&Caller::root(), request).map(|_| ()))
}
