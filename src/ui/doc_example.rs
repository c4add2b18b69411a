//! A documentation block's extras in its embed: the `//! expect` lines checked live against the
//! step shown (the same checklist `sessionlab check-docs` runs, so the example as written shows
//! every line met), and each `//! choice` as a button that runs its command in place of the
//! block's last step (what it replaces is kept as a branch).

use super::store::{Action, LabState};
use crate::doc_examples::Example;
use crate::lessons::checklist::{self, GoalResult, TaskState};
use std::rc::Rc;
use yew::prelude::*;

/// Properties.
#[derive(Properties, PartialEq)]
pub struct ExampleChecksProps {
    /// State.
    pub state: UseReducerHandle<LabState>,
    /// The block, as the page wrote it.
    pub example: Rc<Example>,
    /// Steps before the block's own (its scenario's, as one hidden step).
    pub before: usize,
}

/// The block's expectations and choices.
#[function_component(ExampleChecks)]
pub fn example_checks(props: &ExampleChecksProps) -> Html {
    let results = {
        let (state, example, before) = (props.state.clone(), props.example.clone(), props.before);
        use_memo(props.state.revision, move |_| {
            evaluate(&state.playground, &example, before)
        })
    };
    let last_step = props.before + props.example.steps.len().saturating_sub(1);
    let choose = |command: &str| {
        // Choices are offered even in a read-only embed: they are the page's own variants.
        let (state, command) = (props.state.clone(), command.to_owned());
        Callback::from(move |_: MouseEvent| {
            state.dispatch(Action::GoTo(last_step));
            state.dispatch(Action::Run(1, command.clone()));
        })
    };
    html! {
        <div class="example-checks">
            if !props.example.choices.is_empty() {
                <div class="example-choices" role="group" aria-label="Try a variant">
                    <span>{ "Try instead:" }</span>
                    { for props.example.choices.iter().map(|(_, label, command)| html! {
                        <button class="small" title={command.clone()} onclick={choose(command)}>{ label.clone() }</button>
                    }) }
                </div>
            }
            if !props.example.expects.is_empty() {
                <div class="example-expects">
                    <h3>{ "Expected" }</h3>
                    if let Some(results) = results.as_ref() {
                        <ul>
                            { for results.iter().map(expect_line) }
                        </ul>
                    } else {
                        <p class="empty">{ "Step to the example's own steps to check its expectations." }</p>
                    }
                </div>
            }
        </div>
    }
}

fn expect_line(result: &GoalResult) -> Html {
    let (mark, label) = if result.met {
        ("✔", "holds")
    } else {
        ("✘", "does not hold")
    };
    html! {
        <li class={classes!("expect", if result.met { "met" } else { "unmet" })}>
            <span aria-hidden="true">{ mark }</span>{ " " }<code>{ result.text.clone() }</code>
            <span class="sr-only">{ format!(": {label}") }</span>
            if !result.met {
                <div class="expect-why">{ result.why.clone() }</div>
            }
        </li>
    }
}

/// The expectations against the step shown, from the block's first step (none before it).
fn evaluate(
    playground: &crate::playground::Playground,
    example: &Example,
    before: usize,
) -> Option<Vec<GoalResult>> {
    let cursor = playground.cursor();
    if cursor < before {
        return None;
    }
    let start = playground.shell_after(before);
    let goals: Vec<_> = example.expects.iter().map(|(_, g)| g.clone()).collect();
    let state = TaskState {
        start: &start,
        now: playground.shell(),
        steps: &playground.steps()[before..cursor],
        first_step: before + 1,
    };
    Some(checklist::evaluate(&goals, &state))
}
