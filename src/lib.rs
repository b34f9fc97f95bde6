//! kms-conformance: a conformance harness for endpoints that speak the Alibaba Cloud KMS
//! OpenAPI 2016-01-20.
//!
//! Gherkin scenarios under `features/` are run by cucumber through the [`Target`] trait, either
//! against the embedded reference ([`InProcessTarget`]) or a remote endpoint ([`RemoteTarget`]).

pub mod cleanup;
pub mod client_crypto;
pub mod config;
pub mod control;
pub mod diff;
pub mod embedded;
mod error;
mod interpolate;
mod json_path;
pub mod policy_cli;
mod report;
mod runner;
pub mod seed;
pub mod server;
mod steps;
pub mod store;
mod sut;
mod world;

// Public interface
pub use config::Divergence;
pub use error::HarnessError;
pub use report::{
    Counts, Matrix, MatrixRow, RunReport, ScenarioRecord, SkipReason, Status, html_report,
    jsonl_report, junit_report, markdown_matrix,
};
pub use runner::{
    RunOptions, ScenarioInfo, list_scenarios, missing_capability, new_run_id, run_features,
    scenarios, status_counts,
};
pub use sut::{
    Call, CallerContext, Capabilities, Capability, EndpointFlags, InProcessTarget, Keys, Outcome,
    RemoteOptions, RemoteTarget, Service, Signer, Target, TargetError, TargetFactory,
};
pub use world::KmsWorld;
