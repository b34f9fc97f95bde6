//! Key states, and the check of the state × API matrix (docs/spec/kms-api.md §2.2), whose rows
//! are in each API's description.

use std::fmt;

use crate::api::Api;
use crate::error::ErrorCode;

/// The lifecycle state of a key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyState {
    /// Usable for cryptography.
    Enabled,
    /// Kept but unusable until enabled again.
    Disabled,
    /// Scheduled for deletion at its DeleteDate.
    PendingDeletion,
    /// An EXTERNAL key without (unexpired) material.
    PendingImport,
}

impl KeyState {
    /// Every state.
    pub const ALL: &'static [KeyState] = &[
        KeyState::Enabled,
        KeyState::Disabled,
        KeyState::PendingDeletion,
        KeyState::PendingImport,
    ];

    /// The wire spelling of `KeyState`.
    pub fn as_str(self) -> &'static str {
        match self {
            KeyState::Enabled => "Enabled",
            KeyState::Disabled => "Disabled",
            KeyState::PendingDeletion => "PendingDeletion",
            KeyState::PendingImport => "PendingImport",
        }
    }

    /// Parses the wire spelling.
    pub fn parse(text: &str) -> Option<KeyState> {
        KeyState::ALL.iter().copied().find(|s| s.as_str() == text)
    }
}

impl fmt::Display for KeyState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether `api` may act on a key in `state`: the cell of the API's row of the matrix, whose
/// error is a `Rejected.*` code.
/// For CreateAlias, UpdateAlias and the import APIs the key is the one named by `KeyId`.
pub fn check_state(api: Api, state: KeyState) -> Result<(), ErrorCode> {
    let Some(row) = api.description().states else {
        return Ok(());
    };
    if crate::planted::is_planted(crate::planted::Divergence::DisabledKeyEncrypts)
        && api == Api::Encrypt
        && state == KeyState::Disabled
    {
        return Ok(());
    }
    let column = KeyState::ALL.iter().position(|s| *s == state);
    match column.and_then(|c| row.get(c)).copied().flatten() {
        None => Ok(()),
        Some(refusal) => Err(refusal),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The matrix of docs/spec/kms-api.md §2.2, row by row, as written there ("ok" = success).
    const MATRIX: &[(&str, [&str; 4])] = &[
        (
            "GenerateDataKey",
            [
                "ok",
                "Rejected.Disabled",
                "Rejected.PendingDeletion",
                "Rejected.PendingImport",
            ],
        ),
        (
            "GenerateDataKeyWithoutPlaintext",
            [
                "ok",
                "Rejected.Disabled",
                "Rejected.PendingDeletion",
                "Rejected.PendingImport",
            ],
        ),
        (
            "Encrypt",
            [
                "ok",
                "Rejected.Disabled",
                "Rejected.PendingDeletion",
                "Rejected.PendingImport",
            ],
        ),
        (
            "Decrypt",
            [
                "ok",
                "Rejected.Disabled",
                "Rejected.PendingDeletion",
                "Rejected.PendingImport",
            ],
        ),
        ("ListKeys", ["ok", "ok", "ok", "ok"]),
        ("DescribeKey", ["ok", "ok", "ok", "ok"]),
        ("ListAliases", ["ok", "ok", "ok", "ok"]),
        ("DeleteAlias", ["ok", "ok", "ok", "ok"]),
        ("ListResourceTags", ["ok", "ok", "ok", "ok"]),
        (
            "UpdateKeyDescription",
            ["ok", "ok", "Rejected.PendingDeletion", "ok"],
        ),
        (
            "EnableKey",
            [
                "ok",
                "ok",
                "Rejected.StateModifiedFailed",
                "Rejected.StateModifiedFailed",
            ],
        ),
        (
            "DisableKey",
            [
                "ok",
                "ok",
                "Rejected.StateModifiedFailed",
                "Rejected.StateModifiedFailed",
            ],
        ),
        (
            "ScheduleKeyDeletion",
            ["ok", "ok", "Rejected.StateModifiedFailed", "ok"],
        ),
        (
            "CancelKeyDeletion",
            [
                "Rejected.StateModifiedFailed",
                "Rejected.StateModifiedFailed",
                "ok",
                "Rejected.StateModifiedFailed",
            ],
        ),
        (
            "CreateAlias",
            ["ok", "ok", "Rejected.StateModifiedFailed", "ok"],
        ),
        (
            "TagResource",
            ["ok", "ok", "Rejected.PendingDeletion", "ok"],
        ),
        (
            "UntagResource",
            ["ok", "ok", "Rejected.PendingDeletion", "ok"],
        ),
        ("GetParametersForImport", ["ok", "ok", "ok", "ok"]),
        (
            "ImportKeyMaterial",
            ["ok", "ok", "Rejected.StateModifiedFailed", "ok"],
        ),
        ("DeleteKeyMaterial", ["ok", "ok", "ok", "ok"]),
        (
            "UpdateAlias",
            ["ok", "ok", "Rejected.PendingDeletion", "ok"],
        ),
        ("ListAliasesByKeyId", ["ok", "ok", "ok", "ok"]),
        // docs/spec/decisions.md D-123, D-124, D-126.
        (
            "TagResources",
            ["ok", "ok", "Rejected.PendingDeletion", "ok"],
        ),
        (
            "UntagResources",
            ["ok", "ok", "Rejected.PendingDeletion", "ok"],
        ),
        ("ListTagResources", ["ok", "ok", "ok", "ok"]),
        (
            "SetDeletionProtection",
            ["ok", "ok", "Rejected.PendingDeletion", "ok"],
        ),
        ("GetKeyPolicy", ["ok", "ok", "ok", "ok"]),
        ("SetKeyPolicy", ["ok", "ok", "ok", "ok"]),
        // docs/spec/keys-v2.md §3.8; docs/spec/decisions.md D-130, D-107.
        ("AsymmetricEncrypt", CRYPTO_CELLS),
        ("AsymmetricDecrypt", CRYPTO_CELLS),
        ("AsymmetricSign", CRYPTO_CELLS),
        ("AsymmetricVerify", CRYPTO_CELLS),
        ("GetPublicKey", CRYPTO_CELLS),
        // docs/spec/keys-v2.md §4.4: the rows of Encrypt and Decrypt.
        ("ReEncrypt", CRYPTO_CELLS),
        ("ExportDataKey", CRYPTO_CELLS),
        ("GenerateAndExportDataKey", CRYPTO_CELLS),
    ];

    /// Encrypt's row.
    const CRYPTO_CELLS: [&str; 4] = [
        "ok",
        "Rejected.Disabled",
        "Rejected.PendingDeletion",
        "Rejected.PendingImport",
    ];

    #[test]
    fn matches_the_documented_matrix() {
        for (api, cells) in MATRIX {
            let api = Api::from_name(api).unwrap();
            for (state, cell) in KeyState::ALL.iter().zip(cells) {
                let got = check_state(api, *state).map_or_else(|c| c.as_str(), |()| "ok");
                assert_eq!(got, *cell, "{api} in {state}");
            }
        }
    }
}
