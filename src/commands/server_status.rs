//! `serverStatus` (`server_status.cpp`'s `CmdServerStatus`), with the two sections that report
//! sessions and transactions: `logicalSessionRecordCache` (`LogicalSessionCacheStats`,
//! `logical_session_cache_stats.idl`, plus `sessionCatalogSize`) and `transactions`
//! (`TransactionsStats`, `transactions_stats.idl`). The header's fields are the server's; its
//! other sections (`opcounters`, `connections`, `metrics`, …) are left out: Session Lab keeps
//! no counters for them.
//!
//! The sections' options are the server's: `{ transactions: 0 }` leaves a section out,
//! `{ none: 1 }` leaves out every section not named, `{ all: 1 }` includes every one, and both
//! together are refused.

use super::idl::int;
use super::{CommandSpec, Invocation, Reply};
use crate::engine::auth::{Action, Resource};
use crate::engine::error::{ErrorCode, ServerError, ServerResult};
use crate::engine::ids::Lsid;
use crate::engine::operations::ConnId;
use crate::engine::storage::truthy;
use crate::engine::transactions::{TxnRecord, TxnState};
use crate::engine::Deployment;
use bson::{doc, DateTime, Document};

/// What writes one section of the reply.
type Section = fn(&Deployment) -> Document;

/// The sections, in the server's order (its registry is sorted by name), each included by
/// default.
const SECTIONS: [(&str, Section); 2] = [
    ("logicalSessionRecordCache", logical_session_record_cache),
    ("transactions", transactions),
];

fn may_see_status(dep: &Deployment, conn: ConnId, _: &str, _: &Document) -> ServerResult<()> {
    super::require(dep.is_authorized(conn, &Resource::Cluster, Action::ServerStatus))
}

/// An option's value: `trueValue()` of the field when present.
fn option(command: &Document, name: &str) -> Option<bool> {
    command.get(name).map(truthy)
}

fn server_status(dep: &mut Deployment, inv: &Invocation<'_>) -> ServerResult<Reply> {
    let all = option(inv.command, "all").unwrap_or(false);
    let none = option(inv.command, "none").unwrap_or(false);
    if all && none {
        return Err(ServerError::new(
            ErrorCode::InvalidOptions,
            "Cannot provide both 'all' and 'none' options",
        ));
    }
    let now = dep.now();
    let uptime_ms = now - dep.options.start_ms;
    #[allow(clippy::cast_precision_loss, reason = "whole seconds since the start")]
    let uptime_seconds = (uptime_ms / 1000) as f64;
    let mut reply = doc! {
        "host": "localhost:27017",
        "version": "8.0.0",
        "process": "mongod",
        "pid": 1_i64,
        "uptime": uptime_seconds,
        "uptimeMillis": uptime_ms,
        "uptimeEstimate": uptime_ms / 1000,
        "localTime": DateTime::from_millis(now),
    };
    for (name, section) in SECTIONS {
        if option(inv.command, name).unwrap_or(!none) || all {
            reply.insert(name, section(dep));
        }
    }
    reply.insert("ok", 1.0);
    Ok(Reply::Done(reply))
}

/// The section: `LogicalSessionCacheImpl::getStats` and the session catalog's size. The
/// transaction reaper, which removes `config.transactions` records of long-gone sessions, is not
/// simulated: its fields stay as the server sets them at start-up.
fn logical_session_record_cache(dep: &Deployment) -> Document {
    let (jobs, last) = dep.refresh_jobs();
    let at = DateTime::from_millis(last.at);
    let start = DateTime::from_millis(dep.options.start_ms);
    let catalog_size = dep
        .catalog
        .keys()
        .map(|lsid| lsid.parent())
        .collect::<crate::collections::Set<_>>()
        .len();
    doc! {
        "activeSessionsCount": int(dep.sessions.cache.len()),
        "sessionsCollectionJobCount": int(jobs),
        "lastSessionsCollectionJobDurationMillis": 0,
        "lastSessionsCollectionJobDurationMillisUpdatedTimestamp": at,
        "lastSessionsCollectionJobTimestamp": at,
        "lastSessionsCollectionJobEntriesFailedToRefresh": 0,
        "lastSessionsCollectionJobEntriesRefreshed": int(last.refreshed),
        "lastSessionsCollectionJobEntriesRefreshedUpdatedTimestamp": at,
        "lastSessionsCollectionJobEntriesEnded": int(last.ended),
        "lastSessionsCollectionJobEntriesEndedUpdatedTimestamp": at,
        "lastSessionsCollectionJobCursorsClosed": int(last.cursors_closed),
        "lastSessionsCollectionJobCursorsClosedUpdatedTimestamp": at,
        "transactionReaperJobCount": 0,
        "lastTransactionReaperJobDurationMillis": 0,
        "lastTransactionReaperJobDurationUpdatedTimestamp": start,
        "lastTransactionReaperJobTimestamp": start,
        "lastTransactionReaperJobEntriesCleanedUp": 0,
        "lastTransactionReaperJobEntriesCleanedUpUpdatedTimestamp": start,
        "sessionCatalogSize": int(catalog_size),
    }
}

/// The section on transactions and retryable writes (`RetryableWritesStats::updateStats`,
/// `ServerTransactionsMetrics::updateStats`): the running totals, and the transactions open,
/// running a command (active), between commands (inactive) and prepared now. Choice:
/// `lastCommittedTransaction` (the last commit's operation count, oplog bytes and write concern)
/// is left out; Session Lab writes no oplog to measure.
fn transactions(dep: &Deployment) -> Document {
    let open: Vec<(&Lsid, &TxnRecord)> = dep
        .catalog
        .iter()
        .filter(|(_, txn)| txn.state.is_open())
        .collect();
    let active = open
        .iter()
        .filter(|(lsid, txn)| {
            dep.ops
                .values()
                .any(|op| op.lsid == Some(**lsid) && op.txn_number == Some(txn.txn_number))
        })
        .count();
    let prepared = open
        .iter()
        .filter(|(_, txn)| txn.state == TxnState::Prepared)
        .count();
    let long = |count: usize| i64::try_from(count).unwrap_or(i64::MAX);
    let totals = dep.txn_metrics;
    doc! {
        "retriedCommandsCount": totals.retried_commands,
        "retriedStatementsCount": totals.retried_statements,
        "transactionsCollectionWriteCount": totals.transactions_collection_writes,
        "currentActive": long(active),
        "currentInactive": long(open.len() - active),
        "currentOpen": long(open.len()),
        "totalAborted": totals.aborted,
        "totalCommitted": totals.committed,
        "totalStarted": totals.started,
        "totalPrepared": totals.prepared,
        "totalPreparedThenCommitted": totals.prepared_then_committed,
        "totalPreparedThenAborted": totals.prepared_then_aborted,
        "currentPrepared": long(prepared),
    }
}

/// `serverStatus`: few pages run it, so it is fetched on first use ([`super::on_demand`]).
pub(crate) const COMMANDS: &[CommandSpec] = &[CommandSpec {
    name: "serverStatus",
    requires_auth: true,
    attaches_session: true,
    allowed_in_transaction: false,
    rejects_write_concern: true,
    authorize: may_see_status,
    run: server_status,
}];
