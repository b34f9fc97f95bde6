//! Runs the feature suite against a target: selection (tags, names, capabilities), known
//! divergences, live progress, and one [`RunReport`] with every scenario in it.

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::{IsTerminal as _, Write as _};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use cucumber::event::ScenarioFinished;
use cucumber::gherkin::tagexpr::TagOperation;
use cucumber::gherkin::{Feature, Rule, Scenario};
use cucumber::tag::Ext as _;
use cucumber::writer::{Coloring, Stats as _, Verbosity};
use cucumber::{World as _, WriterExt as _, writer};
use futures::FutureExt as _;
use regex::Regex;

mod walk;

pub use walk::{ScenarioInfo, scenarios};

use crate::config::{Divergence, TargetConfig};
use crate::error::HarnessError;
use crate::report::{RunReport, ScenarioRecord, SkipReason, Status};
use crate::sut::{Capabilities, Capability, TargetFactory};
use crate::world::KmsWorld;

/// What to run and how.
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
    /// Stop at the first failure.
    pub fail_fast: bool,
    /// Known divergences of the target.
    pub divergences: Vec<Divergence>,
    /// Where cucumber's step-by-step log goes.
    pub log: PathBuf,
    /// Print progress and failures as they happen.
    pub progress: bool,
    /// The run's id, also the prefix of every name the run creates on the target.
    pub run_id: String,
}

/// Scenarios run at once unless told otherwise.
const DEFAULT_CONCURRENCY: usize = 16;

impl RunOptions {
    /// The options of a target configuration: its concurrency and known divergences; flags
    /// then override single fields.
    pub fn from_config(features: impl Into<PathBuf>, config: &TargetConfig) -> RunOptions {
        RunOptions {
            concurrency: config.concurrency.unwrap_or(DEFAULT_CONCURRENCY),
            divergences: config.divergences(),
            ..RunOptions::new(features)
        }
    }

    /// Defaults: the repository's `features/`, everything, 16 at once.
    pub fn new(features: impl Into<PathBuf>) -> RunOptions {
        RunOptions {
            features: features.into(),
            tags: None,
            name: None,
            concurrency: DEFAULT_CONCURRENCY,
            fail_fast: false,
            divergences: Vec::new(),
            log: PathBuf::from("target/kmsconf/steps.log"),
            progress: true,
            run_id: new_run_id(),
        }
    }
}

/// A short id for a run: 8 hex digits.
pub fn new_run_id() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!(
        "{:08x}",
        (nanos ^ (u128::from(std::process::id()) << 32)) as u32
    )
}

/// The capability a scenario with `tags` needs and a target with `caps` lacks, if any.
pub fn missing_capability(tags: &[String], caps: Capabilities) -> Option<Capability> {
    caps.missing_for(tags)
}

/// A regular expression given by the user.
fn pattern(what: &'static str, text: &str) -> Result<Regex, HarnessError> {
    Regex::new(text).map_err(|e| HarnessError::Pattern {
        what,
        pattern: text.to_owned(),
        message: e.to_string(),
    })
}

/// The selection of a run: tag expression and name pattern.
struct Selection {
    tags: Option<TagOperation>,
    name: Option<Regex>,
}

impl Selection {
    fn new(options: &RunOptions) -> Result<Selection, HarnessError> {
        let tags = options
            .tags
            .as_deref()
            .map(|t| {
                t.parse().map_err(|e| HarnessError::Pattern {
                    what: "tag expression",
                    pattern: t.to_owned(),
                    message: format!("{e}"),
                })
            })
            .transpose()?;
        let name = options
            .name
            .as_deref()
            .map(|n| pattern("name pattern", n))
            .transpose()?;
        Ok(Selection { tags, name })
    }

    fn selects(&self, tags: &[String], name: &str) -> bool {
        self.tags.as_ref().is_none_or(|t| t.eval(tags.iter()))
            && self.name.as_ref().is_none_or(|n| n.is_match(name))
    }
}

/// One line per selected scenario (an outline counts once per Examples row), and why it would be
/// skipped on a target with `caps`.
pub fn list_scenarios(
    options: &RunOptions,
    caps: Capabilities,
) -> Result<Vec<(String, Option<Capability>)>, HarnessError> {
    let selection = Selection::new(options)?;
    let mut out = Vec::new();
    for info in scenarios(&options.features)? {
        if !selection.selects(&info.tags, &info.name) {
            continue;
        }
        let missing = missing_capability(&info.tags, caps);
        for run in &info.runs {
            out.push((format!("{}:{} {run}", info.file, info.line), missing));
        }
    }
    Ok(out)
}

/// The features directory, made absolute.
fn features_root(options: &RunOptions) -> Result<PathBuf, HarnessError> {
    std::fs::canonicalize(&options.features).map_err(|e| HarnessError::Features {
        path: options.features.clone(),
        message: e.to_string(),
    })
}

/// Live progress: failures as they happen, and a counter.
struct Progress {
    enabled: bool,
    tty: bool,
    started: Instant,
    expected: usize,
}

impl Progress {
    fn update(&self, report: &RunReport, latest: &ScenarioRecord) {
        if !self.enabled {
            return;
        }
        let mut out = std::io::stdout().lock();
        if latest.status == Status::Fail {
            let detail = latest
                .detail
                .as_deref()
                .unwrap_or("no details were reported");
            let _ = writeln!(
                out,
                "{}FAIL {}\n{}",
                if self.tty { "\r\x1b[K" } else { "" },
                latest.key(),
                detail
                    .lines()
                    .map(|l| format!("    {l}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            );
        }
        let t = report.total();
        let line = format!(
            "[{}/{}] {} passed, {} failed, {} skipped, {} known, {:.1}s",
            t.total(),
            self.expected,
            t.passed,
            t.failed,
            t.skipped,
            t.known,
            self.started.elapsed().as_secs_f64()
        );
        if self.tty {
            let _ = write!(out, "\r\x1b[K{line}");
            let _ = out.flush();
        } else if t.total().is_multiple_of(100) || latest.status == Status::Fail {
            let _ = writeln!(out, "{line}");
        }
    }

    fn finish(&self) {
        if self.enabled && self.tty {
            println!();
        }
    }
}

fn matches_divergence(
    divergences: &[(Option<Regex>, Option<String>, String)],
    record: &ScenarioRecord,
) -> Option<String> {
    divergences.iter().find_map(|(name, tag, reason)| {
        let by_name = name.as_ref().is_some_and(|n| n.is_match(&record.name));
        let by_tag = tag
            .as_ref()
            .is_some_and(|t| record.has_tag(t.trim_start_matches('@')));
        (by_name || by_tag).then(|| reason.clone())
    })
}

/// Runs every selected scenario of `options.features`, each against a fresh target from
/// `factory`.
pub async fn run_features(
    options: RunOptions,
    factory: TargetFactory,
) -> Result<RunReport, HarnessError> {
    let selection = Selection::new(&options)?;
    let divergences = options
        .divergences
        .iter()
        .map(|d| {
            let name = d
                .name
                .as_deref()
                .map(|n| pattern("divergence pattern", n))
                .transpose()?;
            Ok((name, d.tag.clone(), d.reason.clone()))
        })
        .collect::<Result<Vec<_>, HarnessError>>()?;
    let cannot_write = |path: &Path, e: std::io::Error| HarnessError::Write {
        path: path.to_owned(),
        message: e.to_string(),
    };
    if let Some(dir) = options.log.parent() {
        std::fs::create_dir_all(dir).map_err(|e| cannot_write(dir, e))?;
    }
    let log = std::fs::File::create(&options.log).map_err(|e| cannot_write(&options.log, e))?;
    let root = features_root(&options)?;

    let probe = factory(0);
    let caps = probe.capabilities();
    let report = Arc::new(Mutex::new(RunReport {
        target: probe.label(),
        run_id: options.run_id.clone(),
        ..RunReport::default()
    }));
    drop(probe);
    let expected = list_scenarios(&options, caps)?.len();
    let progress = Arc::new(Progress {
        enabled: options.progress,
        tty: std::io::stdout().is_terminal(),
        started: Instant::now(),
        expected,
    });

    let (filter_report, filter_root) = (Arc::clone(&report), root.clone());
    let filter = move |feature: &Feature, rule: Option<&Rule>, scenario: &Scenario| {
        let info = ScenarioInfo::of(&filter_root, feature, rule, scenario);
        if !selection.selects(&info.tags, &info.name) {
            return false;
        }
        if let Some(missing) = missing_capability(&info.tags, caps) {
            let mut r = filter_report.lock().unwrap_or_else(|p| p.into_inner());
            for name in &info.runs {
                r.records.push(ScenarioRecord {
                    feature: info.file.clone(),
                    name: name.clone(),
                    line: info.line,
                    tags: info.tags.clone(),
                    own_tags: info.own_tags.clone(),
                    status: Status::Skip,
                    duration_ms: 0,
                    retries: 0,
                    skip: Some(SkipReason::Missing(missing)),
                    detail: Some(missing.to_string()),
                });
            }
            return false;
        }
        true
    };

    let run_id = options.run_id.clone();
    let (after_report, after_root, after_progress) =
        (Arc::clone(&report), root.clone(), Arc::clone(&progress));
    let mut cucumber = KmsWorld::cucumber()
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
            world.attach(factory(seed), seed, &run_id);
            async {}.boxed_local()
        })
        .after(move |feature, rule, scenario, finished, world| {
            let (status, skip, detail) = match finished {
                ScenarioFinished::StepPassed => (Status::Pass, None, None),
                ScenarioFinished::StepSkipped => (
                    Status::Skip,
                    Some(SkipReason::UndefinedStep),
                    Some(SkipReason::UndefinedStep.to_string()),
                ),
                ScenarioFinished::StepFailed(_, _, error) => {
                    (Status::Fail, None, Some(error.to_string()))
                }
                ScenarioFinished::BeforeHookFailed(_) => (
                    Status::Fail,
                    None,
                    Some("the scenario's setup failed".to_owned()),
                ),
            };
            let info = ScenarioInfo::of(&after_root, feature, rule, scenario);
            let mut record = ScenarioRecord {
                feature: info.file,
                name: scenario.name.clone(),
                line: scenario.position.line,
                tags: info.tags,
                own_tags: info.own_tags,
                status,
                duration_ms: world.as_ref().map(|w| w.elapsed_ms()).unwrap_or_default(),
                retries: world.as_ref().map(|w| w.retries()).unwrap_or_default(),
                skip,
                detail,
            };
            if record.status == Status::Fail
                && let Some(reason) = matches_divergence(&divergences, &record)
            {
                record.status = Status::Known;
                record.detail = Some(format!(
                    "known divergence: {reason}\n{}",
                    record.detail.unwrap_or_default()
                ));
            }
            {
                let mut r = after_report.lock().unwrap_or_else(|p| p.into_inner());
                r.records.push(record.clone());
                after_progress.update(&r, &record);
            }
            async move {
                if let Some(w) = world {
                    w.clean_up().await;
                }
            }
            .boxed_local()
        })
        .with_writer(
            writer::Basic::raw(log, Coloring::Never, Verbosity::Default)
                .summarized()
                .normalized(),
        )
        .fail_on_skipped()
        .max_concurrent_scenarios(options.concurrency.max(1))
        .with_default_cli();
    if options.fail_fast {
        cucumber = cucumber.fail_fast();
    }
    let writer = cucumber.filter_run(root, filter).await;
    progress.finish();
    let mut result = report.lock().unwrap_or_else(|p| p.into_inner()).clone();
    result.parse_errors = writer.parsing_errors();
    Ok(result)
}

/// Counts of a report per status name, for callers that print their own summary.
pub fn status_counts(report: &RunReport) -> BTreeMap<&'static str, usize> {
    let t = report.total();
    BTreeMap::from([
        ("pass", t.passed),
        ("fail", t.failed),
        ("skip", t.skipped),
        ("known", t.known),
    ])
}
