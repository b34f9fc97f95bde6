//! The reference KMS: an in-process oracle for the Alibaba Cloud KMS OpenAPI 2016-01-20.
//!
//! Everything enters through [`Kms::handle`] as a typed [`Request`] and leaves as a typed
//! [`Response`] or a [`KmsError`] from the one error table. Clock and randomness are injected,
//! so a scenario, a property test or a fuzz input replays bit for bit. No network, no async.

mod api;
mod arn;
mod caller;
mod clock;
mod config;
mod crypto;
mod error;
mod gateway;
mod identity;
mod keystore;
mod percent;
mod policy;
mod ram;
mod random;
mod request;
mod response;
mod secret;
mod service;
mod trail;
mod values;
mod wire;

// Public interface
pub use api::{Api, Description, Kind, Param, Presence, Resources, StateRow};
pub use arn::{alias_arn, alias_container_arn, key_arn, key_container_arn};
pub use caller::{Caller, Principal};
pub use clock::{Clock, ManualClock, OffsetClock, SystemClock, Timestamp};
pub use config::{DEFAULT_ACCOUNT_ID, DEFAULT_REGION, DOCUMENTED_REGIONS, KmsConfig};
pub use crypto::{CiphertextBlob, CiphertextError, decode_blob};
pub use error::{AccessDenied, ErrorCode, KmsError};
pub use gateway::{DEFAULT_MAX_BODY_BYTES, Dispatched, Gateway, GatewayConfig, dispatch, envelope};
pub use keystore::{KeyState, check_state};
pub use percent::percent_encode;
pub use policy::{
    ActionSpec, AuthzRequest, Condition, ConditionOperator, Decision, Effect, Evaluation, Loc,
    Node, Policy, RequestContext, Statement, StatementRef, condition_holds, evaluate,
    statement_matches, wildcard_match,
};
pub use policy::{PolicyError, PolicyErrorKind, PolicyErrors, parse_policy, render_diagnostics};
pub use ram::{PolicyView, RamApi, RamRequest, RamResponse, UserView};
pub use random::{OsRandom, RandomSource, SeededRandom};
pub use request::{
    CreateKey, DataKeySpec, EncryptionContext, GenerateDataKey, KeyFilter, KeySpec, KeyUsage,
    Origin, PageRequest, ProtectionLevel, Request, Tag, WrappingAlgorithm, WrappingKeySpec,
};
pub use response::{AliasEntry, KeyMetadata, PageInfo, Response};
pub use secret::Secret;
pub use service::{Account, AccountBuilder, Answer, Credential, DETERMINISTIC_START, Kms};
pub use trail::{
    LookupEvents, TrailEvent, TrailIdentity, TrailLimits, TrailStats, decode_lookup_events,
};
pub use wire::{
    ClientCall, HttpRequest, HttpResponse, KMS_VERSION, MAX_CONTEXT_LEN, Peer, Product,
    RAM_VERSION, SignatureVersion, TRAIL_VERSION, V1_COMMON_PARAMETERS, V3Request, decode_form,
    decode_ram_request, decode_request, encode_request, error_body, hex, sha256_hex, sign_request,
    success_body, v1_sign, v1_string_to_sign, v1_verify, v3_authorization, v3_canonical_request,
    v3_sign, v3_string_to_sign, v3_verify,
};
