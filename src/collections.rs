//! The maps and sets the engine and shell use: insertion-ordered (`indexmap`) with a fixed,
//! fast hasher (`rustc-hash`'s Fx), so iteration order depends only on the inputs (never on an
//! OS random seed), lookups by session id stay cheap at 100k sessions, and the WebAssembly
//! build carries one shared hash-table implementation instead of one B-tree per key type.
//! (Hash flooding is not a concern: every key comes from the user's own playground.)

use rustc_hash::FxHasher;
use std::hash::BuildHasherDefault;

/// An insertion-ordered map with a deterministic hasher.
pub type Map<K, V> = indexmap::IndexMap<K, V, BuildHasherDefault<FxHasher>>;

/// An insertion-ordered set with a deterministic hasher.
pub type Set<T> = indexmap::IndexSet<T, BuildHasherDefault<FxHasher>>;
