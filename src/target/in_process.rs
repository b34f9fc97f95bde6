//! The embedded reference as a target: calls go through the same parameter decoder and
//! envelopes as the server's, without a socket.

use std::sync::Arc;

use kms_reference::{
    Caller, Kms, KmsConfig, KmsError, ManualClock, SeededRandom, Timestamp, decode_lookup_events,
    decode_ram_request, error_body, success_body,
};

use crate::target::{Call, Capabilities, Outcome, Service, Target};

/// The time every in-process scenario starts at: 2026-01-01T00:00:00Z.
const START: Timestamp = Timestamp::from_unix(1_767_225_600);

/// A fresh reference per scenario, with a manual clock and seeded randomness.
#[derive(Debug)]
pub struct InProcessTarget {
    kms: Kms,
    clock: ManualClock,
}

impl InProcessTarget {
    /// A reference with the default configuration whose randomness is fixed by `seed`.
    pub fn new(seed: u64) -> InProcessTarget {
        let clock = ManualClock::new(START);
        let kms = Kms::new(
            KmsConfig::default(),
            Arc::new(clock.clone()),
            Arc::new(SeededRandom::new(seed)),
        );
        InProcessTarget { kms, clock }
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
        let (result, product, request_id) = match call.service {
            Service::Kms => {
                let answer = self.kms.handle_params(&caller, &call.action, &call.params);
                (answer.result, "kms", answer.request_id)
            }
            Service::Ram => (
                decode_ram_request(&call.action, &call.params)
                    .and_then(|request| self.kms.handle_ram(&caller, request))
                    .map(|response| response.body()),
                "ram",
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
                "actiontrail",
                self.kms.new_request_id(),
            ),
        };
        match result {
            Ok(body) => Outcome {
                http_status: 200,
                body: success_body(&request_id, body),
            },
            Err(error) => {
                let host = format!("{product}.{}.aliyuncs.com", self.kms.config().region);
                let name = match call.service {
                    Service::Kms => "Kms",
                    Service::Ram => "Ram",
                    Service::Trail => "Actiontrail",
                };
                Outcome {
                    http_status: error.http_status(),
                    body: error_body(&request_id, &host, name, &error),
                }
            }
        }
    }

    async fn now_unix(&self) -> i64 {
        self.kms.now().unix()
    }

    async fn advance_clock(&self, seconds: i64) -> Result<(), String> {
        self.clock.advance(seconds);
        Ok(())
    }
}
