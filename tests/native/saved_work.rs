//! What the full playground keeps in storage (`src/saved_work.rs`), against a store in memory
//! with local storage's behaviour: the autosave round trip, an unreadable autosave kept aside
//! untouched, the previous-work stack, and stores that are full or disabled.

use bson::doc;
use sessionlab::playground::SavedPlayground;
use sessionlab::saved_work::{
    self, autosave_document, history_of, keep_document, keep_previous, lesson_of, playground_of,
    previous_work, read_stored, take_previous, write_document, KeyValueStore, MemoryStore,
    StorageProblem, Stored, PREVIOUS_KEY, PREVIOUS_MAX, STORAGE_KEY, UNREADABLE_KEY,
};

fn playground(sources: &[&str]) -> SavedPlayground {
    SavedPlayground {
        steps: sources.iter().map(|s| (1, (*s).to_owned())).collect(),
        cursor: sources.len(),
        seed: SavedPlayground::default_seed(),
    }
}

/// Autosaves `work` the way the page does.
fn autosave(store: &MemoryStore, work: &SavedPlayground) {
    write_document(store, STORAGE_KEY, &autosave_document(work, &[], None)).unwrap();
}

fn kept_sources(store: &MemoryStore) -> Vec<String> {
    previous_work(store)
        .iter()
        .map(|k| k.playground().unwrap().steps[0].1.clone())
        .collect()
}

#[test]
fn the_autosave_reads_back_what_was_written_with_the_latest_history() {
    let store = MemoryStore::default();
    let work = playground(&["db.runCommand({ startSession: 1 })", "lab.setAuth(true)"]);
    let history: Vec<String> = (0..250)
        .map(|i| format!("db.c.find({{ i: {i} }})"))
        .collect();
    write_document(
        &store,
        STORAGE_KEY,
        &autosave_document(&work, &history, None),
    )
    .unwrap();
    let Stored::Found(doc) = read_stored(&store, STORAGE_KEY) else {
        panic!("the autosave reads back");
    };
    assert_eq!(playground_of(&doc), Some(work));
    let saved_history = history_of(&doc);
    assert_eq!(saved_history.len(), saved_work::HISTORY_SAVED);
    assert_eq!(saved_history.first().unwrap(), "db.c.find({ i: 50 })");
    assert_eq!(saved_history.last().unwrap(), "db.c.find({ i: 249 })");
}

#[test]
fn an_unreadable_autosave_is_kept_aside_untouched_and_never_saved_over() {
    let store = MemoryStore::default();
    store.put_raw(STORAGE_KEY, "not base64 BSON {");
    assert_eq!(read_stored(&store, STORAGE_KEY), Stored::Unreadable);
    assert_eq!(
        store.raw(UNREADABLE_KEY).as_deref(),
        Some("not base64 BSON {")
    );
    // Work saved afterwards replaces the autosave, never the copy kept aside.
    autosave(&store, &playground(&["db.runCommand({ ping: 1 })"]));
    assert!(matches!(read_stored(&store, STORAGE_KEY), Stored::Found(_)));
    assert_eq!(
        store.raw(UNREADABLE_KEY).as_deref(),
        Some("not base64 BSON {")
    );
    // Unreadable bytes that are valid base64 but not BSON are kept aside too.
    store.put_raw(STORAGE_KEY, "AAAA");
    assert_eq!(read_stored(&store, STORAGE_KEY), Stored::Unreadable);
    assert_eq!(store.raw(UNREADABLE_KEY).as_deref(), Some("AAAA"));
}

#[test]
fn work_is_kept_aside_only_when_there_is_some_and_never_twice_in_a_row() {
    let store = MemoryStore::default();
    assert!(
        !keep_previous(&store, "a link opened", 1.0),
        "nothing saved yet"
    );
    autosave(&store, &playground(&[]));
    assert!(
        !keep_previous(&store, "a link opened", 2.0),
        "an empty playground"
    );
    assert!(previous_work(&store).is_empty());

    autosave(&store, &playground(&["first"]));
    assert!(keep_previous(&store, "a link opened", 3.0));
    assert!(
        keep_previous(&store, "a file opened", 4.0),
        "already on top"
    );
    let kept = previous_work(&store);
    assert_eq!(kept.len(), 1, "the same work is not kept twice in a row");
    assert_eq!(kept[0].why, "a link opened");
    assert!(
        (kept[0].at - 3.0).abs() < f64::EPSILON,
        "kept at the first time"
    );
}

#[test]
fn the_stack_keeps_the_newest_five() {
    let store = MemoryStore::default();
    for i in 0..7 {
        autosave(&store, &playground(&[&format!("work {i}")]));
        assert!(keep_previous(&store, "a link opened", f64::from(i)));
    }
    assert_eq!(PREVIOUS_MAX, 5);
    assert_eq!(
        kept_sources(&store),
        ["work 6", "work 5", "work 4", "work 3", "work 2"]
    );
}

#[test]
fn bringing_work_back_keeps_what_was_open_aside_first() {
    let store = MemoryStore::default();
    for name in ["older", "old"] {
        autosave(&store, &playground(&[name]));
        keep_previous(&store, "a link opened", 1.0);
    }
    autosave(&store, &playground(&["current"]));
    let (back, _) = take_previous(&store, 1, 2.0).expect("entry 1 exists");
    assert_eq!(back, playground(&["older"]));
    assert_eq!(kept_sources(&store), ["current", "old"]);
    let top = &previous_work(&store)[0];
    assert_eq!(top.why, "replaced by work brought back");
    assert_eq!(take_previous(&store, 9, 3.0), None, "no such entry");
}

#[test]
fn work_brought_back_comes_with_its_lesson_and_a_document_can_be_put_back_on_top() {
    let store = MemoryStore::default();
    let lesson = doc! { "id": "kill-by-user", "fingerprint": "0123456789abcdef" };
    let with_lesson = autosave_document(&playground(&["lesson step"]), &[], Some(lesson.clone()));
    write_document(&store, STORAGE_KEY, &with_lesson).unwrap();
    assert!(keep_previous(&store, "a link opened", 1.0));
    autosave(&store, &playground(&["current"]));
    let (back, doc) = take_previous(&store, 0, 2.0).expect("the entry");
    assert_eq!(back, playground(&["lesson step"]));
    assert_eq!(
        lesson_of(&doc),
        Some(&lesson),
        "the lesson in progress comes back with it"
    );
    assert_eq!(kept_sources(&store), ["current"]);
    // Its lesson could not be loaded: the page puts it back on top, once.
    assert!(keep_document(
        &store,
        doc.clone(),
        "its lesson could not be loaded",
        3.0
    ));
    assert!(keep_document(
        &store,
        doc,
        "its lesson could not be loaded",
        4.0
    ));
    assert_eq!(kept_sources(&store), ["lesson step", "current"]);
    assert_eq!(
        previous_work(&store)[0].why,
        "its lesson could not be loaded"
    );
    let empty = autosave_document(&playground(&[]), &[], None);
    assert!(
        !keep_document(&store, empty, "nothing to keep", 5.0),
        "work without steps is not kept"
    );
}

#[test]
fn a_newer_versions_work_is_kept_aside_as_it_was() {
    let store = MemoryStore::default();
    let newer = doc! { "playground": { "steps": [{ "console": 1, "code": "x" }], "format": 3 } };
    write_document(&store, STORAGE_KEY, &newer).unwrap();
    assert!(keep_previous(&store, "a link opened", 1.0));
    assert_eq!(previous_work(&store)[0].saved, newer);
    assert_eq!(previous_work(&store)[0].playground(), None);
}

#[test]
fn a_full_store_says_so_and_nothing_claims_to_be_kept() {
    let store = MemoryStore::with_capacity(400);
    autosave(&store, &playground(&["db.runCommand({ ping: 1 })"]));
    let big = playground(&[&"x".repeat(500)]);
    assert_eq!(
        write_document(&store, STORAGE_KEY, &autosave_document(&big, &[], None)),
        Err(StorageProblem::Full)
    );
    // The previous stack does not fit next to the autosave: keeping aside fails, and says so.
    let small =
        MemoryStore::with_capacity(store.raw(STORAGE_KEY).unwrap().len() + STORAGE_KEY.len() + 10);
    autosave(&small, &playground(&["db.runCommand({ ping: 1 })"]));
    assert!(!keep_previous(&small, "a link opened", 1.0));
    assert_eq!(small.raw(PREVIOUS_KEY), None);
}

#[test]
fn a_disabled_store_reads_nothing_and_refuses_every_write() {
    let store = MemoryStore::disabled();
    assert_eq!(
        store.set(STORAGE_KEY, "x"),
        Err(StorageProblem::Unavailable)
    );
    assert_eq!(read_stored(&store, STORAGE_KEY), Stored::Nothing);
    assert!(!keep_previous(&store, "a link opened", 1.0));
    assert!(StorageProblem::Unavailable
        .sentence()
        .contains("storage is disabled"));
}

#[test]
fn branches_are_kept_with_the_autosave_within_the_step_limit() {
    use sessionlab::saved_work::{branches_of, with_branches};
    let one = playground(&["db.a.insertOne({})", "db.b.insertOne({})"]);
    let two = playground(&["db.a.insertOne({})", "db.c.insertOne({})"]);
    let mut doc = autosave_document(&playground(&["db.a.insertOne({})"]), &[], None);
    with_branches(&mut doc, &[(1, one.clone()), (1, two.clone())]);
    assert_eq!(
        branches_of(&doc),
        vec![(1, one.clone()), (1, two.clone())],
        "newest last, as kept"
    );
    // The newest branches whose steps fit in MAX_STEPS: an old, huge one is left out.
    let huge = SavedPlayground {
        steps: vec![(1, "db.x.insertOne({})".to_owned()); SavedPlayground::MAX_STEPS],
        cursor: 0,
        seed: SavedPlayground::default_seed(),
    };
    let mut doc = autosave_document(&one, &[], None);
    with_branches(&mut doc, &[(0, huge), (1, two.clone())]);
    assert_eq!(branches_of(&doc), vec![(1, two)]);
    // No branches, no field; an unreadable one is left out.
    let mut doc = autosave_document(&one, &[], None);
    with_branches(&mut doc, &[]);
    assert!(!doc.contains_key("branches"));
    doc.insert("branches", vec![bson::Bson::String("not a branch".into())]);
    assert!(branches_of(&doc).is_empty());
}
