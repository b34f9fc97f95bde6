//! Authorization of every KMS call (docs/spec/kms-api.md §5.4): which resources a request acts on, the
//! condition keys it carries, and the decision of the caller's policies.
//!
//! Order, chosen so that a caller without permission learns nothing about keys it may not see:
//! 1. parameters are decoded and checked for presence and syntax (no key is looked at);
//! 2. the resources are named *without* revealing existence: a key id or ARN becomes the key's
//!    ARN whether or not the key exists; an alias becomes its key's ARN when it exists and the
//!    alias ARN otherwise (so only a caller allowed on that alias learns it is missing);
//! 3. the caller's policies decide on every resource (all must allow);
//! 4. only then existence (`Forbidden.KeyNotFound`, `Forbidden.AliasNotFound`), key state and
//!    the API's own rules are checked.
//!
//! One exception: Decrypt of a blob whose key version is unknown here answers
//! `Forbidden.KeyNotFound` before authorization, as there is no key to authorize on; the blob
//! is the caller's own and reveals nothing else.

use std::collections::BTreeMap;

use crate::api::Api;
use crate::arn::{alias_arn, alias_container_arn, key_arn, key_container_arn, key_id_from_arn};
use crate::caller::{Caller, Principal};
use crate::crypto::{CiphertextError, decode_blob};
use crate::error::{ErrorCode, KmsError};
use crate::policy::{AuthzRequest, Decision, RequestContext, evaluate};
use crate::request::Request;
use crate::service::Call;
use crate::service::crypto_ops::blob_error;
use crate::service::validate::require;

/// A resource a call acts on, with the tags of the key behind it (for `kms:tag/<k>`).
#[derive(Debug)]
pub(super) struct Resource {
    arn: String,
    tags: BTreeMap<String, String>,
    /// The key behind the resource, when it exists (for the audit record).
    key_id: Option<String>,
}

impl Call<'_> {
    /// Decides whether `caller` may make `request`; `Forbidden.NoPermission` naming the first
    /// refused resource otherwise.
    pub(super) fn authorize(&mut self, caller: &Caller, request: &Request) -> Result<(), KmsError> {
        let api = request.api();
        if api == Api::DescribeRegions {
            return Ok(());
        }
        let resources = self.resources_of(request)?;
        self.referenced_keys
            .extend(resources.iter().filter_map(|r| r.key_id.clone()));
        let Principal::User { name } = &caller.principal else {
            // The account (root) has every permission on its own resources.
            return Ok(());
        };
        let policies = self.identities.policies_of(name);
        let action = format!("kms:{}", api.name());
        let mut refused: Option<(Decision, &str)> = None;
        for resource in &resources {
            let context = self.context_for(caller, api, resource);
            let evaluation = evaluate(
                &policies,
                &AuthzRequest {
                    action: &action,
                    resource: &resource.arn,
                    context: &context,
                },
            );
            match (evaluation.decision, refused) {
                (Decision::Allow, _) => {}
                (Decision::ExplicitDeny, Some((Decision::ExplicitDeny, _))) => {}
                (Decision::ExplicitDeny, _) => {
                    refused = Some((Decision::ExplicitDeny, &resource.arn))
                }
                (Decision::ImplicitDeny, None) => {
                    refused = Some((Decision::ImplicitDeny, &resource.arn))
                }
                (Decision::ImplicitDeny, Some(_)) => {}
            }
        }
        match refused {
            None => Ok(()),
            Some((_, arn)) => Err(KmsError::with_message(
                ErrorCode::ForbiddenNoPermission,
                format!("This operation for {arn} is forbidden by permission system."),
            )),
        }
    }

    /// The condition keys of a request on `resource`.
    fn context_for(&self, caller: &Caller, api: Api, resource: &Resource) -> RequestContext {
        let mut context = RequestContext::new()
            .with("acs:CurrentTime", self.now.to_string())
            .with("acs:SecureTransport", caller.secure_transport.to_string())
            .with("acs:MFAPresent", caller.mfa_present.to_string());
        if let Some(ip) = caller.source_ip {
            context.set("acs:SourceIp", ip.to_string());
        }
        if matches!(
            api,
            Api::Encrypt
                | Api::Decrypt
                | Api::GenerateDataKey
                | Api::GenerateDataKeyWithoutPlaintext
        ) {
            context.set("kms:EncryptionAlgorithm", "SYMMETRIC_DEFAULT");
        }
        for (k, v) in &resource.tags {
            context.set(&format!("kms:tag/{k}"), v.clone());
        }
        context
    }

    fn resources_of(&self, request: &Request) -> Result<Vec<Resource>, KmsError> {
        let (region, account) = (&self.config.region, &self.config.account_id);
        let container = |arn: String| Resource {
            arn,
            tags: BTreeMap::new(),
            key_id: None,
        };
        let api = request.api();
        Ok(match request {
            Request::DescribeRegions => Vec::new(),
            Request::ListKeys { .. } | Request::CreateKey(_) => {
                vec![container(key_container_arn(region, account))]
            }
            Request::ListAliases { .. } => vec![container(alias_container_arn(region, account))],
            Request::CreateAlias { alias_name, key_id }
            | Request::UpdateAlias { alias_name, key_id } => {
                require("AliasName", alias_name)?;
                vec![
                    container(alias_arn(region, account, alias_name)),
                    self.key_resource(api, key_id)?,
                ]
            }
            Request::DeleteAlias { alias_name } => {
                require("AliasName", alias_name)?;
                let mut resources = vec![container(alias_arn(region, account, alias_name))];
                if let Some(key_id) = self.store.alias_target(alias_name) {
                    resources.push(self.key_resource_by_id(key_id));
                }
                resources
            }
            Request::Decrypt {
                ciphertext_blob, ..
            } => {
                require("CiphertextBlob", ciphertext_blob)?;
                let blob = decode_blob(ciphertext_blob).map_err(blob_error)?;
                let key_id = self
                    .store
                    .key_id_for_version(blob.key_version_id())
                    .ok_or_else(|| blob_error(CiphertextError::UnknownKeyVersion))?;
                vec![self.key_resource_by_id(key_id)]
            }
            Request::GenerateDataKey(r) | Request::GenerateDataKeyWithoutPlaintext(r) => {
                vec![self.key_resource(api, &r.key_id)?]
            }
            Request::DescribeKey { key_id }
            | Request::UpdateKeyDescription { key_id, .. }
            | Request::EnableKey { key_id }
            | Request::DisableKey { key_id }
            | Request::ScheduleKeyDeletion { key_id, .. }
            | Request::CancelKeyDeletion { key_id }
            | Request::GetParametersForImport { key_id, .. }
            | Request::ImportKeyMaterial { key_id, .. }
            | Request::DeleteKeyMaterial { key_id }
            | Request::Encrypt { key_id, .. }
            | Request::ListAliasesByKeyId { key_id, .. }
            | Request::TagResource { key_id, .. }
            | Request::UntagResource { key_id, .. }
            | Request::ListResourceTags { key_id } => vec![self.key_resource(api, key_id)?],
        })
    }

    /// The resource a `KeyId` parameter names, without revealing whether the key exists.
    fn key_resource(&self, api: Api, key_ref: &str) -> Result<Resource, KmsError> {
        require("KeyId", key_ref)?;
        let (region, account) = (&self.config.region, &self.config.account_id);
        if key_ref.starts_with("alias/") {
            if !api.accepts_alias() {
                return Err(ErrorCode::UnsupportedAlias.into());
            }
            return Ok(match self.store.alias_target(key_ref) {
                Some(key_id) => self.key_resource_by_id(key_id),
                None => Resource {
                    arn: alias_arn(region, account, key_ref),
                    tags: BTreeMap::new(),
                    key_id: None,
                },
            });
        }
        if key_ref.starts_with("acs:") {
            return Ok(match key_id_from_arn(key_ref, region, account) {
                Some(id) => self.key_resource_by_id(id),
                // Another region's or account's ARN: authorize on it as written.
                None => Resource {
                    arn: key_ref.to_owned(),
                    tags: BTreeMap::new(),
                    key_id: None,
                },
            });
        }
        Ok(self.key_resource_by_id(key_ref))
    }

    fn key_resource_by_id(&self, key_id: &str) -> Resource {
        let key = self.store.key(key_id);
        Resource {
            arn: key_arn(&self.config.region, &self.config.account_id, key_id),
            tags: key.map(|k| k.tags.clone()).unwrap_or_default(),
            key_id: key.map(|k| k.id.clone()),
        }
    }

    /// LookupEvents: the account always; a RAM user with `actiontrail:LookupEvents` on
    /// `acs:actiontrail:<region>:<account>:*`.
    pub(super) fn authorize_lookup(&self, caller: &Caller) -> Result<(), KmsError> {
        let Principal::User { name } = &caller.principal else {
            return Ok(());
        };
        let resource = format!(
            "acs:actiontrail:{}:{}:*",
            self.config.region, self.config.account_id
        );
        let context = RequestContext::new().with("acs:CurrentTime", self.now.to_string());
        let evaluation = evaluate(
            &self.identities.policies_of(name),
            &AuthzRequest {
                action: "actiontrail:LookupEvents",
                resource: &resource,
                context: &context,
            },
        );
        if evaluation.decision == Decision::Allow {
            Ok(())
        } else {
            Err(ErrorCode::NoPermission.into())
        }
    }
}
