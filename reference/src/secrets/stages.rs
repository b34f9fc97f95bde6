//! Stage labels: each label marks exactly one version, so the labels are a map from label to
//! version and "one label on two versions" cannot be represented (docs/spec/decisions.md D-208).

use std::collections::BTreeMap;

use crate::secrets::names::{ACS_CURRENT, ACS_PREVIOUS};

/// The stage labels of one secret: label → the version id it marks.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Stages(BTreeMap<String, String>);

impl Stages {
    /// The version `stage` marks.
    pub(crate) fn holder(&self, stage: &str) -> Option<&str> {
        self.0.get(stage).map(String::as_str)
    }

    /// The labels of `version_id`, sorted.
    pub(crate) fn of(&self, version_id: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(_, v)| v.as_str() == version_id)
            .map(|(s, _)| s.clone())
            .collect()
    }

    /// How many distinct labels there would be after attaching `stages` (ACSCurrent moving to
    /// a new version also brings ACSPrevious into existence).
    pub(crate) fn count_after(&self, stages: &[String]) -> usize {
        let mut names: Vec<&str> = self.0.keys().map(String::as_str).collect();
        for s in stages {
            names.push(s);
            if s == ACS_CURRENT && self.holder(ACS_CURRENT).is_some() {
                names.push(ACS_PREVIOUS);
            }
        }
        names.sort_unstable();
        names.dedup();
        names.len()
    }

    /// Puts `stage` on `version_id`, moving it from its holder. When ACSCurrent moves, the
    /// version that held it receives ACSPrevious (D-208).
    pub(crate) fn attach(&mut self, stage: &str, version_id: &str) {
        let former = self.0.insert(stage.to_owned(), version_id.to_owned());
        if stage == ACS_CURRENT
            && let Some(former) = former
            && former != version_id
        {
            self.0.insert(ACS_PREVIOUS.to_owned(), former);
        }
    }

    /// Takes `stage` off whichever version carries it.
    pub(crate) fn remove(&mut self, stage: &str) {
        self.0.remove(stage);
    }

    /// Whether any label marks `version_id`.
    pub(crate) fn labels(&self, version_id: &str) -> bool {
        self.0.values().any(|v| v == version_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acs_current_pushes_acs_previous() {
        let mut s = Stages::default();
        s.attach(ACS_CURRENT, "v1");
        assert_eq!(s.holder(ACS_PREVIOUS), None);
        s.attach(ACS_CURRENT, "v2");
        assert_eq!(s.holder(ACS_CURRENT), Some("v2"));
        assert_eq!(s.holder(ACS_PREVIOUS), Some("v1"));
        s.attach(ACS_CURRENT, "v3");
        assert_eq!(s.holder(ACS_PREVIOUS), Some("v2"));
        assert_eq!(s.of("v1"), Vec::<String>::new());
        // Re-attaching to the holder changes nothing.
        s.attach(ACS_CURRENT, "v3");
        assert_eq!(s.holder(ACS_PREVIOUS), Some("v2"));
    }

    #[test]
    fn custom_labels_move() {
        let mut s = Stages::default();
        s.attach("Pending", "v1");
        s.attach("Pending", "v2");
        assert_eq!(s.of("v1"), Vec::<String>::new());
        assert_eq!(s.of("v2"), vec!["Pending".to_owned()]);
        assert_eq!(s.count_after(&["X".into(), "Pending".into()]), 2);
        s.remove("Pending");
        assert!(!s.labels("v2"));
    }
}
