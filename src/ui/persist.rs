//! Autosave: the timeline and the console history are written to local storage after every
//! change and read back once on start. Storage is touched only in effects.

use super::store::{Action, LabState};
use crate::playground::SavedPlayground;
use gloo::storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};
use yew::prelude::*;

/// Local storage key of the autosave.
pub const STORAGE_KEY: &str = "sessionlab:autosave:v1";

#[derive(Serialize, Deserialize)]
struct Autosave {
    playground: SavedPlayground,
    history: Vec<String>,
}

/// Restores the autosave once, then saves after every change.
#[hook]
pub fn use_persistence(state: &UseReducerHandle<LabState>) {
    {
        let state = state.clone();
        use_effect_with((), move |()| {
            if let Ok(saved) = LocalStorage::get::<Autosave>(STORAGE_KEY) {
                for entry in saved.history {
                    state.dispatch(Action::Remember(entry));
                }
                state.dispatch(Action::Restore(saved.playground));
            }
        });
    }
    let revision = state.revision;
    let state = state.clone();
    use_effect_with(revision, move |revision| {
        if *revision > 0 {
            let save = Autosave {
                playground: state.playground.save(),
                history: state
                    .history
                    .iter()
                    .rev()
                    .take(200)
                    .rev()
                    .cloned()
                    .collect(),
            };
            let _ = LocalStorage::set(STORAGE_KEY, save);
        }
    });
}
