//! The root AccessKey secret read from a file (`kmsconf serve --access-key-secret-file`), so
//! that it never appears on a command line (docs/spec/decisions.md D-409).

use std::path::Path;

/// The secret: the file's first line, without its line ending. Errors name the file, never
/// what it holds; a file others may read is reported as a warning on stderr.
pub fn read_secret_file(path: &Path) -> Result<String, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read the secret file {}: {e}", path.display()))?;
    let secret = text
        .lines()
        .next()
        .unwrap_or_default()
        .trim_end_matches('\r');
    if secret.is_empty() {
        return Err(format!(
            "the secret file {} has an empty first line",
            path.display()
        ));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        if std::fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o077 != 0) {
            eprintln!(
                "kmsconf: warning: the secret file {} may be read by other users; chmod 600 it",
                path.display()
            );
        }
    }
    Ok(secret.to_owned())
}
