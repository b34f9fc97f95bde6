//! The one walk over the feature files: every scenario with its file, line, name, runs and
//! tags (feature, rule, scenario and Examples). The runner's filter, `--list` and tests all
//! see scenarios through [`ScenarioInfo`], so they cannot disagree about a scenario's tags.

use std::path::{Path, PathBuf};

use cucumber::gherkin::{Feature, GherkinEnv, Rule, Scenario};

use crate::error::HarnessError;

/// One scenario (an outline counts once, with a run per Examples row).
#[derive(Clone, Debug)]
pub struct ScenarioInfo {
    /// The feature file, relative to the features directory.
    pub file: String,
    /// The scenario's line.
    pub line: usize,
    /// The scenario's name as written (placeholders unfilled).
    pub name: String,
    /// The name of each run as listed before running: the name, or for an outline one per
    /// Examples row, suffixed ` [example N]`.
    pub runs: Vec<String>,
    /// Tags of the feature, rule, scenario and Examples, without `@`.
    pub tags: Vec<String>,
    /// The scenario's own tags (scenario and Examples), without `@`.
    pub own_tags: Vec<String>,
    /// The parsed scenario: steps, Examples tables.
    pub scenario: Scenario,
}

impl ScenarioInfo {
    /// The scenario of `feature` (in `rule`, if any), with paths relative to `root`.
    pub fn of(root: &Path, feature: &Feature, rule: Option<&Rule>, scenario: &Scenario) -> Self {
        let own_tags: Vec<String> = scenario
            .tags
            .iter()
            .chain(scenario.examples.iter().flat_map(|e| e.tags.iter()))
            .cloned()
            .collect();
        let tags = feature
            .tags
            .iter()
            .chain(rule.iter().flat_map(|r| r.tags.iter()))
            .chain(own_tags.iter())
            .cloned()
            .collect();
        ScenarioInfo {
            file: feature_key(root, feature),
            line: scenario.position.line,
            name: scenario.name.clone(),
            runs: run_names(scenario),
            tags,
            own_tags,
            scenario: scenario.clone(),
        }
    }

    /// Whether the scenario carries `tag` (without `@`), itself or by inheritance.
    pub fn has_tag(&self, tag: &str) -> bool {
        self.tags.iter().any(|t| t == tag)
    }
}

/// Every scenario of the `.feature` files under `dir`, file by file in path order.
pub fn scenarios(dir: &Path) -> Result<Vec<ScenarioInfo>, HarnessError> {
    let root = std::fs::canonicalize(dir).map_err(|e| HarnessError::Features {
        path: dir.to_owned(),
        message: e.to_string(),
    })?;
    let mut files = Vec::new();
    collect_features(&root, &mut files);
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let feature = Feature::parse_path(&file, GherkinEnv::default()).map_err(|e| {
            HarnessError::Features {
                path: file.clone(),
                message: e.to_string(),
            }
        })?;
        let in_rules = feature
            .rules
            .iter()
            .flat_map(|r| r.scenarios.iter().map(move |s| (Some(r), s)));
        for (rule, scenario) in feature.scenarios.iter().map(|s| (None, s)).chain(in_rules) {
            out.push(ScenarioInfo::of(&root, &feature, rule, scenario));
        }
    }
    Ok(out)
}

/// The feature file of `feature`, relative to `root`.
fn feature_key(root: &Path, feature: &Feature) -> String {
    feature
        .path
        .as_deref()
        .map(|p| p.strip_prefix(root).unwrap_or(p).display().to_string())
        .unwrap_or_else(|| feature.name.clone())
}

fn collect_features(dir: &Path, out: &mut Vec<PathBuf>) {
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                collect_features(&path, out);
            } else if path.extension().is_some_and(|e| e == "feature") {
                out.push(path);
            }
        }
    }
}

fn run_names(scenario: &Scenario) -> Vec<String> {
    let rows = scenario
        .examples
        .iter()
        .filter_map(|e| e.table.as_ref())
        .map(|t| t.rows.len().saturating_sub(1))
        .sum::<usize>()
        .max(1);
    if rows == 1 {
        return vec![scenario.name.clone()];
    }
    (1..=rows)
        .map(|n| format!("{} [example {n}]", scenario.name))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_come_from_feature_rule_scenario_and_examples() {
        let dir = std::env::temp_dir().join(format!("kmsconf-walk-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::write(
            dir.join("sub/a.feature"),
            "@area\nFeature: F\n\n  Rule: R\n\n    @rule\n    Rule: R2\n\n      @Encrypt\n      Scenario Outline: S <x>\n        Given a key k1\n\n        @inferred\n        Examples:\n          | x |\n          | 1 |\n          | 2 |\n",
        )
        .unwrap();
        std::fs::write(
            dir.join("b.feature"),
            "Feature: G\n  Scenario: T\n    Given a key k1\n",
        )
        .unwrap();
        let found = scenarios(&dir).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(found.len(), 2);
        assert_eq!(
            (found[0].file.as_str(), found[0].name.as_str()),
            ("b.feature", "T")
        );
        assert_eq!(found[0].runs, ["T"]);
        let s = &found[1];
        assert_eq!(s.file, "sub/a.feature");
        assert_eq!(s.own_tags, ["Encrypt", "inferred"]);
        assert!(s.has_tag("area") && s.has_tag("rule") && s.has_tag("inferred"));
        assert_eq!(s.runs, ["S <x> [example 1]", "S <x> [example 2]"]);
    }
}
