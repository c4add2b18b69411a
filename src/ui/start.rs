//! What a playground starts with: a share link, a built-in scenario, a script, or the
//! autosave. A link that cannot be opened says why and leaves the autosave as it was; a link
//! that opens leaves the address bar first (so a reload never opens it again), keeps the work
//! it replaces aside, and replays a slice per browser task with progress and Cancel; only when
//! the replay is done is anything saved.

use super::persist::{self, Stored};
use super::store::{Action, LabState, Notice, ReplayJob};
use crate::lab_state::LessonAction;
use crate::mount::MountOptions;
use crate::playground::SavedPlayground;
use crate::ui::hooks::use_effect_on;
use std::rc::Rc;
use yew::prelude::*;

/// Starts with a script: a documentation block's text (hidden lines, `expect`, `choice`; on
/// a scenario's steps before its kill when `scenario` is given), replayed like a link.
fn start_script(
    state: &UseReducerHandle<LabState>,
    options: &MountOptions,
    script: &str,
    scenario: Option<&str>,
) {
    let (steps, problem) = match crate::doc_examples::block(script, scenario) {
        Ok(example) => (example.playground_steps().1, None),
        Err(errors) => (
            crate::playground::script_steps(script),
            Some(Notice::error(format!(
                "The example's directives have mistakes (line:column): {}.",
                errors
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; ")
            ))),
        ),
    };
    let steps: Vec<_> = steps.into_iter().map(|step| (1, step)).collect();
    let saved = SavedPlayground {
        cursor: steps.len(),
        steps,
        seed: SavedPlayground::default_seed(),
    };
    state.dispatch(Action::Restore(Box::new(ReplayJob {
        show: Some(options.initial_step(usize::MAX, None)),
        notice: problem.or_else(|| options.step_beyond(saved.steps.len()).map(Notice::info)),
        ..ReplayJob::new(saved)
    })));
}

/// Loads the start once; in the full playground also opens links pasted later (`hashchange`).
#[hook]
pub fn use_start(state: &UseReducerHandle<LabState>, options: &Rc<MountOptions>) {
    let state = state.clone();
    let options = options.clone();
    use_effect_on((), move |()| {
        if options.persist {
            persist::restore_history(&state);
            if let Some(fragment) = options.progress.clone() {
                import_progress(&state, &fragment);
            }
        }
        if let Some(id) = options.lesson.clone() {
            open_lesson(state.clone(), options.clone(), id);
        } else if let Some(link) = options.link.clone() {
            // Started once the link is open (or failed).
            open_link(state.clone(), options.clone(), link);
        } else {
            match (&options.scenario, &options.script) {
                (scenario, Some(script)) => {
                    start_script(&state, &options, script, scenario.as_deref());
                }
                (Some(id), _) if crate::scenarios::find(id).is_some() => {
                    let kept = keep_aside(&options, "a scenario in the address replaced it");
                    // A scenario opens at its kill; an address may ask for another step.
                    let show = (options.step.is_some() || !options.autorun)
                        .then(|| options.initial_step(usize::MAX, None));
                    state.dispatch(Action::Scenario(id.clone(), show));
                    state.dispatch(Action::Started);
                    let steps = crate::scenarios::find(id)
                        .map_or(0, |s| crate::playground::script_steps(s.script).len());
                    if let Some(beyond) = options.step_beyond(steps) {
                        state.dispatch(Action::Notify(Some(Notice::info(beyond))));
                    } else if kept {
                        state.dispatch(Action::Notify(Some(kept_notice(
                            "Started with the scenario of this address.",
                        ))));
                    }
                }
                (Some(id), _) => {
                    state.dispatch(Action::Notify(Some(Notice::error(format!(
                        "There is no scenario called \"{id}\"."
                    )))));
                    restore_autosave(&state, &options);
                }
                (None, None) if options.fresh && options.persist => {
                    let kept = keep_aside(&options, "the page started fresh after an error");
                    state.dispatch(Action::Started);
                    state.dispatch(Action::Notify(Some(if kept {
                        kept_notice("Started fresh.")
                    } else {
                        Notice::info("Started fresh.")
                    })));
                }
                (None, None) => restore_autosave(&state, &options),
            }
        }
        let listener = options.persist.then(|| {
            gloo::events::EventListener::new(&gloo::utils::window(), "hashchange", move |_| {
                let hash = gloo::utils::window().location().hash().unwrap_or_default();
                if crate::share::is_link(&hash) {
                    open_link(state.clone(), options.clone(), hash);
                }
            })
        });
        move || drop(listener)
    });
}

/// Starts a shipped lesson from the address (`?lesson=ID`), once the lesson files are here
/// (fetched on first use), keeping the work it replaces aside in the full playground; an
/// unknown id, or lesson files that cannot be fetched, say so and bring the autosave back.
fn open_lesson(state: UseReducerHandle<LabState>, options: Rc<MountOptions>, id: String) {
    yew::platform::spawn_local(async move {
        let lesson = super::lesson::load().await.and_then(|_| {
            crate::lessons::catalogue::find(&id).ok_or_else(|| {
                format!("There is no lesson called \"{id}\". The Lessons menu lists them all.")
            })
        });
        let lesson = match lesson {
            Ok(lesson) => lesson,
            Err(why) => {
                state.dispatch(Action::Notify(Some(Notice::error(why))));
                restore_autosave(&state, &options);
                return;
            }
        };
        let kept = keep_aside(&options, "a lesson in the address replaced it");
        state.dispatch(Action::Lesson(LessonAction::Start(lesson.id.clone())));
        state.dispatch(Action::Started);
        if kept {
            state.dispatch(Action::Notify(Some(kept_notice(&format!(
                "Started the lesson \"{}\".",
                lesson.title
            )))));
        }
    });
}

/// Imports the progress of a `#p1.…` link (merged into what this browser holds) and takes the
/// link out of the address bar. The lesson part keeps progress, so it is fetched first; when it
/// cannot be, the notice says so and the link stays in the address bar, so a reload tries again.
fn import_progress(state: &UseReducerHandle<LabState>, fragment: &str) {
    let (state, fragment) = (state.clone(), fragment.to_owned());
    yew::platform::spawn_local(async move {
        let imported = match super::lesson::views().await {
            Ok(views) => {
                super::link::clear_start();
                (views.import_progress)(&fragment, "progress link")
            }
            Err(why) => Err(format!(
                "This progress link could not be imported: {why} Your progress is unchanged."
            )),
        };
        state.dispatch(Action::Notify(Some(match imported {
            Ok(count) => Notice::info(format!(
                "Imported progress for {count} lesson(s): the Lessons menu shows it."
            )),
            Err(why) => Notice::error(why),
        })));
    });
}

/// In the full playground, takes the start out of the address bar and keeps the autosave
/// aside; true when work was kept.
fn keep_aside(options: &MountOptions, why: &str) -> bool {
    if !options.persist {
        return false;
    }
    super::link::clear_start();
    persist::keep_previous(why)
}

/// "… Your previous work was kept aside.", with the offer to bring it back.
pub(super) fn kept_notice(what: &str) -> Notice {
    Notice {
        offer_previous: true,
        ..Notice::info(format!("{what} Your previous work was kept aside."))
    }
}

/// Brings back the autosave (the full playground only); an unreadable one is kept aside and
/// said so, never saved over.
fn restore_autosave(state: &UseReducerHandle<LabState>, options: &MountOptions) {
    let stored = if options.persist {
        persist::read_autosave()
    } else {
        Stored::Nothing
    };
    if options.persist && !persist::storage_available() {
        state.dispatch(Action::Notify(Some(Notice::error(
            persist::StorageProblem::Unavailable.sentence(),
        ))));
    }
    let unreadable = match stored {
        Stored::Found(doc) => {
            if let Some(saved) = persist::playground_of(&doc) {
                let branches = crate::saved_work::branches_of(&doc)
                    .into_iter()
                    .map(|(at, saved)| crate::lab_state::Branch { at, saved })
                    .collect();
                state.dispatch(Action::KeepBranches(branches));
                restore(
                    &state.dispatcher().into(),
                    ReplayJob {
                        own_work: true,
                        ..ReplayJob::new(saved)
                    },
                    doc,
                );
                return;
            }
            // BSON, but not a playground this version reads (a newer one wrote it, say).
            let _ = persist::write_document(persist::UNREADABLE_KEY, &doc);
            true
        }
        Stored::Unreadable => true,
        Stored::Nothing => false,
    };
    if unreadable {
        state.dispatch(Action::Notify(Some(Notice::error(format!(
            "Your saved work could not be read by this version of Session Lab. It was kept aside, untouched (storage key \"{}\"); this playground starts empty.",
            persist::UNREADABLE_KEY
        )))));
    }
    state.dispatch(Action::Started);
}

fn open_link(state: UseReducerHandle<LabState>, options: Rc<MountOptions>, link: String) {
    let fragment = link
        .rsplit_once('#')
        .map_or(link.as_str(), |(_, f)| f)
        .to_owned();
    yew::platform::spawn_local(async move {
        // Each part gets a task of its own (the first render's task is long enough already).
        super::link::next_task().await;
        if options.persist {
            // The fragment leaves the address bar before anything runs: a link that crashes or
            // freezes the page must not do it again on every reload.
            super::link::clear_start();
        }
        let result = super::link::open(&fragment).await;
        super::link::next_task().await;
        match result {
            Ok(saved) => opened(&state, &options, saved),
            Err(error) => {
                state.dispatch(Action::Notify(Some(Notice::error(format!(
                    "This link could not be opened: {error}. {}",
                    if options.persist {
                        "Your saved work is unchanged."
                    } else {
                        "Nothing was loaded."
                    }
                )))));
                if !state.started {
                    restore_autosave(&state, &options);
                }
            }
        }
    });
}

fn opened(state: &UseReducerHandle<LabState>, options: &MountOptions, saved: SavedPlayground) {
    let kept = keep_aside(options, "a link opened");
    let linked = saved.cursor;
    let count = saved.steps.len();
    let beyond = options.step_beyond(count);
    let notice = if options.persist {
        let text = format!(
            "Opened a shared scenario: {count} step(s).{}",
            beyond.map(|b| format!(" {b}")).unwrap_or_default()
        );
        Some(if kept {
            kept_notice(&text)
        } else {
            Notice::info(text)
        })
    } else {
        beyond.map(Notice::info)
    };
    state.dispatch(Action::Restore(Box::new(ReplayJob {
        show: Some(options.initial_step(usize::MAX, Some(linked))),
        notice,
        ..ReplayJob::new(saved)
    })));
}

/// Brings back the most recent work kept aside.
pub fn restore_previous(dispatch: &Callback<Action>) {
    restore_kept(dispatch, 0);
}

/// Brings back entry `index` of the work kept aside (the current work is kept aside first),
/// with the lesson it was saved in.
pub fn restore_kept(dispatch: &Callback<Action>, index: usize) {
    match persist::take_previous(index) {
        Some((saved, doc)) => restore(
            dispatch,
            ReplayJob {
                notice: Some(Notice::info(
                    "Your previous work is back. What you had open was kept aside.",
                )),
                ..ReplayJob::new(saved)
            },
            doc,
        ),
        None => dispatch.emit(Action::Notify(Some(Notice::error(
            "There is no previous work to bring back.",
        )))),
    }
}

/// Replays `job`, the playground of the saved document `doc`, resuming the lesson in progress
/// `doc` was saved in. When the lesson files are not here yet (the browser fetches them on first
/// use), they are fetched while the steps replay, and the replay waits for them at its end; if
/// they cannot be fetched, the timeline comes back without the lesson, saying why, and `doc`
/// is kept aside (in "Previous work") so that nothing of the lesson is lost.
fn restore(dispatch: &Callback<Action>, job: ReplayJob, doc: bson::Document) {
    let lesson = crate::saved_work::lesson_of(&doc)
        .and_then(crate::lessons::active::SavedLesson::from_document);
    let fetch = lesson.is_some() && !crate::lessons::catalogue::is_loaded();
    dispatch.emit(Action::Restore(Box::new(ReplayJob { lesson, ..job })));
    if !fetch {
        return;
    }
    let dispatch = dispatch.clone();
    yew::platform::spawn_local(async move {
        let fetched = super::lesson::load().await.map_err(|why| {
            let kept = persist::keep_document(doc, "its lesson could not be loaded");
            Notice {
                offer_previous: kept,
                ..Notice::error(format!(
                    "The lesson in progress could not be resumed. {why}{}",
                    if kept {
                        " Your work with the lesson was kept aside: bring it back once the lessons load."
                    } else {
                        ""
                    }
                ))
            }
        });
        dispatch.emit(Action::LessonFiles(fetched.map(|_| ())));
    });
}
