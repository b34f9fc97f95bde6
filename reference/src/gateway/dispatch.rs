//! The one dispatch of an authenticated call to its product, and the one envelope of its
//! answer, in JSON or XML. The HTTP gateway and the in-process target both go through here, so routing and
//! error envelopes exist once.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::caller::Caller;
use crate::error::{ErrorCode, KmsError};
use crate::gateway::route::check_action;
use crate::service::Kms;
use crate::trail::decode_lookup_events;
use crate::wire::{
    HttpResponse, Product, ResponseFormat, decode_ram_request, error_body, error_root,
    success_body, success_root,
};

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
        Product::Sts => kms.handle_sts_params(caller, action, params),
    }
}

/// The HTTP response of an answer to `action`: 200 with the success body, or the error's status
/// with the error envelope, in `format` (the in-process target always asks for JSON). `host` is
/// the request's `Host` (the error's `HostId`); when empty, the product's endpoint host in
/// `region`.
pub fn envelope(
    product: Product,
    action: &str,
    host: &str,
    region: &str,
    format: ResponseFormat,
    (request_id, result): Dispatched,
) -> HttpResponse {
    match result {
        Ok(body) => response(
            200,
            &request_id,
            format,
            &success_root(action),
            &success_body(&request_id, body),
        ),
        Err(error) => error_response(product, host, region, format, &request_id, &error),
    }
}

/// The error envelope of `error` in `format`; throttling also says when to come back.
pub(crate) fn error_response(
    product: Product,
    host: &str,
    region: &str,
    format: ResponseFormat,
    request_id: &str,
    error: &KmsError,
) -> HttpResponse {
    let host_id = if host.is_empty() {
        product.host(region)
    } else {
        host.to_owned()
    };
    let mut response = response(
        error.http_status(),
        request_id,
        format,
        error_root(product),
        &error_body(request_id, &host_id, product, error),
    );
    if error.code() == ErrorCode::RejectedThrottling {
        response
            .headers
            .push(("x-acs-retry-after".into(), "1000".into()));
    }
    response
}

fn response(
    status: u16,
    request_id: &str,
    format: ResponseFormat,
    root: &str,
    body: &Value,
) -> HttpResponse {
    HttpResponse {
        status,
        headers: vec![
            ("content-type".into(), format.content_type().into()),
            ("x-acs-request-id".into(), request_id.to_owned()),
        ],
        body: format.render(root, body),
    }
}
