//! Autosave: the timeline and the console history are written to local storage after every
//! change and read back once on start, as base64 BSON (the app carries no JSON library).
//! Storage is touched only in effects; anything unreadable is ignored, never fatal. Only the
//! full playground at its own address uses it: embeds and API mounts never touch it.

use super::store::{Action, LabState};
use crate::playground::SavedPlayground;
use base64::Engine as _;
use bson::{doc, Bson, Document};
use yew::prelude::*;

/// Local storage key of the autosave.
pub const STORAGE_KEY: &str = "sessionlab:autosave:v2";

fn storage() -> Option<web_sys::Storage> {
    gloo::utils::window().local_storage().ok().flatten()
}

/// Reads a value stored by [`write_document`].
pub fn read_document(key: &str) -> Option<Document> {
    let text = storage()?.get_item(key).ok()??;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(text)
        .ok()?;
    crate::bson_input::read_document(&bytes).ok()
}

/// Stores a document as base64 BSON.
pub fn write_document(key: &str, doc: &Document) {
    if let (Some(storage), Ok(bytes)) = (storage(), doc.to_vec()) {
        let _ = storage.set_item(
            key,
            &base64::engine::general_purpose::STANDARD.encode(bytes),
        );
    }
}

/// Reads a plain string setting.
pub fn read_string(key: &str) -> Option<String> {
    storage()?.get_item(key).ok()?
}

/// Stores a plain string setting.
pub fn write_string(key: &str, value: &str) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(key, value);
    }
}

/// Where the autosave is copied before a share link replaces it (see [`super::start`]).
pub const PREVIOUS_KEY: &str = "sessionlab:autosave:before-link";

/// The autosaved playground, if any.
pub fn read_autosave() -> Option<SavedPlayground> {
    read_playground(STORAGE_KEY)
}

/// The playground of a saved document (`{ playground, history }`).
fn read_playground(key: &str) -> Option<SavedPlayground> {
    read_document(key)?
        .get_document("playground")
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

/// Copies the autosave aside before a link replaces it; true when there was one.
pub fn keep_previous() -> bool {
    match read_document(STORAGE_KEY) {
        Some(doc) => {
            write_document(PREVIOUS_KEY, &doc);
            true
        }
        None => false,
    }
}

/// The playground a link replaced.
pub fn read_previous() -> Option<SavedPlayground> {
    read_playground(PREVIOUS_KEY)
}

/// Saves the timeline and the history after every change of them (when `enabled`).
#[hook]
pub fn use_autosave(state: &UseReducerHandle<LabState>, enabled: bool) {
    let changes = state.changes;
    let state = state.clone();
    use_effect_with(changes, move |changes| {
        if enabled && state.started && *changes > 0 {
            let history: Vec<Bson> = state
                .history
                .iter()
                .rev()
                .take(200)
                .rev()
                .map(|h| Bson::String(h.clone()))
                .collect();
            write_document(
                STORAGE_KEY,
                &doc! { "playground": state.playground.save().to_document(), "history": history },
            );
        }
    });
}
