//! What a driver does on the client side, as mongosh's Node driver does it: attach an lsid to
//! every command (an explicit session's, or an implicit one from the connection's pool, held
//! by a cursor until it is exhausted), add transaction fields for explicit sessions in a
//! transaction, refuse to use a connection that is busy with a running operation, wait (by
//! moving the logical clock) for an operation that takes time, and turn `ok: 0` replies into
//! errors.

use super::diagnostics::{ErrorKind, ShellError, Span};
use super::record::Failure;
use super::value::{DbRef, Value};
use super::Shell;
use crate::engine::ids::SessionUuid;
use crate::engine::operations::ConnId;
use bson::{doc, Bson, Document};
use std::collections::VecDeque;

/// Why evaluation stopped early.
#[derive(Debug)]
pub(super) enum Flow {
    /// A shell error at a span.
    Shell(ShellError),
    /// A server or driver error.
    Fail(Failure),
    /// `lab.background(…)`: the operation that keeps running.
    Background(Value),
    /// `return value`: the function being called ends with it.
    Return(Value),
}

impl From<ShellError> for Flow {
    fn from(error: ShellError) -> Self {
        Flow::Shell(error)
    }
}

/// A client-side transaction state (the Node driver's `TxnState`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ClientTxn {
    None,
    Starting,
    InProgress,
    Committed,
    /// Committed without a command: the transaction sent none (`TRANSACTION_COMMITTED_EMPTY`).
    CommittedEmpty,
    Aborted,
}

impl ClientTxn {
    /// Started and not yet committed or aborted.
    pub(super) fn is_active(self) -> bool {
        matches!(self, ClientTxn::Starting | ClientTxn::InProgress)
    }
}

/// An explicit client session (`db.getMongo().startSession()`). The server learns of it only
/// when a command first carries its lsid.
#[derive(Debug, Clone)]
pub(super) struct ClientSession {
    pub id: SessionUuid,
    pub conn: ConnId,
    pub txn_number: i64,
    pub txn: ClientTxn,
    pub ended: bool,
    /// `startSession`'s options, whose `readConcern` and `writeConcern` are its transactions'
    /// defaults (a read preference and `maxCommitTimeMS` change nothing on one node).
    pub transaction_defaults: Document,
    /// The read concern level the transaction's first command carries.
    pub read_concern: Option<Bson>,
}

/// Where a cursor's batches come from.
#[derive(Debug, Clone)]
pub(super) enum CursorSource {
    Find {
        coll: String,
        filter: Document,
        projection: Option<Document>,
    },
    Aggregate {
        target: Bson,
        pipeline: Vec<Bson>,
    },
}

/// A cursor's progress.
#[derive(Debug, Clone)]
pub(super) enum CursorState {
    NotStarted,
    Open {
        id: i64,
        ns: String,
        buffer: VecDeque<Document>,
    },
    Exhausted,
}

/// A shell cursor (lazy until first iterated).
#[derive(Debug, Clone)]
pub(super) struct ShellCursor {
    pub conn: ConnId,
    pub db: String,
    pub session: Option<usize>,
    pub source: CursorSource,
    pub batch_size: Option<i32>,
    pub limit: Option<i64>,
    /// `maxTimeMS`, sent with the first command.
    pub max_time_ms: Option<i64>,
    /// `noCursorTimeout()`: the find asks that its cursor never time out.
    pub no_cursor_timeout: bool,
    pub sort: Option<Document>,
    pub skip: Option<i64>,
    pub state: CursorState,
    pub implicit: Option<SessionUuid>,
}

/// Whether the Node driver sends `cmd` as a retryable write (`canRetryWrite`): an insert or a
/// findAndModify, an update or delete none of whose statements writes many documents. Its
/// `db.runCommand` sends none as one.
fn is_retryable_write(cmd: &Document) -> bool {
    let each = |list: &str, single: fn(&Document) -> bool| {
        cmd.get_array(list)
            .is_ok_and(|items| items.iter().all(|s| s.as_document().is_some_and(single)))
    };
    match cmd.keys().next().map(String::as_str) {
        Some("insert" | "findAndModify") => true,
        Some("update") => each("updates", |s| !s.get_bool("multi").unwrap_or(false)),
        Some("delete") => each("deletes", |s| s.get_i32("limit").is_ok_and(|n| n == 1)),
        _ => false,
    }
}

/// Commands a driver sends without a session.
const SESSIONLESS: [&str; 5] = ["hello", "isMaster", "ismaster", "authenticate", "saslStart"];

impl Shell {
    pub(super) fn take_implicit(&mut self, conn: ConnId) -> SessionUuid {
        if let Some(id) = self.implicit_pool.get_mut(&conn).and_then(Vec::pop) {
            return id;
        }
        let id = self.deployment.new_session_uuid();
        self.implicit_ids.push((id, conn, 0));
        id
    }

    pub(super) fn release_implicit(&mut self, conn: ConnId, id: SessionUuid) {
        self.implicit_pool.entry(conn).or_default().push(id);
    }

    /// Adds `lsid` and transaction fields for an explicit session; an ended session is refused
    /// as the Node driver's `executeOperation` refuses it, before anything is sent.
    fn attach_explicit(&mut self, index: usize, cmd: &mut Document) -> Result<(), Flow> {
        let session = &mut self.sessions[index];
        if session.ended {
            self.hints.push(
                "this session was ended by endSession() and cannot be used again: start another with db.getMongo().startSession()"
                    .to_owned(),
            );
            return Err(driver_error(
                "MongoExpiredSessionError",
                "Use of expired sessions is not permitted",
            ));
        }
        cmd.insert("lsid", session.id.lsid());
        // `applySession`: a command outside a transaction ends the driver's memory of the last
        // one; `commitTransaction` and `abortTransaction` sent by hand carry its number.
        let transaction_command =
            cmd.contains_key("commitTransaction") || cmd.contains_key("abortTransaction");
        match session.txn {
            ClientTxn::Starting => {
                cmd.insert("txnNumber", Bson::Int64(session.txn_number));
                cmd.insert("autocommit", false);
                cmd.insert("startTransaction", true);
                if let Some(level) = &session.read_concern {
                    cmd.insert("readConcern", doc! { "level": level.clone() });
                }
                session.txn = ClientTxn::InProgress;
            }
            ClientTxn::InProgress => {
                cmd.insert("txnNumber", Bson::Int64(session.txn_number));
                cmd.insert("autocommit", false);
            }
            _ if transaction_command => {
                cmd.insert("txnNumber", Bson::Int64(session.txn_number));
                cmd.insert("autocommit", false);
            }
            _ => session.txn = ClientTxn::None,
        }
        Ok(())
    }

    /// Sends a command the way `db.runCommand` does: with the explicit session, or an implicit
    /// one that goes back to the pool afterwards. Returns the reply (which may be `ok: 0`).
    pub(super) fn run_command(
        &mut self,
        conn: ConnId,
        db: &str,
        session: Option<usize>,
        cmd: Document,
        span: &Span,
    ) -> Result<Document, Flow> {
        self.send_in_session(conn, db, session, cmd, false, span)
    }

    /// [`Shell::run_command`], and for one of the driver's retryable writes (`retryable`,
    /// outside a transaction) the session's next `txnNumber`, as the Node driver sends with
    /// `retryWrites` on (its default) to a replica set.
    fn send_in_session(
        &mut self,
        conn: ConnId,
        db: &str,
        session: Option<usize>,
        mut cmd: Document,
        retryable: bool,
        span: &Span,
    ) -> Result<Document, Flow> {
        let name = cmd.keys().next().cloned().unwrap_or_default();
        if let Some(index) = session {
            self.attach_explicit(index, &mut cmd)?;
            let session = &mut self.sessions[index];
            if retryable && !session.txn.is_active() {
                session.txn_number += 1;
                cmd.insert("txnNumber", Bson::Int64(session.txn_number));
            }
            return self.send(conn, db, cmd, span);
        }
        if !self.implicit_sessions
            || SESSIONLESS.contains(&name.as_str())
            || cmd.contains_key("lsid")
        {
            return self.send(conn, db, cmd, span);
        }
        let id = self.take_implicit(conn);
        cmd.insert("lsid", id.lsid());
        if retryable {
            if let Some((_, _, n)) = self.implicit_ids.iter_mut().find(|(i, ..)| *i == id) {
                *n += 1;
                cmd.insert("txnNumber", Bson::Int64(*n));
            }
        }
        let result = self.send(conn, db, cmd, span);
        if !matches!(result, Err(Flow::Background(_))) {
            self.release_implicit(conn, id);
        }
        result
    }

    /// Runs `cmd` on the database `db` names (its connection and session) and turns an error
    /// reply into a `MongoServerError`.
    pub(super) fn run_in(
        &mut self,
        db: &DbRef,
        cmd: Document,
        span: &Span,
    ) -> Result<Document, Flow> {
        let retryable = is_retryable_write(&cmd);
        self.run_write(db, cmd, retryable, span)
    }

    /// [`Shell::run_in`] for a write whose caller knows whether the driver retries it (a bulk
    /// write is retried only if none of its operations writes many documents).
    pub(super) fn run_write(
        &mut self,
        db: &DbRef,
        cmd: Document,
        retryable: bool,
        span: &Span,
    ) -> Result<Document, Flow> {
        check_ok(self.send_in_session(db.conn, &db.name, db.session, cmd, retryable, span)?)
    }

    /// Sends a cursor's command with the cursor's session (an implicit one is held). A cursor
    /// opened without a session (implicit sessions off) goes on without one, as the driver's
    /// cursor keeps the session it was opened with.
    pub(super) fn run_cursor_command(
        &mut self,
        index: usize,
        mut cmd: Document,
        span: &Span,
    ) -> Result<Document, Flow> {
        let (conn, db, session) = {
            let c = &self.cursors[index];
            (c.conn, c.db.clone(), c.session)
        };
        if let Some(s) = session {
            self.attach_explicit(s, &mut cmd)?;
        } else if let Some(id) = self.cursors[index].implicit {
            cmd.insert("lsid", id.lsid());
        } else if self.implicit_sessions
            && matches!(self.cursors[index].state, CursorState::NotStarted)
        {
            let id = self.take_implicit(conn);
            self.cursors[index].implicit = Some(id);
            cmd.insert("lsid", id.lsid());
        }
        self.send(conn, &db, cmd, span)
    }

    /// Gives a finished cursor's implicit session back to the pool.
    pub(super) fn release_cursor_session(&mut self, index: usize) {
        if let Some(id) = self.cursors[index].implicit.take() {
            let conn = self.cursors[index].conn;
            self.release_implicit(conn, id);
        }
    }

    /// Stops the input once it has done more than its budget of work (checked before each
    /// command, so the deployment is never left half-way through one).
    pub(super) fn check_work(&self, span: &Span) -> Result<(), Flow> {
        if self.over_budget() {
            return Err(super::budget::work_exceeded(span).into());
        }
        Ok(())
    }

    /// Counts `units` of work the shell itself does, stopping the input before doing it when
    /// that would pass the budget.
    pub(super) fn pay(&mut self, units: usize, span: &Span) -> Result<(), Flow> {
        self.deployment.charge(units);
        self.check_work(span)
    }

    /// One more than the work this input has left: counting a value's size (one unit per value
    /// in it, the price of copying or sending it) stops there, so pricing a huge value costs
    /// no more than the budget.
    pub(super) fn size_cap(&self) -> usize {
        let used = self.deployment.work().saturating_sub(self.work_start);
        let left = super::budget::INPUT_WORK.saturating_sub(used);
        usize::try_from(left)
            .unwrap_or(usize::MAX)
            .saturating_add(1)
    }

    /// Whether this input has done more than its budget of work.
    pub(super) fn over_budget(&self) -> bool {
        self.deployment.work().saturating_sub(self.work_start) > super::budget::INPUT_WORK
    }

    /// Sends one command on a connection; waits for an operation that takes time, unless
    /// inside `lab.background(…)`.
    pub(super) fn send(
        &mut self,
        conn: ConnId,
        db: &str,
        cmd: Document,
        span: &Span,
    ) -> Result<Document, Flow> {
        if let Some(op) = self.deployment.busy_with(conn) {
            return Err(Flow::Shell(
                ShellError::new(ErrorKind::Shell, format!("conn{conn} is busy: operation {op} is still running on it"), span.clone())
                    .with_hint("use another connection (const other = new Mongo()), or move the clock with lab.advance(…) until it ends"),
            ));
        }
        let cmd = as_serialized(cmd);
        // The command's size is paid before it runs, so a huge one is refused, not run.
        let size = crate::engine::storage::document_node_count(&cmd, self.size_cap());
        self.pay(size, span)?;
        if let Some(name) = cmd.keys().next() {
            self.sent.push(name.clone());
        }
        let outcome = self.deployment.run_command(conn, db, &cmd);
        if let Some(hint) = super::hints::after_command(
            &self.deployment,
            conn,
            &cmd,
            &outcome.reply,
            outcome.report.as_ref(),
        ) {
            self.hints.push(hint);
        }
        self.events.extend(outcome.events);
        if outcome.report.is_some() {
            self.last_report.clone_from(&outcome.report);
            self.report = outcome.report;
        }
        let Some(op) = outcome.pending else {
            return Ok(outcome.reply);
        };
        if self.background > 0 {
            return Err(Flow::Background(Value::Operation(op, conn)));
        }
        // The shell waits, as mongosh would, by moving the logical clock to the operation's end
        // (at most a year at a time; a longer one stays running, its connection busy).
        let end = self
            .deployment
            .op_end(op)
            .unwrap_or_else(|| self.deployment.now());
        let waited = (end - self.deployment.now()).min(super::budget::MAX_ADVANCE_MS);
        let events = self.deployment.advance(waited);
        self.events.extend(events);
        self.check_work(span)?;
        match self.deployment.finished_op(op) {
            Some(finished) => Ok(finished.reply()),
            None => Err(Flow::Shell(
                ShellError::new(ErrorKind::Shell, format!("operation {op} is still running after a year of logical time: conn{conn} stays busy until it ends"), span.clone())
                    .with_hint("start long operations with lab.background(…), and end them with db.killOp(opid) or a session kill"),
            )),
        }
    }
}

/// A command as the driver serializes it (js-bson without `ignoreUndefined`): `undefined`
/// becomes `null`, wherever it is (`insertOne({ a: undefined })` stores `a: null`).
fn as_serialized(cmd: Document) -> Document {
    fn value(v: Bson) -> Bson {
        match v {
            Bson::Undefined => Bson::Null,
            Bson::Document(d) => Bson::Document(as_serialized(d)),
            Bson::Array(items) => Bson::Array(items.into_iter().map(value).collect()),
            other => other,
        }
    }
    cmd.into_iter().map(|(k, v)| (k, value(v))).collect()
}

/// Turns an `ok: 0` reply into a `MongoServerError`.
pub(super) fn check_ok(reply: Document) -> Result<Document, Flow> {
    let ok = reply
        .get("ok")
        .and_then(crate::engine::storage::as_f64)
        .unwrap_or(1.0);
    if ok != 0.0 {
        return Ok(reply);
    }
    Err(Flow::Fail(server_failure(&reply)))
}

/// The failure described by an error reply.
pub(super) fn server_failure(reply: &Document) -> Failure {
    Failure::Server {
        code: reply.get_i32("code").unwrap_or(0),
        code_name: reply.get_str("codeName").unwrap_or("").to_owned(),
        errmsg: reply.get_str("errmsg").unwrap_or("").to_owned(),
        labels: reply
            .get_array("errorLabels")
            .map(|a| {
                a.iter()
                    .filter_map(|l| l.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default(),
        write_error: None,
    }
}

pub(super) fn driver_error(name: &str, message: &str) -> Flow {
    Flow::Fail(Failure::Driver {
        name: name.to_owned(),
        message: message.to_owned(),
    })
}

/// A write reply's write errors as the error mongosh throws for them: `class` with the first
/// error's message (`write operation failed` for several).
pub(super) fn write_errors(reply: &Document, class: &'static str) -> Result<(), Flow> {
    let Ok(errors) = reply.get_array("writeErrors") else {
        return Ok(());
    };
    let Some(Bson::Document(first)) = errors.first() else {
        return Ok(());
    };
    // The code's name is kept for lessons' goals, though mongosh does not print it; the driver
    // names a bulk write's several errors by none of them.
    let code = first.get_i32("code").unwrap_or(0);
    let code_name = crate::engine::error::ErrorCode::from_code(code)
        .map(|known| known.name().into_owned())
        .unwrap_or_default();
    let errmsg = if errors.len() > 1 {
        "write operation failed"
    } else {
        first.get_str("errmsg").unwrap_or("")
    };
    Err(Flow::Fail(Failure::Server {
        code,
        code_name,
        errmsg: errmsg.to_owned(),
        labels: Vec::new(),
        write_error: Some(class),
    }))
}
