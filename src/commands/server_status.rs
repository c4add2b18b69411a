//! `serverStatus` (`server_status.cpp`'s `CmdServerStatus`), with the one section that reports
//! the session machinery: `logicalSessionRecordCache` (`LogicalSessionCacheStats`,
//! `logical_session_cache_stats.idl`, plus `sessionCatalogSize`). The header's fields are the
//! server's; its other sections (`opcounters`, `connections`, `transactions`, `metrics`, …) are
//! left out: Session Lab keeps no counters for them.
//!
//! The section's options are the server's: `{ logicalSessionRecordCache: 0 }` leaves it out,
//! `{ none: 1 }` leaves out every section not named, `{ all: 1 }` includes every one, and both
//! together are refused.

use super::{CommandSpec, Invocation, Reply};
use crate::engine::auth::{Action, Resource};
use crate::engine::error::{ErrorCode, ServerError, ServerResult};
use crate::engine::operations::ConnId;
use crate::engine::storage::truthy;
use crate::engine::Deployment;
use bson::{doc, Bson, DateTime, Document};

/// The section's name, and its option.
const SECTION: &str = "logicalSessionRecordCache";

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
    if option(inv.command, SECTION).unwrap_or(!none) || all {
        reply.insert(SECTION, logical_session_record_cache(dep));
    }
    reply.insert("ok", 1.0);
    Ok(Reply::Done(reply))
}

/// An IDL `int`.
fn int(count: impl TryInto<i32>) -> Bson {
    Bson::Int32(count.try_into().unwrap_or(i32::MAX))
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
