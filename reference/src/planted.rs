//! Planted divergences (feature `planted-divergences`, test only): one deliberate difference
//! from the documented behaviour per process, so that CI can show the feature suite notices
//! each (`tests/planted/run.sh`). Without the feature no divergence can be planted and every
//! check below is a constant `false`.

use std::fmt;
use std::str::FromStr;

/// One planted difference.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Divergence {
    /// Encrypt succeeds on a Disabled key (docs/spec/kms-api.md §2.2: `Rejected.Disabled`).
    DisabledKeyEncrypts,
    /// An Allow statement wins over a matching Deny (§5: an explicit Deny always wins).
    DenyDoesNotDominate,
    /// A missing alias answers `Forbidden.KeyNotFound` instead of `Forbidden.AliasNotFound`.
    MissingAliasCode,
    /// Pages after the first start one item late.
    PageOffByOne,
    /// The EncryptionContext is left out of the ciphertext's authenticated data.
    IgnoredEncryptionContext,
    /// A new secret version put with ACSCurrent does not take the stage.
    SecretStageNotMoved,
    /// An STS session keeps working after its expiration.
    SessionOutlivesExpiry,
    /// The server's V1 and V3 signature computation leaves out parameters with an empty value.
    SignatureSkipsEmptyParameters,
}

impl Divergence {
    /// Every divergence, with its command-line name.
    pub const ALL: &'static [(&'static str, Divergence)] = &[
        ("disabled-key-encrypts", Divergence::DisabledKeyEncrypts),
        ("deny-does-not-dominate", Divergence::DenyDoesNotDominate),
        ("missing-alias-code", Divergence::MissingAliasCode),
        ("page-off-by-one", Divergence::PageOffByOne),
        (
            "ignored-encryption-context",
            Divergence::IgnoredEncryptionContext,
        ),
        ("secret-stage-not-moved", Divergence::SecretStageNotMoved),
        ("session-outlives-expiry", Divergence::SessionOutlivesExpiry),
        (
            "signature-skips-empty-parameters",
            Divergence::SignatureSkipsEmptyParameters,
        ),
    ];

    /// The command-line name.
    pub fn name(self) -> &'static str {
        Divergence::ALL
            .iter()
            .find(|(_, d)| *d == self)
            .map_or("?", |(n, _)| n)
    }
}

impl fmt::Display for Divergence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Divergence {
    type Err = String;

    fn from_str(s: &str) -> Result<Divergence, String> {
        Divergence::ALL
            .iter()
            .find(|(n, _)| *n == s)
            .map(|(_, d)| *d)
            .ok_or_else(|| {
                let names: Vec<&str> = Divergence::ALL.iter().map(|(n, _)| *n).collect();
                format!("no planted divergence `{s}`; one of {}", names.join(", "))
            })
    }
}

#[cfg(feature = "planted-divergences")]
static PLANTED: std::sync::OnceLock<Divergence> = std::sync::OnceLock::new();

/// Plants `divergence` in this process, once; refused in a build without the feature.
pub fn plant(divergence: Divergence) -> Result<(), String> {
    #[cfg(feature = "planted-divergences")]
    {
        PLANTED
            .set(divergence)
            .map_err(|_| "a divergence is planted already".to_owned())
    }
    #[cfg(not(feature = "planted-divergences"))]
    {
        Err(format!(
            "cannot plant `{divergence}`: this kmsconf was built without the \
             `planted-divergences` feature"
        ))
    }
}

/// Whether `divergence` is planted in this process.
#[inline]
pub fn is_planted(divergence: Divergence) -> bool {
    #[cfg(feature = "planted-divergences")]
    {
        PLANTED.get() == Some(&divergence)
    }
    #[cfg(not(feature = "planted-divergences"))]
    {
        let _ = divergence;
        false
    }
}
