//! Parameter rules shared by several APIs: presence, pages, alias names, tags, lengths.

use std::collections::BTreeMap;

use crate::error::KmsError;
use crate::request::{KeyFilter, PageRequest, Tag};
use crate::response::PageInfo;

/// Default `PageSize`; a `PageSize` of 0 means it too (docs/spec/decisions.md D-021).
pub(super) const DEFAULT_PAGE_SIZE: i64 = 10;
/// Most tags TagResource leaves on a key (docs/spec/kms-api.md §2.3 TagResource; D-025).
pub(super) const MAX_TAGS_PER_KEY: usize = 10;
/// Most tags in one CreateKey call (docs/spec/kms-api.md §2.3 CreateKey; D-025).
pub(super) const MAX_TAGS_PER_CREATE: usize = 20;
/// Longest tag key or value: 128 characters, which are ASCII, so also bytes.
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

/// The `PageSize` values an API accepts (docs/spec/kms-api.md §2.3; docs/spec/decisions.md
/// D-021): ListKeys 1–100, ListAliases 0–100, ListAliasesByKeyId 0–101; 0 means the default.
#[derive(Clone, Copy, Debug)]
pub(super) struct PageSizes {
    pub(super) min: i64,
    pub(super) max: i64,
}

/// ListKeys: 1 to 100.
pub(super) const LIST_KEYS_PAGES: PageSizes = PageSizes { min: 1, max: 100 };
/// ListAliases: 0 to 100.
pub(super) const LIST_ALIASES_PAGES: PageSizes = PageSizes { min: 0, max: 100 };
/// ListAliasesByKeyId: 0 to 101.
pub(super) const LIST_ALIASES_BY_KEY_PAGES: PageSizes = PageSizes { min: 0, max: 101 };

/// ListKeyVersions: 0 to 101, 0 meaning the default (docs/spec/decisions.md D-106).
pub(super) const LIST_KEY_VERSIONS_PAGES: PageSizes = LIST_ALIASES_BY_KEY_PAGES;

/// Validated `(PageNumber, PageSize)`.
pub(super) fn page(request: PageRequest, sizes: PageSizes) -> Result<(i64, i64), KmsError> {
    let number = request.number.unwrap_or(1);
    if number < 1 {
        return Err(KmsError::invalid_parameter(
            "PageNumber",
            "must be at least 1",
        ));
    }
    let size = request.size.unwrap_or(DEFAULT_PAGE_SIZE);
    if !(sizes.min..=sizes.max).contains(&size) {
        return Err(KmsError::invalid_parameter(
            "PageSize",
            &format!("must be between {} and {}", sizes.min, sizes.max),
        ));
    }
    Ok((number, if size == 0 { DEFAULT_PAGE_SIZE } else { size }))
}

/// The requested page of `items`, with the page information of the response.
pub(super) fn paginate<T>(items: Vec<T>, selection: (i64, i64)) -> (Vec<T>, PageInfo) {
    let total_count = items.len();
    paginate_counted(items.into_iter(), total_count, selection)
}

/// The requested page of `items`, of which there are `total_count`: only the page's items
/// are taken from the iterator, so a caller maps (clones) only those.
pub(super) fn paginate_counted<T>(
    items: impl Iterator<Item = T>,
    total_count: usize,
    (number, size): (i64, i64),
) -> (Vec<T>, PageInfo) {
    let size_u = usize::try_from(size).unwrap_or(usize::MAX);
    let skip = usize::try_from(number.saturating_sub(1))
        .unwrap_or(usize::MAX)
        .saturating_mul(size_u);
    let late = number > 1 && crate::planted::is_planted(crate::planted::Divergence::PageOffByOne);
    let skip = skip.saturating_add(usize::from(late));
    let page = items.skip(skip).take(size_u).collect();
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

/// 1 to 128 of English letters, digits and `/ \ _ - . + = : @` (docs/spec/kms-api.md §2.3
/// TagResource).
pub(super) fn tag_text_ok(text: &str) -> bool {
    (1..=MAX_TAG_LEN).contains(&text.len())
        && text.bytes().all(|b| {
            b.is_ascii_alphanumeric()
                || matches!(
                    b,
                    b'/' | b'\\' | b'_' | b'-' | b'.' | b'+' | b'=' | b':' | b'@'
                )
        })
}

/// Checks one tag key.
pub(super) fn tag_key(param: &str, key: &str) -> Result<(), KmsError> {
    if !tag_text_ok(key) {
        return Err(KmsError::invalid_parameter(
            param,
            "a tag key must be 1 to 128 English letters, digits or `/ \\ _ - . + = : @`",
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

/// Checks the `Tags` of CreateKey: at most 20 in one call (D-025).
pub(super) fn creation_tags(tags: &[Tag]) -> Result<BTreeMap<String, String>, KmsError> {
    if tags.len() > MAX_TAGS_PER_CREATE {
        return Err(KmsError::invalid_parameter(
            "Tags",
            "at most 20 tags in one call",
        ));
    }
    checked_merge("Tags", &BTreeMap::new(), tags)
}

/// Checks the tags of TagResource against the key's `existing` ones, and returns the merged
/// set (a re-tag overwrites): a call that adds a tag key may leave at most 10 (D-025).
pub(super) fn merge_tags(
    param: &str,
    existing: &BTreeMap<String, String>,
    tags: &[Tag],
) -> Result<BTreeMap<String, String>, KmsError> {
    let merged = checked_merge(param, existing, tags)?;
    if merged.len() > existing.len() && merged.len() > MAX_TAGS_PER_KEY {
        return Err(KmsError::invalid_parameter(
            param,
            "a key carries at most 10 tags",
        ));
    }
    Ok(merged)
}

/// The text rules of every tag, and the merge.
fn checked_merge(
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
                "a tag value must be 1 to 128 English letters, digits or `/ \\ _ - . + = : @`",
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

/// The shape of a `Filters` parameter (ListKeys, ListSecrets): at most 10 filters, each with a
/// key of `known` and at most 10 values (docs/spec/kms-api.md §2.3 ListKeys; docs/spec/decisions.md
/// D-217).
pub(super) fn filters(filters: &[KeyFilter], known: &[&str]) -> Result<(), KmsError> {
    const MAX_FILTERS: usize = 10;
    if filters.len() > MAX_FILTERS {
        return Err(KmsError::invalid_parameter("Filters", "at most 10 filters"));
    }
    for f in filters {
        if !known.contains(&f.key.as_str()) {
            return Err(KmsError::invalid_parameter(
                "Filters",
                &format!("unknown filter key `{}`", f.key),
            ));
        }
        if f.values.len() > MAX_FILTERS {
            return Err(KmsError::invalid_parameter(
                "Filters",
                "at most 10 values per filter",
            ));
        }
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
        let sized = |size| PageRequest {
            number: None,
            size: Some(size),
        };
        assert_eq!(
            page(PageRequest::default(), LIST_KEYS_PAGES).unwrap(),
            (1, 10)
        );
        assert!(
            page(
                PageRequest {
                    number: Some(0),
                    size: None
                },
                LIST_KEYS_PAGES
            )
            .is_err()
        );
        assert!(page(sized(101), LIST_KEYS_PAGES).is_err());
        assert!(page(sized(0), LIST_KEYS_PAGES).is_err());
        assert_eq!(page(sized(0), LIST_ALIASES_PAGES).unwrap(), (1, 10));
        assert!(page(sized(101), LIST_ALIASES_PAGES).is_err());
        assert_eq!(
            page(sized(101), LIST_ALIASES_BY_KEY_PAGES).unwrap(),
            (1, 101)
        );
        assert!(page(sized(102), LIST_ALIASES_BY_KEY_PAGES).is_err());
        let (items, info) = paginate((0..25).collect(), (3, 10));
        assert_eq!(items, vec![20, 21, 22, 23, 24]);
        assert_eq!(info.total_count, 25);
        let (items, _) = paginate((0..5).collect::<Vec<i32>>(), (i64::MAX, 100));
        assert!(items.is_empty());
    }
}
