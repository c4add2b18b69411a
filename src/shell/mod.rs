//! The mongosh-like shell: text → statements → values and calls → command documents sent to
//! the [`Deployment`], and results printed the way mongosh prints them.
//!
//! [`Shell`] owns a deployment plus what a driver keeps on the client side: connections' current
//! databases, a pool of implicit sessions per connection, explicit client sessions with their
//! transaction state, and cursors. [`Shell::execute`] runs source text on one console (one
//! connection) and returns one [`Record`] per top-level statement.

mod args;
pub mod ast;
pub mod budget;
mod caught;
mod client;
mod collection;
mod collection_writes;
pub mod complete;
mod constructors;
mod cursor;
mod database;
pub mod diagnostics;
mod eval;
mod functions;
mod globals;
pub mod highlight;
mod hints;
pub mod json;
mod lab;
pub mod lexer;
pub mod method_names;
pub mod methods;
pub mod on_demand;
pub mod parser;
pub mod printer;
pub mod record;
mod session;
pub mod snippets;
pub mod value;

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;

pub use diagnostics::{code_frame, ErrorKind, LineIndex, ShellError};
pub use lab::parse_duration;
pub use record::{Failure, Outcome, Record};

use crate::collections::Map;
use crate::engine::ids::SessionUuid;
use crate::engine::kill::KillReport;
use crate::engine::operations::ConnId;
use crate::engine::{Deployment, DeploymentOptions, Event};
use client::{ClientSession, ShellCursor};
use std::rc::Rc;
use value::Value;

/// What the page calls sessions, by session id (`UUID` text): see [`Shell::session_names`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SessionNames(Vec<(String, String)>);

impl SessionNames {
    /// The session's name (`appSession`, `implicit session of conn1`), if it has one.
    pub fn name(&self, id: &str) -> Option<&str> {
        // Variables first, so a variable's name wins over "implicit". A linear search: the page
        // looks up only what it draws (a window of cards, rows and lines), and sorting would
        // cost kilobytes of WebAssembly for the sort's code.
        self.0
            .iter()
            .find(|(known, _)| known == id)
            .map(|(_, name)| name.as_str())
    }

    /// Its name, or the start of its id (`8324efde…`) when it has none.
    pub fn label(&self, id: &str) -> String {
        self.name(id)
            .map_or_else(|| format!("{}…", id.get(..8).unwrap_or(id)), str::to_owned)
    }

    /// Adds the page's name to each session an event mentions (`transaction 1 of session
    /// e62aa888 (reportSession) aborted`), so the console's notes name sessions as the board does.
    pub fn name_in(&self, events: &mut [crate::engine::Event]) {
        const MARK: &str = "session ";
        if !events.iter().any(|e| e.message.contains(MARK)) {
            return;
        }
        // By the first 8 hex digits, as messages print ids (`ids::short`).
        let by_short = |short: &str| {
            self.0
                .iter()
                .find(|(id, _)| short.len() == 8 && id.starts_with(short))
                .map(|(_, name)| name.as_str())
        };
        for event in events {
            let mut message_with_names = String::with_capacity(event.message.len());
            let mut rest = event.message.as_str();
            while let Some(at) = rest.find(MARK) {
                let (before, after) = rest.split_at(at + MARK.len());
                message_with_names.push_str(before);
                let short = after.get(..8).unwrap_or("");
                message_with_names.push_str(short);
                rest = &after[short.len()..];
                if let Some(name) = by_short(short) {
                    if !rest.starts_with(" (") {
                        message_with_names.push_str(" (");
                        message_with_names.push_str(name);
                        message_with_names.push(')');
                    }
                }
            }
            message_with_names.push_str(rest);
            event.message = message_with_names;
        }
    }
}

/// A playground: the simulated deployment plus the shell's client-side state.
#[derive(Debug, Clone)]
pub struct Shell {
    /// The simulated server.
    pub deployment: Deployment,
    /// Variables; shared between snapshots until one is assigned again.
    vars: Map<String, Rc<Value>>,
    current_db: Map<ConnId, String>,
    implicit_pool: Map<ConnId, Vec<SessionUuid>>,
    /// Every implicit session id the shell made, with its connection (for naming sessions) and
    /// the last `txnNumber` the driver gave one of its retryable writes.
    implicit_ids: Vec<(SessionUuid, ConnId, i64)>,
    sessions: Vec<ClientSession>,
    cursors: Vec<ShellCursor>,
    last_cursor: Option<usize>,
    /// Console of the statement being run.
    console: ConnId,
    /// Nesting of `lab.background(…)` calls being evaluated.
    background: usize,
    /// Nesting of calls to functions written in the shell.
    calls: usize,
    /// Collected while a statement runs.
    printed: Vec<String>,
    events: Vec<Event>,
    report: Option<KillReport>,
    /// Hints about the statement's server replies ([`hints`]).
    hints: Vec<String>,
    /// Names of the commands the statement sent ([`Record::commands`]).
    sent: Vec<String>,
    /// The verdicts of the last kill command, for `lab.verdicts()`.
    last_report: Option<KillReport>,
    /// `lab.reset()` ran in the current statement: the shell is replaced when it ends.
    reset_requested: bool,
    /// The deployment's work count when the current input started.
    work_start: u64,
    /// Commands sent without an explicit session carry an implicit one (mongosh's behaviour);
    /// off, they carry no `lsid` (the legacy shell's `--disableImplicitSessions`).
    implicit_sessions: bool,
    /// The deprecation warnings printed so far: mongosh prints each once per shell.
    deprecations_shown: Vec<&'static str>,
}

impl Default for Shell {
    fn default() -> Self {
        Self::new(DeploymentOptions::default())
    }
}

impl Shell {
    /// A fresh deployment with one open connection (`conn1`), using database `test`.
    pub fn new(options: DeploymentOptions) -> Self {
        let mut shell = Self {
            deployment: Deployment::new(options),
            vars: Map::default(),
            current_db: Map::default(),
            implicit_pool: Map::default(),
            implicit_ids: Vec::new(),
            sessions: Vec::new(),
            cursors: Vec::new(),
            last_cursor: None,
            console: 1,
            background: 0,
            calls: 0,
            printed: Vec::new(),
            events: Vec::new(),
            report: None,
            hints: Vec::new(),
            sent: Vec::new(),
            last_report: None,
            reset_requested: false,
            work_start: 0,
            implicit_sessions: true,
            deprecations_shown: Vec::new(),
        };
        let conn = shell.open_connection();
        shell.console = conn;
        shell.deployment.advance(0);
        shell
    }

    /// Opens a connection (what `new Mongo()` does), using database `test`.
    pub fn open_connection(&mut self) -> ConnId {
        let conn = self.deployment.open_connection();
        self.current_db.insert(conn, "test".to_owned());
        conn
    }

    /// The connections the shell has opened, in order.
    pub fn connections(&self) -> Vec<ConnId> {
        self.current_db.keys().copied().collect()
    }

    /// The current database of a console.
    pub fn current_db(&self, conn: ConnId) -> &str {
        self.current_db.get(&conn).map_or("test", String::as_str)
    }

    /// Variables bound to client sessions: `(variable, session id text, connection)`, so the
    /// board can write commands that use them.
    pub fn session_bindings(&self) -> Vec<(String, String, ConnId)> {
        self.vars
            .iter()
            .filter_map(|(name, value)| match value.as_ref() {
                Value::Session(index) => self
                    .sessions
                    .get(*index)
                    .map(|s| (name.clone(), s.id.to_hyphenated(), s.conn)),
                _ => None,
            })
            .collect()
    }

    /// What the page calls each session the shell knows, by session id (`UUID` text): the
    /// variable bound to it (`appSession`), or `implicit session of conn1` for one the shell
    /// attached to commands sent without a session.
    pub fn session_names(&self) -> SessionNames {
        let bound = self
            .session_bindings()
            .into_iter()
            .map(|(name, id, _)| (id, name));
        let implicit = self.implicit_ids.iter().map(|(id, conn, _)| {
            (
                id.to_hyphenated(),
                format!("implicit session of conn{conn}"),
            )
        });
        SessionNames(bound.chain(implicit).collect())
    }

    /// The server cursor id of the cursor bound to variable `name`: `Some(None)` for a cursor
    /// not opened on the server yet (or exhausted), `None` when `name` is not a cursor.
    pub fn cursor_binding(&self, name: &str) -> Option<Option<i64>> {
        match self.vars.get(name)?.as_ref() {
            Value::Cursor(index) => Some(match &self.cursors.get(*index)?.state {
                client::CursorState::Open { id, .. } => Some(*id),
                _ => None,
            }),
            _ => None,
        }
    }

    /// The operation bound to variable `name` (what `lab.background(…)` returned).
    pub fn operation_binding(&self, name: &str) -> Option<crate::engine::operations::OpId> {
        match self.vars.get(name)?.as_ref() {
            Value::Operation(op, _) => Some(*op),
            _ => None,
        }
    }

    /// Whether commands sent without an explicit session carry an implicit one
    /// (`lab.implicitSessions()`).
    pub fn implicit_sessions(&self) -> bool {
        self.implicit_sessions
    }

    /// Names of the variables defined so far (for autocompletion).
    pub fn variable_names(&self) -> Vec<String> {
        self.vars.keys().cloned().collect()
    }

    /// Runs `source` on console `conn`, one record per top-level statement. A syntax error
    /// anywhere yields a single error record and runs nothing.
    pub fn execute(&mut self, conn: ConnId, source: &str) -> Vec<Record> {
        let mut execution = self.begin(conn, source.to_owned());
        self.proceed(&mut execution, u64::MAX);
        execution.records
    }

    /// Starts running `source` on console `conn`: parses it and pays for its bytes. Its
    /// statements run in [`Shell::proceed`]; an input that does not parse, or names no console,
    /// is done at once with its error record.
    pub fn begin(&mut self, conn: ConnId, source: String) -> Execution {
        let mut execution = Execution {
            source,
            statements: Vec::new(),
            next: 0,
            records: Vec::new(),
        };
        let statements = match parser::parse_program(&execution.source) {
            Ok(statements) => statements,
            Err(error) => {
                let record = Record::syntax_error(conn, &execution.source, error);
                execution.records.push(record);
                return execution;
            }
        };
        if !self.current_db.contains_key(&conn) {
            let error = ShellError::new(
                ErrorKind::Shell,
                format!("there is no console for connection {conn}"),
                0..execution.source.len(),
            );
            let source = &execution.source;
            let record = Record::shell_error(conn, &LineIndex::new(source), source, 1, error);
            execution.records.push(record);
            return execution;
        }
        self.console = conn;
        self.work_start = self.deployment.work();
        self.deployment
            .charge(execution.source.len() / budget::SOURCE_BYTES_PER_UNIT);
        execution.statements = statements;
        execution
    }

    /// Runs the execution's next statements, at least one, until it is done or the statements
    /// run by this call have done `work` units of work (so a page can spread a long input over
    /// several tasks). True when it is done.
    pub fn proceed(&mut self, execution: &mut Execution, work: u64) -> bool {
        // One line index for the whole input: an input may hold thousands of statements.
        let index = LineIndex::new(&execution.source);
        let mut spent = 0_u64;
        while let Some(statement) = execution.statements.get(execution.next) {
            let before = self.deployment.work();
            let record = self.run_statement(&index, statement);
            // Once the budget is spent, the statement that says so is the input's last.
            let stop = self.over_budget() && matches!(record.outcome, record::Outcome::Error(_));
            execution.records.push(record);
            execution.next = if stop {
                execution.statements.len()
            } else {
                execution.next + 1
            };
            // `lab.reset()` starts a new deployment, whose count starts again.
            spent = spent.saturating_add(self.deployment.work().saturating_sub(before));
            if spent >= work {
                break;
            }
        }
        execution.is_done()
    }
}

/// An input being run by [`Shell::begin`] and [`Shell::proceed`], with the records of the
/// statements run so far.
#[derive(Debug)]
pub struct Execution {
    source: String,
    statements: Vec<ast::Stmt>,
    next: usize,
    records: Vec<Record>,
}

impl Execution {
    /// Whether every statement has run (or the input stopped at its budget).
    pub fn is_done(&self) -> bool {
        self.next >= self.statements.len()
    }

    /// The input's text and its records.
    pub fn into_parts(self) -> (String, Vec<Record>) {
        (self.source, self.records)
    }
}
