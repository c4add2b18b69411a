//! The notice above the board: what happened to a link, a file or a copy, with the text to
//! copy by hand when the clipboard is refused and, after a link replaced the user's work, the
//! way back to it.

use super::store::{Action, Notice};
use yew::prelude::*;

/// The notice, if there is one. A view function, not a component: a component's own lifecycle
/// code costs about 1 KB of WebAssembly, and this view is cheap to draw again.
pub fn notice_view(notice: Option<&Notice>, dispatch: &Callback<Action>) -> Html {
    let Some(notice) = notice else {
        return html! {};
    };
    let dismiss = {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(Action::Notify(None)))
    };
    let previous = {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| super::start::restore_previous(&dispatch))
    };
    let select_all = Callback::from(|e: FocusEvent| {
        if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
            input.select();
        }
    });
    html! {
        <div class="notice" role={if notice.error { "alert" } else { "status" }}>
            <p class="notice-text">{ notice.text.clone() }</p>
            <button class="small dismiss" onclick={dismiss} aria-label="Dismiss the notice">{ "×" }</button>
            if let Some(text) = &notice.copyable {
                <input class="copyable" readonly=true value={text.clone()} aria-label="Text to copy" onfocus={select_all} />
            }
            if notice.offer_previous {
                <button class="small" onclick={previous}>{ "Bring back my previous work" }</button>
            }
        </div>
    }
}
