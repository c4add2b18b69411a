//! `Mongo` connections (`new Mongo()`, `db.getMongo()`) and their client sessions: `startSession`,
//! and the session methods, with transactions driven the Node driver's way.

use super::args;
use super::client::{check_ok, driver_error, ClientSession, ClientTxn, Flow};
use super::diagnostics::Span;
use super::method_names::{MongoMethod, SessionMethod};
use super::record::Failure;
use super::value::{js_truthy, DbRef, Value};
use super::Shell;
use crate::engine::error::TRANSIENT_TRANSACTION_ERROR;
use bson::{doc, Bson, Document};

/// The driver's `MongoTransactionError` (a transaction method called in the wrong state).
fn transaction_error(message: &str) -> Flow {
    driver_error("MongoTransactionError", message)
}

/// An option that is neither `null` nor `undefined` (JavaScript's `??`).
fn present<'a>(options: &'a Document, key: &str) -> Option<&'a Bson> {
    crate::commands::idl::present(options.get(key))
}

/// The options among `keys` that `options` gives, `undefined` being none.
fn given(options: &Document, keys: &[&str]) -> Document {
    keys.iter()
        .filter_map(|key| {
            let value = options.get(key).filter(|v| **v != Bson::Undefined)?;
            Some(((*key).to_owned(), value.clone()))
        })
        .collect()
}

/// `session.getOptions()`: the options mongosh's `startSession` gave the driver (`mongo.ts`):
/// the transaction defaults it was given under `defaultTransactionOptions`, then
/// `causalConsistency`, `snapshot` and `defaultTimeoutMS`, each unless undefined.
fn driver_options(options: &Document) -> Document {
    let defaults = given(
        options,
        &[
            "readConcern",
            "writeConcern",
            "readPreference",
            "maxCommitTimeMS",
        ],
    );
    let mut driver = Document::new();
    if !defaults.is_empty() {
        driver.insert("defaultTransactionOptions", defaults);
    }
    driver.extend(given(
        options,
        &["causalConsistency", "snapshot", "defaultTimeoutMS"],
    ));
    driver
}

/// Whether `startSession`'s options ask for a snapshot session (the driver's
/// `options.snapshot === true`).
fn is_snapshot(options: &Document) -> bool {
    options.get("snapshot") == Some(&Bson::Boolean(true))
}

/// What the driver would do next, which Session Lab does not: nothing else runs while a
/// statement does, so a retry would fail the same way.
const NO_RETRY_HINT: &str = "the driver would retry this transaction for up to 120 seconds, but nothing else runs meanwhile here, so each retry would fail the same way: Session Lab shows the first failure";

impl Shell {
    pub(super) fn mongo_method(
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
                let transaction_defaults = args::document(values, 0, name, span)?;
                if is_snapshot(&transaction_defaults)
                    && transaction_defaults.get("causalConsistency") == Some(&Bson::Boolean(true))
                {
                    return Err(driver_error(
                        "MongoInvalidArgumentError",
                        "Properties \"causalConsistency\" and \"snapshot\" are mutually exclusive",
                    ));
                }
                let id = self.deployment.new_session_uuid();
                self.sessions.push(ClientSession {
                    id,
                    conn,
                    txn_number: 0,
                    txn: ClientTxn::None,
                    ended: false,
                    transaction_defaults,
                    read_concern: None,
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
            MongoMethod::Help => Ok(self.list_methods("db.getMongo().", MongoMethod::NAMES)),
        }
    }

    pub(super) fn session_method(
        &mut self,
        index: usize,
        method: SessionMethod,
        values: &[Value],
        span: &Span,
    ) -> Result<Value, Flow> {
        let name = method.name();
        let session = &self.sessions[index];
        let done = Value::undefined();
        match method {
            SessionMethod::GetDatabase => Ok(Value::Db(DbRef {
                conn: session.conn,
                name: args::string(values, 0, name, span)?.to_owned(),
                session: Some(index),
            })),
            SessionMethod::GetSessionId => Ok(Value::Bson(Bson::Document(session.id.lsid()))),
            SessionMethod::HasEnded => Ok(Value::Bson(Bson::Boolean(session.ended))),
            SessionMethod::GetOptions => Ok(Value::Bson(Bson::Document(driver_options(
                &session.transaction_defaults,
            )))),
            SessionMethod::StartTransaction => {
                let options = args::document(values, 0, name, span)?;
                self.start_transaction(index, &options).map(|()| done)
            }
            SessionMethod::CommitTransaction => self.commit_transaction(index, span).map(|()| done),
            SessionMethod::AbortTransaction => self.abort_transaction(index, span).map(|()| done),
            SessionMethod::WithTransaction => {
                let code = self.code_on_demand(format_args!("session.withTransaction()"), span)?;
                (code.with_transaction)(self, index, values, span)
            }
            SessionMethod::EndSession => {
                // The driver aborts a transaction still starting too (no command is sent then).
                if session.txn.is_active() {
                    self.abort_transaction(index, span)?;
                }
                self.sessions[index].ended = true;
                Ok(done)
            }
            SessionMethod::Help => Ok(self.list_methods("session.", SessionMethod::NAMES)),
        }
    }

    /// `session.startTransaction(options)`: the driver's state changes; the server hears of the
    /// transaction with its first command, which carries the read concern. An option absent
    /// from `options` is the session's (`startSession`'s); a write concern of `w: 0` is refused
    /// after the transaction number has moved on, as the driver refuses it. An ended session is
    /// not refused here (the driver does not look): its first command is.
    fn start_transaction(&mut self, index: usize, options: &Document) -> Result<(), Flow> {
        let session = &mut self.sessions[index];
        if is_snapshot(&session.transaction_defaults) {
            return Err(driver_error(
                "MongoCompatibilityError",
                "Transactions are not supported in snapshot sessions",
            ));
        }
        if session.txn.is_active() {
            return Err(transaction_error("Transaction already in progress"));
        }
        session.txn_number += 1;
        let option =
            |key| present(options, key).or_else(|| present(&session.transaction_defaults, key));
        let write_concern = option("writeConcern").and_then(Bson::as_document);
        if let Some(Bson::Int32(0) | Bson::Double(0.0)) = write_concern.and_then(|wc| wc.get("w")) {
            return Err(transaction_error(
                "Transactions do not support unacknowledged write concern",
            ));
        }
        // `ReadConcern.fromOptions`: a level named by a string or by a `level` field.
        let level = match option("readConcern") {
            Some(Bson::Document(read_concern)) => read_concern.get("level"),
            other => other,
        };
        session.read_concern = level.filter(|level| js_truthy(level)).cloned();
        session.txn = ClientTxn::Starting;
        Ok(())
    }

    /// `session.commitTransaction()`, the driver's checks first.
    fn commit_transaction(&mut self, index: usize, span: &Span) -> Result<(), Flow> {
        match self.sessions[index].txn {
            ClientTxn::None => Err(transaction_error("No transaction started")),
            ClientTxn::Aborted => Err(transaction_error(
                "Cannot call commitTransaction after calling abortTransaction",
            )),
            // Nothing was sent, so there is nothing to commit, now or again.
            ClientTxn::Starting | ClientTxn::CommittedEmpty => {
                self.sessions[index].txn = ClientTxn::CommittedEmpty;
                Ok(())
            }
            ClientTxn::InProgress | ClientTxn::Committed => {
                // The driver counts the transaction as committed even when the server refuses
                // the commit, so a new one can start.
                let reply = self.transaction_command(index, "commitTransaction", span)?;
                self.sessions[index].txn = ClientTxn::Committed;
                check_ok(reply).map(drop)
            }
        }
    }

    /// `session.abortTransaction()`, the driver's checks first; the server's answer is ignored,
    /// as the driver ignores it.
    fn abort_transaction(&mut self, index: usize, span: &Span) -> Result<(), Flow> {
        match self.sessions[index].txn {
            ClientTxn::None => return Err(transaction_error("No transaction started")),
            ClientTxn::Committed | ClientTxn::CommittedEmpty => {
                return Err(transaction_error(
                    "Cannot call abortTransaction after calling commitTransaction",
                ))
            }
            ClientTxn::Aborted => {
                return Err(transaction_error("Cannot call abortTransaction twice"))
            }
            ClientTxn::Starting => {}
            ClientTxn::InProgress => {
                self.transaction_command(index, "abortTransaction", span)?;
            }
        }
        self.sessions[index].txn = ClientTxn::Aborted;
        Ok(())
    }

    /// Sends `commitTransaction` or `abortTransaction` for the session's transaction.
    fn transaction_command(
        &mut self,
        index: usize,
        command: &str,
        span: &Span,
    ) -> Result<Document, Flow> {
        let session = &self.sessions[index];
        let cmd = doc! { command: 1, "lsid": session.id.lsid(), "txnNumber": Bson::Int64(session.txn_number), "autocommit": false };
        self.send(session.conn, "admin", cmd, span)
    }

    /// `session.withTransaction(fn, options)`, as the Node driver runs it: starts a transaction
    /// with `options`, calls
    /// `fn`, commits unless `fn` ended the transaction itself, and answers `fn`'s value; when
    /// `fn` throws, aborts the transaction and throws the error. Choice: no retry (see
    /// [`NO_RETRY_HINT`]).
    pub(super) fn with_transaction(
        &mut self,
        index: usize,
        values: &[Value],
        span: &Span,
    ) -> Result<Value, Flow> {
        let name = SessionMethod::WithTransaction.name();
        let callback = args::function(values, 0, name, span)?;
        let options = args::document(values, 1, name, span)?;
        self.start_transaction(index, &options)?;
        let outcome = self
            .call_callback(&callback, Vec::new(), name, span)
            .and_then(|value| {
                if self.sessions[index].txn.is_active() {
                    self.commit_transaction(index, span)?;
                }
                Ok(value)
            });
        if let Err(error) = &outcome {
            if self.sessions[index].txn.is_active() {
                // The driver aborts, and ignores how the abort went.
                let _ = self.abort_transaction(index, span);
            }
            if let Flow::Fail(Failure::Server { labels, .. }) = error {
                if labels
                    .iter()
                    .any(|label| label == TRANSIENT_TRANSACTION_ERROR)
                {
                    self.hints.push(NO_RETRY_HINT.to_owned());
                }
            }
        }
        outcome
    }
}
