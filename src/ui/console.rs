//! The console: one tab per connection, the transcript of that connection's steps (up to the
//! step shown) above the editor, and a banner when the connection is busy.

use super::editor::Editor;
use super::highlighted::highlighted;
use super::store::{Action, LabState, Waiting};
use super::DomIds;
use crate::console_window::{
    self, EVENTS_SHOWN, PRINTED_LINES_SHOWN, RECORDS_PER_STEP, TRANSCRIPT_RECORDS,
};
use crate::engine::operations::ConnId;
use crate::shell::diagnostics::frame_parts;
use crate::shell::{Failure, Outcome, Record};
use crate::ui::hooks::{use_effect_on, use_kept, Kept};
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// What the console shows and acts on.
pub struct ConsoleProps {
    /// This playground's element ids.
    pub ids: DomIds,
    /// State.
    pub state: UseReducerHandle<LabState>,
    /// Dispatch.
    pub dispatch: Callback<Action>,
    /// No input (a read-only embed).
    pub read_only: bool,
}

/// What the console keeps between renders: its transcript's element (scrolled to the end after
/// every change) and how many records the transcript shows.
#[derive(Clone)]
pub struct Transcript {
    node: NodeRef,
    records_shown: Kept<usize>,
}

/// The console's [`Transcript`], kept by the page. A hook of the page, not of a console
/// component: a component's own lifecycle code costs about 1 KB of WebAssembly, and the console
/// changes with every state anyway.
#[hook]
pub fn use_transcript(state: &UseReducerHandle<LabState>) -> Transcript {
    let node = use_node_ref();
    {
        let node = node.clone();
        // In the next animation frame, whose layout the browser does anyway: read here, the
        // height forced a layout in the middle of the render's task (23 ms of the first one).
        use_effect_on((state.revision, state.console), move |_| {
            if let Some(el) = node.cast::<web_sys::Element>() {
                let scroll = wasm_bindgen::closure::Closure::once_into_js(move || {
                    el.set_scroll_top(el.scroll_height());
                });
                let _ = gloo::utils::window().request_animation_frame(scroll.unchecked_ref());
            }
        });
    }
    Transcript {
        node,
        records_shown: use_kept(|| TRANSCRIPT_RECORDS),
    }
}

/// One step's records; steps never change, so a step renders once (props compare by pointer).
#[derive(Properties)]
struct StepProps {
    step: std::rc::Rc<crate::playground::Step>,
}

impl PartialEq for StepProps {
    fn eq(&self, other: &Self) -> bool {
        std::rc::Rc::ptr_eq(&self.step, &other.step)
    }
}

#[function_component(StepView)]
fn step_view(props: &StepProps) -> Html {
    let records = &props.step.records;
    // A lesson's hidden setup lines: one line says what ran (the timeline's title has them).
    if props
        .step
        .source
        .starts_with(crate::lessons::format::HIDDEN_MARK)
    {
        let failed = records.iter().filter(|r| r.is_error()).count();
        return html! {
            <div class="record result">
                <pre class="input setup-hidden"><span class="prompt" aria-hidden="true">{ "> " }</span>{ format!("// setup: {} statement(s), hidden{}", records.len(), if failed > 0 { format!(", {failed} failed") } else { String::new() }) }</pre>
            </div>
        };
    }
    let hidden = records.len().saturating_sub(RECORDS_PER_STEP);
    html! {
        <>
            { for records.iter().take(RECORDS_PER_STEP).map(record_view) }
            if hidden > 0 {
                <div class="printed">{ format!("… {hidden} more statement(s) ran; Export… › Transcript has every result") }</div>
            }
        </>
    }
}

fn record_view(record: &Record) -> Html {
    let events: Vec<_> = record
        .events_not_printed()
        .filter(|e| {
            !matches!(
                e.kind,
                crate::engine::EventKind::OperationStarted | crate::engine::EventKind::Connection
            )
        })
        .collect();
    let output = match &record.outcome {
        Outcome::Value { text, .. } if !text.is_empty() => {
            html! { <pre class="output result">{ text.clone() }</pre> }
        }
        Outcome::Value { .. } | Outcome::Silent => Html::default(),
        Outcome::Error(failure) => error_view(failure),
    };
    html! {
        <div class="record">
            <pre class="input"><span class="prompt" aria-hidden="true">{ "> " }</span>{ highlighted(&record.source) }</pre>
            { for record.printed.iter().take(PRINTED_LINES_SHOWN).map(|line| html! { <pre class="printed">{ line }</pre> }) }
            if record.printed.len() > PRINTED_LINES_SHOWN {
                <div class="printed">{ format!("… {} more printed line(s); Export… › Transcript has them all", record.printed.len() - PRINTED_LINES_SHOWN) }</div>
            }
            { output }
            { for record.hints.iter().map(|hint| html! {
                <p class="hint"><strong>{ "Hint: " }</strong>{ hint.clone() }</p>
            }) }
            { for events.iter().take(EVENTS_SHOWN).map(|e| html! {
                <div class="event">{ "• " }{ e.message.clone() }</div>
            }) }
            if events.len() > EVENTS_SHOWN {
                <div class="event">{ format!("… {} more event(s); Export… › Transcript has them all", events.len() - EVENTS_SHOWN) }</div>
            }
        </div>
    }
}

/// An error's text. Its message and hint wrap, while the code frame's two lines (the source and
/// the carets under it) keep their columns: on a narrow screen the transcript scrolls sideways
/// for them instead of wrapping the carets away from what they point at.
fn error_view(failure: &Failure) -> Html {
    let text;
    let (message, frame, hint) = if let Failure::Shell { frame, line, .. } = failure {
        frame_parts(frame, *line)
    } else {
        text = failure.text();
        (text.as_str(), "", "")
    };
    html! {
        <pre class="output error">{ message }<span class="frame">{ frame }</span>{ hint }</pre>
    }
}

/// A tab for each connection the console shows (the others opened by number).
fn connection_tabs(props: &ConsoleProps, connections: &[ConnId]) -> Html {
    let (ids, console) = (&props.ids, props.state.console);
    let tabs = console_window::tabs(connections, console);
    let untabbed = connections.len() - tabs.len();
    let open_by_number = {
        let dispatch = props.dispatch.clone();
        let connections = connections.to_vec();
        Callback::from(move |event: Event| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            if let Some(conn) = input
                .value()
                .trim()
                .parse()
                .ok()
                .filter(|c| connections.contains(c))
            {
                dispatch.emit(Action::SelectConsole(conn));
            }
        })
    };
    html! {
        <>
            <div class="tabs" role="tablist" aria-label="Connections">
                { for tabs.into_iter().map(|conn| {
                    let dispatch = props.dispatch.clone();
                    let selected = conn == console;
                    html! {
                        <button role="tab" id={ids.id(&format!("tab-conn{conn}"))} aria-selected={selected.to_string()} aria-controls={ids.id("console-panel")} tabindex={if selected { "0" } else { "-1" }}
                            class="tab" onclick={Callback::from(move |_| dispatch.emit(Action::SelectConsole(conn)))}>
                            { format!("conn{conn}") }
                        </button>
                    }
                }) }
            </div>
            if untabbed > 0 {
                <label class="more-connections">{ format!("{untabbed} more connections · open conn ") }
                    <input type="number" min="1" inputmode="numeric" onchange={open_by_number} />
                </label>
            }
        </>
    }
}

/// The console, with its [`Transcript`].
pub fn console(props: &ConsoleProps, transcript: &Transcript) -> Html {
    let ids = props.ids.clone();
    let state = &props.state;
    let shell = state.playground.shell();
    let console = state.console;
    let Transcript {
        node: transcript_ref,
        records_shown,
    } = transcript.clone();
    // Only this console's connection: building the whole board here (every session's card)
    // doubled a command's repaint with thousands of sessions.
    let connection = shell.deployment.connection_view(console);
    let busy = connection.as_ref().and_then(|c| c.running);
    // What waits for the code of a command fetched on first use: this console's input, or a
    // scenario from the menu (said on every console, as it replaces them all).
    let waiting_here = match &state.waiting {
        Some(Waiting::Input(conn, _)) if *conn == console => {
            Some(" · ↻ loading the code of this command…")
        }
        Some(Waiting::Scenario(..)) => {
            Some(" · ↻ loading the code of a command this scenario runs…")
        }
        _ => None,
    };
    let user = connection.and_then(|c| c.user);
    let all_steps: Vec<std::rc::Rc<crate::playground::Step>> = state.playground.steps()
        [..state.playground.cursor()]
        .iter()
        .filter(|s| s.console == console)
        .cloned()
        .collect();
    let first_shown = console_window::first_step_shown(&all_steps, *records_shown);
    let show_earlier = {
        let records_shown = records_shown.clone();
        Callback::from(move |_| records_shown.set(*records_shown + TRANSCRIPT_RECORDS))
    };
    let shell_for_completion = state.playground.shell_rc();
    let completer = Callback::from(move |(text, at): (String, usize)| {
        shell_for_completion.complete(console, &text, at)
    });
    let on_run = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |text: String| dispatch.emit(Action::Run(console, text)))
    };
    let on_remember = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |text: String| dispatch.emit(Action::Remember(text)))
    };
    html! {
        <div class="console panel">
            { connection_tabs(props, &shell.connections()) }
            <div id={ids.id("console-panel")} role="tabpanel" aria-labelledby={ids.id(&format!("tab-conn{console}"))}>
                <div class="console-status">
                    { format!("conn{console} · db: {} · {}", shell.current_db(console), user.unwrap_or_else(|| "not logged in".to_owned())) }
                    if let Some(op) = busy {
                        <span class="busy">{ format!(" · ↻ busy: operation {op} is running") }</span>
                    }
                    if let Some(what) = waiting_here {
                        <span class="busy" role="status">{ what }</span>{ " " }
                        <button class="small" onclick={props.dispatch.reform(|_: MouseEvent| Action::CancelWait)}>{ "Cancel" }</button>
                    }
                </div>
                <div class="transcript" ref={transcript_ref} tabindex="0" aria-label={format!("Transcript of conn{console}")}>
                    if all_steps.is_empty() {
                        <p class="empty">{ "Type a command below, e.g. db.runCommand({ killAllSessions: [] }), then press Enter. lab.help() lists Session Lab's helpers." }</p>
                    }
                    // The keyed steps get their own parent: Yew diffs a list that mixes keyed and
                    // unkeyed children by position, which would rebuild every step on each command.
                    if first_shown > 0 {
                        <button class="show-earlier" onclick={show_earlier}>{ format!("Show earlier steps ({first_shown} not shown)") }</button>
                    }
                    <div class="steps-list">
                        { for all_steps.into_iter().enumerate().skip(first_shown).map(|(i, step)| html! { <StepView key={i} step={step} /> }) }
                    </div>
                </div>
                if !props.read_only {
                <Editor ids={ids.clone()} key={console.to_string()} history={state.history.clone()} completer={completer} on_run={on_run} on_remember={on_remember}
                    locked={state.lesson.as_ref().filter(|l| l.blocks_input()).map(|_| "The console waits for your prediction: answer it in the lesson panel, and the command runs.".to_owned())} />
                }
            </div>
        </div>
    }
}
