//! Replaying in the browser: the driver that runs one slice of a replay per browser task (so
//! the page, and a documentation page around an embed, stays responsive while a link, a file
//! or the autosave opens), and the progress line with its Cancel button.

use super::persist;
use super::store::{Action, LabState, ReplayJob};
use crate::ui::hooks::use_effect_on;
use yew::prelude::*;

/// Schedules the next slice whenever a replay is in progress (not while it waits for the lesson
/// files or for the code of a command: their arrival, an action, wakes it).
#[hook]
pub fn use_replay_driver(state: &UseReducerHandle<LabState>) {
    let state = state.clone();
    use_effect_on(state.revision, move |_| {
        let runnable = state
            .replay
            .as_ref()
            .is_some_and(|job| !job.waits_for_lesson_files() && !job.waits_for_code());
        let pending = runnable.then(|| {
            let state = state.clone();
            gloo::timers::callback::Timeout::new(0, move || state.dispatch(Action::ReplaySlice))
        });
        move || drop(pending)
    });
}

/// "Replaying step k of n" with a progress bar and Cancel, or why the code of a command it waits
/// for could not be fetched, with Try again (a plain function, not a component: it has no state
/// of its own).
pub fn replay_progress(
    job: Option<&ReplayJob>,
    code_failure: Option<&str>,
    dispatch: &Callback<Action>,
) -> Html {
    let Some(job) = job else {
        return html! {};
    };
    let (done, total) = job.progress();
    let cancel = {
        let (dispatch, own_work) = (dispatch.clone(), job.own_work);
        Callback::from(move |_: MouseEvent| {
            if own_work {
                persist::keep_previous("its replay was cancelled");
            }
            dispatch.emit(Action::CancelReplay);
        })
    };
    html! {
        <div class="notice replay" role="status">
            <p class="notice-text">{
                if let Some(why) = code_failure {
                    why.to_owned()
                } else if job.waits_for_lesson_files() {
                    "Loading the lesson in progress…".to_owned()
                } else if job.waits_for_code() {
                    "Loading the code of a command the replay runs…".to_owned()
                } else {
                    format!("Replaying step {done} of {total}…")
                }
            }</p>
            <progress max={total.to_string()} value={done.to_string()} aria-label="Replay progress"></progress>
            if code_failure.is_some() {
                <button class="small" onclick={dispatch.reform(|_: MouseEvent| Action::RetryCode)}>{ "Try again" }</button>
            }
            <button class="small" onclick={cancel}>{ "Cancel" }</button>
        </div>
    }
}
