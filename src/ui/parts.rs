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

use crate::ui::hooks::{use_effect_on, use_kept};
use std::cell::OnceCell;
use std::future::Future;
use std::pin::Pin;
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
pub enum PartState<T> {
    /// Being fetched.
    Loading,
    /// Here.
    Ready(T),
    /// Could not be fetched: the fetch's sentence (empty for a part, whose sentence [`status`]
    /// writes, naming it), and a callback that tries again.
    Failed(String, Callback<MouseEvent>),
}

/// A fetch as [`use_fetched`] runs it: boxed, and answering only whether it worked, so that one
/// copy of the hook's code serves every part (a copy per part cost 1,563 B of the gzipped module).
pub type Fetching = Pin<Box<dyn Future<Output = Result<(), String>>>>;

/// A part's fetch for [`use_fetched`]: its failure is said by [`status`].
pub fn fetching<T: 'static>(
    fetch: impl Future<Output = Result<T, NotFetched>> + 'static,
) -> Fetching {
    Box::pin(async move { fetch.await.map(drop).map_err(|NotFetched| String::new()) })
}

/// What `here` answers, fetched with `fetch` on the first render that finds nothing there; the
/// component is drawn again when it arrives or fails.
#[hook]
pub fn use_fetched<T>(here: fn() -> Option<T>, fetch: fn() -> Fetching) -> PartState<T> {
    let found = here();
    let failure = use_fetch(found.is_none(), fetch);
    match (found, failure) {
        (Some(found), _) => PartState::Ready(found),
        (None, Some((why, retry))) => PartState::Failed(why, retry),
        (None, None) => PartState::Loading,
    }
}

/// The fetch behind [`use_fetched`], run when `missing`: its failure, with a callback that tries
/// again.
#[hook]
fn use_fetch(missing: bool, fetch: fn() -> Fetching) -> Option<(String, Callback<MouseEvent>)> {
    let attempt = use_kept(|| 0_u32);
    let failed = use_kept(|| None::<String>);
    let arrived = use_force_update();
    {
        let failed = failed.clone();
        use_effect_on(*attempt, move |_| {
            if missing {
                failed.set(None);
                yew::platform::spawn_local(async move {
                    match fetch().await {
                        Ok(()) => arrived.force_update(),
                        Err(why) => failed.set(Some(why)),
                    }
                });
            }
        });
    }
    (*failed).clone().map(|why| {
        let retry = Callback::from(move |_: MouseEvent| attempt.set(*attempt + 1));
        (why, retry)
    })
}

/// What the page says while a part is not here: that it is loading `what`, or that it could
/// not, with a button that tries again.
pub fn status<T>(part: &PartState<T>, what: &str) -> Html {
    match part {
        PartState::Failed(_, retry) => html! {
            <div class="notice" role="alert">
                <p class="notice-text">{ NotFetched.sentence(what) }</p>
                <button class="small" onclick={retry.clone()}>{ "Try again" }</button>
            </div>
        },
        _ => html! {
            <div class="notice" role="status"><p class="notice-text">{ format!("Loading {what}…") }</p></div>
        },
    }
}
