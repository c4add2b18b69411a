//! Predict, then run: the form that asks before a command runs (real radio buttons, check boxes
//! and a text field, "not sure" always allowed; the command runs only once every question is
//! answered), and the reveal table: you said / the engine / why.

use super::prose::inline;
use crate::lab_state::{Action, LessonAction};
use crate::lessons::format::Prediction;
use crate::lessons::predict::{self, choice_label, Mark, Question, Reveal, NOT_SURE};
use crate::ui::hooks::{use_kept, Kept};
use yew::prelude::*;

/// Properties of [`PredictionForm`].
#[derive(Properties, PartialEq)]
pub struct PredictionFormProps {
    /// The prediction asked.
    pub prediction: Prediction,
    /// Its number (1-based) and how many the lesson has.
    pub number: (usize, usize),
    /// Dispatch.
    pub dispatch: Callback<Action>,
    /// DOM id prefix.
    pub id: String,
}

/// Sets answer `index` to `value`, when called.
fn setter(answers: &Kept<Vec<String>>, index: usize, value: String) -> impl Fn() + 'static {
    let answers = answers.clone();
    move || {
        let mut next = (*answers).clone();
        if let Some(slot) = next.get_mut(index) {
            slot.clone_from(&value);
        }
        answers.set(next);
    }
}

/// "Nothing happens to it": the effects question's answer with no effect.
const NOTHING: &str = "nothing";

/// The form.
#[function_component(PredictionForm)]
pub fn prediction_form(props: &PredictionFormProps) -> Html {
    let questions = &props.prediction.questions;
    let answers = use_kept(|| vec![String::new(); questions.len()]);
    let set = |index: usize, value: String| setter(&answers, index, value);
    let complete = answers.iter().all(|a| !a.is_empty());
    let onsubmit = {
        let (answers, dispatch) = (answers.clone(), props.dispatch.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if answers.iter().all(|a| !a.is_empty()) {
                dispatch.emit(Action::Lesson(LessonAction::Answer((*answers).clone())));
            }
        })
    };
    let fieldsets = questions.iter().enumerate().map(|(index, question)| {
        let name = format!("{}-q{index}", props.id);
        let current = answers[index].clone();
        let choices: Html = match question {
            Question::Value(_) => {
                let oninput = {
                    let answers = answers.clone();
                    Callback::from(move |e: InputEvent| {
                        if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                            setter(&answers, index, input.value())();
                        }
                    })
                };
                html! {
                    <label class="value-answer">{ "I expect it to print " }
                        <input type="text" value={if current == NOT_SURE { String::new() } else { current.clone() }} oninput={oninput} disabled={current == NOT_SURE} />
                    </label>
                }
            }
            Question::Effect(_) => {
                let ticked: Vec<String> = current.split(", ").filter(|t| !t.is_empty() && *t != NOT_SURE).map(str::to_owned).collect();
                let options = question.choices().into_iter().chain(std::iter::once(NOTHING.to_owned()));
                html! { <>{ for options.map(|choice| {
                    let checked = ticked.contains(&choice);
                    let onchange = {
                        let (answers, ticked, choice) = (answers.clone(), ticked.clone(), choice.clone());
                        Callback::from(move |_: Event| {
                            // "Nothing" and the effects exclude each other.
                            let mut next: Vec<String> = ticked.iter().filter(|t| **t != choice && **t != NOTHING).cloned().collect();
                            if !checked {
                                if choice == NOTHING {
                                    next.clear();
                                }
                                next.push(choice.clone());
                            }
                            let value = if next.iter().any(|t| t == NOTHING) {
                                NOTHING.to_owned()
                            } else if next.is_empty() {
                                String::new()
                            } else {
                                let refs: Vec<&str> = next.iter().map(String::as_str).collect();
                                predict::effects_answer(&refs)
                            };
                            setter(&answers, index, value)();
                        })
                    };
                    html! {
                        <label class="choice"><input type="checkbox" name={name.clone()} checked={checked} onchange={onchange} disabled={current == NOT_SURE} />{ if choice == NOTHING { "nothing happens to it" } else { choice_label(&choice) } }</label>
                    }
                }) }</> }
            }
            _ => html! { <>{ for question.choices().into_iter().map(|choice| {
                let checked = current == choice;
                let onchange = {
                    let set = set(index, choice.clone());
                    Callback::from(move |_: Event| set())
                };
                html! { <label class="choice"><input type="radio" name={name.clone()} checked={checked} onchange={onchange} />{ choice_label(&choice).to_owned() }</label> }
            }) }</> },
        };
        let not_sure = {
            let set = set(index, if current == NOT_SURE { String::new() } else { NOT_SURE.to_owned() });
            Callback::from(move |_: Event| set())
        };
        let not_sure_input = if question.is_multiple() || matches!(question, Question::Value(_)) {
            html! { <input type="checkbox" checked={current == NOT_SURE} onchange={not_sure} /> }
        } else {
            html! { <input type="radio" name={name.clone()} checked={current == NOT_SURE} onchange={not_sure} /> }
        };
        html! {
            <fieldset class="question">
                <legend>{ inline(&question.prompt()) }</legend>
                { choices }
                <label class="choice not-sure">{ not_sure_input }{ "not sure" }</label>
            </fieldset>
        }
    });
    let left = answers.iter().filter(|a| a.is_empty()).count();
    html! {
        <form class="prediction" onsubmit={onsubmit} aria-labelledby={format!("{}-title", props.id)}>
            <h3 id={format!("{}-title", props.id)}>{ format!("Predict ({} of {}): what will this do?", props.number.0, props.number.1) }</h3>
            <pre class="input"><code>{ props.prediction.command.clone() }</code></pre>
            <p class="lock-note">{ "The console waits until you answer: nothing on the page shows the outcome before." }</p>
            { for fieldsets }
            <button type="submit" class="primary" disabled={!complete}>{ "Run it and compare" }</button>
            <p class="sr-only" aria-live="polite">{ if complete { "Every question answered.".to_owned() } else { format!("{left} question(s) left.") } }</p>
        </form>
    }
}

/// The words of an answer (effects spelled out).
fn answer_words(answer: &str) -> String {
    if answer == NOTHING {
        return "nothing happens to it".to_owned();
    }
    answer
        .split(", ")
        .map(choice_label)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The reveal: you said / the engine / why, each miss explained (on a phone each row is a card,
/// its cells named by their `data-h`).
pub fn reveal_table(reveal: &Reveal, number: usize) -> Html {
    let (right, total) = (reveal.right(), reveal.rows.len());
    html! {
        <table class="reveal">
            <caption>{ format!("Prediction {number}: {right} of {total} right on the first try") }<code class="reveal-command">{ reveal.command.trim().to_owned() }</code></caption>
            <thead><tr><th scope="col">{ "Question" }</th><th scope="col">{ "You said" }</th><th scope="col">{ "The engine" }</th><th scope="col">{ "Why" }</th></tr></thead>
            <tbody>
                { for reveal.rows.iter().map(|row| {
                    let (class, mark) = match row.mark {
                        Mark::Right => ("right", "✔ right"),
                        Mark::Wrong => ("wrong", "✖ missed"),
                        Mark::NotSure => ("not-sure", "? not sure"),
                    };
                    html! {
                        <tr data-mark={class}>
                            <th scope="row">{ inline(&row.question) }</th>
                            <td data-h="You said">{ answer_words(&row.said) }<span class="mark">{ format!(" {mark}") }</span></td>
                            <td data-h="The engine">{ answer_words(&row.engine) }</td>
                            <td data-h="Why">{ row.why.clone() }</td>
                        </tr>
                    }
                }) }
            </tbody>
        </table>
    }
}
