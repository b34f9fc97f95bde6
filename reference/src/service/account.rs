//! The one way to make an account: a [`Kms`] with its clock, randomness and root AccessKey.
//! Servers, targets, tests and fuzzers all start here, so a default is written once.

use std::sync::Arc;

use crate::clock::{Clock, ManualClock, SystemClock, Timestamp};
use crate::config::KmsConfig;
use crate::random::{OsRandom, RandomSource, SeededRandom};
use crate::secret::Secret;
use crate::service::Kms;

/// The time deterministic accounts start at: 2026-01-01T00:00:00Z.
pub const DETERMINISTIC_START: Timestamp = Timestamp::from_unix(1_767_225_600);

/// An account ready to serve: the service and its root AccessKey.
#[derive(Debug)]
pub struct Account {
    /// The account's service.
    pub kms: Arc<Kms>,
    /// The root AccessKeyId.
    pub access_key_id: String,
    /// The root AccessKeySecret.
    pub access_key_secret: Secret,
}

/// Builds an [`Account`]: by default the documented configuration, the system clock, OS
/// randomness and a drawn root AccessKey.
#[derive(Debug, Default)]
#[must_use]
pub struct AccountBuilder {
    config: KmsConfig,
    clock: Option<Arc<dyn Clock>>,
    rng: Option<Arc<dyn RandomSource>>,
    root_key_id: Option<String>,
    root_key_secret: Option<Secret>,
}

impl AccountBuilder {
    /// The account's configuration.
    pub fn config(mut self, config: KmsConfig) -> AccountBuilder {
        self.config = config;
        self
    }

    /// The account's clock.
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> AccountBuilder {
        self.clock = Some(clock);
        self
    }

    /// The account's randomness.
    pub fn random(mut self, rng: Arc<dyn RandomSource>) -> AccountBuilder {
        self.rng = Some(rng);
        self
    }

    /// Replays bit for bit: randomness seeded with `seed` and `clock` (a manual clock the
    /// caller keeps, to move it), which a test usually starts at [`DETERMINISTIC_START`].
    pub fn deterministic(self, seed: u64, clock: &ManualClock) -> AccountBuilder {
        self.clock(Arc::new(clock.clone()))
            .random(Arc::new(SeededRandom::new(seed)))
    }

    /// A chosen root AccessKey id; drawn when not given.
    pub fn root_key_id(mut self, id: impl Into<String>) -> AccountBuilder {
        self.root_key_id = Some(id.into());
        self
    }

    /// A chosen root AccessKey secret; drawn when not given.
    pub fn root_key_secret(mut self, secret: Secret) -> AccountBuilder {
        self.root_key_secret = Some(secret);
        self
    }

    /// The service alone, without a root AccessKey (for in-process calls, which need none).
    pub fn build_service(self) -> Kms {
        Kms::new(
            self.config,
            self.clock.unwrap_or_else(|| Arc::new(SystemClock)),
            self.rng.unwrap_or_else(|| Arc::new(OsRandom)),
        )
    }

    /// The account with its root AccessKey.
    pub fn build(mut self) -> Account {
        let (id, secret) = (self.root_key_id.take(), self.root_key_secret.take());
        let kms = Arc::new(self.build_service());
        let (access_key_id, access_key_secret) = kms.add_root_access_key(id, secret);
        Account {
            kms,
            access_key_id,
            access_key_secret,
        }
    }
}

impl Kms {
    /// A builder of an account (a service with its root AccessKey).
    pub fn builder() -> AccountBuilder {
        AccountBuilder::default()
    }
}
