//! Autosave: the timeline and the console history are written to local storage after every
//! change and read back once on start, as base64 BSON (the app carries no JSON library), plus
//! the short stack of work that something replaced (a link, a file, another tab). Nothing is
//! ever lost silently: an unreadable autosave is kept aside untouched, a storage that refuses
//! to save is said on screen, and work is kept aside before anything replaces it. Storage is
//! touched only in effects. Only the full playground at its own address uses it: embeds and
//! API mounts never touch it.

use super::store::{Action, LabState, Notice};
use crate::playground::SavedPlayground;
use base64::Engine as _;
use bson::{doc, Bson, Document};
use std::cell::RefCell;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Local storage key of the autosave.
pub const STORAGE_KEY: &str = "sessionlab:autosave:v2";

fn storage() -> Option<web_sys::Storage> {
    gloo::utils::window().local_storage().ok().flatten()
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
    pub fn sentence(self) -> &'static str {
        match self {
            StorageProblem::Unavailable => "This browser does not let Session Lab save your work (its storage is disabled). Copy a link or export a scenario to keep it.",
            StorageProblem::Full => "Your work could not be saved: the browser's storage for this site is full. Copy a link or export a scenario to keep it.",
        }
    }
}

/// What the autosave key holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Stored {
    /// Nothing.
    Nothing,
    /// A readable document.
    Found(Document),
    /// Something this version cannot read; it has been kept aside (see [`UNREADABLE_KEY`]).
    Unreadable,
}

/// Where an unreadable autosave is copied, untouched, before anything is saved over it.
pub const UNREADABLE_KEY: &str = "sessionlab:autosave:unreadable";

/// Reads a value stored by [`write_document`].
pub fn read_document(key: &str) -> Option<Document> {
    match read_stored(key) {
        Stored::Found(doc) => Some(doc),
        _ => None,
    }
}

/// Reads a key, keeping an unreadable value aside (once) so that it is never lost.
pub fn read_stored(key: &str) -> Stored {
    let Some(text) = storage().and_then(|s| s.get_item(key).ok().flatten()) else {
        return Stored::Nothing;
    };
    let doc = base64::engine::general_purpose::STANDARD
        .decode(&text)
        .ok()
        .and_then(|bytes| crate::bson_input::read_document(&bytes).ok());
    if let Some(doc) = doc {
        return Stored::Found(doc);
    }
    if key == STORAGE_KEY && read_string(UNREADABLE_KEY).as_deref() != Some(text.as_str()) {
        let _ = write_string(UNREADABLE_KEY, &text);
    }
    Stored::Unreadable
}

/// Stores a document as base64 BSON.
///
/// # Errors
/// Why it could not be stored.
pub fn write_document(key: &str, doc: &Document) -> Result<(), StorageProblem> {
    let bytes = doc.to_vec().map_err(|_| StorageProblem::Full)?;
    write_string(
        key,
        &base64::engine::general_purpose::STANDARD.encode(bytes),
    )
}

/// Reads a plain string setting.
pub fn read_string(key: &str) -> Option<String> {
    storage()?.get_item(key).ok()?
}

/// Stores a plain string setting.
///
/// # Errors
/// Why it could not be stored.
pub fn write_string(key: &str, value: &str) -> Result<(), StorageProblem> {
    storage()
        .ok_or(StorageProblem::Unavailable)?
        .set_item(key, value)
        .map_err(|_| StorageProblem::Full)
}

/// Whether the browser gives local storage at all.
pub fn storage_available() -> bool {
    storage().is_some()
}

/// Where work that something replaced is kept: a short stack, newest first.
pub const PREVIOUS_KEY: &str = "sessionlab:previous:v1";
/// How many replaced playgrounds are kept.
pub const PREVIOUS_MAX: usize = 5;

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
    pub fn playground(&self) -> Option<SavedPlayground> {
        self.saved
            .get_document("playground")
            .ok()
            .and_then(SavedPlayground::from_document)
    }
}

/// The playgrounds kept aside, newest first.
pub fn previous_work() -> Vec<KeptWork> {
    read_document(PREVIOUS_KEY)
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

fn write_previous(entries: &[KeptWork]) -> Result<(), StorageProblem> {
    let entries: Vec<Bson> = entries
        .iter()
        .map(|e| {
            Bson::Document(doc! { "why": e.why.clone(), "at": e.at, "saved": e.saved.clone() })
        })
        .collect();
    write_document(PREVIOUS_KEY, &doc! { "entries": entries })
}

/// Keeps the autosave aside, on top of the stack, before something replaces it. True only when
/// there was work and it was written (a page never claims to have kept what it did not).
pub fn keep_previous(why: &str) -> bool {
    let Stored::Found(doc) = read_stored(STORAGE_KEY) else {
        return false;
    };
    let has_steps = doc
        .get_document("playground")
        .ok()
        .and_then(|p| p.get_array("steps").ok())
        .is_some_and(|steps| !steps.is_empty());
    if !has_steps {
        return false;
    }
    let mut entries = previous_work();
    if entries.first().is_some_and(|e| e.saved == doc) {
        return true;
    }
    entries.insert(
        0,
        KeptWork {
            why: why.to_owned(),
            at: super::wall_clock::now_ms(),
            saved: doc,
        },
    );
    entries.truncate(PREVIOUS_MAX);
    write_previous(&entries).is_ok()
}

/// Takes entry `index` off the stack and returns its playground (the autosave is kept aside
/// first, so bringing back old work loses nothing either).
pub fn take_previous(index: usize) -> Option<SavedPlayground> {
    let entry = previous_work().get(index)?.clone();
    let playground = entry.playground()?;
    keep_previous("replaced by work brought back");
    let mut entries = previous_work();
    if let Some(position) = entries.iter().position(|e| *e == entry) {
        entries.remove(position);
    }
    let _ = write_previous(&entries);
    Some(playground)
}

/// The autosaved playground, if any.
pub fn read_autosave() -> Stored {
    read_stored(STORAGE_KEY)
}

/// The playground of a saved document (`{ playground, history }`).
pub fn playground_of(doc: &Document) -> Option<SavedPlayground> {
    doc.get_document("playground")
        .ok()
        .and_then(SavedPlayground::from_document)
}

/// Restores the console history of the autosave.
pub fn restore_history(state: &UseReducerHandle<LabState>) {
    let Some(saved) = read_document(STORAGE_KEY) else {
        return;
    };
    let history = saved.get_array("history").map_or_else(
        |_| Vec::new(),
        |h| {
            h.iter()
                .filter_map(|e| e.as_str().map(str::to_owned))
                .collect()
        },
    );
    for entry in history {
        state.dispatch(Action::Remember(entry));
    }
}

/// Saves the timeline and the history after every change of them (when `enabled`), and never
/// silently over another tab's save: when another tab writes the autosave (the `storage`
/// event), this page says so, and before it next saves it keeps that tab's work aside. A
/// storage that is disabled or full is said on screen, once.
#[hook]
pub fn use_autosave(state: &UseReducerHandle<LabState>, enabled: bool) {
    let other_tab_saved = use_mut_ref(|| false);
    let warned = use_mut_ref(|| None::<StorageProblem>);
    {
        let (state, other_tab_saved) = (state.clone(), other_tab_saved.clone());
        use_effect_with(enabled, move |enabled| {
            let listener = enabled.then(|| {
                gloo::events::EventListener::new(&gloo::utils::window(), "storage", move |event| {
                    let Some(event) = event.dyn_ref::<web_sys::StorageEvent>() else {
                        return;
                    };
                    if event.key().as_deref() == Some(STORAGE_KEY) && !*other_tab_saved.borrow() {
                        *other_tab_saved.borrow_mut() = true;
                        state.dispatch(Action::Notify(Some(Notice::error(
                            "Session Lab is open in another tab, which just saved its work. It is not lost: before this tab saves again, it keeps that work aside (Previous work).",
                        ))));
                    }
                })
            });
            move || drop(listener)
        });
    }
    let changes = state.changes;
    let state = state.clone();
    use_effect_with(changes, move |changes| {
        // The save runs in a task of its own, after the change is drawn (a change's task has
        // drawing to do; a change that follows at once replaces this save).
        let pending =
            (enabled && state.started && *changes != 0 && state.replay.is_none()).then(|| {
                gloo::timers::callback::Timeout::new(0, move || {
                    save(&state, &other_tab_saved, &warned);
                })
            });
        move || drop(pending)
    });
}

/// Writes the autosave now (see [`use_autosave`]).
fn save(
    state: &UseReducerHandle<LabState>,
    other_tab_saved: &RefCell<bool>,
    warned: &RefCell<Option<StorageProblem>>,
) {
    let kept_other_tab =
        std::mem::take(&mut *other_tab_saved.borrow_mut()) && keep_previous("saved by another tab");
    let history: Vec<Bson> = state
        .history
        .iter()
        .rev()
        .take(200)
        .rev()
        .map(|h| Bson::String(h.clone()))
        .collect();
    let result = write_document(
        STORAGE_KEY,
        &doc! { "playground": state.playground.save().to_document(), "history": history },
    );
    let problem = result.err();
    if kept_other_tab && problem.is_none() {
        state.dispatch(Action::Notify(Some(Notice {
            offer_previous: true,
            ..Notice::info(
                "Saved this tab's work. The other tab's work was kept aside (Previous work).",
            )
        })));
    }
    if problem.is_some() && *warned.borrow() != problem {
        if let Some(problem) = problem {
            state.dispatch(Action::Notify(Some(Notice::error(problem.sentence()))));
        }
    }
    *warned.borrow_mut() = problem;
}
