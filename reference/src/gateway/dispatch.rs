//! The one dispatch of an authenticated call to its product, and the one envelope of its
//! answer. The HTTP gateway and the in-process target both go through here, so routing and
//! error envelopes exist once.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::caller::Caller;
use crate::error::{ErrorCode, KmsError};
use crate::gateway::route::check_action;
use crate::service::Kms;
use crate::trail::decode_lookup_events;
use crate::wire::{HttpResponse, Product, decode_ram_request, error_body, success_body};

/// The RequestId of an answer and its body (without `RequestId`) or its error.
pub type Dispatched = (String, Result<Map<String, Value>, KmsError>);

/// Hands one authenticated call of `caller` to `product` in the account `kms`: decodes the
/// parameters and calls the service. An action the product does not serve is
/// `InvalidParameter` naming Action.
pub fn dispatch(
    kms: &Kms,
    product: Product,
    caller: &Caller,
    action: &str,
    params: &BTreeMap<String, String>,
) -> Dispatched {
    if let Err(e) = check_action(product, action) {
        return (kms.new_request_id(), Err(e));
    }
    match product {
        Product::Kms => {
            let answer = kms.handle_params(caller, action, params);
            (answer.request_id, answer.result)
        }
        Product::Ram => (
            kms.new_request_id(),
            decode_ram_request(action, params)
                .and_then(|r| kms.handle_ram(caller, r))
                .map(|r| r.body()),
        ),
        Product::Trail => (
            kms.new_request_id(),
            decode_lookup_events(params).and_then(|q| kms.lookup_events(caller, &q)),
        ),
    }
}

/// The HTTP response of an answer: 200 with the success body, or the error's status with the
/// error envelope. `host` is the request's `Host` (the error's `HostId`); when empty, the
/// product's endpoint host in `region`.
pub fn envelope(
    product: Product,
    host: &str,
    region: &str,
    (request_id, result): Dispatched,
) -> HttpResponse {
    match result {
        Ok(body) => json_response(200, &request_id, &success_body(&request_id, body)),
        Err(error) => error_response(product, host, region, &request_id, &error),
    }
}

/// The error envelope of `error`; throttling also says when to come back.
pub(crate) fn error_response(
    product: Product,
    host: &str,
    region: &str,
    request_id: &str,
    error: &KmsError,
) -> HttpResponse {
    let host_id = if host.is_empty() {
        product.host(region)
    } else {
        host.to_owned()
    };
    let mut response = json_response(
        error.http_status(),
        request_id,
        &error_body(request_id, &host_id, product.name(), error),
    );
    if error.code() == ErrorCode::RejectedThrottling {
        response
            .headers
            .push(("x-acs-retry-after".into(), "1000".into()));
    }
    response
}

fn json_response(status: u16, request_id: &str, body: &Value) -> HttpResponse {
    HttpResponse {
        status,
        headers: vec![
            (
                "content-type".into(),
                "application/json;charset=utf-8".into(),
            ),
            ("x-acs-request-id".into(), request_id.to_owned()),
        ],
        body: body.to_string().into_bytes(),
    }
}
