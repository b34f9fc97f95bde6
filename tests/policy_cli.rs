//! Snapshot tests of `kmsconf policy lint` and `kmsconf policy check` output on fixed
//! documents (tests/fixtures/policies/).

use kms_conformance::policy_cli::{
    self, EXIT_DENIED_OR_INVALID, EXIT_OK, EXIT_USAGE, PolicySource,
};
use kms_reference::Timestamp;

fn source(name: &str) -> PolicySource {
    let path = format!(
        "{}/tests/fixtures/policies/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    PolicySource {
        name: name.to_owned(),
        text: std::fs::read_to_string(path).unwrap(),
    }
}

const KEY: &str = "acs:kms:cn-hangzhou:1234567890123456:key/0b5e2f5a-3c4d-4e5f-8a9b-0c1d2e3f4a5b";
const NOW: Timestamp = Timestamp::from_unix(1_767_225_600);

#[test]
fn lint_accepts_valid_documents() {
    let (out, code) = policy_cli::lint(&[source("full-access.json"), source("apollo-only.json")]);
    assert_eq!(code, EXIT_OK);
    insta::assert_snapshot!(out);
}

#[test]
fn lint_typo_in_effect() {
    let (out, code) = policy_cli::lint(&[source("typo-effect.json")]);
    assert_eq!(code, EXIT_DENIED_OR_INVALID);
    insta::assert_snapshot!(out);
}

#[test]
fn lint_reports_every_problem_of_a_document() {
    let (out, code) = policy_cli::lint(&[source("several-problems.json")]);
    assert_eq!(code, EXIT_DENIED_OR_INVALID);
    assert!(out.matches("error:").count() >= 4, "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn lint_bad_json() {
    let (out, code) = policy_cli::lint(&[source("bad-json.json")]);
    assert_eq!(code, EXIT_DENIED_OR_INVALID);
    insta::assert_snapshot!(out);
}

#[test]
fn lint_too_long() {
    let text = format!(
        r#"{{"Version":"1","Statement":[{{"Effect":"Allow","Action":"kms:*","Resource":"{}"}}]}}"#,
        "a".repeat(6100)
    );
    let (out, code) = policy_cli::lint(&[PolicySource {
        name: "long.json".into(),
        text,
    }]);
    assert_eq!(code, EXIT_DENIED_OR_INVALID);
    insta::assert_snapshot!(out);
}

#[test]
fn check_explicit_deny_names_the_statement() {
    let context = policy_cli::parse_context(&[], NOW).unwrap();
    let sources = [source("full-access.json"), source("deny-decrypt.json")];
    let (out, code) = policy_cli::check(&sources, "kms:Decrypt", KEY, &context, false);
    assert_eq!(code, EXIT_DENIED_OR_INVALID);
    insta::assert_snapshot!(out);
    let (out, code) = policy_cli::check(&sources, "kms:Encrypt", KEY, &context, true);
    assert_eq!(code, EXIT_OK);
    insta::assert_snapshot!(out);
}

#[test]
fn check_uses_the_context() {
    let sources = [source("apollo-only.json")];
    let apollo = policy_cli::parse_context(&["kms:tag/Project=apollo".into()], NOW).unwrap();
    assert_eq!(
        policy_cli::check(&sources, "kms:Encrypt", KEY, &apollo, false).1,
        EXIT_OK
    );
    let other = policy_cli::parse_context(&["kms:tag/Project=Gemini".into()], NOW).unwrap();
    let (out, code) = policy_cli::check(&sources, "kms:Encrypt", KEY, &other, false);
    assert_eq!(code, EXIT_DENIED_OR_INVALID);
    insta::assert_snapshot!(out);
    assert!(policy_cli::parse_context(&["novalue".into()], NOW).is_err());
}

#[test]
fn check_refuses_malformed_policies() {
    let context = policy_cli::parse_context(&[], NOW).unwrap();
    let (_, code) = policy_cli::check(
        &[source("typo-effect.json")],
        "kms:Encrypt",
        KEY,
        &context,
        false,
    );
    assert_eq!(code, EXIT_USAGE);
}
