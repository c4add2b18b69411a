//! Sharing and files in the full playground: copy a link or an embed snippet, export the
//! scenario (JSON) or the transcript (Markdown), open a scenario file (the last two with the
//! files part, [`super::files_part`], fetched on first use).

use super::files;
use super::files_part;
use super::link;
use super::persist;
use super::store::{Action, LabState, Notice, ReplayJob};
use super::DomIds;
use crate::mount::MountOptions;
use yew::prelude::*;

/// What the share bar shows and acts on.
pub struct ShareBarProps {
    /// This playground's element ids.
    pub ids: DomIds,
    /// State.
    pub state: UseReducerHandle<LabState>,
    /// Dispatch.
    pub dispatch: Callback<Action>,
}

/// What "Copy …" copies.
#[derive(Clone, Copy)]
enum Shared {
    Link,
    EmbedCode,
}

fn copy_action(
    state: &UseReducerHandle<LabState>,
    dispatch: &Callback<Action>,
    what: Shared,
) -> Callback<MouseEvent> {
    let state = state.clone();
    let dispatch = dispatch.clone();
    Callback::from(move |_| {
        let saved = state.playground.save();
        let dispatch = dispatch.clone();
        yew::platform::spawn_local(async move {
            let fragment = match link::fragment_for(&saved).await {
                Ok(fragment) => fragment,
                Err(why) => {
                    dispatch.emit(Action::Notify(Some(Notice::error(format!(
                        "No link: {why}."
                    )))));
                    return;
                }
            };
            let (text, label) = match what {
                Shared::Link => (link::playground_address(&fragment), "Link"),
                Shared::EmbedCode => (
                    link::embed_code(
                        &MountOptions {
                            read_only: true,
                            ..MountOptions::default()
                        },
                        &fragment,
                    ),
                    "Embed code",
                ),
            };
            copy_and_tell(&dispatch, label, "the scenario", text).await;
        });
    })
}

/// Copies `text` and says so in the notice, which also shows it for copying by hand (the
/// clipboard may be refused); `inside` says what the text carries (`the scenario`).
pub(super) async fn copy_and_tell(
    dispatch: &Callback<Action>,
    label: &str,
    inside: &str,
    text: String,
) {
    let copied = link::copy(&text).await;
    let message = format!(
        "{label} {} ({} characters; {inside} is in the link itself, nothing is uploaded).",
        if copied {
            "copied"
        } else {
            "ready to copy below"
        },
        text.chars().count()
    );
    dispatch.emit(Action::Notify(Some(Notice {
        copyable: Some(text),
        ..Notice::info(message)
    })));
}

/// The share and file controls, with the `previous` work kept aside
/// ([`super::previous::use_previous_work`]). A view function, not a component (a component's own
/// lifecycle code costs about 1 KB of WebAssembly): it changes with every state anyway.
pub fn share_bar(props: &ShareBarProps, previous: &[String]) -> Html {
    let on_export = {
        let (state, dispatch) = (props.state.clone(), props.dispatch.clone());
        Callback::from(move |e: Event| {
            let Some(select) = e.target_dyn_into::<web_sys::HtmlSelectElement>() else {
                return;
            };
            let kind = select.value();
            select.set_value("");
            // The playground as it is now, exported once the files part is here.
            let (state, dispatch) = (state.clone(), dispatch.clone());
            yew::platform::spawn_local(async move {
                match files_part::fetch().await {
                    Ok(actions) => (actions.export)(&state.playground, &kind),
                    Err(why) => dispatch.emit(Action::Notify(Some(Notice::error(why)))),
                }
            });
        })
    };
    let on_import = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() else {
                return;
            };
            let Some(file) = input.files().and_then(|files| files.get(0)) else {
                return;
            };
            input.set_value("");
            let dispatch = dispatch.clone();
            yew::platform::spawn_local(async move {
                let name = file.name();
                let (text, actions) =
                    futures::future::join(files::read_text(&file), files_part::fetch()).await;
                let actions = match actions {
                    Ok(actions) => actions,
                    Err(why) => {
                        let message = format!("{name} was not opened: {why} Nothing was changed.");
                        dispatch.emit(Action::Notify(Some(Notice::error(message))));
                        return;
                    }
                };
                match text.and_then(|text| (actions.read_scenario)(&text)) {
                    Ok((saved, branches)) => {
                        let count = saved.steps.len();
                        let kept = persist::keep_previous("a file opened");
                        // A saved workshop brings its forks back as branches.
                        if !branches.is_empty() {
                            dispatch.emit(Action::KeepBranches(
                                branches
                                    .into_iter()
                                    .map(|(at, saved)| crate::lab_state::Branch { at, saved })
                                    .collect(),
                            ));
                        }
                        dispatch.emit(Action::Restore(Box::new(ReplayJob {
                            notice: Some(Notice {
                                offer_previous: kept,
                                ..Notice::info(format!(
                                    "Opened {name}: {count} step(s).{}",
                                    if kept {
                                        " Your previous work was kept aside."
                                    } else {
                                        ""
                                    }
                                ))
                            }),
                            ..ReplayJob::new(saved)
                        })));
                    }
                    Err(why) => dispatch.emit(Action::Notify(Some(Notice::error(format!(
                        "{name} could not be opened: {why}. Nothing was changed."
                    ))))),
                }
            });
        })
    };
    let ids = props.ids.clone();
    html! {
        <nav class="share-bar" aria-label="Share and files">
            <button class="small" id={ids.id("copy-link")} onclick={copy_action(&props.state, &props.dispatch, Shared::Link)}>{ "Copy link" }</button>
            <button class="small" id={ids.id("copy-embed")} onclick={copy_action(&props.state, &props.dispatch, Shared::EmbedCode)}>{ "Copy embed code" }</button>
            <select class="small" aria-label="Export" id={ids.id("export")} onchange={on_export}>
                <option value="" selected=true>{ "Export…" }</option>
                <option value="scenario">{ "Scenario (JSON)" }</option>
                <option value="markdown">{ "Transcript (Markdown)" }</option>
                <option value="json">{ "Transcript (JSON)" }</option>
            </select>
            <label class="file-button small">{ "Open file…" }
                <input type="file" id={ids.id("import")} accept=".json,application/json" class="sr-only" onchange={on_import} />
            </label>
            { super::previous::previous_work(previous, &props.dispatch) }
        </nav>
    }
}
