//! Pattern ↔ session cross-highlighting: every element that stands for one entry of the last
//! kill command (its chip in the kill summary, and each session it decided: cards, summary
//! lines, table rows) carries `data-entry="N"`. Pointing at or focusing any of them marks all
//! of them with the `linked` class; leaving clears the marks. One delegated listener on the
//! playground's root does it, without redrawing anything (a board may hold thousands of cards).

use wasm_bindgen::JsCast;
use web_sys::{Element, Event};
use yew::prelude::*;

/// The class the linked elements get.
const LINKED: &str = "linked";

/// Marks the elements of the entry under the event's target (or clears the marks when it is
/// none), within `root`.
fn mark_from(event: &Event, root: &Element) {
    let entry = event
        .target()
        .and_then(|t| t.dyn_into::<Element>().ok())
        .and_then(|t| t.closest("[data-entry]").ok().flatten())
        .and_then(|e| e.get_attribute("data-entry"));
    mark(root, entry.as_deref());
}

/// Marks the elements of `entry` in `root`, and unmarks the others.
fn mark(root: &Element, entry: Option<&str>) {
    each_match(root, &format!(".{LINKED}"), |element| {
        let _ = element.class_list().remove_1(LINKED);
    });
    // Entries are indexes; anything else (never written by the page) marks nothing.
    let Some(entry) = entry.filter(|e| e.bytes().all(|b| b.is_ascii_digit())) else {
        return;
    };
    each_match(root, &format!("[data-entry=\"{entry}\"]"), |element| {
        let _ = element.class_list().add_1(LINKED);
    });
}

/// Calls `f` on every element of `root` that matches `selector`.
fn each_match(root: &Element, selector: &str, f: impl Fn(&Element)) {
    let Ok(found) = root.query_selector_all(selector) else {
        return;
    };
    for index in 0..found.length() {
        if let Some(element) = found.item(index).and_then(|n| n.dyn_into::<Element>().ok()) {
            f(&element);
        }
    }
}

/// The callbacks for the root: pointer over / keyboard focus marks, leaving clears.
pub fn handlers(root: &NodeRef) -> (Callback<Event>, Callback<Event>) {
    let enter = {
        let root = root.clone();
        Callback::from(move |event: Event| {
            if let Some(root) = root.cast::<Element>() {
                mark_from(&event, &root);
            }
        })
    };
    let leave = {
        let root = root.clone();
        Callback::from(move |_: Event| {
            if let Some(root) = root.cast::<Element>() {
                mark(&root, None);
            }
        })
    };
    (enter, leave)
}
