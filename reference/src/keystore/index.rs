//! Indexes of the key store, kept in step with every change: aliases by key, import tokens
//! by key and by expiry, and each key's next deadline, so that no call walks every key
//! (docs/spec/decisions.md D-415).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::clock::Timestamp;
use crate::keystore::{Key, KeyState};

/// How long an expired import token is kept, so that using it is answered
/// `ExpiredImportToken` rather than `InvalidImportToken`.
pub(super) const TOKEN_GRACE_SECONDS: i64 = 86_400;

/// The indexes. Each entry mirrors a fact of the store's maps; `touched` names keys changed
/// since their deadline was last computed (every `&mut Key` handed out counts as a change).
/// No `Debug`: it holds token texts, which are secrets.
#[derive(Default)]
pub(super) struct KeyIndex {
    aliases_of: HashMap<String, BTreeSet<String>>,
    deadline_of: HashMap<String, Timestamp>,
    deadlines: BTreeSet<(Timestamp, String)>,
    touched: BTreeSet<String>,
    /// Key → its tokens by issue order.
    tokens_of: HashMap<String, BTreeSet<(u64, String)>>,
    /// When each token is dropped, and its text.
    token_drops: BTreeSet<(Timestamp, String)>,
}

/// The earliest time at which the passage of time can change `key` by itself: its deletion,
/// the expiry of its imported material, or its next automatic rotation. `None` when nothing
/// will happen without a call changing the key first.
pub(super) fn deadline(key: &Key) -> Option<Timestamp> {
    let deletion = key
        .delete_date
        .filter(|_| key.state == KeyState::PendingDeletion);
    let expiry = key.material_expire.filter(|_| key.has_material());
    let rotation = key
        .next_rotation_date()
        .filter(|_| key.state == KeyState::Enabled);
    [deletion, expiry, rotation].into_iter().flatten().min()
}

impl KeyIndex {
    pub(super) fn alias_bound(&mut self, alias: &str, key_id: &str) {
        self.aliases_of
            .entry(key_id.to_owned())
            .or_default()
            .insert(alias.to_owned());
    }

    pub(super) fn alias_unbound(&mut self, alias: &str, key_id: &str) {
        if let Some(set) = self.aliases_of.get_mut(key_id) {
            set.remove(alias);
            if set.is_empty() {
                self.aliases_of.remove(key_id);
            }
        }
    }

    /// The aliases of `key_id`, sorted by name.
    pub(super) fn aliases_of(&self, key_id: &str) -> impl Iterator<Item = &str> {
        self.aliases_of
            .get(key_id)
            .into_iter()
            .flatten()
            .map(String::as_str)
    }

    /// Marks `key_id` as changed: its deadline is computed again before time is applied.
    pub(super) fn touch(&mut self, key_id: &str) {
        if !self.touched.contains(key_id) {
            self.touched.insert(key_id.to_owned());
        }
    }

    /// Computes the deadline of every key changed since the last refresh.
    pub(super) fn refresh(&mut self, keys: &BTreeMap<String, Key>) {
        for id in std::mem::take(&mut self.touched) {
            if let Some(old) = self.deadline_of.remove(&id) {
                self.deadlines.remove(&(old, id.clone()));
            }
            if let Some(at) = keys.get(&id).and_then(deadline) {
                self.deadlines.insert((at, id.clone()));
                self.deadline_of.insert(id, at);
            }
        }
    }

    /// Keys whose deadline is at or before `now` (refresh first).
    pub(super) fn due(&self, now: Timestamp) -> Vec<String> {
        self.deadlines
            .iter()
            .take_while(|(at, _)| *at <= now)
            .map(|(_, id)| id.clone())
            .collect()
    }

    /// Forgets a destroyed key; returns its aliases and tokens, which go with it.
    pub(super) fn key_removed(&mut self, key_id: &str) -> (Vec<String>, Vec<String>) {
        if let Some(old) = self.deadline_of.remove(key_id) {
            self.deadlines.remove(&(old, key_id.to_owned()));
        }
        self.touched.remove(key_id);
        let aliases = self
            .aliases_of
            .remove(key_id)
            .map(|s| s.into_iter().collect())
            .unwrap_or_default();
        let tokens = self
            .tokens_of
            .remove(key_id)
            .map(|s| s.into_iter().map(|(_, text)| text).collect())
            .unwrap_or_default();
        (aliases, tokens)
    }

    pub(super) fn token_added(&mut self, key_id: &str, seq: u64, text: &str, drop_at: Timestamp) {
        self.tokens_of
            .entry(key_id.to_owned())
            .or_default()
            .insert((seq, text.to_owned()));
        self.token_drops.insert((drop_at, text.to_owned()));
    }

    pub(super) fn token_removed(&mut self, key_id: &str, seq: u64, text: &str, drop_at: Timestamp) {
        if let Some(set) = self.tokens_of.get_mut(key_id) {
            set.remove(&(seq, text.to_owned()));
            if set.is_empty() {
                self.tokens_of.remove(key_id);
            }
        }
        self.token_drops.remove(&(drop_at, text.to_owned()));
    }

    /// The texts of `key_id`'s tokens, oldest first.
    pub(super) fn tokens_of(&self, key_id: &str) -> Vec<String> {
        self.tokens_of
            .get(key_id)
            .into_iter()
            .flatten()
            .map(|(_, text)| text.clone())
            .collect()
    }

    /// Tokens to drop at `now`.
    pub(super) fn tokens_to_drop(&self, now: Timestamp) -> Vec<String> {
        self.token_drops
            .iter()
            .take_while(|(at, _)| *at <= now)
            .map(|(_, text)| text.clone())
            .collect()
    }

    /// Whether the indexes say exactly what a walk over the maps says (tests only).
    #[cfg(test)]
    pub(super) fn agrees_with(
        &self,
        keys: &BTreeMap<String, Key>,
        aliases: &BTreeMap<String, String>,
        tokens: &HashMap<String, super::ImportToken>,
    ) -> Result<(), String> {
        let mut by_key: HashMap<String, BTreeSet<String>> = HashMap::new();
        for (alias, key) in aliases {
            by_key.entry(key.clone()).or_default().insert(alias.clone());
        }
        if by_key != self.aliases_of {
            return Err(format!("aliases: {by_key:?} != {:?}", self.aliases_of));
        }
        let deadlines: BTreeSet<(Timestamp, String)> = keys
            .values()
            .filter_map(|k| deadline(k).map(|at| (at, k.id.clone())))
            .collect();
        if deadlines != self.deadlines {
            return Err(format!("deadlines: {deadlines:?} != {:?}", self.deadlines));
        }
        let mut of_key: HashMap<String, BTreeSet<(u64, String)>> = HashMap::new();
        for (text, t) in tokens {
            of_key
                .entry(t.key_id.clone())
                .or_default()
                .insert((t.issued_seq, text.clone()));
        }
        if of_key != self.tokens_of || self.token_drops.len() != tokens.len() {
            return Err("tokens differ".to_owned());
        }
        Ok(())
    }
}
