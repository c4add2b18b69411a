//! The lessons shipped with Session Lab: the files of `lessons/`, parsed once.
//!
//! Natively they are compiled in (`build.rs` lists them), so `sessionlab lesson check` and the
//! tests read them directly. In the browser they are not in the WebAssembly module, which every
//! visitor downloads: the page fetches them the first time a lesson is needed (the Lessons menu,
//! `?lesson=`, a lesson in progress in the autosave), as the one file the build writes beside
//! the app (`lessons.json`, see `crate::ui::lesson::texts`), and [`install`]s them here.
//!
//! What runs a lesson comes with them ([`Runner`]): no lesson can start or be resumed before
//! they are here, so in the browser that code is installed by the part that reads them (the
//! lesson part) and is not in the first load either.

use super::active::{ActiveLesson, SavedLesson};
use super::format::Lesson;
use crate::playground::Playground;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// A lesson started: its state, and the playground its setup ran on.
pub type Started = (ActiveLesson, Playground);

/// What runs a lesson, installed with the lessons: [`ActiveLesson`]'s steps the page's reducer
/// takes.
#[derive(Clone, Copy)]
pub struct Runner {
    /// [`ActiveLesson::start`].
    pub start: fn(Rc<Lesson>) -> Result<Started, String>,
    /// [`ActiveLesson::answer`].
    pub answer: fn(&mut ActiveLesson, &[String], &mut Playground) -> Result<(), String>,
    /// [`ActiveLesson::show_solution`].
    pub show_solution: fn(&mut ActiveLesson, &mut Playground),
    /// [`resume`].
    pub resume: fn(&SavedLesson, &Playground) -> Result<ActiveLesson, String>,
}

/// `(file name, text)` of every shipped lesson, in catalogue order: every `lessons/*.md`, by
/// file name (the list is written by `build.rs`).
#[cfg(not(target_arch = "wasm32"))]
pub const FILES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/lessons.rs"));

thread_local! {
    static LESSONS: RefCell<Option<Rc<[Rc<Lesson>]>>> = const { RefCell::new(None) };
    static RUNNER: Cell<Option<Runner>> = const { Cell::new(None) };
}

/// Parses and keeps the shipped lessons, `(file name, text)` in catalogue order, and what runs
/// them; the first set installed stays.
///
/// # Errors
/// A set with a file this version cannot read is not installed (`file:line:column: why`). The
/// test command checks every shipped file, so in the browser this means a file from another
/// build (a stale cache, a half-updated host).
pub fn install<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<(), String> {
    if is_loaded() {
        return Ok(());
    }
    let parsed: Rc<[Rc<Lesson>]> = files
        .into_iter()
        .map(|(file, text)| {
            super::parse(text)
                .map(Rc::new)
                .map_err(|errors| match errors.first() {
                    Some(first) => format!("{file}:{first}"),
                    None => file.to_owned(),
                })
        })
        .collect::<Result<_, _>>()?;
    LESSONS.with(|lessons| *lessons.borrow_mut() = Some(parsed));
    RUNNER.set(Some(Runner {
        start: ActiveLesson::start,
        answer: ActiveLesson::answer,
        show_solution: ActiveLesson::show_solution,
        resume,
    }));
    Ok(())
}

/// Whether the lessons are here (always natively; in the browser once fetched).
pub fn is_loaded() -> bool {
    LESSONS.with(|lessons| lessons.borrow().is_some())
}

/// Every shipped lesson, in catalogue order (natively none if one did not parse: the test
/// command fails then); none in the browser before they are fetched.
pub fn lessons() -> Rc<[Rc<Lesson>]> {
    install_compiled_in();
    LESSONS.with(|lessons| lessons.borrow().clone().unwrap_or_else(|| Rc::new([])))
}

/// What runs a lesson, once the lessons are here.
pub fn runner() -> Option<Runner> {
    install_compiled_in();
    RUNNER.get()
}

/// Natively, installs the compiled-in lessons the first time they are asked for; in the
/// browser it does nothing (the page installs the fetched ones).
fn install_compiled_in() {
    #[cfg(not(target_arch = "wasm32"))]
    let _ = install(FILES.iter().copied());
}

/// Resumes a saved lesson ([`ActiveLesson::resume`]) on the timeline it was saved with.
///
/// # Errors
/// Why it cannot be resumed: the lesson is gone or changed, or the timeline no longer starts
/// with its setup.
pub fn resume(saved: &SavedLesson, playground: &Playground) -> Result<ActiveLesson, String> {
    let lesson = find(&saved.id)
        .ok_or_else(|| format!("there is no lesson called \"{}\" any more", saved.id))?;
    ActiveLesson::resume(saved, lesson, playground)
}

/// A shipped lesson by id.
pub fn find(id: &str) -> Option<Rc<Lesson>> {
    lessons().iter().find(|l| l.id == id).cloned()
}
