//! The compact layout for documentation pages: a bar with the step controls, "Open in Session
//! Lab" and "Copy embed code", then the board and one console. Read-only embeds have no console
//! input and no board actions: the reader steps through the script.

use super::hooks::{use_effect_on, use_kept, Kept};
use super::store::{Action, LabState};
use super::DomIds;
use super::{board, console, doc_example, link, notice, verdicts};
use crate::mount::MountOptions;
use std::rc::Rc;
use yew::prelude::*;

/// What the embed shows and acts on.
pub struct EmbedProps {
    /// This playground's element ids.
    pub ids: DomIds,
    /// State.
    pub state: UseReducerHandle<LabState>,
    /// Dispatch.
    pub dispatch: Callback<Action>,
    /// The mount's options.
    pub options: Rc<MountOptions>,
    /// The verdicts of the step shown.
    pub report: Option<Rc<super::Verdicts>>,
    /// The board's view of the step shown (built once per state change by the playground).
    pub board: Rc<crate::engine::BoardView>,
    /// What the page calls each session.
    pub names: Rc<crate::shell::SessionNames>,
    /// The embed is the whole page (an iframe): it is the page's main content, with its `<h1>`.
    /// Mounted into someone's page, it is a labelled region under their headings.
    pub own_page: bool,
}

/// What an embed keeps between renders: the fragment of its scenario (for "Open in Session Lab"
/// and the embed code) and a documentation block's `expect` lines and choices.
pub struct EmbedExtras {
    fragment: Kept<Option<String>>,
    example: Rc<Option<(Rc<crate::doc_examples::Example>, usize)>>,
}

/// The embed's [`EmbedExtras`], kept by the page (nothing is done for a playground that is not an
/// embed). A hook of the page, not of an embed component: a component's own lifecycle code costs
/// about 1 KB of WebAssembly.
#[hook]
pub fn use_embed_extras(
    state: &UseReducerHandle<LabState>,
    options: &Rc<MountOptions>,
) -> EmbedExtras {
    let fragment = use_kept(|| None::<String>);
    {
        let (fragment, state) = (fragment.clone(), state.clone());
        use_effect_on((state.changes, options.embed), move |(_, embed)| {
            if !*embed {
                return;
            }
            let saved = state.playground.save();
            yew::platform::spawn_local(async move {
                fragment.set(link::fragment_for(&saved).await.ok());
            });
        });
    }
    // A documentation block's `expect` lines and choices (from `sessionlab-embed.js`).
    let example = use_memo(options.clone(), |options| {
        let script = options.script.as_deref().filter(|_| options.embed)?;
        let example = crate::doc_examples::block(script, options.scenario.as_deref()).ok()?;
        (!example.expects.is_empty() || !example.choices.is_empty())
            .then(|| (Rc::new(example), usize::from(options.scenario.is_some())))
    });
    EmbedExtras { fragment, example }
}

/// The embed, with its [`EmbedExtras`], its console's `transcript` and its board's
/// `board_choices`.
pub fn embed(
    props: &EmbedProps,
    extras: &EmbedExtras,
    transcript: &console::Transcript,
    board_choices: &board::BoardChoices,
) -> Html {
    let ids = props.ids.clone();
    let state = &props.state;
    let playground = &state.playground;
    let (cursor, total) = (playground.cursor(), playground.steps().len());
    let EmbedExtras { fragment, example } = extras;
    let go = |step: usize| {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(Action::GoTo(step)))
    };
    let copy_embed = {
        let (dispatch, options, fragment) = (
            props.dispatch.clone(),
            props.options.clone(),
            (**fragment).clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let Some(fragment) = fragment.clone() else {
                return;
            };
            let code = link::embed_code(&options, &fragment);
            let dispatch = dispatch.clone();
            yew::platform::spawn_local(async move {
                super::share_bar::copy_and_tell(&dispatch, "Embed code", "the scenario", code)
                    .await;
            });
        })
    };
    let shell = playground.shell();
    let board = &props.board;
    let open_href = fragment.as_deref().map(link::playground_address);
    let current = cursor
        .checked_sub(1)
        .and_then(|i| playground.steps().get(i))
        .map(|s| s.source.clone());
    let title = if props.own_page {
        html! { <h1 class="embed-title">{ "Session Lab" }</h1> }
    } else {
        html! { <strong class="embed-title">{ "Session Lab" }</strong> }
    };
    let body = html! {
        <>
            <div class="embed-bar" role="toolbar" aria-label="Steps">
                { title }
                <span class="badge">{ if board.auth_enabled { "auth on" } else { "auth off" } }</span>
                <button class="small" onclick={go(0)} disabled={cursor == 0} aria-label="First step">{ "«" }</button>
                <button class="small" onclick={go(cursor.saturating_sub(1))} disabled={cursor == 0} aria-keyshortcuts="Alt+ArrowLeft">{ "◀ Back" }</button>
                <span class="embed-step" aria-live="polite">{ format!("Step {cursor} of {total}") }</span>
                <button class="small run" onclick={go(cursor + 1)} disabled={cursor == total} aria-keyshortcuts="Alt+ArrowRight">{ "Next ▶" }</button>
                <button class="small" onclick={go(total)} disabled={cursor == total} aria-label="Last step">{ "»" }</button>
                <span class="embed-links">
                    if let Some(href) = open_href {
                        <a href={href} target="_blank" rel="noopener" class="open-full">{ "Open in Session Lab ↗" }</a>
                    }
                    <button class="small" onclick={copy_embed} disabled={fragment.is_none()}>{ "Copy embed code" }</button>
                </span>
            </div>
            // The step's command, then any notice, then (after a kill) its verdicts: what the
            // reader came to see, right under the command that decided them. Each part has a
            // container that is always there, so a part that appears later (an embed opened at
            // a step) takes its own place instead of the end of the list.
            <div class="embed-lead">
                if let Some(source) = current {
                    <pre class="embed-current" aria-label="The step shown">{ super::highlighted::highlighted(&source) }</pre>
                }
            </div>
            <div class="embed-notice">
                { notice::notice_view(state.notice.as_ref(), &props.dispatch) }
            </div>
            if let Some((example, before)) = (**example).clone() {
                { doc_example::example_checks(&super::expectations::ExampleProps { state: state.clone(), example, before }) }
            }
            <div class="embed-verdicts">
                if let Some(report) = props.report.clone() {
                    <verdicts::VerdictTable ids={ids.clone()} report={report} names={props.names.clone()} />
                }
            </div>
            <div class="embed-body">
                <section class="board-pane" aria-label={ids.label("Deployment")}>
                    { board::board(&board::BoardProps { ids: ids.clone(), board: board.clone(), bindings: shell.session_bindings(), names: props.names.clone(), report: props.report.clone(), console: state.console, dispatch: props.dispatch.clone() }, board_choices) }
                </section>
                <section class="console-pane" aria-label={ids.label("Console")}>
                    { console::console(&console::ConsoleProps { ids: ids.clone(), state: state.clone(), dispatch: props.dispatch.clone(), read_only: props.options.read_only }, transcript) }
                    { super::timeline::branches_list(&state.branches, &props.dispatch, &ids) }
                </section>
            </div>
        </>
    };
    if props.own_page {
        html! { <main>{ body }</main> }
    } else {
        html! { <section aria-label={ids.label("Session Lab playground")}>{ body }</section> }
    }
}
