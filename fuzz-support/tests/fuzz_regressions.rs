//! The fuzz corpus as a plain `cargo test`: every committed input under
//! `fuzz/regressions/<target>/` (minimised crashes, named after the bug) and
//! `fuzz/corpus/<target>/` (seeds), plus `fuzz/artifacts/<target>/` when a local campaign left
//! crash files there, replayed through the same `kms_fuzz_support` functions the fuzz targets
//! call. No libFuzzer, no nightly: `cargo test -p kms-fuzz-support` (also part of
//! `cargo test --workspace`). Regenerate the generated seeds: add
//! `--test fuzz_regressions -- --ignored write_generated_seeds`.

use std::path::{Path, PathBuf};

use kms_fuzz_support::{TARGETS, naive_wildcard_match, run};

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
        for path in files(&fuzz_dir().join(kind).join(target.name)) {
            let seed = path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("seed-"));
            if kind == "corpus" && !seed {
                continue;
            }
            let data = std::fs::read(&path).unwrap();
            count += 1;
            let outcome = std::panic::catch_unwind(|| (target.run)(&data));
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
        let name = target.name;
        assert!(
            !files(&fuzz_dir().join("corpus").join(name)).is_empty(),
            "no seeds for {name}"
        );
        assert!(
            fuzz_dir().join("regressions").join(name).is_dir(),
            "no regressions/{name}/"
        );
    }
}

#[test]
fn run_dispatches_by_name_and_refuses_unknown_targets() {
    for target in TARGETS {
        assert!(run(target.name, b"").is_ok(), "{} on no bytes", target.name);
    }
    let unknown = run("no_such_target", b"").unwrap_err();
    assert!(unknown.message.contains("no_such_target"), "{unknown}");
}

#[test]
fn the_target_names_are_the_fuzz_crate_binaries() {
    let manifest = std::fs::read_to_string(fuzz_dir().join("Cargo.toml")).unwrap();
    // The `name = "…"` line of every `[[bin]]` section.
    let mut bins: Vec<&str> = manifest
        .split("[[bin]]")
        .skip(1)
        .filter_map(|section| {
            section
                .lines()
                .find_map(|l| l.strip_prefix("name = \""))
                .and_then(|l| l.strip_suffix('"'))
        })
        .collect();
    let mut names: Vec<&str> = TARGETS.iter().map(|t| t.name).collect();
    bins.sort_unstable();
    names.sort_unstable();
    assert_eq!(bins, names);
}

#[test]
fn the_naive_matcher_agrees_with_the_production_matcher_on_examples() {
    for (p, t) in [
        ("kms:*", "kms:Encrypt"),
        ("a*b?c", "aXXbYc"),
        ("*", ""),
        ("?", ""),
    ] {
        for ignore_case in [false, true] {
            assert_eq!(
                naive_wildcard_match(p, t, ignore_case),
                kms_reference::policy::wildcard_match(p, t, ignore_case),
                "{p} {t}"
            );
        }
    }
}

#[test]
#[ignore = "writes fuzz/corpus/<target>/seed-* files; run on purpose"]
fn write_generated_seeds() {
    for target in TARGETS {
        for (name, data) in (target.generated_seeds)() {
            let dir = fuzz_dir().join("corpus").join(target.name);
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(dir.join(format!("seed-{name}")), data).unwrap();
        }
    }
}
