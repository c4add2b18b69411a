//! The Lessons menu's list, drawn once the lessons are here (the menu around it,
//! [`super::Catalogue`], fetches them): every shipped lesson with what it teaches, its minutes,
//! its soft prerequisites and the learner's marks (solved, solution seen, first-try prediction
//! score, changed since solved); starting one keeps the current work aside; the progress
//! travels as a link or a file and comes back from either. Part of the lesson part
//! ([`crate::ui::parts`]), fetched on first use.

use super::progress_store;
use super::prose::inline;
use crate::lab_state::{Action, LessonAction, Notice};
use crate::lessons::catalogue;
use crate::lessons::progress::Progress;
use crate::ui::hooks::{use_effect_on, use_kept};
use yew::prelude::*;

/// Properties.
#[derive(Properties, PartialEq)]
pub struct CatalogueListProps {
    /// Dispatch.
    pub dispatch: Callback<Action>,
    /// Closes the menu (a lesson started).
    pub on_close: Callback<()>,
    /// The full playground at its own address (progress is kept; work is kept aside).
    pub persist: bool,
}

/// The list and the progress transfer.
#[function_component(CatalogueList)]
pub fn catalogue_list(props: &CatalogueListProps) -> Html {
    // The learner's progress as stored: read when the list first draws and after an import
    // (storage is only touched in effects and handlers, never while rendering).
    let stored = use_kept(Progress::default);
    let imported = use_kept(|| 0_u32);
    {
        let (stored, persist) = (stored.clone(), props.persist);
        use_effect_on(*imported, move |_| {
            if persist {
                stored.set(progress_store::load());
            }
        });
    }
    let on_imported = Callback::from(move |()| imported.set(*imported + 1));
    let progress = &*stored;
    let start = |id: String, title: String| {
        let (dispatch, on_close, persist) = (
            props.dispatch.clone(),
            props.on_close.clone(),
            props.persist,
        );
        Callback::from(move |_: MouseEvent| {
            let kept = persist && crate::ui::persist::keep_previous("a lesson started");
            dispatch.emit(Action::Lesson(LessonAction::Start(id.clone())));
            if kept {
                dispatch.emit(Action::Notify(Some(crate::ui::start::kept_notice(
                    &format!("Started the lesson \"{title}\"."),
                ))));
            }
            on_close.emit(());
        })
    };
    let copy_link = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            let link = crate::ui::link::playground_address(&progress_store::load().to_fragment());
            let dispatch = dispatch.clone();
            yew::platform::spawn_local(async move {
                crate::ui::share_bar::copy_and_tell(
                    &dispatch,
                    "Progress link",
                    "your progress",
                    link,
                )
                .await;
            });
        })
    };
    let save_file = Callback::from(move |_: MouseEvent| {
        let link = crate::ui::link::playground_address(&progress_store::load().to_fragment());
        crate::ui::files::download(
            "sessionlab-progress.txt",
            "text/plain",
            &format!("{link}\n"),
        );
    });
    let import_input = use_node_ref();
    let on_import = {
        let (dispatch, input) = (props.dispatch.clone(), import_input.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let Some(field) = input.cast::<web_sys::HtmlInputElement>() else {
                return;
            };
            let text = field.value();
            let fragment = text.trim().rsplit_once('#').map_or(text.trim(), |(_, f)| f);
            let notice = match progress_store::import(fragment, "progress") {
                Ok(count) => {
                    field.set_value("");
                    on_imported.emit(());
                    Notice::info(format!("Imported progress for {count} lesson(s)."))
                }
                Err(why) => Notice::error(why),
            };
            dispatch.emit(Action::Notify(Some(notice)));
        })
    };
    let on_file = {
        let input = import_input.clone();
        Callback::from(move |event: Event| {
            let Some(files) = event
                .target_dyn_into::<web_sys::HtmlInputElement>()
                .and_then(|i| i.files())
            else {
                return;
            };
            let (Some(file), input) = (files.get(0), input.clone()) else {
                return;
            };
            yew::platform::spawn_local(async move {
                if let (Ok(text), Some(field)) = (
                    crate::ui::files::read_text(&file).await,
                    input.cast::<web_sys::HtmlInputElement>(),
                ) {
                    field.set_value(text.trim());
                    let _ = field.focus();
                }
            });
        })
    };
    let lessons = catalogue::lessons();
    let title_of = |id: &str| {
        lessons
            .iter()
            .find(|l| l.id == id)
            .map_or_else(|| id.to_owned(), |l| l.title.clone())
    };
    html! {
        <>
            if !lessons.is_empty() {
                <ol class="lesson-list">
                    { for lessons.iter().map(|lesson| {
                        let mine = progress.get(&lesson.id);
                        let changed = progress.changed_since(&lesson.id, &lesson.fingerprint);
                        let marks: Vec<String> = match mine {
                            Some(_) if changed => vec!["changed since you worked on it".to_owned()],
                            Some(p) => {
                                let mut marks = Vec::new();
                                if p.solved { marks.push("✔ solved".to_owned()); }
                                if p.solution_seen { marks.push("solution seen".to_owned()); }
                                if p.hints_used > 0 { marks.push(format!("{} hint(s)", p.hints_used)); }
                                if p.predictions_asked > 0 { marks.push(format!("predictions {}/{}", p.predictions_right, p.predictions_asked)); }
                                marks
                            }
                            None => Vec::new(),
                        };
                        let requires: Vec<String> = lesson.requires.iter().map(|r| title_of(r)).collect();
                        html! {
                            <li class="lesson-item" data-solved={mine.is_some_and(|p| p.solved && !changed).then_some("")}>
                                <h3>{ lesson.title.clone() }</h3>
                                <p>{ inline(&lesson.learns) }</p>
                                <p class="meta">
                                    { format!("{} min", lesson.minutes) }
                                    if !requires.is_empty() { { format!(" · best after: {}", requires.join(", ")) } }
                                    if !marks.is_empty() { <span class="marks">{ format!(" · {}", marks.join(" · ")) }</span> }
                                </p>
                                <button class="small primary" aria-label={format!("Start lesson: {}", lesson.title)} onclick={start(lesson.id.clone(), lesson.title.clone())}>{ "Start" }</button>
                            </li>
                        }
                    }) }
                </ol>
            }
            if props.persist {
                <section class="progress-transfer" aria-label="Your progress">
                    <h3>{ "Your progress" }</h3>
                    <p>{ "Kept in this browser. Take it to another device or hand it to a trainer as a link or a file." }</p>
                    <button class="small" onclick={copy_link}>{ "Copy progress link" }</button>
                    <button class="small" onclick={save_file}>{ "Save progress file" }</button>
                    <form class="import-progress" onsubmit={on_import}>
                        <label>{ "Progress link " }<input type="text" ref={import_input} placeholder="…#p1.…" /></label>
                        <label class="file">{ "or file " }<input type="file" accept=".txt,text/plain" onchange={on_file} /></label>
                        <button class="small" type="submit">{ "Import progress" }</button>
                    </form>
                </section>
            }
        </>
    }
}
