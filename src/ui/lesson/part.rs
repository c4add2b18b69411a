//! The lesson part ([`crate::ui::parts`]): the code of the lesson panel, of the Lessons menu's
//! list, of the reader of the lesson files and of the task's checklist, a module of its own in
//! the browser's build (`split_lessons.wasm`), fetched with the lesson files ([`super::load`]),
//! or alone to import a progress link. The learner's progress is kept by it too.

use super::{CatalogueListProps, LessonPanelProps};
use crate::lessons::active::ActiveLesson;
use crate::lessons::run::Progress;
use crate::playground::Playground;
use crate::ui::parts::{self, part_call, NotFetched};
use std::cell::OnceCell;
use yew::prelude::*;

/// What the part draws.
#[derive(Clone, Copy)]
pub struct LessonViews {
    /// The lesson panel.
    pub panel: fn(LessonPanelProps) -> Html,
    /// The Lessons menu's list, once the lessons are here.
    pub catalogue: fn(CatalogueListProps) -> Html,
    /// Reads the fetched lesson files and makes them the shipped lessons
    /// ([`crate::lessons::catalogue::install`]): the lesson reader is only needed then, so it
    /// lives here too.
    pub install: fn(&super::texts::Files) -> Result<(), String>,
    /// The active lesson's checklist as of the step shown
    /// ([`crate::lessons::active::ActiveLesson::progress`]): the checklist's code is a part too
    /// (shared with documentation blocks' expectations, [`crate::ui::expect_gate`]).
    pub progress: fn(&ActiveLesson, &Playground) -> Option<Progress>,
    /// Stores what the active lesson earned ([`super::progress_store::record`]).
    pub record_progress: fn(&ActiveLesson, bool),
    /// Imports a progress link's or file's progress ([`super::progress_store::import`]).
    pub import_progress: fn(&str, &str) -> Result<usize, String>,
}

thread_local! {
    static VIEWS: OnceCell<LessonViews> = const { OnceCell::new() };
}

// The split point. The `Result` is the loader's (a `fallible` split point returns one); the
// macro's loader is generated unsafe code (an extern import, a static, a `#[no_mangle]` entry).
#[allow(unsafe_code, clippy::unnecessary_wraps)]
#[cfg_attr(feature = "split", wasm_split_helpers::wasm_split(lessons, fallible))]
fn lesson_part() -> Result<LessonViews, NotFetched> {
    Ok(LessonViews {
        panel: |props| html! { <super::LessonPanel ..props /> },
        catalogue: |props| html! { <super::CatalogueList ..props /> },
        install: |files| {
            crate::lessons::catalogue::install(
                files
                    .iter()
                    .map(|(file, text)| (file.as_str(), text.as_str())),
            )
        },
        progress: ActiveLesson::progress,
        record_progress: super::progress_store::record,
        import_progress: super::progress_store::import,
    })
}

/// The lesson views, fetched if need be.
pub async fn fetch() -> Result<LessonViews, NotFetched> {
    parts::fetched(&VIEWS, part_call!(lesson_part)).await
}

/// The lesson views if they are here.
pub fn here() -> Option<LessonViews> {
    parts::here(&VIEWS)
}
