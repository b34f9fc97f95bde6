//! The fuzz corpus as a plain `cargo test`: every committed input under
//! `fuzz/regressions/<target>/` (minimised crashes, named after the bug) and
//! `fuzz/corpus/<target>/` (seeds), plus `fuzz/artifacts/<target>/` when a local campaign left
//! crash files there, replayed through the same `kms_reference::fuzzing` functions the fuzz
//! targets call. No libFuzzer, no nightly.
//!
//! Plain `cargo test --workspace` replays the byte-input targets (policy_parse,
//! ciphertext_decode, rpc_request); the structured ones need the `arbitrary` feature:
//! `cargo test -p kms-reference --features arbitrary --test fuzz_regressions`.
//! Regenerate the generated seeds: add `-- --ignored write_generated_seeds`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a failure is a test failure"
)]

use std::path::{Path, PathBuf};

use kms_reference::fuzzing::{TARGETS, generated_seeds, run};

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz")
}

/// Every file of `dir`, sorted (a missing directory has none).
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .filter(|p| {
                    !p.file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// Replays `kind` inputs of every target; returns how many ran. Panics naming every failing file.
/// Of `corpus/` only the committed `seed-*` files run (a local campaign adds thousands more).
fn replay(kind: &str) -> usize {
    let mut failures = Vec::new();
    let mut count = 0;
    for target in TARGETS {
        for path in files(&fuzz_dir().join(kind).join(target)) {
            let seed = path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("seed-"));
            if kind == "corpus" && !seed {
                continue;
            }
            let data = std::fs::read(&path).unwrap();
            count += 1;
            let outcome = std::panic::catch_unwind(|| run(target, &data));
            match outcome {
                Ok(Ok(())) => {}
                Ok(Err(violation)) => failures.push(format!("{}: {violation}", path.display())),
                Err(_) => failures.push(format!("{}: panicked", path.display())),
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failing inputs:\n{}",
        failures.len(),
        failures.join("\n")
    );
    count
}

#[test]
fn regressions_stay_fixed() {
    let n = replay("regressions");
    eprintln!("replayed {n} regression inputs");
}

#[test]
fn corpus_seeds_pass() {
    let n = replay("corpus");
    assert!(
        n >= TARGETS.len(),
        "every target has committed seeds ({n} files)"
    );
}

#[test]
fn local_artifacts_pass() {
    // Git-ignored: only there after a local campaign found something.
    replay("artifacts");
}

#[test]
fn every_target_has_seeds_and_a_regressions_directory() {
    for target in TARGETS {
        assert!(
            !files(&fuzz_dir().join("corpus").join(target)).is_empty(),
            "no seeds for {target}"
        );
        assert!(
            fuzz_dir().join("regressions").join(target).is_dir(),
            "no regressions/{target}/"
        );
    }
}

#[cfg(feature = "arbitrary")]
#[test]
fn the_naive_matcher_agrees_with_the_production_matcher_on_examples() {
    use kms_reference::fuzzing::naive_wildcard_match;
    for (p, t) in [
        ("kms:*", "kms:Encrypt"),
        ("a*b?c", "aXXbYc"),
        ("*", ""),
        ("?", ""),
    ] {
        for ignore_case in [false, true] {
            assert_eq!(
                naive_wildcard_match(p, t, ignore_case),
                kms_reference::wildcard_match(p, t, ignore_case),
                "{p} {t}"
            );
        }
    }
}

#[test]
#[ignore = "writes fuzz/corpus/<target>/seed-* files; run on purpose"]
fn write_generated_seeds() {
    for target in TARGETS {
        for (name, data) in generated_seeds(target) {
            let dir = fuzz_dir().join("corpus").join(target);
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(dir.join(format!("seed-{name}")), data).unwrap();
        }
    }
}
