//! The naming rules of secrets, version ids and stage labels (docs/spec/decisions.md D-207,
//! D-212).

use crate::error::KmsError;

/// The stage of the version in use (docs/spec/secrets.md §2).
pub(crate) const ACS_CURRENT: &str = "ACSCurrent";
/// The stage of the version that held ACSCurrent before it (docs/spec/secrets.md §2).
pub(crate) const ACS_PREVIOUS: &str = "ACSPrevious";

/// Longest SecretName, in characters, and how many of them may be Han characters (D-212).
const MAX_NAME_CHARS: usize = 192;
const MAX_NAME_HAN: usize = 64;
/// Longest VersionId (D-212).
const MAX_VERSION_ID_CHARS: usize = 64;
/// Longest stage label (D-207).
const MAX_STAGE_CHARS: usize = 64;

/// A Generic secret's name: 1-192 characters of Han (at most 64), ASCII letters, digits and
/// `_ / + = . - @`, not beginning with `acs/` (docs/spec/decisions.md D-212).
pub(crate) fn check_secret_name(name: &str) -> Result<(), KmsError> {
    let invalid = |why: &str| KmsError::invalid_parameter("SecretName", why);
    let count = name.chars().count();
    if count == 0 || count > MAX_NAME_CHARS {
        return Err(invalid("a secret name is 1 to 192 characters"));
    }
    let mut han = 0;
    for c in name.chars() {
        if is_han(c) {
            han += 1;
        } else if !(c.is_ascii_alphanumeric() || "_/+=.-@".contains(c)) {
            return Err(invalid(
                "a secret name holds Chinese characters, letters, digits and `_ / + = . - @`",
            ));
        }
    }
    if han > MAX_NAME_HAN {
        return Err(invalid("a secret name holds at most 64 Chinese characters"));
    }
    if name.starts_with("acs/") {
        return Err(invalid(
            "the name of a Generic secret must not begin with `acs/`",
        ));
    }
    Ok(())
}

/// A VersionId: 1 to 64 characters (D-212).
pub(crate) fn check_version_id(name: &str, id: &str) -> Result<(), KmsError> {
    let count = id.chars().count();
    if count == 0 || count > MAX_VERSION_ID_CHARS {
        return Err(KmsError::invalid_parameter(
            name,
            "a version id is 1 to 64 characters",
        ));
    }
    Ok(())
}

/// A stage label: 1 to 64 of letters, digits and `_ - .` (D-207).
pub(crate) fn check_stage_name(name: &str, stage: &str) -> Result<(), KmsError> {
    let ok = (1..=MAX_STAGE_CHARS).contains(&stage.len())
        && stage
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'));
    if ok {
        Ok(())
    } else {
        Err(KmsError::invalid_parameter(
            name,
            "a stage label is 1 to 64 letters, digits or `_ - .`",
        ))
    }
}

/// CJK Unified Ideographs and Extension A, the "Chinese characters" of META24.
fn is_han(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_names_follow_d212() {
        assert!(check_secret_name("db/prod+app=1.x-y@z_").is_ok());
        assert!(check_secret_name("数据库密码").is_ok());
        assert!(check_secret_name(&"a".repeat(192)).is_ok());
        assert!(check_secret_name(&"a".repeat(193)).is_err());
        assert!(check_secret_name(&"数".repeat(64)).is_ok());
        assert!(check_secret_name(&"数".repeat(65)).is_err());
        assert!(check_secret_name("").is_err());
        assert!(check_secret_name("acs/ram/user/x").is_err());
        assert!(check_secret_name("has space").is_err());
    }

    #[test]
    fn version_ids_and_stages() {
        assert!(check_version_id("VersionId", &"v".repeat(64)).is_ok());
        assert!(check_version_id("VersionId", &"v".repeat(65)).is_err());
        assert!(check_stage_name("VersionStage", "MyPendingLabel").is_ok());
        assert!(check_stage_name("VersionStage", "ACSNext").is_ok());
        assert!(check_stage_name("VersionStage", "bad label").is_err());
        assert!(check_stage_name("VersionStage", "").is_err());
    }
}
