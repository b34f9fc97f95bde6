//! Where `kmsconf serve` takes the root AccessKey secret from: a file
//! (`--access-key-secret-file`), the environment, or, with a warning, the command line
//! (docs/spec/decisions.md D-409).

use std::path::Path;

/// The warning for a secret typed on the command line; it never includes the secret.
pub const COMMAND_LINE_SECRET_WARNING: &str = "kmsconf: warning: --access-key-secret is visible \
    to every local user (ps, /proc/PID/cmdline); use --access-key-secret-file FILE or the \
    environment variable ALIBABA_CLOUD_ACCESS_KEY_SECRET instead";

/// The secret to serve: from `file` when given (it wins over the environment, which clap has
/// already read into `given`), else `given`. A file together with a secret typed on the
/// command line is an error; a typed secret alone is warned about on stderr.
pub fn root_secret(
    file: Option<&Path>,
    given: Option<String>,
    on_command_line: bool,
) -> Result<Option<String>, String> {
    match (file, on_command_line) {
        (Some(_), true) => {
            Err("give --access-key-secret or --access-key-secret-file, not both".to_owned())
        }
        (Some(path), false) => read_secret_file(path).map(Some),
        (None, typed) => {
            if typed {
                eprintln!("{COMMAND_LINE_SECRET_WARNING}");
            }
            Ok(given)
        }
    }
}

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
