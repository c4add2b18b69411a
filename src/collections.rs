//! The maps and sets the engine and shell use: insertion-ordered (`indexmap`) with a fixed,
//! fast hasher (`rustc-hash`'s Fx), so iteration order depends only on the inputs (never on an
//! OS random seed), lookups by session id stay cheap at 100k sessions, and the WebAssembly
//! build carries one shared hash-table implementation instead of one B-tree per key type.
//! (Hash flooding is not a concern: every key comes from the user's own playground.)
//!
//! And the crate's one stable sort, [`sort_by`], for the same reason: each element type and
//! closure handed to the standard library's sort is a copy of it, about 4 KB of WebAssembly.

use rustc_hash::FxHasher;
use std::cmp::Ordering;
use std::hash::BuildHasherDefault;

/// An insertion-ordered map with a deterministic hasher.
pub type Map<K, V> = indexmap::IndexMap<K, V, BuildHasherDefault<FxHasher>>;

/// An insertion-ordered set with a deterministic hasher.
pub type Set<T> = indexmap::IndexSet<T, BuildHasherDefault<FxHasher>>;

/// Sorts `items` stably (equal items keep their order) by `compare`, with one copy of the
/// standard library's stable sort for the whole crate: it orders the positions, and the items
/// are then moved into that order.
pub fn sort_by<T>(items: &mut Vec<T>, compare: impl Fn(&T, &T) -> Ordering) {
    let order = sorted_positions(items.len(), &|a, b| compare(&items[a], &items[b]));
    let mut slots: Vec<Option<T>> = std::mem::take(items).into_iter().map(Some).collect();
    items.extend(order.into_iter().filter_map(|at| slots[at].take()));
}

/// `0..len` stably sorted by `compare` of two positions: the only instance of the sort.
fn sorted_positions(len: usize, compare: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut positions: Vec<usize> = (0..len).collect();
    positions.sort_by(|&a, &b| compare(a, b));
    positions
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_stably_and_keeps_every_item() {
        let mut items = vec![(3, "a"), (1, "b"), (3, "c"), (2, "d"), (1, "e")];
        sort_by(&mut items, |x, y| x.0.cmp(&y.0));
        assert_eq!(items, [(1, "b"), (1, "e"), (2, "d"), (3, "a"), (3, "c")]);
        let mut none: Vec<u8> = Vec::new();
        sort_by(&mut none, Ord::cmp);
        assert!(none.is_empty());
    }
}
