//! Wire steps: requests signed by the scenario itself, optionally broken in one precise way,
//! sent as raw HTTP through the target (the gateway in process, the socket remotely).

use cucumber::gherkin::Step;
use cucumber::{given, when};
use kms_reference::Timestamp;
use kms_reference::wire::{
    ClientCall, HttpRequest, KMS_VERSION, sign_request, sign_request_with_token,
};

use crate::steps::params::{Asking, Signature, Signing, WireFault};
use crate::steps::table_params;
use crate::sut::{Call, Signer};
use crate::world::{KmsWorld, no_answer};

/// Signs `action` as `signer` with `signature` (with the signer's security token, if it has
/// one, where the official clients put it), asks for a format as `asking` says, breaks it with
/// `fault`, sends it, and keeps the outcome as the last one.
async fn send(
    w: &mut KmsWorld,
    signer: Signer,
    action: &str,
    signature: Signature,
    fault: Option<WireFault>,
    asking: Option<Asking>,
    step: &Step,
) {
    let target = w.target().clone();
    let keys = match target.keys(&signer).await {
        Ok(k) => k,
        Err(e) => panic!("no AccessKey for the caller: {e}"),
    };
    let mut signing = Signing {
        access_key_id: keys.access_key_id,
        secret: keys.secret,
        timestamp: Timestamp::from_unix(target.now_unix().await),
        api_version: KMS_VERSION.to_owned(),
        method: "POST",
    };
    if let Some(fault) = fault {
        fault.before_signing(&mut signing);
    }
    let mut params = table_params(w, step);
    if let Some(Asking::Format(format)) = &asking {
        params.insert("Format".to_owned(), format.clone());
    }
    let nonce = uuid::Uuid::new_v4().simple().to_string();
    let host = target.host();
    let call = ClientCall {
        method: signing.method,
        version: &signing.api_version,
        action,
        params: &params,
        host: &host,
        access_key_id: &signing.access_key_id,
        secret: &signing.secret,
        nonce: &nonce,
        timestamp: signing.timestamp,
    };
    let mut request: HttpRequest = match &keys.security_token {
        Some(token) => sign_request_with_token(signature.0, &call, token),
        None => sign_request(signature.0, &call),
    };
    if let Some(Asking::Accept(media)) = &asking {
        request.headers.push(("accept".to_owned(), media.clone()));
    }
    if let Some(fault) = fault {
        fault.after_signing(&mut request);
        if fault.sends_twice() {
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
    }
    let call = Call::new(action, []).with_params(params);
    match target.send_http(&request).await {
        Ok(outcome) => w.record(call, outcome),
        Err(e) => no_answer(&call, &e),
    }
}

#[when(expr = "I send {word} signed with {signature}")]
async fn i_send(w: &mut KmsWorld, action: String, signature: Signature, step: &Step) {
    send(w, Signer::Root, &action, signature, None, None, step).await;
}

#[when(expr = "I send {word} signed with {signature} {fault}")]
async fn i_send_with_fault(
    w: &mut KmsWorld,
    action: String,
    signature: Signature,
    fault: WireFault,
    step: &Step,
) {
    send(w, Signer::Root, &action, signature, Some(fault), None, step).await;
}

#[when(expr = "I send {word} signed with {signature} {asking}")]
async fn i_send_asking(
    w: &mut KmsWorld,
    action: String,
    signature: Signature,
    asking: Asking,
    step: &Step,
) {
    send(
        w,
        Signer::Root,
        &action,
        signature,
        None,
        Some(asking),
        step,
    )
    .await;
}

#[when(expr = "I send {word} signed with {signature} {asking} {fault}")]
async fn i_send_asking_with_fault(
    w: &mut KmsWorld,
    action: String,
    signature: Signature,
    asking: Asking,
    fault: WireFault,
    step: &Step,
) {
    send(
        w,
        Signer::Root,
        &action,
        signature,
        Some(fault),
        Some(asking),
        step,
    )
    .await;
}

#[when(expr = "{word} sends {word} signed with {signature}")]
async fn user_sends(
    w: &mut KmsWorld,
    user: String,
    action: String,
    signature: Signature,
    step: &Step,
) {
    let signer = w.signer(&user);
    send(w, signer, &action, signature, None, None, step).await;
}

#[given(expr = "user {word}'s AccessKey is disabled")]
async fn users_access_key_is_disabled(w: &mut KmsWorld, user: String) {
    let signer = w.signer(&user);
    let Signer::User(real) = signer.clone() else {
        panic!("`{user}` is not a RAM user of the scenario");
    };
    let target = w.target().clone();
    let id = match target.keys(&signer).await {
        Ok(k) => k.access_key_id,
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
