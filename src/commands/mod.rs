//! The server's commands, one module per family, each command named after its wire name.
//! [`dispatch`] runs the steps every command goes through on the real server, in order:
//! look-up (`no such command`), the database of an admin-only command (`X may only be run
//! against the admin database.`), authentication (`Command X requires authentication`), the
//! command's own authorization check (an `Unauthorized` failure rewritten to `not authorized on
//! <db> to execute command <request>`), the generic session arguments (`lsid`, `txnNumber`,
//! `autocommit`, `startTransaction`; the session is vivified unless the command opts out), whether
//! the command may run in a transaction, its read and write concerns, the transaction gate, then
//! the command body.

// Every command body has the `Body` signature so the command table can hold it, even the
// bodies that cannot fail; the same holds for `AuthCheck`.
#![allow(
    clippy::unnecessary_wraps,
    reason = "command bodies share one fn-pointer signature"
)]

mod aggregate;
mod catalog;
mod concerns;
mod crud;
mod current_op;
mod distinct;
mod find_and_modify;
pub mod idl;
mod idl_fields;
mod kill;
mod lifecycle;
mod max_time;
mod misc;
pub mod on_demand;
mod ops;
mod parameters;
mod pipeline_updates;
mod retryable;
mod server_status;
pub mod session_id;
mod txn;
mod users;

use crate::engine::bson_text::document_to_server_string;
use crate::engine::error::{ErrorCode, ServerError, ServerResult};
use crate::engine::ids::Lsid;
use crate::engine::kill::KillReport;
use crate::engine::operations::{ConnId, OpId};
use crate::engine::Deployment;
use bson::{Bson, Document};

/// What a command body produced.
pub(crate) enum Reply {
    /// A finished reply.
    Done(Document),
    /// A kill command's `{ ok: 1 }` with its verdicts.
    Killed(KillReport),
    /// An operation that keeps running.
    Pending(OpId),
}

/// Everything a command body needs to know about its invocation.
pub(crate) struct Invocation<'a> {
    /// The connection.
    pub conn: ConnId,
    /// The database the command runs against.
    pub db: &'a str,
    /// The attached session.
    pub lsid: Option<Lsid>,
    /// `txnNumber`, when the command runs in a transaction.
    pub txn_number: Option<i64>,
    /// The command document as sent.
    pub command: &'a Document,
}

impl Invocation<'_> {
    /// What an operation started by this command runs: the command as received on `ns`, by the
    /// connection's user, delivering `completion`.
    pub fn op_work(
        &self,
        dep: &Deployment,
        ns: String,
        completion: crate::engine::operations::Completion,
    ) -> crate::engine::operations::OpWork {
        crate::engine::operations::OpWork {
            ns,
            command: self.command.clone(),
            user: dep
                .effective_user(self.conn)
                .map(crate::engine::auth::UserName::display),
            completion,
        }
    }

    /// Who runs this command, in which session and transaction (for operations and cursors).
    pub fn origin(&self) -> crate::engine::operations::Origin {
        crate::engine::operations::Origin {
            conn: self.conn,
            lsid: self.lsid,
            txn_number: self.txn_number,
            no_cursor_timeout: self.command.get("noCursorTimeout") == Some(&Bson::Boolean(true)),
        }
    }
}

/// Result of a command-specific authorization check.
pub(crate) type AuthCheck = fn(&Deployment, ConnId, &str, &Document) -> ServerResult<()>;
/// A command body.
pub(crate) type Body = fn(&mut Deployment, &Invocation<'_>) -> ServerResult<Reply>;

/// A command's static description.
#[allow(
    clippy::struct_excessive_bools,
    reason = "a static table of independent per-command flags"
)]
pub(crate) struct CommandSpec {
    /// Wire name.
    pub name: &'static str,
    /// `requiresAuth()`.
    pub requires_auth: bool,
    /// Whether the command's own lsid is attached (vivified). Kill commands, startSession,
    /// endSessions and refreshSessions opt out.
    pub attaches_session: bool,
    /// Whether it may run inside a multi-document transaction.
    pub allowed_in_transaction: bool,
    /// Whether `writeConcern` is rejected (`supportsWriteConcern` false).
    pub rejects_write_concern: bool,
    /// The command-specific authorization check.
    pub authorize: AuthCheck,
    /// The body.
    pub run: Body,
}

/// Generic arguments every command accepts (`generic_argument.idl`'s API version 1 list), which
/// a strict command's parser lets pass.
const GENERIC_ARGUMENTS: &[&str] = &[
    "apiVersion",
    "apiStrict",
    "apiDeprecationErrors",
    "$db",
    "maxTimeMS",
    "readConcern",
    "writeConcern",
    "lsid",
    "clientOperationKey",
    "txnNumber",
    "autocommit",
    "startTransaction",
    "stmtId",
    "comment",
    "$readPreference",
    "$clusterTime",
];

/// Authorization check that always passes.
pub(crate) fn no_privilege(_: &Deployment, _: ConnId, _: &str, _: &Document) -> ServerResult<()> {
    Ok(())
}

/// The commands every page has, family by family; [`on_demand`] has the rest.
const TABLES: [&[CommandSpec]; 7] = [
    kill::COMMANDS,
    lifecycle::COMMANDS,
    crud::COMMANDS,
    txn::COMMANDS,
    ops::COMMANDS,
    users::COMMANDS,
    misc::COMMANDS,
];

fn find_command(name: &str) -> Option<&'static CommandSpec> {
    TABLES
        .into_iter()
        .flatten()
        .chain(on_demand::installed())
        .find(|c| {
            c.name == name || (c.name == "hello" && (name == "isMaster" || name == "ismaster"))
        })
}

/// Names of all commands, for autocompletion.
pub fn command_names() -> Vec<&'static str> {
    TABLES
        .into_iter()
        .flatten()
        .map(|c| c.name)
        .chain(on_demand::NAMES)
        .collect()
}

/// Runs one command and shapes the outcome: `(reply, verdicts, pending operation)`.
pub(crate) fn dispatch(
    dep: &mut Deployment,
    conn: ConnId,
    db: &str,
    command: &Document,
) -> (Document, Option<KillReport>, Option<OpId>) {
    match run(dep, conn, db, command) {
        Ok(Reply::Done(reply)) => (reply, None, None),
        Ok(Reply::Killed(report)) => (bson::doc! { "ok": 1.0 }, Some(report), None),
        Ok(Reply::Pending(op)) => (Document::new(), None, Some(op)),
        Err(error) => (error.to_reply(), None, None),
    }
}

/// The command called `name`: `no such command` if there is none, and a mark on the deployment
/// if its code is still to fetch ([`on_demand`]; whoever ran the input runs it again once the
/// code is here).
fn look_up(dep: &mut Deployment, name: &str) -> ServerResult<&'static CommandSpec> {
    if let Some(spec) = find_command(name) {
        return Ok(spec);
    }
    if on_demand::NAMES.contains(&name) {
        dep.missed_code = true;
        return Err(ServerError::new(
            ErrorCode::InternalError,
            format!("the code of '{name}' is still loading: run it again in a moment"),
        ));
    }
    Err(ServerError::new(
        ErrorCode::CommandNotFound,
        format!("no such command: '{name}'"),
    ))
}

/// The commands the server runs only against `admin` (their `adminOnly()` is true: the
/// transaction commands, the operation commands, the server parameters' commands,
/// `listDatabases` and the test command `sleep`).
const ADMIN_ONLY: [&str; 9] = [
    "commitTransaction",
    "abortTransaction",
    "prepareTransaction",
    "currentOp",
    "killOp",
    "sleep",
    "getParameter",
    "setParameter",
    "listDatabases",
];

/// `CommandInvocation::checkAuthorization`: the database of an admin-only command, before the
/// caller's login (`checkAuthorizationImplPreParse`); the login; the command's own check, whose
/// `Unauthorized` is rewritten to name the request.
fn check_authorization(
    dep: &Deployment,
    conn: ConnId,
    db: &str,
    spec: &CommandSpec,
    command: &Document,
) -> ServerResult<()> {
    if db != "admin" && ADMIN_ONLY.contains(&spec.name) {
        return Err(ServerError::new(
            ErrorCode::Unauthorized,
            format!("{} may only be run against the admin database.", spec.name),
        ));
    }

    let localhost_exception = dep.auth_enabled && dep.users.is_empty() && spec.name == "createUser";
    if dep.auth_enabled
        && spec.requires_auth
        && dep.effective_user(conn).is_none()
        && !localhost_exception
    {
        return Err(ServerError::new(
            ErrorCode::Unauthorized,
            format!("Command {} requires authentication", spec.name),
        ));
    }
    if !localhost_exception {
        if let Err(error) = (spec.authorize)(dep, conn, db, command) {
            if error.code == ErrorCode::Unauthorized {
                let mut request = command.clone();
                if !request.contains_key("$db") {
                    request.insert("$db", db);
                }
                return Err(ServerError::new(
                    ErrorCode::Unauthorized,
                    format!(
                        "not authorized on {db} to execute command {}",
                        document_to_server_string(&request)
                    ),
                ));
            }
            return Err(error);
        }
    }
    Ok(())
}

fn run(dep: &mut Deployment, conn: ConnId, db: &str, command: &Document) -> ServerResult<Reply> {
    if !dep.connections.contains_key(&conn) {
        return Err(ServerError::new(
            ErrorCode::HostUnreachable,
            format!("connection conn{conn} is closed"),
        ));
    }
    let spec = look_up(dep, command.keys().next().map_or("", String::as_str))?;

    check_authorization(dep, conn, db, spec, command)?;
    let session = txn::parse_session_args(command)?;
    max_time::limit(command)?;
    let lsid = match &session.lsid {
        Some(from_client) => {
            let lsid = session_id::make_lsid(dep, conn, from_client, &[])?;
            // `initializeOperationSessionInfo`: internal sessions are for cluster members (any
            // caller with access control off), and only inside transactions.
            if from_client.is_child() {
                if !dep.is_authorized(
                    conn,
                    &crate::engine::auth::Resource::Cluster,
                    crate::engine::auth::Action::Internal,
                ) {
                    return Err(ServerError::new(
                        ErrorCode::InvalidOptions,
                        "Internal sessions are only allowed for internal clients",
                    ));
                }
                if !(session.txn_number.is_some() && session.autocommit == Some(false)) {
                    return Err(ServerError::new(
                        ErrorCode::InvalidOptions,
                        "Internal sessions are not supported outside of transactions",
                    ));
                }
            }
            Some(lsid)
        }
        None => None,
    };
    let lsid = if spec.attaches_session { lsid } else { None };
    if let Some(lsid) = lsid {
        let user = dep
            .effective_user(conn)
            .map(crate::engine::auth::UserName::display);
        dep.sessions
            .vivify(lsid, user.as_deref(), dep.clock, dep.options.max_sessions)?;
    }
    if lsid.is_some() {
        txn::validate_session_options(spec, db, &session)?;
    }
    let in_transaction = lsid.is_some() && session.autocommit.is_some();
    concerns::check(
        spec,
        command,
        in_transaction,
        in_transaction && session.start_transaction == Some(true),
    )?;
    let txn_number = txn::gate(dep, spec, lsid, &session)?;
    if let (Some(lsid), Some(_)) = (lsid, txn_number) {
        if let Some(record) = dep.catalog.get_mut(&lsid) {
            record.last_conn = Some(conn);
            if session.start_transaction == Some(true) {
                record.read_concern = concerns::read_concern_level(command).map(str::to_owned);
            }
        }
    }
    let invocation = Invocation {
        conn,
        db,
        lsid,
        txn_number,
        command,
    };
    let result = (spec.run)(dep, &invocation);
    if let (Err(failure), Some(lsid), Some(n), Some(false)) =
        (&result, lsid, txn_number, session.autocommit)
    {
        dep.abort_after_failure(lsid, n, failure);
    }
    result
}

// The entry point of the commands lives here, above the engine, so that the engine never
// imports the layer built on it.
impl Deployment {
    /// Runs one command on a connection against database `db`.
    pub fn run_command(
        &mut self,
        conn: ConnId,
        db: &str,
        command: &Document,
    ) -> crate::engine::CommandOutcome {
        self.charge(crate::engine::COMMAND_WORK);
        let (reply, report, pending) = dispatch(self, conn, db, command);
        // A command that ended a transaction lets the writes waiting for it run now (a scan of
        // the running operations, paid like a timer step's).
        self.charge(self.ops.len() / crate::engine::SCAN_PER_UNIT);
        let finished = self.complete_due_ops();
        self.charge(finished);
        crate::engine::CommandOutcome {
            reply,
            events: self.take_events(),
            report,
            pending,
        }
    }
}

/// The command's first value (`{ find: "coll" }` → `"coll"`).
pub(crate) fn first_value(command: &Document) -> &Bson {
    command.iter().next().map_or(&Bson::Null, |(_, v)| v)
}

/// Whether the caller may run an admin-only kind of action: a tiny helper for checks.
pub(crate) fn require(ok: bool) -> ServerResult<()> {
    if ok {
        Ok(())
    } else {
        Err(ServerError::new(ErrorCode::Unauthorized, "unauthorized"))
    }
}
