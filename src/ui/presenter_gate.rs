//! Presenter mode and its notes window as the page first draws them: the presenter part
//! ([`super::parts`]) is fetched the first time either is wanted; until it is here the page says
//! so (presenter mode keeps the playground on screen meanwhile), and a failed fetch can be
//! retried.

use super::parts::{self, part_call, status, Draw, Fetching, NotFetched, PartState};
use super::presenter::PresenterProps;
use std::cell::OnceCell;
use std::rc::Rc;
use yew::prelude::*;

/// What the presenter part (`split_presenter.wasm` in the browser's build) draws.
#[derive(Clone, Copy)]
pub struct PresenterViews {
    /// Presenter mode around its children.
    pub presenter: fn(PresenterProps) -> Html,
    /// The notes window.
    pub notes: fn() -> Html,
}

thread_local! {
    static VIEWS: OnceCell<PresenterViews> = const { OnceCell::new() };
}

// The split point. The `Result` is the loader's (a `fallible` split point returns one); the
// macro's loader is generated unsafe code (an extern import, a static, a `#[no_mangle]` entry).
#[allow(unsafe_code, clippy::unnecessary_wraps)]
#[cfg_attr(feature = "split", wasm_split_helpers::wasm_split(presenter, fallible))]
fn presenter_part() -> Result<PresenterViews, NotFetched> {
    Ok(PresenterViews {
        presenter: |props| html! { <super::presenter::Presenter ..props /> },
        notes: || html! { <super::notes_window::NotesWindow /> },
    })
}

/// The presenter views, fetched if need be.
fn fetch() -> Fetching {
    parts::fetching(parts::fetched(&VIEWS, part_call!(presenter_part)))
}

/// The presenter views if they are here.
fn here() -> Option<PresenterViews> {
    parts::here(&VIEWS)
}

/// Whether the presenter part is here.
fn is_here() -> bool {
    here().is_some()
}

/// Presenter mode around the playground, once its part is here (the playground meanwhile).
pub fn presenter_gate(props: PresenterProps) -> Html {
    let draw: Draw = Rc::new(move |part| match (part, here()) {
        (PartState::Ready, Some(views)) => (views.presenter)(props.clone()),
        (part, _) => html! {
            <>
                { status(&part, "presenter mode") }
                { props.children.clone() }
            </>
        },
    });
    parts::wait_for(is_here, fetch, draw)
}

/// The notes window (`?notes`), once the presenter part is here.
pub fn notes_gate() -> Html {
    let draw: Draw = Rc::new(|part| match (part, here()) {
        (PartState::Ready, Some(views)) => (views.notes)(),
        (part, _) => html! {
            <div class="app notes-window"><main class="notes-main">{ status(&part, "the notes window") }</main></div>
        },
    });
    parts::wait_for(is_here, fetch, draw)
}
