//! Parameter rules shared by several APIs: presence, pages, alias names, tags, lengths.

use std::collections::BTreeMap;

use crate::error::KmsError;
use crate::request::{PageRequest, Tag};
use crate::response::PageInfo;

/// Largest `PageSize` (docs/spec/decisions.md D-021).
pub(super) const MAX_PAGE_SIZE: i64 = 100;
/// Default `PageSize`.
pub(super) const DEFAULT_PAGE_SIZE: i64 = 10;
/// Most tags a key may carry (docs/spec/decisions.md D-025).
pub(super) const MAX_TAGS_PER_KEY: usize = 20;
/// Longest tag key or value, in characters.
pub(super) const MAX_TAG_LEN: usize = 128;
/// Longest `Description`, in characters.
pub(super) const MAX_DESCRIPTION_LEN: usize = 8192;
/// Longest `Plaintext`, in bytes (docs/spec/decisions.md D-029).
pub(super) const MAX_PLAINTEXT_LEN: usize = 6144;
/// Longest alias name after `alias/`.
pub(super) const MAX_ALIAS_SUFFIX_LEN: usize = 255;

/// `MissingParameter` when a required value is empty.
pub(super) fn require(name: &str, value: &str) -> Result<(), KmsError> {
    if value.is_empty() {
        Err(KmsError::missing_parameter(name))
    } else {
        Ok(())
    }
}

/// Validated `(PageNumber, PageSize)`.
pub(super) fn page(request: PageRequest) -> Result<(i64, i64), KmsError> {
    let number = request.number.unwrap_or(1);
    if number < 1 {
        return Err(KmsError::invalid_parameter(
            "PageNumber",
            "must be at least 1",
        ));
    }
    let size = request.size.unwrap_or(DEFAULT_PAGE_SIZE);
    if !(1..=MAX_PAGE_SIZE).contains(&size) {
        return Err(KmsError::invalid_parameter(
            "PageSize",
            "must be between 1 and 100",
        ));
    }
    Ok((number, size))
}

/// The requested page of `items`, with the page information of the response.
pub(super) fn paginate<T>(items: Vec<T>, (number, size): (i64, i64)) -> (Vec<T>, PageInfo) {
    let total_count = items.len();
    let size_u = usize::try_from(size).unwrap_or(usize::MAX);
    let skip = usize::try_from(number.saturating_sub(1))
        .unwrap_or(usize::MAX)
        .saturating_mul(size_u);
    let page = items.into_iter().skip(skip).take(size_u).collect();
    (
        page,
        PageInfo {
            total_count,
            page_number: number,
            page_size: size,
        },
    )
}

/// Alias name rules (docs/spec/kms-api.md §2.3 CreateAlias): `alias/` + 1..=255 of `[A-Za-z0-9_/-]`, and
/// not in the reserved `alias/acs` namespace.
pub(super) fn alias_name(name: &str) -> Result<(), KmsError> {
    require("AliasName", name)?;
    let Some(suffix) = name.strip_prefix("alias/") else {
        return Err(KmsError::invalid_parameter(
            "AliasName",
            "must start with `alias/`",
        ));
    };
    if suffix.is_empty() || suffix.len() > MAX_ALIAS_SUFFIX_LEN {
        return Err(KmsError::invalid_parameter(
            "AliasName",
            "the name after `alias/` must be 1 to 255 characters",
        ));
    }
    if !suffix
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'/' | b'-'))
    {
        return Err(KmsError::invalid_parameter(
            "AliasName",
            "only letters, digits, `_`, `/` and `-` may follow `alias/`",
        ));
    }
    if name.starts_with("alias/acs") {
        return Err(KmsError::invalid_parameter(
            "AliasName",
            "the `alias/acs` prefix is reserved",
        ));
    }
    Ok(())
}

fn tag_text_ok(text: &str) -> bool {
    let len = text.chars().count();
    (1..=MAX_TAG_LEN).contains(&len)
        && text.chars().all(|c| {
            c.is_alphanumeric() || matches!(c, '/' | '\\' | '_' | '-' | '.' | '+' | '=' | ':' | '@')
        })
}

/// Checks one tag key.
pub(super) fn tag_key(param: &str, key: &str) -> Result<(), KmsError> {
    if !tag_text_ok(key) {
        return Err(KmsError::invalid_parameter(
            param,
            "a tag key must be 1 to 128 letters, digits or `/ \\ _ - . + = : @`",
        ));
    }
    if key.starts_with("aliyun") || key.starts_with("acs:") {
        return Err(KmsError::invalid_parameter(
            param,
            "a tag key must not start with `aliyun` or `acs:`",
        ));
    }
    Ok(())
}

/// Checks tags to add to `existing`, and returns the merged set (a re-tag overwrites).
pub(super) fn merge_tags(
    param: &str,
    existing: &BTreeMap<String, String>,
    tags: &[Tag],
) -> Result<BTreeMap<String, String>, KmsError> {
    if tags.is_empty() {
        return Err(KmsError::invalid_parameter(
            param,
            "at least one tag is needed",
        ));
    }
    let mut merged = existing.clone();
    let mut seen = std::collections::BTreeSet::new();
    for tag in tags {
        tag_key(param, &tag.key)?;
        if !tag_text_ok(&tag.value) {
            return Err(KmsError::invalid_parameter(
                param,
                "a tag value must be 1 to 128 letters, digits or `/ \\ _ - . + = : @`",
            ));
        }
        if !seen.insert(tag.key.as_str()) {
            return Err(KmsError::invalid_parameter(
                param,
                "a tag key appears twice",
            ));
        }
        merged.insert(tag.key.clone(), tag.value.clone());
    }
    if merged.len() > MAX_TAGS_PER_KEY {
        return Err(KmsError::invalid_parameter(
            param,
            "a key carries at most 20 tags",
        ));
    }
    Ok(merged)
}

/// Checks a `Description`.
pub(super) fn description(text: &str) -> Result<(), KmsError> {
    if text.chars().count() > MAX_DESCRIPTION_LEN {
        return Err(KmsError::invalid_parameter(
            "Description",
            "at most 8192 characters",
        ));
    }
    Ok(())
}

/// Checks a `Plaintext` for Encrypt.
pub(super) fn plaintext(text: &str) -> Result<(), KmsError> {
    require("Plaintext", text)?;
    if text.len() > MAX_PLAINTEXT_LEN {
        return Err(KmsError::invalid_parameter(
            "Plaintext",
            "at most 6144 bytes",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alias_names() {
        assert!(alias_name("alias/my-key_1/prod").is_ok());
        for bad in [
            "",
            "my",
            "alias/",
            "alias/a b",
            "alias/acs",
            "alias/acs/x",
            "alias/é",
        ] {
            assert!(alias_name(bad).is_err(), "{bad}");
        }
        assert!(alias_name(&format!("alias/{}", "a".repeat(255))).is_ok());
        assert!(alias_name(&format!("alias/{}", "a".repeat(256))).is_err());
    }

    #[test]
    fn pages() {
        assert_eq!(page(PageRequest::default()).unwrap(), (1, 10));
        assert!(
            page(PageRequest {
                number: Some(0),
                size: None
            })
            .is_err()
        );
        assert!(
            page(PageRequest {
                number: None,
                size: Some(101)
            })
            .is_err()
        );
        let (items, info) = paginate((0..25).collect(), (3, 10));
        assert_eq!(items, vec![20, 21, 22, 23, 24]);
        assert_eq!(info.total_count, 25);
        let (items, _) = paginate((0..5).collect::<Vec<i32>>(), (i64::MAX, 100));
        assert!(items.is_empty());
    }
}
