//! The embedded reference as a target: calls go through the gateway's own dispatch and
//! envelope (only authentication is skipped: the caller is given); raw HTTP requests go
//! through the whole gateway, without a socket.

use std::collections::HashMap;
use std::sync::Arc;

use kms_reference::{
    Caller, Gateway, GatewayConfig, HttpRequest, Kms, KmsConfig, ManualClock, Peer, Product,
    RamRequest, SeededRandom, Timestamp, dispatch, envelope, error_body,
};
use tokio::sync::Mutex;

use crate::target::{Call, Capabilities, Outcome, Target, outcome_of};

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
        Capabilities {
            clock: true,
            caller_context: true,
            trail: true,
            ram: true,
            fresh_account: true,
        }
    }

    async fn call(&self, call: &Call) -> Outcome {
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
        let region = &self.kms.config().region;
        let dispatched = dispatch(&self.kms, call.service, &caller, &call.action, &call.params);
        outcome_of(&envelope(call.service, "", region, dispatched))
    }

    async fn send_http(&self, request: &HttpRequest) -> Outcome {
        let peer = Peer {
            ip: Some([127, 0, 0, 1].into()),
            secure: false,
            mfa_present: false,
        };
        outcome_of(&self.gateway.handle(request, peer))
    }

    fn host(&self) -> String {
        Product::Kms.host(&self.kms.config().region)
    }

    async fn access_key(&self, principal: Option<&str>) -> Result<(String, String), Outcome> {
        let Some(user) = principal else {
            return Ok(self.root.clone());
        };
        let mut users = self.users.lock().await;
        if let Some(key) = users.get(user) {
            return Ok(key.clone());
        }
        let region = &self.kms.config().region;
        let request = RamRequest::CreateAccessKey {
            user_name: user.to_owned(),
        };
        let body = match self.kms.handle_ram(&Caller::root(), request) {
            Ok(response) => response.body(),
            Err(e) => {
                return Err(Outcome {
                    http_status: e.http_status(),
                    body: error_body("", &Product::Ram.host(region), Product::Ram.name(), &e),
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

    async fn advance_clock(&self, seconds: i64) -> Result<(), String> {
        self.clock.advance(seconds);
        Ok(())
    }
}
