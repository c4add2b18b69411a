//! `Mongo` connections (`new Mongo()`, `db.getMongo()`) and their client sessions: `startSession`,
//! and the session methods, with transactions driven the Node driver's way.

use super::args;
use super::client::{check_ok, driver_error, ClientSession, ClientTxn, Flow};
use super::diagnostics::Span;
use super::method_names::{MongoMethod, SessionMethod};
use super::value::{DbRef, Value};
use super::Shell;
use bson::{doc, Bson, Document};

/// The driver's `MongoTransactionError` (a transaction method called in the wrong state).
fn transaction_error(message: &str) -> Flow {
    driver_error("MongoTransactionError", message)
}

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

    pub(super) fn session_method(
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
}
