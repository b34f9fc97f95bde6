//! Runs a case's operations on one target: resolves every reference to an earlier result,
//! makes the calls, names what they made (`k1`, `b1`, ...) and keeps each exchange with the
//! feature-file step that would make the same call.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};
use sha2::Digest as _;

use crate::client_crypto::wrap_key_material;
use crate::diff::case::{
    ACTIONS, Context, ContextChoice, Duration, JUNK, Junk, KeyAction, KeyKind, KeyTarget,
    ListAction, Op, Ref, Resource, SecretAction, SecretVersion, Statement, Text, Who,
};
use crate::diff::normal::{Normal, Symbols, normalise};
use crate::steps::trust_policy;
use crate::sut::{Call, Keys, Service, Signer, Target, TargetError};

/// A key id of the right form that no account holds.
pub(crate) const MISSING_KEY: &str = "00000000-0000-4000-8000-000000000000";

/// The digest every signature of a case is made over: SHA-256 of this text.
const SIGNED_TEXT: &[u8] = b"kmsconf diff";
/// The digest a tampered verification sends.
const OTHER_TEXT: &[u8] = b"kmsconf diff, tampered";

/// One call and its answer, with how a feature file writes it.
#[derive(Clone, Debug)]
pub(crate) struct Exchange {
    /// The call as made.
    pub(crate) call: Call,
    /// What came back.
    pub(crate) outcome: crate::sut::Outcome,
    /// The answer, normalised for comparison.
    pub(crate) normal: Normal,
    /// The step's text without its keyword (`I call Encrypt with:`).
    pub(crate) header: String,
    /// The step's parameter table, values written with the scenario's `${...}` names.
    pub(crate) table: Vec<(String, String)>,
    /// Fields to save after a success, as `(path, name)`.
    pub(crate) saves: Vec<(String, String)>,
    /// Whether the call counts toward the size of a case (the account's own uid, read once
    /// per case for a trust policy, does not).
    pub(crate) counted: bool,
}

/// What one operation did, as a feature file writes it.
#[derive(Clone, Debug)]
pub(crate) enum Entry {
    /// A call written as its own When step, followed by its outcome.
    Call(Box<Exchange>),
    /// Calls a Given step makes together (a user and its policy); `lines` is the step.
    Group(Vec<String>, Vec<Exchange>),
    /// A step that makes no call (the clock).
    Line(String),
}

impl Entry {
    fn call(e: Exchange) -> Entry {
        Entry::Call(Box::new(e))
    }

    /// The exchanges of the entry, in order.
    pub(crate) fn exchanges(&self) -> &[Exchange] {
        match self {
            Entry::Call(e) => std::slice::from_ref(e.as_ref()),
            Entry::Group(_, e) => e,
            Entry::Line(_) => &[],
        }
    }
}

#[derive(Clone, Debug)]
struct Key {
    id: String,
    arn: Option<String>,
    version: Option<String>,
    name: String,
}

#[derive(Clone, Debug)]
struct Blob {
    value: String,
    context: Option<Context>,
    name: String,
}

#[derive(Clone, Debug)]
struct Signature {
    key: usize,
    name: String,
}

/// A principal: a user `u<n>` (its real name) or a session `s<n>` (its credentials).
#[derive(Clone, Debug)]
enum Principal {
    User(String, String),
    Session(String, Keys),
}

/// One case's state on one target.
pub(crate) struct Executor<'t> {
    target: &'t dyn Target,
    prefix: String,
    keys: Vec<Key>,
    blobs: Vec<Blob>,
    signatures: Vec<Signature>,
    principals: Vec<Principal>,
    users: usize,
    sessions: usize,
    roles: usize,
    policies: usize,
    materials: usize,
    data_keys: usize,
    account: Option<String>,
    symbols: Symbols,
}

/// A parameter: its value on the target and as the scenario writes it.
struct P {
    name: String,
    real: String,
    written: String,
}

fn p(name: &str, real: impl Into<String>, written: impl Into<String>) -> P {
    P {
        name: name.to_owned(),
        real: real.into(),
        written: written.into(),
    }
}

/// A parameter whose value is the same on every target and in the scenario.
fn lit(name: &str, value: impl Into<String>) -> P {
    let value = value.into();
    p(name, value.clone(), value)
}

impl<'t> Executor<'t> {
    /// A case on `target`; `prefix` makes its names unique (the same on both targets, so that
    /// the names compare equal).
    pub(crate) fn new(target: &'t dyn Target, prefix: String) -> Executor<'t> {
        let mut symbols = Symbols::default();
        symbols.name(&prefix, "prefix");
        Executor {
            target,
            prefix,
            keys: Vec::new(),
            blobs: Vec::new(),
            signatures: Vec::new(),
            principals: Vec::new(),
            users: 0,
            sessions: 0,
            roles: 0,
            policies: 0,
            materials: 0,
            data_keys: 0,
            account: None,
            symbols,
        }
    }

    /// Runs one operation; an `Err` is a target that gave no answer.
    pub(crate) async fn run(&mut self, op: &Op) -> Result<Vec<Entry>, TargetError> {
        let mut entries = Vec::new();
        match *op {
            Op::CreateKey(kind, description) => {
                let mut params = kind_params(kind);
                if let Some(d) = description {
                    params.push(lit("Description", text(d)));
                }
                let e = self
                    .call(Who::Root, Service::Kms, "CreateKey", params)
                    .await?;
                if e.outcome.is_success() {
                    entries.push(Entry::call(self.remember_key(e)));
                } else {
                    entries.push(Entry::call(e));
                }
            }
            Op::OnKey(action, target, who) => {
                let params = self.key_action_params(action, target);
                let name = key_action_name(action);
                entries.push(Entry::call(
                    self.call(who, Service::Kms, name, params).await?,
                ));
            }
            Op::CreateAlias(n, target) | Op::UpdateAlias(n, target) => {
                let action = if matches!(op, Op::CreateAlias(..)) {
                    "CreateAlias"
                } else {
                    "UpdateAlias"
                };
                let params = vec![self.alias_param(n), self.key_param("KeyId", target)];
                entries.push(Entry::call(
                    self.call(Who::Root, Service::Kms, action, params).await?,
                ));
            }
            Op::DeleteAlias(n) => {
                let params = vec![self.alias_param(n)];
                entries.push(Entry::call(
                    self.call(Who::Root, Service::Kms, "DeleteAlias", params)
                        .await?,
                ));
            }
            Op::Encrypt(target, plaintext, context, who) => {
                let mut params = vec![
                    self.key_param("KeyId", target),
                    lit("Plaintext", STANDARD.encode(text(plaintext))),
                ];
                if let Some(c) = context {
                    params.push(lit("EncryptionContext", context_text(c)));
                }
                let e = self.call(who, Service::Kms, "Encrypt", params).await?;
                entries.push(Entry::call(self.remember_blob(e, context, false)));
            }
            Op::GenerateDataKey(target, context, who) => {
                let mut params = vec![self.key_param("KeyId", target)];
                if let Some(c) = context {
                    params.push(lit("EncryptionContext", context_text(c)));
                }
                let e = self
                    .call(who, Service::Kms, "GenerateDataKey", params)
                    .await?;
                entries.push(Entry::call(self.remember_blob(e, context, true)));
            }
            Op::Decrypt(blob, choice, who) => {
                let Some(b) = pick(&self.blobs, blob).cloned() else {
                    return Ok(entries);
                };
                let mut params = vec![p("CiphertextBlob", &b.value, format!("${{{}}}", b.name))];
                let context = match choice {
                    ContextChoice::Same => b.context,
                    ContextChoice::Without => None,
                    ContextChoice::Other(c) => Some(c),
                };
                if let Some(c) = context {
                    params.push(lit("EncryptionContext", context_text(c)));
                }
                entries.push(Entry::call(
                    self.call(who, Service::Kms, "Decrypt", params).await?,
                ));
            }
            Op::ReEncrypt(blob, target) => {
                let Some(b) = pick(&self.blobs, blob).cloned() else {
                    return Ok(entries);
                };
                let mut params = vec![
                    p("CiphertextBlob", &b.value, format!("${{{}}}", b.name)),
                    self.key_param("DestinationKeyId", target),
                ];
                if let Some(c) = b.context {
                    params.push(lit("SourceEncryptionContext", context_text(c)));
                }
                let e = self
                    .call(Who::Root, Service::Kms, "ReEncrypt", params)
                    .await?;
                entries.push(Entry::call(self.remember_blob(e, None, false)));
            }
            Op::List(action, size, number, who) => {
                let mut params = Vec::new();
                if size > 0 {
                    params.push(lit("PageSize", size.to_string()));
                }
                if number > 0 {
                    params.push(lit("PageNumber", number.to_string()));
                }
                let name = match action {
                    ListAction::Keys => "ListKeys",
                    ListAction::Aliases => "ListAliases",
                    ListAction::Secrets => "ListSecrets",
                };
                entries.push(Entry::call(
                    self.call(who, Service::Kms, name, params).await?,
                ));
            }
            Op::Import(target) => self.import(target, &mut entries).await?,
            Op::Sign(target) => self.sign(target, &mut entries).await?,
            Op::Verify(signature, tampered) => {
                let Some(s) = pick(&self.signatures, signature).cloned() else {
                    return Ok(entries);
                };
                let key = self.keys[s.key].clone();
                let digest = if tampered { OTHER_TEXT } else { SIGNED_TEXT };
                let sig_value = self.symbols.value_of(&s.name).unwrap_or_default();
                let params = vec![
                    p("KeyId", &key.id, format!("${{{}}}", key.name)),
                    p(
                        "KeyVersionId",
                        key.version.clone().unwrap_or_default(),
                        format!("${{{}.version}}", key.name),
                    ),
                    lit("Algorithm", "ECDSA_SHA_256"),
                    lit("Digest", digest_of(digest)),
                    p("Value", sig_value, format!("${{{}}}", s.name)),
                ];
                entries.push(Entry::call(
                    self.call(Who::Root, Service::Kms, "AsymmetricVerify", params)
                        .await?,
                ));
            }
            Op::Secret(n, action) => {
                let (name, params) = self.secret_params(n, action);
                entries.push(Entry::call(
                    self.call(Who::Root, Service::Kms, name, params).await?,
                ));
            }
            Op::User(ref statements, may_assume) => {
                entries.push(self.user(statements, may_assume).await?);
            }
            Op::Session(user, ref policy, duration) => {
                self.session(user, policy.as_deref(), duration, &mut entries)
                    .await?;
            }
            Op::Clock(seconds) => {
                self.target.advance_clock(i64::from(seconds)).await?;
                entries.push(Entry::Line(format!(
                    "When the clock advances {seconds} seconds"
                )));
            }
            Op::Invalid(api, ref params) => {
                let apis = kms_apis();
                let Some(api) = pick(&apis, api) else {
                    return Ok(entries);
                };
                let description = api.description();
                let mut built: Vec<P> = Vec::new();
                for (index, junk) in params {
                    let Some(param) = pick(description.params, *index) else {
                        continue;
                    };
                    if built.iter().any(|b| b.name == param.name) {
                        continue;
                    }
                    built.push(match *junk {
                        Junk::Key(k) => self.key_param(param.name, KeyTarget::Key(k)),
                        Junk::Value(v) => lit(param.name, JUNK[usize::from(v) % JUNK.len()]),
                    });
                }
                entries.push(Entry::call(
                    self.call(Who::Root, Service::Kms, api.name(), built)
                        .await?,
                ));
            }
        }
        // Normalised in order, after the operation named what it made: a key's id is `k1`
        // in its own CreateKey answer too.
        for entry in &mut entries {
            let exchanges = match entry {
                Entry::Call(e) => std::slice::from_mut(e.as_mut()),
                Entry::Group(_, e) => e.as_mut_slice(),
                Entry::Line(_) => &mut [],
            };
            for e in exchanges {
                e.normal = normalise(&e.call.action, &e.outcome, &mut self.symbols);
            }
        }
        Ok(entries)
    }

    /// Makes one call as `who` and keeps it with its step.
    async fn call(
        &mut self,
        who: Who,
        service: Service,
        action: &str,
        params: Vec<P>,
    ) -> Result<Exchange, TargetError> {
        let (signer, caller) = self.signer(who);
        let service_word = match service {
            Service::Ram => "RAM ",
            Service::Sts => "STS ",
            _ => "",
        };
        let with = if params.is_empty() { "" } else { " with:" };
        let header = match &caller {
            None => format!("I call {service_word}{action}{with}"),
            Some(name) => format!("{name} calls {service_word}{action}{with}"),
        };
        self.exchange(signer, service, action, params, header).await
    }

    /// Makes one call with a step header of its own.
    async fn exchange(
        &mut self,
        signer: Signer,
        service: Service,
        action: &str,
        params: Vec<P>,
        header: String,
    ) -> Result<Exchange, TargetError> {
        let table = params
            .iter()
            .map(|p| (p.name.clone(), p.written.clone()))
            .collect();
        let call = Call {
            service,
            action: action.to_owned(),
            params: params.into_iter().map(|p| (p.name, p.real)).collect(),
            signer,
            context: Default::default(),
        };
        let outcome = self.target.call(&call).await?;
        Ok(Exchange {
            call,
            outcome,
            // Normalised once the operation has named what it made (Executor::run).
            normal: Normal::default(),
            header,
            table,
            saves: Vec::new(),
            counted: true,
        })
    }

    /// The signer of `who`, and its name in the scenario (`None` for root).
    fn signer(&self, who: Who) -> (Signer, Option<String>) {
        let Who::Principal(n) = who else {
            return (Signer::Root, None);
        };
        let latest_first: Vec<&Principal> = self.principals.iter().rev().collect();
        match pick(&latest_first, n).copied() {
            None => (Signer::Root, None),
            Some(Principal::User(name, real)) => (Signer::User(real.clone()), Some(name.clone())),
            Some(Principal::Session(name, keys)) => {
                (Signer::Keys(keys.clone()), Some(name.clone()))
            }
        }
    }

    /// The key a call names, as parameter `name`.
    fn key_param(&self, name: &str, target: KeyTarget) -> P {
        match target {
            KeyTarget::Key(k) => match pick(&self.keys, k) {
                Some(key) => p(name, &key.id, format!("${{{}}}", key.name)),
                None => lit(name, MISSING_KEY),
            },
            KeyTarget::Arn(k) => match pick(&self.keys, k) {
                Some(Key {
                    arn: Some(arn),
                    name: key,
                    ..
                }) => p(name, arn, format!("${{{key}.arn}}")),
                Some(key) => p(name, &key.id, format!("${{{}}}", key.name)),
                None => lit(name, MISSING_KEY),
            },
            KeyTarget::Alias(n) => p(
                name,
                format!("alias/{}-a{n}", self.prefix),
                format!("alias/${{prefix}}-a{n}"),
            ),
            KeyTarget::Missing => lit(name, MISSING_KEY),
        }
    }

    fn alias_param(&self, n: u8) -> P {
        self.key_param("AliasName", KeyTarget::Alias(n))
    }

    fn key_action_params(&self, action: KeyAction, target: KeyTarget) -> Vec<P> {
        use KeyAction::*;
        if action == SetDeletionProtection {
            let arn = match target {
                KeyTarget::Key(k) => KeyTarget::Arn(k),
                other => other,
            };
            return vec![
                self.key_param("ProtectedResourceArn", arn),
                lit("EnableDeletionProtection", "true"),
            ];
        }
        let mut params = vec![self.key_param("KeyId", target)];
        match action {
            ScheduleKeyDeletion => params.push(lit("PendingWindowInDays", "7")),
            TagResource => params.push(lit("Tags", r#"[{"TagKey":"team","TagValue":"blue"}]"#)),
            UntagResource => params.push(lit("TagKeys", r#"["team"]"#)),
            UpdateKeyDescription => params.push(lit("Description", "")),
            GetPublicKey => {
                if let KeyTarget::Key(k) = target
                    && let Some(Key {
                        version: Some(v),
                        name,
                        ..
                    }) = pick(&self.keys, k)
                {
                    params.push(p("KeyVersionId", v, format!("${{{name}.version}}")));
                }
            }
            _ => {}
        }
        params
    }

    /// Names the key a successful CreateKey made: `k<n>`, `k<n>.arn`, `k<n>.version`.
    fn remember_key(&mut self, mut e: Exchange) -> Exchange {
        let meta = &e.outcome.body["KeyMetadata"];
        let Some(id) = meta["KeyId"].as_str().map(str::to_owned) else {
            return e;
        };
        let name = format!("k{}", self.keys.len() + 1);
        let arn = meta["Arn"].as_str().map(str::to_owned);
        let version = meta["PrimaryKeyVersion"]
            .as_str()
            .filter(|v| !v.is_empty())
            .map(str::to_owned);
        self.symbols.name(&id, &name);
        e.saves.push(("KeyMetadata.KeyId".into(), name.clone()));
        if let Some(arn) = &arn {
            e.saves
                .push(("KeyMetadata.Arn".into(), format!("{name}.arn")));
            self.symbols.name(arn, &format!("{name}.arn"));
        }
        if let Some(v) = &version {
            e.saves.push((
                "KeyMetadata.PrimaryKeyVersion".into(),
                format!("{name}.version"),
            ));
            self.symbols.name(v, &format!("{name}.version"));
        }
        self.keys.push(Key {
            id,
            arn,
            version,
            name,
        });
        e
    }

    /// Names the blob (and data key) of a successful Encrypt, GenerateDataKey or ReEncrypt.
    fn remember_blob(
        &mut self,
        mut e: Exchange,
        context: Option<Context>,
        data_key: bool,
    ) -> Exchange {
        if !e.outcome.is_success() {
            return e;
        }
        let Some(blob) = e.outcome.body["CiphertextBlob"].as_str().map(str::to_owned) else {
            return e;
        };
        let name = format!("b{}", self.blobs.len() + 1);
        self.symbols.name(&blob, &name);
        e.saves.push(("CiphertextBlob".into(), name.clone()));
        if data_key && let Some(plain) = e.outcome.body["Plaintext"].as_str().map(str::to_owned) {
            self.data_keys += 1;
            let dk = format!("dk{}", self.data_keys);
            self.symbols.name(&plain, &dk);
            e.saves.push(("Plaintext".into(), dk));
        }
        self.blobs.push(Blob {
            value: blob,
            context,
            name,
        });
        e
    }

    /// GetParametersForImport, then ImportKeyMaterial wrapped with its public key, as the
    /// import steps do.
    async fn import(
        &mut self,
        target: KeyTarget,
        entries: &mut Vec<Entry>,
    ) -> Result<(), TargetError> {
        let key = match target {
            KeyTarget::Key(k) => pick(&self.keys, k).cloned(),
            _ => None,
        };
        let Some(key) = key else {
            let params = vec![
                self.key_param("KeyId", target),
                lit("WrappingAlgorithm", "RSAES_OAEP_SHA_256"),
                lit("WrappingKeySpec", "RSA_2048"),
            ];
            entries.push(Entry::call(
                self.call(Who::Root, Service::Kms, "GetParametersForImport", params)
                    .await?,
            ));
            return Ok(());
        };
        let params = vec![
            p("KeyId", &key.id, format!("${{{}}}", key.name)),
            lit("WrappingAlgorithm", "RSAES_OAEP_SHA_256"),
            lit("WrappingKeySpec", "RSA_2048"),
        ];
        let header = format!("I request import parameters for {}", key.name);
        let mut e = self
            .exchange(
                Signer::Root,
                Service::Kms,
                "GetParametersForImport",
                params,
                header,
            )
            .await?;
        e.table.clear();
        let token = e.outcome.body["ImportToken"].as_str().map(str::to_owned);
        let public = e.outcome.body["PublicKey"].as_str().map(str::to_owned);
        let ok = e.outcome.is_success();
        entries.push(Entry::call(e));
        let (Some(token), Some(public), true) = (token, public, ok) else {
            return Ok(());
        };
        let mut material = [0u8; 32];
        rand::fill(&mut material);
        let Ok(wrapped) = wrap_key_material(&public, "RSAES_OAEP_SHA_256", &material) else {
            return Ok(());
        };
        self.materials += 1;
        let header = format!(
            "I import key material m{} into {}",
            self.materials, key.name
        );
        let params = vec![
            p("KeyId", &key.id, ""),
            p("EncryptedKeyMaterial", wrapped, ""),
            p("ImportToken", token, ""),
        ];
        let mut e = self
            .exchange(
                Signer::Root,
                Service::Kms,
                "ImportKeyMaterial",
                params,
                header,
            )
            .await?;
        e.table.clear();
        entries.push(Entry::call(e));
        Ok(())
    }

    /// AsymmetricSign of the case's digest, reading the key's first version first if the case
    /// does not know it.
    async fn sign(
        &mut self,
        target: KeyTarget,
        entries: &mut Vec<Entry>,
    ) -> Result<(), TargetError> {
        let index = match target {
            KeyTarget::Key(k) if !self.keys.is_empty() => usize::from(k) % self.keys.len(),
            _ => {
                let params = vec![
                    self.key_param("KeyId", target),
                    lit("Algorithm", "ECDSA_SHA_256"),
                    lit("Digest", digest_of(SIGNED_TEXT)),
                ];
                entries.push(Entry::call(
                    self.call(Who::Root, Service::Kms, "AsymmetricSign", params)
                        .await?,
                ));
                return Ok(());
            }
        };
        if self.keys[index].version.is_none() {
            let key = self.keys[index].clone();
            let params = vec![p("KeyId", &key.id, format!("${{{}}}", key.name))];
            let mut e = self
                .call(Who::Root, Service::Kms, "ListKeyVersions", params)
                .await?;
            let first = e.outcome.body["KeyVersions"]["KeyVersion"][0]["KeyVersionId"]
                .as_str()
                .map(str::to_owned);
            if let (true, Some(v)) = (e.outcome.is_success(), first) {
                let name = format!("{}.version", key.name);
                self.symbols.name(&v, &name);
                e.saves
                    .push(("KeyVersions.KeyVersion.0.KeyVersionId".into(), name));
                self.keys[index].version = Some(v);
            }
            entries.push(Entry::call(e));
        }
        let key = self.keys[index].clone();
        let Some(version) = key.version.clone() else {
            return Ok(());
        };
        let params = vec![
            p("KeyId", &key.id, format!("${{{}}}", key.name)),
            p(
                "KeyVersionId",
                version,
                format!("${{{}.version}}", key.name),
            ),
            lit("Algorithm", "ECDSA_SHA_256"),
            lit("Digest", digest_of(SIGNED_TEXT)),
        ];
        let mut e = self
            .call(Who::Root, Service::Kms, "AsymmetricSign", params)
            .await?;
        if e.outcome.is_success()
            && let Some(value) = e.outcome.body["Value"].as_str().map(str::to_owned)
        {
            let name = format!("sig{}", self.signatures.len() + 1);
            self.symbols.name(&value, &name);
            e.saves.push(("Value".into(), name.clone()));
            self.signatures.push(Signature { key: index, name });
        }
        entries.push(Entry::call(e));
        Ok(())
    }

    fn secret_params(&self, n: u8, action: SecretAction) -> (&'static str, Vec<P>) {
        let name = p(
            "SecretName",
            format!("{}/s{n}", self.prefix),
            format!("${{prefix}}/s{n}"),
        );
        match action {
            SecretAction::Create(t) => (
                "CreateSecret",
                vec![name, lit("SecretData", text(t)), lit("VersionId", "v1")],
            ),
            SecretAction::Put(v, current) => (
                "PutSecretValue",
                vec![
                    name,
                    lit("VersionId", format!("v{v}")),
                    lit("SecretData", format!("value-{v}")),
                    lit(
                        "VersionStages",
                        if current {
                            r#"["ACSCurrent"]"#
                        } else {
                            r#"["ACSNext"]"#
                        },
                    ),
                ],
            ),
            SecretAction::Get(version) => {
                let which = match version {
                    SecretVersion::Current => lit("VersionStage", "ACSCurrent"),
                    SecretVersion::Previous => lit("VersionStage", "ACSPrevious"),
                    SecretVersion::Id(v) => lit("VersionId", format!("v{v}")),
                };
                ("GetSecretValue", vec![name, which])
            }
            SecretAction::MoveCurrent(v) => (
                "UpdateSecretVersionStage",
                vec![
                    name,
                    lit("VersionStage", "ACSCurrent"),
                    lit("MoveToVersion", format!("v{v}")),
                ],
            ),
            SecretAction::Versions => ("ListSecretVersionIds", vec![name]),
            SecretAction::Describe => ("DescribeSecret", vec![name]),
            SecretAction::Delete(force) => (
                "DeleteSecret",
                vec![
                    name,
                    if force {
                        lit("ForceDeleteWithoutRecovery", "true")
                    } else {
                        lit("RecoveryWindowInDays", "7")
                    },
                ],
            ),
            SecretAction::Restore => ("RestoreSecret", vec![name]),
        }
    }

    /// A policy document of `statements`, on the target and as the scenario writes it.
    fn policy(&self, statements: &[Statement], may_assume: bool) -> (String, String) {
        let render = |written: bool| {
            let mut list: Vec<Value> = statements
                .iter()
                .map(|s| {
                    let resource = match s.resource {
                        Resource::Any => "*".to_owned(),
                        Resource::AllKeys => "acs:kms:*:*:key/*".to_owned(),
                        Resource::AllSecrets => "acs:kms:*:*:secret/*".to_owned(),
                        Resource::Key(k) => match pick(&self.keys, k) {
                            Some(key) if written => format!("acs:kms:*:*:key/${{{}}}", key.name),
                            Some(key) => format!("acs:kms:*:*:key/{}", key.id),
                            None => format!("acs:kms:*:*:key/{MISSING_KEY}"),
                        },
                    };
                    json!({
                        "Effect": if s.allow { "Allow" } else { "Deny" },
                        "Action": ACTIONS[usize::from(s.action) % ACTIONS.len()],
                        "Resource": resource,
                    })
                })
                .collect();
            if may_assume {
                list.push(json!({"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}));
            }
            json!({"Version": "1", "Statement": list}).to_string()
        };
        (render(false), render(true))
    }

    /// A new user `u<n>` with one custom policy, as `Given a user u<n> with the policy:`.
    async fn user(
        &mut self,
        statements: &[Statement],
        may_assume: bool,
    ) -> Result<Entry, TargetError> {
        self.users += 1;
        let name = format!("u{}", self.users);
        let real = format!("{}-{name}", self.prefix);
        let (document, written) = self.policy(statements, may_assume);
        let mut exchanges = vec![
            self.call(
                Who::Root,
                Service::Ram,
                "CreateUser",
                vec![p("UserName", &real, format!("${{prefix}}-{name}"))],
            )
            .await?,
        ];
        let holder = p("UserName", &real, format!("${{prefix}}-{name}"));
        exchanges.extend(
            self.attach_policy(document, "AttachPolicyToUser", holder)
                .await?,
        );
        if exchanges[0].outcome.is_success() {
            self.principals.push(Principal::User(name.clone(), real));
        }
        let mut lines = vec![format!("Given a user {name} with the policy:")];
        lines.extend(docstring(&written));
        Ok(Entry::Group(lines, exchanges))
    }

    /// CreatePolicy of `document` named `<prefix>-p<n>` and `attach` (AttachPolicyToUser or
    /// ToRole) to `holder`, as the policy steps do.
    async fn attach_policy(
        &mut self,
        document: String,
        attach: &str,
        holder: P,
    ) -> Result<[Exchange; 2], TargetError> {
        self.policies += 1;
        let n = self.policies;
        let real = format!("{}-p{n}", self.prefix);
        let name = || p("PolicyName", &real, format!("${{prefix}}-p{n}"));
        let params = vec![name(), lit("PolicyDocument", document)];
        let create = self
            .call(Who::Root, Service::Ram, "CreatePolicy", params)
            .await?;
        let params = vec![lit("PolicyType", "Custom"), name(), holder];
        let attached = self.call(Who::Root, Service::Ram, attach, params).await?;
        Ok([create, attached])
    }

    /// A role trusting a user of the case (with a policy or none), assumed by that user: as
    /// `Given a role r<n> trusting u<m>` and `When u<m> assumes r<n> as session s<k> with:`.
    async fn session(
        &mut self,
        user: Ref,
        policy: Option<&[Statement]>,
        duration: Duration,
        entries: &mut Vec<Entry>,
    ) -> Result<(), TargetError> {
        let users: Vec<(String, String)> = self
            .principals
            .iter()
            .filter_map(|p| match p {
                Principal::User(n, r) => Some((n.clone(), r.clone())),
                Principal::Session(..) => None,
            })
            .collect();
        let Some((user_name, user_real)) = pick(&users, user).cloned() else {
            return Ok(());
        };
        let mut exchanges = Vec::new();
        if self.account.is_none() {
            let mut e = self
                .call(Who::Root, Service::Sts, "GetCallerIdentity", vec![])
                .await?;
            e.counted = false;
            self.account = e.outcome.body["AccountId"].as_str().map(str::to_owned);
            exchanges.push(e);
        }
        let Some(account) = self.account.clone() else {
            entries.push(Entry::Group(vec![], exchanges));
            return Ok(());
        };
        self.roles += 1;
        let role = format!("r{}", self.roles);
        let role_real = format!("{}-{role}", self.prefix);
        let trust = trust_policy(&format!("acs:ram::{account}:user/{user_real}"));
        let create = self
            .call(
                Who::Root,
                Service::Ram,
                "CreateRole",
                vec![
                    p("RoleName", &role_real, format!("${{prefix}}-{role}")),
                    p("AssumeRolePolicyDocument", trust, ""),
                ],
            )
            .await?;
        let role_arn = create.outcome.body["Role"]["Arn"]
            .as_str()
            .map(str::to_owned);
        if let Some(arn) = &role_arn {
            self.symbols.name(arn, &format!("{role}.arn"));
        }
        exchanges.push(create);
        let mut lines = vec![format!("Given a role {role} trusting {user_name}")];
        if let Some(statements) = policy {
            let (document, written) = self.policy(statements, false);
            let holder = p("RoleName", &role_real, format!("${{prefix}}-{role}"));
            exchanges.extend(
                self.attach_policy(document, "AttachPolicyToRole", holder)
                    .await?,
            );
            lines[0].push_str(" with the policy:");
            lines.extend(docstring(&written));
        }
        entries.push(Entry::Group(lines, exchanges));
        let Some(role_arn) = role_arn else {
            return Ok(());
        };
        self.sessions += 1;
        let session = format!("s{}", self.sessions);
        let seconds = match duration {
            Duration::Shortest => 900,
            Duration::Hour => 3600,
            Duration::TooShort => 899,
        };
        let params = vec![
            p("RoleArn", role_arn, ""),
            lit("RoleSessionName", session.clone()),
            lit("DurationSeconds", seconds.to_string()),
        ];
        let header = format!("{user_name} assumes {role} as session {session} with:");
        let mut e = self
            .exchange(
                Signer::User(user_real),
                Service::Sts,
                "AssumeRole",
                params,
                header,
            )
            .await?;
        e.table = vec![("DurationSeconds".into(), seconds.to_string())];
        let credentials = &e.outcome.body["Credentials"];
        let field = |f: &str| credentials[f].as_str().map(str::to_owned);
        if e.outcome.is_success()
            && let (Some(id), Some(secret), Some(token)) = (
                field("AccessKeyId"),
                field("AccessKeySecret"),
                field("SecurityToken"),
            )
        {
            self.principals.push(Principal::Session(
                session,
                Keys {
                    access_key_id: id,
                    secret,
                    security_token: Some(token),
                },
            ));
        }
        entries.push(Entry::call(e));
        Ok(())
    }
}

/// The `i`-th of `items`, counting round; `None` when there is none.
fn pick<T>(items: &[T], i: Ref) -> Option<&T> {
    if items.is_empty() {
        None
    } else {
        items.get(usize::from(i) % items.len())
    }
}

fn kind_params(kind: KeyKind) -> Vec<P> {
    match kind {
        KeyKind::Symmetric => vec![lit("KeySpec", "Aliyun_AES_256")],
        KeyKind::External => vec![lit("KeySpec", "Aliyun_AES_256"), lit("Origin", "EXTERNAL")],
        KeyKind::EcSign => vec![lit("KeySpec", "EC_P256"), lit("KeyUsage", "SIGN/VERIFY")],
        KeyKind::RsaEncrypt => vec![
            lit("KeySpec", "RSA_2048"),
            lit("KeyUsage", "ENCRYPT/DECRYPT"),
        ],
        KeyKind::BadSpec => vec![lit("KeySpec", "AES_512")],
    }
}

fn key_action_name(action: KeyAction) -> &'static str {
    use KeyAction::*;
    match action {
        DescribeKey => "DescribeKey",
        EnableKey => "EnableKey",
        DisableKey => "DisableKey",
        ScheduleKeyDeletion => "ScheduleKeyDeletion",
        CancelKeyDeletion => "CancelKeyDeletion",
        CreateKeyVersion => "CreateKeyVersion",
        ListKeyVersions => "ListKeyVersions",
        ListAliasesByKeyId => "ListAliasesByKeyId",
        TagResource => "TagResource",
        UntagResource => "UntagResource",
        ListResourceTags => "ListResourceTags",
        UpdateKeyDescription => "UpdateKeyDescription",
        GetPublicKey => "GetPublicKey",
        DeleteKeyMaterial => "DeleteKeyMaterial",
        SetDeletionProtection => "SetDeletionProtection",
    }
}

/// The KMS APIs, for calls with odd parameters.
fn kms_apis() -> Vec<kms_reference::Api> {
    kms_reference::Api::ALL.to_vec()
}

fn text(t: Text) -> String {
    const SHORT: [&str; 4] = ["hello", "kmsconf", "a longer text of a few words", "ü∂"];
    match t {
        Text::Empty => String::new(),
        Text::Short(n) => SHORT[usize::from(n) % SHORT.len()].to_owned(),
        Text::Large => "x".repeat(6144),
    }
}

fn context_text(c: Context) -> String {
    match c {
        Context::Object(n) => format!(r#"{{"purpose":"{n}"}}"#),
        Context::TwoPairs => r#"{"b":"2","a":"1"}"#.to_owned(),
        Context::Reordered => r#"{"a":"1","b":"2"}"#.to_owned(),
        Context::NotJson => "not json".to_owned(),
    }
}

fn digest_of(text: &[u8]) -> String {
    STANDARD.encode(sha2::Sha256::digest(text))
}

/// A policy document as a feature file's doc string, indented under its step.
fn docstring(document: &str) -> Vec<String> {
    let pretty = serde_json::from_str::<Value>(document)
        .ok()
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .unwrap_or_else(|| document.to_owned());
    let mut lines = vec!["  \"\"\"".to_owned()];
    lines.extend(pretty.lines().map(|l| format!("  {l}")));
    lines.push("  \"\"\"".to_owned());
    lines
}
