//! The learner's progress in the browser's storage (the full playground only: embeds never
//! write it): read for the catalogue's marks, written after every change of the lesson being
//! run, and imported from a `#p1.…` link or a progress file. Only the lesson part
//! ([`super::part::LessonViews`]) reads and writes it: a learner's progress matters once lessons
//! are here, so the first load carries none of this but [`use_lesson_progress`].

use crate::lab_state::LabState;
use crate::lessons::active::ActiveLesson;
use crate::lessons::progress::Progress;
use crate::ui::hooks::use_effect_on;
use crate::ui::persist;
use std::rc::Rc;
use yew::prelude::*;

/// Where the progress is kept.
pub const PROGRESS_KEY: &str = "sessionlab:progress:v1";

/// The stored progress (empty when there is none or it cannot be read).
pub fn load() -> Progress {
    persist::read_stored_document(PROGRESS_KEY)
        .and_then(|doc| Progress::from_document(&doc))
        .unwrap_or_default()
}

/// Stores the progress; says why not.
///
/// # Errors
/// Why it could not be stored.
fn save(progress: &Progress) -> Result<(), persist::StorageProblem> {
    persist::write_document(PROGRESS_KEY, &progress.to_document())
}

/// Reads the progress a link or a file carries (`fragment`: what follows the `#`) and merges it
/// into the stored one (an imported lesson's entry wins); returns how many lessons it held.
/// `what` names it in the messages ("progress link", "progress").
///
/// # Errors
/// A sentence for the page: why it could not be read (nothing changed) or stored.
pub fn import(fragment: &str, what: &str) -> Result<usize, String> {
    let imported = Progress::from_fragment(fragment).map_err(|why| {
        format!("This {what} could not be imported: {why}. Your progress is unchanged.")
    })?;
    let mut progress = load();
    progress.merge(&imported);
    save(&progress).map_err(|problem| problem.sentence().to_owned())?;
    Ok(imported.len())
}

/// Records the lesson being run (with the page's checklist of this revision): hints used,
/// solution seen, solved (only without the solution), and the first-try prediction score (the
/// first run's only). `record` is the lesson part's [`record`] once that part is here (a lesson
/// is only ever active then).
#[hook]
pub fn use_lesson_progress(
    state: &UseReducerHandle<LabState>,
    record: Option<fn(&ActiveLesson, bool)>,
    checklist: &Rc<Option<crate::lessons::run::Progress>>,
) {
    let state = state.clone();
    // The checklist the page already computed for this revision (not evaluated again).
    let solved = checklist.as_ref().as_ref().is_some_and(|p| p.solved);
    use_effect_on(state.revision, move |_| {
        if let (Some(active), Some(record)) = (state.lesson.as_ref(), record) {
            record(active, solved);
        }
    });
}

/// Stores what the active lesson earned so far (`solved`: its checklist is met now), when it
/// changed anything.
pub fn record(active: &ActiveLesson, solved: bool) {
    let lesson = &active.lesson;
    let (right, asked) = active.prediction_score();
    let mut progress = load();
    let before = progress.clone();
    progress.update(&lesson.id, &lesson.fingerprint, |p| {
        p.hints_used = p
            .hints_used
            .max(u32::try_from(active.hints_shown).unwrap_or(u32::MAX));
        p.solution_seen |= active.solution_seen;
        p.solved |= solved && !active.solution_seen;
        if p.predictions_asked == 0 && asked > 0 && active.predicting.is_none() {
            p.predictions_right = u32::try_from(right).unwrap_or(0);
            p.predictions_asked = u32::try_from(asked).unwrap_or(0);
        }
    });
    if progress != before {
        let _ = save(&progress);
    }
}
