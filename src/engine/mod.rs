//! The simulated deployment: one replica-set primary with users and roles, connections, the
//! logical session cache, the session catalog with transactions, running operations, cursors,
//! a logical clock and the kill machinery.
//!
//! [`Deployment`] is the facade: [`Deployment::run_command`] takes a command document and the
//! connection it arrives on and returns the server's reply plus events (and, for kill
//! commands, a verdict report). Time only moves through [`Deployment::advance`], and every id
//! comes from a seeded [`IdSource`], so the same inputs always give the same outputs.

pub mod auth;
pub mod bson_text;
pub mod error;
pub mod expression;
pub mod filter;
pub mod ids;
pub mod kill;
pub mod operations;
pub mod order;
pub mod parameters;
pub mod pipeline;
pub mod projection;
pub mod sessions;
pub mod storage;
pub mod transactions;
pub mod txn_table;
pub mod update;
pub mod values;
mod view;
pub mod writes;

pub use view::{
    BoardView, ConnectionView, CursorView, OperationView, SessionState, SessionView, UserView,
};

use crate::collections::{Map, Set};
use auth::{Action, Resource, UserDirectory, UserName};
use bson::Document;
use ids::{IdSource, Lsid, SessionUuid, Uid};
use kill::KillReport;
use operations::{ConnId, Cursor, FinishedOp, OpId, Operation};
use serde::Serialize;
use sessions::SessionStore;
use std::ops::Not as _;
use storage::Collections;
use transactions::{AbortCause, TxnRecord, TxnState};

/// `logicalSessionRefreshMillis` default.
pub const REFRESH_INTERVAL_MS: i64 = 300_000;
/// `localLogicalSessionTimeoutMinutes` default, in ms.
pub const SESSION_TIMEOUT_MS: i64 = 30 * 60 * 1000;
/// `maxSessions` default.
pub const DEFAULT_MAX_SESSIONS: usize = 1_000_000;
/// Units of [`Deployment::work`] one command costs besides the documents it touches.
pub const COMMAND_WORK: usize = 10;
/// Units of [`Deployment::work`] one event costs (its message is written out).
pub const EVENT_WORK: usize = 2;
/// Units of [`Deployment::work`] each document a write adds or replaces costs (copied, given
/// an `_id`, indexed), besides the documents the write reads.
pub const WRITTEN_DOCUMENT_WORK: usize = 4;
/// Entries a scan of a table visits for one unit of [`Deployment::work`].
pub const SCAN_PER_UNIT: usize = 256;
/// 2026-01-01T00:00:00Z: the default start of the logical clock.
pub const DEFAULT_START_MS: i64 = 1_767_225_600_000;

/// The first tick of a schedule (`start + k * period`) strictly after `now`, or `start` itself
/// when it is still in the future.
fn next_tick(now: i64, start: i64, period: i64) -> i64 {
    if start > now {
        return start;
    }
    let periods = (now - start) / period + 1;
    start.saturating_add(periods.saturating_mul(period))
}

/// How a deployment starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeploymentOptions {
    /// Seed for every generated id.
    pub seed: u64,
    /// Logical time at start, ms since the epoch.
    pub start_ms: i64,
    /// Start with access control on (`--auth`).
    pub auth_enabled: bool,
    /// `maxSessions`.
    pub max_sessions: usize,
}

impl Default for DeploymentOptions {
    fn default() -> Self {
        Self {
            seed: 1,
            start_ms: DEFAULT_START_MS,
            auth_enabled: false,
            max_sessions: DEFAULT_MAX_SESSIONS,
        }
    }
}

/// What kind of thing happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// A connection opened or closed.
    Connection,
    /// A user authenticated or logged out.
    Auth,
    /// A transaction started, was prepared or committed.
    Transaction,
    /// A transaction was aborted.
    TransactionAborted,
    /// An operation started.
    OperationStarted,
    /// An operation finished normally.
    OperationFinished,
    /// An operation was interrupted.
    OperationInterrupted,
    /// A cursor was closed by a kill, an end or expiry.
    CursorClosed,
    /// The session cache was refreshed.
    Refresh,
    /// A session was ended or expired.
    SessionGone,
    /// Access control was switched or the clock moved.
    Deployment,
}

/// Something that happened, with the logical time it happened at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Event {
    /// Logical time, ms since the epoch.
    pub at: i64,
    /// Category.
    pub kind: EventKind,
    /// One sentence.
    pub message: String,
}

/// One connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Connection {
    /// `connN`.
    pub id: ConnId,
    /// The user it authenticated as.
    pub user: Option<UserName>,
}

/// The reply to one command.
#[derive(Debug, Clone, PartialEq)]
pub struct CommandOutcome {
    /// The reply document. For a pending operation: the reply it will give is not known yet,
    /// and this is `{}`.
    pub reply: Document,
    /// What happened, in order.
    pub events: Vec<Event>,
    /// Verdicts, for kill commands that succeeded.
    pub report: Option<KillReport>,
    /// The operation that keeps running, when the command takes logical time.
    pub pending: Option<OpId>,
}

/// A simulated `MongoDB` replica-set primary.
#[derive(Debug, Clone)]
pub struct Deployment {
    pub(crate) options: DeploymentOptions,
    pub(crate) auth_enabled: bool,
    pub(crate) clock: i64,
    pub(crate) ids: IdSource,
    pub(crate) users: UserDirectory,
    pub(crate) connections: Map<ConnId, Connection>,
    next_conn: ConnId,
    pub(crate) sessions: SessionStore,
    pub(crate) catalog: Map<Lsid, TxnRecord>,
    pub(crate) ops: Map<OpId, Operation>,
    pub(crate) next_op: OpId,
    pub(crate) finished: Map<OpId, FinishedOp>,
    pub(crate) cursors: Map<i64, Cursor>,
    pub(crate) data: Collections,
    /// The `_id` index of `config.transactions` (see [`txn_table`]), shared between snapshots.
    txn_table_index: std::rc::Rc<crate::collections::Map<Vec<u8>, usize>>,
    /// The server parameters `setParameter` changes.
    pub(crate) parameters: parameters::RuntimeParameters,
    next_refresh: i64,
    /// When the TTL monitor's sleep ends: its last pass (or the start) plus its period.
    next_ttl_pass: i64,
    /// What the cache's refresh jobs did, for `serverStatus`.
    pub(crate) refresh_log: sessions::RefreshLog,
    /// The running totals of transactions and retryable writes, for `serverStatus`.
    pub(crate) txn_metrics: transactions::TxnMetrics,
    /// The last oplog timestamp handed out.
    pub(crate) last_timestamp: bson::Timestamp,
    events: Vec<Event>,
    /// Work done since the deployment started (commands, documents touched, timer steps,
    /// events): the shell's per-input budget reads it. A `Cell` so that reads can count too.
    work: std::cell::Cell<u64>,
    /// Whether a command or a shell method found its code still to fetch
    /// (`crate::commands::on_demand`, `crate::shell::on_demand`): what ran since is to be discarded and run again once the code is here.
    pub(crate) missed_code: bool,
}

impl Default for Deployment {
    fn default() -> Self {
        Self::new(DeploymentOptions::default())
    }
}

impl Deployment {
    /// A fresh deployment with no users, connections or sessions.
    pub fn new(options: DeploymentOptions) -> Self {
        Self {
            options,
            auth_enabled: options.auth_enabled,
            clock: options.start_ms,
            ids: IdSource::new(options.seed),
            users: UserDirectory::default(),
            connections: Map::default(),
            next_conn: 0,
            sessions: SessionStore::default(),
            catalog: Map::default(),
            ops: Map::default(),
            next_op: 0,
            finished: Map::default(),
            cursors: Map::default(),
            data: Collections::default(),
            txn_table_index: std::rc::Rc::default(),
            parameters: parameters::RuntimeParameters::default(),
            next_refresh: options.start_ms + REFRESH_INTERVAL_MS,
            next_ttl_pass: options.start_ms
                + parameters::RuntimeParameters::default().ttl_period_ms(),
            refresh_log: sessions::RefreshLog::default(),
            txn_metrics: transactions::TxnMetrics::default(),
            last_timestamp: bson::Timestamp {
                time: 0,
                increment: 0,
            },
            events: Vec::new(),
            work: std::cell::Cell::new(0),
            missed_code: false,
        }
    }

    /// Whether a command or a shell method found its code still to fetch
    /// (`crate::commands::on_demand`, `crate::shell::on_demand`): the input that ran it must be discarded, and run again once the code is here.
    pub fn missed_code(&self) -> bool {
        self.missed_code
    }

    /// Units of work done so far: [`COMMAND_WORK`] per command, one per document read or
    /// written, timer step and event.
    /// Only differences mean anything; the shell stops an input that does too much.
    pub fn work(&self) -> u64 {
        self.work.get()
    }

    /// Counts `units` of work.
    pub(crate) fn charge(&self, units: usize) {
        self.work.set(
            self.work
                .get()
                .saturating_add(u64::try_from(units).unwrap_or(u64::MAX)),
        );
    }

    /// The options it was created with.
    pub fn options(&self) -> DeploymentOptions {
        self.options
    }

    /// Logical time, ms since the epoch.
    pub fn now(&self) -> i64 {
        self.clock
    }

    /// Whether access control is on.
    pub fn auth_enabled(&self) -> bool {
        self.auth_enabled
    }

    /// Switches access control, keeping users (like restarting with or without `--auth`).
    /// Connections stay open and keep their authentication.
    pub fn set_auth(&mut self, enabled: bool) -> Vec<Event> {
        self.auth_enabled = enabled;
        self.emit(
            EventKind::Deployment,
            format!(
                "access control {}",
                if enabled { "enabled" } else { "disabled" }
            ),
        );
        self.take_events()
    }

    /// Opens a new connection.
    pub fn open_connection(&mut self) -> ConnId {
        self.next_conn += 1;
        let id = self.next_conn;
        self.connections.insert(id, Connection { id, user: None });
        self.emit(EventKind::Connection, format!("connection conn{id} opened"));
        id
    }

    /// A new session UUID, as a driver would generate client-side.
    pub fn new_session_uuid(&mut self) -> SessionUuid {
        self.ids.uuid()
    }

    /// A new `ObjectId` made by `maker` now (for a document inserted without `_id`,
    /// `ObjectId()`).
    pub fn new_object_id(&mut self, maker: ids::ObjectIdMaker) -> bson::oid::ObjectId {
        let seconds = u32::try_from(self.clock.div_euclid(1000)).unwrap_or_default();
        self.ids.object_id(maker, seconds)
    }

    /// The user a connection is authenticated as, when access control is on.
    pub fn effective_user(&self, conn: ConnId) -> Option<&UserName> {
        if !self.auth_enabled {
            return None;
        }
        self.connections.get(&conn).and_then(|c| c.user.as_ref())
    }

    /// The user a connection authenticated as, whatever the access control setting.
    pub fn authenticated_user(&self, conn: ConnId) -> Option<&UserName> {
        self.connections.get(&conn).and_then(|c| c.user.as_ref())
    }

    /// The uid the server puts in the lsids of this connection's sessions.
    pub fn caller_uid(&self, conn: ConnId) -> Uid {
        self.effective_user(conn)
            .map_or_else(Uid::no_auth, |u| Uid::of_user(&u.user, &u.db))
    }

    /// Whether the connection may perform `action` on `resource` (always, with auth off).
    pub fn is_authorized(&self, conn: ConnId, resource: &Resource, action: Action) -> bool {
        if !self.auth_enabled {
            return true;
        }
        self.effective_user(conn)
            .is_some_and(|u| self.users.has_privilege(u, resource, action))
    }

    /// The owner display name of a session, when known.
    pub fn owner_of(&self, lsid: &Lsid) -> Option<String> {
        self.sessions
            .registry
            .get(lsid)
            .and_then(|m| self.sessions.owner_name(m.owner).map(str::to_owned))
    }

    /// The result of an operation that has finished.
    pub fn finished_op(&self, op: OpId) -> Option<&FinishedOp> {
        self.finished.get(&op)
    }

    /// The operation running on a connection, if it is busy.
    pub fn busy_with(&self, conn: ConnId) -> Option<OpId> {
        self.ops.values().find(|o| o.conn == conn).map(|o| o.id)
    }

    /// When a running operation will finish if not killed.
    pub fn op_end(&self, op: OpId) -> Option<i64> {
        self.ops.get(&op).map(|o| o.ends_at)
    }

    /// Moves the logical clock forward, running everything that falls due on the way: running
    /// operations finish, transactions past their lifetime are aborted, the TTL monitor removes
    /// idle session records, idle cursors without a session time out, and the cache refreshes
    /// every 5 minutes.
    pub fn advance(&mut self, ms: i64) -> Vec<Event> {
        let target = self.clock.saturating_add(ms.max(0));
        let ttl_period = self.parameters.ttl_period_ms();
        loop {
            let next_op = self.ops.values().map(|o| (o.ends_at, o.id)).min();
            let next_txn = self
                .catalog
                .values()
                .filter(|t| t.state == TxnState::InProgress)
                .map(|t| t.expires_at)
                .min();
            // Timers that cannot change anything are skipped, so a long advance over an idle
            // deployment takes a handful of steps, not one per minute.
            let ttl_due = self.ttl_due();
            let cursor_due = self.cursor_timeout_due();
            let refresh_due = self.refresh_is_idle().not().then_some(self.next_refresh);
            let due = [
                next_op.map(|(end, _)| end),
                next_txn,
                ttl_due,
                cursor_due,
                refresh_due,
            ]
            .into_iter()
            .flatten()
            .min();
            let Some(due) = due.filter(|due| *due <= target) else {
                break;
            };
            // A timer step scans the running operations, transactions, session records and
            // cursors to find what is due.
            let scanned = self.ops.len()
                + self.catalog.len()
                + self.sessions.stored_count()
                + self.cursors.len();
            self.charge(1 + scanned / SCAN_PER_UNIT);
            self.clock = self.clock.max(due);
            if next_op.is_some_and(|(end, _)| end <= self.clock) {
                let finished = self.complete_due_ops();
                self.charge(finished);
            } else if next_txn.is_some_and(|t| t <= self.clock) {
                self.abort_expired_transactions();
            } else if ttl_due.is_some_and(|t| t <= self.clock) {
                self.ttl_pass();
                self.next_ttl_pass = next_tick(self.clock, self.next_ttl_pass, ttl_period);
            } else if cursor_due.is_some_and(|t| t <= self.clock) {
                self.time_out_cursors();
            } else {
                let next_other = [next_op.map(|(end, _)| end), next_txn, cursor_due]
                    .into_iter()
                    .flatten()
                    .min();
                let ticks = self.steady_refresh_ticks(next_other, target);
                self.clock = self.clock.max(
                    self.next_refresh
                        .saturating_add(REFRESH_INTERVAL_MS.saturating_mul(ticks - 1)),
                );
                self.refresh_cache_ticks(ticks);
                self.next_refresh = next_tick(self.clock, self.next_refresh, REFRESH_INTERVAL_MS);
            }
        }
        self.clock = target;
        // Keep both schedules on their grid, past the new time.
        self.next_ttl_pass = next_tick(self.clock, self.next_ttl_pass, ttl_period);
        self.next_refresh = next_tick(self.clock, self.next_refresh, REFRESH_INTERVAL_MS);
        self.take_events()
    }

    /// Sets `ttlMonitorSleepSecs` (`TTLMonitor::updateSleepSeconds`): the sleep that began at
    /// the monitor's last pass now ends that long after it, or at once when that time is past.
    pub(crate) fn set_ttl_monitor_sleep_secs(&mut self, secs: i32) {
        let last_pass = self.next_ttl_pass - self.parameters.ttl_period_ms();
        self.parameters.ttl_monitor_sleep_secs = secs;
        self.next_ttl_pass = last_pass
            .saturating_add(self.parameters.ttl_period_ms())
            .max(self.clock);
    }

    /// When the TTL monitor will next remove something: the first pass at or after the
    /// earliest expiry, or `None` when no record can expire or the monitor is switched off.
    fn ttl_due(&self) -> Option<i64> {
        let earliest = self
            .sessions
            .stored_records()
            .map(|r| r.last_use.saturating_add(SESSION_TIMEOUT_MS))
            .min()?;
        self.ttl_pass_removing(earliest)
    }

    /// The TTL monitor's first pass at or after `expiry`, which removes a record expiring then;
    /// `None` while the monitor is switched off (its passes remove nothing).
    fn ttl_pass_removing(&self, expiry: i64) -> Option<i64> {
        if !self.parameters.ttl_monitor_enabled {
            return None;
        }
        Some(if expiry <= self.next_ttl_pass {
            self.next_ttl_pass
        } else {
            next_tick(
                expiry - 1,
                self.next_ttl_pass,
                self.parameters.ttl_period_ms(),
            )
        })
    }

    /// A refresh does nothing when nothing is cached, ending or running, and every open
    /// cursor's session still has its record (only a vanished record gets a cursor closed).
    fn refresh_is_idle(&self) -> bool {
        self.sessions.cache_is_empty()
            && self.ops.is_empty()
            && self
                .cursors
                .values()
                .all(|c| c.lsid.is_none_or(|l| self.sessions.is_stored(&l)))
    }

    /// How many refresh ticks, starting with the one due now, can run as one: a refresh is
    /// *steady* when the cache and the ending set are empty and every running operation's and
    /// open cursor's session has its record, so it only sets `lastUse` on the running sessions'
    /// records and every further tick does exactly the same. Steady ticks before the next
    /// other timer (an operation's end, a transaction's lifetime, the TTL pass that removes an
    /// expired record — records of running sessions excepted, since each tick renews them; none
    /// while the TTL monitor is off) and not after `target` are
    /// coalesced into one refresh at the last of them, with one event: a year-long wait over a
    /// running operation is one step, not 105,000.
    fn steady_refresh_ticks(&self, next_other: Option<i64>, target: i64) -> i64 {
        let running: Set<Lsid> = self.ops.values().filter_map(|o| o.lsid).collect();
        let steady = self.sessions.cache_is_empty()
            && running.iter().all(|l| self.sessions.is_stored(l))
            && self
                .cursors
                .values()
                .all(|c| c.lsid.is_none_or(|l| self.sessions.is_stored(&l)));
        if !steady {
            return 1;
        }
        // The TTL pass that removes a record: until then an expired record changes nothing.
        let removal = self
            .sessions
            .collection
            .iter()
            .filter(|(lsid, _)| !running.contains(*lsid))
            .map(|(_, r)| r.last_use.saturating_add(SESSION_TIMEOUT_MS))
            .min()
            .and_then(|expiry| self.ttl_pass_removing(expiry));
        let end = [
            next_other.map(|t| t - 1),
            removal.map(|t| t - 1),
            Some(target),
        ]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(target);
        if end < self.next_refresh {
            return 1;
        }
        (end - self.next_refresh) / REFRESH_INTERVAL_MS + 1
    }

    /// Refreshes the session cache at once, as `refreshLogicalSessionCacheNow` does (the periodic
    /// schedule is unchanged).
    pub fn refresh_cache(&mut self) {
        self.refresh_log.on_demand += 1;
        self.refresh_cache_ticks(1);
    }

    /// The session cache's refresh jobs so far, as `serverStatus` counts them: one every
    /// 5 minutes since the start (those skipped because they could change nothing did nothing)
    /// and those run on demand; and the last job, a skipped one doing nothing at its time.
    /// Before the first, the last is the start, as the server's stats are at start-up.
    pub fn refresh_jobs(&self) -> (i64, sessions::RefreshRun) {
        let periodic = (self.clock - self.options.start_ms).max(0) / REFRESH_INTERVAL_MS;
        let last_tick = self.options.start_ms + periodic * REFRESH_INTERVAL_MS;
        let last = match self.refresh_log.last {
            Some(run) if run.at >= last_tick => run,
            _ => sessions::RefreshRun {
                at: last_tick,
                refreshed: 0,
                ended: 0,
                cursors_closed: 0,
            },
        };
        (periodic + self.refresh_log.on_demand, last)
    }

    /// One refresh standing for `ticks` identical periodic refreshes (see
    /// [`Deployment::steady_refresh_ticks`]).
    fn refresh_cache_ticks(&mut self, ticks: i64) {
        // The cache knows parents only: a child's operation or cursor keeps its parent alive.
        let running: Set<Lsid> = self
            .ops
            .values()
            .filter_map(|o| o.lsid.map(Lsid::parent))
            .collect();
        let with_cursors: Set<Lsid> = self
            .cursors
            .values()
            .filter_map(|c| c.lsid.map(Lsid::parent))
            .collect();
        let outcome = self.sessions.refresh(self.clock, &running, &with_cursors);
        for lsid in &outcome.ended {
            self.emit(
                EventKind::SessionGone,
                format!(
                    "session {} ended: removed from the cache and config.system.sessions",
                    ids::short(lsid)
                ),
            );
        }
        let mut doomed = Vec::new();
        let ended = outcome.ended.len();
        self.cursors.retain(|id, c| {
            let keep = !c
                .lsid
                .is_some_and(|l| outcome.kill_cursors_of.contains(&l.parent()));
            if !keep {
                doomed.push(*id);
            }
            keep
        });
        self.refresh_log.last = Some(sessions::RefreshRun {
            at: self.clock,
            refreshed: outcome.refreshed,
            ended,
            cursors_closed: doomed.len(),
        });
        for id in doomed {
            self.emit(
                EventKind::CursorClosed,
                format!("cursor {id} closed: its session ended or expired"),
            );
        }
        let message = if ticks > 1 {
            format!(
                "session cache refreshed {ticks} times, every 5 minutes: {} record(s) written to config.system.sessions each time",
                outcome.refreshed
            )
        } else {
            format!(
                "session cache refreshed: {} record(s) written to config.system.sessions",
                outcome.refreshed
            )
        };
        self.emit(EventKind::Refresh, message);
    }

    fn ttl_pass(&mut self) {
        for lsid in self.sessions.expire(self.clock, SESSION_TIMEOUT_MS) {
            self.emit(
                EventKind::SessionGone,
                format!(
                    "session {} expired: its config.system.sessions record was idle for 30 minutes",
                    ids::short(&lsid)
                ),
            );
        }
    }

    fn abort_expired_transactions(&mut self) {
        let now = self.clock;
        let expired: Vec<Lsid> = self
            .catalog
            .iter()
            .filter(|(_, t)| t.state == TxnState::InProgress && t.expires_at <= now)
            .map(|(l, _)| *l)
            .collect();
        for lsid in expired {
            let running: Vec<OpId> = self
                .ops
                .values()
                .filter(|o| o.lsid == Some(lsid))
                .map(|o| o.id)
                .collect();
            for op in running {
                self.finish_killed_op(
                    op,
                    error::ErrorCode::Interrupted,
                    "transaction exceeded transactionLifetimeLimitSeconds",
                );
            }
            if let Some(txn) = self.catalog.get_mut(&lsid) {
                txn.abort(AbortCause::Expired, &mut self.txn_metrics);
                let n = txn.txn_number;
                // The limit in force when it started, which fixed its deadline.
                let limit_secs = (txn.expires_at - txn.started_at) / 1000;
                self.emit(
                    EventKind::TransactionAborted,
                    format!("transaction {n} of session {} aborted: it ran longer than transactionLifetimeLimitSeconds ({limit_secs})", ids::short(&lsid)),
                );
            }
        }
    }

    /// A command that failed inside transaction `txn_number` of `lsid` aborts it unless it is
    /// prepared, as `invokeWithSessionCheckedOut`'s guard does when the command throws (a write
    /// error too: in a transaction `write_ops_exec`'s `handleError` fails the whole command).
    pub(crate) fn abort_after_failure(
        &mut self,
        lsid: Lsid,
        txn_number: i64,
        failure: &error::ServerError,
    ) {
        let Some(txn) = self.catalog.get_mut(&lsid) else {
            return;
        };
        if txn.txn_number != txn_number || txn.state != TxnState::InProgress {
            return;
        }
        txn.abort(AbortCause::CommandFailed, &mut self.txn_metrics);
        self.emit(
            EventKind::TransactionAborted,
            format!(
                "transaction {txn_number} of session {} aborted: one of its commands failed ({}), and a failed command aborts the transaction it runs in",
                ids::short(&lsid),
                failure.code.name()
            ),
        );
    }

    /// Counts a retryable write command that answered `statements` of its statements from
    /// their earlier run (`RetryableWritesStats`); a command that retried none is not counted.
    pub(crate) fn count_retried(&mut self, statements: usize) {
        if statements > 0 {
            self.txn_metrics.retried_commands += 1;
            self.txn_metrics.retried_statements += i64::try_from(statements).unwrap_or(i64::MAX);
        }
    }

    pub(crate) fn emit(&mut self, kind: EventKind, message: String) {
        self.charge(EVENT_WORK);
        self.events.push(Event {
            at: self.clock,
            kind,
            message,
        });
    }

    pub(crate) fn take_events(&mut self) -> Vec<Event> {
        std::mem::take(&mut self.events)
    }

    /// The next oplog timestamp (`Timestamp(t, i)`): the clock's seconds, counting up within a
    /// second, as the server's `LogicalClock` does.
    pub(crate) fn next_timestamp(&mut self) -> bson::Timestamp {
        let time = u32::try_from(self.clock / 1000).unwrap_or(u32::MAX);
        let last = self.last_timestamp;
        self.last_timestamp = if time > last.time {
            bson::Timestamp { time, increment: 1 }
        } else {
            bson::Timestamp {
                time: last.time,
                increment: last.increment.saturating_add(1),
            }
        };
        self.last_timestamp
    }
}
