//! Operations: the test command `sleep` (an operation that runs for a stretch of logical
//! time), `currentOp` (with `$ownOps` and a filter) and `killOp`. A killed operation's client
//! gets `{ ok: 0, errmsg: "operation was interrupted", code: 11601, codeName: "Interrupted" }`.

use super::{current_op, idl, no_privilege, CommandSpec, Invocation, Reply};
use crate::engine::auth::{Action, Resource};
use crate::engine::error::{ErrorCode, ServerError, ServerResult};
use crate::engine::operations::{Completion, ConnId};
use crate::engine::storage::{truthy, Filter};
use crate::engine::Deployment;
use bson::{doc, Bson, Document};

/// `sleep` as the test command reads it (`test_commands.cpp`'s `CmdSleep`): `secs` (or
/// `seconds`, not both: 51153) and `millis` add up, each a number (`'secs' must be a number.`,
/// 34344; `'seconds' …`, 51154; `'millis' …`, 34345) cut to a whole count; neither is ten
/// seconds; a sum below zero ends at once.
fn sleep(dep: &mut Deployment, inv: &Invocation<'_>) -> ServerResult<Reply> {
    let field = |name: &str| inv.command.get(name);
    if field("secs").is_some() && field("seconds").is_some() {
        return Err(ServerError::new(
            ErrorCode::Location(51153),
            "Only one of 'secs' and 'seconds' may be specified",
        ));
    }
    let mut millis: Option<i64> = None;
    for (name, code, scale) in [
        ("secs", 34344, 1000),
        ("seconds", 51154, 1000),
        ("millis", 34345, 1),
    ] {
        if let Some(value) = field(name) {
            let number = idl::safe_number_long(value).ok_or_else(|| {
                ServerError::new(
                    ErrorCode::Location(code),
                    format!("'{name}' must be a number."),
                )
            })?;
            millis = Some(
                millis
                    .unwrap_or(0)
                    .saturating_add(number.saturating_mul(scale)),
            );
        }
    }
    let ns = format!("{}.$cmd", inv.db);
    let millis = millis.unwrap_or(10_000).max(0);
    super::crud::run_for(dep, inv, ns, Completion::Reply(doc! { "ok": 1.0 }), millis)
}

fn may_see_ops(dep: &Deployment, conn: ConnId, _: &str, cmd: &Document) -> ServerResult<()> {
    let own_ops = cmd.get("$ownOps").is_some_and(truthy);
    super::require(own_ops || dep.is_authorized(conn, &Resource::Cluster, Action::Inprog))
}

/// `currentOp`: the server runs it as `$currentOp` (`allUsers` unless `$ownOps`,
/// `idleConnections` with `$all`, idle sessions as by default) and a `$match` on the rest of
/// the command.
fn current_op(dep: &mut Deployment, inv: &Invocation<'_>) -> ServerResult<Reply> {
    let own_only = inv.command.get("$ownOps").is_some_and(truthy);
    let mut filter = inv.command.clone();
    for generic in [
        "currentOp",
        "$ownOps",
        "$all",
        "lsid",
        "$db",
        "txnNumber",
        "autocommit",
        "startTransaction",
        "$readPreference",
        "comment",
    ] {
        filter.remove(generic);
    }
    let filter = Filter::parse_match(&filter)?;
    let options = current_op::Options {
        all_users: !own_only,
        idle_connections: inv.command.get("$all").is_some_and(truthy),
        ..current_op::Options::default()
    };
    let inprog: Vec<Bson> = current_op::report(dep, inv.conn, options)
        .into_iter()
        .filter(|d| filter.matches(d))
        .map(Bson::Document)
        .collect();
    Ok(Reply::Done(doc! { "inprog": inprog, "ok": 1.0 }))
}

fn may_kill_op(dep: &Deployment, conn: ConnId, _: &str, cmd: &Document) -> ServerResult<()> {
    if dep.is_authorized(conn, &Resource::Cluster, Action::Killop) {
        return Ok(());
    }
    // Users may always kill their own operations (`checkAuthForOperation` reads the id first).
    let me = dep
        .effective_user(conn)
        .map(crate::engine::auth::UserName::display);
    let own = dep
        .ops
        .get(&op_id(cmd)?)
        .is_some_and(|o| o.work.user.is_some() && o.work.user == me);
    super::require(own)
}

/// `KillOpCmdBase::parseOpId`: `op` by `bsonExtractIntegerField`, within 32 bits
/// (`invalid op : <op>. Op ID cannot be represented with 32 bits`, 26823); a negative id is the
/// unsigned id it wraps to.
fn op_id(command: &Document) -> ServerResult<u32> {
    let op = idl::extract_integer_field(command, "op")?;
    let id = i32::try_from(op).map_err(|_| {
        ServerError::new(
            ErrorCode::Location(26823),
            format!("invalid op : {op}. Op ID cannot be represented with 32 bits"),
        )
    })?;
    #[allow(
        clippy::cast_sign_loss,
        reason = "the server's static_cast<unsigned int>"
    )]
    Ok(id as u32)
}

fn kill_op(dep: &mut Deployment, inv: &Invocation<'_>) -> ServerResult<Reply> {
    let id = op_id(inv.command)?;
    dep.finish_killed_op(id, ErrorCode::Interrupted, "killed by killOp");
    Ok(Reply::Done(
        doc! { "info": "attempting to kill op", "ok": 1.0 },
    ))
}

/// Operation commands.
pub(crate) const COMMANDS: &[CommandSpec] = &[CommandSpec {
    name: "sleep",
    requires_auth: true,
    attaches_session: true,
    allowed_in_transaction: false,
    rejects_write_concern: false,
    authorize: no_privilege,
    run: sleep,
}];

/// Listing and killing operations: commands few pages run, fetched on first use
/// ([`super::on_demand`]).
pub(crate) const OPERATION_COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        name: "currentOp",
        requires_auth: true,
        attaches_session: true,
        allowed_in_transaction: false,
        rejects_write_concern: false,
        authorize: may_see_ops,
        run: current_op,
    },
    CommandSpec {
        name: "killOp",
        requires_auth: true,
        attaches_session: true,
        allowed_in_transaction: false,
        rejects_write_concern: false,
        authorize: may_kill_op,
        run: kill_op,
    },
];
