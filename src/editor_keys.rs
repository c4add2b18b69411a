//! What a key does in the console input, without the browser: Enter runs a complete input, and
//! also one that no further line could fix (so its positioned error shows at once); Enter on an
//! unfinished input (an open bracket) adds a line, as mongosh does, with a note saying what is
//! still open (Shift+Enter adds a line; Ctrl/Cmd+Enter always runs); Up/Down walk the history when the caret
//! is on the first/last line; Tab completes (one candidate at once, several as a list that
//! Up/Down/Tab/Enter/Escape drive). `ui::editor` applies the [`KeyEffect`].

use crate::shell::complete::Completion;
use crate::shell::diagnostics::ShellError;
use crate::shell::parser::parse_program;

/// A completion list on show, and the item selected.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggest {
    /// The candidates and where they start.
    pub completion: Completion,
    /// The selected item.
    pub selected: usize,
}

/// A key press.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyPress<'a> {
    /// `KeyboardEvent.key`.
    pub key: &'a str,
    /// Ctrl or Cmd held.
    pub command: bool,
    /// Shift held.
    pub shift: bool,
}

/// The input as the key finds it.
#[derive(Debug, Clone, Copy)]
pub struct EditorView<'a> {
    /// The text.
    pub text: &'a str,
    /// The caret, a byte offset.
    pub caret: usize,
    /// The completion list on show.
    pub suggest: Option<&'a Suggest>,
    /// Earlier inputs, oldest first.
    pub history: &'a [String],
    /// The history entry shown, if walking it.
    pub history_at: Option<usize>,
}

/// What the key does; fields left `None` change nothing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KeyEffect {
    /// Whether the browser's own handling of the key is cancelled.
    pub prevent_default: bool,
    /// Run this input.
    pub run: Option<String>,
    /// New text and caret.
    pub text: Option<(String, usize)>,
    /// New completion list (or `Some(None)` to close it).
    pub suggest: Option<Option<Suggest>>,
    /// New history position (or `Some(None)` to leave the history).
    pub history_at: Option<Option<usize>>,
    /// A note under the input (or `Some(None)` to clear it): why Enter did not run it.
    pub note: Option<Option<String>>,
}

impl KeyEffect {
    fn handled() -> Self {
        Self {
            prevent_default: true,
            ..Self::default()
        }
    }
}

/// The byte offset of a caret the browser gives in UTF-16 units (`selectionStart`), on a char
/// boundary: past an emoji or a CJK character the two counts differ.
pub fn caret_from_utf16(text: &str, utf16: usize) -> usize {
    let mut count = 0;
    for (i, c) in text.char_indices() {
        if count >= utf16 {
            return i;
        }
        count += c.len_utf16();
    }
    text.len()
}

/// `item` in place of the word a completion starts at, and the caret after it.
fn complete_with(view: &EditorView<'_>, start: usize, item: &str) -> (String, usize) {
    (
        format!("{}{item}{}", &view.text[..start], &view.text[view.caret..]),
        start + item.len(),
    )
}

/// What `press` does to the input `view`; `complete` gives the candidates at a caret.
pub fn on_key(
    press: KeyPress<'_>,
    view: &EditorView<'_>,
    complete: impl FnOnce(&str, usize) -> Completion,
) -> KeyEffect {
    if let Some(s) = view.suggest {
        let n = s.completion.items.len();
        match press.key {
            "ArrowDown" | "ArrowUp" => {
                let selected = if press.key == "ArrowDown" {
                    (s.selected + 1) % n
                } else {
                    (s.selected + n - 1) % n
                };
                return KeyEffect {
                    suggest: Some(Some(Suggest {
                        selected,
                        ..s.clone()
                    })),
                    ..KeyEffect::handled()
                };
            }
            "Tab" | "Enter" => {
                let item = &s.completion.items[s.selected];
                return KeyEffect {
                    text: Some(complete_with(view, s.completion.start, item)),
                    suggest: Some(None),
                    ..KeyEffect::handled()
                };
            }
            "Escape" => {
                return KeyEffect {
                    suggest: Some(None),
                    ..KeyEffect::handled()
                }
            }
            // Any other key closes the list, then does what it does.
            _ => {}
        }
    }
    let mut effect = typed_key(press, view, complete);
    if view.suggest.is_some() && effect.suggest.is_none() {
        effect.suggest = Some(None);
    }
    effect
}

/// Why Enter added a line instead of running: what is still open, and where.
fn unfinished_note(text: &str, error: &ShellError) -> String {
    let (line, column) = error.line_column(text);
    format!(
        "Not run yet, the input is unfinished: {} (line {line}, column {column}). Enter runs it once it is complete; Ctrl+Enter runs it as it is.",
        error.message
    )
}

/// A key with no completion list on show.
fn typed_key(
    press: KeyPress<'_>,
    view: &EditorView<'_>,
    complete: impl FnOnce(&str, usize) -> Completion,
) -> KeyEffect {
    let (text, caret) = (view.text, view.caret);
    match press.key {
        "Enter" if press.command => KeyEffect {
            run: Some(text.to_owned()),
            ..KeyEffect::handled()
        },
        "Enter" if !press.shift && caret == text.len() && !text.trim().is_empty() => {
            match parse_program(text) {
                Err(error) if error.is_unfinished() => KeyEffect {
                    note: Some(Some(unfinished_note(text, &error))),
                    ..KeyEffect::default()
                },
                // Complete, or wrong in a way no further line fixes: run it (a syntax error is
                // shown at its position, and the text is kept).
                _ => KeyEffect {
                    run: Some(text.to_owned()),
                    note: Some(None),
                    ..KeyEffect::handled()
                },
            }
        }
        "Tab"
            if !text[..caret].trim().is_empty()
                && !text[..caret].ends_with(char::is_whitespace) =>
        {
            let completion = complete(text, caret);
            match completion.items.len() {
                0 => KeyEffect::default(),
                1 => KeyEffect {
                    text: Some(complete_with(view, completion.start, &completion.items[0])),
                    ..KeyEffect::handled()
                },
                _ => KeyEffect {
                    suggest: Some(Some(Suggest {
                        completion,
                        selected: 0,
                    })),
                    ..KeyEffect::handled()
                },
            }
        }
        "ArrowUp" if !text[..caret].contains('\n') && !view.history.is_empty() => {
            let at = view
                .history_at
                .map_or(view.history.len() - 1, |i| i.saturating_sub(1));
            let entry = view.history[at].clone();
            let end = entry.len();
            KeyEffect {
                history_at: Some(Some(at)),
                text: Some((entry, end)),
                ..KeyEffect::handled()
            }
        }
        "ArrowDown" if !text[caret..].contains('\n') => match view.history_at {
            Some(i) if i + 1 < view.history.len() => {
                let entry = view.history[i + 1].clone();
                let end = entry.len();
                KeyEffect {
                    history_at: Some(Some(i + 1)),
                    text: Some((entry, end)),
                    ..KeyEffect::handled()
                }
            }
            Some(_) => KeyEffect {
                history_at: Some(None),
                text: Some((String::new(), 0)),
                ..KeyEffect::handled()
            },
            None => KeyEffect::default(),
        },
        _ => KeyEffect::default(),
    }
}
