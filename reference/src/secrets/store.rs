//! The secrets of one account in one region, the hidden service key that encrypts them by
//! default (D-202), and the end of recovery windows on the reference's clock (D-204).

use std::collections::BTreeMap;

use crate::clock::Timestamp;
use crate::crypto::MATERIAL_LEN;
use crate::keystore::Material;
use crate::random::{RandomSource, random_array, uuid_v4};
use crate::secrets::secret::StoredSecret;

/// The hidden service key: one version id and its material.
pub(crate) struct ServiceKey {
    pub(crate) version_id: String,
    pub(crate) material: Material,
}

/// All secrets of the account, by name.
#[derive(Default)]
pub(crate) struct SecretStore {
    secrets: BTreeMap<String, StoredSecret>,
    service_key: Option<ServiceKey>,
    next_seq: u64,
}

impl std::fmt::Debug for SecretStore {
    /// Counts only: names are not secret, but the service key is.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SecretStore")
            .field("secrets", &self.secrets.len())
            .finish()
    }
}

impl SecretStore {
    pub(crate) fn next_seq(&mut self) -> u64 {
        self.next_seq += 1;
        self.next_seq
    }

    pub(crate) fn count(&self) -> usize {
        self.secrets.len()
    }

    pub(crate) fn get(&self, name: &str) -> Option<&StoredSecret> {
        self.secrets.get(name)
    }

    pub(crate) fn get_mut(&mut self, name: &str) -> Option<&mut StoredSecret> {
        self.secrets.get_mut(name)
    }

    pub(crate) fn insert(&mut self, secret: StoredSecret) {
        self.secrets.insert(secret.name.clone(), secret);
    }

    pub(crate) fn remove(&mut self, name: &str) -> Option<StoredSecret> {
        self.secrets.remove(name)
    }

    /// Secrets in creation order (D-217).
    pub(crate) fn in_order(&self) -> Vec<&StoredSecret> {
        let mut all: Vec<&StoredSecret> = self.secrets.values().collect();
        all.sort_by_key(|s| s.seq);
        all
    }

    /// The service key, made on first use from `rng`.
    pub(crate) fn service_key(&mut self, rng: &dyn RandomSource) -> &ServiceKey {
        self.service_key.get_or_insert_with(|| ServiceKey {
            version_id: uuid_v4(rng),
            material: Material(random_array::<MATERIAL_LEN>(rng)),
        })
    }

    /// The service key if it has been made.
    pub(crate) fn existing_service_key(&self) -> Option<&ServiceKey> {
        self.service_key.as_ref()
    }

    /// Secrets whose recovery window has ended are gone (D-204, D-206); the versions of RAM
    /// secrets whose AccessKey has been retired go too (D-230).
    pub(crate) fn advance_to(&mut self, now: Timestamp) {
        self.secrets
            .retain(|_, s| s.planned_delete.is_none_or(|t| t > now));
        for secret in self.secrets.values_mut() {
            secret.retire(now);
        }
    }
}
