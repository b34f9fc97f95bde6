//! The newer tag APIs: TagResources, UntagResources, ListTagResources over `ResourceType` +
//! `ResourceId.N` (docs/spec/keys-v2.md §5.1-§5.4; docs/spec/decisions.md D-119 to D-123).
//!
//! They share each key's one tag set with TagResource, UntagResource and ListResourceTags.
//! Resources are reached through [`Call::tag_set`] and [`Call::tagged`], the only places that
//! know where a resource type keeps its tags: a key's tag set, or a secret's.

use std::collections::{BTreeMap, BTreeSet};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::api::Api;
use crate::arn::key_id_from_arn;
use crate::error::{ErrorCode, KmsError};
use crate::keystore::check_state;
use crate::request::{ResourceType, Tag};
use crate::response::{Response, TagRow};
use crate::service::Call;
use crate::service::validate::{MAX_TAG_LEN, tag_text_ok};

/// Most `ResourceId.N` in one call (D-119).
const MAX_RESOURCE_IDS: usize = 50;
/// Most `Tag.N` or `TagKey.N` in one call (D-119).
const MAX_TAGS_PER_CALL: usize = 20;
/// Most tags TagResources leaves on a resource (D-121).
const MAX_TAGS_PER_RESOURCE: usize = 20;
/// Rows per ListTagResources page (D-120).
const PAGE_ROWS: usize = 200;

impl Call<'_> {
    pub(super) fn tag_resources(
        &mut self,
        resource_type: ResourceType,
        resource_ids: &[String],
        tags: &[Tag],
    ) -> Result<Response, KmsError> {
        check_ids(resource_ids, true)?;
        if tags.is_empty() {
            return Err(KmsError::missing_parameter("Tag"));
        }
        check_count("Tag", tags.len())?;
        let mut seen = BTreeSet::new();
        for tag in tags {
            tag_key(&tag.key)?;
            if !tag_text_ok(&tag.value) {
                return Err(KmsError::with_message(
                    ErrorCode::InvalidParameterTagValue,
                    "The specified parameter is not valid: a tag value is 1 to 128 English \
                     letters, digits or `/ \\ _ - . + = : @`.",
                ));
            }
            if !seen.insert(tag.key.as_str()) {
                return Err(duplicate(&tag.key));
            }
        }
        let ids = self.tag_targets(Api::TagResources, resource_type, resource_ids)?;
        // Every resource is checked before any changes: all or nothing (D-123).
        let mut merged_sets = Vec::new();
        for id in &ids {
            let existing = self.tag_set(resource_type, id).cloned().unwrap_or_default();
            let mut merged = existing.clone();
            merged.extend(tags.iter().map(|t| (t.key.clone(), t.value.clone())));
            if merged.len() > existing.len() && merged.len() > MAX_TAGS_PER_RESOURCE {
                return Err(KmsError::invalid_parameter(
                    "Tag",
                    "a resource carries at most 20 tags",
                ));
            }
            merged_sets.push(merged);
        }
        for (id, merged) in ids.iter().zip(merged_sets) {
            if let Some(set) = self.tag_set(resource_type, id) {
                *set = merged;
            }
        }
        Ok(Response::Empty)
    }

    pub(super) fn untag_resources(
        &mut self,
        resource_type: ResourceType,
        resource_ids: &[String],
        tag_keys: &[String],
        all: Option<bool>,
    ) -> Result<Response, KmsError> {
        check_ids(resource_ids, true)?;
        check_count("TagKey", tag_keys.len())?;
        for key in tag_keys {
            tag_key(key)?;
        }
        if tag_keys.is_empty() && all != Some(true) {
            return Err(KmsError::missing_parameter("TagKey"));
        }
        let ids = self.tag_targets(Api::UntagResources, resource_type, resource_ids)?;
        for id in &ids {
            if let Some(set) = self.tag_set(resource_type, id) {
                if tag_keys.is_empty() {
                    set.clear();
                }
                // Keys a resource does not carry are ignored (D-122).
                for key in tag_keys {
                    set.remove(key);
                }
            }
        }
        Ok(Response::Empty)
    }

    pub(super) fn list_tag_resources(
        &mut self,
        resource_type: ResourceType,
        resource_ids: &[String],
        filters: &[Tag],
        next_token: Option<&str>,
    ) -> Result<Response, KmsError> {
        check_ids(resource_ids, false)?;
        check_count("Tag", filters.len())?;
        let mut seen = BTreeSet::new();
        for filter in filters {
            if filter.key.is_empty() || filter.key.len() > MAX_TAG_LEN {
                return Err(bad_tag_key("a tag key is 1 to 128 characters"));
            }
            if !seen.insert(filter.key.as_str()) {
                return Err(duplicate(&filter.key));
            }
        }
        let after = next_token.map(decode_token).transpose()?;
        let chosen: Option<BTreeSet<String>> = if resource_ids.is_empty() {
            None
        } else {
            Some(
                self.tag_targets(Api::ListTagResources, resource_type, resource_ids)?
                    .into_iter()
                    .collect(),
            )
        };
        let mut rows: Vec<TagRow> = Vec::new();
        for (id, tags) in self.tagged(resource_type) {
            if chosen.as_ref().is_some_and(|c| !c.contains(&id)) || !matches(&tags, filters) {
                continue;
            }
            rows.extend(tags.into_iter().map(|(tag_key, tag_value)| TagRow {
                resource_id: id.clone(),
                tag_key,
                tag_value,
                resource_type: resource_type.as_str(),
            }));
        }
        rows.sort();
        let mut rows: Vec<TagRow> = rows
            .into_iter()
            .filter(|r| {
                after.as_ref().is_none_or(|(id, key)| {
                    (r.resource_id.as_str(), r.tag_key.as_str()) > (id.as_str(), key.as_str())
                })
            })
            .collect();
        let next_token = if rows.len() > PAGE_ROWS {
            rows.truncate(PAGE_ROWS);
            rows.last().map(encode_token).unwrap_or_default()
        } else {
            String::new()
        };
        Ok(Response::TagResources { rows, next_token })
    }

    /// The resources `resource_ids` name, after the state check of `api` on every one: a key
    /// id or key ARN for keys (D-119). An unknown one is `InvalidResourceId.NotFound`.
    fn tag_targets(
        &mut self,
        api: Api,
        resource_type: ResourceType,
        resource_ids: &[String],
    ) -> Result<Vec<String>, KmsError> {
        let mut ids: Vec<String> = Vec::new();
        for reference in resource_ids {
            let id = match resource_type {
                ResourceType::Key => {
                    let id = if reference.starts_with("acs:") {
                        key_id_from_arn(reference, &self.config.region, &self.config.account_id)
                    } else {
                        Some(reference.as_str())
                    };
                    let key = id
                        .and_then(|id| self.store.key(id))
                        .ok_or_else(|| not_found(reference))?;
                    check_state(api, key.state)?;
                    key.id.clone()
                }
                // A name or a secret ARN; tag changes wait while deletion is pending (D-204).
                ResourceType::Secret => {
                    if self.secret_exists(reference) {
                        self.secret_name_for(api, reference)?
                    } else {
                        return Err(not_found(reference));
                    }
                }
            };
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        Ok(ids)
    }

    /// The tag set of one resource, for changing it.
    fn tag_set(
        &mut self,
        resource_type: ResourceType,
        id: &str,
    ) -> Option<&mut BTreeMap<String, String>> {
        match resource_type {
            ResourceType::Key => self.store.key_mut(id).map(|k| &mut k.tags),
            ResourceType::Secret => self.secrets.get_mut(id).map(|s| &mut s.tags),
        }
    }

    /// Every resource of the type with its tags.
    fn tagged(&self, resource_type: ResourceType) -> Vec<(String, BTreeMap<String, String>)> {
        match resource_type {
            ResourceType::Key => self
                .store
                .keys_in_order()
                .map(|k| (k.id.clone(), k.tags.clone()))
                .collect(),
            ResourceType::Secret => self
                .secrets
                .in_order()
                .into_iter()
                .map(|s| (s.name.clone(), s.tags.clone()))
                .collect(),
        }
    }
}

/// `ResourceId.N`: at most 50, none empty, at least one when `required`.
fn check_ids(ids: &[String], required: bool) -> Result<(), KmsError> {
    if required && ids.is_empty() {
        return Err(KmsError::missing_parameter("ResourceId"));
    }
    if ids.len() > MAX_RESOURCE_IDS {
        return Err(KmsError::invalid_parameter(
            "ResourceId",
            "at most 50 resource ids in one call",
        ));
    }
    if ids.iter().any(String::is_empty) {
        return Err(KmsError::invalid_parameter(
            "ResourceId",
            "a resource id must not be empty",
        ));
    }
    Ok(())
}

fn check_count(name: &str, count: usize) -> Result<(), KmsError> {
    if count > MAX_TAGS_PER_CALL {
        return Err(KmsError::invalid_parameter(
            name,
            "at most 20 tags in one call",
        ));
    }
    Ok(())
}

/// A tag key: the text rules, and not in the reserved `aliyun` / `acs:` namespaces.
fn tag_key(key: &str) -> Result<(), KmsError> {
    if !tag_text_ok(key) {
        return Err(bad_tag_key(
            "a tag key is 1 to 128 English letters, digits or `/ \\ _ - . + = : @`",
        ));
    }
    if key.starts_with("aliyun") || key.starts_with("acs:") {
        return Err(bad_tag_key(
            "a tag key must not start with `aliyun` or `acs:`",
        ));
    }
    Ok(())
}

fn bad_tag_key(why: &str) -> KmsError {
    KmsError::with_message(
        ErrorCode::InvalidParameterTagKey,
        format!("The specified parameter is not valid: {why}."),
    )
}

fn duplicate(key: &str) -> KmsError {
    KmsError::with_message(
        ErrorCode::DuplicateTagKey,
        format!("The specified tagKey is duplicate: \"{key}\"."),
    )
}

fn not_found(reference: &str) -> KmsError {
    KmsError::with_message(
        ErrorCode::InvalidResourceIdNotFound,
        format!("The specified ResourceId is not found: \"{reference}\"."),
    )
}

/// Whether `tags` carry every filter's key, with its value when one is given (ANDed, D-120).
fn matches(tags: &BTreeMap<String, String>, filters: &[Tag]) -> bool {
    filters.iter().all(|f| {
        tags.get(&f.key)
            .is_some_and(|v| f.value.is_empty() || *v == f.value)
    })
}

/// The opaque NextToken: the position of the last row returned.
fn encode_token(row: &TagRow) -> String {
    URL_SAFE_NO_PAD.encode(format!("{}\n{}", row.resource_id, row.tag_key))
}

fn decode_token(token: &str) -> Result<(String, String), KmsError> {
    let invalid = || KmsError::invalid_parameter("NextToken", "not a token this service issued");
    let bytes = URL_SAFE_NO_PAD.decode(token).map_err(|_| invalid())?;
    let text = String::from_utf8(bytes).map_err(|_| invalid())?;
    let (id, key) = text.split_once('\n').ok_or_else(invalid)?;
    Ok((id.to_owned(), key.to_owned()))
}
