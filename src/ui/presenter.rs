//! Presenter mode (`?present`, or the header's Present button): the step's command shown large
//! above the board with its captions, type scaled for a projector, high contrast, and the keys a
//! clicker sends: → `PageDown` `Space` next, ← `PageUp` back, `R` reveals a `//! pause`d step, `F`
//! tries the room's suggestion off the script, `Esc` goes back to the script (the suggestion is
//! kept as a branch). After every move the cue goes to the notes window (`?notes`) over a
//! `BroadcastChannel`. The rules are [`crate::presenter`]'s; this is their page.

use super::store::{Action, LabState};
use super::DomIds;
use crate::playground::SavedPlayground;
use crate::presenter::{next_move, Cue, NextMove};
use crate::ui::hooks::{use_effect_on, use_kept, Kept};
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// The channel the presenter and its notes window share (same origin, same browser).
pub const CHANNEL: &str = "sessionlab-presenter";

/// The notes window's first message, asking for the cue.
pub const HELLO: &str = "hello";

/// Text sizes offered (percent); the default is the first above 100.
const SIZES: [u16; 5] = [100, 125, 150, 175, 200];

/// What a key or a button asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Move {
    Next,
    Back,
    Reveal,
    Fork,
    Script,
}

impl Move {
    /// The move of a key, outside text fields (where only `Esc` counts).
    fn of_key(event: &KeyboardEvent) -> Option<Self> {
        if event.alt_key() || event.ctrl_key() || event.meta_key() {
            return None;
        }
        let in_field = event
            .target_dyn_into::<web_sys::HtmlElement>()
            .is_some_and(|t| matches!(t.tag_name().as_str(), "TEXTAREA" | "INPUT" | "SELECT"));
        let key = event.key();
        match key.as_str() {
            "Escape" => Some(Self::Script),
            _ if in_field => None,
            "ArrowRight" | "PageDown" | " " => Some(Self::Next),
            "ArrowLeft" | "PageUp" => Some(Self::Back),
            "r" | "R" => Some(Self::Reveal),
            "f" | "F" => Some(Self::Fork),
            _ => None,
        }
    }
}

/// Properties.
#[derive(Properties, PartialEq, Clone)]
pub struct PresenterProps {
    /// This playground's element ids.
    pub ids: DomIds,
    /// State.
    pub state: UseReducerHandle<LabState>,
    /// Dispatch.
    pub dispatch: Callback<Action>,
    /// Leaves presenter mode.
    pub on_exit: Callback<()>,
    /// The playground's layout, shown under the step.
    pub children: Html,
}

/// The script left to try the room's suggestion, and the step it was left at.
type Detour = Option<(Rc<SavedPlayground>, usize)>;

/// Presenter mode around the playground's layout.
#[function_component(Presenter)]
pub fn presenter(props: &PresenterProps) -> Html {
    let ids = props.ids.clone();
    let size = use_kept(|| SIZES[2]);
    let waiting = use_kept(|| false);
    let detour = use_kept(|| None as Detour);
    let on_move = {
        let (state, dispatch) = (props.state.clone(), props.dispatch.clone());
        let (waiting, detour, input) = (waiting.clone(), detour.clone(), ids.id("console-input"));
        Callback::from(move |m: Move| {
            act(m, &state, &dispatch, &waiting, &detour, &input);
        })
    };
    use_clicker(&on_move);
    use_cue_broadcast(&props.state, *waiting, detour.is_some());
    let playground = &props.state.playground;
    let cue = Cue::of(playground, *waiting, detour.is_some());
    let press = |m: Move| on_move.reform(move |_: MouseEvent| m);
    let on_size = {
        let size = size.clone();
        Callback::from(move |e: Event| {
            if let Some(value) = e
                .target_dyn_into::<web_sys::HtmlSelectElement>()
                .and_then(|s| s.value().parse().ok())
            {
                size.set(value);
            }
        })
    };
    let save = {
        let state = props.state.clone();
        Callback::from(move |_: MouseEvent| {
            super::files::download(
                "session-lab-workshop.json",
                "application/json",
                &super::files::workshop_json(&state.playground.save(), &state.branches),
            );
        })
    };
    let open_notes = Callback::from(|_: MouseEvent| {
        let _ = gloo::utils::window().open_with_url_and_target("./?notes", "sessionlab-notes");
    });
    let exit = props.on_exit.reform(|_: MouseEvent| ());
    let end = next_move(playground, *waiting) == NextMove::End;
    html! {
        <div class="presenter" data-size={size.to_string()}>
            <section class="presenter-head" aria-label="Presenter">
            <div class="presenter-bar" role="toolbar" aria-label="Presenter controls">
                <strong>{ "Presenting" }</strong>
                <span class="presenter-step-count" aria-live="polite">{ format!("Step {} of {}", cue.step, cue.total) }</span>
                <button class="small" onclick={press(Move::Back)} disabled={cue.step == 0 && !*waiting} aria-keyshortcuts="ArrowLeft PageUp">{ "◀ Back" }</button>
                <button class="small run" onclick={press(Move::Next)} disabled={end} aria-keyshortcuts="ArrowRight PageDown Space">{ "Next ▶" }</button>
                <button class="small" onclick={press(Move::Reveal)} disabled={!*waiting} aria-keyshortcuts="R">{ "Reveal (R)" }</button>
                <button class="small" onclick={press(Move::Fork)} aria-keyshortcuts="F">{ "Try a suggestion (F)" }</button>
                <button class="small" onclick={press(Move::Script)} disabled={detour.is_none()} aria-keyshortcuts="Escape">{ "Back to the script (Esc)" }</button>
                <label class="presenter-size">{ "Text size " }
                    <select class="small" onchange={on_size}>
                        { for SIZES.iter().map(|s| html! { <option value={s.to_string()} selected={*s == *size}>{ format!("{s} %") }</option> }) }
                    </select>
                </label>
                <button class="small" onclick={open_notes}>{ "Notes window" }</button>
                <button class="small" onclick={save}>{ "Save workshop" }</button>
                <button class="small" onclick={exit}>{ "Stop presenting" }</button>
            </div>
            { stage(&cue, detour.as_ref().as_ref().map(|(_, at)| *at)) }
            </section>
            { props.children.clone() }
        </div>
    }
}

/// The step shown large: its captions, the room's question when paused, its command.
fn stage(cue: &Cue, detour_at: Option<usize>) -> Html {
    html! {
        <div class="presenter-stage">
            { for cue.captions.iter().map(|c| html! { <p class="caption">{ c.clone() }</p> }) }
            if let Some(question) = &cue.question {
                <p class="pause-question" role="status">{ question.clone() }<span class="pause-hint">{ " Press R to reveal." }</span></p>
            }
            if cue.command.is_empty() {
                <p class="caption">{ if cue.total == 0 { "No script yet: open a scenario or type a command." } else { "The start. Press → for the first step." } }</p>
            } else {
                <pre class="presenter-command" data-not-run={cue.waiting.then_some("")}>{ super::highlighted::highlighted(&cue.command) }</pre>
            }
            if let Some(at) = detour_at {
                <p class="detour" role="status">{ format!("Trying the room's suggestion: type it in the console. Esc goes back to the script at step {at}.") }</p>
            }
        </div>
    }
}

/// Carries out a move.
fn act(
    m: Move,
    state: &LabState,
    dispatch: &Callback<Action>,
    waiting: &Kept<bool>,
    detour: &Kept<Detour>,
    input: &str,
) {
    match m {
        Move::Next => match next_move(&state.playground, **waiting) {
            NextMove::End => {}
            NextMove::Pause => waiting.set(true),
            NextMove::Step => {
                waiting.set(false);
                dispatch.emit(Action::Redo);
            }
        },
        Move::Back if **waiting => waiting.set(false),
        Move::Back => dispatch.emit(Action::Undo),
        Move::Reveal if **waiting => {
            waiting.set(false);
            dispatch.emit(Action::Redo);
        }
        Move::Reveal => {}
        Move::Fork => {
            waiting.set(false);
            if detour.is_none() {
                let mut script = state.playground.save();
                script.cursor = script.steps.len();
                detour.set(Some((Rc::new(script), state.playground.cursor())));
            }
            if let Some(element) = gloo::utils::document()
                .get_element_by_id(input)
                .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
            {
                let _ = element.focus();
            }
        }
        Move::Script => {
            if let Some((script, at)) = (**detour).clone() {
                detour.set(None);
                waiting.set(false);
                dispatch.emit(Action::ReturnTo(Box::new((*script).clone()), at));
            }
            if let Some(active) = gloo::utils::document()
                .active_element()
                .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
            {
                let _ = active.blur();
            }
        }
    }
}

/// Listens to the clicker's keys on the whole window while presenting; the newest callback
/// handles each key.
#[hook]
fn use_clicker(on_move: &Callback<Move>) {
    let latest = use_mut_ref(|| on_move.clone());
    *latest.borrow_mut() = on_move.clone();
    use_effect_on((), move |()| {
        let listener = gloo::events::EventListener::new_with_options(
            &gloo::utils::window(),
            "keydown",
            gloo::events::EventListenerOptions::enable_prevent_default(),
            move |event| {
                let Some(event) = wasm_bindgen::JsCast::dyn_ref::<KeyboardEvent>(event) else {
                    return;
                };
                if let Some(m) = Move::of_key(event) {
                    event.prevent_default();
                    latest.borrow().emit(m);
                }
            },
        );
        move || drop(listener)
    });
}

/// Sends the cue to the notes window after every move, and again when one opens.
#[hook]
fn use_cue_broadcast(state: &UseReducerHandle<LabState>, waiting: bool, off_script: bool) {
    let channel = use_memo((), |()| web_sys::BroadcastChannel::new(CHANNEL).ok());
    let latest = use_mut_ref(|| None::<Cue>);
    let cue = Cue::of(&state.playground, waiting, off_script);
    {
        let (channel, latest) = (channel.clone(), latest.clone());
        use_effect_on(cue, move |cue| {
            *latest.borrow_mut() = Some(cue.clone());
            post(channel.as_ref().as_ref(), cue);
        });
    }
    use_effect_on((), move |()| {
        let listener = channel.as_ref().as_ref().map(|c| {
            let (answer, latest): (web_sys::BroadcastChannel, Rc<RefCell<Option<Cue>>>) =
                (c.clone(), latest);
            gloo::events::EventListener::new(c, "message", move |event| {
                let hello = wasm_bindgen::JsCast::dyn_ref::<web_sys::MessageEvent>(event)
                    .and_then(|m| m.data().as_string())
                    .is_some_and(|d| d == HELLO);
                if let (true, Some(cue)) = (hello, latest.borrow().as_ref()) {
                    post(Some(&answer), cue);
                }
            })
        });
        move || {
            drop(listener);
            if let Some(channel) = channel.as_ref() {
                channel.close();
            }
        }
    });
}

fn post(channel: Option<&web_sys::BroadcastChannel>, cue: &Cue) {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    if let (Some(channel), Ok(value)) = (channel, serde::Serialize::serialize(cue, &serializer)) {
        let _ = channel.post_message(&value);
    }
}
