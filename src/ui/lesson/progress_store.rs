//! The learner's progress in the browser's storage (the full playground only: embeds never
//! write it): read for the catalogue's marks, written after every change of the lesson being
//! run, and imported from a `#p1.…` link or a progress file.

use crate::lab_state::LabState;
use crate::lessons::progress::Progress;
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
pub fn save(progress: &Progress) -> Result<(), persist::StorageProblem> {
    persist::write_document(PROGRESS_KEY, &progress.to_document())
}

/// Merges imported progress into the stored one (an imported lesson's entry wins); returns how
/// many lessons it held.
///
/// # Errors
/// Why it could not be stored.
pub fn import(imported: &Progress) -> Result<usize, persist::StorageProblem> {
    let mut progress = load();
    progress.merge(imported);
    save(&progress)?;
    Ok(imported.len())
}

/// Records the lesson being run (with the page's checklist of this revision): hints used, solution seen, solved (only without the
/// solution), and the first-try prediction score (the first run's only).
#[hook]
pub fn use_lesson_progress(
    state: &UseReducerHandle<LabState>,
    enabled: bool,
    checklist: &Rc<Option<crate::lessons::run::Progress>>,
) {
    let state = state.clone();
    // The checklist the page already computed for this revision (not evaluated again).
    let solved = checklist.as_ref().as_ref().is_some_and(|p| p.solved);
    use_effect_with(state.revision, move |_| {
        let Some(active) = state.lesson.as_ref().filter(|_| enabled) else {
            return;
        };
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
    });
}
