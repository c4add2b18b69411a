//! "Previous work": the playgrounds that something replaced (a link, a file, a scenario in the
//! address, another tab, a cancelled replay), newest first, each with a button that brings it
//! back (keeping what is open aside in turn, so nothing is ever lost).

use super::persist;
use super::store::Action;
use yew::prelude::*;

/// Properties.
#[derive(Properties, PartialEq)]
pub struct PreviousWorkProps {
    /// Changes of the saved state (the list is read again when they change).
    pub changes: u64,
    /// The notice shown (a new one may come with work kept aside).
    pub revision: u64,
    /// Dispatch.
    pub dispatch: Callback<Action>,
}

/// The list, as a disclosure in the share bar; nothing when no work was kept.
#[function_component(PreviousWork)]
pub fn previous_work(props: &PreviousWorkProps) -> Html {
    let entries = use_memo((props.changes, props.revision), |_| {
        persist::previous_work()
            .into_iter()
            .map(|entry| {
                let steps = entry.playground().map_or(0, |p| p.steps.len());
                let when = js_sys::Date::new(&entry.at.into());
                let time = String::from(when.to_locale_time_string("default"));
                format!("{steps} step(s), kept at {time}: {}", entry.why)
            })
            .collect::<Vec<_>>()
    });
    if entries.is_empty() {
        return html! {};
    }
    html! {
        <details class="previous-work">
            <summary class="small">{ format!("Previous work ({})", entries.len()) }</summary>
            <ul>
                { for entries.iter().enumerate().map(|(index, label)| {
                    let dispatch = props.dispatch.clone();
                    let bring_back = Callback::from(move |_: MouseEvent| super::start::restore_kept(&dispatch, index));
                    html! {
                        <li>
                            <span>{ label.clone() }</span>
                            <button class="small" onclick={bring_back}>{ "Bring back" }</button>
                        </li>
                    }
                }) }
            </ul>
        </details>
    }
}
