//! A documentation block's extras in its embed: the `//! expect` lines checked live against the
//! step shown (the same checklist `sessionlab check-docs` runs, so the example as written shows
//! every line met; its code is fetched on first use, [`super::expect_gate`]), and each
//! `//! choice` as a button that runs its command in place of the block's last step (what it
//! replaces is kept as a branch).

use super::expect_gate::expect_gate;
use super::expectations::ExampleProps;
use super::store::Action;
use yew::prelude::*;

/// The block's expectations and choices. A view function, not a component (a component's own
/// lifecycle code costs about 1 KB of WebAssembly); the expectations are one, drawn again only
/// when the step shown changes.
pub fn example_checks(props: &ExampleProps) -> Html {
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
                    { expect_gate(props.clone()) }
                </div>
            }
        </div>
    }
}
