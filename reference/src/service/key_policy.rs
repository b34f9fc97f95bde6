//! GetKeyPolicy and SetKeyPolicy: key policies exist only for keys in KMS instances, and every
//! reference key is a default key (docs/spec/keys-v2.md §5.6; docs/spec/decisions.md D-126).

use crate::api::Api;
use crate::error::{ErrorCode, KmsError};
use crate::response::Response;
use crate::service::Call;

/// Longest `Policy` of SetKeyPolicy, in bytes (docs/spec/keys-v2.md §5.6).
const MAX_POLICY_BYTES: usize = 32_768;

impl Call<'_> {
    pub(super) fn get_key_policy(
        &mut self,
        key_ref: &str,
        policy_name: Option<&str>,
    ) -> Result<Response, KmsError> {
        self.key_policy(Api::GetKeyPolicy, key_ref, policy_name)
    }

    pub(super) fn set_key_policy(
        &mut self,
        key_ref: &str,
        policy_name: Option<&str>,
        policy: &str,
    ) -> Result<Response, KmsError> {
        if policy.len() > MAX_POLICY_BYTES {
            return Err(KmsError::invalid_parameter("Policy", "at most 32768 bytes"));
        }
        if !serde_json::from_str::<serde_json::Value>(policy).is_ok_and(|v| v.is_object()) {
            return Err(KmsError::invalid_parameter(
                "Policy",
                "must be a JSON policy document",
            ));
        }
        self.key_policy(Api::SetKeyPolicy, key_ref, policy_name)
    }

    /// The key must exist; only the policy `default` is known; and no reference key has one.
    fn key_policy(
        &mut self,
        api: Api,
        key_ref: &str,
        policy_name: Option<&str>,
    ) -> Result<Response, KmsError> {
        self.key_for(api, key_ref)?;
        if policy_name.is_some_and(|n| n != "default") {
            return Err(ErrorCode::ForbiddenResourceNotFound.into());
        }
        Err(ErrorCode::ForbiddenKeyPolicyUnSupported.into())
    }
}
