//! The key store: keys, key versions, aliases and import tokens of one account in one region,
//! and the passage of time (deletion at DeleteDate, material expiry, automatic rotation).

mod key;
mod state;

pub(crate) use key::{Key, KeyVersion, Material, Rotation, VersionMaterial};

use crate::crypto::asymmetric::AsymmetricError;
pub use state::{KeyState, check_state};

use std::collections::{BTreeMap, HashMap};

use crate::clock::Timestamp;
use crate::crypto::WrappingKey;
use crate::random::{RandomSource, uuid_v4};

/// An import token handed out by GetParametersForImport.
#[derive(Debug)]
pub(crate) struct ImportToken {
    pub(crate) key_id: String,
    pub(crate) wrapping_key: WrappingKey,
    pub(crate) expires: Timestamp,
    pub(crate) issued_seq: u64,
}

/// Versions one key may hold (docs/spec/decisions.md D-102).
pub(crate) const MAX_VERSIONS_PER_KEY: usize = 50;

/// How many unexpired tokens a key keeps; older ones are dropped so memory stays bounded.
pub(crate) const MAX_TOKENS_PER_KEY: usize = 16;

/// All state of one account in one region.
#[derive(Default)]
pub(crate) struct KeyStore {
    keys: BTreeMap<String, Key>,
    /// KeyVersionId → KeyId, for Decrypt.
    versions: HashMap<String, String>,
    /// AliasName → KeyId.
    aliases: BTreeMap<String, String>,
    /// Token text → token.
    tokens: HashMap<String, ImportToken>,
    next_seq: u64,
}

impl std::fmt::Debug for KeyStore {
    /// Counts only: token texts are secrets and must not reach a log through `{:?}`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyStore")
            .field("keys", &self.keys.len())
            .field("aliases", &self.aliases.len())
            .field("import_tokens", &self.tokens.len())
            .finish()
    }
}

impl KeyStore {
    /// A sequence number for creation order.
    pub(crate) fn next_seq(&mut self) -> u64 {
        self.next_seq += 1;
        self.next_seq
    }

    pub(crate) fn key_count(&self) -> usize {
        self.keys.len()
    }

    pub(crate) fn insert_key(&mut self, key: Key) {
        for v in &key.versions {
            self.versions.insert(v.id.clone(), key.id.clone());
        }
        self.keys.insert(key.id.clone(), key);
    }

    /// How many versions all keys hold together.
    pub(crate) fn version_count(&self) -> usize {
        self.versions.len()
    }

    /// Whether key `key_id` may get one more version under the per-key limit and the
    /// account limit `max_versions` (D-102).
    pub(crate) fn has_room_for_version(&self, key_id: &str, max_versions: usize) -> bool {
        self.version_count() < max_versions
            && self
                .keys
                .get(key_id)
                .is_some_and(|k| k.versions.len() < MAX_VERSIONS_PER_KEY)
    }

    /// Adds a fresh version dated `now` to key `key_id`: new AES material for a symmetric
    /// key, a new key pair for an asymmetric one. Returns its id and creation date, or
    /// `Ok(None)` when there is no such key; fails only when key generation does. The caller
    /// checks limits and the key's kind first.
    pub(crate) fn add_version(
        &mut self,
        key_id: &str,
        now: Timestamp,
        rng: &dyn RandomSource,
    ) -> Result<Option<(String, Timestamp)>, AsymmetricError> {
        self.add_version_with(key_id, now, rng, None)
    }

    /// [`KeyStore::add_version`] with the material generated already, when `prepared` holds
    /// it (outside the lock, docs/spec/decisions.md D-414).
    pub(crate) fn add_version_with(
        &mut self,
        key_id: &str,
        now: Timestamp,
        rng: &dyn RandomSource,
        prepared: Option<VersionMaterial>,
    ) -> Result<Option<(String, Timestamp)>, AsymmetricError> {
        let Some(key) = self.keys.get_mut(key_id) else {
            return Ok(None);
        };
        // Material first, then the id: the order of draws a seeded replay depends on (a
        // prepared pair was drawn before the call, so before the id too).
        let material = match prepared {
            Some(material) => material,
            None => VersionMaterial::generate(key.spec, rng)?,
        };
        let id = uuid_v4(rng);
        key.versions.push(KeyVersion {
            id: id.clone(),
            creation_date: now,
            material,
        });
        self.versions.insert(id.clone(), key.id.clone());
        Ok(Some((id, now)))
    }

    pub(crate) fn key(&self, id: &str) -> Option<&Key> {
        self.keys.get(id)
    }

    pub(crate) fn key_mut(&mut self, id: &str) -> Option<&mut Key> {
        self.keys.get_mut(id)
    }

    /// Keys in creation order.
    pub(crate) fn keys_in_order(&self) -> Vec<&Key> {
        let mut keys: Vec<&Key> = self.keys.values().collect();
        keys.sort_by_key(|k| k.seq);
        keys
    }

    pub(crate) fn key_id_for_version(&self, version_id: &str) -> Option<&str> {
        self.versions.get(version_id).map(String::as_str)
    }

    pub(crate) fn alias_target(&self, alias_name: &str) -> Option<&str> {
        self.aliases.get(alias_name).map(String::as_str)
    }

    pub(crate) fn alias_count(&self) -> usize {
        self.aliases.len()
    }

    pub(crate) fn bind_alias(&mut self, alias_name: &str, key_id: &str) {
        self.aliases
            .insert(alias_name.to_owned(), key_id.to_owned());
    }

    pub(crate) fn remove_alias(&mut self, alias_name: &str) -> Option<String> {
        self.aliases.remove(alias_name)
    }

    /// All aliases, sorted by name, optionally only those of one key.
    pub(crate) fn aliases(&self, of_key: Option<&str>) -> Vec<(&str, &str)> {
        self.aliases
            .iter()
            .filter(|(_, k)| of_key.is_none_or(|want| want == k.as_str()))
            .map(|(a, k)| (a.as_str(), k.as_str()))
            .collect()
    }

    pub(crate) fn insert_token(&mut self, token: String, record: ImportToken) {
        let key_id = record.key_id.clone();
        self.tokens.insert(token, record);
        let mut of_key: Vec<(u64, String)> = self
            .tokens
            .iter()
            .filter(|(_, t)| t.key_id == key_id)
            .map(|(text, t)| (t.issued_seq, text.clone()))
            .collect();
        if of_key.len() > MAX_TOKENS_PER_KEY {
            of_key.sort();
            let excess = of_key.len() - MAX_TOKENS_PER_KEY;
            for (_, text) in of_key.into_iter().take(excess) {
                self.tokens.remove(&text);
            }
        }
    }

    pub(crate) fn token(&self, token: &str) -> Option<&ImportToken> {
        self.tokens.get(token)
    }

    /// Applies the passage of time: keys past DeleteDate are destroyed with their versions,
    /// aliases and tokens; imported material past its expiry is dropped; expired tokens go;
    /// every key whose automatic rotation is due gets one new primary version, within the
    /// limits (`max_versions` for the account; docs/spec/decisions.md D-105, D-102).
    pub(crate) fn advance_to(
        &mut self,
        now: Timestamp,
        rng: &dyn RandomSource,
        max_versions: usize,
    ) {
        let doomed: Vec<String> = self
            .keys
            .values()
            .filter(|k| {
                k.state == KeyState::PendingDeletion && k.delete_date.is_some_and(|d| d <= now)
            })
            .map(|k| k.id.clone())
            .collect();
        for id in &doomed {
            if let Some(key) = self.keys.remove(id) {
                for v in &key.versions {
                    self.versions.remove(&v.id);
                }
            }
        }
        if !doomed.is_empty() {
            self.aliases.retain(|_, k| !doomed.contains(k));
        }
        for key in self.keys.values_mut() {
            if key.has_material() && key.material_expire.is_some_and(|e| e <= now) {
                key.drop_material();
            }
        }
        // Expired tokens are kept one more lifetime so that using one is answered with
        // `ExpiredImportToken` rather than `InvalidImportToken`.
        self.tokens
            .retain(|_, t| t.expires.plus_seconds(86_400) > now && !doomed.contains(&t.key_id));
        self.rotate_due(now, rng, max_versions);
    }

    /// One new version for each key whose rotation is due, in creation order so that draws
    /// from `rng` are deterministic. A key at a version limit does not rotate.
    fn rotate_due(&mut self, now: Timestamp, rng: &dyn RandomSource, max_versions: usize) {
        let mut due: Vec<(u64, String)> = self
            .keys
            .values()
            .filter(|k| k.rotation_due(now))
            .map(|k| (k.seq, k.id.clone()))
            .collect();
        due.sort();
        for (_, id) in due {
            // Only symmetric keys rotate (D-108), and their material cannot fail to generate.
            if self.has_room_for_version(&id, max_versions) {
                let _made = self.add_version(&id, now, rng);
            }
        }
    }
}
