//! The key store: keys, key versions, aliases and import tokens of one account in one region,
//! and the passage of time (deletion at DeleteDate, material expiry, automatic rotation).

mod index;
mod key;
mod state;

pub(crate) use key::{Key, KeyVersion, Material, Rotation, VersionMaterial};

use crate::crypto::asymmetric::AsymmetricError;
pub use state::{KeyState, check_state};

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::clock::Timestamp;
use crate::crypto::WrappingKey;
use crate::random::{RandomSource, uuid_v4};
use index::{KeyIndex, TOKEN_GRACE_SECONDS};

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
    /// The keys in creation order (sequence number, then id), so that a page of ListKeys
    /// does not sort every key.
    by_seq: BTreeSet<(u64, String)>,
    /// KeyVersionId → KeyId, for Decrypt.
    versions: HashMap<String, String>,
    /// AliasName → KeyId.
    aliases: BTreeMap<String, String>,
    /// Token text → token.
    tokens: HashMap<String, ImportToken>,
    next_seq: u64,
    /// How many keys the last `advance_to` visited (D-415: those due, not all).
    visited: usize,
    /// Aliases and tokens by key, deadlines by time (docs/spec/decisions.md D-415).
    index: KeyIndex,
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
        self.index.touch(&key.id);
        let seq = key.seq;
        self.by_seq.insert((seq, key.id.clone()));
        if let Some(old) = self.keys.insert(key.id.clone(), key)
            && old.seq != seq
        {
            self.by_seq.remove(&(old.seq, old.id));
        }
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
        self.index.touch(key_id);
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

    /// The key, to change: its deadline is computed again before time is next applied.
    pub(crate) fn key_mut(&mut self, id: &str) -> Option<&mut Key> {
        let key = self.keys.get_mut(id)?;
        self.index.touch(id);
        Some(key)
    }

    /// Keys in creation order.
    pub(crate) fn keys_in_order(&self) -> impl Iterator<Item = &Key> {
        self.key_ids_in_order().filter_map(|id| self.keys.get(id))
    }

    /// Key ids in creation order, without looking the keys up (a page skips most of them).
    pub(crate) fn key_ids_in_order(&self) -> impl Iterator<Item = &str> {
        self.by_seq.iter().map(|(_, id)| id.as_str())
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

    /// Binds `alias_name` to `key_id`, moving it when it was bound to another key.
    pub(crate) fn bind_alias(&mut self, alias_name: &str, key_id: &str) {
        if let Some(old) = self
            .aliases
            .insert(alias_name.to_owned(), key_id.to_owned())
        {
            self.index.alias_unbound(alias_name, &old);
        }
        self.index.alias_bound(alias_name, key_id);
    }

    pub(crate) fn remove_alias(&mut self, alias_name: &str) -> Option<String> {
        let key_id = self.aliases.remove(alias_name)?;
        self.index.alias_unbound(alias_name, &key_id);
        Some(key_id)
    }

    /// All aliases, sorted by name, optionally only those of one key (from the index).
    pub(crate) fn aliases(&self, of_key: Option<&str>) -> Vec<(&str, &str)> {
        match of_key {
            Some(key_id) => self
                .index
                .aliases_of(key_id)
                .filter_map(|a| self.aliases.get_key_value(a))
                .map(|(a, k)| (a.as_str(), k.as_str()))
                .collect(),
            None => self
                .aliases
                .iter()
                .map(|(a, k)| (a.as_str(), k.as_str()))
                .collect(),
        }
    }

    pub(crate) fn insert_token(&mut self, token: String, record: ImportToken) {
        // The same text twice cannot be drawn in practice; replacing keeps the index exact
        // anyway.
        self.remove_token(&token);
        let key_id = record.key_id.clone();
        self.index.token_added(
            &key_id,
            record.issued_seq,
            &token,
            record.expires.plus_seconds(TOKEN_GRACE_SECONDS),
        );
        self.tokens.insert(token, record);
        let of_key = self.index.tokens_of(&key_id);
        let excess = of_key.len().saturating_sub(MAX_TOKENS_PER_KEY);
        for text in of_key.into_iter().take(excess) {
            self.remove_token(&text);
        }
    }

    fn remove_token(&mut self, text: &str) {
        if let Some(t) = self.tokens.remove(text) {
            self.index.token_removed(
                &t.key_id,
                t.issued_seq,
                text,
                t.expires.plus_seconds(TOKEN_GRACE_SECONDS),
            );
        }
    }

    /// How many keys the last application of time visited: those whose deadline had come.
    #[cfg(test)]
    pub(crate) fn visited(&self) -> usize {
        self.visited
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
        // Only keys whose deadline has come are visited, not every key (D-415).
        self.index.refresh(&self.keys);
        let due = self.index.due(now);
        self.visited = due.len();
        let doomed: Vec<String> = due
            .iter()
            .filter(|id| {
                self.keys.get(*id).is_some_and(|k| {
                    k.state == KeyState::PendingDeletion && k.delete_date.is_some_and(|d| d <= now)
                })
            })
            .cloned()
            .collect();
        for id in &doomed {
            if let Some(key) = self.keys.remove(id) {
                self.by_seq.remove(&(key.seq, key.id.clone()));
                for v in &key.versions {
                    self.versions.remove(&v.id);
                }
            }
            let (aliases, tokens) = self.index.key_removed(id);
            for alias in aliases {
                self.aliases.remove(&alias);
            }
            for text in tokens {
                self.remove_token(&text);
            }
        }
        for id in &due {
            if let Some(key) = self.keys.get_mut(id)
                && key.has_material()
                && key.material_expire.is_some_and(|e| e <= now)
            {
                key.drop_material();
                self.index.touch(id);
            }
        }
        // Expired tokens are kept one more lifetime so that using one is answered with
        // `ExpiredImportToken` rather than `InvalidImportToken`.
        for text in self.index.tokens_to_drop(now) {
            self.remove_token(&text);
        }
        self.rotate_due(&due, now, rng, max_versions);
        self.index.refresh(&self.keys);
    }

    /// One new version for each key of `due` whose rotation is due, in creation order so
    /// that draws from `rng` are deterministic. A key at a version limit does not rotate.
    fn rotate_due(
        &mut self,
        due: &[String],
        now: Timestamp,
        rng: &dyn RandomSource,
        max_versions: usize,
    ) {
        let mut due: Vec<(u64, String)> = due
            .iter()
            .filter_map(|id| self.keys.get(id))
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

#[cfg(test)]
mod tests;
