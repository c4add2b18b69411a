//! The commands part ([`super::parts`]): the code of the commands most visitors never run
//! (`aggregate` with `$listLocalSessions` and `$listSessions`, the catalog commands, `distinct`,
//! `findAndModify`, `currentOp`, `killOp`, the role commands: [`crate::commands::on_demand`]) and
//! of the shell's methods that send them or that few inputs reach (`show …`, `bulkWrite`,
//! `connect`…: [`crate::shell::on_demand`]), a module of its own in the browser's build
//! (`split_commands.wasm`). An input or a replay that
//! reaches one of them before it is here waits for it
//! ([`crate::lab_state::LabState::waits_for_code`]): [`use_code_fetcher`] fetches it, installs
//! it and tells the reducer, which runs the input again from the same state, or lets the replay
//! start again. A lesson, whose steps run in the lesson part, [`fetch`]es it first
//! (`super::lesson::load`); `runScript` runs its script again once it is here.

use super::parts::{part_call, NotFetched};
use super::store::{Action, LabState};
use crate::shell::on_demand::{self, Code};
use crate::ui::hooks::use_effect_on;
use yew::prelude::*;

// The split point. The `Result` is the loader's (a `fallible` split point returns one); the
// macro's loader is generated unsafe code (an extern import, a static, a `#[no_mangle]` entry).
#[allow(unsafe_code, clippy::unnecessary_wraps)]
#[cfg_attr(feature = "split", wasm_split_helpers::wasm_split(commands, fallible))]
fn commands_part() -> Result<&'static Code, NotFetched> {
    Ok(&on_demand::CODE)
}

/// Fetches the part's code if it is not installed yet, and installs it (`on_demand` is where
/// it is kept).
///
/// # Errors
/// [`NotFetched`] when the part cannot be fetched (the next call tries again).
pub async fn install() -> Result<(), NotFetched> {
    if !on_demand::is_installed() {
        on_demand::install(part_call!(commands_part).await?);
    }
    Ok(())
}

/// [`install`], failing with the page's sentence.
///
/// # Errors
/// A sentence for the page when the part cannot be fetched.
pub async fn fetch() -> Result<(), String> {
    install().await.map_err(|not_fetched| {
        not_fetched.sentence(
            "the code of aggregate, distinct, findAndModify, currentOp, killOp, the catalog and the role commands, and of the shell's rarer methods (split_commands.wasm)",
        )
    })
}

/// Fetches the commands' code whenever an input or the replay waits for it, one fetch at a
/// time, and hands the outcome to the reducer ([`Action::CodeFetched`]).
#[hook]
pub fn use_code_fetcher(state: &UseReducerHandle<LabState>) {
    let fetching = use_mut_ref(|| false);
    let state = state.clone();
    use_effect_on(state.revision, move |_| {
        if state.waits_for_code() && !*fetching.borrow() {
            *fetching.borrow_mut() = true;
            yew::platform::spawn_local(async move {
                let fetched = fetch().await;
                *fetching.borrow_mut() = false;
                state.dispatch(Action::CodeFetched(fetched));
            });
        }
    });
}
