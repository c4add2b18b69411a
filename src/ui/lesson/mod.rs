//! Lessons on the page: the catalogue (the Lessons menu), the panel beside the console with
//! the prediction form, the reveals, the live checklist and the hints, and the learner's
//! progress in storage. The rules live in [`crate::lessons`]; this module only draws them.

mod catalogue;
mod panel;
mod predict_form;
pub mod progress_store;
mod prose;
pub mod texts;

pub use catalogue::Catalogue;
pub use panel::LessonPanel;
