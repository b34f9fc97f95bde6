//! Runs the feature suite against a target and summarises it per feature.

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use cucumber::event::ScenarioFinished;
use cucumber::gherkin::tagexpr::TagOperation;
use cucumber::tag::Ext as _;
use cucumber::writer::Stats as _;
use cucumber::{World as _, WriterExt as _, writer};
use futures::FutureExt as _;
use regex::Regex;

use crate::target::{Capabilities, TargetFactory};
use crate::world::KmsWorld;

/// What to run, and where to write the JUnit report.
#[derive(Clone, Debug)]
pub struct RunOptions {
    /// The directory of `.feature` files.
    pub features: PathBuf,
    /// A tag expression, e.g. `@api and not @needs-clock`.
    pub tags: Option<String>,
    /// A regular expression over scenario names.
    pub name: Option<String>,
    /// Scenarios run at once.
    pub concurrency: usize,
    /// Where the JUnit XML goes.
    pub junit: PathBuf,
}

impl RunOptions {
    /// Defaults: the repository's `features/`, everything, 16 at once.
    pub fn new(features: impl Into<PathBuf>) -> RunOptions {
        RunOptions {
            features: features.into(),
            tags: None,
            name: None,
            concurrency: 16,
            junit: PathBuf::from("target/kmsconf/junit.xml"),
        }
    }
}

/// Scenario counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Scenarios whose every step passed.
    pub passed: usize,
    /// Scenarios with a failed step or hook.
    pub failed: usize,
    /// Scenarios not run, each with a reason.
    pub skipped: usize,
}

/// The outcome of a run.
#[derive(Clone, Debug, Default)]
pub struct RunSummary {
    /// Counts per feature file (path relative to the features directory).
    pub per_feature: BTreeMap<String, Counts>,
    /// Each skipped scenario with why.
    pub skipped: Vec<(String, String)>,
    /// Feature files that did not parse.
    pub parse_errors: usize,
    /// The outcome of every scenario that ran, by `feature:line name`.
    pub scenarios: BTreeMap<String, ScenarioStatus>,
}

/// How one scenario ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ScenarioStatus {
    /// Every step passed.
    Passed,
    /// A step or hook failed.
    Failed,
    /// A step was skipped (undefined).
    Skipped,
}

impl RunSummary {
    /// Totals over all features.
    pub fn total(&self) -> Counts {
        self.per_feature
            .values()
            .fold(Counts::default(), |acc, c| Counts {
                passed: acc.passed + c.passed,
                failed: acc.failed + c.failed,
                skipped: acc.skipped + c.skipped,
            })
    }

    /// Whether the run counts as a success: no failure, no parse error, and something ran.
    pub fn is_success(&self) -> bool {
        let t = self.total();
        t.failed == 0 && self.parse_errors == 0 && t.passed > 0
    }

    /// A table of counts per feature, then the skipped scenarios with reasons.
    pub fn render(&self) -> String {
        let width = self
            .per_feature
            .keys()
            .map(String::len)
            .max()
            .unwrap_or(7)
            .max(7);
        let mut out = format!(
            "{:width$}  {:>6} {:>6} {:>7}\n",
            "feature", "passed", "failed", "skipped"
        );
        for (feature, c) in &self.per_feature {
            out.push_str(&format!(
                "{feature:width$}  {:>6} {:>6} {:>7}\n",
                c.passed, c.failed, c.skipped
            ));
        }
        let t = self.total();
        out.push_str(&format!(
            "{:width$}  {:>6} {:>6} {:>7}\n",
            "total", t.passed, t.failed, t.skipped
        ));
        for (scenario, reason) in &self.skipped {
            out.push_str(&format!("skipped: {scenario}: {reason}\n"));
        }
        if self.parse_errors > 0 {
            out.push_str(&format!(
                "{} feature file(s) failed to parse\n",
                self.parse_errors
            ));
        }
        out
    }

    /// The closing line CI reads: `N passed, N failed, N skipped`.
    pub fn closing_line(&self) -> String {
        let t = self.total();
        format!(
            "scenarios: {} passed, {} failed, {} skipped",
            t.passed, t.failed, t.skipped
        )
    }
}

/// Why a scenario with `tags` cannot run on a target with `caps`, if it cannot.
fn missing_capability(tags: &[String], caps: Capabilities) -> Option<&'static str> {
    if tags.iter().any(|t| t == "needs-clock") && !caps.clock {
        return Some("needs-clock: the target's clock cannot be moved");
    }
    if tags.iter().any(|t| t == "needs-trail") && !caps.trail {
        return Some("needs-trail: the target offers no LookupEvents");
    }
    if tags.iter().any(|t| t == "needs-context") && !caps.caller_context {
        return Some(
            "needs-context: the target cannot simulate the caller's address, transport or MFA",
        );
    }
    None
}

fn feature_key(root: &Path, feature: &cucumber::gherkin::Feature) -> String {
    feature
        .path
        .as_deref()
        .map(|p| p.strip_prefix(root).unwrap_or(p).display().to_string())
        .unwrap_or_else(|| feature.name.clone())
}

/// Runs every selected scenario of `options.features`, each against a fresh target from
/// `factory`, printing cucumber's progress to stdout.
pub async fn run_features(
    options: RunOptions,
    factory: TargetFactory,
) -> Result<RunSummary, String> {
    let tags: Option<TagOperation> = options
        .tags
        .as_deref()
        .map(|t| {
            t.parse()
                .map_err(|e| format!("bad tag expression `{t}`: {e}"))
        })
        .transpose()?;
    let name = options
        .name
        .as_deref()
        .map(|n| Regex::new(n).map_err(|e| format!("bad name pattern `{n}`: {e}")))
        .transpose()?;
    if let Some(dir) = options.junit.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let junit = std::fs::File::create(&options.junit)
        .map_err(|e| format!("cannot write {}: {e}", options.junit.display()))?;
    let root = std::fs::canonicalize(&options.features).map_err(|e| {
        format!(
            "cannot read features at {}: {e}",
            options.features.display()
        )
    })?;

    let summary = Arc::new(Mutex::new(RunSummary::default()));
    let caps = factory(0).capabilities();

    let (filter_summary, filter_root) = (Arc::clone(&summary), root.clone());
    let filter = move |feature: &cucumber::gherkin::Feature,
                       rule: Option<&cucumber::gherkin::Rule>,
                       scenario: &cucumber::gherkin::Scenario| {
        let all_tags: Vec<String> = feature
            .tags
            .iter()
            .chain(rule.iter().flat_map(|r| r.tags.iter()))
            .chain(scenario.tags.iter())
            .chain(scenario.examples.iter().flat_map(|e| e.tags.iter()))
            .cloned()
            .collect();
        if tags.as_ref().is_some_and(|t| !t.eval(all_tags.iter())) {
            return false;
        }
        if name.as_ref().is_some_and(|n| !n.is_match(&scenario.name)) {
            return false;
        }
        if let Some(reason) = missing_capability(&all_tags, caps) {
            let rows = scenario
                .examples
                .iter()
                .filter_map(|e| e.table.as_ref())
                .map(|t| t.rows.len().saturating_sub(1))
                .sum::<usize>()
                .max(1);
            let mut s = filter_summary.lock().unwrap_or_else(|p| p.into_inner());
            let key = feature_key(&filter_root, feature);
            s.per_feature.entry(key.clone()).or_default().skipped += rows;
            s.skipped
                .push((format!("{key}: {}", scenario.name), reason.to_owned()));
            return false;
        }
        true
    };

    let (after_summary, after_root) = (Arc::clone(&summary), root.clone());
    let writer = KmsWorld::cucumber()
        .before(move |feature, _rule, scenario, world| {
            let mut h = DefaultHasher::new();
            (
                &feature.name,
                &scenario.name,
                scenario.position.line,
                scenario.position.col,
            )
                .hash(&mut h);
            let seed = h.finish();
            world.attach(factory(seed), seed);
            async {}.boxed_local()
        })
        .after(move |feature, _rule, scenario, finished, _world| {
            let mut s = after_summary.lock().unwrap_or_else(|p| p.into_inner());
            let key = feature_key(&after_root, feature);
            let status = match finished {
                ScenarioFinished::StepPassed => ScenarioStatus::Passed,
                ScenarioFinished::StepSkipped => ScenarioStatus::Skipped,
                ScenarioFinished::StepFailed(..) | ScenarioFinished::BeforeHookFailed(_) => {
                    ScenarioStatus::Failed
                }
            };
            let counts = s.per_feature.entry(key.clone()).or_default();
            match status {
                ScenarioStatus::Passed => counts.passed += 1,
                ScenarioStatus::Skipped => counts.skipped += 1,
                ScenarioStatus::Failed => counts.failed += 1,
            }
            s.scenarios.insert(
                format!("{key}:{} {}", scenario.position.line, scenario.name),
                status,
            );
            async {}.boxed_local()
        })
        .with_writer(
            writer::Basic::stdout()
                .summarized()
                .tee::<KmsWorld, _>(writer::JUnit::for_tee(junit, 0))
                .normalized(),
        )
        .fail_on_skipped()
        .max_concurrent_scenarios(options.concurrency.max(1))
        .with_default_cli()
        .filter_run(root.clone(), filter)
        .await;

    let mut result = summary.lock().unwrap_or_else(|p| p.into_inner()).clone();
    result.parse_errors = writer.parsing_errors();
    Ok(result)
}
