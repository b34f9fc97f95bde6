//! The suite covers what issue #2 promises: every API as a tag, every cell of the key state ×
//! API matrix (docs/spec/kms-api.md §2.2) as a `@matrix` scenario, and every documented error code of
//! these APIs in some scenario. These checks read the feature files, so a scenario removed by
//! mistake fails here.

use std::collections::BTreeSet;
use std::path::Path;

use cucumber::gherkin::Scenario;
use kms_conformance::ScenarioInfo;
use kms_reference::{Api, KeyState};

/// Every scenario, through the harness's own walker (the one the runner and `--list` use),
/// with the tags of its feature, rule, scenario and Examples.
fn features() -> Vec<ScenarioInfo> {
    let all = kms_conformance::scenarios(&Path::new(env!("CARGO_MANIFEST_DIR")).join("features"))
        .unwrap();
    assert!(!all.is_empty(), "no scenarios found");
    all
}

fn scenarios(all: &[ScenarioInfo]) -> Vec<(BTreeSet<String>, &Scenario)> {
    all.iter()
        .map(|s| (s.tags.iter().cloned().collect(), &s.scenario))
        .collect()
}

/// The APIs that are rows of the §2.2 matrix (CreateKey and DescribeRegions are not, nor the
/// Secrets Manager APIs, which act on secrets: their states are docs/spec/secrets.md §5).
fn matrix_apis() -> Vec<Api> {
    Api::ALL
        .iter()
        .copied()
        .filter(|a| !matches!(a, Api::CreateKey | Api::DescribeRegions))
        .filter(|a| !a.description().secrets)
        .collect()
}

#[test]
fn every_api_is_the_tag_of_some_scenario() {
    let features = features();
    let tags: BTreeSet<String> = scenarios(&features)
        .into_iter()
        .flat_map(|(t, _)| t)
        .collect();
    let missing: Vec<&str> = Api::ALL
        .iter()
        .map(|a| a.name())
        .filter(|n| !tags.contains(*n))
        .collect();
    assert!(missing.is_empty(), "APIs without a scenario: {missing:?}");
}

#[test]
fn every_cell_of_the_state_matrix_has_a_scenario() {
    let features = features();
    let mut cells = BTreeSet::new();
    for (tags, scenario) in scenarios(&features) {
        if !tags.contains("matrix") {
            continue;
        }
        for example in scenario.examples.iter().filter_map(|e| e.table.as_ref()) {
            let Some(col) = example.rows[0].iter().position(|h| h == "state") else {
                continue;
            };
            for row in &example.rows[1..] {
                for api in Api::ALL.iter().filter(|a| tags.contains(a.name())) {
                    cells.insert((api.name().to_owned(), row[col].clone()));
                }
            }
        }
    }
    let mut missing = Vec::new();
    for api in matrix_apis() {
        for state in KeyState::ALL {
            if !cells.contains(&(api.name().to_owned(), state.as_str().to_owned())) {
                missing.push(format!("{api} × {state}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "matrix cells without a scenario: {missing:?}"
    );
}

/// Codes listed for these APIs in docs/spec/kms-api.md §2.3 (and the reference's own additions) that a
/// scenario must produce. The rest are covered elsewhere, as noted:
/// - `Rejected.LimitExceeded`: reference unit test `key_and_alias_limits_give_rejected_limit_exceeded`
///   (the limit is a configuration of the reference, not reachable portably);
/// - `Forbidden.NoPermission`: needs RAM principals (the policy engine issue);
/// - `Throttling`: the reference answers `Rejected.Throttling` only with a configured rate limit
///   (the wire issue);
/// - `InternalFailure`, `Rejected.Unavailable`: no client input may cause them.
const CODES_IN_SCENARIOS: &[&str] = &[
    "InvalidParameter",
    "MissingParameter",
    "Forbidden.KeyNotFound",
    "Forbidden.AliasNotFound",
    "Rejected.Disabled",
    "Rejected.PendingDeletion",
    "Rejected.PendingImport",
    "Rejected.StateModifiedFailed",
    "UnsupportedOperation",
    "Unsupported.ProtectionLevel",
    "Unsupported.Origin",
    "Unsupported.Alias",
    "AliasAlreadyExists",
    "InvalidKeyMaterial",
    "InvalidImportToken",
    "ExpiredImportToken",
    // Key versions and rotation (docs/spec/keys-v2.md Appendix A, §2.6, §2.10).
    "Rejected.UnsupportedOperation",
    "Rejected.LimitExceeded",
    "Forbidden.KeyVersionNotFound",
    // The newer tag APIs and key policies (docs/spec/keys-v2.md Appendix A).
    "InvalidParameter.TagKey",
    "InvalidParameter.TagValue",
    "Duplicate.TagKey",
    "InvalidResourceId.NotFound",
    "Forbidden.KeyPolicyUnSupported",
    "Forbidden.ResourceNotFound",
    // Secrets Manager (docs/spec/secrets.md Appendix A). `Rejected.LimitExceeded` of the
    // secret quota is a reference test (reference/tests/secrets.rs, D-219).
    "Rejected.ResourceExist",
    "Rejected.ResourceInDeleteWindow",
    "Rejected.ResourceInUse",
    "Rejected.InvalidRequest",
    "Forbidden.DKMSInstanceNotFound",
];

/// Codes of the role and STS APIs (docs/spec/ram-sts.md §1 to §4) that a scenario must produce.
const ROLE_AND_STS_CODES: &[&str] = &[
    "InvalidParameter.RoleName.InvalidChars",
    "InvalidParameter.RoleName.Length",
    "InvalidParameter.AssumeRolePolicyDocument.Length",
    "InvalidParameter.NewAssumeRolePolicyDocument.Length",
    "InvalidParameter.Description.Length",
    "InvalidParameter.MaxSessionDuration",
    "MalformedPolicyDocument",
    "EntityAlreadyExists.Role",
    "EntityNotExist.Role",
    "EntityAlreadyExists.Role.Policy",
    "EntityNotExist.Role.Policy",
    "DeleteConflict.Role.Policy",
    "LimitExceeded.Role",
    "LimitExceeded.Role.Policy",
    "InvalidParameter.RoleArn",
    "InvalidParameter.RoleSessionName",
    "InvalidParameter.DurationSeconds",
    "InvalidParameter.PolicyGrammar",
    "InvalidParameter.PolicySize",
    "InvalidParameter.ExternalId",
    "NoPermission",
    "MissingSecurityToken",
    "InvalidSecurityToken.Malformed",
    "InvalidSecurityToken.Expired",
    "InvalidSecurityToken.MismatchWithAccessKey",
    "InvalidAccessKeyId.NotFound",
];

#[test]
fn every_documented_error_code_is_produced_by_a_scenario() {
    let features = features();
    let mut expected = BTreeSet::new();
    for (_, scenario) in scenarios(&features) {
        for step in &scenario.steps {
            for prefix in ["the call fails with ", "the outcome is "] {
                if let Some(rest) = step.value.strip_prefix(prefix) {
                    let code = rest.split_whitespace().next().unwrap_or_default();
                    if code.starts_with('<') {
                        // An outline column: take the codes from its Examples.
                        let column = code.trim_matches(['<', '>']);
                        for table in scenario.examples.iter().filter_map(|e| e.table.as_ref()) {
                            if let Some(col) = table.rows[0].iter().position(|h| h == column) {
                                expected.extend(table.rows[1..].iter().map(|r| r[col].clone()));
                            }
                        }
                    } else {
                        expected.insert(code.to_owned());
                    }
                }
            }
        }
    }
    let missing: Vec<&&str> = CODES_IN_SCENARIOS
        .iter()
        .chain(ROLE_AND_STS_CODES)
        .filter(|c| !expected.contains(**c))
        .collect();
    assert!(
        missing.is_empty(),
        "error codes no scenario expects: {missing:?}"
    );
}

#[test]
fn every_scenario_states_its_provenance() {
    let features = features();
    let unmarked: Vec<String> = scenarios(&features)
        .into_iter()
        .filter(|(tags, _)| !tags.contains("documented") && !tags.contains("inferred"))
        .map(|(_, s)| s.name.clone())
        .collect();
    assert!(
        unmarked.is_empty(),
        "scenarios without @documented or @inferred: {unmarked:?}"
    );
}

// ---- The spec in docs/spec/: decision ids and citations ----

/// A decision of `docs/spec/decisions.md`: its id (`D-017`) and its status line.
struct DecisionEntry {
    id: String,
    status: String,
}

/// The statuses an entry may have.
const STATUSES: &[&str] = &["in force", "proposed (not implemented yet)", "withdrawn"];

/// Decisions in force that no portable scenario can reach, with the reason. Keep it short: a
/// choice nothing can observe is a configuration note, not a decision.
const DECISIONS_WITHOUT_SCENARIO: &[(&str, &str)] = &[
    (
        "D-219",
        "the secret quota (10 000) is a configuration of the reference, not reachable portably; \
         reference/tests/secrets.rs tests it with a small quota",
    ),
    (
        "D-006",
        "throttling needs a rate limit configured in the target; reference/tests/gateway.rs tests it",
    ),
    (
        "D-075",
        "ServiceUnavailableTemporary: no client input can make a target temporarily unavailable; \
         the reference answers it only when its durable store fails (D-505, \
         reference/tests/journal.rs)",
    ),
    (
        "D-501",
        "the journal of a durable server: reference/tests/journal.rs, tests/durable.rs, \
         tests/crash.rs",
    ),
    ("D-502", "sealing at rest: tests/durable.rs"),
    ("D-503", "schema refusal: tests/durable.rs"),
    (
        "D-504",
        "the root AccessKey across restarts: tests/durable.rs",
    ),
    ("D-505", "a failed write: reference/tests/journal.rs"),
    (
        "D-506",
        "nonces across a restart: tests/durable.rs \
         (a_request_seen_before_a_restart_is_still_a_replay_after_it)",
    ),
    // Bounds of the server (docs/spec/server-bounds.md): configuration of one server, not
    // reachable portably.
    (
        "D-401",
        "the nonce window caps: reference/tests/bounds.rs \
         f2_a_key_filling_its_window_never_fails_another, \
         f2_a_full_global_window_takes_from_the_largest_holder_not_everyone",
    ),
    (
        "D-402",
        "no nonce for refused calls: reference/tests/bounds.rs \
         f2_refused_calls_leave_the_nonce_count_unchanged",
    ),
    (
        "D-403",
        "parameter bounds: reference/tests/bounds.rs \
         f6_ten_thousand_empty_parameters_are_refused_before_authentication",
    ),
    (
        "D-404",
        "query bound: reference/tests/bounds.rs f6_a_query_over_its_bound_is_request_entity_too_large; \
         head bound: tests/server_bounds.rs too_many_header_fields_are_431",
    ),
    (
        "D-405",
        "drained oversized body: tests/server_bounds.rs \
         f9_an_oversized_body_written_whole_gets_the_413_envelope, \
         f9_a_body_past_the_drain_bound_or_awaiting_continue_is_answered_at_once",
    ),
    (
        "D-406",
        "V3 names encoded: reference/src/wire/signature.rs v3_vector_f_names_are_encoded, \
         reference/tests/bounds.rs f8_v3_names_are_signed_encoded_and_client_and_server_agree",
    ),
    (
        "D-407",
        "timeouts: tests/server_bounds.rs f5_half_a_header_is_closed_by_the_header_timeout, \
         f5_idle_connections_are_closed_by_the_idle_timeout",
    ),
    (
        "D-408",
        "connection bound: tests/server_bounds.rs \
         f5_the_connection_past_the_bound_waits_until_one_closes",
    ),
    ("D-409", "the root secret's sources: tests/serve_secret.rs"),
    (
        "D-410",
        "the reference's memory, not the API: reference/tests/trail_bounds.rs \
         (denied_calls_with_a_huge_description_are_stored_cut_and_counted), \
         reference/src/trail/bound.rs",
    ),
    (
        "D-411",
        "reference/tests/trail_bounds.rs \
         (an_invalid_call_is_cut_too_and_its_parameters_share_one_budget, \
         a_long_user_agent_is_cut), reference/src/trail/bound.rs",
    ),
    (
        "D-412",
        "reference/tests/trail_bounds.rs (the_store_evicts_oldest_first_by_bytes), \
         reference/src/trail/store.rs",
    ),
    (
        "D-413",
        "reference/tests/trail_bounds.rs (the counters), tests/server.rs (/healthz)",
    ),
    (
        "D-414",
        "concurrency and the journal, not the API: reference/tests/keygen_outside_lock.rs, \
         reference/tests/journal.rs (key_pairs_made_before_the_lock_replay_exactly, \
         denied_and_unfit_calls_prepare_nothing)",
    ),
    (
        "D-415",
        "the store's indexes, not the API: reference/src/keystore/tests.rs \
         (the_index_agrees_with_a_walk_over_the_store, \
         applying_time_visits_only_the_keys_that_are_due)",
    ),
    (
        "D-601",
        "what kmsconf diff writes; tests/planted/diff.sh runs its scenarios on the reference",
    ),
    (
        "D-602",
        "diff normalisation: src/diff/normal.rs unit tests, tests/diff.rs",
    ),
    (
        "D-603",
        "diff accounts and case size: tests/diff.rs, tests/planted/diff.sh",
    ),
    ("D-604", "known divergences in a diff: tests/diff.rs"),
];

fn is_decision_id(tag: &str) -> bool {
    tag.strip_prefix("D-")
        .is_some_and(|n| n.len() == 3 && n.bytes().all(|b| b.is_ascii_digit()))
}

fn decisions() -> Vec<DecisionEntry> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/spec/decisions.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut out: Vec<DecisionEntry> = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let Some(heading) = line.strip_prefix("### ") else {
            continue;
        };
        let (id, title) = heading.split_once(": ").unwrap_or((heading, ""));
        assert!(
            is_decision_id(id) && !title.is_empty(),
            "docs/spec/decisions.md: a heading must read `### D-nnn: <title>`: {line:?}"
        );
        let status = lines
            .peek()
            .and_then(|l| l.strip_prefix("Status: "))
            .unwrap_or_default()
            .to_owned();
        assert!(
            STATUSES.contains(&status.as_str()),
            "docs/spec/decisions.md: {id} must be followed by a `Status:` line, one of {STATUSES:?}"
        );
        assert!(
            out.iter().all(|d| d.id != id),
            "docs/spec/decisions.md: {id} is defined twice"
        );
        out.push(DecisionEntry {
            id: id.to_owned(),
            status,
        });
    }
    assert!(!out.is_empty(), "no decisions found in {}", path.display());
    out
}

/// Every scenario with all the tags that apply to it (feature, rule, scenario and Examples),
/// and where it is, for messages.
/// Each scenario's tags and where it is (`features/<file>:<line> "<name>"`).
fn tagged_scenarios(all: &[ScenarioInfo]) -> Vec<(BTreeSet<String>, String)> {
    all.iter()
        .map(|s| {
            let at = format!("features/{}:{} {:?}", s.file, s.line, s.name);
            (s.tags.iter().cloned().collect(), at)
        })
        .collect()
}

#[test]
fn every_inferred_scenario_names_a_decision() {
    let features = features();
    let unnamed: Vec<String> = tagged_scenarios(&features)
        .into_iter()
        .filter(|(tags, _)| tags.contains("inferred") && !tags.iter().any(|t| is_decision_id(t)))
        .map(|(_, at)| at)
        .collect();
    assert!(
        unnamed.is_empty(),
        "@inferred scenarios without a decision id tag (@D-nnn, see docs/spec/decisions.md): \
         {unnamed:#?}"
    );
}

/// The proposed decisions of `docs/spec/decisions-next.md` of which a part is in force: their
/// entry carries a `Parts in force:` paragraph saying which part, and scenarios of that part
/// may name them until the whole entry moves to docs/spec/decisions.md.
fn partly_in_force() -> BTreeSet<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/spec/decisions-next.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut out = BTreeSet::new();
    let mut current: Option<&str> = None;
    for line in text.lines() {
        if let Some(heading) = line.strip_prefix("### ") {
            current = heading.split(':').next().filter(|id| is_decision_id(id));
        } else if line.starts_with("Parts in force:") {
            out.extend(current.map(str::to_owned));
        }
    }
    out
}

#[test]
fn every_decision_tag_names_a_known_decision() {
    let features = features();
    let decisions = decisions();
    let partly = partly_in_force();
    let mut unknown = Vec::new();
    for (tags, at) in tagged_scenarios(&features) {
        for tag in tags.iter().filter(|t| t.starts_with("D-")) {
            match decisions.iter().find(|d| d.id == *tag) {
                None if partly.contains(tag) => {}
                None => unknown.push(format!("@{tag} at {at}: not in docs/spec/decisions.md")),
                Some(d) if d.status == "withdrawn" => {
                    unknown.push(format!("@{tag} at {at}: the decision is withdrawn"))
                }
                Some(_) => {}
            }
        }
    }
    assert!(unknown.is_empty(), "unknown decision ids: {unknown:#?}");
}

#[test]
fn every_decision_in_force_is_named_by_a_scenario() {
    let features = features();
    let decisions = decisions();
    let named: BTreeSet<String> = tagged_scenarios(&features)
        .into_iter()
        .flat_map(|(tags, _)| tags)
        .filter(|t| is_decision_id(t))
        .collect();
    for (id, _) in DECISIONS_WITHOUT_SCENARIO {
        let entry = decisions.iter().find(|d| d.id == *id);
        assert!(
            entry.is_some_and(|d| d.status == "in force") && !named.contains(*id),
            "DECISIONS_WITHOUT_SCENARIO: {id} must be a decision in force that no scenario names"
        );
    }
    let untested: Vec<&str> = decisions
        .iter()
        .filter(|d| d.status == "in force")
        .map(|d| d.id.as_str())
        .filter(|id| !named.contains(*id))
        .filter(|id| DECISIONS_WITHOUT_SCENARIO.iter().all(|(x, _)| x != id))
        .collect();
    assert!(
        untested.is_empty(),
        "decisions in force that no scenario is tagged with: {untested:?}"
    );
}

/// Tracked text files of the repository, with their contents (binary files are skipped).
fn tracked_text_files() -> Option<Vec<(String, String)>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let listing = std::process::Command::new("git")
        .arg("ls-files")
        .current_dir(root)
        .output()
        .ok()
        .filter(|o| o.status.success())?;
    let listing = String::from_utf8(listing.stdout).unwrap();
    Some(
        listing
            .lines()
            .filter_map(|name| {
                let bytes = std::fs::read(root.join(name)).ok()?;
                let text = String::from_utf8(bytes)
                    .ok()
                    .filter(|t| !t.contains('\0'))?;
                Some((name.to_owned(), text))
            })
            .collect(),
    )
}

/// What a file cites outside the repository: the old shared spec, or a spec file by a bare name
/// that does not lead to `docs/spec/`. Inside `docs/spec/` a bare name is the sibling file.
fn outside_citations(name: &str, text: &str, spec_files: &BTreeSet<String>) -> Vec<String> {
    let mut found = Vec::new();
    // Spelled in pieces so that this file does not cite them itself.
    let outside = [["..", "/shared"].concat(), ["shared", "/spec"].concat()];
    let stems = [
        "kms-api",
        "kms-api-v2",
        "fidelity-audit",
        "fidelity",
        "toolchain",
        "ram-sts",
        "decisions",
    ];
    let in_spec = name.starts_with("docs/spec/");
    for (n, line) in text.lines().enumerate() {
        let at = format!("{name}:{}", n + 1);
        for o in &outside {
            if line.contains(o.as_str()) {
                found.push(format!("{at}: mentions {o}"));
            }
        }
        if line.contains(["decisions", " table"].concat().as_str()) {
            found.push(format!("{at}: cites the old table of decisions"));
        }
        for stem in stems {
            let file = format!("{stem}.md");
            for (i, _) in line.match_indices(file.as_str()) {
                let before = &line[..i];
                // A longer name that merely ends so (`my-toolchain` + `.md`) is another file.
                if before.ends_with(|c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
                    continue;
                }
                let prefixed = before.ends_with("docs/spec/");
                if !(prefixed || in_spec && !before.ends_with('/')) {
                    found.push(format!("{at}: cites {file} without docs/spec/"));
                } else if !spec_files.contains(&file) {
                    found.push(format!(
                        "{at}: cites docs/spec/{file}, which does not exist"
                    ));
                }
            }
        }
    }
    found
}

#[test]
fn no_tracked_file_cites_a_spec_outside_the_repository() {
    let Some(files) = tracked_text_files() else {
        eprintln!("not a git checkout: citation check skipped");
        return;
    };
    let spec_files: BTreeSet<String> = files
        .iter()
        .filter_map(|(name, _)| name.strip_prefix("docs/spec/"))
        .map(str::to_owned)
        .collect();
    let found: Vec<String> = files
        .iter()
        .flat_map(|(name, text)| outside_citations(name, text, &spec_files))
        .collect();
    assert!(
        found.is_empty(),
        "citations of files outside the repository (cite docs/spec/...): {found:#?}"
    );
}

#[test]
fn the_citation_rule_accepts_docs_spec_and_refuses_the_rest() {
    // Names are assembled so that this file does not trip the rule it tests.
    let md = ".md";
    let spec: BTreeSet<String> = [format!("kms-api{md}"), format!("decisions{md}")].into();
    let ok = |name: &str, line: String| outside_citations(name, &line, &spec).is_empty();
    assert!(ok("src/a.rs", format!("// docs/spec/kms-api{md} §2.3")));
    assert!(ok(
        "features/x.feature",
        format!("(docs/spec/decisions{md} D-017)")
    ));
    assert!(ok(
        "docs/spec/fidelity.md",
        format!("[kms-api{md}](kms-api{md}) §1.7")
    ));
    assert!(!ok("src/a.rs", format!("// kms-api{md} §2.3")));
    assert!(!ok("src/a.rs", format!("// docs/spec/toolchain{md} §1")));
    let up = "..";
    assert!(!ok(
        "README.md",
        format!("see {up}/shared/{}/kms-api{md}", "spec")
    ));
    assert!(!ok(
        "docs/spec/README.md",
        format!("the old fidelity-audit{md}")
    ));
}
