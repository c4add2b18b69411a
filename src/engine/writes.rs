//! How reads and writes meet transactions, as the storage engine's snapshot isolation has them
//! (`jstests/core/txns/write_conflicts_with_non_txns.js`, `jstests/core/txns/libs/write_conflicts.js`):
//!
//! - A transaction reads one snapshot of the committed data, taken at its first read or write,
//!   plus its own writes.
//! - A transaction that writes a document someone committed a change to after its snapshot, or
//!   that another open transaction has written, gets `WriteConflict` (112) with the
//!   `TransientTransactionError` label, and is aborted: the first writer wins.
//! - A write outside a transaction to a document that an open transaction has written waits
//!   (the server retries it) until that transaction ends, then runs on what is committed by
//!   then; with `maxTimeMS` it gives up with `MaxTimeMSExpired` (50).
//! - A commit applies the transaction's own changes on top of what others committed meanwhile.

use super::error::{ErrorCode, ServerError, TRANSIENT_TRANSACTION_ERROR};
use super::ids::{self, Lsid};
use super::storage::{id_index, Collections, Namespace};
pub use super::transactions::WaitFor;
use super::transactions::{AbortCause, TxnState, TxnWrites};
use super::{Deployment, EventKind};
use bson::Document;
use std::rc::Rc;

/// The `errmsg` of a write conflict in a transaction (`plan_executor_impl.cpp`, through
/// `throwWriteConflictException` in `exception_util.h`).
pub const WRITE_CONFLICT_MESSAGE: &str = "Caused by :: Write conflict during plan execution and yielding is disabled. :: Please retry your operation or multi-document transaction.";

/// Why a write could not be applied.
#[derive(Debug, Clone, PartialEq)]
pub enum WriteRefused {
    /// The command's error: in a transaction, a conflict (and the transaction was aborted);
    /// or a document `config.system.sessions` cannot hold.
    Error(ServerError),
    /// Outside a transaction: it must wait for this transaction to end.
    Wait(WaitFor),
}

/// The `_id` keys whose documents differ between `before` and `after`: inserted, changed or
/// removed.
pub fn changed_keys(before: &[Document], after: &[Document]) -> Vec<Vec<u8>> {
    let old = id_index(before);
    let seen = id_index(after);
    let mut changed: Vec<Vec<u8>> = seen
        .iter()
        .filter(|(key, &i)| old.get(*key).is_none_or(|&j| before[j] != after[i]))
        .map(|(key, _)| key.clone())
        .collect();
    changed.extend(old.into_keys().filter(|key| !seen.contains_key(key)));
    changed
}

/// Whether `ns` is `config.system.sessions`, which the session store holds (see
/// [`super::sessions::SessionStore::set_collection`]).
fn is_sessions_collection(ns: &Namespace) -> bool {
    (ns.db.as_str(), ns.coll.as_str()) == super::sessions::COLLECTION_NAMESPACE
}

/// What a transaction's snapshot holds: the committed collections but `config`'s, which no
/// transaction may read or write (`config.transactions` changes with every retryable write and
/// commit, and a snapshot holding it would make each of those copy it).
fn transaction_snapshot(committed: &Collections) -> Collections {
    committed
        .iter()
        .filter(|(ns, _)| ns.db != "config")
        .map(|(ns, docs)| (ns.clone(), Rc::clone(docs)))
        .collect()
}

impl Deployment {
    /// The documents of `ns` as a command sees them: in a transaction (`txn`, its session), its
    /// own copy where it wrote, else its snapshot (taken now if this is its first read or
    /// write); outside one, what is committed.
    pub(crate) fn visible(&mut self, txn: Option<Lsid>, ns: &Namespace) -> Rc<Vec<Document>> {
        if is_sessions_collection(ns) {
            let docs = Rc::new(self.sessions.collection_documents());
            self.charge(docs.len());
            return docs;
        }
        let committed = &self.data;
        let record = txn.and_then(|lsid| self.catalog.get_mut(&lsid));
        let docs = match record {
            Some(record) => {
                if let Some(written) = record.writes.get(ns) {
                    Rc::clone(&written.docs)
                } else {
                    let snapshot = record
                        .snapshot
                        .get_or_insert_with(|| transaction_snapshot(committed));
                    snapshot.get(ns).cloned().unwrap_or_default()
                }
            }
            None => committed.get(ns).cloned().unwrap_or_default(),
        };
        self.charge(docs.len());
        docs
    }

    /// Whether `ns` exists as a command sees it: in a transaction (`txn`), one it wrote or created
    /// or one in its snapshot (taken now if this is its first read or write).
    pub(crate) fn collection_exists(&mut self, txn: Option<Lsid>, ns: &Namespace) -> bool {
        let committed = &self.data;
        match txn.and_then(|lsid| self.catalog.get_mut(&lsid)) {
            Some(record) => {
                record.writes.contains_key(ns)
                    || record
                        .snapshot
                        .get_or_insert_with(|| transaction_snapshot(committed))
                        .contains_key(ns)
            }
            None => committed.contains_key(ns),
        }
    }

    /// Applies a write command's result for `ns`: `after` is what it made of `before` (what
    /// [`Deployment::visible`] gave it). In a transaction it becomes the transaction's copy,
    /// unless it conflicts; outside one it is committed, unless an open transaction has
    /// written one of the documents it changes.
    pub(crate) fn apply_write(
        &mut self,
        txn: Option<Lsid>,
        ns: &Namespace,
        before: &Rc<Vec<Document>>,
        after: Vec<Document>,
    ) -> Result<(), WriteRefused> {
        if is_sessions_collection(ns) {
            return self.sessions.set_collection(&after).map_err(|message| {
                WriteRefused::Error(ServerError::new(ErrorCode::BadValue, message))
            });
        }
        let changed = changed_keys(before, &after);
        let Some(lsid) = txn else {
            if let Some(wait) = self.open_writer(None, ns, &changed) {
                return Err(WriteRefused::Wait(wait));
            }
            self.data.insert(ns.clone(), Rc::new(after));
            return Ok(());
        };
        if let Some(conflict) = self.transaction_conflict(lsid, ns, &changed) {
            return Err(WriteRefused::Error(conflict));
        }
        if let Some(record) = self.catalog.get_mut(&lsid) {
            let base = record
                .snapshot
                .as_ref()
                .and_then(|snapshot| snapshot.get(ns).cloned())
                .unwrap_or_default();
            let writes = record
                .writes
                .entry(ns.clone())
                .or_insert_with(|| TxnWrites {
                    docs: Rc::clone(&base),
                    base,
                    touched: crate::collections::Map::default(),
                });
            writes.docs = Rc::new(after);
            writes
                .touched
                .extend(changed.into_iter().map(|key| (key, 0)));
        }
        Ok(())
    }

    /// An open transaction other than `except` that has written one of `keys` in `ns`.
    fn open_writer(
        &self,
        except: Option<Lsid>,
        ns: &Namespace,
        keys: &[Vec<u8>],
    ) -> Option<WaitFor> {
        if keys.is_empty() {
            return None;
        }
        self.catalog
            .iter()
            .filter(|(lsid, record)| Some(**lsid) != except && record.state.is_open())
            .find_map(|(lsid, record)| {
                let written = record.writes.get(ns)?;
                keys.iter()
                    .any(|key| written.touched.contains_key(key))
                    .then_some(WaitFor {
                        lsid: *lsid,
                        txn_number: record.txn_number,
                    })
            })
    }

    /// Whether transaction `lsid` may write `keys` in `ns`: not when a change to one of them
    /// was committed after its snapshot, nor when another open transaction wrote one. A
    /// conflict aborts the transaction.
    fn transaction_conflict(
        &mut self,
        lsid: Lsid,
        ns: &Namespace,
        keys: &[Vec<u8>],
    ) -> Option<ServerError> {
        let snapshot: Collections = self
            .catalog
            .get(&lsid)?
            .snapshot
            .clone()
            .unwrap_or_default();
        let then = snapshot.get(ns).cloned().unwrap_or_default();
        let now = self.data.get(ns).cloned().unwrap_or_default();
        let committed_since = !Rc::ptr_eq(&then, &now) && {
            let (then_index, now_index) = (id_index(&then), id_index(&now));
            keys.iter().any(|key| {
                then_index.get(key).map(|&i| &then[i]) != now_index.get(key).map(|&i| &now[i])
            })
        };
        let writer = self.open_writer(Some(lsid), ns, keys);
        if !committed_since && writer.is_none() {
            return None;
        }
        let record = self.catalog.get_mut(&lsid)?;
        record.abort(AbortCause::WriteConflict, &mut self.txn_metrics);
        let n = record.txn_number;
        let why = match writer {
            Some(other) => format!(
                "transaction {} of session {} wrote the same document first",
                other.txn_number,
                ids::short(&other.lsid)
            ),
            None => "a change to the same document was committed after its snapshot".to_owned(),
        };
        self.emit(
            EventKind::TransactionAborted,
            format!(
                "transaction {n} of session {} aborted by a write conflict: {why}",
                ids::short(&lsid)
            ),
        );
        Some(
            ServerError::new(ErrorCode::WriteConflict, WRITE_CONFLICT_MESSAGE)
                .with_label(TRANSIENT_TRANSACTION_ERROR),
        )
    }

    /// When an operation waiting for `wait` should look again if nothing wakes it sooner: just
    /// after the transaction's lifetime limit aborts it, or never when it is prepared.
    pub(crate) fn wait_end(&self, wait: WaitFor) -> i64 {
        match self.catalog.get(&wait.lsid) {
            Some(record)
                if record.txn_number == wait.txn_number && record.state == TxnState::InProgress =>
            {
                record.expires_at.saturating_add(1)
            }
            Some(record)
                if record.txn_number == wait.txn_number && record.state == TxnState::Prepared =>
            {
                i64::MAX
            }
            _ => self.clock,
        }
    }

    /// An open transaction that has written in `db` (in `coll` only, when given): a drop waits
    /// for it, as it waits for the transaction's lock on the server.
    pub(crate) fn open_writer_in(&self, db: &str, coll: Option<&str>) -> Option<WaitFor> {
        self.catalog
            .iter()
            .filter(|(_, record)| record.state.is_open())
            .find(|(_, record)| {
                record
                    .writes
                    .keys()
                    .any(|ns| ns.db == db && coll.is_none_or(|c| ns.coll == c))
            })
            .map(|(lsid, record)| WaitFor {
                lsid: *lsid,
                txn_number: record.txn_number,
            })
    }

    /// Whether the transaction `wait` names is still open.
    pub(crate) fn still_open(&self, wait: WaitFor) -> bool {
        self.catalog
            .get(&wait.lsid)
            .is_some_and(|record| record.txn_number == wait.txn_number && record.state.is_open())
    }
}
