//! What a run produced, scenario by scenario, and the reports made from it: a terminal
//! summary, JUnit XML, JSON lines, a Markdown conformance matrix and a self-contained HTML page.

mod html;
mod jsonl;
mod junit;
mod markdown;

pub use html::html_report;
pub use jsonl::jsonl_report;
pub use junit::junit_report;
pub use markdown::{Matrix, MatrixRow, markdown_matrix};

use std::collections::BTreeMap;
use std::fmt;

use crate::sut::Capability;

/// How one scenario ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    /// Every step passed.
    Pass,
    /// A step or hook failed (a failure without details is still a failure).
    Fail,
    /// Not run, with a reason: the target lacks a capability, or a step is undefined.
    Skip,
    /// Failed, and listed as a known divergence of the target, with its reason.
    Known,
}

impl Status {
    /// The lowercase name used in JSON lines and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::Skip => "skip",
            Status::Known => "known",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a scenario did not run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SkipReason {
    /// The target lacks a capability the scenario is tagged with.
    Missing(Capability),
    /// A step has no definition.
    UndefinedStep,
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SkipReason::Missing(capability) => capability.fmt(f),
            SkipReason::UndefinedStep => f.write_str("a step is not defined"),
        }
    }
}

/// One scenario (one Examples row of an outline) and how it ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioRecord {
    /// The feature file, relative to the features directory.
    pub feature: String,
    /// The scenario's name (placeholders filled).
    pub name: String,
    /// Line of the scenario (or of its Examples row).
    pub line: usize,
    /// Tags of the feature, rule and scenario, without `@`.
    pub tags: Vec<String>,
    /// The scenario's own tags (scenario and Examples), without `@`.
    pub own_tags: Vec<String>,
    /// The outcome.
    pub status: Status,
    /// How long it took.
    pub duration_ms: u64,
    /// Throttled calls the target re-sent during the scenario.
    pub retries: u32,
    /// Why it was skipped, when it was.
    pub skip: Option<SkipReason>,
    /// Why it failed (expected vs actual, with the request), or why it was skipped or known.
    pub detail: Option<String>,
}

impl ScenarioRecord {
    /// `feature:line name`, unique within a run.
    pub fn key(&self) -> String {
        format!("{}:{} {}", self.feature, self.line, self.name)
    }

    /// Whether the scenario is about `api`: tagged with it on the scenario itself, or, when the
    /// scenario names no API of its own, tagged with it on the feature and naming it.
    pub fn is_about(&self, api: &str, all_apis: &[&str]) -> bool {
        if self.own_tags.iter().any(|t| t == api) {
            return true;
        }
        let own_api = self.own_tags.iter().any(|t| all_apis.contains(&t.as_str()));
        !own_api
            && self.has_tag(api)
            && self
                .name
                .split(|c: char| !c.is_ascii_alphanumeric())
                .any(|word| word == api)
    }

    /// Whether the scenario carries `tag` (without `@`).
    pub fn has_tag(&self, tag: &str) -> bool {
        self.tags.iter().any(|t| t == tag)
    }
}

/// Scenario counts by status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Passed.
    pub passed: usize,
    /// Failed.
    pub failed: usize,
    /// Skipped.
    pub skipped: usize,
    /// Known divergences.
    pub known: usize,
}

impl Counts {
    /// Adds one scenario of `status`.
    pub fn add(&mut self, status: Status) {
        match status {
            Status::Pass => self.passed += 1,
            Status::Fail => self.failed += 1,
            Status::Skip => self.skipped += 1,
            Status::Known => self.known += 1,
        }
    }

    /// All scenarios counted.
    pub fn total(&self) -> usize {
        self.passed + self.failed + self.skipped + self.known
    }
}

/// The whole run.
#[derive(Clone, Debug, Default)]
pub struct RunReport {
    /// What was tested (the target's label).
    pub target: String,
    /// The run's id (also the prefix of what it created on the target).
    pub run_id: String,
    /// Every scenario, in the order they finished.
    pub records: Vec<ScenarioRecord>,
    /// Feature files that did not parse.
    pub parse_errors: usize,
}

impl RunReport {
    /// Totals over all scenarios.
    pub fn total(&self) -> Counts {
        let mut c = Counts::default();
        for r in &self.records {
            c.add(r.status);
        }
        c
    }

    /// Counts per feature file.
    pub fn per_feature(&self) -> BTreeMap<&str, Counts> {
        let mut map: BTreeMap<&str, Counts> = BTreeMap::new();
        for r in &self.records {
            map.entry(r.feature.as_str()).or_default().add(r.status);
        }
        map
    }

    /// Throttled calls re-sent over the whole run.
    pub fn retries(&self) -> u64 {
        self.records.iter().map(|r| u64::from(r.retries)).sum()
    }

    /// The status of every scenario by [`ScenarioRecord::key`].
    pub fn scenarios(&self) -> BTreeMap<String, Status> {
        self.records.iter().map(|r| (r.key(), r.status)).collect()
    }

    /// A success: nothing failed, every file parsed, every step is defined, and something
    /// passed. A step without a definition is a defect of the suite: its scenario proves
    /// nothing about the endpoint, so the run cannot be called a success.
    pub fn is_success(&self) -> bool {
        let t = self.total();
        let undefined = self
            .records
            .iter()
            .any(|r| r.skip == Some(SkipReason::UndefinedStep));
        t.failed == 0 && self.parse_errors == 0 && t.passed > 0 && !undefined
    }

    /// The terminal summary: counts per feature, then skips and known divergences with reasons.
    pub fn render(&self) -> String {
        let per_feature = self.per_feature();
        let width = per_feature
            .keys()
            .map(|k| k.len())
            .max()
            .unwrap_or(7)
            .max(7);
        let mut out = format!(
            "{:width$}  {:>6} {:>6} {:>7} {:>5}\n",
            "feature", "passed", "failed", "skipped", "known"
        );
        for (feature, c) in &per_feature {
            out.push_str(&format!(
                "{feature:width$}  {:>6} {:>6} {:>7} {:>5}\n",
                c.passed, c.failed, c.skipped, c.known
            ));
        }
        let t = self.total();
        out.push_str(&format!(
            "{:width$}  {:>6} {:>6} {:>7} {:>5}\n",
            "total", t.passed, t.failed, t.skipped, t.known
        ));
        let retried = self.records.iter().filter(|r| r.retries > 0).count();
        out.push_str(&format!(
            "throttled calls retried: {} (in {retried} scenarios)\n",
            self.retries()
        ));
        let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
        for r in self.records.iter().filter(|r| r.status == Status::Skip) {
            *reasons
                .entry(r.detail.clone().unwrap_or_default())
                .or_default() += 1;
        }
        for (reason, n) in reasons {
            out.push_str(&format!("skipped {n}: {reason}\n"));
        }
        for r in self.records.iter().filter(|r| r.status == Status::Known) {
            let reason = r
                .detail
                .as_deref()
                .unwrap_or_default()
                .lines()
                .next()
                .unwrap_or_default();
            out.push_str(&format!("known: {} — {reason}\n", r.key()));
        }
        if self.parse_errors > 0 {
            out.push_str(&format!(
                "{} feature file(s) failed to parse\n",
                self.parse_errors
            ));
        }
        out
    }

    /// The closing line CI reads: `scenarios: N passed, N failed, N skipped` (known divergences
    /// are in [`RunReport::render`]).
    pub fn closing_line(&self) -> String {
        let t = self.total();
        // Known divergences are listed by `render`; the closing line keeps the standard shape.
        format!(
            "scenarios: {} passed, {} failed, {} skipped",
            t.passed, t.failed, t.skipped
        )
    }
}

/// Escapes text for XML and HTML.
pub(crate) fn escape_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => {
                out.push_str(&format!("&#x{:x};", u32::from(c)))
            }
            c => out.push(c),
        }
    }
    out
}
