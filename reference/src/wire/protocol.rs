//! Protocol facts shared by both sides of the wire: the products served, their versions, host
//! prefixes and action lists, and the V1 common parameters.

use crate::api::Api;
use crate::ram::RamApi;

/// KMS API version.
pub const KMS_VERSION: &str = "2016-01-20";
/// RAM API version.
pub const RAM_VERSION: &str = "2015-05-01";
/// STS API version.
pub const STS_VERSION: &str = "2015-04-01";
/// ActionTrail API version.
pub const TRAIL_VERSION: &str = "2020-07-06";

/// V1 common parameters: signature and protocol, never business parameters.
pub const V1_COMMON_PARAMETERS: &[&str] = &[
    "Action",
    "Version",
    "Format",
    "AccessKeyId",
    "Signature",
    "SignatureMethod",
    "SignatureVersion",
    "SignatureNonce",
    "Timestamp",
    "SecurityToken",
    "RegionId",
    "SignatureType",
    "BearerToken",
];

/// The STS actions served.
const STS_ACTIONS: &[&str] = &["AssumeRole", "GetCallerIdentity"];

/// The ActionTrail actions served.
const TRAIL_ACTIONS: &[&str] = &["LookupEvents"];

/// A product the reference serves on one endpoint, routed by `Version`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Product {
    /// KMS 2016-01-20.
    #[default]
    Kms,
    /// The RAM 2015-05-01 subset that provisions principals.
    Ram,
    /// ActionTrail 2020-07-06 (LookupEvents).
    Trail,
    /// STS 2015-04-01 (AssumeRole, GetCallerIdentity).
    Sts,
}

impl Product {
    /// Every product.
    pub const ALL: &'static [Product] = &[Product::Kms, Product::Ram, Product::Trail, Product::Sts];

    /// The product's `Version`.
    pub fn version(self) -> &'static str {
        match self {
            Product::Kms => KMS_VERSION,
            Product::Ram => RAM_VERSION,
            Product::Trail => TRAIL_VERSION,
            Product::Sts => STS_VERSION,
        }
    }

    /// The product a `Version` names.
    pub fn from_version(version: &str) -> Option<Product> {
        Product::ALL
            .iter()
            .copied()
            .find(|p| p.version() == version)
    }

    /// The product's name in error `Recommend` links.
    pub fn name(self) -> &'static str {
        match self {
            Product::Kms => "Kms",
            Product::Ram => "Ram",
            Product::Trail => "Actiontrail",
            Product::Sts => "Sts",
        }
    }

    /// The first label of the product's endpoint host (`kms.cn-hangzhou.aliyuncs.com`).
    pub fn host_prefix(self) -> &'static str {
        match self {
            Product::Kms => "kms",
            Product::Ram => "ram",
            Product::Trail => "actiontrail",
            Product::Sts => "sts",
        }
    }

    /// The product's endpoint host in `region`, the `HostId` of an error when the request
    /// named none.
    pub fn host(self, region: &str) -> String {
        format!("{}.{region}.aliyuncs.com", self.host_prefix())
    }

    /// Whether the product serves `action` (case-sensitive, as the service is).
    pub fn serves(self, action: &str) -> bool {
        match self {
            Product::Kms => Api::from_name(action).is_some(),
            Product::Ram => RamApi::from_name(action).is_some(),
            Product::Trail => TRAIL_ACTIONS.contains(&action),
            Product::Sts => STS_ACTIONS.contains(&action),
        }
    }
}
