//! What the full playground keeps in the browser's storage, and the rules for it, without the
//! browser (`tests/native/saved_work.rs` tests them against [`MemoryStore`]; `ui::persist` runs
//! them against local storage):
//!
//! - the autosave (`{ playground, history }` as base64 BSON: the app carries no JSON library);
//! - an autosave this version cannot read is copied, untouched, to [`UNREADABLE_KEY`] before
//!   anything could be saved over it;
//! - the previous-work stack: up to [`PREVIOUS_MAX`] playgrounds that something replaced,
//!   newest first; work is kept aside only when there is some, the same work is not kept twice
//!   in a row, and bringing an entry back keeps what was open aside first;
//! - a store that is disabled or full says which ([`StorageProblem`]); nothing claims to have
//!   kept what it did not write.

use crate::playground::SavedPlayground;
use base64::Engine as _;
use bson::{doc, Bson, Document};
use std::cell::RefCell;
use std::collections::BTreeMap;

/// Storage key of the autosave.
pub const STORAGE_KEY: &str = "sessionlab:autosave:v2";
/// Where an unreadable autosave is copied, untouched, before anything is saved over it.
pub const UNREADABLE_KEY: &str = "sessionlab:autosave:unreadable";
/// Where work that something replaced is kept: a short stack, newest first.
pub const PREVIOUS_KEY: &str = "sessionlab:previous:v1";
/// How many replaced playgrounds are kept.
pub const PREVIOUS_MAX: usize = 5;
/// How many console history entries the autosave keeps (the latest).
pub const HISTORY_SAVED: usize = 200;

/// A string store with the browser's local-storage semantics.
pub trait KeyValueStore {
    /// The value of `key`, if the store has one (a disabled store has none).
    fn get(&self, key: &str) -> Option<String>;
    /// Stores `value` under `key`.
    ///
    /// # Errors
    /// Why it could not be stored.
    fn set(&self, key: &str, value: &str) -> Result<(), StorageProblem>;
}

/// Why storage could not be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StorageProblem {
    /// The browser gives no local storage (disabled, or a private mode that refuses it).
    Unavailable,
    /// Writing failed (the storage is full).
    Full,
}

impl StorageProblem {
    /// What the page says about it.
    #[must_use]
    pub fn sentence(self) -> &'static str {
        match self {
            StorageProblem::Unavailable => "This browser does not let Session Lab save your work (its storage is disabled). Copy a link or export a scenario to keep it.",
            StorageProblem::Full => "Your work could not be saved: the browser's storage for this site is full. Copy a link or export a scenario to keep it.",
        }
    }
}

/// What a key holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Stored {
    /// Nothing.
    Nothing,
    /// A readable document.
    Found(Document),
    /// Something this version cannot read; an unreadable autosave has been kept aside (see
    /// [`UNREADABLE_KEY`]).
    Unreadable,
}

/// Reads `key`; an autosave that cannot be read is copied to [`UNREADABLE_KEY`] (once) so that
/// it is never lost.
pub fn read_stored(store: &impl KeyValueStore, key: &str) -> Stored {
    let Some(text) = store.get(key) else {
        return Stored::Nothing;
    };
    let doc = base64::engine::general_purpose::STANDARD
        .decode(&text)
        .ok()
        .and_then(|bytes| crate::bson_input::read_document(&bytes).ok());
    if let Some(doc) = doc {
        return Stored::Found(doc);
    }
    if key == STORAGE_KEY && store.get(UNREADABLE_KEY).as_deref() != Some(text.as_str()) {
        let _ = store.set(UNREADABLE_KEY, &text);
    }
    Stored::Unreadable
}

/// Reads a document stored by [`write_document`].
pub fn read_document(store: &impl KeyValueStore, key: &str) -> Option<Document> {
    match read_stored(store, key) {
        Stored::Found(doc) => Some(doc),
        _ => None,
    }
}

/// Stores a document as base64 BSON.
///
/// # Errors
/// Why it could not be stored.
pub fn write_document(
    store: &impl KeyValueStore,
    key: &str,
    doc: &Document,
) -> Result<(), StorageProblem> {
    let bytes = doc.to_vec().map_err(|_| StorageProblem::Full)?;
    store.set(
        key,
        &base64::engine::general_purpose::STANDARD.encode(bytes),
    )
}

/// The autosave's document: the timeline, the latest [`HISTORY_SAVED`] history entries, and
/// the lesson in progress, if any.
#[must_use]
pub fn autosave_document(
    playground: &SavedPlayground,
    history: &[String],
    lesson: Option<Document>,
) -> Document {
    let from = history.len().saturating_sub(HISTORY_SAVED);
    let history: Vec<Bson> = history[from..]
        .iter()
        .map(|h| Bson::String(h.clone()))
        .collect();
    let mut doc = doc! { "playground": playground.to_document(), "history": history };
    if let Some(lesson) = lesson {
        doc.insert("lesson", lesson);
    }
    doc
}

/// Adds the branches (`(steps shared, whole timeline)`, newest last) to an autosave document:
/// the newest ones whose steps together stay within [`SavedPlayground::MAX_STEPS`], so the
/// stored entry stays bounded.
pub fn with_branches(doc: &mut Document, branches: &[(usize, SavedPlayground)]) {
    let mut steps = 0;
    let mut kept: Vec<Bson> = branches
        .iter()
        .rev()
        .take_while(|(_, saved)| {
            steps += saved.steps.len();
            steps <= SavedPlayground::MAX_STEPS
        })
        .map(|(at, saved)| {
            Bson::Document(doc! {
                "at": i64::try_from(*at).unwrap_or(i64::MAX),
                "playground": saved.to_document(),
            })
        })
        .collect();
    kept.reverse();
    if !kept.is_empty() {
        doc.insert("branches", kept);
    }
}

/// The branches of a saved document, newest last (any that cannot be read are left out).
#[must_use]
pub fn branches_of(doc: &Document) -> Vec<(usize, SavedPlayground)> {
    doc.get_array("branches")
        .map(|list| {
            list.iter()
                .filter_map(|b| {
                    let b = b.as_document()?;
                    let saved = SavedPlayground::from_document(b.get_document("playground").ok()?)?;
                    let at = usize::try_from(b.get_i64("at").ok()?)
                        .ok()?
                        .min(saved.steps.len());
                    Some((at, saved))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The lesson in progress of a saved document, if any (what
/// `crate::lessons::active::SavedLesson` writes).
#[must_use]
pub fn lesson_of(doc: &Document) -> Option<&Document> {
    doc.get_document("lesson").ok()
}

/// The playground of a saved document (`{ playground, history }`).
#[must_use]
pub fn playground_of(doc: &Document) -> Option<SavedPlayground> {
    doc.get_document("playground")
        .ok()
        .and_then(SavedPlayground::from_document)
}

/// The console history of a saved document.
#[must_use]
pub fn history_of(doc: &Document) -> Vec<String> {
    doc.get_array("history")
        .map(|h| {
            h.iter()
                .filter_map(|e| e.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// One playground kept aside.
#[derive(Debug, Clone, PartialEq)]
pub struct KeptWork {
    /// What replaced it ("a link opened", "a file opened", …).
    pub why: String,
    /// When, as the browser's clock (ms since the epoch; display only).
    pub at: f64,
    /// The saved document (`{ playground, history }`).
    pub saved: Document,
}

impl KeptWork {
    /// Its playground.
    #[must_use]
    pub fn playground(&self) -> Option<SavedPlayground> {
        playground_of(&self.saved)
    }
}

/// The playgrounds kept aside, newest first.
pub fn previous_work(store: &impl KeyValueStore) -> Vec<KeptWork> {
    read_document(store, PREVIOUS_KEY)
        .and_then(|d| d.get_array("entries").ok().cloned())
        .unwrap_or_default()
        .into_iter()
        .filter_map(|entry| {
            let entry = entry.as_document()?;
            Some(KeptWork {
                why: entry.get_str("why").unwrap_or("replaced").to_owned(),
                at: entry.get_f64("at").unwrap_or(0.0),
                saved: entry.get_document("saved").ok()?.clone(),
            })
        })
        .collect()
}

fn write_previous(store: &impl KeyValueStore, entries: &[KeptWork]) -> Result<(), StorageProblem> {
    let entries: Vec<Bson> = entries
        .iter()
        .map(|e| {
            Bson::Document(doc! { "why": e.why.clone(), "at": e.at, "saved": e.saved.clone() })
        })
        .collect();
    write_document(store, PREVIOUS_KEY, &doc! { "entries": entries })
}

/// Keeps the autosave aside, on top of the stack, before something replaces it (`at`: the
/// browser's clock, for display). True only when there was work and it is on the stack: a page
/// never claims to have kept what it did not write.
pub fn keep_previous(store: &impl KeyValueStore, why: &str, at: f64) -> bool {
    let Stored::Found(doc) = read_stored(store, STORAGE_KEY) else {
        return false;
    };
    keep_document(store, doc, why, at)
}

/// Puts a saved document (`{ playground, history, lesson? }`) on top of the stack; true when
/// it is there (written now, or already on top). A document without steps is not kept.
pub fn keep_document(store: &impl KeyValueStore, doc: Document, why: &str, at: f64) -> bool {
    // Read as raw BSON, not as a playground: work a newer version saved is kept aside too.
    let has_steps = doc
        .get_document("playground")
        .ok()
        .and_then(|p| p.get_array("steps").ok())
        .is_some_and(|steps| !steps.is_empty());
    if !has_steps {
        return false;
    }
    let mut entries = previous_work(store);
    if entries.first().is_some_and(|e| e.saved == doc) {
        return true;
    }
    entries.insert(
        0,
        KeptWork {
            why: why.to_owned(),
            at,
            saved: doc,
        },
    );
    entries.truncate(PREVIOUS_MAX);
    write_previous(store, &entries).is_ok()
}

/// Takes entry `index` off the stack and returns its playground and the whole saved document
/// (with the lesson in progress it was saved in, if any); the autosave is kept aside first, so
/// bringing back old work loses nothing either.
pub fn take_previous(
    store: &impl KeyValueStore,
    index: usize,
    at: f64,
) -> Option<(SavedPlayground, Document)> {
    let entry = previous_work(store).get(index)?.clone();
    let playground = entry.playground()?;
    keep_previous(store, "replaced by work brought back", at);
    let mut entries = previous_work(store);
    if let Some(position) = entries.iter().position(|e| *e == entry) {
        entries.remove(position);
    }
    let _ = write_previous(store, &entries);
    Some((playground, entry.saved))
}

/// A store in memory with local storage's behaviour: what the native tests use for the
/// browser's. `capacity` (bytes of keys and values) stands for a full store; `disabled` for a
/// browser that gives none.
#[derive(Debug, Default)]
pub struct MemoryStore {
    items: RefCell<BTreeMap<String, String>>,
    /// At most this many bytes of keys and values (`None`: no limit).
    capacity: Option<usize>,
    /// No storage at all: nothing reads, every write fails with `Unavailable`.
    disabled: bool,
}

impl MemoryStore {
    /// A store that holds at most `bytes` of keys and values (a full one refuses writes).
    #[must_use]
    pub fn with_capacity(bytes: usize) -> Self {
        MemoryStore {
            capacity: Some(bytes),
            ..MemoryStore::default()
        }
    }

    /// A browser that gives no storage.
    #[must_use]
    pub fn disabled() -> Self {
        MemoryStore {
            disabled: true,
            ..MemoryStore::default()
        }
    }

    /// The raw value of `key`, as another tab or the user's tools would see it.
    #[must_use]
    pub fn raw(&self, key: &str) -> Option<String> {
        self.items.borrow().get(key).cloned()
    }

    /// Writes a raw value (another tab's save, or something a newer version wrote).
    pub fn put_raw(&self, key: &str, value: &str) {
        self.items
            .borrow_mut()
            .insert(key.to_owned(), value.to_owned());
    }
}

impl KeyValueStore for MemoryStore {
    fn get(&self, key: &str) -> Option<String> {
        if self.disabled {
            return None;
        }
        self.raw(key)
    }

    fn set(&self, key: &str, value: &str) -> Result<(), StorageProblem> {
        if self.disabled {
            return Err(StorageProblem::Unavailable);
        }
        let mut items = self.items.borrow_mut();
        let others: usize = items
            .iter()
            .filter(|(k, _)| k.as_str() != key)
            .map(|(k, v)| k.len() + v.len())
            .sum();
        if self
            .capacity
            .is_some_and(|capacity| others + key.len() + value.len() > capacity)
        {
            return Err(StorageProblem::Full);
        }
        items.insert(key.to_owned(), value.to_owned());
        Ok(())
    }
}
