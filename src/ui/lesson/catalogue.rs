//! The Lessons menu: every shipped lesson with what it teaches, its minutes, its soft
//! prerequisites and the learner's marks (solved, solution seen, first-try prediction score,
//! changed since solved); starting one keeps the current work aside; the progress travels as
//! a link or a file and comes back from either. The lesson files are fetched the first time
//! the menu opens ([`super::texts`]); until then it says so, and a failed fetch can be retried.

use super::progress_store;
use super::prose::inline;
use crate::lab_state::{Action, LessonAction, Notice};
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

/// Where the lesson files are.
#[derive(Clone, PartialEq)]
enum Texts {
    Ready,
    Loading,
    Failed(String),
}

/// The menu.
#[function_component(Catalogue)]
pub fn lesson_catalogue(props: &CatalogueProps) -> Html {
    let ids = crate::ui::use_ids();
    let texts = use_state(|| {
        if catalogue::is_loaded() {
            Texts::Ready
        } else {
            Texts::Loading
        }
    });
    let attempt = use_state(|| 0_u32);
    {
        let texts = texts.clone();
        use_effect_with(*attempt, move |_| {
            if !catalogue::is_loaded() {
                texts.set(Texts::Loading);
                yew::platform::spawn_local(async move {
                    texts.set(match super::texts::load().await {
                        Ok(()) => Texts::Ready,
                        Err(why) => Texts::Failed(why),
                    });
                });
            }
        });
    }
    let retry = {
        let attempt = attempt.clone();
        Callback::from(move |_: MouseEvent| attempt.set(*attempt + 1))
    };
    // Read when the menu opens and after an import (storage is only touched in effects and
    // handlers, never while rendering).
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
        let (dispatch, input, imported) = (
            props.dispatch.clone(),
            import_input.clone(),
            imported.clone(),
        );
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let Some(field) = input.cast::<web_sys::HtmlInputElement>() else {
                return;
            };
            let text = field.value();
            let fragment = text.trim().rsplit_once('#').map_or(text.trim(), |(_, f)| f);
            let notice = match Progress::from_fragment(fragment) {
                Ok(progress) => match progress_store::import(&progress) {
                    Ok(count) => {
                        field.set_value("");
                        imported.set(*imported + 1);
                        Notice::info(format!("Imported progress for {count} lesson(s)."))
                    }
                    Err(problem) => Notice::error(problem.sentence()),
                },
                Err(why) => Notice::error(format!(
                    "This progress could not be imported: {why}. Your progress is unchanged."
                )),
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
    let close = {
        let on_close = props.on_close.clone();
        Callback::from(move |_: MouseEvent| on_close.emit(()))
    };
    let lessons = catalogue::lessons();
    let title_of = |id: &str| {
        lessons
            .iter()
            .find(|l| l.id == id)
            .map_or_else(|| id.to_owned(), |l| l.title.clone())
    };
    let title_id = ids.id("lessons-title");
    html! {
        <section class="panel catalogue" aria-labelledby={title_id.clone()}>
            <div class="lesson-head">
                <h2 id={title_id}>{ "Lessons" }</h2>
                <button class="small" onclick={close}>{ "Close" }</button>
            </div>
            <p>{ "Each lesson sets up a deployment, may ask you to predict a command's outcome, and gives you goals the engine checks after every command." }</p>
            if *texts == Texts::Loading {
                <p class="empty" role="status">{ "Loading the lessons…" }</p>
            }
            if let Texts::Failed(why) = &*texts {
                <p class="editor-error" role="alert">{ why.clone() }</p>
                <button class="small" onclick={retry}>{ "Try again" }</button>
            }
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
                            <li class={classes!("lesson-item", mine.is_some_and(|p| p.solved && !changed).then_some("solved"))}>
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
        </section>
    }
}
