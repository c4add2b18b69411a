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
//!   `nameOnly: true`), and needs the database's `listCollections` action; `listDatabases` lists every
//!   database with the cluster's `listDatabases` action, else those the caller holds a privilege
//!   on.
//! - Only `create` runs in a transaction (4.4 and later; the others answer
//!   `OperationNotSupportedInTransaction`), as `jstests/core/txns/create_collection.js` and
//!   `commands_in_txns_read_concern.js` have it: the collection is the transaction's until it
//!   commits, and gone if it aborts; a collection that exists is `NamespaceExists` (48), and a
//!   transaction whose read concern is not `local` gets `InvalidOptions` (72); either failure
//!   aborts the transaction. *Derived*: the two messages, which the jstests do not check.

use super::crud::{authorize_action, collection_name, reply_or_wait, rerun, Written};
use super::{idl, CommandSpec, Invocation, Reply};
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
const COLLECTION_OPTIONS: &[&str] = &[
    "capped",
    "size",
    "max",
    "validator",
    "validationLevel",
    "validationAction",
    "collation",
    "viewOn",
    "pipeline",
    "timeseries",
    "clusteredIndex",
    "expireAfterSeconds",
    "changeStreamPreAndPostImages",
    "storageEngine",
    "indexOptionDefaults",
    "idIndex",
    "encryptedFields",
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
    for field in inv.command.keys().skip(1) {
        if COLLECTION_OPTIONS.contains(&field.as_str()) {
            return Err(ServerError::new(
                ErrorCode::InvalidOptions,
                format!("Session Lab does not simulate collection options: '{field}'"),
            ));
        }
        if !super::GENERIC_ARGUMENTS.contains(&field.as_str()) {
            return Err(idl::unknown(&format!("create.{field}")));
        }
    }
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

/// `listDatabases`: every database with the cluster's `listDatabases` action; without it,
/// the databases the caller holds any privilege on (`authorizedDatabases` unset), as the server
/// answers a user who may not list them all.
fn list_databases(dep: &mut Deployment, inv: &Invocation<'_>) -> ServerResult<Reply> {
    let all = dep.is_authorized(inv.conn, &Resource::Cluster, Action::ListDatabases);
    let mut names: Vec<String> = dep
        .data
        .keys()
        .map(|ns| ns.db.clone())
        .chain(["admin", "config", "local"].map(String::from))
        .collect();
    crate::collections::sort_by(&mut names, Ord::cmp);
    names.dedup();
    names.retain(|name| {
        all || Action::ALL
            .iter()
            .any(|a| dep.is_authorized(inv.conn, &Resource::Database(name.clone()), *a))
    });
    let databases: Vec<Bson> = names
        .into_iter()
        .map(|name| Bson::Document(doc! { "name": name, "sizeOnDisk": 8192_i64, "empty": false }))
        .collect();
    Ok(Reply::Done(
        doc! { "databases": databases, "totalSize": 8192_i64, "ok": 1.0 },
    ))
}

/// `listCollections`: each collection's entry that matches `filter`, only its `name` and `type`
/// with `nameOnly: true`.
fn list_collections(dep: &mut Deployment, inv: &Invocation<'_>) -> ServerResult<Reply> {
    let filter = match idl::present(inv.command.get("filter")) {
        Some(v) => Filter::parse(idl::object("listCollections.filter", v)?)?,
        None => Filter::parse(&Document::new())?,
    };
    let name_only = match idl::present(inv.command.get("nameOnly")) {
        Some(v) => idl::boolean("listCollections.nameOnly", v)?,
        None => false,
    };
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
        .filter(|entry| filter.matches(entry))
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
