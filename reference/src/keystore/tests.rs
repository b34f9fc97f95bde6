//! The key store's indexes against a walk over its maps, after random sequences of changes
//! (docs/spec/decisions.md D-415).

use std::collections::BTreeSet;
use std::sync::OnceLock;

use proptest::prelude::*;

use super::*;
use crate::keystore::key::Material;
use crate::random::SeededRandom;
use crate::request::{KeySpec, KeyUsage, Origin, ProtectionLevel, WrappingAlgorithm};

const START: i64 = 1_767_225_600;
const DAY: i64 = 86_400;

fn key(store: &mut KeyStore, id: &str, now: Timestamp) -> Key {
    Key {
        id: id.to_owned(),
        arn: format!("acs:kms:r:a:key/{id}"),
        seq: store.next_seq(),
        spec: KeySpec::AliyunAes256,
        usage: KeyUsage::EncryptDecrypt,
        origin: Origin::AliyunKms,
        protection_level: ProtectionLevel::Software,
        description: String::new(),
        creator: "a".into(),
        creation_date: now,
        state: KeyState::Enabled,
        delete_date: None,
        versions: vec![KeyVersion {
            id: format!("{id}-v1"),
            creation_date: now,
            material: VersionMaterial::Symmetric(Material([1; 32])),
        }],
        imported_digest: None,
        material_expire: None,
        rotation: None,
        tags: BTreeMap::new(),
        deletion_protection: None,
    }
}

/// One wrapping key for every token: RSA generation is slow and its value does not matter.
fn wrapping_key() -> WrappingKey {
    static KEY: OnceLock<Option<WrappingKey>> = OnceLock::new();
    KEY.get_or_init(|| {
        WrappingKey::generate(&SeededRandom::new(1), WrappingAlgorithm::RsaesOaepSha256)
    })
    .clone()
    .unwrap()
}

#[derive(Clone, Debug)]
enum Op {
    Create,
    Bind(u8, u8),
    Unbind(u8),
    Schedule(u8, u8),
    Cancel(u8),
    Rotate(u8, u8),
    Expire(u8, u8),
    Token(u8),
    Advance(u32),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => Just(Op::Create),
        3 => (0..6u8, 0..12u8).prop_map(|(a, k)| Op::Bind(a, k)),
        1 => (0..6u8).prop_map(Op::Unbind),
        2 => (0..12u8, 1..10u8).prop_map(|(k, d)| Op::Schedule(k, d)),
        1 => (0..12u8).prop_map(Op::Cancel),
        1 => (0..12u8, 1..10u8).prop_map(|(k, d)| Op::Rotate(k, d)),
        1 => (0..12u8, 1..10u8).prop_map(|(k, d)| Op::Expire(k, d)),
        2 => (0..12u8).prop_map(Op::Token),
        3 => (0..(4 * DAY as u32)).prop_map(Op::Advance),
    ]
}

/// The id of the `n`th key created, if it was.
fn nth(ids: &[String], n: u8) -> Option<&String> {
    ids.get(usize::from(n) % ids.len().max(1))
}

fn apply(store: &mut KeyStore, ids: &mut Vec<String>, now: &mut Timestamp, op: &Op) {
    let rng = SeededRandom::new(2);
    match op {
        Op::Create => {
            let id = format!("k{}", ids.len());
            let k = key(store, &id, *now);
            store.insert_key(k);
            ids.push(id);
        }
        Op::Bind(a, k) => {
            if let Some(id) = nth(ids, *k).filter(|id| store.key(id).is_some()) {
                store.bind_alias(&format!("alias/a{a}"), id);
            }
        }
        Op::Unbind(a) => {
            store.remove_alias(&format!("alias/a{a}"));
        }
        Op::Schedule(k, d) => {
            if let Some(key) = nth(ids, *k).and_then(|id| store.key_mut(id)) {
                key.state = KeyState::PendingDeletion;
                key.delete_date = Some(now.plus_seconds(i64::from(*d) * DAY));
            }
        }
        Op::Cancel(k) => {
            if let Some(key) = nth(ids, *k).and_then(|id| store.key_mut(id)) {
                key.state = KeyState::Enabled;
                key.delete_date = None;
            }
        }
        Op::Rotate(k, d) => {
            if let Some(key) = nth(ids, *k).and_then(|id| store.key_mut(id)) {
                key.rotation = Some(Rotation {
                    interval_seconds: i64::from(*d) * DAY,
                });
            }
        }
        Op::Expire(k, d) => {
            if let Some(key) = nth(ids, *k).and_then(|id| store.key_mut(id)) {
                key.material_expire = Some(now.plus_seconds(i64::from(*d) * DAY));
            }
        }
        Op::Token(k) => {
            if let Some(id) = nth(ids, *k).filter(|id| store.key(id).is_some()) {
                let seq = store.next_seq();
                store.insert_token(
                    format!("t{seq}"),
                    ImportToken {
                        key_id: id.clone(),
                        wrapping_key: wrapping_key(),
                        expires: now.plus_seconds(DAY),
                        issued_seq: seq,
                    },
                );
            }
        }
        Op::Advance(s) => {
            *now = now.plus_seconds(i64::from(*s));
            store.advance_to(*now, &rng, 10_000);
        }
    }
}

/// Applies `op` to both stores, the walking one advancing by [`advance_by_walking`].
fn apply_both(
    indexed: &mut KeyStore,
    walking: &mut KeyStore,
    ids: &mut Vec<String>,
    now: &mut Timestamp,
    op: &Op,
) {
    match op {
        Op::Advance(s) => {
            *now = now.plus_seconds(i64::from(*s));
            indexed.advance_to(*now, &SeededRandom::new(2), 10_000);
            advance_by_walking(walking, *now, &SeededRandom::new(2));
        }
        _ => {
            let mut other_ids = ids.clone();
            let mut other_now = *now;
            apply(walking, &mut other_ids, &mut other_now, op);
            apply(indexed, ids, now, op);
        }
    }
}

/// The passage of time as it was applied before the index: a walk over every key and every
/// token (the finding F7 measured). Its removals keep the store's index in step, so that the
/// two stores stay comparable.
fn advance_by_walking(store: &mut KeyStore, now: Timestamp, rng: &dyn RandomSource) {
    let doomed: Vec<String> = store
        .keys
        .values()
        .filter(|k| k.state == KeyState::PendingDeletion && k.delete_date.is_some_and(|d| d <= now))
        .map(|k| k.id.clone())
        .collect();
    for id in &doomed {
        if let Some(key) = store.keys.remove(id) {
            for v in &key.versions {
                store.versions.remove(&v.id);
            }
        }
        store.index.key_removed(id);
    }
    store.aliases.retain(|_, k| !doomed.contains(k));
    for key in store.keys.values_mut() {
        if key.has_material() && key.material_expire.is_some_and(|e| e <= now) {
            key.drop_material();
            store.index.touch(&key.id);
        }
    }
    let gone: Vec<String> = store
        .tokens
        .iter()
        .filter(|(_, t)| {
            t.expires.plus_seconds(TOKEN_GRACE_SECONDS) <= now || doomed.contains(&t.key_id)
        })
        .map(|(text, _)| text.clone())
        .collect();
    for text in gone {
        store.remove_token(&text);
    }
    let mut due: Vec<(u64, String)> = store
        .keys
        .values()
        .filter(|k| k.rotation_due(now))
        .map(|k| (k.seq, k.id.clone()))
        .collect();
    due.sort();
    for (_, id) in due {
        if store.has_room_for_version(&id, 10_000) {
            let _made = store.add_version(&id, now, rng);
        }
    }
    store.index.refresh(&store.keys);
}

/// What the two stores must agree on: keys with their state, versions and whether they have
/// material; aliases; token texts.
type Summary = (
    Vec<(String, KeyState, usize, bool)>,
    Vec<(String, String)>,
    BTreeSet<String>,
);

fn summary(store: &KeyStore) -> Summary {
    (
        store
            .keys
            .values()
            .map(|k| (k.id.clone(), k.state, k.versions.len(), k.has_material()))
            .collect(),
        store
            .aliases
            .iter()
            .map(|(a, k)| (a.clone(), k.clone()))
            .collect(),
        store.tokens.keys().cloned().collect(),
    )
}

proptest! {
    #[test]
    fn the_index_agrees_with_a_walk_over_the_store(ops in prop::collection::vec(op(), 1..60)) {
        let mut store = KeyStore::default();
        let mut walking = KeyStore::default();
        let mut ids = Vec::new();
        let mut now = Timestamp::from_unix(START);
        for op in &ops {
            apply_both(&mut store, &mut walking, &mut ids, &mut now, op);
            prop_assert_eq!(summary(&store), summary(&walking), "after {:?}", op);
            store.index.refresh(&store.keys);
            let agrees = store.index.agrees_with(&store.keys, &store.aliases, &store.tokens);
            prop_assert!(agrees.is_ok(), "after {op:?}: {agrees:?}");
            // Aliases of each key: the index against a filter over all aliases.
            for id in &ids {
                let walked: Vec<(&str, &str)> = store
                    .aliases
                    .iter()
                    .filter(|(_, k)| *k == id)
                    .map(|(a, k)| (a.as_str(), k.as_str()))
                    .collect();
                prop_assert_eq!(store.aliases(Some(id)), walked);
            }
            // No alias or token outlives its key.
            prop_assert!(store.aliases.values().all(|k| store.keys.contains_key(k)));
            prop_assert!(store.tokens.values().all(|t| store.keys.contains_key(&t.key_id)));
        }
    }
}

#[test]
fn applying_time_visits_only_the_keys_that_are_due() {
    let mut store = KeyStore::default();
    let now = Timestamp::from_unix(START);
    for n in 0..1_000 {
        let k = key(&mut store, &format!("k{n}"), now);
        store.insert_key(k);
    }
    let rng = SeededRandom::new(3);
    store.advance_to(now.plus_seconds(1), &rng, 10_000);
    assert_eq!(store.visited(), 0);
    if let Some(k) = store.key_mut("k500") {
        k.state = KeyState::PendingDeletion;
        k.delete_date = Some(now.plus_seconds(7 * DAY));
    }
    store.advance_to(now.plus_seconds(2), &rng, 10_000);
    assert_eq!(store.visited(), 0, "not due yet");
    store.advance_to(now.plus_seconds(8 * DAY), &rng, 10_000);
    assert_eq!(store.visited(), 1);
    assert!(store.key("k500").is_none());
    assert_eq!(store.key_count(), 999);
}
