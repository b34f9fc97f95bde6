//! The Secrets Manager APIs a Generic reference secret refuses or needs no secret for:
//! RotateSecret (which only a RAM secret takes, D-230), UpdateSecretRotationPolicy,
//! GetSecretPolicy, SetSecretPolicy, and GetRandomPassword (docs/spec/secrets.md §4.12-§4.15;
//! docs/spec/decisions.md D-213, D-214, D-222, D-231).

use crate::api::Api;
use crate::error::{ErrorCode, KmsError};
use crate::request::GetRandomPassword;
use crate::response::Response;
use crate::secrets::{PasswordOptions, check_version_id, generate_password};
use crate::service::Call;
use crate::service::secret_lifecycle::MAX_POLICY_BYTES;

/// The only policy name (docs/spec/secrets.md §4.14).
const DEFAULT_POLICY: &str = "default";

impl Call<'_> {
    pub(super) fn rotate_secret(
        &mut self,
        reference: &str,
        version_id: &str,
    ) -> Result<Response, KmsError> {
        let name = self.secret_name_for(Api::RotateSecret, reference)?;
        check_version_id("VersionId", version_id)?;
        if self.secret_mut(&name)?.ram.is_none() {
            return Err(generic_does_not_rotate());
        }
        self.rotate_ram_secret(&name, version_id)
    }

    pub(super) fn update_secret_rotation_policy(
        &mut self,
        reference: &str,
    ) -> Result<Response, KmsError> {
        let name = self.secret_name_for(Api::UpdateSecretRotationPolicy, reference)?;
        // The reference rotates a RAM secret only when asked (D-231).
        if self.secret_mut(&name)?.ram.is_some() {
            return Err(KmsError::with_message(
                ErrorCode::UnsupportedOperation,
                "this reference does not rotate RAMCredentials secrets automatically; call \
                 RotateSecret",
            ));
        }
        Err(generic_does_not_rotate())
    }

    /// GetSecretPolicy and SetSecretPolicy: a reference secret is in no KMS instance, so it
    /// has no policy (D-222).
    pub(super) fn secret_policy(
        &mut self,
        api: Api,
        reference: &str,
        policy_name: Option<&str>,
        policy: Option<&str>,
    ) -> Result<Response, KmsError> {
        self.secret_name_for(api, reference)?;
        if policy_name.is_some_and(|n| n != DEFAULT_POLICY) {
            return Err(KmsError::with_message(
                ErrorCode::ForbiddenResourceNotFound,
                "Policy not found.",
            ));
        }
        if policy.is_some_and(|p| p.len() > MAX_POLICY_BYTES) {
            return Err(KmsError::invalid_parameter("Policy", "at most 32768 bytes"));
        }
        Err(KmsError::with_message(
            ErrorCode::ForbiddenKeyPolicyUnSupported,
            "The specified key does not support key policy.",
        ))
    }

    pub(super) fn get_random_password(
        &mut self,
        r: &GetRandomPassword,
    ) -> Result<Response, KmsError> {
        let options = PasswordOptions {
            length: r.password_length,
            exclude_characters: r.exclude_characters.clone().unwrap_or_default(),
            exclude_lowercase: r.exclude_lowercase.unwrap_or(false),
            exclude_uppercase: r.exclude_uppercase.unwrap_or(false),
            exclude_numbers: r.exclude_numbers.unwrap_or(false),
            exclude_punctuation: r.exclude_punctuation.unwrap_or(false),
            require_each_included_type: r.require_each_included_type,
        };
        Ok(Response::RandomPassword {
            password: generate_password(&options, self.rng)?,
        })
    }
}

/// RotateSecret and UpdateSecretRotationPolicy on a Generic secret (D-213).
fn generic_does_not_rotate() -> KmsError {
    KmsError::with_message(
        ErrorCode::UnsupportedOperation,
        "a Generic secret does not rotate automatically; write new versions with PutSecretValue",
    )
}
