//! The catalog: `create`, `drop`, `dropDatabase`, `listCollections` and `listDatabases`, with
//! the replies of an 8.0 server (`create_command.cpp`, `drop_collection.cpp`,
//! `drop_database.cpp`):
//!
//! - `create` of a collection that exists with the same options answers `{ ok: 1 }` (7.0 and
//!   later; earlier servers answered `NamespaceExists`). Session Lab's collections have no
//!   options, so a collection option (`capped`, `validator`, …) is refused with
//!   `InvalidOptions`, saying that it is not simulated, rather than accepted and ignored.
//! - `drop` of a missing collection answers `{ ok: 1 }` (7.0 and later), of an existing one
//!   `{ nIndexesWas: 1, ns, ok: 1 }`; `dropDatabase` answers `{ dropped, ok: 1 }`, or `{ ok: 1 }`
//!   when there was nothing to drop.
//! - A drop waits, as an operation, while an open transaction has written in what it drops (on
//!   the server it waits for the transaction's lock), then runs; with `maxTimeMS` it gives up.
//! - `listCollections` answers the entries its `filter` matches (only `name` and `type` with
//!   `nameOnly: true`), and needs the database's `listCollections` action; `listDatabases`
//!   (`admin` only) lists every database with the cluster's `listDatabases` action, else those
//!   the caller holds a privilege on, with `totalSize` and `totalSizeMb`. Both are strict IDL
//!   commands (`list_collections.idl`, `list_databases.idl`).
//! - Only `create` runs in a transaction (4.4 and later; the others answer
//!   `OperationNotSupportedInTransaction`), as `jstests/core/txns/create_collection.js` and
//!   `commands_in_txns_read_concern.js` have it: the collection is the transaction's until it
//!   commits, and gone if it aborts; a collection that exists is `NamespaceExists` (48), and a
//!   transaction whose read concern is not `local` gets `InvalidOptions` (72); either failure
//!   aborts the transaction. *Derived*: the two messages, which the jstests do not check.

use super::crud::{authorize_action, collection_name, reply_or_wait, rerun, Written};
use super::idl_fields::{self, FieldType, FieldValue};
use super::{CommandSpec, Invocation, Reply};
use crate::engine::auth::{Action, Resource};
use crate::engine::error::{ErrorCode, ServerError, ServerResult};
use crate::engine::filter::Filter;
use crate::engine::ids::Lsid;
use crate::engine::operations::ConnId;
use crate::engine::operations::Retry;
use crate::engine::storage::Namespace;
use crate::engine::writes::WriteRefused;
use crate::engine::Deployment;
use bson::{doc, Bson, Document};
use std::rc::Rc;

/// `create`'s fields that set collection options, which Session Lab does not simulate.
const COLLECTION_OPTIONS: &[(&str, FieldType)] = &[
    ("capped", FieldType::Unread),
    ("size", FieldType::Unread),
    ("max", FieldType::Unread),
    ("validator", FieldType::Unread),
    ("validationLevel", FieldType::Unread),
    ("validationAction", FieldType::Unread),
    ("collation", FieldType::Unread),
    ("viewOn", FieldType::Unread),
    ("pipeline", FieldType::Unread),
    ("timeseries", FieldType::Unread),
    ("clusteredIndex", FieldType::Unread),
    ("expireAfterSeconds", FieldType::Unread),
    ("changeStreamPreAndPostImages", FieldType::Unread),
    ("storageEngine", FieldType::Unread),
    ("indexOptionDefaults", FieldType::Unread),
    ("idIndex", FieldType::Unread),
    ("encryptedFields", FieldType::Unread),
];

fn may_create(dep: &Deployment, conn: ConnId, db: &str, _: &Document) -> ServerResult<()> {
    authorize_action(dep, conn, db, Action::CreateCollection)
}

fn may_drop(dep: &Deployment, conn: ConnId, db: &str, _: &Document) -> ServerResult<()> {
    authorize_action(dep, conn, db, Action::DropCollection)
}

fn may_drop_database(dep: &Deployment, conn: ConnId, db: &str, _: &Document) -> ServerResult<()> {
    authorize_action(dep, conn, db, Action::DropDatabase)
}

fn create(dep: &mut Deployment, inv: &Invocation<'_>) -> ServerResult<Reply> {
    let coll = collection_name(inv, "create")?;
    idl_fields::parse_command(inv.command, "create", COLLECTION_OPTIONS, |field, _| {
        Err(ServerError::new(
            ErrorCode::InvalidOptions,
            format!("Session Lab does not simulate collection options: '{field}'"),
        ))
    })?;
    let ns = Namespace::new(inv.db, coll);
    match super::crud::transaction(inv) {
        Some(lsid) => create_in_transaction(dep, lsid, &ns)?,
        None => {
            dep.data.entry(ns).or_insert_with(|| Rc::new(Vec::new()));
        }
    }
    Ok(Reply::Done(doc! { "ok": 1.0 }))
}

/// `create` in a transaction: only with the `local` read concern, and only of a collection the
/// transaction does not see; the collection is then the transaction's own write.
fn create_in_transaction(dep: &mut Deployment, lsid: Lsid, ns: &Namespace) -> ServerResult<()> {
    let level = dep.catalog.get(&lsid).and_then(|t| t.read_concern.clone());
    if let Some(level) = level.filter(|level| level != "local") {
        return Err(ServerError::new(
            ErrorCode::InvalidOptions,
            format!("Command create does not support {{ readConcern: {{ level: \"{level}\" }} }} :: caused by :: read concern not supported"),
        ));
    }
    if dep.collection_exists(Some(lsid), ns) {
        return Err(ServerError::new(
            ErrorCode::NamespaceExists,
            format!("Collection {}.{} already exists.", ns.db, ns.coll),
        ));
    }
    let before = dep.visible(Some(lsid), ns);
    match dep.apply_write(Some(lsid), ns, &before, Vec::new()) {
        Err(WriteRefused::Error(error)) => Err(error),
        // A transaction's write conflicts; only a write outside one waits.
        Ok(()) | Err(WriteRefused::Wait(_)) => Ok(()),
    }
}

fn drop_command(dep: &mut Deployment, inv: &Invocation<'_>) -> ServerResult<Reply> {
    let written = drop(dep, inv)?;
    let coll = match super::first_value(inv.command) {
        Bson::String(coll) => coll.as_str(),
        _ => "$cmd",
    };
    let retry = Retry(|dep, op| rerun(dep, op, drop));
    reply_or_wait(dep, inv, &Namespace::new(inv.db, coll), written, retry)
}

/// `drop` or `dropDatabase`: its reply, or the open transaction it waits for.
pub(super) fn drop(dep: &mut Deployment, inv: &Invocation<'_>) -> ServerResult<Written> {
    let coll = match inv.command.keys().next().map(String::as_str) {
        Some("drop") => Some(collection_name(inv, "drop")?),
        _ => None,
    };
    if let Some(wait) = dep.open_writer_in(inv.db, coll) {
        return Ok(Written::Wait(wait));
    }
    let dropped: Vec<Namespace> = dep
        .data
        .keys()
        .filter(|ns| ns.db == inv.db && coll.is_none_or(|c| ns.coll == c))
        .cloned()
        .collect();
    for ns in &dropped {
        dep.data.shift_remove(ns);
    }
    let sessions = Namespace::new("config", "system.sessions");
    if (inv.db == "config") && coll.is_none_or(|c| c == sessions.coll) {
        let before = dep.visible(None, &sessions);
        // Emptying the session records: the next refresh treats their sessions as expired.
        let _ = dep.apply_write(None, &sessions, &before, Vec::new());
    }
    Ok(Written::Reply(match (coll, dropped.is_empty()) {
        (_, true) => doc! { "ok": 1.0 },
        (Some(coll), false) => {
            doc! { "nIndexesWas": 1, "ns": format!("{}.{coll}", inv.db), "ok": 1.0 }
        }
        (None, false) => doc! { "dropped": inv.db, "ok": 1.0 },
    }))
}

fn may_list_collections(
    dep: &Deployment,
    conn: ConnId,
    db: &str,
    _: &Document,
) -> ServerResult<()> {
    authorize_action(dep, conn, db, Action::ListCollections)
}

/// Every database's name, `admin`, `config` and `local` always among them, in order of name.
fn database_names(dep: &Deployment) -> Vec<String> {
    let mut names: Vec<String> = dep
        .data
        .keys()
        .map(|ns| ns.db.clone())
        .chain(["admin", "config", "local"].map(String::from))
        .collect();
    crate::collections::sort_by(&mut names, Ord::cmp);
    names.dedup();
    names
}

/// What each simulated database takes on disk (a real server's grow with their data).
const SIZE_ON_DISK: i64 = 8192;

/// `listDatabases` (`list_databases.cpp`, `list_databases_common.h`, strict IDL): every database
/// with the cluster's `listDatabases` action, else (or with `authorizedDatabases: true`) those
/// the caller holds any privilege on; `authorizedDatabases: false` without the action is
/// `Unauthorized`. Each entry is `{ name, sizeOnDisk, empty }`, or `{ name }` with
/// `nameOnly` (a `safeBool`); `filter` is matched against the entry; `totalSize` sums the
/// entries' sizes and `totalSizeMb` is it in whole MiB, both left out with `nameOnly`.
fn list_databases(dep: &mut Deployment, inv: &Invocation<'_>) -> ServerResult<Reply> {
    let mut name_only = false;
    let mut authorized_only = None;
    let mut filter = None;
    idl_fields::parse_command(
        inv.command,
        "listDatabases",
        &[
            ("nameOnly", FieldType::SafeBool),
            ("authorizedDatabases", FieldType::Bool),
            ("filter", FieldType::Object),
        ],
        |field, value| {
            match (field, value) {
                ("nameOnly", FieldValue::Bool(b)) => name_only = b,
                ("authorizedDatabases", FieldValue::Bool(b)) => authorized_only = Some(b),
                ("filter", FieldValue::Object(d)) => filter = Some(Filter::parse_match(d)?),
                _ => {}
            }
            Ok(())
        },
    )?;
    let may_list_all = dep.is_authorized(inv.conn, &Resource::Cluster, Action::ListDatabases);
    if authorized_only == Some(false) && !may_list_all {
        return Err(ServerError::new(
            ErrorCode::Unauthorized,
            "Insufficient permissions to list all databases",
        ));
    }
    let authorized_only = authorized_only.unwrap_or(!may_list_all);
    let databases: Vec<Bson> = database_names(dep)
        .into_iter()
        .filter(|name| {
            !authorized_only
                || Action::ALL
                    .iter()
                    .any(|a| dep.is_authorized(inv.conn, &Resource::Database(name.clone()), *a))
        })
        .map(|name| {
            if name_only {
                doc! { "name": name }
            } else {
                doc! { "name": name, "sizeOnDisk": SIZE_ON_DISK, "empty": false }
            }
        })
        .filter(|entry| filter.as_ref().is_none_or(|f| f.matches(entry)))
        .map(Bson::Document)
        .collect();
    // Every database takes the same size, so the total is the count's.
    let total_size =
        SIZE_ON_DISK.saturating_mul(i64::try_from(databases.len()).unwrap_or(i64::MAX));
    let mut reply = doc! { "databases": databases };
    if !name_only {
        reply.insert("totalSize", total_size);
        reply.insert("totalSizeMb", total_size / (1024 * 1024));
    }
    reply.insert("ok", 1.0);
    Ok(Reply::Done(reply))
}

/// `listCollections` (strict IDL): each collection's entry that matches `filter`, only its
/// `name` and `type` with `nameOnly: true`.
fn list_collections(dep: &mut Deployment, inv: &Invocation<'_>) -> ServerResult<Reply> {
    let mut filter = None;
    let mut name_only = false;
    // (`cursor`, `authorizedCollections` and `includePendingDrops` are type-checked and change
    // nothing here.)
    idl_fields::parse_command(
        inv.command,
        "listCollections",
        &[
            ("cursor", FieldType::Object),
            ("filter", FieldType::Object),
            ("nameOnly", FieldType::Bool),
            ("authorizedCollections", FieldType::Bool),
            ("includePendingDrops", FieldType::SafeBool),
        ],
        |field, value| {
            match (field, value) {
                ("filter", FieldValue::Object(d)) => filter = Some(Filter::parse_match(d)?),
                ("nameOnly", FieldValue::Bool(b)) => name_only = b,
                _ => {}
            }
            Ok(())
        },
    )?;
    let batch: Vec<Bson> = dep
        .data
        .keys()
        .filter(|ns| ns.db == inv.db)
        .map(|ns| {
            doc! {
                "name": ns.coll.clone(),
                "type": "collection",
                "options": {},
                "idIndex": { "v": 2, "key": { "_id": 1 }, "name": "_id_" },
            }
        })
        .filter(|entry| filter.as_ref().is_none_or(|f| f.matches(entry)))
        .map(|entry| {
            Bson::Document(if name_only {
                doc! { "name": entry.get("name").cloned(), "type": "collection" }
            } else {
                entry
            })
        })
        .collect();
    Ok(Reply::Done(
        doc! { "cursor": { "id": 0_i64, "ns": format!("{}.$cmd.listCollections", inv.db), "firstBatch": batch }, "ok": 1.0 },
    ))
}

const fn catalog_command(
    name: &'static str,
    authorize: super::AuthCheck,
    run: super::Body,
) -> CommandSpec {
    CommandSpec {
        name,
        requires_auth: true,
        attaches_session: true,
        allowed_in_transaction: false,
        rejects_write_concern: false,
        authorize,
        run,
    }
}

/// Catalog commands.
pub(crate) const COMMANDS: &[CommandSpec] = &[
    // `create` alone runs in a transaction.
    CommandSpec {
        allowed_in_transaction: true,
        ..catalog_command("create", may_create, create)
    },
    catalog_command("drop", may_drop, drop_command),
    catalog_command("dropDatabase", may_drop_database, drop_command),
    catalog_command("listDatabases", super::no_privilege, list_databases),
    catalog_command("listCollections", may_list_collections, list_collections),
];
