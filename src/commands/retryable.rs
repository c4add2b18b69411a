//! Retryable writes (`write_ops_exec.cpp`, `TransactionParticipant::checkStatementExecuted`):
//! an `insert`, `update`, `delete` or `findAndModify` sent with an `lsid` and a `txnNumber`,
//! outside a transaction, records each statement that wrote under its statement id
//! (`stmtIds[i]`, else `stmtId + i`, else `i`). A retry at the same txnNumber skips those
//! statements and answers what they did, listing them in `retriedStmtIds`
//! (`retriedStmtId` for `findAndModify`), so the write takes effect once. A statement that
//! wrote nothing (an error, an update or delete that matched nothing) runs again.

use super::Invocation;
use crate::engine::error::{ErrorCode, ServerError};
use crate::engine::ids::Lsid;
use crate::engine::transactions::{Executed, TxnState};
use crate::engine::txn_table::Durable;
use crate::engine::Deployment;
use bson::Bson;

/// The statements of one write command, seen as a retryable write.
pub(super) struct Statements {
    /// The session and txnNumber, when the write is retryable.
    retryable: Option<(Lsid, i64)>,
    /// `stmtIds`, when sent.
    ids: Option<Vec<i32>>,
    /// `stmtId`, else 0: the first statement's id.
    first: i32,
    /// The ids of statements answered from an earlier run.
    pub retried: Vec<i32>,
    /// What this run's statements did.
    ran: Vec<(i32, Executed)>,
}

impl Statements {
    /// The statements of `inv`'s write: retryable when it has an lsid and a `txnNumber` and
    /// runs in no transaction.
    pub fn new(inv: &Invocation<'_>) -> Self {
        let int = |value: &Bson| match value {
            Bson::Int32(n) => Some(*n),
            Bson::Int64(n) => i32::try_from(*n).ok(),
            _ => None,
        };
        let txn_number = match inv.command.get("txnNumber") {
            Some(Bson::Int64(n)) => Some(*n),
            Some(Bson::Int32(n)) => Some(i64::from(*n)),
            _ => None,
        };
        let retryable = match (inv.lsid, txn_number, inv.txn_number) {
            (Some(lsid), Some(n), None) => Some((lsid, n)),
            _ => None,
        };
        Self {
            retryable,
            ids: match inv.command.get("stmtIds") {
                Some(Bson::Array(ids)) => ids.iter().map(int).collect(),
                _ => None,
            },
            first: inv.command.get("stmtId").and_then(int).unwrap_or(0),
            retried: Vec::new(),
            ran: Vec::new(),
        }
    }

    /// Statement `index`'s id (`getStmtIdForWriteAt`).
    fn id(&self, index: usize) -> i32 {
        self.ids
            .as_ref()
            .and_then(|ids| ids.get(index).copied())
            .unwrap_or_else(|| {
                self.first
                    .saturating_add(i32::try_from(index).unwrap_or(i32::MAX))
            })
    }

    /// What statement `index` did in an earlier run at this txnNumber, if it wrote (and then it
    /// counts as retried).
    pub fn earlier(&mut self, dep: &Deployment, index: usize) -> Option<Executed> {
        let (lsid, n) = self.retryable?;
        let id = self.id(index);
        let record = dep.catalog.get(&lsid).filter(|t| t.txn_number == n)?;
        let (_, done) = record.executed.iter().find(|(stmt, _)| *stmt == id)?;
        self.retried.push(id);
        Some(done.clone())
    }

    /// Notes what statement `index` did, for a retry.
    pub fn ran(&mut self, index: usize, what: Executed) {
        if self.retryable.is_some() {
            self.ran.push((self.id(index), what));
        }
    }

    /// The refusal of a statement that writes many documents (`multi: true`, `limit: 0`) in a
    /// retryable write, which could not be retried.
    pub fn refuse_many(&self, what: &str) -> Option<ServerError> {
        self.retryable.map(|_| {
            ServerError::new(
                ErrorCode::InvalidOptions,
                format!("Cannot use (or request) retryable writes with {what}"),
            )
        })
    }

    /// Keeps what this run's statements did in the session's record, once the write took
    /// effect.
    pub fn record(self, dep: &mut Deployment) {
        let Some((lsid, n)) = self.retryable else {
            return;
        };
        dep.count_retried(self.retried.len());
        let Some(record) = dep.catalog.get_mut(&lsid) else {
            return;
        };
        if record.txn_number == n
            && record.state == TxnState::ExecutedRetryableWrite
            && !self.ran.is_empty()
        {
            record.executed.extend(self.ran);
            dep.write_txn_record(lsid, n, Durable::RetryableWrite, None);
        }
    }
}
