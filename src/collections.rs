//! The maps and sets the engine and shell use: insertion-ordered (`indexmap`) with a fixed
//! hasher, so iteration order depends only on the inputs (never on an OS random seed), and so
//! the WebAssembly build carries one shared hash-table implementation instead of one B-tree
//! per key type.

use std::hash::{BuildHasherDefault, DefaultHasher};

/// An insertion-ordered map with a deterministic hasher.
pub type Map<K, V> = indexmap::IndexMap<K, V, BuildHasherDefault<DefaultHasher>>;

/// An insertion-ordered set with a deterministic hasher.
pub type Set<T> = indexmap::IndexSet<T, BuildHasherDefault<DefaultHasher>>;
