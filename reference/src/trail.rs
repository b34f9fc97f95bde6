//! ActionTrail: one audit event per KMS call (but DescribeRegions), kept with bounded memory,
//! and LookupEvents (2020-07-06) to query them (docs/spec/kms-api.md §6).

mod bound;
mod event;
mod lookup;
mod store;

pub use bound::{MAX_PARAMETER_CHARS, MAX_TEXT_CHARS, MAX_VALUE_CHARS, cut_marker};
pub use event::{StsRecord, TrailEvent, TrailIdentity};
pub use lookup::{LookupEvents, decode_lookup_events};
pub(crate) use store::TrailStore;
pub use store::{TrailLimits, TrailStats};
