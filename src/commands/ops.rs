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

fn sleep(dep: &mut Deployment, inv: &Invocation<'_>) -> ServerResult<Reply> {
    let millis = match (
        idl::present(inv.command.get("millis")),
        idl::present(inv.command.get("secs")),
    ) {
        (Some(ms), _) => idl::number("sleep.millis", ms)?,
        (None, Some(secs)) => idl::number("sleep.secs", secs)? * 1000.0,
        (None, None) => 10_000.0,
    };
    #[allow(clippy::cast_possible_truncation, reason = "a duration in ms")]
    let millis = millis.max(0.0) as i64;
    let ns = format!("{}.$cmd", inv.db);
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
    // Users may always kill their own operations.
    let me = dep
        .effective_user(conn)
        .map(crate::engine::auth::UserName::display);
    let own = cmd
        .get("op")
        .and_then(|id| match id {
            bson::Bson::Int32(i) => u32::try_from(*i).ok(),
            bson::Bson::Int64(i) => u32::try_from(*i).ok(),
            _ => None,
        })
        .and_then(|id| dep.ops.get(&id))
        .is_some_and(|o| o.work.user.is_some() && o.work.user == me);
    super::require(own)
}

fn kill_op(dep: &mut Deployment, inv: &Invocation<'_>) -> ServerResult<Reply> {
    let op = idl::present(inv.command.get("op"))
        .ok_or_else(|| ServerError::new(ErrorCode::BadValue, "Did not provide \"op\" field"))?;
    let id = idl::number("killOp.op", op)?;
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "an opid"
    )]
    let id = id as u32;
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
