//! The harness's errors: what stops a run before or beside its scenarios. A scenario's own
//! failure is never one of these; it is a record in the report.

use std::fmt;
use std::path::PathBuf;

/// Why the harness cannot do what it was asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HarnessError {
    /// The target configuration cannot be read, or says something invalid.
    Config {
        /// The file, when it came from one.
        path: Option<PathBuf>,
        /// What is wrong.
        message: String,
    },
    /// A tag expression, name pattern or divergence pattern does not parse.
    Pattern {
        /// Which kind of pattern.
        what: &'static str,
        /// The pattern as given.
        pattern: String,
        /// The parser's complaint.
        message: String,
    },
    /// The features directory or a feature file cannot be read or parsed.
    Features {
        /// The directory or file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// A log or report cannot be written.
    Write {
        /// The file or directory.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// An endpoint was named without credentials for it.
    NoCredentials,
    /// The HTTP client cannot be built.
    Client(String),
    /// A target gave no answer during `kmsconf diff`: nothing can be compared.
    NoAnswer(String),
    /// `kmsconf diff` could not reach a verdict.
    Diff(String),
}

impl fmt::Display for HarnessError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HarnessError::Config {
                path: Some(path),
                message,
            } => write!(f, "{}: {message}", path.display()),
            HarnessError::Config {
                path: None,
                message,
            } => write!(f, "configuration: {message}"),
            HarnessError::Pattern {
                what,
                pattern,
                message,
            } => write!(f, "bad {what} `{pattern}`: {message}"),
            HarnessError::Features { path, message } => {
                write!(f, "cannot read features at {}: {message}", path.display())
            }
            HarnessError::Write { path, message } => {
                write!(f, "cannot write {}: {message}", path.display())
            }
            HarnessError::NoCredentials => f.write_str(
                "an endpoint needs credentials: --access-key-id and --access-key-secret, \
                 ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET, or \
                 [credentials] in the config",
            ),
            HarnessError::Client(message) => write!(f, "cannot build the HTTP client: {message}"),
            HarnessError::NoAnswer(e) => write!(f, "no answer to compare: {e}"),
            HarnessError::Diff(message) => write!(f, "diff: {message}"),
        }
    }
}

impl std::error::Error for HarnessError {}
