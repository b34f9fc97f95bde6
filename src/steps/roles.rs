//! Role steps: RAM roles with trust and permission policies, sessions of them obtained with STS
//! AssumeRole, and calls made with a session's temporary credentials, whole or broken.

use base64::Engine as _;
use cucumber::gherkin::Step;
use cucumber::{given, when};
use serde_json::json;

use crate::steps::authz::{attach_user_policy, create_policy, docstring, ensure_user};
use crate::steps::table_params;
use crate::sut::{Call, Keys, Signer};
use crate::world::KmsWorld;

/// The account's uid (`${account}`), from the account's own GetCallerIdentity.
async fn account(w: &mut KmsWorld) -> String {
    if let Some(uid) = w.vars.get("account") {
        return uid.clone();
    }
    let outcome = w.ask(&Call::sts("GetCallerIdentity", [])).await;
    let Some(uid) = outcome.body["AccountId"]
        .as_str()
        .filter(|_| outcome.is_success())
    else {
        panic!(
            "the account's GetCallerIdentity should answer its AccountId: HTTP {} {}",
            outcome.http_status, outcome.body
        );
    };
    w.vars.insert("account".to_owned(), uid.to_owned());
    uid.to_owned()
}

/// The trust principal for `trusted`: `account` (the account's root), a role of the scenario,
/// or a RAM user of the scenario (created if need be).
async fn principal(w: &mut KmsWorld, trusted: &str) -> String {
    let uid = account(w).await;
    if trusted == "account" {
        return format!("acs:ram::{uid}:root");
    }
    if let Some(role) = w.roles.get(trusted) {
        return format!("acs:ram::{uid}:role/{}", role.to_lowercase());
    }
    ensure_user(w, trusted).await;
    format!("acs:ram::{uid}:user/{}", w.users[trusted].0)
}

/// Creates the role `name` (real name unique to the scenario) with the trust policy
/// `trust`; its name, ARN and id are `${name.name}`, `${name.arn}` and `${name.id}`, and the
/// name as ARNs carry it (in lower case, docs/spec/decisions.md D-301) `${name.lowercase}`.
async fn create_role(w: &mut KmsWorld, name: &str, trust: String) {
    if w.roles.contains_key(name) {
        panic!("the scenario already has a role `{name}`");
    }
    let real = format!("{}-{name}", w.prefix);
    let body = w
        .call_ok(Call::ram(
            "CreateRole",
            [
                ("RoleName", real.clone()),
                ("AssumeRolePolicyDocument", trust),
            ],
        ))
        .await;
    for (var, field) in [("name", "RoleName"), ("arn", "Arn"), ("id", "RoleId")] {
        let value = body["Role"][field].as_str().unwrap_or_else(|| {
            panic!("CreateRole answered no Role.{field}: {body}");
        });
        w.vars.insert(format!("{name}.{var}"), value.to_owned());
    }
    w.vars
        .insert(format!("{name}.lowercase"), real.to_lowercase());
    w.roles.insert(name.to_owned(), real);
}

/// Creates a custom policy from the step's doc string and attaches it to the role `role`; its
/// name is `${role.policy}`, for steps that detach it.
async fn attach_to_role(w: &mut KmsWorld, role: &str, step: &Step) {
    let Some(real) = w.roles.get(role).cloned() else {
        panic!("no role named `{role}` in this scenario");
    };
    let document = docstring(w, step);
    let policy_name = create_policy(w, document).await;
    w.vars.insert(format!("{role}.policy"), policy_name.clone());
    let attach = Call::custom_policy("AttachPolicyToRole", policy_name, ("RoleName", real));
    w.call_ok(attach).await;
}

/// A trust policy letting `principal` assume the role (also what `kmsconf diff` creates roles
/// with, so that its scenarios make the same calls).
pub(crate) fn trusting(principal: &str) -> String {
    json!({
        "Version": "1",
        "Statement": [{
            "Effect": "Allow",
            "Action": "sts:AssumeRole",
            "Principal": {"RAM": [principal]},
        }],
    })
    .to_string()
}

#[given(expr = "a role {word} trusting {word}")]
async fn a_role_trusting(w: &mut KmsWorld, role: String, trusted: String) {
    let principal = principal(w, &trusted).await;
    create_role(w, &role, trusting(&principal)).await;
}

#[given(expr = "a role {word} trusting {word} with the policy:")]
async fn a_role_trusting_with_policy(w: &mut KmsWorld, role: String, trusted: String, step: &Step) {
    let principal = principal(w, &trusted).await;
    create_role(w, &role, trusting(&principal)).await;
    attach_to_role(w, &role, step).await;
}

#[given(expr = "a role {word} with the trust policy:")]
async fn a_role_with_trust_policy(w: &mut KmsWorld, role: String, step: &Step) {
    account(w).await;
    let trust = docstring(w, step);
    create_role(w, &role, trust).await;
}

#[given(expr = "role {word} also has the policy:")]
async fn role_also_has_policy(w: &mut KmsWorld, role: String, step: &Step) {
    attach_to_role(w, &role, step).await;
}

#[given(expr = "user {word} may assume roles")]
async fn user_may_assume_roles(w: &mut KmsWorld, user: String) {
    account(w).await;
    let document = json!({
        "Version": "1",
        "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}],
    })
    .to_string();
    attach_user_policy(w, &user, document).await;
}

/// `caller` (a user or a session) calls AssumeRole on `role` for the session `session`, with
/// any extra parameters of the step's table; on success the session's credentials are kept
/// and its ARN, id and AccessKeyId are `${session.arn}`, `${session.id}`, `${session.akid}`.
async fn assume(w: &mut KmsWorld, caller: &str, role: &str, session: &str, step: &Step) {
    let arn_var = format!("{role}.arn");
    let Some(arn) = w.vars.get(&arn_var).cloned() else {
        panic!("no role named `{role}` in this scenario");
    };
    let params = [("RoleArn", arn), ("RoleSessionName", session.to_owned())];
    let call = w.as_user(
        caller,
        Call::sts("AssumeRole", params).with_params(table_params(w, step)),
    );
    let outcome = w.call(call).await.clone();
    if !outcome.is_success() {
        return;
    }
    let body = &outcome.body;
    let text = |path: [&str; 2]| {
        body[path[0]][path[1]]
            .as_str()
            .unwrap_or_else(|| panic!("AssumeRole answered no {}.{}", path[0], path[1]))
            .to_owned()
    };
    let keys = Keys {
        access_key_id: text(["Credentials", "AccessKeyId"]),
        secret: text(["Credentials", "AccessKeySecret"]),
        security_token: Some(text(["Credentials", "SecurityToken"])),
    };
    w.vars
        .insert(format!("{session}.akid"), keys.access_key_id.clone());
    w.vars
        .insert(format!("{session}.arn"), text(["AssumedRoleUser", "Arn"]));
    w.vars.insert(
        format!("{session}.id"),
        text(["AssumedRoleUser", "AssumedRoleId"]),
    );
    w.sessions.insert(session.to_owned(), keys);
}

#[when(expr = "{word} assumes {word} as session {word}")]
#[when(expr = "{word} assumes {word} as session {word} with:")]
async fn assumes(w: &mut KmsWorld, caller: String, role: String, session: String, step: &Step) {
    assume(w, &caller, &role, &session, step).await;
}

#[given(expr = "{word} assumes {word} as session {word}")]
#[given(expr = "{word} assumes {word} as session {word} with:")]
async fn has_assumed(w: &mut KmsWorld, caller: String, role: String, session: String, step: &Step) {
    assume(w, &caller, &role, &session, step).await;
    if !w.sessions.contains_key(&session) {
        w.fail("AssumeRole to succeed");
    }
}

#[when(expr = "{word} calls STS {word}")]
#[when(expr = "{word} calls STS {word} with:")]
async fn caller_calls_sts(w: &mut KmsWorld, caller: String, action: String, step: &Step) {
    let params = table_params(w, step);
    let call = w.as_user(&caller, Call::sts(&action, []).with_params(params));
    w.call(call).await;
}

#[when(expr = "{word} calls RAM {word}")]
#[when(expr = "{word} calls RAM {word} with:")]
async fn caller_calls_ram(w: &mut KmsWorld, caller: String, action: String, step: &Step) {
    let params = table_params(w, step);
    let call = w.as_user(&caller, Call::ram(&action, []).with_params(params));
    w.call(call).await;
}

/// The credentials of the session `name`.
fn session(w: &KmsWorld, name: &str) -> Keys {
    match w.sessions.get(name) {
        Some(keys) => keys.clone(),
        None => panic!("no session named `{name}` in this scenario (did AssumeRole succeed?)"),
    }
}

/// Makes the KMS call `action` of the step's table signed with `keys`.
async fn call_with(w: &mut KmsWorld, keys: Keys, action: &str, step: &Step) {
    let params = table_params(w, step);
    let mut call = Call::new(action, []).with_params(params);
    call.signer = Signer::Keys(keys);
    w.call(call).await;
}

#[when(expr = "session {word} calls {word} without its token")]
async fn session_without_token(w: &mut KmsWorld, name: String, action: String, step: &Step) {
    let keys = Keys {
        security_token: None,
        ..session(w, &name)
    };
    call_with(w, keys, &action, step).await;
}

#[when(expr = "session {word} calls {word} with the token of session {word}")]
async fn session_with_other_token(
    w: &mut KmsWorld,
    name: String,
    action: String,
    other: String,
    step: &Step,
) {
    let keys = Keys {
        security_token: session(w, &other).security_token,
        ..session(w, &name)
    };
    call_with(w, keys, &action, step).await;
}

#[when(expr = "session {word} calls {word} with a made-up token")]
async fn session_with_made_up_token(w: &mut KmsWorld, name: String, action: String, step: &Step) {
    // As long and of the same alphabet as a real token, so only its origin is wrong.
    let mut made_up = [0u8; 96];
    rand::fill(&mut made_up);
    let keys = Keys {
        security_token: Some(base64::engine::general_purpose::STANDARD.encode(made_up)),
        ..session(w, &name)
    };
    call_with(w, keys, &action, step).await;
}

/// `signer`'s own permanent AccessKey, signed with the token of the session `other`.
async fn permanent_key_with_token(
    w: &mut KmsWorld,
    signer: Signer,
    action: &str,
    other: &str,
    step: &Step,
) {
    let target = w.target().clone();
    let own = match target.keys(&signer).await {
        Ok(keys) => keys,
        Err(e) => panic!("no AccessKey for {signer:?}: {e}"),
    };
    let keys = Keys {
        security_token: session(w, other).security_token,
        ..own
    };
    call_with(w, keys, action, step).await;
}

#[when(expr = "user {word} calls {word} with the token of session {word}")]
async fn user_with_token(
    w: &mut KmsWorld,
    user: String,
    action: String,
    other: String,
    step: &Step,
) {
    let signer = w.signer(&user);
    permanent_key_with_token(w, signer, &action, &other, step).await;
}

#[when(expr = "I call {word} with the token of session {word}")]
async fn root_with_token(w: &mut KmsWorld, action: String, other: String, step: &Step) {
    permanent_key_with_token(w, Signer::Root, &action, &other, step).await;
}

#[given(expr = "role {word} is deleted")]
#[when(expr = "role {word} is deleted")]
async fn role_is_deleted(w: &mut KmsWorld, role: String) {
    let Some(real) = w.roles.get(&role).cloned() else {
        panic!("no role named `{role}` in this scenario");
    };
    let listed = w
        .call_ok(Call::ram(
            "ListPoliciesForRole",
            [("RoleName", real.clone())],
        ))
        .await;
    let policies = listed["Policies"]["Policy"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    for policy in policies {
        let field = |k: &str| policy[k].as_str().unwrap_or_default().to_owned();
        w.call_ok(Call::ram(
            "DetachPolicyFromRole",
            [
                ("PolicyType", field("PolicyType")),
                ("PolicyName", field("PolicyName")),
                ("RoleName", real.clone()),
            ],
        ))
        .await;
    }
    w.call_ok(Call::ram("DeleteRole", [("RoleName", real)]))
        .await;
}

/// The roles the account holds, counted through ListRoles' pages.
async fn role_count(w: &KmsWorld) -> usize {
    let mut count = 0;
    let mut marker: Option<String> = None;
    loop {
        let mut params = vec![("MaxItems", "1000".to_owned())];
        params.extend(marker.take().map(|m| ("Marker", m)));
        let outcome = w.ask(&Call::ram("ListRoles", params)).await;
        if !outcome.is_success() {
            panic!(
                "ListRoles failed: HTTP {} {}",
                outcome.http_status, outcome.body
            );
        }
        count += outcome.body["Roles"]["Role"].as_array().map_or(0, Vec::len);
        match outcome.body["Marker"].as_str() {
            Some(m) if outcome.body["IsTruncated"] == true => marker = Some(m.to_owned()),
            _ => return count,
        }
    }
}

/// Creates roles trusting the account's root until the account holds `count` (a quota
/// scenario; tag it `@needs-fresh-account`).
#[given(expr = "roles until the account holds {int}")]
async fn roles_until(w: &mut KmsWorld, count: usize) {
    let trust = trusting(&principal(w, "account").await);
    let have = role_count(w).await;
    for i in have..count {
        w.call_ok(Call::ram(
            "CreateRole",
            [
                ("RoleName", format!("{}-quota-{i}", w.prefix)),
                ("AssumeRolePolicyDocument", trust.clone()),
            ],
        ))
        .await;
    }
}
