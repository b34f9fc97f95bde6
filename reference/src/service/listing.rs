//! DescribeRegions and ListKeys (with `Filters`).

use crate::config::DOCUMENTED_REGIONS;
use crate::error::KmsError;
use crate::keystore::Key;
use crate::request::{KeyFilter, PageRequest};
use crate::response::Response;
use crate::service::Call;
use crate::service::validate::{page, paginate};

/// Most filters, and most values per filter (kms-api.md §2.3 ListKeys).
const MAX_FILTERS: usize = 10;

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
        let selection = page(page_request)?;
        check_filters(filters)?;
        let keys: Vec<(String, String)> = self
            .store
            .keys_in_order()
            .into_iter()
            .filter(|k| {
                filters
                    .iter()
                    .map(|f| f.key.as_str())
                    .all(|name| matches_all(k, filters, name))
            })
            .map(|k| (k.id.clone(), k.arn.clone()))
            .collect();
        let (keys, page) = paginate(keys, selection);
        Ok(Response::Keys { keys, page })
    }
}

fn check_filters(filters: &[KeyFilter]) -> Result<(), KmsError> {
    if filters.len() > MAX_FILTERS {
        return Err(KmsError::invalid_parameter("Filters", "at most 10 filters"));
    }
    for f in filters {
        if attribute(None, &f.key).is_none() {
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

/// The value of a filterable attribute; `None` for an unknown attribute. With no key, only
/// whether the attribute is known matters.
fn attribute(key: Option<&Key>, name: &str) -> Option<String> {
    let value = |f: fn(&Key) -> String| key.map(f).unwrap_or_default();
    match name {
        "KeyState" => Some(value(|k| k.state.as_str().to_owned())),
        "KeySpec" => Some(value(|k| k.spec.as_str().to_owned())),
        "KeyUsage" => Some(value(|k| k.usage.as_str().to_owned())),
        "ProtectionLevel" => Some(value(|k| k.protection_level.as_str().to_owned())),
        // Every key of the reference is created by the user, none by a cloud service.
        "CreatorType" => Some("User".to_owned()),
        _ => None,
    }
}

/// Whether `key` passes the filters named `name`: values are ORed within one name, and a name
/// given twice unions its values; a filter with no values constrains nothing.
fn matches_all(key: &Key, filters: &[KeyFilter], name: &str) -> bool {
    let values: Vec<&String> = filters
        .iter()
        .filter(|f| f.key == name)
        .flat_map(|f| f.values.iter())
        .collect();
    values.is_empty() || attribute(Some(key), name).is_some_and(|v| values.contains(&&v))
}
