//! The Lessons menu: its frame, and the lessons fetched the first time it opens (the lesson
//! files and the lesson part, [`super::load`]); until they are here it says so, and a failed
//! fetch can be retried. The list itself is [`super::CatalogueList`], in the lesson part.

use super::CatalogueListProps;
use crate::lab_state::Action;
use crate::ui::parts::{use_fetched, PartState};
use crate::ui::DomIds;
use yew::prelude::*;

/// Properties.
#[derive(Properties, PartialEq)]
pub struct CatalogueProps {
    /// This playground's element ids.
    pub ids: DomIds,
    /// Dispatch.
    pub dispatch: Callback<Action>,
    /// Closes the menu.
    pub on_close: Callback<()>,
    /// The full playground at its own address (progress is kept; work is kept aside).
    pub persist: bool,
}

/// The menu.
#[function_component(Catalogue)]
pub fn lesson_catalogue(props: &CatalogueProps) -> Html {
    let ids = props.ids.clone();
    let lessons = use_fetched(super::ready, || {
        Box::pin(async { super::load().await.map(drop) })
    });
    let close = {
        let on_close = props.on_close.clone();
        Callback::from(move |_: MouseEvent| on_close.emit(()))
    };
    let body = match lessons {
        PartState::Loading => {
            html! { <p class="empty" role="status">{ "Loading the lessons…" }</p> }
        }
        PartState::Failed(why, retry) => html! {
            <>
                <p class="editor-error" role="alert">{ why }</p>
                <button class="small" onclick={retry}>{ "Try again" }</button>
            </>
        },
        PartState::Ready(views) => (views.catalogue)(CatalogueListProps {
            dispatch: props.dispatch.clone(),
            on_close: props.on_close.clone(),
            persist: props.persist,
        }),
    };
    let title_id = ids.id("lessons-title");
    html! {
        <section class="panel catalogue" aria-labelledby={title_id.clone()}>
            <div class="lesson-head">
                <h2 id={title_id}>{ "Lessons" }</h2>
                <button class="small" onclick={close}>{ "Close" }</button>
            </div>
            <p>{ "Each lesson sets up a deployment, may ask you to predict a command's outcome, and gives you goals the engine checks after every command." }</p>
            { body }
        </section>
    }
}
