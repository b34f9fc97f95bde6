//! Removing what scenarios made on an endpoint whose account they share: after each scenario
//! (what it noted it created) and after a crashed run (`kmsconf cleanup --run-id`, found by
//! the run's alias and secret-name prefix). Best effort, in dependency order: secrets (deleted
//! without recovery), aliases, then keys (scheduled for deletion with the shortest window),
//! then users with their AccessKeys, then roles (their
//! policies detached first), then policies.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::sut::{Call, Service, Signer, Target, TargetError};

/// What to remove.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Leftovers {
    /// Key ids.
    pub keys: Vec<String>,
    /// Alias names (`alias/...`).
    pub aliases: Vec<String>,
    /// RAM user names.
    pub users: Vec<String>,
    /// Custom policy names.
    pub policies: Vec<String>,
    /// (policy, user) attachments.
    pub attachments: Vec<(String, String)>,
    /// RAM role names.
    pub roles: Vec<String>,
    /// (policy, role) attachments.
    pub role_attachments: Vec<(String, String)>,
    /// Secret names.
    pub secrets: Vec<String>,
}

/// The shortest deletion window KMS accepts, in days.
const SHORTEST_WINDOW_DAYS: &str = "7";
/// Aliases asked for per ListAliases page.
const PAGE_SIZE: usize = 100;

impl Leftovers {
    /// Notes what a successful call created (or, for DeleteAlias, removed itself).
    pub fn note(&mut self, call: &Call, body: &Value) {
        // Only the root's RAM calls provision; a user's or a session's are the scenario's
        // subject, and what they make is the scenario's to check.
        if call.signer != Signer::Root && call.service == Service::Ram {
            return;
        }
        let param = |k: &str| call.params.get(k).cloned().unwrap_or_default();
        match (call.service, call.action.as_str()) {
            (Service::Kms, "CreateKey") => {
                if let Some(id) = body["KeyMetadata"]["KeyId"].as_str() {
                    self.keys.push(id.to_owned());
                }
            }
            (Service::Kms, "CreateAlias") => self.aliases.push(param("AliasName")),
            // A RAM secret is named by the endpoint (`$Auto`): its name is in the answer.
            (Service::Kms, "CreateSecret") => self.secrets.push(
                body["SecretName"]
                    .as_str()
                    .map_or_else(|| param("SecretName"), str::to_owned),
            ),
            (Service::Kms, "DeleteAlias") => self.aliases.retain(|a| *a != param("AliasName")),
            (Service::Ram, "CreateUser") => self.users.push(param("UserName")),
            (Service::Ram, "CreatePolicy") => self.policies.push(param("PolicyName")),
            (Service::Ram, "AttachPolicyToUser") => self
                .attachments
                .push((param("PolicyName"), param("UserName"))),
            (Service::Ram, "CreateRole") => self.roles.push(param("RoleName")),
            (Service::Ram, "AttachPolicyToRole") => self
                .role_attachments
                .push((param("PolicyName"), param("RoleName"))),
            _ => {}
        }
    }

    /// Whether there is nothing to remove.
    pub fn is_empty(&self) -> bool {
        *self == Leftovers::default()
    }
}

/// Removes `leftovers` from `target`, best effort: a call that fails is passed over, since
/// what it would remove may already be gone.
pub async fn remove(target: &dyn Target, leftovers: Leftovers) {
    // Secrets first: one may be encrypted under a key below.
    for secret in leftovers.secrets {
        let params = [
            ("SecretName", secret),
            ("ForceDeleteWithoutRecovery", "true".to_owned()),
        ];
        let _ = target.call(&Call::new("DeleteSecret", params)).await;
    }
    for alias in leftovers.aliases {
        let _ = target
            .call(&Call::new("DeleteAlias", [("AliasName", alias)]))
            .await;
    }
    for key in leftovers.keys {
        let params = [
            ("KeyId", key),
            ("PendingWindowInDays", SHORTEST_WINDOW_DAYS.to_owned()),
        ];
        let _ = target.call(&Call::new("ScheduleKeyDeletion", params)).await;
    }
    for (policy, user) in leftovers.attachments {
        let detach = Call::custom_policy("DetachPolicyFromUser", policy, ("UserName", user));
        let _ = target.call(&detach).await;
    }
    for user in leftovers.users {
        if let Ok(keys) = target.keys(&Signer::User(user.clone())).await {
            let params = [
                ("UserName", user.clone()),
                ("UserAccessKeyId", keys.access_key_id),
            ];
            let _ = target.call(&Call::ram("DeleteAccessKey", params)).await;
        }
        let _ = target
            .call(&Call::ram("DeleteUser", [("UserName", user)]))
            .await;
    }
    for (policy, role) in leftovers.role_attachments {
        let detach = Call::custom_policy("DetachPolicyFromRole", policy, ("RoleName", role));
        let _ = target.call(&detach).await;
    }
    for role in leftovers.roles {
        let _ = target
            .call(&Call::ram("DeleteRole", [("RoleName", role)]))
            .await;
    }
    for policy in leftovers.policies {
        let _ = target
            .call(&Call::ram("DeletePolicy", [("PolicyName", policy)]))
            .await;
    }
}

/// The alias prefix of everything run `run_id` names (`alias/kc<run>-`).
pub fn run_alias_prefix(run_id: &str) -> String {
    format!("alias/kc{run_id}-")
}

/// What run `run_id` left on `target`: its aliases (by their prefix) and the keys they name,
/// listed page by page.
pub async fn leftovers_of_run(target: &dyn Target, run_id: &str) -> Result<Leftovers, TargetError> {
    let prefix = run_alias_prefix(run_id);
    let mut leftovers = Leftovers::default();
    let mut keys = BTreeSet::new();
    for page in 1.. {
        let call = Call::new(
            "ListAliases",
            [
                ("PageNumber", page.to_string()),
                ("PageSize", PAGE_SIZE.to_string()),
            ],
        );
        let outcome = target.call(&call).await?;
        if !outcome.is_success() {
            return Err(TargetError::Refused {
                action: "ListAliases".to_owned(),
                status: outcome.http_status,
                body: outcome.body.to_string(),
            });
        }
        let items = outcome.body["Aliases"]["Alias"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        for a in &items {
            if let (Some(name), Some(key)) = (a["AliasName"].as_str(), a["KeyId"].as_str())
                && name.starts_with(&prefix)
            {
                leftovers.aliases.push(name.to_owned());
                keys.insert(key.to_owned());
            }
        }
        if items.len() < PAGE_SIZE {
            break;
        }
    }
    leftovers.keys = keys.into_iter().collect();
    leftovers.secrets = secrets_of_run(target, run_id).await;
    Ok(leftovers)
}

/// The secrets whose names begin with the run's prefix (`kc<run>-`, docs of `${prefix}` in
/// features/README.md). An endpoint without Secrets Manager has none.
async fn secrets_of_run(target: &dyn Target, run_id: &str) -> Vec<String> {
    let prefix = format!("kc{run_id}-");
    let mut found = Vec::new();
    for page in 1.. {
        let call = Call::new(
            "ListSecrets",
            [
                ("PageNumber", page.to_string()),
                ("PageSize", PAGE_SIZE.to_string()),
            ],
        );
        let Ok(outcome) = target.call(&call).await else {
            break;
        };
        if !outcome.is_success() {
            break;
        }
        let items = outcome.body["SecretList"]["Secret"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        found.extend(
            items
                .iter()
                .filter_map(|s| s["SecretName"].as_str())
                .filter(|name| name.starts_with(&prefix))
                .map(str::to_owned),
        );
        if items.len() < PAGE_SIZE {
            break;
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sut::InProcessTarget;

    async fn ok(target: &InProcessTarget, call: Call) -> Value {
        let outcome = target.call(&call).await.unwrap();
        assert!(outcome.is_success(), "{}: {}", call.action, outcome.body);
        outcome.body
    }

    async fn state(target: &InProcessTarget, key: &str) -> String {
        let body = ok(
            target,
            Call::new("DescribeKey", [("KeyId", key.to_owned())]),
        )
        .await;
        body["KeyMetadata"]["KeyState"].as_str().unwrap().to_owned()
    }

    #[tokio::test]
    async fn a_run_s_aliases_and_their_keys_are_removed_and_nothing_else() {
        let target = InProcessTarget::new(7);
        let mut keys = Vec::new();
        for alias in [
            "alias/kc0badc0de-1-a",
            "alias/kc0badc0de-2-b",
            "alias/other",
        ] {
            let body = ok(&target, Call::new("CreateKey", [])).await;
            let key = body["KeyMetadata"]["KeyId"].as_str().unwrap().to_owned();
            let params = [("AliasName", alias.to_owned()), ("KeyId", key.clone())];
            ok(&target, Call::new("CreateAlias", params)).await;
            keys.push(key);
        }
        for name in ["kc0badc0de-1/s", "kc0badc0de-2/t", "other/s"] {
            let params = [
                ("SecretName", name.to_owned()),
                ("VersionId", "v1".to_owned()),
                ("SecretData", "x".to_owned()),
            ];
            ok(&target, Call::new("CreateSecret", params)).await;
        }
        let found = leftovers_of_run(&target, "0badc0de").await.unwrap();
        assert_eq!(
            found.aliases,
            ["alias/kc0badc0de-1-a", "alias/kc0badc0de-2-b"]
        );
        assert_eq!(found.keys.len(), 2);
        assert_eq!(found.secrets, ["kc0badc0de-1/s", "kc0badc0de-2/t"]);
        remove(&target, found).await;
        assert!(
            leftovers_of_run(&target, "0badc0de")
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(state(&target, &keys[0]).await, "PendingDeletion");
        assert_eq!(state(&target, &keys[1]).await, "PendingDeletion");
        assert_eq!(state(&target, &keys[2]).await, "Enabled");
        let other = [("SecretName", "other/s".to_owned())];
        ok(&target, Call::new("DescribeSecret", other)).await;
    }

    #[tokio::test]
    async fn what_a_scenario_noted_is_removed_users_and_policies_too() {
        let target = InProcessTarget::new(8);
        let mut noted = Leftovers::default();
        let calls = [
            Call::new("CreateKey", []),
            Call::ram("CreateUser", [("UserName", "kc1-alice".to_owned())]),
            Call::ram(
                "CreatePolicy",
                [
                    ("PolicyName", "kc1-p".to_owned()),
                    (
                        "PolicyDocument",
                        r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:*","Resource":"*"}]}"#
                            .to_owned(),
                    ),
                ],
            ),
            Call::ram(
                "AttachPolicyToUser",
                [
                    ("PolicyType", "Custom".to_owned()),
                    ("PolicyName", "kc1-p".to_owned()),
                    ("UserName", "kc1-alice".to_owned()),
                ],
            ),
            Call::ram(
                "CreateRole",
                [
                    ("RoleName", "kc1-r".to_owned()),
                    (
                        "AssumeRolePolicyDocument",
                        r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::1:root"]}}]}"#
                            .to_owned(),
                    ),
                ],
            ),
            Call::ram(
                "AttachPolicyToRole",
                [
                    ("PolicyType", "Custom".to_owned()),
                    ("PolicyName", "kc1-p".to_owned()),
                    ("RoleName", "kc1-r".to_owned()),
                ],
            ),
        ];
        for call in calls {
            let body = ok(&target, call.clone()).await;
            noted.note(&call, &body);
        }
        let key = noted.keys[0].clone();
        assert_eq!(noted.users, ["kc1-alice"]);
        assert_eq!(noted.attachments.len(), 1);
        assert_eq!(noted.roles, ["kc1-r"]);
        assert_eq!(noted.role_attachments.len(), 1);
        remove(&target, noted).await;
        assert_eq!(state(&target, &key).await, "PendingDeletion");
        let gone = target
            .call(&Call::ram(
                "GetUser",
                [("UserName", "kc1-alice".to_owned())],
            ))
            .await
            .unwrap();
        assert!(!gone.is_success(), "{}", gone.body);
        for (action, params) in [
            ("GetRole", [("RoleName", "kc1-r".to_owned())]),
            ("GetPolicy", [("PolicyName", "kc1-p".to_owned())]),
        ] {
            let mut params = params.to_vec();
            if action == "GetPolicy" {
                params.push(("PolicyType", "Custom".to_owned()));
            }
            let gone = target.call(&Call::ram(action, params)).await.unwrap();
            assert!(!gone.is_success(), "{action}: {}", gone.body);
        }
    }
}
