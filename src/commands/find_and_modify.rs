//! `findAndModify` (`find_and_modify.cpp`), behind mongosh's `findOneAndUpdate`,
//! `findOneAndReplace` and `findOneAndDelete`: the first matching document in `sort` order is
//! updated (or replaced, or removed, or upserted) and returned as it was before, or after with
//! `new: true`, in `{ lastErrorObject: { n, updatedExisting[, upserted] }, value, ok: 1 }`.
//! It writes through the same transaction rules as `update` and `delete`, waiting like them for
//! an open transaction that wrote the document.

use super::crud::{
    self, apply, collection_name, reply_or_wait, rerun, transaction, upserted_document,
    while_running, Modification, Update, Written,
};
use super::idl_fields::{self, FieldType, FieldValue};
use super::retryable::Statements;
use super::{CommandSpec, Invocation, Reply};
use crate::engine::auth::Action;
use crate::engine::error::{ErrorCode, ServerError, ServerResult};
use crate::engine::operations::{ConnId, Retry};
use crate::engine::pipeline::SortSpec;
use crate::engine::storage::{truthy, Filter, Namespace, Projection};
use crate::engine::transactions::Executed;
use crate::engine::update::{positional_refused, MAX_PADDING};
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

/// The fields of `findAndModify` (`write_ops.idl`, a strict command, with 7.0's `sampleId`)
/// with their types.
const FIELDS: &[(&str, FieldType)] = &[
    ("query", FieldType::Object),
    ("fields", FieldType::Object),
    ("sort", FieldType::Object),
    ("batchSize", FieldType::Int),
    ("singleBatch", FieldType::Bool),
    ("hint", FieldType::Hint),
    ("collation", FieldType::Object),
    ("arrayFilters", FieldType::ObjectArray),
    ("remove", FieldType::SafeBool),
    ("update", FieldType::UpdateModification),
    ("upsert", FieldType::SafeBool),
    ("new", FieldType::SafeBool),
    ("stmtId", FieldType::Int),
    ("bypassDocumentValidation", FieldType::SafeBool),
    ("let", FieldType::Object),
    ("runtimeConstants", FieldType::Object),
    ("writeConcern", FieldType::Object),
    ("encryptionInformation", FieldType::Object),
    ("mirrored", FieldType::OptionalBool),
    ("sampleId", FieldType::Uuid),
];

/// What `findAndModify` reads of its command once its IDL has parsed it.
#[derive(Default)]
struct Request<'a> {
    query: Option<&'a Document>,
    fields: Option<&'a Document>,
    sort: Option<&'a Document>,
    update: Option<Update<'a>>,
    array_filters: Option<&'a [Bson]>,
    remove: bool,
    upsert: bool,
    new: bool,
}

impl<'a> Request<'a> {
    /// Parses the command as `FindAndModifyCommandRequest::parse` does, then checks its
    /// options together as the command's `validate` does.
    fn parse(command: &'a Document) -> ServerResult<Self> {
        let mut request = Self::default();
        idl_fields::parse_command(command, "findAndModify", FIELDS, |field, value| {
            match (field, value) {
                ("query", FieldValue::Object(d)) => request.query = Some(d),
                ("fields", FieldValue::Object(d)) => request.fields = Some(d),
                ("sort", FieldValue::Object(d)) => request.sort = Some(d),
                ("update", FieldValue::Object(d)) => request.update = Some(Update::Document(d)),
                ("update", FieldValue::Pipeline(stages)) => {
                    request.update = Some(Update::Pipeline(stages));
                }
                ("arrayFilters", FieldValue::Array(filters)) => {
                    request.array_filters = Some(filters);
                }
                ("remove", FieldValue::Bool(b)) => request.remove = b,
                ("upsert", FieldValue::Bool(b)) => request.upsert = b,
                ("new", FieldValue::Bool(b)) => request.new = b,
                _ => {}
            }
            Ok(())
        })?;
        match (request.remove, request.update.is_some()) {
            (false, false) => Err(refuse("Either an update or remove=true must be specified")),
            (true, true) => Err(refuse("Cannot specify both an update and remove=true")),
            (true, false) if request.upsert => {
                Err(refuse("Cannot specify both upsert=true and remove=true"))
            }
            (true, false) if request.new => Err(refuse(
                "Cannot specify both new=true and remove=true; 'remove' always returns the deleted document",
            )),
            // `UpdateDriver::parse`.
            _ if request.array_filters.is_some_and(|f| !f.is_empty()) => {
                Err(match request.update {
                    Some(Update::Pipeline(_)) => refuse("arrayFilters may not be specified for pipeline-style updates"),
                    _ => positional_refused(),
                })
            }
            _ => Ok(request),
        }
    }
}

/// Runs the command: its reply, or the open transaction it waits for.
pub(super) fn modify(dep: &mut Deployment, inv: &Invocation<'_>) -> ServerResult<Written> {
    let ns = Namespace::new(inv.db, collection_name(inv, "findAndModify")?);
    let Request {
        query,
        fields,
        sort,
        update,
        upsert,
        new,
        ..
    } = Request::parse(inv.command)?;
    // As `update` does: the update is read before the query (`ParsedUpdate::parseRequest`),
    // and both before any document is looked for.
    let update = update
        .map(|update| Modification::prepare(dep, update))
        .transpose()?;
    let query = query.cloned().unwrap_or_default();
    let filter = Filter::parse(&query)?;
    let sort = sort.map(SortSpec::parse).transpose()?;
    let fields = fields.map(Projection::parse).transpose()?;
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
    let mut padding_left = MAX_PADDING;
    let (value, last_error) = match (found, &update) {
        (Some(i), None) => (Some(docs.remove(i)), doc! { "n": 1 }),
        (Some(i), Some(update)) => {
            let old = docs[i].clone();
            update
                .apply(&mut docs[i], &mut padding_left)
                .map_err(while_running("findAndModify"))?;
            let shown = if new { docs[i].clone() } else { old };
            (Some(shown), doc! { "n": 1, "updatedExisting": true })
        }
        (None, Some(update)) if upsert => {
            let fresh = upserted_document(dep, &query, update, &mut padding_left)
                .map_err(while_running("findAndModify"))?;
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
