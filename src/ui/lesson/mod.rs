//! Lessons on the page: the catalogue (the Lessons menu), the panel beside the console with
//! the prediction form, the reveals, the live checklist and the hints, and the learner's
//! progress in storage. The rules live in [`crate::lessons`]; this module only draws them.

mod catalogue;
mod catalogue_list;
mod panel;
pub mod part;
mod predict_form;
pub mod progress_store;
mod prose;
mod texts;

pub use catalogue::{catalogue, CatalogueProps};
pub use catalogue_list::{CatalogueList, CatalogueListProps};
pub use panel::{LessonPanel, LessonPanelProps};

/// Makes lessons available: fetches the lesson files, the lesson part and the code of the
/// commands fetched on first use (a lesson's steps may reach them) side by side, the first time,
/// and installs the files only once all are here (so a lesson never starts without the views
/// that draw it). Answers the lesson part's views.
///
/// # Errors
/// A sentence for the page when any cannot be fetched, or the files cannot be read.
pub async fn load() -> Result<part::LessonViews, String> {
    if let Some(views) = ready() {
        return Ok(views);
    }
    let (views, files, code) =
        futures::future::join3(views(), texts::fetch(), crate::ui::commands_part::fetch()).await;
    code?;
    let files = files?;
    let views = views?;
    files.install(views.install)?;
    Ok(views)
}

/// The lesson part alone (without the lesson files), fetched if need be.
///
/// # Errors
/// A sentence for the page when it cannot be fetched.
pub async fn views() -> Result<part::LessonViews, String> {
    part::fetch().await.map_err(|crate::ui::parts::NotFetched| {
        "The lessons' part of Session Lab (split_lessons.wasm) could not be loaded; the browser's console says why. Check the connection and try again.".to_owned()
    })
}

/// The lesson part's views once lessons are available ([`load`] done).
pub fn ready() -> Option<part::LessonViews> {
    part::here().filter(|_| {
        crate::lessons::catalogue::is_loaded() && crate::shell::on_demand::is_installed()
    })
}
