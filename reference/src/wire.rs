//! The RPC protocol as a pure codec: flat parameters in (query and form body), typed requests,
//! signatures V1 and V3 for both sides, and JSON or XML envelopes out. It knows nothing of the
//! service or the gateway above it.

mod client;
mod encode;
mod envelope;
mod http;
mod params;
mod protocol;
mod ram_params;
mod signature;
mod xml;

pub use client::{ClientCall, SignatureVersion, sign_request, sign_request_with_token};
pub use encode::encode_request;
pub use envelope::{
    JSON_CONTENT_TYPE, ResponseFormat, error_body, error_root, success_body, success_root,
};
pub use http::{HttpRequest, HttpResponse, ParamLimits, Peer};
pub(crate) use http::{decode_form, printable};
pub use params::decode_request;
pub use protocol::{
    KMS_VERSION, Product, RAM_VERSION, STS_VERSION, TRAIL_VERSION, V1_COMMON_PARAMETERS,
};
pub use ram_params::decode_ram_request;
pub(crate) use signature::{
    V3Request, sha256_hex, v1_string_to_sign, v1_verify, v3_canonical_request, v3_string_to_sign,
    v3_verify,
};
pub use xml::{XML_CONTENT_TYPE, XML_DECLARATION, xml_document, xml_name};
