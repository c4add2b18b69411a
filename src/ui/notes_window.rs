//! The presenter's notes window (`?notes`, opened by presenter mode's "Notes window" on the same
//! machine): it follows the presenter over a `BroadcastChannel` and shows the step, the room's
//! question, the speaker notes, the next step's command, and a timer. It runs no engine.

use super::presenter::{CHANNEL, HELLO};
use crate::presenter::Cue;
use crate::ui::hooks::{use_effect_on, use_kept};
use yew::prelude::*;

/// The notes window.
#[function_component(NotesWindow)]
pub fn notes_window() -> Html {
    let cue = use_kept(|| None::<Cue>);
    let started = use_kept(super::wall_clock::now_ms);
    let now = use_kept(super::wall_clock::now_ms);
    {
        let cue = cue.clone();
        use_effect_on((), move |()| {
            let channel = web_sys::BroadcastChannel::new(CHANNEL).ok();
            let listener = channel.as_ref().map(|c| {
                gloo::events::EventListener::new(c, "message", move |event| {
                    let data = wasm_bindgen::JsCast::dyn_ref::<web_sys::MessageEvent>(event)
                        .map(web_sys::MessageEvent::data);
                    if let Some(Ok(next)) = data.map(serde_wasm_bindgen::from_value::<Cue>) {
                        cue.set(Some(next));
                    }
                })
            });
            if let Some(channel) = &channel {
                let _ = channel.post_message(&HELLO.into());
            }
            move || {
                drop(listener);
                if let Some(channel) = channel {
                    channel.close();
                }
            }
        });
    }
    {
        let now = now.clone();
        use_effect_on((), move |()| {
            let tick = gloo::timers::callback::Interval::new(1_000, move || {
                now.set(super::wall_clock::now_ms());
            });
            move || drop(tick)
        });
    }
    let reset = {
        let (started, now) = (started.clone(), now.clone());
        Callback::from(move |_: MouseEvent| {
            let at = super::wall_clock::now_ms();
            started.set(at);
            now.set(at);
        })
    };
    html! {
        <div class="app notes-window">
            <main class="notes-main">
                <div class="notes-bar">
                    <h1>{ "Speaker notes" }</h1>
                    <span class="notes-timer" role="timer" aria-label="Time since the start">{ clock(*now - *started) }</span>
                    <button class="small" onclick={reset}>{ "Reset timer" }</button>
                </div>
                { cue.as_ref().map_or_else(waiting_for_presenter, view) }
            </main>
        </div>
    }
}

fn waiting_for_presenter() -> Html {
    html! {
        <p class="empty" role="status">{ "Waiting for the presenter: open Session Lab with ?present (or press Present) in another window of this browser." }</p>
    }
}

fn view(cue: &Cue) -> Html {
    html! {
        <div role="status" aria-live="polite">
            <p class="notes-step">{ format!("Step {} of {}{}", cue.step, cue.total, if cue.off_script { ", trying the room's suggestion" } else { "" }) }</p>
            if let Some(question) = &cue.question {
                <p class="pause-question">{ format!("Paused: {question}") }</p>
            }
            { for cue.captions.iter().map(|c| html! { <p class="caption">{ c.clone() }</p> }) }
            if !cue.command.is_empty() {
                <pre class="notes-command">{ cue.command.clone() }</pre>
            }
            <h2>{ "Notes" }</h2>
            if cue.notes.is_empty() {
                <p class="empty">{ "No notes for this step." }</p>
            } else {
                <ul class="notes">{ for cue.notes.iter().map(|n| html! { <li>{ n.clone() }</li> }) }</ul>
            }
            <h2>{ "Next" }</h2>
            <pre class="notes-command">{ cue.next.clone().unwrap_or_else(|| "The end of the script.".to_owned()) }</pre>
        </div>
    }
}

/// Minutes and seconds.
fn clock(ms: f64) -> String {
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "a non-negative number of seconds"
    )]
    let seconds = (ms.max(0.0) / 1000.0) as u64;
    format!("{:02}:{:02}", seconds / 60, seconds % 60)
}
