//! The shared kill machinery (`kill_sessions.cpp`, `session_killer.cpp`,
//! `kill_sessions_local.cpp`): kill patterns, the matcher, the three phases of
//! `killSessionsLocal`, and the verdict report that explains, for every session the deployment
//! knows, whether it was killed or survived and why.
//!
//! The report stores compact facts per session (which pattern matched, what was done) and
//! renders the words on demand ([`KillReport::verdicts`]), so a kill over 100k sessions does
//! not format 100k sentences nobody may read.

use super::error::ErrorCode;
use super::ids::{Lsid, Uid};
use super::operations::OpId;
use super::sessions::{Lifecycle, Owner};
use super::transactions::{AbortCause, TxnState};
use super::{Deployment, EventKind};
use crate::collections::{Map, Set};

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
    /// The index of the command's array entry it was made from (none for the patterns an
    /// empty array stands for), so that a verdict can name the entry that decided it.
    pub entry: Option<u32>,
}

impl KillPattern {
    /// The kill-everything pattern.
    pub fn everything(why: impl Into<String>) -> Self {
        Self {
            lsid: None,
            uid: None,
            origin: PatternOrigin::Everything(why.into()),
            entry: None,
        }
    }

    /// All sessions of one owner.
    pub fn uid(uid: Uid, origin: PatternOrigin) -> Self {
        Self {
            lsid: None,
            uid: Some(uid),
            origin,
            entry: None,
        }
    }

    /// One exact session.
    pub fn lsid(lsid: Lsid) -> Self {
        Self {
            lsid: Some(lsid),
            uid: None,
            origin: PatternOrigin::Lsid,
            entry: None,
        }
    }

    /// The same pattern, made from entry `index` of the command's array.
    #[must_use]
    pub fn from_entry(self, index: usize) -> Self {
        Self {
            entry: u32::try_from(index).ok(),
            ..self
        }
    }
}

/// How a session matched (cheap to copy: uid matches point into the matcher's origins).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchedBy {
    /// The kill-everything pattern.
    Everything,
    /// The uid pattern with this index in the matcher's origins.
    Uid(u32),
    /// An exact lsid, listed by this entry of the command.
    Lsid(Option<u32>),
}

/// `SessionKiller::Matcher`.
#[derive(Debug, Clone, Default)]
pub struct Matcher {
    everything: Option<String>,
    /// The command entry of the kill-everything pattern.
    everything_entry: Option<u32>,
    /// Listed sessions, with the first entry that listed each.
    lsids: Map<Lsid, Option<u32>>,
    uids: Map<Uid, u32>,
    origins: Vec<PatternOrigin>,
    /// The command entry of each origin (the first entry that targeted the uid).
    origin_entries: Vec<Option<u32>>,
    /// Targeted owners in the command's order, for explanations.
    target_names: Vec<String>,
}

/// The display name of `{ user: "", db: "" }`, which names the no-auth uid.
const NO_USER: &str = "@";

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
                if !matcher.uids.contains_key(&uid) {
                    let index = u32::try_from(matcher.origins.len()).unwrap_or(u32::MAX);
                    matcher.uids.insert(uid, index);
                    matcher.origins.push(pattern.origin.clone());
                    matcher.origin_entries.push(pattern.entry);
                }
            } else if let Some(lsid) = pattern.lsid {
                matcher.lsids.entry(lsid).or_insert(pattern.entry);
            } else {
                let why = match &pattern.origin {
                    PatternOrigin::Everything(why) => why.clone(),
                    _ => "a pattern with neither lsid nor uid matches every session".to_owned(),
                };
                return Self {
                    everything: Some(why),
                    everything_entry: pattern.entry,
                    ..Self::default()
                };
            }
        }
        matcher
    }

    /// Whether and how a session matches; a child session matches through its parent.
    pub fn matches(&self, lsid: &Lsid) -> Option<MatchedBy> {
        if self.everything.is_some() {
            return Some(MatchedBy::Everything);
        }
        if let Some(entry) = self.lsids.get(&lsid.parent()) {
            return Some(MatchedBy::Lsid(*entry));
        }
        self.uids.get(&lsid.uid).map(|i| MatchedBy::Uid(*i))
    }

    /// The owners the matcher targets, for "survived" explanations.
    fn targets(&self) -> String {
        let mut names: Vec<String> = self
            .target_names
            .iter()
            .map(|name| match name.as_str() {
                NO_USER => "{ user: \"\", db: \"\" } (no user)".to_owned(),
                _ => name.clone(),
            })
            .collect();
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fate {
    /// Matched: its in-progress transaction, operations and cursors were killed.
    Killed,
    /// Not matched, or matched with a prepared transaction that a kill never aborts.
    Survived,
}

impl Fate {
    /// `killed` or `survived`, as in the runner's JSON.
    pub fn code(self) -> &'static str {
        match self {
            Fate::Killed => "killed",
            Fate::Survived => "survived",
        }
    }

    /// The board's heading for it, with its mark (`✖ Killed`, `✔ Survived`).
    pub fn heading(self) -> &'static str {
        match self {
            Fate::Killed => "✖ Killed",
            Fate::Survived => "✔ Survived",
        }
    }
}

/// Stable reason codes for verdicts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

impl Reason {
    /// The stable code, as in the runner's JSON (`matched_user`, `other_owner`, …).
    pub fn code(self) -> &'static str {
        match self {
            Reason::MatchedEverything => "matched_everything",
            Reason::MatchedUser => "matched_user",
            Reason::MatchedUid => "matched_uid",
            Reason::MatchedLsid => "matched_lsid",
            Reason::PreparedTransactionKept => "prepared_transaction_kept",
            Reason::OtherOwner => "other_owner",
            Reason::NotListed => "not_listed",
        }
    }
}

/// What a kill did to one session.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Effects {
    /// txnNumber of the in-progress transaction aborted.
    pub transaction_aborted: Option<i64>,
    /// txnNumber of a prepared transaction left untouched.
    pub prepared_transaction_kept: Option<i64>,
    /// txnNumbers of its internal (child) sessions' in-progress transactions aborted.
    pub internal_transactions_aborted: Vec<i64>,
    /// Operations interrupted.
    pub operations_interrupted: Vec<OpId>,
    /// Cursors closed.
    pub cursors_closed: Vec<i64>,
}

impl Effects {
    fn did_something(&self) -> bool {
        self.transaction_aborted.is_some()
            || !self.internal_transactions_aborted.is_empty()
            || !self.operations_interrupted.is_empty()
            || !self.cursors_closed.is_empty()
    }

    fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(n) = self.transaction_aborted {
            parts.push(format!("transaction {n} aborted"));
        }
        for n in &self.internal_transactions_aborted {
            parts.push(format!(
                "transaction {n} of an internal child session aborted"
            ));
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

/// A verdict for one session, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
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
    /// The index of the command's array entry that matched it, if one did (an empty array
    /// matches through no entry).
    pub entry: Option<usize>,
    /// What decided it, naming the command's entry: `killAllSessions[1] { user: "reportWriter",
    /// db: "db2" }`, `killAllSessions: [] (every session)`, `no entry names auditor@db3`.
    pub decided_by: String,
    /// What happened to its transaction, operations and cursors.
    pub effects: Effects,
    /// The session, for callers that need it.
    pub lsid: Lsid,
}

impl Verdict {
    /// The runner's JSON form, as a document: `id`, `uid`, `user` (or null), `fate`, `reason`,
    /// `explanation`, `entry` (or null), `decided_by`, `effects { transaction_aborted, prepared_transaction_kept,
    /// operations_interrupted, cursors_closed }`, and `internal_transactions_aborted` when a
    /// child session's transaction was aborted.
    pub fn to_document(&self) -> bson::Document {
        let optional = |n: Option<i64>| n.map_or(bson::Bson::Null, bson::Bson::Int64);
        let mut document = bson::doc! {
            "id": &self.id,
            "uid": &self.uid,
            "user": self.user.as_deref().map_or(bson::Bson::Null, |u| bson::Bson::String(u.to_owned())),
            "fate": self.fate.code(),
            "reason": self.reason.code(),
            "explanation": &self.explanation,
            "entry": self.entry.and_then(|i| i64::try_from(i).ok()).map_or(bson::Bson::Null, bson::Bson::Int64),
            "decided_by": &self.decided_by,
            "effects": {
                "transaction_aborted": optional(self.effects.transaction_aborted),
                "prepared_transaction_kept": optional(self.effects.prepared_transaction_kept),
                "operations_interrupted": self.effects.operations_interrupted.iter().map(|op| i64::from(*op)).collect::<Vec<_>>(),
                "cursors_closed": self.effects.cursors_closed.clone(),
            },
        };
        if !self.effects.internal_transactions_aborted.is_empty() {
            if let Ok(effects) = document.get_document_mut("effects") {
                effects.insert(
                    "internal_transactions_aborted",
                    self.effects.internal_transactions_aborted.clone(),
                );
            }
        }
        document
    }
}

/// One thing a kill did to a session (or, for a prepared transaction, deliberately did not do).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Effect {
    Aborted(i64),
    ChildAborted(i64),
    PreparedKept(i64),
    Interrupted(OpId),
    Closed(i64),
}

/// Where a session stood in its lifecycle when the kill ran (all a verdict says of it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Standing {
    Live,
    Ending,
    Ended,
    Expired,
}

impl From<Lifecycle> for Standing {
    fn from(lifecycle: Lifecycle) -> Self {
        match lifecycle {
            Lifecycle::Live => Standing::Live,
            Lifecycle::Ending { .. } => Standing::Ending,
            Lifecycle::Ended { .. } => Standing::Ended,
            Lifecycle::Expired { .. } => Standing::Expired,
        }
    }
}

/// The facts of one session's verdict (76 bytes: a kill over 100k sessions writes 7.6 MB).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    lsid: Lsid,
    owner: Option<Owner>,
    standing: Standing,
    matched: Option<MatchedBy>,
    /// The session's effects: `effects[start..start + len]` of the report.
    start: u32,
    len: u32,
}

/// The report of one kill command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KillReport {
    /// The command name.
    pub command: String,
    entries: Vec<Entry>,
    effects: Vec<Effect>,
    everything: Option<String>,
    everything_entry: Option<u32>,
    origins: Vec<PatternOrigin>,
    origin_entries: Vec<Option<u32>>,
    /// The command's array entries as the server prints them (`{ user: "appReader", db: "db1" }`).
    entry_texts: Vec<String>,
    targets: String,
    not_listed_only: bool,
    owner_names: Vec<String>,
}

impl KillReport {
    /// How many sessions the report covers.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the deployment knew no session.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The users the command named (`user@db`, as typed), in the command's order.
    pub fn named_users(&self) -> Vec<String> {
        self.origins
            .iter()
            .filter_map(|origin| match origin {
                PatternOrigin::User(name) => Some(name.clone()),
                _ => None,
            })
            .collect()
    }

    /// The owners of the sessions the report covers (`user@db`), in order of first appearance
    /// (sessions of no authenticated user are not listed).
    pub fn owners(&self) -> Vec<&str> {
        let mut seen = vec![false; self.owner_names.len()];
        let mut owners = Vec::new();
        for Owner(i) in self.entries.iter().filter_map(|e| e.owner) {
            if let (Some(seen), Some(name)) =
                (seen.get_mut(i as usize), self.owner_names.get(i as usize))
            {
                if !std::mem::replace(seen, true) {
                    owners.push(name.as_str());
                }
            }
        }
        owners
    }

    /// Whether the command listed session ids only (`killSessions: [{ id }]`).
    pub fn lists_ids_only(&self) -> bool {
        self.not_listed_only
    }

    /// Whether some session the report covers has no owner (access control was off when it
    /// started, or nobody was logged in).
    pub fn any_unowned(&self) -> bool {
        self.entries.iter().any(|e| e.owner.is_none())
    }

    /// How many sessions were killed.
    pub fn killed(&self) -> usize {
        self.matched_count(false)
    }

    /// How many sessions the command matched and spared, for their prepared transaction.
    pub fn spared_prepared(&self) -> usize {
        self.matched_count(true)
    }

    fn matched_count(&self, prepared: bool) -> usize {
        self.entries
            .iter()
            .filter(|e| e.matched.is_some() && self.prepared(e).is_some() == prepared)
            .count()
    }

    fn effects_of(&self, entry: &Entry) -> &[Effect] {
        let start = entry.start as usize;
        self.effects
            .get(start..start + entry.len as usize)
            .unwrap_or_default()
    }

    /// The txnNumber of the prepared transaction the kill kept, if any.
    fn prepared(&self, entry: &Entry) -> Option<i64> {
        self.effects_of(entry)
            .iter()
            .find_map(|effect| match effect {
                Effect::PreparedKept(n) => Some(*n),
                _ => None,
            })
    }

    /// One verdict per known session, in order of first appearance, in words.
    pub fn verdicts(&self) -> Vec<Verdict> {
        self.entries.iter().map(|e| self.render(e)).collect()
    }

    /// The command's array entries as the server prints them, in the command's order.
    pub fn entry_texts(&self) -> &[String] {
        &self.entry_texts
    }

    /// `killAllSessions[1] { user: "reportWriter", db: "db2" }`.
    pub fn entry_name(&self, index: usize) -> String {
        format!(
            "{}[{index}] {}",
            self.command,
            self.entry_texts.get(index).map_or("", String::as_str)
        )
    }

    /// The command entry a match came through, if any.
    fn entry_of(&self, matched: MatchedBy) -> Option<usize> {
        let entry = match matched {
            MatchedBy::Everything => self.everything_entry,
            MatchedBy::Uid(i) => self.origin_entries.get(i as usize).copied().flatten(),
            MatchedBy::Lsid(entry) => entry,
        };
        entry.map(|e| e as usize)
    }

    /// What decided a verdict, in the terms of the command's entries.
    fn decided_by(&self, entry: &Entry, owner: Option<&str>) -> (Option<usize>, String) {
        let Some(matched) = entry.matched else {
            let text = match owner {
                _ if self.not_listed_only => "no entry lists its id".to_owned(),
                None => "no entry matches sessions without an authenticated user".to_owned(),
                Some(owner) if self.command == "killAllSessions" => {
                    format!("no entry names {owner}")
                }
                Some(owner) => format!("no entry matches its owner, {owner}"),
            };
            return (None, text);
        };
        if let Some(index) = self.entry_of(matched) {
            return (Some(index), self.entry_name(index));
        }
        let what = match matched {
            MatchedBy::Uid(_) => "the caller's own sessions",
            _ => "every session",
        };
        (None, format!("{}: [] ({what})", self.command))
    }

    fn render(&self, entry: &Entry) -> Verdict {
        let owner = entry
            .owner
            .and_then(|Owner(i)| self.owner_names.get(i as usize).cloned());
        let mut effects = Effects::default();
        for effect in self.effects_of(entry) {
            match *effect {
                Effect::Aborted(n) => effects.transaction_aborted = Some(n),
                Effect::ChildAborted(n) => effects.internal_transactions_aborted.push(n),
                Effect::PreparedKept(n) => effects.prepared_transaction_kept = Some(n),
                Effect::Interrupted(op) => effects.operations_interrupted.push(op),
                Effect::Closed(cursor) => effects.cursors_closed.push(cursor),
            }
        }
        let note = match entry.standing {
            Standing::Ending => " (it was already ending after endSessions)",
            Standing::Ended => " (it had already ended)",
            Standing::Expired => " (it had already expired)",
            Standing::Live => "",
        };
        let (entry_index, decided_by) = self.decided_by(entry, owner.as_deref());
        let (fate, reason, explanation) = match entry.matched {
            Some(matched) => {
                let (why, reason) = match matched {
                    MatchedBy::Everything => (self.everything.clone().unwrap_or_default(), Reason::MatchedEverything),
                    MatchedBy::Lsid(_) => ("its session id is listed".to_owned(), Reason::MatchedLsid),
                    MatchedBy::Uid(i) => match self.origins.get(i as usize) {
                        Some(PatternOrigin::User(name)) if name == NO_USER => ("it has no authenticated user, and { user: \"\", db: \"\" } names the no-auth uid".to_owned(), Reason::MatchedUser),
                        Some(PatternOrigin::User(name)) => (format!("its owner {name} is named in the command"), Reason::MatchedUser),
                        Some(PatternOrigin::Uid(name)) => (format!("its uid matches the pattern's uid ({name})"), Reason::MatchedUid),
                        Some(PatternOrigin::OwnSessions(name)) => (format!("it belongs to the caller {name}, and killSessions: [] kills your own sessions"), Reason::MatchedUid),
                        _ => ("its owner's uid is targeted".to_owned(), Reason::MatchedUid),
                    },
                };
                if let Some(n) = effects.prepared_transaction_kept {
                    let also = if effects.did_something() {
                        format!("; still, {}", effects.describe())
                    } else {
                        String::new()
                    };
                    (
                        Fate::Survived,
                        Reason::PreparedTransactionKept,
                        format!("Matched because {why}{note}, but its transaction {n} is prepared and a kill never aborts a prepared transaction{also}."),
                    )
                } else if effects.did_something() {
                    (
                        Fate::Killed,
                        reason,
                        format!("Killed because {why}{note}: {}.", effects.describe()),
                    )
                } else {
                    (Fate::Killed, reason, format!("Killed because {why}{note}; nothing was running, so nothing changed and the session stays usable."))
                }
            }
            None if self.not_listed_only => (
                Fate::Survived,
                Reason::NotListed,
                format!(
                    "Survived: its id is not among the {} of the command.",
                    self.targets
                ),
            ),
            None => {
                let owner_text = owner
                    .clone()
                    .unwrap_or_else(|| "no authenticated user".to_owned());
                (
                    Fate::Survived,
                    Reason::OtherOwner,
                    format!(
                        "Survived: owned by {owner_text}, and the command targeted only {}.",
                        self.targets
                    ),
                )
            }
        };
        Verdict {
            id: entry.lsid.id.to_hyphenated(),
            uid: entry.lsid.uid.to_hex(),
            user: owner,
            fate,
            reason,
            explanation,
            entry: entry_index,
            decided_by,
            effects,
            lsid: entry.lsid,
        }
    }
}

/// Per-phase events name each session for small kills and summarize large ones.
const EVENTS_PER_PHASE: usize = 8;

impl Deployment {
    /// `killSessionsLocal`: Phase A aborts in-progress (never prepared) transactions, Phase B
    /// interrupts operations, Phase C closes cursors. Returns the verdict for every session.
    ///
    /// `entry_texts` are the command's array entries as the server prints them (the patterns'
    /// `entry` indexes them).
    pub(crate) fn kill_sessions_local(
        &mut self,
        command: &'static str,
        patterns: &[KillPattern],
        entry_texts: Vec<String>,
    ) -> KillReport {
        let matcher = Matcher::new(patterns);
        let cause: std::rc::Rc<str> = format!("killed by {command}").into();
        // What was done, by the session's registry slot.
        let mut effects: Vec<(u32, Effect)> = Vec::new();

        // Phase A: abort exactly-InProgress transactions of matching sessions; note matching
        // prepared ones, which are kept. (The server first interrupts the operation that has the
        // session checked out; Phase B interrupts every matching operation with the same code,
        // so the end state is the same.)
        let mut aborted = Vec::new();
        for (lsid, txn) in &mut self.catalog {
            let Some(slot) = txn.slot.filter(|_| matcher.matches(lsid).is_some()) else {
                continue;
            };
            match txn.state {
                TxnState::InProgress => {
                    txn.abort(AbortCause::Killed(command), &mut self.txn_metrics);
                    let effect = if lsid.child.is_some() {
                        Effect::ChildAborted(txn.txn_number)
                    } else {
                        Effect::Aborted(txn.txn_number)
                    };
                    effects.push((slot, effect));
                    aborted.push((txn.txn_number, *lsid));
                }
                TxnState::Prepared => effects.push((slot, Effect::PreparedKept(txn.txn_number))),
                _ => {}
            }
        }
        self.emit_phase(
            EventKind::TransactionAborted,
            &aborted,
            |(n, lsid)| {
                format!(
                    "transaction {n} of session {} aborted: {cause}",
                    super::ids::short(lsid)
                )
            },
            |count| format!("{count} transactions aborted: {cause}"),
        );
        // Phase B: interrupt every matching operation, whatever its transaction state.
        let interrupting: Set<OpId> = self
            .ops
            .values()
            .filter(|op| op.lsid.is_some_and(|l| matcher.matches(&l).is_some()))
            .map(|op| op.id)
            .collect();
        self.finish_killed_ops(&interrupting, &cause, &mut effects);
        // Phase C: close every matching cursor (one pass).
        let mut closed = Vec::new();
        self.cursors.retain(|id, cursor| {
            match cursor.lsid.filter(|l| matcher.matches(l).is_some()) {
                Some(lsid) => {
                    closed.push((*id, lsid, cursor.slot));
                    false
                }
                None => true,
            }
        });
        effects.extend(
            closed
                .iter()
                .filter_map(|(cursor, _, slot)| slot.map(|slot| (slot, Effect::Closed(*cursor)))),
        );
        self.emit_phase(
            EventKind::CursorClosed,
            &closed,
            |(cursor, lsid, _)| {
                format!(
                    "cursor {cursor} of session {} closed: {cause}",
                    super::ids::short(lsid)
                )
            },
            |count| format!("{count} cursors closed: {cause}"),
        );
        self.report(command, matcher, effects, entry_texts)
    }

    fn report(
        &self,
        command: &str,
        matcher: Matcher,
        mut effects: Vec<(u32, Effect)>,
        entry_texts: Vec<String>,
    ) -> KillReport {
        // Effects ordered by slot (stable: phase order within a session), walked alongside the
        // registry, whose positions are the slots.
        crate::collections::sort_by(&mut effects, |(a, _), (b, _)| a.cmp(b));
        let mut next = 0usize;
        let entries = self
            .sessions
            .registry
            .iter()
            .enumerate()
            .map(|(slot, (lsid, meta))| {
                let start = next;
                while effects.get(next).is_some_and(|(s, _)| *s as usize == slot) {
                    next += 1;
                }
                Entry {
                    lsid: *lsid,
                    owner: meta.owner,
                    standing: meta.lifecycle.into(),
                    matched: matcher.matches(lsid),
                    start: u32::try_from(start).unwrap_or(u32::MAX),
                    len: u32::try_from(next - start).unwrap_or(0),
                }
            })
            .collect();
        KillReport {
            command: command.to_owned(),
            entries,
            effects: effects.into_iter().map(|(_, effect)| effect).collect(),
            targets: matcher.targets(),
            not_listed_only: !matcher.lsids.is_empty() && matcher.uids.is_empty(),
            everything: matcher.everything,
            everything_entry: matcher.everything_entry,
            origins: matcher.origins,
            origin_entries: matcher.origin_entries,
            entry_texts,
            owner_names: self.sessions.owner_names().to_vec(),
        }
    }

    /// One event per item when there are few, one summary when there are many.
    fn emit_phase<T>(
        &mut self,
        kind: EventKind,
        items: &[T],
        each: impl Fn(&T) -> String,
        summary: impl Fn(usize) -> String,
    ) {
        if items.len() <= EVENTS_PER_PHASE {
            for item in items {
                let message = each(item);
                self.emit(kind, message);
            }
        } else {
            self.emit(kind, summary(items.len()));
        }
    }

    /// Ends running operations as killed, in one pass over the operation table.
    fn finish_killed_ops(
        &mut self,
        wanted: &Set<OpId>,
        cause: &std::rc::Rc<str>,
        effects: &mut Vec<(u32, Effect)>,
    ) {
        if wanted.is_empty() {
            return;
        }
        let quiet = wanted.len() > EVENTS_PER_PHASE;
        if quiet {
            self.emit(
                EventKind::OperationInterrupted,
                format!(
                    "{} operations interrupted (Interrupted): {cause}",
                    wanted.len()
                ),
            );
        }
        self.finished.reserve(wanted.len());
        let all = std::mem::take(&mut self.ops);
        self.ops.reserve(all.len() - wanted.len().min(all.len()));
        for (id, op) in all {
            if !wanted.contains(&id) {
                self.ops.insert(id, op);
                continue;
            }
            if let Some(slot) = op.slot {
                effects.push((slot, Effect::Interrupted(op.id)));
            }
            self.record_killed_op(
                &op,
                ErrorCode::Interrupted,
                std::rc::Rc::clone(cause),
                !quiet,
            );
        }
    }

    /// Ends a running operation as killed: its client gets `operation was interrupted`.
    pub(crate) fn finish_killed_op(&mut self, op_id: OpId, code: ErrorCode, cause: &str) {
        if let Some(op) = self.ops.shift_remove(&op_id) {
            self.record_killed_op(&op, code, cause.into(), true);
        }
    }

    fn record_killed_op(
        &mut self,
        op: &super::operations::Operation,
        code: ErrorCode,
        cause: std::rc::Rc<str>,
        announce: bool,
    ) {
        let op_id = op.id;
        if announce {
            self.emit(
                EventKind::OperationInterrupted,
                format!(
                    "operation {op_id} on conn{} interrupted ({}): {cause}",
                    op.conn,
                    code.name()
                ),
            );
        }
        let finished_at = self.clock;
        self.finished.insert(
            op_id,
            super::operations::FinishedOp::killed(code, cause, finished_at),
        );
        // Its command fails, and a failed command aborts the (unprepared) transaction it ran in.
        if let (Some(lsid), Some(n)) = (op.lsid, op.txn_number) {
            self.abort_after_failure(lsid, n, &super::error::ServerError::interrupted(code));
        }
    }
}
