//! The cucumber World: the target of the scenario, captured values and the last outcome.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use crate::cleanup::{self, Leftovers};
use crate::interpolate::{interpolate, interpolate_with};
use crate::sut::{Call, CallerContext, Capability, Keys, Outcome, Signer, Target, TargetError};

/// State of one scenario.
#[derive(cucumber::World)]
#[world(init = Self::new)]
pub struct KmsWorld {
    target: Option<Arc<dyn Target>>,
    /// Captured values: `k1` is a key id, `k1.arn` its ARN, `a1` an alias name, `blob` ...
    pub(crate) vars: HashMap<String, String>,
    /// The last call and what came back.
    last: Option<(Call, Outcome)>,
    /// Key material by symbolic name, so a scenario can re-import the same bytes.
    pub(crate) materials: HashMap<String, Vec<u8>>,
    /// The client's own key pairs by symbolic name (a `PublicKeyBlob` to export data keys to);
    /// their `Debug` shows the spec only.
    pub(crate) key_pairs: HashMap<String, kms_reference::asymmetric::KeyPair>,
    /// Unique to the scenario; keeps alias names apart on a shared endpoint.
    pub(crate) prefix: String,
    /// RAM users by symbolic name: their real names and simulated request attributes.
    pub(crate) users: HashMap<String, (String, CallerContext)>,
    /// Role sessions by symbolic name: the temporary credentials AssumeRole gave them.
    pub(crate) sessions: HashMap<String, Keys>,
    /// RAM roles by symbolic name: their real names.
    pub(crate) roles: HashMap<String, String>,
    /// Policies created so far, to name the next one uniquely.
    pub(crate) policy_count: usize,
    /// Every secret the scenario sent or received (plaintexts, data keys, key material,
    /// import tokens, AccessKey secrets), for the audit leak check.
    pub(crate) secrets: Vec<String>,
    /// The audit event the last trail step looked at.
    pub(crate) event: Option<serde_json::Value>,
    /// When the scenario started.
    started: std::time::Instant,
    /// What the scenario created, for cleanup on a shared account.
    created: Leftovers,
}

/// Request parameters whose values are secrets.
const SECRET_PARAMETERS: &[&str] = &[
    "Plaintext",
    "EncryptedKeyMaterial",
    "ImportToken",
    "SecretData",
];
/// Response fields whose values are secrets.
const SECRET_FIELDS: &[&str] = &[
    "Plaintext",
    "ExportedDataKey",
    "ImportToken",
    "AccessKeySecret",
    "SecurityToken",
    "SecretData",
    "RandomPassword",
];

impl fmt::Debug for KmsWorld {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Captured values may include plaintexts; show only their names.
        f.debug_struct("KmsWorld")
            .field("target", &self.target.as_ref().map(|t| t.label()))
            .field("vars", &self.vars.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

impl KmsWorld {
    fn new() -> KmsWorld {
        KmsWorld {
            target: None,
            vars: HashMap::new(),
            last: None,
            materials: HashMap::new(),
            key_pairs: HashMap::new(),
            prefix: String::new(),
            users: HashMap::new(),
            sessions: HashMap::new(),
            roles: HashMap::new(),
            policy_count: 0,
            secrets: Vec::new(),
            event: None,
            started: std::time::Instant::now(),
            created: Leftovers::default(),
        }
    }

    /// Attaches the scenario's target; the run id and `seed` make the scenario's names unique
    /// (`kc<run>-<scenario>`), so a run's leftovers can be found and cleaned up.
    pub(crate) fn attach(&mut self, target: Arc<dyn Target>, seed: u64, run_id: &str) {
        self.target = Some(target);
        self.prefix = format!("kc{run_id}-{:08x}", seed & 0xffff_ffff);
        // Secret names are made unique with it (`${prefix}/name`).
        self.vars.insert("prefix".into(), self.prefix.clone());
        self.started = std::time::Instant::now();
    }

    /// Milliseconds since the scenario started.
    pub(crate) fn elapsed_ms(&self) -> u64 {
        u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    /// Throttled calls the scenario's target re-sent so far.
    pub(crate) fn retries(&self) -> u32 {
        self.target.as_ref().map_or(0, |t| t.retries())
    }

    pub(crate) fn target(&self) -> &Arc<dyn Target> {
        match &self.target {
            Some(t) => t,
            None => panic!("no target attached: the runner's before hook did not run"),
        }
    }

    /// Substitutes `${...}` in `text`, failing the step on an unknown name.
    pub(crate) fn interp(&self, text: &str) -> String {
        interpolate(text, &self.vars).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Substitutes `${...}` in a regular expression, escaping the substituted values.
    pub(crate) fn interp_regex(&self, pattern: &str) -> String {
        interpolate_with(pattern, &self.vars, regex::escape).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Remembers a call made some other way (a raw HTTP request) as the last one.
    pub(crate) fn record(&mut self, call: Call, outcome: Outcome) {
        self.remember_secrets(&call, &outcome);
        self.last = Some((call, outcome));
    }

    /// Makes a call and remembers it as the last one; fails the step if no answer came.
    pub(crate) async fn call(&mut self, call: Call) -> &Outcome {
        let outcome = match self.send(&call).await {
            Ok(outcome) => outcome,
            Err(e) => no_answer(&call, &e),
        };
        self.remember_secrets(&call, &outcome);
        self.remember_created(&call, &outcome);
        self.last = Some((call, outcome));
        &self
            .last
            .as_ref()
            .map(|(_, o)| o)
            .unwrap_or_else(|| unreachable!())
    }

    /// Makes a call the step only reads (not remembered as the last one); fails the step if no
    /// answer came.
    pub(crate) async fn ask(&self, call: &Call) -> Outcome {
        match self.send(call).await {
            Ok(outcome) => outcome,
            Err(e) => no_answer(call, &e),
        }
    }

    /// The target's answer to `call`, computed on a task of the runtime. Cucumber polls every
    /// scenario on the one thread that drives the run, and the embedded reference does its
    /// work (an RSA key for an import: tens of milliseconds) inside `call`: sent from here,
    /// that work runs on the runtime's workers, one call per core, while the driving thread
    /// goes on with the other scenarios. A scenario's calls still run one after the other.
    async fn send(&self, call: &Call) -> Result<Outcome, TargetError> {
        let target = Arc::clone(self.target());
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return target.call(call).await;
        };
        let call = call.clone();
        match runtime.spawn(async move { target.call(&call).await }).await {
            Ok(answer) => answer,
            // A panic in the target fails the step as it would have without the task.
            Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
            Err(e) => panic!("the call was cancelled: {e}"),
        }
    }

    /// Notes the secrets a call carried, wherever they sit in the request or the response.
    fn remember_secrets(&mut self, call: &Call, outcome: &Outcome) {
        for name in SECRET_PARAMETERS {
            if let Some(v) = call.params.get(*name).filter(|v| v.len() >= 4) {
                self.secrets.push(v.clone());
            }
        }
        let mut stack = vec![&outcome.body];
        while let Some(v) = stack.pop() {
            match v {
                serde_json::Value::Object(map) => {
                    for (k, v) in map {
                        match v.as_str() {
                            Some(s) if SECRET_FIELDS.contains(&k.as_str()) && s.len() >= 4 => {
                                self.secrets.push(s.to_owned());
                            }
                            _ => stack.push(v),
                        }
                    }
                }
                serde_json::Value::Array(items) => stack.extend(items),
                _ => {}
            }
        }
    }

    /// Notes what a successful call created, so a shared account can be cleaned up.
    fn remember_created(&mut self, call: &Call, outcome: &Outcome) {
        if outcome.is_success() {
            self.created.note(call, &outcome.body);
        }
    }

    /// Removes what the scenario created ([`cleanup::remove`]); only on targets whose
    /// scenarios share one account.
    pub(crate) async fn clean_up(&mut self) {
        let Some(target) = self.target.clone() else {
            return;
        };
        if target.capabilities().has(Capability::FreshAccount) {
            return;
        }
        cleanup::remove(target.as_ref(), std::mem::take(&mut self.created)).await;
    }

    /// Makes a call that must succeed (scenario setup); fails the step with the details if not.
    pub(crate) async fn call_ok(&mut self, call: Call) -> serde_json::Value {
        let outcome = self.call(call).await.clone();
        if !outcome.is_success() {
            self.fail("setup call to succeed");
        }
        outcome.body
    }

    /// The last outcome.
    pub(crate) fn last(&self) -> &Outcome {
        match &self.last {
            Some((_, o)) => o,
            None => panic!("no call has been made yet"),
        }
    }

    /// Fails the step, showing what was expected, the request and the response.
    pub(crate) fn fail(&self, expected: &str) -> ! {
        match &self.last {
            Some((call, outcome)) => panic!(
                "expected {expected}\n  request:  {} {}\n  response: HTTP {} {}",
                call.action,
                redacted_params(call),
                outcome.http_status,
                redacted_body(&outcome.body)
            ),
            None => panic!("expected {expected}, but no call was made"),
        }
    }

    /// The call made by `caller`: a symbolic user (its real name and request attributes) or a
    /// role session (its temporary credentials).
    pub(crate) fn as_user(&self, caller: &str, mut call: Call) -> Call {
        call.signer = self.signer(caller);
        if let Some((_, context)) = self.users.get(caller) {
            call.context = *context;
        }
        call
    }

    /// Who signs for `caller`, a symbolic user or session of the scenario.
    pub(crate) fn signer(&self, caller: &str) -> Signer {
        if let Some(keys) = self.sessions.get(caller) {
            return Signer::Keys(keys.clone());
        }
        match self.users.get(caller) {
            Some((real, _)) => Signer::User(real.clone()),
            None => panic!("no user or session named `{caller}` in this scenario"),
        }
    }

    /// The key id captured for the symbolic key `name`.
    pub(crate) fn key_id(&self, name: &str) -> String {
        self.vars
            .get(name)
            .cloned()
            .unwrap_or_else(|| panic!("no key named `{name}` in this scenario"))
    }
}

/// Fails the step: the target gave no answer, which no step may read as the endpoint's.
pub(crate) fn no_answer(call: &Call, error: &TargetError) -> ! {
    panic!(
        "no answer from the target: {error}\n  request:  {} {}",
        call.action,
        redacted_params(call)
    )
}

/// A response for a failure message, with the values of secret fields replaced by their size:
/// a report may travel further than the scenario's own credentials should.
pub(crate) fn redacted_body(body: &serde_json::Value) -> serde_json::Value {
    match body {
        serde_json::Value::Object(map) => map
            .iter()
            .map(|(k, v)| match v.as_str() {
                Some(s) if SECRET_FIELDS.contains(&k.as_str()) => {
                    (k.clone(), format!("<{} bytes>", s.len()).into())
                }
                _ => (k.clone(), redacted_body(v)),
            })
            .collect::<serde_json::Map<_, _>>()
            .into(),
        serde_json::Value::Array(items) => items.iter().map(redacted_body).collect(),
        other => other.clone(),
    }
}

/// Parameters for a failure message, with secrets cut short.
pub(crate) fn redacted_params(call: &Call) -> String {
    let shown: Vec<String> = call
        .params
        .iter()
        .map(|(k, v)| {
            if matches!(
                k.as_str(),
                "Plaintext" | "EncryptedKeyMaterial" | "ImportToken"
            ) {
                format!("{k}=<{} bytes>", v.len())
            } else if v.len() > 120 {
                format!(
                    "{k}={}…({} bytes)",
                    &v[..v.floor_char_boundary(60)],
                    v.len()
                )
            } else {
                format!("{k}={v}")
            }
        })
        .collect();
    shown.join(" ")
}
