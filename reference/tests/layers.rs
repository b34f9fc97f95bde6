//! The oracle's modules form floors: each imports only floors below its own, so no import
//! points up and there are no cycles. A new module must be given its floor here; an import
//! that points up or sideways fails with the file and line.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a failure is a test failure"
)]

use std::collections::BTreeMap;
use std::path::Path;

/// Top-level modules of `reference/src`, lowest floor first.
const FLOORS: &[&[&str]] = &[
    // Leaves: facts and small types.
    &[
        "error", "clock", "random", "secret", "percent", "caller", "arn", "values",
    ],
    // The API list and its descriptions.
    &["api"],
    // Typed requests and responses.
    &["request", "response", "ram"],
    // Independent engines: the policy language, ciphertexts, the trail, the wire codec.
    &["policy", "crypto", "trail", "wire"],
    // State: configuration, identities, keys.
    &["config", "identity", "keystore"],
    // The service: one entry point per product.
    &["service"],
    // The gateway: authentication, routing, dispatch, envelopes.
    &["gateway"],
];

fn floor_of(module: &str) -> Option<usize> {
    FLOORS.iter().position(|floor| floor.contains(&module))
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_import_points_down() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut unknown = BTreeMap::new();
    let mut upward = Vec::new();
    for file in &files {
        let relative = file
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        if relative == "lib.rs" {
            continue;
        }
        let own = relative
            .split(['/', '.'])
            .next()
            .unwrap_or_default()
            .to_owned();
        let Some(own_floor) = floor_of(&own) else {
            unknown.insert(own, relative.clone());
            continue;
        };
        let text = std::fs::read_to_string(file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let mut rest = line;
            while let Some(at) = rest.find("crate::") {
                rest = &rest[at + "crate::".len()..];
                let target: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if target == own || target.is_empty() {
                    continue;
                }
                match floor_of(&target) {
                    // A root re-export (`crate::Kms`) in a doc link: not a module.
                    None if target.chars().next().is_some_and(char::is_uppercase) => {}
                    None => upward.push(format!(
                        "{relative}:{}: `crate::{target}` is a module without a floor",
                        n + 1
                    )),
                    Some(f) if f < own_floor => {}
                    Some(_) => upward.push(format!(
                        "{relative}:{}: `{own}` imports `{target}`, which is not below it",
                        n + 1
                    )),
                }
            }
        }
    }
    assert!(
        unknown.is_empty(),
        "modules without a floor in FLOORS: {unknown:?}"
    );
    assert!(
        upward.is_empty(),
        "imports that do not point down:\n{}",
        upward.join("\n")
    );
}
