//! The RPC protocol's representation of requests and responses: flat string parameters in,
//! JSON envelopes out. Signatures and HTTP arrive with the server.

mod encode;
mod envelope;
mod params;
mod ram_params;

pub use encode::encode_request;
pub use envelope::{error_body, success_body};
pub use params::{MAX_CONTEXT_LEN, decode_request};
pub use ram_params::decode_ram_request;
