//! The store's master key: 32 random bytes in their own file, created owner-only; everything
//! the journal keeps is sealed under it (docs/spec/decisions.md D-502).

use std::fmt;
use std::io::Write as _;
use std::path::Path;

use kms_reference::{OsRandom, RandomSource as _};

/// The master key's file in the data directory.
pub const MASTER_KEY_FILE: &str = "master.key";

const KEY_LEN: usize = 32;

/// The master key. `Debug` never shows it.
pub(super) struct MasterKey([u8; KEY_LEN]);

impl fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MasterKey(<redacted>)")
    }
}

impl MasterKey {
    #[cfg(test)]
    pub(super) fn from_bytes(bytes: [u8; KEY_LEN]) -> MasterKey {
        MasterKey(bytes)
    }

    pub(super) fn bytes(&self) -> &[u8; KEY_LEN] {
        &self.0
    }

    /// Reads the key in `dir`, or makes one when the store is new. A store whose database
    /// exists without its key cannot be read, and a new key would not help: refused.
    pub(super) fn load_or_create(dir: &Path, database_exists: bool) -> Result<MasterKey, String> {
        let path = dir.join(MASTER_KEY_FILE);
        match std::fs::read(&path) {
            Ok(bytes) => {
                warn_if_shared(&path);
                let bytes: [u8; KEY_LEN] = bytes.as_slice().try_into().map_err(|_| {
                    format!(
                        "{MASTER_KEY_FILE} holds {} bytes, not the {KEY_LEN} of a master key",
                        bytes.len()
                    )
                })?;
                Ok(MasterKey(bytes))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && database_exists => Err(format!(
                "{MASTER_KEY_FILE} is missing, so what the store keeps cannot be read; \
                 restore it, or start on another --data-dir"
            )),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => create(&path),
            Err(e) => Err(format!("cannot read {MASTER_KEY_FILE}: {e}")),
        }
    }
}

/// Writes a fresh key to `path`, readable and writable by the owner only, and syncs it
/// before any entry is sealed under it.
fn create(path: &Path) -> Result<MasterKey, String> {
    let mut key = [0u8; KEY_LEN];
    OsRandom.fill(&mut key);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    let mut file = options
        .open(path)
        .map_err(|e| format!("cannot create {MASTER_KEY_FILE}: {e}"))?;
    file.write_all(&key)
        .and_then(|()| file.sync_all())
        .map_err(|e| format!("cannot write {MASTER_KEY_FILE}: {e}"))?;
    Ok(MasterKey(key))
}

/// A key file others may read is reported (not refused: the operator may have reasons).
fn warn_if_shared(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        if let Ok(meta) = std::fs::metadata(path) {
            let mode = meta.permissions().mode() & 0o777;
            if mode & 0o077 != 0 {
                tracing::warn!(
                    file = %path.display(),
                    mode = format!("{mode:o}"),
                    "the store's master key is readable by others than its owner"
                );
            }
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}
