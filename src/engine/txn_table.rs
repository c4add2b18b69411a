//! `config.transactions`, the session transaction table. The server writes a session's record
//! there with each retryable write that wrote and with each transaction it commits (with
//! writes), prepares, or aborts after preparing (`SessionTxnRecord`, `session_txn_record.idl`),
//! so that a retry finds what already ran: `{ _id: <lsid>, txnNum, lastWriteOpTime: { ts, t },
//! lastWriteDate }`, with `state` for a transaction. Session Lab keeps the records in an
//! ordinary collection the engine upserts into, so `find`, `$match` and `deleteMany` see and
//! change it as on the server.
//!
//! Choices: the table appears with its first record (the server creates it empty when it
//! becomes primary); `lastWriteOpTime.t` is term 1, of a one-member replica set that never
//! held an election; `startOpTime` and `txnRetryCounter` are left out; the transaction reaper,
//! which removes records older than 30 minutes whose session has expired, is not simulated.

use super::ids::Lsid;
use super::storage::{id_index, id_key, Namespace};
use super::Deployment;
use bson::{doc, Document, Timestamp};
use std::rc::Rc;

/// What a transaction record says of its transaction (`DurableTxnState`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durable {
    /// A retryable write: no `state` field.
    RetryableWrite,
    /// `state: "prepared"`.
    Prepared,
    /// `state: "committed"`.
    Committed,
    /// `state: "aborted"`, after a prepare.
    Aborted,
}

impl Durable {
    fn state(self) -> Option<&'static str> {
        match self {
            Self::RetryableWrite => None,
            Self::Prepared => Some("prepared"),
            Self::Committed => Some("committed"),
            Self::Aborted => Some("aborted"),
        }
    }
}

impl Deployment {
    /// Writes `lsid`'s record for transaction `txn_number`, at the oplog time `ts` (the next
    /// one when `None`).
    pub(crate) fn write_txn_record(
        &mut self,
        lsid: Lsid,
        txn_number: i64,
        what: Durable,
        ts: Option<Timestamp>,
    ) {
        let ts = ts.unwrap_or_else(|| self.next_timestamp());
        self.txn_metrics.transactions_collection_writes += 1;
        let mut record = Document::new();
        record.insert("_id", lsid.to_document());
        if lsid.child.is_some() {
            record.insert("parentSessionId", lsid.parent().to_document());
        }
        record.insert("txnNum", txn_number);
        record.insert("lastWriteOpTime", doc! { "ts": ts, "t": 1_i64 });
        record.insert("lastWriteDate", bson::DateTime::from_millis(self.clock));
        if let Some(state) = what.state() {
            record.insert("state", state);
        }
        let table = Rc::make_mut(
            self.data
                .entry(Namespace::new("config", "transactions"))
                .or_default(),
        );
        // The table's `_id` index, so that a write is not a search of every record; rebuilt
        // when the table no longer matches it (someone changed the collection). Choice: a
        // record a user inserted for a session the index does not know of, in place of one they
        // deleted, is not looked for.
        let index = Rc::make_mut(&mut self.txn_table_index);
        let key = id_key(&record);
        let slot = index.get(&key).copied();
        let valid = index.len() == table.len()
            && slot.is_none_or(|i| table.get(i).is_some_and(|d| id_key(d) == key));
        if !valid {
            *index = id_index(table);
        }
        if let Some(existing) = index.get(&key).and_then(|&i| table.get_mut(i)) {
            *existing = record;
        } else {
            index.insert(key, table.len());
            table.push(record);
        }
    }
}
