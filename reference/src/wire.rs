//! The RPC protocol: flat parameters in (query and form body), signatures V1 and V3 for both
//! sides, the gateway that authenticates and routes, and JSON envelopes out.

mod client;
mod encode;
mod envelope;
mod gateway;
mod http;
mod params;
mod ram_params;
mod replay;
mod signature;

pub use client::{ClientCall, SignatureVersion, sign_request};
pub use encode::encode_request;
pub use envelope::{error_body, success_body};
pub use gateway::{
    Gateway, GatewayConfig, KMS_VERSION, RAM_VERSION, TRAIL_VERSION, V1_COMMON_PARAMETERS,
};
pub use http::{HttpRequest, HttpResponse, Peer, decode_form};
pub use params::{MAX_CONTEXT_LEN, decode_request};
pub use ram_params::decode_ram_request;
pub use signature::{
    V3Request, hex, sha256_hex, v1_sign, v1_string_to_sign, v1_verify, v3_authorization,
    v3_canonical_request, v3_sign, v3_string_to_sign, v3_verify,
};
