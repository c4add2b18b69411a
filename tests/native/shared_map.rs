//! `SharedMap` keeps `IndexMap`'s order operation by operation (so transcripts read the same),
//! and a clone is an independent value that shares storage until either side changes.

use proptest::prelude::*;
use sessionlab::collections::Map;
use sessionlab::shared_map::SharedMap;

/// A snapshot and what it held when it was taken.
type Snapshot = (SharedMap<u8, u16>, Vec<(u8, u16)>);

#[derive(Debug, Clone)]
enum Op {
    Insert(u8, u16),
    SwapRemove(u8),
    Retain(u8),
    Bump(u8),
    GetOrInsert(u8, u16),
    Snapshot,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0u8..40, any::<u16>()).prop_map(|(k, v)| Op::Insert(k, v)),
        2 => (0u8..40).prop_map(Op::SwapRemove),
        1 => (2u8..6).prop_map(Op::Retain),
        2 => (0u8..40).prop_map(Op::Bump),
        2 => (0u8..40, any::<u16>()).prop_map(|(k, v)| Op::GetOrInsert(k, v)),
        1 => Just(Op::Snapshot),
    ]
}

proptest! {
    #[test]
    fn it_keeps_indexmaps_order_and_snapshots_never_change(ops in proptest::collection::vec(op(), 0..200)) {
        let mut shared: SharedMap<u8, u16> = SharedMap::default();
        let mut model: Map<u8, u16> = Map::default();
        let mut snapshots: Vec<Snapshot> = Vec::new();
        for op in ops {
            match op {
                Op::Insert(k, v) => prop_assert_eq!(shared.insert(k, v), model.insert(k, v)),
                Op::SwapRemove(k) => prop_assert_eq!(shared.swap_remove(&k), model.swap_remove(&k)),
                Op::Retain(m) => {
                    let (mut seen_shared, mut seen_model) = (Vec::new(), Vec::new());
                    shared.retain(|k, v| { seen_shared.push(*k); u16::from(*k).wrapping_add(*v) % u16::from(m) != 0 });
                    model.retain(|k, v| { seen_model.push(*k); u16::from(*k).wrapping_add(*v) % u16::from(m) != 0 });
                    prop_assert_eq!(seen_shared, seen_model, "each entry is asked once, in order");
                }
                Op::Bump(k) => {
                    if let (Some(a), Some(b)) = (shared.get_mut(&k), model.get_mut(&k)) {
                        *a = a.wrapping_add(1);
                        *b = b.wrapping_add(1);
                    }
                }
                Op::GetOrInsert(k, v) => {
                    let a = *shared.get_or_insert_with(k, || v);
                    let b = *model.entry(k).or_insert(v);
                    prop_assert_eq!(a, b);
                }
                Op::Snapshot => {
                    let contents = shared.iter().map(|(k, v)| (*k, *v)).collect();
                    snapshots.push((shared.clone(), contents));
                }
            }
            let mine: Vec<(u8, u16)> = shared.iter().map(|(k, v)| (*k, *v)).collect();
            let theirs: Vec<(u8, u16)> = model.iter().map(|(k, v)| (*k, *v)).collect();
            prop_assert_eq!(&mine, &theirs);
            prop_assert_eq!(shared.len(), model.len());
            for (k, _) in &theirs {
                prop_assert_eq!(shared.get_index_of(k), model.get_index_of(k));
                prop_assert_eq!(shared.get(k), model.get(k));
            }
        }
        for (snapshot, contents) in snapshots {
            let now: Vec<(u8, u16)> = snapshot.iter().map(|(k, v)| (*k, *v)).collect();
            prop_assert_eq!(&now, &contents, "a snapshot is not changed by what came after it");
            for (k, v) in &contents {
                prop_assert_eq!(snapshot.get(k), Some(v));
            }
        }
    }
}

#[test]
fn consuming_and_collecting_keep_the_order() {
    let map: SharedMap<&str, i32> = [("b", 2), ("a", 1), ("c", 3), ("a", 9)]
        .into_iter()
        .collect();
    assert_eq!(map.keys().copied().collect::<Vec<_>>(), ["b", "a", "c"]);
    assert_eq!(
        map.into_iter().collect::<Vec<_>>(),
        [("b", 2), ("a", 9), ("c", 3)]
    );
}

#[test]
fn a_snapshot_shares_all_but_what_a_step_changed() {
    let mut map: SharedMap<u32, u64> = (0..10_000).map(|k| (k, u64::from(k))).collect();
    let snapshot = map.clone();
    let (shared, parts) = map.storage_shared_with(&snapshot);
    assert_eq!(shared, parts, "a clone shares everything");
    // A step: one value changed, one entry added.
    *map.get_mut(&42).unwrap() += 1;
    map.insert(10_000, 0);
    // The changed entry's chunk, the last chunk (where the new entry went) and the new key's
    // index shard are copies; everything else is still shared.
    assert_eq!(map.storage_shared_with(&snapshot), (parts - 3, parts));
    assert_eq!(snapshot.get(&42), Some(&42));
    assert_eq!(snapshot.get(&10_000), None);
    assert_eq!(map.get(&42), Some(&43));
}

#[test]
fn keys_spread_over_the_index_shards() {
    // 10,000 keys over 256 shards: about 39 each. Had they gathered in a few shards, every
    // snapshot would copy most of the index when a step adds one session.
    let counting: SharedMap<u32, u64> = (0..10_000).map(|k| (k, 0)).collect();
    assert!(
        counting.largest_shard() < 80,
        "{}",
        counting.largest_shard()
    );
    let spread: SharedMap<u64, u64> = (0..10_000u64)
        .map(|k| (k.wrapping_mul(0x2545_F491_4F6C_DD1D), 0))
        .collect();
    assert!(spread.largest_shard() < 80, "{}", spread.largest_shard());
}

#[test]
fn many_keys_per_shard_keep_indexmaps_order_through_growth_and_removals() {
    // Tens of keys per index shard, so the shards' tables grow (and hash their keys again) in
    // between swap-removals, retains and snapshots; checked against `IndexMap` as it goes.
    let mut shared: SharedMap<u32, u32> = SharedMap::default();
    let mut model: Map<u32, u32> = Map::default();
    let mut snapshots = Vec::new();
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    let mut next = || {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        u32::try_from(seed >> 33).unwrap_or(0)
    };
    for round in 0..60_000u32 {
        let key = next() % 40_000;
        match next() % 10 {
            0..=5 => assert_eq!(shared.insert(key, round), model.insert(key, round)),
            6..=8 => assert_eq!(shared.swap_remove(&key), model.swap_remove(&key)),
            _ if round % 5_000 == 9 => {
                shared.retain(|k, v| (k ^ v) % 7 != 0);
                model.retain(|k, v| (*k ^ *v) % 7 != 0);
            }
            _ => assert_eq!(shared.get_index_of(&key), model.get_index_of(&key)),
        }
        if round % 10_000 == 0 {
            let contents: Vec<(u32, u32)> = model.iter().map(|(k, v)| (*k, *v)).collect();
            snapshots.push((shared.clone(), contents));
        }
    }
    assert!(shared.largest_shard() > 16, "the shards grew several times");
    let mine: Vec<(u32, u32)> = shared.iter().map(|(k, v)| (*k, *v)).collect();
    let theirs: Vec<(u32, u32)> = model.iter().map(|(k, v)| (*k, *v)).collect();
    assert_eq!(mine, theirs);
    for key in 0..40_000 {
        assert_eq!(
            shared.get_index_of(&key),
            model.get_index_of(&key),
            "key {key}"
        );
    }
    for (snapshot, contents) in snapshots {
        let now: Vec<(u32, u32)> = snapshot.iter().map(|(k, v)| (*k, *v)).collect();
        assert_eq!(
            now, contents,
            "a snapshot is not changed by what came after it"
        );
        for (k, v) in &contents {
            assert_eq!(snapshot.get(k), Some(v));
        }
    }
}
