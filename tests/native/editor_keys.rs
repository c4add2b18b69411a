//! The console input's keys, tested without a browser through `editor_keys::on_key`.

use sessionlab::editor_keys::{caret_from_utf16, on_key, EditorView, KeyEffect, KeyPress, Suggest};
use sessionlab::shell::complete::Completion;

fn press(key: &str) -> KeyPress<'_> {
    KeyPress {
        key,
        command: false,
        shift: false,
    }
}

fn view<'a>(text: &'a str, history: &'a [String]) -> EditorView<'a> {
    EditorView {
        text,
        caret: text.len(),
        suggest: None,
        history,
        history_at: None,
    }
}

fn no_completion(_: &str, _: usize) -> Completion {
    Completion {
        start: 0,
        items: Vec::new(),
    }
}

#[test]
fn enter_runs_a_complete_input_and_adds_a_line_otherwise() {
    let runs = |key: KeyPress<'_>, text: &str| on_key(key, &view(text, &[]), no_completion).run;
    assert_eq!(
        runs(press("Enter"), "db.c.find()"),
        Some("db.c.find()".to_owned())
    );
    assert_eq!(
        runs(press("Enter"), "db.c.find("),
        None,
        "an open bracket adds a line"
    );
    let shift = KeyPress {
        shift: true,
        ..press("Enter")
    };
    assert_eq!(runs(shift, "db.c.find()"), None, "Shift+Enter adds a line");
    let command = KeyPress {
        command: true,
        ..press("Enter")
    };
    assert_eq!(
        runs(command, "db.c.find("),
        Some("db.c.find(".to_owned()),
        "Ctrl/Cmd+Enter always runs (and shows the error)"
    );
    let mut middle = view("db.c.find()", &[]);
    middle.caret = 3;
    assert_eq!(on_key(press("Enter"), &middle, no_completion).run, None);
}

#[test]
fn enter_on_an_unfinished_input_adds_a_line_and_says_what_is_open() {
    let enter = |text: &str| on_key(press("Enter"), &view(text, &[]), no_completion);
    for (text, open) in [
        (
            "db.runCommand({ killAllSessions: [] }",
            "unclosed '(': expected ')' before the end of input (line 1, column 14)",
        ),
        (
            "db.runCommand({ killAllSessions: [\n  { user: \"appReader\", db: \"db1\" }",
            "unclosed '[': expected ']' before the end of input (line 1, column 34)",
        ),
        (
            "db.c.insertOne({ a: ",
            "unexpected end of input: expected a value (line 1, column 21)",
        ),
        ("/* a note", "unterminated comment (line 1, column 1)"),
    ] {
        let effect = enter(text);
        assert_eq!(effect.run, None, "{text}");
        assert!(!effect.prevent_default, "the browser adds the line: {text}");
        let note = effect.note.flatten().unwrap_or_default();
        assert!(
            note.starts_with("Not run yet, the input is unfinished: ") && note.contains(open),
            "{text}: {note}"
        );
        assert!(note.ends_with("Ctrl+Enter runs it as it is."), "{note}");
    }
    // Running clears the note.
    assert_eq!(enter("db.c.find()").note, Some(None));
}

#[test]
fn enter_runs_an_input_no_further_line_could_fix_so_its_error_shows_at_once() {
    // Smart quotes pasted from a document, a stray closing bracket, a misspelt keyword: Enter
    // runs them, and the editor shows the shell's positioned error with its hint.
    for text in [
        "db.runCommand({ killAllSessions: [ { user: “appReader”, db: “db1” } ] })",
        "db.runCommand({ killAllSessions: [] }))",
        "db.c.find({ a: 1 ]",
    ] {
        let effect = on_key(press("Enter"), &view(text, &[]), no_completion);
        assert_eq!(effect.run.as_deref(), Some(text));
        assert!(effect.prevent_default);
        let error = sessionlab::shell::parser::parse_program(text).unwrap_err();
        assert!(!error.is_unfinished(), "{text}: {}", error.message);
    }
    // Blank input does nothing.
    assert_eq!(
        on_key(press("Enter"), &view("  ", &[]), no_completion),
        KeyEffect::default()
    );
}

#[test]
fn up_and_down_walk_the_history_from_the_newest() {
    let history = vec!["first".to_owned(), "second".to_owned()];
    let up = on_key(press("ArrowUp"), &view("", &history), no_completion);
    assert_eq!(up.text, Some(("second".to_owned(), 6)));
    assert_eq!(up.history_at, Some(Some(1)));
    let mut at_second = view("second", &history);
    at_second.history_at = Some(1);
    let up_again = on_key(press("ArrowUp"), &at_second, no_completion);
    assert_eq!(up_again.text, Some(("first".to_owned(), 5)));
    let down = on_key(press("ArrowDown"), &at_second, no_completion);
    assert_eq!(
        down.text,
        Some((String::new(), 0)),
        "past the newest: an empty input"
    );
    assert_eq!(down.history_at, Some(None));
    let mut two_lines = view("a\nb", &history);
    two_lines.caret = 3;
    assert_eq!(
        on_key(press("ArrowUp"), &two_lines, no_completion),
        KeyEffect::default(),
        "on a later line, Up moves the caret"
    );
}

#[test]
fn tab_completes_one_candidate_and_lists_several() {
    let one = |_: &str, _: usize| Completion {
        start: 3,
        items: vec!["getMongo".to_owned()],
    };
    let effect = on_key(press("Tab"), &view("db.getM", &[]), one);
    assert_eq!(effect.text, Some(("db.getMongo".to_owned(), 11)));
    let two = |_: &str, _: usize| Completion {
        start: 3,
        items: vec!["getName".to_owned(), "getMongo".to_owned()],
    };
    let effect = on_key(press("Tab"), &view("db.get", &[]), two);
    let list = effect.suggest.flatten().expect("a list");
    assert_eq!(list.selected, 0);
    // In the list: Down selects the next, Enter takes it, Escape closes, a letter closes and types.
    let mut listing = view("db.get", &[]);
    listing.suggest = Some(&list);
    let down = on_key(press("ArrowDown"), &listing, no_completion);
    let selected: Suggest = down.suggest.flatten().expect("still a list");
    assert_eq!(selected.selected, 1);
    listing.suggest = Some(&selected);
    let taken = on_key(press("Enter"), &listing, no_completion);
    assert_eq!(taken.text, Some(("db.getMongo".to_owned(), 11)));
    assert_eq!(
        taken.run, None,
        "Enter in the list completes, it does not run"
    );
    assert_eq!(
        on_key(press("Escape"), &listing, no_completion).suggest,
        Some(None)
    );
    let typed = on_key(press("x"), &listing, no_completion);
    assert_eq!(typed.suggest, Some(None));
    assert!(!typed.prevent_default, "the letter is typed");
}

#[test]
fn the_browsers_utf16_caret_becomes_a_byte_offset_on_a_char_boundary() {
    let text = "db.c.insertOne({ note: \"😀 café\" })";
    // 😀 is two UTF-16 units and four bytes; é is one unit and two bytes.
    let emoji = text.find('😀').unwrap();
    assert_eq!(
        caret_from_utf16(text, emoji),
        emoji,
        "before the emoji: same count"
    );
    assert_eq!(caret_from_utf16(text, emoji + 2), emoji + 4, "after it");
    let e_acute = text.find('é').unwrap();
    assert_eq!(
        caret_from_utf16(text, e_acute - 2 + 1),
        e_acute + 2,
        "after é"
    );
    assert_eq!(caret_from_utf16(text, 10_000), text.len(), "past the end");
    assert_eq!(caret_from_utf16("", 3), 0);
}
