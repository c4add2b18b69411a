//! The Lessons menu: its frame, and the lessons fetched the first time it opens (the lesson
//! files and the lesson part, [`super::load`]); until they are here it says so, and a failed
//! fetch can be retried. The list itself is [`super::CatalogueList`], in the lesson part.

use super::CatalogueListProps;
use crate::lab_state::Action;
use crate::ui::parts::{self, Draw, Fetching, PartState};
use crate::ui::DomIds;
use std::rc::Rc;
use yew::prelude::*;

/// What the menu shows and acts on.
#[derive(Clone)]
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

/// Whether the lessons are here (their files and the lesson part).
fn lessons_here() -> bool {
    super::ready().is_some()
}

/// The menu, its list once the lessons are here ([`parts::Gate`] fetches them).
pub fn catalogue(props: CatalogueProps) -> Html {
    let fetch = || -> Fetching { Box::pin(async { super::load().await.map(drop) }) };
    let draw: Draw = Rc::new(move |lessons| menu(&props, lessons));
    parts::wait_for(lessons_here, fetch, draw)
}

/// The menu, as the lessons stand.
fn menu(props: &CatalogueProps, lessons: PartState) -> Html {
    let ids = props.ids.clone();
    let close = {
        let on_close = props.on_close.clone();
        Callback::from(move |_: MouseEvent| on_close.emit(()))
    };
    let body = match (lessons, super::ready()) {
        (PartState::Failed(why, retry), _) => html! {
            <>
                <p class="editor-error" role="alert">{ why }</p>
                <button class="small" onclick={retry}>{ "Try again" }</button>
            </>
        },
        (PartState::Ready, Some(views)) => (views.catalogue)(CatalogueListProps {
            dispatch: props.dispatch.clone(),
            on_close: props.on_close.clone(),
            persist: props.persist,
        }),
        _ => html! { <p class="empty" role="status">{ "Loading the lessons…" }</p> },
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
