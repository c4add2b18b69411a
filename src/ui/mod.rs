//! The playground UI (Yew, browser only). It renders the engine's views and dispatches
//! [`store::Action`]s; it holds none of the server's rules. Board clicks write shell commands, so every
//! change goes through the console and shows its syntax.
//!
//! An element's state is written in its attributes, never in a computed `class`: ARIA where it
//! has a word for it (`aria-selected`, `aria-current`, `role="alert"`), `data-*` otherwise
//! (`data-fate="killed"`, `data-state="transaction in progress"`, `data-met="false"`; a flag is
//! present or absent, `data-busy`), and the stylesheet selects on them. Every `class` is a
//! literal: Yew sends a computed one through its `Classes` set (an `IndexSet` hashed with `SipHash`), about
//! 3 KB of the first load's gzip that nothing else needs.
//!
//! A part of the page is a component only when it must be: when it keeps state of its own that
//! would re-render too much from higher up (the editor's text at every key), or when skipping its
//! render when its properties are equal matters (a step of the transcript, a session card, the
//! verdict table of 10,000 rows). Otherwise it is a view function called by the page, its hooks
//! the page's (`header::use_theme_choice`, `console::use_transcript`, `board::use_board_choices`):
//! each component costs about 600 B of the first load's gzip in Yew's lifecycle code for its type.
//! What waits for a part is drawn through the one [`parts::Gate`] (`parts::wait_for`).
//! State and effects go through [`hooks`] (the architecture test holds the UI to it).

mod board;
pub mod commands_part;
mod console;
mod crash;
mod cross_highlight;
mod doc_example;
mod editor;
mod embed;
mod expect_gate;
mod expectations;
pub mod files;
mod files_part;
mod header;
mod highlighted;
mod hooks;
mod host_messages;
mod kill_summary;
mod lesson;
pub mod link;
mod notes_window;
mod notice;
pub mod parts;
mod persist;
mod presenter;
mod presenter_gate;
mod previous;
pub mod records_part;
mod replay;
mod share_bar;
mod start;
pub mod store;
mod timeline;
mod verdicts;
mod wall_clock;
mod welcome;

use crate::mount::MountOptions;
use crate::ui::hooks::{use_effect_on, use_kept, Kept};
use std::rc::Rc;
use store::{Action, LabState, Notice};
pub use verdicts::Verdicts;
use yew::prelude::*;

/// The prefix of a playground's element ids, so several playgrounds on one page keep their
/// labels, tabs and descriptions apart (empty for the app's own page). Each component that names
/// elements takes it as a property: as a Yew context it cost 1,438 B of the gzipped first load.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DomIds(Rc<str>, usize);

impl DomIds {
    /// The page-unique id for `name`.
    pub fn id(&self, name: &str) -> String {
        format!("{}{name}", self.0)
    }

    /// A page-unique accessible name from `label`: the second playground mounted on a page
    /// says "… (playground 2)", so landmarks and regions stay distinct for screen readers.
    pub fn label(&self, label: &str) -> String {
        match self.1 {
            0 | 1 => label.to_owned(),
            n => format!("{label} (playground {n})"),
        }
    }
}

thread_local! {
    /// Playgrounds mounted into this page by the JavaScript API so far.
    static MOUNTED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Properties of a mounted playground.
#[derive(Properties, PartialEq)]
pub struct AppProps {
    /// How it is shown and what it starts with.
    pub options: Rc<MountOptions>,
    /// Problems with the options, shown once.
    #[prop_or_default]
    pub problems: Rc<Vec<String>>,
    /// Prefix of its element ids.
    #[prop_or_default]
    pub ids: DomIds,
    /// Whether it is the whole page (the app's own address), not a part of someone's page.
    #[prop_or_default]
    pub own_page: bool,
}

/// Mounts the playground into the page's `#app` element (or `<body>`), with the options of the
/// page's address (`?embed&readonly&step=5#v1.…`).
pub fn mount_app() {
    let app_root = gloo::utils::document().get_element_by_id("app");
    crash::watch(app_root.is_some());
    let location = gloo::utils::window().location();
    let query: Vec<(String, String)> =
        web_sys::UrlSearchParams::new_with_str(&location.search().unwrap_or_default())
            .ok()
            .map(|params| {
                js_sys::try_iter(&params)
                    .ok()
                    .flatten()
                    .into_iter()
                    .flatten()
                    .filter_map(|entry| {
                        let pair: js_sys::Array = entry.ok()?.into();
                        Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
                    })
                    .collect()
            })
            .unwrap_or_default();
    let (options, problems) =
        MountOptions::from_address(query, &location.hash().unwrap_or_default());
    let props = AppProps {
        options: Rc::new(options),
        problems: Rc::new(problems),
        ids: DomIds::default(),
        own_page: true,
    };
    // Only the playground's own page has `#app`: a page that loads the API bundle mounts its
    // playgrounds itself. The first render gets a task of its own: the one that finished
    // compiling the module is long enough already (a page stays responsive when no task passes
    // 100 ms).
    if let Some(root) = app_root {
        gloo::timers::callback::Timeout::new(0, move || {
            yew::Renderer::<App>::with_root_and_props(root, props).render();
        })
        .forget();
    }
}

/// Mounts a playground into `root` (the JavaScript API); several can live on one page.
pub fn mount_into(root: web_sys::Element, options: MountOptions) -> yew::AppHandle<App> {
    // Ids start with the element's own id, or a random tag when it has none.
    let prefix = match root.id() {
        id if !id.is_empty() => format!("{id}-"),
        _ => format!("sl{}-", wall_clock::random_digits()),
    };
    let props = AppProps {
        options: Rc::new(options),
        problems: Rc::default(),
        ids: DomIds(
            prefix.into(),
            MOUNTED.with(|n| {
                n.set(n.get() + 1);
                n.get()
            }),
        ),
        own_page: false,
    };
    yew::Renderer::<App>::with_root_and_props(root, props).render()
}

/// Which pane a phone shows (a wider screen shows both side by side).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pane {
    Board,
    Console,
}

impl Pane {
    /// Its name, which the stylesheet reads (`[data-pane="board"]`).
    fn name(self) -> &'static str {
        match self {
            Pane::Board => "board",
            Pane::Console => "console",
        }
    }
}

/// The Board / Console tabs of a phone (hidden by the stylesheet on wider screens). The
/// Console tab also puts the caret in the console's input, so typing is one tap away.
fn pane_tabs(pane: &Kept<Pane>, ids: &DomIds) -> Html {
    let tab = |which: Pane, label: &str| {
        let onclick = {
            let (pane, input) = (pane.clone(), ids.id("console-input"));
            Callback::from(move |_: MouseEvent| {
                pane.set(which);
                if which == Pane::Console {
                    // After the pane is drawn: a hidden input cannot take the focus.
                    let input = input.clone();
                    gloo::timers::callback::Timeout::new(0, move || {
                        if let Some(element) = gloo::utils::document()
                            .get_element_by_id(&input)
                            .and_then(|e| {
                                wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok()
                            })
                        {
                            let _ = element.focus();
                        }
                    })
                    .forget();
                }
            })
        };
        html! {
            <button role="tab" aria-selected={(**pane == which).to_string()} onclick={onclick}>{ label.to_owned() }</button>
        }
    };
    html! {
        <div class="pane-tabs" role="tablist" aria-label="Show">
            { tab(Pane::Board, "Board") }
            { tab(Pane::Console, "Console") }
        </div>
    }
}

/// The layout, inside presenter mode when presenting.
fn presented(
    presenting: bool,
    state: &UseReducerHandle<LabState>,
    dispatch: &Callback<Action>,
    on_exit: &Callback<()>,
    ids: &DomIds,
    layout: Html,
) -> Html {
    if presenting {
        presenter_gate::presenter_gate(presenter::PresenterProps {
            state: state.clone(),
            dispatch: dispatch.clone(),
            on_exit: on_exit.clone(),
            ids: ids.clone(),
            children: layout,
        })
    } else {
        layout
    }
}

/// The first render's stages, a browser task each: the header alone, then the console (so it is
/// ready one task after the page mounts), the share bar and the notice, the board and its
/// verdicts, and last the timeline. Each part's code is compiled by the browser on its first
/// call, so a stage of two parts could pass 100 ms on a slow machine.
const CONSOLE: u8 = 1;
/// The stage that adds the share bar and the notice.
const SHARE_BAR: u8 = 2;
/// The stage that adds the board and the verdict table.
const BOARD: u8 = 3;
/// The stage that draws everything.
const WHOLE: u8 = 4;

/// One playground: the full page (header, board, console, verdicts, timeline) or an embed.
#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let options = &props.options;
    // The presenter's notes window runs no playground (the options never change, so the hooks
    // below are always called in the same order).
    if options.notes {
        return presenter_gate::notes_gate();
    }
    let state = use_reducer(LabState::default);
    start::use_start(&state, options);
    replay::use_replay_driver(&state);
    commands_part::use_code_fetcher(&state);
    persist::use_autosave(&state, options.persist);
    {
        let (state, problems) = (state.clone(), props.problems.clone());
        use_effect_on((), move |()| {
            if !problems.is_empty() {
                state.dispatch(Action::Notify(Some(Notice::error(format!(
                    "Some options of this address were ignored: {}.",
                    problems.join("; ")
                )))));
            }
        });
    }
    // One callback for the page's life (the reducer's dispatcher never changes), so a component
    // whose other properties did not change is not rendered again because of it.
    let dispatch = use_callback(
        (state.dispatcher(), options.read_only),
        |action: Action, (dispatcher, read_only)| {
            // A read-only embed only steps through its script.
            if !(*read_only && matches!(action, Action::Run(..))) {
                dispatcher.dispatch(action);
            }
        },
    );
    // Alt+← / Alt+→ step back and forward (outside the console input, where Alt+arrows move
    // by word on some systems).
    let on_keydown = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: KeyboardEvent| {
            let in_text = e
                .target_dyn_into::<web_sys::HtmlElement>()
                .is_some_and(|t| matches!(t.tag_name().as_str(), "TEXTAREA" | "INPUT"));
            if !e.alt_key() || in_text {
                return;
            }
            let action = match e.key().as_str() {
                "ArrowLeft" => Action::Undo,
                "ArrowRight" => Action::Redo,
                _ => return,
            };
            e.prevent_default();
            dispatch.emit(action);
        })
    };
    let shell = state.playground.shell();
    // The board's view is built once per state change, not at every render (the first render
    // and a finished replay render several times, and a board may hold thousands of sessions).
    let board = {
        let state = state.clone();
        use_memo(state.revision, move |_| {
            state.playground.shell().deployment.board()
        })
    };
    // Verdicts are rendered in words once per state change, not once per component render.
    let verdicts = {
        let state = state.clone();
        use_memo(state.revision, move |_| {
            state.report_at_cursor().map(|r| {
                Rc::new(Verdicts {
                    command: r.command.clone(),
                    entries: r.entry_texts().to_vec(),
                    list: r.verdicts(),
                })
            })
        })
    };
    let report = (*verdicts).clone();
    // What the page calls each session (`appSession`, `implicit session of conn1`).
    let names = {
        let state = state.clone();
        use_memo(state.revision, move |_| {
            state.playground.shell().session_names()
        })
    };
    // The lesson's checklist, once per state change (a lesson is only ever active once the
    // lesson part, which checks it, is here: `lesson::load`).
    let lesson_progress = {
        let state = state.clone();
        use_memo(state.revision, move |_| {
            let views = lesson::part::here()?;
            (views.progress)(state.lesson.as_ref()?, &state.playground)
        })
    };
    let lesson_views = lesson::part::here();
    // Only the full playground keeps progress (embeds never write it).
    let record_progress = lesson_views
        .filter(|_| options.persist)
        .map(|views| views.record_progress);
    lesson::progress_store::use_lesson_progress(&state, record_progress, &lesson_progress);
    let lesson_panel = state
        .lesson
        .clone()
        .zip(lesson_views)
        .map(|(active, views)| {
            (views.panel)(lesson::LessonPanelProps {
                ids: props.ids.clone(),
                lesson: active,
                progress: (*lesson_progress).clone(),
                dispatch: dispatch.clone(),
            })
        });
    let catalogue_open = use_kept(|| false);
    let presenting = use_kept(|| options.present);
    let toggle_presenting = {
        let setter = presenting.clone();
        use_callback(*presenting, move |(), shown| setter.set(!*shown))
    };
    let toggle_catalogue = {
        let setter = catalogue_open.clone();
        use_callback(*catalogue_open, move |(), open| setter.set(!*open))
    };
    // Board or console, on a phone (both are shown side by side on a wider screen).
    let pane = use_kept(|| Pane::Console);
    let root = use_node_ref();
    let (on_enter, on_leave) = cross_highlight::handlers(&root);
    // The first render is drawn in stages, a task each, so no task holds the page long (see
    // `CONSOLE`).
    let stage = use_kept(|| 0u8);
    {
        let stage = stage.clone();
        use_effect_on(*stage, move |drawn| {
            let next = *drawn + 1;
            let timer = (next <= WHOLE)
                .then(|| gloo::timers::callback::Timeout::new(0, move || stage.set(next)));
            move || drop(timer)
        });
    }
    // A finished replay swaps in a whole new playground: it is drawn in stages too (the board
    // and the timeline each a task after the console), since it can be as large as budgets
    // allow.
    let was_replaying = use_mut_ref(|| false);
    let replay_finished =
        std::mem::replace(&mut *was_replaying.borrow_mut(), state.replay.is_some())
            && state.replay.is_none();
    if replay_finished {
        stage.set(SHARE_BAR);
    }
    let drawn = |part: u8| *stage >= part && !(replay_finished && part > SHARE_BAR);
    let (share_bar_drawn, console_drawn, board_drawn, whole) =
        (drawn(SHARE_BAR), drawn(CONSOLE), drawn(BOARD), drawn(WHOLE));
    let host_theme = host_messages::use_host_messages(
        &state,
        options,
        &root,
        (*verdicts).clone(),
        lesson_progress.as_ref().as_ref().is_some_and(|p| p.solved),
    );
    let theme = host_theme.or(options.theme).map(crate::mount::Theme::name);
    let ids = props.ids.clone();
    // The share bar's list of work kept aside, read from storage when the bar is drawn and when
    // the notice changes (not in the first stages, which draw the console first).
    let previous_work = previous::use_previous_work(
        state.notice.clone(),
        share_bar_drawn && !*presenting && !options.embed,
    );
    let theme_choice = header::use_theme_choice();
    let embed_extras = embed::use_embed_extras(&state, options);
    let transcript = console::use_transcript(&state);
    let board_choices = board::use_board_choices();
    // The embed's height is set through the CSS object model: a strict Content-Security-Policy
    // (`style-src 'self'`) ignores inline style attributes.
    {
        let (root, height) = (root.clone(), options.height.filter(|_| options.embed));
        use_effect_on(height, move |height| {
            if let (Some(height), Some(element)) = (height, root.cast::<web_sys::HtmlElement>()) {
                let _ = element
                    .style()
                    .set_property("height", &format!("{height}px"));
            }
        });
    }
    if options.embed {
        return html! {
            <div ref={root} class="app embed" data-read-only={options.read_only.then_some("")} data-theme={theme} onkeydown={on_keydown}
                onmouseover={on_enter.reform(Event::from)} onfocusin={on_enter.reform(Event::from)} onmouseleave={on_leave.reform(Event::from)} onfocusout={on_leave.reform(Event::from)}>
                { replay::replay_progress(state.replay.as_ref(), state.code_failure.as_deref(), &dispatch) }
                { lesson_panel.unwrap_or_default() }
                { embed::embed(&embed::EmbedProps { ids, state: state.clone(), dispatch, options: options.clone(), report, board: board.clone(), names: names.clone(), own_page: props.own_page }, &embed_extras, &transcript, &board_choices) }
                <div class="sr-only" aria-live="polite" aria-atomic="true">{ state.announcement.clone() }</div>
            </div>
        };
    }
    html! {
        <div ref={root} class="app" data-theme={theme} onkeydown={on_keydown}
            onmouseover={on_enter.reform(Event::from)} onfocusin={on_enter.reform(Event::from)} onmouseleave={on_leave.reform(Event::from)} onfocusout={on_leave.reform(Event::from)}>
            <a class="skip-link" href={format!("#{}", ids.id("console-input"))}>{ "Skip to the console" }</a>
            { header::header(&header::HeaderProps { dispatch: dispatch.clone(), auth_enabled: board.auth_enabled, implicit_sessions: shell.implicit_sessions(), on_lessons: toggle_catalogue.clone(), lessons_open: *catalogue_open, on_present: toggle_presenting.clone(), presenting: *presenting }, &theme_choice) }
            if share_bar_drawn && !*presenting {
                { share_bar::share_bar(&share_bar::ShareBarProps { ids: ids.clone(), state: state.clone(), dispatch: dispatch.clone() }, &previous_work) }
            }
            { presented(*presenting, &state, &dispatch, &toggle_presenting, &ids, html! {
            <main class="layout" data-pane={pane.name()}>
                { replay::replay_progress(state.replay.as_ref(), state.code_failure.as_deref(), &dispatch) }
                if share_bar_drawn {
                    { notice::notice_view(state.notice.as_ref(), &dispatch) }
                }
                if console_drawn && !*presenting && state.started && state.replay.is_none() && state.playground.steps().is_empty() {
                    { welcome::welcome(&ids, &dispatch) }
                }
                { pane_tabs(&pane, &ids) }
                <section class="board-pane" aria-label="Deployment" aria-busy={(!board_drawn).then_some("true")}>
                    if board_drawn {
                        { board::board(&board::BoardProps { ids: ids.clone(), board: board.clone(), bindings: shell.session_bindings(), names: names.clone(), report: report.clone(), console: state.console, dispatch: dispatch.clone() }, &board_choices) }
                        if let Some(report) = report.clone() {
                            <verdicts::VerdictTable ids={ids.clone()} report={report} names={names.clone()} />
                        }
                    }
                </section>
                <section class="console-pane" aria-label="Console" aria-busy={(!console_drawn).then_some("true")}>
                    if console_drawn {
                        if *catalogue_open {
                            { lesson::catalogue(lesson::CatalogueProps { ids: ids.clone(), dispatch: dispatch.clone(), on_close: toggle_catalogue.clone(), persist: options.persist }) }
                        }
                        { lesson_panel.clone().unwrap_or_default() }
                        { welcome::scenario_name(state.scenario) }
                        if let Some(report) = report.clone() {
                            { kill_summary::kill_summary(&report, &names) }
                        }
                        { console::console(&console::ConsoleProps { ids: ids.clone(), state: state.clone(), dispatch: dispatch.clone(), read_only: false }, &transcript) }
                    }
                    if whole {
                        { timeline::timeline(&ids, &state, &dispatch) }
                    }
                </section>
            </main>
            }) }
            <div class="sr-only" aria-live="polite" aria-atomic="true" id={ids.id("announcer")}>{ state.announcement.clone() }</div>
        </div>
    }
}
