//! `aggregate`: `$listSessions` (over `config.system.sessions`, `user: { name }`) and
//! `$listLocalSessions` (over the in-memory cache, `user` as a string), with their parsing,
//! namespace and privilege rules (spec §11–12), and `$currentOp`, each followed by any of the
//! stages of [`crate::engine::pipeline`]. A pipeline over a collection starts from its
//! documents.

use super::idl_fields::{self, FieldType, FieldValue};
use super::{crud, current_op, first_value, idl, session_id, CommandSpec, Invocation, Reply};
use crate::engine::auth::{Action, Resource, UserName};
use crate::engine::bson_text::type_name;
use crate::engine::error::{ErrorCode, ServerError, ServerResult};
use crate::engine::ids::{Lsid, Uid};
use crate::engine::operations::ConnId;
use crate::engine::pipeline::Pipeline;
use crate::engine::sessions::CacheRecord;
use crate::engine::storage::Namespace;
use crate::engine::Deployment;
use crate::shared_map::SharedMap;
use bson::{Bson, Document};

const LIST_SESSIONS: &str = "$listSessions";
const LIST_LOCAL_SESSIONS: &str = "$listLocalSessions";
const CURRENT_OP: &str = "$currentOp";

/// The pipeline's first stage when it is `$currentOp`: its options.
fn current_op_stage(cmd: &Document) -> Option<&Bson> {
    let first = pipeline(cmd).ok()?.first()?.as_document()?;
    first.get(CURRENT_OP).filter(|_| first.len() == 1)
}

/// `ListSessionsSpec`'s fields.
const LIST_SPEC_FIELDS: [(&str, FieldType); 3] = [
    ("allUsers", FieldType::Bool),
    ("users", FieldType::Array),
    ("$_internalPredicate", FieldType::Object),
];

/// A parsed `ListSessionsSpec`.
struct ListSpec {
    all_users: bool,
    users: Vec<UserName>,
}

fn parse_list_spec(stage: &str, value: &Bson) -> ServerResult<ListSpec> {
    let Bson::Document(spec) = value else {
        return Err(ServerError::new(
            ErrorCode::TypeMismatch,
            format!(
                "{stage} options must be specified in an object, but found: {}",
                type_name(value)
            ),
        ));
    };
    let mut parsed = ListSpec {
        all_users: false,
        users: Vec::new(),
    };
    idl_fields::parse_struct(spec, stage, &LIST_SPEC_FIELDS, &[], |_, value| {
        match value {
            FieldValue::Bool(all) => parsed.all_users = all,
            FieldValue::Array(items) => {
                let path = format!("{stage}.users");
                parsed.users = idl::parse_struct_array(&path, items, |d| {
                    let (user, db) = session_id::parse_user_name(&path, d, "user")?;
                    Ok(UserName::new(&user, &db))
                })?;
            }
            _ => {}
        }
        Ok(())
    })?;
    if parsed.all_users && !parsed.users.is_empty() {
        return Err(ServerError::new(
            ErrorCode::UnsupportedFormat,
            format!(
                "{stage} may not specify {{allUsers:true}} and {{users:[...]}} at the same time"
            ),
        ));
    }
    Ok(parsed)
}

/// The pipeline array, or the server's message: the field is required, and its reader
/// (`parsePipelineFromBSON`, of the IDL's type `any`) refuses anything but an array, `null`
/// included, with `'pipeline' option must be specified as an array`.
fn pipeline(cmd: &Document) -> ServerResult<&[Bson]> {
    match cmd.get("pipeline") {
        Some(Bson::Array(stages)) => Ok(stages),
        Some(_) => Err(ServerError::new(
            ErrorCode::TypeMismatch,
            "'pipeline' option must be specified as an array",
        )),
        None => Err(idl::missing("aggregate.pipeline")),
    }
}

/// The list stage of a pipeline, if it starts with one.
fn list_stage(cmd: &Document) -> Option<(&'static str, &Bson)> {
    let stages = pipeline(cmd).ok()?;
    let first = stages.first()?.as_document()?;
    let (name, value) = first.iter().next()?;
    match name.as_str() {
        LIST_SESSIONS => Some((LIST_SESSIONS, value)),
        LIST_LOCAL_SESSIONS => Some((LIST_LOCAL_SESSIONS, value)),
        _ => None,
    }
}

/// "Self": the authenticated user, or `{user: "", db: ""}` with access control off.
fn self_user(dep: &Deployment, conn: ConnId) -> Option<UserName> {
    if dep.auth_enabled() {
        dep.effective_user(conn).cloned()
    } else {
        Some(UserName::new("", ""))
    }
}

fn may_aggregate(dep: &Deployment, conn: ConnId, db: &str, cmd: &Document) -> ServerResult<()> {
    if let Some(options) = current_op_stage(cmd) {
        // Other users' entries need `inprog`; one's own need nothing.
        return super::require(
            !current_op::asks_all_users(options)
                || dep.is_authorized(conn, &Resource::Cluster, Action::Inprog),
        );
    }
    if let Some((stage, value)) = list_stage(cmd) {
        let Ok(spec) = parse_list_spec(stage, value) else {
            return Ok(());
        };
        let me = self_user(dep, conn);
        let lists_others = spec.all_users || spec.users.iter().any(|u| Some(u) != me.as_ref());
        return super::require(
            !lists_others || dep.is_authorized(conn, &Resource::Cluster, Action::ListSessions),
        );
    }
    match first_value(cmd) {
        Bson::String(_) => super::require(dep.is_authorized(
            conn,
            &Resource::Database(db.to_owned()),
            Action::Find,
        )),
        _ => Ok(()),
    }
}

fn aggregate(dep: &mut Deployment, inv: &Invocation<'_>) -> ServerResult<Reply> {
    let stages = pipeline(inv.command)?.to_vec();
    let batch = cursor_batch_size(inv.command)?;
    for stage in stages.iter().skip(1) {
        if let Some(name) = stage
            .as_document()
            .and_then(|d| d.keys().next())
            .filter(|n| *n == LIST_SESSIONS || *n == LIST_LOCAL_SESSIONS || *n == CURRENT_OP)
        {
            return Err(ServerError::new(
                ErrorCode::QueryStageOnlyFirst,
                format!("{name} is only valid as the first stage in a pipeline."),
            ));
        }
    }
    let target = first_value(inv.command);
    // The first stage is checked, then the rest parsed, before any document is read: a
    // malformed stage costs nothing.
    let (source, ns, rest) = if let Some(options) = current_op_stage(inv.command) {
        current_op::check_namespace(inv.db, target)?;
        (
            Source::CurrentOp(current_op::parse_stage(options)?),
            Namespace::new(inv.db, "$cmd.aggregate"),
            &stages[1..],
        )
    } else if let Some((stage, value)) = list_stage(inv.command) {
        if inv.txn_number.is_some() {
            return Err(ServerError::new(
                ErrorCode::OperationNotSupportedInTransaction,
                format!("{stage} is not allowed in a transaction"),
            ));
        }
        let spec = parse_list_spec(stage, value)?;
        let digests = digests_for(dep, inv.conn, &spec)?;
        if stage == LIST_SESSIONS {
            if !(inv.db == "config" && matches!(target, Bson::String(c) if c == "system.sessions"))
            {
                return Err(ServerError::new(
                    ErrorCode::InvalidNamespace,
                    "$listSessions may only be run against config.system.sessions",
                ));
            }
            (
                Source::StoredSessions(digests),
                Namespace::new("config", "system.sessions"),
                &stages[1..],
            )
        } else {
            if !matches!(target, Bson::Int32(1) | Bson::Int64(1) | Bson::Double(_))
                || matches!(target, Bson::Double(d) if (*d - 1.0).abs() > f64::EPSILON)
            {
                return Err(ServerError::new(ErrorCode::InvalidNamespace, "$listLocalSessions must be run against the database with {aggregate: 1}, not a collection"));
            }
            (
                Source::LocalSessions(digests),
                Namespace::new(inv.db, "$cmd.aggregate"),
                &stages[1..],
            )
        }
    } else {
        match target {
            Bson::String(coll) => (
                Source::Collection,
                Namespace::new(inv.db, coll),
                &stages[..],
            ),
            _ => return Err(ServerError::new(
                ErrorCode::InvalidNamespace,
                "{aggregate: 1} is not valid for '$match' or '$project'; a collection is required.",
            )),
        }
    };
    let pipeline = Pipeline::parse(rest)?;
    let docs = match source {
        Source::CurrentOp(options) => current_op::report(dep, inv.conn, options),
        Source::StoredSessions(digests) => list_sessions(dep, digests.as_ref()),
        Source::LocalSessions(digests) => list_local_sessions(dep, digests.as_ref()),
        Source::Collection => crud::read(dep, inv, &ns),
    };
    let docs = pipeline.run(docs, &|units| dep.charge(units))?;
    Ok(Reply::Done(dep.first_batch_reply(
        &ns,
        docs,
        batch,
        false,
        inv.origin(),
    )))
}

/// Where a pipeline's documents come from.
enum Source {
    /// `$currentOp`'s report.
    CurrentOp(current_op::Options),
    /// `$listSessions`: `config.system.sessions`, for these owners (all when `None`).
    StoredSessions(Option<Vec<Uid>>),
    /// `$listLocalSessions`: the cache, for these owners.
    LocalSessions(Option<Vec<Uid>>),
    /// The collection named by the command.
    Collection,
}

/// The first batch's size from `cursor` (`AggregationRequestHelper`'s checks: the option is
/// required, an object, and its `batchSize` a `safeInt64` of at least 0), or the default.
fn cursor_batch_size(cmd: &Document) -> ServerResult<usize> {
    match idl::present(cmd.get("cursor")) {
        None => Err(ServerError::new(
            ErrorCode::FailedToParse,
            "The 'cursor' option is required, except for aggregate with the explain argument",
        )),
        Some(Bson::Document(cursor)) => {
            Ok(crud::batch_size(cursor, "cursor.batchSize")?.unwrap_or(crud::DEFAULT_BATCH_SIZE))
        }
        Some(_) => Err(ServerError::new(
            ErrorCode::TypeMismatch,
            "cursor field must be missing or an object",
        )),
    }
}

/// The uid digests to list, or `None` for all users.
fn digests_for(dep: &Deployment, conn: ConnId, spec: &ListSpec) -> ServerResult<Option<Vec<Uid>>> {
    if spec.all_users {
        return Ok(None);
    }
    let users = if spec.users.is_empty() {
        vec![self_user(dep, conn).ok_or_else(|| {
            ServerError::new(ErrorCode::Unauthorized, "There is no user authenticated")
        })?]
    } else {
        spec.users.clone()
    };
    Ok(Some(
        users.iter().map(|u| Uid::of_user(&u.user, &u.db)).collect(),
    ))
}

fn wanted(digests: Option<&Vec<Uid>>, lsid: &Lsid) -> bool {
    digests.is_none_or(|d| d.contains(&lsid.uid))
}

/// Records of `store` for the wanted owners, in order of the sessions' first appearance (the
/// server's order is unspecified; the registry is insertion-ordered).
fn ordered<'a>(
    dep: &'a Deployment,
    store: &'a SharedMap<Lsid, CacheRecord>,
    digests: Option<&'a Vec<Uid>>,
) -> impl Iterator<Item = (Lsid, &'a CacheRecord)> + 'a {
    dep.sessions
        .registry
        .keys()
        .filter(move |l| wanted(digests, l))
        .filter_map(move |l| store.get(l).map(|r| (*l, r)))
}

fn list_local_sessions(dep: &Deployment, digests: Option<&Vec<Uid>>) -> Vec<Document> {
    ordered(dep, &dep.sessions.cache, digests)
        .map(|(lsid, record)| dep.sessions.record_document(lsid, record, false))
        .collect()
}

fn list_sessions(dep: &Deployment, digests: Option<&Vec<Uid>>) -> Vec<Document> {
    ordered(dep, &dep.sessions.collection, digests)
        .map(|(lsid, record)| dep.sessions.record_document(lsid, record, true))
        .collect()
}

/// The aggregate command.
pub(crate) const COMMANDS: &[CommandSpec] = &[CommandSpec {
    name: "aggregate",
    requires_auth: true,
    attaches_session: true,
    allowed_in_transaction: true,
    rejects_write_concern: false,
    authorize: may_aggregate,
    run: aggregate,
}];
