//! What the page says when the WebAssembly module has stopped for good.
//!
//! The release build turns a panic into a bare trap (`panic = "immediate-abort"`,
//! scripts/release-toolchain.sh): no panic hook runs and no message is formatted. A trap reaches
//! the page as a `WebAssembly.RuntimeError` thrown to whatever called into the module (an event
//! listener, a timer, a promise's reaction); uncaught, the browser reports it to the window as an
//! `error` or `unhandledrejection` event, and this module listens for those. The same happens in a
//! build that still aborts after a panic hook, and for the traps no panic hook ever saw (memory
//! exhausted, a failed allocation).
//!
//! The listener is the module's own code, run after the trap: it touches only the DOM and a few
//! bytes of memory, never the playground's state, which the trap may have left half-changed (the
//! panic hook it replaces ran the same way, inside the panic).
//!
//! Only traps of this app count: on the app's own page (and its iframe embed) every module is
//! ours; on someone else's page, which may run WebAssembly of its own, a trap counts when its
//! stack names `sessionlab_bg.wasm` (the browser names a module compiled from a response by its
//! address).

use gloo::events::EventListener;
use wasm_bindgen::JsCast;

/// The module's file name, as a trap's stack names it.
const MODULE_FILE: &str = "sessionlab_bg.wasm";

/// Listens, for the page's life, for a trap of this app's module. `own_page`: the page is the
/// app's own (it has `#app`), so any trap is ours.
pub fn watch(own_page: bool) {
    let window = gloo::utils::window();
    for kind in ["error", "unhandledrejection"] {
        EventListener::new(&window, kind, move |event| {
            let thrown = if let Some(error) = event.dyn_ref::<web_sys::ErrorEvent>() {
                error.error()
            } else if let Some(rejection) = event.dyn_ref::<web_sys::PromiseRejectionEvent>() {
                rejection.reason()
            } else {
                return;
            };
            let Some(trap) = thrown.dyn_ref::<js_sys::WebAssembly::RuntimeError>() else {
                return;
            };
            let error: &js_sys::Error = trap.unchecked_ref();
            let ours = own_page
                || js_sys::Reflect::get(error, &"stack".into())
                    .ok()
                    .and_then(|stack| stack.as_string())
                    .is_some_and(|stack| stack.contains(MODULE_FILE));
            if ours {
                show(&String::from(error.to_string()));
            }
        })
        .forget();
    }
}

/// After an internal error the module stops for good, so the page says so in plain DOM, once,
/// with a way to start fresh (the autosave is untouched: nothing was saved after the step that
/// failed, and `?fresh` keeps it aside before starting empty).
fn show(message: &str) {
    let document = gloo::utils::document();
    if document
        .query_selector(".sessionlab-crash")
        .ok()
        .flatten()
        .is_some()
    {
        return;
    }
    let (Some(body), Ok(panel)) = (document.body(), document.create_element("div")) else {
        return;
    };
    let _ = panel.set_attribute("role", "alert");
    panel.set_class_name("sessionlab-crash");
    let text = document.create_element("p");
    let link = document.create_element("a");
    if let (Ok(text), Ok(link)) = (text, link) {
        text.set_text_content(Some(&format!(
            "Session Lab stopped because of an internal error ({message}). Your saved work is untouched."
        )));
        let path = gloo::utils::window()
            .location()
            .pathname()
            .unwrap_or_default();
        let _ = link.set_attribute("href", &format!("{path}?fresh"));
        link.set_text_content(Some("Start fresh (your saved work is kept aside)"));
        let _ = panel.append_child(&text);
        let _ = panel.append_child(&link);
    }
    let _ = body.prepend_with_node_1(&panel);
}
