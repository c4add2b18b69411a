//! What a playground starts with: a share link, a built-in scenario, a script, or the
//! autosave. A link that cannot be opened says why and leaves the autosave as it was; a link
//! that opens keeps the work it replaces aside, and the notice offers to bring it back.

use super::persist;
use super::store::{Action, LabState, Notice};
use crate::mount::MountOptions;
use crate::playground::SavedPlayground;
use std::rc::Rc;
use yew::prelude::*;

/// Loads the start once; in the full playground also opens links pasted later (`hashchange`).
#[hook]
pub fn use_start(state: &UseReducerHandle<LabState>, options: &Rc<MountOptions>) {
    let state = state.clone();
    let options = options.clone();
    use_effect_with((), move |()| {
        if options.persist {
            persist::restore_history(&state);
        }
        if let Some(link) = options.link.clone() {
            // Started once the link is open (or failed).
            open_link(state.clone(), options.clone(), link);
        } else {
            match (&options.scenario, &options.script) {
                (Some(id), _) if crate::scenarios::find(id).is_some() => {
                    replace(&state, &options, Action::Scenario(id.clone()));
                }
                (Some(id), _) => {
                    state.dispatch(Action::Notify(Some(Notice::error(format!(
                        "There is no scenario called \"{id}\"."
                    )))));
                    restore_autosave(&state, &options);
                }
                (None, Some(script)) => replace(&state, &options, Action::Script(script.clone())),
                (None, None) => restore_autosave(&state, &options),
            }
            state.dispatch(Action::Started);
        }
        let listener = options.persist.then(|| {
            gloo::events::EventListener::new(&gloo::utils::window(), "hashchange", move |_| {
                let hash = gloo::utils::window().location().hash().unwrap_or_default();
                if crate::share::is_link(&hash) {
                    open_link(state.clone(), options.clone(), hash);
                }
            })
        });
        move || drop(listener)
    });
}

/// Brings back the autosave (the full playground only).
fn restore_autosave(state: &UseReducerHandle<LabState>, options: &MountOptions) {
    if let Some(saved) = options.persist.then(persist::read_autosave).flatten() {
        state.dispatch(Action::Restore(saved));
    }
}

/// Starts with a scenario or a script from the address; in the full playground the work it
/// replaces is kept aside, as for a link.
fn replace(state: &UseReducerHandle<LabState>, options: &MountOptions, start: Action) {
    let kept = options.persist && persist::keep_previous();
    state.dispatch(start);
    show_initial_step(state, options, None);
    if options.persist {
        super::link::clear_start();
    }
    if kept {
        state.dispatch(Action::Notify(Some(Notice {
            offer_previous: true,
            ..Notice::info(
                "Started with the scenario of this address. Your previous work was kept aside.",
            )
        })));
    }
}

/// Moves to the step the options ask for, once the steps are loaded.
fn show_initial_step(
    state: &UseReducerHandle<LabState>,
    options: &MountOptions,
    linked: Option<usize>,
) {
    if options.embed || options.step.is_some() || !options.autorun {
        // The reducer clamps to the steps loaded (this handle does not see them yet).
        state.dispatch(Action::GoTo(options.initial_step(usize::MAX, linked)));
    }
}

fn open_link(state: UseReducerHandle<LabState>, options: Rc<MountOptions>, link: String) {
    let fragment = link
        .rsplit_once('#')
        .map_or(link.as_str(), |(_, f)| f)
        .to_owned();
    yew::platform::spawn_local(async move {
        match super::link::open(&fragment).await {
            Ok(saved) => opened(&state, &options, saved),
            Err(error) => {
                state.dispatch(Action::Notify(Some(Notice::error(format!(
                    "This link could not be opened: {error}. {}",
                    if options.persist {
                        "Your saved work is unchanged."
                    } else {
                        "Nothing was loaded."
                    }
                )))));
                restore_autosave(&state, &options);
                state.dispatch(Action::Started);
            }
        }
    });
}

fn opened(state: &UseReducerHandle<LabState>, options: &MountOptions, saved: SavedPlayground) {
    let kept = options.persist && persist::keep_previous();
    let linked = saved.cursor;
    let count = saved.steps.len();
    state.dispatch(Action::Restore(saved));
    show_initial_step(state, options, Some(linked));
    state.dispatch(Action::Started);
    if options.persist {
        super::link::clear_start();
        state.dispatch(Action::Notify(Some(Notice {
            offer_previous: kept,
            ..Notice::info(format!(
                "Opened a shared scenario: {count} step(s).{}",
                if kept {
                    " Your previous work was kept aside."
                } else {
                    ""
                }
            ))
        })));
    }
}

/// Brings back the work a link replaced.
pub fn restore_previous(dispatch: &Callback<Action>) {
    match persist::read_previous() {
        Some(saved) => {
            dispatch.emit(Action::Restore(saved));
            dispatch.emit(Action::Notify(Some(Notice::info(
                "Your previous work is back.",
            ))));
        }
        None => dispatch.emit(Action::Notify(Some(Notice::error(
            "There is no previous work to bring back.",
        )))),
    }
}
