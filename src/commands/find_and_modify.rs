//! `findAndModify` (`find_and_modify.cpp`), behind mongosh's `findOneAndUpdate`,
//! `findOneAndReplace` and `findOneAndDelete`: the first matching document in `sort` order is
//! updated (or replaced, or removed, or upserted) and returned as it was before, or after with
//! `new: true`, in `{ lastErrorObject: { n, updatedExisting[, upserted] }, value, ok: 1 }`.
//! It writes through the same transaction rules as `update` and `delete`, waiting like them for
//! an open transaction that wrote the document.

use super::crud::{
    self, apply, collection_name, reply_or_wait, rerun, transaction, upserted_document, Written,
};
use super::retryable::Statements;
use super::{idl, CommandSpec, Invocation, Reply};
use crate::engine::auth::Action;
use crate::engine::error::{ErrorCode, ServerError, ServerResult};
use crate::engine::operations::{ConnId, Retry};
use crate::engine::pipeline::SortSpec;
use crate::engine::storage::{apply_update, truthy, Filter, Namespace, Projection};
use crate::engine::transactions::Executed;
use crate::engine::Deployment;
use bson::{doc, Bson, Document};

fn may_find_and_modify(
    dep: &Deployment,
    conn: ConnId,
    db: &str,
    cmd: &Document,
) -> ServerResult<()> {
    let flag = |name: &str| cmd.get(name).is_some_and(truthy);
    crud::may_find(dep, conn, db, cmd)?;
    if flag("remove") {
        return crud::may_remove(dep, conn, db, cmd);
    }
    crud::may_update(dep, conn, db, cmd)?;
    if flag("upsert") {
        crud::authorize_action(dep, conn, db, Action::Insert)?;
    }
    Ok(())
}

fn find_and_modify(dep: &mut Deployment, inv: &Invocation<'_>) -> ServerResult<Reply> {
    let written = modify(dep, inv)?;
    let ns = Namespace::new(inv.db, collection_name(inv, "findAndModify")?);
    reply_or_wait(
        dep,
        inv,
        &ns,
        written,
        Retry(|dep, op| rerun(dep, op, modify)),
    )
}

fn refuse(message: &str) -> ServerError {
    ServerError::new(ErrorCode::FailedToParse, message)
}

/// An optional object field.
fn object_field<'a>(cmd: &'a Document, name: &str) -> ServerResult<Option<&'a Document>> {
    idl::present(cmd.get(name))
        .map(|v| idl::object(&format!("findAndModify.{name}"), v))
        .transpose()
}

/// Runs the command: its reply, or the open transaction it waits for.
pub(super) fn modify(dep: &mut Deployment, inv: &Invocation<'_>) -> ServerResult<Written> {
    let cmd = inv.command;
    let ns = Namespace::new(inv.db, collection_name(inv, "findAndModify")?);
    let flag = |name: &str| idl::present(cmd.get(name)).is_some_and(truthy);
    let (remove, upsert, new) = (flag("remove"), flag("upsert"), flag("new"));
    let update = object_field(cmd, "update")?;
    match (remove, update.is_some()) {
        (false, false) => return Err(refuse("Either an update or remove=true must be specified")),
        (true, true) => return Err(refuse("Cannot specify both an update and remove=true")),
        (true, false) if upsert => {
            return Err(refuse("Cannot specify both upsert=true and remove=true"))
        }
        (true, false) if new => {
            return Err(refuse(
                "Cannot specify both new=true and remove=true; 'remove' always returns the deleted document",
            ))
        }
        _ => {}
    }
    let query = object_field(cmd, "query")?.cloned().unwrap_or_default();
    let filter = Filter::parse(&query)?;
    let sort = object_field(cmd, "sort")?
        .map(SortSpec::parse)
        .transpose()?;
    let fields = object_field(cmd, "fields")?
        .map(Projection::parse)
        .transpose()?;
    if let Some(update) = update {
        // As `update` does: the modifiers are read before any document is looked for.
        apply_update(&mut Document::new(), update)?;
    }
    let mut statements = Statements::new(inv);
    if let Some(Executed::Modified(mut reply)) = statements.earlier(dep, 0) {
        dep.count_retried(1);
        reply.insert(
            "retriedStmtId",
            statements.retried.pop().unwrap_or_default(),
        );
        reply.insert("ok", 1.0);
        return Ok(Written::Reply(reply));
    }
    let before = dep.visible(transaction(inv), &ns);
    let mut docs = before.to_vec();
    let matching: Vec<usize> = (0..docs.len())
        .filter(|&i| filter.matches(&docs[i]))
        .collect();
    let found = match &sort {
        Some(sort) => sort.first(&docs, &matching),
        None => matching.first().copied(),
    };
    // It writes when it found a document, or upserts one.
    let wrote = found.is_some() || (upsert && update.is_some());
    let (value, last_error) = match (found, update) {
        (Some(i), None) => (Some(docs.remove(i)), doc! { "n": 1 }),
        (Some(i), Some(update)) => {
            let old = docs[i].clone();
            apply_update(&mut docs[i], update)?;
            let shown = if new { docs[i].clone() } else { old };
            (Some(shown), doc! { "n": 1, "updatedExisting": true })
        }
        (None, Some(update)) if upsert => {
            let fresh = upserted_document(dep, &query, update)?;
            let id = fresh.get("_id").cloned().unwrap_or(Bson::Null);
            docs.push(fresh.clone());
            (
                new.then_some(fresh),
                doc! { "n": 1, "updatedExisting": false, "upserted": id },
            )
        }
        (None, Some(_)) => (None, doc! { "n": 0, "updatedExisting": false }),
        (None, None) => (None, doc! { "n": 0 }),
    };
    let value = match (value, &fields) {
        (Some(doc), Some(fields)) => Bson::Document(fields.apply(&doc)?),
        (Some(doc), None) => Bson::Document(doc),
        (None, _) => Bson::Null,
    };
    let mut reply = doc! { "lastErrorObject": last_error, "value": value };
    if wrote {
        statements.ran(0, Executed::Modified(reply.clone()));
    }
    reply.insert("ok", 1.0);
    apply(dep, inv, &ns, (&before, docs), statements, reply)
}

/// The `findAndModify` command.
pub(crate) const COMMANDS: &[CommandSpec] = &[CommandSpec {
    name: "findAndModify",
    requires_auth: true,
    attaches_session: true,
    allowed_in_transaction: true,
    rejects_write_concern: false,
    authorize: may_find_and_modify,
    run: find_and_modify,
}];
