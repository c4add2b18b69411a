//! The board: the access-control switch and logical clock, users (with whether they hold
//! killAnySession), connections (who is logged in, busy or idle), and session cards grouped by
//! owner, each with its state in words and an icon (never colour alone) and, after a kill, its
//! verdict. Every button writes a shell command to a console.

use super::store::Action;
use super::DomIds;
use crate::board_commands as commands;
use crate::engine::auth::UserName;
use crate::engine::kill::Verdict;
use crate::engine::operations::ConnId;
use crate::engine::{BoardView, SessionState, SessionView};
use crate::shell::printer::iso_date;
use crate::shell::SessionNames;
use crate::ui::hooks::{use_kept, Kept};
use std::rc::Rc;
use yew::prelude::*;

/// What the board shows and acts on.
pub struct BoardProps {
    /// This playground's element ids.
    pub ids: DomIds,
    /// What the deployment looks like.
    pub board: Rc<BoardView>,
    /// `(variable, session id, connection)` of client sessions.
    pub bindings: Vec<(String, String, ConnId)>,
    /// What the page calls each session.
    pub names: Rc<SessionNames>,
    /// The last kill's verdicts, when the step shown ran one.
    pub report: Option<Rc<super::Verdicts>>,
    /// Active console.
    pub console: ConnId,
    /// Dispatch.
    pub dispatch: Callback<Action>,
}

fn icon(state: SessionState) -> &'static str {
    match state {
        SessionState::Idle => "○",
        SessionState::OperationRunning => "↻",
        SessionState::CursorOpen => "☰",
        SessionState::TransactionInProgress => "✎",
        SessionState::TransactionPrepared => "‖",
        // Not ✔/✖: those mark killed and survived.
        SessionState::Committed => "◆",
        SessionState::Aborted => "↶",
        SessionState::Ending => "…",
        SessionState::Ended => "■",
        SessionState::Expired => "∅",
    }
}

/// Cards shown per owner before "Show all": a learner reads a few dozen cards, and rendering a
/// thousand on every command would make every command slow.
const CARDS_PER_GROUP: usize = 24;

/// What the board keeps between renders: the owners whose cards are all shown, whether every
/// connection is, and the "Add user" form's inputs.
#[derive(Clone)]
pub struct BoardChoices {
    expanded: Kept<Vec<Option<String>>>,
    all_connections: Kept<bool>,
    user_form: UserForm,
}

/// The board's [`BoardChoices`], kept by the page. A hook of the page, not of a board
/// component: a component's own lifecycle code costs about 1 KB of WebAssembly, and the board
/// changes with every state anyway.
#[hook]
pub fn use_board_choices() -> BoardChoices {
    BoardChoices {
        expanded: use_kept(Vec::<Option<String>>::new),
        all_connections: use_kept(|| false),
        user_form: UserForm {
            name: use_node_ref(),
            db: use_node_ref(),
            role: use_node_ref(),
        },
    }
}

/// A click that runs `text` on the console of connection `console`.
fn run_on_click(
    dispatch: &Callback<Action>,
    console: ConnId,
    text: String,
) -> Callback<MouseEvent> {
    let dispatch = dispatch.clone();
    Callback::from(move |_: MouseEvent| dispatch.emit(Action::Run(console, text.clone())))
}

/// The board's bar: the access-control switch, the logical clock and a kill of every session.
fn board_bar(props: &BoardProps) -> Html {
    let (ids, board, console) = (&props.ids, &props.board, props.console);
    let run = |text: String| run_on_click(&props.dispatch, console, text);
    html! {
        <div class="board-bar">
            <div class="auth-switch">
                <span id={ids.id("auth-label")}>{ "Access control" }</span>
                <button role="switch" aria-checked={board.auth_enabled.to_string()} aria-labelledby={ids.id("auth-label")} class="switch" onclick={run(commands::set_auth(!board.auth_enabled))}>
                    { if board.auth_enabled { "on (--auth)" } else { "off" } }
                </button>
            </div>
            <div class="clock" aria-label="Logical clock">
                <span class="clock-time" title="Logical time: it only moves when you advance it">{ "clock " }{ iso_date(board.now) }</span>
                { for ["1m", "5m", "31m"].iter().map(|d| html! {
                    <button class="small" onclick={run(commands::advance(d))} aria-label={format!("Advance the clock by {d}")}>{ format!("+{d}") }</button>
                }) }
            </div>
            <button class="small danger" onclick={run(commands::kill_all())}>{ "killAllSessions: []" }</button>
        </div>
    }
}

/// The connections: each with its user, whether it is busy, "Start session" and "Log in as…"
/// (the first few, or all of them when `all_connections`), and "Open connection"; `taken` are
/// the names already in use.
fn connections_panel(props: &BoardProps, all_connections: Kept<bool>, taken: &[String]) -> Html {
    let board = &props.board;
    let run = |console: ConnId, text: String| run_on_click(&props.dispatch, console, text);
    let user_names: Vec<String> = board.users.iter().map(|u| u.name.clone()).collect();
    let logins: Vec<String> = board.users.iter().map(commands::log_in_as).collect();
    html! {
        <div class="panel">
            <h2>{ "Connections" }</h2>
            <ul class="connections">
                { for board.connections.iter().take(if *all_connections { usize::MAX } else { CARDS_PER_GROUP }).map(|c| {
                    let status = match c.running { Some(op) => format!("busy: operation {op}"), None => "idle".to_owned() };
                    let name = commands::fresh_name("s", taken);
                    html! {
                        <li class="connection">
                            <span class="conn-name">{ format!("conn{}", c.id) }</span>
                            <span class="conn-user">{ c.user.clone().unwrap_or_else(|| "not logged in".to_owned()) }</span>
                            <span class="conn-status" data-busy={c.running.map(|_| "")}>{ if c.running.is_some() { "↻ " } else { "· " } }{ status }</span>
                            <button class="small" onclick={run(c.id, commands::start_session(&name))}>{ "Start session" }</button>
                            { login_menu(c.id, &user_names, &logins, &props.dispatch) }
                        </li>
                    }
                }) }
            </ul>
            if board.connections.len() > CARDS_PER_GROUP {
                <button class="small expand" aria-expanded={all_connections.to_string()} onclick={{
                    let all_connections = all_connections.clone();
                    Callback::from(move |_: MouseEvent| all_connections.set(!*all_connections))
                }}>
                    { if *all_connections { format!("Show the first {CARDS_PER_GROUP} only") } else { format!("Show all {} connections", board.connections.len()) } }
                </button>
            }
            <button class="small" onclick={run(props.console, commands::open_connection(&commands::fresh_name("conn", taken)))}>{ "Open connection" }</button>
        </div>
    }
}

/// The board, with its [`BoardChoices`].
pub fn board(props: &BoardProps, choices: &BoardChoices) -> Html {
    let ids = props.ids.clone();
    let board = &props.board;
    let BoardChoices {
        expanded,
        all_connections,
        user_form,
    } = choices.clone();
    let taken: Rc<Vec<String>> = Rc::new(
        props
            .bindings
            .iter()
            .map(|b| b.0.clone())
            .chain((1..=board.connections.len()).map(|i| format!("conn{i}")))
            .collect(),
    );
    // Verdicts and sessions are both in order of first appearance: match them by position.
    let verdict_at = |index: usize, id: &str| -> Option<Verdict> {
        props
            .report
            .as_ref()
            .and_then(|r| r.list.get(index))
            .filter(|v| v.id == id)
            .cloned()
    };
    let mut owners: Vec<Option<String>> = Vec::new();
    for s in &board.sessions {
        if !owners.contains(&s.owner) {
            owners.push(s.owner.clone());
        }
    }
    html! {
            <div class="board">
                { board_bar(props) }
    <div class="panel sessions">
                    <h2>{ format!("Sessions ({})", board.sessions.len()) }</h2>
                    if board.sessions.is_empty() {
                        <p class="empty">{ "No session yet. Start one from a connection, or load a scenario." }</p>
                    }
                    <div class="owner-groups">
                    { for owners.iter().map(|owner| {
                        let sessions: Vec<(usize, &SessionView)> = board.sessions.iter().enumerate().filter(|(_, s)| &s.owner == owner).collect();
                        let expanded_now = expanded.contains(owner);
                        let shown = if expanded_now { sessions.len() } else { sessions.len().min(CARDS_PER_GROUP) };
                        let toggle = {
                            let (expanded, owner) = (expanded.clone(), owner.clone());
                            Callback::from(move |_: MouseEvent| {
                                let mut next = (*expanded).clone();
                                match next.iter().position(|o| *o == owner) {
                                    Some(at) => {
                                        next.remove(at);
                                    }
                                    None => next.push(owner.clone()),
                                }
                                expanded.set(next);
                            })
                        };
                        html! {
                            <section class="owner-group" data-many={(sessions.len() > 2).then_some("")} aria-label={ids.label(&format!("Sessions of {}", owner.clone().unwrap_or_else(|| "no authenticated user".into())))}>
                                <h3>{ owner.clone().unwrap_or_else(|| "no user (no-auth uid)".to_owned()) }</h3>
                                <ul class="cards">
                                    { for sessions[..shown].iter().map(|(index, s)| {
                                        let verdict = verdict_at(*index, &s.id);
                                        let binding = props.bindings.iter().find(|b| b.1 == s.id).cloned();
                                        let name = props.names.name(&s.id).map(str::to_owned);
                                        html! { <SessionCard key={s.id.clone()} session={(*s).clone()} verdict={verdict} binding={binding} name={name} taken={taken.clone()} dispatch={props.dispatch.clone()} /> }
                                    }) }
                                </ul>
                                if sessions.len() > CARDS_PER_GROUP {
                                    <button class="small expand" aria-expanded={expanded_now.to_string()} onclick={toggle}>
                                        { if expanded_now { format!("Show the first {CARDS_PER_GROUP} only") } else { format!("Show all {} sessions", sessions.len()) } }
                                    </button>
                                }
                            </section>
                        }
                    }) }
                    </div>
                </div>
                { users_panel(props, &user_form) }
                { connections_panel(props, all_connections, &taken) }
            </div>
        }
}

/// The "Add user" form's inputs: the user's name, its authentication database and its role.
#[derive(Clone)]
struct UserForm {
    name: NodeRef,
    db: NodeRef,
    role: NodeRef,
}

/// The users and the "Add user" form, whose inputs the board keeps (`form`). A view function, not
/// a component: a component's own lifecycle code costs about 1 KB of WebAssembly.
fn users_panel(props: &BoardProps, form: &UserForm) -> Html {
    let ids = props.ids.clone();
    let UserForm { name, db, role } = form.clone();
    let onsubmit = {
        let (name, db, role, dispatch, console) = (
            name.clone(),
            db.clone(),
            role.clone(),
            props.dispatch.clone(),
            props.console,
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let value = |r: &NodeRef| {
                r.cast::<web_sys::HtmlInputElement>()
                    .map(|i| i.value())
                    .unwrap_or_default()
            };
            let (user, database, role) = (value(&name), value(&db), value(&role));
            if !user.trim().is_empty() && !database.trim().is_empty() {
                dispatch.emit(Action::Run(
                    console,
                    commands::create_user(user.trim(), database.trim(), role.trim()),
                ));
            }
        })
    };
    html! {
        <div class="panel">
            <h2>{ "Users" }</h2>
            if props.board.users.is_empty() {
                <p class="empty">{ "No users. With access control off, sessions have no owner." }</p>
            }
            <ul class="users">
                { for props.board.users.iter().map(|u| html! {
                    <li>
                        <span class="user-name">{ u.name.clone() }</span>
                        <span class="user-roles">{ u.roles.join(", ") }</span>
                        <span class="badge" data-strong={u.kill_any_session.then_some("")}>
                            { if u.kill_any_session { "✔ killAnySession" } else { "✖ no killAnySession" } }
                        </span>
                    </li>
                }) }
            </ul>
            <form class="add-user" onsubmit={onsubmit} aria-label={ids.label("Add user")}>
                <input ref={name} aria-label="User name" placeholder="user" />
                <input ref={db} aria-label="Authentication database" placeholder="db" value="db1" />
                <input ref={role} aria-label="Role" placeholder="role" value="readWrite" list={ids.id("roles")} />
                <datalist id={ids.id("roles")}>
                    { for ["read", "readWrite", "root", "clusterAdmin", "hostManager", "clusterMonitor", "userAdmin"].iter().map(|r| html! { <option value={*r} /> }) }
                </datalist>
                <button type="submit" class="small">{ "Add user" }</button>
            </form>
        </div>
    }
}

/// A connection's "Log in as…" menu: the `users`' names, each running its shell command of
/// `logins` (with the user's own password) on `conn`. A view function, not a component (a
/// component's own lifecycle code costs about 1 KB of WebAssembly).
fn login_menu(
    conn: ConnId,
    users: &[String],
    logins: &[String],
    dispatch: &Callback<Action>,
) -> Html {
    if users.is_empty() {
        return html! {};
    }
    let onchange = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e.target_dyn_into::<web_sys::HtmlSelectElement>() {
                let login = select.value();
                if !login.is_empty() {
                    dispatch.emit(Action::Run(conn, login));
                }
                select.set_value("");
            }
        })
    };
    html! {
        <select class="small" aria-label={format!("Log in conn{conn} as")} onchange={onchange}>
            <option value="" selected=true>{ "Log in as…" }</option>
            { for users.iter().zip(logins).map(|(name, login)| html! { <option value={login.clone()}>{ name.clone() }</option> }) }
        </select>
    }
}

#[derive(Properties, PartialEq)]
struct CardProps {
    session: SessionView,
    verdict: Option<Verdict>,
    binding: Option<(String, String, ConnId)>,
    /// Its variable, or `implicit session of connN`.
    name: Option<String>,
    taken: Rc<Vec<String>>,
    dispatch: Callback<Action>,
}

#[function_component(SessionCard)]
fn session_card(props: &CardProps) -> Html {
    let s = &props.session;
    let short = &s.id[..8];
    let fate = props.verdict.as_ref().map(|v| v.fate.code());
    // The card's accessible name: which session, its state, and its verdict after a kill.
    let card_name = format!(
        "session {}{short}…, {}{}",
        props
            .name
            .as_ref()
            .map(|name| format!("{name}, "))
            .unwrap_or_default(),
        s.state.label(),
        props
            .verdict
            .as_ref()
            .map(|v| format!(", {}: {}", v.fate.code(), v.decided_by))
            .unwrap_or_default()
    );
    let actions = props.binding.as_ref().map(|(var, _, conn)| {
        let run = |text: String| run_on_click(&props.dispatch, *conn, text);
        let in_txn = s.state == SessionState::TransactionInProgress;
        // Act in the owner's authentication database, where a readWrite user may write.
        let db = s.owner.as_deref().and_then(UserName::split_display).map_or("test", |(_, db)| db);
        html! {
            <details class="card-more">
            <summary>{ "Actions" }</summary>
            <div class="card-actions" role="group" aria-label={format!("Actions for {var}")}>
                if !in_txn && s.state != SessionState::TransactionPrepared {
                    <button class="small" onclick={run(commands::start_transaction(var, db))}>{ "Start transaction" }</button>
                }
                <button class="small" onclick={run(commands::insert(var, db))}>{ "Insert" }</button>
                if in_txn {
                    <button class="small" onclick={run(commands::prepare(var))}>{ "Prepare" }</button>
                    <button class="small" onclick={run(commands::commit(var))}>{ "Commit" }</button>
                }
                <button class="small" onclick={run(commands::open_cursor(var, db, &commands::fresh_name("c", &props.taken)))}>{ "Open cursor" }</button>
                <button class="small" onclick={run(commands::long_operation(var, db, &commands::fresh_name("op", &props.taken)))}>{ "Long operation" }</button>
                <button class="small" onclick={run(commands::end_session(var))}>{ "End session" }</button>
            </div>
            </details>
        }
    });
    html! {
        <li class="card" data-state={s.state.label()} data-fate={fate} data-session={s.id.clone()} data-entry={props.verdict.as_ref().and_then(|v| v.entry).map(|e| e.to_string())} aria-label={card_name}>
            <div class="card-head">
                <span class="state-icon" aria-hidden="true">{ icon(s.state) }</span>
                if let Some(name) = &props.name {
                    <code class="var" data-implicit={props.binding.is_none().then_some("")}>{ name.clone() }</code>
                }
                <span class="lsid" tabindex="0" title={format!("id: {}\nuid: {}", s.id, s.uid)} aria-label={format!("session {}", s.id)}>
                    <span class="lsid-short">{ short }{ "…" }</span>
                    <span class="lsid-full">{ s.id.clone() }</span>
                </span>
            </div>
            <div class="state-text">{ s.state.label() }
                if let Some((n, state)) = s.txn {
                    <span class="txn">{ format!(" · txn {n}: {}{}", state.server_name().trim_start_matches("TxnState::"), s.txn_deadline.map_or_else(String::new, |t| format!(", deadline {}", &crate::dates::time_of_day(t)[..8]))) }</span>
                }
            </div>
            <div class="meta">
                { format!("last use {}", s.last_use.map_or_else(|| "—".to_owned(), |t| crate::dates::time_of_day(t)[..8].to_owned())) }
                { if s.in_cache { " · in cache" } else { " · not in cache" } }
                { if s.in_collection { " · in config.system.sessions" } else { "" } }
                { for s.operations.iter().map(|op| format!(" · op {op}")) }
                { for s.cursors.iter().map(|c| format!(" · cursor {c}")) }
            </div>
            if let Some(v) = &props.verdict {
                <div class="verdict" data-fate={v.fate.code()}>
                    <strong>{ v.fate.heading() }</strong>
                    <span class="decided">{ v.decided_by.clone() }</span>
                    <p class="why" title={v.explanation.clone()}>{ v.explanation.clone() }</p>
                </div>
            }
            { actions.unwrap_or_default() }
        </li>
    }
}
