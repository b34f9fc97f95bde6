//! `kmsconf diff` in process: the reference agrees with itself, a target that answers one
//! field wrongly is found and shrunk, the scenario written passes on the reference, and a known
//! divergence is respected (docs/spec/decisions.md D-601 to D-604).

use std::sync::Arc;

use kms_conformance::diff::{DiffOptions, DiffReport, Strictness, in_process_factory, run_diff};
use kms_conformance::{Call, Capabilities, Keys, Outcome, Signer, TargetError};
use kms_conformance::{
    Divergence, InProcessTarget, RunOptions, Target, TargetFactory, run_features,
};
use kms_reference::wire::HttpRequest;

/// The reference, except that DescribeKey always says the key is Enabled.
struct AlwaysEnabled(InProcessTarget);

#[async_trait::async_trait]
impl Target for AlwaysEnabled {
    fn label(&self) -> String {
        "always-enabled".into()
    }
    fn capabilities(&self) -> Capabilities {
        self.0.capabilities()
    }
    async fn call(&self, call: &Call) -> Result<Outcome, TargetError> {
        let mut outcome = self.0.call(call).await?;
        if call.action == "DescribeKey" && outcome.is_success() {
            outcome.body["KeyMetadata"]["KeyState"] = "Enabled".into();
        }
        Ok(outcome)
    }
    async fn send_http(&self, request: &HttpRequest) -> Result<Outcome, TargetError> {
        self.0.send_http(request).await
    }
    fn host(&self) -> String {
        self.0.host()
    }
    async fn keys(&self, signer: &Signer) -> Result<Keys, TargetError> {
        self.0.keys(signer).await
    }
    async fn now_unix(&self) -> i64 {
        self.0.now_unix().await
    }
    async fn advance_clock(&self, seconds: i64) -> Result<(), TargetError> {
        self.0.advance_clock(seconds).await
    }
}

fn always_enabled() -> TargetFactory {
    Arc::new(|seed| Arc::new(AlwaysEnabled(InProcessTarget::new(seed ^ 7))) as Arc<dyn Target>)
}

fn reference() -> TargetFactory {
    Arc::new(|seed| Arc::new(InProcessTarget::new(seed)) as Arc<dyn Target>)
}

fn options(cases: u32, out: &std::path::Path) -> DiffOptions {
    DiffOptions {
        cases,
        seed: 42,
        time_budget: None,
        max_ops: 10,
        strictness: Strictness::Values,
        out_dir: out.to_owned(),
        progress: false,
        known: Vec::new(),
        run_id: "test".into(),
        endpoint_label: "test endpoint".into(),
    }
}

fn diff(options: &DiffOptions, endpoint: TargetFactory) -> DiffReport {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    run_diff(options, reference(), endpoint, runtime.handle()).unwrap()
}

#[test]
fn the_reference_agrees_with_another_reference() {
    let out = tempdir("agree");
    let report = diff(&options(150, &out), in_process_factory());
    assert!(report.found.is_none(), "{:?}", report.found);
    assert_eq!(report.cases, 150);
    assert!(report.calls > 150, "cases made {} calls", report.calls);
}

#[test]
fn a_wrong_field_is_found_shrunk_and_written_as_a_scenario_the_reference_passes() {
    let out = tempdir("wrong-field");
    let report = diff(&options(500, &out), always_enabled());
    let found = report.found.expect("the wrong KeyState is found");
    assert!(
        found.summary.contains("KeyMetadata.KeyState"),
        "{}",
        found.summary
    );
    // CreateKey (external: PendingImport) and DescribeKey, or CreateKey, DisableKey and
    // DescribeKey.
    assert!(found.calls <= 3, "shrunk to {} calls", found.calls);
    let scenario = std::fs::read_to_string(&found.feature).unwrap();
    assert!(scenario.contains("@diff @inferred @D-601"), "{scenario}");
    assert!(
        scenario.contains("the response field \"KeyMetadata.KeyState\" is \""),
        "{scenario}"
    );
    let transcript = std::fs::read_to_string(&found.transcript).unwrap();
    assert!(transcript.contains("DescribeKey"), "{transcript}");

    // The scenario passes on the reference and fails on the endpoint that differs.
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let run = |factory: TargetFactory| {
        let mut run = RunOptions::new(&out);
        run.progress = false;
        run.log = out.join("steps.log");
        runtime.block_on(run_features(run, factory)).unwrap()
    };
    let on_reference = run(reference());
    assert!(on_reference.is_success(), "{}", on_reference.render());
    assert_eq!(on_reference.total().passed, 1);
    let on_endpoint = run(always_enabled());
    assert!(!on_endpoint.is_success(), "{}", on_endpoint.render());
}

#[test]
fn a_known_divergence_ends_the_case_without_a_finding() {
    let out = tempdir("known");
    let mut options = options(300, &out);
    options.known = vec![Divergence {
        action: Some("DescribeKey".into()),
        reason: "reports every key as Enabled".into(),
        ..Divergence::default()
    }];
    let report = diff(&options, always_enabled());
    assert!(report.found.is_none(), "{:?}", report.found);
    assert!(report.known > 0, "no case reached the known divergence");
}

#[test]
fn codes_strictness_ignores_the_wrong_field() {
    let out = tempdir("codes");
    let mut options = options(300, &out);
    options.strictness = Strictness::Codes;
    let report = diff(&options, always_enabled());
    assert!(report.found.is_none(), "{:?}", report.found);
}

fn tempdir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("kmsconf-diff-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
