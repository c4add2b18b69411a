//! Autosave in the browser: [`crate::saved_work`]'s rules run against local storage, written
//! after every change and read back once on start; another tab's save is noticed (the
//! `storage` event) and a storage that refuses to save is said on screen. Storage is touched
//! only in effects. Only the full playground at its own address uses it: embeds and API mounts
//! never touch it.

use super::store::{Action, LabState, Notice};
use crate::playground::SavedPlayground;
use crate::saved_work::{self, KeyValueStore};
pub use crate::saved_work::{
    playground_of, KeptWork, StorageProblem, Stored, STORAGE_KEY, UNREADABLE_KEY,
};
use crate::ui::hooks::use_effect_on;
use bson::Document;
use gloo::events::EventListener;
use std::cell::RefCell;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// The browser's local storage (none when it is disabled).
struct LocalStorage;

impl KeyValueStore for LocalStorage {
    fn get(&self, key: &str) -> Option<String> {
        gloo::utils::window()
            .local_storage()
            .ok()
            .flatten()?
            .get_item(key)
            .ok()?
    }

    fn set(&self, key: &str, value: &str) -> Result<(), StorageProblem> {
        gloo::utils::window()
            .local_storage()
            .ok()
            .flatten()
            .ok_or(StorageProblem::Unavailable)?
            .set_item(key, value)
            .map_err(|_| StorageProblem::Full)
    }
}

/// Stores a document as base64 BSON.
///
/// # Errors
/// Why it could not be stored.
pub fn write_document(key: &str, doc: &Document) -> Result<(), StorageProblem> {
    saved_work::write_document(&LocalStorage, key, doc)
}

/// Reads a document stored by [`write_document`] (`None` when absent or unreadable).
pub fn read_stored_document(key: &str) -> Option<Document> {
    saved_work::read_document(&LocalStorage, key)
}

/// Reads a plain string setting.
pub fn read_string(key: &str) -> Option<String> {
    LocalStorage.get(key)
}

/// Stores a plain string setting.
///
/// # Errors
/// Why it could not be stored.
pub fn write_string(key: &str, value: &str) -> Result<(), StorageProblem> {
    LocalStorage.set(key, value)
}

/// Whether the browser gives local storage at all.
pub fn storage_available() -> bool {
    gloo::utils::window()
        .local_storage()
        .ok()
        .flatten()
        .is_some()
}

/// The playgrounds kept aside, newest first.
pub fn previous_work() -> Vec<KeptWork> {
    saved_work::previous_work(&LocalStorage)
}

/// Keeps the autosave aside before something replaces it; true only when it was written.
pub fn keep_previous(why: &str) -> bool {
    saved_work::keep_previous(&LocalStorage, why, super::wall_clock::now_ms())
}

/// Keeps a saved document aside (on top of the stack); true when it is there.
pub fn keep_document(doc: bson::Document, why: &str) -> bool {
    saved_work::keep_document(&LocalStorage, doc, why, super::wall_clock::now_ms())
}

/// Takes entry `index` off the stack (keeping the autosave aside first): its playground and
/// its whole saved document.
pub fn take_previous(index: usize) -> Option<(SavedPlayground, bson::Document)> {
    saved_work::take_previous(&LocalStorage, index, super::wall_clock::now_ms())
}

/// The autosave, if any (an unreadable one is kept aside).
pub fn read_autosave() -> Stored {
    saved_work::read_stored(&LocalStorage, STORAGE_KEY)
}

/// Restores the console history of the autosave.
pub fn restore_history(state: &UseReducerHandle<LabState>) {
    let Some(saved) = saved_work::read_document(&LocalStorage, STORAGE_KEY) else {
        return;
    };
    for entry in saved_work::history_of(&saved) {
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
    // The state still to save, if any: the timer below saves it, or leaving the page does, so a
    // command run just before the tab is closed or navigated away is not lost with the timer.
    let unsaved = use_mut_ref(|| None::<UseReducerHandle<LabState>>);
    {
        let (state, other_tab_saved, warned, unsaved) = (
            state.clone(),
            other_tab_saved.clone(),
            warned.clone(),
            unsaved.clone(),
        );
        use_effect_on(enabled, move |enabled| {
            let listeners = enabled.then(|| {
                let window = gloo::utils::window();
                let saved_elsewhere = other_tab_saved.clone();
                let storage = EventListener::new(&window, "storage", move |event| {
                    if let Some(event) = event.dyn_ref::<web_sys::StorageEvent>() {
                        another_tab_saved(event, &state, &saved_elsewhere);
                    }
                });
                let leaving = EventListener::new(&window, "pagehide", move |_| {
                    save_unsaved(&unsaved, &other_tab_saved, &warned);
                });
                [storage, leaving]
            });
            move || drop(listeners)
        });
    }
    let changes = state.changes;
    let state = state.clone();
    use_effect_on(changes, move |changes| {
        // The save runs in a task of its own, after the change is drawn (a change's task has
        // drawing to do; a change that follows at once replaces this save).
        let due = enabled && state.started && *changes != 0 && state.replay.is_none();
        *unsaved.borrow_mut() = due.then_some(state);
        let pending = due.then(|| {
            gloo::timers::callback::Timeout::new(0, move || {
                save_unsaved(&unsaved, &other_tab_saved, &warned);
            })
        });
        move || drop(pending)
    });
}

/// Another tab wrote the autosave: say so, once, and keep its work aside before this tab next
/// saves.
fn another_tab_saved(
    event: &web_sys::StorageEvent,
    state: &UseReducerHandle<LabState>,
    other_tab_saved: &RefCell<bool>,
) {
    if event.key().as_deref() == Some(STORAGE_KEY) && !*other_tab_saved.borrow() {
        *other_tab_saved.borrow_mut() = true;
        state.dispatch(Action::Notify(Some(Notice::error(
            "Session Lab is open in another tab, which just saved its work. It is not lost: before this tab saves again, it keeps that work aside (Previous work).",
        ))));
    }
}

/// Saves the state [`use_autosave`] has not saved yet, if any.
fn save_unsaved(
    unsaved: &RefCell<Option<UseReducerHandle<LabState>>>,
    other_tab_saved: &RefCell<bool>,
    warned: &RefCell<Option<StorageProblem>>,
) {
    let state = unsaved.borrow_mut().take();
    if let Some(state) = state {
        save(&state, other_tab_saved, warned);
    }
}

/// Writes the autosave now (see [`use_autosave`]).
fn save(
    state: &UseReducerHandle<LabState>,
    other_tab_saved: &RefCell<bool>,
    warned: &RefCell<Option<StorageProblem>>,
) {
    let kept_other_tab =
        std::mem::take(&mut *other_tab_saved.borrow_mut()) && keep_previous("saved by another tab");
    let mut document = saved_work::autosave_document(
        &state.playground.save(),
        &state.history,
        state.lesson.as_ref().map(|l| l.saved().to_document()),
    );
    let branches: Vec<_> = state
        .branches
        .iter()
        .map(|b| (b.at, b.saved.clone()))
        .collect();
    saved_work::with_branches(&mut document, &branches);
    let result = write_document(STORAGE_KEY, &document);
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
