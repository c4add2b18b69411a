//! The lesson beside the console: its prose, the prediction waiting (or the reveals), the live
//! checklist (each goal met or not, an unmet one saying why in the engine's words and naming
//! the command), the hints (numbered ones on request, state ones when what you did calls for
//! them), "Show solution", and the recap once solved.

use super::predict_form::{reveal_table, PredictionForm};
use super::prose::{inline, prose};
use crate::lab_state::{Action, LessonAction};
use crate::lessons::active::ActiveLesson;
use crate::lessons::run::Progress;
use crate::ui::DomIds;
use yew::prelude::*;

/// Properties.
#[derive(Properties, PartialEq)]
pub struct LessonPanelProps {
    /// This playground's element ids.
    pub ids: DomIds,
    /// The lesson.
    pub lesson: ActiveLesson,
    /// Its checklist as of the step shown.
    pub progress: Option<Progress>,
    /// Dispatch.
    pub dispatch: Callback<Action>,
}

/// The panel.
#[function_component(LessonPanel)]
pub fn lesson_panel(props: &LessonPanelProps) -> Html {
    let ids = props.ids.clone();
    let active = &props.lesson;
    let lesson = &active.lesson;
    let emit = |action: LessonAction| {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(Action::Lesson(action.clone())))
    };
    let solved = props.progress.as_ref().is_some_and(|p| p.solved);
    let title_id = ids.id("lesson-title");
    html! {
        <section class="panel lesson" aria-labelledby={title_id.clone()}>
            <div class="lesson-head">
                <h2 id={title_id}>{ format!("Lesson: {}", lesson.title) }</h2>
                <span class="lesson-minutes">{ format!("{} min", lesson.minutes) }</span>
                <button class="small" onclick={emit(LessonAction::Leave)}>{ "Leave lesson" }</button>
            </div>
            <p class="learns"><strong>{ "You will be able to: " }</strong>{ inline(&lesson.learns) }</p>
            <div class="prose">{ prose(&lesson.intro) }</div>
            { for active.reveals.iter().enumerate().map(|(i, r)| reveal_table(r, i + 1)) }
            if let Some(index) = active.predicting {
                <PredictionForm key={index} prediction={lesson.predictions[index].clone()} number={(index + 1, lesson.predictions.len())} dispatch={props.dispatch.clone()} id={ids.id(&format!("predict-{index}"))} />
            }
            if let Some(progress) = &props.progress {
                <div class="prose task-text">{ prose(&lesson.task_text) }</div>
                { checklist(progress, &ids.id("goals")) }
                { hints(active, progress, &props.dispatch) }
                if solved {
                    <div class="recap" role="status">
                        <h3>{ if active.solution_seen { "✔ Goals met (solution seen: not counted as solved)" } else { "✔ Solved" } }</h3>
                        { prose(&lesson.recap) }
                    </div>
                } else {
                    <button class="small" onclick={emit(LessonAction::ShowSolution)}>{ "Show solution (counts as seen, not solved)" }</button>
                }
            }
        </section>
    }
}

/// The live checklist: a disabled check box per goal (a real form control), the reason for an
/// unmet one, and a polite live region with the count.
fn checklist(progress: &Progress, id: &str) -> Html {
    let met = progress.goals.iter().filter(|g| g.met).count();
    let total = progress.goals.len();
    let summary = if progress.solved {
        format!("All {total} goals met.")
    } else {
        format!("{met} of {total} goals met.")
    };
    html! {
        <section class="checklist" aria-labelledby={id.to_owned()}>
            <h3 id={id.to_owned()}>{ "Goals " }<span class="count">{ format!("{met} of {total} met") }</span></h3>
            <ul>
                { for progress.goals.iter().enumerate().map(|(i, goal)| {
                    let box_id = format!("{id}-{i}");
                    html! {
                        <li data-met={goal.met.to_string()}>
                            <input type="checkbox" id={box_id.clone()} checked={goal.met} disabled=true />
                            <label for={box_id}><code>{ goal.text.clone() }</code>{ if goal.met { " ✔ met" } else { " ✖ not met" } }</label>
                            if !goal.met && !goal.why.is_empty() {
                                <p class="why">{ goal.why.clone() }</p>
                            }
                        </li>
                    }
                }) }
            </ul>
            <p class="checklist-summary" aria-live="polite" aria-atomic="true">{ format!("{summary} {} command(s) run in this task.", progress.commands) }</p>
        </section>
    }
}

/// The hints: numbered ones revealed one at a time (all of them once solved), and the state
/// hints that what the learner did fired.
fn hints(active: &ActiveLesson, progress: &Progress, dispatch: &Callback<Action>) -> Html {
    let numbered: Vec<&crate::lessons::format::Hint> = active
        .lesson
        .hints
        .iter()
        .filter(|h| h.when.is_none())
        .collect();
    let shown = if progress.solved {
        numbered.len()
    } else {
        active.hints_shown
    };
    let next = {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(Action::Lesson(LessonAction::NextHint)))
    };
    html! {
        <section class="hints" aria-label="Hints">
            { for progress.fired.iter().filter_map(|i| active.lesson.hints.get(*i)).map(|hint| html! {
                <p class="hint fired"><strong>{ "From what you did: " }</strong>{ inline(&hint.text) }</p>
            }) }
            <ol>
                { for numbered.iter().take(shown).map(|hint| html! { <li class="hint">{ inline(&hint.text) }</li> }) }
            </ol>
            if shown < numbered.len() {
                <button class="small" onclick={next}>{ format!("Show hint {} of {}", shown + 1, numbered.len()) }</button>
            }
        </section>
    }
}
