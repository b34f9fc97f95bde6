//! One secret: its metadata, its versions (each an encrypted value written once) and its
//! stage labels, with the version rules of docs/spec/secrets.md §2 (docs/spec/decisions.md
//! D-208, D-210).

use std::collections::BTreeMap;

use crate::clock::Timestamp;
use crate::error::{ErrorCode, KmsError};
use crate::secrets::names::{ACS_CURRENT, ACS_PREVIOUS};
use crate::secrets::ram::RamBinding;
use crate::secrets::stages::Stages;
pub(crate) use crate::values::SecretDataType as DataType;

/// Versions a Generic secret keeps (docs/spec/secrets.md §2).
pub(crate) const MAX_VERSIONS: usize = 10;
/// Distinct stage labels a Generic secret may carry (docs/spec/secrets.md §2).
pub(crate) const MAX_STAGES: usize = 8;

/// Which key encrypts a secret's values (D-202).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ValueKey {
    /// The hidden per-account service key no API can name.
    Service,
    /// A symmetric key of the account, by id.
    User(String),
}

/// A secret value as stored: a CiphertextBlob sealed under the key's version of the time.
/// It holds no plaintext, so it may be printed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SealedValue {
    pub(crate) key: ValueKey,
    pub(crate) blob: String,
}

/// One version of a secret.
#[derive(Clone, Debug)]
pub(crate) struct SecretVersion {
    pub(crate) id: String,
    pub(crate) created: Timestamp,
    pub(crate) data_type: DataType,
    pub(crate) value: SealedValue,
}

/// A secret: Generic, or RAMCredentials when it has a RAM binding (D-227).
#[derive(Clone, Debug)]
pub(crate) struct StoredSecret {
    pub(crate) name: String,
    /// Creation order, for listing (D-217).
    pub(crate) seq: u64,
    pub(crate) description: String,
    pub(crate) key: ValueKey,
    pub(crate) created: Timestamp,
    pub(crate) updated: Timestamp,
    /// When the secret goes: set while deletion is pending (D-204).
    pub(crate) planned_delete: Option<Timestamp>,
    pub(crate) tags: BTreeMap<String, String>,
    /// In creation order.
    pub(crate) versions: Vec<SecretVersion>,
    pub(crate) stages: Stages,
    /// The RAM user and AccessKeys of a RAMCredentials secret; `None` for a Generic one.
    pub(crate) ram: Option<RamBinding>,
    /// The last RotateSecret that made a version (`LastRotationDate`, D-229).
    pub(crate) last_rotation: Option<Timestamp>,
}

impl StoredSecret {
    /// A new secret whose first version carries ACSCurrent.
    pub(crate) fn new(
        name: String,
        seq: u64,
        description: String,
        first: SecretVersion,
        tags: BTreeMap<String, String>,
    ) -> StoredSecret {
        let mut stages = Stages::default();
        stages.attach(ACS_CURRENT, &first.id);
        StoredSecret {
            name,
            seq,
            description,
            key: first.value.key.clone(),
            created: first.created,
            updated: first.created,
            planned_delete: None,
            tags,
            versions: vec![first],
            stages,
            ram: None,
            last_rotation: None,
        }
    }

    /// The SecretType the responses name.
    pub(crate) fn secret_type(&self) -> &'static str {
        match self.ram {
            Some(_) => crate::secrets::ram::RAM_CREDENTIALS,
            None => "Generic",
        }
    }

    /// Ends the window of the version a rotation replaced, once it is over: the version goes
    /// with its ACSPrevious label, as its AccessKey does (D-230).
    pub(crate) fn retire(&mut self, now: Timestamp) {
        let Some(ram) = &mut self.ram else {
            return;
        };
        let Some((version_id, at)) = ram.retiring.clone() else {
            return;
        };
        if at > now {
            return;
        }
        ram.retiring = None;
        ram.access_keys.remove(&version_id);
        if self.stages.holder(ACS_PREVIOUS) == Some(version_id.as_str()) {
            self.stages.remove(ACS_PREVIOUS);
        }
        if !self.stages.labels(&version_id) {
            self.versions.retain(|v| v.id != version_id);
        }
    }

    pub(crate) fn version(&self, id: &str) -> Option<&SecretVersion> {
        self.versions.iter().find(|v| v.id == id)
    }

    /// Whether deletion is pending.
    pub(crate) fn pending_deletion(&self) -> bool {
        self.planned_delete.is_some()
    }

    /// The version GetSecretValue answers (D-210): `version_id` alone selects it, a stage
    /// alone (default ACSCurrent) the version carrying it, both together must agree.
    pub(crate) fn select(
        &self,
        version_id: Option<&str>,
        stage: Option<&str>,
    ) -> Result<&SecretVersion, KmsError> {
        let by_stage = |s: &str| self.stages.holder(s).and_then(|id| self.version(id));
        let found = match (version_id, stage) {
            (Some(id), None) => self.version(id),
            (None, stage) => by_stage(stage.unwrap_or(ACS_CURRENT)),
            (Some(id), Some(s)) => by_stage(s).filter(|v| v.id == id),
        };
        found.ok_or_else(not_found)
    }

    /// Adds a version (the caller has checked it is new) carrying `stages`; ACSCurrent moving
    /// gives its former holder ACSPrevious. Beyond 8 labels the call is refused; beyond 10
    /// versions the oldest unlabelled one goes (D-208).
    pub(crate) fn add_version(
        &mut self,
        version: SecretVersion,
        stages: &[String],
    ) -> Result<(), KmsError> {
        if self.stages.count_after(stages) > MAX_STAGES {
            return Err(limit_exceeded());
        }
        self.updated = version.created;
        let id = version.id.clone();
        self.versions.push(version);
        for stage in stages {
            if stage == "ACSCurrent"
                && self.stages.holder(stage).is_some()
                && crate::planted::is_planted(crate::planted::Divergence::SecretStageNotMoved)
            {
                continue;
            }
            self.stages.attach(stage, &id);
        }
        self.roll_off();
        Ok(())
    }

    /// Moves or removes a stage label (UpdateSecretVersionStage; D-208, D-209). The caller has
    /// checked that at least one version is given and the reserved labels' rules.
    pub(crate) fn move_stage(
        &mut self,
        stage: &str,
        remove_from: Option<&str>,
        move_to: Option<&str>,
        now: Timestamp,
    ) -> Result<(), KmsError> {
        for id in remove_from.iter().chain(move_to.iter()) {
            if self.version(id).is_none() {
                return Err(KmsError::with_message(
                    ErrorCode::ForbiddenResourceNotFound,
                    format!("The version \"{id}\" of the secret is not found."),
                ));
            }
        }
        if let Some(from) = remove_from
            && self.stages.holder(stage) != Some(from)
        {
            return Err(KmsError::with_message(
                ErrorCode::RejectedInvalidRequest,
                format!("param mismatch: the version \"{from}\" does not carry \"{stage}\""),
            ));
        }
        match move_to {
            Some(to) => {
                if self.stages.count_after(&[stage.to_owned()]) > MAX_STAGES {
                    return Err(limit_exceeded());
                }
                self.stages.attach(stage, to);
            }
            None => self.stages.remove(stage),
        }
        self.updated = now;
        Ok(())
    }

    /// Drops the oldest versions without a label while more than 10 are kept. Eight labels
    /// mark at most eight versions, so an unlabelled one always exists.
    fn roll_off(&mut self) {
        while self.versions.len() > MAX_VERSIONS {
            let Some(index) = self
                .versions
                .iter()
                .position(|v| !self.stages.labels(&v.id))
            else {
                return;
            };
            self.versions.remove(index);
        }
    }
}

/// `Forbidden.ResourceNotFound` with the secrets' message.
pub(crate) fn not_found() -> KmsError {
    KmsError::with_message(
        ErrorCode::ForbiddenResourceNotFound,
        "The resource is not found.",
    )
}

fn limit_exceeded() -> KmsError {
    KmsError::with_message(
        ErrorCode::RejectedLimitExceeded,
        "exceed secret limits error: a secret carries at most 8 stage labels",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secrets::names::ACS_PREVIOUS;

    fn version(id: &str, t: i64) -> SecretVersion {
        SecretVersion {
            id: id.to_owned(),
            created: Timestamp::from_unix(t),
            data_type: DataType::Text,
            value: SealedValue {
                key: ValueKey::Service,
                blob: format!("blob-{id}"),
            },
        }
    }

    fn secret() -> StoredSecret {
        StoredSecret::new(
            "s".into(),
            1,
            String::new(),
            version("v1", 0),
            BTreeMap::new(),
        )
    }

    #[test]
    fn a_new_current_version_pushes_the_old_one_to_previous() {
        let mut s = secret();
        s.add_version(version("v2", 1), &[ACS_CURRENT.into()])
            .unwrap();
        assert_eq!(s.select(None, None).unwrap().id, "v2");
        assert_eq!(s.select(None, Some(ACS_PREVIOUS)).unwrap().id, "v1");
        assert_eq!(s.select(Some("v1"), None).unwrap().id, "v1");
        assert!(s.select(Some("v1"), Some(ACS_CURRENT)).is_err());
        assert!(s.select(Some("v9"), None).is_err());
    }

    #[test]
    fn the_eleventh_version_drops_the_oldest_unlabelled_one() {
        let mut s = secret();
        for i in 2..=11 {
            s.add_version(version(&format!("v{i}"), i), &[ACS_CURRENT.into()])
                .unwrap();
        }
        assert_eq!(s.versions.len(), 10);
        assert!(s.version("v1").is_none());
        assert!(s.version("v2").is_some());
    }

    #[test]
    fn labelled_versions_survive_the_roll_off() {
        let mut s = secret();
        s.add_version(version("keep", 1), &["Keep".into()]).unwrap();
        for i in 2..=11 {
            s.add_version(version(&format!("v{i}"), i), &[ACS_CURRENT.into()])
                .unwrap();
        }
        assert!(s.version("keep").is_some());
        assert!(s.version("v1").is_none());
        assert!(s.version("v2").is_none());
    }

    #[test]
    fn a_ninth_label_is_refused() {
        let mut s = secret();
        for i in 0..7 {
            s.move_stage(&format!("L{i}"), None, Some("v1"), Timestamp::from_unix(1))
                .unwrap();
        }
        let e = s
            .move_stage("L7", None, Some("v1"), Timestamp::from_unix(1))
            .unwrap_err();
        assert_eq!(e.code(), ErrorCode::RejectedLimitExceeded);
    }

    #[test]
    fn removing_a_stage_the_version_lacks_is_a_mismatch() {
        let mut s = secret();
        s.add_version(version("v2", 1), &["P".into()]).unwrap();
        let e = s
            .move_stage("P", Some("v1"), None, Timestamp::from_unix(2))
            .unwrap_err();
        assert_eq!(e.code(), ErrorCode::RejectedInvalidRequest);
        let e = s
            .move_stage("P", None, Some("nope"), Timestamp::from_unix(2))
            .unwrap_err();
        assert_eq!(e.code(), ErrorCode::ForbiddenResourceNotFound);
        s.move_stage("P", Some("v2"), None, Timestamp::from_unix(2))
            .unwrap();
        assert_eq!(s.stages.holder("P"), None);
    }
}
