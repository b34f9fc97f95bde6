//! DescribeRegions and ListKeys (with `Filters`).

use crate::config::DOCUMENTED_REGIONS;
use crate::error::KmsError;
use crate::keystore::Key;
use crate::request::{KeyFilter, PageRequest};
use crate::response::Response;
use crate::service::Call;
use crate::service::validate::{self, LIST_KEYS_PAGES, page, paginate, paginate_counted};

impl Call<'_> {
    pub(super) fn describe_regions(&self) -> Response {
        let mut region_ids: Vec<String> =
            DOCUMENTED_REGIONS.iter().map(|r| (*r).to_owned()).collect();
        if !region_ids.contains(&self.config.region) {
            region_ids.push(self.config.region.clone());
        }
        Response::Regions { region_ids }
    }

    pub(super) fn list_keys(
        &mut self,
        page_request: PageRequest,
        filters: &[KeyFilter],
    ) -> Result<Response, KmsError> {
        let selection = page(page_request, LIST_KEYS_PAGES)?;
        validate::filters(filters, FILTER_KEYS)?;
        // Without filters the count is the store's and only the page is visited; with them
        // every key is tested, and still only the page's keys are copied.
        let (keys, page) = if filters.is_empty() {
            let (ids, page) = paginate_counted(
                self.store.key_ids_in_order(),
                self.store.key_count(),
                selection,
            );
            let keys = ids
                .into_iter()
                .filter_map(|id| self.store.key(id))
                .collect();
            (keys, page)
        } else {
            let passing: Vec<&Key> = self
                .store
                .keys_in_order()
                .filter(|k| self.passes(k, filters))
                .collect();
            paginate(passing, selection)
        };
        let keys = keys
            .into_iter()
            .map(|k| (k.id.clone(), k.arn.clone()))
            .collect();
        Ok(Response::Keys { keys, page })
    }
}

/// The documented filter keys (docs/spec/kms-api.md §2.3 ListKeys), older and newer.
const FILTER_KEYS: &[&str] = &[
    "KeyState",
    "KeySpec",
    "KeyUsage",
    "ProtectionLevel",
    "CreatorType",
    "DKMSInstanceId",
    "keyId",
    "AliasName",
    "Creator",
    "TagKey",
    "TagValue",
];

impl Call<'_> {
    /// The values a key has for a filter attribute (several for aliases and tags).
    fn attribute(&self, key: &Key, name: &str) -> Vec<String> {
        match name {
            "KeyState" => vec![key.state.as_str().to_owned()],
            "KeySpec" => vec![key.spec.as_str().to_owned()],
            "KeyUsage" => vec![key.usage.as_str().to_owned()],
            "ProtectionLevel" => vec![key.protection_level.as_str().to_owned()],
            // Every key of the reference is created by the user, none by a cloud service.
            "CreatorType" => vec!["User".to_owned()],
            // The reference has no KMS instances: every key is a default (shared) key.
            "DKMSInstanceId" => vec![String::new()],
            "keyId" => vec![key.id.clone()],
            "AliasName" => self
                .store
                .aliases(Some(&key.id))
                .into_iter()
                .map(|(a, _)| a.to_owned())
                .collect(),
            "Creator" => vec![key.creator.clone()],
            "TagKey" => key.tags.keys().cloned().collect(),
            "TagValue" => key.tags.values().cloned().collect(),
            _ => Vec::new(),
        }
    }

    /// Whether `key` passes every filter: values are ORed within one filter key (a key given
    /// twice unions its values), filter keys are ANDed, and a filter with no values
    /// constrains nothing.
    fn passes(&self, key: &Key, filters: &[KeyFilter]) -> bool {
        filters.iter().map(|f| f.key.as_str()).all(|name| {
            let wanted: Vec<&String> = filters
                .iter()
                .filter(|f| f.key == name)
                .flat_map(|f| f.values.iter())
                .collect();
            wanted.is_empty()
                || self
                    .attribute(key, name)
                    .iter()
                    .any(|v| wanted.contains(&v))
        })
    }
}
