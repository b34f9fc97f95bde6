//! Tag APIs: TagResource, UntagResource, ListResourceTags.

use crate::api::Api;
use crate::error::KmsError;
use crate::request::Tag;
use crate::response::Response;
use crate::service::Call;
use crate::service::validate;

impl Call<'_> {
    pub(super) fn tag_resource(
        &mut self,
        key_ref: &str,
        tags: &[Tag],
    ) -> Result<Response, KmsError> {
        let key = self.key_for(Api::TagResource, key_ref)?;
        key.tags = validate::merge_tags("Tags", &key.tags, tags)?;
        Ok(Response::Empty)
    }

    pub(super) fn untag_resource(
        &mut self,
        key_ref: &str,
        tag_keys: &[String],
    ) -> Result<Response, KmsError> {
        if tag_keys.is_empty() {
            return Err(KmsError::invalid_parameter(
                "TagKeys",
                "at least one tag key is needed",
            ));
        }
        if tag_keys
            .iter()
            .any(|k| k.is_empty() || k.len() > validate::MAX_TAG_LEN)
        {
            return Err(KmsError::invalid_parameter(
                "TagKeys",
                "each tag key is 1 to 128 bytes",
            ));
        }
        let key = self.key_for(Api::UntagResource, key_ref)?;
        // Keys that are not present are ignored, as UntagResources does.
        for k in tag_keys {
            key.tags.remove(k);
        }
        Ok(Response::Empty)
    }

    pub(super) fn list_resource_tags(&mut self, key_ref: &str) -> Result<Response, KmsError> {
        let key = self.key_for(Api::ListResourceTags, key_ref)?;
        let tags = key
            .tags
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        Ok(Response::Tags {
            key_id: key.id.clone(),
            tags,
        })
    }
}
