//! `startSession`, `endSessions`, `refreshSessions` and `refreshLogicalSessionCacheNow`
//! (spec §8–10). endSessions only marks sessions as ending: the cache drops them, the sessions
//! collection deletes them and their cursors close at the next refresh; their operations keep
//! running and their transactions stay open.

use super::session_id;
use super::{idl, no_privilege, CommandSpec, Invocation, Reply};
use crate::engine::error::{ErrorCode, ServerError, ServerResult};
use crate::engine::ids::Lsid;
use crate::engine::sessions::CacheRecord;
use crate::engine::{Deployment, EventKind, SESSION_TIMEOUT_MS};
use bson::{doc, Document};

fn start_session(dep: &mut Deployment, inv: &Invocation<'_>) -> ServerResult<Reply> {
    if dep.auth_enabled() && dep.effective_user(inv.conn).is_none() {
        return Err(ServerError::new(
            ErrorCode::Unauthorized,
            "Logical sessions require authentication",
        ));
    }
    let id = dep.new_session_uuid();
    let lsid = Lsid::new(id, dep.caller_uid(inv.conn));
    let user = dep
        .effective_user(inv.conn)
        .map(crate::engine::auth::UserName::display);
    let (now, max) = (dep.now(), dep.options().max_sessions);
    let owner = dep.sessions.intern(user.as_deref());
    dep.sessions.add_if_not_full(
        lsid,
        CacheRecord {
            last_use: now,
            user: owner,
        },
        max,
    )?;
    dep.sessions.register(lsid, user.as_deref());
    let mut id_doc = Document::new();
    id_doc.insert("id", id.to_bson());
    Ok(Reply::Done(
        doc! { "id": id_doc, "timeoutMinutes": i32::try_from(SESSION_TIMEOUT_MS / 60_000).unwrap_or(30), "ok": 1.0 },
    ))
}

/// Parses the array of `LogicalSessionFromClient` of endSessions / refreshSessions into lsids;
/// both commands are strict (`sessions_commands.idl`), so a field after the array that is not a
/// generic argument is `IDLUnknownField`. The element path is `<command>.<field>` (derived;
/// spec open question 1).
fn parse_lsids(
    dep: &Deployment,
    inv: &Invocation<'_>,
    name: &str,
) -> ServerResult<Vec<(Lsid, bool)>> {
    let value = idl::present(inv.command.get(name)).ok_or_else(|| idl::missing(name))?;
    let items = idl::array(name, value)?;
    let elements = idl::parse_struct_array(name, items, |d| session_id::parse(name, d))?;
    super::idl_fields::parse_command(inv.command, name, &[], |_, _| Ok(()))?;
    elements
        .iter()
        .map(|e| session_id::make_lsid(dep, inv.conn, e, &[]).map(|l| (l, e.is_child())))
        .collect()
}

fn end_sessions(dep: &mut Deployment, inv: &Invocation<'_>) -> ServerResult<Reply> {
    let lsids = parse_lsids(dep, inv, "endSessions")?;
    if let Some((lsid, _)) = lsids.iter().find(|(_, child)| *child) {
        return Err(ServerError::new(
            ErrorCode::InvalidOptions,
            format!(
                "Cannot specify a child session id {}",
                lsid.to_server_string()
            ),
        ));
    }
    let now = dep.now();
    let count = lsids.len();
    dep.sessions.end(lsids.into_iter().map(|(l, _)| l), now);
    dep.emit(
        EventKind::SessionGone,
        format!("{count} session(s) marked as ending: they go at the next cache refresh"),
    );
    Ok(Reply::Done(doc! { "ok": 1.0 }))
}

fn refresh_sessions(dep: &mut Deployment, inv: &Invocation<'_>) -> ServerResult<Reply> {
    let lsids = parse_lsids(dep, inv, "refreshSessions")?;
    let own = dep.caller_uid(inv.conn);
    let user = dep
        .effective_user(inv.conn)
        .map(crate::engine::auth::UserName::display);
    let (now, max) = (dep.now(), dep.options().max_sessions);
    for (lsid, _) in lsids {
        let owner = if lsid.uid == own {
            user.as_deref()
        } else {
            None
        };
        dep.sessions.vivify(lsid, owner, now, max)?;
    }
    Ok(Reply::Done(doc! { "ok": 1.0 }))
}

fn refresh_now(dep: &mut Deployment, _: &Invocation<'_>) -> ServerResult<Reply> {
    dep.refresh_cache();
    Ok(Reply::Done(doc! { "ok": 1.0 }))
}

/// Session lifecycle commands.
pub(crate) const COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        name: "startSession",
        requires_auth: true,
        attaches_session: false,
        allowed_in_transaction: false,
        rejects_write_concern: true,
        authorize: no_privilege,
        run: start_session,
    },
    CommandSpec {
        name: "endSessions",
        requires_auth: true,
        attaches_session: false,
        allowed_in_transaction: false,
        rejects_write_concern: true,
        authorize: no_privilege,
        run: end_sessions,
    },
    CommandSpec {
        name: "refreshSessions",
        requires_auth: true,
        attaches_session: false,
        allowed_in_transaction: false,
        rejects_write_concern: true,
        authorize: no_privilege,
        run: refresh_sessions,
    },
    CommandSpec {
        name: "refreshLogicalSessionCacheNow",
        // A test command: no login needed (`requiresAuth()` false).
        requires_auth: false,
        attaches_session: false,
        allowed_in_transaction: false,
        rejects_write_concern: false,
        authorize: no_privilege,
        run: refresh_now,
    },
];
