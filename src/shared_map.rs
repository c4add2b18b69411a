//! An insertion-ordered map whose clones share what did not change: the session tables of a
//! deployment. The timeline keeps a snapshot of the deployment every few steps, and a step
//! touches a few sessions among thousands; with [`crate::collections::Map`] every snapshot was
//! a whole copy (10,000 sessions and 200 steps held 78 MB in the browser; now 13.7 MB).
//!
//! The entries live in chunks of [`CHUNK`] and the index in [`SHARDS`] shards chosen by the
//! key's hash, each chunk and shard behind an `Rc`: a clone copies the two lists of pointers,
//! and a change copies only the chunk and the shard it touches, when a clone still shares them
//! (`Rc::make_mut`). A shard is a `hashbrown` table of positions alone: a key is kept once, in
//! its entry, and found by its hash and a comparison with the entry at the position (an
//! `IndexMap<K, usize>` per shard kept every key twice: 481 bytes per idle session, now 231).
//! The sizes were measured on that playground (50 new sessions a step): 1,024 shards of chunks
//! of 256 keep 19.2 MB natively, 256 or 4,096 shards 19.5 and 21.0 MB. A persistent map from a
//! crate (`imbl`'s hash trie and RRB vector) did the same and added 13,284 B to the gzipped
//! app, where this reuses the hash table the app already carries.
//!
//! The order is [`indexmap`]'s, operation by operation (`insert` appends, `swap_remove` moves
//! the last entry into the gap, `retain` keeps the order), so transcripts read the same as with
//! `Map`; `tests/native/shared_map.rs` checks it against `IndexMap` on random operations.

use hashbrown::HashTable;
use std::fmt;
use std::hash::{BuildHasher, BuildHasherDefault, Hash};
use std::rc::Rc;

/// Entries per chunk.
const CHUNK: usize = 256;
/// Index shards (a power of two).
const SHARDS: usize = 1024;

/// An insertion-ordered map with shared storage (see the module's documentation).
#[derive(Clone)]
pub struct SharedMap<K, V> {
    chunks: Vec<Chunk<K, V>>,
    shards: Vec<Rc<Index>>,
    len: usize,
}

impl<K, V> Default for SharedMap<K, V> {
    fn default() -> Self {
        // Every shard starts as the same empty table; the first write to one copies it.
        let empty = Rc::new(Index::new());
        Self {
            chunks: Vec::new(),
            shards: vec![empty; SHARDS],
            len: 0,
        }
    }
}

impl<K: fmt::Debug, V: fmt::Debug> fmt::Debug for SharedMap<K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<K, V> SharedMap<K, V> {
    /// How many entries.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there is no entry.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The entries in order (an exact-size iterator, so what is collected from it is
    /// allocated once: a kill report collects one entry per session).
    pub fn iter(&self) -> Iter<'_, K, V> {
        Iter {
            chunks: self.chunks.iter(),
            chunk: [].iter(),
            left: self.len,
        }
    }

    /// The keys in order.
    pub fn keys(&self) -> impl ExactSizeIterator<Item = &K> {
        self.iter().map(|(key, _)| key)
    }

    /// The values in order.
    pub fn values(&self) -> impl ExactSizeIterator<Item = &V> {
        self.iter().map(|(_, value)| value)
    }
}

/// An index shard: the positions of its keys, found by the key's hash and compared with the
/// entry at the position (the key itself is kept once, in its chunk).
type Index = HashTable<usize>;

/// The entry at a position.
fn entry_in<K, V>(chunks: &[Chunk<K, V>], at: usize) -> Option<&(K, V)> {
    chunks.get(at / CHUNK)?.get(at % CHUNK)
}

/// The index shard of a hash.
fn shard_for(hash: u64) -> usize {
    // Mixed again before the top bits are taken: on a 32-bit target (WebAssembly) Fx's hash has
    // nothing in its high half, which put every key in one shard; and the shard's own table
    // takes its tags from the hash's top bits, which a plain `hash >> 54` would make the same
    // for every key of a shard.
    let mixed = (hash ^ (hash >> 32)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    usize::try_from(mixed >> (64 - SHARDS.trailing_zeros())).unwrap_or(0)
}

impl<K: Clone + Hash + Eq, V: Clone> SharedMap<K, V> {
    fn hash(key: &K) -> u64 {
        BuildHasherDefault::<rustc_hash::FxHasher>::default().hash_one(key)
    }

    fn entry_at_mut(&mut self, at: usize) -> Option<&mut (K, V)> {
        Rc::make_mut(self.chunks.get_mut(at / CHUNK)?).get_mut(at % CHUNK)
    }

    /// The position of the key with this hash.
    fn find(&self, hash: u64, key: &K) -> Option<usize> {
        let chunks = &self.chunks;
        self.shards[shard_for(hash)]
            .find(hash, |&at| {
                entry_in(chunks, at).is_some_and(|(k, _)| k == key)
            })
            .copied()
    }

    /// Indexes the entry already stored at `at`, whose key has this hash.
    fn index(&mut self, hash: u64, at: usize) {
        let Self { chunks, shards, .. } = self;
        // Growing the table hashes its keys again, read from their entries.
        let rehash = |&p: &usize| entry_in(chunks, p).map_or(0, |(k, _)| Self::hash(k));
        Rc::make_mut(&mut shards[shard_for(hash)]).insert_unique(hash, at, rehash);
    }

    /// Drops the index's entry for position `at` (whose key has this hash), if it has one.
    /// Every caller has just found the position there or removed it itself, so the shard is
    /// changed anyway and is made unique without looking it up twice.
    fn unindex(&mut self, hash: u64, at: usize) {
        let shard = Rc::make_mut(&mut self.shards[shard_for(hash)]);
        if let Ok(found) = shard.find_entry(hash, |&p| p == at) {
            found.remove();
        }
    }

    /// Adds an entry at the end (its key has this hash and no entry yet).
    fn push(&mut self, hash: u64, key: K, value: V) -> usize {
        let at = self.len;
        match self.chunks.last_mut() {
            Some(chunk) if chunk.len() < CHUNK => Rc::make_mut(chunk).push((key, value)),
            _ => {
                let mut chunk = Vec::with_capacity(CHUNK);
                chunk.push((key, value));
                self.chunks.push(Rc::new(chunk));
            }
        }
        self.len += 1;
        self.index(hash, at);
        at
    }

    /// Takes the last entry out, index and all.
    fn pop(&mut self) -> Option<(K, V)> {
        let last = self.chunks.last_mut()?;
        let entry = Rc::make_mut(last).pop()?;
        if last.is_empty() {
            self.chunks.pop();
        }
        self.len -= 1;
        self.unindex(Self::hash(&entry.0), self.len);
        Some(entry)
    }

    /// The entry's position in insertion order.
    pub fn get_index_of(&self, key: &K) -> Option<usize> {
        self.find(Self::hash(key), key)
    }

    /// Whether `key` has an entry.
    pub fn contains_key(&self, key: &K) -> bool {
        self.get_index_of(key).is_some()
    }

    /// The value of `key`.
    pub fn get(&self, key: &K) -> Option<&V> {
        entry_in(&self.chunks, self.get_index_of(key)?).map(|(_, value)| value)
    }

    /// The value of `key`, to change (copying its chunk first if a clone shares it).
    pub fn get_mut(&mut self, key: &K) -> Option<&mut V> {
        let at = self.get_index_of(key)?;
        self.entry_at_mut(at).map(|(_, value)| value)
    }

    /// Sets `key`'s value: in its place when it has one (returning the old value), else at
    /// the end.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        let hash = Self::hash(&key);
        if let Some(at) = self.find(hash, &key) {
            return self
                .entry_at_mut(at)
                .map(|(_, slot)| std::mem::replace(slot, value));
        }
        self.push(hash, key, value);
        None
    }

    /// The value of `key`, added at the end from `make` when it has none.
    pub fn get_or_insert_with(&mut self, key: K, make: impl FnOnce() -> V) -> &mut V {
        let hash = Self::hash(&key);
        let at = match self.find(hash, &key) {
            Some(at) => at,
            None => self.push(hash, key, make()),
        };
        match self.entry_at_mut(at) {
            Some((_, value)) => value,
            None => unreachable!("a position always names an entry"),
        }
    }

    /// Removes `key`'s entry; the last entry takes its place (`IndexMap::swap_remove`).
    pub fn swap_remove(&mut self, key: &K) -> Option<V> {
        let hash = Self::hash(key);
        let at = self.find(hash, key)?;
        self.unindex(hash, at);
        let (last_key, last_value) = self.pop()?;
        if at == self.len {
            return Some(last_value);
        }
        let moved = Self::hash(&last_key);
        let slot = self.entry_at_mut(at)?;
        let (_, removed) = std::mem::replace(slot, (last_key, last_value));
        // Indexed once the entry is in place (growing the shard reads the keys at positions).
        self.index(moved, at);
        Some(removed)
    }

    /// Keeps the entries for which `keep` holds, in their order (`IndexMap::retain`); `keep`
    /// sees each entry once.
    pub fn retain(&mut self, mut keep: impl FnMut(&K, &V) -> bool) {
        let Some(first_gone) = self.iter().position(|(k, v)| !keep(k, v)) else {
            return;
        };
        let mut tail = Vec::with_capacity(self.len - first_gone);
        while self.len > first_gone {
            if let Some(entry) = self.pop() {
                tail.push(entry);
            }
        }
        // `tail` is in reverse order; its last element is the entry `keep` refused.
        tail.pop();
        while let Some((key, value)) = tail.pop() {
            if keep(&key, &value) {
                self.push(Self::hash(&key), key, value);
            }
        }
    }

    /// How many of the chunks and shards that hold this map are the very ones that hold
    /// `other`, out of how many this map has (the sharing between two snapshots; for tests and
    /// memory figures).
    pub fn storage_shared_with(&self, other: &Self) -> (usize, usize) {
        fn same<T>(ours: &[Rc<T>], theirs: &[Rc<T>]) -> usize {
            ours.iter()
                .zip(theirs)
                .filter(|(a, b)| Rc::ptr_eq(a, b))
                .count()
        }
        let shared = same(&self.chunks, &other.chunks) + same(&self.shards, &other.shards);
        (shared, self.chunks.len() + self.shards.len())
    }

    /// The most keys one index shard holds. A change copies the shard it touches when a clone
    /// shares it, so this bounds what a snapshot pays for an index change (the tests check that
    /// the keys spread, in WebAssembly too).
    pub fn largest_shard(&self) -> usize {
        self.shards
            .iter()
            .map(|shard| shard.len())
            .max()
            .unwrap_or(0)
    }
}

/// The entries of a [`SharedMap`] in order.
pub struct Iter<'a, K, V> {
    chunks: std::slice::Iter<'a, Chunk<K, V>>,
    chunk: std::slice::Iter<'a, (K, V)>,
    left: usize,
}

impl<'a, K, V> Iterator for Iter<'a, K, V> {
    type Item = (&'a K, &'a V);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some((key, value)) = self.chunk.next() {
                self.left -= 1;
                return Some((key, value));
            }
            self.chunk = self.chunks.next()?.iter();
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl<K, V> ExactSizeIterator for Iter<'_, K, V> {}

/// A chunk of entries, shared between clones.
type Chunk<K, V> = Rc<Vec<(K, V)>>;
/// A chunk's entries, copied out if a clone still shares it.
type Unchunk<K, V> = fn(Chunk<K, V>) -> Vec<(K, V)>;

impl<K: Clone, V: Clone> IntoIterator for SharedMap<K, V> {
    type Item = (K, V);
    type IntoIter = std::iter::FlatMap<
        std::vec::IntoIter<Chunk<K, V>>,
        Vec<(K, V)>,
        fn(Chunk<K, V>) -> Vec<(K, V)>,
    >;

    fn into_iter(self) -> Self::IntoIter {
        let unwrap: Unchunk<K, V> = Rc::unwrap_or_clone;
        self.chunks.into_iter().flat_map(unwrap)
    }
}

impl<'a, K, V> IntoIterator for &'a SharedMap<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = Iter<'a, K, V>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<K: Clone + Hash + Eq, V: Clone> FromIterator<(K, V)> for SharedMap<K, V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(entries: I) -> Self {
        let mut map = Self::default();
        for (key, value) in entries {
            map.insert(key, value);
        }
        map
    }
}
