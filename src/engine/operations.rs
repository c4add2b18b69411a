//! Running operations and open cursors. An operation started by a command that takes logical
//! time (the test `sleep` command, a `find` whose `$where` sleeps) stays in `currentOp` until
//! the clock passes its end, or until `killOp` or a session kill interrupts it. Cursors hold
//! the documents a `find` or `aggregate` has not returned yet, and belong to the session they
//! were opened in.

use super::error::ErrorCode;
use super::ids::Lsid;
use super::storage::Namespace;
use super::transactions::WaitFor;
use bson::Document;
use std::rc::Rc;

pub use super::ids::ConnId;
/// An operation id (`opid`).
pub type OpId = u32;

/// What a running operation delivers when it finishes normally.
#[derive(Debug, Clone, PartialEq)]
pub enum Completion {
    /// A write outside a transaction, waiting for a transaction that wrote the same documents:
    /// it runs again when that transaction ends.
    Wait(Waiting),
    /// A ready reply (e.g. `{ ok: 1 }` for `sleep`).
    Reply(Document),
    /// A find's result: the first batch and, if documents remain, a cursor to open.
    Find {
        /// Namespace of the cursor.
        ns: Namespace,
        /// All matching documents.
        docs: Vec<Document>,
        /// Documents in the first batch.
        batch_size: usize,
        /// Close the cursor after the first batch.
        single_batch: bool,
        /// `noCursorTimeout: true`.
        no_cursor_timeout: bool,
    },
}

/// A write waiting for a transaction (see [`super::writes`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Waiting {
    /// The transaction it waits for.
    pub on: WaitFor,
    /// When it gives up (`maxTimeMS`), if ever.
    pub deadline: Option<i64>,
    /// Runs it again.
    pub retry: Retry,
}

/// Runs a waiting write again, once the transaction it waited for has ended: its reply, or the
/// transaction it must wait for now. (The commands layer hands it over, so the engine runs a
/// write without knowing the write commands.)
#[derive(Debug, Clone, Copy)]
pub struct Retry(pub fn(&mut super::Deployment, &Operation) -> Result<Document, WaitFor>);

impl PartialEq for Retry {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::fn_addr_eq(self.0, other.0)
    }
}

/// What an operation runs, fixed when it starts. Shared between snapshots: cloning the
/// deployment or ending the operation costs a reference count, not a deep copy.
#[derive(Debug, Clone, PartialEq)]
pub struct OpWork {
    /// `db.coll` or `db.$cmd`.
    pub ns: String,
    /// The command document as received.
    pub command: Document,
    /// The user running it (`name@db`), when authenticated.
    pub user: Option<String>,
    /// What it returns on success.
    pub completion: Completion,
}

/// An operation in progress.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// `opid`.
    pub id: OpId,
    /// The connection it runs on.
    pub conn: ConnId,
    /// Its session, if the command carried one.
    pub lsid: Option<Lsid>,
    /// The session's registry position.
    pub slot: Option<u32>,
    /// Its transaction number, if in a transaction.
    pub txn_number: Option<i64>,
    /// Start time.
    pub started_at: i64,
    /// When it finishes if nobody kills it.
    pub ends_at: i64,
    /// What it runs.
    pub work: Rc<OpWork>,
}

/// `clientCursorMonitorFrequencySecs` default, in ms: how often idle cursors are looked at.
pub const CURSOR_MONITOR_MS: i64 = 4_000;

/// Who started an operation or opened a cursor, and in which session and transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Origin {
    /// The connection.
    pub conn: ConnId,
    /// The session, if the command carried one.
    pub lsid: Option<Lsid>,
    /// The transaction number, if in a transaction.
    pub txn_number: Option<i64>,
    /// `noCursorTimeout: true`: a cursor it opens never times out.
    pub no_cursor_timeout: bool,
}

/// How an operation ended.
#[derive(Debug, Clone, PartialEq)]
pub struct FinishedOp {
    /// The reply, when it finished normally (a killed one's reply is built on demand).
    completed: Option<Document>,
    /// When it ended.
    pub finished_at: i64,
    /// The code it was killed with and by what, when it was killed.
    pub killed: Option<(ErrorCode, std::rc::Rc<str>)>,
}

impl FinishedOp {
    /// An operation that finished normally.
    pub fn completed(reply: Document, finished_at: i64) -> Self {
        Self {
            completed: Some(reply),
            finished_at,
            killed: None,
        }
    }

    /// An operation that was killed.
    pub fn killed(code: ErrorCode, cause: std::rc::Rc<str>, finished_at: i64) -> Self {
        Self {
            completed: None,
            finished_at,
            killed: Some((code, cause)),
        }
    }

    /// The reply its client received (`operation was interrupted` when it was killed).
    pub fn reply(&self) -> Document {
        match (&self.completed, &self.killed) {
            (Some(reply), _) => reply.clone(),
            (None, Some((code, _))) => super::error::ServerError::interrupted(*code).to_reply(),
            (None, None) => Document::new(),
        }
    }
}

/// An open cursor.
#[derive(Debug, Clone, PartialEq)]
pub struct Cursor {
    /// The cursor id.
    pub id: i64,
    /// Its namespace.
    pub ns: Namespace,
    /// Its session.
    pub lsid: Option<Lsid>,
    /// The session's registry position.
    pub slot: Option<u32>,
    /// The transaction it was opened in.
    pub txn_number: Option<i64>,
    /// The whole result, shared between snapshots; `docs[next..]` are not returned yet.
    pub docs: Rc<[Document]>,
    /// The first document not returned yet.
    pub next: usize,
    /// The connection that opened it.
    pub conn: ConnId,
    /// When it was opened.
    pub created_at: i64,
    /// When a batch was last taken from it.
    pub last_access: i64,
    /// Batches returned so far.
    pub batches: u32,
    /// Opened with `noCursorTimeout: true`.
    pub no_timeout: bool,
}

impl Cursor {
    /// Whether the cursor monitor closes it once idle long enough: not when it was opened in a
    /// session (`enableTimeoutOfInactiveSessionCursors` is false: it lives as long as its
    /// session), nor with `noCursorTimeout` (`CursorManager::cursorShouldTimeout_inlock`).
    pub fn can_time_out(&self) -> bool {
        self.lsid.is_none() && !self.no_timeout
    }

    /// The documents not returned yet.
    pub fn remaining(&self) -> &[Document] {
        self.docs.get(self.next..).unwrap_or_default()
    }

    /// Returns up to `n` more documents.
    pub fn take_batch(&mut self, n: usize) -> Vec<Document> {
        let batch = self.remaining().iter().take(n).cloned().collect::<Vec<_>>();
        self.next += batch.len();
        self.batches = self.batches.saturating_add(1);
        batch
    }
}

impl super::Deployment {
    /// Starts an operation that finishes `duration_ms` of logical time from now.
    pub(crate) fn start_op(&mut self, origin: Origin, work: OpWork, duration_ms: i64) -> OpId {
        let id = self.next_op + 1;
        self.emit(
            super::EventKind::OperationStarted,
            format!(
                "operation {id} ({}) started on conn{}, runs until {} ms from now",
                work.command.keys().next().map_or("?", String::as_str),
                origin.conn,
                duration_ms
            ),
        );
        self.insert_op(origin, work, self.clock.saturating_add(duration_ms.max(1)))
    }

    /// Starts a write that waits for the transaction `waiting` names (it ends when that
    /// transaction ends, or at its `maxTimeMS`).
    pub(crate) fn start_waiting_op(
        &mut self,
        origin: Origin,
        work: OpWork,
        waiting: Waiting,
    ) -> OpId {
        let id = self.next_op + 1;
        self.emit(
            super::EventKind::OperationStarted,
            format!(
                "operation {id} ({}) on conn{} waits: transaction {} of session {} wrote the same document and has not ended",
                work.command.keys().next().map_or("?", String::as_str),
                origin.conn,
                waiting.on.txn_number,
                super::ids::short(&waiting.on.lsid),
            ),
        );
        let ends_at = self.waiting_end(&waiting);
        let work = OpWork {
            completion: Completion::Wait(waiting),
            ..work
        };
        self.insert_op(origin, work, ends_at)
    }

    /// When a waiting write looks again if nothing wakes it sooner: at its `maxTimeMS`, or
    /// just after the transaction's lifetime limit ends it.
    fn waiting_end(&self, waiting: &Waiting) -> i64 {
        let end = self.wait_end(waiting.on);
        waiting
            .deadline
            .map_or(end, |deadline| deadline.min(end))
            .max(self.clock.saturating_add(1))
    }

    fn insert_op(&mut self, origin: Origin, work: OpWork, ends_at: i64) -> OpId {
        self.next_op += 1;
        let id = self.next_op;
        let op = Operation {
            id,
            conn: origin.conn,
            lsid: origin.lsid,
            slot: origin.lsid.and_then(|lsid| self.sessions.slot(&lsid)),
            txn_number: origin.txn_number,
            started_at: self.clock,
            ends_at,
            work: Rc::new(work),
        };
        self.ops.insert(id, op);
        id
    }

    /// Finishes, in the order they started, every running operation whose end has come, and
    /// every waiting write whose transaction has ended. They leave the table in one pass, so a
    /// thousand operations ending together cost one pass, not a thousand. Returns how many
    /// finished.
    pub(crate) fn complete_due_ops(&mut self) -> usize {
        let now = self.clock;
        let is_due = |dep: &Self, op: &Operation| {
            op.ends_at <= now
                || matches!(&op.work.completion, Completion::Wait(waiting) if !dep.still_open(waiting.on))
        };
        if !self.ops.values().any(|op| is_due(self, op)) {
            return 0;
        }
        let ops = std::mem::take(&mut self.ops);
        let (due, running): (Vec<_>, Vec<_>) =
            ops.into_iter().partition(|(_, op)| is_due(self, op));
        self.ops = running.into_iter().collect();
        let finished = due.len();
        for (_, op) in due {
            self.complete_op(op);
        }
        finished
    }

    /// Finishes a running operation normally: its reply is computed now. A waiting write whose
    /// transaction is still open waits on (or gives up at its `maxTimeMS`).
    fn complete_op(&mut self, mut op: Operation) {
        let id = op.id;
        let reply = match &op.work.completion {
            Completion::Reply(reply) => reply.clone(),
            Completion::Wait(waiting) => {
                let mut waiting = *waiting;
                let outcome = if self.still_open(waiting.on) {
                    if waiting
                        .deadline
                        .is_some_and(|deadline| deadline <= self.clock)
                    {
                        Ok(super::error::ServerError::new(
                            super::error::ErrorCode::MaxTimeMSExpired,
                            "operation exceeded time limit",
                        )
                        .to_reply())
                    } else {
                        Err(waiting.on)
                    }
                } else {
                    (waiting.retry.0)(self, &op)
                };
                match outcome {
                    Ok(reply) => reply,
                    Err(on) => {
                        waiting.on = on;
                        op.ends_at = self.waiting_end(&waiting);
                        op.work = Rc::new(OpWork {
                            completion: Completion::Wait(waiting),
                            ..OpWork::clone(&op.work)
                        });
                        self.ops.insert(id, op);
                        return;
                    }
                }
            }
            Completion::Find {
                ns,
                docs,
                batch_size,
                single_batch,
                no_cursor_timeout,
            } => {
                let origin = Origin {
                    conn: op.conn,
                    lsid: op.lsid,
                    txn_number: op.txn_number,
                    no_cursor_timeout: *no_cursor_timeout,
                };
                self.first_batch_reply(ns, docs.clone(), *batch_size, *single_batch, origin)
            }
        };
        self.emit(
            super::EventKind::OperationFinished,
            format!("operation {id} on conn{} finished", op.conn),
        );
        self.finished
            .insert(id, FinishedOp::completed(reply, self.clock));
    }

    /// When the cursor monitor next times out an idle cursor, or `None` when none can time out:
    /// the first of its passes (every `clientCursorMonitorFrequencySecs`, 4 s) at least
    /// `cursorTimeoutMillis` (10 minutes unless set) after a cursor's last use.
    pub(crate) fn cursor_timeout_due(&self) -> Option<i64> {
        let timeout = self.parameters.cursor_timeout_millis;
        let earliest = self
            .cursors
            .values()
            .filter(|c| c.can_time_out())
            .map(|c| c.last_access.saturating_add(timeout))
            .min()?;
        // A timeout lowered below a cursor's idle time closes it at the monitor's next pass.
        Some(super::next_tick(
            earliest.saturating_sub(1).max(self.clock - 1),
            self.options.start_ms,
            CURSOR_MONITOR_MS,
        ))
    }

    /// The cursor monitor's pass: closes the cursors idle for `cursorTimeoutMillis`.
    pub(crate) fn time_out_cursors(&mut self) {
        let now = self.clock;
        let timeout = self.parameters.cursor_timeout_millis;
        let mut timed_out = Vec::new();
        self.cursors.retain(|id, c| {
            let due = c.can_time_out() && now.saturating_sub(c.last_access) >= timeout;
            if due {
                timed_out.push(*id);
            }
            !due
        });
        for id in timed_out {
            self.emit(
                super::EventKind::CursorClosed,
                format!("cursor {id} closed: it timed out, idle for cursorTimeoutMillis ({timeout} ms) without a session"),
            );
        }
    }

    /// Builds `{ cursor: { firstBatch, id, ns }, ok: 1 }`, opening a cursor when documents remain.
    pub(crate) fn first_batch_reply(
        &mut self,
        ns: &Namespace,
        docs: Vec<Document>,
        batch_size: usize,
        single_batch: bool,
        origin: Origin,
    ) -> Document {
        let mut cursor = Cursor {
            id: 0,
            ns: ns.clone(),
            lsid: origin.lsid,
            slot: origin.lsid.and_then(|lsid| self.sessions.slot(&lsid)),
            txn_number: origin.txn_number,
            docs: docs.into(),
            next: 0,
            conn: origin.conn,
            created_at: self.clock,
            last_access: self.clock,
            batches: 0,
            no_timeout: origin.no_cursor_timeout,
        };
        let first: Vec<bson::Bson> = cursor
            .take_batch(batch_size)
            .into_iter()
            .map(bson::Bson::Document)
            .collect();
        let cursor_id = if cursor.remaining().is_empty() || single_batch {
            0
        } else {
            cursor.id = self.ids.cursor_id();
            let id = cursor.id;
            self.cursors.insert(id, cursor);
            id
        };
        bson::doc! {
            "cursor": { "firstBatch": first, "id": cursor_id, "ns": ns.full() },
            "ok": 1.0,
        }
    }
}
