//! Autosave: the timeline and the console history are written to local storage after every
//! change and read back once on start, as base64 BSON (the app carries no JSON library).
//! Storage is touched only in effects; anything unreadable is ignored, never fatal.

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
    Document::from_reader(bytes.as_slice()).ok()
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

/// Restores the autosave once, then saves after every change.
#[hook]
pub fn use_persistence(state: &UseReducerHandle<LabState>) {
    {
        let state = state.clone();
        use_effect_with((), move |()| {
            if let Some(saved) = read_document(STORAGE_KEY) {
                let history: Vec<String> = saved.get_array("history").map_or_else(
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
                if let Some(playground) = saved
                    .get_document("playground")
                    .ok()
                    .and_then(SavedPlayground::from_document)
                {
                    state.dispatch(Action::Restore(playground));
                }
            }
        });
    }
    let revision = state.revision;
    let state = state.clone();
    use_effect_with(revision, move |revision| {
        if *revision > 0 {
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
