//! The embedded reference as a target: calls go through the gateway's own dispatch and
//! envelope (only authentication is skipped: the caller is given); raw HTTP requests go
//! through the whole gateway, without a socket.

use std::collections::HashMap;
use std::sync::Arc;

use kms_reference::gateway::{Gateway, GatewayConfig, dispatch, envelope};
use kms_reference::ram::RamRequest;
use kms_reference::wire::{
    ClientCall, HttpRequest, HttpResponse, Peer, Product, ResponseFormat, SignatureVersion,
    sign_request, sign_request_with_token,
};
use kms_reference::{Account, Caller, DETERMINISTIC_START, Kms, ManualClock};
use tokio::sync::Mutex;

use crate::sut::{
    Call, Capabilities, Keys, Outcome, Signer, Target, TargetError, asks_for_xml, outcome_of,
};

/// The time every in-process scenario starts at: 2026-01-01T00:00:00Z.
const START: kms_reference::Timestamp = DETERMINISTIC_START;

/// A fresh reference per scenario, with a manual clock and seeded randomness.
#[derive(Debug)]
pub struct InProcessTarget {
    kms: Arc<Kms>,
    gateway: Gateway,
    clock: ManualClock,
    root: Keys,
    users: Mutex<HashMap<String, Keys>>,
}

impl InProcessTarget {
    /// A reference with the default configuration whose randomness is fixed by `seed`.
    pub fn new(seed: u64) -> InProcessTarget {
        let clock = ManualClock::new(START);
        let Account {
            kms,
            access_key_id: id,
            access_key_secret: secret,
        } = Kms::builder().deterministic(seed, &clock).build();
        let gateway = Gateway::new(Arc::clone(&kms), GatewayConfig::default());
        InProcessTarget {
            kms,
            gateway,
            clock,
            root: Keys::permanent(id, secret.expose().to_owned()),
            users: Mutex::new(HashMap::new()),
        }
    }

    /// The reference itself.
    pub fn kms(&self) -> &Kms {
        &self.kms
    }
}

#[async_trait::async_trait]
impl Target for InProcessTarget {
    fn label(&self) -> String {
        "reference (in process)".to_owned()
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities::all()
    }

    async fn call(&self, call: &Call) -> Result<Outcome, TargetError> {
        let mut caller = match &call.signer {
            Signer::Root => Caller::root(),
            Signer::User(user) => Caller::user(user.as_str()),
            Signer::Keys(keys) => return self.call_signed(call, keys).await,
        };
        caller.source_ip = call.context.source_ip.or(caller.source_ip);
        caller.secure_transport = call
            .context
            .secure_transport
            .unwrap_or(caller.secure_transport);
        caller.mfa_present = call.context.mfa_present.unwrap_or(caller.mfa_present);
        let region = &self.kms.config().region;
        let dispatched = dispatch(&self.kms, call.service, &caller, &call.action, &call.params);
        let response = envelope(
            call.service,
            &call.action,
            "",
            region,
            ResponseFormat::Json,
            dispatched,
        );
        outcome_of(
            response.status,
            content_type(&response),
            &response.body,
            false,
        )
    }

    async fn send_http(&self, request: &HttpRequest) -> Result<Outcome, TargetError> {
        self.send_through_gateway(request, LOOPBACK)
    }

    fn host(&self) -> String {
        Product::Kms.host(&self.kms.config().region)
    }

    async fn keys(&self, signer: &Signer) -> Result<Keys, TargetError> {
        let user = match signer {
            Signer::Root => return Ok(self.root.clone()),
            Signer::Keys(keys) => return Ok(keys.clone()),
            Signer::User(user) => user,
        };
        let mut users = self.users.lock().await;
        if let Some(key) = users.get(user) {
            return Ok(key.clone());
        }
        let request = RamRequest::CreateAccessKey {
            user_name: user.to_owned(),
        };
        let body = match self.kms.handle_ram(&Caller::root(), request) {
            Ok(response) => response.body(),
            Err(e) => {
                return Err(TargetError::Refused {
                    action: format!("CreateAccessKey for {user}"),
                    status: e.http_status(),
                    body: format!("{}: {}", e.code().as_str(), e.message()),
                });
            }
        };
        let field = |k: &str| body["AccessKey"][k].as_str().unwrap_or_default().to_owned();
        let key = Keys::permanent(field("AccessKeyId"), field("AccessKeySecret"));
        users.insert(user.to_owned(), key.clone());
        Ok(key)
    }

    async fn now_unix(&self) -> i64 {
        self.kms.now().unix()
    }

    async fn advance_clock(&self, seconds: i64) -> Result<(), TargetError> {
        self.clock.advance(seconds);
        Ok(())
    }
}

/// Where in-process requests come from, unless the call says otherwise.
const LOOPBACK: Peer = Peer {
    ip: Some(std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST)),
    secure: false,
    mfa_present: false,
};

impl InProcessTarget {
    /// A call with credentials the scenario holds (a session's, or keys broken on purpose): no
    /// caller can be given for them, so it is signed as the official clients sign it, on the
    /// reference's clock, and goes through the whole gateway, authentication included.
    async fn call_signed(&self, call: &Call, keys: &Keys) -> Result<Outcome, TargetError> {
        let nonce = uuid::Uuid::new_v4().simple().to_string();
        let host = self.host();
        let client = ClientCall {
            method: "POST",
            version: call.service.version(),
            action: &call.action,
            params: &call.params,
            host: &host,
            access_key_id: &keys.access_key_id,
            secret: &keys.secret,
            nonce: &nonce,
            timestamp: self.kms.now(),
        };
        let request = match &keys.security_token {
            Some(token) => sign_request_with_token(SignatureVersion::V3, &client, token),
            None => sign_request(SignatureVersion::V3, &client),
        };
        let peer = Peer {
            ip: call.context.source_ip.or(LOOPBACK.ip),
            secure: call.context.secure_transport.unwrap_or(LOOPBACK.secure),
            mfa_present: call.context.mfa_present.unwrap_or(LOOPBACK.mfa_present),
        };
        self.send_through_gateway(&request, peer)
    }

    /// The gateway's answer to `request` from `peer`.
    fn send_through_gateway(
        &self,
        request: &HttpRequest,
        peer: Peer,
    ) -> Result<Outcome, TargetError> {
        let response = self.gateway.handle(request, peer);
        outcome_of(
            response.status,
            content_type(&response),
            &response.body,
            asks_for_xml(request),
        )
    }
}

/// The `Content-Type` of a response of the gateway.
fn content_type(response: &HttpResponse) -> Option<&str> {
    response
        .headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-type"))
        .map(|(_, v)| v.as_str())
}
