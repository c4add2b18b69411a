//! The server's report of what is going on, shared by the `$currentOp` aggregation stage and the
//! `currentOp` command (which the server runs as `$currentOp` plus a `$match`). Entries follow
//! `CommonProcessInterface::getCurrentOps` and its mongod parts: one `op` per running operation,
//! an `idleConnection` per connection running nothing (with `idleConnections`), an
//! `idleSession` per session whose transaction is open but not running a command
//! (`TransactionParticipant::reportStashedState`; on by default), and an `idleCursor` per open
//! cursor (with `idleCursors`).

use crate::engine::auth::UserName;
use crate::engine::bson_text::{iso_millis, type_name};
use crate::engine::error::{ErrorCode, ServerError, ServerResult};
use crate::engine::ids::Uid;
use crate::engine::operations::{ConnId, Cursor, Operation};
use crate::engine::transactions::{TxnRecord, TxnState};
use crate::engine::Deployment;
use bson::{doc, Bson, Document};

/// The host every entry names.
const HOST: &str = "localhost:27017";

/// What a report includes (`$currentOp`'s options; `localOps` and `truncateOps` are accepted
/// and change nothing on a single mongod whose commands are short).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(
    clippy::struct_excessive_bools,
    reason = "the stage's own boolean options, one field each"
)]
pub(crate) struct Options {
    /// Other users' entries too (needs the `inprog` privilege when access control is on).
    pub all_users: bool,
    /// Connections running nothing.
    pub idle_connections: bool,
    /// Sessions holding an open transaction between commands.
    pub idle_sessions: bool,
    /// Open cursors.
    pub idle_cursors: bool,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            all_users: false,
            idle_connections: false,
            idle_sessions: true,
            idle_cursors: false,
        }
    }
}

/// Parses `$currentOp`'s options with the server's errors (`DocumentSourceCurrentOp`).
pub(crate) fn parse_stage(value: &Bson) -> ServerResult<Options> {
    let Bson::Document(spec) = value else {
        return Err(ServerError::new(
            ErrorCode::TypeMismatch,
            format!(
                "$currentOp options must be specified in an object, but found: {}",
                type_name(value)
            ),
        ));
    };
    let not_boolean = |code, field: &str, value: &Bson| {
        ServerError::new(
            code,
            format!("The '{field}' parameter of the $currentOp stage must be a boolean value, but found: {}", type_name(value)),
        )
    };
    // The first parse (`LiteParsed`, for the privilege check) looks at `allUsers` and
    // `localOps` alone, and reports a wrong type as TypeMismatch.
    if let Some((field, value)) = spec.iter().find(|(field, value)| {
        matches!(field.as_str(), "allUsers" | "localOps") && !matches!(value, Bson::Boolean(_))
    }) {
        return Err(not_boolean(ErrorCode::TypeMismatch, field, value));
    }
    let mut options = Options::default();
    for (field, value) in spec {
        let slot = match field.as_str() {
            "allUsers" => Some(&mut options.all_users),
            "idleConnections" => Some(&mut options.idle_connections),
            "idleSessions" => Some(&mut options.idle_sessions),
            "idleCursors" => Some(&mut options.idle_cursors),
            "localOps" | "truncateOps" | "backtrace" => None,
            other => {
                return Err(ServerError::new(
                    ErrorCode::FailedToParse,
                    format!("Unrecognized option '{other}' in $currentOp stage."),
                ))
            }
        };
        let Bson::Boolean(flag) = value else {
            return Err(not_boolean(ErrorCode::FailedToParse, field, value));
        };
        if let Some(slot) = slot {
            *slot = *flag;
        }
    }
    Ok(options)
}

/// Whether `allUsers` is asked for (checked before the stage is parsed in full, as the
/// server's lite parse does for the privilege check).
pub(crate) fn asks_all_users(value: &Bson) -> bool {
    value.as_document().is_some_and(|spec| {
        spec.iter()
            .any(|(field, value)| field == "allUsers" && matches!(value, Bson::Boolean(true)))
    })
}

/// Whose entries a report on `conn` may show: everyone's with `allUsers` or access control
/// off, else those of the connection's user.
struct Viewer {
    user: Option<String>,
    uid: Option<Uid>,
}

impl Viewer {
    fn new(dep: &Deployment, conn: ConnId, options: Options) -> Self {
        if options.all_users || !dep.auth_enabled() {
            return Self {
                user: None,
                uid: None,
            };
        }
        let me = dep.effective_user(conn);
        Self {
            user: Some(me.map(UserName::display).unwrap_or_default()),
            uid: Some(me.map_or_else(|| Uid::of_user("", ""), |u| Uid::of_user(&u.user, &u.db))),
        }
    }

    fn sees_user(&self, user: Option<&String>) -> bool {
        self.user.as_ref().is_none_or(|me| user == Some(me))
    }

    fn sees_uid(&self, uid: Option<Uid>) -> bool {
        self.uid.is_none_or(|me| uid == Some(me))
    }
}

/// The report, in the server's order: operations and connections, then idle sessions, then
/// idle cursors.
pub(crate) fn report(dep: &Deployment, conn: ConnId, options: Options) -> Vec<Document> {
    let viewer = Viewer::new(dep, conn, options);
    let now = dep.now();
    let mut entries: Vec<Document> = dep
        .ops
        .values()
        .filter(|op| viewer.sees_user(op.work.user.as_ref()))
        .map(|op| op_entry(op, now))
        .collect();
    if options.idle_connections {
        entries.extend(
            dep.connections
                .keys()
                .copied()
                .filter(|c| dep.ops.values().all(|op| op.conn != *c))
                .filter(|c| {
                    viewer.sees_user(dep.effective_user(*c).map(UserName::display).as_ref())
                })
                .map(|c| idle_connection_entry(dep, c, now)),
        );
    }
    if options.idle_sessions {
        entries.extend(
            dep.catalog
                .iter()
                .filter(|(lsid, record)| {
                    record.state.is_open()
                        && viewer.sees_uid(Some(lsid.uid))
                        && dep.ops.values().all(|op| op.lsid != Some(**lsid))
                })
                .map(|(lsid, record)| idle_session_entry(lsid.to_document(), record, now)),
        );
    }
    if options.idle_cursors {
        entries.extend(
            dep.cursors
                .values()
                .filter(|cursor| viewer.sees_uid(cursor.lsid.map(|l| l.uid)))
                .map(idle_cursor_entry),
        );
    }
    entries
}

fn effective_users(user: &str) -> Bson {
    let (name, db) = UserName::split_display(user).unwrap_or((user, ""));
    Bson::Array(vec![Bson::Document(doc! { "user": name, "db": db })])
}

fn op_entry(op: &Operation, now: i64) -> Document {
    let running_ms = now - op.started_at;
    let mut d = doc! {
        "type": "op",
        "host": HOST,
        "desc": format!("conn{}", op.conn),
        "connectionId": i32::try_from(op.conn).unwrap_or(i32::MAX),
        "active": true,
        "opid": i32::try_from(op.id).unwrap_or(i32::MAX),
    };
    if let Some(lsid) = op.lsid {
        d.insert("lsid", lsid.to_document());
    }
    if let Some(n) = op.txn_number {
        d.insert(
            "transaction",
            doc! { "parameters": { "txnNumber": n, "autocommit": false } },
        );
    }
    d.insert("secs_running", running_ms / 1000);
    d.insert("microsecs_running", running_ms * 1000);
    let kind = match op.work.command.keys().next().map(String::as_str) {
        Some("find") => "query",
        Some(write @ ("insert" | "update")) => write,
        Some("delete") => "remove",
        _ => "command",
    };
    d.insert("op", kind);
    d.insert("ns", op.work.ns.clone());
    d.insert("command", op.work.command.clone());
    if let Some(user) = &op.work.user {
        d.insert("effectiveUsers", effective_users(user));
    }
    d
}

fn idle_connection_entry(dep: &Deployment, conn: ConnId, now: i64) -> Document {
    let mut d = doc! {
        "type": "idleConnection",
        "host": HOST,
        "desc": format!("conn{conn}"),
        "connectionId": i32::try_from(conn).unwrap_or(i32::MAX),
        "active": false,
        "currentOpTime": format!("{}+00:00", iso_millis(now)),
    };
    if let Some(user) = dep.effective_user(conn) {
        d.insert("effectiveUsers", effective_users(&user.display()));
    }
    d
}

/// `reportStashedState`: an open transaction between commands.
fn idle_session_entry(lsid: Document, record: &TxnRecord, now: i64) -> Document {
    let micros = |ms: i64| ms.saturating_mul(1000);
    let mut transaction = doc! {
        "parameters": {
            "txnNumber": record.txn_number,
            "txnRetryCounter": 0,
            "autocommit": false,
            "readConcern": {},
        },
        "readTimestamp": bson::Timestamp { time: 0, increment: 0 },
        "startWallClockTime": format!("{}+00:00", iso_millis(record.started_at)),
        "timeOpenMicros": micros(now - record.started_at),
        // Commands take no logical time, so a transaction is never active between them.
        "timeActiveMicros": 0_i64,
        "timeInactiveMicros": micros(now - record.started_at),
    };
    if let Some(prepared_at) = record
        .prepared_at
        .filter(|_| record.state == TxnState::Prepared)
    {
        transaction.insert("timePreparedMicros", micros(now - prepared_at));
    }
    transaction.insert(
        "expiryTime",
        format!("{}+00:00", iso_millis(record.expires_at)),
    );
    let mut d = doc! {
        "type": "idleSession",
        "host": HOST,
        "desc": "inactive transaction",
    };
    if let Some(conn) = record.last_conn {
        d.insert("connectionId", i32::try_from(conn).unwrap_or(i32::MAX));
    }
    d.insert("lsid", lsid);
    d.insert("transaction", transaction);
    d.insert("waitingForLock", false);
    d.insert("active", false);
    d
}

/// An open cursor (`_reportCurrentOpsForIdleCursors` and the `GenericCursor` it serializes).
fn idle_cursor_entry(cursor: &Cursor) -> Document {
    let mut d = doc! { "type": "idleCursor", "host": HOST, "ns": cursor.ns.full() };
    if let Some(lsid) = cursor.lsid {
        d.insert("lsid", lsid.to_document());
    }
    if !cursor.ns.coll.starts_with("$cmd") {
        // Session Lab's finds scan the collection.
        d.insert("planSummary", "COLLSCAN");
    }
    let mut generic = doc! {
        "cursorId": cursor.id,
        "createdDate": bson::DateTime::from_millis(cursor.created_at),
        "lastAccessDate": bson::DateTime::from_millis(cursor.last_access),
        "nDocsReturned": i64::try_from(cursor.next).unwrap_or(i64::MAX),
        "nBatchesReturned": i64::from(cursor.batches),
        "noCursorTimeout": cursor.no_timeout,
        "tailable": false,
        "awaitData": false,
    };
    if let Some(n) = cursor.txn_number {
        generic.insert("txnNumber", n);
    }
    d.insert("cursor", generic);
    d
}

/// The `$currentOp` stage's namespace rule.
pub(crate) fn check_namespace(db: &str, target: &Bson) -> ServerResult<()> {
    let collectionless = matches!(target, Bson::Int32(1) | Bson::Int64(1))
        || matches!(target, Bson::Double(d) if (*d - 1.0).abs() <= f64::EPSILON);
    if db == "admin" && collectionless {
        Ok(())
    } else {
        Err(ServerError::new(
            ErrorCode::InvalidNamespace,
            "$currentOp must be run against the 'admin' database with {aggregate: 1}",
        ))
    }
}
