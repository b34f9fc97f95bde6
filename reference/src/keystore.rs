//! The key store: keys, key versions, aliases and import tokens of one account in one region,
//! and the passage of time (deletion at DeleteDate, material expiry).

mod key;
mod state;

pub(crate) use key::{Key, Material, Rotation};
pub use state::{KeyState, check_state};

use std::collections::{BTreeMap, HashMap};

use crate::clock::Timestamp;
use crate::crypto::WrappingKey;

/// An import token handed out by GetParametersForImport.
#[derive(Debug)]
pub(crate) struct ImportToken {
    pub(crate) key_id: String,
    pub(crate) wrapping_key: WrappingKey,
    pub(crate) expires: Timestamp,
    pub(crate) issued_seq: u64,
}

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
        self.versions
            .insert(key.primary_version.clone(), key.id.clone());
        self.keys.insert(key.id.clone(), key);
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
    /// aliases and tokens; imported material past its expiry is dropped; expired tokens go.
    pub(crate) fn advance_to(&mut self, now: Timestamp) {
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
                self.versions.remove(&key.primary_version);
            }
        }
        if !doomed.is_empty() {
            self.aliases.retain(|_, k| !doomed.contains(k));
        }
        for key in self.keys.values_mut() {
            if key.material.is_some() && key.material_expire.is_some_and(|e| e <= now) {
                key.drop_material();
            }
        }
        // Expired tokens are kept one more lifetime so that using one is answered with
        // `ExpiredImportToken` rather than `InvalidImportToken`.
        self.tokens
            .retain(|_, t| t.expires.plus_seconds(86_400) > now && !doomed.contains(&t.key_id));
    }
}
