//! The first-run welcome: what Session Lab is, three things to try (one click each, every one
//! ending in a kill with its verdicts showing), and the built-in scenarios as cards with their
//! summaries. Shown while the timeline is empty; and the name of the scenario loaded, shown
//! above the console while its timeline is open.

use super::store::Action;
use super::DomIds;
use crate::scenarios::{Scenario, SCENARIOS};
use yew::prelude::*;

/// The third thing to try: a session of your own with a transaction, then a kill, typed into
/// the console as a user would (so the transcript shows how).
pub const TRY_YOUR_OWN: &str = r#"const mySession = db.getMongo().startSession()
mySession.startTransaction()
mySession.getDatabase("test").items.insertOne({ n: 1 })
db.runCommand({ killAllSessions: [] })"#;

/// The welcome, with this playground's element `ids`. A view function, not a component: a
/// component's own lifecycle code costs about 1 KB of WebAssembly.
pub fn welcome(ids: &DomIds, dispatch: &Callback<Action>) -> Html {
    let open = |id: &'static str| {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(Action::Scenario(id.to_owned(), None)))
    };
    let try_your_own = {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(Action::Run(1, TRY_YOUR_OWN.to_owned())))
    };
    html! {
        <section class="panel welcome" aria-labelledby={ids.id("welcome-title")}>
            <h2 id={ids.id("welcome-title")}>{ "A MongoDB deployment in your browser: kill sessions and see why each one dies or survives" }</h2>
            <p class="welcome-lead">{ "Start sessions, transactions, cursors and long operations; run killAllSessions, killSessions or endSessions in the console; every session then says whether it was killed and which entry of your command decided it. Three things to try:" }</p>
            <ol class="try">
                <li><button class="primary" onclick={open("kill-users")}>{ "Kill two users' sessions" }</button>{ " the manual's example: auditor@db3 survives" }</li>
                <li><button onclick={try_your_own}>{ "Start a transaction and kill it" }</button>{ " four commands typed for you in the console" }</li>
                <li><button onclick={open("prepared-survives")}>{ "See a prepared transaction survive" }</button>{ " a kill never aborts one" }</li>
            </ol>
            <h3>{ "Scenarios" }</h3>
            <ul class="scenario-cards">
                { for SCENARIOS.iter().map(|s| html! {
                    <li><button class="scenario-card" onclick={open(s.id)}><strong>{ s.title }</strong><span>{ s.summary }</span></button></li>
                }) }
            </ul>
            <p class="welcome-foot">{ "Or type in the console: it answers like mongosh, with the server's own replies and errors." }</p>
        </section>
    }
}

/// The loaded scenario's name and summary, above the console.
pub fn scenario_name(scenario: Option<&'static Scenario>) -> Html {
    let Some(scenario) = scenario else {
        return html! {};
    };
    html! {
        <p class="scenario-name"><strong>{ format!("Scenario: {}", scenario.title) }</strong>{ " · " }{ scenario.summary }</p>
    }
}
