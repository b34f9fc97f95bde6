//! A property of a Generic secret's stage labels (docs/spec/secrets.md §2; docs/spec/decisions.md
//! D-208, D-209): whatever sequence of PutSecretValue, UpdateSecretVersionStage and RotateSecret
//! is sent through `Kms::handle`, no label is on two versions, ACSCurrent is always on one, every
//! label answers the value last moved there, and each call succeeds or fails exactly as a small
//! model of the rules says.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a failure is a test failure"
)]

use std::collections::{BTreeMap, BTreeSet};

use kms_reference::{
    Caller, CreateSecret, ErrorCode, Kms, ManualClock, PageRequest, PutSecretValue, Request,
    Response, Secret, SecretValueQuery, Timestamp,
};
use proptest::prelude::*;

const NAME: &str = "prop/secret";
const CURRENT: &str = "ACSCurrent";
const PREVIOUS: &str = "ACSPrevious";
const STAGES: [&str; 4] = [CURRENT, PREVIOUS, "Pending", "Other"];

#[derive(Clone, Debug)]
enum Op {
    Put {
        version: u8,
        value: u8,
        stages: Option<Vec<u8>>,
    },
    Move {
        stage: u8,
        from: Option<u8>,
        to: Option<u8>,
    },
    Rotate {
        version: u8,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0u8..14, 0u8..3, proptest::option::of(proptest::collection::vec(0u8..4, 0..3)))
            .prop_map(|(version, value, stages)| Op::Put { version, value, stages }),
        4 => (0u8..4, proptest::option::of(0u8..14), proptest::option::of(0u8..14))
            .prop_map(|(stage, from, to)| Op::Move { stage, from, to }),
        1 => (0u8..14).prop_map(|version| Op::Rotate { version }),
    ]
}

fn version_id(n: u8) -> String {
    format!("v{n}")
}

fn value_of(n: u8) -> String {
    format!("value-{n}")
}

/// The rules of D-208/D-209 on plain maps: versions in creation order, labels → version.
#[derive(Debug, Default)]
struct Model {
    versions: Vec<(String, String)>,
    stages: BTreeMap<String, String>,
}

impl Model {
    fn value(&self, id: &str) -> Option<&str> {
        self.versions
            .iter()
            .find(|(v, _)| v == id)
            .map(|(_, x)| x.as_str())
    }

    fn attach(&mut self, stage: &str, id: &str) {
        let former = self.stages.insert(stage.to_owned(), id.to_owned());
        if stage == CURRENT
            && let Some(former) = former
            && former != id
        {
            self.stages.insert(PREVIOUS.to_owned(), former);
        }
    }

    fn stages_of(&self, id: &str) -> Vec<String> {
        self.stages
            .iter()
            .filter(|(_, v)| v.as_str() == id)
            .map(|(s, _)| s.clone())
            .collect()
    }

    fn put(&mut self, id: &str, value: &str, stages: &[String]) -> Result<Vec<String>, ErrorCode> {
        if let Some(existing) = self.value(id) {
            return if existing == value {
                Ok(self.stages_of(id))
            } else {
                Err(ErrorCode::RejectedResourceExist)
            };
        }
        self.versions.push((id.to_owned(), value.to_owned()));
        for s in stages {
            self.attach(s, id);
        }
        while self.versions.len() > 10 {
            let labelled: BTreeSet<&String> = self.stages.values().collect();
            let Some(i) = self
                .versions
                .iter()
                .position(|(v, _)| !labelled.contains(v))
            else {
                break;
            };
            self.versions.remove(i);
        }
        Ok(self.stages_of(id))
    }

    fn move_stage(
        &mut self,
        stage: &str,
        from: Option<&str>,
        to: Option<&str>,
    ) -> Result<(), ErrorCode> {
        if from.is_none() && to.is_none() {
            return Err(ErrorCode::InvalidParameter);
        }
        if (stage == CURRENT || stage == PREVIOUS) && to.is_none() {
            return Err(ErrorCode::InvalidParameter);
        }
        for id in from.iter().chain(to.iter()) {
            if self.value(id).is_none() {
                return Err(ErrorCode::ForbiddenResourceNotFound);
            }
        }
        if let Some(from) = from
            && self.stages.get(stage).map(String::as_str) != Some(from)
        {
            return Err(ErrorCode::RejectedInvalidRequest);
        }
        match to {
            Some(to) => self.attach(stage, to),
            None => {
                self.stages.remove(stage);
            }
        }
        Ok(())
    }
}

fn handle(kms: &Kms, request: Request) -> Result<Response, ErrorCode> {
    kms.handle(&Caller::root(), request).map_err(|e| e.code())
}

fn get(kms: &Kms, stage: &str) -> Result<(String, String), ErrorCode> {
    let r = handle(
        kms,
        Request::GetSecretValue(SecretValueQuery {
            secret_name: NAME.into(),
            version_stage: Some(stage.into()),
            ..SecretValueQuery::default()
        }),
    )?;
    let Response::SecretValue(v) = r else {
        panic!("{r:?}")
    };
    Ok((v.version_id.clone(), v.secret_data.expose().to_owned()))
}

/// Every version the reference holds, with its labels.
fn listed(kms: &Kms) -> BTreeMap<String, Vec<String>> {
    let r = handle(
        kms,
        Request::ListSecretVersionIds {
            secret_name: NAME.into(),
            include_deprecated: Some(true),
            page: PageRequest {
                number: None,
                size: Some(100),
            },
        },
    )
    .unwrap();
    let Response::SecretVersions { versions, .. } = r else {
        panic!("{r:?}")
    };
    versions
        .into_iter()
        .map(|v| (v.version_id, v.version_stages))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn no_label_is_on_two_versions_and_each_answers_the_value_last_moved_there(
        ops in proptest::collection::vec(op(), 1..40),
    ) {
        let clock = ManualClock::new(Timestamp::from_unix(1_767_225_600));
        let kms = Kms::builder().deterministic(5, &clock).build_service();
        handle(&kms, Request::CreateSecret(Box::new(CreateSecret {
            secret_name: NAME.into(),
            version_id: version_id(0),
            secret_data: Secret::new(value_of(0)),
            ..CreateSecret::default()
        }))).unwrap();
        let mut model = Model::default();
        model.put(&version_id(0), &value_of(0), &[CURRENT.to_owned()]).unwrap();
        for op in ops {
            clock.advance(1);
            match op {
                Op::Put { version, value, stages } => {
                    let stages: Option<Vec<String>> = stages.map(|s| {
                        let mut names: Vec<String> =
                            s.iter().map(|i| STAGES[usize::from(*i)].to_owned()).collect();
                        names.sort();
                        names.dedup();
                        names
                    });
                    let got = handle(&kms, Request::PutSecretValue(Box::new(PutSecretValue {
                        secret_name: NAME.into(),
                        version_id: version_id(version),
                        secret_data: Secret::new(value_of(value)),
                        secret_data_type: None,
                        version_stages: stages.clone(),
                    })));
                    let want = model.put(
                        &version_id(version),
                        &value_of(value),
                        &stages.unwrap_or_else(|| vec![CURRENT.to_owned()]),
                    );
                    match (got, want) {
                        (Ok(Response::SecretVersionPut { version_stages, .. }), Ok(stages)) => {
                            prop_assert_eq!(version_stages, stages);
                        }
                        (Err(g), Err(w)) => prop_assert_eq!(g, w),
                        (g, w) => prop_assert!(false, "PutSecretValue: {g:?} vs {w:?}"),
                    }
                }
                Op::Move { stage, from, to } => {
                    let stage = STAGES[usize::from(stage)];
                    let (from, to) = (from.map(version_id), to.map(version_id));
                    let got = handle(&kms, Request::UpdateSecretVersionStage {
                        secret_name: NAME.into(),
                        version_stage: stage.into(),
                        remove_from_version: from.clone(),
                        move_to_version: to.clone(),
                    }).map(|_| ());
                    let want = model.move_stage(stage, from.as_deref(), to.as_deref());
                    prop_assert_eq!(got, want, "UpdateSecretVersionStage {} {:?} {:?}", stage, from, to);
                }
                Op::Rotate { version } => {
                    let got = handle(&kms, Request::RotateSecret {
                        secret_name: NAME.into(),
                        version_id: version_id(version),
                    });
                    prop_assert_eq!(got.err(), Some(ErrorCode::UnsupportedOperation));
                }
            }
            // The invariants, read back through the APIs.
            let versions = listed(&kms);
            let mut seen = BTreeSet::new();
            for labels in versions.values() {
                for label in labels {
                    prop_assert!(seen.insert(label.clone()), "{label} on two versions");
                }
            }
            prop_assert!(seen.contains(CURRENT), "ACSCurrent is on no version");
            let expected: BTreeMap<String, Vec<String>> = model
                .versions
                .iter()
                .map(|(v, _)| (v.clone(), model.stages_of(v)))
                .collect();
            prop_assert_eq!(&versions, &expected);
            for (stage, id) in &model.stages {
                let (got_id, got_value) = get(&kms, stage).unwrap();
                prop_assert_eq!(&got_id, id);
                prop_assert_eq!(Some(got_value.as_str()), model.value(id));
            }
        }
    }
}
