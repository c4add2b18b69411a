//! "Previous work": the playgrounds that something replaced (a link, a file, a scenario in the
//! address, another tab, a cancelled replay), newest first, each with a button that brings it
//! back (keeping what is open aside in turn, so nothing is ever lost).

use super::persist;
use super::store::{Action, Notice};
use std::rc::Rc;
use yew::prelude::*;

/// The labels of the work kept aside, read again when the notice changes: every path that keeps
/// work aside or brings it back ends with a notice, so storage is not decoded on every command.
/// None, without reading storage, while the page does not `show` them (an embed, presenter mode,
/// the first stages of the first render).
#[hook]
pub fn use_previous_work(notice: Option<Notice>, show: bool) -> Rc<Vec<String>> {
    use_memo((notice, show), |(_, show)| {
        let kept = if *show {
            persist::previous_work()
        } else {
            Vec::new()
        };
        kept.into_iter()
            .map(|entry| {
                let steps = entry.playground().map_or(0, |p| p.steps.len());
                let when = js_sys::Date::new(&entry.at.into());
                let time = String::from(when.to_locale_time_string("default"));
                format!("{steps} step(s), kept at {time}: {}", entry.why)
            })
            .collect::<Vec<_>>()
    })
}

/// The list, as a disclosure in the share bar; nothing when no work was kept.
pub fn previous_work(entries: &[String], dispatch: &Callback<Action>) -> Html {
    if entries.is_empty() {
        return html! {};
    }
    html! {
        <details class="previous-work">
            <summary class="small">{ format!("Previous work ({})", entries.len()) }</summary>
            <ul>
                { for entries.iter().enumerate().map(|(index, label)| {
                    let dispatch = dispatch.clone();
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
