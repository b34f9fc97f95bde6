//! Reports of a fixed run: the Markdown matrix (snapshot), JUnit XML whose counts equal the
//! terminal summary's, JSON lines, and an HTML page with no external resource.

use kms_conformance::{
    Capability, RunReport, ScenarioRecord, SkipReason, Status, html_report, jsonl_report,
    junit_report, markdown_matrix,
};

fn record(
    feature: &str,
    line: usize,
    name: &str,
    tags: &[&str],
    own: &[&str],
    status: Status,
    detail: Option<&str>,
) -> ScenarioRecord {
    ScenarioRecord {
        feature: feature.into(),
        name: name.into(),
        line,
        tags: tags.iter().map(|t| (*t).to_owned()).collect(),
        own_tags: own.iter().map(|t| (*t).to_owned()).collect(),
        status,
        duration_ms: 12,
        retries: if status == Status::Pass { 2 } else { 0 },
        skip: (status == Status::Skip).then_some(SkipReason::Missing(Capability::Clock)),
        detail: detail.map(str::to_owned),
    }
}

fn fixed_run() -> RunReport {
    RunReport {
        target: "http://127.0.0.1:8640".into(),
        run_id: "0badc0de".into(),
        parse_errors: 0,
        records: vec![
            record(
                "api/encrypt.feature",
                5,
                "Encrypt by key id",
                &["api", "Encrypt", "documented"],
                &["Encrypt", "documented"],
                Status::Pass,
                None,
            ),
            record(
                "api/encrypt.feature",
                12,
                "Encrypt over 6144 bytes",
                &["api", "Encrypt", "inferred"],
                &["Encrypt", "inferred"],
                Status::Fail,
                Some(
                    "expected error InvalidParameter with HTTP status 400\n  request:  Encrypt KeyId=k Plaintext=<6145 bytes>\n  response: HTTP 200 {}",
                ),
            ),
            record(
                "api/decrypt.feature",
                7,
                "Decrypt with another context",
                &["api", "Decrypt", "inferred"],
                &["Decrypt", "inferred"],
                Status::Known,
                Some("known divergence: answers IncorrectKey"),
            ),
            record(
                "authz/every_api.feature",
                20,
                "No policy denies Decrypt",
                &["authz", "Encrypt", "Decrypt", "documented"],
                &["documented"],
                Status::Pass,
                None,
            ),
            record(
                "api/deletion.feature",
                30,
                "A key is gone after its window",
                &["api", "ScheduleKeyDeletion", "documented", "needs-clock"],
                &["ScheduleKeyDeletion", "documented", "needs-clock"],
                Status::Skip,
                Some("needs-clock: the target's clock cannot be moved"),
            ),
            record(
                "api/encrypt.feature",
                40,
                "Encrypt <with & escapes>",
                &["api", "Encrypt", "documented"],
                &["Encrypt", "documented"],
                Status::Fail,
                None,
            ),
        ],
    }
}

#[test]
fn markdown_matrix_of_a_fixed_run() {
    insta::assert_snapshot!(markdown_matrix(&fixed_run()));
}

#[test]
fn junit_counts_equal_the_terminal_summary() {
    let run = fixed_run();
    let xml = junit_report(&run);
    let t = run.total();
    assert!(xml.contains(&format!(
        "<testsuites name=\"kmsconf\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\">",
        t.total(),
        t.failed,
        t.skipped + t.known
    )));
    assert_eq!(xml.matches("<testcase ").count(), t.total());
    assert_eq!(xml.matches("<failure ").count(), t.failed);
    assert_eq!(xml.matches("<skipped ").count(), t.skipped + t.known);
    assert_eq!(xml.matches("<testsuite ").count(), run.per_feature().len());
    // A failure without details still counts as a failure.
    assert!(xml.contains("Encrypt &lt;with &amp; escapes&gt;"));
    insta::assert_snapshot!(xml);
    assert!(run.render().contains("total"));
    assert!(
        run.render()
            .contains("throttled calls retried: 4 (in 2 scenarios)")
    );
    assert_eq!(
        run.closing_line(),
        "scenarios: 2 passed, 2 failed, 1 skipped"
    );
    assert!(!run.is_success());
}

#[test]
fn jsonl_has_one_object_per_scenario() {
    let run = fixed_run();
    let text = jsonl_report(&run);
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), run.records.len());
    assert_eq!(lines[1]["status"], "fail");
    assert_eq!(lines[2]["status"], "known");
    assert_eq!(lines[4]["status"], "skip");
    assert_eq!(lines[0]["duration_ms"], 12);
    assert_eq!(lines[0]["retries"], 2);
    assert_eq!(lines[1]["retries"], 0);
}

#[test]
fn html_is_self_contained_and_escapes() {
    let html = html_report(&fixed_run());
    assert!(html.starts_with("<!DOCTYPE html>"));
    for external in ["<script", "src=", "href=\"http", "@import", "url("] {
        assert!(
            !html.contains(external),
            "external resource or script: {external}"
        );
    }
    assert!(html.contains("Encrypt &lt;with &amp; escapes&gt;"));
    assert!(html.contains("no details were reported"));
    assert_eq!(html.matches("<details>").count(), 4);
}

#[test]
fn a_step_without_a_definition_makes_the_run_fail() {
    let pass = record("a.feature", 1, "ok", &[], &[], Status::Pass, None);
    let mut undefined = record("a.feature", 9, "typo", &[], &[], Status::Skip, None);
    let run = |records| RunReport {
        target: "in-process".into(),
        run_id: "r".into(),
        parse_errors: 0,
        records,
    };
    let skipped_for_a_capability = record("a.feature", 5, "clock", &[], &[], Status::Skip, None);
    assert!(run(vec![pass.clone(), skipped_for_a_capability]).is_success());
    undefined.skip = Some(SkipReason::UndefinedStep);
    assert!(!run(vec![pass, undefined]).is_success());
}
