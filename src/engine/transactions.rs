//! The session catalog's transaction side (`TransactionParticipant`): per session the active
//! transaction number, its state, and the writes it has made but not yet committed.

use super::ids::Lsid;
use super::storage::{Collections, Namespace};
use crate::collections::Map;
use bson::Document;
use serde::Serialize;
use std::rc::Rc;

/// `TransactionParticipant` states (`transaction_participant.h`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum TxnState {
    /// No transaction has run on the session.
    None,
    /// Started and not yet prepared, committed or aborted: the only state a kill aborts.
    InProgress,
    /// Prepared: never aborted by a kill.
    Prepared,
    /// Committed.
    Committed,
    /// Aborted before prepare (by the user, a kill or the lifetime limit).
    AbortedWithoutPrepare,
    /// Aborted after prepare.
    AbortedWithPrepare,
    /// A retryable write ran at this txnNumber.
    ExecutedRetryableWrite,
}

impl TxnState {
    /// The server's string form (`TxnState::…`).
    pub fn server_name(self) -> &'static str {
        match self {
            TxnState::None => "TxnState::None",
            TxnState::InProgress => "TxnState::InProgress",
            TxnState::Prepared => "TxnState::Prepared",
            TxnState::Committed => "TxnState::Committed",
            TxnState::AbortedWithoutPrepare => "TxnState::AbortedWithoutPrepare",
            TxnState::AbortedWithPrepare => "TxnState::AbortedAfterPrepare",
            TxnState::ExecutedRetryableWrite => "TxnState::ExecutedRetryableWrite",
        }
    }

    /// `InProgress` or `Prepared`.
    pub fn is_open(self) -> bool {
        matches!(self, TxnState::InProgress | TxnState::Prepared)
    }
}

/// Why a transaction was aborted, for the board and events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum AbortCause {
    /// `abortTransaction`.
    User,
    /// A kill command (its name).
    Killed(&'static str),
    /// `transactionLifetimeLimitSeconds` passed.
    Expired,
    /// One of its writes conflicted (`WriteConflict`).
    WriteConflict,
    /// One of its commands failed (a duplicate key, a bad filter…).
    CommandFailed,
    /// A command on its session brought a newer txnNumber.
    Superseded,
}

/// What a transaction wrote in one namespace. Both sides are shared (`Rc`) with the
/// collection and the timeline's snapshots until written.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TxnWrites {
    /// The collection as the transaction first wrote to it.
    pub base: Rc<Vec<Document>>,
    /// The transaction's copy, with its writes.
    pub docs: Rc<Vec<Document>>,
    /// The `_id` keys of every document its writes changed, even where a later write put it
    /// back: the storage engine holds all of them until the transaction ends. (A map, of the
    /// type the `_id` index already uses: each map type costs kilobytes of WebAssembly.)
    pub touched: crate::collections::Map<Vec<u8>, usize>,
}

/// A session's transaction record.
#[derive(Debug, Clone, PartialEq)]
pub struct TxnRecord {
    /// `activeTxnNumber`.
    pub txn_number: i64,
    /// Current state.
    pub state: TxnState,
    /// When the transaction started (logical ms).
    pub started_at: i64,
    /// When the lifetime limit aborts it if it is still open (`transactionExpireDate`: its
    /// start plus `transactionLifetimeLimitSeconds` as it was then).
    pub expires_at: i64,
    /// Each namespace the transaction wrote: as it was when the transaction first wrote it
    /// (so a commit applies only the transaction's own changes) and the transaction's copy.
    pub writes: Map<Namespace, TxnWrites>,
    /// Why it was aborted, if it was.
    pub abort_cause: Option<AbortCause>,
    /// The prepare timestamp, when prepared.
    pub prepare_timestamp: Option<bson::Timestamp>,
    /// The session's registry position.
    pub slot: Option<u32>,
    /// When it was prepared (logical ms).
    pub prepared_at: Option<i64>,
    /// The connection of its last command (`currentOp` reports it for an idle transaction).
    pub last_conn: Option<super::ids::ConnId>,
    /// The read concern level its first command gave (`None`: local, the default).
    pub read_concern: Option<String>,
    /// The committed data as it was at the transaction's first read or write: what it reads
    /// where it has not written (shared with the collections, so it costs a map of pointers).
    pub snapshot: Option<Collections>,
    /// A retryable write's statements that wrote at this txnNumber, by statement id, with what
    /// each did (`checkStatementExecuted`): a retry answers them without writing again.
    pub executed: Vec<(i32, Executed)>,
}

/// What a retryable write's statement did, as its oplog entry tells a retry.
#[derive(Debug, Clone, PartialEq)]
pub enum Executed {
    /// An insert, or a delete that removed a document: a retry counts `n: 1`.
    Wrote,
    /// An update that changed a document: `n: 1, nModified: 1`.
    Updated,
    /// An upsert that inserted the document with this `_id`.
    Upserted(bson::Bson),
    /// A `findAndModify`: its `lastErrorObject` and `value`.
    Modified(Document),
}

impl TxnRecord {
    /// A freshly started transaction, which may stay open for `lifetime_ms`.
    pub fn start(txn_number: i64, now: i64, lifetime_ms: i64, slot: Option<u32>) -> Self {
        Self {
            slot,
            txn_number,
            state: TxnState::InProgress,
            started_at: now,
            expires_at: now.saturating_add(lifetime_ms),
            writes: Map::default(),
            abort_cause: None,
            prepare_timestamp: None,
            prepared_at: None,
            last_conn: None,
            read_concern: None,
            snapshot: None,
            executed: Vec::new(),
        }
    }

    /// Aborts an open transaction, discarding its writes, and counts it.
    pub fn abort(&mut self, cause: AbortCause, metrics: &mut TxnMetrics) {
        metrics.aborted += 1;
        if self.state == TxnState::Prepared {
            metrics.prepared_then_aborted += 1;
        }
        self.state = if self.state == TxnState::Prepared {
            TxnState::AbortedWithPrepare
        } else {
            TxnState::AbortedWithoutPrepare
        };
        self.writes.clear();
        self.snapshot = None;
        self.abort_cause = Some(cause);
    }
}

/// The server's running totals of transactions and retryable writes, as `serverStatus`'s
/// `transactions` section reports them (`ServerTransactionsMetrics`, `RetryableWritesStats`);
/// how many are open, prepared or running now is read from the sessions' transactions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TxnMetrics {
    /// Retryable write commands that found a statement already executed.
    pub retried_commands: i64,
    /// Statements of those answered from their earlier run.
    pub retried_statements: i64,
    /// Writes of `config.transactions` records.
    pub transactions_collection_writes: i64,
    /// Transactions started.
    pub started: i64,
    /// Transactions committed.
    pub committed: i64,
    /// Transactions aborted, by any cause.
    pub aborted: i64,
    /// Transactions prepared.
    pub prepared: i64,
    /// Prepared transactions then committed.
    pub prepared_then_committed: i64,
    /// Prepared transactions then aborted.
    pub prepared_then_aborted: i64,
}

/// The open transaction a write outside any transaction waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WaitFor {
    /// Its session.
    pub lsid: Lsid,
    /// Its number.
    pub txn_number: i64,
}
