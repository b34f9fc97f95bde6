//! A policy with its statements indexed by action and by resource pattern, built once when the
//! policy is made, so that a decision visits only the statements that can match (issue 17).
//!
//! The index only ever *excludes* statements that cannot match: a pattern without wildcards
//! matches only its own text, and one with wildcards only texts that start with its literal
//! prefix (the part before the first `*` or `?`) and end with its literal suffix (after the
//! last). Each pattern is filed under its exact text, or under the longer of its prefix and
//! suffix. A request then finds the buckets of its own text, of those of its prefixes and
//! suffixes whose lengths occur in the index, and evaluation runs the ordinary
//! [`statement_matches`](crate::policy::statement_matches) on the candidates in document
//! order: the decision and the deciding statements are those of the plain scan.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::policy::ast::{ActionSpec, Policy};

/// A policy and the index of its statements. Equality is the policy's: the index follows
/// from it.
#[derive(Clone, Debug)]
pub struct IndexedPolicy {
    policy: Policy,
    actions: PatternIndex,
    resources: PatternIndex,
}

impl PartialEq for IndexedPolicy {
    fn eq(&self, other: &IndexedPolicy) -> bool {
        self.policy == other.policy
    }
}

impl Eq for IndexedPolicy {}

impl IndexedPolicy {
    /// Indexes `policy`'s statements.
    pub fn new(policy: Policy) -> IndexedPolicy {
        let mut actions = PatternIndex::default();
        let mut resources = PatternIndex::default();
        for (i, statement) in policy.statements.iter().enumerate() {
            let id = u32::try_from(i).unwrap_or(u32::MAX);
            match &statement.node.actions {
                ActionSpec::Action(patterns) => {
                    for p in patterns {
                        // Case folding of non-ASCII characters can change a pattern's bytes
                        // (the Kelvin sign folds to `k`): such a pattern is always a candidate.
                        if p.node.is_ascii() {
                            actions.insert(p.node.to_ascii_lowercase().as_bytes(), id);
                        } else {
                            push_unique(&mut actions.always, id);
                        }
                    }
                }
                // A NotAction statement can match almost any action.
                ActionSpec::NotAction(_) => push_unique(&mut actions.always, id),
            }
            for r in &statement.node.resources {
                resources.insert(r.node.as_bytes(), id);
            }
        }
        IndexedPolicy {
            policy,
            actions,
            resources,
        }
    }

    /// The policy.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    fn action_index(&self) -> &PatternIndex {
        &self.actions
    }

    fn resource_index(&self) -> &PatternIndex {
        &self.resources
    }

    /// The indexes of the statements that may match `probe`'s request, ascending, each once:
    /// every statement that matches is among them. The side (action or resource) with fewer
    /// candidates is used.
    pub(crate) fn candidates(&self, probe: &Probe<'_>) -> Candidates<'_> {
        let Some(action) = &probe.action else {
            return Candidates::All(0..self.policy.statements.len());
        };
        let by_action = self.actions.found(action);
        let by_resource = self.resources.found(&probe.resource);
        let (chosen, other) = if by_action.total <= by_resource.total {
            (by_action, by_resource)
        } else {
            (by_resource, by_action)
        };
        // Many candidates on both sides (a wildcard action and a wildcard resource shared
        // by many statements): those on both are far fewer, and marking is cheaper than
        // checking a statement.
        if chosen.total > INTERSECT_ABOVE && other.total / INTERSECT_COST <= chosen.total {
            return Candidates::Many(intersection(&chosen, &other).into_iter());
        }
        match chosen.buckets() {
            [] => Candidates::Few([].iter()),
            [one] => Candidates::Few(one.iter()),
            many => {
                let mut ids = Vec::with_capacity(chosen.total);
                for bucket in many {
                    ids.extend_from_slice(bucket);
                }
                ids.sort_unstable();
                ids.dedup();
                Candidates::Many(ids.into_iter())
            }
        }
    }
}

/// Sides with more candidates than this are intersected with the other side.
const INTERSECT_ABOVE: usize = 16;
/// How many marks cost about as much as one statement check.
const INTERSECT_COST: usize = 16;

/// The statements in both `a` and `b`, ascending, each once.
fn intersection(a: &Found<'_>, b: &Found<'_>) -> Vec<u32> {
    let words = a
        .buckets()
        .iter()
        .filter_map(|bucket| bucket.last())
        .max()
        .map_or(0, |&last| last as usize / 64 + 1);
    let mut marks = vec![0u64; words];
    for &id in a.buckets().iter().copied().flatten() {
        if let Some(word) = marks.get_mut(id as usize / 64) {
            *word |= 1 << (id % 64);
        }
    }
    let mut ids = Vec::new();
    for &id in b.buckets().iter().copied().flatten() {
        if let Some(word) = marks.get_mut(id as usize / 64) {
            let bit = 1 << (id % 64);
            if *word & bit != 0 {
                // Cleared once taken, so a statement in several buckets is taken once.
                *word &= !bit;
                ids.push(id);
            }
        }
    }
    ids.sort_unstable();
    ids
}

/// The buckets a text falls into on one side, gathered without allocating (a side has
/// one exact bucket, one per prefix and suffix length and the `always` one; more than
/// [`INLINE`] of them spill into a vector).
struct Found<'a> {
    inline: [&'a [u32]; INLINE],
    len: usize,
    spilled: Vec<&'a [u32]>,
    total: usize,
}

const INLINE: usize = 8;

impl<'a> Found<'a> {
    fn push(&mut self, bucket: &'a [u32]) {
        if bucket.is_empty() {
            return;
        }
        self.total += bucket.len();
        match self.inline.get_mut(self.len) {
            Some(slot) if self.spilled.is_empty() => {
                *slot = bucket;
                self.len += 1;
            }
            _ => {
                if self.spilled.is_empty() {
                    self.spilled.extend_from_slice(&self.inline);
                }
                self.spilled.push(bucket);
            }
        }
    }

    fn buckets(&self) -> &[&'a [u32]] {
        if self.spilled.is_empty() {
            self.inline.get(..self.len).unwrap_or_default()
        } else {
            &self.spilled
        }
    }
}

/// The statement indexes a decision visits, ascending.
pub(crate) enum Candidates<'a> {
    /// Every statement (the request's action cannot be probed).
    All(std::ops::Range<usize>),
    /// One bucket of the index, already ascending and without repeats.
    Few(std::slice::Iter<'a, u32>),
    /// Several buckets merged.
    Many(std::vec::IntoIter<u32>),
}

impl Iterator for Candidates<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        match self {
            Candidates::All(range) => range.next(),
            Candidates::Few(iter) => iter.next().map(|&i| i as usize),
            Candidates::Many(iter) => iter.next().map(|i| i as usize),
        }
    }
}

/// The request's action (lowercased) and resource, hashed once per decision for every
/// policy's lookups: the hash of each prefix and of each suffix.
pub(crate) struct Probe<'r> {
    /// `None` when the action is not ASCII: its case folding is not bytewise, so every
    /// statement is a candidate.
    action: Option<ProbedText<'static>>,
    resource: ProbedText<'r>,
}

impl<'r> Probe<'r> {
    /// Hashes as many prefixes and suffixes as `policies`' indexes have lengths for.
    pub(crate) fn new<'p>(
        action: &str,
        resource: &'r str,
        policies: impl Iterator<Item = &'p IndexedPolicy> + Clone,
    ) -> Probe<'r> {
        let most = |f: fn(&IndexedPolicy) -> &PatternIndex, g: fn(&PatternIndex) -> usize| {
            policies.clone().map(|p| g(f(p))).max().unwrap_or(0)
        };
        Probe {
            action: action.is_ascii().then(|| {
                ProbedText::new(
                    Cow::Owned(action.to_ascii_lowercase().into_bytes()),
                    most(IndexedPolicy::action_index, PatternIndex::longest_prefix),
                    most(IndexedPolicy::action_index, PatternIndex::longest_suffix),
                )
            }),
            resource: ProbedText::new(
                Cow::Borrowed(resource.as_bytes()),
                most(IndexedPolicy::resource_index, PatternIndex::longest_prefix),
                most(IndexedPolicy::resource_index, PatternIndex::longest_suffix),
            ),
        }
    }
}

struct ProbedText<'t> {
    bytes: Cow<'t, [u8]>,
    /// The whole text's hash, for the exact patterns.
    whole: u64,
    /// `prefix[n]`: hash of the first `n` bytes, as far as some index has a prefix that long.
    prefix: Vec<u64>,
    /// `suffix[n]`: hash of the last `n` bytes, read backwards.
    suffix: Vec<u64>,
}

impl<'t> ProbedText<'t> {
    fn new(bytes: Cow<'t, [u8]>, prefixes: usize, suffixes: usize) -> ProbedText<'t> {
        let prefix = hashes(bytes.iter().copied().take(prefixes));
        let suffix = hashes(bytes.iter().rev().copied().take(suffixes));
        ProbedText {
            whole: hash_whole(&bytes),
            bytes,
            prefix,
            suffix,
        }
    }

    fn prefix_hash(&self, n: usize) -> u64 {
        match self.prefix.get(n) {
            Some(&h) => h,
            None => hash_of(self.bytes.iter().copied().take(n)),
        }
    }

    fn suffix_hash(&self, n: usize) -> u64 {
        match self.suffix.get(n) {
            Some(&h) => h,
            None => hash_of(self.bytes.iter().rev().copied().take(n)),
        }
    }
}

/// The running hash over `bytes`: the hash of the empty text first, then of each longer one.
fn hashes(bytes: impl Iterator<Item = u8>) -> Vec<u64> {
    let mut out = Vec::with_capacity(bytes.size_hint().0 + 1);
    let mut h = HASH_START;
    out.push(h);
    for b in bytes {
        h = hash_step(h, b);
        out.push(h);
    }
    out
}

/// The hash of a whole text, eight bytes a step (exact patterns need no prefix hashes).
fn hash_whole(bytes: &[u8]) -> u64 {
    let mut chunks = bytes.chunks_exact(8);
    let mut h = HASH_START ^ bytes.len() as u64;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        h = (h ^ u64::from_le_bytes(word)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        h ^= h >> 29;
    }
    chunks.remainder().iter().copied().fold(h, hash_step)
}

/// FNV-1a: cheap to extend by one byte, which gives every prefix's hash in one pass.
const HASH_START: u64 = 0xcbf2_9ce4_8422_2325;

fn hash_step(h: u64, b: u8) -> u64 {
    (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
}

fn hash_of(bytes: impl Iterator<Item = u8>) -> u64 {
    bytes.fold(HASH_START, hash_step)
}

/// Patterns of one side (actions or resources) by exact text, literal prefix or literal
/// suffix; the statements under each key ascending.
#[derive(Clone, Debug, Default)]
struct PatternIndex {
    exact: Table,
    prefix: Table,
    /// The distinct lengths of the prefixes in `prefix`, ascending.
    prefix_lens: Vec<usize>,
    suffix: Table,
    suffix_lens: Vec<usize>,
    /// Statements that are candidates whatever the text.
    always: Vec<u32>,
}

/// Keys by their hash (already a hash: the map does not hash it again), with the key's bytes
/// to tell colliding keys apart.
type Table = HashMap<u64, Vec<(Box<[u8]>, Vec<u32>)>, BuildHasherDefault<IdentityHasher>>;

impl PatternIndex {
    fn insert(&mut self, pattern: &[u8], id: u32) {
        let is_wild = |b: &u8| *b == b'*' || *b == b'?';
        let (Some(first), Some(last)) = (
            pattern.iter().position(is_wild),
            pattern.iter().rposition(is_wild),
        ) else {
            file(&mut self.exact, hash_whole(pattern), pattern, id);
            return;
        };
        let head = pattern.get(..first).unwrap_or_default();
        let tail = pattern.get(last + 1..).unwrap_or_default();
        if head.len() >= tail.len() {
            file(&mut self.prefix, hash_of(head.iter().copied()), head, id);
            add_len(&mut self.prefix_lens, head.len());
        } else {
            file(
                &mut self.suffix,
                hash_of(tail.iter().rev().copied()),
                tail,
                id,
            );
            add_len(&mut self.suffix_lens, tail.len());
        }
    }

    fn longest_prefix(&self) -> usize {
        self.prefix_lens.last().copied().unwrap_or(0)
    }

    fn longest_suffix(&self) -> usize {
        self.suffix_lens.last().copied().unwrap_or(0)
    }

    /// The non-empty buckets `text` falls into.
    fn found(&self, text: &ProbedText<'_>) -> Found<'_> {
        let len = text.bytes.len();
        let mut found = Found {
            inline: [&[]; INLINE],
            len: 0,
            spilled: Vec::new(),
            total: 0,
        };
        let mut take = |bucket| found.push(bucket);
        take(lookup(&self.exact, text.whole, &text.bytes));
        for &n in self.prefix_lens.iter().take_while(|&&n| n <= len) {
            if let Some(key) = text.bytes.get(..n) {
                take(lookup(&self.prefix, text.prefix_hash(n), key));
            }
        }
        for &n in self.suffix_lens.iter().take_while(|&&n| n <= len) {
            if let Some(key) = text.bytes.get(len - n..) {
                take(lookup(&self.suffix, text.suffix_hash(n), key));
            }
        }
        take(&self.always);
        found
    }
}

fn file(table: &mut Table, hash: u64, key: &[u8], id: u32) {
    let entries = table.entry(hash).or_default();
    match entries.iter_mut().find(|(k, _)| **k == *key) {
        Some((_, ids)) => push_unique(ids, id),
        None => entries.push((key.into(), vec![id])),
    }
}

fn lookup<'a>(table: &'a Table, hash: u64, key: &[u8]) -> &'a [u32] {
    table
        .get(&hash)
        .and_then(|entries| entries.iter().find(|(k, _)| **k == *key))
        .map(|(_, ids)| ids.as_slice())
        .unwrap_or_default()
}

/// Statements are filed in document order, so a repeat can only be the last entry.
fn push_unique(ids: &mut Vec<u32>, id: u32) {
    if ids.last() != Some(&id) {
        ids.push(id);
    }
}

fn add_len(lens: &mut Vec<usize>, n: usize) {
    if let Err(at) = lens.binary_search(&n) {
        lens.insert(at, n);
    }
}

/// The hasher of [`Table`]: its keys are hashes already.
#[derive(Clone, Copy, Debug, Default)]
struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        self.0 = bytes.iter().copied().fold(self.0, hash_step);
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}
