//! The timeline: every executed input is a step; undo, redo, and click a step to see the board
//! as it was then. Running something at an earlier step forks: the steps it replaced are listed
//! as a branch that can be brought back.

use super::store::{Action, LabState};
use super::DomIds;
use yew::prelude::*;

/// The timeline of `state`. A view function, not a component: a component's own lifecycle code
/// costs about 1 KB of WebAssembly, and the timeline changes with every state the page draws.
pub fn timeline(ids: &DomIds, state: &LabState, dispatch: &Callback<Action>) -> Html {
    let playground = &state.playground;
    let cursor = playground.cursor();
    let steps = playground.steps();
    let emit = |action: Action| {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(action.clone()))
    };
    html! {
        <nav class="panel timeline" aria-label="Timeline">
            <div class="timeline-bar">
                <h2>{ format!("Timeline: step {cursor} of {}", steps.len()) }</h2>
                <button class="small" id={ids.id("undo")} onclick={emit(Action::Undo)} disabled={cursor == 0} aria-keyshortcuts="Alt+ArrowLeft">{ "◀ Undo" }</button>
                <button class="small" id={ids.id("redo")} onclick={emit(Action::Redo)} disabled={cursor == steps.len()} aria-keyshortcuts="Alt+ArrowRight">{ "Redo ▶" }</button>
            </div>
            <ol class="steps">
                <li key="start"><button class="step" aria-current={(cursor == 0).then_some("step")} onclick={emit(Action::GoTo(0))}>{ "start" }</button></li>
                { for steps.iter().enumerate().map(|(i, step)| {
                    let n = i + 1;
                    let first = if step.source.starts_with(crate::lessons::format::HIDDEN_MARK) {
                        "setup (hidden)".to_owned()
                    } else {
                        step.source.lines().find(|l| !l.trim().is_empty() && !l.trim_start().starts_with("//")).unwrap_or(&step.source).trim().to_owned()
                    };
                    let failed = step.records.iter().any(crate::shell::Record::is_error);
                    html! {
                        <li key={n}>
                            <button class="step" data-undone={(n > cursor).then_some("")} data-failed={failed.then_some("")}
                                aria-current={(n == cursor).then_some("step")} title={step.source.chars().take(500).collect::<String>()} onclick={emit(Action::GoTo(n))}>
                                <span class="step-n">{ n }</span>{ format!(" conn{} ", step.console) }<code>{ first }</code>{ if failed { " ⚠" } else { "" } }
                            </button>
                        </li>
                    }
                }) }
            </ol>
            { branches_list(&state.branches, dispatch, ids) }
        </nav>
    }
}

/// The branches that runs at earlier steps left, newest first, each with "Bring back" (the
/// full playground's timeline and an embed both show it).
pub fn branches_list(
    branches: &[crate::lab_state::Branch],
    dispatch: &Callback<Action>,
    ids: &super::DomIds,
) -> Html {
    if branches.is_empty() {
        return html! {};
    }
    html! {
        <section class="branches" aria-label={ids.label("Branches")}>
            <h3>{ "Branches" }</h3>
            <ul>
                { for branches.iter().enumerate().rev().map(|(i, branch)| {
                    let dispatch = dispatch.clone();
                    html! {
                        <li key={i}>
                            { format!("After step {}: {} step(s), from ", branch.at, branch.own_steps()) }
                            <code>{ branch.first_step().chars().take(60).collect::<String>() }</code>
                            { " " }
                            <button class="small" onclick={Callback::from(move |_: MouseEvent| dispatch.emit(Action::BringBack(i)))} aria-label={format!("Bring back the branch after step {}", branch.at)}>{ "Bring back" }</button>
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}
