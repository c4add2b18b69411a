//! Lessons: Markdown files with a setup, predictions, a task of goal lines checked against the
//! engine's state, hints that fire on that state, a reference solution and wrong attempts for
//! the checker. The learner's checklist in the browser and `sessionlab lesson check` run the
//! same code ([`run`]).

pub mod active;
mod blocks;
pub mod catalogue;
pub mod check;
pub mod checklist;
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
pub mod format;
pub mod goals;
pub mod lesson;
pub mod predict;
pub mod progress;
pub mod run;

pub use format::{parse, Lesson, LessonError};
