//! The parts of the page few visitors use, fetched the first time they are needed instead of
//! with the first load (issue 15: "load it when it is used rather than with the first paint"):
//! the lessons' panel, menu, file reader and checklist ([`super::lesson`]'s part), presenter
//! mode with its notes window ([`super::presenter_gate`]'s), a documentation block's
//! expectations checked ([`super::expect_gate`]'s), exporting and opening files
//! ([`super::files_part`]), and the JavaScript API's `runScript` records
//! ([`super::records_part`]). This module is what they share: the
//! failure, the cache, the hook a component waiting for a part (or for the lessons) draws its
//! state with, and what the page says meanwhile.
//!
//! A part is a split point, a function marked `wasm_split`: the browser's build (the `split`
//! feature) cuts everything reachable only from it into a WebAssembly module of its own
//! (`split_<name>.wasm` beside `sessionlab_bg.wasm`, and `chunk_<n>.wasm` for code two parts
//! share; `scripts/split-wasm.py`, with `wasm-split-cli`), which the first call fetches and
//! instantiates against the page's memory and function table. A part hands back plain function
//! pointers that draw its components, so the page names nothing inside it. Without the feature
//! (the wasm tests, clippy) a part is a plain call. Once fetched, a part stays; a failed fetch is
//! tried again on the next call.

use std::cell::OnceCell;
use std::future::Future;
use std::thread::LocalKey;
use yew::prelude::*;

/// A part that could not be fetched. The loader has logged the browser's reason to the console;
/// the page says which part and offers to try again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotFetched;

impl NotFetched {
    /// What the page says: Session Lab could not load `what` (a part, in the reader's words),
    /// where the reason is, and what to do.
    pub fn sentence(self, what: &str) -> String {
        format!("Session Lab could not load {what}; the browser's console says why. Check the connection and try again.")
    }
}

#[cfg(feature = "split")]
impl From<wasm_split_helpers::SplitLoaderError> for NotFetched {
    fn from(_: wasm_split_helpers::SplitLoaderError) -> Self {
        Self
    }
}

/// Calls a part: a fetch (the first time) in the split build, a plain call otherwise. The part
/// is a function marked
/// `#[cfg_attr(feature = "split", wasm_split_helpers::wasm_split(NAME, fallible))]` that returns
/// `Result<T, NotFetched>`.
macro_rules! part_call {
    ($part:path) => {{
        #[cfg(feature = "split")]
        let call = $part();
        #[cfg(not(feature = "split"))]
        let call = async { $part() };
        call
    }};
}
pub(crate) use part_call;

/// The part in `cache`, fetched with `call` (a [`part_call!`]) if it is not here yet.
pub async fn fetched<T: Copy + 'static>(
    cache: &'static LocalKey<OnceCell<T>>,
    call: impl Future<Output = Result<T, NotFetched>>,
) -> Result<T, NotFetched> {
    if let Some(part) = here(cache) {
        return Ok(part);
    }
    let part = call.await?;
    Ok(cache.with(|c| *c.get_or_init(|| part)))
}

/// The part in `cache` if it is here.
pub fn here<T: Copy + 'static>(cache: &'static LocalKey<OnceCell<T>>) -> Option<T> {
    cache.with(|c| c.get().copied())
}

/// Where something a component waits for stands: a part, or the lessons (files and part).
#[derive(Clone)]
pub enum PartState<T, E> {
    /// Being fetched.
    Loading,
    /// Here.
    Ready(T),
    /// Could not be fetched, and why; the callback tries again.
    Failed(E, Callback<MouseEvent>),
}

/// What `here` answers, fetched with `fetch` on the first render that finds nothing there; the
/// component is drawn again when it arrives or fails.
#[hook]
pub fn use_fetched<T, E, F>(here: fn() -> Option<T>, fetch: fn() -> F) -> PartState<T, E>
where
    T: 'static,
    E: Clone + 'static,
    F: Future<Output = Result<T, E>> + 'static,
{
    let attempt = use_state(|| 0_u32);
    let failed = use_state(|| None::<E>);
    let arrived = use_force_update();
    {
        let failed = failed.clone();
        use_effect_with(*attempt, move |_| {
            if here().is_none() {
                failed.set(None);
                yew::platform::spawn_local(async move {
                    match fetch().await {
                        Ok(_) => arrived.force_update(),
                        Err(why) => failed.set(Some(why)),
                    }
                });
            }
        });
    }
    match (here(), (*failed).clone()) {
        (Some(found), _) => PartState::Ready(found),
        (None, Some(why)) => {
            let attempt = attempt.clone();
            let retry = Callback::from(move |_: MouseEvent| attempt.set(*attempt + 1));
            PartState::Failed(why, retry)
        }
        (None, None) => PartState::Loading,
    }
}

/// What the page says while a part is not here: that it is loading `what`, or that it could
/// not, with a button that tries again.
pub fn status<T>(part: &PartState<T, NotFetched>, what: &str) -> Html {
    match part {
        PartState::Failed(not_fetched, retry) => html! {
            <div class="notice error" role="alert">
                <p class="notice-text">{ not_fetched.sentence(what) }</p>
                <button class="small" onclick={retry.clone()}>{ "Try again" }</button>
            </div>
        },
        _ => html! {
            <div class="notice" role="status"><p class="notice-text">{ format!("Loading {what}…") }</p></div>
        },
    }
}
