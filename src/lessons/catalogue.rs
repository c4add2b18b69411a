//! The lessons shipped with Session Lab: the files of `lessons/`, compiled in (`build.rs`
//! lists them) and parsed on first use. `sessionlab lesson check lessons/*.md` keeps each of them passing.

use super::format::Lesson;
use std::rc::Rc;

/// `(file name, text)` of every shipped lesson, in catalogue order: every `lessons/*.md`, by
/// file name (the list is written by `build.rs`).
pub const FILES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/lessons.rs"));

thread_local! {
    static LESSONS: Vec<Rc<Lesson>> = FILES
        .iter()
        .filter_map(|(_, text)| super::parse(text).ok().map(Rc::new))
        .collect();
}

/// Every shipped lesson that parses (all of them: the test command checks it).
pub fn lessons() -> Vec<Rc<Lesson>> {
    LESSONS.with(Clone::clone)
}

/// A shipped lesson by id.
pub fn find(id: &str) -> Option<Rc<Lesson>> {
    LESSONS.with(|all| all.iter().find(|l| l.id == id).cloned())
}
