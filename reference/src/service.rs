//! `Kms::handle`, the one entry point: validate, resolve, check state, execute.

mod account;
mod aliases;
mod asymmetric_ops;
mod authorize;
mod crypto_ops;
mod durable;
mod export;
mod import;
pub mod journal;
mod key_policy;
mod keys;
mod listing;
mod prepared;
mod protection;
mod ram_ops;
mod record;
mod reencrypt;
mod resolve;
mod rotation;
mod secret_lifecycle;
mod secret_other;
mod secret_ram;
mod secret_values;
mod seed;
mod sts_ops;
mod tag_resources;
mod tags;
mod validate;
mod versions;

use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, OnceLock};

pub use account::{Account, AccountBuilder, DETERMINISTIC_START};
pub use seed::{KeySeed, Seeded, derived_version_id};

use crate::api::Api;
use crate::caller::{Caller, Principal};
use crate::clock::{Clock, Timestamp};
use crate::config::KmsConfig;
use crate::error::{ErrorCode, KmsError};
use crate::identity::{Identities, KeyOwner};
use crate::keystore::KeyStore;
use crate::ram::{RamRequest, RamResponse};
use crate::random::{RandomSource, uuid_v4};
use crate::request::Request;
use crate::response::Response;
use crate::secret::Secret;
use crate::secrets::SecretStore;
use crate::sts::decode_sts_request;
use crate::trail::{LookupEvents, TrailEvent, TrailStats, TrailStore};
use crate::wire::{decode_request, encode_request};
use durable::CallCtx;
use journal::{Journal, JournalCall, Outcome};
use std::collections::BTreeMap;

/// The reference KMS of one account in one region.
#[derive(Debug)]
pub struct Kms {
    config: KmsConfig,
    clock: Arc<dyn Clock>,
    rng: Arc<dyn RandomSource>,
    state: Mutex<State>,
    /// Where calls are journaled, once attached (`kmsconf serve --data-dir`).
    journal: OnceLock<Arc<dyn Journal>>,
    /// Set when an entry could not be made durable: every later call is refused.
    journal_failed: AtomicBool,
}

/// Everything mutable, behind one lock so a call sees and leaves a consistent whole.
#[derive(Debug, Default)]
struct State {
    keys: KeyStore,
    secrets: SecretStore,
    identities: Identities,
    trail: TrailStore,
}

impl State {
    /// One call's view of the state, at `now` with `rng` and what was `ready` before the lock.
    fn call<'a>(
        &'a mut self,
        config: &'a KmsConfig,
        now: Timestamp,
        rng: &'a dyn RandomSource,
        ready: Option<prepared::Ready>,
    ) -> Call<'a> {
        Call {
            config,
            now,
            rng,
            store: &mut self.keys,
            secrets: &mut self.secrets,
            identities: &mut self.identities,
            trail: &mut self.trail,
            referenced_keys: Vec::new(),
            referenced_secrets: Vec::new(),
            caller: None,
            ready,
        }
    }
}

/// The answer to a call made with wire parameters: its RequestId (also the audit event's id)
/// and the response body (without `RequestId`) or the error.
#[derive(Clone, Debug)]
pub struct Answer {
    /// The RequestId.
    pub request_id: String,
    /// The body, or the error.
    pub result: Result<serde_json::Map<String, serde_json::Value>, KmsError>,
}

/// Who an AccessKey authenticates, and its secret for checking the signature.
#[derive(Clone, Debug)]
pub struct Credential {
    /// The principal the key belongs to.
    pub principal: Principal,
    /// The AccessKeySecret.
    pub secret: Secret,
    /// For an STS AccessKey: the security token it must come with, and its expiration.
    pub token: Option<(Secret, Timestamp)>,
}

/// The state a handler works on for the duration of one call.
struct Call<'a> {
    config: &'a KmsConfig,
    now: Timestamp,
    rng: &'a dyn RandomSource,
    store: &'a mut KeyStore,
    secrets: &'a mut SecretStore,
    identities: &'a mut Identities,
    trail: &'a mut TrailStore,
    /// Keys the call resolved, for the audit record's `referencedResources`.
    referenced_keys: Vec<String>,
    /// Secrets the call resolved, by name, for `referencedResources` (D-226).
    referenced_secrets: Vec<String>,
    /// The caller of the KMS call being run, for the decisions a handler makes itself (the
    /// encryption key of a secret, the entries of BatchGetSecretValue).
    caller: Option<Caller>,
    /// A key pair generated before the lock for this call (D-414), until a handler takes it.
    ready: Option<prepared::Ready>,
}

impl Kms {
    /// A reference with the given configuration, clock and randomness.
    pub fn new(config: KmsConfig, clock: Arc<dyn Clock>, rng: Arc<dyn RandomSource>) -> Kms {
        let trail = TrailStore::new(config.trail);
        Kms {
            config,
            clock,
            rng,
            state: Mutex::new(State {
                trail,
                ..State::default()
            }),
            journal: OnceLock::new(),
            journal_failed: AtomicBool::new(false),
        }
    }

    /// The configuration.
    pub fn config(&self) -> &KmsConfig {
        &self.config
    }

    /// The current time of the instance's clock.
    pub fn now(&self) -> Timestamp {
        self.clock.now()
    }

    /// A fresh RequestId (lowercase UUID) from the instance's randomness.
    pub fn new_request_id(&self) -> String {
        uuid_v4(self.rng.as_ref())
    }

    /// Handles one typed KMS call: authorize, execute, record. The audit event carries the
    /// request's wire parameters, redacted.
    pub fn handle(&self, caller: &Caller, request: Request) -> Result<Response, KmsError> {
        self.handle_in(&self.live(), caller, request)
    }

    fn handle_in(
        &self,
        ctx: &CallCtx<'_>,
        caller: &Caller,
        request: Request,
    ) -> Result<Response, KmsError> {
        let request_id = uuid_v4(&ctx.rng);
        let params = encode_request(&request);
        let api = request.api();
        let entry = ctx.entry(|| JournalCall::Typed {
            caller: caller.clone(),
            action: api.name().to_owned(),
            params: params.clone(),
        });
        // Key generation happens here, outside the lock (docs/spec/decisions.md D-414).
        self.prepare(ctx, caller, &request, &params);
        self.with_call(ctx, entry, |call| {
            let result = call.run(caller, request, &params);
            call.record(
                caller,
                Some(api),
                &request_id,
                &params,
                result.as_ref().err(),
            );
            result
        })
    }

    /// Handles one KMS call given as wire parameters: decode, authorize, execute, and record one
    /// audit event (for every known API but DescribeRegions, whether it succeeded, failed
    /// validation or was denied). This is what the server and the in-process target call.
    pub fn handle_params(
        &self,
        caller: &Caller,
        action: &str,
        params: &BTreeMap<String, String>,
    ) -> Answer {
        self.handle_params_in(&self.live(), caller, action, params)
    }

    fn handle_params_in(
        &self,
        ctx: &CallCtx<'_>,
        caller: &Caller,
        action: &str,
        params: &BTreeMap<String, String>,
    ) -> Answer {
        let request_id = uuid_v4(&ctx.rng);
        let entry = ctx.entry(|| JournalCall::Params {
            caller: caller.clone(),
            action: action.to_owned(),
            params: params.clone(),
        });
        // Decoding needs no state, and key generation must not hold the lock (D-414): both
        // happen before it; a dry run generates nothing.
        let decoded = decode_request(action, params);
        let dry = dry_run(action, params);
        let encoded = decoded.as_ref().ok().map(encode_request);
        if let (Ok(request), Ok(false), Some(encoded)) = (&decoded, &dry, &encoded) {
            self.prepare(ctx, caller, request, encoded);
        }
        let result = self.with_call(ctx, entry, |call| {
            // The event records what the API understood: the decoded request's own parameters,
            // or, when decoding failed, only parameter names some API defines.
            let (result, recorded) = match (decoded, dry) {
                (_, Err(e)) => (Err(e), TrailEvent::known_parameters(params)),
                (Ok(request), Ok(dry)) => {
                    let mut recorded = encoded.unwrap_or_else(|| encode_request(&request));
                    let mut result = call.run(caller, request, &recorded);
                    if dry {
                        recorded.insert("DryRun".into(), "true".into());
                        result = Err(dry_run_answer(result.err()));
                    }
                    (result, recorded)
                }
                (Err(e), Ok(dry)) => (
                    Err(if dry { dry_run_answer(Some(e)) } else { e }),
                    TrailEvent::known_parameters(params),
                ),
            };
            call.record(
                caller,
                Api::from_name(action),
                &request_id,
                &recorded,
                result.as_ref().err(),
            );
            result.map(|r| r.body())
        });
        Answer { request_id, result }
    }

    /// Answers ActionTrail LookupEvents over this instance's events. The account may always
    /// look; a RAM user needs `actiontrail:LookupEvents`.
    pub fn lookup_events(
        &self,
        caller: &Caller,
        query: &LookupEvents,
    ) -> Result<serde_json::Map<String, serde_json::Value>, KmsError> {
        let ctx = self.live();
        let entry = ctx.entry(|| JournalCall::Lookup);
        self.with_call(&ctx, entry, |call| {
            call.check_caller(caller)?;
            call.authorize_lookup(caller)?;
            query.run(call.trail, call.now)
        })
    }

    /// What the audit store holds and has evicted.
    pub fn trail_stats(&self) -> TrailStats {
        self.state
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .trail
            .stats()
    }

    /// Handles one call of the RAM API subset.
    pub fn handle_ram(
        &self,
        caller: &Caller,
        request: RamRequest,
    ) -> Result<RamResponse, KmsError> {
        self.handle_ram_in(&self.live(), caller, request)
    }

    fn handle_ram_in(
        &self,
        ctx: &CallCtx<'_>,
        caller: &Caller,
        request: RamRequest,
    ) -> Result<RamResponse, KmsError> {
        let entry = ctx.entry(|| JournalCall::Ram {
            caller: caller.clone(),
            request: request.clone(),
        });
        self.with_call(ctx, entry, |call| {
            call.check_caller(caller)?;
            call.authorize_ram(caller, &request)?;
            call.dispatch_ram(request)
        })
    }

    /// Handles one STS call given as wire parameters: decode, run, and record one event in the
    /// caller's trail, denied calls included (D-326). Returns the RequestId and the body.
    pub fn handle_sts_params(
        &self,
        caller: &Caller,
        action: &str,
        params: &BTreeMap<String, String>,
    ) -> (
        String,
        Result<serde_json::Map<String, serde_json::Value>, KmsError>,
    ) {
        self.handle_sts_params_in(&self.live(), caller, action, params)
    }

    fn handle_sts_params_in(
        &self,
        ctx: &CallCtx<'_>,
        caller: &Caller,
        action: &str,
        params: &BTreeMap<String, String>,
    ) -> (
        String,
        Result<serde_json::Map<String, serde_json::Value>, KmsError>,
    ) {
        let request_id = uuid_v4(&ctx.rng);
        let entry = ctx.entry(|| JournalCall::Sts {
            caller: caller.clone(),
            action: action.to_owned(),
            params: params.clone(),
        });
        let result = self.with_call(ctx, entry, |call| {
            let result = decode_sts_request(action, params).and_then(|request| {
                call.check_caller(caller)?;
                call.dispatch_sts(caller, request)
            });
            let record = match &result {
                Ok(response) => Ok(sts_ops::trail_record(response, &request_id)),
                Err(e) => Err(e),
            };
            call.record_sts(caller, action, &request_id, params, record);
            result
        });
        (request_id, result.map(|r| r.body()))
    }

    /// Whether `token` is the security token of some live session (a token issued for another
    /// AccessKey, D-319).
    pub fn is_issued_token(&self, token: &str) -> bool {
        let state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        state
            .identities
            .sessions
            .values()
            .any(|s| s.token.expose() == token)
    }

    /// Looks up an AccessKey: `InvalidAccessKeyId.NotFound` when unknown, `Forbidden.AccessKey`
    /// when disabled.
    pub fn credential(&self, access_key_id: &str) -> Result<Credential, KmsError> {
        let state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((session, role)) = state.identities.session(access_key_id) {
            return Ok(Credential {
                principal: Principal::AssumedRole {
                    role: role.name.clone(),
                    role_id: role.id.clone(),
                    session: session.session_name.clone(),
                    access_key_id: access_key_id.to_owned(),
                },
                secret: session.secret.clone(),
                token: Some((session.token.clone(), session.expiration)),
            });
        }
        let (owner, key) = state
            .identities
            .access_key(access_key_id)
            .ok_or(KmsError::new(ErrorCode::InvalidAccessKeyIdNotFound))?;
        // A key a RAM secret's rotation replaced is gone once its window ends, even before
        // a call has swept it (D-230).
        if key.retired(self.clock.now()) {
            return Err(ErrorCode::InvalidAccessKeyIdNotFound.into());
        }
        if !key.active {
            return Err(ErrorCode::ForbiddenAccessKey.into());
        }
        let principal = match owner {
            KeyOwner::Root => Principal::Account,
            KeyOwner::User(name) => Principal::User { name },
        };
        Ok(Credential {
            principal,
            secret: key.secret.clone(),
            token: None,
        })
    }

    /// Adds an AccessKey for the account's root identity; `secret` of `None` draws one.
    /// Returns the key id and secret.
    pub fn add_root_access_key(
        &self,
        id: Option<String>,
        secret: Option<Secret>,
    ) -> (String, Secret) {
        self.add_root_access_key_in(&self.live(), id, secret)
    }

    fn add_root_access_key_in(
        &self,
        ctx: &CallCtx<'_>,
        id: Option<String>,
        secret: Option<Secret>,
    ) -> (String, Secret) {
        let entry = ctx.entry(|| JournalCall::RootKey {
            id: id.clone(),
            secret: secret.as_ref().map(|s| s.expose().to_owned()),
        });
        self.with_call(ctx, entry, |call| {
            let mut key = call.new_access_key();
            if let Some(id) = id {
                key.id = id;
            }
            if let Some(secret) = secret {
                key.secret = secret;
            }
            let out = (key.id.clone(), key.secret.clone());
            call.identities.root_keys.push(key);
            out
        })
    }

    /// Runs `f` on the state with the clock applied, under the one lock; when the reference
    /// journals, the call's entry (made by `entry`) is durable before the lock is released.
    fn with_call<T: Outcome>(
        &self,
        ctx: &CallCtx<'_>,
        entry: Option<JournalCall>,
        f: impl FnOnce(&mut Call<'_>) -> T,
    ) -> T {
        let now = ctx.now.unwrap_or_else(|| self.clock.now());
        // A poisoned lock means an earlier call panicked mid-way; every mutation is a single
        // insert, remove or field write, so the state is still consistent: keep serving.
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        state
            .keys
            .advance_to(now, &ctx.rng, self.config.max_key_versions);
        state.secrets.advance_to(now);
        state.identities.advance_to(now);
        state.trail.evict_old(now);
        let result = f(&mut state.call(&self.config, now, &ctx.rng, ctx.preparation.take()));
        let journaled = self.journal_append(ctx, now, entry, &result);
        drop(state);
        self.journal_settle(journaled, result)
    }
}

/// Whether the call is a dry run: `DryRun=true` on an API whose description takes it.
fn dry_run(action: &str, params: &BTreeMap<String, String>) -> Result<bool, KmsError> {
    let takes_dry_run = Api::from_name(action).is_some_and(|a| a.description().dry_run);
    match params.get("DryRun").map(String::as_str) {
        Some(v) if takes_dry_run => match v.to_ascii_lowercase().as_str() {
            "true" => Ok(true),
            "false" | "" => Ok(false),
            _ => Err(KmsError::invalid_parameter(
                "DryRun",
                "must be `true` or `false`",
            )),
        },
        _ => Ok(false),
    }
}

/// A dry run always ends in an error: the call would succeed, its parameters are invalid, or
/// its caller has no permission; any other refusal (a key state) is answered as it is.
fn dry_run_answer(error: Option<KmsError>) -> KmsError {
    let Some(error) = error else {
        return ErrorCode::DryRunOperationError.into();
    };
    match error.code() {
        ErrorCode::MissingParameter | ErrorCode::InvalidParameter => {
            KmsError::with_message(ErrorCode::ValidationError, error.message().to_owned())
        }
        ErrorCode::ForbiddenNoPermission => {
            KmsError::with_message(ErrorCode::AccessDeniedError, error.message().to_owned())
        }
        _ => error,
    }
}

impl Call<'_> {
    /// Authorizes and executes one request; `params` are its wire parameters (as encoded from
    /// the typed request), which name the resources to authorize on.
    fn run(
        &mut self,
        caller: &Caller,
        request: Request,
        params: &BTreeMap<String, String>,
    ) -> Result<Response, KmsError> {
        self.check_caller(caller)?;
        self.authorize(caller, request.api(), params)?;
        self.caller = Some(caller.clone());
        self.dispatch(request)
    }

    /// A RAM user must still exist (it may have been deleted since it authenticated).
    fn check_caller(&self, caller: &Caller) -> Result<(), KmsError> {
        match &caller.principal {
            Principal::Account => Ok(()),
            Principal::User { name } if self.identities.users.contains_key(name) => Ok(()),
            Principal::User { .. } => Err(ErrorCode::InvalidAccessKeyIdNotFound.into()),
            Principal::AssumedRole { access_key_id, .. } => self
                .identities
                .session(access_key_id)
                .map(|_| ())
                .ok_or(ErrorCode::InvalidAccessKeyIdNotFound.into()),
        }
    }

    fn dispatch(&mut self, request: Request) -> Result<Response, KmsError> {
        match request {
            Request::DescribeRegions => Ok(self.describe_regions()),
            Request::ListKeys { page, filters } => self.list_keys(page, &filters),
            Request::CreateKey(r) => self.create_key(r),
            Request::DescribeKey { key_id } => self.describe_key(&key_id),
            Request::UpdateKeyDescription {
                key_id,
                description,
            } => self.update_key_description(&key_id, description),
            Request::EnableKey { key_id } => self.enable_key(&key_id),
            Request::DisableKey { key_id } => self.disable_key(&key_id),
            Request::ScheduleKeyDeletion {
                key_id,
                pending_window_in_days,
            } => self.schedule_key_deletion(&key_id, pending_window_in_days),
            Request::CancelKeyDeletion { key_id } => self.cancel_key_deletion(&key_id),
            Request::GetParametersForImport {
                key_id,
                wrapping_algorithm,
                wrapping_key_spec,
            } => self.get_parameters_for_import(&key_id, wrapping_algorithm, wrapping_key_spec),
            Request::ImportKeyMaterial {
                key_id,
                encrypted_key_material,
                import_token,
                key_material_expire_unix,
            } => self.import_key_material(
                &key_id,
                &encrypted_key_material,
                &import_token,
                key_material_expire_unix,
            ),
            Request::DeleteKeyMaterial { key_id } => self.delete_key_material(&key_id),
            Request::Encrypt {
                key_id,
                plaintext,
                encryption_context,
            } => self.encrypt(&key_id, &plaintext, &encryption_context),
            Request::GenerateDataKey(r) => self.generate_data_key(&r, true),
            Request::GenerateDataKeyWithoutPlaintext(r) => self.generate_data_key(&r, false),
            Request::Decrypt {
                ciphertext_blob,
                encryption_context,
            } => self.decrypt(&ciphertext_blob, &encryption_context),
            Request::ListAliases { page } => self.list_aliases(page),
            Request::CreateAlias { alias_name, key_id } => self.create_alias(&alias_name, &key_id),
            Request::UpdateAlias { alias_name, key_id } => self.update_alias(&alias_name, &key_id),
            Request::DeleteAlias { alias_name } => self.delete_alias(&alias_name),
            Request::ListAliasesByKeyId { key_id, page } => {
                self.list_aliases_by_key_id(&key_id, page)
            }
            Request::TagResource { key_id, tags } => self.tag_resource(&key_id, &tags),
            Request::UntagResource { key_id, tag_keys } => self.untag_resource(&key_id, &tag_keys),
            Request::ListResourceTags { key_id } => self.list_resource_tags(&key_id),
            Request::CreateKeyVersion { key_id } => self.create_key_version(&key_id),
            Request::DescribeKeyVersion {
                key_id,
                key_version_id,
            } => self.describe_key_version(&key_id, &key_version_id),
            Request::ListKeyVersions { key_id, page } => self.list_key_versions(&key_id, page),
            Request::UpdateRotationPolicy {
                key_id,
                enable_automatic_rotation,
                rotation_interval,
            } => self.update_rotation_policy(
                &key_id,
                enable_automatic_rotation,
                rotation_interval.as_deref(),
            ),
            Request::TagResources {
                resource_type,
                resource_ids,
                tags,
            } => self.tag_resources(resource_type, &resource_ids, &tags),
            Request::UntagResources {
                resource_type,
                resource_ids,
                tag_keys,
                all,
            } => self.untag_resources(resource_type, &resource_ids, &tag_keys, all),
            Request::ListTagResources {
                resource_type,
                resource_ids,
                tags,
                next_token,
            } => {
                self.list_tag_resources(resource_type, &resource_ids, &tags, next_token.as_deref())
            }
            Request::SetDeletionProtection {
                protected_resource_arn,
                key_id,
                enable_deletion_protection,
                deletion_protection_description,
                kms_instance_id: _,
            } => self.set_deletion_protection(
                protected_resource_arn.as_deref(),
                key_id.as_deref(),
                enable_deletion_protection,
                deletion_protection_description.as_deref(),
            ),
            Request::GetKeyPolicy {
                key_id,
                policy_name,
            } => self.get_key_policy(&key_id, policy_name.as_deref()),
            Request::SetKeyPolicy {
                key_id,
                policy_name,
                policy,
            } => self.set_key_policy(&key_id, policy_name.as_deref(), &policy),
            Request::AsymmetricEncrypt {
                key_id,
                key_version_id,
                algorithm,
                plaintext,
            } => self.asymmetric_encrypt(&key_id, &key_version_id, algorithm, &plaintext),
            Request::AsymmetricDecrypt {
                key_id,
                key_version_id,
                algorithm,
                ciphertext_blob,
            } => self.asymmetric_decrypt(&key_id, &key_version_id, algorithm, &ciphertext_blob),
            Request::AsymmetricSign {
                key_id,
                key_version_id,
                algorithm,
                digest,
            } => self.asymmetric_sign(&key_id, &key_version_id, algorithm, &digest),
            Request::AsymmetricVerify {
                key_id,
                key_version_id,
                algorithm,
                digest,
                value,
            } => self.asymmetric_verify(&key_id, &key_version_id, algorithm, &digest, &value),
            Request::GetPublicKey {
                key_id,
                key_version_id,
            } => self.get_public_key(&key_id, &key_version_id),
            Request::ReEncrypt(r) => self.reencrypt(&r),
            Request::ExportDataKey {
                ciphertext_blob,
                encryption_context,
                wrapping,
            } => self.export_data_key(&ciphertext_blob, &encryption_context, &wrapping),
            Request::GenerateAndExportDataKey { data_key, wrapping } => {
                self.generate_and_export_data_key(&data_key, &wrapping)
            }
            Request::CreateSecret(r) => self.create_secret(*r),
            Request::GetSecretValue(q) => self.get_secret_value(&q),
            Request::BatchGetSecretValue { secrets_list } => {
                self.batch_get_secret_value(&secrets_list)
            }
            Request::PutSecretValue(r) => self.put_secret_value(&r),
            Request::UpdateSecretVersionStage {
                secret_name,
                version_stage,
                remove_from_version,
                move_to_version,
            } => self.update_secret_version_stage(
                &secret_name,
                &version_stage,
                remove_from_version.as_deref(),
                move_to_version.as_deref(),
            ),
            Request::ListSecretVersionIds {
                secret_name,
                include_deprecated,
                page,
            } => self.list_secret_version_ids(&secret_name, include_deprecated, page),
            Request::DescribeSecret {
                secret_name,
                fetch_tags,
            } => self.describe_secret(&secret_name, fetch_tags.unwrap_or(false)),
            Request::ListSecrets {
                fetch_tags,
                filters,
                page,
            } => self.list_secrets(fetch_tags.unwrap_or(false), &filters, page),
            Request::UpdateSecret {
                secret_name,
                description,
                custom_data,
            } => self.update_secret(&secret_name, description, custom_data),
            Request::DeleteSecret {
                secret_name,
                force_delete_without_recovery,
                recovery_window_in_days,
            } => self.delete_secret(
                &secret_name,
                force_delete_without_recovery.unwrap_or(false),
                recovery_window_in_days,
            ),
            Request::RestoreSecret { secret_name } => self.restore_secret(&secret_name),
            Request::RotateSecret {
                secret_name,
                version_id,
            } => self.rotate_secret(&secret_name, &version_id),
            Request::UpdateSecretRotationPolicy { secret_name, .. } => {
                self.update_secret_rotation_policy(&secret_name)
            }
            Request::GetSecretPolicy {
                secret_name,
                policy_name,
            } => self.secret_policy(
                Api::GetSecretPolicy,
                &secret_name,
                policy_name.as_deref(),
                None,
            ),
            Request::SetSecretPolicy {
                secret_name,
                policy_name,
                policy,
            } => self.secret_policy(
                Api::SetSecretPolicy,
                &secret_name,
                policy_name.as_deref(),
                Some(&policy),
            ),
            Request::GetRandomPassword(r) => self.get_random_password(&r),
        }
    }
}

#[cfg(test)]
mod tests;
