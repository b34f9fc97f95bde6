//! `features/README.md` is the catalogue scenario writers read; these tests keep it true. Every
//! step definition in `src/steps/` must match at least one example in its Steps section (and
//! the first example of every bullet must match a step, so a removed step leaves no stale
//! example), and every tag used in `features/` must be in its Tags table: by name, or as a
//! member of a family the table documents with one row (`@Encrypt` for the API names, `@D-nnn`
//! for decision ids).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use regex::Regex;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn files(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, ext, out);
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
    out.sort();
}

/// The README's section under `## {title}`, up to the next `## `.
fn section(readme: &str, title: &str) -> String {
    let start = readme
        .find(&format!("\n## {title}\n"))
        .unwrap_or_else(|| panic!("features/README.md has no `## {title}` section"));
    let rest = &readme[start + title.len() + 5..];
    rest[..rest.find("\n## ").unwrap_or(rest.len())].to_owned()
}

/// Backticked spans of `text`.
fn spans(text: &str) -> Vec<String> {
    Regex::new(r"`([^`]+)`")
        .unwrap()
        .captures_iter(text)
        .map(|c| c[1].to_owned())
        .collect()
}

/// A step definition: where it is, its text as written, and the regex it matches.
struct StepDef {
    at: String,
    text: String,
    regex: Regex,
}

/// The regex of each parameter type: cucumber's built-ins and the `#[derive(Parameter)]`
/// types of `src/` (read from their `#[param(name = ..., regex = ...)]`).
fn parameter_types(sources: &[(PathBuf, String)]) -> Vec<(String, String)> {
    let mut types = vec![
        ("word".to_owned(), r"[^\s]+".to_owned()),
        ("int".to_owned(), r"-?\d+".to_owned()),
        ("float".to_owned(), r"-?\d*\.?\d+".to_owned()),
        (
            "string".to_owned(),
            r#""(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'"#.to_owned(),
        ),
    ];
    let param =
        Regex::new(r#"#\[param\(\s*name\s*=\s*"(\w+)",\s*regex\s*=\s*r?#?"((?:[^"\\]|\\.)*)"#)
            .unwrap();
    for (_, text) in sources {
        for c in param.captures_iter(text) {
            types.push((c[1].to_owned(), c[2].to_owned()));
        }
    }
    types
}

/// A cucumber expression as an anchored regex: `{type}` by its regex, `(text)` optional,
/// everything else literal.
fn expression_regex(expr: &str, types: &[(String, String)]) -> String {
    let mut out = String::from("^");
    let mut rest = expr;
    while let Some(c) = rest.chars().next() {
        if c == '{' {
            let end = rest.find('}').expect("a parameter closes");
            let name = &rest[1..end];
            let (_, regex) = types
                .iter()
                .find(|(n, _)| n == name)
                .unwrap_or_else(|| panic!("unknown parameter type {{{name}}} in `{expr}`"));
            out.push_str(&format!("(?:{regex})"));
            rest = &rest[end + 1..];
        } else if c == '(' {
            let end = rest.find(')').expect("an optional closes");
            out.push_str(&format!("(?:{})?", regex::escape(&rest[1..end])));
            rest = &rest[end + 1..];
        } else {
            out.push_str(&regex::escape(&c.to_string()));
            rest = &rest[c.len_utf8()..];
        }
    }
    out.push('$');
    out
}

/// Every `#[given]`, `#[when]` and `#[then]` of `src/steps/` (and `src/steps.rs`).
fn step_definitions() -> Vec<StepDef> {
    let mut paths = Vec::new();
    files(&Path::new(ROOT).join("src"), "rs", &mut paths);
    let sources: Vec<(PathBuf, String)> =
        paths.into_iter().map(|p| (p.clone(), read(&p))).collect();
    let types = parameter_types(&sources);
    let attribute = Regex::new(
        r##"#\[(?:given|when|then)\(\s*(?:(expr|regex)\s*=\s*)?(?:r#"(.*?)"#|r?"((?:[^"\\]|\\.)*)")"##,
    )
    .unwrap();
    let mut defs = Vec::new();
    for (path, text) in sources
        .iter()
        .filter(|(p, _)| p.to_string_lossy().contains("/steps"))
    {
        for c in attribute.captures_iter(text) {
            let line = text[..c.get(0).unwrap().start()].lines().count() + 1;
            let written = c.get(2).or(c.get(3)).unwrap().as_str().to_owned();
            let regex = match c.get(1).map(|m| m.as_str()) {
                Some("regex") => written.clone(),
                _ => expression_regex(&written, &types),
            };
            defs.push(StepDef {
                at: format!("{}:{line}", path.strip_prefix(ROOT).unwrap().display()),
                regex: Regex::new(&regex).unwrap_or_else(|e| panic!("{written}: {e}")),
                text: written,
            });
        }
    }
    assert!(
        defs.len() > 50,
        "found only {} step definitions",
        defs.len()
    );
    defs
}

#[test]
fn every_step_is_in_the_catalogue() {
    let readme = read(&Path::new(ROOT).join("features/README.md"));
    let steps = section(&readme, "Steps");
    let examples = spans(&steps);
    let defs = step_definitions();
    let missing: Vec<String> = defs
        .iter()
        .filter(|d| !examples.iter().any(|e| d.regex.is_match(e)))
        .map(|d| format!("{}: `{}`", d.at, d.text))
        .collect();
    assert!(
        missing.is_empty(),
        "steps without an example in features/README.md (## Steps):\n  {}",
        missing.join("\n  ")
    );
    let stale: Vec<String> = steps
        .lines()
        .filter(|l| l.trim_start().starts_with("- `"))
        .filter_map(|l| spans(l).into_iter().next())
        .filter(|e| !defs.iter().any(|d| d.regex.is_match(e)))
        .collect();
    assert!(
        stale.is_empty(),
        "examples in features/README.md that no step matches: {stale:?}"
    );
}

#[test]
fn every_tag_is_in_the_table() {
    let readme = read(&Path::new(ROOT).join("features/README.md"));
    let table = section(&readme, "Tags");
    let documented: BTreeSet<String> = spans(&table)
        .into_iter()
        .filter_map(|s| s.strip_prefix('@').map(str::to_owned))
        .collect();
    let api_family = documented.contains("Encrypt");
    let decision_family = documented.contains("D-nnn");
    let decision = Regex::new(r"^D-\d+$").unwrap();
    let mut features = Vec::new();
    files(&Path::new(ROOT).join("features"), "feature", &mut features);
    assert!(!features.is_empty());
    let mut undocumented = BTreeSet::new();
    for path in &features {
        for line in read(path).lines() {
            let line = line.trim();
            if !line.starts_with('@') {
                continue;
            }
            for tag in line.split_whitespace().filter_map(|t| t.strip_prefix('@')) {
                let known = documented.contains(tag)
                    || api_family && kms_reference::Api::from_name(tag).is_some()
                    || decision_family && decision.is_match(tag);
                if !known {
                    undocumented.insert(format!(
                        "@{tag} ({})",
                        path.strip_prefix(ROOT).unwrap().display()
                    ));
                }
            }
        }
    }
    assert!(
        undocumented.is_empty(),
        "tags missing from the table in features/README.md (## Tags):\n  {}",
        undocumented.into_iter().collect::<Vec<_>>().join("\n  ")
    );
}

#[test]
fn expressions_become_anchored_regexes() {
    let types = parameter_types(&[]);
    let r = Regex::new(&expression_regex("the trail holds {int} event(s)", &types)).unwrap();
    assert!(r.is_match("the trail holds 3 events"));
    assert!(r.is_match("the trail holds 1 event"));
    assert!(!r.is_match("the trail holds three events"));
    let r = Regex::new(&expression_regex("I encrypt {string} under {word}", &types)).unwrap();
    assert!(r.is_match(r#"I encrypt "text" under k1"#));
    assert!(!r.is_match(r#"I encrypt "text" under k1 with context "{}""#));
}
