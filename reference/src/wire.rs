//! The RPC protocol as a pure codec: flat parameters in (query and form body), typed requests,
//! signatures V1 and V3 for both sides, and JSON envelopes out. It knows nothing of the service
//! or the gateway above it.

mod client;
mod encode;
mod envelope;
mod http;
mod params;
mod protocol;
mod ram_params;
mod signature;

pub use client::{ClientCall, SignatureVersion, sign_request};
pub use encode::encode_request;
pub use envelope::{error_body, success_body};
pub(crate) use http::printable;
pub use http::{HttpRequest, HttpResponse, Peer, decode_form};
pub use params::{MAX_CONTEXT_LEN, decode_request};
pub use protocol::{KMS_VERSION, Product, RAM_VERSION, TRAIL_VERSION, V1_COMMON_PARAMETERS};
pub use ram_params::decode_ram_request;
pub use signature::{
    V3Request, hex, sha256_hex, v1_sign, v1_string_to_sign, v1_verify, v3_authorization,
    v3_canonical_request, v3_sign, v3_string_to_sign, v3_verify,
};
