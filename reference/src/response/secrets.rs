//! The response bodies of the Secrets Manager APIs (docs/spec/secrets.md §4), with the
//! optional fields of Generic secrets omitted as D-220 says and those of RAM secrets present
//! as D-229 says.

use serde_json::{Map, Value, json};

use crate::secret::Secret;

/// One secret version's value: GetSecretValue, and an item of BatchGetSecretValue.
#[derive(Clone, Debug, PartialEq, Eq)]
#[allow(
    missing_docs,
    reason = "fields are the response fields of the same name"
)]
pub struct SecretValue {
    pub secret_name: String,
    pub secret_type: String,
    pub secret_data: Secret,
    pub secret_data_type: String,
    pub version_id: String,
    pub version_stages: Vec<String>,
    /// The returned version's creation time (D-221).
    pub create_time: String,
    /// The fields of a secret that is not Generic.
    pub rotation: Option<RotationView>,
}

/// The fields only secrets other than Generic carry (D-220, D-229); `AutomaticRotation` is
/// always `Disabled`, since the reference rotates RAM secrets only on request (D-231).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RotationView {
    /// `ExtendedConfig`, a JSON text; `None` where the call did not ask for it.
    pub extended_config: Option<String>,
    /// `LastRotationDate`, after a rotation.
    pub last_rotation_date: Option<String>,
}

impl RotationView {
    /// Adds the fields to a response body.
    pub(super) fn add_to(&self, m: &mut Map<String, Value>) {
        m.insert("AutomaticRotation".into(), json!("Disabled"));
        if let Some(c) = &self.extended_config {
            m.insert("ExtendedConfig".into(), json!(c));
        }
        if let Some(t) = &self.last_rotation_date {
            m.insert("LastRotationDate".into(), json!(t));
        }
    }
}

/// One failed entry of BatchGetSecretValue (D-215).
#[derive(Clone, Debug, PartialEq, Eq)]
#[allow(
    missing_docs,
    reason = "fields are the response fields of the same name"
)]
pub struct SecretError {
    pub secret_name: String,
    pub code: String,
    pub http_status: u16,
    pub message: String,
}

/// DescribeSecret's answer; an item of ListSecrets shows part of it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[allow(
    missing_docs,
    reason = "fields are the response fields of the same name"
)]
pub struct SecretDescription {
    pub arn: String,
    pub secret_name: String,
    pub secret_type: String,
    pub description: String,
    /// `None` under the hidden service key (D-202).
    pub encryption_key_id: Option<String>,
    pub create_time: String,
    pub update_time: String,
    /// Only while deletion is pending (D-220).
    pub planned_delete_time: Option<String>,
    /// Only with `FetchTags=true` (D-220).
    pub tags: Option<Vec<(String, String)>>,
    /// The fields of a secret that is not Generic (DescribeSecret only).
    pub rotation: Option<RotationView>,
}

/// One version in ListSecretVersionIds.
#[derive(Clone, Debug, PartialEq, Eq)]
#[allow(
    missing_docs,
    reason = "fields are the response fields of the same name"
)]
pub struct SecretVersionEntry {
    pub version_id: String,
    pub create_time: String,
    pub version_stages: Vec<String>,
}

pub(super) fn stages(stages: &[String]) -> Value {
    json!({"VersionStage": stages})
}

pub(super) fn value(v: &SecretValue) -> Value {
    let mut body = json!({
        "SecretName": v.secret_name,
        "SecretType": v.secret_type,
        "SecretData": v.secret_data.expose(),
        "SecretDataType": v.secret_data_type,
        "VersionId": v.version_id,
        "VersionStages": stages(&v.version_stages),
        "CreateTime": v.create_time,
    });
    if let (Some(r), Some(m)) = (&v.rotation, body.as_object_mut()) {
        r.add_to(m);
    }
    body
}

pub(super) fn error(e: &SecretError) -> Value {
    json!({
        "SecretName": e.secret_name,
        "Code": e.code,
        "HttpStatus": e.http_status,
        "Message": e.message,
    })
}

fn tags(tags: &[(String, String)]) -> Value {
    json!({"Tag": tags.iter().map(|(k, v)| json!({"TagKey": k, "TagValue": v})).collect::<Vec<_>>()})
}

/// The fields ListSecrets and DescribeSecret share, and the optional ones.
fn common(d: &SecretDescription) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("SecretName".into(), json!(d.secret_name));
    m.insert("SecretType".into(), json!(d.secret_type));
    m.insert("CreateTime".into(), json!(d.create_time));
    m.insert("UpdateTime".into(), json!(d.update_time));
    if let Some(t) = &d.planned_delete_time {
        m.insert("PlannedDeleteTime".into(), json!(t));
    }
    if let Some(t) = &d.tags {
        m.insert("Tags".into(), tags(t));
    }
    m
}

pub(super) fn description(d: &SecretDescription) -> Value {
    let mut m = common(d);
    m.insert("Arn".into(), json!(d.arn));
    m.insert("Description".into(), json!(d.description));
    if let Some(k) = &d.encryption_key_id {
        m.insert("EncryptionKeyId".into(), json!(k));
    }
    if let Some(r) = &d.rotation {
        r.add_to(&mut m);
    }
    Value::Object(m)
}

pub(super) fn list_item(d: &SecretDescription) -> Value {
    Value::Object(common(d))
}

pub(super) fn version(v: &SecretVersionEntry) -> Value {
    json!({
        "VersionId": v.version_id,
        "CreateTime": v.create_time,
        "VersionStages": stages(&v.version_stages),
    })
}
