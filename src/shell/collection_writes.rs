//! The collection helpers that write through `findAndModify` and batches of write commands, as
//! mongosh (the Node driver) sends them: `findOneAndUpdate`, `findOneAndReplace`,
//! `findOneAndDelete` and the older `findAndModify({ query, sort, update, remove, new, fields,
//! upsert })` (the document, or `null`) and `bulkWrite` (ordered: consecutive
//! operations of one kind go in one command, and the first write error stops the rest).

use super::args::{self, type_error};
use super::client::{driver_error, write_errors, Flow};
use super::diagnostics::Span;

use super::value::{DbRef, Value};
use super::Shell;
use crate::engine::ids::ObjectIdMaker;
use crate::engine::values::with_id_first;
use bson::{doc, Bson, Document};

/// mongosh's check that an update has operators and a replacement has none, as the Node
/// driver's `hasAtomicOperators` reads them: a document's first key starts with `$`; a
/// pipeline (an array of stages) has operators when any stage has.
pub(super) fn check_update_form(update: &Bson, replacement: bool) -> Result<(), Flow> {
    let first_key_is_operator = |value: &Bson| {
        value
            .as_document()
            .and_then(|d| d.keys().next())
            .is_some_and(|k| k.starts_with('$'))
    };
    let operators = match update {
        Bson::Array(stages) => stages.iter().any(first_key_is_operator),
        other => first_key_is_operator(other),
    };
    if operators != replacement {
        return Ok(());
    }
    Err(driver_error(
        "MongoInvalidArgumentError",
        if operators {
            "Replacement document must not contain atomic operators"
        } else {
            "Update document requires atomic operators"
        },
    ))
}

/// The update or replacement (argument 2) of `updateOne`, `updateMany`, `replaceOne`,
/// `findOneAndUpdate` and `findOneAndReplace`, checked as the Node driver checks it: refused
/// when absent or `null` (with the driver's words for each), then by its form; a document, or
/// an array of stages (a pipeline-style update, which the server side refuses as not
/// simulated).
pub(super) fn update_argument(values: &[Value], name: &str, span: &Span) -> Result<Bson, Flow> {
    if matches!(
        values.get(1),
        None | Some(Value::Bson(Bson::Undefined | Bson::Null))
    ) {
        return Err(driver_error(
            "MongoInvalidArgumentError",
            match name {
                "findOneAndUpdate" => "Argument \"update\" must be an object",
                "findOneAndReplace" => "Argument \"replacement\" must be an object",
                _ => "Document must be a valid JavaScript object",
            },
        ));
    }
    let update = match values.get(1) {
        Some(Value::Bson(pipeline @ Bson::Array(_))) => pipeline.clone(),
        _ => Bson::Document(args::document(values, 1, name, span)?),
    };
    check_update_form(&update, name.ends_with("Replace") || name == "replaceOne")?;
    Ok(update)
}

/// The Node driver's refusal of a bulk write with no operation (`insertMany([])`,
/// `bulkWrite([])`), before anything is sent.
pub(super) fn empty_batch() -> Flow {
    driver_error(
        "MongoInvalidArgumentError",
        "Invalid BulkOperation, Batch cannot be empty",
    )
}

/// The kinds of `bulkWrite` operations, with the write command each is sent in and that
/// command's list of statements.
const BULK_OPERATIONS: [(&str, &str, &str); 6] = [
    ("insertOne", "insert", "documents"),
    ("updateOne", "update", "updates"),
    ("updateMany", "update", "updates"),
    ("replaceOne", "update", "updates"),
    ("deleteOne", "delete", "deletes"),
    ("deleteMany", "delete", "deletes"),
];

/// Consecutive operations of one kind of command: the command and list names, and each
/// operation's index, kind and specification.
type BulkBatch<'a> = (&'a str, &'a str, Vec<(usize, &'a str, Document)>);

/// What a `bulkWrite` has done so far.
#[derive(Default)]
struct BulkResult {
    inserted: Document,
    matched: i32,
    modified: i32,
    deleted: i32,
    upserted: Document,
}

impl Shell {
    /// A document as the driver sends it to be inserted (`maybeAddIdToDocuments`): an `_id`
    /// that is missing, `null` or `undefined` (`doc._id == null`) becomes a new `ObjectId`.
    pub(super) fn with_driver_id(&mut self, document: Document) -> Document {
        if !matches!(
            document.get("_id"),
            None | Some(Bson::Null | Bson::Undefined)
        ) {
            return document;
        }
        let id = self.deployment.new_object_id(ObjectIdMaker::Shell);
        with_id_first(Bson::ObjectId(id), document)
    }

    /// `findOneAndUpdate` / `findOneAndReplace` / `findOneAndDelete` / `findAndModify`.
    pub(super) fn find_one_and(
        &mut self,
        db: &DbRef,
        coll: &str,
        name: &str,
        values: &[Value],
        span: &Span,
    ) -> Result<Value, Flow> {
        if name == "findAndModify" {
            let mut cmd = doc! { "findAndModify": coll };
            cmd.extend(args::document(values, 0, name, span)?);
            let reply = self.run_in(db, cmd, span)?;
            return Ok(Value::Bson(
                reply.get("value").cloned().unwrap_or(Bson::Null),
            ));
        }
        let filter = args::document(values, 0, name, span)?;
        let deleting = name == "findOneAndDelete";
        let mut cmd = doc! { "findAndModify": coll, "query": filter };
        let options = args::document(values, if deleting { 1 } else { 2 }, name, span)?;
        if deleting {
            cmd.insert("remove", true);
        } else {
            cmd.insert("update", update_argument(values, name, span)?);
            let after = options
                .get_str("returnDocument")
                .is_ok_and(|r| r == "after")
                || options.get_bool("returnNewDocument").unwrap_or(false);
            cmd.insert("new", after);
            cmd.insert("upsert", options.get_bool("upsert").unwrap_or(false));
        }
        for (option, field) in [("sort", "sort"), ("projection", "fields")] {
            if let Ok(value) = options.get_document(option) {
                cmd.insert(field, value.clone());
            }
        }
        let reply = self.run_in(db, cmd, span)?;
        Ok(Value::Bson(
            reply.get("value").cloned().unwrap_or(Bson::Null),
        ))
    }

    /// `bulkWrite([{ insertOne: { document } }, { updateOne: { filter, update } }, …])`.
    pub(super) fn bulk_write(
        &mut self,
        db: &DbRef,
        coll: &str,
        values: &[Value],
        span: &Span,
    ) -> Result<Value, Flow> {
        let operations = args::array(values, 0, "bulkWrite", span)?;
        if operations.is_empty() {
            return Err(empty_batch());
        }
        // The driver retries a bulk write only if none of its operations writes many documents.
        let retryable = !operations.iter().any(|o| {
            o.as_document()
                .and_then(|d| d.keys().next())
                .is_some_and(|kind| kind == "updateMany" || kind == "deleteMany")
        });
        let mut result = BulkResult::default();
        let mut batch: BulkBatch<'_> = ("", "", Vec::new());
        for (index, operation) in operations.iter().enumerate() {
            let parsed = operation.as_document().and_then(|d| {
                let (kind, spec) = d.iter().next()?;
                let &(name, command, list) = BULK_OPERATIONS.iter().find(|(n, ..)| n == kind)?;
                Some((name, command, list, spec.as_document()?.clone()))
            });
            let Some((kind, command, list, spec)) = parsed else {
                return Err(driver_error(
                    "MongoInvalidArgumentError",
                    "Unknown bulkWrite operation, expected one of insertOne, updateOne, updateMany, replaceOne, deleteOne, deleteMany",
                ));
            };
            if batch.0 != command {
                let full = std::mem::replace(&mut batch, (command, list, Vec::new()));
                self.send_bulk_batch(db, coll, full, retryable, &mut result, span)?;
            }
            batch.2.push((index, kind, spec));
        }
        self.send_bulk_batch(db, coll, batch, retryable, &mut result, span)?;
        Ok(Value::Bson(Bson::Document(doc! {
            "acknowledged": true,
            "insertedCount": i32::try_from(result.inserted.len()).unwrap_or(i32::MAX),
            "insertedIds": result.inserted,
            "matchedCount": result.matched,
            "modifiedCount": result.modified,
            "deletedCount": result.deleted,
            "upsertedCount": i32::try_from(result.upserted.len()).unwrap_or(i32::MAX),
            "upsertedIds": result.upserted,
        })))
    }

    /// Sends consecutive operations of one kind as one write command and adds up its reply.
    fn send_bulk_batch(
        &mut self,
        db: &DbRef,
        coll: &str,
        (command, list, batch): BulkBatch<'_>,
        retryable: bool,
        result: &mut BulkResult,
        span: &Span,
    ) -> Result<(), Flow> {
        if batch.is_empty() {
            return Ok(());
        }
        let indexes: Vec<usize> = batch.iter().map(|(i, _, _)| *i).collect();
        let mut statements = Vec::new();
        for (index, kind, spec) in batch {
            let field = |name: &str| -> Result<Document, Flow> {
                spec.get_document(name).cloned().map_err(|_| {
                    type_error(
                        format!("bulkWrite: operation {index} ({kind}) needs a document '{name}'"),
                        span,
                    )
                })
            };
            statements.push(Bson::Document(match kind {
                "insertOne" => {
                    let document = self.with_driver_id(field("document")?);
                    result
                        .inserted
                        .insert(index.to_string(), document.get("_id").cloned().unwrap_or(Bson::Null));
                    document
                }
                "deleteOne" | "deleteMany" => {
                    doc! { "q": field("filter")?, "limit": i32::from(kind == "deleteOne") }
                }
                _ => {
                    let replacing = kind == "replaceOne";
                    let update =
                        Bson::Document(field(if replacing { "replacement" } else { "update" })?);
                    check_update_form(&update, replacing)?;
                    let upsert = spec.get_bool("upsert").unwrap_or(false);
                    doc! { "q": field("filter")?, "u": update, "multi": kind == "updateMany", "upsert": upsert }
                }
            }));
        }
        let cmd = doc! { command: coll, list: statements };
        let reply = self.run_write(db, cmd, retryable, span)?;
        write_errors(&reply, "MongoBulkWriteError")?;
        let n = reply.get_i32("n").unwrap_or(0);
        match command {
            "delete" => result.deleted += n,
            "update" => {
                let upserted = reply.get_array("upserted").cloned().unwrap_or_default();
                for entry in upserted.iter().filter_map(Bson::as_document) {
                    let at = usize::try_from(entry.get_i32("index").unwrap_or(0)).unwrap_or(0);
                    let index = indexes.get(at).copied().unwrap_or(at);
                    result.upserted.insert(
                        index.to_string(),
                        entry.get("_id").cloned().unwrap_or(Bson::Null),
                    );
                }
                result.matched += n - i32::try_from(upserted.len()).unwrap_or(0);
                result.modified += reply.get_i32("nModified").unwrap_or(0);
            }
            _ => {}
        }
        Ok(())
    }
}
