//! The console input: a textarea over a highlighted copy of its text (from the shell's own
//! lexer). Enter runs a complete input (Shift+Enter adds a line; Ctrl/Cmd+Enter always runs);
//! Up/Down walk the history; Tab completes; a syntax error is shown at its position and the
//! text is kept.

use super::highlighted::highlighted;
use crate::shell::complete::Completion;
use crate::shell::diagnostics::code_frame;
use crate::shell::parser::parse_program;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// Properties.
#[derive(Properties, PartialEq)]
pub struct EditorProps {
    /// Earlier inputs, oldest first.
    pub history: Vec<String>,
    /// Completion for `(text, cursor)`.
    pub completer: Callback<(String, usize), Completion>,
    /// Run a parsed input.
    pub on_run: Callback<String>,
    /// Remember an input that did not parse.
    pub on_remember: Callback<String>,
}

#[derive(Clone, PartialEq)]
struct Suggest {
    completion: Completion,
    selected: usize,
}

/// The editor.
#[function_component(Editor)]
pub fn editor(props: &EditorProps) -> Html {
    let ids = super::use_ids();
    let text = use_state(String::new);
    let error = use_state(|| None::<(String, usize, usize)>);
    let history_at = use_state(|| None::<usize>);
    let suggest = use_state(|| None::<Suggest>);
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
        let (text, error, suggest) = (text.clone(), error.clone(), suggest.clone());
        Callback::from(move |e: InputEvent| {
            if let Some(area) = e.target_dyn_into::<HtmlTextAreaElement>() {
                text.set(area.value());
                error.set(None);
                suggest.set(None);
            }
        })
    };

    let onkeydown = {
        let (text, history_at, suggest, history, completer, set_text, run) = (
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
            let caret = utf16_to_byte(&value, caret_utf16);
            if let Some(s) = (*suggest).clone() {
                match e.key().as_str() {
                    "ArrowDown" | "ArrowUp" => {
                        e.prevent_default();
                        let n = s.completion.items.len();
                        let selected = if e.key() == "ArrowDown" {
                            (s.selected + 1) % n
                        } else {
                            (s.selected + n - 1) % n
                        };
                        suggest.set(Some(Suggest { selected, ..s }));
                        return;
                    }
                    "Tab" | "Enter" => {
                        e.prevent_default();
                        let item = &s.completion.items[s.selected];
                        let new_value =
                            format!("{}{item}{}", &value[..s.completion.start], &value[caret..]);
                        set_text(new_value, Some(s.completion.start + item.len()));
                        suggest.set(None);
                        return;
                    }
                    "Escape" => {
                        e.prevent_default();
                        suggest.set(None);
                        return;
                    }
                    _ => suggest.set(None),
                }
            }
            match e.key().as_str() {
                "Enter" if e.ctrl_key() || e.meta_key() => {
                    e.prevent_default();
                    run(value);
                }
                "Enter"
                    if !e.shift_key() && caret == value.len() && parse_program(&value).is_ok() =>
                {
                    e.prevent_default();
                    run(value);
                }
                "Tab"
                    if !value[..caret].trim().is_empty()
                        && !value[..caret].ends_with(char::is_whitespace) =>
                {
                    let completion = completer.emit((value.clone(), caret));
                    match completion.items.len() {
                        0 => {}
                        1 => {
                            e.prevent_default();
                            let item = &completion.items[0];
                            let new_value =
                                format!("{}{item}{}", &value[..completion.start], &value[caret..]);
                            set_text(new_value, Some(completion.start + item.len()));
                        }
                        _ => {
                            e.prevent_default();
                            suggest.set(Some(Suggest {
                                completion,
                                selected: 0,
                            }));
                        }
                    }
                }
                "ArrowUp" if !value[..caret].contains('\n') && !history.is_empty() => {
                    e.prevent_default();
                    let at = history_at.map_or(history.len() - 1, |i| i.saturating_sub(1));
                    history_at.set(Some(at));
                    set_text(history[at].clone(), Some(history[at].len()));
                }
                "ArrowDown" if !value[caret..].contains('\n') => {
                    if let Some(i) = *history_at {
                        e.prevent_default();
                        if i + 1 < history.len() {
                            history_at.set(Some(i + 1));
                            set_text(history[i + 1].clone(), Some(history[i + 1].len()));
                        } else {
                            history_at.set(None);
                            set_text(String::new(), Some(0));
                        }
                    }
                }
                _ => {}
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
            <div class={classes!("editor-stack", error.is_some().then_some("has-error"))}>
                <pre class="editor-highlight" aria-hidden="true">{ highlighted_with_error(&text, (*error).as_ref().map(|(_, s, e)| (*s, *e))) }{ "\n" }</pre>
                <textarea id={ids.id("console-input")} ref={input_ref} rows={rows.to_string()} spellcheck="false" autocomplete="off" autocapitalize="off"
                    aria-describedby={format!("{} {}", ids.id("editor-help"), ids.id("editor-error"))} aria-autocomplete="list"
                    aria-controls={suggest.is_some().then(|| ids.id("completions"))} aria-invalid={error.is_some().to_string()}
                    placeholder="db.runCommand({ killAllSessions: [] })" {oninput} {onkeydown} value={(*text).clone()} />
            </div>
            if let Some(s) = &*suggest {
                <ul id={ids.id("completions")} role="listbox" class="completions" aria-label="Completions">
                    { for s.completion.items.iter().enumerate().map(|(i, item)| html! {
                        <li role="option" aria-selected={(i == s.selected).to_string()} class={classes!((i == s.selected).then_some("selected"))}>{ item.clone() }</li>
                    }) }
                </ul>
            }
            <div class="editor-bar">
                <span id={ids.id("editor-help")} class="help">{ "Enter runs · Shift+Enter new line · ↑↓ history · Tab completes" }</span>
                <button class="run" onclick={onclick_run}>{ "Run ⏎" }</button>
            </div>
            <pre id={ids.id("editor-error")} class="editor-error" role="alert">{ (*error).as_ref().map(|(frame, _, _)| frame.clone()).unwrap_or_default() }</pre>
        </div>
    }
}

fn utf16_to_byte(s: &str, utf16: usize) -> usize {
    let mut count = 0;
    for (i, c) in s.char_indices() {
        if count >= utf16 {
            return i;
        }
        count += c.len_utf16();
    }
    s.len()
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
