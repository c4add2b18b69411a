//! A documentation block's `//! expect` lines, each marked as holding or not at the step shown,
//! with the engine's reason when it does not: the same checklist `sessionlab check-docs` runs,
//! so the example as written shows every line met. Drawn by the checks part
//! ([`super::expect_gate`]), which is all that reaches the checklist and the goals' reader
//! outside a lesson: a line that is not a goal is listed here, positioned, as `check-docs`
//! reports it.

use super::hooks::{use_effect_on, use_kept};
use super::store::LabState;
use crate::doc_examples::Example;
use crate::lessons::checklist::{self, GoalResult, TaskState};
use crate::lessons::goals::Goal;
use std::rc::Rc;
use yew::prelude::*;

/// A documentation block in its embed.
#[derive(Properties, PartialEq, Clone)]
pub struct ExampleProps {
    /// State.
    pub state: UseReducerHandle<LabState>,
    /// The block, as the page wrote it.
    pub example: Rc<Example>,
    /// Steps before the block's own (its scenario's, as one hidden step).
    pub before: usize,
}

/// The expectations, each marked as holding or not at the step shown.
#[function_component(Expectations)]
pub fn expectations(props: &ExampleProps) -> Html {
    // A line's document may be written with a constructor whose code the shell fetches with the
    // commands part (`NumberDecimal(…)`, `BinData(…)`: `crate::shell::on_demand`): lines that
    // cannot be read before it is here are read again once it is. The fetch's failure, if any.
    let code_here = use_kept(crate::shell::on_demand::is_installed);
    let failure = use_kept(|| None::<String>);
    let attempt = use_kept(|| 0_u32);
    let goals = use_memo((props.example.clone(), *code_here), |(example, _)| {
        example.goals()
    });
    let waits_for_code = goals.is_err() && !*code_here;
    {
        let (code_here, failure) = (code_here.clone(), failure.clone());
        use_effect_on((waits_for_code, *attempt), move |(waits, _)| {
            if *waits {
                yew::platform::spawn_local(async move {
                    match super::commands_part::fetch().await {
                        Ok(()) => code_here.set(true),
                        Err(why) => failure.set(Some(why)),
                    }
                });
            }
        });
    }
    let results = {
        let (state, goals, before) = (props.state.clone(), goals.clone(), props.before);
        use_memo((props.state.revision, *code_here), move |_| {
            let goals = goals.as_ref().as_ref().ok()?;
            evaluate(&state.playground, goals, before)
        })
    };
    if waits_for_code {
        let why = (*failure).clone();
        return match why {
            None => html! {
                <p class="empty">{ "Loading the code these expect lines are written with…" }</p>
            },
            Some(why) => {
                let retry = Callback::from(move |_: MouseEvent| {
                    failure.set(None);
                    attempt.set(*attempt + 1);
                });
                html! {
                    <div class="notice" role="alert">
                        <p class="notice-text">{ why }</p>
                        <button type="button" onclick={retry}>{ "Try again" }</button>
                    </div>
                }
            }
        };
    }
    if let Err(errors) = goals.as_ref() {
        return html! {
            <div class="notice" role="alert">
                <p class="notice-text">{ "These expect lines are not goals (line:column):" }</p>
                <ul>{ for errors.iter().map(|error| html! { <li><code>{ error.to_string() }</code></li> }) }</ul>
            </div>
        };
    }
    match results.as_ref() {
        Some(results) => html! { <ul>{ for results.iter().map(expect_line) }</ul> },
        None => html! {
            <p class="empty">{ "Step to the example's own steps to check its expectations." }</p>
        },
    }
}

fn expect_line(result: &GoalResult) -> Html {
    let (mark, label) = if result.met {
        ("✔", "holds")
    } else {
        ("✘", "does not hold")
    };
    html! {
        <li class="expect" data-met={result.met.to_string()}>
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
    goals: &[Goal],
    before: usize,
) -> Option<Vec<GoalResult>> {
    let cursor = playground.cursor();
    if cursor < before {
        return None;
    }
    let start = playground.shell_after(before);
    let state = TaskState {
        start: &start,
        now: playground.shell(),
        steps: &playground.steps()[before..cursor],
        first_step: before + 1,
    };
    Some(checklist::evaluate(goals, &state))
}
