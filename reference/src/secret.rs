//! A wrapper for values that must never appear in logs, traces, errors or trail events.

use std::fmt;

/// A secret string (plaintext, data key, key material, import token). Its `Debug` output is
/// redacted, so a request or response can be logged without leaking it; reading it takes an
/// explicit call to [`Secret::expose`].
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The secret itself. Call sites are the few places that must see it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether `given` equals the secret, in time that depends on the lengths only, so that
    /// a caller probing a token or secret learns nothing from how fast a wrong one is refused.
    pub fn matches(&self, given: &str) -> bool {
        let (a, b) = (self.0.as_bytes(), given.as_bytes());
        a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret(<{} bytes redacted>)", self.0.len())
    }
}

impl From<&str> for Secret {
    fn from(s: &str) -> Secret {
        Secret::new(s)
    }
}

impl From<String> for Secret {
    fn from(s: String) -> Secret {
        Secret(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_is_redacted() {
        let s = Secret::new("hunter2");
        assert!(!format!("{s:?}").contains("hunter2"));
        assert_eq!(s.expose(), "hunter2");
    }

    #[test]
    fn matches_only_the_same_text() {
        let s = Secret::new("token-1");
        assert!(s.matches("token-1"));
        assert!(!s.matches("token-2"));
        assert!(!s.matches("token-"));
        assert!(!s.matches("token-10"));
        assert!(!s.matches(""));
    }
}
