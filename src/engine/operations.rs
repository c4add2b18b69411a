//! Running operations and open cursors. An operation started by a command that takes logical
//! time (the test `sleep` command, a `find` whose `$where` sleeps) stays in `currentOp` until
//! the clock passes its end, or until `killOp` or a session kill interrupts it. Cursors hold
//! the documents a `find` or `aggregate` has not returned yet, and belong to the session they
//! were opened in.

use super::error::ErrorCode;
use super::ids::Lsid;
use super::storage::Namespace;
use bson::Document;
use std::collections::VecDeque;

/// A connection's number (`conn12`).
pub type ConnId = u32;
/// An operation id (`opid`).
pub type OpId = u32;

/// What a running operation delivers when it finishes normally.
#[derive(Debug, Clone, PartialEq)]
pub enum Completion {
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
    },
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
    /// Its transaction number, if in a transaction.
    pub txn_number: Option<i64>,
    /// `db.coll` or `db.$cmd`.
    pub ns: String,
    /// The command document as received.
    pub command: Document,
    /// The user running it (`name@db`), when authenticated.
    pub user: Option<String>,
    /// Start time.
    pub started_at: i64,
    /// When it finishes if nobody kills it.
    pub ends_at: i64,
    /// What it returns on success.
    pub completion: Completion,
}

/// How an operation ended.
#[derive(Debug, Clone, PartialEq)]
pub struct FinishedOp {
    /// The operation.
    pub op: Operation,
    /// The reply, when it finished normally (a killed one's reply is built on demand).
    completed: Option<Document>,
    /// When it ended.
    pub finished_at: i64,
    /// The code it was killed with and by what, when it was killed.
    pub killed: Option<(ErrorCode, std::rc::Rc<str>)>,
}

impl FinishedOp {
    /// An operation that finished normally.
    pub fn completed(op: Operation, reply: Document, finished_at: i64) -> Self {
        Self {
            op,
            completed: Some(reply),
            finished_at,
            killed: None,
        }
    }

    /// An operation that was killed.
    pub fn killed(
        op: Operation,
        code: ErrorCode,
        cause: std::rc::Rc<str>,
        finished_at: i64,
    ) -> Self {
        Self {
            op,
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
    /// The transaction it was opened in.
    pub txn_number: Option<i64>,
    /// Documents not returned yet.
    pub remaining: VecDeque<Document>,
    /// The connection that opened it.
    pub conn: ConnId,
    /// The user who opened it.
    pub user: Option<String>,
    /// When it was opened.
    pub created_at: i64,
}

impl super::Deployment {
    /// Starts an operation that finishes `duration_ms` of logical time from now.
    pub(crate) fn start_op(&mut self, mut op: Operation, duration_ms: i64) -> OpId {
        self.next_op += 1;
        op.id = self.next_op;
        op.started_at = self.clock;
        op.ends_at = self.clock.saturating_add(duration_ms.max(1));
        let id = op.id;
        self.emit(
            super::EventKind::OperationStarted,
            format!(
                "operation {id} ({}) started on conn{}, runs until {} ms from now",
                op.command.keys().next().map_or("?", String::as_str),
                op.conn,
                duration_ms
            ),
        );
        self.ops.insert(id, op);
        id
    }

    /// Finishes a running operation normally: its reply is computed now.
    pub(crate) fn complete_op(&mut self, id: OpId) {
        let Some(op) = self.ops.shift_remove(&id) else {
            return;
        };
        let reply = match &op.completion {
            Completion::Reply(reply) => reply.clone(),
            Completion::Find {
                ns,
                docs,
                batch_size,
                single_batch,
            } => {
                let (ns, docs, batch_size, single_batch) =
                    (ns.clone(), docs.clone(), *batch_size, *single_batch);
                self.first_batch_reply(
                    &ns,
                    docs,
                    batch_size,
                    single_batch,
                    op.lsid,
                    op.txn_number,
                    op.conn,
                    op.user.clone(),
                )
            }
        };
        self.emit(
            super::EventKind::OperationFinished,
            format!("operation {id} on conn{} finished", op.conn),
        );
        self.finished
            .insert(id, FinishedOp::completed(op, reply, self.clock));
    }

    /// Builds `{ cursor: { firstBatch, id, ns }, ok: 1 }`, opening a cursor when documents remain.
    #[allow(
        clippy::too_many_arguments,
        reason = "all are facts of the find being answered"
    )]
    pub(crate) fn first_batch_reply(
        &mut self,
        ns: &Namespace,
        docs: Vec<Document>,
        batch_size: usize,
        single_batch: bool,
        lsid: Option<Lsid>,
        txn_number: Option<i64>,
        conn: ConnId,
        user: Option<String>,
    ) -> Document {
        let mut remaining: VecDeque<Document> = docs.into();
        let first: Vec<bson::Bson> = remaining
            .drain(..batch_size.min(remaining.len()))
            .map(bson::Bson::Document)
            .collect();
        let cursor_id = if remaining.is_empty() || single_batch {
            0
        } else {
            let id = self.ids.cursor_id();
            self.cursors.insert(
                id,
                Cursor {
                    id,
                    ns: ns.clone(),
                    lsid,
                    txn_number,
                    remaining,
                    conn,
                    user,
                    created_at: self.clock,
                },
            );
            id
        };
        bson::doc! {
            "cursor": { "firstBatch": first, "id": cursor_id, "ns": ns.full() },
            "ok": 1.0,
        }
    }
}
