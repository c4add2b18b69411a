//! Members and methods of shell objects, as in mongosh: `db.*`, `db.<coll>.*`, cursors,
//! `Mongo` connections, client sessions (with transactions driven the Node driver's way),
//! background operations, and the `show …` commands.

use super::args::{self, type_error};
use super::ast::Expr;
use super::client::{
    check_ok, driver_error, write_errors, ClientSession, ClientTxn, CursorSource, Flow,
};
use super::diagnostics::{ErrorKind, ShellError, Span};
use super::eval::{closest, describe_expr, not_a_function};
use super::method_names::{
    CollectionMethod, CursorMethod, DbMethod, LabMethod, MongoMethod, SessionMethod,
};
use super::value::count;
use super::value::{DbRef, Value};
use super::Shell;
use bson::{doc, Bson, Document};

/// The driver's `MongoTransactionError` (a transaction method called in the wrong state).
fn transaction_error(message: &str) -> Flow {
    driver_error("MongoTransactionError", message)
}

impl Shell {
    /// `object.name`.
    pub(super) fn member(object: Value, name: &str, span: &Span) -> Result<Value, Flow> {
        Ok(match object {
            Value::Bson(Bson::Document(d)) => d
                .get(name)
                .cloned()
                .map_or_else(Value::undefined, Value::Bson),
            Value::Bson(Bson::Array(a)) if name == "length" => Value::Bson(count(a.len())),
            Value::Bson(Bson::String(s)) if name == "length" => {
                Value::Bson(count(s.chars().count()))
            }
            Value::Bson(Bson::Undefined | Bson::Null) => {
                let what = if matches!(object, Value::Bson(Bson::Null)) {
                    "null"
                } else {
                    "undefined"
                };
                return Err(type_error(
                    format!("cannot read properties of {what} (reading '{name}')"),
                    span,
                ));
            }
            Value::Bson(_) => Value::undefined(),
            Value::Db(db) if DbMethod::parse(name).is_some() => {
                Value::Method(Box::new(Value::Db(db)), name.to_owned())
            }
            Value::Db(db) => Value::Collection(db, name.to_owned()),
            Value::Collection(db, coll) if CollectionMethod::parse(name).is_some() => {
                Value::Method(Box::new(Value::Collection(db, coll)), name.to_owned())
            }
            Value::Collection(db, coll) => Value::Collection(db, format!("{coll}.{name}")),
            Value::Builtin("Binary") => {
                Value::Method(Box::new(Value::Builtin("Binary")), name.to_owned())
            }
            other => Value::Method(Box::new(other), name.to_owned()),
        })
    }

    /// `object.name(args)`.
    pub(super) fn call_method(
        &mut self,
        object: Value,
        name: &str,
        args: &[Expr],
        span: &Span,
        name_span: &Span,
        callee: &Expr,
    ) -> Result<Value, Flow> {
        let values = self.eval_args(args)?;
        let unknown = |names: &[&str]| {
            Err(not_a_function(
                &describe_expr(callee),
                name_span,
                closest(name, names.iter().copied()),
            ))
        };
        match object {
            Value::Db(db) => match DbMethod::parse(name) {
                Some(method) => self.db_method(&db, method, &values, span),
                None => unknown(DbMethod::NAMES),
            },
            Value::Collection(db, coll) => match CollectionMethod::parse(name) {
                Some(method) => self.collection_method(&db, &coll, method, &values, span),
                None => unknown(CollectionMethod::NAMES),
            },
            Value::Cursor(index) => match CursorMethod::parse(name) {
                Some(method) => self.cursor_method(index, method, &values, span),
                None => unknown(CursorMethod::NAMES),
            },
            Value::Mongo(conn) => match MongoMethod::parse(name) {
                Some(method) => self.mongo_method(conn, method, &values, span),
                None => unknown(MongoMethod::NAMES),
            },
            Value::Session(index) => match SessionMethod::parse(name) {
                Some(method) => self.session_method(index, method, &values, span),
                None => unknown(SessionMethod::NAMES),
            },
            Value::Lab => match LabMethod::parse(name) {
                Some(method) => self.lab_method(method, &values, span),
                None => unknown(LabMethod::NAMES),
            },
            Value::Operation(op, conn) if name == "result" => Ok(self.operation_result(op, conn)),
            Value::Builtin("Binary") => Self::binary_method(name, &values, span),
            Value::Method(inner, method) => Err(type_error(
                format!(
                    "{}.{method}(...).{name} is not a function",
                    inner.type_label()
                ),
                name_span,
            )),
            Value::Operation(..) => unknown(&["result"]),
            _ => unknown(&[]),
        }
    }

    fn command_arg(values: &[Value], method: &str, span: &Span) -> Result<Document, Flow> {
        match values.first() {
            Some(Value::Bson(Bson::Document(d))) if !d.is_empty() => Ok(d.clone()),
            Some(Value::Bson(Bson::String(name))) => Ok(doc! { name.clone(): 1 }),
            Some(Value::Bson(Bson::Document(_))) => Err(type_error(
                format!("{method}: the command document is empty"),
                span,
            )),
            Some(other) => Err(type_error(
                format!(
                    "{method}: the command must be a document or a string, got {}",
                    other.type_label()
                ),
                span,
            )),
            None => Err(type_error(
                format!("{method}: missing the command document, e.g. {method}({{ ping: 1 }})"),
                span,
            )),
        }
    }

    #[allow(
        clippy::too_many_lines,
        reason = "one arm per mongosh db method: the table reads best in one place"
    )]
    fn db_method(
        &mut self,
        db: &DbRef,
        method: DbMethod,
        values: &[Value],
        span: &Span,
    ) -> Result<Value, Flow> {
        let name = method.name();
        let run = |shell: &mut Shell, target: &str, cmd: Document| -> Result<Value, Flow> {
            let reply = check_ok(shell.run_command(db.conn, target, db.session, cmd, span)?)?;
            Ok(Value::Bson(Bson::Document(reply)))
        };
        match method {
            DbMethod::RunCommand => run(
                self,
                &db.name,
                Self::command_arg(values, "runCommand", span)?,
            ),
            DbMethod::AdminCommand => run(
                self,
                "admin",
                Self::command_arg(values, "adminCommand", span)?,
            ),
            DbMethod::GetName => Ok(Value::Bson(Bson::String(db.name.clone()))),
            DbMethod::GetSiblingDB => Ok(Value::Db(DbRef {
                name: args::string(values, 0, name, span)?.to_owned(),
                ..db.clone()
            })),
            DbMethod::GetCollection => Ok(Value::Collection(
                db.clone(),
                args::string(values, 0, name, span)?.to_owned(),
            )),
            DbMethod::GetMongo => Ok(Value::Mongo(db.conn)),
            DbMethod::GetSession => Err(type_error(
                "db.getSession() is not available: start one with db.getMongo().startSession()",
                span,
            )),
            DbMethod::Version => Ok(Value::Bson(Bson::String("8.0.0".into()))),
            DbMethod::Aggregate => {
                let pipeline = args::array(values, 0, name, span)?;
                Ok(self.new_cursor(
                    db,
                    CursorSource::Aggregate {
                        target: Bson::Int32(1),
                        pipeline,
                    },
                ))
            }
            DbMethod::Auth => {
                let (user, pwd) = match values.first() {
                    Some(Value::Bson(Bson::Document(d))) => (
                        d.get_str("user").unwrap_or("").to_owned(),
                        d.get_str("pwd").unwrap_or("").to_owned(),
                    ),
                    _ => (
                        args::string(values, 0, name, span)?.to_owned(),
                        args::string(values, 1, name, span)?.to_owned(),
                    ),
                };
                check_ok(self.run_command(
                    db.conn,
                    &db.name,
                    None,
                    doc! { "authenticate": 1, "user": user, "pwd": pwd },
                    span,
                )?)?;
                Ok(Value::Bson(Bson::Document(doc! { "ok": 1 })))
            }
            DbMethod::Logout => run(self, &db.name, doc! { "logout": 1 }),
            DbMethod::CreateUser => {
                let spec = args::document(values, 0, name, span)?;
                let mut cmd =
                    doc! { "createUser": spec.get("user").cloned().unwrap_or(Bson::Null) };
                for (k, v) in spec.iter().filter(|(k, _)| k.as_str() != "user") {
                    cmd.insert(k.clone(), v.clone());
                }
                run(self, &db.name, cmd)
            }
            DbMethod::CreateRole => {
                let spec = args::document(values, 0, name, span)?;
                let mut cmd =
                    doc! { "createRole": spec.get("role").cloned().unwrap_or(Bson::Null) };
                for (k, v) in spec.iter().filter(|(k, _)| k.as_str() != "role") {
                    cmd.insert(k.clone(), v.clone());
                }
                if !cmd.contains_key("privileges") {
                    cmd.insert("privileges", Bson::Array(Vec::new()));
                }
                if !cmd.contains_key("roles") {
                    cmd.insert("roles", Bson::Array(Vec::new()));
                }
                run(self, &db.name, cmd)
            }
            DbMethod::GrantRolesToUser | DbMethod::RevokeRolesFromUser => {
                let user = args::string(values, 0, name, span)?.to_owned();
                let roles = args::array(values, 1, name, span)?;
                run(self, &db.name, doc! { name: user, "roles": roles })
            }
            DbMethod::DropUser => run(
                self,
                &db.name,
                doc! { "dropUser": args::string(values, 0, name, span)?.to_owned() },
            ),
            DbMethod::GetUsers => run(self, &db.name, doc! { "usersInfo": 1 }),
            DbMethod::CurrentOp => {
                let mut cmd = doc! { "currentOp": 1 };
                match values.first() {
                    Some(Value::Bson(Bson::Boolean(true))) => {
                        cmd.insert("$all", true);
                    }
                    Some(Value::Bson(Bson::Document(filter))) => cmd.extend(filter.clone()),
                    _ => {}
                }
                run(self, "admin", cmd)
            }
            DbMethod::KillOp => {
                let op = values
                    .first()
                    .cloned()
                    .map(|v| Self::to_bson(v, span))
                    .transpose()?
                    .unwrap_or(Bson::Null);
                run(self, "admin", doc! { "killOp": 1, "op": op })
            }
            DbMethod::GetCollectionNames | DbMethod::GetCollectionInfos => {
                let reply = check_ok(self.run_command(
                    db.conn,
                    &db.name,
                    db.session,
                    doc! { "listCollections": 1 },
                    span,
                )?)?;
                let infos = reply
                    .get_document("cursor")
                    .and_then(|c| c.get_array("firstBatch"))
                    .cloned()
                    .unwrap_or_default();
                Ok(Value::Bson(Bson::Array(if name == "getCollectionInfos" {
                    infos
                } else {
                    infos
                        .iter()
                        .filter_map(|d| d.as_document().and_then(|d| d.get("name").cloned()))
                        .collect()
                })))
            }
            DbMethod::CreateCollection => {
                let coll = args::string(values, 0, name, span)?;
                let mut cmd = doc! { "create": coll };
                cmd.extend(args::document(values, 1, name, span)?);
                run(self, &db.name, cmd)
            }
            DbMethod::DropDatabase => run(self, &db.name, doc! { "dropDatabase": 1 }),
            DbMethod::Help => {
                self.printed
                    .extend(DbMethod::NAMES.iter().map(|m| format!("  db.{m}()")));
                Ok(Value::undefined())
            }
        }
    }

    #[allow(
        clippy::too_many_lines,
        reason = "one arm per mongosh collection method: the table reads best in one place"
    )]
    fn collection_method(
        &mut self,
        db: &DbRef,
        coll: &str,
        method: CollectionMethod,
        values: &[Value],
        span: &Span,
    ) -> Result<Value, Flow> {
        let name = method.name();
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
                let mut ids = Document::new();
                let docs: Vec<Bson> = docs
                    .into_iter()
                    .enumerate()
                    .map(|(i, mut d)| {
                        if !d.contains_key("_id") {
                            let mut with_id = doc! { "_id": self.deployment.new_object_id() };
                            with_id.extend(d);
                            d = with_id;
                        }
                        ids.insert(i.to_string(), d.get("_id").cloned().unwrap_or(Bson::Null));
                        Bson::Document(d)
                    })
                    .collect();
                let reply = check_ok(self.run_command(
                    db.conn,
                    &db.name,
                    db.session,
                    doc! { "insert": coll, "documents": docs },
                    span,
                )?)?;
                write_errors(&reply)?;
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
                let projection = values
                    .get(1)
                    .map(|_| args::document(values, 1, name, span))
                    .transpose()?;
                let cursor = self.new_cursor(
                    db,
                    CursorSource::Find {
                        coll: coll.to_owned(),
                        filter,
                        projection,
                    },
                );
                if name == "find" {
                    return Ok(cursor);
                }
                let Value::Cursor(index) = cursor else {
                    return Ok(Value::Bson(Bson::Null));
                };
                self.cursors[index].limit = Some(1);
                let first = self.cursor_next(index, span)?;
                Ok(Value::Bson(first.map_or(Bson::Null, Bson::Document)))
            }
            CollectionMethod::UpdateOne
            | CollectionMethod::UpdateMany
            | CollectionMethod::ReplaceOne => {
                let q = args::document(values, 0, name, span)?;
                let u = args::document(values, 1, name, span)?;
                super::collection_writes::check_update_form(&u, name == "replaceOne")?;
                let options = args::document(values, 2, name, span)?;
                let statement = doc! { "q": q, "u": u, "multi": name == "updateMany", "upsert": options.get_bool("upsert").unwrap_or(false) };
                let reply = check_ok(self.run_command(
                    db.conn,
                    &db.name,
                    db.session,
                    doc! { "update": coll, "updates": [statement] },
                    span,
                )?)?;
                write_errors(&reply)?;
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
                let reply = check_ok(self.run_command(
                    db.conn,
                    &db.name,
                    db.session,
                    doc! { "delete": coll, "deletes": [statement] },
                    span,
                )?)?;
                Ok(acknowledged(
                    doc! { "deletedCount": reply.get_i32("n").unwrap_or(0) },
                ))
            }
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
                let reply = check_ok(self.run_command(
                    db.conn,
                    &db.name,
                    db.session,
                    doc! { "count": coll },
                    span,
                )?)?;
                Ok(Value::Bson(
                    reply.get("n").cloned().unwrap_or(Bson::Int32(0)),
                ))
            }
            CollectionMethod::Distinct => {
                let key = args::string(values, 0, name, span)?;
                let query = args::document(values, 1, name, span)?;
                let reply = check_ok(self.run_command(
                    db.conn,
                    &db.name,
                    db.session,
                    doc! { "distinct": coll, "key": key, "query": query },
                    span,
                )?)?;
                Ok(Value::Bson(
                    reply
                        .get("values")
                        .cloned()
                        .unwrap_or(Bson::Array(Vec::new())),
                ))
            }
            CollectionMethod::Drop => {
                check_ok(self.run_command(
                    db.conn,
                    &db.name,
                    db.session,
                    doc! { "drop": coll },
                    span,
                )?)?;
                Ok(Value::Bson(Bson::Boolean(true)))
            }
            CollectionMethod::CountDocuments => {
                let filter = args::document(values, 0, name, span)?;
                let cursor = self.new_cursor(
                    db,
                    CursorSource::Aggregate {
                        target: Bson::String(coll.to_owned()),
                        pipeline: vec![
                            Bson::Document(doc! { "$match": filter }),
                            Bson::Document(doc! { "$count": "n" }),
                        ],
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
            CollectionMethod::Help => {
                self.printed.extend(
                    CollectionMethod::NAMES
                        .iter()
                        .map(|m| format!("  db.{coll}.{m}()")),
                );
                Ok(Value::undefined())
            }
        }
    }

    fn mongo_method(
        &mut self,
        conn: u32,
        method: MongoMethod,
        values: &[Value],
        span: &Span,
    ) -> Result<Value, Flow> {
        let name = method.name();
        match method {
            MongoMethod::GetDB => Ok(Value::Db(DbRef {
                conn,
                name: args::string(values, 0, name, span)?.to_owned(),
                session: None,
            })),
            MongoMethod::StartSession => {
                let id = self.deployment.new_session_uuid();
                self.sessions.push(ClientSession {
                    id,
                    conn,
                    txn_number: 0,
                    txn: ClientTxn::None,
                    ended: false,
                });
                Ok(Value::Session(self.sessions.len() - 1))
            }
            MongoMethod::GetDBNames => {
                let reply = check_ok(self.run_command(
                    conn,
                    "admin",
                    None,
                    doc! { "listDatabases": 1, "nameOnly": true },
                    span,
                )?)?;
                let names: Vec<Bson> = reply
                    .get_array("databases")
                    .map(|a| {
                        a.iter()
                            .filter_map(|d| d.as_document().and_then(|d| d.get("name").cloned()))
                            .collect()
                    })
                    .unwrap_or_default();
                Ok(Value::Bson(Bson::Array(names)))
            }
        }
    }

    fn session_method(
        &mut self,
        index: usize,
        method: SessionMethod,
        values: &[Value],
        span: &Span,
    ) -> Result<Value, Flow> {
        let name = method.name();
        let session = self.sessions[index].clone();
        let txn_command = |shell: &mut Shell, command: &str| -> Result<Document, Flow> {
            let cmd = doc! { command: 1, "lsid": { "id": session.id.to_bson() }, "txnNumber": Bson::Int64(session.txn_number), "autocommit": false };
            shell.send(session.conn, "admin", cmd, span)
        };
        match method {
            SessionMethod::GetDatabase => Ok(Value::Db(DbRef {
                conn: session.conn,
                name: args::string(values, 0, name, span)?.to_owned(),
                session: Some(index),
            })),
            SessionMethod::GetSessionId => Ok(Value::Bson(Bson::Document(
                doc! { "id": session.id.to_bson() },
            ))),
            SessionMethod::HasEnded => Ok(Value::Bson(Bson::Boolean(session.ended))),
            SessionMethod::StartTransaction => {
                if session.ended {
                    return Err(driver_error(
                        "MongoExpiredSessionError",
                        "Cannot use a session that has ended",
                    ));
                }
                if matches!(session.txn, ClientTxn::Starting | ClientTxn::InProgress) {
                    return Err(transaction_error("Transaction already in progress"));
                }
                let s = &mut self.sessions[index];
                s.txn_number += 1;
                s.txn = ClientTxn::Starting;
                Ok(Value::undefined())
            }
            SessionMethod::CommitTransaction => match session.txn {
                ClientTxn::None => Err(transaction_error("No transaction started")),
                ClientTxn::Aborted => Err(transaction_error(
                    "Cannot call commitTransaction after calling abortTransaction",
                )),
                ClientTxn::Starting => {
                    self.sessions[index].txn = ClientTxn::Committed;
                    Ok(Value::undefined())
                }
                ClientTxn::InProgress | ClientTxn::Committed => {
                    // The driver counts the transaction as committed even when the server
                    // refuses the commit, so a new one can start.
                    let reply = txn_command(self, "commitTransaction")?;
                    self.sessions[index].txn = ClientTxn::Committed;
                    check_ok(reply)?;
                    Ok(Value::undefined())
                }
            },
            SessionMethod::AbortTransaction => match session.txn {
                ClientTxn::None => Err(transaction_error("No transaction started")),
                ClientTxn::Committed => Err(transaction_error(
                    "Cannot call abortTransaction after calling commitTransaction",
                )),
                ClientTxn::Aborted => Err(transaction_error("Cannot call abortTransaction twice")),
                ClientTxn::Starting => {
                    self.sessions[index].txn = ClientTxn::Aborted;
                    Ok(Value::undefined())
                }
                ClientTxn::InProgress => {
                    // The driver ignores the server's answer to abortTransaction.
                    let _ = txn_command(self, "abortTransaction")?;
                    self.sessions[index].txn = ClientTxn::Aborted;
                    Ok(Value::undefined())
                }
            },
            SessionMethod::EndSession => {
                if session.txn == ClientTxn::InProgress {
                    let _ = txn_command(self, "abortTransaction")?;
                    self.sessions[index].txn = ClientTxn::Aborted;
                }
                self.sessions[index].ended = true;
                Ok(Value::undefined())
            }
        }
    }

    /// How a background operation ended (its reply), or that it is still running.
    pub(super) fn operation_result(&self, op: u32, conn: u32) -> Value {
        match self.deployment.finished_op(op) {
            Some(finished) => Value::Bson(Bson::Document(finished.reply())),
            None => Value::Bson(Bson::Document(self.operation_document(op, conn))),
        }
    }

    /// `show dbs`, `show collections`, `show users`.
    pub(super) fn show_command(&mut self, what: &str, span: &Span) -> Result<Value, Flow> {
        let conn = self.console;
        let db = self.current_db(conn).to_owned();
        match what {
            "dbs" | "databases" => {
                let reply = check_ok(self.run_command(
                    conn,
                    "admin",
                    None,
                    doc! { "listDatabases": 1 },
                    span,
                )?)?;
                for d in reply
                    .get_array("databases")
                    .map(Vec::as_slice)
                    .unwrap_or_default()
                {
                    if let Some(name) = d.as_document().and_then(|d| d.get_str("name").ok()) {
                        self.printed.push(format!("{name:<12}8.00 KiB"));
                    }
                }
                Ok(Value::undefined())
            }
            "collections" | "tables" => {
                let reply = check_ok(self.run_command(
                    conn,
                    &db,
                    None,
                    doc! { "listCollections": 1 },
                    span,
                )?)?;
                let batch = reply
                    .get_document("cursor")
                    .and_then(|c| c.get_array("firstBatch"))
                    .cloned()
                    .unwrap_or_default();
                for d in batch {
                    if let Some(name) = d.as_document().and_then(|d| d.get_str("name").ok()) {
                        self.printed.push(name.to_owned());
                    }
                }
                Ok(Value::undefined())
            }
            "users" => {
                let reply =
                    check_ok(self.run_command(conn, &db, None, doc! { "usersInfo": 1 }, span)?)?;
                Ok(Value::Bson(
                    reply
                        .get("users")
                        .cloned()
                        .unwrap_or(Bson::Array(Vec::new())),
                ))
            }
            other => Err(ShellError::new(
                ErrorKind::Shell,
                format!("'{other}' is not a valid argument for \"show\""),
                span.clone(),
            )
            .with_hint("try show dbs, show collections or show users")
            .into()),
        }
    }
}
