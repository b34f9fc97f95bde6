//! The embedded reference as a target: calls go through the same parameter decoder, service
//! entry point and envelopes as the server's; raw HTTP requests go through the same gateway,
//! without a socket.

use std::collections::HashMap;
use std::sync::Arc;

use kms_reference::{
    Caller, Gateway, GatewayConfig, HttpRequest, Kms, KmsConfig, KmsError, ManualClock, Peer,
    RamRequest, SeededRandom, Timestamp, decode_lookup_events, decode_ram_request, error_body,
    success_body,
};
use tokio::sync::Mutex;

use crate::sut::{Call, Capabilities, Outcome, Service, Target, TargetError, outcome_of};

/// The time every in-process scenario starts at: 2026-01-01T00:00:00Z.
const START: Timestamp = Timestamp::from_unix(1_767_225_600);

/// A fresh reference per scenario, with a manual clock and seeded randomness.
#[derive(Debug)]
pub struct InProcessTarget {
    kms: Arc<Kms>,
    gateway: Gateway,
    clock: ManualClock,
    root: (String, String),
    users: Mutex<HashMap<String, (String, String)>>,
}

impl InProcessTarget {
    /// A reference with the default configuration whose randomness is fixed by `seed`.
    pub fn new(seed: u64) -> InProcessTarget {
        let clock = ManualClock::new(START);
        let kms = Arc::new(Kms::new(
            KmsConfig::default(),
            Arc::new(clock.clone()),
            Arc::new(SeededRandom::new(seed)),
        ));
        let (id, secret) = kms.add_root_access_key(None, None);
        let gateway = Gateway::new(Arc::clone(&kms), GatewayConfig::default());
        InProcessTarget {
            kms,
            gateway,
            clock,
            root: (id, secret.expose().to_owned()),
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
        let mut caller = match &call.principal {
            Some(user) => Caller::user(user.as_str()),
            None => Caller::root(),
        };
        caller.source_ip = call.context.source_ip.or(caller.source_ip);
        caller.secure_transport = call
            .context
            .secure_transport
            .unwrap_or(caller.secure_transport);
        caller.mfa_present = call.context.mfa_present.unwrap_or(caller.mfa_present);
        let (result, request_id) = match call.service {
            Service::Kms => {
                let answer = self.kms.handle_params(&caller, &call.action, &call.params);
                (answer.result, answer.request_id)
            }
            Service::Ram => (
                decode_ram_request(&call.action, &call.params)
                    .and_then(|request| self.kms.handle_ram(&caller, request))
                    .map(|response| response.body()),
                self.kms.new_request_id(),
            ),
            Service::Trail => (
                if call.action == "LookupEvents" {
                    decode_lookup_events(&call.params)
                        .and_then(|q| self.kms.lookup_events(&caller, &q))
                } else {
                    Err(KmsError::invalid_parameter(
                        "Action",
                        "the specified action is not supported",
                    ))
                },
                self.kms.new_request_id(),
            ),
        };
        Ok(match result {
            Ok(body) => Outcome {
                http_status: 200,
                body: success_body(&request_id, body),
            },
            Err(error) => {
                let (prefix, product) = call.service.host_and_product();
                let host = format!("{prefix}.{}.aliyuncs.com", self.kms.config().region);
                Outcome {
                    http_status: error.http_status(),
                    body: error_body(&request_id, &host, product, &error),
                }
            }
        })
    }

    async fn send_http(&self, request: &HttpRequest) -> Result<Outcome, TargetError> {
        let peer = Peer {
            ip: Some([127, 0, 0, 1].into()),
            secure: false,
            mfa_present: false,
        };
        let response = self.gateway.handle(request, peer);
        outcome_of(response.status, &response.body)
    }

    fn host(&self) -> String {
        format!("kms.{}.aliyuncs.com", self.kms.config().region)
    }

    async fn access_key(&self, principal: Option<&str>) -> Result<(String, String), TargetError> {
        let Some(user) = principal else {
            return Ok(self.root.clone());
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
        let key = (field("AccessKeyId"), field("AccessKeySecret"));
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
