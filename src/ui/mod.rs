//! The playground UI (Yew, browser only). It renders the engine's views and dispatches
//! [`store::Action`]s; it holds none of the server's rules. Board clicks write shell commands, so every
//! change goes through the console and shows its syntax.

mod board;
mod commands;
mod console;
mod editor;
mod header;
mod persist;
pub mod store;
mod timeline;
mod verdicts;

use std::rc::Rc;
use store::{Action, LabState};
pub use verdicts::Verdicts;
use yew::prelude::*;

/// Mounts the full playground into `<body>`'s `#app` element (or `<body>`).
pub fn mount_app() {
    console_panic_hook();
    let document = gloo::utils::document();
    match document.get_element_by_id("app") {
        Some(root) => {
            yew::Renderer::<App>::with_root(root).render();
        }
        None => {
            yew::Renderer::<App>::new().render();
        }
    }
}

fn console_panic_hook() {
    // Only the message: formatting the whole panic info costs kilobytes of WebAssembly.
    std::panic::set_hook(Box::new(|info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<&str>()
            .copied()
            .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
            .unwrap_or("panic");
        gloo::console::error!("Session Lab panicked:", message);
    }));
}

/// The whole page: header, board, console, verdicts and timeline.
#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(LabState::default);
    persist::use_persistence(&state);
    let dispatch = {
        let state = state.clone();
        Callback::from(move |action: Action| state.dispatch(action))
    };
    let shell = state.playground.shell();
    let board = shell.deployment.board();
    // Verdicts are rendered in words once per state change, not once per component render.
    let verdicts = {
        let state = state.clone();
        use_memo(state.revision, move |_| {
            state.report_at_cursor().map(|r| {
                Rc::new(Verdicts {
                    command: r.command.clone(),
                    list: r.verdicts(),
                })
            })
        })
    };
    let report = (*verdicts).clone();
    html! {
        <div class="app">
            <a class="skip-link" href="#console-input">{ "Skip to the console" }</a>
            <header::Header dispatch={dispatch.clone()} auth_enabled={board.auth_enabled} />
            <main class="layout">
                <section class="board-pane" aria-label="Deployment">
                    <board::Board board={board.clone()} bindings={shell.session_bindings()} report={report.clone()} console={state.console} dispatch={dispatch.clone()} />
                    if let Some(report) = report.clone() {
                        <verdicts::VerdictTable report={report} />
                    }
                </section>
                <section class="console-pane" aria-label="Console">
                    <console::Console state={state.clone()} dispatch={dispatch.clone()} />
                    <timeline::Timeline state={state.clone()} dispatch={dispatch.clone()} />
                </section>
            </main>
            <div class="sr-only" aria-live="polite" aria-atomic="true" id="announcer">{ state.announcement.clone() }</div>
        </div>
    }
}
