//! `insert`, `find`, `getMore`, `killCursors`, `update`, `delete` and `count` on the simple
//! in-memory collections. Inside a transaction, reads and writes go to the transaction's own
//! copy of each namespace until commit. A `find` whose filter has `$where: "sleep(<ms>) ||
//! true"` takes `<ms>` of logical time per document scanned, as on the real server, and so
//! keeps running (listed by `currentOp`) while the clock has not passed.

use super::idl_fields::{self, FieldType, FieldValue};
use super::pipeline_updates::{self, UpdatePipelines};
use super::retryable::Statements;
use super::{first_value, idl, CommandSpec, Invocation, Reply};
use crate::engine::auth::{Action, Resource};
use crate::engine::error::{ErrorCode, ServerError, ServerResult};
use crate::engine::ids::ObjectIdMaker;
use crate::engine::operations::{Completion, ConnId, Cursor, Operation, Retry, Waiting};
use crate::engine::pipeline::SortSpec;
use crate::engine::storage::{id_index, id_key, Filter, Namespace, Projection};
use crate::engine::transactions::Executed;
use crate::engine::update::{
    apply_update, check_update, positional_refused, replace, upsert_seed, MAX_PADDING,
};
use crate::engine::values::{documents_identical, with_id_first};
use crate::engine::writes::{WaitFor, WriteRefused};
use crate::engine::Deployment;
use bson::{doc, Bson, Document};
use std::rc::Rc;

/// Documents per batch when no `batchSize` is given.
pub(crate) const DEFAULT_BATCH_SIZE: usize = 101;

pub(super) fn authorize_action(
    dep: &Deployment,
    conn: ConnId,
    db: &str,
    action: Action,
) -> ServerResult<()> {
    super::require(dep.is_authorized(conn, &Resource::Database(db.to_owned()), action))
}

pub(super) fn may_find(dep: &Deployment, conn: ConnId, db: &str, _: &Document) -> ServerResult<()> {
    authorize_action(dep, conn, db, Action::Find)
}
fn may_insert(dep: &Deployment, conn: ConnId, db: &str, _: &Document) -> ServerResult<()> {
    authorize_action(dep, conn, db, Action::Insert)
}
pub(super) fn may_update(
    dep: &Deployment,
    conn: ConnId,
    db: &str,
    _: &Document,
) -> ServerResult<()> {
    authorize_action(dep, conn, db, Action::Update)
}
pub(super) fn may_remove(
    dep: &Deployment,
    conn: ConnId,
    db: &str,
    _: &Document,
) -> ServerResult<()> {
    authorize_action(dep, conn, db, Action::Remove)
}

/// The collection name a CRUD command targets.
pub(super) fn collection_name<'a>(inv: &'a Invocation<'_>, name: &str) -> ServerResult<&'a str> {
    match first_value(inv.command) {
        Bson::String(s) if !s.is_empty() => Ok(s),
        Bson::String(_) => Err(ServerError::new(
            ErrorCode::InvalidNamespace,
            format!("Invalid namespace specified '{}.'", inv.db),
        )),
        other => Err(idl::wrong_type(&format!("{name}.{name}"), other, "string")),
    }
}

/// The documents of a namespace as this invocation sees them (a transaction's snapshot and
/// its own writes, or what is committed).
pub(crate) fn read(dep: &mut Deployment, inv: &Invocation<'_>, ns: &Namespace) -> Vec<Document> {
    dep.visible(transaction(inv), ns).to_vec()
}

/// The session of the transaction this invocation runs in, if it runs in one.
pub(super) fn transaction(inv: &Invocation<'_>) -> Option<crate::engine::ids::Lsid> {
    inv.txn_number.and(inv.lsid)
}

/// A batch write's statement failures (`write_ops_exec`'s `handleError`): outside a
/// transaction each is a write error of an `ok: 1` reply, and an ordered batch (the default)
/// stops at the first; inside one the failure is the command's own error.
struct WriteErrors {
    ordered: bool,
    in_transaction: bool,
    errors: Vec<Bson>,
}

/// The fields `write_ops.idl` gives every batch write (`WriteCommandRequestBase`), besides the
/// command's own array (and `let`, which updates and deletes have).
const WRITE_FIELDS: &[(&str, FieldType)] = &[
    ("bypassDocumentValidation", FieldType::SafeBool),
    ("ordered", FieldType::Bool),
    ("stmtId", FieldType::Unread),
    ("stmtIds", FieldType::Unread),
    ("isTimeseriesNamespace", FieldType::Unread),
    ("collectionUUID", FieldType::Unread),
    ("encryptionInformation", FieldType::Unread),
    ("originalQuery", FieldType::Unread),
    ("originalCollation", FieldType::Unread),
    ("bypassEmptyTsReplacement", FieldType::Unread),
];

impl WriteErrors {
    /// Reads a batch write's options as its strict IDL does (`insert.ordered` a bool,
    /// `bypassDocumentValidation` a `safeBool`, an unknown field `IDLUnknownField`); the
    /// statements' array is read by the command.
    fn new(inv: &Invocation<'_>) -> ServerResult<Self> {
        let name = inv.command.keys().next().map_or("", String::as_str);
        let own: &[(&str, FieldType)] = match name {
            "insert" => &[("documents", FieldType::Unread)],
            "update" => &[("updates", FieldType::Unread), ("let", FieldType::Unread)],
            _ => &[("deletes", FieldType::Unread), ("let", FieldType::Unread)],
        };
        let fields = [own, WRITE_FIELDS].concat();
        let mut ordered = true;
        idl_fields::parse_command(inv.command, name, &fields, |field, value| {
            if let ("ordered", FieldValue::Bool(b)) = (field, value) {
                ordered = b;
            }
            Ok(())
        })?;
        Ok(Self {
            ordered,
            in_transaction: transaction(inv).is_some(),
            errors: Vec::new(),
        })
    }

    /// Records statement `index`'s failure; answers whether the batch stops there, or the
    /// command's error inside a transaction.
    fn failed(&mut self, index: usize, error: ServerError) -> ServerResult<bool> {
        if self.in_transaction {
            return Err(error);
        }
        self.errors.push(Bson::Document(doc! {
            "index": i32::try_from(index).unwrap_or(i32::MAX),
            "code": error.code.code(),
            "errmsg": error.errmsg,
        }));
        Ok(self.ordered)
    }

    /// The reply in the server's field order (`WriteCommandReplyBase`, then the command's own
    /// fields): `n`, `writeErrors` and `retriedStmtIds` if any, `own` (`upserted`,
    /// `nModified`), `ok: 1`.
    fn finish(self, n: i32, statements: &mut Statements, own: Document) -> Document {
        let mut reply = doc! { "n": n };
        if !self.errors.is_empty() {
            reply.insert("writeErrors", self.errors);
        }
        if !statements.retried.is_empty() {
            reply.insert("retriedStmtIds", statements.retried.clone());
        }
        reply.extend(own);
        reply.insert("ok", 1.0);
        reply
    }
}

/// What a write command comes to: its reply, or the transaction it must wait for.
pub(super) enum Written {
    Reply(Document),
    Wait(WaitFor),
}

/// Applies what a write made of the documents it saw, and keeps what its statements did for a
/// retry; a write conflict in a transaction is the command's error (and the transaction is
/// aborted).
pub(super) fn apply(
    dep: &mut Deployment,
    inv: &Invocation<'_>,
    ns: &Namespace,
    (before, after): (&Rc<Vec<Document>>, Vec<Document>),
    statements: Statements,
    reply: Document,
) -> ServerResult<Written> {
    match dep.apply_write(transaction(inv), ns, before, after) {
        Ok(()) => {
            statements.record(dep);
            Ok(Written::Reply(reply))
        }
        Err(WriteRefused::Error(error)) => Err(error),
        Err(WriteRefused::Wait(wait)) => Ok(Written::Wait(wait)),
    }
}

/// A write command's reply, or an operation that waits for the transaction it conflicts with
/// (until that transaction ends, or for `maxTimeMS`).
pub(super) fn reply_or_wait(
    dep: &mut Deployment,
    inv: &Invocation<'_>,
    ns: &Namespace,
    written: Written,
    retry: Retry,
) -> ServerResult<Reply> {
    let wait = match written {
        Written::Reply(reply) => return Ok(Reply::Done(reply)),
        Written::Wait(wait) => wait,
    };
    let deadline = time_limit(inv)?.map(|ms| dep.now().saturating_add(ms));
    let work = inv.op_work(dep, ns.full(), Completion::Reply(Document::new()));
    let waiting = Waiting {
        on: wait,
        deadline,
        retry,
    };
    Ok(Reply::Pending(dep.start_waiting_op(
        inv.origin(),
        work,
        waiting,
    )))
}

/// The command's `maxTimeMS`, when it sets a limit (0 is none).
pub(super) fn time_limit(inv: &Invocation<'_>) -> ServerResult<Option<i64>> {
    super::max_time::limit(inv.command)
}

/// Starts an operation that runs for `duration` ms and then answers `completion`, or stops at
/// the command's `maxTimeMS` with `MaxTimeMSExpired`, as the server interrupts an operation
/// past its deadline.
pub(super) fn run_for(
    dep: &mut Deployment,
    inv: &Invocation<'_>,
    ns: String,
    completion: Completion,
    duration: i64,
) -> ServerResult<Reply> {
    let (duration, completion) = match time_limit(inv)? {
        Some(limit) if limit < duration => {
            let expired =
                ServerError::new(ErrorCode::MaxTimeMSExpired, "operation exceeded time limit");
            (limit, Completion::Reply(expired.to_reply()))
        }
        _ => (duration, completion),
    };
    let work = inv.op_work(dep, ns, completion);
    Ok(Reply::Pending(dep.start_op(inv.origin(), work, duration)))
}

/// Runs a waiting write again with `run` (see [`Retry`]): its reply, or the transaction it
/// still waits for.
pub(super) fn rerun(
    dep: &mut Deployment,
    op: &Operation,
    run: fn(&mut Deployment, &Invocation<'_>) -> ServerResult<Written>,
) -> Result<Document, WaitFor> {
    let command = &op.work.command;
    let db = op
        .work
        .ns
        .split_once('.')
        .map_or(op.work.ns.as_str(), |(db, _)| db);
    let inv = Invocation {
        conn: op.conn,
        db,
        lsid: op.lsid,
        txn_number: None,
        command,
    };
    match run(dep, &inv) {
        Ok(Written::Reply(reply)) => Ok(reply),
        Ok(Written::Wait(wait)) => Err(wait),
        Err(error) => Ok(error.to_reply()),
    }
}

/// Runs a waiting insert, update or delete again.
fn retry_write(dep: &mut Deployment, op: &Operation) -> Result<Document, WaitFor> {
    let run = match op.work.command.keys().next().map(String::as_str) {
        Some("insert") => insert_documents,
        Some("update") => update_documents,
        _ => delete_documents,
    };
    rerun(dep, op, run)
}

fn insert(dep: &mut Deployment, inv: &Invocation<'_>) -> ServerResult<Reply> {
    let written = insert_documents(dep, inv)?;
    let ns = Namespace::new(inv.db, collection_name(inv, "insert")?);
    reply_or_wait(dep, inv, &ns, written, Retry(retry_write))
}

fn update(dep: &mut Deployment, inv: &Invocation<'_>) -> ServerResult<Reply> {
    let written = update_documents(dep, inv)?;
    let ns = Namespace::new(inv.db, collection_name(inv, "update")?);
    reply_or_wait(dep, inv, &ns, written, Retry(retry_write))
}

fn delete(dep: &mut Deployment, inv: &Invocation<'_>) -> ServerResult<Reply> {
    let written = delete_documents(dep, inv)?;
    let ns = Namespace::new(inv.db, collection_name(inv, "delete")?);
    reply_or_wait(dep, inv, &ns, written, Retry(retry_write))
}

/// The most statements a batch write takes (`write_ops::kMaxWriteBatchSize`).
const MAX_WRITE_BATCH_SIZE: usize = 100_000;

/// `checkOpCountForCommand`: a batch write has 1 to 100,000 statements (an element of the array
/// that is `null` is none), else `InvalidLength` `Write batch sizes must be between 1 and 100000.
/// Got 0 operations.`
fn check_batch_size(statements: usize) -> ServerResult<()> {
    if (1..=MAX_WRITE_BATCH_SIZE).contains(&statements) {
        return Ok(());
    }
    Err(ServerError::new(
        ErrorCode::InvalidLength,
        format!(
            "Write batch sizes must be between 1 and {MAX_WRITE_BATCH_SIZE}. Got {statements} operations."
        ),
    ))
}

/// A document as `fixDocumentForInsert` stores it: its `_id` first, a new `ObjectId` when it has
/// none; an `_id` that is an array, a regular expression or `undefined` is the statement's
/// `BadValue`.
fn document_for_insert(dep: &mut Deployment, document: &Document) -> ServerResult<Document> {
    let id = match document.get("_id") {
        Some(Bson::Array(_)) => Err("can't use an array for _id"),
        Some(Bson::RegularExpression(_)) => Err("can't use a regex for _id"),
        Some(Bson::Undefined) => Err("can't use a undefined for _id"),
        Some(id) => Ok(id.clone()),
        None => Ok(Bson::ObjectId(dep.new_object_id(ObjectIdMaker::Server))),
    }
    .map_err(|message| ServerError::new(ErrorCode::BadValue, message))?;
    Ok(with_id_first(id, document.clone()))
}

fn insert_documents(dep: &mut Deployment, inv: &Invocation<'_>) -> ServerResult<Written> {
    let coll = collection_name(inv, "insert")?;
    let ns = Namespace::new(inv.db, coll);
    let documents = idl::present(inv.command.get("documents"))
        .ok_or_else(|| idl::missing("insert.documents"))?;
    let items = idl::array("insert.documents", documents)?;
    let mut prepared = Vec::with_capacity(items.len());
    for document in idl::parse_struct_array("insert.documents", items, Ok)? {
        prepared.push(document_for_insert(dep, document));
    }
    check_batch_size(prepared.len())?;
    dep.charge(prepared.len() * crate::engine::WRITTEN_DOCUMENT_WORK);
    let before = dep.visible(transaction(inv), &ns);
    let mut target = before.to_vec();
    let mut ids = id_index(&target);
    let mut n = 0;
    let mut write_errors = WriteErrors::new(inv)?;
    let mut statements = Statements::new(inv);
    for (index, d) in prepared.into_iter().enumerate() {
        if statements.earlier(dep, index).is_some() {
            n += 1;
            continue;
        }
        let d = match d {
            Ok(d) => d,
            Err(error) => {
                if write_errors.failed(index, error)? {
                    break;
                }
                continue;
            }
        };
        let id = d.get("_id").cloned().unwrap_or(Bson::Null);
        if ids.insert(id_key(&d), 0).is_some() {
            let mut key = Document::new();
            key.insert("_id", id);
            let errmsg = format!(
                "E11000 duplicate key error collection: {} index: _id_ dup key: {}",
                ns.full(),
                crate::engine::bson_text::document_to_server_string(&key)
            );
            if write_errors.failed(index, ServerError::new(ErrorCode::DuplicateKey, errmsg))? {
                break;
            }
            continue;
        }
        target.push(d);
        n += 1;
        statements.ran(index, Executed::Wrote);
    }
    let reply = write_errors.finish(n, &mut statements, Document::new());
    apply(dep, inv, &ns, (&before, target), statements, reply)
}

/// A `batchSize` (`find`'s, `getMore`'s and an aggregation's `cursor`'s `safeInt64`, at least
/// 0), as a count.
pub(super) fn batch_size(command: &Document, path: &str) -> ServerResult<Option<usize>> {
    idl::present(command.get("batchSize"))
        .map(|value| Ok(document_count(idl::non_negative_long(path, value)?)))
        .transpose()
}

/// A non-negative `safeInt64` as a count of documents.
fn document_count(n: i64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

/// The fields of `find_command.idl` (a strict command whose parser names its context
/// `FindCommandRequest`) with their types: those Session Lab reads, and the others,
/// type-checked and not simulated (`hint`, `collation`, `allowDiskUse`, …).
const FIND_FIELDS: &[(&str, FieldType)] = &[
    ("filter", FieldType::OwnedObject),
    ("projection", FieldType::OwnedObject),
    ("sort", FieldType::OwnedObject),
    ("hint", FieldType::Hint),
    ("collation", FieldType::OwnedObject),
    ("skip", FieldType::NonNegativeInt64),
    ("limit", FieldType::NonNegativeInt64),
    ("batchSize", FieldType::NonNegativeInt64),
    ("singleBatch", FieldType::OptionalBool),
    ("allowDiskUse", FieldType::OptionalBool),
    ("min", FieldType::OwnedObject),
    ("max", FieldType::OwnedObject),
    ("returnKey", FieldType::OptionalBool),
    ("showRecordId", FieldType::OptionalBool),
    ("$queryOptions", FieldType::OwnedObject),
    ("tailable", FieldType::OptionalBool),
    ("oplogReplay", FieldType::NoOpBool),
    ("noCursorTimeout", FieldType::OptionalBool),
    ("awaitData", FieldType::OptionalBool),
    ("allowPartialResults", FieldType::OptionalBool),
    ("let", FieldType::Object),
    ("term", FieldType::SafeInt64),
    ("readOnce", FieldType::OptionalBool),
    ("allowSpeculativeMajorityRead", FieldType::OptionalBool),
    ("$_requestResumeToken", FieldType::OptionalBool),
    ("$_resumeAfter", FieldType::OwnedObject),
    ("maxTimeMS", FieldType::Unread),
    ("readConcern", FieldType::Object),
    ("runtimeConstants", FieldType::Object),
    ("collectionUUID", FieldType::Uuid),
    ("encryptionInformation", FieldType::Object),
    ("mirrored", FieldType::OptionalBool),
    // 8.0's, after the IDL of the spec's sources; accepted and not type-checked here.
    ("includeQueryStatsMetrics", FieldType::Unread),
];

/// What `find` reads of its command once its IDL has parsed it.
#[derive(Default)]
struct FindRequest<'a> {
    filter: Option<&'a Document>,
    projection: Option<&'a Document>,
    sort: Option<&'a Document>,
    skip: usize,
    limit: Option<usize>,
    batch_size: Option<usize>,
    single_batch: bool,
}

impl<'a> FindRequest<'a> {
    /// Parses `find` as `FindCommandRequest::parse` does, field by field in the command's
    /// order, before any of its filter, projection or sort is read.
    fn parse(command: &'a Document) -> ServerResult<Self> {
        let mut request = Self::default();
        idl_fields::parse_command(
            command,
            "FindCommandRequest",
            FIND_FIELDS,
            |field, value| {
                match (field, value) {
                    ("filter", FieldValue::Object(d)) => request.filter = Some(d),
                    ("projection", FieldValue::Object(d)) => request.projection = Some(d),
                    ("sort", FieldValue::Object(d)) => request.sort = Some(d),
                    ("skip", FieldValue::Long(n)) => request.skip = document_count(n),
                    ("limit", FieldValue::Long(n)) => request.limit = Some(document_count(n)),
                    ("batchSize", FieldValue::Long(n)) => {
                        request.batch_size = Some(document_count(n));
                    }
                    ("singleBatch", FieldValue::Bool(b)) => request.single_batch = b,
                    _ => {}
                }
                Ok(())
            },
        )?;
        Ok(request)
    }
}

fn find(dep: &mut Deployment, inv: &Invocation<'_>) -> ServerResult<Reply> {
    let coll = collection_name(inv, "find")?;
    let ns = Namespace::new(inv.db, coll);
    let request = FindRequest::parse(inv.command)?;
    let filter = Filter::parse(request.filter.unwrap_or(&Document::new()))?;
    let projection = request
        .projection
        .map(Projection::parse)
        .transpose()
        .inspect_err(|_| expressions_missed(dep))?;
    let sleep = filter.sleep_ms();
    let batch = request.batch_size.unwrap_or(DEFAULT_BATCH_SIZE);
    let sort = request.sort.map(SortSpec::parse).transpose()?;
    let all = read(dep, inv, &ns);
    let scanned = all.len();
    let mut docs: Vec<Document> = all.into_iter().filter(|d| filter.matches(d)).collect();
    if let Some(sort) = sort {
        sort.sort(&mut docs);
    }
    docs.drain(..request.skip.min(docs.len()));
    if let Some(limit) = request.limit.filter(|l| *l > 0) {
        docs.truncate(limit);
    }
    if let Some(projection) = projection {
        docs = docs
            .iter()
            .map(|d| projection.apply(d))
            .collect::<ServerResult<_>>()?;
    }
    if let Some(ms) = sleep {
        let duration = ms.saturating_mul(i64::try_from(scanned.max(1)).unwrap_or(i64::MAX));
        let full = ns.full();
        let completion = Completion::Find {
            ns,
            docs,
            batch_size: batch,
            single_batch: request.single_batch,
            no_cursor_timeout: inv.origin().no_cursor_timeout,
        };
        return run_for(dep, inv, full, completion, duration);
    }
    Ok(Reply::Done(dep.first_batch_reply(
        &ns,
        docs,
        batch,
        request.single_batch,
        inv.origin(),
    )))
}

/// The fields of `getmore_command.idl` (a strict command) with their types; `collection` is
/// required. (`maxTimeMS` is a getMore's wait for new data, which Session Lab's cursors never
/// do, and `term` is replication's: both accepted, not read.)
const GET_MORE_FIELDS: &[(&str, FieldType)] = &[
    ("collection", FieldType::String),
    ("batchSize", FieldType::NonNegativeInt64),
    ("maxTimeMS", FieldType::Unread),
    ("term", FieldType::Unread),
    ("lastKnownCommittedOpTime", FieldType::Object),
];

fn get_more(dep: &mut Deployment, inv: &Invocation<'_>) -> ServerResult<Reply> {
    let id = idl::long("getMore.getMore", first_value(inv.command))?;
    let (mut coll, mut batch) = (None, None);
    idl_fields::parse_command(inv.command, "getMore", GET_MORE_FIELDS, |field, value| {
        match (field, value) {
            ("collection", FieldValue::String(name)) => coll = Some(name),
            ("batchSize", FieldValue::Long(n)) => batch = Some(document_count(n)),
            _ => {}
        }
        Ok(())
    })?;
    let coll = coll.ok_or_else(|| idl::missing("getMore.collection"))?;
    let ns = Namespace::new(inv.db, coll);
    let now = dep.now();
    let cursor = dep.cursors.get_mut(&id).ok_or_else(|| {
        ServerError::new(
            ErrorCode::CursorNotFound,
            format!("cursor id {id} not found"),
        )
    })?;
    check_cursor_owner(id, cursor, inv, &ns)?;
    cursor.last_access = now;
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

/// `pinCheck` of `getmore_cmd.cpp`, in its order: the getMore runs in the cursor's session
/// (`validateLSID`) and transaction (`validateTxnNumber`), on its namespace
/// (`validateNamespace`). A failure leaves the cursor open. Choice: `validateAuthorization` is
/// not made; a cursor opened in a session is already its user's, since another user's lsid
/// differs by its uid.
fn check_cursor_owner(
    id: i64,
    cursor: &Cursor,
    inv: &Invocation<'_>,
    ns: &Namespace,
) -> ServerResult<()> {
    let refuse = |code: u32, message: String| {
        Err(ServerError::new(
            ErrorCode::Location(code),
            format!("Cannot run getMore on cursor {id}, which was {message}"),
        ))
    };
    match (cursor.lsid, inv.lsid) {
        (None, Some(ours)) => {
            return refuse(
                50736,
                format!(
                    "not created in a session, in session {}",
                    ours.to_server_string()
                ),
            )
        }
        (Some(its), None) => {
            return refuse(
                50737,
                format!(
                    "created in session {}, without an lsid",
                    its.to_server_string()
                ),
            )
        }
        (Some(its), Some(ours)) if its != ours => {
            return refuse(
                50738,
                format!(
                    "created in session {}, in session {}",
                    its.to_server_string(),
                    ours.to_server_string()
                ),
            )
        }
        _ => {}
    }
    match (cursor.txn_number, inv.txn_number) {
        (None, Some(ours)) => {
            return refuse(
                50739,
                format!("not created in a transaction, in transaction {ours}"),
            )
        }
        (Some(its), None) => {
            return refuse(
                50740,
                format!("created in transaction {its}, without a txnNumber"),
            )
        }
        (Some(its), Some(ours)) if its != ours => {
            return refuse(
                50741,
                format!("created in transaction {its}, in transaction {ours}"),
            )
        }
        _ => {}
    }
    if cursor.ns != *ns {
        return Err(ServerError::new(
            ErrorCode::Unauthorized,
            format!(
                "Requested getMore on namespace '{}', but cursor belongs to a different namespace {}",
                ns.full(),
                cursor.ns.full()
            ),
        ));
    }
    Ok(())
}

/// `killCursors` (`kill_cursors.idl`, strict): every id is read (a `long` each) before any
/// cursor is killed, so a refused list kills none.
fn kill_cursors(dep: &mut Deployment, inv: &Invocation<'_>) -> ServerResult<Reply> {
    let coll = collection_name(inv, "killCursors")?.to_owned();
    idl_fields::parse_command(
        inv.command,
        "killCursors",
        &[("cursors", FieldType::Unread)],
        |_, _| Ok(()),
    )?;
    let ids = idl::present(inv.command.get("cursors"))
        .ok_or_else(|| idl::missing("killCursors.cursors"))?;
    let items = idl::array("killCursors.cursors", ids)?;
    let mut ids = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        ids.push(idl::long(&format!("killCursors.cursors.{index}"), item)?);
    }
    let ns = Namespace::new(inv.db, &coll);
    let mut killed = Vec::new();
    let mut not_found = Vec::new();
    for id in ids {
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

/// The fields of an update statement (`write_ops.idl`'s strict `UpdateOpEntry`, with 7.0's
/// `sampleId` and `$_allowShardKeyUpdatesWithoutFullShardKeyInQuery`) with their types.
const UPDATE_STATEMENT_FIELDS: &[(&str, FieldType)] = &[
    ("q", FieldType::Object),
    ("u", FieldType::UpdateModification),
    ("c", FieldType::Object),
    ("arrayFilters", FieldType::ObjectArray),
    ("hint", FieldType::Hint),
    ("multi", FieldType::Bool),
    ("upsert", FieldType::Bool),
    ("upsertSupplied", FieldType::OptionalBool),
    ("collation", FieldType::Object),
    ("sampleId", FieldType::Uuid),
    (
        "$_allowShardKeyUpdatesWithoutFullShardKeyInQuery",
        FieldType::OptionalBool,
    ),
];

/// An update statement as its IDL reads it: its query, its update (operators, a replacement
/// or a pipeline), `multi` and `upsert`; and what refuses it when it runs, as
/// `UpdateDriver::parse` does (a failure of the statement): constants (`c`) without a
/// pipeline (51198), `arrayFilters` with one; Session Lab's refusals of `arrayFilters`
/// otherwise (only the positional operators it does not simulate use them) and of constants in
/// a pipeline.
fn update_statement(statement: &Document) -> ServerResult<Statement<'_>> {
    let (mut query, mut update, mut multi, mut upsert) = (None, None, false, false);
    let (mut array_filters, mut constants) = (false, false);
    idl_fields::parse_struct(
        statement,
        "update.updates",
        UPDATE_STATEMENT_FIELDS,
        &["q", "u"],
        |field, value| {
            match (field, value) {
                ("q", FieldValue::Object(d)) => query = Some(d),
                ("u", FieldValue::Object(d)) => update = Some(Update::Document(d)),
                ("u", FieldValue::Pipeline(stages)) => update = Some(Update::Pipeline(stages)),
                ("c", _) => constants = true,
                ("arrayFilters", FieldValue::Array(filters)) => array_filters = !filters.is_empty(),
                ("multi", FieldValue::Bool(b)) => multi = b,
                ("upsert", FieldValue::Bool(b)) => upsert = b,
                _ => {}
            }
            Ok(())
        },
    )?;
    // (Both are required, and read when present.)
    let (Some(query), Some(update)) = (query, update) else {
        return Err(idl::missing("update.updates.u"));
    };
    let pipeline = matches!(update, Update::Pipeline(_));
    let refusal = match (pipeline, array_filters, constants) {
        (true, true, _) => Some(ServerError::new(
            ErrorCode::FailedToParse,
            "arrayFilters may not be specified for pipeline-style updates",
        )),
        (true, false, true) => Some(ServerError::new(
            ErrorCode::InvalidOptions,
            "Session Lab does not simulate constants (c) in pipeline-style updates: write the values into the stages",
        )),
        (false, _, true) => Some(ServerError::new(
            ErrorCode::Location(51198),
            "Constant values may only be specified for pipeline updates",
        )),
        (false, true, false) => Some(positional_refused()),
        (_, false, false) => None,
    };
    Ok(Statement {
        query,
        update,
        multi,
        upsert,
        refusal,
    })
}

/// An error met while an update runs on a document (one that depends on the stored document,
/// not on the update alone), as `update` and `findAndModify` report it since 8.0:
/// `Plan executor error during update :: caused by :: …`.
pub(super) fn while_running(command: &'static str) -> impl Fn(ServerError) -> ServerError {
    move |mut error| {
        error.errmsg.insert_str(
            0,
            &format!("Plan executor error during {command} :: caused by :: "),
        );
        error
    }
}

/// An update statement: what it reads, and what refuses it when it runs (a failure of the
/// statement, not of the command).
struct Statement<'a> {
    query: &'a Document,
    update: Update<'a>,
    multi: bool,
    upsert: bool,
    refusal: Option<ServerError>,
}

/// An update statement's `u` (`findAndModify`'s `update`) as its IDL reads it: operators or a
/// replacement, or a pipeline's stages.
#[derive(Clone, Copy)]
pub(super) enum Update<'a> {
    Document(&'a Document),
    Pipeline(&'a [Bson]),
}

/// An update read as the server reads it before it looks for documents
/// (`UpdateDriver::parse`), ready to apply: a pipeline with the code that runs it (the commands
/// part's, fetched on first use).
pub(super) enum Modification<'a> {
    Document(&'a Document),
    Pipeline(&'a [Bson], &'static UpdatePipelines),
}

impl<'a> Modification<'a> {
    /// Reads `update`: a modifier the server does not know, or a stage, is refused here, even
    /// when nothing matches.
    pub(super) fn prepare(dep: &mut Deployment, update: Update<'a>) -> ServerResult<Self> {
        match update {
            Update::Document(d) => {
                check_update(d)?;
                Ok(Self::Document(d))
            }
            Update::Pipeline(stages) => {
                let code = pipeline_updates::installed(dep)?;
                (code.check)(stages)?;
                Ok(Self::Pipeline(stages, code))
            }
        }
    }

    /// Applies it to `doc` (a pipeline's result replaces it as a replacement does, its `_id`
    /// kept), padding arrays from `padding_left`, the command's allowance.
    pub(super) fn apply(&self, doc: &mut Document, padding_left: &mut usize) -> ServerResult<()> {
        match self {
            Self::Document(update) => apply_update(doc, update, padding_left),
            Self::Pipeline(stages, code) => {
                let transformed = (code.apply)(stages, doc)?;
                replace(doc, &transformed)
            }
        }
    }
}

/// The fields of a delete statement (`write_ops.idl`'s strict `DeleteOpEntry`, with 7.0's
/// `sampleId`) with their types; `limit` is required.
const DELETE_STATEMENT_FIELDS: &[(&str, FieldType)] = &[
    ("q", FieldType::Object),
    ("limit", FieldType::MultiDelete),
    ("hint", FieldType::Hint),
    ("collation", FieldType::Object),
    ("sampleId", FieldType::Uuid),
];

/// A delete statement as its IDL reads it: its query, and whether it deletes one document.
fn delete_statement(statement: &Document) -> ServerResult<(&Document, bool)> {
    let (mut query, mut just_one) = (None, false);
    idl_fields::parse_struct(
        statement,
        "delete.deletes",
        DELETE_STATEMENT_FIELDS,
        &["limit", "q"],
        |field, value| {
            match (field, value) {
                ("q", FieldValue::Object(d)) => query = Some(d),
                ("limit", FieldValue::Bool(multi)) => just_one = !multi,
                _ => {}
            }
            Ok(())
        },
    )?;
    // (`q` is required, and read when present.)
    let query = query.ok_or_else(|| idl::missing("delete.deletes.q"))?;
    Ok((query, just_one))
}

fn update_documents(dep: &mut Deployment, inv: &Invocation<'_>) -> ServerResult<Written> {
    let coll = collection_name(inv, "update")?;
    let ns = Namespace::new(inv.db, coll);
    let updates =
        idl::present(inv.command.get("updates")).ok_or_else(|| idl::missing("update.updates"))?;
    let items = idl::array("update.updates", updates)?.to_vec();
    // The statements' fields are the command's to parse; what they say is each statement's.
    let statements = idl::parse_struct_array("update.updates", &items, update_statement)?;
    check_batch_size(statements.len())?;
    let before = dep.visible(transaction(inv), &ns);
    let mut docs = before.to_vec();
    let (mut n, mut modified) = (0i32, 0i32);
    let mut upserted = Vec::new();
    let mut write_errors = WriteErrors::new(inv)?;
    let mut retryable = Statements::new(inv);
    let mut padding_left = MAX_PADDING;
    let upserted_at = |index: usize, id: Bson| {
        doc! { "index": i32::try_from(index).unwrap_or(i32::MAX), "_id": id }
    };
    for (index, statement) in statements.iter().enumerate() {
        let &Statement {
            query,
            update: u,
            multi,
            upsert,
            ..
        } = statement;
        match retryable.earlier(dep, index) {
            Some(Executed::Upserted(id)) => {
                n += 1;
                upserted.push(upserted_at(index, id));
                continue;
            }
            Some(_) => {
                n += 1;
                modified += 1;
                continue;
            }
            None => {}
        }
        let mut run = || -> ServerResult<(i32, i32)> {
            if let Some(refusal) = multi.then(|| retryable.refuse_many("multi=true")).flatten() {
                return Err(refusal);
            }
            // The server reads the update before the query (`ParsedUpdate::parseRequest`), and
            // both before it looks for documents: a modifier it does not know is refused even
            // when nothing matches.
            if let Some(refusal) = &statement.refusal {
                return Err(refusal.clone());
            }
            let modification = Modification::prepare(dep, u)?;
            let q = Filter::parse(query)?;
            let (mut matched, mut changed) = (0, 0);
            for d in docs.iter_mut().filter(|d| q.matches(d)) {
                let before = d.clone();
                modification
                    .apply(d, &mut padding_left)
                    .map_err(while_running("update"))?;
                matched += 1;
                changed += i32::from(!documents_identical(d, &before));
                if !multi {
                    break;
                }
            }
            if matched == 0 && upsert {
                let fresh = upserted_document(dep, query, &modification, &mut padding_left)
                    .map_err(while_running("update"))?;
                let id = fresh.get("_id").cloned().unwrap_or(Bson::Null);
                docs.push(fresh);
                matched = 1;
                retryable.ran(index, Executed::Upserted(id.clone()));
                upserted.push(upserted_at(index, id));
            } else if changed > 0 {
                retryable.ran(index, Executed::Updated);
            }
            Ok((matched, changed))
        };
        match run() {
            Ok((matched, changed)) => {
                n += matched;
                modified += changed;
            }
            Err(error) => {
                if write_errors.failed(index, error)? {
                    break;
                }
            }
        }
    }
    let mut own = Document::new();
    if !upserted.is_empty() {
        own.insert("upserted", upserted);
    }
    own.insert("nModified", modified);
    let reply = write_errors.finish(n, &mut retryable, own);
    apply(dep, inv, &ns, (&before, docs), retryable, reply)
}

/// The document an upsert inserts: the query's equalities, updated (its padding taken from
/// `padding_left`, the command's allowance), its `_id` first (a new one when it has none).
pub(super) fn upserted_document(
    dep: &mut Deployment,
    query: &Document,
    modification: &Modification<'_>,
    padding_left: &mut usize,
) -> ServerResult<Document> {
    let mut fresh = upsert_seed(query)?;
    modification.apply(&mut fresh, padding_left)?;
    let id = match fresh.get("_id") {
        Some(id) => id.clone(),
        None => Bson::ObjectId(dep.new_object_id(ObjectIdMaker::Server)),
    };
    Ok(with_id_first(id, fresh))
}

fn delete_documents(dep: &mut Deployment, inv: &Invocation<'_>) -> ServerResult<Written> {
    let coll = collection_name(inv, "delete")?;
    let ns = Namespace::new(inv.db, coll);
    let deletes =
        idl::present(inv.command.get("deletes")).ok_or_else(|| idl::missing("delete.deletes"))?;
    let items = idl::array("delete.deletes", deletes)?.to_vec();
    let statements = idl::parse_struct_array("delete.deletes", &items, delete_statement)?;
    check_batch_size(statements.len())?;
    let before = dep.visible(transaction(inv), &ns);
    let mut docs = before.to_vec();
    let mut n = 0i32;
    let mut write_errors = WriteErrors::new(inv)?;
    let mut retryable = Statements::new(inv);
    for (index, &(query, just_one)) in statements.iter().enumerate() {
        if retryable.earlier(dep, index).is_some() {
            n += 1;
            continue;
        }
        let refusal = (!just_one)
            .then(|| retryable.refuse_many("limit=0"))
            .flatten();
        let q = match refusal.map_or_else(|| Filter::parse(query), Err) {
            Ok(q) => q,
            Err(error) => {
                if write_errors.failed(index, error)? {
                    break;
                }
                continue;
            }
        };
        let mut removed = 0;
        docs.retain(|d| {
            if (just_one && removed > 0) || !q.matches(d) {
                return true;
            }
            removed += 1;
            false
        });
        n += removed;
        if removed > 0 {
            retryable.ran(index, Executed::Wrote);
        }
    }
    let reply = write_errors.finish(n, &mut retryable, Document::new());
    apply(dep, inv, &ns, (&before, docs), retryable, reply)
}

/// The fields of `count_command.idl` (a strict command, its context `count`) with their types.
const COUNT_FIELDS: &[(&str, FieldType)] = &[
    ("query", FieldType::Object),
    ("limit", FieldType::CountLimit),
    ("skip", FieldType::NonNegativeInt64),
    ("hint", FieldType::Hint),
    ("collation", FieldType::Object),
    ("fields", FieldType::Unread),
    ("readConcern", FieldType::Object),
    ("maxTimeMS", FieldType::Unread),
    ("$queryOptions", FieldType::Object),
    ("encryptionInformation", FieldType::Object),
    ("mirrored", FieldType::OptionalBool),
];

fn count(dep: &mut Deployment, inv: &Invocation<'_>) -> ServerResult<Reply> {
    let coll = collection_name(inv, "count")?;
    let ns = Namespace::new(inv.db, coll);
    let (mut query, mut skip, mut limit) = (None, 0, 0);
    idl_fields::parse_command(inv.command, "count", COUNT_FIELDS, |field, value| {
        match (field, value) {
            ("query", FieldValue::Object(d)) => query = Some(d),
            ("skip", FieldValue::Long(n)) => skip = document_count(n),
            ("limit", FieldValue::Long(n)) => limit = document_count(n),
            _ => {}
        }
        Ok(())
    })?;
    let filter = Filter::parse(query.unwrap_or(&Document::new()))?;
    let matching = read(dep, inv, &ns)
        .iter()
        .filter(|d| filter.matches(d))
        .count()
        .saturating_sub(skip);
    let n = if limit == 0 {
        matching
    } else {
        matching.min(limit)
    };
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

/// A projection that fails while the code of expressions is still to fetch (the commands
/// part's) marks the deployment, so the input runs again once it is here: a computed field
/// needs it, and whatever else failed fails the same way then.
fn expressions_missed(dep: &mut Deployment) {
    if !crate::engine::expression::is_installed() {
        dep.missed_code = true;
    }
}
