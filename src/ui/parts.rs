//! The parts of the page few visitors use, fetched the first time they are needed instead of
//! with the first load (issue 15: "load it when it is used rather than with the first paint"):
//! the lessons' panel, menu, file reader and checklist ([`super::lesson`]'s part), presenter
//! mode with its notes window ([`super::presenter_gate`]'s), a documentation block's
//! expectations checked ([`super::expect_gate`]'s), exporting and opening files
//! ([`super::files_part`]), and the JavaScript API's `runScript` records
//! ([`super::records_part`]). This module is what they share: the
//! failure, the cache, the one component that waits for a part (or for the lessons), and what
//! the page says meanwhile.
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
use std::rc::Rc;
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

/// Where something the page waits for stands: a part, or the lessons (files and part).
#[derive(Clone)]
pub enum PartState {
    /// Being fetched.
    Loading,
    /// Here.
    Ready,
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

/// Where a part stands: fetched with `fetch` on the first render that finds it not `here`; the
/// component is drawn again when it arrives or fails.
#[hook]
fn use_fetched(here: fn() -> bool, fetch: fn() -> Fetching) -> PartState {
    let found = here();
    let failure = use_fetch(!found, fetch);
    match (found, failure) {
        (true, _) => PartState::Ready,
        (false, Some((why, retry))) => PartState::Failed(why, retry),
        (false, None) => PartState::Loading,
    }
}

/// How a [`Gate`] draws what waits for a part, as the part stands.
pub type Draw = Rc<dyn Fn(PartState) -> Html>;

/// Properties of a [`Gate`].
#[derive(Properties)]
pub struct GateProps {
    /// Whether the part is here.
    pub here: fn() -> bool,
    /// Fetches it.
    pub fetch: fn() -> Fetching,
    /// Draws what waits for it.
    pub draw: Draw,
}

impl PartialEq for GateProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.draw, &other.draw)
    }
}

/// What waits for a part (presenter mode, the notes window, an example's expectations, the
/// Lessons menu): one component for all of them, which keeps where the part stands, so the page
/// carries Yew's lifecycle code for one component type instead of four (about 650 B of gzip
/// each). It is drawn again with the page around it.
#[function_component(Gate)]
pub fn gate(props: &GateProps) -> Html {
    (props.draw)(use_fetched(props.here, props.fetch))
}

/// A [`Gate`] for the part that is `here` or fetched with `fetch`, drawn by `draw`.
pub fn wait_for(here: fn() -> bool, fetch: fn() -> Fetching, draw: Draw) -> Html {
    html! { <Gate here={here} fetch={fetch} draw={draw} /> }
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
pub fn status(part: &PartState, what: &str) -> Html {
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
