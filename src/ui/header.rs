//! The header: name and version, links, the Lessons menu's button, the scenario menu, the
//! theme toggle and a reset that asks first.

use super::hooks::{use_effect_on, use_kept, Kept};
use super::persist::{read_string, write_string};
use super::store::Action;
use yew::prelude::*;

const THEME_KEY: &str = "sessionlab:theme";

/// What the header shows and acts on.
#[allow(
    clippy::struct_excessive_bools,
    reason = "what the header shows: independent states, each a badge or a pressed button"
)]
pub struct HeaderProps {
    /// Dispatch.
    pub dispatch: Callback<Action>,
    /// Access control state, shown as a badge.
    pub auth_enabled: bool,
    /// Whether commands without a session carry an implicit one; a badge says when not.
    pub implicit_sessions: bool,
    /// Opens or closes the Lessons menu.
    pub on_lessons: Callback<()>,
    /// Whether the Lessons menu is open.
    pub lessons_open: bool,
    /// Starts or stops presenter mode.
    pub on_present: Callback<()>,
    /// Whether presenter mode is on.
    pub presenting: bool,
}

/// Sets (or clears) the theme of this playground, the `.app` the header belongs to, and of the
/// page only when the page is Session Lab's own: a page that mounts a playground keeps its look.
fn apply_theme(header: &NodeRef, theme: Option<&str>) {
    let Some(header) = header.cast::<web_sys::Element>() else {
        return;
    };
    let document = gloo::utils::document();
    let own_page = document
        .body()
        .is_some_and(|body| body.class_list().contains("sessionlab-page"));
    let page_root = own_page.then(|| document.document_element()).flatten();
    for target in header
        .closest(".app")
        .ok()
        .flatten()
        .into_iter()
        .chain(page_root)
    {
        let _ = match theme {
            Some(t) => target.set_attribute("data-theme", t),
            None => target.remove_attribute("data-theme"),
        };
    }
}

fn system_prefers_dark() -> bool {
    gloo::utils::window()
        .match_media("(prefers-color-scheme: dark)")
        .ok()
        .flatten()
        .is_some_and(|m| m.matches())
}

/// The theme chosen with the header's toggle (`None`: the system's), and the header's element,
/// through which the theme is applied to its playground.
#[derive(Clone)]
pub struct ThemeChoice {
    theme: Kept<Option<String>>,
    header_ref: NodeRef,
}

/// The theme saved by the last visit, applied once the header is drawn. A hook of the page, not
/// of a header component (a component's own lifecycle code costs about 1 KB of WebAssembly).
#[hook]
pub fn use_theme_choice() -> ThemeChoice {
    let theme = use_kept(|| None::<String>);
    let header_ref = use_node_ref();
    {
        let theme = theme.clone();
        let header_ref = header_ref.clone();
        use_effect_on((), move |()| {
            // An embed draws no header, and keeps its page's theme.
            if header_ref.get().is_none() {
                return;
            }
            let saved = read_string(THEME_KEY);
            apply_theme(&header_ref, saved.as_deref());
            theme.set(saved);
        });
    }
    ThemeChoice { theme, header_ref }
}

/// The header, with the theme `choice` of [`use_theme_choice`].
pub fn header(props: &HeaderProps, choice: &ThemeChoice) -> Html {
    let ThemeChoice { theme, header_ref } = choice.clone();
    let toggle_theme = {
        let theme = theme.clone();
        let header_ref = header_ref.clone();
        Callback::from(move |_: MouseEvent| {
            let dark = theme
                .as_deref()
                .map_or_else(system_prefers_dark, |t| t == "dark");
            let next = if dark { "light" } else { "dark" };
            let _ = write_string(THEME_KEY, next);
            apply_theme(&header_ref, Some(next));
            theme.set(Some(next.to_owned()));
        })
    };
    let on_scenario = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e.target_dyn_into::<web_sys::HtmlSelectElement>() {
                let id = select.value();
                if !id.is_empty() && gloo::dialogs::confirm("Load this scenario? It replaces the current timeline (Export… saves it first).") {
                    dispatch.emit(Action::Scenario(id, None));
                }
                select.set_value("");
            }
        })
    };
    let on_reset = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            if gloo::dialogs::confirm("Reset Session Lab? The deployment, the timeline and the autosave start again from nothing.") {
                dispatch.emit(Action::Reset);
            }
        })
    };
    let dark = theme.as_deref().map(|t| t == "dark");
    html! {
        <header class="top" ref={header_ref}>
            <div class="brand">
                <h1>{ "Session Lab" }</h1>
                <span class="version">{ concat!("v", env!("CARGO_PKG_VERSION")) }</span>
                <span class="badge">{ if props.auth_enabled { "auth on" } else { "auth off" } }</span>
                if !props.implicit_sessions {
                    <span class="badge" title="lab.implicitSessions(false): commands sent without a session carry no lsid">{ "implicit sessions off" }</span>
                }
            </div>
            <nav class="top-actions" aria-label="Playground">
                <button class="small" aria-expanded={props.lessons_open.to_string()} onclick={props.on_lessons.reform(|_: MouseEvent| ())}>{ "Lessons" }</button>
                <button class="small" aria-pressed={props.presenting.to_string()} onclick={props.on_present.reform(|_: MouseEvent| ())}>{ "Present" }</button>
                <select aria-label="Load a scenario" onchange={on_scenario}>
                    <option value="" selected=true>{ "Scenarios…" }</option>
                    { for crate::scenarios::SCENARIOS.iter().map(|s| html! { <option value={s.id} title={s.summary}>{ s.title }</option> }) }
                </select>
                <a href="https://www.mongodb.com/docs/manual/reference/command/killAllSessions/" target="_blank" rel="noopener">{ "Manual" }</a>
                <button class="small theme-toggle" onclick={toggle_theme} aria-pressed={dark.map(|d| d.to_string())}>{ "Theme" }</button>
                <button class="small danger" onclick={on_reset}>{ "Reset" }</button>
            </nav>
        </header>
    }
}
