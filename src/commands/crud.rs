//! `insert`, `find`, `getMore`, `killCursors`, `update`, `delete` and `count` on the simple
//! in-memory collections. Inside a transaction, reads and writes go to the transaction's own
//! copy of each namespace until commit. A `find` whose filter has `$where: "sleep(<ms>) ||
//! true"` takes `<ms>` of logical time per document scanned, as on the real server, and so
//! keeps running (listed by `currentOp`) while the clock has not passed.

use super::{first_value, idl, CommandSpec, Invocation, Reply};
use crate::engine::auth::{Action, Resource};
use crate::engine::error::{ErrorCode, ServerError, ServerResult};
use crate::engine::operations::{Completion, ConnId, OpWork};
use crate::engine::storage::{apply_update, id_index, id_key, truthy, Filter, Namespace};
use crate::engine::transactions::TxnWrites;
use crate::engine::Deployment;
use bson::{doc, Bson, Document};
use std::rc::Rc;

/// Documents per batch when no `batchSize` is given.
pub(crate) const DEFAULT_BATCH_SIZE: usize = 101;

fn authorize_action(dep: &Deployment, conn: ConnId, db: &str, action: Action) -> ServerResult<()> {
    super::require(dep.is_authorized(conn, &Resource::Database(db.to_owned()), action))
}

fn may_find(dep: &Deployment, conn: ConnId, db: &str, _: &Document) -> ServerResult<()> {
    authorize_action(dep, conn, db, Action::Find)
}
fn may_insert(dep: &Deployment, conn: ConnId, db: &str, _: &Document) -> ServerResult<()> {
    authorize_action(dep, conn, db, Action::Insert)
}
fn may_update(dep: &Deployment, conn: ConnId, db: &str, _: &Document) -> ServerResult<()> {
    authorize_action(dep, conn, db, Action::Update)
}
fn may_remove(dep: &Deployment, conn: ConnId, db: &str, _: &Document) -> ServerResult<()> {
    authorize_action(dep, conn, db, Action::Remove)
}

/// The collection name a CRUD command targets.
fn collection_name<'a>(inv: &'a Invocation<'_>, name: &str) -> ServerResult<&'a str> {
    match first_value(inv.command) {
        Bson::String(s) if !s.is_empty() => Ok(s),
        Bson::String(_) => Err(ServerError::new(
            ErrorCode::InvalidNamespace,
            format!("Invalid namespace specified '{}.'", inv.db),
        )),
        other => Err(idl::wrong_type(&format!("{name}.{name}"), other, "string")),
    }
}

/// The documents of a namespace as this invocation sees them.
pub(crate) fn read(dep: &Deployment, inv: &Invocation<'_>, ns: &Namespace) -> Vec<Document> {
    let docs = inv
        .lsid
        .zip(inv.txn_number)
        .and_then(|(lsid, _)| dep.catalog.get(&lsid))
        .and_then(|t| t.writes.get(ns))
        .map(|w| &w.docs)
        .or_else(|| dep.data.get(ns))
        .map(|docs| docs.to_vec())
        .unwrap_or_default();
    dep.charge(docs.len());
    docs
}

/// The documents a write changes: the transaction's copy inside a transaction, else the
/// collection (copied from the snapshot it is shared with only now).
fn write<'a>(
    dep: &'a mut Deployment,
    inv: &Invocation<'_>,
    ns: &Namespace,
) -> &'a mut Vec<Document> {
    let base = dep.data.get(ns).cloned().unwrap_or_default();
    dep.charge(base.len());
    if let (Some(lsid), Some(_)) = (inv.lsid, inv.txn_number) {
        if let Some(txn) = dep.catalog.get_mut(&lsid) {
            let writes = txn.writes.entry(ns.clone()).or_insert_with(|| TxnWrites {
                docs: Rc::clone(&base),
                base,
            });
            return Rc::make_mut(&mut writes.docs);
        }
    }
    drop(base);
    Rc::make_mut(dep.data.entry(ns.clone()).or_default())
}

fn insert(dep: &mut Deployment, inv: &Invocation<'_>) -> ServerResult<Reply> {
    let coll = collection_name(inv, "insert")?;
    let ns = Namespace::new(inv.db, coll);
    let documents = idl::present(inv.command.get("documents"))
        .ok_or_else(|| idl::missing("insert.documents"))?;
    let items = idl::array("insert.documents", documents)?;
    let mut prepared = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let Bson::Document(d) = item else {
            return Err(idl::wrong_type(
                &format!("insert.documents.{index}"),
                item,
                "object",
            ));
        };
        let mut d = d.clone();
        if !d.contains_key("_id") {
            let oid = dep.new_object_id();
            let mut with_id = doc! { "_id": oid };
            with_id.extend(d);
            d = with_id;
        }
        prepared.push(d);
    }
    dep.charge(prepared.len() * crate::engine::WRITTEN_DOCUMENT_WORK);
    let target = write(dep, inv, &ns);
    let mut ids = id_index(target);
    let mut n = 0;
    let mut write_errors = Vec::new();
    for (index, d) in prepared.into_iter().enumerate() {
        let id = d.get("_id").cloned().unwrap_or(Bson::Null);
        if ids.insert(id_key(&d), 0).is_some() {
            let mut key = Document::new();
            key.insert("_id", id);
            write_errors.push(doc! {
                "index": i32::try_from(index).unwrap_or(i32::MAX),
                "code": ErrorCode::DuplicateKey.code(),
                "errmsg": format!("E11000 duplicate key error collection: {} index: _id_ dup key: {}", ns.full(), crate::engine::bson_text::document_to_server_string(&key)),
            });
            break;
        }
        target.push(d);
        n += 1;
    }
    let mut reply = doc! { "n": n };
    if !write_errors.is_empty() {
        reply.insert("writeErrors", write_errors);
    }
    reply.insert("ok", 1.0);
    Ok(Reply::Done(reply))
}

/// `$where: "sleep(<ms>) || true"` → `<ms>`; other `$where` code is refused.
fn where_sleep_ms(filter: &Document) -> ServerResult<Option<i64>> {
    let Some(code) = filter.get("$where") else {
        return Ok(None);
    };
    let text = match code {
        Bson::String(s) | Bson::JavaScriptCode(s) => s.as_str(),
        _ => "",
    };
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let ms = compact
        .strip_prefix("sleep(")
        .and_then(|rest| rest.split_once(')'))
        .filter(|(_, tail)| matches!(*tail, "" | "||true" | "||1"))
        .and_then(|(digits, _)| digits.parse::<i64>().ok());
    match ms {
        Some(ms) => Ok(Some(ms)),
        None => Err(ServerError::new(
            ErrorCode::BadValue,
            "Session Lab runs no JavaScript: the only $where it accepts is \"sleep(<ms>) || true\", to make a slow query",
        )),
    }
}

fn batch_size(command: &Document, path: &str) -> ServerResult<Option<usize>> {
    match idl::present(command.get("batchSize")) {
        None => Ok(None),
        Some(value) => {
            let n = idl::number(path, value)?;
            if n < 0.0 {
                return Err(ServerError::new(
                    ErrorCode::BadValue,
                    format!("BatchSize value must be non-negative, but received: {n}"),
                ));
            }
            #[allow(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                reason = "checked non-negative; batch sizes are small"
            )]
            Ok(Some(n as usize))
        }
    }
}

fn find(dep: &mut Deployment, inv: &Invocation<'_>) -> ServerResult<Reply> {
    let coll = collection_name(inv, "find")?;
    let ns = Namespace::new(inv.db, coll);
    let filter_doc = match idl::present(inv.command.get("filter")) {
        Some(v) => idl::object("find.filter", v)?.clone(),
        None => Document::new(),
    };
    let filter = Filter::parse(&filter_doc)?;
    let sleep = where_sleep_ms(&filter_doc)?;
    let batch = batch_size(inv.command, "find.batchSize")?.unwrap_or(DEFAULT_BATCH_SIZE);
    let limit = match idl::present(inv.command.get("limit")) {
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "a document count"
        )]
        Some(v) => Some(idl::number("find.limit", v)?.max(0.0) as usize),
        None => None,
    };
    let single_batch = idl::present(inv.command.get("singleBatch")).is_some_and(truthy);
    let all = read(dep, inv, &ns);
    let scanned = all.len();
    let mut docs: Vec<Document> = all.into_iter().filter(|d| filter.matches(d)).collect();
    if let Some(limit) = limit.filter(|l| *l > 0) {
        docs.truncate(limit);
    }
    if let Some(ms) = sleep {
        let work = OpWork {
            ns: ns.full(),
            command: inv.command.clone(),
            user: dep
                .effective_user(inv.conn)
                .map(crate::engine::auth::UserName::display),
            completion: Completion::Find {
                ns,
                docs,
                batch_size: batch,
                single_batch,
            },
        };
        let duration = ms.saturating_mul(i64::try_from(scanned.max(1)).unwrap_or(i64::MAX));
        return Ok(Reply::Pending(dep.start_op(inv.origin(), work, duration)));
    }
    Ok(Reply::Done(dep.first_batch_reply(
        &ns,
        docs,
        batch,
        single_batch,
        inv.origin(),
    )))
}

fn get_more(dep: &mut Deployment, inv: &Invocation<'_>) -> ServerResult<Reply> {
    let id = idl::long("getMore.getMore", first_value(inv.command))?;
    let coll = match idl::present(inv.command.get("collection")) {
        Some(v) => idl::string("getMore.collection", v)?.to_owned(),
        None => return Err(idl::missing("getMore.collection")),
    };
    let batch = batch_size(inv.command, "getMore.batchSize")?;
    let ns = Namespace::new(inv.db, &coll);
    let cursor = dep
        .cursors
        .get_mut(&id)
        .filter(|c| c.ns == ns)
        .ok_or_else(|| {
            ServerError::new(
                ErrorCode::CursorNotFound,
                format!("cursor id {id} not found"),
            )
        })?;
    let next: Vec<Bson> = cursor
        .take_batch(batch.filter(|b| *b > 0).unwrap_or(usize::MAX))
        .into_iter()
        .map(Bson::Document)
        .collect();
    let exhausted = cursor.remaining().is_empty();
    if exhausted {
        dep.cursors.shift_remove(&id);
    }
    Ok(Reply::Done(doc! {
        "cursor": { "nextBatch": next, "id": if exhausted { 0 } else { id }, "ns": ns.full() },
        "ok": 1.0,
    }))
}

fn kill_cursors(dep: &mut Deployment, inv: &Invocation<'_>) -> ServerResult<Reply> {
    let coll = collection_name(inv, "killCursors")?.to_owned();
    let ids = idl::present(inv.command.get("cursors"))
        .ok_or_else(|| idl::missing("killCursors.cursors"))?;
    let items = idl::array("killCursors.cursors", ids)?;
    let ns = Namespace::new(inv.db, &coll);
    let mut killed = Vec::new();
    let mut not_found = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let id = idl::long(&format!("killCursors.cursors.{index}"), item)?;
        if dep.cursors.get(&id).is_some_and(|c| c.ns == ns) {
            dep.cursors.shift_remove(&id);
            killed.push(Bson::Int64(id));
        } else {
            not_found.push(Bson::Int64(id));
        }
    }
    Ok(Reply::Done(doc! {
        "cursorsKilled": killed,
        "cursorsNotFound": not_found,
        "cursorsAlive": [],
        "cursorsUnknown": [],
        "ok": 1.0,
    }))
}

fn update(dep: &mut Deployment, inv: &Invocation<'_>) -> ServerResult<Reply> {
    let coll = collection_name(inv, "update")?;
    let ns = Namespace::new(inv.db, coll);
    let updates =
        idl::present(inv.command.get("updates")).ok_or_else(|| idl::missing("update.updates"))?;
    let items = idl::array("update.updates", updates)?.to_vec();
    let (mut n, mut modified) = (0i32, 0i32);
    let mut upserted = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let statement = idl::object(&format!("update.updates.{index}"), item)?;
        let q = Filter::parse(
            statement
                .get_document("q")
                .map_err(|_| idl::missing("update.updates.q"))?,
        )?;
        let u = statement
            .get_document("u")
            .map_err(|_| idl::missing("update.updates.u"))?
            .clone();
        let multi = statement.get("multi").is_some_and(truthy);
        let upsert = statement.get("upsert").is_some_and(truthy);
        let docs = write(dep, inv, &ns);
        let mut matched_any = false;
        for d in docs.iter_mut().filter(|d| q.matches(d)) {
            let before = d.clone();
            apply_update(d, &u)?;
            n += 1;
            if *d != before {
                modified += 1;
            }
            matched_any = true;
            if !multi {
                break;
            }
        }
        if !matched_any && upsert {
            let mut fresh = Document::new();
            apply_update(&mut fresh, &u)?;
            if !fresh.contains_key("_id") {
                let oid = dep.new_object_id();
                let mut with_id = doc! { "_id": oid };
                with_id.extend(fresh);
                fresh = with_id;
            }
            let id = fresh.get("_id").cloned().unwrap_or(Bson::Null);
            write(dep, inv, &ns).push(fresh);
            n += 1;
            upserted.push(doc! { "index": i32::try_from(index).unwrap_or(i32::MAX), "_id": id });
        }
    }
    let mut reply = doc! { "n": n, "nModified": modified };
    if !upserted.is_empty() {
        reply.insert("upserted", upserted);
    }
    reply.insert("ok", 1.0);
    Ok(Reply::Done(reply))
}

fn delete(dep: &mut Deployment, inv: &Invocation<'_>) -> ServerResult<Reply> {
    let coll = collection_name(inv, "delete")?;
    let ns = Namespace::new(inv.db, coll);
    let deletes =
        idl::present(inv.command.get("deletes")).ok_or_else(|| idl::missing("delete.deletes"))?;
    let items = idl::array("delete.deletes", deletes)?.to_vec();
    let mut n = 0i32;
    for (index, item) in items.iter().enumerate() {
        let statement = idl::object(&format!("delete.deletes.{index}"), item)?;
        let q = Filter::parse(
            statement
                .get_document("q")
                .map_err(|_| idl::missing("delete.deletes.q"))?,
        )?;
        let just_one = statement.get("limit").is_some_and(truthy);
        let docs = write(dep, inv, &ns);
        let mut removed = 0;
        docs.retain(|d| {
            if (just_one && removed > 0) || !q.matches(d) {
                return true;
            }
            removed += 1;
            false
        });
        n += removed;
    }
    Ok(Reply::Done(doc! { "n": n, "ok": 1.0 }))
}

fn count(dep: &mut Deployment, inv: &Invocation<'_>) -> ServerResult<Reply> {
    let coll = collection_name(inv, "count")?;
    let ns = Namespace::new(inv.db, coll);
    let query = match idl::present(inv.command.get("query")) {
        Some(v) => idl::object("count.query", v)?.clone(),
        None => Document::new(),
    };
    let filter = Filter::parse(&query)?;
    let n = read(dep, inv, &ns)
        .iter()
        .filter(|d| filter.matches(d))
        .count();
    Ok(Reply::Done(
        doc! { "n": i32::try_from(n).unwrap_or(i32::MAX), "ok": 1.0 },
    ))
}

/// CRUD and cursor commands.
pub(crate) const COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        name: "insert",
        requires_auth: true,
        attaches_session: true,
        allowed_in_transaction: true,
        rejects_write_concern: false,
        authorize: may_insert,
        run: insert,
    },
    CommandSpec {
        name: "find",
        requires_auth: true,
        attaches_session: true,
        allowed_in_transaction: true,
        rejects_write_concern: false,
        authorize: may_find,
        run: find,
    },
    CommandSpec {
        name: "getMore",
        requires_auth: true,
        attaches_session: true,
        allowed_in_transaction: true,
        rejects_write_concern: false,
        authorize: may_find,
        run: get_more,
    },
    CommandSpec {
        name: "killCursors",
        requires_auth: true,
        attaches_session: true,
        allowed_in_transaction: true,
        rejects_write_concern: false,
        authorize: may_find,
        run: kill_cursors,
    },
    CommandSpec {
        name: "update",
        requires_auth: true,
        attaches_session: true,
        allowed_in_transaction: true,
        rejects_write_concern: false,
        authorize: may_update,
        run: update,
    },
    CommandSpec {
        name: "delete",
        requires_auth: true,
        attaches_session: true,
        allowed_in_transaction: true,
        rejects_write_concern: false,
        authorize: may_remove,
        run: delete,
    },
    CommandSpec {
        name: "count",
        requires_auth: true,
        attaches_session: true,
        allowed_in_transaction: false,
        rejects_write_concern: false,
        authorize: may_find,
        run: count,
    },
];
