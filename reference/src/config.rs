//! Settings of a reference instance: where it is, whose it is, and its limits.

/// The regions of the current API metadata's `endpoints` block (docs/spec/kms-api.md §1.1),
/// answered by DescribeRegions (docs/spec/decisions.md D-064).
pub const DOCUMENTED_REGIONS: &[&str] = &[
    "cn-qingdao",
    "cn-beijing",
    "cn-zhangjiakou",
    "cn-huhehaote",
    "cn-wulanchabu",
    "cn-hangzhou",
    "cn-shanghai",
    "cn-shenzhen",
    "cn-heyuan",
    "cn-guangzhou",
    "cn-chengdu",
    "cn-hongkong",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-5",
    "ap-southeast-6",
    "ap-southeast-7",
    "us-east-1",
    "us-west-1",
    "eu-west-1",
    "eu-central-1",
    "ap-south-1",
    "me-east-1",
    "cn-hangzhou-finance",
    "cn-shanghai-finance-1",
    "cn-shenzhen-finance-1",
    "cn-beijing-finance-1",
    "cn-fuzhou",
    "cn-heyuan-acdr-1",
    "cn-wuhan-lr",
    "cn-zhengzhou-jva",
    "me-central-1",
    "na-south-1",
];

use crate::trail::TrailLimits;

/// The region an account is in unless configured otherwise.
pub const DEFAULT_REGION: &str = "cn-hangzhou";
/// Keys per account and region unless configured otherwise (PAGE-LIM, docs/spec/kms-api.md §8).
pub(crate) const DEFAULT_MAX_KEYS: usize = 200;
/// Aliases per account and region unless configured otherwise (PAGE-LIM).
pub(crate) const DEFAULT_MAX_ALIASES: usize = 300;
/// Key versions per account and region unless configured otherwise (PAGE-LIM,
/// docs/spec/keys-v2.md §2.10, docs/spec/decisions.md D-102).
pub(crate) const DEFAULT_MAX_KEY_VERSIONS: usize = 10_000;
/// Secrets per account and region (docs/spec/decisions.md D-219).
pub(crate) const DEFAULT_MAX_SECRETS: usize = 10_000;
/// The account uid unless configured otherwise.
pub const DEFAULT_ACCOUNT_ID: &str = "1234567890123456";

/// Configuration of a [`crate::Kms`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct KmsConfig {
    /// The region this instance is (default `cn-hangzhou`).
    pub region: String,
    /// The owning account's 16-digit uid.
    pub account_id: String,
    /// Keys per account and region before `Rejected.LimitExceeded` (default 200,
    /// docs/spec/kms-api.md §8).
    pub max_keys: usize,
    /// Aliases per account and region before `Rejected.LimitExceeded` (default 300).
    pub max_aliases: usize,
    /// How long and how many audit events are kept.
    pub trail: TrailLimits,
    /// Key versions per account and region before `Rejected.LimitExceeded` (default 10 000,
    /// docs/spec/decisions.md D-102).
    pub max_key_versions: usize,
    /// Whether CreateKeyVersion requires 7 days since the key's newest version (the 2021 docs,
    /// docs/spec/keys-v2.md §2.10); off by default (D-102).
    pub version_spacing: bool,
    /// Secrets per account and region before `Rejected.LimitExceeded` (default 10 000,
    /// docs/spec/decisions.md D-219).
    pub max_secrets: usize,
}

impl Default for KmsConfig {
    fn default() -> KmsConfig {
        KmsConfig {
            region: DEFAULT_REGION.to_owned(),
            account_id: DEFAULT_ACCOUNT_ID.to_owned(),
            max_keys: DEFAULT_MAX_KEYS,
            max_aliases: DEFAULT_MAX_ALIASES,
            trail: TrailLimits::default(),
            max_key_versions: DEFAULT_MAX_KEY_VERSIONS,
            version_spacing: false,
            max_secrets: DEFAULT_MAX_SECRETS,
        }
    }
}

impl KmsConfig {
    /// A default configuration for another region and account.
    pub fn new(region: impl Into<String>, account_id: impl Into<String>) -> KmsConfig {
        KmsConfig {
            region: region.into(),
            account_id: account_id.into(),
            ..KmsConfig::default()
        }
    }

    /// The same configuration with other audit retention limits.
    pub fn with_trail_limits(mut self, trail: TrailLimits) -> KmsConfig {
        self.trail = trail;
        self
    }

    /// The same configuration with another account limit on key versions.
    pub fn with_max_key_versions(mut self, max_key_versions: usize) -> KmsConfig {
        self.max_key_versions = max_key_versions;
        self
    }

    /// The same configuration, enforcing (or not) 7 days between two versions of a key.
    pub fn with_version_spacing(mut self, enforce: bool) -> KmsConfig {
        self.version_spacing = enforce;
        self
    }

    /// The same configuration with another quota of secrets (D-219).
    pub fn with_max_secrets(mut self, max_secrets: usize) -> KmsConfig {
        self.max_secrets = max_secrets;
        self
    }

    /// The same configuration with other limits.
    pub fn with_limits(mut self, max_keys: usize, max_aliases: usize) -> KmsConfig {
        self.max_keys = max_keys;
        self.max_aliases = max_aliases;
        self
    }
}
