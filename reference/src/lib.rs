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
pub mod gateway;
pub use service::journal;
mod identity;
mod keystore;
mod percent;
pub mod planted;
pub mod policy;
pub mod ram;
mod random;
mod request;
mod response;
mod secret;
mod secrets;
mod service;
pub mod sts;
pub mod trail;
mod values;
pub mod wire;

// The public interface. At the root: the service (its entry point, accounts, configuration,
// typed requests and responses, the error table, key states, clocks, randomness, secrets).
// In modules: `gateway` (the HTTP protocol front), `wire` (the codec and the client signer),
// `policy` (the RAM policy language), `ram` (the RAM API subset), `trail` (ActionTrail).
pub use api::{Api, Description, Kind, Param, Presence, Resources, StateRow};
pub use arn::key_arn;
pub use caller::{Caller, Principal};
pub use clock::{Clock, ManualClock, OffsetClock, SystemClock, Timestamp};
pub use config::{DEFAULT_ACCOUNT_ID, DEFAULT_REGION, DOCUMENTED_REGIONS, KmsConfig};
pub use crypto::{CiphertextBlob, CiphertextError, asymmetric, decode_blob};
pub use error::{AccessDenied, ErrorCode, KmsError};
pub use keystore::{KeyState, check_state};
pub use random::{OsRandom, RandomSource, SeededRandom};
pub use request::{
    AsymmetricAlgorithm, CreateKey, CreateSecret, DataKeySpec, EncryptionContext, GenerateDataKey,
    GetRandomPassword, KeyFilter, KeySpec, KeyUsage, Origin, PageRequest, ProtectionLevel,
    PublicKeyWrapping, PutSecretValue, ReEncrypt, Request, ResourceType, SecretValueQuery, Tag,
    WrappingAlgorithm, WrappingKeySpec,
};
pub use response::{
    AliasEntry, KeyMetadata, KeyVersionEntry, PageInfo, Response, RotationView, SecretDescription,
    SecretError, SecretValue, SecretVersionEntry, TagRow,
};
pub use secret::Secret;
pub use service::{
    Account, AccountBuilder, Answer, Credential, DETERMINISTIC_START, KeySeed, Kms, Seeded,
    derived_version_id,
};
pub use values::{SecretDataType, SecretType};
