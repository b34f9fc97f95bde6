//! The layering check shared by the oracle's and the harness's layer tests: modules form
//! floors, and every `crate::` import must point to a lower floor.

use std::collections::BTreeMap;
use std::path::Path;

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

/// Fails, naming file and line, when a module of `src` imports (`crate::x`) a module that is not
/// on a lower floor of `floors` (lowest first), or when a module has no floor.
pub(crate) fn check_floors(src: &Path, floors: &[&[&str]]) {
    let floor_of = |module: &str| floors.iter().position(|floor| floor.contains(&module));
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let mut unknown = BTreeMap::new();
    let mut upward = Vec::new();
    for file in &files {
        let relative = file
            .strip_prefix(src)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        if relative == "lib.rs" || relative == "main.rs" {
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
    assert!(unknown.is_empty(), "modules without a floor: {unknown:?}");
    assert!(
        upward.is_empty(),
        "imports that do not point down:\n{}",
        upward.join("\n")
    );
}
