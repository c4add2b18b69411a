//! Read-only views of the deployment for the board: users, connections, sessions with their
//! derived state, operations and cursors. Everything is plain data, sorted for stable output.

use super::auth::{Action, Resource};
use super::ids::Lsid;
use super::operations::{ConnId, OpId};
use super::sessions::Lifecycle;
use super::transactions::TxnState;
use super::{Connection, Deployment};
use serde::Serialize;

/// A session's headline state, as text and icon on its card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionState {
    /// Nothing running.
    Idle,
    /// An operation is running.
    OperationRunning,
    /// A cursor is open.
    CursorOpen,
    /// A transaction is in progress.
    TransactionInProgress,
    /// A transaction is prepared.
    TransactionPrepared,
    /// The last transaction committed.
    Committed,
    /// The last transaction was aborted.
    Aborted,
    /// endSessions named it; it goes at the next refresh.
    Ending,
    /// Ended by endSessions and a refresh.
    Ended,
    /// Expired after 30 idle minutes.
    Expired,
}

impl SessionState {
    /// Words for the card.
    pub fn label(self) -> &'static str {
        match self {
            SessionState::Idle => "idle",
            SessionState::OperationRunning => "operation running",
            SessionState::CursorOpen => "cursor open",
            SessionState::TransactionInProgress => "transaction in progress",
            SessionState::TransactionPrepared => "transaction prepared",
            SessionState::Committed => "committed",
            SessionState::Aborted => "aborted",
            SessionState::Ending => "ending",
            SessionState::Ended => "ended",
            SessionState::Expired => "expired",
        }
    }
}

/// One session card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SessionView {
    /// `UUID` text.
    pub id: String,
    /// uid hex.
    pub uid: String,
    /// Owner `name@db`, or `None`.
    pub owner: Option<String>,
    /// Headline state.
    pub state: SessionState,
    /// Last use in the cache or collection (ms), if listed anywhere.
    pub last_use: Option<i64>,
    /// In the in-memory cache (`$listLocalSessions`).
    pub in_cache: bool,
    /// In `config.system.sessions` (`$listSessions`).
    pub in_collection: bool,
    /// Active transaction number and state.
    pub txn: Option<(i64, TxnState)>,
    /// When the transaction in progress is aborted if it is still open (ms): its start plus
    /// `transactionLifetimeLimitSeconds` as it was then.
    #[serde(skip)]
    pub txn_deadline: Option<i64>,
    /// Running operations.
    pub operations: Vec<OpId>,
    /// Open cursors.
    pub cursors: Vec<i64>,
    #[serde(skip)]
    /// The session.
    pub lsid: Lsid,
}

/// One user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UserView {
    /// `name@db`.
    pub name: String,
    /// `role@db` list.
    pub roles: Vec<String>,
    /// Holds `killAnySession` on the cluster.
    pub kill_any_session: bool,
    /// The password it was created with, which the board's "Log in as…" and the hints type
    /// so that they log in as the learner's own users (the server never shows it; never
    /// serialized).
    #[serde(skip)]
    pub password: String,
}

/// One connection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConnectionView {
    /// Connection number.
    pub id: ConnId,
    /// Authenticated user.
    pub user: Option<String>,
    /// Running operation, if busy.
    pub running: Option<OpId>,
}

/// One running operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OperationView {
    /// opid.
    pub id: OpId,
    /// Connection.
    pub conn: ConnId,
    /// Command name.
    pub command: String,
    /// Session id text.
    pub session: Option<String>,
    /// Finishes at.
    pub ends_at: i64,
}

/// One open cursor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CursorView {
    /// Cursor id.
    pub id: i64,
    /// Namespace.
    pub ns: String,
    /// Session id text.
    pub session: Option<String>,
    /// Documents left.
    pub remaining: usize,
}

/// Everything the board shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BoardView {
    /// Logical time.
    pub now: i64,
    /// Access control.
    pub auth_enabled: bool,
    /// Users.
    pub users: Vec<UserView>,
    /// Connections.
    pub connections: Vec<ConnectionView>,
    /// Sessions in order of first appearance.
    pub sessions: Vec<SessionView>,
    /// Operations.
    pub operations: Vec<OperationView>,
    /// Cursors.
    pub cursors: Vec<CursorView>,
}

impl Deployment {
    /// The state of one session.
    pub fn session_view(&self, lsid: &Lsid) -> Option<SessionView> {
        let meta = self.sessions.registry.get(lsid)?;
        let operations: Vec<OpId> = self
            .ops
            .values()
            .filter(|o| o.lsid == Some(*lsid))
            .map(|o| o.id)
            .collect();
        let cursors: Vec<i64> = self
            .cursors
            .values()
            .filter(|c| c.lsid == Some(*lsid))
            .map(|c| c.id)
            .collect();
        let record = self.catalog.get(lsid);
        let txn = record.map(|t| (t.txn_number, t.state));
        let txn_deadline = record
            .filter(|t| t.state == TxnState::InProgress)
            .map(|t| t.expires_at);
        let state = match (meta.lifecycle, txn.map(|t| t.1)) {
            (Lifecycle::Ended { .. }, _) => SessionState::Ended,
            (Lifecycle::Expired { .. }, _) => SessionState::Expired,
            (_, Some(TxnState::Prepared)) => SessionState::TransactionPrepared,
            (_, Some(TxnState::InProgress)) => SessionState::TransactionInProgress,
            _ if !operations.is_empty() => SessionState::OperationRunning,
            _ if !cursors.is_empty() => SessionState::CursorOpen,
            (Lifecycle::Ending { .. }, _) => SessionState::Ending,
            (_, Some(TxnState::Committed)) => SessionState::Committed,
            (_, Some(TxnState::AbortedWithoutPrepare | TxnState::AbortedWithPrepare)) => {
                SessionState::Aborted
            }
            _ => SessionState::Idle,
        };
        let cache = self.sessions.cache.get(lsid);
        let stored = self.sessions.collection.get(lsid);
        Some(SessionView {
            id: lsid.id.to_hyphenated(),
            uid: lsid.uid.to_hex(),
            owner: self.sessions.owner_name(meta.owner).map(str::to_owned),
            state,
            last_use: cache.or(stored).map(|r| r.last_use),
            in_cache: cache.is_some(),
            in_collection: stored.is_some(),
            txn,
            txn_deadline,
            operations,
            cursors,
            lsid: *lsid,
        })
    }

    /// Every known session in order of first appearance.
    pub fn session_views(&self) -> Vec<SessionView> {
        // The registry is insertion-ordered: first appearance first.
        self.sessions
            .registry
            .keys()
            .filter_map(|l| self.session_view(l))
            .collect()
    }

    /// The users, with their roles and whether they may kill any session.
    pub fn user_views(&self) -> Vec<UserView> {
        self.users
            .users()
            .map(|u| UserView {
                name: u.name.display(),
                roles: u
                    .roles
                    .iter()
                    .map(|r| format!("{}@{}", r.role, r.db))
                    .collect(),
                kill_any_session: self.users.has_privilege(
                    &u.name,
                    &Resource::Cluster,
                    Action::KillAnySession,
                ),
                password: u.password.clone(),
            })
            .collect()
    }

    /// One connection: who is logged in on it and what it runs (what a console shows about its
    /// own connection, without building the whole board).
    pub fn connection_view(&self, id: ConnId) -> Option<ConnectionView> {
        self.connections.get(&id).map(|c| self.view_of(c))
    }

    fn view_of(&self, c: &Connection) -> ConnectionView {
        ConnectionView {
            id: c.id,
            user: c.user.as_ref().map(super::auth::UserName::display),
            running: self.ops.values().find(|o| o.conn == c.id).map(|o| o.id),
        }
    }

    /// Everything the board shows.
    pub fn board(&self) -> BoardView {
        let users = self.user_views();
        let connections = self.connections.values().map(|c| self.view_of(c)).collect();
        let operations = self
            .ops
            .values()
            .map(|o| OperationView {
                id: o.id,
                conn: o.conn,
                command: o.work.command.keys().next().cloned().unwrap_or_default(),
                session: o.lsid.map(|l| l.id.to_hyphenated()),
                ends_at: o.ends_at,
            })
            .collect();
        let cursors = self
            .cursors
            .values()
            .map(|c| CursorView {
                id: c.id,
                ns: c.ns.full(),
                session: c.lsid.map(|l| l.id.to_hyphenated()),
                remaining: c.remaining().len(),
            })
            .collect();
        BoardView {
            now: self.clock,
            auth_enabled: self.auth_enabled,
            users,
            connections,
            sessions: self.session_views(),
            operations,
            cursors,
        }
    }
}

impl Deployment {
    /// Names of the collections of a database, for completion.
    pub fn collection_names(&self, db: &str) -> Vec<String> {
        self.data
            .keys()
            .filter(|ns| ns.db == db)
            .map(|ns| ns.coll.clone())
            .collect()
    }
}
