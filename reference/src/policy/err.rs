//! Errors of policy parsing: one [`PolicyError`] per problem, all of them in [`PolicyErrors`].
//!
//! Messages follow one rule: lowercase, no final period, no line breaks, user input in
//! backticks (`` unknown statement element `NotResource` ``).

use std::fmt::{self, Write as _};

use super::ast::Loc;
use crate::error::{ErrorCode, KmsError};

/// Which stage rejected the document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PolicyErrorKind {
    /// The document is empty or longer than 6144 characters.
    Length,
    /// The document is not valid JSON.
    Syntax,
    /// The document is JSON but not a valid RAM policy.
    Grammar,
}

/// One problem of a policy document, with its location and, where a fix exists, a help text.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct PolicyError {
    kind: PolicyErrorKind,
    message: String,
    help: Option<String>,
    loc: Loc,
}

impl PolicyError {
    pub(crate) fn new(kind: PolicyErrorKind, message: String, loc: Loc) -> PolicyError {
        PolicyError {
            kind,
            message,
            help: None,
            loc,
        }
    }

    pub(crate) fn with_help(mut self, help: Option<String>) -> PolicyError {
        self.help = help;
        self
    }

    /// Which stage rejected the document.
    pub fn kind(&self) -> PolicyErrorKind {
        self.kind
    }

    /// The message (lowercase, no final period, user input in backticks).
    pub fn message(&self) -> &str {
        &self.message
    }

    /// How to fix the problem, where the parser knows.
    pub fn help(&self) -> Option<&str> {
        self.help.as_deref()
    }

    /// Where the problem is.
    pub fn loc(&self) -> &Loc {
        &self.loc
    }
}

/// Every problem found in a policy document; never empty. `Display` shows the first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyErrors {
    // Boxed to keep `Result<_, PolicyErrors>` small.
    first: Box<PolicyError>,
    rest: Vec<PolicyError>,
}

impl PolicyErrors {
    /// A list of one error.
    pub(crate) fn one(error: PolicyError) -> PolicyErrors {
        PolicyErrors {
            first: Box::new(error),
            rest: Vec::new(),
        }
    }

    /// The errors as a list, or `None` when there are none.
    pub(crate) fn from_vec(errors: Vec<PolicyError>) -> Option<PolicyErrors> {
        let mut errors = errors.into_iter();
        let first = errors.next()?;
        Some(PolicyErrors {
            first: Box::new(first),
            rest: errors.collect(),
        })
    }

    /// The first error.
    pub fn first(&self) -> &PolicyError {
        &self.first
    }

    /// How many errors there are (at least one).
    #[expect(clippy::len_without_is_empty, reason = "the list is never empty")]
    pub fn len(&self) -> usize {
        self.rest.len() + 1
    }

    /// All errors, in document order.
    pub fn iter(&self) -> impl Iterator<Item = &PolicyError> {
        std::iter::once(&*self.first).chain(self.rest.iter())
    }

    /// The error a client sees: `InvalidParameter.PolicyDocument.Length` for a length error,
    /// else `MalformedPolicyDocument`, with every problem as
    /// `<message> at line L column C (<json path>)`, joined by `; `.
    pub fn to_kms_error(&self) -> KmsError {
        let code = match self.first.kind {
            PolicyErrorKind::Length => ErrorCode::InvalidParameterPolicyDocumentLength,
            PolicyErrorKind::Syntax | PolicyErrorKind::Grammar => {
                ErrorCode::MalformedPolicyDocument
            }
        };
        let message = self
            .iter()
            .map(|e| {
                let loc = &e.loc;
                format!(
                    "{} at line {} column {} ({})",
                    e.message, loc.line, loc.column, loc.path
                )
            })
            .collect::<Vec<_>>()
            .join("; ");
        KmsError::with_message(code, message)
    }
}

impl fmt::Display for PolicyErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.first, f)
    }
}

impl std::error::Error for PolicyErrors {}

impl<'a> IntoIterator for &'a PolicyErrors {
    type Item = &'a PolicyError;
    type IntoIter = Box<dyn Iterator<Item = &'a PolicyError> + 'a>;

    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

/// Renders every error as a compiler-style block: the message, `file:line:column (path)`, the
/// source line with the node underlined, and the help if any. Blocks are separated by a blank
/// line; no colours.
pub fn render_diagnostics(source: &str, file_name: &str, errors: &PolicyErrors) -> String {
    let mut out = String::new();
    for (i, error) in errors.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        render_one(&mut out, source, file_name, error);
    }
    out
}

fn render_one(out: &mut String, source: &str, file_name: &str, error: &PolicyError) {
    let loc = &error.loc;
    let number = loc.line.to_string();
    let width = number.chars().count() + 1;
    let gutter = " ".repeat(width);
    // Writing to a String cannot fail.
    let _ = writeln!(out, "error: {}", error.message);
    let _ = writeln!(
        out,
        "{gutter}--> {file_name}:{}:{} ({})",
        loc.line, loc.column, loc.path
    );
    let _ = writeln!(out, "{gutter} |");
    let (line, prefix, marked) = snippet(source, loc);
    let _ = writeln!(out, "{number:>width$} | {}", expand_tabs(line).trim_end());
    let pad = " ".repeat(display_width(prefix));
    let carets = "^".repeat(display_width(marked).max(1));
    let _ = writeln!(out, "{gutter} | {pad}{carets}");
    if let Some(help) = &error.help {
        let _ = writeln!(out, "{gutter} = help: {help}");
    }
}

/// The source line holding `loc`, the part of it before the node, and the node's part of it.
fn snippet<'a>(source: &'a str, loc: &Loc) -> (&'a str, &'a str, &'a str) {
    let Some(before) = source.get(..loc.offset) else {
        // The location does not belong to this source; show the first line, unmarked.
        let line = source.lines().next().unwrap_or_default();
        return (line, "", "");
    };
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let prefix = source.get(line_start..loc.offset).unwrap_or_default();
    let rest = source.get(loc.offset..).unwrap_or_default();
    let rest_of_line = rest.split('\n').next().unwrap_or_default();
    let line_len = prefix.len() + rest_of_line.len();
    let line = source
        .get(line_start..line_start + line_len)
        .unwrap_or_default();
    let node = rest.get(..loc.len.min(rest.len())).unwrap_or(rest);
    let marked = node
        .split('\n')
        .next()
        .unwrap_or_default()
        .trim_end_matches('\r');
    (line.trim_end_matches('\r'), prefix, marked)
}

fn expand_tabs(text: &str) -> String {
    text.replace('\t', "    ")
}

fn display_width(text: &str) -> usize {
    text.chars().map(|c| if c == '\t' { 4 } else { 1 }).sum()
}

/// User input for a message: in backticks, control characters escaped, at most 80 characters.
pub(crate) fn code(input: &str) -> String {
    let mut out = String::from("`");
    for (i, c) in input.chars().enumerate() {
        if i == 80 {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out.push('`');
    out
}

/// "did you mean `X`?" for the known name closest to `input`, if one is close (same letters in
/// another case, or a small typo).
pub(crate) fn did_you_mean<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let count = input.chars().count();
    if count > 64 {
        return None;
    }
    let limit = (count / 3).max(1);
    candidates
        .into_iter()
        .map(|c| {
            (
                if c.eq_ignore_ascii_case(input) {
                    0
                } else {
                    distance(input, c)
                },
                c,
            )
        })
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| format!("did you mean `{c}`?"))
}

/// Levenshtein distance in characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = Vec::with_capacity(b.len() + 1);
        current.push(i + 1);
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous
                .get(j)
                .map_or(usize::MAX, |d| d + usize::from(ca != *cb));
            let delete = previous.get(j + 1).map_or(usize::MAX, |d| d + 1);
            let insert = current.last().map_or(usize::MAX, |d| d + 1);
            current.push(substitute.min(delete).min(insert));
        }
        previous = current;
    }
    previous.last().copied().unwrap_or_default()
}
