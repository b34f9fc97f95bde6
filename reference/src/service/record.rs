//! Writing the one audit event of a call. Only the service entry point calls this, after the
//! call's outcome is known; API handlers never write events.

use std::collections::BTreeMap;

use crate::api::Api;
use crate::caller::{Caller, Principal};
use crate::error::KmsError;
use crate::service::Call;
use crate::trail::{StsRecord, TrailEvent, TrailIdentity};

impl Call<'_> {
    /// Records the call of `api` (nothing for DescribeRegions or an unknown action).
    pub(super) fn record(
        &mut self,
        caller: &Caller,
        api: Option<Api>,
        request_id: &str,
        params: &BTreeMap<String, String>,
        error: Option<&KmsError>,
    ) {
        let Some(api) = api.filter(|a| *a != Api::DescribeRegions) else {
            return;
        };
        let identity = self.trail_identity(caller);
        let mut key_ids = std::mem::take(&mut self.referenced_keys);
        key_ids.dedup();
        let mut secret_names = std::mem::take(&mut self.referenced_secrets);
        secret_names.dedup();
        let event = TrailEvent {
            seq: self.trail.next_seq(),
            event_id: request_id.to_owned(),
            event_name: api.name().to_owned(),
            event_time: self.now,
            read: api.is_read(),
            region: self.config.region.clone(),
            account_id: self.config.account_id.clone(),
            request_parameters: TrailEvent::redact(params),
            source_ip: caller
                .source_ip
                .map(|ip| ip.to_string())
                .unwrap_or_default(),
            user_agent: caller.user_agent.clone().unwrap_or_default(),
            secure_transport: caller.secure_transport,
            identity,
            error: error.map(|e| (e.code().as_str().to_owned(), e.message().to_owned())),
            key_ids,
            secret_names,
            sts: None,
        };
        self.trail.record(event);
    }

    /// Records an STS call in the caller's trail (D-326): a `Read` of `Sts` 2015-04-01 with
    /// the business parameters, and for AssumeRole the response without secret or token.
    pub(super) fn record_sts(
        &mut self,
        caller: &Caller,
        action: &str,
        request_id: &str,
        params: &BTreeMap<String, String>,
        outcome: Result<StsRecord, &KmsError>,
    ) {
        const RECORDED: [&str; 6] = [
            "RoleArn",
            "RoleSessionName",
            "DurationSeconds",
            "ExternalId",
            "Policy",
            "SourceIdentity",
        ];
        let event = TrailEvent {
            seq: self.trail.next_seq(),
            event_id: request_id.to_owned(),
            event_name: action.to_owned(),
            event_time: self.now,
            read: true,
            region: self.config.region.clone(),
            account_id: self.config.account_id.clone(),
            request_parameters: params
                .iter()
                .filter(|(k, _)| RECORDED.contains(&k.as_str()))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            source_ip: caller
                .source_ip
                .map(|ip| ip.to_string())
                .unwrap_or_default(),
            user_agent: caller.user_agent.clone().unwrap_or_default(),
            secure_transport: caller.secure_transport,
            identity: self.trail_identity(caller),
            error: outcome
                .as_ref()
                .err()
                .map(|e| (e.code().as_str().to_owned(), e.message().to_owned())),
            key_ids: Vec::new(),
            secret_names: Vec::new(),
            sts: Some(outcome.unwrap_or_default()),
        };
        self.trail.record(event);
    }

    fn trail_identity(&self, caller: &Caller) -> TrailIdentity {
        let access_key_id = caller.access_key_id.clone().unwrap_or_default();
        match &caller.principal {
            Principal::Account => TrailIdentity {
                kind: "root-account",
                principal_id: self.config.account_id.clone(),
                user_name: "root".to_owned(),
                access_key_id,
                session_created: None,
            },
            Principal::User { name } => TrailIdentity {
                kind: "ram-user",
                principal_id: self
                    .identities
                    .users
                    .get(name)
                    .map(|u| u.id.clone())
                    .unwrap_or_default(),
                user_name: name.clone(),
                access_key_id,
                session_created: None,
            },
            Principal::AssumedRole {
                role,
                role_id,
                session,
                access_key_id: sts_key,
            } => TrailIdentity {
                kind: "assumed-role",
                principal_id: format!("{role_id}:{session}"),
                user_name: format!("{role}:{session}"),
                access_key_id: sts_key.clone(),
                session_created: self.identities.sessions.get(sts_key).map(|s| s.created),
            },
        }
    }
}
