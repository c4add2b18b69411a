//! The `db.<coll>` object: its reads, counts, aggregations and the write helpers
//! (`src/shell/collection_writes.rs` builds the write commands).

use super::args::{self, type_error};
use super::client::{write_errors, CursorSource, Flow};
use super::diagnostics::Span;
use super::method_names::CollectionMethod;
use super::value::{DbRef, Value};
use super::Shell;
use bson::{doc, Bson, Document};

impl Shell {
    #[allow(
        clippy::too_many_lines,
        reason = "one arm per mongosh collection method: the table reads best in one place"
    )]
    pub(super) fn collection_method(
        &mut self,
        db: &DbRef,
        coll: &str,
        method: CollectionMethod,
        values: &[Value],
        span: &Span,
    ) -> Result<Value, Flow> {
        let name = method.name();
        // The methods mongosh refuses without their first argument: without it a write would
        // reach every document (`deleteMany()` deleting them all).
        if matches!(
            method,
            CollectionMethod::InsertOne
                | CollectionMethod::InsertMany
                | CollectionMethod::UpdateOne
                | CollectionMethod::UpdateMany
                | CollectionMethod::DeleteOne
                | CollectionMethod::DeleteMany
                | CollectionMethod::ReplaceOne
                | CollectionMethod::FindOneAndUpdate
                | CollectionMethod::FindOneAndReplace
                | CollectionMethod::FindOneAndDelete
                | CollectionMethod::FindAndModify
        ) {
            args::require(values, 1, &format!("Collection.{name}"), span)?;
        }
        let acknowledged = |mut d: Document| {
            let mut out = doc! { "acknowledged": true };
            out.extend(std::mem::take(&mut d));
            Value::Bson(Bson::Document(out))
        };
        match method {
            CollectionMethod::GetName => Ok(Value::Bson(Bson::String(coll.to_owned()))),
            CollectionMethod::GetFullName => {
                Ok(Value::Bson(Bson::String(format!("{}.{coll}", db.name))))
            }
            CollectionMethod::InsertOne | CollectionMethod::InsertMany => {
                // The shell copies each document to give it an `_id`: paid before it does.
                if let Some(Value::Bson(documents)) = values.first() {
                    let size = crate::engine::storage::node_count(documents, self.size_cap());
                    self.pay(size, span)?;
                }
                let docs: Vec<Document> = if name == "insertOne" {
                    vec![args::document(values, 0, name, span)?]
                } else {
                    args::array(values, 0, name, span)?
                        .into_iter()
                        .map(|d| {
                            d.as_document().cloned().ok_or_else(|| {
                                type_error("insertMany: every element must be a document", span)
                            })
                        })
                        .collect::<Result<_, _>>()?
                };
                if docs.is_empty() {
                    return Err(super::collection_writes::empty_batch());
                }
                let mut ids = Document::new();
                let docs: Vec<Bson> = docs
                    .into_iter()
                    .enumerate()
                    .map(|(i, d)| {
                        let d = self.with_driver_id(d);
                        ids.insert(i.to_string(), d.get("_id").cloned().unwrap_or(Bson::Null));
                        Bson::Document(d)
                    })
                    .collect();
                let mut command = doc! { "insert": coll, "documents": docs };
                let class = if name == "insertOne" {
                    "MongoServerError"
                } else {
                    // insertMany's options: `ordered: false` goes on past a failed document.
                    let options = args::document(values, 1, name, span)?;
                    if let Some(ordered) = options.get("ordered") {
                        command.insert("ordered", ordered.clone());
                    }
                    "MongoBulkWriteError"
                };
                let reply = self.run_in(db, command, span)?;
                write_errors(&reply, class)?;
                if name == "insertOne" {
                    Ok(acknowledged(
                        doc! { "insertedId": ids.get("0").cloned().unwrap_or(Bson::Null) },
                    ))
                } else {
                    Ok(acknowledged(doc! { "insertedIds": ids }))
                }
            }
            CollectionMethod::Find | CollectionMethod::FindOne => {
                let filter = args::document(values, 0, name, span)?;
                // mongosh's `if (projection)`: `null` and `undefined` are no projection.
                let projection = match values.get(1) {
                    None | Some(Value::Bson(Bson::Null | Bson::Undefined)) => None,
                    Some(_) => Some(args::document(values, 1, name, span)?),
                };
                let options = args::document(values, 2, name, span)?;
                let cursor = self.new_cursor(
                    db,
                    CursorSource::Find {
                        coll: coll.to_owned(),
                        filter,
                        projection: None,
                    },
                );
                let Value::Cursor(index) = cursor else {
                    return Ok(Value::Bson(Bson::Null));
                };
                self.apply_find_options(index, &options, projection, span)?;
                if name == "find" {
                    return Ok(cursor);
                }
                self.cursors[index].limit = Some(1);
                let first = self.cursor_next(index, span)?;
                Ok(Value::Bson(first.map_or(Bson::Null, Bson::Document)))
            }
            CollectionMethod::UpdateOne
            | CollectionMethod::UpdateMany
            | CollectionMethod::ReplaceOne => {
                let q = args::document(values, 0, name, span)?;
                let u = super::collection_writes::update_argument(values, name, span)?;
                let options = args::document(values, 2, name, span)?;
                let statement = doc! { "q": q, "u": u, "multi": name == "updateMany", "upsert": options.get_bool("upsert").unwrap_or(false) };
                let reply =
                    self.run_in(db, doc! { "update": coll, "updates": [statement] }, span)?;
                write_errors(&reply, "MongoServerError")?;
                let upserted = reply
                    .get_array("upserted")
                    .ok()
                    .and_then(|a| a.first())
                    .and_then(|u| u.as_document())
                    .and_then(|u| u.get("_id").cloned());
                let n = reply.get_i32("n").unwrap_or(0);
                let matched = if upserted.is_some() { n - 1 } else { n };
                Ok(acknowledged(doc! {
                    "insertedId": upserted.clone().unwrap_or(Bson::Null),
                    "matchedCount": matched,
                    "modifiedCount": reply.get_i32("nModified").unwrap_or(0),
                    "upsertedCount": i32::from(upserted.is_some()),
                }))
            }
            CollectionMethod::DeleteOne | CollectionMethod::DeleteMany => {
                let q = args::document(values, 0, name, span)?;
                let statement = doc! { "q": q, "limit": i32::from(name == "deleteOne") };
                let reply =
                    self.run_in(db, doc! { "delete": coll, "deletes": [statement] }, span)?;
                write_errors(&reply, "MongoServerError")?;
                Ok(acknowledged(
                    doc! { "deletedCount": reply.get_i32("n").unwrap_or(0) },
                ))
            }
            CollectionMethod::Aggregate
            | CollectionMethod::FindOneAndUpdate
            | CollectionMethod::FindOneAndReplace
            | CollectionMethod::FindOneAndDelete
            | CollectionMethod::FindAndModify
            | CollectionMethod::BulkWrite
            | CollectionMethod::EstimatedDocumentCount
            | CollectionMethod::Distinct
            | CollectionMethod::Drop
            | CollectionMethod::CountDocuments
            | CollectionMethod::Insert
            | CollectionMethod::Update
            | CollectionMethod::Remove
            | CollectionMethod::Count => {
                let code = self.code_on_demand(format_args!("db.{coll}.{name}()"), span)?;
                (code.collection_method)(self, db, coll, method, values, span)
            }
            CollectionMethod::Help => {
                Ok(self.list_methods(&format!("db.{coll}."), CollectionMethod::NAMES))
            }
        }
    }

    /// The `db.<coll>` methods whose code is fetched on first use ([`super::on_demand`]).
    pub(super) fn collection_method_on_demand(
        &mut self,
        db: &DbRef,
        coll: &str,
        method: CollectionMethod,
        values: &[Value],
        span: &Span,
    ) -> Result<Value, Flow> {
        let name = method.name();
        match method {
            CollectionMethod::Aggregate => {
                let pipeline = args::array(values, 0, name, span)?;
                Ok(self.new_cursor(
                    db,
                    CursorSource::Aggregate {
                        target: Bson::String(coll.to_owned()),
                        pipeline,
                    },
                ))
            }
            CollectionMethod::FindOneAndUpdate
            | CollectionMethod::FindOneAndReplace
            | CollectionMethod::FindOneAndDelete
            | CollectionMethod::FindAndModify => self.find_one_and(db, coll, name, values, span),
            CollectionMethod::BulkWrite => self.bulk_write(db, coll, values, span),
            CollectionMethod::EstimatedDocumentCount => {
                self.run_count(db, doc! { "count": coll }, span)
            }
            CollectionMethod::Distinct => {
                let key = args::string(values, 0, name, span)?;
                let query = args::document(values, 1, name, span)?;
                let options = args::document(values, 2, name, span)?;
                let mut command = doc! { "distinct": coll, "key": key, "query": query };
                copy_driver_options(
                    &mut command,
                    &options,
                    &[("maxTimeMS", Copied::IfNumber), ("hint", Copied::IfPresent)],
                );
                let reply = self.run_in(db, command, span)?;
                Ok(Value::Bson(
                    reply
                        .get("values")
                        .cloned()
                        .unwrap_or(Bson::Array(Vec::new())),
                ))
            }
            CollectionMethod::Drop => {
                self.run_in(db, doc! { "drop": coll }, span)?;
                Ok(Value::Bson(Bson::Boolean(true)))
            }
            CollectionMethod::CountDocuments => {
                let filter = args::document(values, 0, name, span)?;
                let options = args::document(values, 1, name, span)?;
                // The Node driver's pipeline (`CountDocumentsOperation`): a numeric `skip` and
                // `limit` become stages.
                let mut pipeline = vec![Bson::Document(doc! { "$match": filter })];
                for stage in ["skip", "limit"] {
                    if let Some(n) = options.get(stage).filter(|n| is_javascript_number(n)) {
                        pipeline.push(Bson::Document(doc! { format!("${stage}"): n.clone() }));
                    }
                }
                pipeline.push(Bson::Document(
                    doc! { "$group": { "_id": 1, "n": { "$sum": 1 } } },
                ));
                let cursor = self.new_cursor(
                    db,
                    CursorSource::Aggregate {
                        target: Bson::String(coll.to_owned()),
                        pipeline,
                    },
                );
                let Value::Cursor(index) = cursor else {
                    return Ok(Value::Bson(Bson::Int32(0)));
                };
                let first = self.cursor_next(index, span)?;
                Ok(Value::Bson(
                    first
                        .and_then(|d| d.get("n").cloned())
                        .unwrap_or(Bson::Int32(0)),
                ))
            }
            CollectionMethod::Insert
            | CollectionMethod::Update
            | CollectionMethod::Remove
            | CollectionMethod::Count => self.deprecated_method(db, coll, method, values, span),
            _ => Err(type_error(
                format!("db.{coll}.{name}() is not a method of the code fetched on first use"),
                span,
            )),
        }
    }

    /// mongosh's deprecated `insert`, `update`, `remove` and `count`: its warning, once per
    /// shell, then what mongosh runs for them (`collection.ts`): `insertMany` of the document
    /// or array; `updateMany` with `multi: true`, else `updateOne`; `deleteOne` with `justOne`
    /// (or `true` alone), else `deleteMany`; the `count` command with `limit` and `skip`.
    fn deprecated_method(
        &mut self,
        db: &DbRef,
        coll: &str,
        method: CollectionMethod,
        values: &[Value],
        span: &Span,
    ) -> Result<Value, Flow> {
        let (warning, modern) = match method {
            CollectionMethod::Insert => (
                "Collection.insert() is deprecated. Use insertOne, insertMany, or bulkWrite.",
                CollectionMethod::InsertMany,
            ),
            CollectionMethod::Update => {
                let multi = matches!(
                    values.get(2),
                    Some(Value::Bson(Bson::Document(o))) if o.get("multi").is_some_and(crate::engine::values::truthy)
                );
                (
                    "Collection.update() is deprecated. Use updateOne, updateMany, or bulkWrite.",
                    if multi {
                        CollectionMethod::UpdateMany
                    } else {
                        CollectionMethod::UpdateOne
                    },
                )
            }
            CollectionMethod::Remove => {
                let just_one = match values.get(1) {
                    Some(Value::Bson(Bson::Document(o))) => o.get("justOne"),
                    Some(Value::Bson(flag @ Bson::Boolean(_))) => Some(flag),
                    _ => None,
                };
                (
                    "Collection.remove() is deprecated. Use deleteOne, deleteMany, findOneAndDelete, or bulkWrite.",
                    if just_one.is_some_and(crate::engine::values::truthy) {
                        CollectionMethod::DeleteOne
                    } else {
                        CollectionMethod::DeleteMany
                    },
                )
            }
            // `count` stays itself: mongosh sends the `count` command, below.
            _ => (
                "Collection.count() is deprecated. Use countDocuments or estimatedDocumentCount.",
                CollectionMethod::Count,
            ),
        };
        if !self.deprecations_shown.contains(&warning) {
            self.deprecations_shown.push(warning);
            self.printed.push(format!("DeprecationWarning: {warning}"));
        }
        let required = match method {
            CollectionMethod::Count => 0,
            CollectionMethod::Update => 2,
            _ => 1,
        };
        args::require(
            values,
            required,
            &format!("Collection.{}", method.name()),
            span,
        )?;
        match modern {
            CollectionMethod::InsertMany => {
                let docs = match values.first() {
                    Some(Value::Bson(array @ Bson::Array(_))) => array.clone(),
                    Some(other) => Bson::Array(vec![match other {
                        Value::Bson(document) => document.clone(),
                        _ => {
                            return Err(type_error(
                                "insert: argument 1 must be a document or an array",
                                span,
                            ))
                        }
                    }]),
                    None => Bson::Array(Vec::new()),
                };
                let mut insert_values = vec![Value::Bson(docs)];
                insert_values.extend(values.get(1).cloned());
                self.collection_method(db, coll, modern, &insert_values, span)
            }
            CollectionMethod::Count => {
                let query = args::document(values, 0, "count", span)?;
                let options = args::document(values, 1, "count", span)?;
                let mut command = doc! { "count": coll, "query": query };
                copy_driver_options(
                    &mut command,
                    &options,
                    &[
                        ("limit", Copied::IfNumber),
                        ("skip", Copied::IfNumber),
                        ("hint", Copied::IfPresent),
                        ("maxTimeMS", Copied::IfNumber),
                    ],
                );
                self.run_count(db, command, span)
            }
            _ => self.collection_method(db, coll, modern, values, span),
        }
    }
}

/// A JavaScript number (`typeof n === 'number'`): an `int` or a `double` here; a `Long` or a
/// `Decimal128` is an object.
fn is_javascript_number(value: &Bson) -> bool {
    matches!(value, Bson::Int32(_) | Bson::Double(_))
}

/// Which of a method's options the Node driver copies into its command.
#[derive(Clone, Copy)]
enum Copied {
    /// When it is a JavaScript number (`typeof options.limit === 'number'`).
    IfNumber,
    /// When it is neither `null` nor `undefined` (`options.hint != null`).
    IfPresent,
}

/// Copies a method's options into its command as the Node driver's `CountOperation` and
/// `DistinctOperation` do, in their order; an option the rule leaves out is not sent.
fn copy_driver_options(command: &mut Document, options: &Document, copied: &[(&str, Copied)]) {
    for &(name, rule) in copied {
        let Some(value) = options.get(name) else {
            continue;
        };
        let sent = match rule {
            Copied::IfNumber => is_javascript_number(value),
            Copied::IfPresent => !matches!(value, Bson::Null | Bson::Undefined),
        };
        if sent {
            command.insert(name, value.clone());
        }
    }
}
