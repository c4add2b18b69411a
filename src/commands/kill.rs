//! `killSessions`, `killAllSessions` and `killAllSessionsByPattern` (spec §5–7): authorization
//! before parsing, IDL parsing with the server's messages, pattern building, then the shared
//! kill (`Deployment::kill_sessions_local`). Each replies `{ ok: 1 }` and yields a verdict
//! report. None of them attaches its own lsid, so a kill command can never kill itself.

use super::idl_fields::{self, FieldType, FieldValue};
use super::session_id;
use super::{idl, CommandSpec, Invocation, Reply};
use crate::engine::auth::{Action, Resource};
use crate::engine::error::{ErrorCode, ServerError, ServerResult};
use crate::engine::ids::Uid;
use crate::engine::kill::{KillPattern, PatternOrigin};
use crate::engine::operations::ConnId;
use crate::engine::Deployment;
use bson::Document;

fn require_kill_any_session(
    dep: &Deployment,
    conn: ConnId,
    _db: &str,
    _cmd: &Document,
) -> ServerResult<()> {
    super::require(dep.is_authorized(conn, &Resource::Cluster, Action::KillAnySession))
}

fn any_user(_: &Deployment, _: ConnId, _: &str, _: &Document) -> ServerResult<()> {
    // "Any user can kill their own sessions": ownership is enforced by the uid rules.
    Ok(())
}

/// `killSessions: [ { id }, … ]`.
fn kill_sessions(dep: &mut Deployment, inv: &Invocation<'_>) -> ServerResult<Reply> {
    const CTX: &str = "KillSessionsCmd.killSessions";
    let value = idl::present(inv.command.get("killSessions")).ok_or_else(|| idl::missing(CTX))?;
    let items = idl::array(CTX, value)?;
    let elements = idl::parse_struct_array(CTX, items, |d| session_id::parse(CTX, d))?;
    let patterns = if elements.is_empty() {
        match dep.effective_user(inv.conn) {
            Some(user) if dep.auth_enabled() => {
                let name = user.display();
                vec![KillPattern::uid(
                    Uid::of_user(&user.user, &user.db),
                    PatternOrigin::OwnSessions(name),
                )]
            }
            _ if dep.auth_enabled() => Vec::new(),
            _ => vec![KillPattern::everything(
                "killSessions: [] with access control off kills every session",
            )],
        }
    } else {
        let mut patterns = Vec::with_capacity(elements.len());
        for (index, element) in elements.iter().enumerate() {
            let lsid = session_id::make_lsid(dep, inv.conn, element, &[Action::KillAnySession])?;
            if element.is_child() {
                return Err(ServerError::new(
                    ErrorCode::InvalidOptions,
                    "Cannot kill a child session",
                ));
            }
            if !patterns.iter().any(|p: &KillPattern| p.lsid == Some(lsid)) {
                patterns.push(KillPattern::lsid(lsid).from_entry(index));
            }
        }
        patterns
    };
    Ok(Reply::Killed(dep.kill_sessions_local(
        "killSessions",
        &patterns,
        entry_texts(items),
    )))
}

/// `killAllSessions: [ { user, db }, … ]`.
fn kill_all_sessions(dep: &mut Deployment, inv: &Invocation<'_>) -> ServerResult<Reply> {
    const CTX: &str = "KillAllSessionsCmd.killAllSessions";
    let value =
        idl::present(inv.command.get("killAllSessions")).ok_or_else(|| idl::missing(CTX))?;
    let items = idl::array(CTX, value)?;
    let users =
        idl::parse_struct_array(CTX, items, |d| session_id::parse_user_name(CTX, d, "user"))?;
    let patterns = if users.is_empty() {
        vec![KillPattern::everything(
            "killAllSessions: [] kills every session of every user",
        )]
    } else {
        users
            .iter()
            .enumerate()
            .map(|(index, (user, db))| {
                validate_db_name(db)?;
                Ok(KillPattern::uid(
                    Uid::of_user(user, db),
                    PatternOrigin::User(format!("{user}@{db}")),
                )
                .from_entry(index))
            })
            .collect::<ServerResult<Vec<_>>>()?
    };
    Ok(Reply::Killed(dep.kill_sessions_local(
        "killAllSessions",
        &patterns,
        entry_texts(items),
    )))
}

/// The command's array entries as the server prints them, for verdicts that name their entry.
fn entry_texts(items: &[bson::Bson]) -> Vec<String> {
    items
        .iter()
        .map(crate::engine::bson_text::value_to_server_string)
        .collect()
}

/// `DatabaseName` validation when a `UserName` is built (derived).
fn validate_db_name(db: &str) -> ServerResult<()> {
    if db.contains('.') {
        return Err(ServerError::new(
            ErrorCode::InvalidNamespace,
            format!("'.' is an invalid character in a db name: {db}"),
        ));
    }
    if db.contains('\0') {
        return Err(ServerError::new(
            ErrorCode::InvalidNamespace,
            format!("embedded null character in a db name: {db}"),
        ));
    }
    Ok(())
}

/// `killAllSessionsByPattern: [ { lsid?, uid?, users?, roles? }, … ]`.
fn kill_all_sessions_by_pattern(dep: &mut Deployment, inv: &Invocation<'_>) -> ServerResult<Reply> {
    const CTX: &str = "KillAllSessionsByPatternCmd.killAllSessionsByPattern";
    let value = idl::present(inv.command.get("killAllSessionsByPattern"))
        .ok_or_else(|| idl::missing(CTX))?;
    let items = idl::array(CTX, value)?;
    let parsed = idl::parse_struct_array(CTX, items, |d| parse_pattern(CTX, d))?;
    if parsed.iter().any(|p| p.impersonates)
        && !dep.is_authorized(inv.conn, &Resource::Cluster, Action::Impersonate)
    {
        return Err(ServerError::new(
            ErrorCode::Unauthorized,
            "Not authorized to impersonate in killAllSessionsByPattern",
        ));
    }
    let patterns: Vec<KillPattern> = if parsed.is_empty() {
        vec![KillPattern::everything(
            "killAllSessionsByPattern: [] kills every session of every user",
        )]
    } else {
        parsed
            .into_iter()
            .enumerate()
            .map(|(index, p)| {
                let pattern = match (p.uid, p.lsid) {
                (Some(uid), _) => KillPattern::uid(uid, PatternOrigin::Uid(dep.name_for_uid(uid))),
                (None, Some(lsid)) => KillPattern::lsid(lsid),
                (None, None) if p.impersonates => KillPattern::everything(
                    "a pattern with only users/roles matches every session: they are audit data and never narrow a kill",
                ),
                (None, None) => KillPattern::everything("the pattern {} matches every session"),
                };
                pattern.from_entry(index)
            })
            .collect()
    };
    Ok(Reply::Killed(dep.kill_sessions_local(
        "killAllSessionsByPattern",
        &patterns,
        entry_texts(items),
    )))
}

struct ParsedPattern {
    lsid: Option<crate::engine::ids::Lsid>,
    uid: Option<Uid>,
    impersonates: bool,
}

fn parse_pattern(ctx: &str, doc: &Document) -> ServerResult<ParsedPattern> {
    const FIELDS: [(&str, FieldType); 4] = [
        ("lsid", FieldType::Object),
        ("uid", FieldType::Sha256),
        ("users", FieldType::Array),
        ("roles", FieldType::Array),
    ];
    let mut pattern = ParsedPattern {
        lsid: None,
        uid: None,
        impersonates: false,
    };
    idl_fields::parse_struct(doc, ctx, &FIELDS, &[], |field, value| {
        let path = format!("{ctx}.{field}");
        match value {
            FieldValue::Object(lsid) => pattern.lsid = Some(parse_full_lsid(&path, lsid)?),
            FieldValue::Bytes(bytes) => pattern.uid = Some(session_id::sha256_block(bytes)?),
            FieldValue::Array(items) => {
                let name_field = if field == "users" { "user" } else { "role" };
                idl::parse_struct_array(&path, items, |d| {
                    session_id::parse_user_name(&path, d, name_field)
                })?;
                pattern.impersonates = true;
            }
            _ => {}
        }
        Ok(())
    })?;
    Ok(pattern)
}

/// A full `LogicalSessionId` (`id` and `uid` both required), with the kill validator.
fn parse_full_lsid(path: &str, doc: &Document) -> ServerResult<crate::engine::ids::Lsid> {
    let mut id = None;
    let mut uid = None;
    let mut child = false;
    idl_fields::parse_struct(
        doc,
        path,
        &session_id::LSID_FIELDS,
        &["id", "uid"],
        |field, value| {
            match (field, value) {
                ("id", FieldValue::Bytes(bytes)) => {
                    id = <[u8; 16]>::try_from(bytes)
                        .ok()
                        .map(crate::engine::ids::SessionUuid);
                }
                ("uid", FieldValue::Bytes(bytes)) => uid = Some(session_id::sha256_block(bytes)?),
                ("txnUUID", _) => child = true,
                _ => {}
            }
            Ok(())
        },
    )?;
    if child {
        return Err(ServerError::new(
            ErrorCode::InvalidOptions,
            "Cannot kill a child session",
        ));
    }
    match (id, uid) {
        (Some(id), Some(uid)) => Ok(crate::engine::ids::Lsid::new(id, uid)),
        _ => Err(ServerError::new(
            ErrorCode::InvalidOptions,
            "uuid must be a 16-byte binary field with UUID (4) subtype",
        )),
    }
}

impl Deployment {
    /// A readable name for a uid: the user it belongs to when one is known.
    pub(crate) fn name_for_uid(&self, uid: Uid) -> String {
        if uid == Uid::no_auth() {
            return "sessions without an authenticated user".to_owned();
        }
        self.users
            .users()
            .find(|u| Uid::of_user(&u.name.user, &u.name.db) == uid)
            .map_or_else(
                || format!("uid {}…", &uid.to_hex()[..12]),
                |u| u.name.display(),
            )
    }
}

/// The kill commands.
pub(crate) const COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        name: "killSessions",
        requires_auth: true,
        attaches_session: false,
        allowed_in_transaction: false,
        rejects_write_concern: true,
        authorize: any_user,
        run: kill_sessions,
    },
    CommandSpec {
        name: "killAllSessions",
        requires_auth: true,
        attaches_session: false,
        allowed_in_transaction: false,
        rejects_write_concern: true,
        authorize: require_kill_any_session,
        run: kill_all_sessions,
    },
    CommandSpec {
        name: "killAllSessionsByPattern",
        requires_auth: true,
        attaches_session: false,
        allowed_in_transaction: false,
        rejects_write_concern: true,
        authorize: require_kill_any_session,
        run: kill_all_sessions_by_pattern,
    },
];
