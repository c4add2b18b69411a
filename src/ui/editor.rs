//! The console input: a textarea over a highlighted copy of its text (from the shell's own
//! lexer). Enter runs a complete input, or shows why an unfinished one is not run yet
//! ([`crate::editor_keys`]); Shift+Enter adds a line; Ctrl/Cmd+Enter always runs;
//! Up/Down walk the history; Tab completes; a syntax error is shown at its position and the
//! text is kept.

use super::highlighted::highlighted;
use super::DomIds;
use crate::editor_keys::{caret_from_utf16, on_key, EditorView, KeyPress, Suggest};
use crate::shell::complete::Completion;
use crate::shell::diagnostics::code_frame;
use crate::shell::parser::parse_program;
use crate::ui::hooks::use_kept;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// Properties.
#[derive(Properties, PartialEq)]
pub struct EditorProps {
    /// This playground's element ids.
    pub ids: DomIds,
    /// Earlier inputs, oldest first.
    pub history: Vec<String>,
    /// Completion for `(text, cursor)`.
    pub completer: Callback<(String, usize), Completion>,
    /// Run a parsed input.
    pub on_run: Callback<String>,
    /// Remember an input that did not parse.
    pub on_remember: Callback<String>,
    /// Why the console waits (a lesson's prediction is unanswered): the input is disabled and
    /// this says why.
    #[prop_or_default]
    pub locked: Option<String>,
}

/// The editor.
#[function_component(Editor)]
pub fn editor(props: &EditorProps) -> Html {
    let ids = props.ids.clone();
    let text = use_kept(String::new);
    let error = use_kept(|| None::<(String, usize, usize)>);
    let note = use_kept(|| None::<String>);
    let history_at = use_kept(|| None::<usize>);
    let suggest = use_kept(|| None::<Suggest>);
    let input_ref = use_node_ref();

    let set_text = {
        let (text, input_ref) = (text.clone(), input_ref.clone());
        move |value: String, caret: Option<usize>| {
            if let Some(area) = input_ref.cast::<HtmlTextAreaElement>() {
                area.set_value(&value);
                if let Some(at) = caret {
                    let at = u32::try_from(value[..at.min(value.len())].encode_utf16().count())
                        .unwrap_or(0);
                    let _ = area.set_selection_range(at, at);
                }
            }
            text.set(value);
        }
    };

    let run = {
        let (error, history_at, suggest, props_run, props_remember, set_text) = (
            error.clone(),
            history_at.clone(),
            suggest.clone(),
            props.on_run.clone(),
            props.on_remember.clone(),
            set_text.clone(),
        );
        move |value: String| {
            if value.trim().is_empty() {
                return;
            }
            suggest.set(None);
            history_at.set(None);
            match parse_program(&value) {
                Ok(_) => {
                    error.set(None);
                    props_run.emit(value);
                    set_text(String::new(), Some(0));
                }
                Err(e) => {
                    props_remember.emit(value.clone());
                    error.set(Some((code_frame(&value, &e), e.span.start, e.span.end)));
                }
            }
        }
    };

    let oninput = {
        let (text, error, suggest, note) =
            (text.clone(), error.clone(), suggest.clone(), note.clone());
        Callback::from(move |e: InputEvent| {
            if let Some(area) = e.target_dyn_into::<HtmlTextAreaElement>() {
                // Enter's own line break comes as input too: the note it set stays until the
                // next change.
                if e.input_type() != "insertLineBreak" {
                    note.set(None);
                }
                text.set(area.value());
                error.set(None);
                suggest.set(None);
            }
        })
    };

    let onkeydown = {
        let (note, text, history_at, suggest, history, completer, set_text, run) = (
            note.clone(),
            text.clone(),
            history_at.clone(),
            suggest.clone(),
            props.history.clone(),
            props.completer.clone(),
            set_text.clone(),
            run.clone(),
        );
        Callback::from(move |e: KeyboardEvent| {
            let Some(area) = e.target_dyn_into::<HtmlTextAreaElement>() else {
                return;
            };
            let value = area.value();
            let caret_utf16 = area.selection_start().ok().flatten().unwrap_or(0) as usize;
            // The DOM counts UTF-16 units; Rust strings are indexed by bytes.
            let caret = caret_from_utf16(&value, caret_utf16);
            let key = e.key();
            let press = KeyPress {
                key: &key,
                command: e.ctrl_key() || e.meta_key(),
                shift: e.shift_key(),
            };
            let current = (*suggest).clone();
            let view = EditorView {
                text: &value,
                caret,
                suggest: current.as_ref(),
                history: &history,
                history_at: *history_at,
            };
            let effect = on_key(press, &view, |text, at| {
                completer.emit((text.to_owned(), at))
            });
            if effect.prevent_default {
                e.prevent_default();
            }
            if let Some(list) = effect.suggest {
                suggest.set(list);
            }
            if let Some(at) = effect.history_at {
                history_at.set(at);
            }
            if let Some(text) = effect.note {
                note.set(text);
            }
            if let Some((new_text, at)) = effect.text {
                set_text(new_text, Some(at));
            }
            if let Some(input) = effect.run {
                run(input);
            }
            let _ = &text;
        })
    };

    let onclick_run = {
        let (text, run) = (text.clone(), run.clone());
        Callback::from(move |_: MouseEvent| run((*text).clone()))
    };

    let rows = text.lines().count().clamp(2, 12);
    html! {
        <div class="editor">
            <label for={ids.id("console-input")} class="sr-only">{ "Command" }</label>
            <div class="editor-stack" data-has-error={error.is_some().then_some("")}>
                <pre class="editor-highlight" aria-hidden="true">{ highlighted_with_error(&text, (*error).as_ref().map(|(_, s, e)| (*s, *e))) }{ "\n" }</pre>
                <textarea id={ids.id("console-input")} ref={input_ref} rows={rows.to_string()} spellcheck="false" autocomplete="off" autocapitalize="off"
                    aria-describedby={format!("{} {}", ids.id("editor-help"), ids.id("editor-error"))} aria-autocomplete="list"
                    aria-controls={suggest.is_some().then(|| ids.id("completions"))} aria-invalid={error.is_some().to_string()}
                    placeholder="db.runCommand({ killAllSessions: [] })" {oninput} {onkeydown} value={(*text).clone()} disabled={props.locked.is_some()} />
            </div>
            if let Some(s) = &*suggest {
                <ul id={ids.id("completions")} role="listbox" class="completions" aria-label="Completions">
                    { for s.completion.items.iter().enumerate().map(|(i, item)| html! {
                        <li role="option" aria-selected={(i == s.selected).to_string()}>{ item.clone() }</li>
                    }) }
                </ul>
            }
            <div class="editor-bar">
                <span id={ids.id("editor-help")} class="help">{ "Enter runs · Shift+Enter new line · ↑↓ history · Tab completes" }</span>
                <button class="run" onclick={onclick_run} disabled={props.locked.is_some()}>{ "Run ⏎" }</button>
            </div>
            if let Some(why) = &props.locked {
                <p class="editor-locked">{ why.clone() }</p>
            }
            <p id={ids.id("editor-note")} class="editor-note" role="status">{ (*note).clone().unwrap_or_default() }</p>
            <pre id={ids.id("editor-error")} class="editor-error" role="alert">{ (*error).as_ref().map(|(frame, _, _)| frame.clone()).unwrap_or_default() }</pre>
        </div>
    }
}

fn highlighted_with_error(text: &str, error: Option<(usize, usize)>) -> Html {
    match error {
        Some((start, end)) if start <= text.len() => {
            let end = end.clamp(start, text.len());
            let (start, end) = (floor(text, start), floor(text, end));
            let marked = if end > start { &text[start..end] } else { " " };
            html! { <>{ highlighted(&text[..start]) }<mark class="error-span">{ marked }</mark>{ highlighted(&text[end..]) }</> }
        }
        _ => highlighted(text),
    }
}

fn floor(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}
