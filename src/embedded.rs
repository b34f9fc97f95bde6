//! The feature files built into the binary (see build.rs), written out to a private directory
//! for one run, so that an installed `kmsconf` runs the suite from any directory.

use std::io;
use std::path::{Path, PathBuf};

/// Every `.feature` file of the suite: (path relative to `features/`, contents).
pub const FILES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/embedded_features.rs"));

/// The embedded suite written to a fresh directory, removed again when dropped.
#[derive(Debug)]
pub struct ExtractedFeatures {
    dir: PathBuf,
}

impl ExtractedFeatures {
    /// Writes [`FILES`] below a new directory of the system's temporary directory, readable by
    /// this user only. Each run gets its own, so concurrent runs never share one.
    pub fn write() -> io::Result<Self> {
        let dir = std::env::temp_dir().join(format!(
            "kmsconf-features-{}-{}",
            std::process::id(),
            uuid::Uuid::new_v4().simple()
        ));
        create_private_dir(&dir)?;
        let extracted = ExtractedFeatures { dir };
        for (relative, contents) in FILES {
            let path = extracted.dir.join(relative);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(path, contents)?;
        }
        Ok(extracted)
    }

    /// The directory holding the suite.
    pub fn path(&self) -> &Path {
        &self.dir
    }
}

impl Drop for ExtractedFeatures {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[cfg(unix)]
fn create_private_dir(dir: &Path) -> io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new().mode(0o700).create(dir)
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> io::Result<()> {
    std::fs::create_dir(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `.feature` files below `dir`, relative to `root`, with their contents.
    fn on_disk(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                on_disk(root, &path, out);
            } else if path.extension().is_some_and(|e| e == "feature") {
                let relative = path.strip_prefix(root).unwrap().to_str().unwrap();
                out.push((
                    relative.replace('\\', "/"),
                    std::fs::read_to_string(&path).unwrap(),
                ));
            }
        }
    }

    #[test]
    fn the_embedded_suite_is_the_features_directory() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("features");
        let mut disk = Vec::new();
        on_disk(&root, &root, &mut disk);
        disk.sort();
        let mut embedded: Vec<(String, String)> = FILES
            .iter()
            .map(|(p, c)| ((*p).to_owned(), (*c).to_owned()))
            .collect();
        embedded.sort();
        assert!(
            embedded.len() > 50,
            "only {} files embedded",
            embedded.len()
        );
        assert_eq!(
            embedded.iter().map(|(p, _)| p).collect::<Vec<_>>(),
            disk.iter().map(|(p, _)| p).collect::<Vec<_>>()
        );
        assert!(embedded == disk, "an embedded file differs from features/");
    }

    #[test]
    fn a_written_suite_has_every_file_and_is_removed_when_dropped() {
        let extracted = ExtractedFeatures::write().unwrap();
        let dir = extracted.path().to_owned();
        for (relative, contents) in FILES {
            assert_eq!(
                std::fs::read_to_string(dir.join(relative)).unwrap(),
                *contents
            );
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&dir).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o700);
        }
        drop(extracted);
        assert!(!dir.exists());
    }
}
