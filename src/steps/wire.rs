//! Wire steps: requests signed by the scenario itself, optionally broken in one precise way,
//! sent as raw HTTP through the target (the gateway in process, the socket remotely).

use cucumber::gherkin::Step;
use cucumber::{given, when};
use kms_reference::{
    ClientCall, HttpRequest, KMS_VERSION, SignatureVersion, Timestamp, sign_request,
};

use crate::steps::table_params;
use crate::sut::Call;
use crate::world::{KmsWorld, no_answer};

/// Signs `action` as `principal` (root when `None`) with `version`, applying `fault` (a phrase
/// of the wire steps), sends it, and keeps the outcome as the last one.
async fn send(
    w: &mut KmsWorld,
    principal: Option<String>,
    action: &str,
    version: &str,
    fault: &str,
    step: &Step,
) {
    let version = match version {
        "V1" => SignatureVersion::V1,
        "V3" => SignatureVersion::V3,
        other => panic!("signature version is V1 or V3, not `{other}`"),
    };
    let target = w.target().clone();
    let (mut access_key_id, mut secret) = match target.access_key(principal.as_deref()).await {
        Ok(k) => k,
        Err(e) => panic!("no AccessKey for the caller: {e}"),
    };
    let now = target.now_unix().await;
    let mut timestamp = Timestamp::from_unix(now);
    let mut api_version = KMS_VERSION.to_owned();
    let mut method = "POST";
    match fault {
        "using a wrong secret" => secret.push('x'),
        "with an unknown AccessKeyId" => access_key_id = "LTAIunknown00000000000000".into(),
        "dated 16 minutes ago" => timestamp = Timestamp::from_unix(now - 16 * 60),
        "dated 16 minutes ahead" => timestamp = Timestamp::from_unix(now + 16 * 60),
        "dated 14 minutes ago" => timestamp = Timestamp::from_unix(now - 14 * 60),
        "for version 2014-01-01" => api_version = "2014-01-01".into(),
        "as GET" => method = "GET",
        _ => {}
    }
    let params = table_params(w, step);
    let nonce = uuid::Uuid::new_v4().simple().to_string();
    let host = target.host();
    let call = ClientCall {
        method,
        version: &api_version,
        action,
        params: &params,
        host: &host,
        access_key_id: &access_key_id,
        secret: &secret,
        nonce: &nonce,
        timestamp,
    };
    let mut request: HttpRequest = sign_request(version, &call);
    let mut twice = false;
    match fault {
        ""
        | "using a wrong secret"
        | "with an unknown AccessKeyId"
        | "dated 16 minutes ago"
        | "dated 16 minutes ahead"
        | "dated 14 minutes ago"
        | "for version 2014-01-01"
        | "as GET" => {}
        "without a signature" => {
            request.headers.retain(|(k, _)| k != "authorization");
            request.query = without(&request.query, "Signature");
        }
        "without a timestamp" => {
            request.headers.retain(|(k, _)| k != "x-acs-date");
            request.query = without(&request.query, "Timestamp");
        }
        "without a nonce" => {
            request
                .headers
                .retain(|(k, _)| k != "x-acs-signature-nonce");
            request.query = without(&request.query, "SignatureNonce");
        }
        "with an unsigned header x-acs-extra" => {
            request.headers.push(("x-acs-extra".into(), "1".into()))
        }
        "with a tampered parameter" => request.query.push_str("&Tampered=1"),
        "with the parameters in a form body" => {
            request.body = std::mem::take(&mut request.query).into_bytes();
            request.headers.push((
                "content-type".into(),
                "application/x-www-form-urlencoded".into(),
            ));
        }
        "with a body of 2 MiB" => request.body = vec![b'a'; 2 << 20],
        "with method PUT" => request.method = "PUT".into(),
        "with a security token" => {
            request.query.push_str("&SecurityToken=CAIS");
            request
                .headers
                .push(("x-acs-security-token".into(), "CAIS".into()));
        }
        "twice with the same nonce" => twice = true,
        other => panic!("unknown wire fault `{other}`"),
    }
    if twice {
        let first = target
            .send_http(&request)
            .await
            .unwrap_or_else(|e| panic!("no answer to the first of the two requests: {e}"));
        if !first.is_success() {
            panic!(
                "the first of the two requests should succeed: HTTP {} {}",
                first.http_status, first.body
            );
        }
    }
    let call = Call::new(action, params.iter().map(|(k, v)| (k.as_str(), v.clone())));
    match target.send_http(&request).await {
        Ok(outcome) => w.record(call, outcome),
        Err(e) => no_answer(&call, &e),
    }
}

fn without(query: &str, name: &str) -> String {
    query
        .split('&')
        .filter(|p| p.split('=').next() != Some(name))
        .collect::<Vec<_>>()
        .join("&")
}

#[when(regex = r"^I send (\w+) signed with (V1|V3)$")]
async fn i_send(w: &mut KmsWorld, action: String, version: String, step: &Step) {
    send(w, None, &action, &version, "", step).await;
}

#[when(regex = r"^I send (\w+) signed with (V1|V3) (.+)$")]
async fn i_send_with_fault(
    w: &mut KmsWorld,
    action: String,
    version: String,
    fault: String,
    step: &Step,
) {
    send(w, None, &action, &version, &fault, step).await;
}

#[when(regex = r"^(\w+) sends (\w+) signed with (V1|V3)$")]
async fn user_sends(w: &mut KmsWorld, user: String, action: String, version: String, step: &Step) {
    let real = w.as_user(&user, Call::default()).principal;
    send(w, real, &action, &version, "", step).await;
}

#[given(expr = "user {word}'s AccessKey is disabled")]
async fn users_access_key_is_disabled(w: &mut KmsWorld, user: String) {
    let real = w
        .as_user(&user, Call::default())
        .principal
        .unwrap_or_default();
    let target = w.target().clone();
    let (id, _) = match target.access_key(Some(&real)).await {
        Ok(k) => k,
        Err(e) => panic!("no AccessKey for {user}: {e}"),
    };
    w.call_ok(Call::ram(
        "UpdateAccessKey",
        [
            ("UserName", real),
            ("UserAccessKeyId", id),
            ("Status", "Inactive".to_owned()),
        ],
    ))
    .await;
}
