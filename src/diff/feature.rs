//! A disagreement written down: the shrunk case as a ready `.feature` scenario asserting the
//! reference's outcomes, and the raw exchanges of both sides.

use std::fmt::Write as _;
use std::sync::LazyLock;

use regex::Regex;
use serde_json::Value;

use crate::diff::exec::{Entry, Exchange};
use crate::diff::normal::Difference;
use crate::world::{redacted_body, redacted_params};

/// Where the first disagreement is: the entry, the exchange within it, and what differs.
pub(crate) struct Disagreement {
    pub(crate) entry: usize,
    pub(crate) exchange: usize,
    pub(crate) differences: Vec<Difference>,
}

/// Names a scenario can use: what earlier steps saved.
static SCENARIO_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(k\d+(\.arn|\.version)?|b\d+|dk\d+|sig\d+|prefix|r\d+\.arn)$")
        .unwrap_or_else(|e| unreachable!("{e}"))
});
static SYMBOL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\$\{([^}]+)\}").unwrap_or_else(|e| unreachable!("{e}")));

/// The scenario: the reference's entries up to the disagreement, each call followed by the
/// reference's outcome and, at the disagreement, by the fields where the endpoint differed.
pub(crate) fn scenario(
    title: &str,
    header_comment: &str,
    reference: &[Entry],
    at: &Disagreement,
) -> String {
    let shown = &reference[..(at.entry + 1).min(reference.len())];
    let mut tags = vec!["@diff".to_owned(), "@inferred".into(), "@D-601".into()];
    let mut apis: Vec<String> = Vec::new();
    let mut needs: Vec<&str> = Vec::new();
    for entry in shown {
        match entry {
            Entry::Line(_) => needs.push("@needs-clock"),
            Entry::Group(..) => needs.push("@needs-ram"),
            Entry::Call(_) => {}
        }
        for e in entry.exchanges() {
            let action = e.call.action.as_str();
            if kms_reference::Api::from_name(action).is_some() {
                apis.push(format!("@{action}"));
            }
            if matches!(action, "ListKeys" | "ListAliases" | "ListSecrets") {
                needs.push("@needs-fresh-account");
            }
            if action == "AssumeRole" {
                needs.extend(["@needs-ram", "@needs-sts"]);
            }
            if !matches!(e.call.signer, crate::sut::Signer::Root) {
                needs.push("@needs-ram");
            }
        }
    }
    apis.sort();
    apis.dedup();
    needs.sort();
    needs.dedup();
    tags.extend(apis);
    tags.extend(needs.into_iter().map(str::to_owned));

    let mut out = String::new();
    for line in header_comment.lines() {
        let _ = writeln!(out, "# {line}");
    }
    let _ = writeln!(
        out,
        "Feature: kmsconf diff: where an endpoint differs from the reference\n"
    );
    let _ = writeln!(out, "  {}", tags.join(" "));
    let _ = writeln!(out, "  Scenario: {title}");
    for (i, entry) in shown.iter().enumerate() {
        match entry {
            Entry::Line(line) => {
                let _ = writeln!(out, "    {line}");
            }
            Entry::Group(lines, _) => {
                for line in lines {
                    let _ = writeln!(out, "    {line}");
                }
            }
            Entry::Call(e) => {
                let last = (i == at.entry).then_some(&at.differences[..]);
                write_call(&mut out, e, last);
            }
        }
    }
    out
}

fn write_call(out: &mut String, e: &Exchange, differences: Option<&[Difference]>) {
    let _ = writeln!(out, "    When {}", e.header);
    if e.header.ends_with("with:") {
        for (name, value) in &e.table {
            let _ = writeln!(out, "      | {name} | {} |", cell(value));
        }
    }
    let outcome = &e.outcome;
    match outcome.error_code() {
        None if outcome.is_success() => {
            let _ = writeln!(out, "    Then the call succeeds");
            for (path, name) in &e.saves {
                let _ = writeln!(
                    out,
                    "    And I save the response field \"{path}\" as {name}"
                );
            }
        }
        code => {
            let _ = writeln!(
                out,
                "    Then the call fails with {} and status {}",
                code.unwrap_or("<no Code>"),
                outcome.http_status
            );
        }
    }
    for d in differences.unwrap_or_default() {
        if d.path.is_empty() {
            continue;
        }
        for line in field_assertions(&d.path, d.reference.as_ref(), d.endpoint.as_ref()) {
            let _ = writeln!(out, "    And {line}");
        }
    }
}

/// A table cell: `|` and `\` escaped as Gherkin wants them.
fn cell(value: &str) -> String {
    value.replace('\\', "\\\\").replace('|', "\\|")
}

/// Steps that hold for the reference's value at `path` and not for the endpoint's.
fn field_assertions(
    path: &str,
    reference: Option<&Value>,
    endpoint: Option<&Value>,
) -> Vec<String> {
    let field = format!("the response field \"{path}\"");
    match reference {
        None => vec![format!("{field} is absent")],
        Some(Value::Array(items)) => {
            let mut lines = vec![format!("{field} has {} items", items.len())];
            let names = |items: &[Value]| -> Vec<String> {
                items.iter().filter_map(first_scenario_name).collect()
            };
            let mine = names(items);
            for name in &mine {
                lines.push(format!("{field} contains \"${{{name}}}\""));
            }
            if let Some(Value::Array(theirs)) = endpoint {
                for name in names(theirs) {
                    if !mine.contains(&name) {
                        lines.push(format!("{field} does not contain \"${{{name}}}\""));
                    }
                }
            }
            lines
        }
        Some(Value::Object(_)) => vec![format!("{field} is not empty")],
        Some(Value::String(s)) => vec![string_assertion(&field, s)],
        Some(other) => vec![format!("{field} is \"{other}\"")],
    }
}

/// The first name a scenario saved that occurs in `item`.
fn first_scenario_name(item: &Value) -> Option<String> {
    match item {
        Value::String(s) => SYMBOL
            .captures_iter(s)
            .map(|c| c[1].to_owned())
            .find(|n| SCENARIO_NAME.is_match(n)),
        Value::Object(map) => map.values().find_map(first_scenario_name),
        Value::Array(items) => items.iter().find_map(first_scenario_name),
        _ => None,
    }
}

/// `is "..."` when every symbol of `s` is a name the scenario saved, else a regular
/// expression in which the others match anything of their kind.
fn string_assertion(field: &str, s: &str) -> String {
    if s.contains("<time>") {
        return format!("{field} is not empty");
    }
    let all_known = SYMBOL
        .captures_iter(s)
        .all(|c| SCENARIO_NAME.is_match(&c[1]));
    if all_known {
        return format!("{field} is \"{}\"", s.replace('"', "\\\""));
    }
    let mut pattern = String::from("^");
    let mut rest = s;
    while let Some(found) = SYMBOL.find(rest) {
        pattern.push_str(&regex::escape(&rest[..found.start()]));
        let name = &rest[found.start() + 2..found.end() - 1];
        if SCENARIO_NAME.is_match(name) {
            pattern.push_str(found.as_str());
        } else if name == "account" {
            pattern.push_str("[0-9]+");
        } else {
            pattern.push_str(".+");
        }
        rest = &rest[found.end()..];
    }
    pattern.push_str(&regex::escape(rest));
    pattern.push('$');
    format!("{field} matches \"{}\"", pattern.replace('"', "\\\""))
}

/// Both sides' exchanges, secrets cut short: what a reader checks the scenario against.
pub(crate) fn transcript(reference: &[Entry], endpoint: &[Entry], endpoint_label: &str) -> String {
    let mut out = String::new();
    let sides = [("reference", reference), (endpoint_label, endpoint)];
    for (label, entries) in sides {
        let _ = writeln!(out, "== {label}");
        let mut n = 0;
        for entry in entries {
            if let Entry::Line(line) = entry {
                let _ = writeln!(out, "-- {line}");
            }
            for e in entry.exchanges() {
                n += 1;
                let _ = writeln!(
                    out,
                    "{n}. {:?} {} {} as {:?}\n   -> HTTP {} {}",
                    e.call.service,
                    e.call.action,
                    redacted_params(&e.call),
                    e.call.signer,
                    e.outcome.http_status,
                    redacted_body(&e.outcome.body)
                );
            }
        }
        let _ = writeln!(out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn strings_with_unsaved_names_become_patterns() {
        assert_eq!(
            string_assertion("f", "acs:kms:cn-hangzhou:${account}:key/${k1}"),
            r#"f matches "^acs:kms:cn\-hangzhou:[0-9]+:key/${k1}$""#
        );
        assert_eq!(string_assertion("f", "${k1}"), r#"f is "${k1}""#);
    }

    #[test]
    fn lists_assert_their_members() {
        let lines = field_assertions(
            "Keys.Key",
            Some(&json!([{"KeyId": "${k2}"}])),
            Some(&json!([{"KeyId": "${k3}"}])),
        );
        assert_eq!(
            lines,
            [
                "the response field \"Keys.Key\" has 1 items",
                "the response field \"Keys.Key\" contains \"${k2}\"",
                "the response field \"Keys.Key\" does not contain \"${k3}\"",
            ]
        );
    }
}
