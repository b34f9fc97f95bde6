//! `kmsconf diff`: differential testing of an endpoint against the reference. Generated
//! sequences of calls run on both, answers are normalised and compared, and the first
//! disagreement is shrunk to a minimal case, written as a ready `.feature` scenario.

mod case;
mod exec;
mod feature;
mod normal;
mod progress;

use std::cell::{Cell, RefCell};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestError, TestRng, TestRunner};

pub use normal::Strictness;

use crate::cleanup::{self, Leftovers};
use crate::config::Divergence;
use crate::error::HarnessError;
use crate::sut::{Capability, Target, TargetError, TargetFactory};
use case::{Allowed, Case};
use exec::{Entry, Executor};
use feature::Disagreement;
use normal::differences;
use progress::Progress;

/// What to compare, how much, and for how long.
#[derive(Clone, Debug)]
pub struct DiffOptions {
    /// Cases to generate (each a fresh account on both sides where the endpoint offers one).
    pub cases: u32,
    /// The generator's seed: the same seed gives the same cases.
    pub seed: u64,
    /// Stop generating new cases after this long (shrinking a disagreement goes on).
    pub time_budget: Option<Duration>,
    /// Most operations in one case.
    pub max_ops: usize,
    /// How much of two answers must agree.
    pub strictness: Strictness,
    /// Where a disagreement's scenario and transcript are written.
    pub out_dir: PathBuf,
    /// Print a progress line on stderr.
    pub progress: bool,
    /// Answers not to compare: the `action` entries of the configuration's divergences.
    pub known: Vec<Divergence>,
    /// Unique to the run: the prefix of every name it makes on the endpoint.
    pub run_id: String,
    /// What the endpoint is called in reports.
    pub endpoint_label: String,
}

/// What a diff run did.
#[derive(Clone, Debug)]
pub struct DiffReport {
    /// Cases run to the end (shrinking attempts not counted).
    pub cases: u64,
    /// Calls made on the endpoint by those cases.
    pub calls: u64,
    /// Time spent on them.
    pub elapsed: Duration,
    /// Cases that ended at a known divergence.
    pub known: u64,
    /// Whether the time budget ended the run before its number of cases.
    pub out_of_time: bool,
    /// The disagreement, shrunk, if one was found.
    pub found: Option<Found>,
}

/// A disagreement, shrunk and written down.
#[derive(Clone, Debug)]
pub struct Found {
    /// What differed, in one line.
    pub summary: String,
    /// Calls of the minimal case (counted as the scenario makes them).
    pub calls: usize,
    /// Shrinking attempts made.
    pub shrink_runs: u64,
    /// The `.feature` file with the reference's outcomes.
    pub feature: PathBuf,
    /// The raw exchanges of both sides.
    pub transcript: PathBuf,
}

/// How one case ended.
enum Verdict {
    Same,
    Known,
    Differs(Box<Differs>),
}

struct Differs {
    reference: Vec<Entry>,
    endpoint: Vec<Entry>,
    at: Disagreement,
}

/// Runs the comparison: `reference` and `endpoint` make each case's targets. Blocks; call it
/// outside the runtime whose `handle` it uses.
pub fn run_diff(
    options: &DiffOptions,
    reference: TargetFactory,
    endpoint: TargetFactory,
    handle: &tokio::runtime::Handle,
) -> Result<DiffReport, HarnessError> {
    let probe = endpoint(0);
    let capabilities = probe.capabilities();
    let fresh = capabilities.has(Capability::FreshAccount);
    drop(probe);
    let allowed = Allowed::of(capabilities);
    let strategy = case::cases(allowed, options.max_ops);

    let mut seed = [0u8; 32];
    seed[..8].copy_from_slice(&options.seed.to_le_bytes());
    let config = Config {
        cases: options.cases,
        max_shrink_iters: 4096,
        max_shrink_time: 600_000,
        failure_persistence: None,
        max_global_rejects: 0,
        ..Config::default()
    };
    let mut runner =
        TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &seed));

    let started = Instant::now();
    let cases = Cell::new(0u64);
    let attempts = Cell::new(0u64);
    let calls = Cell::new(0u64);
    let known = Cell::new(0u64);
    let out_of_time = Cell::new(false);
    let shrinking = Cell::new(false);
    let smallest = Cell::new(usize::MAX);
    let fatal: RefCell<Option<TargetError>> = RefCell::new(None);
    let progress = RefCell::new(Progress::new(options.progress, options.cases));

    let result = runner.run(&strategy, |case: Case| {
        if fatal.borrow().is_some() {
            return Ok(());
        }
        if !shrinking.get()
            && let Some(budget) = options.time_budget
            && started.elapsed() >= budget
        {
            out_of_time.set(true);
            return Ok(());
        }
        let n = attempts.get() + 1;
        attempts.set(n);
        let ran = handle.block_on(run_case(&case, n, options, &reference, &endpoint, fresh));
        let (verdict, made) = match ran {
            Ok(v) => v,
            Err(e) => {
                *fatal.borrow_mut() = Some(e);
                return Ok(());
            }
        };
        if !shrinking.get() {
            cases.set(cases.get() + 1);
            calls.set(calls.get() + made);
        }
        let mut progress = progress.borrow_mut();
        match verdict {
            Verdict::Same => {
                progress.case(cases.get(), calls.get(), started.elapsed());
                Ok(())
            }
            Verdict::Known => {
                known.set(known.get() + 1);
                progress.case(cases.get(), calls.get(), started.elapsed());
                Ok(())
            }
            Verdict::Differs(d) => {
                shrinking.set(true);
                let size = counted_calls(&d.reference, d.at.entry);
                smallest.set(smallest.get().min(size));
                progress.shrinking(n, smallest.get());
                Err(TestCaseError::fail(summary(&d)))
            }
        }
    });
    progress.borrow_mut().finish();
    if let Some(e) = fatal.into_inner() {
        return Err(HarnessError::NoAnswer(e.to_string()));
    }
    let elapsed = started.elapsed();
    let mut report = DiffReport {
        cases: cases.get(),
        calls: calls.get(),
        elapsed,
        known: known.get(),
        out_of_time: out_of_time.get(),
        found: None,
    };
    match result {
        Ok(()) => Ok(report),
        Err(TestError::Abort(reason)) => Err(HarnessError::Diff(reason.to_string())),
        Err(TestError::Fail(_, minimal)) => {
            let shrink_runs = attempts.get().saturating_sub(cases.get());
            let n = attempts.get() + 1;
            let (verdict, _) = handle
                .block_on(run_case(&minimal, n, options, &reference, &endpoint, fresh))
                .map_err(|e| HarnessError::NoAnswer(e.to_string()))?;
            let Verdict::Differs(d) = verdict else {
                return Err(HarnessError::Diff(format!(
                    "a disagreement was found but did not happen again when its minimal case \
                     was run once more (an endpoint that answers the same calls differently \
                     from one time to the next): {minimal:?}"
                )));
            };
            report.found = Some(write_down(options, &d, shrink_runs)?);
            Ok(report)
        }
    }
}

/// Runs `case` on a fresh reference and the endpoint, comparing as it goes; the verdict and
/// the calls the endpoint was sent.
async fn run_case(
    case: &Case,
    n: u64,
    options: &DiffOptions,
    reference: &TargetFactory,
    endpoint: &TargetFactory,
    fresh: bool,
) -> Result<(Verdict, u64), TargetError> {
    let reference_target = reference(n);
    let endpoint_target = endpoint(n);
    let prefix = format!("kd{}-{n:06x}", options.run_id);
    let mut a = Executor::new(reference_target.as_ref(), prefix.clone());
    let mut b = Executor::new(endpoint_target.as_ref(), prefix);
    let mut left: Vec<Entry> = Vec::new();
    let mut right: Vec<Entry> = Vec::new();
    let mut made = 0u64;
    let mut leftovers = Leftovers::default();
    let verdict = 'ops: {
        for op in &case.ops {
            let ours = a.run(op).await?;
            let theirs = b.run(op).await?;
            for entry in &theirs {
                for e in entry.exchanges() {
                    made += 1;
                    if !fresh && e.outcome.is_success() {
                        leftovers.note(&e.call, &e.outcome.body);
                    }
                }
            }
            let base = left.len();
            let found = compare(&ours, &theirs, options);
            left.extend(ours);
            right.extend(theirs);
            match found {
                Compared::Same => {}
                Compared::Known => break 'ops Verdict::Known,
                Compared::Differs(entry, exchange, differences) => {
                    break 'ops Verdict::Differs(Box::new(Differs {
                        reference: left,
                        endpoint: right,
                        at: Disagreement {
                            entry: base + entry,
                            exchange,
                            differences,
                        },
                    }));
                }
            }
        }
        Verdict::Same
    };
    if !fresh {
        cleanup::remove(endpoint_target.as_ref(), leftovers).await;
    }
    Ok((verdict, made))
}

enum Compared {
    Same,
    Known,
    Differs(usize, usize, Vec<normal::Difference>),
}

/// The first exchange of one operation where the two sides disagree.
fn compare(ours: &[Entry], theirs: &[Entry], options: &DiffOptions) -> Compared {
    let count = |entries: &[Entry]| -> usize { entries.iter().map(|e| e.exchanges().len()).sum() };
    for (i, (x, y)) in ours.iter().zip(theirs).enumerate() {
        for (j, (p, q)) in x.exchanges().iter().zip(y.exchanges()).enumerate() {
            let found = differences(&p.normal, &q.normal, options.strictness);
            if found.is_empty() {
                continue;
            }
            if is_known(
                &options.known,
                &p.call.action,
                [&p.normal.code, &q.normal.code],
            ) {
                return Compared::Known;
            }
            return Compared::Differs(i, j, found);
        }
    }
    let (m, n) = (count(ours), count(theirs));
    if m != n || ours.len() != theirs.len() {
        let entry = ours.len().min(theirs.len()).saturating_sub(1);
        return Compared::Differs(
            entry,
            0,
            vec![normal::Difference {
                path: String::new(),
                reference: Some(format!("{m} calls").into()),
                endpoint: Some(format!("{n} calls").into()),
            }],
        );
    }
    Compared::Same
}

fn is_known(known: &[Divergence], action: &str, codes: [&Option<String>; 2]) -> bool {
    known.iter().any(|d| {
        d.action.as_deref() == Some(action)
            && d.code
                .as_ref()
                .is_none_or(|c| codes.iter().any(|x| x.as_ref() == Some(c)))
    })
}

/// Calls the scenario makes up to and including entry `last`.
fn counted_calls(entries: &[Entry], last: usize) -> usize {
    entries
        .iter()
        .take(last + 1)
        .flat_map(Entry::exchanges)
        .filter(|e| e.counted)
        .count()
}

/// The disagreement in one line: the call and its first difference.
fn summary(d: &Differs) -> String {
    let action = d
        .reference
        .get(d.at.entry)
        .and_then(|e| e.exchanges().get(d.at.exchange))
        .map_or("?", |e| e.call.action.as_str());
    let first =
        d.at.differences
            .first()
            .map_or_else(String::new, ToString::to_string);
    format!("{action}: {first}")
}

/// Writes the scenario and the transcript of `d` into the output directory.
fn write_down(options: &DiffOptions, d: &Differs, shrink_runs: u64) -> Result<Found, HarnessError> {
    let write = |path: &PathBuf, text: &str| {
        std::fs::create_dir_all(&options.out_dir)
            .and_then(|()| std::fs::write(path, text))
            .map_err(|e| HarnessError::Write {
                path: path.clone(),
                message: e.to_string(),
            })
    };
    let summary = summary(d);
    let calls = counted_calls(&d.reference, d.at.entry);
    let differences: Vec<String> = d.at.differences.iter().map(ToString::to_string).collect();
    let comment = format!(
        "Written by `kmsconf diff --seed {seed} --strictness {strictness}` against {label}.\n\
         The endpoint differed at the last call: {differences}.\n\
         Every outcome below is the reference's: the scenario passes on the reference and fails \
         on the endpoint.\n\
         Review it before adding it to features/: say which documented fact or decision it tests.",
        seed = options.seed,
        strictness = options.strictness,
        label = options.endpoint_label,
        differences = differences.join("; "),
    );
    let title = summary.replace(['\n', '\r'], " ");
    let text = feature::scenario(&title, &comment, &d.reference, &d.at);
    let feature_path = options.out_dir.join("divergence.feature");
    write(&feature_path, &text)?;
    let transcript_path = options.out_dir.join("divergence.txt");
    write(
        &transcript_path,
        &feature::transcript(&d.reference, &d.endpoint, &options.endpoint_label),
    )?;
    Ok(Found {
        summary,
        calls,
        shrink_runs,
        feature: feature_path,
        transcript: transcript_path,
    })
}

/// The targets of a diff in process: the reference against itself, another instance with
/// other seeds (what the throughput figures of the harness alone are measured with).
pub fn in_process_factory() -> TargetFactory {
    Arc::new(|seed| Arc::new(crate::InProcessTarget::new(seed ^ 0x5eed_d1ff)) as Arc<dyn Target>)
}
