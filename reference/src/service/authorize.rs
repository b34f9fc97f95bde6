//! Authorization of every call, KMS, RAM and ActionTrail alike, through one decision with one
//! request context (docs/spec/kms-api.md §5.4): which resources a request acts on, the
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
//! One exception: Decrypt, ExportDataKey and a symmetric-source ReEncrypt of a blob whose key
//! version is unknown here answer `Forbidden.KeyNotFound` before authorization, as there is no
//! key to authorize on; the blob is the caller's own and reveals nothing else.

use std::collections::BTreeMap;

use crate::api::{Api, Resources};
use crate::arn::{
    alias_arn, alias_container_arn, key_arn, key_container_arn, key_id_from_arn, secret_arn,
    secret_container_arn, secret_name_of,
};
use crate::caller::{Caller, Principal};
use crate::crypto::{CiphertextError, decode_blob};
use crate::error::{AccessDenied, ErrorCode, KmsError};
use crate::policy::{
    AuthzRequest, Decision, Evaluation, IndexedPolicy, RequestContext, evaluate_indexed,
};
use crate::service::Call;
use crate::service::crypto_ops::blob_error;
use crate::service::validate::require;

/// Named policies that decide together, as one identity's policies do.
type PolicySet<'a> = Vec<(&'a str, &'a IndexedPolicy)>;

/// A resource a call acts on, with the tags of the key behind it (for `kms:tag/<k>`).
#[derive(Debug)]
pub(super) struct Resource {
    arn: String,
    tags: BTreeMap<String, String>,
    /// The key behind the resource, when it exists (for the audit record).
    key_id: Option<String>,
    /// The secret behind the resource, when it exists (for the audit record, D-226).
    secret: Option<String>,
}

impl Call<'_> {
    /// Decides whether `caller` may make `request`; `Forbidden.NoPermission` naming the first
    /// refused resource otherwise.
    pub(super) fn authorize(
        &mut self,
        caller: &Caller,
        api: Api,
        params: &BTreeMap<String, String>,
    ) -> Result<(), KmsError> {
        let description = api.description();
        if description.resources == Resources::None {
            return Ok(());
        }
        let resources = self.resources_of(api, params)?;
        self.referenced_keys
            .extend(resources.iter().filter_map(|r| r.key_id.clone()));
        self.referenced_secrets
            .extend(resources.iter().filter_map(|r| r.secret.clone()));
        // The account may do anything (`decide` asks no policy for it): its calls need no
        // condition keys, which are the bulk of a decision's cost on the Encrypt path.
        if caller.principal == Principal::Account {
            return Ok(());
        }
        let mut asks: Vec<(&str, RequestContext)> = resources
            .iter()
            .map(|r| (r.arn.as_str(), self.context_for(caller, api, params, r)))
            .collect();
        if description.resources == Resources::ReEncryptKeys {
            return self.authorize_reencrypt(caller, &mut asks, params);
        }
        let action = api.ram_action();
        self.decide(caller, &action, &asks, ErrorCode::ForbiddenNoPermission)
    }

    /// ReEncrypt needs `kms:ReEncryptFrom` on the source key and `kms:ReEncryptTo` on the
    /// destination key (docs/spec/keys-v2.md §6); `asks` holds the two, source first. An
    /// asymmetric source carries its algorithm in `kms:EncryptionAlgorithm`.
    fn authorize_reencrypt(
        &self,
        caller: &Caller,
        asks: &mut [(&str, RequestContext)],
        params: &BTreeMap<String, String>,
    ) -> Result<(), KmsError> {
        if let (Some((_, source)), Some(algorithm)) = (
            asks.first_mut(),
            params
                .get("SourceEncryptionAlgorithm")
                .filter(|a| !a.is_empty()),
        ) {
            source.set("kms:EncryptionAlgorithm", algorithm.clone());
        }
        for (ask, action) in asks.iter().zip(["kms:ReEncryptFrom", "kms:ReEncryptTo"]) {
            self.decide(
                caller,
                action,
                std::slice::from_ref(ask),
                ErrorCode::ForbiddenNoPermission,
            )?;
        }
        Ok(())
    }

    /// The decision of `caller`'s policies on `action` over every `(resource, context)`: all
    /// must allow. The account (root) may do anything with its own resources. A refusal names
    /// the first resource refused, the kind of decision (an explicit deny dominates) and the
    /// deciding statements, as Alibaba Cloud's `AccessDeniedDetail` does.
    pub(super) fn decide(
        &self,
        caller: &Caller,
        action: &str,
        asks: &[(&str, RequestContext)],
        code: ErrorCode,
    ) -> Result<(), KmsError> {
        let Some((name, sets)) = self.policy_sets(caller) else {
            return Ok(());
        };
        let mut refused: Option<(Evaluation, &str)> = None;
        for (arn, context) in asks {
            let request = AuthzRequest {
                action,
                resource: arn,
                context,
            };
            let evaluation = combine(sets.iter().map(|set| evaluate_indexed(set, &request)));
            let replaces = match (&evaluation.decision, &refused) {
                (Decision::Allow, _) => false,
                (Decision::ExplicitDeny, Some((e, _))) => e.decision != Decision::ExplicitDeny,
                (_, None) => true,
                (Decision::ImplicitDeny, Some(_)) => false,
            };
            if replaces {
                refused = Some((evaluation, arn));
            }
        }
        match refused {
            None => Ok(()),
            Some((evaluation, arn)) => Err(KmsError::access_denied(
                code,
                arn,
                AccessDenied {
                    no_permission_type: match evaluation.decision {
                        Decision::ExplicitDeny => "ExplicitDeny",
                        _ => "ImplicitDeny",
                    },
                    auth_action: action.to_owned(),
                    principal_name: name.clone(),
                    deciding: evaluation
                        .deciding
                        .iter()
                        .map(ToString::to_string)
                        .collect(),
                },
            )),
        }
    }

    /// The name of a caller that policies decide for, and its sets of policies, each of which
    /// must allow: a RAM user's attached policies; a role session's role policies and, when it
    /// has one, its session policy. `None` for the account, which may do anything.
    fn policy_sets(&self, caller: &Caller) -> Option<(String, Vec<PolicySet<'_>>)> {
        match &caller.principal {
            Principal::Account => None,
            Principal::User { name } => {
                Some((name.clone(), vec![self.identities.policies_of(name)]))
            }
            Principal::AssumedRole {
                role,
                session,
                access_key_id,
                ..
            } => {
                let mut sets = vec![self.identities.policies_of_role(role)];
                if let Some(policy) = self
                    .identities
                    .sessions
                    .get(access_key_id)
                    .and_then(|s| s.policy.as_ref())
                {
                    sets.push(vec![("session-policy", policy)]);
                }
                Some((format!("{role}:{session}"), sets))
            }
        }
    }

    /// The condition keys every request carries, whatever the product: time, transport, MFA
    /// and the caller's address.
    pub(super) fn base_context(&self, caller: &Caller) -> RequestContext {
        let mut context = RequestContext::new()
            .with("acs:CurrentTime", self.now.to_string())
            .with("acs:SecureTransport", caller.secure_transport.to_string())
            .with("acs:MFAPresent", caller.mfa_present.to_string());
        if let Some(ip) = caller.source_ip {
            context.set("acs:SourceIp", ip.to_string());
        }
        context
    }

    /// The condition keys of a request on `resource`.
    fn context_for(
        &self,
        caller: &Caller,
        api: Api,
        params: &BTreeMap<String, String>,
        resource: &Resource,
    ) -> RequestContext {
        let mut context = self.base_context(caller);
        let description = api.description();
        if description.symmetric_crypto {
            context.set("kms:EncryptionAlgorithm", "SYMMETRIC_DEFAULT");
        }
        // The asymmetric encryption calls carry their `Algorithm` (docs/spec/keys-v2.md §6).
        if let Some(algorithm) = params
            .get("Algorithm")
            .filter(|_| description.asymmetric_encryption)
        {
            context.set("kms:EncryptionAlgorithm", algorithm.clone());
        }
        for (k, v) in &resource.tags {
            context.set(&format!("kms:tag/{k}"), v.clone());
        }
        context
    }

    /// The resources of a call, as the API's description names them.
    fn resources_of(
        &self,
        api: Api,
        params: &BTreeMap<String, String>,
    ) -> Result<Vec<Resource>, KmsError> {
        let (region, account) = (&self.config.region, &self.config.account_id);
        let param = |name: &str| params.get(name).map(String::as_str).unwrap_or_default();
        let container = |arn: String| Resource {
            arn,
            tags: BTreeMap::new(),
            key_id: None,
            secret: None,
        };
        let alias = || -> Result<Resource, KmsError> {
            let alias_name = param("AliasName");
            require("AliasName", alias_name)?;
            Ok(container(alias_arn(region, account, alias_name)))
        };
        Ok(match api.description().resources {
            Resources::None => Vec::new(),
            Resources::KeyContainer => vec![container(key_container_arn(region, account))],
            Resources::AliasContainer => vec![container(alias_container_arn(region, account))],
            Resources::Key => vec![self.key_resource(api, param("KeyId"))?],
            Resources::AliasAndKey => vec![alias()?, self.key_resource(api, param("KeyId"))?],
            Resources::AliasAndItsKey => {
                let mut resources = vec![alias()?];
                if let Some(key_id) = self.store.alias_target(param("AliasName")) {
                    resources.push(self.key_resource_by_id(key_id));
                }
                resources
            }
            Resources::KeyOfBlob => vec![self.key_of_blob(param("CiphertextBlob"))?],
            Resources::ReEncryptKeys => {
                // The source: the key SourceKeyId names for an asymmetric source, whose ids
                // are then required (D-115), else the key of the symmetric blob.
                let source = if param("SourceEncryptionAlgorithm").is_empty() {
                    self.key_of_blob(param("CiphertextBlob"))?
                } else {
                    require("SourceKeyId", param("SourceKeyId"))?;
                    require("SourceKeyVersionId", param("SourceKeyVersionId"))?;
                    self.key_resource(api, param("SourceKeyId"))?
                };
                require("DestinationKeyId", param("DestinationKeyId"))?;
                vec![source, self.key_resource(api, param("DestinationKeyId"))?]
            }
            Resources::TaggedResources => self.tagged_resources(params),
            Resources::SecretContainer => vec![container(secret_container_arn(region, account))],
            Resources::Secret => {
                let name = param("SecretName");
                require("SecretName", name)?;
                vec![self.secret_resource(name)]
            }
            Resources::Unscoped => vec![container(format!("acs:kms:{region}:{account}:*"))],
            Resources::ProtectedKey => {
                let mut resources = Vec::new();
                for name in ["KeyId", "ProtectedResourceArn"] {
                    if !param(name).is_empty() {
                        resources.push(self.key_resource(api, param(name))?);
                    }
                }
                if resources.is_empty() {
                    return Err(KmsError::missing_parameter("ProtectedResourceArn"));
                }
                resources
            }
        })
    }

    /// The resources of the newer tag APIs: each `ResourceId.N` of the `ResourceType`, or the
    /// type's container when none is given (docs/spec/keys-v2.md §6; D-119).
    fn tagged_resources(&self, params: &BTreeMap<String, String>) -> Vec<Resource> {
        let (region, account) = (&self.config.region, &self.config.account_id);
        let secrets = params.get("ResourceType").map(String::as_str) == Some("secret");
        let ids: Vec<&str> = params
            .iter()
            .filter(|(k, v)| k.starts_with("ResourceId.") && !v.is_empty())
            .map(|(_, v)| v.as_str())
            .collect();
        let bare = |arn: String| Resource {
            arn,
            tags: BTreeMap::new(),
            key_id: None,
            secret: None,
        };
        if ids.is_empty() {
            return vec![bare(if secrets {
                secret_container_arn(region, account)
            } else {
                key_container_arn(region, account)
            })];
        }
        ids.into_iter()
            .map(|id| match (secrets, key_id_from_arn(id, region, account)) {
                (true, _) => self.secret_resource(id),
                (false, Some(key_id)) => self.key_resource_by_id(key_id),
                (false, None) if id.starts_with("acs:") => bare(id.to_owned()),
                (false, None) => self.key_resource_by_id(id),
            })
            .collect()
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
                    secret: None,
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
                    secret: None,
                },
            });
        }
        Ok(self.key_resource_by_id(key_ref))
    }

    /// The key whose version made the symmetric `CiphertextBlob`. A blob of a version unknown
    /// here is `Forbidden.KeyNotFound` already, as there is nothing to authorize on.
    fn key_of_blob(&self, ciphertext_blob: &str) -> Result<Resource, KmsError> {
        require("CiphertextBlob", ciphertext_blob)?;
        let blob = decode_blob(ciphertext_blob).map_err(blob_error)?;
        let key_id = self
            .store
            .key_id_for_version(blob.key_version_id())
            .ok_or_else(|| blob_error(CiphertextError::UnknownKeyVersion))?;
        Ok(self.key_resource_by_id(key_id))
    }
    /// The resource a `SecretName` (name or ARN) names, with the secret's tags for
    /// `kms:tag/<k>` (docs/spec/decisions.md D-225) and its name for the audit record (D-226)
    /// when it exists; another account's or
    /// region's ARN is authorized on as written.
    fn secret_resource(&self, reference: &str) -> Resource {
        let (region, account) = (&self.config.region, &self.config.account_id);
        match secret_name_of(reference, region, account) {
            Some(name) => {
                let secret = self.secrets.get(name);
                Resource {
                    arn: secret_arn(region, account, name),
                    tags: secret.map(|s| s.tags.clone()).unwrap_or_default(),
                    key_id: None,
                    secret: secret.map(|s| s.name.clone()),
                }
            }
            None => Resource {
                arn: reference.to_owned(),
                tags: BTreeMap::new(),
                key_id: None,
                secret: None,
            },
        }
    }

    /// A second decision some secrets APIs need (docs/spec/secrets.md §8): `action` on the
    /// user key `key_id` that encrypts the secret (`kms:GenerateDataKey` to write a value,
    /// `kms:Decrypt` to read one).
    pub(super) fn authorize_key_use(&self, action: &str, key_id: &str) -> Result<(), KmsError> {
        let Some(caller) = self.caller.clone() else {
            return Ok(());
        };
        let resource = self.key_resource_by_id(key_id);
        self.authorize_on(&caller, action, &resource)
    }

    /// `action` on one secret, for the entries of BatchGetSecretValue (D-215).
    pub(super) fn authorize_secret(&self, action: &str, reference: &str) -> Result<(), KmsError> {
        let Some(caller) = self.caller.clone() else {
            return Ok(());
        };
        let resource = self.secret_resource(reference);
        self.authorize_on(&caller, action, &resource)
    }

    fn authorize_on(
        &self,
        caller: &Caller,
        action: &str,
        resource: &Resource,
    ) -> Result<(), KmsError> {
        let mut context = self.base_context(caller);
        for (k, v) in &resource.tags {
            context.set(&format!("kms:tag/{k}"), v.clone());
        }
        self.decide(
            caller,
            action,
            &[(resource.arn.as_str(), context)],
            ErrorCode::ForbiddenNoPermission,
        )
    }

    fn key_resource_by_id(&self, key_id: &str) -> Resource {
        let key = self.store.key(key_id);
        Resource {
            arn: key_arn(&self.config.region, &self.config.account_id, key_id),
            tags: key.map(|k| k.tags.clone()).unwrap_or_default(),
            key_id: key.map(|k| k.id.clone()),
            secret: None,
        }
    }

    /// LookupEvents: the account always; a RAM user with `actiontrail:LookupEvents` on
    /// `acs:actiontrail:<region>:<account>:*`.
    pub(super) fn authorize_lookup(&self, caller: &Caller) -> Result<(), KmsError> {
        let resource = format!(
            "acs:actiontrail:{}:{}:*",
            self.config.region, self.config.account_id
        );
        self.decide(
            caller,
            "actiontrail:LookupEvents",
            &[(&resource, self.base_context(caller))],
            ErrorCode::NoPermission,
        )
    }
}

/// The decision of several policy sets that must all allow: an explicit deny in any denies;
/// otherwise any implicit deny denies; otherwise allow (docs/spec/ram-sts.md §0.8).
fn combine(evaluations: impl Iterator<Item = Evaluation>) -> Evaluation {
    let mut result: Option<Evaluation> = None;
    for e in evaluations {
        let replaces = match (&e.decision, &result) {
            (_, None) => true,
            (Decision::Allow, Some(_)) => false,
            (Decision::ExplicitDeny, Some(r)) => r.decision != Decision::ExplicitDeny,
            (Decision::ImplicitDeny, Some(r)) => r.decision == Decision::Allow,
        };
        if replaces {
            result = Some(e);
        }
    }
    result.unwrap_or(Evaluation {
        decision: Decision::ImplicitDeny,
        deciding: Vec::new(),
    })
}
