//! A documentation block's expectations as the embed first draws them: checking `//! expect`
//! lines takes the lessons' checklist, which few pages use, so it is a part of its own
//! ([`super::parts`]; `split_checks.wasm` in the browser's build, the checklist itself in a chunk
//! it shares with the lesson part), fetched the first time an embed shows expectations. Until it
//! is here the embed says so under "Expected"; a failed fetch can be retried. The block's
//! steps, choices and verdicts do not wait for it.

use super::expectations::{ExampleProps, Expectations};
use super::parts::{self, part_call, status, Draw, Fetching, NotFetched, PartState};
use std::cell::OnceCell;
use std::rc::Rc;
use yew::prelude::*;

/// What the checks part draws: the expectations, each checked.
#[derive(Clone, Copy)]
struct ChecksView {
    expectations: fn(ExampleProps) -> Html,
}

thread_local! {
    static VIEW: OnceCell<ChecksView> = const { OnceCell::new() };
}

// The split point. The `Result` is the loader's (a `fallible` split point returns one); the
// macro's loader is generated unsafe code (an extern import, a static, a `#[no_mangle]` entry).
#[allow(unsafe_code, clippy::unnecessary_wraps)]
#[cfg_attr(feature = "split", wasm_split_helpers::wasm_split(checks, fallible))]
fn checks_part() -> Result<ChecksView, NotFetched> {
    Ok(ChecksView {
        expectations: |props| html! { <Expectations ..props /> },
    })
}

/// The checks part, fetched if need be.
fn fetch() -> Fetching {
    parts::fetching(parts::fetched(&VIEW, part_call!(checks_part)))
}

/// The checks part if it is here.
fn here() -> Option<ChecksView> {
    parts::here(&VIEW)
}

/// Whether the checks part is here.
fn is_here() -> bool {
    here().is_some()
}

/// The block's expectations, checked once the checks part is here.
pub fn expect_gate(props: ExampleProps) -> Html {
    let draw: Draw = Rc::new(move |part| match (part, here()) {
        (PartState::Ready, Some(view)) => (view.expectations)(props.clone()),
        (part, _) => status(&part, "the checks of this example's expectations"),
    });
    parts::wait_for(is_here, fetch, draw)
}
