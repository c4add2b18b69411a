//! The shared kill machinery (`kill_sessions.cpp`, `session_killer.cpp`,
//! `kill_sessions_local.cpp`): kill patterns, the matcher, the three phases of
//! `killSessionsLocal`, and the verdict report that explains, for every session the deployment
//! knows, whether it was killed or survived and why.

use super::error::{ErrorCode, ServerError};
use super::ids::{Lsid, Uid};
use super::operations::OpId;
use super::sessions::Lifecycle;
use super::transactions::{AbortCause, TxnState};
use super::Deployment;
use crate::collections::{Map, Set};
use serde::Serialize;

/// Why a pattern exists, for explanations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatternOrigin {
    /// An empty command array or a pattern with neither lsid nor uid.
    Everything(String),
    /// A user named in killAllSessions (`name@db`).
    User(String),
    /// A uid given directly (the name is its owner, when known).
    Uid(String),
    /// The caller's own uid (`killSessions: []` with access control on).
    OwnSessions(String),
    /// An exact session id.
    Lsid,
}

/// One `KillAllSessionsByPattern` (impersonation data is audit-only and not kept).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KillPattern {
    /// Exact session to kill (ignored when `uid` is present).
    pub lsid: Option<Lsid>,
    /// Owner whose sessions to kill.
    pub uid: Option<Uid>,
    /// For explanations.
    pub origin: PatternOrigin,
}

impl KillPattern {
    /// The kill-everything pattern.
    pub fn everything(why: impl Into<String>) -> Self {
        Self {
            lsid: None,
            uid: None,
            origin: PatternOrigin::Everything(why.into()),
        }
    }

    /// All sessions of one owner.
    pub fn uid(uid: Uid, origin: PatternOrigin) -> Self {
        Self {
            lsid: None,
            uid: Some(uid),
            origin,
        }
    }

    /// One exact session.
    pub fn lsid(lsid: Lsid) -> Self {
        Self {
            lsid: Some(lsid),
            uid: None,
            origin: PatternOrigin::Lsid,
        }
    }
}

/// How a session matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MatchedBy {
    /// The kill-everything pattern, with its reason.
    Everything(String),
    /// A uid pattern, with its origin.
    Uid(PatternOrigin),
    /// An exact lsid.
    Lsid,
}

/// `SessionKiller::Matcher`.
#[derive(Debug, Clone, Default)]
pub struct Matcher {
    everything: Option<String>,
    lsids: Set<Lsid>,
    uids: Map<Uid, PatternOrigin>,
    /// Targeted owners in the command's order, for explanations.
    target_names: Vec<String>,
}

impl Matcher {
    /// Indexes the patterns: uid wins over lsid; a pattern with neither kills everything and
    /// discards the rest.
    pub fn new(patterns: &[KillPattern]) -> Self {
        let mut matcher = Self::default();
        for pattern in patterns {
            if let Some(uid) = pattern.uid {
                if let PatternOrigin::User(name)
                | PatternOrigin::Uid(name)
                | PatternOrigin::OwnSessions(name) = &pattern.origin
                {
                    if !matcher.target_names.contains(name) {
                        matcher.target_names.push(name.clone());
                    }
                }
                matcher
                    .uids
                    .entry(uid)
                    .or_insert_with(|| pattern.origin.clone());
            } else if let Some(lsid) = pattern.lsid {
                matcher.lsids.insert(lsid);
            } else {
                let why = match &pattern.origin {
                    PatternOrigin::Everything(why) => why.clone(),
                    _ => "a pattern with neither lsid nor uid matches every session".to_owned(),
                };
                return Self {
                    everything: Some(why),
                    ..Self::default()
                };
            }
        }
        matcher
    }

    /// Whether the matcher kills everything.
    pub fn kills_everything(&self) -> bool {
        self.everything.is_some()
    }

    /// Whether and how a session matches.
    pub fn matches(&self, lsid: &Lsid) -> Option<MatchedBy> {
        if let Some(why) = &self.everything {
            return Some(MatchedBy::Everything(why.clone()));
        }
        if self.lsids.contains(lsid) {
            return Some(MatchedBy::Lsid);
        }
        self.uids
            .get(&lsid.uid)
            .map(|origin| MatchedBy::Uid(origin.clone()))
    }

    /// The owners the matcher targets, for "survived" explanations.
    fn targets(&self) -> String {
        let mut names = self.target_names.clone();
        if !self.lsids.is_empty() {
            names.push(format!(
                "{} listed session id{}",
                self.lsids.len(),
                if self.lsids.len() == 1 { "" } else { "s" }
            ));
        }
        if names.is_empty() {
            "nothing".to_owned()
        } else {
            names.join(", ")
        }
    }
}

/// Killed or survived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Fate {
    /// Matched: its in-progress transaction, operations and cursors were killed.
    Killed,
    /// Not matched, or only its prepared transaction's survival matters.
    Survived,
}

/// Stable reason codes for verdicts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// The kill-everything pattern matched.
    MatchedEverything,
    /// Its owner was named (killAllSessions users).
    MatchedUser,
    /// Its uid was targeted (uid pattern, or the caller's own uid).
    MatchedUid,
    /// Its exact id was listed.
    MatchedLsid,
    /// Matched, but its prepared transaction is never aborted by a kill.
    PreparedTransactionKept,
    /// Owned by someone the command did not target.
    OtherOwner,
    /// Its id was not listed.
    NotListed,
}

/// What a kill did to one session.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Effects {
    /// txnNumber of the in-progress transaction aborted.
    pub transaction_aborted: Option<i64>,
    /// txnNumber of a prepared transaction left untouched.
    pub prepared_transaction_kept: Option<i64>,
    /// Operations interrupted.
    pub operations_interrupted: Vec<OpId>,
    /// Cursors closed.
    pub cursors_closed: Vec<i64>,
}

impl Effects {
    fn is_empty(&self) -> bool {
        self.transaction_aborted.is_none()
            && self.operations_interrupted.is_empty()
            && self.cursors_closed.is_empty()
    }

    fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(n) = self.transaction_aborted {
            parts.push(format!("transaction {n} aborted"));
        }
        for op in &self.operations_interrupted {
            parts.push(format!("operation {op} interrupted"));
        }
        for c in &self.cursors_closed {
            parts.push(format!("cursor {c} closed"));
        }
        parts.join(", ")
    }
}

/// A verdict for one session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    /// The session's id (`UUID` text).
    pub id: String,
    /// The owner's digest, hex.
    pub uid: String,
    /// Owner `name@db`, or `None` for sessions without an authenticated owner.
    pub user: Option<String>,
    /// Killed or survived.
    pub fate: Fate,
    /// Stable reason code.
    pub reason: Reason,
    /// One sentence saying why.
    pub explanation: String,
    /// What happened to its transaction, operations and cursors.
    pub effects: Effects,
    #[serde(skip)]
    /// The session, for callers that need it.
    pub lsid: Lsid,
}

/// The report of one kill command.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KillReport {
    /// The command name.
    pub command: String,
    /// One verdict per known session, in order of first appearance.
    pub verdicts: Vec<Verdict>,
}

impl KillReport {
    /// The verdict of one session.
    pub fn verdict(&self, lsid: &Lsid) -> Option<&Verdict> {
        self.verdicts.iter().find(|v| v.lsid == *lsid)
    }
}

impl Deployment {
    /// `killSessionsLocal`: Phase A aborts in-progress (never prepared) transactions, Phase B
    /// interrupts operations, Phase C closes cursors. Returns the verdict for every session.
    pub(crate) fn kill_sessions_local(
        &mut self,
        command: &str,
        patterns: &[KillPattern],
    ) -> KillReport {
        let matcher = Matcher::new(patterns);
        let mut effects: Map<Lsid, Effects> = Map::default();
        let cause = format!("killed by {command}");

        // Phase A: abort exactly-InProgress transactions of matching sessions, interrupting
        // the operation that has the session checked out.
        let aborting: Set<Lsid> = self
            .catalog
            .iter()
            .filter(|(lsid, txn)| {
                txn.state == TxnState::InProgress && matcher.matches(lsid).is_some()
            })
            .map(|(lsid, _)| *lsid)
            .collect();
        let checked_out: Vec<(OpId, Lsid)> = self
            .ops
            .values()
            .filter_map(|op| op.lsid.filter(|l| aborting.contains(l)).map(|l| (op.id, l)))
            .collect();
        self.finish_killed_ops(&checked_out, ErrorCode::Interrupted, &cause, &mut effects);
        for lsid in &aborting {
            if let Some(txn) = self.catalog.get_mut(lsid) {
                txn.abort(AbortCause::Killed(command.to_owned()));
                let n = txn.txn_number;
                effects.entry(*lsid).or_default().transaction_aborted = Some(n);
                self.emit(
                    super::EventKind::TransactionAborted,
                    format!(
                        "transaction {n} of session {} aborted: {cause}",
                        short(lsid)
                    ),
                );
            }
        }
        // Phase B: interrupt every matching operation, whatever its transaction state.
        let interrupting: Vec<(OpId, Lsid)> = self
            .ops
            .values()
            .filter_map(|op| {
                op.lsid
                    .filter(|l| matcher.matches(l).is_some())
                    .map(|l| (op.id, l))
            })
            .collect();
        self.finish_killed_ops(&interrupting, ErrorCode::Interrupted, &cause, &mut effects);
        // Phase C: close every matching cursor (one pass).
        let mut closed = Vec::new();
        self.cursors.retain(|id, cursor| {
            match cursor.lsid.filter(|l| matcher.matches(l).is_some()) {
                Some(lsid) => {
                    closed.push((*id, lsid));
                    false
                }
                None => true,
            }
        });
        for (cursor, lsid) in closed {
            effects.entry(lsid).or_default().cursors_closed.push(cursor);
            self.emit(
                super::EventKind::CursorClosed,
                format!(
                    "cursor {cursor} of session {} closed: {cause}",
                    short(&lsid)
                ),
            );
        }
        let verdicts = self.verdicts(&matcher, &mut effects);
        KillReport {
            command: command.to_owned(),
            verdicts,
        }
    }

    /// Ends running operations as killed, in one pass over the operation table.
    fn finish_killed_ops(
        &mut self,
        ops: &[(OpId, Lsid)],
        code: ErrorCode,
        cause: &str,
        effects: &mut Map<Lsid, Effects>,
    ) {
        if ops.is_empty() {
            return;
        }
        let wanted: Set<OpId> = ops.iter().map(|(op, _)| *op).collect();
        let mut killed = Vec::with_capacity(ops.len());
        self.ops.retain(|id, op| {
            if wanted.contains(id) {
                killed.push(op.clone());
                false
            } else {
                true
            }
        });
        for op in killed {
            if let Some(lsid) = op.lsid {
                effects
                    .entry(lsid)
                    .or_default()
                    .operations_interrupted
                    .push(op.id);
            }
            self.record_killed_op(op, code, cause);
        }
    }

    fn verdicts(&self, matcher: &Matcher, effects: &mut Map<Lsid, Effects>) -> Vec<Verdict> {
        // The registry is insertion-ordered: first appearance first.
        self.sessions
            .registry
            .keys()
            .map(|lsid| {
                let owner = self.owner_of(lsid);
                let mut fx = effects.get_mut(lsid).map(std::mem::take).unwrap_or_default();
                let prepared = self.catalog.get(lsid).filter(|t| t.state == TxnState::Prepared).map(|t| t.txn_number);
                let lifecycle_note = match self.sessions.registry.get(lsid).map(|m| m.lifecycle) {
                    Some(Lifecycle::Ending { .. }) => " (it was already ending after endSessions)",
                    Some(Lifecycle::Ended { .. }) => " (it had already ended)",
                    Some(Lifecycle::Expired { .. }) => " (it had already expired)",
                    _ => "",
                };
                let (fate, reason, explanation) = match matcher.matches(lsid) {
                    Some(matched_by) => {
                        let why = match &matched_by {
                            MatchedBy::Everything(why) => why.clone(),
                            MatchedBy::Uid(PatternOrigin::User(name)) => format!("its owner {name} is named in the command"),
                            MatchedBy::Uid(PatternOrigin::Uid(name)) => format!("its uid matches the pattern's uid ({name})"),
                            MatchedBy::Uid(PatternOrigin::OwnSessions(name)) => format!("it belongs to the caller {name}, and killSessions: [] kills your own sessions"),
                            MatchedBy::Uid(_) => "its owner's uid is targeted".to_owned(),
                            MatchedBy::Lsid => "its session id is listed".to_owned(),
                        };
                        let reason = match matched_by {
                            MatchedBy::Everything(_) => Reason::MatchedEverything,
                            MatchedBy::Uid(PatternOrigin::User(_)) => Reason::MatchedUser,
                            MatchedBy::Uid(_) => Reason::MatchedUid,
                            MatchedBy::Lsid => Reason::MatchedLsid,
                        };
                        if let Some(n) = prepared {
                            fx.prepared_transaction_kept = Some(n);
                            let also = if fx.is_empty() { String::new() } else { format!("; still, {}", fx.describe()) };
                            (
                                Fate::Survived,
                                Reason::PreparedTransactionKept,
                                format!("Matched because {why}{lifecycle_note}, but its transaction {n} is prepared and a kill never aborts a prepared transaction{also}."),
                            )
                        } else if fx.is_empty() {
                            (Fate::Killed, reason, format!("Killed because {why}{lifecycle_note}; nothing was running, so nothing changed and the session stays usable."))
                        } else {
                            (Fate::Killed, reason, format!("Killed because {why}{lifecycle_note}: {}.", fx.describe()))
                        }
                    }
                    None => {
                        let owner_text = owner.clone().unwrap_or_else(|| "no authenticated user".to_owned());
                        if matcher.lsids.is_empty() || !matcher.uids.is_empty() {
                            (Fate::Survived, Reason::OtherOwner, format!("Survived: owned by {owner_text}, and the command targeted only {}.", matcher.targets()))
                        } else {
                            (Fate::Survived, Reason::NotListed, format!("Survived: its id is not among the {} of the command.", matcher.targets()))
                        }
                    }
                };
                Verdict { id: lsid.id.to_hyphenated(), uid: lsid.uid.to_hex(), user: owner, fate, reason, explanation, effects: fx, lsid: *lsid }
            })
            .collect()
    }

    /// Ends a running operation as killed: its client gets `operation was interrupted`.
    pub(crate) fn finish_killed_op(&mut self, op_id: OpId, code: ErrorCode, cause: &str) {
        if let Some(op) = self.ops.shift_remove(&op_id) {
            self.record_killed_op(op, code, cause);
        }
    }

    fn record_killed_op(&mut self, op: super::operations::Operation, code: ErrorCode, cause: &str) {
        let reply = ServerError::interrupted(code).to_reply();
        let op_id = op.id;
        self.emit(
            super::EventKind::OperationInterrupted,
            format!(
                "operation {op_id} on conn{} interrupted ({}): {cause}",
                op.conn,
                code.name()
            ),
        );
        self.finished.insert(
            op_id,
            super::operations::FinishedOp {
                op,
                reply,
                finished_at: self.clock,
                killed: Some((code, cause.to_owned())),
            },
        );
    }
}

/// The first 8 hex digits of a session id, for messages.
pub fn short(lsid: &Lsid) -> String {
    lsid.id.to_hyphenated()[..8].to_owned()
}
