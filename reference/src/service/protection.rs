//! SetDeletionProtection: switching a key's deletion protection on or off
//! (docs/spec/keys-v2.md §5.5; docs/spec/decisions.md D-124, D-125).

use crate::api::Api;
use crate::error::KmsError;
use crate::response::Response;
use crate::service::Call;

impl Call<'_> {
    /// The key is named by `KeyId` (id, alias or ARN) or `ProtectedResourceArn` (a key ARN);
    /// when both are given they must name the same key. `KmsInstanceId` (SDK331) is accepted
    /// and has no effect: every reference key is a default key.
    pub(super) fn set_deletion_protection(
        &mut self,
        protected_resource_arn: Option<&str>,
        key_ref: Option<&str>,
        enable: bool,
        description: Option<&str>,
    ) -> Result<Response, KmsError> {
        const API: Api = Api::SetDeletionProtection;
        let by_arn = match protected_resource_arn {
            Some(arn) if !arn.starts_with("acs:") => {
                return Err(KmsError::invalid_parameter(
                    "ProtectedResourceArn",
                    "must be a key ARN, acs:kms:<region>:<uid>:key/<key-id>",
                ));
            }
            Some(arn) => Some(self.resolve_key_id(API, arn)?),
            None => None,
        };
        let by_key_id = key_ref.map(|k| self.resolve_key_id(API, k)).transpose()?;
        let id = match (by_arn, by_key_id) {
            (Some(a), Some(b)) if a != b => {
                return Err(KmsError::invalid_parameter(
                    "ProtectedResourceArn",
                    "names another key than KeyId",
                ));
            }
            (Some(id), _) | (None, Some(id)) => id,
            (None, None) => return Err(KmsError::missing_parameter("ProtectedResourceArn")),
        };
        let key = self.key_by_id_for(API, &id)?;
        // The description is kept only while the protection is on (D-124).
        key.deletion_protection = enable.then(|| description.unwrap_or_default().to_owned());
        Ok(Response::Empty)
    }
}
