//! The Lessons menu: its frame, and the lessons fetched the first time it opens (the lesson
//! files and the lesson part, [`super::load`]); until they are here it says so, and a failed
//! fetch can be retried. The list itself is [`super::CatalogueList`], in the lesson part.

use super::{progress_store, CatalogueListProps};
use crate::lab_state::Action;
use crate::lessons::catalogue;
use crate::lessons::progress::Progress;
use yew::prelude::*;

/// Properties.
#[derive(Properties, PartialEq)]
pub struct CatalogueProps {
    /// Dispatch.
    pub dispatch: Callback<Action>,
    /// Closes the menu.
    pub on_close: Callback<()>,
    /// The full playground at its own address (progress is kept; work is kept aside).
    pub persist: bool,
}

/// Where the lessons are.
#[derive(Clone, PartialEq)]
enum Lessons {
    Ready,
    Loading,
    Failed(String),
}

/// The menu.
#[function_component(Catalogue)]
pub fn lesson_catalogue(props: &CatalogueProps) -> Html {
    let ids = crate::ui::use_ids();
    let lessons = use_state(|| {
        if catalogue::is_loaded() {
            Lessons::Ready
        } else {
            Lessons::Loading
        }
    });
    let attempt = use_state(|| 0_u32);
    {
        let lessons = lessons.clone();
        use_effect_with(*attempt, move |_| {
            if !catalogue::is_loaded() {
                lessons.set(Lessons::Loading);
                yew::platform::spawn_local(async move {
                    lessons.set(match super::load().await {
                        Ok(()) => Lessons::Ready,
                        Err(why) => Lessons::Failed(why),
                    });
                });
            }
        });
    }
    let retry = {
        let attempt = attempt.clone();
        Callback::from(move |_: MouseEvent| attempt.set(*attempt + 1))
    };
    // Read when the menu opens (while the lessons load) and after an import (storage is only
    // touched in effects and handlers, never while rendering).
    let progress = use_state(Progress::default);
    let imported = use_state(|| 0_u32);
    {
        let (progress, persist) = (progress.clone(), props.persist);
        use_effect_with(*imported, move |_| {
            if persist {
                progress.set(progress_store::load());
            }
        });
    }
    let on_imported = Callback::from(move |()| imported.set(*imported + 1));
    let close = {
        let on_close = props.on_close.clone();
        Callback::from(move |_: MouseEvent| on_close.emit(()))
    };
    // The catalogue is installed only once the lesson part is here too (`super::load`).
    let list = super::part::here()
        .filter(|_| *lessons == Lessons::Ready)
        .map(|views| {
            (views.catalogue)(CatalogueListProps {
                dispatch: props.dispatch.clone(),
                on_close: props.on_close.clone(),
                persist: props.persist,
                progress: (*progress).clone(),
                on_imported: on_imported.clone(),
            })
        });
    let title_id = ids.id("lessons-title");
    html! {
        <section class="panel catalogue" aria-labelledby={title_id.clone()}>
            <div class="lesson-head">
                <h2 id={title_id}>{ "Lessons" }</h2>
                <button class="small" onclick={close}>{ "Close" }</button>
            </div>
            <p>{ "Each lesson sets up a deployment, may ask you to predict a command's outcome, and gives you goals the engine checks after every command." }</p>
            if *lessons == Lessons::Loading {
                <p class="empty" role="status">{ "Loading the lessons…" }</p>
            }
            if let Lessons::Failed(why) = &*lessons {
                <p class="editor-error" role="alert">{ why.clone() }</p>
                <button class="small" onclick={retry}>{ "Try again" }</button>
            }
            { list.unwrap_or_default() }
        </section>
    }
}
